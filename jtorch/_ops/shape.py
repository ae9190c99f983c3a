"""View ops: results alias their base (DESIGN.md idea 6), with PyTorch's shape rules and errors.

view, reshape (a view when PyTorch's strides allow, else a copy), flatten, unflatten, squeeze,
unsqueeze, t, transpose, permute, movedim, expand, broadcast_to, narrow, diagonal, unbind,
split, chunk, view_as, reshape_as.
"""
import math
import operator
import warnings
import numpy as np

from .. import _dtype
from .._runtime.graph import user_stacklevel
from .registry import op
from .signatures import parsed, Table
from . import dispatch, views
from .conversion import clone


def wrap_dim(dim, ndim):
    """PyTorch's dim wrapping (negative dims; a 0-d tensor accepts 0 and -1)."""
    if not isinstance(dim, int):
        if not hasattr(dim, "__index__"):   # (a float dim: the op's signature names it)
            raise TypeError(f"dim must be an int, not {type(dim).__name__}")
        dim = dim.__index__()
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim + n if dim < 0 else dim


_ARG_NAMES = {"reshape": "shape", "permute": "dims", "expand": "size", "repeat": "repeats",
              "tile": "dims", "resize_": "size", "unflatten": ("sizes", 2), "view": "size"}


def _typename(x):
    return "Tensor" if hasattr(x, "_nd") else type(x).__name__


def _int_or_none(x):
    if isinstance(x, int):
        return x
    if isinstance(x, (float, complex, str)) or not hasattr(x, "__index__"):
        return None
    try:
        return x.__index__()
    except TypeError:
        return None


def _sizes(args, name="view"):
    """An int list given as varargs or one tuple/list, with the TypeErrors of PyTorch's argument
    parser for a non-int element (`x.view(n / 2, 2)`): `view` is overloaded (size or dtype), the
    other ops name their one int-list argument."""
    packed = len(args) == 1 and isinstance(args[0], (tuple, list))
    seq = tuple(args[0]) if packed else tuple(args)
    out = []
    for i, x in enumerate(seq):
        d = _int_or_none(x)
        if d is None:
            if name not in _ARG_NAMES or (name == "view" and i == 0):
                raise TypeError(f"{name}() received an invalid combination of arguments - got "
                                f"({', '.join(_typename(a) for a in args)}), but expected one of:")
            argname, pos = _ARG_NAMES[name] if isinstance(_ARG_NAMES[name], tuple) else \
                (_ARG_NAMES[name], 1)
            arg = f"{name}(): argument '{argname}'"
            if i == 0 and not packed:
                if len(seq) > 1:
                    raise TypeError(f"{name}() takes 1 positional argument but {len(seq)} were "
                                    f"given")
                raise TypeError(f"{arg} (position {pos}) must be tuple of ints, not "
                                f"{_typename(x)}")
            if i == 0:
                raise TypeError(f"{arg} (position {pos}) must be tuple of ints, but found element "
                                f"of type {_typename(x)} at pos 0")
            raise TypeError(f"{arg} failed to unpack the object at pos {i + 1} with error \"type "
                            f"must be tuple of ints,but got {_typename(x)}\"")
        out.append(d)
    return tuple(out)


def _keyword_sizes(args, value, fname, kwname):
    """A size given as varargs or, as PyTorch's parser also takes it, as the keyword `kwname`
    (`x.reshape(shape=(3, 2))`, `x.view(size=...)`, `x.permute(dims=...)`)."""
    if value is None:
        if not args:
            if fname == "view":
                raise TypeError("view() received an invalid combination of arguments - got (), "
                                "but expected one of:\n * (torch.dtype dtype)\n * (tuple of ints "
                                "size)\n")
            raise TypeError(f'{fname}() missing 1 required positional arguments: "{kwname}"')
        return args
    if args:
        raise TypeError(f"{fname}() got multiple values for argument '{kwname}'")
    return (value,)


