"""Shape and data-movement ops that copy (not views), with PyTorch's rules and errors.

cat/stack and friends, repeat/tile/repeat_interleave, flip/roll/rot90, gather/scatter/index_*,
masked_*, take/put, tril/triu/diag*, broadcast_tensors/shapes, meshgrid, nonzero, searchsorted,
bucketize, cartesian_prod, combinations, block_diag, atleast_*d, ravel, and `one_hot`.

Index tensors are checked like PyTorch: a bad dtype or shape raises at the call; out-of-range
values (which JAX would clamp or drop silently) raise PyTorch's exception at the call when the
index is already a concrete CPU array, else at the next sync point (`dispatch.add_check`).
Ops whose output shape depends on values (nonzero, masked_select, repeat_interleave with tensor
repeats and no output_size, one_hot with num_classes=-1) are sync points, as in PyTorch.
"""
import functools
import itertools
import operator
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from .. import _dtype
from .._dtype import bool_, int32, int64
from .._size import Size
from . import dispatch
from .dispatch import record, add_check
from .._runtime.graph import user_stacklevel
from .elementwise import is_tensor, result_type, check_scalar_fits, real_scalar
from .registry import op
from .signatures import parsed
from .shape import wrap_dim, reshape, expand, unbind, _sizes


# ---- helpers --------------------------------------------------------------------------------
def _c10(dt):
    from .._tensor import _c10_name
    return _c10_name(dt)


_CPP = {"float32": "float", "float64": "double", "float16": "c10::Half",
        "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int", "int16": "short int",
        "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _scalar(x):
    return dispatch.scalar_value(x)


def _tensor_list(name, tensors):
    """A list of Tensors from a tuple/list argument, with PyTorch's TypeErrors."""
    if is_tensor(tensors):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not Tensor")
    try:
        tensors = list(tensors)
    except TypeError:
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, "
                        f"not {type(tensors).__name__}") from None
    for i, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    return tensors


def _varargs_tensors(tensors):
    """f(a, b) or f([a, b]) -> [a, b]."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return list(tensors[0])
    return list(tensors)


def _dims_list(dims):
    if isinstance(dims, (tuple, list)):
        return [d if isinstance(d, int) else operator.index(d) for d in dims]
    return [dims if isinstance(dims, int) else operator.index(dims)]


def _broadcast_shape(shapes):
    """PyTorch's broadcast of several shapes; a mismatch names the pair as PyTorch does
    ('tensor a' is the shape accumulated so far, dims are scanned from the last)."""
    shapes = [tuple(s) for s in shapes]
    ndim = max((len(s) for s in shapes), default=0)
    out = (1,) * (ndim - len(shapes[0])) + shapes[0] if shapes else ()
    for s in shapes[1:]:
        p = (1,) * (ndim - len(s)) + s
        new = list(out)
        for j in range(ndim - 1, -1, -1):
            a, b = out[j], p[j]
            if a == b or b == 1:
                continue
            if a == 1:
                new[j] = b
            else:
                raise RuntimeError(f"The size of tensor a ({a}) must match the size of tensor b "
                                   f"({b}) at non-singleton dimension {j}")
        out = tuple(new)
    return out


def _as_int(x):
    return x if isinstance(x, int) else operator.index(x)


# ---- value-dependent index checks -----------------------------------------------------------
def _bounds_kernel(i, *, lo, hi):
    i = i.ravel()
    bad = (i < lo) | (i >= hi)
    first = i[jnp.argmax(bad)]
    return jnp.logical_not(jnp.any(bad)), first


def _check_bounds(idx, lo, hi, error):
    """Raise `error(v)` = (type, message) for the first index value outside [lo, hi): now when
    idx is a concrete CPU array, else at the next sync point (JAX would clamp silently)."""
    if idx.numel() == 0:
        return
    n = idx._node()
    if n.value is not None and n.device.platform == "cpu":
        a = np.asarray(n.value).ravel()
        bad = (a < lo) | (a >= hi)
        if bad.any():
            exc, msg = error(int(a[bad][0]))
            raise exc(msg)
        return
    add_check(_bounds_kernel, (idx,), lambda v: error(int(v)), (("lo", lo), ("hi", hi)))


def _check_index_dtype(idx, allowed, message, exc=RuntimeError):
    if not is_tensor(idx):
        raise TypeError(f"expected Tensor as index, but got {type(idx).__name__}")
    if idx.dtype not in allowed:
        raise exc(message)


_INT_INDEX = (int32, int64)
_LONG_INDEX = (int64,)


def index_source_checks(name, input, dim, index, source, scalar_source_dims):
    """PyTorch's argument checks of index_add_/index_reduce_ (`name`) on a vector of int32/int64
    indices and a source shaped like input except along `dim` (a 0-d input takes a one-element
    source of a dimension in `scalar_source_dims`); returns the wrapped dim."""
    if index.dim() > 1:
        raise IndexError(f"{name}(): Index is supposed to be a vector, but got dim: "
                         f"{index.dim()} with type: {_c10(index.dtype)} and size: "
                         f"{list(index.shape)}")
    _check_index_dtype(index, _INT_INDEX, f"{name}(): Expected dtype int32/int64 for index "
                                          f"but got: {_c10(index.dtype)}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"{name}(): self ({_c10(input.dtype)}) and source "
                           f"({_c10(source.dtype)}) must have the same scalar type")
    d = wrap_dim(dim, input.dim())
    k = index.numel()
    if source.dim() > 0:
        if d >= source.dim():
            wrap_dim(d, source.dim())
        if k != source._nd.shape[d]:
            raise RuntimeError(f"{name}(): Number of indices ({k}) should be equal to "
                               f"source.size(dim): ({source._nd.shape[d]}), for dim: {d}")
    ss, xs = source._nd.shape, input._nd.shape
    same = len(ss) == len(xs) and all(a == b for j, (a, b) in enumerate(zip(ss, xs)) if j != d)
    if input.dim() == 0:
        same = source.numel() == 1 and source.dim() in scalar_source_dims
    if not same:
        raise RuntimeError(f"source tensor shape must match self tensor shape, excluding the "
                           f"specified dimension. Got self.shape = {list(xs)} source.shape = "
                           f"{list(ss)}")
    return d


def _ndim1(t):
    """PyTorch's ensure_nonempty_dim: a 0-d tensor counts as 1-d."""
    return max(t.dim(), 1)


def _size1(t, d):
    """PyTorch's ensure_nonempty_size."""
    return t._nd.shape[d] if t.dim() else 1


# ---- cat / stack ----------------------------------------------------------------------------
def _cat_kernel(*arrays, axis, dt):
    return jnp.concatenate([a.astype(dt.np) for a in arrays], axis=axis)


@op("cat", "concat", "concatenate", method=False)
@parsed("tuple of Tensors tensors, int dim = 0, *, Tensor out = None", function=True)
def cat(tensors, dim=0, *, axis=None):
    """torch.cat: promotes dtypes across inputs; 1-D empty tensors are skipped (legacy rule)."""
    if axis is not None:
        dim = axis
    tensors = _tensor_list("cat", tensors)
    if not tensors:
        raise ValueError("torch.cat(): expected a non-empty list of Tensors")
    for i, t in enumerate(tensors):
        if t.dim() == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be "
                               f"concatenated")
    dt = _dtype.result_type_of([t.dtype for t in tensors], [], [])
    kept = [(i, t) for i, t in enumerate(tensors) if t._nd.shape != (0,)]
    if not kept:
        return record(_cat_kernel, tensors, (("axis", 0), ("dt", dt)), name="cat")
    ref = kept[0][1]._nd.shape
    d = wrap_dim(dim, len(ref))
    for i, t in kept[1:]:
        s = t._nd.shape
        if len(s) != len(ref):
            raise RuntimeError(f"Tensors must have same number of dimensions: got {len(ref)} "
                               f"and {len(s)}")
        for j in range(len(ref)):
            if j != d and s[j] != ref[j]:
                raise RuntimeError(f"Sizes of tensors must match except in dimension {d}. "
                                   f"Expected size {ref[j]} but got size {s[j]} for tensor "
                                   f"number {i} in the list.")
    return record(_cat_kernel, [t for _, t in kept], (("axis", d), ("dt", dt)), name="cat")


