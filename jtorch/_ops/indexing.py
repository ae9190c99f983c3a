"""Tensor indexing, read (`x[i]`) and write (`x[i] = v`), with PyTorch's semantics.

Basic indices (ints, slices, None, Ellipsis, Python bools) give views. Integer tensors, lists and
boolean masks are advanced indexing (copies, NumPy's placement rules, which PyTorch shares); they
are applied after the basic indices, on the basic view, as PyTorch does. A concrete out-of-range
index raises IndexError at the call; an index tensor's range is checked inside the program and
raised at the next sync point, since JAX would clamp it silently. Boolean masks have a
data-dependent shape and are a sync point when read; `x[mask] = scalar` is not.
"""
import functools
import warnings

import numpy as np
import jax.numpy as jnp

from .. import _dtype
from .dispatch import record, add_check
from .._runtime.graph import user_stacklevel
from .elementwise import is_tensor, check_scalar_fits, real_scalar
from .registry import op


def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


_INVALID = ("only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are "
            "valid indices (got {})")


# ---- index normalisation --------------------------------------------------------------------
def _treat_sequence_as_tuple(index):
    """PyTorch (and old NumPy): a short non-tuple sequence holding a sequence, tensor, slice,
    None or Ellipsis is read as a tuple of indices (deprecated, with a warning)."""
    if isinstance(index, tuple):
        return True
    if is_tensor(index) or isinstance(index, np.ndarray) or not isinstance(index, list):
        return False
    if len(index) >= 32:
        return False
    for x in index:
        if is_tensor(x) or isinstance(x, (list, tuple, np.ndarray, slice, range)) or x is None \
                or x is Ellipsis:
            warnings.warn("Using a non-tuple sequence for multidimensional indexing is "
                          "deprecated and will be changed in pytorch 2.9; use x[tuple(seq)] "
                          "instead of x[seq]. In pytorch 2.9 this will be interpreted as tensor "
                          "index, x[torch.tensor(seq)], which will result either in an error or "
                          "a different result", UserWarning, stacklevel=user_stacklevel())
            return True
    return False


def _index_tensor_from_data(data):
    """A sequence used as an index becomes an int64 tensor (a bool mask when all bools)."""
    from .._creation import tensor
    if isinstance(data, np.ndarray):
        if data.dtype == np.bool_:
            return tensor(data)
        if data.dtype.kind == "f":
            raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
        return tensor(data)
    arr = np.asarray(data, dtype=object) if not isinstance(data, range) else np.asarray(data)
    flat = arr.ravel()
    if flat.size and all(isinstance(v, (bool, np.bool_)) for v in flat):
        return tensor(arr.astype(bool))
    try:
        vals = np.asarray([int(v) if not is_tensor(v) else int(v.item()) for v in flat],
                          dtype=np.int64).reshape(arr.shape)
    except (TypeError, ValueError):
        bad = next(v for v in flat if not isinstance(v, (int, float, bool, np.generic)))
        raise TypeError(f"new(): invalid data type '{type(bad).__name__}'") from None
    return tensor(vals)


def _slice_int(x):
    if x is None:
        return None
    if is_tensor(x):
        return int(x.item())
    return x.__index__()


def _normalize(index):
    """The index as a list of items: int, slice (normalised), None, Ellipsis, ('bool', b) for a
    Python/0-dim bool, or an index Tensor (int64/int32 or bool mask)."""
    if not _treat_sequence_as_tuple(index):
        index = (index,)
    items = []
    for it in index:
        if it is None or it is Ellipsis:
            items.append(it)
        elif isinstance(it, (bool, np.bool_)):
            items.append(("bool", bool(it)))
        elif _is_int(it):
            items.append(int(it))
        elif isinstance(it, slice):
            step = _slice_int(it.step)
            if step == 0:
                raise ValueError("slice step cannot be zero")
            if step is not None and step < 0:
                raise ValueError("step must be greater than zero")
            items.append(slice(_slice_int(it.start), _slice_int(it.stop), step))
        elif is_tensor(it):
            items.append(_check_index_tensor(it))
        elif isinstance(it, (list, tuple, range, np.ndarray)):
            items.append(_check_index_tensor(_index_tensor_from_data(it)))
        elif isinstance(it, (float, np.floating)):
            raise IndexError(_INVALID.format(type(it).__name__))
        elif hasattr(it, "__index__"):
            items.append(it.__index__())
        else:
            from .._creation import tensor
            items.append(_check_index_tensor(tensor(it)))
    return items


