"""Less common torch.* and Tensor.* functions.

- torch.X_ for in-place Tensor methods (torch.abs_, torch.clamp_, ...): the Tensor method itself.
- torch.is_inference / Tensor.is_inference.
- torch.histogram / histogramdd (bins counted without a sync; a non-finite data range raises at
  the next sync), torch.gradient, torch.frombuffer (a copy: JAX cannot alias a Python buffer),
  torch.empty_permuted, torch.nonzero_static (static size: no sync).
- torch.index_reduce / Tensor.index_reduce(_) (prod, mean, amax, amin).
- the *_copy functions (fresh tensors, never views), Tensor.narrow_copy.
- torch.cond / torch.while_loop (eager Python control flow: reading the predicate is a sync),
  torch.bilinear and the torch.* loss functions (integer reduction enums).
- Tensor.apply_ / map_ / map2_ (Python callables per element: sync points), torch.resize_as_,
  Tensor.as_strided_, torch.as_strided_scatter, Tensor.is_set_to, Tensor.set_.
"""
import math
import operator
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from .. import _dtype
from .._dtype import float32, float64, bool_, int32, int64
from .. import return_types
from .registry import FUNCTIONS, METHODS, op
from .._runtime.graph import user_stacklevel
from . import dispatch
from .dispatch import record, record_multi, add_check
from .elementwise import is_tensor
from .shape import wrap_dim


def _c10(dt):
    from .._tensor import _c10_name
    return _c10_name(dt)


def _Tensor():
    return dispatch.Tensor


def _int(x):
    return x if type(x) is int else operator.index(x)


# ---- 1. torch.X_ in-place functions: the Tensor methods themselves ------------------------
_INPLACE = (
    "abs_ acos_ acosh_ arccos_ arccosh_ asin_ arcsin_ asinh_ arcsinh_ atan_ arctan_ atanh_ "
    "arctanh_ ceil_ clamp_ clamp_max_ clamp_min_ clip_ cos_ cosh_ deg2rad_ rad2deg_ erf_ erfc_ "
    "exp_ exp2_ expm1_ fix_ floor_ frac_ gcd_ lcm_ i0_ ldexp_ log_ log10_ log1p_ log2_ logit_ "
    "nan_to_num_ neg_ negative_ reciprocal_ round_ rsqrt_ sigmoid_ sin_ sinc_ sinh_ sqrt_ "
    "square_ tan_ tanh_ trunc_ xlogy_ detach_ index_put_ resize_as_").split()
for _name in _INPLACE:
    if _name in METHODS and _name not in FUNCTIONS:
        FUNCTIONS[_name] = METHODS[_name]


@op("embedding_renorm_", method=False)
def embedding_renorm_(input, indices, max_norm, norm_type):
    """torch.embedding_renorm_: rows of `input` named by `indices` whose p-norm exceeds
    max_norm are scaled to max_norm (in place, no autograd history), as PyTorch."""
    from .movement import _check_bounds
    from ..nn.functional.sparse import _renorm
    if indices.dtype not in (int32, int64):
        raise RuntimeError(f"Expected tensor for argument #2 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got "
                           f"torch.{indices.dtype._legacy} instead (while checking arguments "
                           f"for embedding_renorm_)")
    if input.dim() != 2:
        raise RuntimeError(f"Expected 2-dimensional tensor, but got {input.dim()}-dimensional "
                           f"tensor for argument #1 'self' (while checking arguments for "
                           f"embedding_renorm_)")
    n = input._nd.shape[0]
    shape = list(input._nd.shape)
    _check_bounds(indices, -n, n, lambda v: (
        IndexError, f"select(): index {v} out of range for tensor of size {shape} at "
                    f"dimension 0"))
    _renorm(input, indices, max_norm, norm_type)
    return input


# ---- 2. is_inference ----------------------------------------------------------------------
@op("is_inference")
def is_inference(input):
    """Whether the tensor was created under torch.inference_mode (jtorch marks such tensors
    when its core records the mode; see `_inference` on the Tensor)."""
    return bool(input.__dict__.get("_inference", False))


# ---- 3. histogram / histogramdd -----------------------------------------------------------
def _fmt(v):
    v = float(v)
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return format(v, "g")


def _data_edges(x, bins, dt):
    """Per dimension, the edges over the data's range (PyTorch: widened by 0.5 on each side
    when min == max; [0, 1] for no data)."""
    from .._creation import _linspace_kernel
    outs = []
    for d, b in enumerate(bins):
        if x.shape[0] == 0:
            lo, hi = jnp.zeros((), jnp.float64), jnp.ones((), jnp.float64)
        else:
            lo = jnp.min(x[:, d]).astype(jnp.float64)
            hi = jnp.max(x[:, d]).astype(jnp.float64)
        same = lo == hi
        lo, hi = jnp.where(same, lo - 0.5, lo), jnp.where(same, hi + 0.5, hi)
        outs.append(_linspace_kernel(lo, hi, n=b + 1, dt=dt))
    return outs


def _histdd_kernel(x, *rest, counts, mode, has_weight, density, dt):
    """(hist, *edges) in one program: edges from the data's range, from given (lo, hi) pairs
    or given edge tensors, then the counts."""
    from .._creation import _linspace_kernel
    rest = list(rest)
    w = rest.pop(0) if has_weight else None
    if mode == "data":
        edges = _data_edges(x, counts, dt)
    elif mode == "range":
        edges = [_linspace_kernel(rest[2 * d], rest[2 * d + 1], n=c + 1, dt=dt)
                 for d, c in enumerate(counts)]
    else:
        edges = rest
    hist = _hist_count_kernel(x, *(([w] if has_weight else []) + list(edges)),
                              has_weight=has_weight, density=density)
    return (hist,) + tuple(edges)


