"""Assorted torch math ops (diff, bincount, histc, isin, gcd/lcm, cov, trapezoid, ...).

diff, dist, bincount, histc, isin, heaviside, gcd, lcm, ldexp, frexp, nextafter, logcumsumexp,
renorm, cov, corrcoef, trapezoid/trapz/cumulative_trapezoid, vander, unravel_index,
tril_indices/triu_indices, Tensor.fill_diagonal_, Tensor.sum_to_size, is_nonzero, is_signed,
is_same_size.

Rules reproduced from PyTorch: result dtypes follow its promotion (ldexp, nextafter, isin compare
in the promoted dtype; bincount is int64, or float32/float64 with weights; unravel_index and the
tri indices are int64); float16/bfloat16 steps are rounded as PyTorch's CPU kernels round them
(diff rounds each difference; logcumsumexp accumulates float32 in float64, as PyTorch's CPU
kernel does). Ops PyTorch cannot differentiate (heaviside, bincount weights) raise its error at
backward. bincount is a sync point (its length depends on the data); value checks (negative cov
weights, a non-finite histc data range) are raised at the next sync.
"""
import builtins
import itertools
import math
import operator
import warnings

import jax
import jax.numpy as jnp
from jax import lax
import numpy as np

from .. import _dtype
from .. import return_types
from .._dtype import bool_, int32, int64, float16, bfloat16, float32, float64
from .dispatch import record, record_multi, add_check
from .._runtime.graph import user_stacklevel
from .registry import op
from .shape import wrap_dim
from .elementwise import (is_tensor, result_type, _is_number, _scalar, _round_to, _opmath,
                          _check_broadcast, broadcast_shapes_cached, check_scalar_fits,
                          exact_div, where as _where)

_NO = object()   # "argument not given"


# ---- argument helpers -----------------------------------------------------------------------
def _c10(dt):
    return _dtype.c10_name(dt)


def _not_impl(kname, dt):
    return NotImplementedError(f"\"{kname}\" not implemented for '{_c10(dt)}'")


def _need_tensor(fname, arg, pos, x):
    if not is_tensor(x):
        where = f" (position {pos})" if pos else ""
        raise TypeError(f"{fname}(): argument '{arg}'{where} must be Tensor, not "
                        f"{type(x).__name__}")


def _int_arg(fname, arg, v, pos=None):
    """An int argument: Python/NumPy ints (not bools) or a one-element integer tensor."""
    if isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_)):
        return int(v)
    if is_tensor(v) and not v.dtype.is_floating_point and v.dtype is not bool_ and \
            v.numel() == 1:
        return v.__index__()
    where = f" (position {pos})" if pos else ""
    raise TypeError(f"{fname}(): argument '{arg}'{where} must be int, not {type(v).__name__}")


def _number_arg(fname, arg, v, pos=None):
    """A Number argument (PyTorch's Scalar): a Python/NumPy number or a one-element tensor
    (read with .item(), as PyTorch's argument parser does)."""
    if is_tensor(v) and v.numel() == 1:
        return v.item()
    if _is_number(v):
        return _scalar(v)
    where = f" (position {pos})" if pos else ""
    raise TypeError(f"{fname}(): argument '{arg}'{where} must be Number, not "
                    f"{type(v).__name__}")


def _fmt(v):
    """A double as C++'s ostream prints it (6 significant digits)."""
    if isinstance(v, float) and math.isnan(v):
        return "-nan" if math.copysign(1.0, v) < 0 else "nan"
    return format(float(v), "g")


def _cast(x, dt):
    return jnp.asarray(x).astype(dt.np)


def _nograd(name):
    """Identity whose derivative raises PyTorch's 'derivative ... is not implemented'."""
    @jax.custom_jvp
    def ident(x):
        return x

    def jvp(primals, tangents):
        raise RuntimeError(f"derivative for aten::{name} is not implemented")

    ident.defjvp(jvp)
    return ident


_NOGRAD_HEAVISIDE = _nograd("heaviside")
_NOGRAD_BINCOUNT = _nograd("bincount")


def _slice(ndim, dim, start, stop):
    idx = [slice(None)] * ndim
    idx[dim] = slice(start, stop)
    return tuple(idx)


# ---- diff -----------------------------------------------------------------------------------
def _diff_kernel(*arrays, dim, n, dt):
    x = jnp.concatenate([_cast(a, dt) for a in arrays], axis=dim) if len(arrays) > 1 else \
        _cast(arrays[0], dt)
    m = _opmath(dt)
    for _ in range(builtins.min(n, x.shape[dim])):
        k = x.shape[dim]
        hi, lo = x[_slice(x.ndim, dim, 1, k)], x[_slice(x.ndim, dim, 0, k - 1)]
        if dt is bool_:
            x = hi != lo
        else:
            x = _round_to(hi.astype(m.np) - lo.astype(m.np), dt).astype(dt.np)
    return x


def _copy_kernel(a):
    return a


@op("diff")
def diff(input, n=1, dim=-1, prepend=None, append=None):
    """torch.diff: n-th forward difference along dim (bool: logical xor), after concatenating
    prepend/append with PyTorch's promotion; n larger than the length gives an empty result."""
    _need_tensor("diff", "input", 1, input)
    n = _int_arg("diff", "n", n)
    dim = _int_arg("diff", "dim", dim)
    for name, t in (("prepend", prepend), ("append", append)):
        if t is not None:
            _need_tensor("diff", name, None, t)
    shape = input._nd.shape
    if len(shape) < 1:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = wrap_dim(dim, len(shape))
    for t in (prepend, append):
        if t is None:
            continue
        if t.dim() != len(shape):
            raise RuntimeError("diff expects prepend or append to be the same dimension as "
                               "input")
        for i, s in enumerate(t._nd.shape):
            if i != d and s != shape[i]:
                raise RuntimeError(
                    "diff expects the shape of tensor to prepend or append to match that of "
                    "input except along the differencing dimension; input.size("
                    f"{i}) = {shape[i]}, but got tensor.size({i}) = {s}")
    if n == 0:
        return record(_copy_kernel, (input,), name="clone", gname="CloneBackward0")
    parts = [t for t in (prepend, input, append) if t is not None]
    dt = _dtype.result_type_of([t.dtype for t in parts], [], [])
    return record(_diff_kernel, tuple(parts), (("dim", d), ("n", n), ("dt", dt)), name="diff",
                  gname="SubBackward0")