def _stack_kernel(*arrays, axis, dt):
    return jnp.stack([a.astype(dt.np) for a in arrays], axis=axis)


@op("stack", method=False)
@parsed("tuple of Tensors tensors, int dim = 0, *, Tensor out = None", function=True)
def stack(tensors, dim=0):
    """torch.stack: equal shapes, promoted dtype, new dim at `dim`."""
    tensors = _tensor_list("stack", tensors)
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    s0 = tensors[0]._nd.shape
    d = wrap_dim(dim, len(s0) + 1)
    for i, t in enumerate(tensors[1:], 1):
        if t._nd.shape != s0:
            raise RuntimeError(f"stack expects each tensor to be equal size, but got {list(s0)} "
                               f"at entry 0 and {list(t._nd.shape)} at entry {i}")
    dt = _dtype.result_type_of([t.dtype for t in tensors], [], [])
    return record(_stack_kernel, tensors, (("axis", d), ("dt", dt)), name="stack")


def _atleast_one(t, n):
    nd = t.dim()
    if nd >= n:
        return t
    shape = t._nd.shape
    if n == 1:
        return reshape(t, (1,))
    if n == 2:
        return reshape(t, (1,) * (2 - nd) + shape)
    return reshape(t, {0: (1, 1, 1), 1: (1,) + shape + (1,), 2: shape + (1,)}[nd])


def _atleast(n, tensors):
    if len(tensors) == 1 and is_tensor(tensors[0]):
        return _atleast_one(tensors[0], n)
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tensors[0]
    return tuple(_atleast_one(t, n) for t in tensors)


@op("atleast_1d", method=False)
def atleast_1d(*tensors):
    """A view with at least 1 dim (a tensor in, a tensor out; several in, a tuple out)."""
    return _atleast(1, tensors)


@op("atleast_2d", method=False)
def atleast_2d(*tensors):
    """A view with at least 2 dims (1-D (n,) -> (1, n))."""
    return _atleast(2, tensors)


@op("atleast_3d", method=False)
def atleast_3d(*tensors):
    """A view with at least 3 dims ((n,) -> (1, n, 1), (a, b) -> (a, b, 1))."""
    return _atleast(3, tensors)


def _nonempty_list(name, tensors):
    tensors = _tensor_list(name, tensors)
    if not tensors:
        raise RuntimeError(f"{name} expects a non-empty TensorList")
    return tensors


@op("hstack", method=False)
def hstack(tensors):
    """Concatenate along dim 0 for 1-D inputs, else dim 1 (after atleast_1d)."""
    ts = [_atleast_one(t, 1) for t in _nonempty_list("hstack", tensors)]
    return cat(ts, 0 if ts[0].dim() == 1 else 1)


@op("vstack", "row_stack", method=False)
def vstack(tensors):
    """Concatenate along dim 0 after atleast_2d."""
    return cat([_atleast_one(t, 2) for t in _nonempty_list("vstack", tensors)], 0)


@op("dstack", method=False)
def dstack(tensors):
    """Concatenate along dim 2 after atleast_3d."""
    return cat([_atleast_one(t, 3) for t in _nonempty_list("dstack", tensors)], 2)


@op("column_stack", method=False)
def column_stack(tensors):
    """0-d and 1-d inputs become columns (n, 1); then hstack."""
    ts = _nonempty_list("column_stack", tensors)
    ts = [reshape(t, (t.numel(), 1)) if t.dim() <= 1 else t for t in ts]
    return hstack(ts)


# ---- repeat / tile / repeat_interleave ------------------------------------------------------
def _tile_kernel(x, *, shape, reps):
    return jnp.tile(jnp.reshape(x, shape), reps)


@op("repeat", function=False)
def repeat(self, *sizes, repeats=None):
    """Tensor.repeat(*sizes): tile; fewer sizes than dims is an error (unlike numpy)."""
    if repeats is not None:
        if sizes:
            raise TypeError("repeat() got multiple values for argument 'repeats'")
        sizes = (repeats,)
    if not sizes:
        raise TypeError('repeat() missing 1 required positional arguments: "repeats"')
    reps = _sizes(sizes, "repeat")
    if len(reps) < self.dim():
        raise RuntimeError("Number of dimensions of repeat dims can not be smaller than number "
                           "of dimensions of tensor")
    shape = (1,) * (len(reps) - self.dim()) + self._nd.shape
    out = tuple(s * r for s, r in zip(shape, reps))
    if any(r < 0 for r in reps):
        neg = next((o for o in out if o < 0), next(r for r in reps if r < 0))
        raise RuntimeError(f"Trying to create tensor with negative dimension {neg}: "
                           f"{list(out)}")
    return record(_tile_kernel, (self,), (("shape", shape), ("reps", reps)), name="repeat")


