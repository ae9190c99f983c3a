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


def is_nonzero(input):
    if input.numel() != 1:
        raise RuntimeError(f"Boolean value of Tensor with {'no values' if input.numel() == 0 else 'more than one value'} is ambiguous")
    return bool(input.item() != 0)


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
