"""Tensor.unfold, select/slice/diagonal scatters, hsplit/vsplit/dsplit, as_strided,
empty_strided and asarray.

unfold, select and as_strided are views (DESIGN.md idea 6): writes through them reach the base
and autograd flows back. as_strided reads the root tensor's storage, which in jtorch is always
the root's contiguous value, so sizes, strides and storage offsets mean what they mean in
PyTorch (see jtorch/_ops/views.py, the "unfold" and "strided" steps).
"""
import operator
import warnings

import jax
import jax.numpy as jnp

from .. import _dtype
from .registry import op
from .signatures import parsed
from . import dispatch, views, shape as _shape
from .dispatch import record
from .shape import wrap_dim


def _int(x):
    return x if type(x) is int else operator.index(x)


# ---- unfold / select (views) ----------------------------------------------------------------
@op("unfold", function=False)
def unfold(self, dimension, size, step):
    """Tensor.unfold: a view of all windows of `size` elements, `step` apart, along `dimension`
    (appended as the last dim), with PyTorch's strides; overlapping windows share elements."""
    nd = self.dim()
    d = wrap_dim(dimension, nd)
    size, step = _int(size), _int(step)
    n = self._nd.shape[d] if nd else 1
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if size > n:
        raise RuntimeError(f"maximum size for tensor at dimension {d} is {n} but size is "
                           f"{size}")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return self._make_view(("unfold", d, size, step), gname="UnfoldBackward0")


def _select_args(input, dim, index):
    """(dim, index) of select/select_scatter, wrapped, with PyTorch's errors."""
    nd = input.dim()
    if nd == 0:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, nd)
    index = _int(index)
    shape = input._nd.shape
    if not -shape[d] <= index < shape[d]:
        raise IndexError(f"select(): index {index} out of range for tensor of size "
                         f"{list(shape)} at dimension {d}")
    if index < 0:
        index += shape[d]
    return d, index


@op("select")
@parsed("Tensor input, int dim, int index")
def select(input, dim, index):
    """torch.select: the view input[..., index] along `dim` (like integer indexing)."""
    d, index = _select_args(input, dim, index)
    shape = input._nd.shape
    lead = tuple(("s", 0, s, 1) for s in shape[:d])
    return input._make_view(("index", lead + (index,)), gname="SelectBackward0")


# ---- scatters -------------------------------------------------------------------------------
def _check_src(src, slice_shape):
    if tuple(src._nd.shape) != tuple(slice_shape):
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size = "
                           f"{list(src._nd.shape)}, slice size = {list(slice_shape)}")


def _select_scatter_kernel(x, src, index, *, dim):
    return jax.lax.dynamic_update_index_in_dim(x, src.astype(x.dtype), index, dim)


@op("select_scatter")
def select_scatter(input, src, dim, index):
    """torch.select_scatter: a copy of input with input.select(dim, index) replaced by src
    (src is cast to input's dtype); the index is a kernel input, so new indices don't
    recompile."""
    d, index = _select_args(input, dim, index)
    shape = input._nd.shape
    _check_src(src, shape[:d] + shape[d + 1:])
    return record(_select_scatter_kernel, (input, src, index), (("dim", d),),
                  name="select_scatter", gname="SelectScatterBackward0")


def _slice_scatter_kernel(x, src, start, *, dim, step):
    src = src.astype(x.dtype)
    if step == 1:
        return jax.lax.dynamic_update_slice_in_dim(x, src, start, dim)
    idx = start + jnp.arange(src.shape[dim], dtype=jnp.int64) * step
    return x.at[(slice(None),) * dim + (idx,)].set(src, unique_indices=True)


def _clamp_slice(start, end, size):
    start = 0 if start is None else _int(start)
    end = size if end is None else _int(end)
    if start < 0:
        start += size
    if end < 0:
        end += size
    start = min(max(start, 0), size)
    end = min(max(end, start), size)
    return start, end


