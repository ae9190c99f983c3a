"""Tensor indexing, read (`x[i]`) and write (`x[i] = v`), with PyTorch's semantics.

Basic indices (ints, slices, None, Ellipsis) give views. Integer tensors, lists and boolean masks
are advanced indexing (copies, NumPy's placement rules, which PyTorch shares). A concrete
out-of-range index raises IndexError at the call; an index tensor's range is checked inside the
program and raised at the next sync point, since JAX would clamp it silently. Boolean masks have
a data-dependent shape and are a sync point when read; `x[mask] = scalar` is not.
"""
import numpy as np
import jax.numpy as jnp

from .. import _dtype
from . import dispatch
from .dispatch import record, add_check
from .elementwise import is_tensor


def _is_int(x):
    return isinstance(x, (int, np.integer)) and not isinstance(x, (bool, np.bool_))


def _expand_index(index, ndim):
    """Normalise to a tuple; expand Ellipsis; Python/NumPy sequences become index arrays."""
    if not isinstance(index, tuple):
        index = (index,)
    items = []
    for it in index:
        if isinstance(it, (list, np.ndarray)) or (isinstance(it, tuple)):
            from .._creation import tensor
            arr = np.asarray(it)
            if arr.dtype == object:
                arr = np.asarray([int(v) for v in np.ravel(it)]).reshape(np.shape(it))
            it = tensor(arr) if arr.size else tensor(arr.astype(np.int64))
        elif isinstance(it, (bool, np.bool_)):
            from .._creation import tensor
            it = tensor(bool(it))
        elif not isinstance(it, (slice, type(None), type(Ellipsis))) and not is_tensor(it) \
                and hasattr(it, "__index__"):
            it = it.__index__()
        items.append(it)
    consumed = sum(1 if not is_tensor(i) or i.dtype is not _dtype.bool_ else max(i.dim(), 1)
                   for i in items if i is not None and i is not Ellipsis)
    n_ell = sum(1 for i in items if i is Ellipsis)
    if n_ell > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    if n_ell:
        k = items.index(Ellipsis)
        items[k:k + 1] = [slice(None)] * (ndim - consumed)
    return items


def _basic_spec(items, shape):
    """The view step spec for ints/slices/None; raises IndexError like PyTorch."""
    spec, d = [], 0
    for it in items:
        if it is None:
            spec.append(None)
        elif isinstance(it, slice):
            size = shape[d]
            if it.step is not None and _to_int(it.step) <= 0:
                raise ValueError("step must be greater than zero")
            start, stop, step = slice(_opt(it.start), _opt(it.stop), _opt(it.step)).indices(size)
            stop = max(stop, start)
            spec.append(("s", start, stop, step))
            d += 1
        else:
            size = shape[d]
            if not -size <= it < size:
                raise IndexError(f"index {it} is out of bounds for dimension {d} with size "
                                 f"{size}")
            spec.append(it + size if it < 0 else it)
            d += 1
    spec += [("s", 0, s, 1) for s in shape[d:]]
    return tuple(spec)


def _to_int(x):
    return x.__index__() if not isinstance(x, int) else x


def _opt(x):
    return None if x is None else _to_int(x)


# ---- advanced indexing ----------------------------------------------------------------------
def _mask_to_indices(mask):
    """A boolean mask as integer index tensors (a sync point: data-dependent shape)."""
    return list(mask.nonzero(as_tuple=True))


def _advanced_items(self, items):
    """Replace masks by index tensors and check integer index tensors against their dims."""
    out, d = [], 0
    shape = self._nd.shape
    for it in items:
        if is_tensor(it) and it.dtype is _dtype.bool_:
            k = max(it.dim(), 1)
            if tuple(it.shape) != tuple(shape[d:d + k]) and it.dim() > 0:
                for j, (m, s) in enumerate(zip(it.shape, shape[d:d + k])):
                    if m != s:
                        raise IndexError(f"The shape of the mask {list(it.shape)} at index {j} "
                                         f"does not match the shape of the indexed tensor "
                                         f"{list(shape)} at index {d + j}")
            if it.dim() == 0:
                out.append(None)
                out.append(_mask_to_indices(it.reshape(1))[0])
                continue
            out.extend(_mask_to_indices(it))
            d += k
        elif is_tensor(it):
            if it.dtype.is_floating_point:
                raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
            _check_range(it, shape[d], d)
            out.append(it)
            d += 1
        else:
            out.append(it)
            if it is not None:
                d += 1
    return out


def _range_kernel(i, *, size):
    bad = (i < -size) | (i >= size)
    return jnp.logical_not(jnp.any(bad)), jnp.where(jnp.any(bad), i.ravel()[jnp.argmax(
        bad.ravel())] if i.size else 0, 0)


def _check_range(idx, size, dim):
    if idx._nd.value is not None:  # concrete: check now
        a = np.asarray(idx._nd.value)
        bad = (a < -size) | (a >= size)
        if bad.any():
            raise IndexError(f"index {int(a[bad].ravel()[0])} is out of bounds for dimension "
                             f"{dim} with size {size}")
        return
    add_check(_range_kernel, (idx,),
              lambda v: (IndexError, f"index {int(v)} is out of bounds for dimension {dim} "
                                     f"with size {size}"), (("size", size),))


