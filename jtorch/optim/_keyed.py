"""The fused step for optimizers whose state depends on the group or on each parameter.

ASGD's `eta` and Rprop's `step_size` start from the group's lr, and Adafactor keeps
{'row_var', 'col_var'} for a >= 2-D gradient but {'variance'} for a vector, so the per-group
lazy init and uniform keys of `_FusedOptimizer` do not fit. `_KeyedFusedOptimizer` initialises
a parameter's state from its group (`rule.init_param_state`) and splits each group into runs
of parameters whose flags (hence state keys) agree; every run is one entry of the same
`_step_kernel` spec, so a step is still ONE recorded node with dynamic hyperparameters.
"""
import numpy as np

from .._tensor import Tensor
from .._runtime import graph
from .optimizer import _FusedOptimizer, _Rule, _record, _scalar_dtype, _zeros

__all__ = []


class _KeyedRule(_Rule):
    """A `_Rule` whose flags may depend on the parameter: `flags(group, p, g)`,
    `hyperparams(group, pairs)`, and `init_param_state(group, state, p, g)` (PyTorch's lazy
    init, which may read the group)."""

    @staticmethod
    def init_param_state(group, state, p, g):
        raise NotImplementedError


_CAPTURABLE_DEVICES = ['cuda', 'xpu', 'hpu', 'privateuseone', 'xla']


def _check_capturable(group, pairs, what):
    """PyTorch's capturable=True device check (raised inside step())."""
    if group.get("capturable") and any(p.device.type not in _CAPTURABLE_DEVICES
                                       for p, _ in pairs):
        raise AssertionError(f"If capturable=True, {what} must be on supported devices: "
                             f"{_CAPTURABLE_DEVICES}.")


def _scalar(value, like):
    """A 0-d state scalar in PyTorch's scalar dtype (float32 unless float64 is the default)."""
    return _zeros((), _scalar_dtype(), like, value)


class _KeyedFusedOptimizer(_FusedOptimizer):
    """`_FusedOptimizer` with group-aware state init and per-parameter state keys."""

    # state entries an old checkpoint may hold as Python numbers (tensors since PyTorch 1.12),
    # and the group flags it may lack, with their defaults
    _scalar_state = ("step",)
    _flag_defaults = (("foreach", None), ("maximize", False), ("differentiable", False),
                      ("capturable", False))

    def _check_params(self, group, pairs):
        """Per-step parameter checks (PyTorch raises them inside step())."""

    def __setstate__(self, state):
        """Unpickling an older optimizer: the flags it lacked get their defaults and its
        number-valued scalar state becomes tensors, as PyTorch's __setstate__ does."""
        super().__setstate__(state)
        for group in self.param_groups:
            for flag, default in self._flag_defaults:
                group.setdefault(flag, default)
            for p in group["params"]:
                p_state = self.state.get(p, [])
                if len(p_state) != 0:
                    for k in self._scalar_state:
                        if not isinstance(p_state[k], Tensor):
                            p_state[k] = _scalar(float(p_state[k]), p)

    def _fused_step(self):
        rule = self._rule
        rows, spec, ins, outs_to = [], [], [], []
        state = self.state
        for group in self.param_groups:
            pairs = [(p, p._grad) for p in group["params"] if p._grad is not None]
            if not pairs:
                continue
            self._check_group(group)
            self._check_params(group, pairs)
            h = rule.hyperparams(group, pairs)
            runs = {}
            for p, g in pairs:
                st = state[p]
                if len(st) == 0:
                    rule.init_param_state(group, st, p, g)
                runs.setdefault(rule.flags(group, p, g), []).append((p, g))
            for flags, run in runs.items():
                keys = rule.keys(flags)
                rows.append(h)
                for p, g in run:
                    ins.append(p._nd if p._base is None else p._node())
                    ins.append(g._nd if g._base is None else g._node())
                    outs_to.append(p)
                for p, _ in run:
                    st = state[p]
                    for k in keys:
                        t = st[k]  # a missing key raises KeyError, as PyTorch
                        if not isinstance(t, Tensor):  # an old checkpoint's float scalar
                            t = st[k] = _scalar(float(t), p)
                        ins.append(t._nd if t._base is None else t._node())
                        outs_to.append(t)
                spec.append((flags, len(run)))
        if not spec:
            return
        static = (("rule", rule), ("groups", tuple(spec)))
        outs = _record(np.array(rows, dtype=np.float64), np.zeros((0,), np.float64), ins,
                       static, rule.name)
        track = graph.track
        for t, node in zip(outs_to, outs):  # in place, as _FusedOptimizer
            if t._base is None:
                t._vc[0] += 1
                node.prev_id = id(t._nd)
                t._nd = node
                track(t)
            else:
                t._set_node(node)
