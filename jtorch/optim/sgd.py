"""torch.optim.SGD: PyTorch's SGD (momentum, dampening, nesterov, weight decay, maximize)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar, _zeros_like

__all__ = ["SGD", "sgd"]


def sgd(learning_rate, momentum=0.0, dampening=0.0, weight_decay=0.0, *, nesterov=False,
        maximize=False, use_weight_decay=True, use_momentum=True, dtype="float32"):
    """PyTorch's SGD update as an optax GradientTransformation.

    Built from optax.scale (maximize), optax.add_decayed_weights (weight decay) and
    optax.scale_by_learning_rate; the momentum buffer is hand-written because PyTorch's first
    step copies the gradient (no dampening) and later steps dampen it. State: one
    {'momentum_buffer', 'has_buffer'} per parameter; has_buffer is false until the first step
    (PyTorch has no buffer then), a dynamic flag so the first step compiles like the others."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731

    def init_fn(params):
        if not use_momentum:
            return tuple({} for _ in params)
        return tuple({"momentum_buffer": jnp.zeros_like(p), "has_buffer": jnp.zeros((), bool)}
                     for p in params)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        if use_momentum:
            m = C(momentum)
            keep = C(1 - T.f64(dampening))
            bufs = []
            for gi, st in zip(g, state):
                # first step: a copy of the gradient; then buf * momentum + (1 - dampening) * g
                bufs.append(jnp.where(st["has_buffer"] > 0, st["momentum_buffer"] * m + keep * gi,
                                      gi))
            if nesterov:
                g = tuple(gi + m * b for gi, b in zip(g, bufs))
            else:
                g = tuple(bufs)
            state = tuple({"momentum_buffer": b, "has_buffer": jnp.ones((), bool)} for b in bufs)
        updates = optax.scale_by_learning_rate(C(learning_rate)).update(g, T.EMPTY)[0]
        return updates, state

    return optax.GradientTransformation(init_fn, update_fn)


class _SGDRule(_Rule):
    name = "sgd_step"

    @staticmethod
    def hyperparams(group):
        return (float(_to_scalar(group["lr"])), float(group["momentum"]),
                float(group["dampening"]), float(_to_scalar(group["weight_decay"])))

    @staticmethod
    def flags(group):
        return (bool(group["nesterov"]), bool(group["maximize"]),
                bool(group["weight_decay"] != 0), bool(group["momentum"] != 0))

    @staticmethod
    def keys(flags):
        return ("momentum_buffer",) if flags[3] else ()

    per_param = ("has_buffer",)

    @staticmethod
    def param_flags(state):
        return (state.get("momentum_buffer") is not None,)

    @staticmethod
    def init_state(opt, state, p, keys):
        if keys and state.get("momentum_buffer") is None:
            state["momentum_buffer"] = _zeros_like(p)

    @staticmethod
    def transform(h, flags, dtype):
        nesterov, maximize, wd, mom = flags
        return sgd(h[0], h[1], h[2], h[3], nesterov=nesterov, maximize=maximize,
                   use_weight_decay=wd, use_momentum=mom, dtype=dtype)


class SGD(_FusedOptimizer):
    """Stochastic gradient descent, optionally with momentum (PyTorch's torch.optim.SGD)."""

    _rule = _SGDRule

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0,
                 nesterov=False, *, maximize=False, foreach=None, differentiable=False,
                 fused=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if lr < 0.0:
            raise ValueError(f"Invalid learning rate: {lr}")
        if momentum < 0.0:
            raise ValueError(f"Invalid momentum value: {momentum}")
        if weight_decay < 0.0:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "momentum": momentum, "dampening": dampening,
                    "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
                    "foreach": foreach, "differentiable": differentiable, "fused": fused}
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)
        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("nesterov", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("differentiable", False)
            group.setdefault("fused", False)
