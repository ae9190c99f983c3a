"""Tensor creation: torch.tensor and the factories (zeros, ones, full, arange, linspace, eye...).

dtype inference is PyTorch's: Python ints give int64, floats the default float dtype, bools
bool; NumPy arrays keep their dtype. Factories record a node (no transfer from the host), so
`torch.zeros(16)` costs a recording and fuses into the program that uses it.
"""
import math
import sys
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from . import _dtype
from ._device import to_jax, device as _device_cls, put as _put
from ._ops.dispatch import record
from ._ops.elementwise import fma
from ._ops.registry import op
from ._tensor import Tensor
from ._size import Size


def _size_error(name, x, pos=None):
    if pos is None:
        return TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, not "
                         f"{type(x).__name__}")
    return TypeError(f"{name}(): argument 'size' failed to unpack the object at pos {pos} with "
                     f"error \"type must be tuple of ints,but got {type(x).__name__}\"")


def _as_dim(x):
    """An int from a size element: Python/NumPy ints and one-element integer tensors."""
    if isinstance(x, bool):
        return None
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, Tensor):
        if x.dtype.is_floating_point or x.dtype is _dtype.bool_ or x.numel() != 1:
            return None
        return int(x.item())
    return None


def parse_size(size, name="size", kw=None):
    """A size given as varargs `(2, 3)`, one tuple/list/torch.Size `((2, 3),)` or the `size=`
    keyword (`kw`), with PyTorch's TypeErrors and its negative-dimension RuntimeError."""
    if kw is not None:
        if size:
            raise TypeError(f"{name}() got multiple values for argument 'size'")
        size = (kw,)
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size, packed = tuple(size[0]), True
    else:
        packed = False
        if len(size) == 1 and _as_dim(size[0]) is None:
            raise _size_error(name, size[0])
    out = []
    for i, s in enumerate(size):
        d = _as_dim(s)
        if d is None:
            if i == 0 and packed:
                raise TypeError(f"{name}(): argument 'size' (position 1) must be tuple of ints, "
                                f"but found element of type {type(s).__name__} at pos 0")
            if i == 0 and len(size) > 1:
                if name in ("rand", "randn"):  # overloaded (generator=, names=)
                    got = ", ".join(type(x).__name__ for x in size)
                    raise TypeError(f"{name}() received an invalid combination of arguments - "
                                    f"got ({got}), but expected one of:")
                raise TypeError(f"{name}() takes 1 positional argument but {len(size)} were given")
            raise _size_error(name, s, i + 1) if (packed or i) else _size_error(name, s)
        out.append(d)
    for d in out:
        if d < 0:
            if name == "zeros":
                raise RuntimeError("zeros: Dimension size must be non-negative.")
            raise RuntimeError(f"Trying to create tensor with negative dimension {d}: {out}")
    return tuple(out)


def _jdev(device):
    """The jax.Device for a device argument (None: the CPU; a jax.Device passes through)."""
    if device is None:
        from ._device import cpu_device
        return cpu_device()
    if isinstance(device, jax.Device):
        return device
    return to_jax(device)


def _finish(t, requires_grad):
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t.requires_grad = True
    return t


def _dtype_arg(dtype, fname, default=None):
    return default if dtype is None else _dtype.dtype_arg(dtype, fname)


# ---- torch.tensor ---------------------------------------------------------------------------
_SEQ = (list, tuple, range)


def _is_seq(x):
    return isinstance(x, _SEQ) or (isinstance(x, np.ndarray) and x.ndim > 0)


def _leaf_dtype(x):
    """The dtype PyTorch infers for one leaf of nested data."""
    if isinstance(x, np.generic) or (isinstance(x, np.ndarray) and x.ndim == 0):
        return _dtype.from_numpy_dtype(x.dtype)
    if isinstance(x, bool):
        return _dtype.bool_
    if isinstance(x, int):
        return _dtype.int64
    if isinstance(x, float):
        return _dtype.get_default_dtype()
    if isinstance(x, Tensor):
        return x.dtype
    if x is None:
        raise RuntimeError("Could not infer dtype of NoneType")
    if isinstance(x, complex):
        raise TypeError("jtorch does not support complex tensors")
    raise TypeError(f"new(): invalid data type '{type(x).__name__}'")


def _infer_dtype(data):
    """PyTorch's dtype for nested Python data: the promotion of every leaf's dtype; an empty
    sequence counts as the default float dtype."""
    result = None
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, _SEQ):
            if len(x) == 0:
                d = _dtype.get_default_dtype()
                result = d if result is None else _dtype.promote_types(result, d)
            stack.extend(x)
            continue
        if isinstance(x, np.ndarray) and x.ndim > 0:
            d = _dtype.from_numpy_dtype(x.dtype)
        else:
            d = _leaf_dtype(x)
        result = d if result is None else _dtype.promote_types(result, d)
    return _dtype.get_default_dtype() if result is None else result