# ---- dist -----------------------------------------------------------------------------------
def _dist_kernel(a, b, *, ord, dt, cdt):
    from .linalg import _k_vector_norm
    m = _opmath(dt)
    x = _round_to(_cast(a, dt).astype(m.np) - _cast(b, dt).astype(m.np), dt).astype(dt.np)
    return _k_vector_norm(x, ord=ord, dims=None, keepdim=False, cdt=cdt, odt=dt)


@op("dist")
def dist(input, other, p=2):
    """torch.dist: the p-norm of input - other (broadcast); float inputs only."""
    _need_tensor("dist", "input", 1, input)
    _need_tensor("dist", "other", 2, other)
    p = float(_number_arg("dist", "p", p, 3))
    dt = result_type(input, other)
    if not dt.is_floating_point:
        raise RuntimeError(f"norm(): input dtype should be either floating point or complex. "
                           f"Got {_c10(dt)} instead.")
    shape = broadcast_shapes_cached(input._nd.shape, other._nd.shape)
    if (p < 0 or p == math.inf) and math.prod(shape) == 0:
        o = str(int(p)) if p.is_integer() and math.isfinite(p) else str(p)
        raise RuntimeError(f"linalg.vector_norm cannot compute the {o} norm on an empty tensor "
                           "because the operation does not have an identity")
    cdt = float32 if dt in (float16, bfloat16) else dt
    return record(_dist_kernel, (input, other), (("ord", p), ("dt", dt), ("cdt", cdt)),
                  name="dist", gname="DistBackward0")


# ---- bincount (data-dependent length: a sync point) -----------------------------------------
def _bincount_kernel(x, *, nbins):
    return jnp.zeros((nbins,), jnp.int64).at[x.astype(jnp.int64)].add(1)


def _bincount_w_kernel(x, w, *, nbins, dt):
    w = _NOGRAD_BINCOUNT(_cast(w, dt))
    return jnp.zeros((nbins,), dt.np).at[x.astype(jnp.int64)].add(w)


def _empty_long_kernel(*, n):
    return jnp.zeros((n,), jnp.int64)


@op("bincount")
def bincount(input, weights=None, minlength=0):
    """torch.bincount: counts of each non-negative int (int64), or sums of weights (float32
    weights give float32, others float64). A sync point: the length depends on the data."""
    _need_tensor("bincount", "input", 1, input)
    if weights is not None:
        _need_tensor("bincount", "weights", None, weights)
    minlength = _int_arg("bincount", "minlength", minlength)
    dt = input.dtype
    if dt.is_floating_point or dt is bool_:
        raise _not_impl("bincount_cpu", dt)
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    shape = input._nd.shape
    if len(shape) == 1 and shape[0] == 0:
        return record(_empty_long_kernel, (), (("n", minlength),), name="bincount",
                      device=input._nd.device)
    if len(shape) != 1:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    a = input._host()
    if a.min() < 0:
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if weights is not None and (weights.dim() != 1 or weights._nd.shape[0] != shape[0]):
        raise RuntimeError("weights should be 1-d and have the same length as input")
    nbins = builtins.max(int(a.max()) + 1, minlength)
    if weights is None:
        return record(_bincount_kernel, (input,), (("nbins", nbins),), name="bincount")
    wdt = float32 if weights.dtype is float32 else float64
    return record(_bincount_w_kernel, (input, weights), (("nbins", nbins), ("dt", wdt)),
                  name="bincount", gname="NotImplemented")


# ---- histc ----------------------------------------------------------------------------------
def _histc_range(x, lo, hi, data_range):
    """The outer edges (float64), as PyTorch picks them: the data's range when min == max."""
    lo = jnp.asarray(lo, jnp.float64)
    hi = jnp.asarray(hi, jnp.float64)
    if data_range:
        dlo = jnp.min(x).astype(jnp.float64)
        dhi = jnp.max(x).astype(jnp.float64)
        same = lo == hi
        lo, hi = jnp.where(same, dlo, lo), jnp.where(same, dhi, hi)
    same = lo == hi
    return jnp.where(same, lo - 1, lo), jnp.where(same, hi + 1, hi)


def _histc_kernel(a, lo, hi, *, bins, data_range, dt):
    x = a.reshape(-1)
    lo, hi = _histc_range(x, lo, hi, data_range)
    m = _opmath(dt)
    # the edges are linspace(lo, hi) in the input dtype; the bin index is computed in that dtype
    left = lo.astype(dt.np).astype(m.np)
    right = hi.astype(dt.np).astype(m.np)
    xm = x.astype(m.np)
    valid = (xm >= left) & (xm <= right)
    num = _round_to(_round_to(xm - left, dt) * _round_to(jnp.asarray(bins, m.np), dt), dt)
    den = _round_to(right - left, dt)
    q = _round_to(exact_div(num, den), dt)
    pos = jnp.where(valid, q, 0).astype(jnp.int64)
    pos = jnp.clip(jnp.where(pos >= bins, bins - 1, pos), 0, bins - 1)
    counts = jnp.zeros((bins,), jnp.float32 if dt is not float64 else jnp.float64)
    return counts.at[pos].add(valid.astype(counts.dtype)).astype(dt.np)


def _histc_check_kernel(a, lo, hi):
    lo, hi = _histc_range(a.reshape(-1), lo, hi, True)
    return jnp.isfinite(lo) & jnp.isfinite(hi), jnp.stack([lo, hi])


def _histc_error(v):
    lo, hi = (float(x) for x in np.asarray(v))
    f = lambda x: "-nan" if math.isnan(x) else _fmt(x)  # noqa: E731  (a NaN reduced from data)
    return RuntimeError, f"torch.histc: range of [{f(lo)}, {f(hi)}] is not finite"