def _check_index_tensor(t):
    dt = t.dtype
    if dt is _dtype.bool_:
        return ("bool", t) if t.dim() == 0 else t
    if dt is _dtype.uint8:
        warnings.warn("indexing with dtype torch.uint8 is now deprecated, please use a dtype "
                      "torch.bool instead.", UserWarning, stacklevel=user_stacklevel())
        m = t != 0
        return ("bool", m) if t.dim() == 0 else m
    if dt not in (_dtype.int64, _dtype.int32):
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return t


def _consumed(it):
    if it is None or it is Ellipsis or type(it) is tuple:
        return 0
    if is_tensor(it) and it.dtype is _dtype.bool_:
        return it.dim()
    return 1


def _expand(items, ndim):
    """Expand the first Ellipsis (later ones cover no dims) and check the index count."""
    consumed = sum(_consumed(i) for i in items)
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    out, seen = [], False
    for pos, it in enumerate(items):
        if it is Ellipsis:
            if not seen:
                out.extend((slice(None), pos) for _ in range(ndim - consumed))
            seen = True
            continue
        out.append((it, pos))
    return out


# ---- the basic pass -------------------------------------------------------------------------
def _plan(self, index):
    """(view spec, advanced list, view shape) for `self[index]`: the basic indices as one view
    step over self, and each advanced index as (dim in the view, tensor, kind)."""
    items = _expand(_normalize(index), len(self._nd.shape))
    shape = self._nd.shape
    spec, adv, d, vd = [], [], 0, 0
    for it, pos in items:
        if it is None:
            spec.append(None)
            vd += 1
        elif type(it) is tuple:  # Python bool or 0-dim bool tensor: a new dim of size 1 or 0
            spec.append(None)
            if it[1] is not True:
                adv.append((vd, it[1], "bool0"))
            vd += 1
        elif isinstance(it, slice):
            start, stop, step = it.indices(shape[d])
            spec.append(("s", start, max(stop, start), step))
            d += 1
            vd += 1
        elif _is_int(it):
            size = shape[d]
            if not -size <= it < size:
                raise IndexError(f"index {it} is out of bounds for dimension {pos} with size "
                                 f"{size}")
            spec.append(it + size if it < 0 else it)
            d += 1
        else:  # index tensor
            k = max(_consumed(it), 1) if it.dtype is _dtype.bool_ else 1
            if it.dtype is _dtype.bool_:
                _check_mask_shape(it, shape, d)
            adv.append((vd, it, "mask" if it.dtype is _dtype.bool_ else "int"))
            spec.extend(("s", 0, shape[d + j], 1) for j in range(k))
            d += k
            vd += k
    spec += [("s", 0, s, 1) for s in shape[d:]]
    return tuple(spec), adv


def _check_mask_shape(mask, shape, d):
    for j, m in enumerate(mask.shape):
        if d + j >= len(shape) or m != shape[d + j]:
            raise IndexError(f"The shape of the mask {list(mask.shape)} at index {j} does not "
                             f"match the shape of the indexed tensor {list(shape)} at index "
                             f"{d + j}")


def _is_identity(spec, shape):
    return len(spec) == len(shape) and all(
        type(s) is tuple and s == ("s", 0, n, 1) for s, n in zip(spec, shape))


def _basic_view(self, spec):
    if _is_identity(spec, self._nd.shape):
        return self
    return self._make_view(("index", spec))


