"""torch.optim.ASGD: PyTorch's averaged SGD (eta decay, averaging after t0, weight decay)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from ._keyed import _KeyedFusedOptimizer, _KeyedRule, _check_capturable, _scalar
from .optimizer import _to_scalar, _zeros_like

__all__ = ["ASGD", "asgd"]


def asgd(learning_rate=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, *,
         maximize=False, use_weight_decay=True, dtype="float32", scalar_dtype="float32"):
    """PyTorch's (single-tensor) ASGD update as an optax GradientTransformation.

    param *= 1 - lambd * eta; param -= eta * grad; ax averages the parameters once mu != 1;
    then eta = lr / (1 + lambd * lr * step) ** alpha and mu = 1 / max(1, step - t0), computed
    in double precision and stored in the 0-d state tensors (float32), as PyTorch.
    State: {'step', 'eta', 'mu', 'ax'} per parameter."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731
    keys = ("step", "eta", "mu", "ax")
    lr, lambd, alpha, t0 = T.f64(learning_rate), T.f64(lambd), T.f64(alpha), T.f64(t0)

    def init_fn(params):
        out = T.zeros_state(params, keys, scalar_dtype, ones=("mu",))
        for st in out:
            st["eta"] = lr.astype(scalar_dtype)
        return out

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        new_params, new_state = [], []
        for p0, gi, st in zip(params, g, state):
            step = st["step"] + 1
            eta = st["eta"].astype(jnp.float64)  # eta.item(): PyTorch's Python double
            p = p0 * C(1 - lambd * eta)  # decay term
            p = p + C(-eta) * gi
            mu = st["mu"]
            ax = st["ax"]
            # mu == 1 copies the parameter; otherwise ax += (param - ax) * mu
            ax = jnp.where(mu != 1, ax + (p - ax) * mu.astype(p.dtype), p)
            s = step.astype(jnp.float64)
            new_eta = lr / ((1 + lambd * lr * s) ** alpha)
            new_mu = 1 / jnp.maximum(jnp.float64(1), s - t0)
            new_params.append(p)
            new_state.append({"step": step, "eta": new_eta.astype(st["eta"].dtype),
                              "mu": new_mu.astype(mu.dtype), "ax": ax})
        return T.delta(new_params, params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _ASGDRule(_KeyedRule):
    name = "asgd_step"

    @staticmethod
    def hyperparams(group, pairs):
        return (float(_to_scalar(group["lr"])), float(group["lambd"]), float(group["alpha"]),
                float(group["t0"]), float(_to_scalar(group["weight_decay"])))

    @staticmethod
    def flags(group, p, g):
        return (bool(group["maximize"]), bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "eta", "mu", "ax")

    @staticmethod
    def init_param_state(group, state, p, g):
        state["step"] = _scalar(0, p)
        state["eta"] = _scalar(float(_to_scalar(group["lr"])), p)
        state["mu"] = _scalar(1, p)
        state["ax"] = _zeros_like(p)

    @staticmethod
    def transform(h, flags, dtype):
        maximize, wd = flags
        return asgd(h[0], h[1], h[2], h[3], h[4], maximize=maximize, use_weight_decay=wd,
                    dtype=dtype)


class ASGD(_KeyedFusedOptimizer):
    """Averaged Stochastic Gradient Descent (PyTorch's torch.optim.ASGD; the single-tensor
    update PyTorch runs on CPU, for every foreach/capturable setting)."""

    _rule = _ASGDRule

    def __init__(self, params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
                 foreach=None, maximize=False, differentiable=False, capturable=False):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        defaults = {"lr": lr, "lambd": lambd, "alpha": alpha, "t0": t0,
                    "weight_decay": weight_decay, "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "capturable": capturable}
        super().__init__(params, defaults)

    def _check_params(self, group, pairs):
        _check_capturable(group, pairs, "params, mus, etas, and state_steps")

    _scalar_state = ("step", "eta", "mu")