@op("histc")
def histc(input, bins=100, min=0, max=0):
    """torch.histc: a histogram of `bins` equal bins over [min, max] (the data's range when
    min == max); elements outside it and NaN are ignored; result in the input's dtype."""
    _need_tensor("histc", "input", 1, input)
    bins = _int_arg("histc", "bins", bins, 2)
    lo = float(_number_arg("histc", "min", min, 3))
    hi = float(_number_arg("histc", "max", max, 4))
    dt = input.dtype
    if dt is bool_:
        raise _not_impl("linspace_cpu", dt)
    if not dt.is_floating_point:
        raise _not_impl("histogram_cpu", dt)
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for "
                           "dimension 0")
    data_range = lo == hi and input.numel() > 0
    if not data_range:
        a, b = (lo - 1, hi + 1) if lo == hi else (lo, hi)
        if not (math.isfinite(a) and math.isfinite(b)):
            raise RuntimeError(f"torch.histc: range of [{_fmt(a)}, {_fmt(b)}] is not finite")
        if not a < b:
            raise RuntimeError("torch.histc: max must be larger than min")
    x = input.detach()  # histc is not differentiable: its result never requires grad
    if data_range:
        add_check(_histc_check_kernel, (x, lo, hi), _histc_error)
    return record(_histc_kernel, (x, lo, hi), (("bins", bins), ("data_range", data_range),
                                               ("dt", dt)), name="histc")


# ---- isin -----------------------------------------------------------------------------------
def _isin_kernel(e, t, *, dt, invert, scalar_test, by_sorting=False):
    e = _cast(e, dt)
    if by_sorting:
        # PyTorch's assume_unique algorithm: stable-sort elements and test elements together
        # and mark each value equal to its right neighbour (so duplicated elements count too)
        a = jnp.concatenate([e.reshape(-1), _cast(t, dt).reshape(-1)])
        order = jnp.argsort(a, stable=True)
        srt = a[order]
        dup = (srt[1:] != srt[:-1]) if invert else (srt[1:] == srt[:-1])
        dup = jnp.concatenate([dup, jnp.full((1,), invert)])
        mask = jnp.zeros(a.shape, bool).at[order].set(dup)
        return mask[:e.size].reshape(e.shape)
    if scalar_test:
        r = e == _cast(t, dt)
    else:
        t = _cast(t, dt).reshape(-1)
        if t.shape[0] == 0:
            r = jnp.zeros(e.shape, bool)
        else:
            s = jnp.sort(t)
            i = jnp.clip(jnp.searchsorted(s, e.reshape(-1), side="left"), 0, s.shape[0] - 1)
            r = (s[i] == e.reshape(-1)).reshape(e.shape)
    return jnp.logical_not(r) if invert else r


@op("isin", method=False)
def isin(elements, test_elements, *, assume_unique=False, invert=False):
    """torch.isin: whether each element is in test_elements, compared in the promoted dtype
    (NaN is never found; either argument may be a Python number)."""
    te, tt = is_tensor(elements), is_tensor(test_elements)
    if not (te or tt) or not (te or _is_number(elements)) or \
            not (tt or _is_number(test_elements)):
        got = ", ".join("Tensor" if is_tensor(x) else type(x).__name__
                        for x in (elements, test_elements))
        raise TypeError(f"isin() received an invalid combination of arguments - got ({got}), "
                        "but expected one of:")
    e = elements if te else _scalar(elements)
    t = test_elements if tt else _scalar(test_elements)
    for x in (e, t):
        if (is_tensor(x) and x.dtype is bool_) or isinstance(x, bool):
            raise RuntimeError("Unsupported input type encountered for isin(): Bool")
    dt = result_type(e, t)
    if not te:  # a number as the elements: is it among test_elements' values? (0-d result)
        return record(_isin_num_kernel, (t, e), (("dt", dt), ("invert", bool(invert))),
                      name="isin")
    n = e.numel()
    by_sorting = bool(assume_unique) and tt and n > 0 and \
        t.numel() >= int(10.0 * float(n) ** 0.145)  # PyTorch's choice of algorithm
    return record(_isin_kernel, (e, t), (("dt", dt), ("invert", bool(invert)),
                                         ("scalar_test", not tt), ("by_sorting", by_sorting)),
                  name="isin")


def _isin_num_kernel(t, e, *, dt, invert):
    r = jnp.any(_cast(t, dt) == _cast(e, dt))
    return jnp.logical_not(r) if invert else r


# ---- heaviside, gcd, lcm, nextafter, ldexp, frexp -------------------------------------------
def _heaviside_kernel(a, v):
    a = _NOGRAD_HEAVISIDE(a)
    v = _NOGRAD_HEAVISIDE(v)
    if a.dtype == jnp.bool_:
        pos = a
        zero = jnp.logical_not(a)
    else:
        pos = a > 0
        zero = a == 0
    return jnp.where(zero, v, pos.astype(a.dtype)).astype(a.dtype)


@op("heaviside", inplace=True)
def heaviside(input, values):
    """torch.heaviside: 0 for x < 0 (and NaN), values where x == 0, 1 for x > 0; both tensors
    must share a dtype, as in PyTorch. Not differentiable (backward raises)."""
    _need_tensor("heaviside", "input", 1, input)
    _need_tensor("heaviside", "values", 2, values)
    if input.dtype is not values.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    return record(_heaviside_kernel, (input, values), check=_check_broadcast, name="heaviside",
                  gname="NotImplemented")


def _abs_int(x):
    return x if jnp.issubdtype(x.dtype, jnp.unsignedinteger) else jnp.abs(x)


def _gcd(a, b):
    """Euclid's algorithm elementwise, with C's truncating remainder (as PyTorch's calc_gcd)."""
    a, b = _abs_int(a), _abs_int(b)

    def cond(s):
        return jnp.any(s[0] != 0)

    def body(s):
        a, b = s
        nz = a != 0
        safe = jnp.where(nz, a, jnp.ones((), a.dtype))
        return jnp.where(nz, lax.rem(b, safe), a), jnp.where(nz, a, b)

    return lax.while_loop(cond, body, (a, b))[1]


def _gcd_kernel(a, b, *, dt):
    a, b = jnp.broadcast_arrays(_cast(a, dt), _cast(b, dt))
    return _gcd(a, b)


