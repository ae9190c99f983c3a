"""Tensor creation: torch.tensor and the factories (zeros, ones, full, arange, linspace, eye...).

dtype inference is PyTorch's: Python ints give int64, floats the default float dtype, bools
bool; NumPy arrays keep their dtype. Factories record a node (no transfer from the host), so
`torch.zeros(16)` costs a recording and fuses into the program that uses it.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np

from . import _dtype
from ._device import to_jax, device as _device_cls
from ._ops.dispatch import record
from ._ops.registry import op
from ._tensor import Tensor


def parse_size(size, name="size"):
    """Sizes as varargs `(2, 3)`, a tuple `((2, 3),)`, a torch.Size, or ints that are tensors."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    out = []
    for s in size:
        if isinstance(s, Tensor) or hasattr(s, "__index__"):
            s = s.__index__()
        else:
            raise TypeError(f"{name}(): argument 'size' must be tuple of ints, but found element "
                            f"of type {type(s).__name__}")
        if s < 0:
            raise RuntimeError(f"Trying to create tensor with negative dimension {s}: "
                               f"{list(int(x) for x in size)}")
        out.append(s)
    return tuple(out)


def _jdev(device):
    from ._device import cpu_device
    return cpu_device() if device is None else to_jax(device)


def _finish(t, requires_grad):
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t.requires_grad = True
    return t


# ---- torch.tensor ---------------------------------------------------------------------------
def _infer_dtype(data):
    """PyTorch's dtype for nested Python data: float beats int beats bool."""
    kind = 0
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, Tensor):
            return None
        elif isinstance(x, bool):
            pass
        elif isinstance(x, int):
            kind = max(kind, 1)
        elif isinstance(x, float):
            return _dtype.get_default_dtype()
        elif isinstance(x, np.generic):
            return None
        elif isinstance(x, complex):
            raise NotImplementedError("jtorch does not support complex tensors")
        else:
            raise TypeError(f"new(): invalid data type '{type(x).__name__}'")
    return (_dtype.bool_, _dtype.int64)[kind]


def _to_numpy(data):
    if isinstance(data, Tensor):
        return np.asarray(data._array())
    if isinstance(data, (list, tuple)):
        if any(isinstance(x, Tensor) for x in data):
            return np.stack([_to_numpy(x) for x in data]) if data else np.zeros((0,))
        try:
            return np.array(data)
        except ValueError as e:
            raise ValueError(f"expected sequence of equal-length lists: {e}") from None
    if isinstance(data, jax.Array):
        return data
    return np.asarray(data)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """torch.tensor: always copies `data` (lists, scalars, NumPy arrays, Tensors)."""
    if isinstance(data, Tensor):
        t = data.detach().clone()
        if dtype is not None:
            t = t.to(_dtype.to_dtype(dtype))
        if device is not None:
            t = t.to(device)
        return _finish(t, requires_grad)
    if isinstance(data, (list, tuple, bool, int, float)):
        inferred = _infer_dtype(data)
    else:
        inferred = None
    arr = _to_numpy(data)
    if dtype is not None:
        target = _dtype.to_dtype(dtype)
    elif inferred is not None:
        target = inferred
    else:
        target = _dtype.from_numpy_dtype(arr.dtype)
        if target is _dtype.float64 and isinstance(data, (list, tuple)) and \
                not _has_numpy_float64(data):
            target = _dtype.get_default_dtype()
    if arr.dtype == object:
        raise TypeError("Could not infer dtype of object")
    arr = np.asarray(arr, dtype=target.np) if not isinstance(arr, jax.Array) else \
        arr.astype(target.np)
    jdev = _jdev(device)
    t = Tensor._from_array(jax.device_put(arr, jdev), jdev)
    return _finish(t, requires_grad)


def _has_numpy_float64(data):
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(x)
        elif isinstance(x, (np.floating, np.ndarray)) and x.dtype == np.float64:
            return True
        elif isinstance(x, Tensor) and x.dtype is _dtype.float64:
            return True
    return False


