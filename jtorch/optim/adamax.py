"""torch.optim.Adamax: PyTorch's Adamax (infinity-norm Adam)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["Adamax", "adamax"]


def adamax(learning_rate=2e-3, b1=0.9, b2=0.999, eps=1e-8, weight_decay=0.0, *,
           maximize=False, use_weight_decay=True, dtype="float32", scalar_dtype="float32"):
    """PyTorch's Adamax update as an optax GradientTransformation (exp_inf = max(b2 * exp_inf,
    |g| + eps); step size lr / (1 - b1**t) in double precision).
    State: {'step', 'exp_avg', 'exp_inf'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "exp_avg", "exp_inf")

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        beta1 = T.f64(b1)
        new_params, new_state = [], []
        for p, gi, st in zip(params, g, state):
            step = st["step"] + 1
            m = T.lerp(st["exp_avg"], gi, C(1 - beta1))
            u = jnp.maximum(st["exp_inf"] * C(b2), jnp.abs(gi) + C(eps))
            clr = T.f64(learning_rate) / (1 - beta1 ** step.astype(jnp.float64))
            new_params.append(C(-clr) * (m / u))  # param.addcdiv_(exp_avg, exp_inf, value=-clr)
            new_state.append({"step": step, "exp_avg": m, "exp_inf": u})
        return tuple(new_params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _AdamaxRule(_Rule):
    name = "adamax_step"

    @staticmethod
    def hyperparams(group):
        b1, b2 = group["betas"]
        return (float(_to_scalar(group["lr"])), float(b1), float(b2), float(group["eps"]),
                float(group["weight_decay"]))

    @staticmethod
    def flags(group):
        return (bool(group["maximize"]), bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "exp_avg", "exp_inf")

    @staticmethod
    def transform(h, flags, dtype):
        return adamax(h[0], h[1], h[2], h[3], h[4], maximize=flags[0],
                      use_weight_decay=flags[1], dtype=dtype)


class Adamax(_FusedOptimizer):
    """Adamax (PyTorch's torch.optim.Adamax)."""

    _rule = _AdamaxRule

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 foreach=None, *, maximize=False, differentiable=False, capturable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