def _lcm_kernel(a, b, *, dt):
    a, b = jnp.broadcast_arrays(_cast(a, dt), _cast(b, dt))
    g = _gcd(a, b)
    safe = jnp.where(g == 0, jnp.ones((), g.dtype), g)
    return jnp.where(g == 0, jnp.zeros((), g.dtype), _abs_int(lax.div(a, safe) * b))


def _int_binary(name, kname, kernel, input, other, out_dt=None):
    _need_tensor(name, "input", 1, input)
    _need_tensor(name, "other", 2, other)
    dt = result_type(input, other)
    if out_dt is not None and not _dtype.can_cast(dt, out_dt):
        raise RuntimeError(f"result type {_c10(dt)} can't be cast to the desired output type "
                           f"{_c10(out_dt)}")
    if dt.is_floating_point or dt is bool_:
        raise _not_impl(kname, dt)
    return record(kernel, (input, other), (("dt", dt),), check=_check_broadcast, name=name)


@op("gcd")
def gcd(input, other):
    """torch.gcd: elementwise greatest common divisor of integer tensors (gcd(0, 0) = 0)."""
    return _int_binary("gcd", "gcd_cpu", _gcd_kernel, input, other)


@op("lcm")
def lcm(input, other):
    """torch.lcm: elementwise least common multiple of integer tensors (wraps on overflow)."""
    return _int_binary("lcm", "lcm_cpu", _lcm_kernel, input, other)


@op("gcd_", function=False)
def gcd_(self, other):
    """In-place version of :meth:`Tensor.gcd`."""
    return self._assign(_int_binary("gcd", "gcd_cpu", _gcd_kernel, self, other, self.dtype),
                        "gcd_")


@op("lcm_", function=False)
def lcm_(self, other):
    """In-place version of :meth:`Tensor.lcm`."""
    return self._assign(_int_binary("lcm", "lcm_cpu", _lcm_kernel, self, other, self.dtype),
                        "lcm_")


@jax.custom_jvp
def _nextafter(a, b):
    return jnp.nextafter(a, b)


@_nextafter.defjvp
def _nextafter_jvp(primals, tangents):
    # PyTorch's derivative: the gradient passes to `input` unchanged, `other` gets none
    a, b = primals
    return _nextafter(a, b), tangents[0]


def _nextafter_kernel(a, b, *, dt):
    a, b = jnp.broadcast_arrays(_cast(a, dt), _cast(b, dt))
    return _nextafter(a, b)


@op("nextafter", inplace=True)
def nextafter(input, other):
    """torch.nextafter: the next float after input towards other, in the promoted dtype
    (float16/bfloat16 step in their own precision)."""
    _need_tensor("nextafter", "input", 1, input)
    _need_tensor("nextafter", "other", 2, other)
    dt = result_type(input, other)
    if not dt.is_floating_point:
        raise _not_impl("nextafter_cpu", dt)
    return record(_nextafter_kernel, (input, other), (("dt", dt),), check=_check_broadcast,
                  name="nextafter")


def _ldexp_int_value(x, e):
    """x * 2**e rounded once, for an int32 exponent. x is split into mantissa and exponent by
    its bits (XLA's CPU arithmetic would read a subnormal x as 0), then the mantissa is scaled
    in float64 by two exact powers of two."""
    m, ex = _frexp(x.astype(jnp.float32) if x.dtype in (jnp.float16, jnp.bfloat16) else x)
    k = jnp.clip(ex.astype(jnp.int64) + e.astype(jnp.int64), -2100, 2100)
    k1 = jnp.clip(k, -1022, 1023)
    k2 = k - k1
    one = jnp.ones((), jnp.float64)
    r = m.astype(jnp.float64) * jnp.ldexp(one, k1.astype(jnp.int32)) * \
        jnp.ldexp(one, k2.astype(jnp.int32))
    return r.astype(x.dtype)


@jax.custom_jvp
def _ldexp_int(x, e):
    return _ldexp_int_value(x, e)


@_ldexp_int.defjvp
def _ldexp_int_jvp(primals, tangents):
    x, e = primals
    return _ldexp_int(x, e), tangents[0] * _ldexp_int_value(jnp.ones_like(x), e)


def _ldexp_kernel(a, b, *, dt, int_exp):
    if int_exp:
        # PyTorch's std::ldexp(x, int): the exponent is converted to a C int (wrapping)
        x, e = jnp.broadcast_arrays(_cast(a, dt), b.astype(jnp.int64).astype(jnp.int32))
        return _ldexp_int(x, e)
    m = _opmath(dt)
    x = _cast(a, dt).astype(m.np)
    p = _round_to(jnp.exp2(_cast(b, dt).astype(m.np)), dt)
    return _round_to(x * p, dt).astype(dt.np)


def _ldexp(input, other):
    _need_tensor("ldexp", "input", 1, input)
    _need_tensor("ldexp", "other", 2, other)
    if other.dtype is bool_ and input.dtype.is_floating_point:
        raise _not_impl("ldexp_cpu_exp", other.dtype)   # (bool or integer inputs promote)
    int_exp = not other.dtype.is_floating_point
    dt = input.dtype if int_exp else result_type(input, other)
    if not dt.is_floating_point:
        dt = _dtype.get_default_dtype()
    return record(_ldexp_kernel, (input, other), (("dt", dt), ("int_exp", int_exp)),
                  check=_check_broadcast, name="ldexp")


@op("ldexp")
def ldexp(input, other):
    """torch.ldexp: input * 2 ** other (integer inputs give the default float dtype)."""
    return _ldexp(input, other)


@op("ldexp_", function=False)
def ldexp_(self, other):
    """In-place version of :meth:`Tensor.ldexp`."""
    r = _ldexp(self, other)
    if not _dtype.can_cast(r.dtype, self.dtype):
        raise RuntimeError(f"ldexp can't be cast to the desired output type {_c10(self.dtype)}")
    return self._assign(r, "ldexp_")


_FREXP_LAYOUT = {  # float dtype -> (unsigned int of its width, mantissa bits, exponent bias)
    jnp.dtype(jnp.float32): (jnp.uint32, 23, 127),
    jnp.dtype(jnp.float64): (jnp.uint64, 52, 1023),
}


