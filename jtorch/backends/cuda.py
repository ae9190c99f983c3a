"""torch.backends.cuda: cuBLAS matmul flags, the cuFFT plan cache and SDPA backend switches.

Recorded and read back as PyTorch does; XLA chooses its GPU kernels itself. `matmul.allow_tf32`
is the same setting as torch.set_float32_matmul_precision ('high' when True), as in PyTorch.
"""
import contextlib
import warnings

from .. import _settings


def is_built():
    """True when a JAX CUDA plugin is installed (PyTorch: built with CUDA support)."""
    try:
        from jax._src.lib import cuda_versions
    except ImportError:
        return False
    return cuda_versions is not None


def _want_bool(setter, value, sep=""):
    """PyTorch's RuntimeError for a non-bool flag value, naming its C++ setter."""
    if not isinstance(value, bool):
        raise RuntimeError(f"{setter} expects a bool, but got {sep}{_settings._tp_name(value)}")
    return value


def _reduction(value, attr):
    """PyTorch's parse of a reduced-precision setting: a bool, or (allow, allow_splitk)."""
    def want_bool(x, which):
        if not isinstance(x, bool):
            raise TypeError(f"{attr} expects a bool for {which}, but got {type(x)!r}")
        return x
    if isinstance(value, bool):
        return value, True
    if not isinstance(value, (list, tuple)):
        raise TypeError(f"{attr} expects a bool or a tuple/list of bools, but got {type(value)!r}")
    if not value:
        raise TypeError(f"{attr} expects at least one boolean argument")
    if len(value) > 2:
        raise TypeError(f"{attr} expects at most two boolean arguments")
    allow = want_bool(value[0], "allow_reduced_precision")
    return allow, (want_bool(value[1], "allow_splitk") if len(value) == 2 else True)


class cuBLASModule:
    """torch.backends.cuda.matmul: attribute names and errors as PyTorch's cuBLASModule."""

    def __init__(self):
        object.__setattr__(self, "_state", {"fp16": (True, True), "bf16": (True, True),
                                            "fp16_accumulation": False})

    def __getattr__(self, name):
        s = self.__dict__["_state"]
        if name == "allow_tf32":
            return _settings.get_float32_matmul_precision() != "highest"
        if name in ("allow_fp16_reduced_precision_reduction",
                    "allow_bf16_reduced_precision_reduction"):
            return s[name[6:10]][0]
        if name in ("allow_fp16_reduced_precision_reduction_split_k",
                    "allow_bf16_reduced_precision_reduction_split_k"):
            return s[name[6:10]][1]
        if name == "allow_fp16_accumulation":
            return s["fp16_accumulation"]
        raise AttributeError("Unknown attribute " + name)

    def __setattr__(self, name, value):
        s = self.__dict__["_state"]
        if name == "allow_tf32":
            _want_bool("set_allow_tf32_cublas", value)
            _settings.set_float32_matmul_precision("high" if value else "highest")
        elif name in ("allow_fp16_reduced_precision_reduction",
                      "allow_bf16_reduced_precision_reduction"):
            s[name[6:10]] = _reduction(value, name)
        elif name == "allow_fp16_accumulation":
            s["fp16_accumulation"] = _want_bool("set_allow_fp16_accumulation_cublas", value)
        else:
            raise AttributeError("Unknown attribute " + name)


class cuFFTPlanCache:
    """One device's cuFFT plan cache; XLA keeps no such cache, so it is always empty."""

    def __init__(self, device_index):
        self.device_index = device_index
        self._max_size = 4096

    @property
    def size(self):
        return 0

    @size.setter
    def size(self, value):
        raise RuntimeError(".size is a read-only property showing the number of plans currently "
                           "in the cache. To change the cache capacity, set "
                           "cufft_plan_cache.max_size.")

    @property
    def max_size(self):
        return self._max_size

    @max_size.setter
    def max_size(self, value):
        self._max_size = int(value)

    def clear(self):
        """Nothing to clear: XLA compiles FFTs into its programs."""


class cuFFTPlanCacheManager:
    """cufft_plan_cache[i] is device i's cache; attributes go to the current device's cache."""

    def __init__(self):
        object.__setattr__(self, "caches", {})

    def __getitem__(self, device):
        from .. import cuda
        index = cuda._device_index(device, optional=True)
        n = cuda.device_count()
        if index < 0 or index >= n:
            raise RuntimeError(f"cufft_plan_cache: expected 0 <= device index < {n}, but got "
                               f"device with index {index}")
        return self.caches.setdefault(index, cuFFTPlanCache(index))

    def __getattr__(self, name):
        from .. import cuda
        return getattr(self[cuda.current_device()], name)

    def __setattr__(self, name, value):
        from .. import cuda
        setattr(self[cuda.current_device()], name, value)


matmul = cuBLASModule()
cufft_plan_cache = cuFFTPlanCacheManager()

_sdp = {"flash": True, "mem_efficient": True, "math": True, "cudnn": True}


def enable_flash_sdp(enabled):
    """Record the flash scaled-dot-product-attention switch (jtorch's SDPA is XLA's)."""
    _sdp["flash"] = _want_bool("set_sdp_use_math", enabled)  # PyTorch names this setter


def flash_sdp_enabled():
    """The recorded flash SDPA switch (True by default)."""
    return _sdp["flash"]


def enable_mem_efficient_sdp(enabled):
    """Record the memory-efficient SDPA switch."""
    _sdp["mem_efficient"] = _want_bool("set_sdp_use_math", enabled)  # PyTorch names this setter


def mem_efficient_sdp_enabled():
    """The recorded memory-efficient SDPA switch (True by default)."""
    return _sdp["mem_efficient"]


def enable_math_sdp(enabled):
    """Record the math SDPA switch."""
    _sdp["math"] = _want_bool("set_sdp_use_math", enabled)  # PyTorch names this setter


def math_sdp_enabled():
    """The recorded math SDPA switch (True by default)."""
    return _sdp["math"]


def enable_cudnn_sdp(enabled):
    """Record the cuDNN SDPA switch."""
    _sdp["cudnn"] = _want_bool("set_sdp_use_cudnn", enabled, "%s")  # sic


def cudnn_sdp_enabled():
    """The recorded cuDNN SDPA switch (True by default)."""
    return _sdp["cudnn"]


def sdp_kernel(enable_flash=True, enable_math=True, enable_mem_efficient=True,
               enable_cudnn=True):
    """Set the SDPA switches inside a `with` block and restore them after (deprecated)."""
    warnings.warn("`torch.backends.cuda.sdp_kernel()` is deprecated. In the future, this context "
                  "manager will be removed. Please see `torch.nn.attention.sdpa_kernel()` for the "
                  "new context manager, with updated signature.", FutureWarning, stacklevel=2)
    return _sdp_kernel(enable_flash, enable_math, enable_mem_efficient, enable_cudnn)


@contextlib.contextmanager
def _sdp_kernel(flash, math, mem_efficient, cudnn):
    saved = dict(_sdp)
    _sdp.update(flash=bool(flash), math=bool(math), mem_efficient=bool(mem_efficient),
                cudnn=bool(cudnn))
    try:
        yield
    finally:
        _sdp.update(saved)