def infer_size(shape, numel):
    """Resolve one -1 in `shape` (PyTorch's infer_size and its errors)."""
    neg = [i for i, s in enumerate(shape) if s == -1]
    if len(neg) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for s in shape:
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s}")
    known = math.prod(s for s in shape if s != -1)
    if neg:
        if known == 0 and numel == 0:
            raise RuntimeError(f"cannot reshape tensor of 0 elements into shape {list(shape)} "
                               f"because the unspecified dimension size -1 can be any value "
                               f"and is ambiguous")
        if known == 0 or numel % known != 0:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        shape = tuple(numel // known if s == -1 else s for s in shape)
    elif known != numel:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return tuple(shape)


def _reshape_view(t, shape, gname="ViewBackward0"):
    if shape == t._nd.shape:
        return t._make_view(("alias",), node=t._node(), gname=gname)
    return t._make_view(("reshape", t._nd.shape, shape), gname=gname)


@op("view", function=False)
def view(self, *shape, size=None, dtype=None):
    """Tensor.view(*shape) or view(dtype) (same-size dtypes only)."""
    shape = _keyword_sizes(shape, size if dtype is None else dtype, "view",
                           "size" if dtype is None else "dtype")
    if len(shape) == 1 and (isinstance(shape[0], _dtype.dtype)):
        dt = shape[0]
        if dt.itemsize != self.dtype.itemsize:
            _check_view_dtype(self, dt)
        from .conversion import record
        return record(_bitcast, (self,), (("dt", dt),), name="view_dtype")
    shape = infer_size(_sizes(shape), self.numel())
    if not self.is_contiguous() and views.compute_view_strides(
            self._nd.shape, self.stride(), shape) is None:
        raise RuntimeError("view size is not compatible with input tensor's size and stride (at "
                           "least one dimension spans across two contiguous subspaces). Use "
                           ".reshape(...) instead.")
    return _reshape_view(self, shape)


def _check_view_dtype(self, dt):
    """PyTorch's checks for view(dtype) between dtypes of different element sizes."""
    what = (f"to view {_dtype.c10_name(self.dtype)} as {_dtype.c10_name(dt)} "
            f"(different element sizes)")
    if self.dim() == 0:
        raise RuntimeError(f"self.dim() cannot be 0 {what}")
    if self.stride(-1) != 1:
        raise RuntimeError(f"self.stride(-1) must be 1 {what}, but got {self.stride(-1)}")
    if dt.itemsize > self.dtype.itemsize:
        r = dt.itemsize // self.dtype.itemsize
        if self.shape[-1] % r:
            raise RuntimeError(f"self.size(-1) must be divisible by {r} {what}, but got "
                               f"{self.shape[-1]}")
        if self.storage_offset() % r:
            raise RuntimeError(f"self.storage_offset() must be divisible by {r} {what}, but got "
                               f"{self.storage_offset()}")
        for d in range(self.dim() - 1):
            if self.stride(d) % r:
                raise RuntimeError(f"self.stride({d}) must be divisible by {r} {what}, but got "
                                   f"{self.stride(d)}")


def _bitcast(a, *, dt):
    import jax
    import jax.numpy as jnp
    if a.dtype == jnp.bool_:
        a = a.astype(jnp.uint8)
    target = np.uint8 if dt.np == np.bool_ else dt.np
    src, dst = a.dtype.itemsize, np.dtype(target).itemsize
    if dst > src:
        a = a.reshape(a.shape[:-1] + (a.shape[-1] // (dst // src), dst // src))
    out = jax.lax.bitcast_convert_type(a, target)
    if dst < src:
        out = out.reshape(out.shape[:-2] + (out.shape[-2] * out.shape[-1],))
    return out.astype(jnp.bool_) if dt.np == np.bool_ else out


@op("reshape")
def reshape(input, *sizes, shape=None):
    """A view when PyTorch could view input's strides as `shape`, else a copy."""
    sizes = _keyword_sizes(sizes, shape, "reshape", "shape")
    shape = infer_size(_sizes(sizes, "reshape"), input.numel())
    if input.is_contiguous() or views.compute_view_strides(
            input._nd.shape, input.stride(), shape) is not None:
        return _reshape_view(input, shape)
    # a copy, then PyTorch's _unsafe_view of it: not a view (UnsafeViewBackward0 over
    # CloneBackward0)
    copy = clone(input)
    steps = (("reshape", copy._nd.shape, shape),)
    return dispatch.record(views.read, (copy,), (("steps", steps),), name="view",
                           gname="UnsafeViewBackward0")


@op("view_as", function=False)
def view_as(self, other):
    return view(self, other.shape)


@op("reshape_as", function=False)
def reshape_as(self, other):
    return reshape(self, other.shape)


@op("flatten")
@parsed("Tensor input, int start_dim = 0, int end_dim = -1")
def flatten(input, start_dim=0, end_dim=-1):
    nd = input.dim()
    if nd == 0:
        wrap_dim(start_dim, 0)   # (a 0-d tensor's dims are -1 and 0)
        wrap_dim(end_dim, 0)
        return reshape(input, 1)
    s, e = wrap_dim(start_dim, nd), wrap_dim(end_dim, nd)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    shape = input._nd.shape
    return reshape(input, shape[:s] + (math.prod(shape[s:e + 1]),) + shape[e + 1:])


@op("unflatten")
@parsed("Tensor input, int dim, tuple of ints sizes")
def unflatten(input, dim, sizes):
    d = wrap_dim(dim, input.dim())
    shape = input._nd.shape
    sizes = _sizes((sizes,) if isinstance(sizes, (tuple, list)) else (sizes,), "unflatten")
    if len(sizes) == 0:
        raise RuntimeError("unflatten: sizes must be non-empty")
    if input.dim() == 0:
        raise RuntimeError(f"unflatten got an unexpected error:\nDimension specified as {d} "
                           f"but tensor has no dimensions")
    if sizes.count(-1) > 1 or any(s < -1 for s in sizes) or \
            (-1 in sizes and shape[d] == 0):
        raise RuntimeError("unflatten got an unexpected error:")
    known = math.prod(s for s in sizes if s != -1)
    if -1 in sizes and known and shape[d] % known == 0:
        sizes = infer_size(sizes, shape[d])
    elif -1 in sizes or math.prod(sizes) != shape[d]:
        raise RuntimeError(f"unflatten: Provided sizes {list(sizes)} don't multiply up to the "
                           f"size of dim {dim} ({shape[d]}) in the input tensor")
    return view(input, shape[:d] + sizes + shape[d + 1:])


@op("squeeze")
@parsed("Tensor input", "Tensor input, int dim", "Tensor input, int[] dim")
def squeeze(input, dim=None):
    shape = input._nd.shape
    if dim is None:
        dims = {i for i, s in enumerate(shape) if s == 1}
    else:
        dims = {wrap_dim(d, len(shape)) for d in (dim if isinstance(dim, (tuple, list))
                                                   else (dim,))}
        dims = {d for d in dims if len(shape) and shape[d] == 1}
    return _reshape_view(input, tuple(s for i, s in enumerate(shape) if i not in dims),
                         "SqueezeBackward0" if dim is None else "SqueezeBackward1")


@op("unsqueeze")
@parsed("Tensor input, int dim")
def unsqueeze(input, dim):
    shape = input._nd.shape
    d = wrap_dim(dim, len(shape) + 1)
    return _reshape_view(input, shape[:d] + (1,) + shape[d:], "UnsqueezeBackward0")


@op("permute")
def permute(input, *sizes, dims=None):
    sizes = _keyword_sizes(sizes, dims, "permute", "dims")
    return _permute(input, _sizes(sizes, "permute"), "PermuteBackward0")


def _permute(input, dims, gname):
    nd = input.dim()
    if len(dims) != nd:
        raise RuntimeError(f"permute(sparse_coo): number of dimensions in the tensor input does "
                           f"not match the length of the desired ordering of dimensions i.e. "
                           f"input.dim() = {nd} is not equal to len(dims) = {len(dims)}")
    dims = tuple(wrap_dim(d, nd) for d in dims)
    if len(set(dims)) != nd:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    if dims == tuple(range(nd)):
        return input._make_view(("alias",), node=input._node(), gname=gname)
    return input._make_view(("permute", dims), gname=gname)


@op("transpose", "swapdims")
@parsed("Tensor input, int dim0, int dim1")
def transpose(input, dim0, dim1):
    return _transpose(input, dim0, dim1, "TransposeBackward0")


@op("swapaxes")
@parsed("Tensor input, int axis0, int axis1")
def swapaxes(input, axis0, axis1):
    """torch.swapaxes: transpose, with NumPy's argument names."""
    return _transpose(input, axis0, axis1, "TransposeBackward0")


def _transpose(input, dim0, dim1, gname):
    nd = input.dim()
    if nd == 0:
        wrap_dim(dim0, 0), wrap_dim(dim1, 0)
        return input._make_view(("alias",), node=input._node())
    d0, d1 = wrap_dim(dim0, nd), wrap_dim(dim1, nd)
    perm = list(range(nd))
    perm[d0], perm[d1] = perm[d1], perm[d0]
    return _permute(input, tuple(perm), gname)


@op("t")
def t(input):
    if input.dim() > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is "
                           f"{input.dim()}D")
    if input.dim() < 2:
        return input._make_view(("alias",), node=input._node(), gname="TBackward0")
    return _transpose(input, 0, 1, "TBackward0")


@op("adjoint")
def adjoint(input):
    return transpose(input, -2, -1)


@op("movedim")
@parsed("Tensor input, int source, int destination",
        "Tensor input, int[] source, int[] destination")
def movedim(input, source, destination):
    nd = input.dim()
    src = [wrap_dim(s, nd) for s in (source if isinstance(source, (tuple, list)) else (source,))]
    dst = [wrap_dim(d, nd) for d in (destination if isinstance(destination, (tuple, list))
                                     else (destination,))]
    if len(src) != len(dst):
        raise RuntimeError(f"movedim: Invalid source or destination dims: source ({src} dims) "
                           f"should contain the same number of dims as destination ({dst} dims)")
    for name, lst in (("source", src), ("destination", dst)):
        if len(set(lst)) != len(lst):
            raise RuntimeError(f"movedim: repeated dim in `{name}` ({lst})")
    if nd == 0:
        return input._make_view(("alias",), node=input._node())
    order = [d for d in range(nd) if d not in src]
    perm = [None] * nd
    for s, d in zip(src, dst):
        perm[d] = s
    it = iter(order)
    perm = [p if p is not None else next(it) for p in perm]
    return permute(input, perm)


@op("moveaxis")
@parsed("Tensor input, int source, int destination",
        "Tensor input, int[] source, int[] destination")
def moveaxis(input, source, destination):
    """torch.moveaxis: movedim under NumPy's name."""
    return movedim(input, source, destination)


def expand_shape(shape, sizes, dtype=None):
    """PyTorch's expand rule, checked from the last dimension as PyTorch does."""
    if len(sizes) < len(shape):
        name = dtype._legacy if dtype is not None else "FloatTensor"
        raise RuntimeError(f"expand(torch.{name}{{{list(shape)}}}, size={list(sizes)}): the "
                           f"number of sizes provided ({len(sizes)}) must be greater or equal "
                           f"to the number of dimensions in the tensor ({len(shape)})")
    lead = len(sizes) - len(shape)
    out = [0] * len(sizes)
    for i in range(len(sizes) - 1, -1, -1):
        s = sizes[i]
        if i < lead:
            if s < 0:
                raise RuntimeError(f"The expanded size of the tensor ({s}) isn't allowed in a "
                                   f"leading, non-existing dimension {i}")
            out[i] = s
            continue
        cur = shape[i - lead]
        if s == -1:
            s = cur
        elif cur != s and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"{list(sizes)}.  Tensor sizes: {list(shape)}")
        out[i] = s
    return tuple(out)


@op("expand", function=False)
def expand(self, *sizes, size=None, implicit=False):
    sizes = _keyword_sizes(sizes, size, "expand", "size")
    out = expand_shape(self._nd.shape, _sizes(sizes, "expand"), self._nd.dtype)
    if out == self._nd.shape:
        return self._make_view(("alias",), node=self._node(), gname="ExpandBackward0")
    return self._make_view(("expand", out))


@op("expand_as", function=False)
def expand_as(self, other):
    return expand(self, other.shape)


@op("broadcast_to")
def broadcast_to(input, size):
    return expand(input, tuple(size))


@op("narrow")
@parsed("Tensor input, int dim, Tensor start, int length",
        "Tensor input, int dim, int start, int length")
def narrow(input, dim, start, length):
    if input.dim() == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = wrap_dim(dim, input.dim())
    size = input._nd.shape[d]
    if not isinstance(start, int):
        start = operator.index(start)
    length = operator.index(length)
    if not -size <= start <= size:
        raise IndexError(f"start out of range (expected to be in range of [{-size}, {size}], but "
                         f"got {start})")
    if start < 0:
        start += size
    if start + length > size or length < 0:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size "
                           f"({size}).")
    spec = tuple(("s", 0, s, 1) for s in input._nd.shape[:d]) + (("s", start, start + length, 1),)
    return input._make_view(("index", spec))