@op("tile")
def tile(input, *dims, **kwargs):
    """torch.tile: like repeat, but fewer dims than the tensor's are padded with ones."""
    if "dims" in kwargs:
        dims = (kwargs.pop("dims"),)
    if kwargs:
        raise TypeError(f"tile() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if not dims:
        raise TypeError('tile() missing 1 required positional arguments: "dims"')
    dims = _sizes(dims, "tile")
    if len(dims) < input.dim():
        dims = (1,) * (input.dim() - len(dims)) + dims
    return repeat(input, dims)


def _repeat_int_kernel(x, *, repeats, axis):
    return jnp.repeat(x, repeats, axis=axis)


def _repeat_tensor_kernel(x, r, *, axis, total):
    n = x.shape[axis]
    r = r.ravel().astype(jnp.int64)
    if r.shape[0] != n:  # a single repeat count for every element
        r = jnp.broadcast_to(r[0], (n,))
    return jnp.repeat(x, r, axis=axis, total_repeat_length=total)


def _repeat_check_kernel(r, *, n, total):
    r = r.ravel().astype(jnp.int64)
    s = jnp.sum(r) if r.shape[0] == n else r[0] * n
    neg = jnp.any(r < 0)
    return jnp.logical_not(neg) & (s == total), jnp.where(s != total, 2, 1)


def _repeat_error(code):
    if int(code) == 1:
        return RuntimeError, "repeats can not be negative"
    return RuntimeError, "allocated size does not match required size"


@op("repeat_interleave")
def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """torch.repeat_interleave with int or tensor repeats (tensor repeats without output_size
    are a sync point: the output's length is their sum)."""
    if repeats is None:  # torch.repeat_interleave(repeats): arange(len) repeated
        r = input
        if r.dim() > 1:
            raise RuntimeError("repeat_interleave only accept 1D vector as repeat")
        from .._creation import arange
        base = arange(r.numel(), dtype=r.dtype, device=r.device)
        return repeat_interleave(base, reshape(r, (r.numel(),)), 0, output_size=output_size)
    if dim is None:
        x, d = reshape(input, (input.numel(),)), 0
    else:
        d = wrap_dim(dim, input.dim())
        x = input if input.dim() else reshape(input, (1,))
    n = x._nd.shape[d]
    if not is_tensor(repeats):
        r = _as_int(repeats)
        if r < 0:
            raise RuntimeError("Repeats must be non-negative")
        if output_size is not None and output_size != n * r:
            raise RuntimeError(f"repeat_interleave: Invalid output_size, expected {n * r} but got "
                               f"{output_size}")
        return record(_repeat_int_kernel, (x,), (("repeats", r), ("axis", d)),
                      name="repeat_interleave")
    if repeats.dtype not in (_dtype.uint8, _dtype.int8, _dtype.int16, int32, int64):
        raise NotImplementedError(f"\"repeat_interleave_cpu\" not implemented for "
                                  f"'{_c10(repeats.dtype)}'")
    if repeats.dim() > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    k = repeats.numel()
    if k != 1 and k != n:
        raise RuntimeError(f"repeats must have the same size as input along dim, but got "
                           f"repeats.size(0) = {k} and input.size({d}) = {n}")
    if output_size is None:
        vals = repeats._host().ravel().astype(np.int64)  # sync: data-dependent
        if (vals < 0).any():
            raise RuntimeError("repeats can not be negative")
        total = int(vals.sum()) if k == n else int(vals[0]) * n
    else:
        total = _as_int(output_size)
        add_check(_repeat_check_kernel, (repeats,), _repeat_error, (("n", n), ("total", total)))
    return record(_repeat_tensor_kernel, (x, repeats), (("axis", d), ("total", total)),
                  name="repeat_interleave")


# ---- flip / roll / rot90 --------------------------------------------------------------------
def _flip_kernel(x, *, dims):
    return jnp.flip(x, dims) if dims else jnp.copy(x)


def _flip_dims(input, dims):
    nd = input.dim()
    out = []
    for d in dims:
        w = wrap_dim(d, nd)
        if w in out:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        out.append(w)
    return tuple(out) if nd else ()


def _flip(input, dims):
    return record(_flip_kernel, (input,), (("dims", _flip_dims(input, dims)),), name="flip")


@op("flip", method=False)
@parsed("Tensor input, int[] dims, *, Tensor out = None", function=True)
def flip(input, dims):
    """torch.flip(input, dims): a copy reversed along `dims` (a list; an int is a TypeError)."""
    if not isinstance(dims, (tuple, list)):
        raise TypeError(f"flip(): argument 'dims' (position 2) must be tuple of ints, not "
                        f"{type(dims).__name__}")
    return _flip(input, _dims_list(dims))


@op("flip", function=False)
@parsed("Tensor input, int[] dims", function=False, name="flip")
def flip_method(self, *dims, **kwargs):
    """Tensor.flip(*dims) or Tensor.flip(dims)."""
    if "dims" in kwargs:
        dims = kwargs.pop("dims")
    if kwargs:
        raise TypeError(f"flip() got an unexpected keyword argument '{next(iter(kwargs))}'")
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = dims[0]
    return _flip(self, _dims_list(list(dims)))


@op("fliplr")
def fliplr(input):
    if input.dim() < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return _flip(input, [1])


@op("flipud")
def flipud(input):
    if input.dim() < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return _flip(input, [0])


def _roll_kernel(x, *shifts, dims):
    if dims is None:
        return jnp.roll(x.ravel(), shifts[0]).reshape(x.shape)
    return jnp.roll(x, shifts, dims)


@op("roll")
@parsed("Tensor input, tuple of ints shifts, tuple of ints dims = [], *, Tensor out = None")
def roll(input, shifts, dims=None):
    """torch.roll; without dims the tensor is rolled as if flattened. Shifts are dynamic
    kernel inputs (a changing shift does not recompile)."""
    shifts = _dims_list(shifts)
    if not shifts:
        raise RuntimeError("`shifts` required")
    if dims is None:
        if len(shifts) != 1:
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, dims:0")
        wdims = None
    else:
        dims = _dims_list(dims)
        if len(shifts) != len(dims):
            raise RuntimeError(f"shifts and dimensions must align. shifts: {len(shifts)}, "
                               f"dims:{len(dims)}")
        if input.dim() == 0:
            raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
        wdims = tuple(wrap_dim(d, input.dim()) for d in dims)
    if input.numel() == 0:
        return _flip(input, [])
    return record(_roll_kernel, (input, *shifts), (("dims", wdims),), name="roll")


def _rot90_kernel(x, *, k, axes):
    return jnp.rot90(x, k, axes) if k else jnp.copy(x)


@op("rot90")
def rot90(input, k=1, dims=(0, 1)):
    """torch.rot90: rotate by 90 degrees k times in the plane of `dims` (a copy)."""
    dims = _dims_list(dims)
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if input.dim() < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {input.dim()}")
    d0, d1 = wrap_dim(dims[0], input.dim()), wrap_dim(dims[1], input.dim())
    if d0 == d1:
        raise RuntimeError(f"expected rotation dims to be different, but got dim0 = {dims[0]} "
                           f"and dim1 = {dims[1]}")
    return record(_rot90_kernel, (input,), (("k", _as_int(k) % 4), ("axes", (d0, d1))),
                  name="rot90")


# ---- gather / scatter -----------------------------------------------------------------------
def _as1d(a):
    return a.reshape(1) if a.ndim == 0 else a


def _gather_kernel(x, idx, *, dim):
    x1, i1 = _as1d(x), _as1d(idx)
    if x1.shape[dim] == 0:  # only reached with an index that fails its range check
        return jnp.zeros(idx.shape, x.dtype)
    sl = tuple(slice(0, s) if d != dim else slice(None) for d, s in enumerate(i1.shape))
    r = jnp.take_along_axis(x1[sl], i1, axis=dim, mode="clip")
    return r.reshape(idx.shape)


def _oob_runtime(dim, size):
    return lambda v: (RuntimeError, f"index {v} is out of bounds for dimension {dim} with size "
                                    f"{size}")


@op("gather")
@parsed("Tensor input, int dim, Tensor index, *, bool sparse_grad = False, Tensor out = None")
def gather(input, dim, index, *, sparse_grad=False):
    """torch.gather: out[i][j] = input[index[i][j]][j] (dim 0); index values must lie in
    [0, size) — PyTorch's RuntimeError otherwise, never a clamp."""
    _check_index_dtype(index, _INT_INDEX, "gather(): Expected dtype int32/int64 for index")
    d = wrap_dim(dim, input.dim())
    if index.numel():
        if _ndim1(index) != _ndim1(input):
            raise RuntimeError("Index tensor must have the same number of dimensions as input "
                               "tensor")
        for j in range(_ndim1(index)):
            if j != d and _size1(index, j) > _size1(input, j):
                raise RuntimeError(f"Size does not match at dimension {j} expected index "
                                   f"{list(index.shape)} to be no larger than self "
                                   f"{list(input.shape)} apart from dimension {d}")
        size = _size1(input, d)
        _check_bounds(index, 0, size, _oob_runtime(d, size))
    else:
        return record(_empty_like_index_kernel, (input, index), name="gather")
    return record(_gather_kernel, (input, index), (("dim", d),), name="gather")


def _empty_like_index_kernel(x, idx):
    return jnp.zeros(idx.shape, x.dtype)


def _coords(idx, dim):
    c = list(jnp.indices(idx.shape, sparse=True))
    c[dim] = idx
    return tuple(c)


def _scatter_apply(x, c, v, how):
    """x.at[c].<how>(v), with bool tensors computed as integers (JAX has no bool add)."""
    isbool = x.dtype == jnp.bool_
    if isbool:
        x, v = x.astype(jnp.int32), v.astype(jnp.int32)
    at = x.at[c]
    r = {"set": at.set, "add": at.add, "multiply": at.multiply, "max": at.max,
         "min": at.min}[how](v)
    return (r != 0) if isbool else r


def _scatter_kernel(x, idx, src, *, dim, how, src_tensor):
    shape = x.shape
    x, idx = _as1d(x), _as1d(idx)
    if src_tensor:
        src = _as1d(src)[tuple(slice(0, s) for s in idx.shape)]
    v = jnp.asarray(src).astype(x.dtype)
    if not src_tensor:
        v = jnp.broadcast_to(v, idx.shape)
    return _scatter_apply(x, _coords(idx, dim), v, how).reshape(shape)


def _scatter_checks(name, input, dim, index, src):
    _check_index_dtype(index, _INT_INDEX, "scatter(): Expected dtype int32/int64 for index")
    d = wrap_dim(dim, input.dim())
    if is_tensor(src) and src.dtype is not input.dtype:
        raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
    if index.numel() == 0:
        return d, False
    if _ndim1(index) != _ndim1(input):
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    nd = _ndim1(input)
    bad = any(j != d and _size1(index, j) > _size1(input, j) for j in range(nd))
    if is_tensor(src):
        if not bad:
            for j in range(nd):
                if src.dim() and j >= src.dim():
                    wrap_dim(j, src.dim())  # PyTorch reads src.size(j): an IndexError
                if _size1(index, j) > _size1(src, j):
                    bad = True
                    break
        if _ndim1(src) != _ndim1(index):
            raise RuntimeError("Index tensor must have the same number of dimensions as src "
                               "tensor")
    if bad:
        msg = (f"Expected index {list(index.shape)} to be no larger than self "
               f"{list(input.shape)} apart from dimension {d}")
        if is_tensor(src):
            msg += f" and to be no larger size than src {list(src.shape)}"
        raise RuntimeError(msg)
    size = _size1(input, d)
    _check_bounds(index, 0, size, _oob_runtime(d, size))
    return d, True


def _copy_kernel(x):
    return jnp.copy(x)


def _scatter(name, input, dim, index, src, how):
    d, nonempty = _scatter_checks(name, input, dim, index, src)
    if not nonempty:
        return record(_copy_kernel, (input,), name=name)
    src_t = is_tensor(src)
    if not src_t:
        src = _scalar(src)
        if isinstance(src, (int, float)):
            check_scalar_fits(src, input.dtype, bfloat16_too=True)
    return record(_scatter_kernel, (input, index, src),
                  (("dim", d), ("how", how), ("src_tensor", src_t)), name=name)


@op("scatter", inplace=True)
def scatter(input, dim, index, src=None, value=None, *, reduce=None):
    """torch.scatter with a src tensor or a scalar value; reduce='add'/'multiply'. Duplicate
    indices without reduce leave an unspecified winner, as in PyTorch."""
    if src is None:
        src = value
    if src is None:
        raise TypeError("scatter() missing required argument 'src' or 'value'")
    how = "set"
    if reduce is not None:
        if reduce not in ("add", "multiply"):
            raise RuntimeError("reduce argument must be either add or multiply.")
        how = reduce
        if is_tensor(src):
            warnings.warn("The reduce argument of torch.scatter with Tensor src is deprecated and "
                          "will be removed in a future PyTorch release. Use torch.scatter_reduce "
                          "instead for more reduction options.", UserWarning,
                          stacklevel=user_stacklevel())
    return _scatter("scatter", input, dim, index, src, how)


@op("scatter_add", inplace=True)
def scatter_add(input, dim, index, src):
    """torch.scatter_add: out[index[i][j]][j] += src[i][j] (dim 0), duplicates accumulate."""
    return _scatter("scatter_add", input, dim, index, src, "add")


def _lowest(dt):
    if jnp.issubdtype(dt, jnp.floating):
        return -jnp.inf
    return jnp.iinfo(dt).min


def _highest(dt):
    if jnp.issubdtype(dt, jnp.floating):
        return jnp.inf
    return jnp.iinfo(dt).max


def _scatter_reduce_kernel(x, idx, src, *, dim, reduce, include_self):
    shape = x.shape
    x, idx = _as1d(x), _as1d(idx)
    src = _as1d(src)[tuple(slice(0, s) for s in idx.shape)]
    isbool = x.dtype == jnp.bool_
    w = x.astype(jnp.int32) if isbool else x
    src = src.astype(w.dtype)
    c = _coords(idx, dim)
    if reduce == "sum":
        base = w if include_self else w.at[c].set(0)
        r = base.at[c].add(src)
    elif reduce == "prod":
        base = w if include_self else w.at[c].set(1)
        r = base.at[c].multiply(src)
    elif reduce == "amax":
        base = w if include_self else w.at[c].set(_lowest(w.dtype))
        r = base.at[c].max(src)
    elif reduce == "amin":
        base = w if include_self else w.at[c].set(_highest(w.dtype))
        r = base.at[c].min(src)
    else:  # mean
        base = w if include_self else w.at[c].set(0)
        s = base.at[c].add(src)
        cnt = jnp.ones(w.shape, jnp.int64)
        if not include_self:
            cnt = cnt.at[c].set(0)
        cnt = cnt.at[c].add(1)
        if jnp.issubdtype(w.dtype, jnp.floating):
            r = s / cnt.astype(w.dtype)
        else:
            r = jnp.floor_divide(s, cnt.astype(w.dtype))
    r = (r != 0) if isbool else r.astype(x.dtype)
    return r.reshape(shape)


_REDUCE_ALIASES = {"sum": "sum", "prod": "prod", "mean": "mean", "amax": "amax", "amin": "amin",
                   "max": "amax", "min": "amin"}


@op("scatter_reduce", inplace=True)
def scatter_reduce(input, dim, index, src, reduce, *, include_self=True):
    """torch.scatter_reduce with sum/prod/mean/amax/amin; include_self=False reduces only the
    scattered values at the positions they reach (integer mean floors, as PyTorch)."""
    if reduce not in _REDUCE_ALIASES:
        raise RuntimeError(f"reduce argument must be either sum, prod, mean, amax or amin, got "
                           f"{reduce}")
    reduce = _REDUCE_ALIASES[reduce]
    if not is_tensor(src):
        raise TypeError(f"scatter_reduce(): argument 'src' (position 4) must be Tensor, not "
                        f"{type(src).__name__}")
    d, nonempty = _scatter_checks("scatter_reduce", input, dim, index, src)
    if reduce == "mean" and input.dtype is bool_:
        raise NotImplementedError("\"scatter_gather_tensor_cpu_reduce_mean\" not implemented "
                                  "for 'Bool'")
    if not nonempty:
        return record(_copy_kernel, (input,), name="scatter_reduce")
    return record(_scatter_reduce_kernel, (input, index, src),
                  (("dim", d), ("reduce", reduce), ("include_self", bool(include_self))),
                  name="scatter_reduce")


# ---- index_select / index_add / index_copy / index_fill -------------------------------------
def _index_select_kernel(x, idx, *, dim):
    if x.ndim == 0:
        return x.reshape(())
    if x.shape[dim] == 0:  # only reached with an index that fails its range check
        return jnp.zeros(x.shape[:dim] + (idx.size,) + x.shape[dim + 1:], x.dtype)
    return jnp.take(x, idx.reshape(-1), axis=dim, mode="clip")


@op("index_select")
@parsed("Tensor input, int dim, Tensor index, *, Tensor out = None")
def index_select(input, dim, index):
    """torch.index_select: entries of `input` along `dim` at a 1-D index (int32/int64)."""
    _check_index_dtype(index, _INT_INDEX, "index_select(): Expected dtype int32 or int64 for "
                                          "index")
    if index.dim() > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    d = wrap_dim(dim, input.dim())
    k = index.numel()
    if input.dim() == 0:
        if k != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {k} "
                               f"value(s)")
        size = 1
    else:
        size = input._nd.shape[d]
        if size == 0 and k and input.dim() > 1:
            raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if input.dim() > 1 and d == 1:
        err = lambda v: (RuntimeError, f"INDICES element is out of DATA bounds, id={v} "  # noqa
                                       f"axis_dim={size}")
    else:
        err = lambda v: (IndexError, "index out of range in self")  # noqa: E731
    _check_bounds(index, 0, size, err)
    return record(_index_select_kernel, (input, index), (("dim", d),), name="index_select")


