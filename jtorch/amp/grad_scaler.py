"""torch.amp.GradScaler: PyTorch's dynamic loss scaling, with its stages, checks and messages.

The unscale (with its inf/NaN check) of every gradient on a device is one recorded kernel, and so
is the scale update; step() reads found_inf (a sync, as PyTorch's `.item()` there) to decide
whether to call optimizer.step().
"""
import enum
import warnings
from collections import abc, defaultdict

import jax.numpy as jnp

from .._ops import dispatch


class OptState(enum.Enum):
    """Where an optimizer is in the iteration: READY, UNSCALED (unscale_ ran), STEPPED."""
    READY = 0
    UNSCALED = 1
    STEPPED = 2


def _fresh_state():
    return {"stage": OptState.READY, "found_inf_per_device": {}}


def _inv_scale(scale):
    """float32(1 / double(scale)) as a float64 value, as PyTorch computes inv_scale.

    XLA's CPU backend flushes float32 subnormals to zero, and a scale above 2**126 has a
    subnormal inverse, so the float32 rounding is done by hand in float64 on that range."""
    inv = 1.0 / scale.astype(jnp.float64)
    sub = jnp.round(inv * 2.0 ** 149) * 2.0 ** -149  # the float32 subnormal grid
    normal = inv.astype(jnp.float32).astype(jnp.float64)
    return jnp.where(jnp.abs(inv) < 2.0 ** -126, sub, normal)


def _unscale_kernel(scale, found_inf, *grads):
    """Grads times inv_scale and found_inf set to 1 on any inf/NaN (PyTorch's
    _amp_foreach_non_finite_check_and_unscale_). The product is taken in float64 and rounded
    once, which equals float32 (or, for half types, PyTorch's float32 opmath) multiplication."""
    inv = _inv_scale(scale)
    bad = jnp.zeros((), jnp.bool_)
    out = []
    for g in grads:
        bad = bad | ~jnp.all(jnp.isfinite(g))
        prod = g.astype(jnp.float64) * inv
        if g.dtype != jnp.float64:
            prod = prod.astype(jnp.float32)
        out.append(prod.astype(g.dtype))
    return (jnp.where(bad, jnp.float32(1.0), found_inf),) + tuple(out)


def _update_kernel(scale, tracker, found_inf, growth, backoff, interval):
    """PyTorch's _amp_update_scale_: back off on inf, grow after `interval` clean steps."""
    s64 = scale.astype(jnp.float64)
    found = found_inf != 0
    succ = tracker + jnp.int32(1)
    grow = succ == jnp.asarray(interval, jnp.int32)
    grown = (s64 * jnp.asarray(growth, jnp.float64)).astype(jnp.float32)
    grown = jnp.where(jnp.isfinite(grown), grown, scale)
    backed = (s64 * jnp.asarray(backoff, jnp.float64)).astype(jnp.float32)
    new_scale = jnp.where(found, backed, jnp.where(grow, grown, scale))
    new_tracker = jnp.where(found | grow, jnp.int32(0), succ).astype(jnp.int32)
    return new_scale, new_tracker


