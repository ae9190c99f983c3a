"""Private kernels torch.distributions needs and jtorch's op layer does not (yet) expose:
softmax/log_softmax/softplus/log_sigmoid/one_hot/BCE-with-logits, the regularised incomplete
gamma function, log Bessel I0/I1, and the samplers torch has as ops (torch._standard_gamma,
torch._sample_dirichlet, torch.binomial, VonMises' rejection sampler).

Each is one recorded node (`dispatch.record`) over a pure jnp kernel, so autograd is jax.vjp of
the kernel. Samplers draw from jtorch's Generator (key and offset as dynamic inputs, as in
jtorch/_ops/random_ops.py); Gamma/Dirichlet samples are differentiable in their concentration
(JAX's implicit reparameterisation, as PyTorch's _standard_gamma_grad / _dirichlet_grad).
"""
import jax
import jax.numpy as jnp
import numpy as np
import jax.scipy.special as jsp

from .._ops import dispatch
from .._ops import random_ops as _random_ops
from .._ops.elementwise import result_type, exact_div
from .._ops.shape import wrap_dim
from .._ops.reduction import _cascade_sum
from .. import random as _rng
from .. import _dtype
from .. import _mt19937 as _mt


def _cdt(dt):
    """The dtype a kernel computes `dt` in (float32 for the half types)."""
    return jnp.float32 if dt in (_dtype.float16, _dtype.bfloat16) else dt.np


def _float_dtype(*xs):
    dt = result_type(*xs)
    return dt if dt.is_floating_point else _dtype.get_default_dtype()


# ---- activations ----------------------------------------------------------------------------
def _softmax_k(x, *, dim, dt):
    return jax.nn.softmax(x.astype(_cdt(dt)), axis=dim).astype(dt.np)


def _log_softmax_k(x, *, dim, dt):
    return jax.nn.log_softmax(x.astype(_cdt(dt)), axis=dim).astype(dt.np)


def softmax(x, dim=-1):
    """F.softmax(x, dim) for a floating tensor."""
    dt = _float_dtype(x)
    return dispatch.record(_softmax_k, (x,), (("dim", wrap_dim(dim, x.dim())), ("dt", dt)),
                           name="softmax", gname="SoftmaxBackward0")


def log_softmax(x, dim=-1):
    """F.log_softmax(x, dim) for a floating tensor."""
    dt = _float_dtype(x)
    return dispatch.record(_log_softmax_k, (x,), (("dim", wrap_dim(dim, x.dim())), ("dt", dt)),
                           name="log_softmax", gname="LogSoftmaxBackward0")


def _softplus_k(x, *, dt):
    c = x.astype(_cdt(dt))
    # PyTorch's softplus (beta=1, threshold=20): linear above the threshold
    return jnp.where(c > 20, c, jnp.log1p(jnp.exp(jnp.minimum(c, 20)))).astype(dt.np)


def softplus(x):
    """F.softplus(x) with PyTorch's defaults (beta=1, threshold=20)."""
    dt = _float_dtype(x)
    return dispatch.record(_softplus_k, (x,), (("dt", dt),), name="softplus",
                           gname="SoftplusBackward0")


def _log_sigmoid_k(x, *, dt):
    return jax.nn.log_sigmoid(x.astype(_cdt(dt))).astype(dt.np)


def log_sigmoid(x):
    """F.logsigmoid(x)."""
    dt = _float_dtype(x)
    return dispatch.record(_log_sigmoid_k, (x,), (("dt", dt),), name="log_sigmoid",
                           gname="LogSigmoidBackward0")


def _bce_logits_k(x, t, *, dt):
    c = _cdt(dt)
    x = x.astype(c)
    t = t.astype(c)
    return ((1 - t) * x - jax.nn.log_sigmoid(x)).astype(dt.np)


def bce_with_logits(logits, target):
    """F.binary_cross_entropy_with_logits(logits, target, reduction='none')."""
    dt = _float_dtype(logits, target)
    return dispatch.record(_bce_logits_k, (logits, target), (("dt", dt),),
                           name="binary_cross_entropy_with_logits",
                           gname="BinaryCrossEntropyWithLogitsBackward0")


def _one_hot_k(idx, *, n):
    return (idx[..., None] == jnp.arange(n, dtype=idx.dtype)).astype(jnp.int64)


