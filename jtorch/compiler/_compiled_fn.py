"""jtorch.compile (and torch.compile spelled the PyTorch way): a whole function as one program.

`jtorch.compile(step)` returns a function that runs `step` with every sync point inside it
deferred to its end: `optimizer.step()` no longer ends the iteration, so the forward (Module
calls are one captured node each), the loss, `backward()`, the `.grad` accumulation and the
optimizer update run as one XLA program per call, compiled at its first call and cached by the
graph's structure. The state the step touches -- parameters, gradients, optimizer state,
buffers, the RNG key and offset -- is what the recorded graph reads and writes: it is passed
in and written back by the executor, and parameter, gradient and optimizer buffers that
nothing else holds are donated, so XLA updates them in place. Python numbers the step reads
(a learning rate from a scheduler or `param_groups`, a step counter) are program inputs, so a
changing schedule never recompiles.

The function's Python runs on every call (its side effects happen as written; recording a
captured step costs tens of microseconds). A value read inside it (`loss.item()`, printing a
tensor, `if loss > 0`) is a graph break: the step then runs as more than one program, with a
warning naming the line -- or, with `fullgraph=True`, a RuntimeError at that line.
`jtorch.compile(model)` returns an `OptimizedModule` wrapping the model, as PyTorch does.
"""
import functools
import warnings
import weakref

from .._runtime import graph, executor
from ._state import state, note_compile
from . import _replay, _replay_trace

_instances = weakref.WeakSet()   # every CompiledFunction (jtorch.compiler.reset clears them)
_TRACES = 3   # traced calls per argument signature before giving up on replay
_ENTRIES = 4  # replayable states kept per argument signature
_SIGNATURES = 256  # argument signatures remembered


def compile(model=None, *, fullgraph=False, dynamic=None, backend="inductor", mode=None,
            options=None, disable=False):
    """torch.compile: a Module comes back as an OptimizedModule, a function as a compiled
    function. `backend`, `mode`, `dynamic` and `options` are accepted and ignored (XLA is the
    only backend; shapes are specialised per signature, one program each)."""
    if model is None:
        return functools.partial(compile, fullgraph=fullgraph, dynamic=dynamic,
                                 backend=backend, mode=mode, options=options, disable=disable)
    if not callable(model):
        raise RuntimeError("compile: model must be a callable (a Module or a function), got "
                           f"{type(model).__name__}")
    if disable:
        return model
    from ..nn.modules.module import Module
    if isinstance(model, Module):
        from ..nn.modules.optimized import OptimizedModule
        return OptimizedModule(model, fullgraph)
    return CompiledFunction(model, fullgraph)


class _Scope:
    """A compiled function's call: notes the first sync point inside it."""

    def __init__(self, fn, fullgraph):
        self.fn, self.fullgraph = fn, fullgraph
        self.broke = False

    def brk(self, reason, site):
        self.broke = True
        if self.fullgraph:
            raise RuntimeError(f"jtorch.compile(fullgraph=True): {self.fn.name} has a graph "
                               f"break at {site}: {reason}")
        if site not in self.fn.warned:
            self.fn.warned.add(site)
            warnings.warn(f"jtorch.compile: {self.fn.name} runs as more than one program "
                          f"because {reason} at {site}", stacklevel=5)


class CompiledFunction:
    """What `jtorch.compile(fn)` returns: calls fn with its sync points deferred to its end."""

    def __init__(self, fn, fullgraph=False):
        functools.update_wrapper(self, fn)
        self._fn = fn
        self.fullgraph = fullgraph
        self.name = getattr(fn, "__qualname__", getattr(fn, "__name__", type(fn).__name__))
        self.warned = set()
        # replay without running fn's Python (see _replay): why not, or None if it may
        self.replay_why = _replay_trace.straight_line(fn)
        # argument key -> replay Entries (newest first), or the number of failed traces
        self._entries = {}
        _instances.add(self)

    def __call__(self, *args, **kwargs):
        key = tracer = None
        if self.replay_why is None and not kwargs and not graph.config["compiled_fn"]:
            key = _replay.arg_key(args)
            if key is not None:
                entries = self._entries.get(key)
                if entries is None and len(self._entries) >= _SIGNATURES:
                    self._entries.clear()   # many one-off signatures: forget the old ones
                if type(entries) is list:
                    for entry in entries:
                        out = entry.replay(args)
                        if out is _replay._BUSY:
                            break
                        if out is not _replay._MISS:
                            return out
                    else:   # every guard failed (state changed): trace this call
                        tracer = _replay_trace.Tracer(self._fn, args)
                elif entries is None or entries < _TRACES:
                    tracer = _replay_trace.Tracer(self._fn, args)
                if tracer is not None and tracer.why is not None:
                    self._failed(key, tracer.why)
                    tracer = None
        scope = _Scope(self, self.fullgraph)
        saved_break = graph.capture_break
        saved_active = state.compiling_fn
        graph.capture_break = scope.brk
        graph.config["compiled_fn"] += 1
        state.compiling_fn = self
        programs0 = graph.stats["programs"]
        try:
            if tracer is not None:
                tracer.begin()
            result = self._fn(*args, **kwargs)
            if tracer is not None:
                tracer.end_python()
            graph.capture_break = saved_break
            if graph.config["compiled_fn"] == 1:
                if tracer is not None:
                    tracer.before_sync()
                # the end of the call: the whole step runs as one program
                executor.sync(defer=True)
        finally:
            if tracer is not None:
                tracer.end()
            graph.config["compiled_fn"] -= 1
            graph.capture_break = saved_break
            state.compiling_fn = saved_active
        if tracer is not None:
            try:
                entry = tracer.build(result, scope.broke)
            finally:
                tracer.release()
            if entry is not None:
                entries = self._entries.get(key)
                if type(entries) is not list:
                    entries = self._entries[key] = []
                entries.insert(0, entry)
                del entries[_ENTRIES:]   # the most recent few states (gradients None or not)
                state.replay_log.append(f"jtorch.compiler: {self.name} replays without its "
                                        "Python from now on")
            else:
                self._failed(key, tracer.why)
        new = graph.stats["programs"] - programs0
        if new:
            for line in graph.compile_log[-new:]:
                note_compile(self.name, line)
        return result

    def _failed(self, key, why):
        """A traced call that cannot replay: try again up to _TRACES times (a first call
        creates optimizer state; a module is captured on its first call), then stop."""
        n = self._entries.get(key, 0)
        if type(n) is int:   # (a list: other states of this signature replay)
            self._entries[key] = n + 1
        self.last_replay_why = why
        line = f"jtorch.compiler: {self.name} runs its Python each call: {why}"
        if not state.replay_log or state.replay_log[-1] != line:
            state.replay_log.append(line)
            if len(state.replay_log) > 1000:
                del state.replay_log[:500]

    def __get__(self, obj, objtype=None):  # compiled methods bind like functions
        if obj is None:
            return self
        return functools.partial(self.__call__, obj)
