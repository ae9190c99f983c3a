"""torch.optim.Adadelta: PyTorch's Adadelta (rho, eps, lr, weight decay)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["Adadelta", "adadelta"]


def adadelta(learning_rate=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, *, maximize=False,
             use_weight_decay=True, dtype="float32", scalar_dtype="float32"):
    """PyTorch's Adadelta update as an optax GradientTransformation (eps inside both square
    roots, the step scaled by lr). State: {'step', 'square_avg', 'acc_delta'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "square_avg", "acc_delta")

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        r, one_minus_r, e = C(rho), C(1 - T.f64(rho)), C(eps)
        new_params, new_state = [], []
        for p, gi, st in zip(params, g, state):
            sq = T.addcmul(st["square_avg"] * r, gi, gi, one_minus_r)
            std = jnp.sqrt(sq + e)
            d = jnp.sqrt(st["acc_delta"] + e) / std * gi
            acc = T.addcmul(st["acc_delta"] * r, d, d, one_minus_r)
            new_params.append(C(-T.f64(learning_rate)) * d)  # param.add_(delta, alpha=-lr)
            new_state.append({"step": st["step"] + 1, "square_avg": sq, "acc_delta": acc})
        return tuple(new_params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _AdadeltaRule(_Rule):
    name = "adadelta_step"

    @staticmethod
    def hyperparams(group):
        return (float(_to_scalar(group["lr"])), float(group["rho"]), float(group["eps"]),
                float(group["weight_decay"]))

    @staticmethod
    def flags(group):
        return (bool(group["maximize"]), bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "square_avg", "acc_delta")

    @staticmethod
    def transform(h, flags, dtype):
        return adadelta(h[0], h[1], h[2], h[3], maximize=flags[0], use_weight_decay=flags[1],
                        dtype=dtype)


class Adadelta(_FusedOptimizer):
    """Adadelta (PyTorch's torch.optim.Adadelta)."""

    _rule = _AdadeltaRule

    def __init__(self, params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *,
                 capturable=False, maximize=False, differentiable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= rho <= 1.0:
            raise ValueError(f"Invalid rho value: {rho}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "rho": rho, "eps": eps, "weight_decay": weight_decay,
                    "maximize": maximize, "capturable": capturable, "foreach": foreach,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