def _hist_range_kernel(x, *, ndim):
    if x.shape[0] == 0:
        return jnp.asarray(True), jnp.zeros((2,), jnp.float64)
    lo = jnp.min(x, axis=0).astype(jnp.float64)
    hi = jnp.max(x, axis=0).astype(jnp.float64)
    ok = jnp.isfinite(lo) & jnp.isfinite(hi)
    bad = jnp.argmin(ok)
    return jnp.all(ok), jnp.stack([bad.astype(jnp.float64), lo[bad], hi[bad]])


def _hist_range_error(v):
    d, lo, hi = (float(a) for a in np.asarray(v))
    return RuntimeError, (f"torch.histogramdd: dimension {int(d)}'s range [{_fmt(lo)}, "
                          f"{_fmt(hi)}] is not finite")


def _hist_count_kernel(x, *rest, has_weight, density):
    """Counts of the N x D points in the bins given by the D edge vectors (searchsorted on the
    edges: the bin PyTorch's interpolation + local search finds); the last edge is inclusive,
    points outside or NaN are skipped."""
    rest = list(rest)
    w = rest.pop(0) if has_weight else None
    edges = rest
    dt = x.dtype
    n = x.shape[0]
    valid = jnp.ones((n,), bool)
    flat = jnp.zeros((n,), jnp.int64)
    shape = tuple(e.shape[0] - 1 for e in edges)
    for d, e in enumerate(edges):
        v = x[:, d]
        nb = e.shape[0] - 1
        pos = jnp.searchsorted(e, v, side="right").astype(jnp.int64) - 1
        pos = jnp.where(v == e[-1], nb - 1, pos)
        valid = valid & (v >= e[0]) & (v <= e[-1])
        flat = flat * nb + jnp.clip(pos, 0, nb - 1)
    vals = (w.reshape(-1) if has_weight else jnp.ones((n,), dt))
    vals = jnp.where(valid, vals, jnp.zeros((), dt))
    size = int(np.prod(shape)) if shape else 1
    hist = jnp.zeros((size,), dt).at[flat].add(vals).reshape(shape)
    if density:
        hist = hist / jnp.sum(hist)
        for d, e in enumerate(edges):
            widths = jnp.diff(e)
            sh = [1] * len(edges)
            sh[d] = -1
            hist = hist / widths.reshape(sh)
    return hist


def _histogramdd_impl(input, bins, range_, weight, density, fname):
    if not is_tensor(input):
        raise TypeError(f"{fname}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    dt = input.dtype
    if dt not in (float32, float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_c10(dt)}'")
    if input.dim() < 2:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 2 dimensions")
    D = input._nd.shape[-1]
    x = input.reshape(-1, D)
    N = x._nd.shape[0]
    if weight is not None:
        if tuple(weight._nd.shape) != tuple(input._nd.shape[:-1]):
            raise RuntimeError(
                f"torch.histogramdd: if weight tensor is provided it should have the same shape "
                f"as the input tensor excluding its innermost dimension, but got input with "
                f"shape {list(input._nd.shape)} and weight with shape {list(weight._nd.shape)}")
        if weight.dtype is not dt:
            raise RuntimeError(
                f"torch.histogramdd: if weight tensor is provided, input tensor and weight "
                f"tensor should have the same dtype, but got input({_cpp(dt)}), and "
                f"weight({_cpp(weight.dtype)})")
    tensor_bins = isinstance(bins, (list, tuple)) and len(bins) and is_tensor(bins[0])
    if tensor_bins:
        if len(bins) != D:
            raise RuntimeError("histogramdd: The size of bins must be equal to the innermost "
                               "dimension of the input.")
        edges = []
        for d, b in enumerate(bins):
            if b.dim() != 1:
                raise RuntimeError(f"torch.histogramdd: bins tensor should have one dimension, "
                                   f"but got {b.dim()} dimensions in the bins tensor for "
                                   f"dimension {d}")
            if b.dtype is not dt:
                raise RuntimeError(f"torch.histogramdd: input tensor and bins tensors should "
                                   f"have the same dtype, but got input with dtype {_cpp(dt)} "
                                   f"and bins for dimension {d} with dtype {_cpp(b.dtype)}")
            if b.numel() == 0:
                raise RuntimeError(f"torch.histogramdd: bins tensor should have at least 1 "
                                   f"element, but got {b.numel()} elements in the bins tensor "
                                   f"for dimension {d}")
            if b.numel() == 1:
                raise RuntimeError(f"torch.histogram(): bins must be > 0, but got 0 for "
                                   f"dimension {d}")
            edges.append(b)
    else:
        counts = [bins] * D if isinstance(bins, int) else list(bins)
        if len(counts) != D:
            raise RuntimeError("histogramdd: The size of bins must be equal to the innermost "
                               "dimension of the input.")
        counts = [_int(c) for c in counts]
        for d, c in enumerate(counts):
            if c <= 0:
                raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {c} for "
                                   f"dimension {d}")
        if range_ is not None:
            rng = [float(v) for v in range_]
            if len(rng) != 2 * D:
                raise RuntimeError(f"torch.histogramdd: for a {D}-dimensional histogram range "
                                   f"should have {2 * D} elements, but got {len(rng)}")
            edges = []
            for d, c in enumerate(counts):
                lo, hi = rng[2 * d], rng[2 * d + 1]
                if not (math.isfinite(lo) and math.isfinite(hi)):
                    raise RuntimeError(f"torch.histogramdd: dimension {d}'s range [{_fmt(lo)}, "
                                       f"{_fmt(hi)}] is not finite")
                if lo > hi:
                    raise RuntimeError(f"torch.histogramdd: min should not exceed max, but got "
                                       f"min {_fmt(lo)} max {_fmt(hi)} for dimension {d}")
                if lo == hi:
                    lo, hi = lo - 0.5, hi + 0.5
                edges += [lo, hi]
            mode = "range"
        else:
            if N:
                add_check(_hist_range_kernel, (x,), _hist_range_error, (("ndim", D),))
            edges = []
            mode = "data"
    if tensor_bins:
        counts, mode = [e.numel() - 1 for e in edges], "tensor"
    ins = (x,) + ((weight,) if weight is not None else ()) + tuple(edges)
    outs = record_multi(_histdd_kernel, ins,
                        (("counts", tuple(counts)), ("mode", mode),
                         ("has_weight", weight is not None), ("density", bool(density)),
                         ("dt", dt)), name="histogramdd",
                        diff=(False,) * (1 + len(counts)))  # PyTorch has no derivative here
    hist, edges = outs[0], outs[1:]
    return hist, tuple(edges)


