"""torch.compiler: jtorch's compile layer (DESIGN.md idea 5).

Every top-level Module call records one node (its forward captured once per signature, see
`_module_call`), and `jtorch.compile` runs a whole function as one program. This namespace holds
the switches and the observability: `disable()`/`enable()` (or `JTORCH_COMPILE=0`) turn module
capture off, `compile_counts()` and the recompile log (`JTORCH_LOG_RECOMPILES=1` or
`set_log_recompiles(True)`) say what compiled and why, and `max_compiles(n)` asserts in tests.
"""
import functools

from ._state import state
from ._compiled_fn import compile, CompiledFunction

__all__ = ["disable", "enable", "is_compiling", "is_dynamo_compiling", "reset",
           "compile_counts", "compile_log", "replay_log", "set_log_recompiles", "max_compiles",
           "set_persistent_cache"]


def disable(fn=None, recursive=True, *, reason=None):
    """torch.compiler.disable. With a function: that function runs with module capture off
    (every Module call inside records op by op). Without one: turns module capture off for
    the whole process (a debugging switch; `enable()` turns it back on)."""
    if fn is None:
        state.enabled = False
        return _disabled_decorator

    return _disabled_decorator(fn)


def _disabled_decorator(fn):
    @functools.wraps(fn)
    def run_uncompiled(*args, **kwargs):
        saved, state.enabled = state.enabled, False
        try:
            return fn(*args, **kwargs)
        finally:
            state.enabled = saved
    return run_uncompiled


def enable():
    """Turn module capture back on (after `disable()`)."""
    state.enabled = True


def is_compiling():
    """True while jtorch captures a Module's forward or traces a compiled function."""
    return state.active is not None or state.compiling_fn is not None


is_dynamo_compiling = is_compiling


def reset():
    """Forget every captured module call and compiled program (torch.compiler.reset)."""
    from . import _module_call
    from .._runtime import executor
    _module_call._caches.clear()
    from . import _compiled_fn
    for f in list(_compiled_fn._instances):
        f._entries.clear()
    executor._programs.clear()
    executor._seen.clear()
    state.counts.clear()


def compile_counts():
    """{name: number of compilations}: captured module forwards ("Net.forward") and
    jtorch.compile'd functions."""
    return dict(state.counts)


def compile_log():
    """The recompile log: one line per compilation saying what compiled and why."""
    return list(state.log)


def replay_log():
    """Compiled functions: one line each time one starts replaying its program without its
    Python, or is found not to qualify (and why)."""
    return list(state.replay_log)


def set_log_recompiles(on=True):
    """Print each compilation and its reason to stderr as it happens."""
    state.log_recompiles = bool(on)


class max_compiles:
    """`with jtorch.compiler.max_compiles(n):` raises RuntimeError when more than n
    compilations (module captures and compiled functions, any name, or only `name`) happen
    inside the block."""

    def __init__(self, n, name=None):
        self.n, self.name = n, name
        self.seen = []

    def add(self, name, line):
        if self.name is None or name == self.name:
            self.seen.append(line)
            if len(self.seen) > self.n:
                raise RuntimeError(f"more than {self.n} compilations:\n  " +
                                   "\n  ".join(self.seen))

    def __enter__(self):
        state.limits.append(self)
        return self

    def __exit__(self, *exc):
        state.limits.remove(self)
        return False


def set_persistent_cache(path):
    """Keep compiled XLA programs in `path` across runs (JAX's persistent compilation cache),
    so a second run of the same script starts fast. Also on with JTORCH_CACHE_DIR=path."""
    import jax
    jax.config.update("jax_compilation_cache_dir", str(path))
    jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    jax.config.update("jax_persistent_cache_min_entry_size_bytes", 0)