def _shape_of(data):
    shape = []
    x = data
    while _is_seq(x):
        n = len(x)
        shape.append(n)
        if n == 0:
            break
        x = x[0]
    return shape


def _check_nested(data, shape, target, depth=0):
    """PyTorch's errors for ragged or mixed nesting (called only when NumPy refuses)."""
    if depth == len(shape):
        if isinstance(data, Tensor):
            if data.numel() != 1:
                _tensor_leaf_error(target)
            return
        if _is_seq(data):
            if target.is_floating_point:
                raise TypeError(f"must be real number, not {type(data).__name__}")
            raise TypeError(f"'{type(data).__name__}' object cannot be interpreted as an integer")
        return
    if not _is_seq(data):
        if isinstance(data, Tensor) and data.numel() != 1:
            _tensor_leaf_error(target)
        if isinstance(data, np.ndarray):
            raise TypeError("len() of unsized object")
        raise TypeError("not a sequence")
    if len(data) != shape[depth]:
        raise ValueError(f"expected sequence of length {shape[depth]} at dim {depth} "
                         f"(got {len(data)})")
    for x in data:
        _check_nested(x, shape, target, depth + 1)


def _tensor_leaf_error(target):
    if target.is_floating_point:
        raise ValueError("only one element tensors can be converted to Python scalars")
    raise TypeError("only integer tensors of a single element can be converted to an index")


def _unwrap_tensors(data):
    """Nested data with tensors replaced by their values (a sync point, as in PyTorch)."""
    if isinstance(data, Tensor):
        a = data._host().reshape(())
        return a.astype(np.float32) if data.dtype is _dtype.bfloat16 else a
    if isinstance(data, _SEQ):
        return [_unwrap_tensors(x) for x in data]
    return data


def _has_0d_array(data):
    stack = list(data) if isinstance(data, _SEQ) else []
    while stack:
        x = stack.pop()
        if isinstance(x, np.ndarray) and x.ndim == 0:
            return True
        if isinstance(x, _SEQ):
            stack.extend(x)
    return False


def _has_tensor(data):
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, Tensor):
            return True
        if isinstance(x, _SEQ):
            stack.extend(x)
    return False


_INT_NAMES = {"uint8": "uint8", "int8": "int8", "int16": "int16", "int32": "int32",
              "int64": "int64"}


def _int_out_of_range(a, info, is_float):
    """Which numbers PyTorch's checked conversion rejects: a float outside [min, max] of the
    type (or not finite), an int outside [-max, max] for unsigned types, [min, max] else."""
    if is_float:
        with np.errstate(invalid="ignore"):
            return ~np.isfinite(a) | (a < float(info.min)) | (a > float(info.max))
    lo = -int(info.max) if info.min == 0 else int(info.min)
    return (a < lo) | (a > int(info.max))


def _check_int_range(arr, target, data=None):
    """torch.tensor(<Python numbers>, dtype=<int>): values out of range raise. Each number is
    checked by its own Python type (`data`, when given, holds them: a list mixing ints and
    floats becomes a float array)."""
    if target is _dtype.bool_ or target.is_floating_point or arr.size == 0:
        return
    info = np.iinfo(target.np)
    a = arr
    if a.dtype.kind == "f":
        bad = np.any(_int_out_of_range(a, info, True))
        if bad and data is not None and not isinstance(data, float):
            bad = any(bool(_int_out_of_range(x, info, isinstance(x, float)))
                      for x in _flat_numbers(data) if not isinstance(x, bool))
    elif a.dtype.kind in "iu" or a.dtype == object:
        bad = np.any(_int_out_of_range(a, info, False))
    else:
        return
    if bad:
        raise RuntimeError(f"value cannot be converted to type {_INT_NAMES[target.name]} without "
                           "overflow")


def _flat_numbers(data):
    """The Python numbers in nested sequences `data`."""
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, _SEQ):
            stack.extend(x)
        else:
            yield x.item() if isinstance(x, np.generic) else x


