"""torch.device on JAX devices (DESIGN.md idea 10): 'cuda' is the first GPU JAX sees."""
import functools

import numpy as np

import jax


class device:
    """torch.device('cpu'), torch.device('cuda:1'), torch.device('cuda', 0), torch.device(0)."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int):
            type, index = "cuda", type
        if not isinstance(type, str):
            raise TypeError(f"device() received an invalid combination of arguments - got ({type!r})")
        if ":" in type:
            if index is not None:
                raise RuntimeError(f"type (string) must not include an index because index was "
                                   f"passed explicitly: {type}")
            type, _, idx = type.partition(":")
            if not idx.isdigit():
                raise RuntimeError(f"Invalid device string: '{type}:{idx}'")
            index = int(idx)
        if type not in ("cpu", "cuda", "meta", "mps", "xla", "xpu"):
            raise RuntimeError(
                "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, "
                f"maia, xla, lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start "
                f"of device string: {type}")
        if index is not None and index < 0:
            raise RuntimeError(f"Device index must not be negative")
        self.type, self.index = type, index

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and (self.type, self.index) == (other.type, other.index)

    def __hash__(self):
        return hash((self.type, self.index))

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@functools.lru_cache(maxsize=None)
def gpus():
    """JAX's GPU devices; empty when JAX sees none."""
    try:
        return tuple(jax.devices("gpu"))
    except RuntimeError:
        return ()


@functools.lru_cache(maxsize=None)
def cpu_device():
    return jax.devices("cpu")[0]


# The current CUDA device index (torch.cuda.set_device): what `torch.device('cuda')` names.
current_cuda = [0]


def to_jax(dev):
    """The jax.Device for a jtorch device (or str/int); raises as PyTorch does without CUDA."""
    dev = device(dev) if not isinstance(dev, device) else dev
    if dev.type == "cpu":
        return cpu_device()
    if dev.type == "cuda":
        g = gpus()
        if not g:
            raise AssertionError("Torch not compiled with CUDA enabled")
        i = dev.index if dev.index is not None else current_cuda[0]
        if i >= len(g):
            raise RuntimeError(f"CUDA error: invalid device ordinal (cuda:{i}, {len(g)} device(s))")
        return g[i]
    raise RuntimeError(f"jtorch supports only 'cpu' and 'cuda' devices, got '{dev}'")


def from_jax(jdev):
    if jdev.platform == "cpu":
        return device("cpu")
    return device("cuda", gpus().index(jdev))


_shardings = {}


def put(array, jdev):
    """A NumPy array (copied) as a jax.Array on jax device `jdev`: jax.device_put's result.

    `jax.device_put` spends 60-110 µs in Python per call; JAX's own transfer under it
    (`pxla.shard_args`, an internal function) takes about 20. Tensor creation from data and
    host-drawn random samples take that path, and fall back to device_put if a JAX version
    lacks it."""
    s = _shardings.get(jdev)
    if s is None:
        s = _shardings[jdev] = jax.sharding.SingleDeviceSharding(jdev)
    if _shard_args is not None and type(array) is np.ndarray:
        try:
            return _shard_args([s], [None], _ALWAYS_COPY, [array], canonicalize=False)[0]
        except Exception:  # noqa: BLE001 (an internal API changed: use the public one)
            pass
    return jax.device_put(array, jdev)


try:
    from jax._src.interpreters.pxla import shard_args as _shard_args
    from jax._src.lib import xla_client as _xc
    _ALWAYS_COPY = [_xc.ArrayCopySemantics.ALWAYS_COPY]  # never alias the caller's array
except (ImportError, AttributeError):  # pragma: no cover
    _shard_args = None
