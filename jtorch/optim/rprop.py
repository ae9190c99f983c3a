"""torch.optim.Rprop: PyTorch's resilient backpropagation (sign-based per-element steps)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from ._keyed import _KeyedFusedOptimizer, _KeyedRule, _check_capturable, _scalar
from .optimizer import _to_scalar, _zeros, _zeros_like

__all__ = ["Rprop", "rprop"]


def rprop(etaminus=0.5, etaplus=1.2, step_size_min=1e-6, step_size_max=50.0, *,
          maximize=False, dtype="float32", scalar_dtype="float32", learning_rate=1e-2):
    """PyTorch's Rprop update as an optax GradientTransformation.

    The sign of grad * prev becomes a factor (> 0: etaplus, then < 0: etaminus, then 0: 1, in
    PyTorch's order), step_size = clamp(step_size * factor, min, max), the gradient is zeroed
    where the factor is etaminus, and param -= sign(grad) * step_size. lr only seeds
    step_size. State: {'step', 'prev', 'step_size'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731

    def init_fn(params):
        return tuple({"step": jnp.zeros((), scalar_dtype), "prev": jnp.zeros_like(p),
                      "step_size": jnp.full_like(p, C(learning_rate))} for p in params)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        em, ep = C(etaminus), C(etaplus)
        updates, new_state = [], []
        for gi, st in zip(g, state):
            s = jnp.sign(gi * st["prev"])
            s = jnp.where(s > 0, ep, s)
            s = jnp.where(s < 0, em, s)
            s = jnp.where(s == 0, C(1), s)
            ss = jnp.minimum(jnp.maximum(st["step_size"] * s, C(step_size_min)),
                             C(step_size_max))  # clamp_(min, max): max wins when min > max
            gz = jnp.where(s == em, jnp.zeros_like(gi), gi)
            updates.append(C(-1) * jnp.sign(gz) * ss)  # param.addcmul_(sign, step, value=-1)
            new_state.append({"step": st["step"] + 1, "prev": gz, "step_size": ss})
        return tuple(updates), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _RpropRule(_KeyedRule):
    name = "rprop_step"

    @staticmethod
    def hyperparams(group, pairs):
        etaminus, etaplus = group["etas"]
        lo, hi = group["step_sizes"]
        return (float(etaminus), float(etaplus), float(lo), float(hi))

    @staticmethod
    def flags(group, p, g):
        return (bool(group["maximize"]),)

    @staticmethod
    def keys(flags):
        return ("step", "prev", "step_size")

    @staticmethod
    def init_param_state(group, state, p, g):
        state["step"] = _scalar(0, p)
        state["prev"] = _zeros_like(p)
        state["step_size"] = _zeros(g._nd.shape, g._nd.dtype, g,
                                    float(_to_scalar(group["lr"])))

    @staticmethod
    def transform(h, flags, dtype):
        return rprop(h[0], h[1], h[2], h[3], maximize=flags[0], dtype=dtype)


class Rprop(_KeyedFusedOptimizer):
    """The resilient backpropagation algorithm (PyTorch's torch.optim.Rprop)."""

    _rule = _RpropRule

    def __init__(self, params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *,
                 capturable=False, foreach=None, maximize=False, differentiable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "foreach": foreach,
                    "maximize": maximize, "differentiable": differentiable,
                    "capturable": capturable}
        super().__init__(params, defaults)

    def _check_params(self, group, pairs):
        _check_capturable(group, pairs, "params and state_steps")