def _from_python(data, dtype):
    """A NumPy array of `dtype` from nested Python data, with PyTorch's inference and errors."""
    target = _infer_dtype(data) if dtype is None else dtype
    shape = _shape_of(data)
    if 0 in shape:  # PyTorch reads the shape from the first elements and stores nothing
        return np.zeros(shape, target.np)
    if _has_0d_array(data):
        raise TypeError("len() of unsized object")
    if _has_tensor(data):
        shape = _shape_of(data)
        _check_nested(data, shape, target)
        data = _unwrap_tensors(data)
    try:
        raw = np.array(data) if not isinstance(data, (bool, int, float)) else np.array(data)
    except (ValueError, TypeError, OverflowError):
        raw = None
    if raw is None or raw.dtype == object or (raw.dtype.kind in "USV"):
        shape = _shape_of(data)
        _check_nested(data, shape, target)
        if raw is None or raw.dtype == object:
            _check_big_ints(data, target)
            raw = np.array(data, dtype=object)
        if raw.dtype.kind in "USV":
            raise TypeError(f"new(): invalid data type '{type(raw.flat[0].item()).__name__}'")
    if raw.dtype == np.uint64 and _is_int_type(target):
        raise ValueError("Overflow when unpacking long long")
    if raw.dtype.kind == "f" and _is_int_type(target) and np.any(np.abs(raw) >= 2.0 ** 63):
        _check_big_ints(data, target)  # a huge int beside floats
    _check_int_range(raw, target, data)
    if raw.dtype == object:
        raw = raw.astype(np.int64 if _is_int_type(target) else target.np)
    with np.errstate(over="ignore", invalid="ignore"):  # torch casts out-of-range values silently
        return raw.astype(target.np)


def _is_int_type(dt):
    """Integer dtypes (where a Python int beyond 64 bits overflows; bool and floats take it)."""
    return not dt.is_floating_point and dt is not _dtype.bool_


def _check_big_ints(data, target):
    stack = [data]
    while stack:
        x = stack.pop()
        if isinstance(x, _SEQ):
            stack.extend(x)
        elif type(x) is int and not -2 ** 63 <= x < 2 ** 63 and _is_int_type(target):
            raise ValueError("Overflow when unpacking long long")


def _numpy_cast(arr, target):
    """A NumPy array converted as PyTorch's copy_ does: unchecked, floats into integers
    truncated (NaN and out-of-range values as on x86 CPU), integers wrapped."""
    with np.errstate(over="ignore", invalid="ignore"):
        if np.issubdtype(target.np, np.integer) and \
                (arr.dtype.kind == "f" or arr.dtype == _dtype.bfloat16.np):
            # (as conversion.float_to_int, on the host: truncate; NaN and values beyond
            # int32 (int64 for int64) become its minimum, then wrap to the narrower type)
            x = np.trunc(arr.astype(np.float32) if arr.dtype.itemsize < 4 else arr)
            it = np.int64 if target.np == np.int64 else np.int32
            lim = 2.0 ** (np.iinfo(it).bits - 1)
            ok = (x >= -lim) & (x < lim)
            arr = np.where(ok, np.where(ok, x, 0).astype(it), np.iinfo(it).min)
        return arr.astype(target.np)


def _warn_copy_construct(spelling):
    """PyTorch's UserWarning for copy-constructing from a Tensor, given when the user's own
    code (not jtorch) made the call."""
    if "/jtorch/" in sys._getframe(2).f_code.co_filename.replace("\\", "/"):
        return
    warnings.warn("To copy construct from a tensor, it is recommended to use "
                  "sourceTensor.detach().clone() or sourceTensor.detach().clone()"
                  f".requires_grad_(True), rather than {spelling}.", UserWarning, stacklevel=3)


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """torch.tensor: always copies `data` (lists, scalars, NumPy arrays, Tensors); PyTorch's
    dtype inference (ints int64, floats the default dtype, NumPy keeps its dtype)."""
    dtype = _dtype_arg(dtype, "tensor")
    if isinstance(data, Tensor):
        _warn_copy_construct("torch.tensor(sourceTensor)")
        t = data.detach().clone()
        if dtype is not None:
            t = t.to(dtype)
        if device is not None:
            t = t.to(device)
        return _finish(t, requires_grad)
    if isinstance(data, jax.Array):
        arr = data if dtype is None else data.astype(dtype.np)
    elif isinstance(data, (np.ndarray, np.generic)):
        src = _dtype.from_numpy_dtype(data.dtype)
        target = src if dtype is None else dtype
        if isinstance(data, np.generic) and dtype is not None and src is not _dtype.bool_:
            _check_int_range(np.asarray(data), target)  # a NumPy scalar is read as a number
        arr = _numpy_cast(np.asarray(data), target)
    elif isinstance(data, (bool, int, float)) or isinstance(data, _SEQ):
        if type(data) is int and not -2 ** 63 <= data < 2 ** 63 and \
                (dtype is None or _is_int_type(dtype)):
            raise ValueError("Overflow when unpacking long long")
        arr = _from_python(data, dtype)
    elif data is None:
        raise RuntimeError("Could not infer dtype of NoneType")
    elif isinstance(data, complex):
        raise TypeError("jtorch does not support complex tensors")
    else:
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    jdev = _jdev(device)
    t = Tensor._from_array(_put(arr, jdev), jdev)  # (a jax.Array goes through device_put)
    return _finish(t, requires_grad)