@op("slice_scatter")
def slice_scatter(input, src, dim=0, start=None, end=None, step=1):
    """torch.slice_scatter: a copy of input with input[start:end:step] along `dim` replaced by
    src (cast to input's dtype); start and end are clamped as Python slicing does."""
    nd = input.dim()
    d = wrap_dim(dim, nd)
    step = _int(step)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    shape = input._nd.shape
    if nd == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    a, b = _clamp_slice(start, end, shape[d])
    n = len(range(a, b, step))
    _check_src(src, shape[:d] + (n,) + shape[d + 1:])
    if n == 0:
        return record(_copy_cast, (input, input), name="slice_scatter",
                      gname="SliceScatterBackward0")
    return record(_slice_scatter_kernel, (input, src, a), (("dim", d), ("step", step)),
                  name="slice_scatter", gname="SliceScatterBackward0")


def _copy_cast(x, src):
    return src.astype(x.dtype)


def _diagonal_scatter_kernel(x, src, *, offset, d1, d2):
    return views._unapply(("diagonal", offset, d1, d2), x, src)


@op("diagonal_scatter")
def diagonal_scatter(input, src, offset=0, dim1=0, dim2=1):
    """torch.diagonal_scatter: a copy of input with input.diagonal(offset, dim1, dim2) replaced
    by src (cast to input's dtype)."""
    nd = input.dim()
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    offset = _int(offset)
    shape = input._nd.shape
    if offset >= 0:
        n = max(min(shape[d1], shape[d2] - offset), 0)
    else:
        n = max(min(shape[d1] + offset, shape[d2]), 0)
    rest = tuple(s for i, s in enumerate(shape) if i not in (d1, d2))
    _check_src(src, rest + (n,))
    return record(_diagonal_scatter_kernel, (input, src),
                  (("offset", offset), ("d1", d1), ("d2", d2)), name="diagonal_scatter",
                  gname="DiagonalScatterBackward0")


# ---- hsplit / vsplit / dsplit and the unsafe_ splits ----------------------------------------
def _dir_split(name, dim, min_dim, input, args):
    if len(args) == 1:
        spec = args[0]
    else:
        spec = tuple(args)
    nd = input.dim()
    if nd < min_dim:
        raise RuntimeError(f"torch.{name} requires a tensor with at least {min_dim} dimension, "
                           f"but got a tensor with {nd} dimensions!")
    if isinstance(spec, dispatch.Tensor):
        raise TypeError(f"{name}() received an invalid combination of arguments - got (Tensor, "
                        f"Tensor), but expected one of:\n * (Tensor input, int sections)\n * "
                        f"(Tensor input, tuple of ints indices)\n")
    if isinstance(spec, (list, tuple)):
        return _shape.tensor_split(input, [_int(i) for i in spec], dim)
    sections = _int(spec)
    size = input._nd.shape[dim]
    if sections == 0 or size % sections != 0:
        raise RuntimeError(f"torch.{name} attempted to split along dimension {dim}, but the size "
                           f"of the dimension {size} is not divisible by the split_size "
                           f"{sections}!")
    if sections < 0:
        raise RuntimeError(f"number of sections must be larger than 0, got {sections}")
    return _shape.tensor_split(input, sections, dim)


@op("hsplit")
def hsplit(input, *indices_or_sections):
    """torch.hsplit: tensor_split along dim 1 (dim 0 for 1-D tensors); an int must divide the
    dim exactly."""
    dim = 0 if input.dim() == 1 else 1
    return _dir_split("hsplit", dim, 1, input, indices_or_sections)


@op("vsplit")
def vsplit(input, *indices_or_sections):
    """torch.vsplit: tensor_split along dim 0 (tensors of 2 or more dims)."""
    return _dir_split("vsplit", 0, 2, input, indices_or_sections)


@op("dsplit")
def dsplit(input, *indices_or_sections):
    """torch.dsplit: tensor_split along dim 2 (tensors of 3 or more dims)."""
    return _dir_split("dsplit", 2, 3, input, indices_or_sections)


@op("unsafe_chunk")
def unsafe_chunk(input, chunks, dim=0):
    """torch.unsafe_chunk: chunk (PyTorch skips its view checks; values are the same)."""
    return _shape.chunk(input, chunks, dim)