def one_hot(idx, n):
    """F.one_hot(idx, n): int64 one-hot vectors along a new last dim."""
    return dispatch.record(_one_hot_k, (idx,), (("n", int(n)),), name="one_hot")


# ---- special functions ----------------------------------------------------------------------
def _gammainc_k(a, x, *, dt):
    c = _cdt(dt)
    return jsp.gammainc(a.astype(c), x.astype(c)).astype(dt.np)


def gammainc(a, x):
    """torch.special.gammainc(a, x): the regularised lower incomplete gamma function."""
    dt = _float_dtype(a, x)
    return dispatch.record(_gammainc_k, (a, x), (("dt", dt),), name="gammainc")


def _log_i0_k(x, *, order, dt):
    c = x.astype(_cdt(dt))
    e = jsp.i0e(c) if order == 0 else jsp.i1e(c)
    return (jnp.log(e) + jnp.abs(c)).astype(dt.np)


def log_bessel_i(x, order):
    """log I_order(x) for x >= 0 (order 0 or 1), via the exponentially scaled Bessel functions."""
    dt = _float_dtype(x)
    return dispatch.record(_log_i0_k, (x,), (("order", order), ("dt", dt)), name="log_bessel_i")


def _mvlgamma_k(x, *, p, dt):
    c = x.astype(_cdt(dt))
    return jsp.multigammaln(c, p).astype(dt.np)


def mvlgamma(x, p):
    """torch.mvlgamma(x, p): the log multivariate gamma function of dimension p."""
    dt = _float_dtype(x)
    return dispatch.record(_mvlgamma_k, (x,), (("p", int(p)), ("dt", dt)), name="mvlgamma")


# ---- samplers -------------------------------------------------------------------------------
def _draw(fn, like, inputs, static, name, gname=None, generator=None, **host):
    return _random_ops._draw(fn, like._nd.device, generator, inputs, static, name, gname=gname,
                             **host)


def _host_values(t):
    """t's values as a float64 NumPy array (PyTorch's CPU samplers read them: a sync point)."""
    return np.asarray(t.detach()._array(), np.float64)


def _cpu_float(*ts):
    """Whether PyTorch's CPU kernel (float32/float64 only) applies: host-drawn samples."""
    return all(t.dtype in (_dtype.float32, _dtype.float64) for t in ts)


@jax.custom_jvp
def _implicit_gamma(g, a):
    """Gamma(a) samples `g` as they are, with the implicit reparameterisation derivative dg/da
    (computed only when differentiated: a sampling forward does not pay for it)."""
    return g


@_implicit_gamma.defjvp
def _implicit_gamma_jvp(primals, tangents):
    g, a = primals
    dg, da = tangents
    grad = jax.lax.random_gamma_grad(a, g)
    # (none through a NaN or infinite alpha, or where the derivative is not finite)
    grad = jnp.where(jnp.isfinite(grad) & jnp.isfinite(a), grad, 0)
    return g, dg + grad * da


def _standard_gamma_k(key, offset, alpha, *, dt):
    c = _cdt(dt)
    a = alpha.astype(c)
    g = jax.random.gamma(_rng.subkey(key, offset), a, a.shape, c)
    return jnp.maximum(g, jnp.finfo(c).tiny).astype(dt.np)


def _standard_gamma_host_k(samples, alpha):
    return _implicit_gamma(samples, alpha.astype(samples.dtype))


def standard_gamma(alpha, generator=None):
    """torch._standard_gamma(alpha): Gamma(alpha, 1) samples, differentiable in alpha (on the
    CPU PyTorch's own samples, drawn on the host from the values of alpha)."""
    host = {}
    if _cpu_float(alpha):
        dt = alpha.dtype.np
        host = dict(host=lambda mt: _mt.standard_gamma(mt, _host_values(alpha), dt),
                    host_kernel=_standard_gamma_host_k, host_static=())
    return _draw(_standard_gamma_k, alpha, (alpha,), (("dt", alpha.dtype),), "_standard_gamma",
                 "StandardGammaBackward0", generator, **host)


