"""torch.autocast: PyTorch's argument checks, warnings and state, without per-op casting."""
import functools
import threading
import warnings

from .. import _dtype

# Device types c10 parses, and the default autocast dtype of those PyTorch can autocast on.
_DEVICE_TYPES = ("cpu", "cuda", "ipu", "xpu", "mkldnn", "opengl", "opencl", "ideep", "hip", "ve",
                 "fpga", "maia", "xla", "lazy", "vulkan", "mps", "meta", "hpu", "mtia",
                 "privateuseone")
_DEFAULT_DTYPE = {"cpu": "bfloat16", "cuda": "float16", "ipu": "float16", "xpu": "float16",
                  "hip": "float16", "maia": "bfloat16", "xla": "bfloat16", "mps": "float16",
                  "hpu": "bfloat16", "mtia": "float16", "privateuseone": "float16"}
_AVAILABLE = ("cpu", "cuda", "ipu", "xpu", "maia", "xla", "mps", "hpu", "mtia", "privateuseone")


class _State(threading.local):
    """Autocast state is per thread, as in PyTorch."""

    def __init__(self):
        self.enabled = {}
        self.dtype = {}
        self.cache_enabled = True
        self.nesting = 0


_state = _State()


def _device_type(device_type):
    """The device type of a device string, with c10's error for one it cannot parse."""
    kind = device_type.partition(":")[0]
    if kind not in _DEVICE_TYPES:
        raise RuntimeError(
            "Expected one of " + ", ".join(_DEVICE_TYPES) +
            f" device type at start of device string: {device_type}")
    return kind


def is_autocast_available(device_type):
    """Whether PyTorch supports autocast on this device type (cpu, cuda, mps, xpu, ...)."""
    return _device_type(device_type) in _AVAILABLE


def get_autocast_dtype(device_type):
    """The dtype autocast would use on this device type (cpu: bfloat16, cuda: float16)."""
    kind = _device_type(device_type)
    if kind not in _DEFAULT_DTYPE:
        raise RuntimeError("unsupported scalarType")
    return _state.dtype.get(kind) or getattr(_dtype, _DEFAULT_DTYPE[kind])


def is_autocast_enabled(device_type=None):
    """Whether an enabled autocast region is active for the device type (default 'cuda')."""
    return _state.enabled.get(_device_type("cuda" if device_type is None else device_type),
                              False)


def is_autocast_cache_enabled():
    """Whether autocast's weight-cast cache is on (True by default)."""
    return _state.cache_enabled


def _runs_here(device):
    """Whether jtorch computes on this device type (so enabled autocast would change results)."""
    if device == "cpu":
        return True
    from .. import cuda
    return device == "cuda" and cuda.is_available()


class autocast:
    """torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None).

    Usable as a context manager and as a decorator. Disabled autocast always works; CUDA
    autocast without a GPU warns and disables itself as PyTorch does; an enabled autocast on
    CPU or a JAX GPU raises NotImplementedError (jtorch has no per-op autocast casting)."""

    def __init__(self, device_type, dtype=None, enabled=True, cache_enabled=None):
        if not isinstance(device_type, str):
            raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")
        self.fast_dtype = get_autocast_dtype(device_type) if dtype is None else dtype
        self.device = device_type
        if not is_autocast_available(self.device):
            raise RuntimeError(
                f"User specified an unsupported autocast device_type '{self.device}'")
        self._cache_enabled = is_autocast_cache_enabled() if cache_enabled is None \
            else cache_enabled
        name = self.device.upper()
        if enabled:
            if self.device == "cuda":
                from .. import cuda
                if not cuda.is_available():
                    warnings.warn("CUDA is not available or torch_xla is imported. Disabling "
                                  "autocast.", stacklevel=2)
                    enabled = False
                elif self.fast_dtype == _dtype.bfloat16 and not cuda.is_bf16_supported():
                    raise RuntimeError("Current CUDA Device does not support bfloat16. Please "
                                       "switch dtype to float16.")
            elif self.fast_dtype not in (_dtype.bfloat16, _dtype.float16):
                warnings.warn(f"In {name} autocast, but the target dtype is not supported. "
                              f"Disabling autocast.\n{name} Autocast only supports dtypes of "
                              f"torch.bfloat16, torch.float16 currently.", stacklevel=2)
                enabled = False
        if enabled and _runs_here(self.device):
            raise NotImplementedError(
                f"torch.autocast(device_type='{self.device}', dtype={self.fast_dtype}): "
                "mixed-precision autocast is not implemented in jtorch (it has no per-op "
                "autocast casting policy); run in full precision with enabled=False, or cast the "
                "model with .half()/.bfloat16() instead")
        self._enabled = enabled

    def __enter__(self):
        kind = _device_type(self.device)
        self.prev_cache_enabled = _state.cache_enabled
        self.prev = _state.enabled.get(kind, False)
        self.prev_fastdtype = _state.dtype.get(kind)
        _state.enabled[kind] = self._enabled
        _state.dtype[kind] = self.fast_dtype
        _state.nesting += 1
        _state.cache_enabled = self._cache_enabled
        return self

    def __exit__(self, exc_type, exc_val, exc_tb):
        kind = _device_type(self.device)
        _state.nesting -= 1
        _state.enabled[kind] = self.prev
        _state.dtype[kind] = self.prev_fastdtype
        _state.cache_enabled = self.prev_cache_enabled
        return False

    def __call__(self, func):
        if not callable(func):
            raise TypeError(
                f"autocast()(func) requires a callable, but got {type(func).__name__}. "
                f"Did you mean to use autocast as a context manager? For example:\n"
                f"    with torch.autocast(device_type=...):\n"
                f"        output = model(input)")

        @functools.wraps(func)
        def decorate_autocast(*args, **kwargs):
            with self:
                return func(*args, **kwargs)
        return decorate_autocast


def _check_device_type(device_type):
    if not isinstance(device_type, str):
        raise ValueError(f"Expected `device_type` of type `str`, got: `{type(device_type)}`")


def custom_fwd(fwd=None, *, device_type, cast_inputs=None):
    """Decorator for an autograd.Function's forward; runs it under the caller's autocast state
    (jtorch never has enabled autocast on a real device, so cast_inputs never applies)."""
    _check_device_type(device_type)
    if fwd is None:
        return functools.partial(custom_fwd, device_type=device_type, cast_inputs=cast_inputs)

    @functools.wraps(fwd)
    def decorate_fwd(*args, **kwargs):
        return fwd(*args, **kwargs)
    return decorate_fwd


def custom_bwd(bwd=None, *, device_type):
    """Decorator for an autograd.Function's backward (see custom_fwd)."""
    _check_device_type(device_type)
    if bwd is None:
        return functools.partial(custom_bwd, device_type=device_type)

    @functools.wraps(bwd)
    def decorate_bwd(*args, **kwargs):
        return bwd(*args, **kwargs)
    return decorate_bwd
