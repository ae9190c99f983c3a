"""torch.distributions.ExponentialFamily: distributions of the form
p(x; theta) = exp(<t(x), theta> - F(theta) + k(x)), with the Bregman-divergence entropy."""
import jtorch as torch
from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """Base class for exponential-family distributions: subclasses give `_natural_params`,
    `_log_normalizer` and `_mean_carrier_measure`; entropy comes from the gradient of the log
    normalizer (autograd), as in PyTorch."""

    @property
    def _natural_params(self):
        raise NotImplementedError

    def _log_normalizer(self, *natural_params):
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError

    def entropy(self):
        """Entropy from the Bregman divergence of the log normalizer."""
        result = -self._mean_carrier_measure
        nparams = [p.detach().requires_grad_() for p in self._natural_params]
        with torch.enable_grad():
            lg = self._log_normalizer(*nparams)
            grads = torch.autograd.grad(lg.sum(), nparams, create_graph=True)
        result = result + lg
        for p, g in zip(nparams, grads):
            result = result - (p * g).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