def _index_at(x, idx, dim):
    return (slice(None),) * dim + (idx.reshape(-1),)


def _index_add_kernel(x, idx, src, alpha, *, dim):
    shape = x.shape
    x = _as1d(x)
    src = jnp.reshape(src, x.shape[:dim] + (idx.size,) + x.shape[dim + 1:])
    a = jnp.asarray(alpha).astype(x.dtype)
    isbool = x.dtype == jnp.bool_
    if isbool:
        r = x.astype(jnp.int32).at[_index_at(x, idx, dim)].add(
            src.astype(jnp.int32) * a.astype(jnp.int32)) != 0
    else:
        r = x.at[_index_at(x, idx, dim)].add(src * a)
    return r.reshape(shape)


@op("index_add", inplace=True)
def index_add(input, dim, index, source, *, alpha=1):
    """torch.index_add: input[..., index[i], ...] += alpha * source[..., i, ...]; duplicates
    accumulate; out-of-range index values raise (never dropped)."""
    if not is_tensor(index):
        raise TypeError("index_add(): argument 'index' must be Tensor")
    d = index_source_checks("index_add_", input, dim, index, source, scalar_source_dims=(0,))
    size = _size1(input, d)
    _check_bounds(index, 0, size, _oob_runtime(d, size))
    return record(_index_add_kernel, (input, index, source, _scalar(alpha)), (("dim", d),),
                  name="index_add")


