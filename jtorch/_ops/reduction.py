"""Reductions, scans and sorting with PyTorch's signatures, dtype rules and errors.

sum/mean/nansum/nanmean/prod/std/var/std_mean/var_mean, max/min/amax/amin/aminmax/argmax/argmin,
all/any, norm, logsumexp, cumsum/cumprod/cummax/cummin, median/nanmedian/mode/kthvalue,
quantile/nanquantile, topk/sort/argsort/msort, unique/unique_consecutive, count_nonzero.

Rules reproduced from PyTorch: `dim` is an int, a tuple/list of ints or None (all dims), and
`axis=`/`keepdims=` are accepted where PyTorch accepts them; sums and products of bool/integer
tensors are int64; float16/bfloat16 reductions accumulate in float32 and round once; index
results are int64 and pick the first occurrence (argmax, max(dim)); sorting is stable with NaN
ordered above every number; ops with several results return `torch.return_types` named tuples.
Only unique/unique_consecutive (data-dependent shapes) are sync points.
"""
import builtins
import functools
import math
import warnings

import jax
import jax.numpy as jnp
from jax import lax
import numpy as np

from .. import _dtype
from .. import return_types
from .._dtype import bool_, uint8, int64, float16, bfloat16, float32, float64
from . import dispatch
from .dispatch import record, record_multi, add_check
from .._runtime.graph import user_stacklevel
from .registry import op
from .signatures import parsed, check_bool, type_name
from .shape import wrap_dim
from .elementwise import is_tensor, maximum, minimum, exact_div, constant_divisor

_bmax, _bany = builtins.max, builtins.any   # the module defines max/any/... as ops
_NO = object()   # "argument not given" (PyTorch tells `dim=None` from no dim for some ops)


# ---- argument handling ----------------------------------------------------------------------
def _c10(dt):
    return _dtype.c10_name(dt)


def _check_tensor(name, x):
    if not is_tensor(x):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(x).__name__}")


def _int(name, arg, v):
    """An int argument (Python/NumPy int, or an integer tensor with one element)."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
        return int(v)
    if is_tensor(v) and not v.dtype.is_floating_point and v.dtype is not bool_:
        return v.__index__()
    raise TypeError(f"{name}(): argument '{arg}' must be int, not {type(v).__name__}")


def _bool(name, arg, v):
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    raise TypeError(f"{name}(): argument '{arg}' must be bool, not {type(v).__name__}")


def _np_names(name, dim, keepdim, axis, keepdims, dim_default=None):
    """Accept NumPy's `axis=`/`keepdims=` spellings, as PyTorch's argument parser does."""
    if axis is not _NO:
        if dim is not dim_default:
            raise TypeError(f"{name}() got an unexpected keyword argument 'axis'")  # (PyTorch's)
        dim = axis
    if keepdims is not _NO:
        keepdim = keepdims
    if keepdim is not _NO:
        check_bool(keepdim)   # (PyTorch takes no other type: 1, None or np.bool_ raise)
    return dim, keepdim


def _dims(name, dim, ndim, tuple_ok=True):
    """Sorted wrapped reduction dims; None, () and [] mean every dim (0-d: none)."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (tuple, list)):
        if not tuple_ok:
            raise TypeError(f"{name}(): argument 'dim' must be int, not {type(dim).__name__}")
        if len(dim) == 0:
            return tuple(range(ndim))
        seen = []
        for d in dim:
            w = wrap_dim(_dim_int(name, d), ndim)
            if w in seen:
                raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
            seen.append(w)
        return tuple(sorted(seen)) if ndim else ()
    w = wrap_dim(_dim_int(name, dim, tuple_ok), ndim)
    return (w,) if ndim else ()


def _dim_int(name, d, tuple_ok=False):
    if isinstance(d, (int, np.integer)) and not isinstance(d, (bool, np.bool_)):
        return int(d)
    if is_tensor(d) and not d.dtype.is_floating_point and d.dtype is not bool_ and d.dim() == 0:
        return d.__index__()
    kind = "tuple of ints" if tuple_ok else "int"
    raise TypeError(f"{name}(): argument 'dim' must be {kind}, not {type(d).__name__}")


def _one_dim(name, dim, ndim):
    """A single wrapped dim (an int argument)."""
    return wrap_dim(_dim_int(name, dim), ndim)


def _acc(dt):
    """Accumulation dtype: float16/bfloat16 accumulate in float32 (as PyTorch on CPU)."""
    return float32 if dt in (float16, bfloat16) else dt


def _dtype_kw(name, dtype):
    return None if dtype is None else _dtype.dtype_arg(dtype, name)


def _int_to_long(dt):
    return int64 if not dt.is_floating_point else dt


# ---- kernels --------------------------------------------------------------------------------
def _reduce_kernel(a, *, f, dims, keepdim, cdt, odt):
    return f(a.astype(cdt.np), axis=dims, keepdims=keepdim).astype(odt.np)


def _cast_reduce_kernel(a, *, f, dims, keepdim, dt, cdt, odt):
    """Cast to the requested dtype first (PyTorch's `dtype=`), accumulate in cdt."""
    return f(a.astype(dt.np).astype(cdt.np), axis=dims, keepdims=keepdim).astype(odt.np)


# ---- PyTorch's CPU summation order ----------------------------------------------------------
# PyTorch's CPU sum of float32/float64 (its cascade_sum kernel) adds in a fixed order: a
# contiguous row is read as AVX2 vectors (8 floats, 4 doubles) into 4 interleaved vector
# accumulators, each a cascade of running sums flushed upwards every 16 (or more) terms, and
# the lanes are then added one by one. XLA adds in another order, so a sum could be 1 ulp off
# PyTorch's (five softmax probabilities summing to 1.0 instead of 0.99999994). `_cascade_sum`
# adds in PyTorch's order where that order does not depend on threads: over trailing dims (each
# output computed by one thread), or over leading dims or every element of a tensor smaller
# than PyTorch's parallel grain (32768 elements; above it the threads split the reduced
# elements). Other reductions use XLA's order.
_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}
_GRAIN = 32768
_ROW_MAX = 1 << 22   # longer rows: XLA's order (the cascade's top level would grow long)


def _fold(terms, acc):
    """((acc + t0) + t1) + ... over the first axis of `terms` (a static length). One unstack
    and lax adds: indexing term by term traced several times slower (every sum in a program
    traces dozens of these)."""
    if terms.shape[0] == 0:
        return acc
    for t in jnp.unstack(terms):
        acc = lax.add(acc, t)
    return acc


def _fold_blocks(blocks):
    """The running sum from 0 of each block along axis 1: (n, k, ...) -> (n, ...)."""
    return _fold(jnp.moveaxis(blocks, 1, 0), jnp.zeros(blocks.shape[:1] + blocks.shape[2:],
                                                       blocks.dtype))


def _ceil_log2(x):
    return 1 if x <= 2 else (x - 1).bit_length()


