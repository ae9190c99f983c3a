"""jtorch.distributions against stored PyTorch results: the second half of the reference
distributions (shapes, reprs, supports, moments, entropy, log_prob, cdf, icdf,
enumerate_support, run eagerly then deferred). See test_distributions.py for the first half."""
import pytest

from _distributions_helpers import NAMES, distribution_parity


@pytest.mark.parametrize("name", NAMES[1::2])
def test_distribution_parity(name):
    distribution_parity(name)