def as_tensor(data, dtype=None, device=None):
    """torch.as_tensor: no copy when data is already a Tensor of that dtype and device."""
    dtype = _dtype_arg(dtype, "as_tensor")
    if isinstance(data, Tensor):
        if (dtype is None or dtype is data.dtype) and \
                (device is None or _device_cls(device) == data.device):
            return data
        return data.to(device=device, dtype=dtype)
    return tensor(data, dtype=dtype, device=device)


def from_numpy(ndarray):
    """torch.from_numpy: the array's dtype and shape. JAX arrays are immutable, so the tensor
    cannot share the array's memory (README, Differences from PyTorch)."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(ndarray).__name__})")
    if any(s < 0 for s in ndarray.strides):
        raise ValueError("At least one stride in the given numpy array is negative, and tensors "
                         "with negative strides are not currently supported. (You can probably "
                         "work around this by making a copy of your array  with array.copy().) ")
    _dtype.from_numpy_dtype(ndarray.dtype)
    jdev = _jdev(None)
    return Tensor._from_array(_put(np.array(ndarray, order="C"), jdev), jdev)


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
    _finish_check(dtype, requires_grad)
    t = record(_full_kernel, (value,), (("shape", shape), ("dt", dtype)), name=name,
               device=_jdev(device))
    return _finish(t, requires_grad)


def _finish_check(dtype, requires_grad):
    if requires_grad and not dtype.is_floating_point:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                           "gradients")


def _float_dtype(dtype, fname="tensor"):
    return _dtype.get_default_dtype() if dtype is None else _dtype.dtype_arg(dtype, fname)


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None, **kw):
    """torch.zeros(*size) or zeros(size=...): zeros of the default float dtype."""
    shape = parse_size(size, "zeros", _size_kw(kw, "zeros", size))
    return _factory(shape, 0, _float_dtype(dtype, "zeros"), device, requires_grad, "zeros")


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False, memory_format=None, **kw):
    """torch.ones(*size) or ones(size=...): ones of the default float dtype."""
    shape = parse_size(size, "ones", _size_kw(kw, "ones", size))
    return _factory(shape, 1, _float_dtype(dtype, "ones"), device, requires_grad, "ones")


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, memory_format=None, **kw):
    """torch.empty: uninitialised in PyTorch; jtorch fills zeros (JAX has no uninitialised
    memory)."""
    shape = parse_size(size, "empty", _size_kw(kw, "empty", size))
    return _factory(shape, 0, _float_dtype(dtype, "empty"), device, requires_grad, "empty")


def _size_kw(kw, fname, size):
    if not kw:
        if not size:
            raise TypeError(f'{fname}() missing 1 required positional arguments: "size"')
        return None
    if set(kw) != {"size"}:
        raise TypeError(f"{fname}() got an unexpected keyword argument '{next(iter(set(kw) - {'size'}))}'")
    return kw["size"]


def _fill_value(fill_value, fname):
    if isinstance(fill_value, Tensor):
        if fill_value.numel() != 1:
            raise TypeError(f"{fname}(): argument 'fill_value' (position 2) must be Number, not "
                            "Tensor")
        fill_value = fill_value.item()
    if isinstance(fill_value, np.generic):  # (a NumPy bool reads as a float, as in PyTorch)
        fill_value = float(fill_value) if isinstance(fill_value, np.bool_) else fill_value.item()
    if not isinstance(fill_value, (bool, int, float, complex)):
        raise TypeError(f"{fname}(): argument 'fill_value' (position 2) must be Number, not "
                        f"{type(fill_value).__name__}")
    if type(fill_value) is int and not -2 ** 63 <= fill_value < 2 ** 64:
        raise OverflowError("int too big to convert")
    return fill_value


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None,
         requires_grad=False, pin_memory=False):
    """torch.full: dtype inferred from fill_value as PyTorch (int -> int64, bool -> bool, float
    -> the default dtype); a value that does not fit the dtype raises."""
    if not isinstance(size, (tuple, list)):
        raise TypeError(f"full(): argument 'size' (position 1) must be tuple of ints, not "
                        f"{type(size).__name__}")
    shape = parse_size((size,), "full")
    fill_value = _fill_value(fill_value, "full")
    if isinstance(fill_value, complex) and dtype is None:
        raise TypeError("jtorch does not support complex tensors")
    dt = _dtype.scalar_dtype(fill_value) if dtype is None else _dtype.dtype_arg(dtype, "full")
    return _factory(shape, _checked_fill(fill_value, dt, math.prod(shape)), dt, device,
                    requires_grad, "full")


def _checked_fill(value, dt, numel):
    """PyTorch's fill conversion: checked, except a one-element half/bfloat16 fill (its
    single-element path converts through float unchecked: 1e39 gives inf)."""
    from ._ops.elementwise import check_scalar_fits, real_scalar
    value = real_scalar(value, dt)
    if numel != 1 or dt not in (_dtype.float16, _dtype.bfloat16):
        check_scalar_fits(value, dt, bfloat16_too=True)
    if type(value) is int and value >= 2 ** 63:
        value -= 2 ** 64
    return value


def _like(input, dtype, device, fname):
    if not isinstance(input, Tensor):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    n = input._node()
    dt = n.dtype if dtype is None else _dtype.dtype_arg(dtype, fname)
    return n.shape, dt, n.device if device is None else device


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    s, d, dev = _like(input, dtype, device, "zeros_like")
    return _factory(s, 0, d, dev, requires_grad, "zeros_like")


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    s, d, dev = _like(input, dtype, device, "ones_like")
    return _factory(s, 1, d, dev, requires_grad, "ones_like")


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False,
               memory_format=None):
    s, d, dev = _like(input, dtype, device, "empty_like")
    return _factory(s, 0, d, dev, requires_grad, "empty_like")


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False,
              memory_format=None):
    s, d, dev = _like(input, dtype, device, "full_like")
    fill_value = _fill_value(fill_value, "full_like")
    return _factory(s, _checked_fill(fill_value, d, math.prod(s)), d, dev, requires_grad,
                    "full_like")


# ---- ranges ---------------------------------------------------------------------------------
# PyTorch's CPU range kernels are reproduced bit for bit: arange computes start + step * i in
# the accumulate type (double for float/double, float for half types), with fused multiply-adds,
# and in 256-bit vector blocks (the block's first value rounded to the output dtype, the rest
# stepped from it); linspace steps from start for the first half and back from end for the
# second half.
def _fma64(a, b, c):
    return fma(a, b, c)


def _fma_acc(a, b, c, acc):
    """a * b + c with one rounding: float32 operands are exact in float64."""
    if acc == np.float64:
        return _fma64(a, b, c)
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(acc)


def _div_const(x, c):
    """x / c for a constant c, correctly rounded (XLA would multiply by a rounded 1/c)."""
    return x / jax.lax.optimization_barrier(jnp.asarray(c, x.dtype))


def _round_to_dtype(x, dt):
    return x.astype(dt.np).astype(x.dtype)


def _arange_kernel(start, step, *, n, dt):
    if not dt.is_floating_point:
        i = jnp.arange(n, dtype=jnp.int64)
        return (jnp.asarray(start, jnp.int64) + jnp.asarray(step, jnp.int64) * i).astype(dt.np)
    acc = np.float64 if dt.itemsize >= 4 else np.float32
    width = 32 // dt.itemsize
    start = jnp.asarray(start, acc)
    step = jnp.asarray(step, acc)
    i = jnp.arange(n, dtype=np.int64)
    fi = i.astype(acc)
    scalar = _fma_acc(step, fi, start, acc)
    nvec = (n // (2 * width)) * (2 * width)
    if nvec:
        i0 = (i // width) * width
        base = _round_to_dtype(_fma_acc(step, i0.astype(acc), start, acc), dt)
        vec = _fma_acc((i - i0).astype(acc), step, base, acc)
        scalar = jnp.where(i < nvec, vec, scalar)
    return scalar.astype(dt.np)


def _range_number(v, fname, what):
    if isinstance(v, Tensor):
        v = v.item()
    if isinstance(v, np.generic):
        v = v.item()
    if not isinstance(v, (bool, int, float)):
        raise TypeError(f"{fname}(): argument '{what}' must be Number, not {type(v).__name__}")
    return v


def _fmt(v):
    return repr(v) if isinstance(v, float) and math.isfinite(v) and v != int(v) else \
        (str(int(v)) if isinstance(v, float) and math.isfinite(v) else str(v))


def _arg_typename(v):
    """The type name PyTorch's argument parser shows for `v` ('Tensor', 'torch.dtype', 'int')."""
    if isinstance(v, Tensor):
        return "Tensor"
    if isinstance(v, (_dtype.dtype, _device_cls)):
        return f"torch.{type(v).__name__}"
    return type(v).__name__


