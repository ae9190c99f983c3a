"""torch.optim.NAdam: PyTorch's NAdam (momentum decay schedule mu_t, mu_product state)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["NAdam", "nadam"]


def nadam(learning_rate=2e-3, b1=0.9, b2=0.999, eps=1e-8, weight_decay=0.0,
          momentum_decay=4e-3, *, decoupled_weight_decay=False, maximize=False,
          use_weight_decay=True, dtype="float32", scalar_dtype="float32"):
    """PyTorch's NAdam update as an optax GradientTransformation: mu_t = b1 * (1 - 0.5 *
    0.96 ** (t * momentum_decay)), the running product of mu_t kept as a float32 tensor, and
    two successive addcdiv_ updates. State: {'step', 'mu_product', 'exp_avg', 'exp_avg_sq'}."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "mu_product", "exp_avg", "exp_avg_sq")
    lr, beta1, beta2, md = T.f64(learning_rate), T.f64(b1), T.f64(b2), T.f64(momentum_decay)

    def init_fn(params):
        return T.zeros_state(params, keys, scalar_dtype, ones=("mu_product",))

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        if use_weight_decay and not decoupled_weight_decay:
            g = T.l2(True, g, params, weight_decay, dtype)
        new_params, new_state = [], []
        for p, gi, st in zip(params, g, state):
            step = st["step"] + 1
            t = step.astype(jnp.float64)
            bc2 = 1 - beta2 ** t
            if use_weight_decay and decoupled_weight_decay:
                p = p * C(1 - lr * T.f64(weight_decay))
            mu = beta1 * (1.0 - 0.5 * (0.96 ** (t * md)))
            mu_next = beta1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * md)))
            mp = st["mu_product"] * mu.astype(st["mu_product"].dtype)
            m = T.lerp(st["exp_avg"], gi, C(1 - beta1))
            v = T.addcmul(st["exp_avg_sq"] * C(beta2), gi, gi, C(1 - beta2))
            denom = jnp.sqrt(v / C(bc2)) + C(eps)
            mp64 = mp.astype(jnp.float64)
            mp_next = mp64 * mu_next
            p = T.addcdiv(p, gi, denom, C(-lr * (1.0 - mu) / (1.0 - mp64)))
            p = T.addcdiv(p, m, denom, C((-lr * mu_next) / (1.0 - mp_next)))
            new_params.append(p)
            new_state.append({"step": step, "mu_product": mp, "exp_avg": m, "exp_avg_sq": v})
        return T.delta(new_params, params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _NAdamRule(_Rule):
    name = "nadam_step"
    ones = ("mu_product",)

    @staticmethod
    def hyperparams(group):
        b1, b2 = group["betas"]
        return (float(_to_scalar(group["lr"])), float(b1), float(b2), float(group["eps"]),
                float(group["weight_decay"]), float(group["momentum_decay"]))

    @staticmethod
    def flags(group):
        return (bool(group["decoupled_weight_decay"]), bool(group["maximize"]),
                bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "mu_product", "exp_avg", "exp_avg_sq")

    @staticmethod
    def transform(h, flags, dtype):
        return nadam(h[0], h[1], h[2], h[3], h[4], h[5], decoupled_weight_decay=flags[0],
                     maximize=flags[1], use_weight_decay=flags[2], dtype=dtype)


class NAdam(_FusedOptimizer):
    """NAdam (PyTorch's torch.optim.NAdam)."""

    _rule = _NAdamRule

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 momentum_decay=4e-3, decoupled_weight_decay=False, *, foreach=None,
                 maximize=False, capturable=False, differentiable=False):
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
        if not 0.0 <= momentum_decay:
            raise ValueError(f"Invalid momentum_decay value: {momentum_decay}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "weight_decay": weight_decay,
                    "momentum_decay": momentum_decay,
                    "decoupled_weight_decay": decoupled_weight_decay, "maximize": maximize,
                    "foreach": foreach, "capturable": capturable,
                    "differentiable": differentiable}
        super().__init__(params, defaults)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("maximize", False)
            group.setdefault("foreach", None)
            group.setdefault("capturable", False)
            group.setdefault("differentiable", False)
            group.setdefault("decoupled_weight_decay", False)
