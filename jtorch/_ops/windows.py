"""Window functions: hann_window, hamming_window, blackman_window, bartlett_window, kaiser_window.

Each window is computed with PyTorch's sequence of tensor ops (arange, scale, cos, ...) in the
op-math type of the dtype (float32 for float16/bfloat16), rounding to the dtype after every op
as PyTorch's CPU kernels do; kaiser_window uses PyTorch's Cephes Chebyshev i0 in that precision.
cos is taken in float64 and rounded: PyTorch's vectorised (SLEEF) cos is within 1 ulp of it,
so a few values differ from PyTorch by 1 ulp (about 3% of float32 values; bartlett_window,
which has no cos, is bit-exact in float32 and float64). float16/bfloat16 windows can differ by
1-2 ulp of the dtype, and float64 kaiser_window by a few ulp (PyTorch's double i0/exp).
"""
import math
import operator

import jax
import jax.numpy as jnp
import numpy as np

from .registry import op
from .dispatch import record

_CPP = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
        "uint8": "unsigned char", "bool": "bool"}


def _length(n, name):
    if isinstance(n, bool) or isinstance(n, float) or not hasattr(n, "__index__"):
        raise TypeError(f"{name}(): argument 'window_length' (position 1) must be int, not "
                        f"{type(n).__name__}")
    return operator.index(n)


def _setup(name, window_length, dtype, device, requires_grad):
    from .. import _creation
    n = _length(window_length, name)
    dt = _creation._float_dtype(dtype, name)
    if not dt.is_floating_point:
        dev = "cpu" if device is None else str(device)
        if dev == "cuda":
            dev = "cuda:0"
        raise RuntimeError(f"{name} expects floating point dtypes, got: TensorOptions(dtype="
                           f"{_CPP.get(dt.name, dt.name)}, device={dev}, layout=Strided "
                           f"(default), requires_grad=false (default), pinned_memory=false, "
                           f"memory_format=(nullopt))")
    if n < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={n}")
    return n, dt


def _make(kernel, inputs, static, name, n, dt, device, requires_grad):
    from .. import _creation
    _creation._finish_check(dt, requires_grad)
    dev = _creation._jdev(device)
    if n <= 1:
        t = record(_creation._full_kernel, (1 if n else 0,), (("shape", (n,)), ("dt", dt)),
                   name=name, device=dev)
    else:
        t = record(kernel, (0,) + inputs, static + (("dt", dt),), name=name, device=dev)
    return _creation._finish(t, requires_grad)


_INT = {2: jnp.int16, 4: jnp.int32, 8: jnp.int64}


def _opaque(x, z):
    """x, through a bit operation with the runtime zero `z` that XLA and LLVM cannot see
    through: they would otherwise drop a float32 rounding between float64 ops (convert pairs)
    or fuse a multiply and an add into one FMA, both of which round differently."""
    it = _INT[np.dtype(x.dtype).itemsize]
    bits = jax.lax.bitcast_convert_type(x, it) | z.astype(it)
    return jax.lax.bitcast_convert_type(bits, x.dtype)


class _Arith:
    """PyTorch's float arithmetic for dtype dt: every op rounds once to the op-math type (float
    for float16/bfloat16) and then to dt. Below float64 each op runs in float64 and is rounded
    (exact for +, -, *, /, sqrt of floats), which also keeps LLVM from contracting a multiply
    and an add into one FMA."""

    def __init__(self, dt, z):
        self.dt = dt.np
        self.wide = dt.np != np.float64
        self.op = np.float32 if self.wide else np.float64
        self.z = z

    def r(self, x):
        """Round a float64 (or op-math) result to the op-math type, then to dt."""
        return _opaque(x.astype(self.op).astype(self.dt), self.z)

    def up(self, x):
        return x.astype(jnp.float64) if self.wide else x

    def const(self, c):
        return jnp.asarray(c, jnp.float64).astype(self.op).astype(jnp.float64 if self.wide
                                                                 else self.op)

    def mul(self, a, b):
        return self.r(self.up(a) * b)

    def add(self, a, b):
        return self.r(self.up(a) + b)

    def cos(self, a):
        return self.r(jnp.cos(a.astype(jnp.float64)))

    def arange(self, n):
        return jnp.arange(n, dtype=jnp.float64).astype(self.op).astype(self.dt)


