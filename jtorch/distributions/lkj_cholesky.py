"""torch.distributions.LKJCholesky."""
import math

import jtorch as torch
from . import constraints
from .beta import Beta
from .distribution import Distribution
from .utils import broadcast_all

__all__ = ["LKJCholesky"]


def _mvlgamma(x, p):
    """torch.mvlgamma(x, p) from jtorch's lgamma."""
    args = x.unsqueeze(-1) - torch.arange(p, dtype=x.dtype, device=x.device) / 2
    return torch.lgamma(args).sum(-1) + p * (p - 1) / 4 * math.log(math.pi)


class LKJCholesky(Distribution):
    """LKJCholesky(dim, concentration=1.0): Cholesky factors of LKJ-distributed correlation
    matrices (onion method sampling)."""

    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim, concentration=1.0, validate_args=None):
        if dim < 2:
            raise ValueError("Expected dim to be an integer greater than or equal to 2. "
                             f"Found dim={dim}.")
        self.dim = dim
        (self.concentration,) = broadcast_all(concentration)
        batch_shape = self.concentration.size()
        event_shape = torch.Size((dim, dim))
        marginal_conc = self.concentration + 0.5 * (self.dim - 2)
        # onion method: row k (k >= 1) of the factor has squared off-diagonal norm
        # y_k ~ Beta(k / 2, eta + (d - 1 - k) / 2); row 0 has no off-diagonal part (its
        # entry only fixes the shape). PyTorch 2.13 draws Beta(k / 2 + 1 / 2, ...) for k >= 2,
        # which makes the last rows' correlations too wide; this samples the LKJ density.
        offset = torch.arange(self.dim - 1, dtype=self.concentration.dtype,
                              device=self.concentration.device)
        offset = torch.cat([offset.new_zeros((1,)), offset])
        rows = torch.arange(self.dim, dtype=self.concentration.dtype,
                            device=self.concentration.device)
        beta_conc1 = torch.cat([rows.new_ones((1,)) * 0.5, rows[1:] * 0.5])
        beta_conc0 = marginal_conc.unsqueeze(-1) - 0.5 * offset
        self._beta = Beta(beta_conc1, beta_conc0)
        super().__init__(batch_shape, event_shape, validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._get_checked_instance(LKJCholesky, _instance)
        batch_shape = torch.Size(batch_shape)
        new.dim = self.dim
        new.concentration = self.concentration.expand(batch_shape)
        new._beta = self._beta.expand(batch_shape + (self.dim,))
        super(LKJCholesky, new).__init__(batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def sample(self, sample_shape=torch.Size()):
        with torch.no_grad():
            y = self._beta.sample(sample_shape).unsqueeze(-1)
            u = torch.randn(self._extended_shape(sample_shape), dtype=y.dtype,
                            device=y.device).tril(-1)
            norm = u.norm(dim=-1, keepdim=True)
            # row 0 has no off-diagonal entries: its direction is zero (not 0 / 0)
            u_sphere = torch.where(norm > 0, u / torch.where(norm > 0, norm, 1.0), 0.0)
            w = torch.sqrt(y) * u_sphere
            tiny = torch.finfo(w.dtype).tiny
            diag = torch.clamp(1 - torch.sum(w ** 2, dim=-1), min=tiny).sqrt()
            return w + torch.diag_embed(diag)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        diag = value.diagonal(dim1=-1, dim2=-2)[..., 1:]
        order = torch.arange(2, self.dim + 1, device=self.concentration.device)
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - order
        unnormalized = torch.sum(order * diag.log(), dim=-1)
        dm1 = self.dim - 1
        alpha = self.concentration + 0.5 * dm1
        denominator = torch.lgamma(alpha) * dm1
        numerator = _mvlgamma(alpha - 0.5, dm1)
        pi_constant = 0.5 * dm1 * math.log(math.pi)
        return unnormalized - (pi_constant + numerator - denominator)
