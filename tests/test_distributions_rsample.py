"""jtorch.distributions sampling API: sample/rsample shapes and dtypes as PyTorch's (stored
reference), rsample gradients (Normal, Gamma, straight-through, relaxed), reproducibility
under manual_seed, and the seeds' examples (Multinomial dice, relative frequencies).

jtorch's generator is JAX threefry, so samples are never compared with PyTorch's numbers.
"""
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.distributions as D
from _distributions_helpers import REF, ev

N = 40_000
t = torch.tensor


# ---- shapes and dtypes (no values needed) ---------------------------------------------------
@pytest.mark.parametrize("name", sorted(REF["dists"]))
def test_sample_shapes_and_dtypes(name):
    """sample/rsample shapes and dtypes for sample_shape () and (2, 3), as PyTorch's."""
    ref = REF["dists"][name]
    d = ev(ref["expr"])
    for key, want in ref["samples"].items():
        r = key.startswith("r")
        shape = eval(key[1:] if r else key)
        if "error" in want:
            with pytest.raises(NotImplementedError):
                (d.rsample if r else d.sample)(shape)
            continue
        s = (d.rsample if r else d.sample)(shape)
        assert list(s.shape) == want["shape"], key
        assert str(s.dtype) == want["dtype"], key
        if not r:
            assert not s.requires_grad


# ---- gradients ------------------------------------------------------------------------------
def test_normal_rsample_gradient():
    """d/dloc sum(loc + scale * eps) = N and d/dscale = sum(eps): the reparameterised sample
    carries gradients to both parameters; sample() carries none."""
    torch.manual_seed(0)
    loc = t([0.5, 1.0], requires_grad=True)
    scale = t([1.0, 2.0], requires_grad=True)
    d = D.Normal(loc, scale)
    s = d.rsample((1000,))
    assert s.requires_grad and not d.sample((3,)).requires_grad
    s.sum().backward()
    np.testing.assert_allclose(loc.grad.numpy(), [1000.0, 1000.0])
    eps = ((s.detach() - loc.detach()) / scale.detach()).sum(0)
    np.testing.assert_allclose(scale.grad.numpy(), eps.numpy(), rtol=1e-4, atol=1e-3)
    # log_prob gradients: d/dloc log N(x; loc, scale) = (x - loc) / scale^2
    loc.grad = None
    x = t([0.0, 3.0])
    d.log_prob(x).sum().backward()
    np.testing.assert_allclose(loc.grad.numpy(), [(0.0 - 0.5) / 1.0, (3.0 - 1.0) / 4.0],
                               rtol=1e-6)


def test_reparameterised_gamma_gradient():
    """Implicit reparameterisation: d E[X] / d(concentration, rate) from the samples'
    gradients, E[X] = concentration / rate."""
    torch.manual_seed(0)
    conc = t([0.5, 2.0, 5.0], requires_grad=True)
    rate = t([1.0, 0.5, 3.0], requires_grad=True)
    s = D.Gamma(conc, rate).rsample((N,))
    assert s.requires_grad
    s.mean(0).sum().backward()
    np.testing.assert_allclose(conc.grad.numpy(), 1 / rate.detach().numpy(), rtol=0.03)
    np.testing.assert_allclose(rate.grad.numpy(), -(conc / rate ** 2).detach().numpy(),
                               rtol=0.03)
    # Beta/Dirichlet samples are reparameterised the same way (gradients not run here:
    # compiling the Dirichlet sampler's VJP costs seconds)
    assert D.Beta(conc, rate).rsample().requires_grad


def test_straight_through_and_relaxed_gradients():
    logits = t([0.5, -1.0, 2.0], requires_grad=True)
    d = D.OneHotCategoricalStraightThrough(logits=logits)
    s = d.rsample((4,))
    assert s.requires_grad and bool((s.detach().sum(-1) == 1).all())
    (s * t([1.0, 2.0, 3.0])).sum().backward()
    assert logits.grad is not None and bool(torch.isfinite(logits.grad).all())
    p = t([0.3, 0.6], requires_grad=True)
    D.RelaxedBernoulli(t(0.5), probs=p).rsample((10,)).sum().backward()
    assert p.grad is not None and bool((p.grad > 0).all())


# ---- reproducibility and the seeds' examples ------------------------------------------------
def test_manual_seed_reproduces_samples():
    d = D.Gamma(t([0.5, 2.0]), t([1.0, 3.0]))
    torch.manual_seed(7)
    a = d.sample((5,))
    torch.manual_seed(7)
    b = d.sample((5,))
    c = d.sample((5,))
    np.testing.assert_array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(b.numpy(), c.numpy())


def test_seed_multinomial_dice():
    """`multinomial.Multinomial(10, fair_probs).sample()` from the seeds (d2l's dice)."""
    from jtorch.distributions import multinomial
    torch.manual_seed(0)
    fair_probs = torch.ones([6]) / 6
    one = multinomial.Multinomial(1, fair_probs).sample()
    assert one.dtype == torch.float32 and one.shape == (6,)
    assert sorted(one.tolist()) == [0.0] * 5 + [1.0]
    ten = multinomial.Multinomial(10, fair_probs).sample()
    assert ten.shape == (6,) and ten.sum().item() == 10.0
    assert all(v == int(v) and v >= 0 for v in ten.tolist())
    # the relative frequency experiment: 500 groups of 10 rolls, running estimates
    counts = multinomial.Multinomial(10, fair_probs).sample((500,))
    assert counts.shape == (500, 6) and bool((counts.sum(1) == 10).all())
    cum_counts = counts.cumsum(dim=0)
    estimates = cum_counts / cum_counts.sum(dim=1, keepdims=True)
    assert estimates.shape == (500, 6)
    np.testing.assert_allclose(estimates[-1].numpy(), 1 / 6, atol=0.02)
    np.testing.assert_allclose(estimates.sum(1).numpy(), 1.0, rtol=1e-6)


def test_low_df_wishart_warns_and_samples():
    with pytest.warns(UserWarning, match="Low df values detected. Singular samples are highly "
                                         "likely to occur for ndim - 1 < df < ndim."):
        w = D.Wishart(t(1.5), covariance_matrix=t([[2.0, 0.5], [0.5, 1.0]]))
    torch.manual_seed(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Singular sample detected." when a redraw happens
        s = w.rsample((64,))
    assert s.shape == (64, 2, 2)
    x = s.numpy()
    assert np.isfinite(x).all() and np.allclose(x, np.swapaxes(x, -1, -2))


def test_sample_n_is_deprecated_and_von_mises_range():
    d = D.VonMises(t([3.0, -3.0]), t([0.5, 50.0]))
    with pytest.warns(FutureWarning, match="`sample_n\\(n\\)` will be deprecated. Use "
                                           "`sample\\(\\(n,\\)\\)` instead."):
        s = d.sample_n(500)
    x = s.numpy()
    assert s.shape == (500, 2) and s.dtype == torch.float32
    assert (x > -np.pi).all() and (x <= np.pi).all()
    # concentration 50 around -3: samples hug -3 (some wrap past -pi to the positive side)
    assert np.abs(np.angle(np.exp(1j * (x[:, 1] + 3.0)))).max() < 1.0
