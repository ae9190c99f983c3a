"""torch.testing.make_tensor: random tensors over PyTorch's per-dtype default ranges, drawn
from jtorch's own RNG (so the values follow torch.manual_seed, not PyTorch's stream)."""
import collections.abc
import functools
import math
import warnings

from .. import _dtype
from .._dtype import bool_, float16, bfloat16, float32, float64

_INTEGRAL = tuple(d for d in _dtype.ALL if not d.is_floating_point and d is not bool_)
_FLOATING = (float16, bfloat16, float32, float64)


def _low_high(low, high, dtype, lowest, highest, default_low, default_high):
    """PyTorch's checks and clamping of the [low, high) interval."""
    low = default_low if low is None else low
    high = default_high if high is None else high
    if any(isinstance(v, float) and math.isnan(v) for v in (low, high)):
        raise ValueError(f"`low` and `high` cannot be NaN, but got {low=} and {high=}")
    if low == high and dtype in _FLOATING:
        warnings.warn("Passing `low==high` to `torch.testing.make_tensor` for floating or complex "
                      "types is deprecated since 2.1 and will be removed in 2.3. Use "
                      "`torch.full(...)` instead.", FutureWarning, stacklevel=3)
    elif low >= high:
        raise ValueError(f"`low` must be less than `high`, but got {low} >= {high}")
    elif high < lowest or low >= highest:
        raise ValueError(f"The value interval specified by `low` and `high` is [{low}, {high}), "
                         f"but {dtype} only supports [{lowest}, {highest})")
    low = min(max(low, lowest), highest)
    high = min(max(high, lowest), highest)
    if dtype is bool_ or dtype in _INTEGRAL:
        return math.ceil(low), math.ceil(high)
    return low, high


def make_tensor(*shape, dtype, device, low=None, high=None, requires_grad=False,
                noncontiguous=False, exclude_zero=False, memory_format=None):
    """torch.testing.make_tensor: values uniform in [low, high) (defaults: bool [0, 2), unsigned
    [0, 10), signed integers [-9, 10), floats [-9, 9)), optionally non-contiguous (a strided view
    of a tensor twice as wide), with zeros replaced (exclude_zero) as PyTorch does."""
    import jtorch
    if len(shape) == 1 and isinstance(shape[0], collections.abc.Sequence):
        shape = shape[0]
    shape = tuple(shape)
    if noncontiguous and memory_format is not None:
        raise ValueError("The parameters `noncontiguous` and `memory_format` are mutually "
                         f"exclusive, but got {noncontiguous=} and {memory_format=}")
    dtype = _dtype.to_dtype(dtype) if not isinstance(dtype, _dtype.dtype) else dtype
    integral = dtype is bool_ or dtype in _INTEGRAL
    if requires_grad and integral:
        raise ValueError("`requires_grad=True` is not supported for boolean and integral dtypes, "
                         f"but got {dtype=}")
    noncontiguous = noncontiguous and functools.reduce(lambda x, y: x * y, shape, 1) > 1
    if noncontiguous:
        shape = (*shape[:-1], 2 * shape[-1])
    if dtype is bool_:
        low, high = _low_high(low, high, dtype, 0, 2, 0, 2)
        result = jtorch.randint(low, high, shape, device=device, dtype=dtype)
    elif dtype in _INTEGRAL:
        info = _dtype.iinfo(dtype)
        low, high = _low_high(low, high, dtype, info.min,
                              info.max + (1 if dtype is not _dtype.int64 else 0), -9, 10)
        result = jtorch.randint(low, high, shape, device=device, dtype=dtype)
    elif dtype in _FLOATING:
        info = _dtype.finfo(dtype)
        low, high = _low_high(low, high, dtype, float(info.min), float(info.max), -9, 9)
        result = jtorch.empty(shape, device=device, dtype=dtype)
        if high - low >= float(info.max):
            result.uniform_(low / 2, high / 2).mul_(2)
        else:
            result.uniform_(low, high)
    else:
        raise TypeError(f"The requested dtype '{dtype}' is not supported by "
                        "torch.testing.make_tensor(). To request support, file an issue at: "
                        "https://github.com/pytorch/pytorch/issues")
    if noncontiguous:
        result = result[..., 1::2]
    elif memory_format is not None:
        result = result.clone(memory_format=memory_format)
    if exclude_zero:
        result.masked_fill_(result == 0, 1 if integral else float(_dtype.finfo(dtype).tiny))
    if dtype in _FLOATING:
        result.requires_grad = requires_grad
    return result