def _hamming_kernel(z, c, alpha, beta, *, n, periodic, dt):
    A = _Arith(dt, z)
    m = n + 1 if periodic else n
    w = A.mul(A.arange(m), A.const(c))
    w = A.cos(w)
    w = A.mul(w, A.const(-beta))
    w = A.add(w, A.const(alpha))
    return w[:n]


def _blackman_kernel(z, c, *, n, periodic, dt):
    A = _Arith(dt, z)
    m = n + 1 if periodic else n
    w = A.mul(A.arange(m), A.const(c))
    a = A.mul(A.cos(A.mul(w, A.const(4.0))), A.const(0.08))
    b = A.mul(A.cos(A.mul(w, A.const(2.0))), A.const(0.5))
    w = A.add(A.add(a, -A.up(b)), A.const(0.42))
    return w[:n]


def _bartlett_kernel(z, c, *, n, periodic, dt):
    A = _Arith(dt, z)
    m = n + 1 if periodic else n
    w = A.mul(A.arange(m), A.const(c))
    half = ((m - 1) >> 1) + 1
    tail = A.add(A.mul(w[half:], A.const(-1.0)), A.const(2.0))
    w = jnp.concatenate([w[:half], tail])
    return w[:n]


# Cephes' Chebyshev coefficients for exp(-x) i0(x), as PyTorch's calc_i0 uses them.
def _i0_coeffs():
    from ..special import _cephes as C
    return C.I0_A, C.I0_B


class _OpMath:
    """Arithmetic in one float type (float32 or float64), each op rounded once."""

    def __init__(self, t, z):
        self.t = t
        self.wide = t != np.float64
        self.z = z

    def r(self, x):
        return x.astype(self.t) if self.z is None else _opaque(x.astype(self.t), self.z)

    def up(self, x):
        return x.astype(jnp.float64) if self.wide else x

    def mul(self, a, b):
        return self.r(self.up(a) * self.up(b))

    def div(self, a, b):
        return self.r(self.up(a) / self.up(b))

    def add(self, a, b):
        return self.r(self.up(a) + self.up(b))

    def sub(self, a, b):
        return self.r(self.up(a) - self.up(b))

    def c(self, v):
        return jnp.asarray(v, jnp.float64).astype(self.t)

    def f(self, fn, a):
        return self.r(fn(a.astype(jnp.float64)))


def _chbevl(M, y, coeffs):
    b0 = jnp.full_like(y, M.c(coeffs[0]))
    b1 = b2 = jnp.zeros_like(y)
    for c in coeffs[1:]:
        b2, b1 = b1, b0
        b0 = M.add(M.sub(M.mul(y, b1), b2), M.c(c))
    return M.mul(M.sub(b0, b2), M.c(0.5))


def _calc_i0(M, x):
    a_c, b_c = _i0_coeffs()
    x = jnp.abs(x)
    small = M.mul(M.f(jnp.exp, x), _chbevl(M, M.sub(M.div(x, M.c(2)), M.c(2)), a_c))
    safe = jnp.where(x > 8, x, M.c(16))
    large = M.div(M.mul(M.f(jnp.exp, safe),
                        _chbevl(M, M.sub(M.div(M.c(32), safe), M.c(2)), b_c)),
                  M.f(jnp.sqrt, safe))
    return jnp.where(x <= 8, small, large)


def _kaiser_kernel(z, half, beta, *, n, periodic, dt):
    M = _OpMath(np.float64 if dt.np == np.float64 else np.float32, None)
    m = n + 1 if periodic else n
    a = jnp.arange(m, dtype=jnp.float64).astype(dt.np).astype(M.t)
    alpha = M.c(half)
    b = M.c(beta)
    q = M.div(M.sub(a, alpha), alpha)
    arg = M.mul(b, M.f(jnp.sqrt, jnp.abs(M.sub(M.c(1), M.mul(q, q)))))
    w = M.div(_calc_i0(M, arg), _calc_i0(M, b))
    return w[:n].astype(dt.np)


def _periodic_arg(periodic, name):
    if not isinstance(periodic, (bool, np.bool_)):
        raise TypeError(f"{name}(): argument 'periodic' (position 2) must be bool, not "
                        f"{type(periodic).__name__}")
    return bool(periodic)


_UNSET = object()