# ---- advanced indexing ----------------------------------------------------------------------
def _advanced_tensors(shape, adv):
    """The index tensors per dim of the basic view (of `shape`): masks become their nonzero
    indices (a sync point: the count is data dependent); bools an empty or single zero index."""
    from .._creation import tensor
    per_dim, k, ranged = {}, 0, []
    for vd, t, kind in adv:
        if kind == "bool0":
            if isinstance(t, bool):
                idx = tensor([0] if t else [], dtype=_dtype.int64)
            else:
                idx = t.reshape(1).nonzero(as_tuple=True)[0]
            per_dim[vd] = idx
            k += 1
        elif kind == "mask":
            for j, idx in enumerate(t.nonzero(as_tuple=True)):
                per_dim[vd + j] = idx
                k += 1
        else:
            ranged.append((t, shape[vd], k))
            per_dim[vd] = t
            k += 1
    tensors = [per_dim[d] for d in sorted(per_dim)]
    _check_broadcastable([tuple(t.shape) for t in tensors])   # (PyTorch checks shapes first)
    for t, size, k in ranged:
        _check_range(t, size, k)
    static = tuple(("t", sorted(per_dim).index(d)) if d in per_dim else ("s", None, None, None)
                   for d in range(len(shape)))
    return static, tensors


def _check_broadcastable(shapes):
    n = max((len(s) for s in shapes), default=0)
    out = [1] * n
    for s in shapes:
        for i, d in enumerate(s):
            j = n - len(s) + i
            if out[j] == 1:
                out[j] = d
            elif d != 1 and d != out[j]:
                raise IndexError("shape mismatch: indexing tensors could not be broadcast "
                                 "together with shapes " +
                                 ", ".join(str(list(x)) for x in shapes))


def _range_kernel(i, *, size):
    bad = (i < -size) | (i >= size)
    first = i.ravel()[jnp.argmax(bad.ravel())] if i.size else jnp.zeros((), i.dtype)
    return jnp.logical_not(jnp.any(bad)), first


def _check_range(idx, size, k):
    """Out-of-range index tensors raise IndexError (at once when the index is concrete, else at
    the next sync); JAX alone would clamp them."""
    if idx._nd.value is not None and idx._base is None:
        a = np.asarray(idx._nd.value)
        bad = (a < -size) | (a >= size)
        if bad.any():
            raise IndexError(f"index {int(a[bad].ravel()[0])} is out of bounds for dimension "
                             f"{k} with size {size}")
        return
    add_check(_range_kernel, (idx,), _range_error(k, size), (("size", size),))


def _range_error(k, size):
    def error(v):
        return IndexError, f"index {int(v)} is out of bounds for dimension {k} with size {size}"
    return error


def _build(static, arrays, shape):
    idx = []
    for d, it in enumerate(static):
        if it[0] == "t":
            a = arrays[it[1]]
            idx.append(jnp.where(a < 0, a + shape[d], a))
        else:
            idx.append(slice(it[1], it[2], it[3]))
    return tuple(idx)


def _gather_kernel(x, *arrays, index):
    return x[_build(index, arrays, x.shape)]


def _scatter_kernel(x, v, *arrays, index, accumulate):
    idx = _build(index, arrays, x.shape)
    v = jnp.asarray(v, x.dtype)
    if accumulate and x.dtype == jnp.bool_:
        return x.at[idx].max(v)
    if accumulate:
        return x.at[idx].add(v)
    return x.at[idx].set(v)


def _mask_fill_kernel(x, mask, v):
    m = jnp.reshape(mask, mask.shape + (1,) * (x.ndim - mask.ndim))
    return jnp.where(m, jnp.asarray(v, x.dtype), x)


# ---- entry points ---------------------------------------------------------------------------
_int_specs = {}  # (shape, int index) -> view step of x[i]


