"""torch.optim.RAdam: PyTorch's RAdam (variance rectification once rho_t > 5)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["RAdam", "radam"]


def radam(learning_rate=1e-3, b1=0.9, b2=0.999, eps=1e-8, weight_decay=0.0, *,
          decoupled_weight_decay=False, maximize=False, use_weight_decay=True,
          dtype="float32", scalar_dtype="float32"):
    """PyTorch's RAdam update as an optax GradientTransformation: rho_t and the rectification
    term in double precision; while rho_t <= 5 the step is the bias-corrected momentum alone.
    State: {'step', 'exp_avg', 'exp_avg_sq'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "exp_avg", "exp_avg_sq")
    lr, beta1, beta2 = T.f64(learning_rate), T.f64(b1), T.f64(b2)

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        if use_weight_decay and not decoupled_weight_decay:
            g = T.l2(True, g, params, weight_decay, dtype)
        new_params, new_state = [], []
        for p0, gi, st in zip(params, g, state):
            p = p0
            step = st["step"] + 1
            t = step.astype(jnp.float64)
            if use_weight_decay and decoupled_weight_decay:
                p = p * C(1 - lr * T.f64(weight_decay))
            m = T.lerp(st["exp_avg"], gi, C(1 - beta1))
            v = T.addcmul(st["exp_avg_sq"] * C(beta2), gi, gi, C(1 - beta2))
            bc1 = 1 - beta1 ** t
            bc2 = 1 - beta2 ** t
            corrected = m / C(bc1)
            rho_inf = 2 / (1 - beta2) - 1
            rho_t = rho_inf - 2 * t * (beta2 ** t) / bc2
            rect = jnp.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf
                            / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            adaptive = C(jnp.sqrt(bc2)) / (jnp.sqrt(v) + C(eps))
            rectified = corrected * C(lr) * adaptive * C(rect)
            plain = corrected * C(lr)
            u = C(-1.0) * jnp.where(rho_t > 5.0, rectified, plain)  # add_(x, alpha=-1.0)
            new_params.append(p + u - p0 if use_weight_decay and decoupled_weight_decay else u)
            new_state.append({"step": step, "exp_avg": m, "exp_avg_sq": v})
        return tuple(new_params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _RAdamRule(_Rule):
    name = "radam_step"

    @staticmethod
    def hyperparams(group):
        b1, b2 = group["betas"]
        return (float(_to_scalar(group["lr"])), float(b1), float(b2), float(group["eps"]),
                float(group["weight_decay"]))

    @staticmethod
    def flags(group):
        return (bool(group["decoupled_weight_decay"]), bool(group["maximize"]),
                bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "exp_avg", "exp_avg_sq")

    @staticmethod
    def transform(h, flags, dtype):
        return radam(h[0], h[1], h[2], h[3], h[4], decoupled_weight_decay=flags[0],
                     maximize=flags[1], use_weight_decay=flags[2], dtype=dtype)


class RAdam(_FusedOptimizer):
    """RAdam (PyTorch's torch.optim.RAdam)."""

    _rule = _RAdamRule

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 decoupled_weight_decay=False, *, foreach=None, maximize=False,
                 capturable=False, differentiable=False):
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
                    "maximize": maximize, "foreach": foreach, "capturable": capturable,
                    "decoupled_weight_decay": decoupled_weight_decay,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
            group.setdefault("capturable", False)
