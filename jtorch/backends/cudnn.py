"""torch.backends.cudnn: PyTorch's cuDNN flags, recorded (XLA chooses GPU kernels itself).

`enabled`, `benchmark`, `deterministic` and `allow_tf32` are plain attributes a program assigns
and reads back, with PyTorch's defaults (True, False, False, True) and its bool validation.
"""
import contextlib

from . import _flags


class _CudnnModule(_flags.ModuleType):
    enabled = _flags.BoolFlag("set_enabled_cudnn", True)
    benchmark = _flags.BoolFlag("set_benchmark_cudnn", False)
    deterministic = _flags.BoolFlag("set_deterministic_cudnn", False)
    allow_tf32 = _flags.BoolFlag("set_allow_tf32_cublas", True)  # PyTorch's message says cublas


def _gpu():
    from .. import cuda
    return cuda.is_available()


def is_available():
    """True only when JAX sees a GPU (XLA's GPU backend links cuDNN)."""
    return _gpu()


def version():
    """cuDNN's version as an int (e.g. 90100) from JAX's CUDA plugin; None without a GPU."""
    if not _gpu():
        return None
    try:
        from jax._src.lib import cuda_versions
        return int(cuda_versions.cudnn_get_version())
    except Exception:  # a ROCm build, or a plugin without version queries
        return None


def is_acceptable(tensor):
    """Whether cuDNN would take this tensor: enabled, a CUDA tensor of half/float/double."""
    from .. import float16, float32, float64
    import sys
    mod = sys.modules[__name__]
    return (mod.enabled and tensor.device.type == "cuda"
            and tensor.dtype in (float16, float32, float64) and is_available())


@contextlib.contextmanager
def flags(enabled=False, benchmark=False, benchmark_limit=10, deterministic=False,
          allow_tf32=True, fp32_precision="none", depthwise_kernel="auto"):
    """Set the flags inside a `with` block and restore them after, as PyTorch's flags()."""
    import sys
    mod = sys.modules[__name__]
    names = ("enabled", "benchmark", "deterministic", "allow_tf32")
    saved = {n: getattr(mod, n) for n in names}
    new = dict(zip(names, (enabled, benchmark, deterministic, allow_tf32)))
    try:
        for n, v in new.items():
            if v is not None:
                setattr(mod, n, v)
        yield
    finally:
        for n, v in saved.items():
            setattr(mod, n, v)


benchmark_limit = None  # PyTorch sets it (10) only where cuDNN is available

_flags.install(__name__, _CudnnModule)
