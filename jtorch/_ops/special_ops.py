"""torch.i0, polygamma, mvlgamma, igamma and igammac, with their Tensor methods and in-place
forms: the torch.special definitions under their torch names (one definition per op)."""
from .registry import op
from .. import special as _special

op("i0", inplace=True)(_special.i0)
op("igamma", inplace=True)(_special.gammainc)
op("igammac", inplace=True)(_special.gammaincc)


@op("polygamma", method=False)
def polygamma(n, input):
    """torch.polygamma(n, input)."""
    return _special.polygamma(n, input)


@op("polygamma", function=False, inplace=True)
def polygamma_method(self, n):
    """Tensor.polygamma(n): the method takes n after the tensor."""
    return _special.polygamma(n, self)


@op("mvlgamma", inplace=True)
def mvlgamma(input, p):
    """torch.mvlgamma(input, p): torch.special.multigammaln."""
    return _special.multigammaln(input, p)
