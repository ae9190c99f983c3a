"""Kernels of torch.special that no other jtorch op family has: module-level pure jnp functions
recorded with `dispatch.record`, so they are deferred and (where PyTorch differentiates them)
differentiable through jax.vjp like every other op.

Accuracy: unary kernels receive their input in PyTorch's computation type (float32 for
float16/bfloat16) and, unless noted, evaluate in float64 and round once. The Bessel, Airy and
zeta kernels follow the Cephes algorithms PyTorch uses (same branches, same special values);
J0/J1/Y0/Y1/Ai, trigamma and the orthogonal polynomials run in the input's own precision, as
PyTorch's do, so that their rounding (of a phase, of each recurrence step) is PyTorch's.
"""
import functools
import math

import jax
import jax.numpy as jnp
import jax.scipy.special as jss
import numpy as np
from jax import lax
from jax.custom_derivatives import SymbolicZero

from . import _cephes as C
from .._ops.elementwise import (_lgamma, _digamma, _round_to, _opmath, _cast, exact_div,
                                constant_divisor)

F64 = jnp.float64


def _up(a):
    return a.astype(F64)


def _zero(x):
    return type(x) is SymbolicZero


def _div(a, c):
    """a / c for a scalar c, correctly rounded (XLA would multiply by 1 / c)."""
    return exact_div(a, constant_divisor(c, a.dtype))


# ---- jax.scipy.special wrappers (float64, rounded once) ------------------------------------
def erfcx(a):
    return jss.erfcx(_up(a)).astype(a.dtype)


def _exp_overflow(a, r):
    """inf where PyTorch's exp(|x|), taken in the input's precision, overflows (float32 i0
    and i1 overflow from |x| ~ 88.7 although the function itself is still finite there)."""
    big = jnp.isinf(jnp.exp(jnp.abs(a))) & ~jnp.isnan(r)
    return jnp.where(big, jnp.copysign(jnp.asarray(jnp.inf, r.dtype), r), r)


def i0(a):
    return _exp_overflow(a, jss.i0(_up(a)).astype(a.dtype))


def i0e(a):
    return jss.i0e(_up(a)).astype(a.dtype)


def i1(a):
    return _exp_overflow(a, jss.i1(_up(a)).astype(a.dtype))


def i1e(a):
    return jss.i1e(_up(a)).astype(a.dtype)


def ndtri(a):
    return jss.ndtri(_up(a)).astype(a.dtype)


def log_ndtr(a):
    """PyTorch's formula: log(erfcx(-t) / 2) - t^2 below -1, else log1p(-erfc(t) / 2)."""
    x = _up(a)
    lo = x < -1
    t_lo = jnp.where(lo, x, -2.0) * np.sqrt(0.5)
    t_hi = jnp.where(lo, 0.0, x) * np.sqrt(0.5)
    r = jnp.where(lo, jnp.log(jss.erfcx(-t_lo) / 2) - t_lo * t_lo,
                  jnp.log1p(-jss.erfc(t_hi) / 2))
    return r.astype(a.dtype)


def ndtr_kernel(a, *, cdt):
    """PyTorch's composite (1 + erf(x * sqrt(1/2))) * 0.5, each step rounded to the dtype."""
    m = _opmath(cdt)
    x = _cast(_cast(a, cdt), m)
    t = _round_to(x * jnp.asarray(np.sqrt(0.5), m.np), cdt)
    e = _round_to(jss.erf(_up(t)).astype(m.np), cdt)
    return ((1 + e) * 0.5).astype(cdt.np)


def entr_kernel(a, *, cdt):
    """-x log x; 0 at 0, -inf below 0, NaN kept. As PyTorch's vectorised CPU kernel, log(x) is
    rounded to float16/bfloat16 before the product."""
    a = _cast(_cast(a, cdt), _opmath(cdt))
    pos = a > 0
    xs = jnp.where(pos, a, jnp.ones((), a.dtype))
    r = jnp.where(pos, -xs * _round_to(jnp.log(xs), cdt),
                  jnp.where(a == 0, jnp.zeros((), a.dtype), jnp.asarray(-jnp.inf, a.dtype)))
    return jnp.where(jnp.isnan(a), a, r).astype(cdt.np)