def _index_copy_kernel(x, idx, src, *, dim):
    shape = x.shape
    x = _as1d(x)
    src = jnp.reshape(src, x.shape[:dim] + (idx.size,) + x.shape[dim + 1:])
    return x.at[_index_at(x, idx, dim)].set(src).reshape(shape)


@op("index_copy", inplace=True)
def index_copy(input, dim, index, source):
    """torch.index_copy: input[..., index[i], ...] = source[..., i, ...] (int64 index)."""
    if not is_tensor(index):
        raise TypeError("index_copy(): argument 'index' must be Tensor")
    if index.dim() > 1:
        raise IndexError(f"index_copy_(): Index should have dimension 1 or 0 (got "
                         f"{index.dim()})")
    _check_index_dtype(index, _LONG_INDEX, f"index_copy_(): Expected a long tensor for index, "
                                           f"but got {_c10(index.dtype)}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"index_copy_(): self and source expected to have the same dtype, but "
                           f"got (self) {_c10(input.dtype)} and (source) {_c10(source.dtype)}")
    d = wrap_dim(dim, input.dim())
    k = index.numel()
    xs, ss = input._nd.shape, source._nd.shape
    if source.dim() and input.dim() and source.dim() != input.dim():
        raise IndexError(f"index_copy_(): When source and destination are not scalars, their "
                         f"dimensionality must match. Source dimensionality ({source.dim()}), "
                         f"destination dimensionality ({input.dim()})")
    if source.dim() and input.dim():
        xsl = [s for j, s in enumerate(xs) if j != d]
        ssl = [s for j, s in enumerate(ss) if j != d]
        if xsl != ssl:
            raise RuntimeError(f"index_copy_(): Source/destination tensor must have same slice "
                               f"shapes. Destination slice shape: {' '.join(map(str, xsl))} at "
                               f"dimension {d} and source slice shape: "
                               f"{' '.join(map(str, ssl))} at dimension 0.")
    ns = ss[d] if source.dim() else 1
    if k != ns:
        raise IndexError(f"index_copy_(): Number of indices ({k}) should be equal to "
                         f"source.size(dim) ({ns})")
    size = _size1(input, d)
    _check_bounds(index, 0, size, lambda v: (IndexError, f"index_copy_(): index {v} is out of "
                                                         f"bounds for dimension {d} with size "
                                                         f"{size}"))
    return record(_index_copy_kernel, (input, index, source), (("dim", d),), name="index_copy")


def _index_fill_kernel(x, idx, v, *, dim):
    shape = x.shape
    x = _as1d(x)
    idx = jnp.where(idx < 0, idx + x.shape[dim], idx)
    return x.at[_index_at(x, idx, dim)].set(jnp.asarray(v).astype(x.dtype)).reshape(shape)


@op("index_fill", inplace=True)
def index_fill(input, dim, index, value):
    """torch.index_fill: entries at `index` along `dim` set to a scalar (negative indices wrap;
    values outside [-size, size) raise)."""
    _check_index_dtype(index, _LONG_INDEX, "index_fill_(): Expected dtype int64 for index.",
                       IndexError)
    if index.dim() > 1:
        raise RuntimeError("Index has to be a vector/scalar")
    if is_tensor(value) and value.dim() != 0:
        raise RuntimeError(f"index_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.dim()} dimension(s).")
    if isinstance(value, complex):
        raise RuntimeError("index_fill_(): Converting complex Scalar to non-complex type is not "
                           "supported")
    if not is_tensor(value):
        check_scalar_fits(_scalar(value), input.dtype, bfloat16_too=True)
    d = wrap_dim(dim, input.dim())
    size = _size1(input, d)
    _check_bounds(index, -size, size, lambda v: (IndexError, f"index {v} is out of bounds for "
                                                             f"dimension {d} with size {size}"))
    return record(_index_fill_kernel, (input, index, _scalar(value)), (("dim", d),),
                  name="index_fill")


# ---- masked ops -----------------------------------------------------------------------------
def _masked_fill_kernel(x, mask, v, *, shape):
    return jnp.where(jnp.broadcast_to(mask, shape), jnp.asarray(v).astype(x.dtype),
                     jnp.broadcast_to(x, shape))


@op("masked_fill_", function=False)
@parsed("Tensor input, Tensor mask, Tensor value", "Tensor input, Tensor mask, Number value",
        function=False)
def masked_fill_(self, mask, value):
    """Tensor.masked_fill_: the mask broadcasts to the tensor (named first in the error)."""
    _broadcast_shape([self._nd.shape, mask._nd.shape])
    return self._assign(masked_fill(self, mask, value), "masked_fill_")


@op("masked_fill")
@parsed("Tensor input, Tensor mask, Tensor value", "Tensor input, Tensor mask, Number value")
def masked_fill(input, mask, value):
    """torch.masked_fill: value (a scalar or 0-d tensor, cast to input's dtype) where the bool
    mask (broadcast) is True."""
    if mask.dtype is not bool_:
        raise RuntimeError(f"masked_fill_ only supports boolean masks, but got mask with dtype "
                           f"{_CPP[mask.dtype.name]}")
    if is_tensor(value) and value.dim() != 0:
        raise RuntimeError(f"masked_fill_ only supports a 0-dimensional value tensor, but got "
                           f"tensor with {value.dim()} dimension(s).")
    shape = _broadcast_shape([mask._nd.shape, input._nd.shape])
    value = real_scalar(_scalar(value), input.dtype)
    if type(value) is int and not -2 ** 63 <= value < 2 ** 64:
        raise OverflowError("int too big to convert")
    if isinstance(value, (int, float)):
        check_scalar_fits(value, input.dtype, bfloat16_too=True)
    return record(_masked_fill_kernel, (input, mask, value), (("shape", shape),),
                  name="masked_fill")