def _cpp(dt):
    return {"float32": "float", "float64": "double", "float16": "c10::Half",
            "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int"}.get(
        str(dt).replace("torch.", ""), str(dt).replace("torch.", ""))


_histogram_t = return_types.make("histogram", ("hist", "bin_edges"))
_histogramdd_t = return_types.make("histogramdd", ("hist", "bin_edges"))


@op("histogram")
def histogram(input, bins=100, *, range=None, weight=None, density=False):  # noqa: A002
    """torch.histogram: (hist, bin_edges) of a flattened float tensor; `bins` is a count (equal
    bins over `range` or the data's range) or a 1-D tensor of edges."""
    if isinstance(bins, (list, tuple)):
        raise TypeError(f"histogram() received an invalid combination of arguments - got "
                        f"(Tensor, bins={type(bins).__name__}), but expected one of:\n"
                        f" * (Tensor input, Tensor bins, *, Tensor weight = None, bool density "
                        f"= False, tuple of Tensors out = None)\n"
                        f" * (Tensor input, int bins = 100, *, tuple of floats range = None, "
                        f"Tensor weight = None, bool density = False, tuple of Tensors out = "
                        f"None)\n")
    if is_tensor(input) and input.dtype not in (float32, float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_c10(input.dtype)}'")
    if range is not None and len(range) != 2:
        raise RuntimeError(f"torch.histogramdd: for a 1-dimensional histogram range should "
                           f"have 2 elements, but got {len(range)}")
    x = input.reshape(-1, 1)
    w = weight
    if w is not None and tuple(w._nd.shape) != tuple(input._nd.shape):
        raise RuntimeError(
            f"torch.histogramdd: if weight tensor is provided it should have the same shape as "
            f"the input tensor excluding its innermost dimension, but got input with shape "
            f"{[input.numel(), 1]} and weight with shape {list(w._nd.shape)}")
    if w is not None:
        w = w.reshape(-1)
    b = [bins] if is_tensor(bins) else bins
    hist, edges = _histogramdd_impl(x, b, range, w, density, "histogram")
    return _histogram_t((hist, edges[0]))


@op("histogramdd", method=False)
def histogramdd(input, bins, range=None, weight=None, density=False):  # noqa: A002
    """torch.histogramdd: a D-dimensional histogram of the points input[..., :D] (float
    only); `bins` is an int, D ints or D edge tensors."""
    if is_tensor(input) and input.dtype not in (float32, float64):
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{_c10(input.dtype)}'")
    if is_tensor(bins):
        bins = [bins]
    hist, edges = _histogramdd_impl(input, bins, range, weight, density, "histogramdd")
    return _histogramdd_t((hist, edges))


# ---- 4. gradient --------------------------------------------------------------------------
def _gradient_dims(input, dim):
    nd = input.dim()
    if dim is None:
        return list(range(nd)), False
    if isinstance(dim, int):
        return [wrap_dim(dim, nd)], True
    dims = [wrap_dim(d, nd) for d in dim]
    seen = set()
    for d in dims:
        if d in seen:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        seen.add(d)
    return dims, True


_GRADIENT_SIGNATURES = (
    "gradient() received an invalid combination of arguments - got (Tensor, {got}), but "
    "expected one of:\n"
    " * (Tensor input, *, tuple of ints dim, int edge_order = 1)\n"
    " * (Tensor input, *, Number spacing, tuple of ints dim, int edge_order = 1)\n"
    " * (Tensor input, *, Number spacing = None, int dim = None, int edge_order = 1)\n"
    " * (Tensor input, *, tuple of Scalars spacing, int dim = None, int edge_order = 1)\n"
    " * (Tensor input, *, tuple of Scalars spacing, tuple of ints dim, int edge_order = 1)\n"
    " * (Tensor input, *, tuple of Tensors spacing, int dim = None, int edge_order = 1)\n"
    " * (Tensor input, *, tuple of Tensors spacing, tuple of ints dim, int edge_order = 1)\n")


@op("gradient", method=False)
def gradient(input, *, spacing=1, dim=None, edge_order=1):
    """torch.gradient: second-order central differences inside, first or second order at the
    edges, with uniform (scalar) spacing or coordinate tensors per dimension."""
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    dims, dim_given = _gradient_dims(input, dim)
    nd = input.dim()
    if spacing is None:
        spacing = 1
    if is_tensor(spacing) and spacing.dim() == 0:
        spacing = spacing.item()
    elif is_tensor(spacing):
        given = {"spacing": "Tensor"}
        if dim is not None:
            given["dim"] = type(dim).__name__
        if edge_order != 1:
            given["edge_order"] = type(edge_order).__name__
        got = ", ".join(f"{k}={given[k]}" for k in sorted(given))
        raise TypeError(_GRADIENT_SIGNATURES.format(got=got))
    if isinstance(spacing, (list, tuple)):
        sp = list(spacing)
        if len(sp) != len(dims):
            if dim_given:
                raise RuntimeError(
                    f"torch.gradient expected spacing to be unspecified, a scalar or it's "
                    f"spacing and dim arguments to have the same length, but got a spacing "
                    f"argument of length {len(sp)} and a dim argument of length {len(dims)}.")
            raise RuntimeError(
                f"torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to 'self.dim() = {nd}', since dim argument was not given, but "
                f"got a list of length {len(sp)}")
        for s in sp:
            if is_tensor(s) and s.dim() != 1:
                raise RuntimeError(f"torch.gradient expected each element of spacing to have "
                                   f"one dimension, but got an element with {s.dim()} "
                                   f"dimensions!")
        if any(is_tensor(v) for v in sp):
            for i, v in enumerate(sp):
                if not is_tensor(v):
                    raise TypeError(f"expected Tensor as element {i} in argument 1, but got "
                                    f"{type(v).__name__}")
    else:
        sp = [spacing] * len(dims)
    for d in dims:
        if input._nd.shape[d] < edge_order + 1:
            raise RuntimeError("torch.gradient expected each dimension size to be at least "
                               "edge_order+1")
    out = []
    for d, s in zip(dims, sp):
        out.append(_gradient_dim(input, d, s, edge_order))
    return tuple(out)


