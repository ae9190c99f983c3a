"""jtorch.distributions sampling statistics: the mean and variance of 120k draws (40k per batch
element, one vectorised sample call each) against each distribution's own moments (within 5
standard errors), samples inside the support, category frequencies, Cauchy quantiles, relaxed
Bernoulli and LKJ samples. Distributions whose sampler is a transform of another's (HalfNormal,
Gumbel, Pareto, icdf-based ones) are covered by the transform/icdf parity tests instead.

jtorch's generator is JAX threefry, so samples are never compared with PyTorch's numbers. A
fixed seed makes every statistic deterministic (no flaky draws). The tests run eagerly and
the statistics are computed in NumPy; parameters are (3,)-batched so samplers share their
kernels (Gamma, StudentT, FisherSnedecor and NegativeBinomial all draw (N, 3) gammas; Beta and
LKJCholesky the same (N, 3, 2) Dirichlet). N is kept moderate because the suite compiles with
XLA -O0, where the gamma-based samplers run slowly.
"""
import numpy as np
import pytest

import jtorch as torch
import jtorch.distributions as D
from _distributions_helpers import ev

N = 40_000  # per batch element: 120k draws per (3,)-batched distribution
t = torch.tensor
LOC, SCALE = "t([0.1, -0.5, 2.0])", "t([1.0, 0.5, 3.0])"
PROBS = "t([0.2, 0.5, 0.9])"


@pytest.fixture
def eager():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = True
    yield
    torch.runtime.config["eager"] = old


# ---- moments of 100k samples ----------------------------------------------------------------
# (distribution, mean tolerance in standard errors, relative variance tolerance)
MOMENTS = [
    f"D.Normal({LOC}, {SCALE})",
    "D.LogNormal(t([0.1, -0.5, 0.3]), t([0.3, 0.5, 0.2]))",
    "D.Uniform(t([0.0, -1.0, 2.0]), t([1.0, 3.0, 2.5]))",
    f"D.Bernoulli({PROBS})",
    f"D.Binomial(10, {PROBS})",
    f"D.OneHotCategorical({PROBS} / 1.6)",
    f"D.Multinomial(10, {PROBS} / 1.6)",
    "D.Beta(t([0.5, 2.0, 5.0]), t([0.5, 3.0, 1.5]))",
    "D.Gamma(t([0.5, 2.0, 5.0]), t([1.0, 0.5, 3.0]))",
    "D.Exponential(t([0.5, 1.0, 3.0]))",
    f"D.Laplace({LOC}, {SCALE})",
    "D.Poisson(t([0.5, 3.0, 40.0]))",
    f"D.Geometric({PROBS})",
    f"D.StudentT(t([6.0, 8.0, 12.0]), {LOC}, {SCALE})",
    "D.MultivariateNormal(t([0.1, -0.5, 2.0]), t([[2.0, 0.5, 0.0], [0.5, 1.0, 0.3], "
    "[0.0, 0.3, 1.5]]))",
    "D.LowRankMultivariateNormal(t([0.1, -0.5, 2.0]), t([[1.0, 0.0], [0.5, 1.0], [0.0, -0.5]]),"
    " t([0.5, 1.0, 2.0]))",
    f"D.MixtureSameFamily(D.Categorical(t([0.2, 0.3, 0.5])), D.Normal({LOC}, {SCALE}))",
    "D.FisherSnedecor(t([3.0, 5.0, 10.0]), t([12.0, 15.0, 20.0]))",
    "D.Weibull(t([1.0, 2.0, 0.5]), t([0.8, 2.5, 3.0]))",
    f"D.NegativeBinomial(t([2.0, 5.0, 0.5]), {PROBS} / 2)",
    "D.VonMises(t([0.1, -0.5, 2.0]), t([0.5, 2.0, 10.0]))",
    "D.Wishart(t(5.0), covariance_matrix=t([[2.0, 0.5], [0.5, 1.0]]))",
]


def _ids(exprs):
    """Test ids: the distribution's class name (numbered when repeated)."""
    out, seen = [], {}
    for e in exprs:
        name = e[2:e.index("(")]
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name}-{seen[name]}")
    return out


