"""torch.optim.Adagrad: PyTorch's Adagrad (lr_decay, initial_accumulator_value, eps)."""
import jax.numpy as jnp
import optax

from .._tensor import Tensor
from . import _transforms as T
from .optimizer import _FusedOptimizer, _Rule, _to_scalar

__all__ = ["Adagrad", "adagrad"]


def adagrad(learning_rate, lr_decay=0.0, weight_decay=0.0, eps=1e-10,
            initial_accumulator_value=0.0, *, maximize=False, use_weight_decay=True,
            dtype="float32", scalar_dtype="float32"):
    """PyTorch's Adagrad update as an optax GradientTransformation: the step size
    lr / (1 + (step - 1) * lr_decay) in double precision, eps added outside the square root.
    State: {'step', 'sum'} per parameter ('sum' starts at initial_accumulator_value)."""
    C = lambda x: T.cast(x, dtype)  # noqa: E731

    def init_fn(params):
        return tuple({"step": jnp.zeros((), scalar_dtype),
                      "sum": jnp.full_like(p, C(initial_accumulator_value))} for p in params)

    def update_fn(grads, state, params):
        g = T.negate_if(maximize, grads, dtype)
        g = T.l2(use_weight_decay, g, params, weight_decay, dtype)
        new_params, new_state = [], []
        for p, gi, st in zip(params, g, state):
            step = st["step"] + 1
            clr = T.f64(learning_rate) / (1 + (step.astype(jnp.float64) - 1) * T.f64(lr_decay))
            s = T.addcmul(st["sum"], gi, gi, C(1.0))
            std = jnp.sqrt(s) + C(eps)
            new_params.append(C(-clr) * (gi / std))  # param.addcdiv_(grad, std, value=-clr)
            new_state.append({"step": step, "sum": s})
        return tuple(new_params), tuple(new_state)

    return optax.GradientTransformation(init_fn, update_fn)


class _AdagradRule(_Rule):
    name = "adagrad_step"

    @staticmethod
    def hyperparams(group):
        return (float(_to_scalar(group["lr"])), float(group["lr_decay"]),
                float(group["weight_decay"]), float(group["eps"]))

    @staticmethod
    def flags(group):
        return (bool(group["maximize"]), bool(group["weight_decay"] != 0))

    @staticmethod
    def keys(flags):
        return ("step", "sum")

    @staticmethod
    def init_state(opt, state, p, keys):
        if len(state) == 0:  # PyTorch initialises from the defaults, not the group
            _init_state(state, p, opt.defaults["initial_accumulator_value"])

    @staticmethod
    def transform(h, flags, dtype):
        maximize, wd = flags
        return adagrad(h[0], h[1], h[2], h[3], maximize=maximize, use_weight_decay=wd,
                       dtype=dtype)


def _init_state(state, p, initial_accumulator_value):
    from .optimizer import _zeros, _scalar_dtype
    state["step"] = _zeros((), _scalar_dtype(), p)
    state["sum"] = _zeros(p._nd.shape, p._nd.dtype, p, initial_accumulator_value)


class Adagrad(_FusedOptimizer):
    """Adagrad (PyTorch's torch.optim.Adagrad; its state exists from construction)."""

    _rule = _AdagradRule

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0,
                 initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False,
                 differentiable=False, fused=None):
        if isinstance(lr, Tensor) and lr.numel() != 1:
            raise ValueError("Tensor lr must be 1-element")
        if not 0.0 <= lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        if not 0.0 <= lr_decay:
            raise ValueError(f"Invalid lr_decay value: {lr_decay}")
        if not 0.0 <= weight_decay:
            raise ValueError(f"Invalid weight_decay value: {weight_decay}")
        if not 0.0 <= initial_accumulator_value:
            raise ValueError(f"Invalid initial_accumulator_value value: "
                             f"{initial_accumulator_value}")
        if not 0.0 <= eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        defaults = {"lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
                    "initial_accumulator_value": initial_accumulator_value,
                    "foreach": foreach, "maximize": maximize,
                    "differentiable": differentiable, "fused": fused}
        super().__init__(params, defaults)
        if fused:
            if differentiable:
                raise RuntimeError("`fused` does not support `differentiable`")
            if foreach:
                raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
        for group in self.param_groups:
            for p in group["params"]:
                _init_state(self.state[p], p, initial_accumulator_value)

    def __setstate__(self, state):
        super().__setstate__(state)
        for group in self.param_groups:
            group.setdefault("foreach", None)
            group.setdefault("maximize", False)
            group.setdefault("differentiable", False)
            group.setdefault("fused", None)