def _gradient_uniform_kernel(x, s, s2, *, dim, edge_order, dt):
    """One dimension of torch.gradient with uniform spacing s, as PyTorch's composite computes
    it (differences in the input dtype, then division in the result dtype)."""
    n = x.shape[dim]

    def sl(a, b):
        return jax.lax.slice_in_dim(x, a, b, axis=dim)

    def f(v):
        return v.astype(dt)

    sd, s2d = jnp.asarray(s, dt), jnp.asarray(s2, dt)
    parts = []
    if edge_order == 1:
        parts.append(f(sl(1, 2) - sl(0, 1)) / sd)
    else:
        parts.append((f(sl(0, 1)) * jnp.asarray(-1.5, dt) + f(sl(1, 2)) * jnp.asarray(2, dt) -
                      f(sl(2, 3)) * jnp.asarray(0.5, dt)) / sd)
    if n > 2:
        parts.append(f(sl(2, n) - sl(0, n - 2)) / s2d)
    if edge_order == 1:
        parts.append(f(sl(n - 1, n) - sl(n - 2, n - 1)) / sd)
    else:
        parts.append((f(sl(n - 3, n - 2)) * jnp.asarray(0.5, dt) -
                      f(sl(n - 2, n - 1)) * jnp.asarray(2, dt) +
                      f(sl(n - 1, n)) * jnp.asarray(1.5, dt)) / sd)
    return jnp.concatenate(parts, axis=dim)


def _gradient_dim(x, d, s, edge_order):
    from .movement import cat
    n = x._nd.shape[d]

    def sl(a, b):
        return x.narrow(d, a % n if a < 0 else a, (b % n if b <= 0 else b) -
                        (a % n if a < 0 else a))

    if not is_tensor(s):
        from .elementwise import result_type
        if x.dtype is bool_:
            raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                               "supported. Use the `^` or `logical_xor()` operator instead.")
        dt = result_type(x, s)
        if not dt.is_floating_point:
            dt = _dtype.get_default_dtype()
        s = float(s) if isinstance(s, (float, np.floating)) else int(s)
        return record(_gradient_uniform_kernel, (x, s, 2 * s),
                      (("dim", d), ("edge_order", edge_order), ("dt", dt.np)),
                      name="gradient", gname="CatBackward0")
    else:
        dx = s.diff()
        shape = [1] * x.dim()
        shape[d] = -1
        dx1, dx2 = dx[:-1], dx[1:]
        a = (-dx2 / (dx1 * (dx1 + dx2))).reshape(shape)
        b = ((dx2 - dx1) / (dx1 * dx2)).reshape(shape)
        c = (dx1 / (dx2 * (dx1 + dx2))).reshape(shape)
        center = a * sl(0, n - 2) + b * sl(1, n - 1) + c * sl(2, n) if n > 2 else None
        if edge_order == 1:
            pre = (sl(1, 2) - sl(0, 1)) / dx[0]
            app = (sl(n - 1, n) - sl(n - 2, n - 1)) / dx[-1]
        else:
            d0, d1 = dx[0], dx[1]
            a = -(2.0 * d0 + d1) / (d0 * (d0 + d1))
            b = (d0 + d1) / (d0 * d1)
            c = (-d0) / (d1 * (d0 + d1))
            pre = a * sl(0, 1) + b * sl(1, 2) + c * sl(2, 3)
            e1, e2 = dx[-1], dx[-2]
            a = e1 / (e2 * (e1 + e2))
            b = -(e1 + e2) / (e1 * e2)
            c = (2 * e1 + e2) / (e1 * (e1 + e2))
            app = a * sl(n - 3, n - 2) + b * sl(n - 2, n - 1) + c * sl(n - 1, n)
    parts = [pre] + ([center] if center is not None else []) + [app]
    return cat(parts, d)


# ---- 5. frombuffer / empty_permuted / nonzero_static --------------------------------------
_warned_readonly = [False]


@op("frombuffer", method=False)
def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """torch.frombuffer: a 1-D tensor of the buffer's bytes read as `dtype`. JAX cannot alias
    host memory it does not own, so the tensor is a copy (writes do not reach the buffer)."""
    from .. import _creation
    try:
        mv = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    nbytes = mv.nbytes
    if mv.readonly and not _warned_readonly[0]:
        _warned_readonly[0] = True
        warnings.warn("The given buffer is not writable, and PyTorch does not support "
                      "non-writable tensors. This means you can write to the underlying "
                      "(supposedly non-writable) buffer using the tensor. You may want to copy "
                      "the buffer to protect its data or make it writable before converting it "
                      "to a tensor. This type of warning will be suppressed for the rest of "
                      "this program.", UserWarning, stacklevel=user_stacklevel())
    size = dtype.itemsize
    if not (0 <= offset < nbytes) and not (nbytes == 0 and offset == 0):
        raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than "
                         f"buffer length ({nbytes} bytes) minus 1")
    if nbytes == 0 or count == 0:
        raise ValueError(f"both buffer length ({nbytes}) and count ({count}) must not be 0")
    if count < 0:
        if (nbytes - offset) % size:
            raise ValueError(f"buffer length ({nbytes - offset} bytes) after offset ({offset} "
                             f"bytes) must be a multiple of element size ({size})")
        count = (nbytes - offset) // size
    elif offset + count * size > nbytes:
        raise ValueError(f"requested buffer length ({count} * {size} bytes) after offset "
                         f"({offset} bytes) must not be greater than actual buffer length "
                         f"({nbytes} bytes)")
    raw = np.frombuffer(mv.cast("B"), dtype=np.uint8, count=count * size, offset=offset)
    arr = raw.view(np.dtype(dtype.np)).copy()
    t = _creation.from_numpy(arr)
    if requires_grad:
        t.requires_grad_(True)
    return t