class GradScaler:
    """GradScaler(device='cuda', init_scale=2.**16, growth_factor=2.0, backoff_factor=0.5,
    growth_interval=2000, enabled=True), disabled with PyTorch's warning when CUDA is asked for
    and JAX sees no GPU."""

    def __init__(self, device="cuda", init_scale=2.0 ** 16, growth_factor=2.0,
                 backoff_factor=0.5, growth_interval=2000, enabled=True):
        self._device = device
        self._enabled = enabled
        if self._device == "cuda":
            from .. import cuda
            if enabled and not cuda.is_available():
                warnings.warn("torch.cuda.amp.GradScaler is enabled, but CUDA is not available."
                              "  Disabling.", stacklevel=2)
                self._enabled = False
        if self._enabled:
            if growth_factor <= 1.0:
                raise AssertionError("The growth factor must be > 1.0.")
            if backoff_factor >= 1.0:
                raise AssertionError("The backoff factor must be < 1.0.")
            self._init_scale = init_scale
            self._scale = None
            self._growth_factor = growth_factor
            self._backoff_factor = backoff_factor
            self._growth_interval = growth_interval
            self._init_growth_tracker = 0
            self._growth_tracker = None
            self._per_optimizer_states = defaultdict(_fresh_state)

    def _check_scale_growth_tracker(self, funcname):
        fix = ("This may indicate your script did not use scaler.scale(loss or outputs) earlier "
               "in the iteration.")
        if self._scale is None:
            raise AssertionError(f"Attempted {funcname} but _scale is None.  " + fix)
        if self._growth_tracker is None:
            raise AssertionError(f"Attempted {funcname} but _growth_tracker is None.  " + fix)
        return self._scale, self._growth_tracker

    def _lazy_init_scale_growth_tracker(self, dev):
        from .. import _creation, float32, int32
        self._scale = _creation.full((), self._init_scale, dtype=float32, device=dev)
        self._growth_tracker = _creation.full((), self._init_growth_tracker, dtype=int32,
                                              device=dev)

    def scale(self, outputs):
        """Multiply a tensor (or the tensors of a list/tuple/iterable) by the scale factor."""
        from .._tensor import Tensor
        if not self._enabled:
            return outputs

        def apply(val):
            if isinstance(val, Tensor):
                if self._scale is None:
                    self._lazy_init_scale_growth_tracker(val.device)
                return val * self._scale.to(val.device)
            if isinstance(val, abc.Iterable):
                it = map(apply, val)
                return type(val)(it) if isinstance(val, (list, tuple)) else it
            raise ValueError("outputs must be a Tensor or an iterable of Tensors")
        return apply(outputs)

    def _unscale_grads_(self, optimizer, scale, found_inf, allow_fp16):
        from .. import float16, no_grad
        from .._tensor import Tensor
        per_device = {}
        for group in optimizer.param_groups:
            for param in group["params"]:
                if not isinstance(param, Tensor):
                    raise AssertionError(
                        f"expected param to be torch.Tensor, got {type(param).__name__}")
                if param.grad is None:
                    continue
                if not allow_fp16 and param.grad.dtype == float16:
                    raise ValueError("Attempting to unscale FP16 gradients.")
                per_device.setdefault(param.grad.device, []).append(param.grad)
        found = {}
        with no_grad():
            for dev, grads in per_device.items():
                outs = dispatch.record_multi(
                    _unscale_kernel, (scale.to(dev), found_inf.to(dev), *grads),
                    name="amp_foreach_non_finite_check_and_unscale")
                found[dev] = outs[0]
                for g, new in zip(grads, outs[1:]):
                    g.copy_(new)
        return found

    def unscale_(self, optimizer):
        """Divide the optimizer's grads by the scale in place, recording whether any is inf/NaN."""
        from .. import _creation, float32
        if not self._enabled:
            return
        self._check_scale_growth_tracker("unscale_")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.UNSCALED:
            raise RuntimeError("unscale_() has already been called on this optimizer since the "
                               "last update().")
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("unscale_() is being called after step().")
        found_inf = _creation.full((), 0.0, dtype=float32, device=self._scale.device)
        state["found_inf_per_device"] = self._unscale_grads_(optimizer, self._scale, found_inf,
                                                             False)
        state["stage"] = OptState.UNSCALED

    def step(self, optimizer, *args, **kwargs):
        """Unscale if needed, then call optimizer.step() unless inf/NaN grads were found."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        self._check_scale_growth_tracker("step")
        state = self._per_optimizer_states[id(optimizer)]
        if state["stage"] is OptState.STEPPED:
            raise RuntimeError("step() has already been called since the last update().")
        if state["stage"] is OptState.READY:
            self.unscale_(optimizer)
        if len(state["found_inf_per_device"]) == 0:
            raise AssertionError("No inf checks were recorded for this optimizer.")
        retval = None
        if not sum(v.item() for v in state["found_inf_per_device"].values()):
            retval = optimizer.step(*args, **kwargs)
        state["stage"] = OptState.STEPPED
        return retval

    def update(self, new_scale=None):
        """Set the scale to new_scale, or back off / grow it by PyTorch's rule."""
        from .. import no_grad
        if not self._enabled:
            return
        _scale, _growth_tracker = self._check_scale_growth_tracker("update")
        with no_grad():
            if new_scale is not None:
                if isinstance(new_scale, float):
                    self._scale.fill_(new_scale)
                else:
                    reason = ("new_scale should be a float or a 1-element torch.cuda.FloatTensor "
                              "or torch.FloatTensor with requires_grad=False.")
                    if new_scale.device.type != self._device:
                        raise AssertionError(reason)
                    if new_scale.numel() != 1:
                        raise AssertionError(reason)
                    if new_scale.requires_grad is True:
                        raise AssertionError(reason)
                    self._scale.copy_(new_scale)
            else:
                found_infs = [f.to(_scale.device) for s in self._per_optimizer_states.values()
                              for f in s["found_inf_per_device"].values()]
                if len(found_infs) == 0:
                    raise AssertionError("No inf checks were recorded prior to update.")
                found = found_infs[0]
                for f in found_infs[1:]:
                    found = found + f
                new_s, new_t = dispatch.record_multi(
                    _update_kernel, (_scale, _growth_tracker, found, float(self._growth_factor),
                                     float(self._backoff_factor), int(self._growth_interval)),
                    name="amp_update_scale")
                _scale.copy_(new_s)
                _growth_tracker.copy_(new_t)
        self._per_optimizer_states = defaultdict(_fresh_state)

    def get_scale(self):
        """The current scale as a Python float (1.0 when disabled, as in PyTorch)."""
        if self._enabled:
            return self._init_scale if self._scale is None else float(self._scale.item())
        return 1.0

    def get_growth_factor(self):
        """The scale's growth factor."""
        return self._growth_factor

    def set_growth_factor(self, new_factor):
        """Set the scale's growth factor."""
        self._growth_factor = new_factor

    def get_backoff_factor(self):
        """The scale's backoff factor."""
        return self._backoff_factor

    def set_backoff_factor(self, new_factor):
        """Set the scale's backoff factor."""
        self._backoff_factor = new_factor

    def get_growth_interval(self):
        """The number of clean steps between scale growths."""
        return self._growth_interval

    def set_growth_interval(self, new_interval):
        """Set the number of clean steps between scale growths."""
        self._growth_interval = new_interval

    def _get_growth_tracker(self):
        if self._enabled:
            return self._init_growth_tracker if self._growth_tracker is None \
                else int(self._growth_tracker.item())
        return 0

    def is_enabled(self):
        """Whether this scaler scales (False when disabled or CUDA was unavailable)."""
        return self._enabled

    def state_dict(self):
        """scale, growth_factor, backoff_factor, growth_interval, _growth_tracker ({} if off)."""
        if self._enabled:
            return {"scale": self.get_scale(), "growth_factor": self._growth_factor,
                    "backoff_factor": self._backoff_factor,
                    "growth_interval": self._growth_interval,
                    "_growth_tracker": self._get_growth_tracker()}
        return {}

    def load_state_dict(self, state_dict):
        """Load a state_dict() (a disabled scaler ignores it; an empty one raises)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError("The source state dict is empty, possibly because it was saved "
                               "from a disabled instance of GradScaler.")
        self._init_scale = state_dict["scale"]
        if self._scale is not None:
            self._scale.fill_(state_dict["scale"])
        self._growth_factor = state_dict["growth_factor"]
        self._backoff_factor = state_dict["backoff_factor"]
        self._growth_interval = state_dict["growth_interval"]
        self._init_growth_tracker = state_dict["_growth_tracker"]
        if self._growth_tracker is not None:
            self._growth_tracker.fill_(state_dict["_growth_tracker"])

    def __getstate__(self):
        state = self.__dict__.copy()
        if self._enabled:
            if len(self._per_optimizer_states) != 0:
                raise AssertionError("A GradScaler instance may only be pickled at the beginning "
                                     "of an iteration, or at the end after scaler.update().")
            state["_init_scale"] = self.get_scale()
            state["_init_growth_tracker"] = self._get_growth_tracker()
            state["_scale"] = None
            state["_growth_tracker"] = None
            state["_per_optimizer_states"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if state.get("_enabled"):
            self._per_optimizer_states = defaultdict(_fresh_state)
