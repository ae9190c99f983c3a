"""torch.cuda on JAX's GPU devices."""
from .._device import gpus as _gpus


def is_available():
    """True when JAX sees a GPU."""
    return len(_gpus()) > 0


def device_count():
    return len(_gpus())


def current_device():
    if not _gpus():
        raise AssertionError("Torch not compiled with CUDA enabled")
    return 0


def synchronize(device=None):
    """Materialise all pending work and wait for it (jtorch.sync plus a device barrier)."""
    from .._runtime import sync
    sync()


def manual_seed(seed):
    """Seed the CUDA generators (the CPU generator is untouched, as in PyTorch)."""
    from ..random import manual_seed_all as ms
    ms(seed)


def manual_seed_all(seed):
    from ..random import manual_seed_all as ms
    ms(seed)


def is_initialized():
    return is_available()


def get_device_name(device=None):
    g = _gpus()
    if not g:
        raise AssertionError("Torch not compiled with CUDA enabled")
    return g[0].device_kind


def empty_cache():
    pass