def _basic_grad_name(index, shape):
    """The grad_fn PyTorch gives x[index] for basic indices: that of the last op its indexing
    applies, item by item (int: select, None: unsqueeze, slice: slice, except a slice over a
    whole dimension, which applies nothing); nothing applied is an alias. A lone slice always
    slices."""
    if type(index) is slice:
        return "SliceBackward0"
    items = index if type(index) is tuple else (index,)
    used = sum(1 for i in items if i is not None and i is not Ellipsis and type(i) is not bool)
    name, dim = "AliasBackward0", 0
    for i in items:
        if i is None:
            name = "UnsqueezeBackward0"
        elif i is Ellipsis:
            dim += len(shape) - used
        elif type(i) is slice:
            if i.indices(shape[dim]) != (0, shape[dim], 1):
                name = "SliceBackward0"
            dim += 1
        elif type(i) is bool:   # PyTorch indexes with a bool tensor
            name = "IndexBackward0"
        else:
            name = "SelectBackward0"
            dim += 1
    return name


def getitem(self, index):
    """x[index]: a view for basic indices, a copy for advanced ones (PyTorch's errors)."""
    if self._nd.shape == () and isinstance(index, slice):
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if self._nd.shape == () and _is_int(index):
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    if type(index) is int:  # x[i], the commonest index: its view step depends on the shape only
        key = (self._nd.shape, index)
        spec = _int_specs.get(key)
        if spec is None:
            spec, _ = _plan(self, index)  # raises IndexError when out of range
            if len(_int_specs) > 4096:
                _int_specs.clear()
            _int_specs[key] = spec
        return self._make_view(("index", spec))
    spec, adv = _plan(self, index)
    if not adv:
        gname = _basic_grad_name(index, self._nd.shape) if self._rg else None
        return self._make_view(("index", spec), gname=gname)
    view = self if _is_identity(spec, self._nd.shape) else self._make_view(("index", spec))
    static, tensors = _advanced_tensors(view._nd.shape, adv)
    return record(_gather_kernel, (view, *tensors), (("index", static),), name="index")


def _value_arg(self, value):
    """A tensor value as is; a Python number checked against self's dtype."""
    if is_tensor(value):
        if value.device != self.device:
            value = value.to(self.device)
        return value
    if isinstance(value, np.generic) and not isinstance(value, np.ndarray):
        value = value.item()
    if isinstance(value, complex):
        value = real_scalar(value, self.dtype, half_name="double")
    if isinstance(value, (bool, int, float)):
        # (PyTorch checks a float for float32 only: 1e5 into float16 is inf)
        check_scalar_fits(value, self.dtype, floats=self.dtype is _dtype.float32)
        if type(value) is int and value >= 2 ** 63:
            value -= 2 ** 64
        return value
    t = type(value)
    name = t.__name__ if t.__module__ == "builtins" else f"{t.__module__}.{t.__name__}"
    raise TypeError(f"can't assign a {name} to a torch.{self.dtype._legacy}")


def _strip_leading_ones(value, target_ndim):
    shape = tuple(value.shape)
    k = 0
    while len(shape) - k > target_ndim and shape[k] == 1:
        k += 1
    return value.reshape(shape[k:]) if k else value


def _expand_for_copy(value, target):
    """copy_'s broadcasting of value to the written region, with PyTorch's messages."""
    vs = tuple(value.shape)
    if len(vs) > len(target):
        raise RuntimeError(f"expand(torch.{value.dtype._legacy}{{{list(vs)}}}, size="
                           f"{list(target)}): the number of sizes provided ({len(target)}) must "
                           f"be greater or equal to the number of dimensions in the tensor "
                           f"({len(vs)})")
    lead = len(target) - len(vs)
    for i, v in enumerate(vs):
        if v != 1 and v != target[lead + i]:
            raise RuntimeError(f"The expanded size of the tensor ({target[lead + i]}) must match "
                               f"the existing size ({v}) at non-singleton dimension {lead + i}.  "
                               f"Target sizes: {list(target)}.  Tensor sizes: {list(vs)}")