@op("empty_permuted", method=False)
def empty_permuted(size, physical_layout, *, dtype=None, layout=None, device=None,
                   requires_grad=False, pin_memory=False):
    """torch.empty_permuted: an uninitialised (here: zero) tensor of `size` whose strides lay
    the dims out in memory in `physical_layout` order (a permuted view of a contiguous one)."""
    from .. import _creation
    size = tuple(_int(s) for s in size)
    perm = tuple(_int(p) for p in physical_layout)
    if len(size) != len(perm):
        raise RuntimeError(f"Number of dimensions in size does not match the length of the "
                           f"physical_layout; i.e. len(size) = {len(size)} is not equal to "
                           f"len(physical_layout) = {len(perm)}")
    seen = set()
    for i, p in enumerate(perm):
        if not 0 <= p < len(size):
            raise RuntimeError(f"Dimension out of range (expected to be between 0 and "
                               f"{len(size) - 1}, but got {p} at index {i}).  NB: negative dims "
                               f"not currently supported; file an issue if you want it.")
        if p in seen:
            raise RuntimeError("Duplicate dim not allowed")
        seen.add(p)
    phys = _creation.empty(*[size[p] for p in perm], dtype=dtype, device=device)
    inv = [0] * len(perm)
    for i, p in enumerate(perm):
        inv[p] = i
    t = phys.permute(*inv) if perm else phys
    if requires_grad:
        t.requires_grad_(True)
    return t


def _nonzero_static_kernel(x, fill, *, size):
    nd = max(x.ndim, 0)
    if nd == 0:
        return jnp.zeros((size, 0), jnp.int64)
    idx = jnp.nonzero(x, size=size, fill_value=0)
    cnt = jnp.count_nonzero(x)
    out = jnp.stack([i.astype(jnp.int64) for i in idx], axis=1)
    keep = jnp.arange(size) < cnt
    return jnp.where(keep[:, None], out, jnp.asarray(fill, jnp.int64))


@op("nonzero_static")
def nonzero_static(input, *, size, fill_value=-1):
    """torch.nonzero_static: the first `size` nonzero indices (int64, size x ndim), padded with
    fill_value; the shape is static, so unlike nonzero this needs no sync."""
    size = _int(size)
    if size < 0:
        raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
    return record(_nonzero_static_kernel, (input, int(fill_value)), (("size", size),),
                  name="nonzero_static")


# ---- 6. index_reduce ----------------------------------------------------------------------
_warned_index_reduce = [False]


def _index_reduce_kernel(x, idx, src, *, dim, reduce, include_self):
    """prod/amax/amin reduce each target row over [self (if included), its sources] in one
    reduction (a one-hot selection, so JAX differentiates it: ties share the gradient evenly,
    as PyTorch's backward does); mean sums with a scatter-add and divides by the count."""
    shape = x.shape
    x1 = x.reshape(1) if x.ndim == 0 else x
    idx = idx.reshape(-1)
    src = jnp.reshape(src, x1.shape[:dim] + (idx.size,) + x1.shape[dim + 1:])
    xs = jnp.moveaxis(x1, dim, 0)          # (N, ...)
    ss = jnp.moveaxis(src, dim, 0)         # (k, ...)
    n = xs.shape[0]
    onehot = idx[None, :] == jnp.arange(n, dtype=idx.dtype)[:, None]   # (N, k)
    hit = jnp.any(onehot, axis=1).reshape((n,) + (1,) * (xs.ndim - 1))
    sel = onehot.reshape(onehot.shape + (1,) * (xs.ndim - 1))
    if reduce == "mean":
        total = xs if include_self else jnp.where(hit, jnp.zeros((), xs.dtype), xs)
        total = total.at[idx].add(ss)
        cnt = jnp.sum(onehot, axis=1).astype(jnp.int64) + (1 if include_self else 0)
        cnt = jnp.maximum(cnt, 1).reshape(hit.shape)
        if jnp.issubdtype(xs.dtype, jnp.floating):
            r = total / cnt.astype(xs.dtype)
        else:
            r = jnp.floor_divide(total, cnt.astype(xs.dtype))
        r = jnp.where(hit, r, xs)
    else:
        neutral = {"prod": jnp.ones((), xs.dtype),
                   "amax": jnp.full((), _lowest(xs.dtype), xs.dtype),
                   "amin": jnp.full((), _highest(xs.dtype), xs.dtype)}[reduce]
        cand = jnp.where(sel, ss[None], neutral)                        # (N, k, ...)
        own = xs if include_self else jnp.where(hit, neutral, xs)
        red = {"prod": jnp.prod, "amax": jnp.max, "amin": jnp.min}[reduce]
        cols = [own[:, None], cand]
        if reduce != "prod" and not include_self:
            # PyTorch's backward still counts an excluded self equal to the result as a tie
            # (its share of the gradient is dropped): a constant phantom candidate does that
            sx = jax.lax.stop_gradient(xs)
            r0 = jax.lax.stop_gradient(red(jnp.concatenate(cols, axis=1), axis=1))
            cols.insert(1, jnp.where(hit & (sx == r0), sx, neutral)[:, None])
        r = red(jnp.concatenate(cols, axis=1), axis=1)
    return jnp.moveaxis(r, 0, dim).reshape(shape)