def _static_index(items):
    """(static structure, tensor inputs): tensors become ('t', k) placeholders."""
    static, tensors = [], []
    for it in items:
        if is_tensor(it):
            static.append(("t", len(tensors)))
            tensors.append(it)
        elif isinstance(it, slice):
            static.append(("s", _opt(it.start), _opt(it.stop), _opt(it.step)))
        else:
            static.append(it)
    return tuple(static), tensors


def _build(static, arrays, shape):
    idx, d = [], 0
    for it in static:
        if type(it) is tuple and it[0] == "t":
            a = arrays[it[1]]
            idx.append(jnp.where(a < 0, a + shape[d], a))
            d += 1
        elif type(it) is tuple:
            idx.append(slice(it[1], it[2], it[3]))
            d += 1
        else:
            idx.append(it)
            if it is not None:
                d += 1
    return tuple(idx)


def _gather_kernel(x, *arrays, index):
    return x[_build(index, arrays, x.shape)]


def _scatter_kernel(x, v, *arrays, index, accumulate):
    idx = _build(index, arrays, x.shape)
    v = jnp.asarray(v, x.dtype)
    if accumulate:
        return x.at[idx].add(v)
    return x.at[idx].set(v)


def _mask_fill_kernel(x, mask, v):
    m = jnp.reshape(mask, mask.shape + (1,) * (x.ndim - mask.ndim))
    return jnp.where(m, jnp.asarray(v, x.dtype), x)


# ---- entry points ---------------------------------------------------------------------------
def getitem(self, index):
    if self.dim() == 0 and not isinstance(index, (tuple, type(None), type(Ellipsis))) and \
            not is_tensor(index) and not isinstance(index, (list, np.ndarray)):
        if isinstance(index, slice):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        raise IndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                         "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number")
    items = _expand_index(index, self.dim())
    if not any(is_tensor(i) for i in items):
        return self._make_view(("index", _basic_spec(items, self._nd.shape)))
    items = _advanced_items(self, items)
    static, tensors = _static_index(items)
    return record(_gather_kernel, (self, *tensors), (("index", static),), name="index")


def setitem(self, index, value):
    """x[index] = value, in place (the Python object keeps its identity)."""
    if is_tensor(value):
        if value.device != self.device:
            value = value.to(self.device)
    elif isinstance(value, (bool, int, float, np.generic)):
        value = value.item() if isinstance(value, np.generic) else value
    else:
        from .._creation import tensor
        value = tensor(value, dtype=self.dtype)
    items = _expand_index(index, self.dim())
    tensors_in = [i for i in items if is_tensor(i)]
    # x[mask] = v with a mask over the leading dims and a scalar value: no sync needed
    if len(tensors_in) == 1 and items and is_tensor(items[0]) and \
            items[0].dtype is _dtype.bool_ and all(isinstance(i, slice) and i == slice(None)
                                                    for i in items[1:]) and \
            tuple(items[0].shape) == tuple(self.shape[:items[0].dim()]) and \
            (not is_tensor(value) or value.numel() == 1):
        v = value.reshape(()) if is_tensor(value) else value
        new = record(_mask_fill_kernel, (self, items[0], v), name="index_put")
        self._set_node(new._node())
        return
    if not tensors_in:
        spec = _basic_spec(items, self._nd.shape)
        static = tuple(("s", *i[1:]) if type(i) is tuple else i for i in spec)
        tensors = []
    else:
        items = _advanced_items(self, items)
        static, tensors = _static_index(items)
    target = _indexed_shape(self, static, tensors)
    if is_tensor(value):
        vs = tuple(value.shape)
        lead = len(vs) - len(target)
        fits = all(s == 1 for s in vs[:max(lead, 0)]) and all(
            v in (1, t) for v, t in zip(vs[max(lead, 0):], target[max(-lead, 0):]))
        if not fits:
            raise RuntimeError(f"shape mismatch: value tensor of shape {list(vs)} cannot be "
                               f"broadcast to indexing result of shape {list(target)}")
        if lead > 0:
            value = value.reshape(vs[lead:])
    new = record(_scatter_kernel, (self, value, *tensors),
                 (("index", static), ("accumulate", False)), name="index_put")
    self._set_node(new._node())


def _indexed_shape(self, static, tensors):
    from .._runtime.graph import infer, kernel
    k = kernel(_gather_kernel, (("index", static),), name="index")
    shape, _ = infer(k, tuple(dispatch.node_of(x) for x in (self, *tensors)))
    return shape


def index_put(self, indices, values, accumulate=False):
    """torch.index_put: out-of-place x[indices] = values (or += with accumulate)."""
    out = self.clone()
    items = _advanced_items(out, list(indices))
    static, tensors = _static_index(items)
    return record(_scatter_kernel, (out, values, *tensors),
                  (("index", static), ("accumulate", bool(accumulate))), name="index_put")