def _count_kernel(m, *, shape):
    return jnp.sum(jnp.broadcast_to(m, shape), dtype=jnp.int64)


def _masked_select_kernel(x, m, *, shape, n):
    xb = jnp.broadcast_to(x, shape).ravel()
    mb = jnp.broadcast_to(m, shape).ravel()
    return xb[jnp.nonzero(mb, size=n)[0]]


@op("masked_select")
def masked_select(input, mask):
    """torch.masked_select: a 1-D tensor of the entries where mask is True (a sync point: the
    length depends on the mask's values)."""
    if mask.dtype is not bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    shape = _broadcast_shape([mask._nd.shape, input._nd.shape])
    n = int(record(_count_kernel, (mask,), (("shape", shape),), name="count").item())
    return record(_masked_select_kernel, (input, mask), (("shape", shape), ("n", n)),
                  name="masked_select")


def _masked_scatter_kernel(x, m, src, *, shape):
    xb = jnp.broadcast_to(x, shape).ravel()
    mb = jnp.broadcast_to(m, shape).ravel()
    s = src.ravel()
    if s.size == 0:
        vals = xb
    else:
        pos = jnp.cumsum(mb, dtype=jnp.int64) - 1
        vals = s[jnp.clip(pos, 0, s.size - 1)]
    return jnp.where(mb, vals, xb).reshape(shape)


def _masked_scatter_check(m, *, shape, n):
    return jnp.sum(jnp.broadcast_to(m, shape), dtype=jnp.int64) <= n, 0


@op("masked_scatter", inplace=True)
def masked_scatter(input, mask, source):
    """torch.masked_scatter: consecutive source entries written where mask is True; too few
    source entries raise at the next sync point."""
    if mask.dtype is not bool_:
        raise RuntimeError(f"masked_scatter_ only supports boolean masks, but got mask with "
                           f"dtype {_c10(mask.dtype)}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"masked_scatter: expected self and source to have same dtypes but "
                           f"got{_c10(input.dtype)} and {_c10(source.dtype)}")
    shape = _broadcast_shape([mask._nd.shape, input._nd.shape])
    add_check(_masked_scatter_check, (mask,),
              lambda _: (RuntimeError, "Number of elements of source < number of ones in mask"),
              (("shape", shape), ("n", source.numel())))
    return record(_masked_scatter_kernel, (input, mask, source), (("shape", shape),),
                  name="masked_scatter")


# ---- take / take_along_dim / put ------------------------------------------------------------
def _take_kernel(x, idx):
    flat = x.ravel()
    i = jnp.where(idx < 0, idx + flat.size, idx)
    return jnp.take(flat, i, mode="clip") if flat.size else jnp.zeros(idx.shape, x.dtype)


def _flat_oob(n):
    return lambda v: (IndexError, f"out of range: tried to access index {v} on a tensor of {n} "
                                  f"elements.")


@op("take")
def take(input, index):
    """torch.take: entries of the flattened input (negative indices wrap; int64 index)."""
    _check_index_dtype(index, _LONG_INDEX, f"take(): Expected a long tensor for index, but got "
                                           f"{_c10(index.dtype) if is_tensor(index) else ''}")
    n = input.numel()
    if n == 0 and index.numel():
        raise IndexError("take(): tried to take from an empty tensor")
    _check_bounds(index, -n, n, _flat_oob(n))
    return record(_take_kernel, (input, index), name="take")


def _take_along_kernel(x, idx, *, dim, xshape, ishape):
    x = jnp.broadcast_to(x, xshape)
    idx = jnp.broadcast_to(idx, ishape)
    idx = jnp.remainder(idx, x.shape[dim])
    return jnp.take_along_axis(x, idx, axis=dim, mode="clip")


@op("take_along_dim")
def take_along_dim(input, indices, dim=None):
    """torch.take_along_dim: with dim=None a gather on the flattened input (range-checked);
    with a dim, inputs broadcast and indices wrap modulo the dim's size (PyTorch 2.13)."""
    _check_index_dtype(indices, _LONG_INDEX, f"torch.take_along_dim(): dtype of indices should be "
                                             f"Long but got {_c10(indices.dtype)}")
    if dim is None:
        return gather(reshape(input, (input.numel(),)), 0, reshape(indices, (indices.numel(),)))
    if input.dim() != indices.dim():
        raise RuntimeError(f"torch.take_along_dim(): input and indices should have the same "
                           f"number of dimensions, but got {input.dim()} dimensions for input, "
                           f"and {indices.dim()} dimensions for indices")
    d = wrap_dim(dim, input.dim())
    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
    xs, js = list(input._nd.shape), list(indices._nd.shape)
    a = list(xs)
    a[d] = js[d]
    ishape = _broadcast_shape([a, js])
    b = list(js)
    b[d] = xs[d]
    xshape = _broadcast_shape([b, xs])
    if xs[d] == 0 and indices.numel():
        raise RuntimeError(f"index is out of bounds for dimension {d} with size 0")
    return record(_take_along_kernel, (input, indices),
                  (("dim", d), ("xshape", xshape), ("ishape", ishape)), name="take_along_dim")


def _put_kernel(x, idx, src, *, accumulate):
    flat = x.ravel()
    i = idx.ravel()
    i = jnp.where(i < 0, i + flat.size, i)
    s = src.ravel()
    if i.size == 0:
        return x
    return _scatter_apply(flat, i, s, "add" if accumulate else "set").reshape(x.shape)


@op("put", inplace=True)
def put(input, index, source, accumulate=False):
    """torch.put / Tensor.put_: write source into the flattened input at index (negative indices
    wrap; accumulate=True adds, duplicates included)."""
    _check_index_dtype(index, _LONG_INDEX, f"put_(): Expected a long tensor for index, but got "
                                           f"{_c10(index.dtype) if is_tensor(index) else ''}")
    if source.dtype is not input.dtype:
        raise RuntimeError(f"put_(): self and source expected to have the same dtype, but got "
                           f"self.dtype = {_c10(input.dtype)} and source.dtype = "
                           f"{_c10(source.dtype)}")
    if source.numel() != index.numel():
        raise IndexError(f"put_(): Expected source and index to have the same number of "
                         f"elements, but got source.numel() = {source.numel()}, index.numel() = "
                         f"{index.numel()}")
    n = input.numel()
    if n == 0 and index.numel():
        raise IndexError("put_(): Tried to put elements into an empty tensor")
    _check_bounds(index, -n, n, _flat_oob(n))
    return record(_put_kernel, (input, index, source), (("accumulate", bool(accumulate)),),
                  name="put")


# ---- triangles and diagonals ----------------------------------------------------------------
def _tril_kernel(x, *, k):
    return jnp.tril(x, k)


def _triu_kernel(x, *, k):
    return jnp.triu(x, k)


@op("tril", inplace=True)
@parsed("Tensor input, int diagonal = 0, *, Tensor out = None")
def tril(input, diagonal=0):
    """torch.tril over the last two dims (batched); `diagonal` shifts the kept triangle."""
    if input.dim() < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return record(_tril_kernel, (input,), (("k", _as_int(diagonal)),), name="tril")


@op("triu", inplace=True)
@parsed("Tensor input, int diagonal = 0, *, Tensor out = None")
def triu(input, diagonal=0):
    """torch.triu over the last two dims (batched)."""
    if input.dim() < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return record(_triu_kernel, (input,), (("k", _as_int(diagonal)),), name="triu")


