"""torch.cpu: the CPU device module (device-agnostic code calls it like torch.cuda).

The CPU is always available and is one device; `synchronize()` runs pending work (jtorch's
sync point); streams are the trivial objects PyTorch's CPU module provides; `torch.cpu.amp`
holds the deprecated `autocast` / `GradScaler` aliases of `torch.amp`'s.
"""
import sys as _sys
import types as _types
import warnings as _warnings
from contextlib import AbstractContextManager as _ACM

__all__ = ["StreamContext", "Stream", "Event", "current_device", "current_stream",
           "device_count", "is_available", "set_device", "stream", "synchronize",
           "is_initialized"]


def is_available():
    """Always True: jtorch can run on the CPU."""
    return True


def synchronize(device=None):
    """Wait for all pending work (jtorch.sync())."""
    from .. import sync
    sync()


def device_count():
    """The CPU counts as one device."""
    return 1


def set_device(device):
    """A no-op, as in PyTorch: there is only one CPU device."""


def current_device():
    return "cpu"


def is_initialized():
    return True


class Stream:
    """A CPU stream: a placeholder for device-agnostic code (the CPU has one)."""

    def __init__(self, priority=-1):
        pass

    def wait_stream(self, stream):
        pass

    def record_event(self):
        pass

    def wait_event(self, event):
        pass


class Event:
    """A CPU event: always complete."""

    def query(self):
        return True

    def record(self, stream=None):
        pass

    def synchronize(self):
        pass

    def wait(self, stream=None):
        pass


_default_cpu_stream = Stream()
_current_stream = _default_cpu_stream


def current_stream(device=None):
    """The current (default unless inside `stream(...)`) CPU stream."""
    return _current_stream


class StreamContext(_ACM):
    """Context manager selecting a CPU stream (None: no change)."""

    def __init__(self, stream):
        self.stream = stream
        self.prev_stream = _default_cpu_stream

    def __enter__(self):
        global _current_stream
        if self.stream is None:
            return
        self.prev_stream = _current_stream
        _current_stream = self.stream

    def __exit__(self, type, value, traceback):  # noqa: A002
        global _current_stream
        if self.stream is None:
            return
        _current_stream = self.prev_stream


def stream(stream):  # noqa: F811
    """`with torch.cpu.stream(s):` selects s as the current CPU stream."""
    return StreamContext(stream)


# ---- torch.cpu.amp: deprecated aliases of torch.amp's CPU autocast and GradScaler ----------
def _make_amp():
    from .. import amp as _amp

    class autocast(_amp.autocast):
        """torch.cpu.amp.autocast(enabled, dtype, cache_enabled): deprecated alias of
        torch.amp.autocast('cpu', ...)."""

        def __init__(self, enabled=True, dtype=None, cache_enabled=True):
            _warnings.warn("`torch.cpu.amp.autocast(args...)` is deprecated. Please use "
                           "`torch.amp.autocast('cpu', args...)` instead.", FutureWarning,
                           stacklevel=2)
            from .. import bfloat16
            super().__init__("cpu", dtype=bfloat16 if dtype is None else dtype,
                             enabled=enabled, cache_enabled=cache_enabled)

    class GradScaler(_amp.GradScaler):
        """torch.cpu.amp.GradScaler: deprecated alias of torch.amp.GradScaler('cpu', ...)."""

        def __init__(self, init_scale=2.0 ** 16, growth_factor=2.0, backoff_factor=0.5,
                     growth_interval=2000, enabled=True):
            _warnings.warn("`torch.cpu.amp.GradScaler(args...)` is deprecated. Please use "
                           "`torch.amp.GradScaler('cpu', args...)` instead.", FutureWarning,
                           stacklevel=2)
            super().__init__("cpu", init_scale=init_scale, growth_factor=growth_factor,
                             backoff_factor=backoff_factor, growth_interval=growth_interval,
                             enabled=enabled)

    m = _types.ModuleType(__name__ + ".amp", "torch.cpu.amp: deprecated CPU autocast and "
                                             "GradScaler aliases.")
    m.autocast = autocast
    m.GradScaler = GradScaler
    m.__all__ = ["autocast", "GradScaler"]
    return m


def __getattr__(name):
    if name == "amp":
        m = _make_amp()
        _sys.modules[m.__name__] = m
        globals()["amp"] = m
        return m
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
