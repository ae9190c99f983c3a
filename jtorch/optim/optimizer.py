"""torch.optim.Optimizer: PyTorch's optimizer interface over optax transformations (DESIGN.md
idea 8).

`Optimizer` is PyTorch's base class (param groups, state keyed by parameter, state_dict /
load_state_dict, zero_grad, hooks); user subclasses written against PyTorch's API work on it.

The built-in optimizers derive from `_FusedOptimizer`: each names a `_Rule`, whose `transform`
builds an optax GradientTransformation reproducing PyTorch's update. `step()` records ONE node
(`_step_kernel`) over every parameter that has a gradient, its gradient, its optimizer state and
the hyperparameters of every group. The hyperparameters are a float64 array input of that node,
never compiled-in constants, so `param_groups[i]['lr'] = x` takes effect on the next step
without recompiling; only structural switches (amsgrad, nesterov, a zero/non-zero weight decay,
how many parameters each group updates) are static. State is initialised with concrete values
before the first update (PyTorch's lazy init), so the first step records the same program as
the later ones. The new values are written into the parameters and state tensors in place, and
`step()` ends the iteration with a sync, so the pending forward, loss, backward and update run
as one cached program.
"""
import functools
import warnings
from collections import OrderedDict, defaultdict
from copy import deepcopy
from itertools import chain

import numpy as np

from .._tensor import Tensor
from .._functions import typename
from .._ops import dispatch
from .._runtime import executor, graph
from ..compiler._state import bump as _bump
from ..autograd import grad_mode
from ..utils.hooks import RemovableHandle

__all__ = ["Optimizer", "required", "register_optimizer_step_pre_hook",
           "register_optimizer_step_post_hook"]


class _RequiredParameter:
    """Singleton class representing a required parameter for an Optimizer."""

    def __repr__(self):
        return "<required parameter>"


required = _RequiredParameter()

_global_optimizer_pre_hooks = OrderedDict()
_global_optimizer_post_hooks = OrderedDict()


def register_optimizer_step_pre_hook(hook):
    """Register a pre hook common to all optimizers: hook(optimizer, args, kwargs)."""
    handle = RemovableHandle(_global_optimizer_pre_hooks)
    _global_optimizer_pre_hooks[handle.id] = hook
    _bump()   # replayed compiled steps re-check their guards (compiler/_replay.py)
    return handle


def register_optimizer_step_post_hook(hook):
    """Register a post hook common to all optimizers: hook(optimizer, args, kwargs)."""
    handle = RemovableHandle(_global_optimizer_post_hooks)
    _global_optimizer_post_hooks[handle.id] = hook
    _bump()
    return handle


def _to_scalar(x):
    """A 1-element Tensor hyperparameter as a Python number (PyTorch's _to_scalar)."""
    if isinstance(x, Tensor):
        if x.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        return x.item()
    return x


