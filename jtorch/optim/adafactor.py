"""torch.optim.Adafactor: PyTorch's Adafactor (factored second moments for >= 2-D gradients,
relative step size min(lr, 1/sqrt(t)), update clipping by d, decoupled weight decay)."""
import jax.numpy as jnp
import numpy as np
import optax

from .._tensor import Tensor
from . import _transforms as T
from ._keyed import _KeyedFusedOptimizer, _KeyedRule, _scalar
from .optimizer import _to_scalar, _zeros

__all__ = ["Adafactor", "adafactor"]


def _norm(x):
    """torch.linalg.vector_norm(x) in x's dtype."""
    return jnp.sqrt(jnp.sum(x * x))


def adafactor(learning_rate=1e-2, beta2_decay=-0.8, eps1=1e-7, eps2=1e-3, d=1.0,
              weight_decay=0.0, *, maximize=False, factored=True, use_weight_decay=True,
              dtype="float32", scalar_dtype="float32"):
    """PyTorch's (single-tensor) Adafactor update as an optax GradientTransformation.

    The step's scalars (1 - beta2_t = t**beta2_decay, rho_t, alpha = max(eps2, RMS(param)) *
    rho_t, the clipping denominator) are PyTorch's Python doubles; the moments are lerped in
    the tensor dtype. factored: every parameter of the call is >= 2-D (row/col factors over
    the last two dims); otherwise a full `variance`.
    State: {'step', 'row_var', 'col_var'} or {'step', 'variance'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    f64 = jnp.float64
    lr, decay, eps1, eps2, d = (T.f64(learning_rate), T.f64(beta2_decay), T.f64(eps1),
                                T.f64(eps2), T.f64(d))

    def init_fn(params):
        out = []
        for p in params:
            if factored:
                out.append({"step": jnp.zeros((), scalar_dtype),
                            "row_var": jnp.zeros(p.shape[:-1] + (1,), p.dtype),
                            "col_var": jnp.zeros(p.shape[:-2] + (1, p.shape[-1]), p.dtype)})
            else:
                out.append({"step": jnp.zeros((), scalar_dtype), "variance": jnp.zeros_like(p)})
        return tuple(out)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        updates, new_state = [], []
        for p0, gi, st in zip(params, g, state):
            step = st["step"] + 1
            t = step.astype(f64)
            beta_t = t ** decay  # one_minus_beta2_t
            rho = jnp.minimum(lr, 1 / jnp.sqrt(t))
            numel = float(np.prod(p0.shape))
            alpha = jnp.maximum(eps2, _norm(p0).astype(f64) / np.sqrt(numel)) * rho
            p = p0 * C(1 - lr * T.f64(weight_decay)) if use_weight_decay else p0
            ns = {"step": step}
            if factored:
                n_col, n_row = gi.shape[-1], gi.shape[-2]
                row_mean = jnp.square(jnp.sqrt(jnp.sum(gi * gi, axis=-1, keepdims=True))) \
                    / C(n_col)
                row_var = T.lerp(st["row_var"], row_mean, C(beta_t))
                col_mean = jnp.square(jnp.sqrt(jnp.sum(gi * gi, axis=-2, keepdims=True))) \
                    / C(n_row)
                col_var = T.lerp(st["col_var"], col_mean, C(beta_t))
                var = row_var * col_var  # row_var @ col_var: an outer product
                row_avg = jnp.sum(row_var, axis=-2, keepdims=True) / C(n_row)
                var = var / jnp.maximum(row_avg, C(eps1))
                ns["row_var"], ns["col_var"] = row_var, col_var
            else:
                var = T.lerp(st["variance"], gi * gi, C(beta_t))
                ns["variance"] = var
            u = (1 / jnp.sqrt(jnp.maximum(var, C(eps1 * eps1)))) * gi
            denom = jnp.maximum(f64(1.0), _norm(u).astype(f64) / (np.sqrt(numel) * d))
            new_p = p + C(-alpha / denom) * u  # param.add_(update, alpha=-alpha / denom)
            updates.append(new_p - p0 if use_weight_decay else C(-alpha / denom) * u)
            new_state.append(ns)
        return tuple(updates), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _AdafactorRule(_KeyedRule):
    name = "adafactor_step"

    @staticmethod
    def hyperparams(group, pairs):
        eps1, eps2 = group["eps"]
        if eps1 is None:  # PyTorch: the machine epsilon of the group's first parameter
            eps1 = float(np.finfo(pairs[0][0]._nd.dtype.np).eps)
        return (float(_to_scalar(group["lr"])), float(group["beta2_decay"]), float(eps1),
                float(eps2), float(group["d"]), float(group["weight_decay"]))

    @staticmethod
    def flags(group, p, g):
        return (bool(group["maximize"]), bool(group["weight_decay"] != 0), len(g._nd.shape) > 1)

    @staticmethod
    def keys(flags):
        return ("step", "row_var", "col_var") if flags[2] else ("step", "variance")

    @staticmethod
    def init_param_state(group, state, p, g):
        state["step"] = _scalar(0.0, p)
        shape, dt = tuple(g._nd.shape), g._nd.dtype
        if len(shape) > 1:
            state["row_var"] = _zeros(shape[:-1] + (1,), dt, g)
            state["col_var"] = _zeros(shape[:-2] + (1, shape[-1]), dt, g)
        else:
            state["variance"] = _zeros(shape, dt, g)

    @staticmethod
    def transform(h, flags, dtype):
        maximize, wd, factored = flags
        return adafactor(h[0], h[1], h[2], h[3], h[4], h[5], maximize=maximize,
                         factored=factored, use_weight_decay=wd, dtype=dtype)


class Adafactor(_KeyedFusedOptimizer):
    """Adafactor (PyTorch's torch.optim.Adafactor; the single-tensor update)."""

    _rule = _AdafactorRule

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0,
                 weight_decay=0.0, *, foreach=None, maximize=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        if eps[0] is not None and not 0.0 <= eps[0]:
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= eps[1]:
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")
        defaults = {"lr": lr, "beta2_decay": beta2_decay, "eps": eps, "d": d,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize}
        super().__init__(params, defaults)

    def _check_params(self, group, pairs):
        for p, g in pairs:
            if p.is_complex():
                raise RuntimeError("Adafactor does not support complex parameters")
            if g.is_sparse:
                raise RuntimeError("Adafactor does not support sparse gradients")

    _flag_defaults = (("foreach", None),)
