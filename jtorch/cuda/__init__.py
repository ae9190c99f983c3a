"""torch.cuda on JAX's GPU devices.

Without a GPU these behave as PyTorch's CPU build: queries answer 0/False, and calls that need
a device raise its errors ("Torch not compiled with CUDA enabled"). With GPUs, the current
device is an index into JAX's GPU list that set_device()/device() select, and
`torch.device('cuda')` (no index) names it, as in PyTorch.
"""
from .._device import gpus as _gpus
from .._device import current_cuda as _current  # the current device index (with GPUs)
from .._functions import OutOfMemoryError  # noqa: F401,E402  (torch.cuda.OutOfMemoryError is torch.OutOfMemoryError)

_NO_CUDA = "Torch not compiled with CUDA enabled"


def is_available():
    """True when JAX sees a GPU."""
    return len(_gpus()) > 0


def device_count():
    """The number of GPUs JAX sees."""
    return len(_gpus())


def _require_gpu():
    if not _gpus():
        raise AssertionError(_NO_CUDA)


def current_device():
    """The current GPU's index; raises PyTorch's CPU-build AssertionError without a GPU."""
    _require_gpu()
    return _current[0]


def _device_index(device, optional=False):
    """A CUDA device index from an int, 'cuda:i' or torch.device, as torch.cuda._utils does."""
    from .._device import device as _dev
    if isinstance(device, str):
        device = _dev(device)
    if isinstance(device, _dev):
        if device.type != "cuda":
            raise ValueError(f"Expected a cuda device, but got: {device}")
        if device.index is not None:
            return device.index
        if optional:
            return current_device()
    elif isinstance(device, int) and not isinstance(device, bool):
        return device
    elif device is None and optional:
        return -1
    raise ValueError(f"Expected a torch.device with a specified index or an integer, but "
                     f"got:{device}")


def _select(index):
    """Make GPU `index` current (negative: no-op); returns the previous index (-1 if none)."""
    if index < 0:
        return -1
    if not _gpus():
        raise RuntimeError("PyTorch was compiled without CUDA support")
    from .._device import device as _dev, to_jax
    to_jax(_dev("cuda", index))  # raises PyTorch's invalid-ordinal error for a bad index
    prev, _current[0] = _current[0], index
    return prev


def set_device(device):
    """Select the current GPU; a negative index is a no-op, as in PyTorch."""
    index = _device_index(device)
    if index < 0:
        return
    _require_gpu()
    _select(index)


class device:
    """Context manager that makes a GPU current inside the block (None/negative: no-op)."""

    def __init__(self, device):
        self.idx = _device_index(device, optional=True)
        self.prev_idx = -1

    def __enter__(self):
        self.prev_idx = _select(self.idx)

    def __exit__(self, *exc):
        if self.prev_idx >= 0:
            _current[0] = self.prev_idx
        return False


class device_of(device):
    """device(obj's GPU) for a CUDA tensor; a no-op for a CPU tensor."""

    def __init__(self, obj):
        super().__init__(obj.get_device() if obj.device.type == "cuda" else -1)


def _gpu(device):
    _require_gpu()
    index = current_device() if device is None else _device_index(device, optional=True)
    from .._device import device as _dev, to_jax
    return to_jax(_dev("cuda", index))


def get_device_name(device=None):
    """The JAX device kind of the current (or given) GPU, e.g. 'NVIDIA H100 80GB HBM3'."""
    return _gpu(device).device_kind


def get_device_capability(device=None):
    """(major, minor) compute capability of the current (or given) GPU, from JAX."""
    return _cc(_gpu(device))


class _DeviceProperties:
    """The fields of PyTorch's _CudaDeviceProperties that JAX can report."""

    def __init__(self, jdev):
        self.name = jdev.device_kind
        self.major, self.minor = _cc(jdev)
        stats = jdev.memory_stats() or {}
        self.total_memory = int(stats.get("bytes_limit", 0))
        self.multi_processor_count = int(getattr(jdev, "core_count", 0))

    def __repr__(self):
        return (f"_CudaDeviceProperties(name='{self.name}', major={self.major}, "
                f"minor={self.minor}, total_memory={self.total_memory // (1024 * 1024)}MB, "
                f"multi_processor_count={self.multi_processor_count})")


def _cc(jdev):
    major, _, minor = str(getattr(jdev, "compute_capability", "0.0")).partition(".")
    return int(major), int(minor or 0)


def get_device_properties(device=None):
    """Name, capability, memory and SM count of a GPU, as far as JAX reports them."""
    return _DeviceProperties(_gpu(device))


def is_bf16_supported(including_emulation=True):
    """False without a GPU (as PyTorch's CPU build); with one, compute capability >= 8.0."""
    if not _gpus():
        return False
    return get_device_capability() >= (8, 0) or bool(including_emulation)


def synchronize(device=None):
    """Materialise all pending work and wait for it (jtorch.sync plus a device barrier)."""
    from .._runtime import sync
    sync()


def manual_seed(seed):
    """Seed the CUDA generators (the CPU generator is untouched, as in PyTorch)."""
    from ..random import manual_seed_all as ms
    ms(seed)


def manual_seed_all(seed):
    """Seed every generator."""
    from ..random import manual_seed_all as ms
    ms(seed)


def is_initialized():
    """True once CUDA could be used: here, whenever JAX sees a GPU."""
    return is_available()


def empty_cache():
    """Release what jtorch still holds for XLA: the last program's input arrays (XLA manages
    the device memory itself)."""
    from .._runtime import executor
    executor.retired.clear()


from .memory import (  # noqa: E402,F401
    memory_allocated, max_memory_allocated, memory_reserved, max_memory_reserved, memory_cached,
    max_memory_cached, reset_peak_memory_stats, reset_max_memory_allocated,
    reset_accumulated_memory_stats, memory_stats, memory_summary, mem_get_info,
    set_per_process_memory_fraction, ipc_collect)


def init():
    """Initialise CUDA: nothing to do beyond JAX seeing a GPU (PyTorch's error without one)."""
    _require_gpu()


def seed():
    """Seed the current GPU's generator randomly (a no-op without a GPU, as in PyTorch)."""
    if _gpus():
        _generator(None).seed()


def seed_all():
    """Seed every GPU's generator randomly (a no-op without a GPU)."""
    for i in range(device_count()):
        _generator(i).seed()


def initial_seed():
    return _generator(None).initial_seed()


def get_rng_state(device="cuda"):
    """The RNG state of a GPU's default generator (a uint8 tensor on the CPU)."""
    return _generator(device).get_state()


def set_rng_state(new_state, device="cuda"):
    _generator(device).set_state(new_state)


def get_rng_state_all():
    return [_generator(i).get_state() for i in range(device_count())]


def set_rng_state_all(new_states):
    for i, state in enumerate(new_states):
        _generator(i).set_state(state)


def _generator(device):
    from ..random import generator_for
    index = None if device in (None, "cuda") else device
    return generator_for(_gpu(index))


def __getattr__(name):
    if name == "amp":  # torch.cuda.amp, imported on first use
        import importlib
        return importlib.import_module(f"{__name__}.amp")
    raise AttributeError(f"module '{__name__}' has no attribute '{name}'")