@op("diagonal")
@parsed("Tensor input, int offset = 0, int dim1 = 0, int dim2 = 1")
def diagonal(input, offset=0, dim1=0, dim2=1):
    offset = operator.index(offset)   # (a float offset would hash like the int in the cache)
    nd = input.dim()
    d1, d2 = wrap_dim(dim1, nd), wrap_dim(dim2, nd)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return input._make_view(("diagonal", offset, d1, d2))


@op("unbind")
@parsed("Tensor input, int dim = 0")
def unbind(input, dim=0):
    d = wrap_dim(dim, input.dim())
    if input.dim() == 0:
        raise IndexError(f"Dimension specified as {d} but tensor has no dimensions")
    lead = tuple(("s", 0, s, 1) for s in input._nd.shape[:d])
    return tuple(input._make_view(("index", lead + (i,)), gname="UnbindBackward0")
                 for i in range(input._nd.shape[d]))


def _slice_dim(input, d, start, stop, gname="SplitBackward0"):
    lead = tuple(("s", 0, s, 1) for s in input._nd.shape[:d])
    return input._make_view(("index", lead + (("s", start, stop, 1),)), gname=gname)


_SPLIT = Table("split", ("Tensor input, int split_size, int dim = 0",
                        "Tensor input, tuple of ints split_size, int dim = 0"))
