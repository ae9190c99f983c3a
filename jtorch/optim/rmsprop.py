"""torch.optim.RMSprop: PyTorch's RMSprop (alpha, eps, centered, momentum, weight decay)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["RMSprop", "rmsprop"]


def rmsprop(learning_rate, alpha=0.99, eps=1e-8, weight_decay=0.0, momentum=0.0, *,
            centered=False, maximize=False, use_weight_decay=True, use_momentum=False,
            dtype="float32", scalar_dtype="float32"):
    """PyTorch's RMSprop update as an optax GradientTransformation (eps added outside the
    square root; centered subtracts the lerp-averaged gradient's square; momentum buffers
    g / avg). State: {'step', 'square_avg'[, 'momentum_buffer'][, 'grad_avg']} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = _RMSpropRule.keys((centered, maximize, use_weight_decay, use_momentum))

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        a = C(alpha)
        one_minus_a = C(1 - T.f64(alpha))
        new_params, new_state = [], []
        for p, gi, st in zip(params, g, state):
            ns = {"step": st["step"] + 1}
            sq = T.addcmul(st["square_avg"] * a, gi, gi, one_minus_a)
            ns["square_avg"] = sq
            if centered:
                ga = T.lerp(st["grad_avg"], gi, one_minus_a)
                ns["grad_avg"] = ga
                avg = jnp.sqrt(T.addcmul(sq, ga, ga, C(-1.0)))
            else:
                avg = jnp.sqrt(sq)
            avg = avg + C(eps)
            if use_momentum:
                buf = T.addcdiv(st["momentum_buffer"] * C(momentum), gi, avg, C(1.0))
                ns["momentum_buffer"] = buf
                new_params.append(C(-T.f64(learning_rate)) * buf)  # add_(buf, alpha=-lr)
            else:
                new_params.append(C(-T.f64(learning_rate)) * (gi / avg))  # addcdiv_(g, avg)
            new_state.append({k: ns[k] for k in keys})
        return tuple(new_params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _RMSpropRule(_Rule):
    name = "rmsprop_step"

    @staticmethod
    def hyperparams(group):
        return (float(_to_scalar(group["lr"])), float(group["alpha"]), float(group["eps"]),
                float(group["weight_decay"]), float(group["momentum"]))

    @staticmethod
    def flags(group):
        return (bool(group["centered"]), bool(group["maximize"]),
                bool(group["weight_decay"] != 0), bool(group["momentum"] > 0))

    @staticmethod
    def keys(flags):
        return (("step", "square_avg") + (("momentum_buffer",) if flags[3] else ())
                + (("grad_avg",) if flags[0] else ()))

    @staticmethod
    def transform(h, flags, dtype):
        centered, maximize, wd, mom = flags
        return rmsprop(h[0], h[1], h[2], h[3], h[4], centered=centered, maximize=maximize,
                       use_weight_decay=wd, use_momentum=mom, dtype=dtype)


class RMSprop(_FusedOptimizer):
    """RMSprop (PyTorch's torch.optim.RMSprop)."""

    _rule = _RMSpropRule

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        if not 0.0 <= momentum:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= alpha:
            raise ValueError(f"Invalid alpha value: {alpha}")
        defaults = {"lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps,
                    "centered": centered, "weight_decay": weight_decay,
                    "capturable": capturable, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("momentum", 0)
            group.setdefault("centered", False)
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("capturable", False)