def _lowest(dt):
    if jnp.issubdtype(dt, jnp.floating):
        return -jnp.inf
    return jnp.iinfo(dt).min


def _highest(dt):
    if jnp.issubdtype(dt, jnp.floating):
        return jnp.inf
    return jnp.iinfo(dt).max


@op("index_reduce", inplace=True)
def index_reduce(input, dim, index, source, reduce, *, include_self=True):
    """torch.index_reduce: input[..., index[i], ...] combined with source[..., i, ...] by prod,
    mean (integer mean floors), amax or amin; include_self=False leaves input's value out at
    the indexed positions; out-of-range index values raise at the next sync at the latest."""
    from .movement import _check_bounds, _size1, index_source_checks
    if not _warned_index_reduce[0]:
        _warned_index_reduce[0] = True
        warnings.warn("index_reduce() is in beta and the API may change at any time.",
                      UserWarning, stacklevel=user_stacklevel())
    if not is_tensor(index):
        raise TypeError(f"index_reduce(): argument 'index' (position 2) must be Tensor, not "
                        f"{type(index).__name__}")
    if not is_tensor(source):
        raise TypeError(f"index_reduce(): argument 'source' (position 3) must be Tensor, not "
                        f"{type(source).__name__}")
    if reduce not in ("prod", "mean", "amax", "amin"):
        raise RuntimeError(f"index_reduce(): Expected reduce to be one of prod, mean, amax or "
                           f"amin but got {reduce}.")
    d = index_source_checks("index_reduce_", input, dim, index, source, scalar_source_dims=(0,))
    if input.dtype is bool_:
        raise NotImplementedError("\"index_func_\" not implemented for 'Bool'")
    size = _size1(input, d)
    _check_bounds(index, 0, size, lambda v: (IndexError, "index out of range in self"))
    if index.numel() == 0:
        return input.clone()
    return record(_index_reduce_kernel, (input, index, source),
                  (("dim", d), ("reduce", reduce), ("include_self", bool(include_self))),
                  name="index_reduce", gname="IndexReduceBackward0")


# ---- 7. *_copy: the view ops as fresh tensors ----------------------------------------------
def _copy_of(view_name):
    def f(input, *args, **kwargs):
        r = METHODS[view_name](input, *args, **kwargs)
        if isinstance(r, (tuple, list)):
            return tuple(t.clone(memory_format=None) for t in r)
        return r.clone()
    f.__name__ = view_name + "_copy"
    f.__qualname__ = f.__name__
    f.__doc__ = (f"torch.{view_name}_copy: torch.{view_name} as a fresh tensor (no view of the "
                 f"input).")
    return f


for _v in ("permute", "transpose", "t", "squeeze", "unsqueeze", "diagonal",
           "select", "split", "split_with_sizes", "unbind", "detach", "unfold"):
    op(_v + "_copy", method=False)(_copy_of(_v))


@op("view_copy", method=False)
def view_copy(input, size):
    """torch.view_copy(input, size_or_dtype): Tensor.view as a fresh tensor."""
    return METHODS["view"](input, size).clone()


@op("expand_copy", method=False)
def expand_copy(input, size, *, implicit=False):
    """torch.expand_copy: Tensor.expand as a fresh tensor (`implicit` is ignored, as in
    PyTorch's eager mode)."""
    return METHODS["expand"](input, size).clone()


@op("as_strided_copy", method=False)
def as_strided_copy(input, size, stride, storage_offset=None):
    """torch.as_strided_copy: torch.as_strided as a fresh tensor."""
    from .strided import as_strided
    return as_strided(input, size, stride, storage_offset).clone()


@op("alias_copy", method=False)
def alias_copy(input):
    """torch.alias_copy: a fresh tensor equal to input (keeps autograd history)."""
    return input.clone()


@op("slice_copy", method=False)
def slice_copy(input, dim=0, start=None, end=None, step=1):
    """torch.slice_copy: input[start:end:step] along dim, as a fresh tensor."""
    d = wrap_dim(dim, input.dim())
    return input[(slice(None),) * d + (slice(start, end, step),)].clone()


@op("narrow_copy")
def narrow_copy(input, dim, start, length):
    """torch.narrow_copy: Tensor.narrow as a fresh tensor."""
    return input.narrow(dim, start, length).clone()


# ---- 8. cond / while_loop / bilinear / torch.* losses -------------------------------------
def _pred_value(pred):
    if is_tensor(pred):
        if pred.numel() != 1:
            raise RuntimeError(f"Expected pred to be bool or single-element tensor, but got "
                               f"{pred!r}.")
        return bool(pred.item())
    if isinstance(pred, (bool, int, float, np.bool_, np.number)):
        return bool(pred)
    raise RuntimeError(f"Expected pred to be bool or tensor, but got {pred}.")


@op("cond", method=False)
def cond(pred, true_fn, false_fn, operands=()):
    """torch.cond run eagerly: reads pred (a sync point for a tensor) and calls one branch."""
    if not isinstance(operands, (tuple, list)):
        raise RuntimeError(f"Expect operands to be a tuple of possibly nested dict/list/tuple "
                           f"that only consists of tensor leaves, but got {operands}.")
    return (true_fn if _pred_value(pred) else false_fn)(*operands)


@op("while_loop", method=False)
def while_loop(cond_fn, body_fn, carried_inputs):
    """torch.while_loop run eagerly: each cond_fn result is read (a sync point)."""
    if not isinstance(carried_inputs, (tuple, list)):
        raise RuntimeError(f"carried_inputs must be a tuple or list, got "
                           f"{type(carried_inputs)}")
    carried = tuple(carried_inputs)
    result = carried
    while _pred_value(cond_fn(*carried)):
        result = body_fn(*carried)
        carried = tuple(result) if isinstance(result, (tuple, list)) else (result,)
    return result