def _frexp_bits(x):
    """frexp from the bit pattern: exact for subnormals too (XLA's CPU arithmetic flushes
    subnormal operands to zero, so no arithmetic may touch x)."""
    u, nm, bias = _FREXP_LAYOUT[x.dtype]
    width = 8 * jnp.dtype(u).itemsize
    bits = lax.bitcast_convert_type(x, u)
    one = jnp.ones((), u)
    sign = bits & (one << (width - 1))
    ex = ((bits >> nm) & ((one << (width - 1 - nm)) - 1)).astype(jnp.int32)
    frac = bits & ((one << nm) - 1)
    is_sub = (ex == 0) & (frac != 0)
    top = (width - 1) - lax.clz(frac).astype(jnp.int32)       # highest set bit of frac
    shift = jnp.where(is_sub, nm - top, 0).astype(u)
    frac = jnp.where(is_sub, (frac << shift) & ((one << nm) - 1), frac)
    e = jnp.where(is_sub, top - nm - bias + 2, ex - bias + 1)
    m = lax.bitcast_convert_type(sign | (jnp.asarray(bias - 1, u) << nm) | frac, x.dtype)
    special = (ex == (1 << (width - 1 - nm)) - 1) | ((ex == 0) & ~is_sub)  # inf, nan, 0
    return jnp.where(special, x, m), jnp.where(special, 0, e).astype(jnp.int32)


@jax.custom_jvp
def _frexp(x):
    if x.dtype in (jnp.float16, jnp.bfloat16):  # every half value is a normal float32
        m, e = _frexp_bits(x.astype(jnp.float32))
        return m.astype(x.dtype), e
    return _frexp_bits(x)


@_frexp.defjvp
def _frexp_jvp(primals, tangents):
    (x,), (t,) = primals, tangents
    m, e = _frexp(x)
    scale = jnp.exp2(-e.astype(jnp.float64)).astype(x.dtype)
    return (m, e), (t * scale, np.zeros(e.shape, jax.dtypes.float0))


def _frexp_kernel(x):
    return _frexp(x)


@op("frexp")
def frexp(input):
    """torch.frexp: (mantissa, int32 exponent) with input = mantissa * 2 ** exponent and
    0.5 <= |mantissa| < 1; a torch.return_types.frexp."""
    _need_tensor("frexp", "input", 1, input)
    if not input.dtype.is_floating_point:
        raise RuntimeError("torch.frexp() only supports floating-point dtypes")
    outs = record_multi(_frexp_kernel, (input,), name="frexp", gname="FrexpBackward0",
                        diff=(True, False))
    return return_types.frexp(outs)


# ---- logcumsumexp, renorm -------------------------------------------------------------------
def _logcumsumexp_kernel(a, *, dim, cdt):
    x = a.astype(cdt.np)
    if x.ndim == 0:
        return a
    if x.shape[dim] == 0:
        return a
    return lax.cumlogsumexp(x, axis=dim).astype(a.dtype)


@op("logcumsumexp")
def logcumsumexp(input, dim=_NO):
    """torch.logcumsumexp: log(cumsum(exp(x))) along dim, computed stably; float32 accumulates
    in float64 and half types in float32, as PyTorch's CPU kernel."""
    _need_tensor("logcumsumexp", "input", 1, input)
    if dim is _NO:
        raise TypeError('logcumsumexp() missing 1 required positional arguments: "dim"')
    d = wrap_dim(_int_arg("logcumsumexp", "dim", dim), input.dim())
    dt = input.dtype
    if not dt.is_floating_point:
        raise _not_impl("logcumsumexp_out_cpu", dt)
    cdt = float64 if dt in (float32, float64) else float32
    return record(_logcumsumexp_kernel, (input,), (("dim", d), ("cdt", cdt)),
                  name="logcumsumexp")


def _renorm_kernel(x, maxnorm, *, p, dims, acc):
    from .linalg import _k_vector_norm
    norm = _k_vector_norm(x, ord=p, dims=dims, keepdim=True, cdt=acc, odt=acc)
    mx = _cast(maxnorm, acc)
    eps = jnp.asarray(1e-7, acc.np)
    factor = jnp.where(norm > mx, mx / (norm + eps), jnp.ones((), acc.np))
    return (x.astype(acc.np) * factor).astype(x.dtype)


@op("renorm", inplace=True)
def renorm(input, p, dim, maxnorm):
    """torch.renorm: each slice along dim whose p-norm exceeds maxnorm is scaled to norm
    maxnorm (factor maxnorm / (norm + 1e-7)); other slices are unchanged."""
    _need_tensor("renorm", "input", 1, input)
    p = float(_number_arg("renorm", "p", p, 2))
    dim = _int_arg("renorm", "dim", dim, 3)
    maxnorm = float(_number_arg("renorm", "maxnorm", maxnorm, 4))
    if not p > 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if not maxnorm >= 0:
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {_fmt(maxnorm)}")
    ndim = input.dim()
    if ndim <= 1:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {ndim} dimensions")
    d = wrap_dim(dim, ndim)
    dt = input.dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {_c10(dt)}")
    dims = tuple(i for i in range(ndim) if i != d)
    acc = float32 if dt in (float16, bfloat16) else dt
    return record(_renorm_kernel, (input, maxnorm), (("p", p), ("dims", dims), ("acc", acc)),
                  name="renorm")


# ---- cov, corrcoef (composed of jtorch ops, as PyTorch composes them) -----------------------
def _nonneg_kernel(w):
    return jnp.all(w >= 0), jnp.zeros((), jnp.int32)


def _nonzero_kernel(s):
    return s != 0, jnp.zeros((), jnp.int32)


def _fixed_error(exc, msg):
    def error(_):
        return exc, msg
    return error


def _check_weights(name, w, n, integral):
    if w.dim() > 1:
        raise RuntimeError(f"cov(): expected {name} to have one or fewer dimensions but got "
                           f"{name} with {w.dim()} dimensions")
    dt = w.dtype
    if integral and (dt.is_floating_point or dt is bool_):
        raise RuntimeError(f"cov(): expected fweights to have integral dtype but got fweights "
                           f"with {_c10(dt)} dtype")
    if not integral and not dt.is_floating_point:
        raise RuntimeError(f"cov(): expected aweights to have floating point dtype but got "
                           f"aweights with {_c10(dt)} dtype")
    if w.numel() != n:
        raise RuntimeError(f"cov(): expected {name} to have the same numel as there are "
                           f"observations in the input but got {w.numel()} != {n}")
    if n:
        add_check(_nonneg_kernel, (w.detach(),),
                  _fixed_error(RuntimeError, f"cov(): {name} cannot be negative"))


