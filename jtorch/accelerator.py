"""torch.accelerator: the current accelerator (a CUDA GPU when JAX sees one)."""
from . import cuda as _cuda
from ._device import device as _device


def is_available():
    return _cuda.is_available()


def current_accelerator(check_available=False):
    if _cuda.is_available():
        return _device("cuda")
    return None


def device_count():
    return _cuda.device_count()


def synchronize(device=None):
    _cuda.synchronize()