@op("unsafe_split")
def unsafe_split(tensor, split_size, dim=0):
    """torch.unsafe_split: split with an int split_size."""
    if isinstance(split_size, (list, tuple)):
        raise TypeError(f"unsafe_split(): argument 'split_size' (position 2) must be int, not "
                        f"{type(split_size).__name__}")
    return _shape.split_pieces(tensor, _int(split_size), dim, prefix="Unsafe")


@op("unsafe_split_with_sizes")
def unsafe_split_with_sizes(input, split_sizes, dim=0):
    """torch.unsafe_split_with_sizes: split_with_sizes."""
    return _shape.split_pieces(input, [_int(s) for s in split_sizes], dim, prefix="Unsafe")


# ---- as_strided / empty_strided -------------------------------------------------------------
def _storage_size(size, stride, offset):
    if any(n == 0 for n in size):
        return 0
    return offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1


def _check_geometry(size, stride, offset, storage_numel, itemsize):
    """PyTorch's as_strided checks, in its order."""
    if len(size) != len(stride):
        raise RuntimeError("mismatch in length of strides and shape")
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    if offset < 0:
        raise RuntimeError(f"Tensor: invalid storage offset {offset}")
    if any(n < 0 for n in size):
        raise RuntimeError(f"Storage size calculation overflowed with sizes={list(size)} and "
                           f"strides={list(stride)}")
    need = _storage_size(size, stride, offset)
    if need > storage_numel:
        raise RuntimeError(f"setStorage: sizes {list(size)}, strides {list(stride)}, storage "
                           f"offset {offset}, and itemsize {itemsize} requiring a storage size "
                           f"of {need * itemsize} are out of bounds for storage of size "
                           f"{storage_numel * itemsize}")


@op("as_strided")
def as_strided(input, size, stride, storage_offset=None):
    """torch.as_strided: a view of input's storage with the given sizes, strides and offset
    (default: input's own storage_offset()). jtorch's storage is the root tensor's contiguous
    value, so the elements read are PyTorch's; overlapping elements are shared by the view."""
    size = tuple(_int(s) for s in size)
    stride = tuple(_int(s) for s in stride)
    root = input._base if input._base is not None else input
    offset = input.storage_offset() if storage_offset is None else _int(storage_offset)
    _check_geometry(size, stride, offset, root.numel(), input._nd.dtype.itemsize)
    return _storage_view(input, root, ("strided", size, stride, offset), "AsStridedBackward0")


def _storage_view(t, root, step, gname):
    """A view of `root` through `step` (not through t's own chain), keeping a detach() of t
    detached."""
    from .conversion import DETACHED
    detached = t._base is not None and DETACHED in t._view
    if detached:
        saved, dispatch.grad_state.enabled = dispatch.grad_state.enabled, False
        try:
            node = record(views.read, (root,), (("steps", (step,)),), name="view", wrap=False)
        finally:
            dispatch.grad_state.enabled = saved
        chain = (DETACHED, step)
    else:
        node = record(views.read, (root,), (("steps", (step,)),), name="view", wrap=False,
                      gname=gname)
        chain = (step,)
    v = dispatch.Tensor._from_node(node)
    if node.grad_fn is not None:
        v._rg = True
    v._base = root
    v._view = chain
    v._vc = root._vc
    v._bver = root._vc[0]
    return v


def empty_strided(size, stride, *, dtype=None, layout=None, device=None, requires_grad=False,
                  pin_memory=False):
    """torch.empty_strided: a tensor of `size` whose stride() is `stride`, viewing a storage
    of the size PyTorch allocates; zeros (JAX has no uninitialised memory)."""
    from .. import _creation
    size = _creation.parse_size((tuple(size),), "empty_strided")
    stride = tuple(_int(s) for s in stride)
    if len(size) != len(stride):
        raise RuntimeError(f"dimensionality of sizes ({len(size)}) must match dimensionality "
                           f"of strides ({len(stride)})")
    dt = _creation._float_dtype(dtype, "empty_strided")
    if stride == views.contiguous_strides(size):
        return _creation.empty(size, dtype=dt, device=device, requires_grad=requires_grad)
    if any(s < 0 for s in stride):
        raise RuntimeError(f"as_strided: Negative strides are not supported at the moment, got "
                           f"strides: {list(stride)}")
    _creation._finish_check(dt, requires_grad)
    storage = _creation.empty(_storage_size(size, stride, 0), dtype=dt, device=device)
    t = _storage_view(storage, storage, ("strided", size, stride, 0), None)
    return _creation._finish(t, requires_grad)