def spherical_bessel_j0(a):
    x = a
    z = x * x
    series = 1.0 + z * (-1.0 / 6.0 + z * (1.0 / 120.0 + z * (-1.0 / 5040.0 + z * (
        1.0 / 362880.0 + z * (-1.0 / 39916800.0 + z * (1.0 / 6227020800.0))))))
    r = jnp.where(jnp.abs(x) < 0.5, series, jnp.sin(x) / x)
    return jnp.where(jnp.isinf(x), 0.0, r)


# ---- binary kernels -------------------------------------------------------------------------
def binary_kernel(a, b, *, f, cdt):
    """f(a, b) in cdt's computation type, a and b first cast to cdt (PyTorch's common dtype)."""
    m = _opmath(cdt)
    a = _cast(_cast(a, cdt), m)
    b = _cast(_cast(b, cdt), m)
    a, b = jnp.broadcast_arrays(a, b)
    return f(a, b, cdt).astype(cdt.np)


def xlog1py(x, y, cdt):
    """x * log1p(y); 0 where x == 0, NaN where y is NaN (log1p rounded to float16/bfloat16
    first, as PyTorch's vectorised CPU kernel)."""
    r = jnp.where(x == 0, jnp.zeros((), x.dtype), x * _round_to(jnp.log1p(y), cdt))
    return jnp.where(jnp.isnan(y), y, r)


_ZETA_A = (12.0, -720.0, 30240.0, -1209600.0, 47900160.0, -1.8924375803183791606e9,
           7.47242496e10, -2.950130727918164224e12, 1.1646782814350067249e14,
           -4.5979787224074726105e15, 1.8152105401943546773e17, -7.1661652561756670113e18)
_ZETA_A_ARRAY = np.asarray(_ZETA_A)
_MACHEP = 1.11022302462515654042e-16


def _zeta_value(x, q):
    """Hurwitz zeta(x, q) by Cephes' algorithm in float64: direct sum until q + i > 9 (or
    converged), then Euler-Maclaurin. Negative non-integer q works for integer x, as PyTorch."""
    x, q = jnp.broadcast_arrays(_up(x), _up(q))
    nan = jnp.full_like(x, jnp.nan)
    inf = jnp.full_like(x, jnp.inf)
    special = jnp.where(x == 1, inf, jnp.where(x < 1, nan, jnp.where(
        q <= 0, jnp.where(q == jnp.floor(q), inf, jnp.where(x != jnp.floor(x), nan, 0.0)), 0.0)))
    is_special = (x <= 1) | ((q <= 0) & ((q == jnp.floor(q)) | (x != jnp.floor(x))))
    s0 = jnp.power(q, -x)

    def active(st):
        i, a, b, s, done = st
        return ~done & ~is_special & ((i < 9) | (a <= 9.0))

    def cond(st):
        return jnp.any(active(st))

    def body(st):
        i, a, b, s, done = st
        act = active(st)
        a2 = a + 1.0
        b2 = jnp.power(a2, -x)
        s2 = s + b2
        conv = (-_MACHEP * s2 < b2) & (b2 < _MACHEP * s2)
        return (jnp.where(act, i + 1, i), jnp.where(act, a2, a), jnp.where(act, b2, b),
                jnp.where(act, s2, s), done | (act & conv))

    i0_ = jnp.zeros(x.shape, jnp.int32)
    _, a, b, s, done = lax.while_loop(cond, body, (i0_, q, jnp.zeros_like(x), s0,
                                                   jnp.zeros(x.shape, bool)))
    w = a
    s = jnp.where(done, s, s + b * w / (x - 1.0) - 0.5 * b)

    def em_step(i, st):  # Euler-Maclaurin terms until one is below MACHEP relative to s
        aa, b, k, s, done = st
        aa = aa * (x + k)
        b = b / w
        t = _div(aa * b, jnp.asarray(_ZETA_A_ARRAY)[i])
        s_new = s + t
        s = jnp.where(done, s, s_new)
        done = done | (jnp.abs(t / s_new) < _MACHEP)
        return aa * (x + k + 1.0), b / w, k + 2.0, s, done

    _, _, _, s, _ = lax.fori_loop(0, len(_ZETA_A), em_step,
                                  (jnp.ones_like(x), b, jnp.zeros_like(x), s, done))
    return jnp.where(is_special, special, s)