def _moments(s):
    """Sample mean, variance and the standard error of the variance estimate (NumPy, float64:
    the statistics compile nothing)."""
    x = s.numpy().astype(np.float64)
    mean = x.mean(0)
    dev = x - mean
    var = (dev ** 2).mean(0)
    m4 = (dev ** 4).mean(0)
    return mean, var, np.sqrt(np.maximum(m4 - var ** 2, 0) / N)


@pytest.mark.parametrize("expr", MOMENTS, ids=_ids(MOMENTS))
def test_sample_moments(expr, eager):
    torch.manual_seed(1234)
    d = ev(expr)
    s = d.sample((N,))
    assert s.shape == (N,) + tuple(d.batch_shape) + tuple(d.event_shape)
    assert bool(d.support.check(s).all()), "samples outside the support"
    mean, var, var_se = _moments(s)
    want_mean = d.mean.double().numpy()
    want_var = d.variance.double().numpy()
    if "VonMises" in expr:
        # circular: the angle's mean/variance are not E[x], Var[x]; check the mean direction
        # and the circular variance 1 - |E exp(ix)|
        z = np.exp(1j * s.double().numpy()).mean(0)
        np.testing.assert_allclose(np.angle(z), want_mean, atol=0.02)
        np.testing.assert_allclose(1 - np.abs(z), want_var, atol=0.01)
        return
    # the mean within 5 standard errors, the variance within 5 of its standard errors
    np.testing.assert_array_less(np.abs(mean - want_mean), 5 * np.sqrt(want_var / N) + 1e-6)
    np.testing.assert_array_less(np.abs(var - want_var), 5 * var_se + 1e-6)


def test_categorical_frequencies_and_cauchy_quantiles(eager):
    torch.manual_seed(0)
    probs = t([[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]])
    s = D.Categorical(probs).sample((N,))
    assert s.dtype == torch.int64 and s.shape == (N, 2)
    freq = np.stack([(s.numpy() == k).mean(0) for k in range(3)], -1)
    np.testing.assert_allclose(freq, probs.numpy(), atol=0.006)
    c = D.Cauchy(t([0.1, -0.5, 2.0]), t([1.0, 0.5, 3.0]))
    x = c.sample((N,)).numpy()
    # quartiles of a Cauchy are loc -/+ scale
    np.testing.assert_allclose(np.median(x, 0), [0.1, -0.5, 2.0], atol=0.03)
    np.testing.assert_allclose(np.quantile(x, 0.75, axis=0) - np.quantile(x, 0.25, axis=0),
                               [2.0, 1.0, 6.0], rtol=0.03)
    h = D.HalfCauchy(t([1.0, 0.5, 3.0])).sample((N,)).numpy()
    np.testing.assert_allclose(np.median(h, 0), [1.0, 0.5, 3.0], rtol=0.03)


def test_relaxed_bernoulli_and_lkj_samples(eager):
    torch.manual_seed(0)
    rb = D.RelaxedBernoulli(t(0.5), probs=t([0.2, 0.5, 0.9]))
    x = rb.sample((N,))
    assert bool(rb.support.check(x).all())
    # at a low temperature a relaxed Bernoulli rounds to a Bernoulli(probs)
    np.testing.assert_allclose((x.numpy() > 0.5).mean(0), [0.2, 0.5, 0.9], atol=0.01)
    L = D.LKJCholesky(3, t(2.0)).sample((N,)).numpy().astype(np.float64)
    # Cholesky factors of correlation matrices: lower triangular, positive diagonal, unit rows
    assert (np.triu(L, 1) == 0).all() and (np.diagonal(L, axis1=-2, axis2=-1) > 0).all()
    corr = L @ np.swapaxes(L, -1, -2)
    np.testing.assert_allclose(np.diagonal(corr, axis1=-2, axis2=-1), 1.0, atol=1e-5)
    # LKJ(eta) off-diagonal correlations have mean 0 and variance 1 / (2 eta + d - 1), the
    # same for every pair (PyTorch 2.13's sampler gives 0.21 for the last row's pairs)
    off = corr[:, [1, 2, 2], [0, 0, 1]]
    np.testing.assert_allclose(off.mean(0), 0.0, atol=0.01)
    np.testing.assert_allclose(off.var(0), 1 / (2 * 2.0 + 2), rtol=0.03)