@op("cov")
def cov(input, *, correction=1, fweights=None, aweights=None):
    """torch.cov: covariance of the rows (variables) over the columns (observations), with
    frequency and reliability weights; PyTorch's algorithm op by op, so its dtypes and
    rounding. Negative or zero-sum weights raise at the next sync."""
    _need_tensor("cov", "input", 1, input)
    correction = _int_arg("cov", "correction", correction)
    for name, w in (("fweights", fweights), ("aweights", aweights)):
        if w is not None:
            _need_tensor("cov", name, None, w)
    if input.dim() > 2:
        raise RuntimeError(f"cov(): expected input to have two or fewer dimensions but got an "
                           f"input with {input.dim()} dimensions")
    if input.dtype is bool_:
        raise RuntimeError("cov(): bool dtype is not supported for input")
    x = input if input.dim() == 2 else input.reshape(1, -1)
    n = x._nd.shape[1]
    w = None
    if fweights is not None:
        _check_weights("fweights", fweights, n, True)
        w = fweights
    if aweights is not None:
        _check_weights("aweights", aweights, n, False)
        w = aweights if w is None else w * aweights
    if w is None:
        w_sum = n
        avg = x.sum(1) / n
    else:
        w_sum = w.sum()
        add_check(_nonzero_kernel, (w_sum.detach(),),
                  _fixed_error(RuntimeError, "cov(): weights sum to zero, can't be normalized"))
        avg = (x * w).sum(1) / w_sum
    if w is not None and aweights is not None and correction != 0:
        norm = w_sum - correction * (w * aweights).sum() / w_sum
    else:
        norm = w_sum - correction
    if w is None:
        if norm <= 0:
            warnings.warn("cov(): degrees of freedom is <= 0. Correction should be strictly "
                          "less than the number of observations.", UserWarning,
                          stacklevel=user_stacklevel())
            norm = 0
    else:  # the same zeroing, without the warning (it would need the value now)
        norm = _where(norm <= 0, 0, norm)
    xc = x - avg.unsqueeze(1)
    c = xc.mm((xc if w is None else xc * w).t())
    return (c / norm).squeeze()


@op("corrcoef")
def corrcoef(input):
    """torch.corrcoef: Pearson correlation coefficients (cov normalised by the standard
    deviations, clipped to [-1, 1]); a single variable gives c / c."""
    _need_tensor("corrcoef", "input", 1, input)
    if input.dim() > 2:
        raise RuntimeError(f"corrcoef(): expected input to have two or fewer dimensions but got "
                           f"an input with {input.dim()} dimensions")
    c = cov(input)
    if c.dim() == 0:
        return c / c
    sd = c.diagonal().sqrt()
    c = c / sd.view(-1, 1)
    c = c / sd.view(1, -1)
    return c.clip(-1, 1)


# ---- trapezoid rule -------------------------------------------------------------------------
_TRAP_SIGS = {
    "trapezoid": " * (Tensor y, Tensor x, *, int dim = -1)\n"
                 " * (Tensor y, *, Number dx = 1, int dim = -1)\n",
    "cumulative_trapezoid": " * (Tensor y, Tensor x, *, int dim = -1)\n"
                            " * (Tensor y, *, Number dx = 1, int dim = -1)\n",
    "trapz": " * (Tensor y, *, float dx = 1, int dim = -1)\n"
             " * (Tensor y, Tensor x, *, int dim = -1)\n",
}


def _trap_args(name, y, x, dx, dim):
    got = ["Tensor" if is_tensor(y) else type(y).__name__]
    if x is not _NO:
        got.append("Tensor" if is_tensor(x) else type(x).__name__)
    if dx is not _NO:
        got.append(f"dx={type(dx).__name__}")
    bad = not is_tensor(y) or (x is not _NO and (not is_tensor(x) or dx is not _NO)) or \
        (dx is not _NO and not (_is_number(dx) or (is_tensor(dx) and dx.numel() == 1)))
    if bad:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"({', '.join(got)}), but expected one of:\n{_TRAP_SIGS[name]}")
    return _int_arg(name, "dim", dim)


def _no_dims(dim):
    return IndexError(f"Dimension specified as {dim} but tensor has no dimensions")


def _zeros_except(y, d):
    shape = tuple(s for i, s in enumerate(y._nd.shape) if i != d)
    return record(_zeros_kernel, (), (("shape", shape), ("dt", y.dtype)), name="zeros",
                  device=y._nd.device)


def _zeros_kernel(*, shape, dt):
    return jnp.zeros(shape, dt.np)


def _x_view(name, y, x, d):
    if x.dim() == 1:
        if x._nd.shape[0] != y._nd.shape[d]:
            raise RuntimeError(f"{name}: There must be one `x` value for each sample point")
        sizes = [1] * y.dim()
        sizes[d] = x._nd.shape[0]
        return x.view(*sizes)
    if x.dim() < y.dim():
        return x.view(*([1] * (y.dim() - x.dim()) + list(x._nd.shape)))
    return x


def _dx_number(name, dx):
    if is_tensor(dx):
        dx = dx.item()
    dx = _scalar(dx) if isinstance(dx, np.generic) else dx
    if isinstance(dx, (bool, np.bool_)):
        raise RuntimeError(f"{name}: Currently, we only support dx as a real number.")
    return float(dx)