def _diag_kernel(x, *, k):
    if x.ndim == 1:
        return jnp.diag(x, k)
    return jnp.diagonal(x, k)


@op("diag")
def diag(input, diagonal=0):
    """torch.diag: 1-D -> a square matrix with input on a diagonal; 2-D -> that diagonal."""
    if input.dim() not in (1, 2):
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {input.dim()}D")
    return record(_diag_kernel, (input,), (("k", _as_int(diagonal)),), name="diag",
                  gname="DiagEmbedBackward0" if input.dim() == 1 else "DiagonalBackward0_copy")


def _diag_embed_kernel(x, *, offset, dim1, dim2):
    n = x.shape[-1]
    m = n + abs(offset)
    out = jnp.zeros(x.shape[:-1] + (m, m), x.dtype)
    rows = np.arange(n) + max(-offset, 0)
    cols = np.arange(n) + max(offset, 0)
    out = out.at[..., rows, cols].set(x)
    return jnp.moveaxis(out, (-2, -1), (dim1, dim2))


@op("diag_embed")
def diag_embed(input, offset=0, dim1=-2, dim2=-1):
    """torch.diag_embed: the last dim of input on the `offset` diagonal of new dims (dim1, dim2)."""
    nd = input.dim() + 1
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return record(_diag_embed_kernel, (input,),
                  (("offset", _as_int(offset)), ("dim1", d1), ("dim2", d2)), name="diag_embed")


def _diagflat_kernel(x, *, k):
    return jnp.diag(x.ravel(), k)


@op("diagflat")
def diagflat(input, offset=0):
    """torch.diagflat: the flattened input on a diagonal of a square matrix."""
    return record(_diagflat_kernel, (input,), (("k", _as_int(offset)),), name="diagflat")


# ---- broadcasting and grids -----------------------------------------------------------------
@op("broadcast_tensors", method=False)
def broadcast_tensors(*tensors):
    """torch.broadcast_tensors: views of every input expanded to the common shape."""
    for i, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
    if not tensors:
        return ()
    shape = _broadcast_shape([t._nd.shape for t in tensors])
    return tuple(t if t._nd.shape == shape else expand(t, shape) for t in tensors)


@op("broadcast_shapes", method=False)
def broadcast_shapes(*shapes):
    """torch.broadcast_shapes: the common shape as a torch.Size (ints count as 1-d shapes)."""
    shapes = [(s,) if isinstance(s, int) else s for s in shapes if s is not None]
    if not shapes:
        return Size(())
    for s in shapes:
        if not isinstance(s, (tuple, list)):
            raise RuntimeError(f"Input shapes should be of type ints, a tuple of ints, or a list "
                               f"of ints, got {s}")
    common = [1] * max(len(s) for s in shapes)
    for k, s in enumerate(shapes):
        for j in range(-1, -1 - len(s), -1):
            if s[j] == common[j]:
                continue
            if common[j] == 1:
                if s[j] < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[j] = s[j]
            if s[j] == 1:
                continue
            if common[j] != s[j]:
                raise RuntimeError(f"Attempting to broadcast a dimension of length {s[j]} at {j}! "
                                   f"Mismatching argument at index {k} had {s}; but expected "
                                   f"shape should be broadcastable to {common}")
    return Size(common)


_meshgrid_warned = [False]


@op("meshgrid", method=False)
def meshgrid(*tensors, indexing=None):
    """torch.meshgrid: views of 0-d/1-d inputs expanded to the grid. Without `indexing` it is
    'ij' and, as in PyTorch, warns once that the argument will be required."""
    tensors = _varargs_tensors(tensors)
    tensors = _tensor_list("meshgrid", tensors)
    if not tensors:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        if not _meshgrid_warned[0]:
            _meshgrid_warned[0] = True
            warnings.warn("torch.meshgrid: in an upcoming release, it will be required to pass "
                          "the indexing argument.", UserWarning, stacklevel=2)
        indexing = "ij"
    for t in tensors:
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
        if t._nd.device is not tensors[0]._nd.device:
            raise RuntimeError("meshgrid expects all tensors to have the same device")
    for t in tensors:
        if t.dim() > 1:
            raise RuntimeError(f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but "
                               f"got: {t}")
    if indexing not in ("ij", "xy"):
        raise RuntimeError(f"torch.meshgrid: indexing must be one of \"xy\" or \"ij\", but "
                           f"received: {indexing}")
    sizes = [t.numel() for t in tensors]
    pos = list(range(len(tensors)))
    if indexing == "xy" and len(tensors) >= 2:
        pos[0], pos[1] = 1, 0
    grid = [0] * len(tensors)
    for i, p in enumerate(pos):
        grid[p] = sizes[i]
    out = []
    for i, t in enumerate(tensors):
        shape = [1] * len(tensors)
        shape[pos[i]] = sizes[i]
        out.append(expand(reshape(t, tuple(shape)), tuple(grid)))
    return tuple(out)


def _cartesian_kernel(*arrays):
    grids = jnp.meshgrid(*arrays, indexing="ij")
    return jnp.stack([g.ravel() for g in grids], axis=1)


@op("cartesian_prod", method=False)
def cartesian_prod(*tensors):
    """torch.cartesian_prod of 1-D tensors: (prod(sizes), n) rows, last input fastest."""
    tensors = _varargs_tensors(tensors)
    for t in tensors:
        if t.dim() != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(tensors) == 1:
        return tensors[0]
    for t in tensors:
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    return record(_cartesian_kernel, tensors, name="cartesian_prod")


@functools.lru_cache(maxsize=256)
def _combination_indices(n, r, with_replacement):
    f = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    idx = np.asarray(list(f(range(n), r)), dtype=np.int64)
    return idx.reshape(-1, r)


def _combinations_kernel(x, idx):
    return x[idx]


@op("combinations", method=False)
def combinations(input, r=2, with_replacement=False):
    """torch.combinations of a 1-D tensor's entries, in itertools' order."""
    if input.dim() != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(input.shape)}")
    r = _as_int(r)
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return record(_empty_kernel, (input,), (("shape", (0,)),), name="combinations")
    idx = _combination_indices(input.numel(), r, bool(with_replacement))
    it = dispatch.Tensor._from_array(jax.device_put(idx, input._nd.device), input._nd.device)
    return record(_combinations_kernel, (input, it), name="combinations")


def _empty_kernel(x, *, shape):
    return jnp.zeros(shape, x.dtype)


@op("ravel")
def ravel(input):
    """torch.ravel: the flattened tensor (a view when the input is contiguous)."""
    return reshape(input, (input.numel(),))


def _block_diag_kernel(*arrays, dt):
    mats = [a if a.ndim == 2 else a.reshape(1, a.size) for a in arrays]
    rows = sum(m.shape[0] for m in mats)
    cols = sum(m.shape[1] for m in mats)
    out = jnp.zeros((rows, cols), dt.np)
    r = c = 0
    for m in mats:
        out = out.at[r:r + m.shape[0], c:c + m.shape[1]].set(m.astype(dt.np))
        r, c = r + m.shape[0], c + m.shape[1]
    return out


def _block_diag_empty_kernel(*, dt):
    return jnp.zeros((1, 0), dt.np)


