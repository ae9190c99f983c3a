"""nn.functional: dropout, dropout1d/2d/3d, alpha_dropout, feature_alpha_dropout; torch.dropout,
torch.alpha_dropout, torch.feature_dropout, torch.feature_alpha_dropout and their `_` forms.

On a CPU generator the keep mask is PyTorch's own: `bernoulli_(1 - p)` drawn on the host from
PyTorch's Mersenne Twister (one 64-bit word per element, or per channel for the feature
variants), then `noise / (1 - p)` (or alpha dropout's affine noise) times the input, so seeded
training with dropout follows PyTorch's numbers. The mask is an input of one recorded kernel (of
the captured node inside a Module call), drawn anew each call. Drawing it costs what PyTorch's
CPU dropout costs (about 4 ns per element); `jtorch.runtime.config["dropout_stream"] =
"threefry"` (or JTORCH_DROPOUT_STREAM=threefry) draws masks inside the compiled program from
JAX's threefry generator instead: PyTorch's distribution, not its numbers, and faster. CUDA
generators always use threefry. In eval, with p == 0 or on an empty tensor the input itself is
returned, as PyTorch does.
"""
import math
import warnings

import jax
import jax.numpy as jnp

from ... import _dtype
from ..._dtype import float16, bfloat16, float32
from ..._ops import random_ops as _random
from ..._ops.dispatch import record
from ..._ops.registry import op
from ..._tensor import Tensor
from ... import random as _rng

__all__ = ["dropout", "dropout1d", "dropout2d", "dropout3d", "alpha_dropout",
           "feature_alpha_dropout"]

_SELU_NEG = 1.7580993408473766  # SELU's negative saturation value, scale * alpha


def _opmath(dt):
    return float32 if dt is float16 or dt is bfloat16 else dt


def _keep(key, offset, p, shape):
    u = jax.random.uniform(_rng.subkey(key, offset), shape, jnp.float32)
    return u >= jnp.asarray(p, jnp.float32)


def _dropout_kernel(key, offset, x, p, *, mask_shape, cdt):
    m = _opmath(cdt).np
    keep = _keep(key, offset, p, mask_shape)
    pm = jnp.asarray(p, m)
    scale = jnp.where(pm < 1, 1 / jnp.where(pm < 1, 1 - pm, jnp.ones((), m)), jnp.zeros((), m))
    noise = jnp.where(keep, scale, jnp.zeros((), m))
    return (x.astype(m) * noise).astype(cdt.np)


def _alpha_dropout_kernel(key, offset, x, p, *, mask_shape, cdt):
    m = _opmath(cdt).np
    keep = _keep(key, offset, p, mask_shape).astype(m)
    pm = jnp.asarray(p, m)
    ok = pm < 1
    q = jnp.where(ok, pm, jnp.zeros((), m))
    a = 1 / jnp.sqrt((_SELU_NEG * _SELU_NEG * q + 1) * (1 - q))
    b = (keep - 1) * (_SELU_NEG * a) + _SELU_NEG * a * q
    xm = x.astype(m)
    return jnp.where(ok, xm * (keep * a) + b, xm * jnp.zeros((), m)).astype(cdt.np)


def _dropout_host_kernel(keep, x, q, *, cdt):
    # PyTorch's `noise.bernoulli_(1 - p); noise.div_(1 - p); input * noise`, in the tensor's
    # type (half types compute in float32 and round after each op)
    m = _opmath(cdt).np
    noise = (keep.astype(m) / jnp.asarray(q).astype(m)).astype(cdt.np).astype(m)
    return (x.astype(m) * noise).astype(cdt.np)