def _parser_signature(fname, npos):
    """`fname` takes exactly `npos` leading positional arguments (in either spelling); a call
    with fewer or more raises PyTorch's argument-parser TypeError instead of Python's."""
    import functools
    import inspect

    def deco(f):
        names = list(inspect.signature(f).parameters)[:npos]

        @functools.wraps(f)
        def parsed(*args, **kwargs):
            given = len(args) + sum(1 for n in names[len(args):] if n in kwargs)
            steps = args[2] if len(args) > 2 else kwargs.get("steps", 0)
            if len(args) > npos or given < npos or isinstance(steps, bool) or \
                    not isinstance(steps, (int, np.integer)):
                pos = [_arg_typename(a) for a in args]
                kw = [f"{k}={_arg_typename(v)}" for k, v in reversed(kwargs.items())]
                got = ", ".join(pos + kw) if pos or not kw else "".join(k + ", " for k in kw)
                raise TypeError(f"{fname}() received an invalid combination of arguments - got "
                                f"({got}), but expected one of:")
            return f(*args, **kwargs)

        return parsed

    return deco


_NO_START = object()


def arange(start=_NO_START, end=None, step=1, *, out=None, dtype=None, layout=None, device=None,
           requires_grad=False):
    """torch.arange: int64 for integer arguments, the default float dtype otherwise; values and
    length as PyTorch's CPU kernel (length ceil((end - start) / step) computed in double)."""
    if start is _NO_START:
        if end is None:
            if (out, dtype, layout, device, requires_grad, step) == (None,) * 4 + (False, 1):
                raise TypeError("arange() received an invalid combination of arguments - got (), "
                                "but expected one of:")
            raise TypeError('arange() missing 1 required positional arguments: "end"')
        start = 0
    if end is None:
        start, end = 0, start
    start, end, step = (_range_number(v, "arange", w) for v, w in
                        ((start, "start"), (end, "end"), (step, "step")))
    if dtype is None:
        dt = _dtype.get_default_dtype() if any(isinstance(v, float) for v in
                                               (start, end, step)) else _dtype.int64
    else:
        dt = _dtype.dtype_arg(dtype, "arange")
    if dt is _dtype.bool_:
        raise NotImplementedError("\"arange_cpu\" not implemented for 'Bool'")
    if not dt.is_floating_point:
        istart, istep = int(start), int(step)
        if istep == 0:
            raise ValueError("step must be nonzero") if step != 0 else \
                RuntimeError("step must be nonzero")
    if step == 0:
        raise RuntimeError("step must be nonzero")
    for v in (start, end):
        if not math.isfinite(v):
            raise RuntimeError(f"unsupported range: {_fmt(start)} -> {_fmt(end)}")
    if not ((step > 0 and end >= start) or (step < 0 and end <= start)):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = math.ceil((float(end) - float(start)) / float(step)) if (
        isinstance(start, float) or isinstance(end, float) or isinstance(step, float)) else \
        -((start - end) // step)
    if n > 2 ** 62:
        raise RuntimeError("invalid size, possible overflow?")
    if not dt.is_floating_point:
        start, step = istart, istep
    t = record(_arange_kernel, (start, step), (("n", int(n)), ("dt", dt)), name="arange",
               device=_jdev(device))
    return _finish(t, requires_grad)


def range_(start=0, end=None, step=1, *, dtype=None, device=None, requires_grad=False):
    """Deprecated torch.range: includes `end`."""
    if end is None:
        start, end = 0, start
    dt = _float_dtype(dtype, "range")
    n = int(math.floor((end - start) / step)) + 1
    t = record(_range_kernel, (start, step), (("n", n), ("dt", dt)), name="range",
               device=_jdev(device))
    return _finish(t, requires_grad)


def _range_kernel(start, step, *, n, dt):
    acc = np.float64 if dt.is_floating_point else np.int64
    i = jnp.arange(n, dtype=acc)
    return (jnp.asarray(start, acc) + i * jnp.asarray(step, acc)).astype(dt.np)


def _linspace_values(start, end, *, n, dt):
    """PyTorch's CPU linspace in the computation type (float64 for integer outputs)."""
    i = jnp.arange(n, dtype=np.int64)
    half = n // 2
    if dt.is_floating_point and dt.itemsize >= 4:
        acc = dt.np
        s, e = jnp.asarray(start, acc), jnp.asarray(end, acc)
        step = _div_const(e - s, n - 1) if n > 1 else jnp.zeros((), acc)
        lo = _fma_acc(step, i.astype(acc), s, acc)
        hi = _fma_acc(-step, (n - i - 1).astype(acc), e, acc)
        return jnp.where(i < half, lo, hi)
    if dt.is_floating_point:  # half types: each step rounded to the dtype, sums in float32
        f = np.float32
        s = _round_to_dtype(jnp.asarray(start, f), dt)
        e = _round_to_dtype(jnp.asarray(end, f), dt)
        step = _round_to_dtype(_div_const(e - s, n - 1), dt) if n > 1 else jnp.zeros((), f)
        lo = s + _round_to_dtype(step * i.astype(f), dt)
        hi = e - _round_to_dtype(step * (n - i - 1).astype(f), dt)
        return _round_to_dtype(jnp.where(i < half, lo, hi), dt)
    f = np.float64
    s, e = jnp.asarray(start, f), jnp.asarray(end, f)
    step = _div_const(e - s, n - 1) if n > 1 else jnp.zeros((), f)
    lo = _fma64(step, i.astype(f), s)
    hi = _fma64(-step, (n - i - 1).astype(f), e)
    return jnp.where(i < half, lo, hi)


def _linspace_kernel(start, end, *, n, dt):
    if n == 0:
        return jnp.zeros((0,), dt.np)
    if n == 1:
        return jnp.full((1,), start, dt.np)
    v = _linspace_values(start, end, n=n, dt=dt)
    if not dt.is_floating_point:
        v = jnp.trunc(v)
    return v.astype(dt.np)


def _range_endpoints(start, end, dt, fname):
    start, end = (_range_number(v, fname, w) for v, w in ((start, "start"), (end, "end")))
    if not dt.is_floating_point:
        from ._ops.elementwise import check_scalar_fits
        for v in (start, end):
            check_scalar_fits(v, dt)
        start, end = int(start), int(end)
    return start, end


def _steps_arg(steps, fname, start, end):
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        got = ", ".join(type(x).__name__ for x in (start, end, steps))
        raise TypeError(f"{fname}() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:")
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    return int(steps)


@_parser_signature("linspace", 3)
def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    """torch.linspace, bit for bit with PyTorch's CPU kernel."""
    steps = _steps_arg(steps, "linspace", start, end)
    dt = _float_dtype(dtype, "linspace")
    if dt is _dtype.bool_:
        raise NotImplementedError("\"linspace_cpu\" not implemented for 'Bool'")
    start, end = _range_endpoints(start, end, dt, "linspace")
    t = record(_linspace_kernel, (start, end), (("n", steps), ("dt", dt)),
               name="linspace", device=_jdev(device))
    return _finish(t, requires_grad)


def _logspace_kernel(start, end, base, *, n, dt):
    if n == 0:
        return jnp.zeros((0,), dt.np)
    exps = _linspace_values(start, end, n=n, dt=dt) if n > 1 else \
        jnp.full((1,), start, dt.np if dt.is_floating_point else np.float64)
    if dt.is_floating_point and dt.itemsize < 8:
        b = jnp.asarray(jnp.asarray(base, np.float32), np.float64)  # powf, correctly rounded
        v = jnp.power(b, exps.astype(np.float64)).astype(np.float32)
    else:
        v = jnp.power(jnp.asarray(base, np.float64), exps.astype(np.float64))
    if not dt.is_floating_point:
        v = jnp.trunc(v)
    return v.astype(dt.np)


@_parser_signature("logspace", 3)
def logspace(start, end, steps, base=10.0, *, out=None, dtype=None, layout=None, device=None,
             requires_grad=False):
    """torch.logspace: base ** linspace(start, end, steps)."""
    steps = _steps_arg(steps, "logspace", start, end)
    dt = _float_dtype(dtype, "logspace")
    if dt is _dtype.bool_:
        raise NotImplementedError("\"logspace_cpu\" not implemented for 'Bool'")
    start, end = _range_endpoints(start, end, dt, "logspace")
    t = record(_logspace_kernel, (start, end, float(_range_number(base, "logspace", "base"))),
               (("n", steps), ("dt", dt)), name="logspace", device=_jdev(device))
    return _finish(t, requires_grad)


def _eye_kernel(*, n, m, dt):
    return jnp.eye(n, m, dtype=dt.np)


def _int_arg(x, fname, what, pos):
    if isinstance(x, bool) or not isinstance(x, (int, np.integer)):
        raise TypeError(f"{fname}(): argument '{what}' (position {pos}) must be int, not "
                        f"{type(x).__name__}")
    return int(x)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """torch.eye(n, m): ones on the diagonal (the default float dtype)."""
    n = _int_arg(n, "eye", "n", 1)
    if n < 0:
        raise RuntimeError(f"n must be greater or equal to 0, got {n}")
    if m is not None and (isinstance(m, bool) or not isinstance(m, (int, np.integer))):
        raise TypeError(f"eye() received an invalid combination of arguments - got (int, "
                        f"{type(m).__name__}), but expected one of:")
    m = n if m is None else int(m)
    if m < 0:
        raise RuntimeError(f"m must be greater or equal to 0, got {m}")
    dt = _float_dtype(dtype, "eye")
    _finish_check(dt, requires_grad)
    t = record(_eye_kernel, (), (("n", n), ("m", m), ("dt", dt)), name="eye",
               device=_jdev(device))
    return _finish(t, requires_grad)


# ---- Tensor.new_* ---------------------------------------------------------------------------
def _new_dtype(self, dtype, fname):
    return self.dtype if dtype is None else _dtype.dtype_arg(dtype, fname)


def _new_device(self, device):
    """The new tensor's device: self's unless one is given (a bare 0 names an accelerator)."""
    return self.device if device is None else device


def new_zeros(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False, **kw):
    shape = parse_size(size, "new_zeros", _size_kw(kw, "new_zeros", size))
    return zeros(shape, dtype=_new_dtype(self, dtype, "new_zeros"),
                 device=_new_device(self, device), requires_grad=requires_grad)


def new_ones(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
             pin_memory=False, **kw):
    shape = parse_size(size, "new_ones", _size_kw(kw, "new_ones", size))
    return ones(shape, dtype=_new_dtype(self, dtype, "new_ones"),
                device=_new_device(self, device), requires_grad=requires_grad)


def new_empty(self, *size, dtype=None, device=None, requires_grad=False, layout=None,
              pin_memory=False, **kw):
    shape = parse_size(size, "new_empty", _size_kw(kw, "new_empty", size))
    return empty(shape, dtype=_new_dtype(self, dtype, "new_empty"),
                 device=_new_device(self, device), requires_grad=requires_grad)


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False,
             layout=None, pin_memory=False):
    return full(size, fill_value, dtype=_new_dtype(self, dtype, "new_full"),
                device=_new_device(self, device), requires_grad=requires_grad)


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False, layout=None,
               pin_memory=False):
    if isinstance(data, Tensor):
        _warn_copy_construct("tensor.new_tensor(sourceTensor)")
    return tensor(data, dtype=_new_dtype(self, dtype, "new_tensor"),
                  device=_new_device(self, device), requires_grad=requires_grad)