op("empty_strided", method=False)(empty_strided)


@op("new_empty_strided", function=False)
def new_empty_strided(self, size, stride, *, dtype=None, layout=None, device=None,
                      requires_grad=False, pin_memory=False):
    """Tensor.new_empty_strided: empty_strided with self's dtype and device by default."""
    return empty_strided(size, stride, dtype=self.dtype if dtype is None else dtype,
                         device=self.device if device is None else device,
                         requires_grad=requires_grad)


# ---- asarray --------------------------------------------------------------------------------
_C10_LEGACY = {"float32": "Float", "float64": "Double", "float16": "Half",
               "bfloat16": "BFloat16", "int64": "Long", "int32": "Int", "int16": "Short",
               "int8": "Char", "uint8": "Byte", "bool": "Bool"}


def asarray(obj, *, dtype=None, device=None, copy=None, requires_grad=None):
    """torch.asarray: a Tensor is returned as is (no dtype/device change, copy not True);
    otherwise as torch.as_tensor. NumPy arrays are always copied (JAX buffers cannot alias
    NumPy memory), so copy=False does not share memory with them."""
    import numpy as np
    from .. import _creation
    from .._device import device as Device
    Tensor = dispatch.Tensor
    dt = None if dtype is None else _dtype.dtype_arg(dtype, "asarray")
    if isinstance(obj, Tensor):
        if requires_grad is None:
            if obj.requires_grad:
                warnings.warn("torch.asarray: unspecified requires_grad now defaults to "
                              "obj.requires_grad instead of False. Pass requires_grad=False "
                              "explicitly to get the old behavior and silence this warning.",
                              UserWarning, stacklevel=2)
            rg = obj.requires_grad
        else:
            rg = bool(requires_grad)
        same_dt = dt is None or dt is obj.dtype
        same_dev = device is None or Device(device) == obj.device
        if not same_dt and copy is False:
            raise ValueError(f"can't alias tensor with dtype '{_C10_LEGACY[obj.dtype.name]}' "
                             f"into dtype '{_C10_LEGACY[dt.name]}'.")
        if not same_dev and copy is False:
            raise ValueError(f"can't alias tensor from device '{obj.device}' to '"
                             f"{Device(device)}'.")
        src = obj if rg else obj.detach()
        if same_dt and same_dev and not copy:
            if rg == obj.requires_grad:
                return obj
            if rg:
                obj.requires_grad_(True)
                return obj
            return src
        t = src.to(dtype=dt, device=device) if not (same_dt and same_dev) else src
        if copy and t is src:
            t = src.clone()
        if rg and not t.requires_grad:
            t.requires_grad_(True)
        return t
    rg = bool(requires_grad)
    if isinstance(obj, (np.ndarray, np.generic)):
        src = _dtype.from_numpy_dtype(obj.dtype)
        if copy is False and dt is not None and dt is not src:
            raise ValueError(f"can't alias tensor with dtype '{_C10_LEGACY[src.name]}' into "
                             f"dtype '{_C10_LEGACY[dt.name]}'.")
        return _creation.tensor(obj, dtype=dt, device=device, requires_grad=rg)
    if isinstance(obj, jax.Array):
        t = _creation.from_jax(obj)
        if dt is not None or device is not None:
            t = t.to(dtype=dt, device=device)
        elif copy:
            t = t.clone()
        return _creation._finish(t, rg)
    if copy is False:
        raise ValueError("can't alias arbitrary sequence into a tensor.")
    return _creation.tensor(obj, dtype=dt, device=device, requires_grad=rg)


op("asarray", method=False)(asarray)