def _alpha_dropout_host_kernel(keep, x, q, a, b_scale, b_shift, *, cdt):
    # b = (noise - 1) * (alpha * a) + alpha * a * p; noise *= a; input * noise + b
    m = _opmath(cdt).np

    def r(v):
        return v.astype(cdt.np).astype(m)
    noise = keep.astype(m)
    b = r(r(noise - 1) * jnp.asarray(b_scale).astype(m)) + jnp.asarray(b_shift).astype(m)
    noise = r(noise * jnp.asarray(a).astype(m))
    return (r(x.astype(m) * noise) + r(b)).astype(cdt.np)


def _check_p(p):
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")


def _apply(input, p, train, feature, alpha, inplace, generator=None):
    """The shared path of every dropout op (PyTorch's `_dropout_impl`)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"dropout(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if isinstance(p, Tensor):
        p = float(p.item())
    if p < 0 or p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    shape = input._nd.shape
    if feature and len(shape) < 2:
        raise RuntimeError("Feature dropout requires at least 2 dimensions in the input")
    if p == 0 or not train or math.prod(shape) == 0:
        return input
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"result type Float can't be cast to the desired output type "
                           f"{_dtype.c10_name(dt)}")
    mask_shape = tuple(shape[:2]) + (1,) * (len(shape) - 2) if feature else tuple(shape)
    name = "alpha_dropout" if alpha else "dropout"
    gname = "AddBackward0" if alpha and p < 1 else "MulBackward0"
    q = 1.0 - float(p)
    # p == 1 draws nothing in PyTorch
    keep = _random.dropout_mask(mask_shape, q, input._nd.device, generator, like=input) \
        if p < 1 else None
    if keep is None:
        kern = _alpha_dropout_kernel if alpha else _dropout_kernel
        out = _random._draw(kern, input._nd.device, generator, (input, float(p)),
                            (("mask_shape", mask_shape), ("cdt", dt)), name, gname=gname)
    elif alpha:
        a = 1.0 / math.sqrt((_SELU_NEG * _SELU_NEG * p + 1) * (1 - p))
        out = record(_alpha_dropout_host_kernel,
                     (keep, input, q, a, _SELU_NEG * a, _SELU_NEG * a * p), (("cdt", dt),),
                     name=name, gname=gname)
    else:
        out = record(_dropout_host_kernel, (keep, input, q), (("cdt", dt),), name=name,
                     gname=gname)
    if inplace:
        return input._assign(out, "dropout_")
    return out


# ---- torch.* ops ----------------------------------------------------------------------------
@op("dropout", method=False)
def _dropout_op(input, p, train):
    """torch.dropout(input, p, train): zero each element with probability p, scale by
    1/(1-p)."""
    return _apply(input, p, train, False, False, False)


@op("dropout_", method=False)
def _dropout_inplace_op(input, p, train):
    """torch.dropout_: in-place dropout."""
    return _apply(input, p, train, False, False, True)


@op("feature_dropout", method=False)
def _feature_dropout_op(input, p, train):
    """torch.feature_dropout: zero whole channels (dim 1) with probability p."""
    return _apply(input, p, train, True, False, False)


@op("feature_dropout_", method=False)
def _feature_dropout_inplace_op(input, p, train):
    """torch.feature_dropout_: in-place feature dropout."""
    return _apply(input, p, train, True, False, True)


@op("alpha_dropout", method=False)
def _alpha_dropout_op(input, p, train):
    """torch.alpha_dropout: dropout that keeps SELU's zero mean and unit variance."""
    return _apply(input, p, train, False, True, False)


@op("alpha_dropout_", method=False)
def _alpha_dropout_inplace_op(input, p, train):
    """torch.alpha_dropout_: in-place alpha dropout."""
    return _apply(input, p, train, False, True, True)


@op("feature_alpha_dropout", method=False)
def _feature_alpha_dropout_op(input, p, train):
    """torch.feature_alpha_dropout: alpha dropout of whole channels."""
    return _apply(input, p, train, True, True, False)


@op("feature_alpha_dropout_", method=False)
def _feature_alpha_dropout_inplace_op(input, p, train):
    """torch.feature_alpha_dropout_: in-place feature alpha dropout."""
    return _apply(input, p, train, True, True, True)