@jax.custom_jvp
def zeta64(x, q):
    return _zeta_value(x, q)


def _zeta_jvp(primals, tangents):
    x, q = primals
    tx, tq = tangents
    if not _zero(tx):
        raise NotImplementedError("the derivative for 'zeta' is not implemented.")
    out = zeta64(x, q)
    if _zero(tq):
        return out, jnp.zeros_like(out)
    return out, -x * zeta64(x + 1.0, q) * tq


zeta64.defjvp(_zeta_jvp, symbolic_zeros=True)


def zeta(x, q, cdt):
    return zeta64(_up(x), _up(q)).astype(x.dtype)


def _trigamma(x):
    """PyTorch's trigamma, in the input's precision (its float32 version works in float32)."""
    pi = jnp.asarray(np.pi, x.dtype)
    refl = x < 0.5
    s = jnp.sin(pi * x)
    result = jnp.where(refl, -(pi * pi) / (s * s), jnp.zeros((), x.dtype))
    x = jnp.where(refl, 1 - x, x)
    for _ in range(6):
        result = result + 1 / (x * x)
        x = x + 1
    ixx = 1 / (x * x)
    result = result + (1 + 1 / (2 * x) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx * (1.0 / 42)))) / x
    return jnp.where(refl, -result, result)


@functools.partial(jax.custom_jvp, nondiff_argnums=(0,))
def _polygamma(n, x):
    if n == 0:
        return _digamma(x)
    if n == 1:
        return _trigamma(x)
    fact = float(math.factorial(n)) if n <= 170 else np.inf
    sign = 1.0 if n % 2 else -1.0
    return (sign * fact * _zeta_value(jnp.full_like(_up(x), n + 1.0), x)).astype(x.dtype)


@_polygamma.defjvp
def _polygamma_jvp(n, primals, tangents):
    (x,), (t,) = primals, tangents
    return _polygamma(n, x), _polygamma(n + 1, x) * t


def polygamma_kernel(a, *, n, cdt):
    return _polygamma(n, _cast(_cast(a, cdt), _opmath(cdt))).astype(cdt.np)


def multigammaln_kernel(a, *, p, cdt):
    """PyTorch's mvlgamma: sum over j of lgamma(x - j/2), plus p(p-1)/4 log(pi); each step in
    the dtype (its composite rounds every intermediate of float16/bfloat16)."""
    x = _cast(_cast(a, cdt), _opmath(cdt))
    r = None
    for j in range(p - 1, -1, -1):  # PyTorch's args run from -(p-1)/2 up to 0
        g = _round_to(_lgamma(_round_to(x - 0.5 * j, cdt)), cdt)
        r = g if r is None else r + g
    c = _round_to(jnp.asarray(p * (p - 1) * np.log(np.pi) * 0.25, x.dtype), cdt)
    return (_round_to(r, cdt) + c).astype(cdt.np)


def _igamma_edges(a, x, upper):
    nan = jnp.full_like(x, jnp.nan)
    lo, hi = (1.0, 0.0) if upper else (0.0, 1.0)  # values at x = 0 and x = inf
    r = jnp.where((x < 0) | (a < 0), nan, jnp.where(
        a == 0, jnp.where(x > 0, hi, nan), jnp.where(
            x == 0, lo, jnp.where(jnp.isinf(a), jnp.where(jnp.isinf(x), nan, lo), hi))))
    edge = (x < 0) | (a < 0) | (a == 0) | (x == 0) | jnp.isinf(a) | jnp.isinf(x)
    return edge, r