_REDUCTIONS = {0: "none", 1: "mean", 2: "sum"}


def _red(reduction, fname, pos):
    if isinstance(reduction, bool) or not isinstance(reduction, (int, np.integer)):
        raise TypeError(f"{fname}(): argument 'reduction' (position {pos}) must be int, not "
                        f"{type(reduction).__name__}")
    return _REDUCTIONS.get(int(reduction), "none")


def _F():
    from ..nn import functional
    return functional


@op("bilinear", method=False)
def bilinear(input1, input2, weight, bias=None):
    """torch.bilinear: F.bilinear."""
    return _F().bilinear(input1, input2, weight, bias)


@op("binary_cross_entropy_with_logits", method=False)
def binary_cross_entropy_with_logits(input, target, weight=None, pos_weight=None,
                                     reduction=0):
    """torch.binary_cross_entropy_with_logits (reduction 0/1/2 = none/mean/sum). As PyTorch's
    binding does, an omitted reduction gives the unreduced loss (so for every torch.* loss)."""
    red = _red(reduction, "binary_cross_entropy_with_logits", 5)
    return _F().binary_cross_entropy_with_logits(input, target, weight, reduction=red,
                                                 pos_weight=pos_weight)


@op("cosine_embedding_loss", method=False)
def cosine_embedding_loss(input1, input2, target, margin=0.0, reduction=0):
    """torch.cosine_embedding_loss (reduction as an int enum)."""
    red = _red(reduction, "cosine_embedding_loss", 5)
    return _F().cosine_embedding_loss(input1, input2, target, margin, reduction=red)


@op("hinge_embedding_loss", method=False)
def hinge_embedding_loss(input, target, margin=1.0, reduction=0):
    """torch.hinge_embedding_loss (reduction as an int enum)."""
    red = _red(reduction, "hinge_embedding_loss", 4)
    return _F().hinge_embedding_loss(input, target, margin, reduction=red)


@op("kl_div", method=False)
def kl_div(input, target, reduction=0, *, log_target=False):
    """torch.kl_div: the pointwise KL divergence; 1 is the mean over all elements (without
    F.kl_div's 'mean' warning, as torch.kl_div gives none)."""
    red = _red(reduction, "kl_div", 3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _F().kl_div(input, target, reduction=red, log_target=log_target)


@op("margin_ranking_loss", method=False)
def margin_ranking_loss(input1, input2, target, margin=0.0, reduction=0):
    """torch.margin_ranking_loss (reduction as an int enum)."""
    red = _red(reduction, "margin_ranking_loss", 5)
    return _F().margin_ranking_loss(input1, input2, target, margin, reduction=red)


@op("poisson_nll_loss", method=False)
def poisson_nll_loss(input, target, log_input, full, eps, reduction):
    """torch.poisson_nll_loss: every argument required, as in PyTorch."""
    return _F().poisson_nll_loss(input, target, log_input, full, eps=eps,
                                 reduction=_red(reduction, "poisson_nll_loss", 6))


@op("triplet_margin_loss", method=False)
def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-06, swap=False,
                        reduction=0):
    """torch.triplet_margin_loss (reduction as an int enum)."""
    return _F().triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap,
                                    reduction=_red(reduction, "triplet_margin_loss", 8))


@op("ctc_loss", method=False)
def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction=0,
             zero_infinity=False):
    """torch.ctc_loss (reduction as an int enum; lengths as int tuples or tensors)."""
    return _F().ctc_loss(log_probs, targets, input_lengths, target_lengths, blank,
                         reduction=_red(reduction, "ctc_loss", 6), zero_infinity=zero_infinity)


# ---- 9. apply_ / map_ / map2_ -------------------------------------------------------------
def _py_value(v, dt, fname):
    """A callable's result converted as PyTorch's CPU apply_ converts it to the dtype."""
    if dt is bool_:
        return bool(v)
    if dt.is_floating_point:
        if isinstance(v, (str, bytes)) or not isinstance(v, (int, float, np.number)):
            raise TypeError(f"must be real number, not {type(v).__name__}")
        return float(v)
    if isinstance(v, (float, np.floating)):
        v = int(v)
    elif isinstance(v, (bool, int, np.integer)):
        v = int(v)
    else:
        raise TypeError(f"'{type(v).__name__}' object cannot be interpreted as an integer")
    if not -2 ** 63 <= v < 2 ** 63:
        raise ValueError("Overflow when unpacking long long")
    info = np.iinfo(np.dtype(dt.np))
    if not info.min <= v <= info.max:
        raise RuntimeError(f"value cannot be converted to type {np.dtype(dt.np).name} without "
                           f"overflow")
    return v


def _elementwise_py(self, fn, others, fname):
    from .. import _creation
    if self.requires_grad:
        raise RuntimeError(f"Can't call {fname}() on Variable that requires grad. Use "
                           f"var.detach().{fname}() instead.")
    if not callable(fn):
        raise TypeError(f"'{type(fn).__name__}' object is not callable")
    shape = tuple(self._nd.shape)
    cols = [self._host().reshape(-1)]
    for o in others:
        if o.dtype is not self.dtype:
            raise TypeError(f"{fname}: expected torch.{self.dtype._legacy} for 'other' (got "
                            f"torch.{o.dtype._legacy})")
        cols.append(np.asarray(o.expand(*shape)._array() if shape else o.reshape(())._array())
                    .reshape(-1))
    dt = self.dtype
    vals = [_py_value(fn(*(c[i].item() for c in cols)), dt, fname)
            for i in range(cols[0].size)]
    arr = np.asarray(vals, dtype=np.dtype(dt.np)).reshape(shape)
    self._assign(_creation.tensor(arr, dtype=dt, device=self.device), fname)
    return self