_OVERLAP = ("unsupported operation: some elements of the input tensor and the written-to tensor "
            "refer to a single memory location. Please clone() the tensor before performing the "
            "operation.")


def _memory_range(t):
    """(root, first, last, dense, strides, sizes) of t's elements in its root's memory."""
    root = t._base if t._base is not None else t
    st, off = t._strides()
    shape = t._nd.shape
    if any(s == 0 for s in shape):
        return root, None, None, False, st, shape
    last = off + sum((n - 1) * s for n, s in zip(shape, st))
    dims = sorted((s, n) for s, n in zip(st, shape) if n != 1)
    expected, dense = 1, True
    for s, n in dims:
        if s != expected:
            dense = False
            break
        expected *= n
    return root, off, last, dense, tuple(st), tuple(shape)


def _check_overlap(dst, src, full_ok):
    """PyTorch's aliasing checks: writing a tensor into memory it partially shares raises (for
    index_put any sharing raises)."""
    if not is_tensor(src):
        return
    r1, a1, b1, dense1, st1, sh1 = _memory_range(dst)
    r2, a2, b2, dense2, st2, sh2 = _memory_range(src)
    if r1 is not r2 or a1 is None or a2 is None:
        return
    if full_ok:
        if not (dense1 and dense2):
            return
        if (a1, b1) == (a2, b2):
            return
    if a1 <= b2 and a2 <= b1:
        raise RuntimeError(_OVERLAP)


def setitem(self, index, value):
    """x[index] = value, in place (the Python object keeps its identity). As in PyTorch, the
    basic indices select a view that is written (CopySlices for autograd), the advanced ones
    are an index_put on it (ints select before advanced indexing)."""
    value = _value_arg(self, value)
    # x[mask] = v with one mask and a one-element value: a masked fill, no sync needed
    single = index if not isinstance(index, tuple) else (index[0] if len(index) == 1 else None)
    if is_tensor(single) and single.dtype in (_dtype.bool_, _dtype.uint8) and single.dim() > 0 \
            and (not is_tensor(value) or value.numel() == 1):
        mask = _check_index_tensor(single)
        _check_mask_shape(mask, self._nd.shape, 0)
        v = value.reshape(()) if is_tensor(value) else value
        new = record(_mask_fill_kernel, (self, mask, v), name="masked_fill")
        self._set_node(new._node())
        return
    spec, adv = _plan(self, index)
    view_shape = _spec_shape(spec, self._nd.shape)
    for _, t, kind in adv:  # x[False] = v writes nothing; a 0-dim bool tensor is read (sync)
        if kind == "bool0" and not (t if isinstance(t, bool) else bool(t.item())):
            return
    adv = [a for a in adv if a[2] != "bool0"]
    if adv and is_tensor(value) and value.dtype is not self.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_dtype.c10_name(self.dtype)} for the destination and "
                           f"{_dtype.c10_name(value.dtype)} for the source.")
    if not adv:
        if is_tensor(value):
            value = _strip_leading_ones(value, len(view_shape))
            _expand_for_copy(value, view_shape)
        dest = self._make_view(("index", spec))
        if is_tensor(value):
            _check_overlap(dest, value, full_ok=True)
        new = record(_broadcast_value_kernel, (value,),
                     (("shape", view_shape), ("dt", self.dtype)), name="expand")
        dest._set_node(new._node())
        return
    _check_overlap(self, value, full_ok=False)
    static, tensors = _advanced_tensors(view_shape, adv)
    if is_tensor(value):
        target = _gather_shape(view_shape, static, tensors)
        value = _strip_leading_ones(value, len(target))
        vs = tuple(value.shape)
        lead = len(target) - len(vs)
        if lead < 0 or any(v not in (1, t) for v, t in zip(vs, target[lead:])):
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(vs)} cannot be "
                               f"broadcast to indexing result of shape {list(target)}")
    dest = self if _is_identity(spec, self._nd.shape) else self._make_view(("index", spec))
    new = record(_scatter_kernel, (dest, value, *tensors),
                 (("index", static), ("accumulate", False)), name="index_put")
    dest._set_node(new._node())