def _igamma_value(a, x, upper):
    edge, r = _igamma_edges(a, x, upper)
    sa = jnp.where(edge, 1.0, a)
    sx = jnp.where(edge, 1.0, x)
    v = jss.gammaincc(sa, sx) if upper else jss.gammainc(sa, sx)
    return jnp.where(edge, r, v)


@functools.partial(jax.custom_jvp, nondiff_argnums=(2,))
def _igamma64(a, x, upper):
    return _igamma_value(a, x, upper)


def _igamma_jvp(upper, primals, tangents):
    a, x = primals
    ta, tx = tangents
    if not _zero(ta):
        raise NotImplementedError(
            f"the derivative for '{'igammac' if upper else 'igamma'}: input' is not implemented.")
    out = _igamma64(a, x, upper)
    if _zero(tx):
        return out, jnp.zeros_like(out)
    d = jnp.exp((a - 1) * jnp.log(x) - x - jax.lax.lgamma(a))
    return out, (-d if upper else d) * tx


_igamma64.defjvp(_igamma_jvp, symbolic_zeros=True)


def gammainc(a, x, cdt):
    return _igamma64(_up(a), _up(x), False).astype(a.dtype)


def gammaincc(a, x, cdt):
    return _igamma64(_up(a), _up(x), True).astype(a.dtype)


# ---- Cephes Bessel and Airy functions (PyTorch does not differentiate them) -----------------
# The oscillating ones (J, Y, Ai) run in the input's precision, so that their phase x - pi/4
# rounds as PyTorch's does; I and K run in float64.
def _horner(z, coeffs):
    r = jnp.zeros_like(z)
    for c in coeffs:
        r = r * z + c
    return r


def _chbevl(y, coeffs):
    b = jnp.full_like(y, coeffs[0])
    p = q = jnp.zeros_like(y)
    for c in coeffs[1:]:
        p, q = q, b
        b = y * q - p + c
    return 0.5 * (b - p)


_SQ2OPI = 0.797884560802865355879892119868763737  # sqrt(2 / pi)
_PIO4 = 0.785398163397448309615660845819875721
_THPIO4 = 2.356194490192344928846982537459627163
_TWOOPI = 0.636619772367581343075535053490057448


def _j0(x):
    x = jnp.abs(x)
    z = x * x
    small = 1.0 - z / 4.0
    mid = (z - 5.78318596294678452118e+00) * (z - 3.04712623436620863991e+01) * \
        _horner(z, C.J0_RP) / _horner(z, C.J0_RQ)
    w = 25.0 / z
    asym = (_horner(w, C.J0_PP) / _horner(w, C.J0_PQ) * jnp.cos(x - _PIO4) - 5.0 / x *
            (_horner(w, C.J0_QP) / _horner(w, C.J0_QQ)) * jnp.sin(x - _PIO4)) * \
        _SQ2OPI / jnp.sqrt(x)
    return jnp.where(x <= 5.0, jnp.where(x < 1e-5, small, mid), asym)


def _j1(x):
    neg = x < 0
    x = jnp.abs(x)
    z = x * x
    mid = _horner(z, C.J1_RP) / _horner(z, C.J1_RQ) * x * (z - 1.46819706421238932572e+01) * \
        (z - 4.92184563216946036703e+01)
    w = 5.0 / x * (5.0 / x)
    asym = (_horner(w, C.J1_PP) / _horner(w, C.J1_PQ) * jnp.cos(x - _THPIO4) - 5.0 / x *
            (_horner(w, C.J1_QP) / _horner(w, C.J1_QQ)) * jnp.sin(x - _THPIO4)) * \
        _SQ2OPI / jnp.sqrt(x)
    r = jnp.where(x <= 5.0, mid, asym)
    return jnp.where(neg, -r, r)