_SPLIT_SIZES = Table("split_with_sizes", ("Tensor input, int[] split_sizes, int dim = 0",))


def _split_error(tensor, size, dim):
    """Tensor.split hands an int size to the native split and anything else to
    split_with_sizes, positionally: the TypeError of the one it reaches."""
    table = _SPLIT if isinstance(size, int) else _SPLIT_SIZES
    err = table.error((tensor, size, dim), {}, "function")
    if err is not None:
        raise err from None


@op("split")
def split(tensor, split_size_or_sections=None, dim=0, *, split_size=None):
    """Chunks of `split_size` (the last may be smaller) or of the given sizes; views.
    (`Tensor.split` names its size `split_size`, `torch.split` `split_size_or_sections`.)"""
    return split_pieces(tensor, split_size_or_sections, dim, split_size)


def split_pieces(tensor, split_size_or_sections, dim, split_size=None, prefix=""):
    """split's pieces; `prefix` "Unsafe" names their grad_fns as torch.unsafe_split's."""
    if split_size is not None:
        if split_size_or_sections is not None:
            raise TypeError("split() got multiple values for argument 'split_size'")
        split_size_or_sections = split_size
    elif split_size_or_sections is None:
        raise TypeError("split() missing 1 required positional argument: "
                        "'split_size_or_sections'")
    if tensor.dim() == 0:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    try:
        d = wrap_dim(dim, tensor.dim())
        if not isinstance(split_size_or_sections, int):
            split_size_or_sections = [operator.index(s) for s in split_size_or_sections]
    except TypeError:
        _split_error(tensor, split_size_or_sections, dim)
        raise
    size = tensor._nd.shape[d]
    if isinstance(split_size_or_sections, int):
        step = split_size_or_sections
        if step < 0:
            raise RuntimeError(f"split expects split_size be non-negative, but got "
                               f"split_size={step}")
        if step == 0 and size != 0:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got "
                               f"dimension size of {size}")
        bounds = [(i, min(i + step, size)) for i in range(0, size, step)] if size else [(0, 0)]
    else:
        sections = list(split_size_or_sections)
        if sum(sections) != size:
            raise RuntimeError(f"split_with_sizes expects split_sizes to sum exactly to {size} "
                               f"(input tensor's size at dimension {d}), but got split_sizes="
                               f"{sections}")
        bounds, acc = [], 0
        for s in sections:
            bounds.append((acc, acc + s))
            acc += s
        return _pieces(tensor, d, bounds, f"{prefix}SplitWithSizesBackward0")
    return _pieces(tensor, d, bounds, f"{prefix}SplitBackward0")


