"""A jtorch.compile'd step replayed without running its Python (DESIGN.md idea 5).

A compiled train step such as

    def step(x, y):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        return loss

records the same graph on every call. Recording it costs 100-500 µs of Python; the program it
becomes may run in 20. So after one traced call the step replays: it gathers what the program
reads (parameters, gradients, optimizer state, buffers, the arguments, RNG offsets and host
draws, the learning rates in `param_groups`), runs the cached program, and writes back what
the traced call wrote (the same state tensors, fresh `.grad` tensors, a returned loss whose
graph backward freed) -- as torch.compile runs its captured graph behind guards instead of the
function's bytecode.

Replay is used only where skipping the Python cannot change what happens:
- the function is straight-line Python (no branches, loops, nested functions, default
  arguments, `with` blocks other than grad modes' (which must leave the mode as it was), or stores other than to its own locals)
  taking tensors and Python scalars;
- what it loads from its globals and closure is jtorch objects (modules, optimizers, tensors,
  jtorch functions and namespaces) or Python scalars;
- while traced, it calls only jtorch APIs without Python-side effects (no schedulers, seeding,
  `train()`, hooks, `set_*`/`register_*`), no builtins, and no Python code of the user's (a
  Module's own forward runs only when its call is first captured);
- the traced call ran as exactly one program, and every value that program read or wrote is
  accounted for: the state tensors, the arguments, fresh gradients, the returned tensors. Its
  Python numbers are RNG offsets, or constants: a step that reads no number past a guard (no
  `opt.param_groups[0]["lr"]`, no scheduler attribute, no dict lookup) keeps every number
  its program reads; otherwise only its own code's constants (see `_scalar_reads`).
Guards checked on each call: the arguments' shapes, dtypes, devices and requires_grad (scalars
by value), the identity (scalars: the value) of each global and closure variable loaded, the
modules' structure ids (training flags, attributes, hooks), grad mode and the runtime switches,
where each state tensor lives and its shape, dtype, requires_grad and whether it has a `.grad`,
the optimizers' groups, state and hyperparameter flags. A failed guard traces again; a function
that does not qualify runs its Python on every call, as before.

This file holds the guards and the replay (`Entry`); `_replay_trace` decides whether a function
qualifies and builds its Entry from a traced call.
"""
import sys

from .. import _dtype, random as _random
from .._runtime import graph, executor
from ._state import state

_U64 = 1 << 64
_I63 = 1 << 63
_MISS = object()   # a guard failed: trace again
_BUSY = object()   # state is shared this call (a donated array held elsewhere): run the Python
_getrefcount = sys.getrefcount
_SCALARS = (bool, int, float, str, type(None))


class _Lazy:
    """Modules imported at the first trace (jtorch.compiler loads before them)."""

    def load(self):
        from .._tensor import Tensor
        from .._ops import random_ops
        from ..autograd import grad_mode, anomaly_mode
        from ..nn.modules import module
        from ..optim import optimizer
        self.Tensor, self.random_ops, self.module, self.optimizer = \
            Tensor, random_ops, module, optimizer
        self.grad_state, self.anomaly_state = grad_mode.state, anomaly_mode.state


_lazy = _Lazy()


def _module_gids(modules):
    """The structure ids (training flags, attributes, hooks, tensor places) of `modules`, as
    their captured calls key them: a train()/eval() toggle bumps the global structure epoch, and
    a step traced in each mode replays in each."""
    from . import _module_call
    caches = _module_call._caches
    out = []
    for m in modules:
        cache = caches.get(m)
        if cache is None:
            cache = caches[m] = _module_call._Cache()
        if cache.epoch != state.epoch:
            cache.refresh(m)
        out.append(cache.gid)
    return out


def _module_hooks():
    """Whether a global module or optimizer hook is registered (a replay would skip it)."""
    m, o = _lazy.module, _lazy.optimizer
    return bool(m._global_forward_pre_hooks or m._global_forward_hooks or
                m._global_forward_hooks_always_called or m._global_backward_pre_hooks or
                m._global_backward_hooks or o._global_optimizer_pre_hooks or
                o._global_optimizer_post_hooks)


def _guards_hold(guards):
    for holder, name, v, by_value in guards:
        if name is None:
            now = holder.cell_contents
        else:
            now = holder.get(name, _MISS)
        if by_value:
            if type(now) is not type(v) or now != v:
                return False
        elif now is not v:
            return False
    return True


