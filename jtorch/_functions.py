"""Small torch.* utilities that are not ops: is_tensor, numel, typename, default device."""
from ._tensor import Tensor
from ._device import device as _device


def is_tensor(obj):
    """True if obj is a jtorch Tensor (or Parameter)."""
    return isinstance(obj, Tensor)


def is_storage(obj):
    return False


def is_floating_point(input):
    return input.dtype.is_floating_point


def is_complex(input):
    return False


def numel(input):
    return input.numel()


def typename(obj):
    if isinstance(obj, Tensor):
        return obj.type()
    module = type(obj).__module__
    return f"{module}.{type(obj).__qualname__}" if module not in ("builtins", None) \
        else type(obj).__qualname__


def get_default_device():
    """Factories place tensors on the CPU unless told otherwise, as in PyTorch."""
    return _device("cpu")


def set_default_device(device):
    if device is not None and _device(device).type != "cpu":
        raise NotImplementedError("jtorch places new tensors on the CPU; move them with "
                                  ".to(device) (set_default_device to a GPU is not supported)")


class OutOfMemoryError(RuntimeError):
    """torch.OutOfMemoryError (also torch.cuda.OutOfMemoryError): raised when a device runs out
    of memory; programs catch it to retry with a smaller batch."""

    __module__ = "torch"


_warn_always = [False]


def set_warn_always(b):
    """torch.set_warn_always: jtorch's warnings follow Python's warning filters; the flag is
    kept for is_warn_always_enabled."""
    _warn_always[0] = bool(b)


def is_warn_always_enabled():
    return _warn_always[0]


def set_flush_denormal(mode):
    """torch.set_flush_denormal: True (supported). XLA's CPU code already flushes subnormal
    floats to zero, so turning flushing off is not possible (README: Differences)."""
    return True


def set_default_tensor_type(t):
    """Deprecated torch.set_default_tensor_type: a floating legacy type (object or name) sets
    the default dtype; a CUDA type also the default device."""
    import warnings
    from . import _dtype
    warnings.warn("torch.set_default_tensor_type() is deprecated as of PyTorch 2.1, please use "
                  "torch.set_default_dtype() and torch.set_default_device() as alternatives.",
                  UserWarning, stacklevel=2)
    if isinstance(t, str):
        cuda = t.startswith("torch.cuda.")
        dt = next((d for d in _dtype.ALL if d._legacy == t.rsplit(".", 1)[-1]), None)
    elif isinstance(getattr(t, "dtype", None), _dtype.dtype) and isinstance(t, type):
        cuda, dt = t.is_cuda, t.dtype
    else:
        raise TypeError("invalid type object: only floating-point types are supported as the "
                        "default type")
    if dt is None or not dt.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _dtype.set_default_dtype(dt)
    if cuda:
        set_default_device("cuda")