def _pieces(tensor, d, bounds, gname):
    return tuple(_slice_dim(tensor, d, a, b, gname) for a, b in bounds)


@op("split_with_sizes")
def split_with_sizes(input, split_sizes, dim=0):
    return split(input, list(split_sizes), dim)


@op("chunk")
@parsed("Tensor input, int chunks, int dim = 0")
def chunk(input, chunks, dim=0):
    chunks = operator.index(chunks)
    if input.dim() == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError("chunk expects `chunks` to be greater than 0, got: " + str(chunks))
    d = wrap_dim(dim, input.dim())
    size = input._nd.shape[d]
    step = -(-size // chunks) if size else 0
    if step == 0:
        return split(input, [0] * min(chunks, 1) if size == 0 else [], d) if size else \
            tuple(_slice_dim(input, d, 0, 0) for _ in range(chunks))
    return split(input, step, d)


@op("tensor_split")
def tensor_split(input, indices_or_sections, dim=0):
    if input.dim() == 0:
        raise RuntimeError("tensor_split expected at least a 1-dimensional tensor, but got a "
                           "tensor with 0 dims")
    d = wrap_dim(dim, input.dim())
    size = input._nd.shape[d]
    if isinstance(indices_or_sections, dispatch.Tensor):
        t = indices_or_sections
        if t.dtype is not _dtype.int64:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to have dtype "
                               f"of long, but got {_dtype.c10_name(t.dtype)}")
        if t.dim() > 1:
            raise RuntimeError(f"tensor_split expected tensor_indices_or_sections to be a "
                               f"zero-dimensional or one-dimensional tensor, but got a tensor "
                               f"with {t.dim()} dims")
        indices_or_sections = t.item() if t.dim() == 0 else t.tolist()
    if isinstance(indices_or_sections, int):
        n = indices_or_sections
        if n <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {n}")
        q, r = divmod(size, n)
        sizes = [q + 1] * r + [q] * (n - r)
        bounds, acc = [], 0
        for s in sizes:
            bounds.append((acc, acc + s))
            acc += s
    else:
        idx = [min(max(int(i), 0), size) for i in indices_or_sections]
        edges = [0] + idx + [size]
        bounds = [(a, max(a, b)) for a, b in zip(edges[:-1], edges[1:])]
    return tuple(_slice_dim(input, d, a, b, "SliceBackward0") for a, b in bounds)


