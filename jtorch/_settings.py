"""torch.set_num_threads, float32 matmul precision and deterministic-mode flags.

jtorch runs on XLA, whose CPU thread pool is sized once when JAX starts its backend (to the CPUs
this process may run on), so thread counts are validated and recorded as PyTorch does but not
applied. XLA CPU programs are deterministic, so the deterministic-algorithms flags are recorded
and reported back; they never change what runs. The float32 matmul precision is recorded too
(`torch.backends.cuda.matmul.allow_tf32` reads and writes it, as in PyTorch).
"""
import os
import warnings

_PRECISIONS = ("highest", "high", "medium")
_DEBUG_NAMES = ("default", "warn", "error")


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


_state = {"threads": _cpu_count(), "interop": _cpu_count(), "interop_set": False,
          "precision": "highest", "deterministic": False, "warn_only": False}


def _tp_name(x):
    """The C type name PyTorch's bindings print for an argument ('float', 'numpy.float64')."""
    t = type(x)
    mod = getattr(t, "__module__", "builtins")
    return t.__name__ if mod in ("builtins", None) else (
        f"numpy.{t.__name__}" if mod == "numpy" else t.__name__)


def _check_positive_int(fname, n):
    import numpy as np
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        raise RuntimeError(f"{fname} expects an int, but got {_tp_name(n)}")
    if n <= 0:
        raise RuntimeError(f"{fname} expects a positive integer")
    return int(n)


def set_num_threads(int):  # noqa: A002  (PyTorch's parameter name)
    """Validate and record the intra-op thread count as PyTorch does (XLA's pool is fixed)."""
    _state["threads"] = _check_positive_int("set_num_threads", int)


def get_num_threads():
    """The recorded intra-op thread count; by default the CPUs XLA's thread pool uses."""
    return _state["threads"]


def set_num_interop_threads(int):  # noqa: A002
    """Validate and record the inter-op thread count; like PyTorch, it may be set only once."""
    n = _check_positive_int("set_num_interop_threads", int)
    if _state["interop_set"]:
        raise RuntimeError("Error: cannot set number of interop threads after parallel work has "
                           "started or set_num_interop_threads called")
    _state["interop"], _state["interop_set"] = n, True


def get_num_interop_threads():
    """The recorded inter-op thread count (default: the CPUs this process may use)."""
    return _state["interop"]


def set_float32_matmul_precision(precision):
    """Record 'highest'/'high'/'medium'; other strings warn and change nothing, as in PyTorch."""
    if not isinstance(precision, str):
        raise RuntimeError(f"set_float32_matmul_precision expects a str, but got "
                           f"{_tp_name(precision)}")
    if precision not in _PRECISIONS:
        warnings.warn(f"{precision} is not one of 'highest', 'high', or 'medium'; the current"
                      f"setFloat32MatmulPrecision call has no effect.", UserWarning, stacklevel=2)
        return
    _state["precision"] = precision


def get_float32_matmul_precision():
    """The recorded float32 matmul precision ('highest' by default)."""
    return _state["precision"]


def use_deterministic_algorithms(mode, *, warn_only=False):
    """Record PyTorch's deterministic-algorithms flags (XLA CPU is deterministic anyway)."""
    if not isinstance(mode, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'mode' (position 1) must be "
                        f"bool, not {_tp_name(mode)}")
    if not isinstance(warn_only, bool):
        raise TypeError(f"_set_deterministic_algorithms(): argument 'warn_only' must be bool, "
                        f"not {_tp_name(warn_only)}")
    _state["deterministic"], _state["warn_only"] = mode, warn_only


def are_deterministic_algorithms_enabled():
    """Whether use_deterministic_algorithms(True) is in effect."""
    return _state["deterministic"]


def is_deterministic_algorithms_warn_only_enabled():
    """Whether use_deterministic_algorithms(..., warn_only=True) is in effect."""
    return _state["warn_only"]


def set_deterministic_debug_mode(debug_mode):
    """0/'default', 1/'warn', 2/'error' as in PyTorch, with its validation messages."""
    if isinstance(debug_mode, str):
        if debug_mode not in _DEBUG_NAMES:
            raise RuntimeError(f"invalid value of debug_mode, expected one of `default`, `warn`, "
                               f"`error`, but got {debug_mode}")
        debug_mode = _DEBUG_NAMES.index(debug_mode)
    elif not isinstance(debug_mode, int):
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    if debug_mode == 0:
        use_deterministic_algorithms(False)
    elif debug_mode == 1:
        use_deterministic_algorithms(True, warn_only=True)
    elif debug_mode == 2:
        use_deterministic_algorithms(True)
    else:
        raise RuntimeError(f"invalid value of debug_mode, expected 0, 1, or 2, but got "
                           f"{debug_mode}")


def get_deterministic_debug_mode():
    """0 when off, 1 when warn-only, 2 when deterministic algorithms are enforced."""
    if not _state["deterministic"]:
        return 0
    return 1 if _state["warn_only"] else 2