def _trapezoid(name, y, x, dx, dim):
    dim = _trap_args(name, y, x, dx, dim)
    ndim = y.dim()
    if x is not _NO:
        if ndim == 0:
            raise _no_dims(wrap_dim(dim, ndim))
        d = wrap_dim(dim, ndim)
        if y._nd.shape[d] == 0:
            return _zeros_except(y, d)
        if y.dtype is bool_ or x.dtype is bool_:
            raise RuntimeError(f"{name}: received a bool input for `x` or `y`, but bool is not "
                               "supported")
        xv = _x_view(name, y, x, d)
        k = xv._nd.shape[d] if d < xv.dim() else 0
        dxt = xv[_slice(xv.dim(), d, 1, None)] - xv[_slice(xv.dim(), d, 0, builtins.max(k - 1, 0))]
        n = y._nd.shape[d]
        s = y[_slice(ndim, d, 1, None)] + y[_slice(ndim, d, 0, n - 1)]
        return ((s * dxt) / 2.).sum(d)  # s first: PyTorch's broadcast error names them so
    if ndim == 0:
        raise _no_dims(dim)
    d = wrap_dim(dim, ndim)
    if y._nd.shape[d] == 0:
        return _zeros_except(y, d)
    if y.dtype is bool_:
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not supported")
    h = 1.0 if dx is _NO else _dx_number(name, dx)
    return (y.sum(d) - (y.select(d, 0) + y.select(d, -1)) * 0.5) * h


@op("trapezoid", method=False)
def trapezoid(y, x=_NO, *, dx=_NO, dim=-1):
    """torch.trapezoid: the trapezoidal rule along dim, with sample points x or spacing dx
    (an empty dim integrates to 0); integer y gives the default float dtype."""
    return _trapezoid("trapezoid", y, x, dx, dim)


@op("trapz", method=False)
def trapz(y, x=_NO, *, dx=_NO, dim=-1):
    """torch.trapz: alias of trapezoid (dx is a float here: True means 1.0)."""
    if dx is not _NO and isinstance(dx, (bool, np.bool_)):
        dx = float(dx)
    return _trapezoid("trapz", y, x, dx, dim)


@op("cumulative_trapezoid", method=False)
def cumulative_trapezoid(y, x=_NO, *, dx=_NO, dim=-1):
    """torch.cumulative_trapezoid: running trapezoidal integrals along dim (one fewer element
    than y along dim)."""
    name = "cumulative_trapezoid"
    dim = _trap_args(name, y, x, dx, dim)
    ndim = y.dim()
    if x is not _NO:
        if ndim == 0:
            raise _no_dims(wrap_dim(dim, ndim))
        d = wrap_dim(dim, ndim)
        if y.dtype is bool_ or x.dtype is bool_:
            raise RuntimeError(f"{name}: received a bool input for `x` or `y`, but bool is not "
                               "supported")
        xv = _x_view(name, y, x, d)
        k = xv._nd.shape[d] if d < xv.dim() else 0
        dxt = xv[_slice(xv.dim(), d, 1, None)] - xv[_slice(xv.dim(), d, 0, builtins.max(k - 1, 0))]
        n = y._nd.shape[d]
        s = y[_slice(ndim, d, 1, None)] + y[_slice(ndim, d, 0, builtins.max(n - 1, 0))]
        return ((s * dxt) / 2.).cumsum(d)
    d = wrap_dim(dim, ndim)
    if ndim == 0:
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if y.dtype is bool_:
        raise RuntimeError(f"{name}: received a bool input for `y`, but bool is not supported")
    h = 1.0 if dx is _NO else _dx_number(name, dx)
    n = y._nd.shape[d]
    s = y[_slice(ndim, d, 1, None)] + y[_slice(ndim, d, 0, builtins.max(n - 1, 0))]
    return (h / 2. * s).cumsum(d)


# ---- vander, unravel_index, tril/triu_indices -----------------------------------------------
def _vander_kernel(x, *, n, increasing, dt):
    rows = x.shape[0]
    if n == 0:
        return jnp.zeros((rows, 0), dt.np)
    acc = float64 if dt is float32 else (float32 if dt in (float16, bfloat16) else dt)
    ones = jnp.ones((rows, 1), acc.np)
    if n > 1:
        powers = jnp.cumprod(jnp.broadcast_to(_cast(x, dt).astype(acc.np)[:, None],
                                              (rows, n - 1)), axis=1)
        r = jnp.concatenate([ones, powers], axis=1)
    else:
        r = ones
    r = r.astype(dt.np)
    return r if increasing else jnp.flip(r, axis=1)


@op("vander", method=False)
def vander(x, N=None, increasing=False):
    """torch.vander: columns x**(N-1), ..., x**0 (increasing=True reverses them); integer and
    bool inputs give int64."""
    _need_tensor("vander", "x", 1, x)
    if x.dim() != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x._nd.shape[0]
    if N is not None:
        n = _int_arg("vander", "N", N)
        if n < 0:
            raise RuntimeError("N must be non-negative.")
    dt = _dtype.promote_types(x.dtype, int64)
    return record(_vander_kernel, (x,), (("n", n), ("increasing", bool(increasing)),
                                         ("dt", dt)), name="vander", gname="FlipBackward0")


def _unravel_kernel(idx, *, coefs, shape):
    i = idx.astype(jnp.int64)
    return tuple(jnp.mod(jnp.floor_divide(i, c), s) for c, s in zip(coefs, shape))


@op("unravel_index", method=False)
def unravel_index(indices, shape):
    """torch.unravel_index: a tuple of int64 coordinate tensors for flat indices into `shape`
    (indices wrap modulo the number of elements, as PyTorch's floor_divide/remainder)."""
    if not is_tensor(indices):
        raise AttributeError(f"'{type(indices).__name__}' object has no attribute 'is_complex'")
    dt = indices.dtype
    if dt.is_floating_point or dt is bool_:
        raise TypeError(f"expected 'indices' to be integer dtype, but got {dt}")
    if isinstance(shape, (int, np.integer)) and not isinstance(shape, bool):
        shape = (int(shape),)
    elif isinstance(shape, (tuple, list)) and not is_tensor(shape):
        for s in shape:
            if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
                raise TypeError(f"expected 'shape' sequence to only contain ints, but got "
                                f"{type(s)}")
        shape = tuple(int(s) for s in shape)
    else:
        raise TypeError(f"expected 'shape' to be int or sequence of ints, but got "
                        f"{type(shape)}".replace("jtorch", "torch"))
    if any(s < 0 for s in shape):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(shape)}")
    coefs = list(reversed(list(itertools.accumulate(reversed(shape[1:] + (1,)),
                                                    func=operator.mul))))
    if any(c > 2 ** 63 - 1 for c in coefs):
        raise ValueError("Overflow when unpacking long long")
    if not shape:
        return ()
    if indices.numel() and (0 in coefs or 0 in shape):
        raise RuntimeError("ZeroDivisionError")
    coefs = tuple(c if c else 1 for c in coefs)
    safe = tuple(s if s else 1 for s in shape)
    return tuple(record_multi(_unravel_kernel, (indices,), (("coefs", coefs), ("shape", safe)),
                              name="unravel_index"))