def as_tensor(data, dtype=None, device=None):
    """torch.as_tensor: no copy when data is already a Tensor of that dtype and device."""
    if isinstance(data, Tensor):
        if (dtype is None or _dtype.to_dtype(dtype) is data.dtype) and \
                (device is None or _device_cls(device) == data.device):
            return data
        return data.to(device=device, dtype=dtype)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(ndarray):
    """torch.from_numpy. JAX arrays are immutable, so the tensor cannot share the array's memory
    (README, Differences from PyTorch)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    d = _dtype.from_numpy_dtype(ndarray.dtype)
    jdev = _jdev(None)
    return Tensor._from_array(jax.device_put(np.ascontiguousarray(ndarray), jdev), jdev)


def from_jax(array):
    """Wrap a jax.Array as a Tensor without copying."""
    return Tensor._from_array(array)


def from_dlpack(ext):
    if isinstance(ext, Tensor):
        return ext
    return Tensor._from_array(jax.dlpack.from_dlpack(ext))


# ---- factories ------------------------------------------------------------------------------
def _full_kernel(value, *, shape, dt):
    return jnp.full(shape, value, dt.np)


def _factory(shape, value, dtype, device, requires_grad, name):
    t = record(_full_kernel, (value,), (("shape", shape), ("dt", dtype)), name=name,
               device=_jdev(device))
    return _finish(t, requires_grad)


def _float_dtype(dtype):
    return _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    """torch.zeros(*size): a tensor of zeros (default float dtype)."""
    return _factory(parse_size(size, "zeros"), 0, _float_dtype(dtype), device, requires_grad,
                    "zeros")


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    """torch.ones(*size): a tensor of ones (default float dtype)."""
    return _factory(parse_size(size, "ones"), 1, _float_dtype(dtype), device, requires_grad,
                    "ones")


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None):
    """torch.empty: uninitialised in PyTorch; jtorch fills zeros (JAX has no uninitialised
    memory)."""
    return _factory(parse_size(size, "empty"), 0, _float_dtype(dtype), device, requires_grad,
                    "empty")


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    """torch.full: dtype inferred from fill_value as PyTorch (int -> int64, bool -> bool)."""
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    if dtype is None:
        dtype = _dtype.scalar_dtype(fill_value)
    return _factory(parse_size((size,), "full"), fill_value, _dtype.to_dtype(dtype), device,
                    requires_grad, "full")


def _like(input, dtype, device):
    dt = input.dtype if dtype is None else _dtype.to_dtype(dtype)
    dev = input.device if device is None else device
    return input.shape, dt, dev


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    s, d, dev = _like(input, dtype, device)
    return _factory(tuple(s), 0, d, dev, requires_grad, "zeros_like")


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    s, d, dev = _like(input, dtype, device)
    return _factory(tuple(s), 1, d, dev, requires_grad, "ones_like")


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    s, d, dev = _like(input, dtype, device)
    return _factory(tuple(s), 0, d, dev, requires_grad, "empty_like")


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    s, d, dev = _like(input, dtype, device)
    return _factory(tuple(s), fill_value, d, dev, requires_grad, "full_like")


def _arange_kernel(start, step, *, n, dt):
    acc = jnp.float64 if dt.is_floating_point else jnp.int64
    return (jnp.asarray(start, acc) + jnp.arange(n, dtype=acc) * jnp.asarray(step, acc)).astype(
        dt.np)


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    """torch.arange: int64 for integer arguments, the default float dtype otherwise."""
    if end is None:
        start, end = 0, start
    vals = [v.item() if isinstance(v, Tensor) else v for v in (start, end, step)]
    start, end, step = vals
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if (end - start) * step < 0 and end != start:
        raise RuntimeError("upper bound and larger bound inconsistent with step sign")
    if dtype is None:
        dt = _dtype.get_default_dtype() if any(isinstance(v, float) for v in vals) \
            else _dtype.int64
    else:
        dt = _dtype.to_dtype(dtype)
    n = max(int(math.ceil((end - start) / step)), 0)
    t = record(_arange_kernel, (start, step), (("n", n), ("dt", dt)), name="arange",
               device=_jdev(device))
    return _finish(t, requires_grad)


def range_(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: includes `end`."""
    if end is None:
        start, end = 0, start
    dt = _float_dtype(dtype)
    n = int(math.floor((end - start) / step)) + 1
    t = record(_arange_kernel, (start, step), (("n", n), ("dt", dt)), name="range",
               device=_jdev(device))
    return _finish(t, requires_grad)