def _multi_row_sum(rows):
    """The cascade down axis 0 of `rows` (every lane on its own): level 0 sums `step` terms,
    each completed level-0 sum is added to level 1, which flushes into level 2 every `step`
    blocks, level 2 into level 3 every `step`**2 blocks; the levels are added last."""
    size, lanes = rows.shape[0], rows.shape[1:]
    step = 1 << _bmax(4, _ceil_log2(size) // 4)
    zero = jnp.zeros(lanes, rows.dtype)
    blocks = size // step
    s0 = _fold_blocks(rows[:blocks * step].reshape((blocks, step) + lanes))
    n1 = blocks // step
    s1 = _fold_blocks(s0[:n1 * step].reshape((n1, step) + lanes))
    n2 = n1 // step
    s2 = _fold_blocks(s1[:n2 * step].reshape((n2, step) + lanes))
    acc0 = _fold(rows[blocks * step:], zero)
    acc1 = _fold(s0[n1 * step:], zero)
    acc2 = _fold(s1[n2 * step:], zero)
    acc3 = _fold(s2, zero)
    return ((acc0 + acc1) + acc2) + acc3


def _row_sum(x):
    """row_sum down axis 0: 4 interleaved cascades, the leftover terms added to the first,
    then the four added in order."""
    k = x.shape[0] // 4
    parts = _multi_row_sum(x[:k * 4].reshape((k, 4) + x.shape[1:]))
    first = _fold(x[k * 4:], parts[0])
    return ((first + parts[1]) + parts[2]) + parts[3]


def _inner_sum(x):
    """The sum over the last axis of `x` in PyTorch's order (vectorized when the row holds at
    least one vector, else the scalar row_sum)."""
    n, lanes = x.shape[-1], _LANES[x.dtype]
    rows = jnp.moveaxis(x, -1, 0)
    if n < lanes:
        return _row_sum(rows)
    m = n // lanes
    vectors = _row_sum(rows[:m * lanes].reshape((m, lanes) + rows.shape[1:]))
    tail = _fold(rows[m * lanes:], jnp.zeros(rows.shape[1:], x.dtype))
    return _fold(vectors, tail)


def _outer_sum(x):
    """The column sums of a 2-D `x` (rows reduced) in PyTorch's order: groups of 4 vectors of
    columns each run one cascade down the rows; the columns left over (whole vectors, then
    single columns) use row_sum's 4 interleaved cascades."""
    n, m = x.shape
    lanes = _LANES[x.dtype]
    group = 4 * lanes if m >= lanes else 4
    plain = (m // group) * group
    parts = [_multi_row_sum(x[:, :plain])] if plain else []
    if plain < m and m >= lanes:
        vec_end = plain + ((m - plain) // lanes) * lanes
        if vec_end > plain:
            parts.append(_row_sum(x[:, plain:vec_end]))
        plain = vec_end
    if plain < m:
        parts.append(_row_sum(x[:, plain:]))
    return parts[0] if len(parts) == 1 else jnp.concatenate(parts)


def _cascade_sum_jvp(axis, keepdims, primals, tangents):
    """The sum's derivative is the same ordered sum of the tangent (so forward-mode tangents
    stay PyTorch's bits). Stating it directly, rather than differentiating the cascade's
    slices and adds one by one, keeps traced backwards through sums quicker to build."""
    (x,), (t,) = primals, tangents
    return _ordered_sum_jit(x, axis, keepdims), _ordered_sum_jit(t, axis, keepdims)


def _cascade_sum(x, axis, keepdims):
    """jnp.sum, in PyTorch's CPU order where that order is fixed (see above)."""
    if x.dtype not in _LANES:   # (integer sums have no derivative to state)
        return jnp.sum(x, axis=tuple(axis), keepdims=keepdims)
    return _cascade_sum_diff(x, tuple(axis), keepdims)


def _ordered_sum(x, axis, keepdims):
    nd = x.ndim
    axis = tuple(sorted(a % nd for a in axis)) if nd else ()
    if x.dtype not in _LANES or x.size == 0 or not axis:
        return jnp.sum(x, axis=axis, keepdims=keepdims)
    # PyTorch drops size-1 dims and merges the reduced trailing ones into one row
    big = [d for d in range(nd) if x.shape[d] != 1]
    reduced = [d for d in big if d in axis]
    kept = [d for d in big if d not in axis]
    row = math.prod(x.shape[d] for d in reduced)
    out_shape = tuple(1 if d in axis else x.shape[d] for d in range(nd)) if keepdims else \
        tuple(x.shape[d] for d in range(nd) if d not in axis)
    if not reduced:
        return jnp.sum(x, axis=axis, keepdims=keepdims)
    if not kept or kept[-1] < reduced[0]:   # trailing dims, or every element
        if row > _ROW_MAX or not kept and x.size >= _GRAIN:
            return jnp.sum(x, axis=axis, keepdims=keepdims)   # (threads split the elements)
        return _inner_sum(x.reshape((-1, row)) if kept else x.reshape(-1)).reshape(out_shape)
    if reduced[-1] < kept[0] and x.size < _GRAIN:   # leading dims, on one thread
        return _outer_sum(x.reshape(row, -1)).reshape(out_shape)
    return jnp.sum(x, axis=axis, keepdims=keepdims)


# Traced once per input shape and reduction (a program sums the same shapes many times, and the
# cascade is hundreds of small ops to trace); XLA inlines the call, so the sum is unchanged.
_ordered_sum_jit = jax.jit(_ordered_sum, static_argnums=(1, 2))
_cascade_sum_diff = jax.custom_jvp(_ordered_sum_jit, nondiff_argnums=(1, 2))
_cascade_sum_diff.defjvp(_cascade_sum_jvp)


def _mean(x, axis, keepdims):
    n = math.prod(x.shape[d] for d in axis)
    return exact_div(_cascade_sum(x, axis, keepdims), constant_divisor(n, x.dtype))


def _nanmean(x, axis, keepdims):
    ok = ~jnp.isnan(x)
    s = jnp.sum(jnp.where(ok, x, jnp.zeros((), x.dtype)), axis=axis, keepdims=keepdims)
    return s / jnp.sum(ok, axis=axis, keepdims=keepdims).astype(x.dtype)


def _nansum(x, axis, keepdims):
    if jnp.issubdtype(x.dtype, jnp.floating):
        x = jnp.where(jnp.isnan(x), jnp.zeros((), x.dtype), x)
    return jnp.sum(x, axis=axis, keepdims=keepdims)


def _ne0(x):
    return x if x.dtype == jnp.bool_ else x != 0


def _all(x, axis, keepdims):
    return jnp.all(_ne0(x), axis=axis, keepdims=keepdims)


def _any(x, axis, keepdims):
    return jnp.any(_ne0(x), axis=axis, keepdims=keepdims)


def _count_nonzero(x, axis, keepdims):
    return jnp.sum(_ne0(x), axis=axis, keepdims=keepdims, dtype=jnp.int64)


def _reduce(name, f, x, dims, keepdim, cdt, odt, gname=None):
    return record(_reduce_kernel, (x,), (("f", f), ("dims", dims), ("keepdim", bool(keepdim)),
                                         ("cdt", cdt), ("odt", odt)), name=name, gname=gname)


def _overload_gname(name, dim):
    """PyTorch's grad_fn for sum/mean/prod: overload 1 (`SumBackward1`) when a dim is given."""
    return None if dim is None else name.capitalize() + "Backward1"


_DIM_SIG = ("Tensor input, tuple of ints dim, bool keepdim = False, *, torch.dtype dtype = None, "
            "Tensor out = None")
_DIM_NONE_SIG = ("Tensor input, tuple of ints dim = None, bool keepdim = False, *, torch.dtype "
                 "dtype = None, Tensor out = None")
_INT_DIM_SIG = ("Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor "
                "out = None")
_VAR_SIGS = ("Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False, *, "
             "Tensor out = None",
             "Tensor input, tuple of ints dim = None, *, Number correction = None, bool keepdim = "
             "False, Tensor out = None",
             "Tensor input, bool unbiased = True")
_VAR_MEAN_SIGS = ("Tensor input, tuple of ints dim, bool unbiased = True, bool keepdim = False",
                  "Tensor input, tuple of ints dim = None, *, Number correction = None, bool "
                  "keepdim = False",
                  "Tensor input, bool unbiased = True")
_MAX_SIGS = ("Tensor input, *, Tensor out = None",
             "Tensor input, Tensor other, *, Tensor out = None",
             "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None")
_ALL_SIGS = ("Tensor input, *, Tensor out = None",
             "Tensor input, int[] dim = None, bool keepdim = False, *, Tensor out = None",
             "Tensor input, int dim, bool keepdim = False, *, Tensor out = None")
_MEDIAN_SIGS = ("Tensor input",
                "Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None")
_QUANTILE_SIGS = tuple(f"Tensor input, {q} q, int dim = None, bool keepdim = False, *, str "
                       f"interpolation = \"linear\", Tensor out = None"
                       for q in ("Tensor", "float"))


# ---- sum / mean / prod ----------------------------------------------------------------------
def _sum_like(name, f, input, dim, keepdim, dtype, tuple_ok=True):
    _check_tensor(name, input)
    dims = _dims(name, dim, input.dim(), tuple_ok)
    dt = _dtype_kw(name, dtype)
    src = input.dtype if dt is None else dt
    odt = _int_to_long(src) if dt is None else dt
    if odt is bool_:  # a sum or product of bools in bool: any / all
        f = _any if f in (_cascade_sum, _nansum) else _all
        return _reduce(name, f, input, dims, keepdim, src, bool_)
    static = (("f", f), ("dims", dims), ("keepdim", bool(keepdim)), ("dt", src),
              ("cdt", _acc(odt)), ("odt", odt))
    gname = _overload_gname(name, dim) if name in ("sum", "prod") else None
    return record(_cast_reduce_kernel, (input,), static, name=name, gname=gname)


@op("sum")
@parsed("Tensor input, *, torch.dtype dtype = None",
        _DIM_SIG)
def sum(input, dim=None, keepdim=False, *, dtype=None, axis=_NO, keepdims=_NO):
    """torch.sum: bool/integer inputs give int64; half types accumulate in float32."""
    if isinstance(dim, _dtype.dtype):  # sum(x, torch.float64) is not valid PyTorch either
        raise TypeError("sum() received an invalid combination of arguments - got (dtype)")
    dim, keepdim = _np_names("sum", dim, keepdim, axis, keepdims)
    return _sum_like("sum", _cascade_sum, input, dim, keepdim, dtype)


@op("nansum")
@parsed(_DIM_NONE_SIG)
def nansum(input, dim=None, keepdim=False, *, dtype=None, axis=_NO, keepdims=_NO):
    """torch.nansum: sum treating NaN as zero."""
    dim, keepdim = _np_names("nansum", dim, keepdim, axis, keepdims)
    return _sum_like("nansum", _nansum, input, dim, keepdim, dtype)


def _rejects(bad):
    """Raise a TypeError (for `parsed` to turn into PyTorch's parser error) on calls that
    PyTorch's signatures refuse but Python's binding of the op's parameters would take."""
    def deco(f):
        @functools.wraps(f)
        def checked(*args, **kwargs):
            if bad(args, kwargs):
                raise TypeError(f"{f.__name__}(): invalid arguments")
            return f(*args, **kwargs)
        return checked
    return deco


def _prod_without_dim(args, kwargs):
    """prod's dim is an int, required once keepdim is given (no dim=None)."""
    dims = args[1:2] + tuple(kwargs[k] for k in ("dim", "axis") if k in kwargs)
    if not dims:
        return "keepdim" in kwargs or "keepdims" in kwargs
    return builtins.any(d is None for d in dims)


def _stable_after_positional(args, kwargs):
    """sort/argsort(stable=) is keyword-only with dim and descending keywords too."""
    return "stable" in kwargs and len(args) > 1


@op("prod")
@parsed("Tensor input, *, torch.dtype dtype = None",
        _INT_DIM_SIG)
@_rejects(_prod_without_dim)
def prod(input, dim=None, keepdim=False, *, dtype=None, axis=_NO, keepdims=_NO):
    """torch.prod: one int dim (PyTorch takes no tuple here); bool/integer inputs give int64."""
    dim, keepdim = _np_names("prod", dim, keepdim, axis, keepdims)
    return _sum_like("prod", jnp.prod, input, dim, keepdim, dtype, tuple_ok=False)


def _mean_like(name, f, input, dim, keepdim, dtype):
    _check_tensor(name, input)
    dt = _dtype_kw(name, dtype)
    if name == "nanmean" and not input.dtype.is_floating_point:
        raise RuntimeError(f"nanmean(): expected input to have floating point or complex dtype "
                           f"but got {_c10(input.dtype)}")
    if dt is None:
        if not input.dtype.is_floating_point:
            raise RuntimeError(f"{name}(): could not infer output dtype. Input dtype must be "
                               f"either a floating point or complex dtype. Got: "
                               f"{_c10(input.dtype)}")
        dt = input.dtype
    elif not dt.is_floating_point:
        raise RuntimeError(f"{name}(): could not infer output dtype. Optional dtype must be "
                           f"either a floating point or complex dtype. Got: {_c10(dt)}")
    dims = _dims(name, dim, input.dim())
    static = (("f", f), ("dims", dims), ("keepdim", bool(keepdim)), ("dt", dt),
              ("cdt", _acc(dt)), ("odt", dt))
    gname = _overload_gname(name, dim) if name == "mean" else None
    return record(_cast_reduce_kernel, (input,), static, name=name, gname=gname)


@op("mean")
@parsed("Tensor input, *, torch.dtype dtype = None, Tensor out = None",
        _DIM_SIG)
def mean(input, dim=None, keepdim=False, *, dtype=None, axis=_NO, keepdims=_NO):
    """torch.mean: floating inputs only (or a floating `dtype=`), as PyTorch."""
    dim, keepdim = _np_names("mean", dim, keepdim, axis, keepdims)
    return _mean_like("mean", _mean, input, dim, keepdim, dtype)


@op("nanmean")
@parsed(_DIM_NONE_SIG)
def nanmean(input, dim=None, keepdim=False, *, dtype=None, axis=_NO, keepdims=_NO):
    """torch.nanmean: mean over the non-NaN elements (NaN where there are none)."""
    dim, keepdim = _np_names("nanmean", dim, keepdim, axis, keepdims)
    return _mean_like("nanmean", _nanmean, input, dim, keepdim, dtype)


# ---- std / var ------------------------------------------------------------------------------
def _var_kernel(a, correction, *, dims, keepdim, cdt, odt, root, with_mean):
    x = a.astype(cdt.np)
    n = math.prod(x.shape[d] for d in dims)
    m = exact_div(jnp.sum(x, axis=dims, keepdims=True), constant_divisor(n, x.dtype))
    d = x - m
    s = jnp.sum(d * d, axis=dims, keepdims=keepdim)
    v = s / jnp.maximum(jnp.asarray(n, x.dtype) - jnp.asarray(correction, x.dtype),
                        jnp.zeros((), x.dtype))
    if root:
        v = jnp.sqrt(v)
    if with_mean:
        mm = m if keepdim else jnp.squeeze(m, axis=dims)
        return v.astype(odt.np), mm.astype(odt.np)
    return v.astype(odt.np)


def _var_args(name, input, dim, unbiased, keepdim, correction, axis, keepdims):
    _check_tensor(name, input)
    if isinstance(dim, (bool, np.bool_)):  # std(input, unbiased) overload
        if unbiased is not None:
            raise TypeError(f"{name}() received an invalid combination of arguments")
        dim, unbiased = None, bool(dim)
    dim, keepdim = _np_names(name, dim, keepdim, axis, keepdims)
    if unbiased is not None:
        check_bool(unbiased)
    if unbiased is not None and correction is not None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(unbiased=bool, correction=...), but expected one of: (dim, unbiased, "
                        f"keepdim) or (dim, *, correction, keepdim)")
    if not input.dtype.is_floating_point:
        what = "std and var" if name in ("std", "var") else name
        raise RuntimeError(f"{what} only support floating point and complex dtypes")
    if correction is None:
        correction = 0 if unbiased is False else 1
    elif not isinstance(correction, (int, float, np.number, np.bool_)):
        raise TypeError(f"{name}(): argument 'correction' must be Number, not "
                        f"{type(correction).__name__}")
    if dim is not None and not isinstance(dim, (tuple, list)):
        _dim_int(name, dim, True)
    dims = _dims(name, dim, input.dim())
    n = math.prod(input._nd.shape[d] for d in dims)
    if n - correction <= 0:
        warnings.warn(f"{name}(): degrees of freedom is <= 0. Correction should be strictly "
                      f"less than the reduction factor (input numel divided by output numel).",
                      UserWarning, stacklevel=user_stacklevel())
    dt = input.dtype
    # PyTorch's CPU std/var accumulate float32 in double (Welford over acc_type<float, false>);
    # its CUDA kernels in float, as here on a GPU
    cdt = float64 if dt is float32 and input._nd.device.platform == "cpu" else _acc(dt)
    static = (("dims", dims), ("keepdim", bool(keepdim)), ("cdt", cdt), ("odt", dt))
    return static, float(correction)


@op("var")
@parsed(*_VAR_SIGS)
def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=_NO,
        keepdims=_NO):
    """torch.var: `unbiased=` or `correction=` (default 1, Bessel's correction)."""
    static, c = _var_args("var", input, dim, unbiased, keepdim, correction, axis, keepdims)
    return record(_var_kernel, (input, c), static + (("root", False), ("with_mean", False)),
                  name="var")


@op("std")
@parsed(*_VAR_SIGS)
def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=_NO,
        keepdims=_NO):
    """torch.std: square root of var, same arguments."""
    static, c = _var_args("std", input, dim, unbiased, keepdim, correction, axis, keepdims)
    return record(_var_kernel, (input, c), static + (("root", True), ("with_mean", False)),
                  name="std")


@op("var_mean", method=False)
@parsed(*_VAR_MEAN_SIGS)
def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=_NO,
             keepdims=_NO):
    """torch.var_mean: a plain tuple (var, mean)."""
    static, c = _var_args("var_mean", input, dim, unbiased, keepdim, correction, axis, keepdims)
    return tuple(record_multi(_var_kernel, (input, c),
                              static + (("root", False), ("with_mean", True)), name="var_mean"))