def _y0(x):
    z = x * x
    mid = _horner(z, C.Y0_YP) / _horner(z, C.Y0_YQ) + _TWOOPI * jnp.log(x) * _j0(x)
    mid = jnp.where(x == 0, -jnp.inf, jnp.where(x < 0, jnp.nan, mid))
    w = 25.0 / z
    asym = (_horner(w, C.J0_PP) / _horner(w, C.J0_PQ) * jnp.sin(x - _PIO4) + 5.0 / x *
            (_horner(w, C.J0_QP) / _horner(w, C.J0_QQ)) * jnp.cos(x - _PIO4)) * \
        _SQ2OPI / jnp.sqrt(x)
    return jnp.where(x <= 5.0, mid, asym)


def _y1(x):
    z = x * x
    mid = x * (_horner(z, C.Y1_YP) / _horner(z, C.Y1_YQ)) + \
        _TWOOPI * (_j1(x) * jnp.log(x) - 1.0 / x)
    mid = jnp.where(x == 0, -jnp.inf, jnp.where(x < 0, jnp.nan, mid))
    w = 5.0 / x * (5.0 / x)
    asym = (_horner(w, C.J1_PP) / _horner(w, C.J1_PQ) * jnp.sin(x - _THPIO4) + 5.0 / x *
            (_horner(w, C.J1_QP) / _horner(w, C.J1_QQ)) * jnp.cos(x - _THPIO4)) * \
        _SQ2OPI / jnp.sqrt(x)
    return jnp.where(x <= 5.0, mid, asym)


def _mi0(x):
    ax = jnp.abs(x)
    small = jnp.exp(ax) * _chbevl(ax / 2.0 - 2.0, C.I0_A)
    large = jnp.exp(ax) * _chbevl(32.0 / ax - 2.0, C.I0_B) / jnp.sqrt(ax)
    return jnp.where(ax <= 8.0, small, large)


def _mi1(x):
    ax = jnp.abs(x)
    small = _chbevl(ax / 2.0 - 2.0, C.I1_A) * ax * jnp.exp(ax)
    large = jnp.exp(ax) * _chbevl(32.0 / ax - 2.0, C.I1_B) / jnp.sqrt(ax)
    r = jnp.where(ax <= 8.0, small, large)
    return jnp.where(x < 0, -r, r)


def _k_edges(x, r):
    return jnp.where(x == 0, jnp.inf, jnp.where(x < 0, jnp.nan, r))


def _k0(x, scaled):
    small = _chbevl(x * x - 2.0, C.K0_A) - jnp.log(0.5 * x) * _mi0(x)
    large = _chbevl(8.0 / x - 2.0, C.K0_B) / jnp.sqrt(x)
    if scaled:
        small = small * jnp.exp(x)
    else:
        large = jnp.exp(-x) * large
    return _k_edges(x, jnp.where(x <= 2.0, small, large))


def _k1(x, scaled):
    small = jnp.log(0.5 * x) * _mi1(x) + _chbevl(x * x - 2.0, C.K1_A) / x
    large = _chbevl(8.0 / x - 2.0, C.K1_B) / jnp.sqrt(x)
    if scaled:
        small = small * jnp.exp(x)
    else:
        large = jnp.exp(-x) * large
    return _k_edges(x, jnp.where(x <= 2.0, small, large))