def _beta_cf(x, a, b, ta, tb, steps=512):
    """(K, dlogK): K = 1 / (1 + d1 / (1 + d2 / (1 + ...))), the continued fraction of the
    regularised incomplete beta function (Abramowitz & Stegun 26.5.8: I_x(a, b) =
    x^a (1-x)^b K / (a B(a, b))) by Lentz's method, and its logarithmic derivative along the
    parameter tangent (ta, tb), carried through the same recurrence (forward mode by hand:
    cheaper to compile than jax.jvp of the loop)."""
    tiny = 1e-300

    def guard(v):
        return jnp.where(jnp.abs(v) < tiny, tiny, v)

    def lentz(state, num, dnum, den, dden):
        # one more level of the fraction, with term t = x num / den
        f, dlog, c, dc, d, dd = state
        t = x * num / den
        dt = x * (dnum * den - num * dden) / (den * den)
        u = guard(1 + t * d)
        du = dt * d + t * dd
        cn = guard(1 + t / c)
        dcn = dt / c - t * dc / (c * c)
        return f * cn / u, dlog + dcn / cn - du / u, cn, dcn, 1 / u, -du / (u * u)

    def odd(state, m):
        # d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
        return lentz(state, -(a + m) * (a + b + m), -(ta * (a + b + m) + (a + m) * (ta + tb)),
                     (a + 2 * m) * (a + 2 * m + 1), ta * (2 * a + 4 * m + 1))

    def even(state, m):
        # d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m))
        return lentz(state, m * (b - m), m * tb, (a + 2 * m - 1) * (a + 2 * m),
                     ta * (2 * a + 4 * m - 1))
    one, zero = jnp.ones_like(x), jnp.zeros_like(x)
    state = odd((one, zero, one, zero, zero, zero), 0.0)
    state = jax.lax.fori_loop(1, steps // 2, lambda m, st: odd(even(st, m), m), state)
    return 1 / state[0], -state[1]


def _beta_sample_grad_a(x, a, b):
    """d x / d a for x ~ Beta(a, b) at fixed b by implicit differentiation of the CDF:
    -(dI_x(a, b)/da) / pdf(x). I/pdf = x(1-x)K/a, and d log I/da comes from K's derivative;
    past the mean the complement 1 - I_{1-x}(b, a) is used (the fraction converges there)."""
    flip = x > (a + 1) / (a + b + 2)
    xx = jnp.where(flip, 1 - x, x)
    p, q = jnp.where(flip, b, a), jnp.where(flip, a, b)
    k, dlogk = _beta_cf(xx, p, q, jnp.where(flip, 0.0, 1.0), jnp.where(flip, 1.0, 0.0))
    common = jnp.log(x) - jsp.digamma(a) + jsp.digamma(a + b) + dlogk
    ratio = x * (1 - x) * k / p
    return jnp.where(flip, ratio * common, -ratio * (common - 1 / a))


@jax.custom_vjp
def _dirichlet_pathwise(x, alpha):
    """x (a Dirichlet sample) with PyTorch's pathwise gradient in alpha: each x_i moves as a
    Beta(alpha_i, total - alpha_i) sample at fixed total - alpha_i, dx_i/dalpha_i = G_i, and
    the other components absorb the change in proportion to their size,
    dx_j/dalpha_i = -G_i x_j / (1 - x_i)."""
    return x


def _dirichlet_pathwise_fwd(x, alpha):
    return x, (x, alpha)


def _dirichlet_pathwise_bwd(res, g_out):
    # sum_j g_j dx_j/dalpha_i = G_i (g_i - sum_j g_j x_j) / (1 - x_i)
    x, alpha = res
    c = jnp.float64
    a, xs, go = alpha.astype(c), x.astype(c), g_out.astype(c)
    g = _beta_sample_grad_a(xs, a, a.sum(-1, keepdims=True) - a)
    g = jnp.where(jnp.isfinite(g), g, 0)
    grad = g * (go - (go * xs).sum(-1, keepdims=True)) / (1 - xs)
    return jnp.zeros_like(x), grad.astype(alpha.dtype)


_dirichlet_pathwise.defvjp(_dirichlet_pathwise_fwd, _dirichlet_pathwise_bwd)


def _dirichlet_k(key, offset, alpha, *, dt):
    c = _cdt(dt)
    a = alpha.astype(c)
    x = jax.random.dirichlet(_rng.subkey(key, offset), jax.lax.stop_gradient(a), a.shape[:-1], c)
    return _dirichlet_pathwise(x.astype(dt.np), alpha)


def _dirichlet_host_k(gammas, alpha, *, dt):
    # float64 gammas normalised over the last dim, clamped into [tiny, 1) of dt
    g = jax.lax.stop_gradient(gammas)
    # PyTorch's order of additions, and a correctly rounded division
    x = exact_div(g, _cascade_sum(g, (-1,), True)).astype(dt.np)
    hi = jnp.nextafter(jnp.asarray(1, dt.np), jnp.asarray(0, dt.np))
    return _dirichlet_pathwise(jnp.clip(x, jnp.finfo(dt.np).tiny, hi), alpha)


def sample_dirichlet(alpha, generator=None):
    """torch._sample_dirichlet(alpha): Dirichlet samples (last dim is the event), with
    gradients to alpha (on the CPU PyTorch's own samples: float64 gammas drawn on the host)."""
    host = {}
    if _cpu_float(alpha):
        host = dict(host=lambda mt: _mt.dirichlet_gammas(mt, _host_values(alpha)),
                    host_kernel=_dirichlet_host_k, host_static=(("dt", alpha.dtype),))
    return _draw(_dirichlet_k, alpha, (alpha,), (("dt", alpha.dtype),), "_sample_dirichlet",
                 "_DirichletBackward", generator, **host)


def _binomial_k(key, offset, count, prob, *, dt):
    c = _cdt(dt)
    n = count.astype(c)
    p = prob.astype(c)
    s = jax.random.binomial(_rng.subkey(key, offset), n, p, n.shape, c)
    return jax.lax.stop_gradient(s).astype(dt.np)


def _binomial_host_k(samples, count, prob):
    return jax.lax.stop_gradient(samples)


def binomial(count, prob, generator=None):
    """torch.binomial(count, prob): Binomial counts in count's dtype (no gradient; on the CPU
    PyTorch's own samples, drawn on the host from the values of count and prob)."""
    host = {}
    if _cpu_float(count, prob):
        dt = count.dtype.np
        host = dict(host=lambda mt: _mt.binomial(mt, *np.broadcast_arrays(
                        _host_values(count), _host_values(prob)), dt),
                    host_kernel=_binomial_host_k, host_static=())
    return _draw(_binomial_k, count, (count, prob), (("dt", count.dtype),), "binomial",
                 None, generator, **host)


def poisson(rate):
    """torch.poisson(rate) for rates known to be non-negative (no value check recorded)."""
    return _draw(_random_ops._poisson_k, rate, (rate,), (), "poisson", "PoissonBackward0")


def _von_mises_k(key, offset, loc, conc, *, dt):
    # Best & Fisher (1979) rejection sampler, every element in parallel until all accepted;
    # computed in float64 as PyTorch does for its proposal constants
    c = jnp.float64
    k = conc.astype(c)
    shape = k.shape
    tau = 1 + jnp.sqrt(1 + 4 * k * k)
    rho = (tau - jnp.sqrt(2 * tau)) / (2 * k)
    r = (1 + rho * rho) / (2 * rho)
    # for tiny concentrations the proposal degenerates; use the series limit r ~ 1/k
    r = jnp.where(k < 1e-5, 1.0 / k + k, r)
    base = _rng.subkey(key, offset)

    def cond(state):
        return ~jnp.all(state[1])

    def body(state):
        x, done, i = state
        u1, u2, u3 = jax.random.uniform(jax.random.fold_in(base, i), (3,) + shape, c)
        z = jnp.cos(jnp.pi * u1)
        f = (1 + r * z) / (r + z)
        cc = k * (r - f)
        accept = (cc * (2 - cc) - u2 > 0) | (jnp.log(cc / u2) + 1 - cc >= 0)
        cand = jnp.sign(u3 - 0.5) * jnp.arccos(f)
        take = accept & ~done
        return jnp.where(take, cand, x), done | accept, i + 1

    x, _, _ = jax.lax.while_loop(cond, body, (jnp.zeros(shape, c), jnp.zeros(shape, bool),
                                              jnp.int32(0)))
    out = (x + jnp.pi + loc.astype(c)) % (2 * jnp.pi) - jnp.pi
    return jax.lax.stop_gradient(out).astype(dt.np)


def von_mises(loc, conc):
    """VonMises(loc, concentration) samples in (-pi, pi], shaped like loc/conc (broadcast)."""
    return _draw(_von_mises_k, loc, (loc, conc), (("dt", loc.dtype),), "von_mises")
