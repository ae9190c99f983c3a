"""torch.optim.Adam: PyTorch's Adam (L2 or decoupled weight decay, amsgrad, maximize)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["Adam", "adam"]


def adam(learning_rate, b1=0.9, b2=0.999, eps=1e-8, weight_decay=0.0, *, amsgrad=False,
         maximize=False, decoupled_weight_decay=False, use_weight_decay=True, dtype="float32",
         scalar_dtype="float32"):
    """PyTorch's Adam/AdamW update as an optax GradientTransformation.

    Differs from optax.adam where PyTorch does: a per-parameter float `step`, the first moment
    by lerp, bias corrections computed in double precision, eps added after dividing
    sqrt(v) by sqrt(1 - b2**t), amsgrad on v, and AdamW's decay p *= 1 - lr * wd applied
    before the update. State: one {'step', 'exp_avg', 'exp_avg_sq'[, 'max_exp_avg_sq']} per
    parameter, PyTorch's keys."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "exp_avg", "exp_avg_sq") + (("max_exp_avg_sq",) if amsgrad else ())
    lr, b1, b2 = T.f64(learning_rate), T.f64(b1), T.f64(b2)
    decoupled = use_weight_decay and decoupled_weight_decay

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        if use_weight_decay and not decoupled:
            g = T.l2(True, g, params, weight_decay, dtype)
        updates, new_state = [], []
        for p0, gi, st in zip(params, g, state):
            p = p0
            step = st["step"] + 1
            t = step.astype(jnp.float64)
            step_size = C(-(lr / (1 - b1 ** t)))  # bias corrections in double, as PyTorch
            bc2_sqrt = C(jnp.sqrt(1 - b2 ** t))
            if decoupled:
                p = p * C(1 - lr * T.f64(weight_decay))
            m = T.lerp(st["exp_avg"], gi, C(1 - b1))
            v = T.addcmul(st["exp_avg_sq"] * C(b2), gi, gi, C(1 - b2))
            ns = {"step": step, "exp_avg": m, "exp_avg_sq": v}
            if amsgrad:
                vmax = jnp.maximum(st["max_exp_avg_sq"], v)
                ns["max_exp_avg_sq"] = vmax
                denom = jnp.sqrt(vmax) / bc2_sqrt + C(eps)
            else:
                denom = jnp.sqrt(v) / bc2_sqrt + C(eps)
            # param.addcdiv_(exp_avg, denom, value=-step_size); with AdamW's decay first, the
            # update is the exact difference to the new value
            u = step_size * (m / denom)
            updates.append(T.addcdiv(p, m, denom, step_size) - p0 if decoupled else u)
            new_state.append(ns)
        return tuple(updates), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _AdamRule(_Rule):
    name = "adam_step"

    @staticmethod
    def hyperparams(group):
        b1, b2 = group["betas"]
        return (float(_to_scalar(group["lr"])), float(_to_scalar(b1)), float(_to_scalar(b2)),
                float(group["eps"]), float(_to_scalar(group["weight_decay"])))

    @staticmethod
    def flags(group):
        return (bool(group["amsgrad"]), bool(group["maximize"]),
                bool(group["weight_decay"] != 0), bool(group["decoupled_weight_decay"]))

    @staticmethod
    def keys(flags):
        return ("step", "exp_avg", "exp_avg_sq") + (("max_exp_avg_sq",) if flags[0] else ())

    @staticmethod
    def transform(h, flags, dtype):
        amsgrad, maximize, wd, decoupled = flags
        return adam(h[0], h[1], h[2], h[3], h[4], amsgrad=amsgrad, maximize=maximize,
                    decoupled_weight_decay=decoupled, use_weight_decay=wd, dtype=dtype)


class Adam(_FusedOptimizer):
    """Adam (PyTorch's torch.optim.Adam; decoupled_weight_decay=True is AdamW)."""

    _rule = _AdamRule

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        if isinstance(lr, Tensor):
            if foreach and not capturable:
                raise ValueError("lr as a Tensor is not supported for capturable=False and "
                                 "foreach=True")
            if lr.numel() != 1:
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
        if not ((isinstance(betas[0], float) and isinstance(betas[1], float))
                or (isinstance(betas[0], Tensor) and isinstance(betas[1], Tensor))):
            raise ValueError("betas must be either both floats or both Tensors")
        for i in (0, 1):
            if isinstance(betas[i], Tensor):
                if not capturable and foreach:
                    raise ValueError(f"betas[{i}] as a Tensor is not supported for "
                                     "capturable=False and foreach=True")
                if betas[i].numel() != 1:
                    raise ValueError(f"Tensor betas[{i}] must be 1-element")
        betas = tuple(map(_to_scalar, betas))
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
                    "capturable": capturable, "differentiable": differentiable, "fused": fused,
                    "decoupled_weight_decay": decoupled_weight_decay}
        super().__init__(params, defaults)
        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("amsgrad", False)
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", None)
            group.setdefault("decoupled_weight_decay", False)