def _airy_ai(x):
    """In the input's precision, as PyTorch (whose float32 phase t loses digits for x << 0)."""
    xn = jnp.where(x < -2.09, x, -3.0)  # asymptotic expansion for x < -2.09
    zeta_n = _div(-2.0 * xn * jnp.sqrt(-xn), 3.0)
    z = 1.0 / zeta_n
    zz = z * z
    t = zeta_n + 0.25 * np.pi
    neg = 5.64189583547756286948e-01 / jnp.sqrt(jnp.sqrt(-xn)) * (
        jnp.sin(t) * (1.0 + zz * _horner(zz, C.AI_AFN) / _horner(zz, C.AI_AFD)) -
        jnp.cos(t) * (z * _horner(zz, C.AI_AGN) / _horner(zz, C.AI_AGD)))
    xp = jnp.where(x >= 2.09, x, 3.0)  # asymptotic expansion for x >= 2.09
    zeta_p = _div(2.0 * xp * jnp.sqrt(xp), 3.0)
    pos = 5.64189583547756286948e-01 * (_horner(1.0 / zeta_p, C.AI_AN) /
                                        _horner(1.0 / zeta_p, C.AI_AD)) / \
        (2.0 * jnp.sqrt(jnp.sqrt(xp)) * jnp.exp(zeta_p))
    xs = jnp.where((x >= -2.09) & (x < 2.09), x, 0.0)  # Maclaurin series in between
    zs = xs * xs * xs
    eps = float(jnp.finfo(x.dtype).eps)

    def cond(st):
        return jnp.any(st[5]) & (st[0] < 60.0)

    def body(st):  # PyTorch's loop: until |m / f| <= eps (< 20 terms for |x| < 2.09)
        k, m, nn, f, g, running = st
        m2 = _div(_div(m * zs, k + 1.0), k + 2.0)
        n2 = _div(_div(nn * zs, k + 2.0), k + 3.0)
        f2 = f + m2
        return (k + 3.0, jnp.where(running, m2, m), jnp.where(running, n2, nn),
                jnp.where(running, f2, f), jnp.where(running, g + n2, g),
                running & (jnp.abs(m2 / f2) > eps))

    one = jnp.ones_like(xs)
    _, _, _, f, g, _ = lax.while_loop(cond, body, (jnp.asarray(1.0, x.dtype), one, xs, one, xs,
                                                   jnp.ones(xs.shape, bool)))
    series = 0.355028053887817239260 * f - 0.258819403792806798405 * g
    r = jnp.where(x < -2.09, neg, jnp.where(x >= 2.09, pos, series))
    r = jnp.where(x > 103.892, 0.0, r)
    return jnp.where(jnp.isinf(x), jnp.nan, jnp.where(jnp.isnan(x), x, r))


def bessel_j0(a):
    return _j0(a)


def bessel_j1(a):
    return _j1(a)


def bessel_y0(a):
    return _y0(a)


def bessel_y1(a):
    return _y1(a)


def modified_bessel_i0(a):
    return _exp_overflow(a, _mi0(_up(a)).astype(a.dtype))


def modified_bessel_i1(a):
    return _exp_overflow(a, _mi1(_up(a)).astype(a.dtype))


def modified_bessel_k0(a):
    return _k0(_up(a), False).astype(a.dtype)


def modified_bessel_k1(a):
    return _k1(_up(a), False).astype(a.dtype)


def scaled_modified_bessel_k0(a):
    return _k0(_up(a), True).astype(a.dtype)


def scaled_modified_bessel_k1(a):
    return _k1(_up(a), True).astype(a.dtype)


def airy_ai(a):
    return _airy_ai(a)


# ---- orthogonal polynomials (PyTorch's recurrences, in the result dtype) --------------------
def _int_degree(n):
    """static_cast<int64_t>(n) as on x86: NaN, infinities and out-of-range values give
    INT64_MIN, i.e. a negative degree."""
    ok = jnp.isfinite(n) & (jnp.abs(n) < 2.0 ** 63)
    return jnp.trunc(jnp.where(ok, n, -1)).astype(jnp.int64)


def _recur(x, n, p, q, need, step, k0, last, nan_stop=True):
    """r_k = step(k, p, q) for k = k0 .. last(n), per element, stopping at a NaN like PyTorch's
    loops. Elements outside `need` keep q."""
    def active(k, q):
        a = need & (k <= last)
        return a & ~jnp.isnan(q) if nan_stop else a

    def cond(st):
        k, p, q = st
        return jnp.any(active(k, q))

    def body(st):
        k, p, q = st
        act = active(k, q)
        r = step(k, p, q)
        return k + 1, jnp.where(act, q, p), jnp.where(act, r, q)

    _, _, q = lax.while_loop(cond, body, (jnp.asarray(k0, jnp.int64), p, q))
    return q


def _T(v, x):
    return jnp.asarray(v).astype(x.dtype)


