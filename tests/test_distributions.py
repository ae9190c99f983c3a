"""jtorch.distributions against stored PyTorch results (tests/reference/distributions.json from
gen_distributions.py): for the first half of the reference distributions their shapes, reprs,
supports, mean/mode/variance/stddev, entropy, perplexity, log_prob, cdf, icdf and
enumerate_support (the second half is in test_distributions_parity.py); error types and
messages; validation switches, expand, lazy parameters and the module's contents.

Cases are expressions over torch/D/C/T/t evaluated here with jtorch (the generator's strings).
KL divergences and transforms: test_distributions_kl.py; sample shapes, gradients and the
seeds' examples: test_distributions_rsample.py; sampling statistics:
test_distributions_sampling.py.
"""
import math

import numpy as np
import pytest

import jtorch as torch
import jtorch.distributions as D
from _distributions_helpers import NAMES, REF, check, distribution_parity, ev


@pytest.mark.parametrize("name", NAMES[::2])
def test_distribution_parity(name):
    distribution_parity(name)


# ---- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize("expr", sorted(REF["errors"]))
def test_error_matches_pytorch(expr):
    ref = REF["errors"][expr]
    exc = {"ValueError": ValueError, "NotImplementedError": NotImplementedError,
           "TypeError": TypeError, "RuntimeError": RuntimeError}[ref["type"]]
    with pytest.raises(exc) as info:
        ev(expr)
    # class reprs name jtorch's module where PyTorch's name torch's
    assert str(info.value).replace("'jtorch.", "'torch.") == ref["message"]


def test_validate_args_switches():
    D.Normal(0.0, -1.0, validate_args=False)          # no check
    D.Normal(0.0, 1.0, validate_args=False).log_prob(torch.tensor([1.0, 2.0, 3.0]))
    try:
        D.Distribution.set_default_validate_args(False)
        d = D.Normal(0.0, -1.0)
        assert not d._validate_args
        assert math.isnan(d.log_prob(torch.tensor(0.0)).item())
    finally:
        D.Distribution.set_default_validate_args(True)
    with pytest.raises(ValueError):
        D.Normal(0.0, -1.0)
    # expand keeps the flag and does not re-validate
    e = D.Normal(0.0, 1.0, validate_args=False).expand((2,))
    assert not e._validate_args and e.batch_shape == torch.Size([2])


def test_expand_shapes_and_subclass_rule():
    d = D.Gamma(torch.tensor([1.0, 2.0]), 1.0)
    e = d.expand((3, 2))
    assert e.batch_shape == torch.Size([3, 2]) and e.concentration.shape == torch.Size([3, 2])
    assert e.sample().shape == torch.Size([3, 2])
    m = D.MultivariateNormal(torch.zeros(2), torch.eye(2)).expand((4,))
    assert m.batch_shape == torch.Size([4]) and m.covariance_matrix.shape == (4, 2, 2)

    class Custom(D.Normal):
        def __init__(self, loc):
            super().__init__(loc, 1.0)

    with pytest.raises(NotImplementedError, match="Subclass Custom of Normal that defines a "
                                                  "custom __init__ method must also define a "
                                                  "custom .expand\\(\\) method."):
        Custom(0.0).expand((2,))


def test_lazy_params_and_properties():
    b = D.Bernoulli(logits=torch.tensor([0.0, 2.0]))
    assert "probs" not in b.__dict__
    np.testing.assert_allclose(b.probs.numpy(), [0.5, 1 / (1 + math.exp(-2))], rtol=1e-6)
    assert "probs" in b.__dict__      # computed once, then an attribute
    c = D.Categorical(probs=torch.tensor([1.0, 3.0]))
    np.testing.assert_allclose(c.logits.numpy(), np.log([0.25, 0.75]), rtol=1e-6)
    assert c.param_shape == torch.Size([2])
    m = D.MultivariateNormal(torch.zeros(2), scale_tril=torch.tensor([[1.0, 0.0], [0.5, 2.0]]))
    np.testing.assert_allclose(m.covariance_matrix.numpy(), [[1.0, 0.5], [0.5, 4.25]],
                               rtol=1e-6)
    np.testing.assert_allclose((m.precision_matrix @ m.covariance_matrix).numpy(),
                               np.eye(2), atol=1e-6)


def test_module_contents_match_pytorch():
    assert D.__all__ == REF["all"]
    assert sorted(dir(D)) == REF["dir"]
    import jtorch.distributions.multinomial as mn
    assert mn.Multinomial is D.Multinomial


@pytest.mark.parametrize("expr", sorted(REF["expfam_entropy"]))
def test_exponential_family_entropy(expr):
    check(lambda: D.ExponentialFamily.entropy(ev(expr)), REF["expfam_entropy"][expr],
          rtol=1e-5, atol=1e-5)