@op("std_mean", method=False)
@parsed(*_VAR_MEAN_SIGS)
def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=_NO,
             keepdims=_NO):
    """torch.std_mean: a plain tuple (std, mean)."""
    static, c = _var_args("std_mean", input, dim, unbiased, keepdim, correction, axis, keepdims)
    return tuple(record_multi(_var_kernel, (input, c),
                              static + (("root", True), ("with_mean", True)), name="std_mean"))


# ---- max / min / argmax / aminmax -----------------------------------------------------------
def _empty_dim_check(name, input, dims, shown=None, paren=True):
    """PyTorch's errors for max-like reductions over nothing."""
    shape = input._nd.shape
    label = f"{name}()" if paren else name
    for i, d in enumerate(dims):
        if shape and shape[d] == 0:
            raise IndexError(f"{label}: Expected reduction dim {d if shown is None else shown[i]}"
                             f" to have non-zero size.")


def _full_empty_error(name, input):
    if input.numel() == 0:
        raise RuntimeError(f"{name}(): Expected reduction dim to be specified for input.numel() "
                           f"== 0. Specify the reduction dim with the 'dim' argument.")


def _max_dim_kernel(a, *, dim, keepdim, largest):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    idx = (jnp.argmax if largest else jnp.argmin)(a, axis=dim, keepdims=True)
    v = jnp.take_along_axis(a, idx, axis=dim)
    if not keepdim:
        v, idx = jnp.squeeze(v, dim), jnp.squeeze(idx, dim)
    return v, idx.astype(jnp.int64)