def _linspace_kernel(start, end, *, n, dt):
    # PyTorch's CPU kernel: the first half steps up from start, the second half down from end
    cdt = dt.np if dt.is_floating_point else np.float64
    start = jnp.asarray(start, cdt)
    end = jnp.asarray(end, cdt)
    if n == 1:
        return jnp.reshape(start, (1,)).astype(dt.np)
    step = (end - start) / (n - 1)
    i = jnp.arange(n)
    half = n // 2
    out = jnp.where(i < half, start + step * i.astype(cdt), end - step * (n - i - 1).astype(cdt))
    return out.astype(dt.np)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = (v.item() if isinstance(v, Tensor) else v for v in (start, end))
    t = record(_linspace_kernel, (start, end), (("n", steps), ("dt", _float_dtype(dtype))),
               name="linspace", device=_jdev(device))
    return _finish(t, requires_grad)


def _logspace_kernel(start, end, *, n, base, dt):
    lin = _linspace_kernel(start, end, n=n, dt=_dtype.float64 if not dt.is_floating_point
                           else dt)
    return jnp.power(jnp.asarray(base, lin.dtype), lin).astype(dt.np)


def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = (v.item() if isinstance(v, Tensor) else v for v in (start, end))
    t = record(_logspace_kernel, (start, end),
               (("n", steps), ("base", float(base)), ("dt", _float_dtype(dtype))),
               name="logspace", device=_jdev(device))
    return _finish(t, requires_grad)


def _eye_kernel(*, n, m, dt):
    return jnp.eye(n, m, dtype=dt.np)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    m = n if m is None else m
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    t = record(_eye_kernel, (), (("n", n), ("m", m), ("dt", _float_dtype(dtype))), name="eye",
               device=_jdev(device))
    return _finish(t, requires_grad)


# ---- Tensor.new_* ---------------------------------------------------------------------------
def _new_dtype(self, dtype):
    return self.dtype if dtype is None else _dtype.to_dtype(dtype)


def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    return zeros(*size, dtype=_new_dtype(self, dtype), device=device or self.device,
                 requires_grad=requires_grad)


def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False):
    return ones(*size, dtype=_new_dtype(self, dtype), device=device or self.device,
                requires_grad=requires_grad)


def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False):
    return empty(*size, dtype=_new_dtype(self, dtype), device=device or self.device,
                 requires_grad=requires_grad)


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    return full(size, fill_value, dtype=_new_dtype(self, dtype), device=device or self.device,
                requires_grad=requires_grad)


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None,
               pin_memory=False):
    return tensor(data, dtype=_new_dtype(self, dtype), device=device or self.device,
                  requires_grad=requires_grad)


for _f in (new_zeros, new_ones, new_empty, new_full, new_tensor):
    op(_f.__name__, function=False)(_f)


# ---- legacy constructors: torch.Tensor(2, 3), torch.FloatTensor([1, 2]) ---------------------
def legacy_constructor(cls, args, kwargs, dtype=None):
    dtype = dtype or _dtype.get_default_dtype()
    device = kwargs.pop("device", None)
    if kwargs:
        raise TypeError(f"new() received an invalid combination of arguments - got "
                        f"({', '.join(kwargs)})")
    if not args:
        return zeros(0, dtype=dtype, device=device)
    if len(args) == 1 and not isinstance(args[0], int) and not isinstance(args[0], Tensor):
        if hasattr(args[0], "__len__") or isinstance(args[0], np.ndarray):
            return tensor(args[0], dtype=dtype, device=device)
    if all(isinstance(a, int) for a in args) or (len(args) == 1 and isinstance(args[0], tuple)):
        return zeros(*args, dtype=dtype, device=device)
    if len(args) == 1 and isinstance(args[0], Tensor):
        return args[0]
    raise TypeError(f"new() received an invalid combination of arguments - got "
                    f"({', '.join(type(a).__name__ for a in args)})")


class _LegacyMeta(type):
    def __instancecheck__(cls, obj):
        return isinstance(obj, Tensor) and obj.dtype is cls.dtype and \
            (obj.is_cuda == cls.is_cuda)

    def __repr__(cls):
        return f"<class '{cls.__module__}.{cls.__name__}'>"


def legacy_type(dtype, cuda=False):
    """torch.FloatTensor etc.: callable constructors, isinstance checks and `type()` targets."""
    module = "torch.cuda" if cuda else "torch"

    def new(cls, *args, **kwargs):
        t = legacy_constructor(Tensor, list(args), dict(kwargs), dtype)
        return t.cuda() if cuda else t

    return _LegacyMeta(dtype._legacy, (), {"__new__": new, "dtype": dtype, "is_cuda": cuda,
                                          "__module__": module})