_WARNED = set()


def _warn_once(key, message):
    """PyTorch's TORCH_WARN_ONCE: the first time in the process only."""
    if key not in _WARNED:
        _WARNED.add(key)
        warnings.warn(message, UserWarning, stacklevel=user_stacklevel())


def _deprecated_0d(name, then):
    _warn_once(name, f"Tensor.{name} is deprecated on 0-D tensors. {then}")


def _T(self):
    """Tensor.T: all dims reversed (PyTorch warns unless the tensor is 2-D)."""
    nd = self.dim()
    if nd == 0:
        _deprecated_0d("T", "This function is the identity in these cases.")
    elif nd != 2:
        _warn_once("T nd", "The use of `x.T` on tensors of dimension other than 2 to reverse "
                   "their shape is deprecated and it will throw an error in a future release. "
                   "Consider `x.mT` to transpose batches of matrices or `x.permute(*torch."
                   "arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.")
    return permute(self, tuple(range(nd - 1, -1, -1)))


def _H(self):
    """Tensor.H: the (conjugate) transpose of a matrix; other ranks raise (0-D warns)."""
    nd = self.dim()
    if nd == 0:
        _deprecated_0d("H", "Consider using x.conj().")
        return self
    if nd != 2:
        hint = " For batches of matrices, consider using tensor.mH" if nd > 2 else ""
        raise RuntimeError(f"tensor.H is only supported on matrices (2-D tensors). Got {nd}-D "
                           f"tensor.{hint}")
    return transpose(self, 0, 1)


