"""torch.cuda's memory statistics, read from XLA's allocator (`jax.Device.memory_stats()`).

Without a GPU they report what PyTorch's CPU build reports: zeros and an empty dict. XLA's
allocator keeps one peak (`peak_bytes_in_use`) that jtorch cannot reset, so after
`reset_peak_memory_stats()` the max_* functions report the peak since that call only when the
current use exceeds it; otherwise the reset call's current use (README: Differences)."""
import collections
import warnings

from .._device import gpus as _gpus

_peak_floor = {}  # device index -> bytes in use when reset_peak_memory_stats was called


def _stats(device):
    gpus = _gpus()
    if not gpus:
        return None
    from . import _gpu
    return _gpu(device).memory_stats() or {}


def _index(device):
    from . import current_device, _device_index
    return current_device() if device is None else _device_index(device, optional=True)


def memory_allocated(device=None):
    """Bytes of device memory held by arrays (0 without a GPU)."""
    s = _stats(device)
    return 0 if s is None else int(s.get("bytes_in_use", 0))


def max_memory_allocated(device=None):
    """The peak of memory_allocated since start (or since reset_peak_memory_stats)."""
    s = _stats(device)
    if s is None:
        return 0
    floor = _peak_floor.get(_index(device))
    peak = int(s.get("peak_bytes_in_use", s.get("bytes_in_use", 0)))
    return peak if floor is None else max(floor, int(s.get("bytes_in_use", 0)))


def memory_reserved(device=None):
    """Bytes XLA's allocator has reserved from the device (0 without a GPU)."""
    s = _stats(device)
    if s is None:
        return 0
    return int(s.get("bytes_reserved", s.get("pool_bytes", s.get("bytes_in_use", 0))))


def max_memory_reserved(device=None):
    s = _stats(device)
    if s is None:
        return 0
    return int(s.get("peak_bytes_reserved", s.get("peak_pool_bytes", memory_reserved(device))))


def memory_cached(device=None):
    warnings.warn("`torch.cuda.memory_cached` has been renamed to `torch.cuda.memory_reserved`",
                  FutureWarning, stacklevel=2)
    return memory_reserved(device)


def max_memory_cached(device=None):
    warnings.warn("`torch.cuda.max_memory_cached` has been renamed to "
                  "`torch.cuda.max_memory_reserved`", FutureWarning, stacklevel=2)
    return max_memory_reserved(device)


def reset_peak_memory_stats(device=None):
    """Start a new peak window (see the module docstring for XLA's limit)."""
    from . import _require_gpu
    _require_gpu()
    _peak_floor[_index(device)] = memory_allocated(device)


def reset_max_memory_allocated(device=None):
    warnings.warn("torch.cuda.reset_max_memory_allocated now calls "
                  "torch.cuda.reset_peak_memory_stats, which resets /all/ peak memory stats.",
                  FutureWarning, stacklevel=2)
    reset_peak_memory_stats(device)


def reset_accumulated_memory_stats(device=None):
    from . import _require_gpu
    _require_gpu()


def memory_stats(device=None):
    """PyTorch-style keys over XLA's allocator statistics (an empty dict without a GPU)."""
    s = _stats(device)
    out = collections.OrderedDict()
    if s is None:
        return out
    out["allocated_bytes.all.current"] = memory_allocated(device)
    out["allocated_bytes.all.peak"] = max_memory_allocated(device)
    out["reserved_bytes.all.current"] = memory_reserved(device)
    out["reserved_bytes.all.peak"] = max_memory_reserved(device)
    for k, v in sorted(s.items()):
        out[f"xla.{k}"] = v
    return out


def memory_summary(device=None, abbreviated=False):
    """A short text table of memory_stats()."""
    stats = memory_stats(device)
    if not stats:
        raise KeyError("allocated_bytes.all.current")
    lines = ["|" + "=" * 60 + "|", "| jtorch CUDA memory summary (XLA allocator)".ljust(61) + "|"]
    for k, v in stats.items():
        lines.append(f"| {k:<40} {v:>17} |")
    lines.append("|" + "=" * 60 + "|")
    return "\n".join(lines)


def mem_get_info(device=None):
    """(free, total) bytes of the device."""
    from . import _require_gpu
    _require_gpu()
    s = _stats(device)
    total = int(s.get("bytes_limit", 0))
    return total - int(s.get("bytes_in_use", 0)), total


def set_per_process_memory_fraction(fraction, device=None):
    """Accepted and checked; XLA's memory fraction is fixed when JAX starts
    (XLA_PYTHON_CLIENT_MEM_FRACTION)."""
    from . import _require_gpu
    _require_gpu()
    if not isinstance(fraction, float):
        raise TypeError("Invalid type for fraction argument, must be `float`")
    if not 0 <= fraction <= 1:
        raise ValueError(f"Invalid fraction value: {fraction}. Allowed range: 0~1")


def ipc_collect():
    from . import _require_gpu
    _require_gpu()