def _minmax(name, largest, input, dim, keepdim, other, axis, keepdims):
    _check_tensor(name, input)
    if other is not _NO:
        if dim is not _NO:
            raise TypeError(f"{name}() received an invalid combination of arguments")
        dim = other
    if is_tensor(dim):
        if keepdim is not _NO or axis is not _NO or keepdims is not _NO:
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"(Tensor, keepdim=...), but expected (Tensor other)")
        return (maximum if largest else minimum)(input, dim)
    dim, keepdim = _np_names(name, dim, keepdim, axis, keepdims, _NO)
    if dim is _NO:
        if keepdim is not _NO:
            raise TypeError(f"{name}() received an invalid combination of arguments - got "
                            f"(keepdim=bool, ), but expected one of: (), (Tensor other), "
                            f"(int dim, bool keepdim = False)")
        _full_empty_error(name, input)
        return _reduce(name, jnp.max if largest else jnp.min, input, tuple(range(input.dim())),
                       False, input.dtype, input.dtype, gname=name.capitalize() + "Backward1")
    if dim is None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"(dim=NoneType, ), but expected one of: (), (Tensor other), "
                        f"(int dim, bool keepdim = False)")
    if keepdim is _NO:
        keepdim = False
    d = _one_dim(name, dim, input.dim())
    _empty_dim_check(name, input, (d,))
    outs = record_multi(_max_dim_kernel, (input,),
                        (("dim", d), ("keepdim", _bool(name, "keepdim", keepdim)),
                         ("largest", largest)), name=name)
    return (return_types.max if largest else return_types.min)(outs)


@op("max")
@parsed(*_MAX_SIGS)
def max(input, dim=_NO, keepdim=_NO, *, other=_NO, axis=_NO, keepdims=_NO):
    """torch.max: the maximum (0-d); with dim the named tuple (values, indices), first
    occurrence; with a tensor the elementwise maximum. NaN propagates."""
    return _minmax("max", True, input, dim, keepdim, other, axis, keepdims)


@op("min")
@parsed(*_MAX_SIGS)
def min(input, dim=_NO, keepdim=_NO, *, other=_NO, axis=_NO, keepdims=_NO):
    """torch.min: as torch.max, for the minimum."""
    return _minmax("min", False, input, dim, keepdim, other, axis, keepdims)


def _amax_like(name, f, input, dim, keepdim):
    _check_tensor(name, input)
    raw = dim
    dims = _dims(name, dim, input.dim())
    if dim is None or (isinstance(dim, (tuple, list)) and len(dim) == 0):
        _full_empty_error(name, input)
        shown = None
    elif isinstance(dim, (tuple, list)):
        shown = None
    else:
        shown = (raw,)
    _empty_dim_check(name, input, dims, shown)
    return _reduce(name, f, input, dims, keepdim, input.dtype, input.dtype,
                   gname=name.capitalize() + "Backward0")