def _hooked_step(func):
    """Wrap a class's step() so the global and per-optimizer step hooks run around it."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        self, *_ = args
        for pre_hook in chain(_global_optimizer_pre_hooks.values(),
                              self._optimizer_step_pre_hooks.values()):
            result = pre_hook(self, args, kwargs)
            if result is not None:
                if isinstance(result, tuple) and len(result) == 2:
                    args, kwargs = result
                else:
                    raise RuntimeError(f"{func} must return None or a tuple of (new_args, "
                                       f"new_kwargs), but got {result}.")
        out = func(*args, **kwargs)
        for post_hook in chain(self._optimizer_step_post_hooks.values(),
                               _global_optimizer_post_hooks.values()):
            post_hook(self, args, kwargs)
        return out

    wrapper.hooked = True
    return wrapper


class Optimizer:
    """Base class for all optimizers (PyTorch's interface: param_groups, state, state_dict)."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        self._optimizer_step_pre_hooks = OrderedDict()
        self._optimizer_step_post_hooks = OrderedDict()
        self._optimizer_state_dict_pre_hooks = OrderedDict()
        self._optimizer_state_dict_post_hooks = OrderedDict()
        self._optimizer_load_state_dict_pre_hooks = OrderedDict()
        self._optimizer_load_state_dict_post_hooks = OrderedDict()
        self._patch_step_function()

        if isinstance(params, Tensor):
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "Tensors or dicts, but got " + typename(params))

        self.state = defaultdict(dict)
        self.param_groups = []

        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for param_group in param_groups:
            self.add_param_group(param_group)

    def __getstate__(self):
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    def __setstate__(self, state):
        self.__dict__.update(state)
        for name in ("_optimizer_step_pre_hooks", "_optimizer_step_post_hooks",
                     "_optimizer_state_dict_pre_hooks", "_optimizer_state_dict_post_hooks",
                     "_optimizer_load_state_dict_pre_hooks",
                     "_optimizer_load_state_dict_post_hooks"):
            if name not in self.__dict__:
                setattr(self, name, OrderedDict())
        self._patch_step_function()
        self.defaults.setdefault("differentiable", False)

    def __repr__(self):
        format_string = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            format_string += "\n"
            format_string += f"Parameter Group {i}\n"
            for key in sorted(group.keys()):
                if key != "params":
                    format_string += f"    {key}: {group[key]}\n"
        format_string += ")"
        return format_string

    def _patch_step_function(self):
        self._zero_grad_profile_name = f"Optimizer.zero_grad#{self.__class__.__name__}.zero_grad"
        cls = self.__class__
        if not getattr(cls.step, "hooked", None):
            cls.step = _hooked_step(cls.step)

    # ---- hooks ----------------------------------------------------------------------------
    def register_step_pre_hook(self, hook):
        """hook(optimizer, args, kwargs) -> None or (args, kwargs), run before step()."""
        handle = RemovableHandle(self._optimizer_step_pre_hooks)
        self._optimizer_step_pre_hooks[handle.id] = hook
        return handle

    def register_step_post_hook(self, hook):
        """hook(optimizer, args, kwargs) -> None, run after step()."""
        handle = RemovableHandle(self._optimizer_step_post_hooks)
        self._optimizer_step_post_hooks[handle.id] = hook
        return handle

    def register_state_dict_pre_hook(self, hook, prepend=False):
        handle = RemovableHandle(self._optimizer_state_dict_pre_hooks)
        self._optimizer_state_dict_pre_hooks[handle.id] = hook
        if prepend:
            self._optimizer_state_dict_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_state_dict_post_hook(self, hook, prepend=False):
        handle = RemovableHandle(self._optimizer_state_dict_post_hooks)
        self._optimizer_state_dict_post_hooks[handle.id] = hook
        if prepend:
            self._optimizer_state_dict_post_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_load_state_dict_pre_hook(self, hook, prepend=False):
        handle = RemovableHandle(self._optimizer_load_state_dict_pre_hooks)
        self._optimizer_load_state_dict_pre_hooks[handle.id] = hook
        if prepend:
            self._optimizer_load_state_dict_pre_hooks.move_to_end(handle.id, last=False)
        return handle

    def register_load_state_dict_post_hook(self, hook, prepend=False):
        handle = RemovableHandle(self._optimizer_load_state_dict_post_hooks)
        self._optimizer_load_state_dict_post_hooks[handle.id] = hook
        if prepend:
            self._optimizer_load_state_dict_post_hooks.move_to_end(handle.id, last=False)
        return handle

    # ---- state_dict ------------------------------------------------------------------------
    def state_dict(self):
        """{'state': {index: per-parameter state}, 'param_groups': [{..., 'params': [index]}]}
        as PyTorch: parameters are numbered in group order; the state dicts are the live ones."""
        for pre_hook in self._optimizer_state_dict_pre_hooks.values():
            pre_hook(self)
        param_mappings = {}
        start_index = 0

        def pack_group(group):
            nonlocal start_index
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start_index):
                if id(p) not in param_mappings:
                    param_mappings[id(p)] = i
            packed["params"] = [param_mappings[id(p)] for p in group["params"]]
            start_index += len(packed["params"])
            return packed

        param_groups = [pack_group(g) for g in self.param_groups]
        packed_state = {(param_mappings[id(k)] if isinstance(k, Tensor) else k): v
                        for k, v in self.state.items()}
        state_dict = {"state": packed_state, "param_groups": param_groups}
        for post_hook in self._optimizer_state_dict_post_hooks.values():
            hook_result = post_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        return state_dict

    @staticmethod
    def _process_value_according_to_param_policy(param, value, param_id, param_groups,
                                                 key=None):
        fused = capturable = False
        for pg in param_groups:
            if param_id in pg["params"]:
                fused = pg.get("fused", False)
                capturable = pg.get("capturable", False)
                break
        if key == "step":
            if capturable or fused:
                from .. import float32
                return value.to(dtype=float32, device=param.device)
            return value
        if param.is_floating_point():
            return value.to(dtype=param.dtype, device=param.device)
        return value.to(device=param.device)

    def load_state_dict(self, state_dict):
        """Load a state_dict() (as PyTorch: groups matched by position, tensors cast to each
        parameter's dtype and device except 'step')."""
        state_dict = state_dict.copy()
        for pre_hook in self._optimizer_load_state_dict_pre_hooks.values():
            hook_result = pre_hook(self, state_dict)
            if hook_result is not None:
                state_dict = hook_result
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups)):
            raise ValueError("loaded state dict contains a parameter group that doesn't match "
                             "the size of optimizer's group")
        id_map = dict(zip(chain.from_iterable(g["params"] for g in saved_groups),
                          chain.from_iterable(g["params"] for g in groups)))

        def _cast(param, value, param_id=None, param_groups=None, key=None):
            if isinstance(value, Tensor):
                return Optimizer._process_value_according_to_param_policy(
                    param, value, param_id, param_groups, key)
            if isinstance(value, dict):
                return {k: _cast(param, v, param_id=param_id, param_groups=param_groups, key=k)
                        for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return type(value)(_cast(param, v, param_id=param_id, param_groups=param_groups)
                                   for v in value)
            return value

        state = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                param = id_map[k]
                state[param] = _cast(param, v, param_id=k,
                                     param_groups=state_dict["param_groups"])
            else:
                state[k] = v

        def update_group(group, new_group):
            new_group["params"] = group["params"]
            if "param_names" in group and "param_names" not in new_group:
                new_group["param_names"] = group["param_names"]
            return new_group

        param_groups = [update_group(g, ng) for g, ng in zip(groups, saved_groups)]
        self.__setstate__({"state": state, "param_groups": param_groups})
        for post_hook in self._optimizer_load_state_dict_post_hooks.values():
            post_hook(self)

    # ---- gradients and groups ------------------------------------------------------------
    def zero_grad(self, set_to_none=True):
        """Reset the gradients: to None (default) or, with set_to_none=False, to zeros in place."""
        for group in self.param_groups:
            for p in group["params"]:
                g = p.grad
                if g is not None:
                    if set_to_none:
                        p.grad = None
                    else:
                        if g.grad_fn is not None:
                            g.detach_()
                        else:
                            g.requires_grad_(False)
                        g.zero_()

    def step(self, closure=None):
        """Perform a single optimization step (subclasses implement it)."""
        raise NotImplementedError

    def add_param_group(self, param_group):
        """Add a param group (a dict with 'params' and optional per-group options)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            param_group["params"] = [params]
        elif isinstance(params, set):
            raise TypeError("optimizer parameters need to be organized in ordered collections, "
                            "but the ordering of tensors in sets will change between runs. "
                            "Please use a list instead.")
        else:
            param_group["params"] = list(params)

        tensors, names = [], []
        for param in param_group["params"]:
            if isinstance(param, tuple):
                names.append(param[0])
                tensors.append(param[1])
            else:
                tensors.append(param)
        param_group["params"] = tensors
        if names:
            if len(names) == len(tensors):
                param_group["param_names"] = names
            else:
                raise ValueError("all optimizer params should be with/without names. Some param "
                                 "names are missing")

        for param in param_group["params"]:
            if not isinstance(param, Tensor):
                raise TypeError("optimizer can only optimize Tensors, but one of the params is "
                                + typename(param))
            if not self.defaults.get("differentiable", None) and not (
                    param.is_leaf or param.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            param_group.setdefault(name, default)

        params = param_group["params"]
        if len(params) != len({id(p) for p in params}):
            warnings.warn("optimizer contains a parameter group with duplicate parameters; in "
                          "future, this will cause an error; see "
                          "github.com/pytorch/pytorch/issues/40967 for more information",
                          stacklevel=3)

        param_set = set()
        for group in self.param_groups:
            param_set.update(id(p) for p in group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                current = "with names" if "param_names" in param_group else "without names"
                raise ValueError("all optimizer param groups should be with/without names. "
                                 f"cannot add param group {current} to the optimizer")
        if not param_set.isdisjoint({id(p) for p in param_group["params"]}):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)


# ---- the fused step ---------------------------------------------------------------------


class _Rule:
    """How one optimizer family maps PyTorch's param groups and state onto its optax transform.

    Subclasses give: `hyperparams(group)` (a tuple of floats, the dynamic inputs), `flags(group)`
    (a hashable tuple of structural switches), `keys(flags)` (PyTorch's state keys, in order),
    and `transform(h, flags, dtype)` -> optax.GradientTransformation whose state is a tuple (one
    per parameter) of {state key: array}. `init_state` fills a parameter's missing state with
    concrete initial values (PyTorch's lazy init), so the first step records the same program
    as every later one."""

    name = "optimizer_step"
    per_param = ()  # names of per-parameter dynamic flags (optax state entries, not PyTorch's)

    ones = ()  # 0-d state entries that start at one (NAdam's mu_product)

    @classmethod
    def init_state(cls, opt, state, p, keys):
        """PyTorch's lazy state init: 0-d `step` (and the like) and zero tensors like p."""
        if len(state) == 0:
            for k in keys:
                if k == "step" or k in cls.ones:
                    state[k] = _zeros((), _scalar_dtype(), p, 1 if k in cls.ones else 0)
                else:
                    state[k] = _zeros_like(p)

    @staticmethod
    def param_flags(state):
        return ()


def _zeros_like(p):
    return _zeros(p._nd.shape, p._nd.dtype, p)


def _zeros(shape, dt, like, fill=0):
    """A concrete (already materialised) tensor on like's device: no pending node to compile."""
    import jax
    dev = like._nd.device
    return Tensor._from_array(jax.device_put(np.full(shape, fill, dt.np), dev), dev)


def _scalar_dtype():
    """PyTorch's _get_scalar_dtype: float64 when that is the default dtype, else float32."""
    from .. import _dtype
    return _dtype.float64 if _dtype.get_default_dtype() is _dtype.float64 else _dtype.float32


def _step_kernel(hp, pf, *arrays, rule, groups):
    """One optimizer step over all groups. Inputs and outputs, group by group: the params (and
    their grads), then each param's state values in PyTorch's key order.
    hp: (groups, hyperparameters) float64; pf: the per-parameter flags (rule.per_param)."""
    import optax
    out = []
    pos = 0
    pi = 0
    nflags = len(rule.per_param)
    for gi, (flags, n) in enumerate(groups):
        keys = rule.keys(flags)
        params = list(arrays[pos:pos + 2 * n:2])
        grads = list(arrays[pos + 1:pos + 2 * n:2])
        pos += 2 * n
        states = []
        for _ in range(n):
            st = dict(zip(keys, arrays[pos:pos + len(keys)]))
            if keys:  # per-parameter flags come with the state
                for j, name in enumerate(rule.per_param):
                    st[name] = pf[pi * nflags + j]
                pi += 1
            states.append(st)
            pos += len(keys)
        h = hp[gi]
        new_params = [None] * n
        new_states = [None] * n
        buckets = {}
        for i, p in enumerate(params):  # one transform per dtype (as PyTorch's foreach groups)
            buckets.setdefault(p.dtype, []).append(i)
        for dt, idx in buckets.items():
            tx = rule.transform(h, flags, dt)
            ps = tuple(params[i] for i in idx)
            updates, st = tx.update(tuple(grads[i] for i in idx),
                                    tuple(states[i] for i in idx), ps)
            ps = optax.apply_updates(ps, updates)
            for j, i in enumerate(idx):
                new_params[i] = ps[j].astype(params[i].dtype)
                new_states[i] = st[j]
        out.extend(new_params)
        for st, old in zip(new_states, states):
            out.extend(st[k].astype(old[k].dtype) for k in keys)
    return tuple(out)


class _FusedOptimizer(Optimizer):
    """An optimizer whose step() is one recorded optax update (see the module docstring)."""

    _rule = None

    def _check_group(self, group):
        if group.get("differentiable"):
            raise NotImplementedError("jtorch optimizers do not support differentiable=True "
                                      "(the update is one recorded optax step, not autograd ops)")

    def step(self, closure=None):
        """Perform a single optimization step; returns closure's loss when given one."""
        loss = None
        if closure is not None:
            with grad_mode.enable_grad():
                loss = closure()
        with grad_mode.no_grad():
            self._fused_step()
        executor.end_of_iteration()
        return loss

    def _fused_step(self):
        rule = self._rule
        rows, spec, ins, pflags, outs_to = [], [], [], [], []
        state = self.state
        init_state, param_flags = rule.init_state, rule.param_flags
        add_in, add_out = ins.append, outs_to.append
        for group in self.param_groups:
            pairs = [(p, p._grad) for p in group["params"] if p._grad is not None]
            if not pairs:
                continue
            self._check_group(group)
            flags = rule.flags(group)
            keys = rule.keys(flags)
            rows.append(rule.hyperparams(group))
            for p, g in pairs:
                add_in(p._nd if p._base is None else p._node())
                add_in(g._nd if g._base is None else g._node())
                add_out(p)
            for p, _ in pairs:
                if keys:
                    st = state[p]
                    pflags.extend(param_flags(st))
                    init_state(self, st, p, keys)
                    for k in keys:
                        t = st[k]  # a missing key raises KeyError, as PyTorch
                        if not isinstance(t, Tensor):  # an old checkpoint's float `step`
                            t = st[k] = _zeros((), _scalar_dtype(), p, float(t))
                        add_in(t._nd if t._base is None else t._node())
                        add_out(t)
            spec.append((flags, len(pairs)))
        if not spec:
            return
        static = (("rule", rule), ("groups", tuple(spec)))
        hp, pf = np.array(rows, dtype=np.float64), np.array(pflags, dtype=np.float64)
        if trace_hook is not None:  # a compiled step traced for replay: how to remake hp, pf
            trace_hook(self, hp, pf, tuple(spec))
        outs = _record(hp, pf, ins, static, rule.name, keep_arrays=trace_hook is not None)
        # in place: parameters and state tensors keep their identity across steps
        track = graph.track
        for t, node in zip(outs_to, outs):
            if t._base is None:  # Tensor._set_node's own path for a tensor that is no view
                t._vc[0] += 1
                node.prev_id = id(t._nd)
                t._nd = node
                track(t)
            else:
                t._set_node(node)

    def _hyper_rows(self, with_grad):
        """(hyperparameter rows, per-parameter flags, group spec) as `_fused_step` builds them
        now for the parameters whose ids are in `with_grad`, as Python lists: a compiled step
        that replays without running step() (compiler/_replay.py) reads the current learning
        rates here."""
        rule, state = self._rule, self.state
        rows, pflags, spec = [], [], []
        for group in self.param_groups:
            params = [p for p in group["params"] if id(p) in with_grad]
            if not params:
                continue
            flags = rule.flags(group)
            rows.append(rule.hyperparams(group))
            if rule.keys(flags):
                for p in params:
                    pflags.extend(rule.param_flags(state[p]))
            spec.append((flags, len(params)))
        return rows, pflags, tuple(spec)


# Called as (optimizer, hp, pf, spec) by each fused step while a compiled function is
# traced for replay (compiler/_replay.py); None otherwise.
trace_hook = None


def _take(t, i, of=None):
    return t[i]


def _projections(k, n):
    """Kernels taking outputs 0..n-1 of update kernel `k`.

    They are per update kernel, so a new optimizer structure counts as new kernels and the
    executor compiles its first step whole (then reuses that program) instead of compiling
    the update alone and the program again at the second step. Taking a tuple element needs no
    XLA program: their per-op function is the plain indexing (no jit per output index; a
    100-parameter Adam would otherwise compile 400 tiny programs when run op by op)."""
    ks = _proj_cache.get(k)
    if ks is None or len(ks) < n:
        ks = []
        for i in range(n):
            pk = graph.kernel(_take, (("i", i), ("of", k)), name=f"{k.name}[{i}]")
            try:
                pk._jit = functools.partial(_take, i=i)
            except AttributeError:  # a runtime without per-kernel jit slots: nothing to skip
                pass
            ks.append(pk)
        _proj_cache[k] = ks
    return ks


_proj_cache = {}


def _record(hp, pf, inputs, static, name, keep_arrays=False):
    """Record `_step_kernel` over `inputs` (Nodes) as one node; returns a pending Node per output.

    This is dispatch.record_multi without a Tensor per output: the outputs go straight into
    the parameters and state tensors (grad mode is off, so no autograd is attached). In eager
    mode the kernel runs at once and its outputs are handed to the output nodes directly.
    The hyperparameter arrays go to the program as arrays kept on the device by value (the same
    learning rates every step), unless `keep_arrays` (a compiled step traced for replay finds
    them by identity)."""
    k = graph.kernel(_step_kernel, static, name=name)
    dev = dispatch._device_of(inputs)
    if dev is None:
        from .._device import cpu_device
        dev = cpu_device()
    if not keep_arrays:
        hp, pf = executor.constant_array(hp, dev), executor.constant_array(pf, dev)
    ins = (hp, pf, *inputs)
    avals = graph.infer(k, ins)
    node = graph.Node(k, ins, None, None, dev)
    Node = graph.Node
    outs = [Node(pk, (node,), shape, dt, dev)
            for pk, (shape, dt) in zip(_projections(k, len(avals)), avals)]
    if graph.config["eager"]:
        executor.run_nodes([n for n in ins if type(n) is Node])
        values = k.run(*[x.value if type(x) is Node else x for x in ins])
        for o, v in zip(outs, values):
            o.value = v
    return outs