for _f in (new_zeros, new_ones, new_empty, new_full, new_tensor):
    op(_f.__name__, function=False)(_f)


# ---- legacy constructors: torch.Tensor(2, 3), torch.FloatTensor([1, 2]) ---------------------
def _legacy_kwargs_error(args, kwargs):
    got = [type(a).__name__ for a in args] + [f"{k}={_legacy_tname(v)}" for k, v in kwargs.items()]
    return TypeError(f"new() received an invalid combination of arguments - got "
                     f"({', '.join(got)}), but expected one of:")


def _legacy_tname(v):
    return "torch.dtype" if isinstance(v, _dtype.dtype) else type(v).__name__


def legacy_constructor(cls, args, kwargs, dtype=None):
    """torch.Tensor(*sizes) (uninitialised in PyTorch; zeros here), torch.Tensor(data),
    torch.Tensor(torch.Size), torch.Tensor(tensor) and the typed torch.FloatTensor & co."""
    typed = dtype is not None
    dtype = dtype or _dtype.get_default_dtype()
    kwargs = dict(kwargs)
    device = kwargs.pop("device", None)
    if kwargs:
        raise _legacy_kwargs_error(args, kwargs)
    args = tuple(args)
    if not args:
        return zeros(0, dtype=dtype, device=device)
    if len(args) == 1:
        a = args[0]
        if isinstance(a, Tensor):
            if typed and a.dtype is not dtype:
                raise TypeError(f"expected {_options(dtype)} (got {_options(a.dtype)})")
            return a
        if isinstance(a, Size):
            return zeros(a, dtype=dtype, device=device)
        if isinstance(a, (list, tuple, range, np.ndarray)):
            return tensor(a, dtype=dtype, device=device)
        if isinstance(a, (str, bytes)):
            raise TypeError(f"new(): invalid data type '{type(a).__name__}'")
        if isinstance(a, (float, complex)) or isinstance(a, np.floating):
            raise TypeError(f"new(): data must be a sequence (got {type(a).__name__})")
    if all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args):
        return empty(*(int(a) for a in args), dtype=dtype, device=device)
    raise TypeError(f"new() received an invalid combination of arguments - got "
                    f"({', '.join(type(a).__name__ for a in args)}), but expected one of:")


_CPP_TYPE = {"float32": "float", "float64": "double", "float16": "c10::Half",
             "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int", "int16": "short int",
             "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _options(dt):
    return (f"TensorOptions(dtype={_CPP_TYPE[dt.name]}, device=cpu, layout=Strided, "
            "requires_grad=false (default), pinned_memory=false (default), "
            "memory_format=(nullopt))")


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