@op("amax")
@parsed("Tensor input, tuple of ints dim = [], bool keepdim = False, *, Tensor out = None")
def amax(input, dim=(), keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.amax: maximum over dims (default all); NaN propagates; ties share the gradient."""
    dim, keepdim = _np_names("amax", dim, keepdim, axis, keepdims, ())
    return _amax_like("amax", jnp.max, input, dim, keepdim)


@op("amin")
@parsed("Tensor input, tuple of ints dim = [], bool keepdim = False, *, Tensor out = None")
def amin(input, dim=(), keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.amin: minimum over dims (default all)."""
    dim, keepdim = _np_names("amin", dim, keepdim, axis, keepdims, ())
    return _amax_like("amin", jnp.min, input, dim, keepdim)


def _aminmax_kernel(a, *, dims, keepdim):
    return (jnp.min(a, axis=dims, keepdims=keepdim), jnp.max(a, axis=dims, keepdims=keepdim))


@op("aminmax")
@parsed("Tensor input, *, int dim = None, bool keepdim = False, tuple of Tensors out = None")
def aminmax(input, *, dim=None, keepdim=False, axis=_NO, keepdims=_NO):
    """torch.aminmax: named tuple (min, max)."""
    _check_tensor("aminmax", input)
    dim, keepdim = _np_names("aminmax", dim, keepdim, axis, keepdims)
    if dim is None:
        if input.numel() == 0:
            raise RuntimeError("aminmax(): cannot compute aminmax over an empty dimension as the "
                               "operation has no identity.")
        dims = tuple(range(input.dim()))
    else:
        d = _one_dim("aminmax", dim, input.dim())
        dims = (d,) if input.dim() else ()
        _empty_dim_check("aminmax", input, dims, paren=False)
    outs = record_multi(_aminmax_kernel, (input,), (("dims", dims), ("keepdim", bool(keepdim))),
                        name="aminmax")
    return return_types.aminmax(outs)


def _arg_kernel(a, *, largest, dim, keepdim):
    f = jnp.argmax if largest else jnp.argmin
    if dim is None:
        r = f(a.reshape(-1))
        if keepdim:
            r = r.reshape((1,) * a.ndim)
    elif a.ndim == 0:
        r = jnp.zeros((), jnp.int64)
    else:
        r = f(a, axis=dim, keepdims=keepdim)
    return r.astype(jnp.int64)


def _argext(name, largest, input, dim, keepdim):
    _check_tensor(name, input)
    if input.dtype is bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if input.numel() == 0:
            raise IndexError(f"{name}(): Expected reduction dim to be specified for "
                             f"input.numel() == 0.")
        d = None
    else:
        d = _one_dim(name, dim, input.dim())
        _empty_dim_check(name, input, (d,))
    return record(_arg_kernel, (input,), (("largest", largest), ("dim", d),
                                          ("keepdim", bool(keepdim))), name=name)


@op("argmax")
@parsed("Tensor input, int dim = None, bool keepdim = False, *, Tensor out = None")
def argmax(input, dim=None, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.argmax: int64 index of the first maximum (NaN counts as the maximum); dim=None
    flattens."""
    dim, keepdim = _np_names("argmax", dim, keepdim, axis, keepdims)
    return _argext("argmax", True, input, dim, keepdim)


@op("argmin")
@parsed("Tensor input, int dim = None, bool keepdim = False, *, Tensor out = None")
def argmin(input, dim=None, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.argmin: int64 index of the first minimum."""
    dim, keepdim = _np_names("argmin", dim, keepdim, axis, keepdims)
    return _argext("argmin", False, input, dim, keepdim)


# ---- all / any / count_nonzero --------------------------------------------------------------
def _allany(name, f, input, dim, keepdim):
    _check_tensor(name, input)
    odt = uint8 if input.dtype is uint8 else bool_
    if isinstance(dim, (tuple, list)) and len(dim) == 0:
        dims = ()  # PyTorch: an empty dim list reduces nothing here
    else:
        dims = _dims(name, dim, input.dim())
    return _reduce(name, f, input, dims, keepdim, input.dtype, odt)


@op("all")
@parsed(*_ALL_SIGS)
def all(input, dim=None, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.all: bool result (uint8 input gives uint8, as PyTorch)."""
    dim, keepdim = _np_names("all", dim, keepdim, axis, keepdims)
    return _allany("all", _all, input, dim, keepdim)


@op("any")
@parsed(*_ALL_SIGS)
def any(input, dim=None, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.any: bool result (uint8 input gives uint8, as PyTorch)."""
    dim, keepdim = _np_names("any", dim, keepdim, axis, keepdims)
    return _allany("any", _any, input, dim, keepdim)


@op("count_nonzero")
@parsed("Tensor input, int dim = None",
        "Tensor input, int[] dim")
def count_nonzero(input, dim=None, *, axis=_NO):
    """torch.count_nonzero: int64 count over dims (no keepdim, as PyTorch)."""
    _check_tensor("count_nonzero", input)
    dim, _ = _np_names("count_nonzero", dim, False, axis, _NO)
    dims = _dims("count_nonzero", dim, input.dim())
    return _reduce("count_nonzero", _count_nonzero, input, dims, False, input.dtype, int64)


# ---- norm / logsumexp -----------------------------------------------------------------------
def _norm_keepdim_error(vector, keepdim, dtype):
    """torch.norm passes keepdim on positionally to linalg_vector_norm / linalg_matrix_norm:
    their parser's TypeError."""
    t = type_name(keepdim)
    if vector:
        raise TypeError(f"linalg_vector_norm(): argument 'keepdim' (position 4) must be bool, "
                        f"not {t}")
    raise TypeError(f"linalg_matrix_norm() received an invalid combination of arguments - got "
                    f"(Tensor, str, list, {t}, dtype={type_name(dtype)}), but expected one of:\n"
                    f" * (Tensor input, Number ord, tuple of ints dim = (-2, -1), bool keepdim = "
                    f"False, *, torch.dtype dtype = None, Tensor out = None)\n"
                    f" * (Tensor input, str ord = \"fro\", tuple of ints dim = (-2, -1), bool "
                    f"keepdim = False, *, torch.dtype dtype = None, Tensor out = None)\n")


@op("norm")
def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    """torch.norm, routed as PyTorch routes it: 'fro' over at most two dims and any number p
    are linalg.vector_norm, other strings ('nuc') linalg.matrix_norm (jtorch/_ops/linalg.py
    holds both definitions)."""
    _check_tensor("norm", input)
    from .linalg import linalg_vector_norm, linalg_matrix_norm
    if dim is not None and isinstance(dim, (int, np.integer)):
        dim = (dim,)
    vector = not isinstance(p, str) or p == "fro" and (dim is None or len(dim) <= 2)
    if keepdim is not True and keepdim is not False:
        _norm_keepdim_error(vector, keepdim, dtype)
    if isinstance(p, str):
        if vector:
            return linalg_vector_norm(input, 2, dim, keepdim, dtype=dtype)
        return linalg_matrix_norm(input, p, tuple(range(input.dim())) if dim is None else dim,
                                  keepdim, dtype=dtype)
    return linalg_vector_norm(input, 2.0 if p is None else p, dim, keepdim, dtype=dtype)


def _logsumexp_kernel(a, *, dims, keepdim, cdt, odt):
    x = a.astype(cdt.np)
    m = jnp.max(x, axis=dims, keepdims=True, initial=-jnp.inf)
    m = lax.stop_gradient(jnp.where(jnp.isinf(m), jnp.zeros((), x.dtype), m))
    r = jnp.log(jnp.sum(jnp.exp(x - m), axis=dims, keepdims=True)) + m
    if not keepdim:
        r = jnp.squeeze(r, axis=dims)
    return r.astype(odt.np)


@op("logsumexp")
@parsed("Tensor input, tuple of ints dim, bool keepdim = False, *, Tensor out = None")
def logsumexp(input, dim=_NO, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.logsumexp: log(sum(exp(x))) computed stably; integer inputs give the default
    float dtype."""
    _check_tensor("logsumexp", input)
    dim, keepdim = _np_names("logsumexp", dim, keepdim, axis, keepdims, _NO)
    if dim is _NO:
        raise TypeError('logsumexp() missing 1 required positional arguments: "dim"')
    if dim is None:
        raise TypeError("logsumexp(): argument 'dim' must be tuple of ints, not NoneType")
    dims = _dims("logsumexp", dim, input.dim())
    dt = input.dtype if input.dtype.is_floating_point else _dtype.get_default_dtype()
    return record(_logsumexp_kernel, (input,), (("dims", dims), ("keepdim", bool(keepdim)),
                                                 ("cdt", _acc(dt)), ("odt", dt)),
                  name="logsumexp")


# ---- scans ----------------------------------------------------------------------------------
def _cum_kernel(a, *, f, dim, dt, cdt):
    x = a.astype(dt.np).astype(cdt.np)
    if x.ndim == 0:
        return x.astype(dt.np)
    return f(x, axis=dim).astype(dt.np)


def _cum(name, f, input, dim, dtype, axis):
    _check_tensor(name, input)
    if axis is not _NO:
        if dim is not _NO:
            raise TypeError(f"{name}() got an unexpected keyword argument 'axis'")  # (PyTorch's)
        dim = axis
    if dim is _NO:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    d = _one_dim(name, dim, input.dim())
    dt = _dtype_kw(name, dtype)
    if dt is None:
        dt = _int_to_long(input.dtype)
    # PyTorch's CPU scans accumulate float32 in double (acc_type<float, false>), halfs in float;
    # its CUDA scans accumulate float32 in float, as here on a GPU
    cdt = float64 if dt is float32 and input._nd.device.platform == "cpu" else _acc(dt)
    return record(_cum_kernel, (input,), (("f", f), ("dim", d), ("dt", dt), ("cdt", cdt)),
                  name=name)


@op("cumsum", inplace=True)
@parsed("Tensor input, int dim, *, torch.dtype dtype = None, Tensor out = None")
def cumsum(input, dim=_NO, *, dtype=None, axis=_NO):
    """torch.cumsum: bool/integer inputs give int64 unless `dtype=`; half types accumulate in
    float32."""
    return _cum("cumsum", jnp.cumsum, input, dim, dtype, axis)


@op("cumprod", inplace=True)
@parsed("Tensor input, int dim, *, torch.dtype dtype = None, Tensor out = None")
def cumprod(input, dim=_NO, *, dtype=None, axis=_NO):
    """torch.cumprod: as cumsum, for products."""
    return _cum("cumprod", jnp.cumprod, input, dim, dtype, axis)


def _cumext_kernel(a, *, dim, largest):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    x = a.astype(jnp.uint8) if a.dtype == jnp.bool_ else a
    v = (lax.cummax if largest else lax.cummin)(x, axis=dim)
    rec = x == v
    if jnp.issubdtype(x.dtype, jnp.floating):
        rec = rec | jnp.isnan(x)
    iota = lax.broadcasted_iota(jnp.int64, x.shape, dim)
    # the last position so far where the running extreme was reached (PyTorch's tie rule)
    idx = lax.cummax(jnp.where(rec, iota, jnp.zeros((), jnp.int64)), axis=dim)
    return jnp.take_along_axis(a, idx, axis=dim), idx


def _cumext(name, largest, input, dim, axis):
    _check_tensor(name, input)
    if axis is not _NO:
        dim = axis
    if dim is _NO:
        raise TypeError(f'{name}() missing 1 required positional arguments: "dim"')
    d = _one_dim(name, dim, input.dim())
    outs = record_multi(_cumext_kernel, (input,), (("dim", d), ("largest", largest)), name=name)
    return (return_types.cummax if largest else return_types.cummin)(outs)


@op("cummax")
@parsed("Tensor input, int dim, *, tuple of Tensors out = None")
def cummax(input, dim=_NO, *, axis=_NO):
    """torch.cummax: named tuple (values, indices); ties take the later index, NaN sticks."""
    return _cumext("cummax", True, input, dim, axis)


@op("cummin")
@parsed("Tensor input, int dim, *, tuple of Tensors out = None")
def cummin(input, dim=_NO, *, axis=_NO):
    """torch.cummin: as cummax, for the minimum."""
    return _cumext("cummin", False, input, dim, axis)


# ---- sorting --------------------------------------------------------------------------------
def _sort_core(a, dim, descending):
    """Stable sort along dim: (values, int64 indices); NaN above every number, so last when
    ascending and first when descending; equal elements keep their order either way."""
    iota = lax.broadcasted_iota(jnp.int64, a.shape, dim)
    if descending:
        a, iota = lax.rev(a, (dim,)), lax.rev(iota, (dim,))
    v, i = lax.sort((a, iota), dimension=dim, is_stable=True, num_keys=1)
    if descending:
        v, i = lax.rev(v, (dim,)), lax.rev(i, (dim,))
    return v, i


def _sort_kernel(a, *, dim, descending):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    return _sort_core(a, dim, descending)


def _argsort_kernel(a, *, dim, descending):
    if a.ndim == 0:
        return jnp.zeros((), jnp.int64)
    return _sort_core(a, dim, descending)[1]


def _sort_flags(descending, stable):
    check_bool(descending)
    if stable is not None:
        check_bool(stable)


def _sort_dim(name, input, dim):
    _check_tensor(name, input)
    return _one_dim(name, dim, input.dim())


@op("sort")
@parsed("Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors "
        "out = None",
        "Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None")
@_rejects(_stable_after_positional)
def sort(input, dim=-1, descending=False, *, stable=False, axis=_NO):
    """torch.sort: named tuple (values, indices). Always stable (PyTorch's CPU sort is stable
    for short rows; longer rows may order ties differently there)."""
    if axis is not _NO:
        dim = axis
    _sort_flags(descending, stable)
    d = _sort_dim("sort", input, dim)
    outs = record_multi(_sort_kernel, (input,), (("dim", d), ("descending", bool(descending))),
                        name="sort")
    return return_types.sort(outs)


@op("argsort")
@parsed("Tensor input, *, bool stable, int dim = -1, bool descending = False, Tensor out = None",
        "Tensor input, int dim = -1, bool descending = False")
@_rejects(_stable_after_positional)
def argsort(input, dim=-1, descending=False, *, stable=False, axis=_NO):
    """torch.argsort: the indices of sort (stable)."""
    if axis is not _NO:
        dim = axis
    _sort_flags(descending, stable)
    d = _sort_dim("argsort", input, dim)
    return record(_argsort_kernel, (input,), (("dim", d), ("descending", bool(descending))),
                  name="argsort")


@op("msort")
def msort(input):
    """torch.msort: sort(input, dim=0).values."""
    return sort(input, 0).values


def _topk_kernel(a, *, k, dim, largest):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    v, i = _sort_core(a, dim, largest)
    return lax.slice_in_dim(v, 0, k, axis=dim), lax.slice_in_dim(i, 0, k, axis=dim)


@op("topk")
@parsed("Tensor input, int k, int dim = -1, bool largest = True, bool sorted = True, *, tuple of "
        "Tensors out = None")
def topk(input, k, dim=-1, largest=True, sorted=True, *, axis=_NO):
    """torch.topk: the k largest (or smallest) along dim, sorted, NaN counted as largest; ties
    keep the lower index first (PyTorch's CPU order among ties is unspecified)."""
    _check_tensor("topk", input)
    if axis is not _NO:
        dim = axis
    k = _int("topk", "k", k)
    check_bool(largest)
    check_bool(sorted)
    d = _one_dim("topk", dim, input.dim())
    size = input._nd.shape[d] if input.dim() else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if input.dtype is bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    outs = record_multi(_topk_kernel, (input,), (("k", k), ("dim", d), ("largest", bool(largest))),
                        name="topk")
    return return_types.topk(outs)


def _kth_kernel(a, k, *, dim, keepdim):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    _, i = _sort_core(a, dim, False)
    idx = lax.dynamic_slice_in_dim(i, k - 1, 1, axis=dim)
    v = jnp.take_along_axis(a, idx, axis=dim)
    if not keepdim:
        v, idx = jnp.squeeze(v, dim), jnp.squeeze(idx, dim)
    return v, idx


@op("kthvalue")
@parsed("Tensor input, int k, int dim = -1, bool keepdim = False, *, tuple of Tensors out = None")
def kthvalue(input, k, dim=-1, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.kthvalue: the k-th smallest (1-based) along dim and its index."""
    _check_tensor("kthvalue", input)
    dim, keepdim = _np_names("kthvalue", dim, keepdim, axis, keepdims, -1)
    k = _int("kthvalue", "k", k)
    d = _one_dim("kthvalue", dim, input.dim())
    if input.dtype is bool_:
        raise NotImplementedError("\"kthvalue_cpu\" not implemented for 'Bool'")
    _empty_dim_check("kthvalue", input, (d,))
    size = input._nd.shape[d] if input.dim() else 1
    if not 1 <= k <= size:
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")
    outs = record_multi(_kth_kernel, (input, k), (("dim", d), ("keepdim", bool(keepdim))),
                        name="kthvalue")
    return return_types.kthvalue(outs)


def _median_kernel(a, *, dim, keepdim, ignore_nan):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    _, i = _sort_core(a, dim, False)
    n = a.shape[dim]
    if jnp.issubdtype(a.dtype, jnp.floating):
        nan = jnp.isnan(a)
        if ignore_nan:
            cnt = jnp.sum(~nan, axis=dim, keepdims=True)
            k = jnp.maximum((cnt - 1) // 2, 0)
            idx = jnp.take_along_axis(i, k, axis=dim)
        else:
            idx = lax.slice_in_dim(i, (n - 1) // 2, (n - 1) // 2 + 1, axis=dim)
            first_nan = jnp.argmax(nan, axis=dim, keepdims=True).astype(jnp.int64)
            idx = jnp.where(jnp.any(nan, axis=dim, keepdims=True), first_nan, idx)
    else:
        idx = lax.slice_in_dim(i, (n - 1) // 2, (n - 1) // 2 + 1, axis=dim)
    v = jnp.take_along_axis(a, idx, axis=dim)
    if not keepdim:
        v, idx = jnp.squeeze(v, dim), jnp.squeeze(idx, dim)
    return v, idx


def _median_all_kernel(a, *, ignore_nan):
    flat = a.reshape(-1)
    med = lax.stop_gradient(_median_kernel(flat, dim=0, keepdim=False,
                                           ignore_nan=ignore_nan)[0])
    if not jnp.issubdtype(a.dtype, jnp.floating):
        return med
    # PyTorch spreads the gradient evenly over the elements equal to the median (NaN: the NaNs)
    tie = jnp.where(jnp.isnan(med), jnp.isnan(flat), flat == med)
    delta = jnp.where(tie, flat - lax.stop_gradient(flat), jnp.zeros((), a.dtype))
    count = jnp.maximum(jnp.sum(tie), 1).astype(a.dtype)
    return med + jnp.sum(delta) / count


def _nan_kernel(a):
    """median() of an empty tensor: NaN (integers: the lowest value, as PyTorch gives)."""
    if jnp.issubdtype(a.dtype, jnp.floating):
        return jnp.full((), jnp.nan, a.dtype)
    return jnp.full((), jnp.iinfo(a.dtype).min, a.dtype)


def _median(name, ignore_nan, input, dim, keepdim):
    _check_tensor(name, input)
    if input.dtype is bool_:
        kind = "median_cpu" if dim is _NO else "median_out"
        raise NotImplementedError(f"\"{kind}\" not implemented for 'Bool'")
    if dim is _NO:
        if input.numel() == 0:
            return record(_nan_kernel, (input,), name=name)
        return record(_median_all_kernel, (input,), (("ignore_nan", ignore_nan),), name=name)
    d = _one_dim(name, dim, input.dim())
    _empty_dim_check("median", input, (d,))
    outs = record_multi(_median_kernel, (input,), (("dim", d), ("keepdim", bool(keepdim)),
                                                   ("ignore_nan", ignore_nan)), name=name)
    return (return_types.nanmedian if ignore_nan else return_types.median)(outs)


@op("median")
@parsed(*_MEDIAN_SIGS)
def median(input, dim=_NO, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.median: the lower median (NaN if any NaN); with dim the named tuple (values,
    indices), the index being the median's position in a stable sort."""
    dim, keepdim = _np_names("median", dim, keepdim, axis, keepdims, _NO)
    return _median("median", False, input, dim, keepdim)


@op("nanmedian")
@parsed(*_MEDIAN_SIGS)
def nanmedian(input, dim=_NO, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.nanmedian: the lower median of the non-NaN elements."""
    dim, keepdim = _np_names("nanmedian", dim, keepdim, axis, keepdims, _NO)
    return _median("nanmedian", True, input, dim, keepdim)


def _mode_kernel(a, *, dim, keepdim):
    if a.ndim == 0:
        return a, jnp.zeros((), jnp.int64)
    v, i = _sort_core(a, dim, False)
    v, i = jnp.moveaxis(v, dim, -1), jnp.moveaxis(i, dim, -1)
    n = v.shape[-1]
    new = v[..., 1:] != v[..., :-1]
    ones = jnp.ones(v.shape[:-1] + (1,), bool)
    start = jnp.concatenate([ones, new], axis=-1)
    end = jnp.concatenate([new, ones], axis=-1)
    pos = lax.broadcasted_iota(jnp.int64, v.shape, v.ndim - 1)
    run_start = lax.cummax(jnp.where(start, pos, jnp.zeros((), jnp.int64)), axis=v.ndim - 1)
    freq = jnp.where(end, pos - run_start + 1, jnp.zeros((), jnp.int64))
    # the smallest most frequent value; its index is its last occurrence
    best = jnp.argmax(freq, axis=-1, keepdims=True)
    idx = jnp.take_along_axis(i, best, axis=-1)
    idx = jnp.moveaxis(idx, -1, dim)
    vals = jnp.take_along_axis(a, idx, axis=dim)
    if not keepdim:
        vals, idx = jnp.squeeze(vals, dim), jnp.squeeze(idx, dim)
    del n
    return vals, idx


@op("mode")
@parsed("Tensor input, int dim = -1, bool keepdim = False, *, tuple of Tensors out = None")
def mode(input, dim=-1, keepdim=False, *, axis=_NO, keepdims=_NO):
    """torch.mode: the smallest most frequent value along dim and the index of its last
    occurrence."""
    _check_tensor("mode", input)
    dim, keepdim = _np_names("mode", dim, keepdim, axis, keepdims, -1)
    d = _one_dim("mode", dim, input.dim())
    _empty_dim_check("mode", input, (d,))
    outs = record_multi(_mode_kernel, (input,), (("dim", d), ("keepdim", bool(keepdim))),
                        name="mode")
    return return_types.mode(outs)


# ---- quantile -------------------------------------------------------------------------------
_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _lerp(a, b, w):
    return jnp.where(jnp.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


def _quantile_kernel(x, q, *, dim, keepdim, interp, ignore_nan, scalar_q):
    ndim = x.ndim
    if dim is None:
        s = x.reshape(-1)
    else:
        s = jnp.moveaxis(x, dim, -1) if ndim else x.reshape(1)
    s = jnp.sort(s, axis=-1)[..., None, :]      # (..., 1, n); NaN last
    q = jnp.asarray(q, x.dtype).reshape(-1)     # (Q,)
    n = s.shape[-1]
    nan = jnp.isnan(s)
    if ignore_nan:
        cnt = jnp.sum(~nan, axis=-1).astype(x.dtype)
        rank = q * (cnt - 1)
        rank = jnp.where(rank < 0, jnp.zeros((), x.dtype), rank)
    else:
        rank = q * jnp.asarray(n - 1, x.dtype)
        rank = jnp.where(jnp.any(nan, axis=-1), jnp.asarray(n - 1, x.dtype), rank)
    if interp == "lower":
        rank = jnp.floor(rank)
    elif interp == "higher":
        rank = jnp.ceil(rank)
    elif interp == "nearest":
        rank = jnp.round(rank)
    below = rank.astype(jnp.int64)
    r = jnp.take_along_axis(s, below[..., None], axis=-1)[..., 0]
    if interp in ("linear", "midpoint"):
        w = jnp.full_like(rank, 0.5) if interp == "midpoint" else rank - below.astype(x.dtype)
        above = jnp.ceil(rank).astype(jnp.int64)
        hi = jnp.take_along_axis(s, above[..., None], axis=-1)[..., 0]
        r = _lerp(r, hi, w)
    # r: (..., Q) -> (Q, ...) with the reduced dims
    r = jnp.moveaxis(r, -1, 0)
    if keepdim:
        if dim is None:
            r = r.reshape(r.shape[:1] + (1,) * ndim)
        elif ndim:
            r = jnp.expand_dims(r, dim + 1)
    if scalar_q:
        r = r[0]
    return r


def _q_range_kernel(q):
    ok = jnp.all((q >= 0) & (q <= 1))
    return ok, ok


def _quantile(fname, input, q, dim, keepdim, interpolation):
    _check_tensor(fname, input)
    name = "quantile"  # PyTorch's messages say quantile() for nanquantile too
    if input.numel() == 0:
        raise RuntimeError(f"{name}() input tensor must be non-empty")
    if isinstance(dim, (tuple, list)):
        raise TypeError(f"{fname}() received an invalid combination of arguments - got "
                        f"(dim=tuple), but expected (q, int dim = None, bool keepdim = False, *, "
                        f"str interpolation = \"linear\")")
    if is_tensor(q):
        if q.dim() > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
    if input.dtype not in (float32, float64):
        raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
    if is_tensor(q):
        if q.dtype is not input.dtype:
            raise RuntimeError(f"{name}() q tensor must be same dtype as the input tensor")
    else:
        if not isinstance(q, (int, float, np.number, np.bool_)):   # (bools are floats)
            raise TypeError(f"{fname}(): argument 'q' must be Tensor or float, not "
                            f"{type(q).__name__}")
        q = float(q)
        if not 0 <= q <= 1:
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(f"{name}() interpolation must be one of linear, lower, higher, "
                           f"midpoint or nearest, but got {interpolation}")
    d = None if dim is None else _one_dim(fname, dim, input.dim())
    scalar_q = not is_tensor(q) or q.dim() == 0
    if is_tensor(q):
        if q._nd.value is not None:
            if not bool(np.all((np.asarray(q._nd.value) >= 0) & (np.asarray(q._nd.value) <= 1))):
                raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
        else:
            add_check(_q_range_kernel, (q,),
                      lambda _: (RuntimeError, f"{name}() q values must be in the range [0, 1]"))
    return record(_quantile_kernel, (input, q),
                  (("dim", d), ("keepdim", bool(keepdim)), ("interp", interpolation),
                   ("ignore_nan", fname == "nanquantile"), ("scalar_q", scalar_q)), name=fname)


@op("quantile")
@parsed(*_QUANTILE_SIGS)
def quantile(input, q, dim=None, keepdim=False, *, interpolation="linear", axis=_NO,
             keepdims=_NO):
    """torch.quantile: q in [0, 1] (a float or a 0-d/1-D tensor of input's dtype; a 1-D q adds
    a leading dim); NaN if a reduced row has NaN."""
    dim, keepdim = _np_names("quantile", dim, keepdim, axis, keepdims)
    return _quantile("quantile", input, q, dim, keepdim, interpolation)


@op("nanquantile")
@parsed(*_QUANTILE_SIGS)
def nanquantile(input, q, dim=None, keepdim=False, *, interpolation="linear", axis=_NO,
                keepdims=_NO):
    """torch.nanquantile: quantile ignoring NaN (NaN where a row is all NaN)."""
    dim, keepdim = _np_names("nanquantile", dim, keepdim, axis, keepdims)
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation)


# ---- unique (data-dependent shapes: sync points) --------------------------------------------
def _leaf(array, like):
    return dispatch.Tensor._from_array(jax.device_put(array, like._nd.device), like._nd.device)


def _host(t):
    """t's value as a NumPy array (bfloat16 widened to float32, exactly)."""
    a = t._host()
    return a.astype(np.float32) if t.dtype is bfloat16 else a


def _out(arr, dt, like):
    return _leaf(jnp.asarray(np.asarray(arr).astype(dt.np)), like)


def _flags(fname, **flags):
    """PyTorch's TypeError for a non-bool flag (torch.unique passes them by keyword to the
    native op named `fname`)."""
    for k, v in flags.items():
        if v is not True and v is not False:
            raise TypeError(f"{fname}(): argument '{k}' must be bool, not {type(v).__name__}")


@op("unique")
def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):
    """torch.unique: sorted unique values (NaNs are all distinct), optional inverse indices and
    counts; with dim, unique slices. A sync point (the result's size depends on the data)."""
    _check_tensor("unique", input)
    _flags("_unique2" if dim is None else "unique_dim", sorted=sorted,
           return_inverse=return_inverse, return_counts=return_counts)
    a = _host(input)
    if dim is None:
        vals, inv, cnt = np.unique(a.reshape(-1), return_inverse=True, return_counts=True,
                                   equal_nan=False)
        inv = inv.reshape(input._nd.shape)
    else:
        if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
            raise TypeError(f"unique_dim(): argument 'dim' (position 2) must be int, not "
                            f"{type(dim).__name__}")
        d = wrap_dim(int(dim), input.dim())
        shape = input._nd.shape
        if shape and shape[d] == 0:
            vals = a
            inv = np.zeros((0,), np.int64)
            cnt = np.zeros((0,), np.int64)
        else:
            if _bany(s == 0 for i, s in enumerate(shape) if i != d):
                raise RuntimeError("There are 0 sized dimensions, and they aren't selected, so "
                                   "unique cannot be applied")
            if not shape:
                vals, inv, cnt = a.reshape(()), np.zeros((), np.int64), np.ones((1,), np.int64)
            else:
                vals, inv, cnt = np.unique(a, return_inverse=True, return_counts=True, axis=d,
                                           equal_nan=False)
                inv = inv.reshape(-1)
    out = _out(vals, input.dtype, input)
    res = [out]
    if return_inverse:
        res.append(_out(inv, int64, input))
    if return_counts:
        res.append(_out(cnt, int64, input))
    return out if len(res) == 1 else tuple(res)


@op("unique_consecutive")
def unique_consecutive(input, return_inverse=False, return_counts=False, dim=None):
    """torch.unique_consecutive: collapse runs of equal consecutive elements (or slices along
    dim). A sync point."""
    _check_tensor("unique_consecutive", input)
    _flags("unique_consecutive", return_inverse=return_inverse, return_counts=return_counts)
    a = _host(input)
    if dim is None:
        flat = a.reshape(-1)
        n = flat.shape[0]
        keep = np.ones(n, bool)
        if n > 1:
            keep[1:] = flat[1:] != flat[:-1]
        vals = flat[keep]
        inv = (np.cumsum(keep) - 1).reshape(input._nd.shape)
    else:
        d = wrap_dim(_dim_int("unique_consecutive", dim), input.dim())
        m = np.moveaxis(a, d, 0) if a.ndim else a.reshape(1)
        n = m.shape[0]
        rows = m.reshape(n, -1)
        keep = np.ones(n, bool)
        if n > 1:
            keep[1:] = np.any(rows[1:] != rows[:-1], axis=1)
        vals = np.moveaxis(m[keep], 0, d) if a.ndim else a
        inv = np.cumsum(keep) - 1
    starts = np.nonzero(keep)[0]
    cnt = np.diff(np.append(starts, n))
    out = _out(vals, input.dtype, input)
    res = [out]
    if return_inverse:
        res.append(_out(inv, int64, input))
    if return_counts:
        res.append(_out(cnt, int64, input))
    return out if len(res) == 1 else tuple(res)