@op("apply_", function=False)
def apply_(self, callable):  # noqa: A002
    """Tensor.apply_: self[i] = callable(self[i]) in Python (a sync point; CPU-style)."""
    return _elementwise_py(self, callable, (), "apply_")


@op("map_", function=False)
def map_(self, tensor, callable):  # noqa: A002
    """Tensor.map_: self[i] = callable(self[i], tensor[i]) (tensor broadcast to self)."""
    return _elementwise_py(self, callable, (tensor,), "map_")


@op("map2_", function=False)
def map2_(self, x, y, callable):  # noqa: A002
    """Tensor.map2_: self[i] = callable(self[i], x[i], y[i]) (x, y broadcast to self)."""
    return _elementwise_py(self, callable, (x, y), "map2_")


# ---- as_strided_ / as_strided_scatter / is_set_to / set_ ----------------------------------
def _check_leaf_write(self):
    if dispatch.grad_state.enabled and self._rg and self._nd.grad_fn is None and \
            self._base is None:
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place "
                           "operation.")


def _adopt(self, v):
    """Make `self` the view `v` (same root, steps and node), as set_/as_strided_ do."""
    from .. import _tensor
    _tensor.note_write(self)
    self._nd = v._nd
    self._base = v._base
    self._view = v._view
    self._vc = v._vc
    self._bver = v._bver
    self._rg = v._rg
    if self._nd.value is None:
        from .._runtime.graph import track
        track(self)


def _move_storage(self):
    """Hand a root tensor's storage (its value and version counter) to a new hidden root and
    repoint the views already taken of it there, so they keep seeing that storage after
    `self` itself becomes a view (as_strided_, set_)."""
    import gc
    import sys
    Tensor = _Tensor()
    vc = self._vc
    root = Tensor._from_node(self._nd)
    root._rg = self._rg
    if sys.getrefcount(vc) > 3:  # more than self, `vc` and the call's argument: views exist
        frozen = gc.get_freeze_count()
        if frozen:  # jtorch's gc_freeze hides frozen objects from get_referrers
            gc.unfreeze()
        try:
            refs = gc.get_referrers(vc)
        finally:
            if frozen:
                gc.freeze()
        for o in refs:
            if isinstance(o, Tensor) and o is not self and o.__dict__.get("_base") is self:
                o._base = root
    root._vc = vc
    return root


@op("as_strided_", function=False)
def as_strided_(self, size, stride, storage_offset=None):
    """Tensor.as_strided_: self becomes the as_strided view of its own storage (a tensor that
    is not a view first hands its storage to a hidden root, which its views follow)."""
    from .strided import as_strided
    _check_leaf_write(self)
    if self._base is None:
        v = as_strided(_move_storage(self), size, stride, storage_offset)
    else:
        v = as_strided(self, size, stride, storage_offset)
    _adopt(self, v)
    return self


FUNCTIONS["as_strided_"] = as_strided_


@op("as_strided_scatter")
def as_strided_scatter(input, src, size, stride, storage_offset=None):
    """torch.as_strided_scatter: a copy of input whose as_strided(size, stride, offset) view
    is replaced by src (cast to input's dtype)."""
    from .strided import as_strided
    size = tuple(_int(s) for s in size)
    if tuple(src._nd.shape) != size:
        raise RuntimeError(f"expected src to have a size equal to the slice of self. src size "
                           f"= {list(src._nd.shape)}, slice size = {list(size)}")
    out = input.clone()
    as_strided(out, size, stride, 0 if storage_offset is None else storage_offset).copy_(src)
    return out


@op("is_set_to", function=False)
def is_set_to(self, tensor):
    """Tensor.is_set_to: same storage, offset, sizes and strides."""
    r1 = self._base if self._base is not None else self
    r2 = tensor._base if tensor._base is not None else tensor
    return (r1 is r2 and tuple(self._nd.shape) == tuple(tensor._nd.shape) and
            self._strides() == tensor._strides())


@op("set_", function=False)
def set_(self, source=None, storage_offset=None, size=None, stride=None):
    """Tensor.set_(): an empty tensor; set_(tensor): self shares tensor's storage (jtorch
    makes self a view of tensor's root, so writes through either are seen by the other).
    Storage objects do not exist in jtorch: set_(storage, ...) raises NotImplementedError."""
    from .. import _creation, _tensor
    _check_leaf_write(self)
    if source is None:
        e = _creation.empty(0, dtype=self.dtype, device=self.device)
        if self._base is None:
            _move_storage(self)
        _tensor.note_write(self)
        self.__dict__.pop("_base", None)
        self.__dict__.pop("_view", None)
        self.__dict__.pop("_bver", None)
        self._vc = [self._vc[0] + 1]
        self._nd = e._nd
        return self
    if not is_tensor(source):
        raise NotImplementedError("Tensor.set_ with a storage is not supported by jtorch: "
                                  "its tensors have no storage objects (JAX arrays are "
                                  "immutable buffers)")
    if source.dtype is not self.dtype:
        raise RuntimeError(f"Could not set tensor of type {_cpp(source.dtype)} to a tensor of "
                           f"type {_cpp(self.dtype)}")
    if source is self and storage_offset is None and size is None and stride is None:
        return self
    if self._base is None:
        _move_storage(self)  # views of self (source may be one) keep its storage
    root = source._base if source._base is not None else source
    if storage_offset is not None or size is not None or stride is not None:
        from .strided import as_strided
        v = as_strided(root if source is self else source,
                       size if size is not None else source.shape,
                       stride if stride is not None else source.stride(),
                       storage_offset if storage_offset is not None else 0)
        _adopt(self, v)
        return self
    _tensor.note_write(self)
    self._nd = source._node()
    self._base = root
    self._view = source._view
    self._vc = root._vc
    self._bver = root._vc[0]
    self._rg = source._rg
    return self