def _cheb_t(x, n, y=None, shifted=False):
    y = x if y is None else y
    one = jnp.ones_like(x)
    ay = jnp.abs(y)
    even = n % 2 == 0
    trig_n = 6
    if shifted:
        edge = (x == 1) | (x == 0)
        edge_v = jnp.where(x == 1, one, jnp.where(even, one, -one))
    else:
        edge = ay == 1
        edge_v = jnp.where((x > 0) | even, one, -one)
    trig = (n > trig_n) & (ay < 1) & ~edge
    tv = jnp.cos(_T(n, x) * jnp.arccos(y))
    need = ~edge & ~trig & (n >= 2)
    rec = _recur(x, n, one, y, need, lambda k, p, q: (y + y) * q - p, 2, n)
    r = jnp.where(n == 0, one, jnp.where(n == 1, y, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, edge_v, jnp.where(trig, tv, r)))


def _cheb_u(x, n, y=None, shifted=False):
    y = x if y is None else y
    one = jnp.ones_like(x)
    ay = jnp.abs(y)
    even = n % 2 == 0
    n1 = _T(n + 1, x)
    if shifted:
        edge = (x == 1) | (x == 0)
        edge_v = jnp.where((x == 1) | even, n1, -n1)
        trig = (n > 6) & (ay < 1) & ~edge
    else:
        edge = ay == 1
        edge_v = jnp.where((x > 0) | even, n1, -n1)
        trig = (n > 8) & (ay < 1) & ~edge
    ac = jnp.arccos(y)
    s = jnp.sin(ac)
    tv = jnp.where(s != 0, jnp.sin(n1 * ac) / s, n1 * jnp.cos(n1 * ac) / y)
    need = ~edge & ~trig & (n >= 2)
    rec = _recur(x, n, one, y + y, need, lambda k, p, q: (y + y) * q - p, 2, n)
    r = jnp.where(n == 0, one, jnp.where(n == 1, y + y, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, edge_v, jnp.where(trig, tv, r)))


def _cheb_v(x, n, y=None, shifted=False):
    y = x if y is None else y
    one = jnp.ones_like(x)
    ay = jnp.abs(y)
    even = n % 2 == 0
    n21 = _T(n + n + 1, x)
    odd_v = jnp.where(even, n21, -n21)
    if shifted:
        edge = (x == 1) | (x == 0)
        edge_v = jnp.where(x == 1, one, odd_v)
        trig = (n > 6) & (ay < 1) & ~edge
    else:
        edge = ay == 1
        edge_v = jnp.where(x > 0, one, odd_v)
        trig = (n > 8) & (ay < 1) & ~edge
    ac = jnp.arccos(y)
    tv = jnp.where(jnp.sin(ac / 2) != 1, jnp.cos((_T(n, x) + 0.5) * ac) / jnp.cos(ac / 2), odd_v)
    need = ~edge & ~trig & (n >= 2)
    q0 = y + y - 1
    rec = _recur(x, n, one, q0, need, lambda k, p, q: (y + y) * q - p, 2, n)
    r = jnp.where(n == 0, one, jnp.where(n == 1, q0, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, edge_v, jnp.where(trig, tv, r)))


def _cheb_w(x, n, y=None, shifted=False):
    y = x if y is None else y
    one = jnp.ones_like(x)
    ay = jnp.abs(y)
    even = n % 2 == 0
    n21 = _T(n + n + 1, x)
    sign_v = jnp.where(even, one, -one)
    if shifted:
        edge = (x == 1) | (x == 0)
        edge_v = jnp.where(x == 1, n21, sign_v)
        trig = (n > 4) & (ay < 1) & ~edge
        fallback = sign_v
    else:
        edge = ay == 1
        edge_v = jnp.where(x > 0, n21, sign_v)
        trig = (n > 8) & (ay < 1) & ~edge
        fallback = jnp.where(x > 0, n21, sign_v)
    ac = jnp.arccos(y)
    tv = jnp.where(jnp.cos(ac / 2) != 1, jnp.sin((_T(n, x) + 0.5) * ac) / jnp.sin(ac / 2),
                   fallback)
    need = ~edge & ~trig & (n >= 2)
    q0 = y + y + 1
    rec = _recur(x, n, one, q0, need, lambda k, p, q: (y + y) * q - p, 2, n)
    r = jnp.where(n == 0, one, jnp.where(n == 1, q0, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, edge_v, jnp.where(trig, tv, r)))