def _c(num, n, periodic):
    """The double scale num / (N - 1) PyTorch multiplies arange(N) by (N = n + 1 if periodic).
    Window kernels take their scalars as inputs: a kernel of constants only would be folded by
    XLA at compile time, which rounds differently."""
    m = n + 1 if periodic else n
    return num / (m - 1) if m > 1 else 0.0


def _invalid_kw(name, given):
    kws = ", ".join(f"{k}={type(v).__name__}" for k, v in given)
    raise TypeError(f"{name}() received an invalid combination of arguments - got (int, {kws}), "
                    f"but expected one of:")


@op("hann_window", method=False)
def hann_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                requires_grad=False, pin_memory=False):
    """torch.hann_window: 0.5 - 0.5 cos(2 pi n / (N - 1)) (N = window_length + 1 when
    periodic), computed as PyTorch does (hamming with alpha = beta = 0.5)."""
    n, dt = _setup("hann_window", window_length, dtype, device, requires_grad)
    p = _periodic_arg(periodic, "hann_window")
    return _make(_hamming_kernel, (_c(2 * math.pi, n, p), 0.5, 0.5),
                 (("n", n), ("periodic", p)), "hann_window", n,
                 dt, device, requires_grad)


@op("hamming_window", method=False)
def hamming_window(window_length, periodic=_UNSET, alpha=_UNSET, beta=_UNSET, *, dtype=None,
                   layout=None, device=None, requires_grad=False, pin_memory=False):
    """torch.hamming_window: alpha - beta cos(2 pi n / (N - 1)); alpha needs periodic and beta
    needs alpha, as in PyTorch's overloads."""
    given = [(k, v) for k, v in (("periodic", periodic), ("alpha", alpha), ("beta", beta))]
    if (periodic is _UNSET and alpha is not _UNSET) or (alpha is _UNSET and beta is not _UNSET):
        _invalid_kw("hamming_window", [(k, v) for k, v in given if v is not _UNSET])
    n, dt = _setup("hamming_window", window_length, dtype, device, requires_grad)
    p = True if periodic is _UNSET else _periodic_arg(periodic, "hamming_window")
    a = 0.54 if alpha is _UNSET else float(alpha)
    b = 0.46 if beta is _UNSET else float(beta)
    return _make(_hamming_kernel, (_c(2 * math.pi, n, p), a, b),
                 (("n", n), ("periodic", p)), "hamming_window", n, dt,
                 device, requires_grad)


@op("blackman_window", method=False)
def blackman_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    requires_grad=False, pin_memory=False):
    """torch.blackman_window: 0.42 - 0.5 cos(2 pi n / (N - 1)) + 0.08 cos(4 pi n / (N - 1))."""
    n, dt = _setup("blackman_window", window_length, dtype, device, requires_grad)
    p = _periodic_arg(periodic, "blackman_window")
    return _make(_blackman_kernel, (_c(math.pi, n, p),),
                 (("n", n), ("periodic", p)), "blackman_window", n, dt,
                 device, requires_grad)


@op("bartlett_window", method=False)
def bartlett_window(window_length, periodic=True, *, dtype=None, layout=None, device=None,
                    requires_grad=False, pin_memory=False):
    """torch.bartlett_window: the triangular window 1 - |2n / (N - 1) - 1|."""
    n, dt = _setup("bartlett_window", window_length, dtype, device, requires_grad)
    p = _periodic_arg(periodic, "bartlett_window")
    return _make(_bartlett_kernel, (_c(2.0, n, p),),
                 (("n", n), ("periodic", p)), "bartlett_window", n, dt,
                 device, requires_grad)


@op("kaiser_window", method=False)
def kaiser_window(window_length, periodic=_UNSET, beta=_UNSET, *, dtype=None, layout=None,
                  device=None, requires_grad=False, pin_memory=False):
    """torch.kaiser_window: i0(beta sqrt(1 - ((n - N/2) / (N/2))^2)) / i0(beta), beta=12."""
    if periodic is _UNSET and beta is not _UNSET:
        _invalid_kw("kaiser_window", [("beta", beta)])
    n, dt = _setup("kaiser_window", window_length, dtype, device, requires_grad)
    p = True if periodic is _UNSET else _periodic_arg(periodic, "kaiser_window")
    b = 12.0 if beta is _UNSET else float(beta)
    return _make(_kaiser_kernel, ((n - (not p)) / 2.0, b),
                 (("n", n), ("periodic", p)), "kaiser_window", n, dt,
                 device, requires_grad)