def _broadcast_value_kernel(v, *, shape, dt):
    """The written value in self's dtype (floats into integers convert as PyTorch's copy_)."""
    if hasattr(v, "dtype") and jnp.issubdtype(v.dtype, jnp.floating) \
            and jnp.issubdtype(dt.np, jnp.integer):
        from .conversion import float_to_int
        return jnp.broadcast_to(float_to_int(v, dt.np), shape)
    return jnp.broadcast_to(jnp.asarray(v, dt.np), shape)


def _spec_shape(spec, shape):
    out = []
    for it in spec:
        if it is None:
            out.append(1)
        elif type(it) is tuple:
            out.append(len(range(it[1], it[2], it[3])))
    return tuple(out)


def _gather_shape(view_shape, static, tensors):
    """The shape x[index] has (what a written value must broadcast to)."""
    return _gather_shape_of(tuple(view_shape), static,
                            tuple((tuple(t.shape), t.dtype.np) for t in tensors))


@functools.lru_cache(maxsize=1024)
def _gather_shape_of(view_shape, static, specs):
    import jax
    arrs = [jax.ShapeDtypeStruct(shape, dt) for shape, dt in specs]
    res = jax.eval_shape(functools.partial(_gather_kernel, index=static),
                         jax.ShapeDtypeStruct(view_shape, np.float32), *arrs)
    return tuple(res.shape)


def _index_put_args(self, indices, values):
    """index_put's argument checks, with PyTorch's messages (positions leave out self for the
    method forms; the in-place form is named index_put_)."""
    from .signatures import call_form
    form = call_form(3)
    name, shift = ("index_put_" if form == "inplace" else "index_put"), int(form == "function")
    if not isinstance(indices, (tuple, list)):
        raise TypeError(f"{name}(): argument 'indices' (position {1 + shift}) must be tuple of "
                        f"Tensors, not {type(indices).__name__}")
    if not is_tensor(values):
        raise TypeError(f"{name}(): argument 'values' (position {2 + shift}) must be Tensor, not "
                        f"{type(values).__name__}")
    for i, t in enumerate(indices):
        if not is_tensor(t):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    if not indices:
        raise RuntimeError("sym_strides() called on an undefined Tensor")
    if len(indices) > self.dim():
        raise IndexError(f"too many indices for tensor of dimension {self.dim()} (got "
                         f"{len(indices)})")
    if values.dtype is not self.dtype:
        raise RuntimeError(f"Index put requires the source and destination dtypes match, got "
                           f"{_dtype.c10_name(self.dtype)} for the destination and "
                           f"{_dtype.c10_name(values.dtype)} for the source.")


@op("index_put", inplace=True)
def index_put(self, indices, values, accumulate=False):
    """torch.index_put: out-of-place x[indices] = values (or += with accumulate; bool values
    accumulate as a logical or). Unlike x[indices] = values, values' leading ones are not
    dropped before broadcasting."""
    _index_put_args(self, indices, values)
    spec, adv = _plan(self, tuple(indices))
    static, tensors = _advanced_tensors(self._nd.shape, adv) if adv else (
        tuple(("s", None, None, None) for _ in self._nd.shape), [])
    target = _gather_shape(self._nd.shape, static, tensors)
    vs = tuple(values.shape)
    lead = len(target) - len(vs)
    if lead < 0 or any(v not in (1, t) for v, t in zip(vs, target[lead:])):
        raise RuntimeError(f"shape mismatch: value tensor of shape {list(vs)} cannot be "
                           f"broadcast to indexing result of shape {list(target)}")
    return record(_scatter_kernel, (self, values, *tensors),
                  (("index", static), ("accumulate", bool(accumulate))), name="index_put")