def _hermite_h(x, n):
    one = jnp.ones_like(x)
    limit = 128 if x.dtype == jnp.float32 else 512
    need = (n >= 2) & (n <= limit)
    # PyTorch's k = 2, 4, ... < 2n is j = k / 2 = 1 .. n - 1
    rec = _recur(x, n, one, x + x, need, lambda j, p, q: (x + x) * q - _T(j + j, x) * p, 1,
                 n - 1, nan_stop=False)
    r = jnp.where(n > limit, jnp.nan * one, rec)
    r = jnp.where(n == 0, one, jnp.where(n == 1, x + x, r))
    return jnp.where(n < 0, jnp.zeros_like(x), r)


def _hermite_he(x, n):
    one = jnp.ones_like(x)
    limit = 128 if x.dtype == jnp.float32 else 512
    need = (n >= 2) & (n <= limit)
    rec = _recur(x, n, one, x, need, lambda k, p, q: x * q - _T(k, x) * p, 1, n - 1,
                 nan_stop=False)
    r = jnp.where(n > limit, jnp.nan * one, rec)
    r = jnp.where(n == 0, one, jnp.where(n == 1, x, r))
    return jnp.where(n < 0, jnp.zeros_like(x), r)


def _laguerre_l(x, n):
    one = jnp.ones_like(x)
    edge = jnp.abs(x) == 0
    need = ~edge & (n >= 2)
    rec = _recur(x, n, one, one - x, need,
                 lambda k, p, q: _div((_T(k + k, x) + (one - x)) * q - _T(k, x) * p, _T(k + 1, x)),
                 1, n - 1)
    r = jnp.where(n == 0, one, jnp.where(n == 1, one - x, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, one, r))


def _legendre_p(x, n):
    one = jnp.ones_like(x)
    edge = jnp.abs(x) == 1
    edge_v = jnp.where((x > 0) | (n % 2 == 0), one, -one)
    need = ~edge & (n >= 2)
    rec = _recur(x, n, one, x, need,
                 lambda k, p, q: _div(_T(k + k + 1, x) * x * q - _T(k, x) * p, _T(k + 1, x)),
                 1, n - 1)
    r = jnp.where(n == 0, one, jnp.where(n == 1, x, rec))
    return jnp.where(n < 0, jnp.zeros_like(x), jnp.where(edge, edge_v, r))


def _shifted(f):
    def g(x, n):
        return f(x, n, y=x + x - 1, shifted=True)
    return g


_POLYNOMIALS = {
    "chebyshev_polynomial_t": _cheb_t, "chebyshev_polynomial_u": _cheb_u,
    "chebyshev_polynomial_v": _cheb_v, "chebyshev_polynomial_w": _cheb_w,
    "shifted_chebyshev_polynomial_t": _shifted(_cheb_t),
    "shifted_chebyshev_polynomial_u": _shifted(_cheb_u),
    "shifted_chebyshev_polynomial_v": _shifted(_cheb_v),
    "shifted_chebyshev_polynomial_w": _shifted(_cheb_w),
    "hermite_polynomial_h": _hermite_h, "hermite_polynomial_he": _hermite_he,
    "laguerre_polynomial_l": _laguerre_l, "legendre_polynomial_p": _legendre_p,
}


def polynomial_kernel(x, n, *, kind, cdt):
    """PyTorch evaluates P_n(x) with x and n in the common dtype and n truncated to int64."""
    x = _cast(x, cdt)
    n = _cast(n, cdt)
    x, n = jnp.broadcast_arrays(x, n)
    return _POLYNOMIALS[kind](x, _int_degree(n))