def _tri_indices_kernel(*, row, col, offset, lower, dt):
    if lower:
        r, c = np.tril_indices(row, offset, col)
    else:
        r, c = np.triu_indices(row, offset, col)
    return jnp.asarray(np.stack([r, c]).astype(dt.np).reshape(2, -1))


def _tri_indices(name, row, col, offset, dtype, device, requires_grad, lower):
    from .._creation import _jdev
    row = _int_arg(name, "row", row, 1)
    col = _int_arg(name, "col", col, 2)
    offset = _int_arg(name, "offset", offset, 3)
    dt = int64 if dtype is None else _dtype.dtype_arg(dtype, name)
    if row < 0:
        raise RuntimeError(f"row must be non-negative, got{row}")
    if col < 0:
        raise RuntimeError(f"col must be non-negative, got{col}")
    if requires_grad:
        raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                           "gradients")
    if dt not in (int32, int64):
        raise _not_impl(name, dt)
    return record(_tri_indices_kernel, (), (("row", row), ("col", col), ("offset", offset),
                                            ("lower", lower), ("dt", dt)),
                  name=name, device=_jdev(device))


@op("tril_indices", method=False)
def tril_indices(row, col, offset=0, *, dtype=None, device=None, layout=None,
                 requires_grad=False, pin_memory=False):
    """torch.tril_indices: the 2 x N (row, col) coordinates of a row x col matrix's lower
    triangle (diagonal moved by offset), row-major; int64 unless dtype=torch.int32."""
    return _tri_indices("tril_indices", row, col, offset, dtype, device, requires_grad, True)


@op("triu_indices", method=False)
def triu_indices(row, col, offset=0, *, dtype=None, device=None, layout=None,
                 requires_grad=False, pin_memory=False):
    """torch.triu_indices: as tril_indices, for the upper triangle."""
    return _tri_indices("triu_indices", row, col, offset, dtype, device, requires_grad, False)


# ---- Tensor.fill_diagonal_, sum_to_size, predicates -----------------------------------------
def _fill_diag_kernel(x, v, *, step, limit):
    flat = x.reshape(-1)
    k = lax.iota(jnp.int64, flat.shape[0])
    mask = (k % step == 0) & (k < limit)
    val = jnp.asarray(v).reshape(()).astype(x.dtype)
    return jnp.where(mask, val, flat).reshape(x.shape)


@op("fill_diagonal_", function=False)
def fill_diagonal_(self, fill_value, wrap=False):
    """Tensor.fill_diagonal_: write fill_value on the main diagonal (all dims equal beyond 2-D);
    wrap=True continues the diagonal below a tall matrix every cols + 1 rows, as PyTorch."""
    shape = self._nd.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and any(s != shape[0] for s in shape[1:]):
        raise RuntimeError("all dimensions of input must be of equal length")
    if is_tensor(fill_value):
        if fill_value.numel() != 1:
            raise RuntimeError(f"a Tensor with {fill_value.numel()} elements cannot be "
                               "converted to Scalar")
        v = fill_value.detach()
    elif _is_number(fill_value):
        v = _scalar(fill_value)
        check_scalar_fits(v, self.dtype, bfloat16_too=True)
    else:
        raise TypeError(f"fill_diagonal_(): argument 'fill_value' (position 1) must be Number, "
                        f"not {type(fill_value).__name__}")
    numel = math.prod(shape)
    strides = [math.prod(shape[i + 1:]) for i in range(len(shape))]
    step = builtins.max(sum(strides), 1)
    size = builtins.min(shape)
    limit = numel if (wrap and len(shape) == 2 and shape[0] > shape[1] + 1) else size * step
    r = record(_fill_diag_kernel, (self, v), (("step", step), ("limit", limit)),
               name="fill_diagonal", gname="CopySlices")
    return self._assign(r, "fill_diagonal_")


@op("sum_to_size", function=False)
def sum_to_size(self, *size):
    """Tensor.sum_to_size: sum this tensor down to `size`, which must broadcast to its shape
    (returns self when the shapes are equal)."""
    if not size:
        raise TypeError('sum_to_size() missing 1 required positional arguments: "size"')
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    for s in size:
        if not isinstance(s, (int, np.integer)) or isinstance(s, bool):
            raise TypeError(f"sum_to_size(): argument 'size' (position 1) must be tuple of ints, "
                            f"not {type(s).__name__}")
    size = tuple(int(s) for s in size)
    shape = self._nd.shape
    lead = len(shape) - len(size)
    if lead < 0 or any(s != d and s != 1 for s, d in zip(size, shape[lead:])):
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if not size:
        return self.sum()
    dims = list(range(lead)) + [lead + i for i, s in enumerate(size)
                                if s == 1 and shape[lead + i] != 1]
    t = self.sum(tuple(dims), keepdim=True) if dims else self
    return t.view(*size) if lead > 0 else t


@op("is_nonzero")
def is_nonzero(input):
    """torch.is_nonzero: a one-element tensor's truth value (a sync point)."""
    _need_tensor("is_nonzero", "input", 1, input)
    n = input.numel()
    if n != 1:
        raise RuntimeError("Boolean value of Tensor with "
                           f"{'no values' if n == 0 else 'more than one value'} is ambiguous")
    return bool(input.item() != 0)


@op("is_signed")
def is_signed(input):
    """torch.is_signed: False for bool and unsigned dtypes."""
    _need_tensor("is_signed", "input", 1, input)
    return input.dtype.is_signed


@op("is_same_size")
def is_same_size(input, other):
    """torch.is_same_size: whether two tensors have the same shape."""
    _need_tensor("is_same_size", "input", 1, input)
    _need_tensor("is_same_size", "other", 2, other)
    return input._nd.shape == other._nd.shape
