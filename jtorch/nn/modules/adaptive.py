"""nn.AdaptiveLogSoftmaxWithLoss (Grave et al.'s adaptive softmax) with PyTorch's parameters,
initialisation order, errors and results.

PyTorch selects each cluster's rows with nonzero() (a data-dependent shape); here every tail
runs on the whole batch and the rows are chosen with `where`, so the forward needs no sync.
Targets outside [0, n_classes) raise PyTorch's RuntimeError at the next sync point."""
from collections import namedtuple

import jax.numpy as jnp

from ..._ops.dispatch import add_check
from .. import functional as F
from .container import ModuleList, Sequential
from .linear import Linear
from .module import Module

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


def _target_range_kernel(t, *, n):
    return jnp.all((t >= 0) & (t < n)), jnp.stack([jnp.min(t), jnp.max(t)])


def _target_error(n):
    def error(v):
        lo, hi = (int(x) for x in v)
        return RuntimeError, (f"Target values should be in [0, {n - 1}], but values in range "
                              f"[{lo}, {hi}] were found. ")
    return error


class AdaptiveLogSoftmaxWithLoss(Module):
    """Adaptive softmax: frequent classes (below cutoffs[0]) in the head, the rest in clusters
    whose projections shrink by div_value per cluster."""

    def __init__(self, in_features, n_classes, cutoffs, div_value=4.0, head_bias=False,
                 device=None, dtype=None):
        factory_kwargs = {"device": device, "dtype": dtype}
        super().__init__()
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (cutoffs != sorted(cutoffs) or min(cutoffs) <= 0 or max(cutoffs) > (n_classes - 1)
                or len(set(cutoffs)) != len(cutoffs) or any(int(c) != c for c in cutoffs)):
            raise ValueError("cutoffs should be a sequence of unique, positive integers sorted "
                             "in an increasing order, where each value is between 1 and "
                             "n_classes-1")
        self.in_features = in_features
        self.n_classes = n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value = div_value
        self.head_bias = head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(self.in_features, self.head_size, bias=self.head_bias,
                           **factory_kwargs)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hsz = int(self.in_features // (self.div_value ** (i + 1)))
            osz = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(Sequential(
                Linear(self.in_features, hsz, bias=False, **factory_kwargs),
                Linear(hsz, osz, bias=False, **factory_kwargs)))

    def reset_parameters(self):
        self.head.reset_parameters()
        for i2h, h2o in self.tail:
            i2h.reset_parameters()
            h2o.reset_parameters()

    def forward(self, input_, target_):
        targ_dim = target_.dim()
        if targ_dim == 1:
            if input_.size(0) != target_.size(0):
                raise RuntimeError("Input and target should have the same size in the batch "
                                   "dimension.")
            if input_.dim() != 2:
                raise RuntimeError("1D target tensor expects 2D input tensors, but found "
                                   "inputs with size", input_.size())
        elif targ_dim == 0:
            if input_.dim() != 1:
                raise RuntimeError("0D target tensor expects 1D input tensors, but found "
                                   "inputs with size", input_.size())
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        is_batched = targ_dim > 0
        input = input_ if is_batched else input_.unsqueeze(0)
        target = target_ if is_batched else target_.unsqueeze(0)
        if target.numel():
            add_check(_target_range_kernel, (target,), _target_error(self.n_classes),
                      (("n", self.n_classes),))
        output = input.new_zeros(target.size(0))
        gather_inds = target.clamp(0, max(self.shortlist_size - 1, 0))
        bounds = [0] + self.cutoffs
        for i in range(1, len(bounds) - 1):
            lo, hi = bounds[i], bounds[i + 1]
            mask = (target >= lo) & (target < hi)
            gather_inds = gather_inds.masked_fill(mask, self.shortlist_size + i - 1)
            logprob = F.log_softmax(self.tail[i - 1](input), dim=1)
            rel = (target - lo).clamp(0, hi - lo - 1)
            local = logprob.gather(1, rel.unsqueeze(1)).squeeze(1)
            output = local.where(mask, output)
        head_logprob = F.log_softmax(self.head(input), dim=1)
        output = output + head_logprob.gather(1, gather_inds.unsqueeze(1)).squeeze(1)
        loss = (-output).mean()
        if not is_batched:
            output = output.squeeze(0)
        return _ASMoutput(output, loss)

    def _get_full_log_prob(self, input, head_output):
        head_logprob = F.log_softmax(head_output, dim=1)
        parts = [head_logprob[:, :self.shortlist_size]]
        for i in range(len(self.cutoffs) - 1):
            cluster_logprob = F.log_softmax(self.tail[i](input), dim=1)
            parts.append(cluster_logprob +
                         head_logprob[:, self.shortlist_size + i].unsqueeze(1))
        from ... import cat
        return cat(parts, 1)

    def log_prob(self, input):
        """log-probabilities of all n_classes for each row of input (N, in_features)."""
        return self._get_full_log_prob(input, self.head(input))

    def predict(self, input):
        """The most probable class per row (= log_prob(input).argmax(1))."""
        head_output = self.head(input)
        output = head_output.argmax(dim=1)
        if len(self.cutoffs) == 1:
            return output
        full = self._get_full_log_prob(input, head_output).argmax(dim=1)
        return full.where(output >= self.shortlist_size, output)
