"""torch.autograd.detect_anomaly / set_detect_anomaly: a NaN produced in backward raises at the
next sync point, naming the backward function and the line that recorded its forward op."""
import threading


class _State(threading.local):
    enabled = False
    check_nan = True


state = _State()


def is_anomaly_enabled():
    return state.enabled


def is_anomaly_check_nan_enabled():
    return state.check_nan


class detect_anomaly:
    """Context manager: anomaly detection on inside."""

    __module__ = "torch.autograd.anomaly_mode"

    def __init__(self, check_nan=True):
        self.check_nan = check_nan
        import warnings
        warnings.warn("Anomaly Detection has been enabled. This mode will increase the runtime "
                      "and should only be enabled for debugging.", UserWarning, stacklevel=2)

    def __enter__(self):
        self.prev = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = True, self.check_nan

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self.prev
        return False


class set_detect_anomaly:
    """set_detect_anomaly(mode): takes effect at once; restores on exit as a context manager."""

    __module__ = "torch.autograd.anomaly_mode"

    def __init__(self, mode, check_nan=True):
        self.prev = (state.enabled, state.check_nan)
        state.enabled, state.check_nan = bool(mode), check_nan

    def __enter__(self):
        pass

    def __exit__(self, *exc):
        state.enabled, state.check_nan = self.prev
        return False


def set_anomaly_enabled(enabled, check_nan=True):
    """torch.set_anomaly_enabled: turn anomaly detection on or off (no context manager)."""
    state.enabled, state.check_nan = bool(enabled), check_nan
