"""nn.CrossMapLRN2d: PyTorch's legacy cross-channel LRN, with its running-sum recurrence over
channels in the forward and its hand-written backward (both reproduced as PyTorch computes
them, including their uncentred windows), so values and gradients equal PyTorch's."""
import functools

import jax
import jax.numpy as jnp

from ..._ops.dispatch import record
from .module import Module

__all__ = ["CrossMapLRN2d"]


def _forward(x, size, alpha, beta, k):
    """(output, scale) by PyTorch's running sum over channels."""
    c = x.shape[1]
    sq = x * x
    pre_pad = int((size - 1) / 2 + 1)
    first = jnp.zeros_like(x[:, 0])
    for j in range(min(pre_pad, c)):
        first = first + sq[:, j]
    scales = [first]
    for j in range(1, c):
        cur = scales[-1]
        if j < c - pre_pad + 1:
            cur = cur + sq[:, j + pre_pad - 1]
        if j > pre_pad:
            cur = cur - sq[:, j - pre_pad]
        scales.append(cur)
    scale = jnp.stack(scales, axis=1) * jnp.asarray(alpha / size, x.dtype) + \
        jnp.asarray(k, x.dtype)
    return jnp.power(scale, jnp.asarray(-beta, x.dtype)) * x, scale


def _backward(x, out, scale, g, size, alpha, beta):
    """PyTorch's hand-written CrossMapLRN2d backward (its window of ratios is the one that
    code sums, which is not centred on the channel)."""
    c = x.shape[1]
    gi = jnp.power(scale, jnp.asarray(-beta, x.dtype)) * g
    ratio = g * out / scale
    ipp = int(size - (size - 1) / 2)
    after = max(size - 1 - ipp, 0)
    padded = jnp.pad(ratio, ((0, 0), (ipp, after), (0, 0), (0, 0)))[:, :c + size - 1]
    cache = jnp.asarray(2 * alpha * beta / size, x.dtype)
    accum = jnp.sum(padded[:, :size - 1], axis=1)
    rows = []
    for j in range(c):
        accum = accum + padded[:, j + size - 1]
        rows.append(gi[:, j] - cache * x[:, j] * accum)
        accum = accum - padded[:, j]
    return jnp.stack(rows, axis=1)


@functools.lru_cache(maxsize=None)
def _lrn_fn(size, alpha, beta, k):
    @jax.custom_vjp
    def f(x):
        return _forward(x, size, alpha, beta, k)[0]

    def fwd(x):
        out, scale = _forward(x, size, alpha, beta, k)
        return out, (x, out, scale)

    def bwd(res, g):
        return (_backward(*res, g, size, alpha, beta),)

    f.defvjp(fwd, bwd)
    return f


def _cross_map_lrn_kernel(x, *, size, alpha, beta, k):
    return _lrn_fn(size, alpha, beta, k)(x)


class CrossMapLRN2d(Module):
    """Local response normalisation across channels of a 4-D (N, C, H, W) input."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__()
        self.size = size
        self.alpha = alpha
        self.beta = beta
        self.k = k

    def forward(self, input):
        if input.dim() != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {input.dim()}D "
                             f"instead.")
        return record(_cross_map_lrn_kernel, (input,),
                      (("size", int(self.size)), ("alpha", float(self.alpha)),
                       ("beta", float(self.beta)), ("k", float(self.k))),
                      name="cross_map_lrn2d", gname="CrossMapLRN2dBackward")

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