# ---- nn.functional --------------------------------------------------------------------------
def dropout(input, p=0.5, training=True, inplace=False):
    """F.dropout: in training zero each element with probability p and scale the rest by
    1/(1-p); the input itself otherwise."""
    _check_p(p)
    return _apply(input, p, training, False, False, inplace)


def alpha_dropout(input, p=0.5, training=False, inplace=False):
    """F.alpha_dropout: dropout for SELU networks (keeps mean and variance)."""
    _check_p(p)
    return _apply(input, p, training, False, True, inplace)


def feature_alpha_dropout(input, p=0.5, training=False, inplace=False):
    """F.feature_alpha_dropout: alpha dropout of whole channels."""
    _check_p(p)
    return _apply(input, p, training, True, True, inplace)


def _unbatched(input, inplace, p, training):
    """Feature dropout of an input without batch dim: add one, drop, remove it again."""
    if p == 0 or not training or input.numel() == 0:
        return input
    out = _apply(input.unsqueeze(0), p, training, True, False, False).squeeze(0)
    return input._assign(out, "feature_dropout_") if inplace else out


def dropout1d(input, p=0.5, training=True, inplace=False):
    """F.dropout1d: channel-wise dropout of (N, C, L) or (C, L) inputs."""
    _check_p(p)
    nd = input.dim()
    if nd not in (2, 3):
        raise RuntimeError(f"dropout1d: Expected 2D or 3D input, but received a {nd}D input. "
                           "Note that dropout1d exists to provide channel-wise dropout on inputs "
                           "with 1 spatial dimension, a channel dimension, and an optional batch "
                           "dimension (i.e. 2D or 3D inputs).")
    if nd == 2:
        return _unbatched(input, inplace, p, training)
    return _apply(input, p, training, True, False, inplace)


def dropout2d(input, p=0.5, training=True, inplace=False):
    """F.dropout2d: channel-wise dropout of (N, C, H, W) inputs (3-d inputs are treated as
    (N, C, L), with PyTorch's warning)."""
    _check_p(p)
    nd = input.dim()
    if nd not in (3, 4):
        warnings.warn(f"dropout2d: Received a {nd}-D input to dropout2d, which is deprecated and "
                      "will result in an error in a future release. To retain the behavior and "
                      "silence this warning, please use dropout instead. Note that dropout2d "
                      "exists to provide channel-wise dropout on inputs with 2 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 3D "
                      "or 4D inputs).", stacklevel=2)
    if nd == 3:
        warnings.warn("dropout2d: Received a 3D input to dropout2d and assuming that channel-wise "
                      "1D dropout behavior is desired - input is interpreted as shape (N, C, L), "
                      "where C is the channel dim. This behavior will change in a future release "
                      "to interpret the input as one without a batch dimension, i.e. shape "
                      "(C, H, W). To maintain the 1D channel-wise dropout behavior, please switch "
                      "to using dropout1d instead.", stacklevel=2)
    return _apply(input, p, training, True, False, inplace)


def dropout3d(input, p=0.5, training=True, inplace=False):
    """F.dropout3d: channel-wise dropout of (N, C, D, H, W) or (C, D, H, W) inputs."""
    _check_p(p)
    nd = input.dim()
    if nd not in (4, 5):
        warnings.warn(f"dropout3d: Received a {nd}-D input to dropout3d, which is deprecated and "
                      "will result in an error in a future release. To retain the behavior and "
                      "silence this warning, please use dropout instead. Note that dropout3d "
                      "exists to provide channel-wise dropout on inputs with 3 spatial "
                      "dimensions, a channel dimension, and an optional batch dimension (i.e. 4D "
                      "or 5D inputs).", stacklevel=2)
    if nd != 5:
        return _unbatched(input, inplace, p, training)
    return _apply(input, p, training, True, False, inplace)
