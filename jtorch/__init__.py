"""jtorch: PyTorch's user API on JAX/XLA. `import jtorch as torch`."""
import os as _os

from . import _xla_flags
_xla_flags.configure()  # XLA CPU options: must run before JAX starts its backend

import jax as _jax

_jax.config.update("jax_enable_x64", True)  # int64/float64 must be real 64-bit types

from . import _dtype  # noqa: E402
from ._dtype import (  # noqa: E402,F401
    dtype, bool_ as bool, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64,
    get_default_dtype, set_default_dtype, promote_types, can_cast, finfo, iinfo)
from ._dtype import ALIASES as _ALIASES  # noqa: E402
from ._size import Size  # noqa: E402
from ._device import device  # noqa: E402
from ._tensor import Tensor  # noqa: E402
from ._runtime import sync  # noqa: E402
from . import _runtime as runtime  # noqa: E402,F401
from ._ops import registry as _registry  # noqa: E402
from ._ops import elementwise as _elementwise, conversion as _conversion  # noqa: E402,F401
from ._ops import shape as _shape, indexing as _indexing  # noqa: E402
from . import _ops_all  # noqa: E402,F401  (every op family registers itself)
from . import linalg  # noqa: E402,F401
from . import return_types  # noqa: E402,F401
from ._creation import (  # noqa: E402,F401
    tensor, as_tensor, from_numpy, from_jax, from_dlpack, zeros, ones, empty, full, zeros_like,
    ones_like, empty_like, full_like, arange, linspace, logspace, eye, range_ as range)
from ._tensor_str import set_printoptions  # noqa: E402,F401
from . import _bind  # noqa: E402

for _name, _dt in _ALIASES.items():
    globals()[_name] = _dt
bool = _dtype.bool_  # noqa: A001

globals().update(_bind.torch_functions())
from ._creation import legacy_type as _legacy_type  # noqa: E402
for _d in _dtype.ALL:
    globals()[_d._legacy] = _legacy_type(_d)

from . import cuda, accelerator  # noqa: E402,F401
from . import autograd  # noqa: E402,F401
from .autograd import (  # noqa: E402,F401
    no_grad, enable_grad, set_grad_enabled, inference_mode, is_grad_enabled,
    is_inference_mode_enabled)
from ._functions import (  # noqa: E402,F401
    is_tensor, is_storage, is_floating_point, is_complex, numel, typename,
    get_default_device, set_default_device)
from .random import (  # noqa: E402,F401
    manual_seed, seed, initial_seed, get_rng_state, set_rng_state, Generator, default_generator)

from ._layouts import (  # noqa: E402,F401
    layout, memory_format, strided, sparse_coo, sparse_csr, sparse_csc, sparse_bsr, sparse_bsc,
    jagged, contiguous_format, channels_last, channels_last_3d, preserve_format)
from ._functions import (  # noqa: E402,F401
    OutOfMemoryError, set_default_tensor_type, set_flush_denormal, set_warn_always,
    is_warn_always_enabled)
from .autograd.anomaly_mode import (  # noqa: E402,F401
    is_anomaly_enabled, is_anomaly_check_nan_enabled, set_anomaly_enabled)

# torch.pi, torch.e, torch.inf, torch.nan (Python floats) and torch.newaxis (None), as PyTorch
import math as _math  # noqa: E402
pi, e, inf, nan, newaxis = _math.pi, _math.e, _math.inf, _math.nan, None

from ._alias import alias_torch, install_default as _install_alias  # noqa: E402
_install_alias()

if _os.environ.get("JTORCH_EAGER", "") not in ("", "0"):
    runtime.config["eager"] = True
if _os.environ.get("JTORCH_CACHE_DIR"):  # JAX's persistent compilation cache (jtorch.compiler)
    from .compiler import set_persistent_cache as _set_cache
    _set_cache(_os.environ["JTORCH_CACHE_DIR"])

# The PyTorch version whose API jtorch reproduces, with jtorch's own release as the local label:
# programs that compare torch.__version__ against a minimum PyTorch release take their modern
# code paths, and `+jtorch.0.1.0` says which implementation runs.
__version__ = "2.13.0+jtorch.0.1.0"

from ._runtime import gc_freeze as _gc_freeze  # noqa: E402
_gc_freeze.freeze()  # modules and JAX's state live until exit: keep them out of full GCs

# Submodules imported on first use, so `import jtorch` stays fast: torch.nn, torch.optim, ...
_LAZY_MODULES = ("nn", "optim", "utils", "distributions", "serialization", "compiler", "vision",
                 "backends", "amp", "distributed", "multiprocessing", "hub", "jit", "onnx",
                 "special", "fft", "testing", "version", "func", "cpu")
_LAZY_ATTRS = {"save": "serialization", "load": "serialization", "compile": "compiler",
               "GradScaler": "amp", "vmap": "func",
               **{name: "amp" for name in (
                   "autocast", "is_autocast_enabled", "get_autocast_dtype",
                   "is_autocast_cache_enabled")},
               **{name: "_settings" for name in (
                   "set_num_threads", "get_num_threads", "set_num_interop_threads",
                   "get_num_interop_threads", "set_float32_matmul_precision",
                   "get_float32_matmul_precision", "use_deterministic_algorithms",
                   "are_deterministic_algorithms_enabled",
                   "is_deterministic_algorithms_warn_only_enabled",
                   "set_deterministic_debug_mode", "get_deterministic_debug_mode")}}


def __getattr__(name):
    import importlib
    module = name if name in _LAZY_MODULES else _LAZY_ATTRS.get(name)
    if module is not None:
        try:
            m = importlib.import_module(f"{__name__}.{module}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{module}":
                raise
        else:
            return m if module == name else getattr(m, name)
    raise AttributeError(f"module 'torch' has no attribute '{name}'")  # (PyTorch's words)