@op("block_diag", method=False)
def block_diag(*tensors):
    """torch.block_diag: inputs (0-d as 1x1, 1-D as a row) on the diagonal of a 2-D tensor,
    with PyTorch's type promotion."""
    for i, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"expected Tensor as element {i} in argument 0, but got "
                            f"{type(t).__name__}")
        if t.dim() > 2:
            raise RuntimeError(f"torch.block_diag: Input tensors must have 2 or fewer dimensions. "
                               f"Input {i} has {t.dim()} dimensions")
    if not tensors:
        return record(_block_diag_empty_kernel, (), (("dt", _dtype.get_default_dtype()),),
                      name="block_diag")
    return record(_block_diag_kernel, tensors, (("dt", result_type(*tensors)),),
                  name="block_diag")


# ---- nonzero / argwhere ---------------------------------------------------------------------
def _nonzero_count_kernel(x):
    return jnp.sum(x != 0, dtype=jnp.int64)


def _nonzero_kernel(x, *, n):
    if x.ndim == 0:
        return jnp.zeros((n, 0), jnp.int64)
    idx = jnp.nonzero(x, size=n)
    return jnp.stack([i.astype(jnp.int64) for i in idx], axis=1)


@op("nonzero")
def nonzero(input, *, as_tuple=False):
    """torch.nonzero: int64 (n, ndim) indices of nonzero entries (NaN counts as nonzero); a sync
    point, as the row count depends on the values. as_tuple gives one 1-D tensor per dim."""
    x = reshape(input, (1,)) if as_tuple and input.dim() == 0 else input
    n = int(record(_nonzero_count_kernel, (x,), name="count_nonzero").item())
    out = record(_nonzero_kernel, (x,), (("n", n),), name="nonzero")
    if as_tuple:
        return unbind(out, 1)
    return out


@op("argwhere")
def argwhere(input):
    """torch.argwhere: nonzero(input) as an (n, ndim) int64 tensor."""
    return nonzero(input)


# ---- searchsorted / bucketize ---------------------------------------------------------------
def _searchsorted_kernel(bd, v, *sorter, right, dt, out_dt):
    n = bd.shape[-1]
    bd = bd.astype(dt.np)
    v = jnp.asarray(v).astype(dt.np)
    vshape = v.shape
    if bd.ndim == 1:
        bdb = bd[None, :]
        vb = v.reshape(1, -1)
        sb = sorter[0][None, :] if sorter else None
    else:
        bdb = bd.reshape(-1, n)
        vb = v.reshape(bdb.shape[0], -1)
        sb = sorter[0].reshape(-1, n) if sorter else None
    lo = jnp.zeros(vb.shape, jnp.int64)
    hi = jnp.full(vb.shape, n, jnp.int64)
    for _ in range(n.bit_length()):  # binary search with PyTorch's comparisons (NaN sorts last)
        active = lo < hi
        mid = (lo + hi) // 2
        pos = jnp.minimum(mid, n - 1)
        if sb is not None:
            pos = jnp.take_along_axis(sb, pos, axis=1, mode="clip")
        mv = jnp.take_along_axis(bdb, pos, axis=1, mode="clip")
        go = jnp.logical_not(mv > vb) if right else jnp.logical_not(mv >= vb)
        lo = jnp.where(active & go, mid + 1, lo)
        hi = jnp.where(active & jnp.logical_not(go), mid, hi)
    return lo.reshape(vshape).astype(out_dt.np)


@op("searchsorted", method=False)
def searchsorted(sorted_sequence, input, *, out_int32=False, right=False, side=None,
                 sorter=None):
    """torch.searchsorted: insertion indices into the last dim of sorted_sequence (1-D, or
    batched over matching leading dims); `input` may be a Python scalar."""
    bd = sorted_sequence
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(f"torch.searchsorted(): side can only be 'left' or 'right' but got "
                               f"{side}")
        if side == "left" and right:
            raise RuntimeError("torch.searchsorted(): side and right can't be set to opposites, "
                               "got side of left while right was True")
        right = side == "right"
    if bd.dim() == 0:
        raise RuntimeError("torch.searchsorted(): boundaries tensor should have positive "
                           "dimension, but got 0 dimension")
    scalar = not is_tensor(input)
    if scalar:
        input = _scalar(input)
        if bd.dim() != 1:
            raise RuntimeError(f"torch.searchsorted(): input value can be a scalar only when "
                               f"boundaries tensor dimension is 1, but we got boundaries tensor "
                               f"dim({bd.dim()}) and input value's dim(0) numel(1)")
    elif bd.dim() != 1 and (bd.dim() != input.dim() or
                            bd._nd.shape[:-1] != input._nd.shape[:-1]):
        raise RuntimeError(f"torch.searchsorted(): boundaries tensor should be 1 dimension or the "
                           f"first N-1 dimensions of boundaries tensor and input value tensor "
                           f"must match, but we got boundaries tensor {list(bd.shape)} and input "
                           f"value tensor {list(input.shape)}")
    extra = ()
    if sorter is not None:
        if sorter.dtype is not int64:
            raise RuntimeError(f"torch.searchsorted(): sorter must be a tensor of long dtype but "
                               f"got dtype {_c10(sorter.dtype)}")
        if sorter._nd.shape != bd._nd.shape:
            raise RuntimeError(f"torch.searchsorted(): boundary and sorter must have the same "
                               f"size, but got boundary tensor {list(bd.shape)}and got sorter "
                               f"tensor {list(sorter.shape)}")
        _check_bounds(sorter, 0, bd._nd.shape[-1],
                      lambda v: (RuntimeError, "torch.searchsorted(): sorter index out of range"))
        extra = (sorter,)
    dt = result_type(bd, input)
    if dt is bool_:
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    out_dt = int32 if out_int32 else int64
    return record(_searchsorted_kernel, (bd, input, *extra),
                  (("right", bool(right)), ("dt", dt), ("out_dt", out_dt)), name="searchsorted")


@op("bucketize", method=False)
def bucketize(input, boundaries, *, out_int32=False, right=False):
    """torch.bucketize: searchsorted with 1-D boundaries (input may be a Python scalar)."""
    if boundaries.dim() != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim("
                           f"{boundaries.dim()})")
    return searchsorted(boundaries, input, out_int32=out_int32, right=right)


# ---- one_hot (exposed later as torch.nn.functional.one_hot) ---------------------------------
def _minmax_kernel(x):
    return jnp.stack([jnp.min(x), jnp.max(x)])


def _one_hot_kernel(x, *, n):
    return (x[..., None] == jnp.arange(n, dtype=x.dtype)).astype(jnp.int64)


def _one_hot_check_kernel(x, *, n):
    neg = jnp.any(x < 0)
    big = jnp.any(x >= n)
    return jnp.logical_not(neg | big), jnp.where(neg, 1, 2)


def _one_hot_error(code):
    if int(code) == 1:
        return RuntimeError, "Class values must be non-negative."
    return RuntimeError, "Class values must be smaller than num_classes."


def one_hot(tensor, num_classes=-1):
    """torch.nn.functional.one_hot: int64 (..., num_classes); num_classes=-1 infers max + 1
    (a sync point); out-of-range class values raise (at the next sync when not inferred)."""
    if not is_tensor(tensor) or tensor.dtype is not int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    num_classes = _as_int(num_classes)
    if tensor.numel() == 0:
        if num_classes < 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
    elif num_classes == -1 or num_classes < 0:
        lo, hi = (int(v) for v in np.asarray(record(_minmax_kernel, (tensor,),
                                                      name="minmax")._array()))
        if lo < 0:
            raise RuntimeError("Class values must be non-negative.")
        if num_classes != -1:
            raise RuntimeError("Class values must be smaller than num_classes.")
        num_classes = hi + 1
    else:
        add_check(_one_hot_check_kernel, (tensor,), _one_hot_error, (("n", num_classes),))
    return record(_one_hot_kernel, (tensor,), (("n", num_classes),), name="one_hot")


__all__ = ["one_hot"]