def _matrix_transpose(name, then):
    def prop(self):
        nd = self.dim()
        if nd == 0:
            _deprecated_0d(name, then)
            return self
        if nd < 2:
            raise RuntimeError(f"tensor.{name} is only supported on matrices or batches of "
                               f"matrices. Got {nd}-D tensor.")
        return transpose(self, -2, -1)
    prop.__doc__ = f"Tensor.{name}: the last two dims swapped (0-D warns, 1-D raises)."
    return prop


PROPERTIES = {"T": _T, "mT": _matrix_transpose("mT", "This function is the identity in these "
                                                     "cases."),
              "H": _H, "mH": _matrix_transpose("mH", "Consider using x.conj().")}


def _restride(self, view):
    """In-place view op (t_, squeeze_, ...): self takes `view`'s geometry, keeping its identity;
    a view stays a view of its base (its chain gains the step)."""
    from .._runtime import graph
    if dispatch.grad_state.enabled and self._rg and self._node().grad_fn is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")
    from .. import _tensor
    _tensor.note_write(self)
    if self._base is not None:
        self._view = view._view
        self._bver = view._bver
    else:
        self._vc[0] += 1
    self._nd = view._node()
    if self._nd.value is None:
        graph.track(self)
    return self


def _inplace_view(name, f):
    def inplace(self, *args, **kwargs):   # (the name tells signatures.call_form the form)
        if name == "t_" and self.dim() > 2:
            raise RuntimeError(f"t_() expects a tensor with <= 2 dimensions, but self is "
                               f"{self.dim()}D")
        return _restride(self, f(self, *args, **kwargs))
    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name[:-1]}` (changes the geometry)."
    return inplace


for _name, _f in (("squeeze_", squeeze), ("unsqueeze_", unsqueeze), ("t_", t),
                  ("transpose_", transpose), ("swapaxes_", transpose), ("swapdims_", transpose)):
    op(_name, function=False)(_inplace_view(_name, _f))