def arg_key(args):
    """The replay key of a call's arguments, or None (an argument that cannot be guarded)."""
    if not hasattr(_lazy, "Tensor"):
        _lazy.load()
    Tensor = _lazy.Tensor
    key = []
    for a in args:
        ta = type(a)
        if ta is Tensor or isinstance(a, Tensor):
            if a._base is not None:
                return None
            n = a._nd
            key.append((n.shape, n.dtype, n.device, a._rg))
        elif ta in _SCALARS:
            key.append((ta, a))
        else:
            return None
    return (tuple(key), grad_mode_key())


def grad_mode_key():
    gs = _lazy.grad_state
    return (gs.enabled, gs.inference, _dtype.get_default_dtype(), _lazy.anomaly_state.enabled,
            state.enabled,
            graph.config["dropout_stream"], graph.config["eager"])


def _generators():
    return [_random.default_generator] + list(_random._cuda_generators.values())


def _signed(o):
    return o - _U64 if o >= _I63 else o


# ---- replay ----------------------------------------------------------------------------------
class Entry:
    """A traced step's program and where its inputs come from and its outputs go."""

    def replay(self, args):
        """Run the step's program on the current state; _MISS when a guard fails, _BUSY when
        a state array is shared this call."""
        if state.epoch != self.epoch:   # (registering a global hook bumps the epoch too)
            if _module_gids(self.modules) != self.module_gids or _module_hooks():
                return _MISS
            self.epoch = state.epoch
        if not _guards_hold(self.guards):
            return _MISS
        for holder, n in self.layout:
            if len(holder) != n:
                return _MISS
        for d, k, t in self.boxes:
            if d[k] is not t:
                return _MISS
        # each state tensor: requires_grad as traced, no tensor hook since, .grad None or not
        for t, rg, no_grad in self.tensor_guards:
            if t._rg is not rg or (t._grad is None) is not no_grad:
                return _MISS
            if rg:
                acc = t.__dict__.get("_accumulate")
                if acc is not None and acc.hooks:
                    return _MISS
        if graph.pending_tensors or executor.deferred_checks:
            executor.sync()   # work recorded before the call runs first, as its own program
        else:
            executor.retired.clear()   # (the last program's inputs, kept until a sync point)
        arrays = self.template[:]   # constants in place; state, arguments and draws below
        for j, t, shape, dtype in self.state_slots:
            n = t._nd
            v = n.value
            if v is None or n.shape != shape or n.dtype is not dtype or t._base is not None:
                return _MISS
            arrays[j] = v
        for j, t, shape, dtype in self.grad_slots:
            g = t._grad
            if g is None or g._base is not None:
                return _MISS
            n = g._nd
            v = n.value
            if v is None or n.shape != shape or n.dtype is not dtype:
                return _MISS
            arrays[j] = v
        for j, i, shape, dtype in self.arg_slots:
            n = args[i]._nd
            v = n.value
            if v is None or n.shape != shape or n.dtype is not dtype:
                return _MISS
            arrays[j] = v
        gens = None
        if self.key_slots:
            gens = _generators()
            for j, gi in self.key_slots:
                arrays[j] = gens[gi].key().value
        n = t = g = v = None   # (a loop variable would count as one more holder below)
        # optimizers: the same groups and state, the current hyperparameters
        hyper = []
        for i, (o, spec) in enumerate(zip(self.opts, self.opt_specs)):
            if spec is None:
                hyper.append(None)
                continue
            if o._optimizer_step_pre_hooks or o._optimizer_step_post_hooks:
                return _MISS
            # the groups' values, by identity: unchanged values give the same rows (a
            # tensor-valued hyperparameter may change in place: always re-read)
            ident = [id(v) for g in o.param_groups for v in g.values()]
            last = self.hyper_cache[i]
            if last is not None and last[3] == ident and not last[4]:
                hyper.append(last[2])
                continue
            rows, pflags, now = o._hyper_rows(spec[0])
            if now != spec[1]:
                return _MISS
            if last is None or last[0] != rows or last[1] != pflags:
                import numpy as np
                from .._device import put
                arrays_now = (put(np.array(rows, np.float64), self.device),
                              put(np.array(pflags, np.float64), self.device))
                last = (rows, pflags, arrays_now)
            tensor_valued = any(isinstance(v, _lazy.Tensor) for g in o.param_groups
                                for v in g.values())
            last = self.hyper_cache[i] = (last[0], last[1], last[2], ident, tensor_valued)
            hyper.append(last[2])
        for j, oi, which in self.hyper_slots:
            arrays[j] = hyper[oi][which]
        # donated inputs must be held by their tensor alone (else the replay would clobber them):
        # the array by its node and `arrays`, the node by its tensor (and `n` here)
        for j, t, is_grad in self.donated_slots:
            n = t._grad._nd if is_grad else t._nd
            if _getrefcount(arrays[j]) != 3 or _getrefcount(n) != 3:
                return _BUSY
        n = t = None
        if self.uses_generators:
            if gens is None:
                gens = _generators()
            if len(gens) != len(self.draws):
                return _MISS
        # past every guard: checks on arguments and state raise now, as PyTorch's at the call
        late = self._prechecks(args) if self.prechecks else ()
        # draw, run, write back
        if self.host_draws is not None:
            drawn = self.host_draws.draw()
            for j, k in self.host_slots:
                arrays[j] = drawn[k].value
        packed = self._scalars(gens) if self.has_scalars else ()
        if self.uses_generators:
            for g, d in zip(gens, self.draws):
                if d:
                    g._offset = (g._offset + d) % _U64
        results = self.prog(*arrays, *packed)
        executor.retired.append(arrays)
        if self.host_draws is not None and graph.config["prefetch_draws"]:
            self.host_draws.prefetch()
        stats = graph.stats
        stats["fused_runs"] += 1
        stats["syncs"] += 1
        stats["replays"] += 1
        return self._write_back(results, args, late)

    def _prechecks(self, args):
        """Run the checks that read only arguments and state on their CPU arrays, now; return
        those that cannot run now (a GPU, a pending input), whose in-program results the
        write-back reads."""
        late = []
        for pre in self.prechecks:
            kernel, at, error, passed, c, js = pre
            arrays = executor.cpu_arrays(
                [(self.tensors[i] if kind == "u" else args[i])._nd for kind, i in at])
            if arrays is None:
                late.append((c, js))
            else:
                pre[3] = executor.check_now(kernel, arrays, passed, error)
        return late

    def _scalars(self, gens):
        import numpy as np
        packed = []
        for where_list, dt in ((self.floats, np.float64), (self.ints, np.int64),
                               (self.bools, np.bool_)):
            if not where_list:
                continue
            vals = []
            for w in where_list:
                if w[0] == "c":
                    vals.append(w[1])
                else:
                    vals.append(_signed((gens[w[1]]._offset + w[2]) % _U64))
            packed.append(executor.scalar_array(vals, dt, self.device))
        return packed

    def _write_back(self, results, args, late):
        Node = graph.Node
        dev = self.device
        for t, j, dvc, shape, dtype in self.write_slots:
            t._nd = Node(None, (), shape, dtype, dev, results[j])
            if dvc:
                t._vc[0] += dvc
        for t in self.grad_none:
            t._grad = None
        if self.grad_new:
            from_node = _lazy.Tensor._from_node
            for t, j, shape, dtype in self.grad_new:
                t._grad = from_node(Node(None, (), shape, dtype, dev, results[j]))
        for t, j, dvc, shape, dtype in self.grad_inplace:
            g = t._grad
            g._nd = Node(None, (), shape, dtype, dev, results[j])
            g._vc[0] += dvc
        for o in self.opt_called:
            o._opt_called = True
        for c, js in (self.checks + late) if late else self.checks:
            for n, j in zip(c.nodes(), js):
                n.value = results[j]
            executor.settle(c, True)
        meta = self.out_meta

        def leaf(j):
            shape, dtype = meta[j]
            return Node(None, (), shape, dtype, dev, results[j])
        return self._result(self.result, results, leaf, args)

    def _result(self, spec, results, leaf, args):
        kind = spec[0]
        if kind == "new":
            _, j, rg, fn, nr = spec
            n = leaf(j)
            if fn is not None:
                n.grad_fn = fn
                n.output_nr = nr
            t = _lazy.Tensor._from_node(n)
            if rg:
                t._rg = True
            return t
        if kind == "u":
            return self.tensors[spec[1]]
        if kind == "a":
            return args[spec[1]]
        if kind == "py":
            return spec[1]
        return kind([self._result(s, results, leaf, args) for s in spec[1]])
