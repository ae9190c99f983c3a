"""nn.functional: batch_norm, instance_norm, layer_norm, group_norm, rms_norm,
local_response_norm and normalize; torch.batch_norm/instance_norm/layer_norm/group_norm/rms_norm.

Every normalization is ONE recorded kernel (statistics, normalization and the affine transform
fuse; autograd is jax.vjp of it). Statistics are computed in float32 for float16/bfloat16
inputs, as PyTorch's CPU kernels do. Running statistics (batch_norm/instance_norm in training)
are updated by a second kernel recorded under no_grad and written into the buffers in place;
`momentum` may be a Tensor (BatchNorm's cumulative average with momentum=None passes
1/num_batches_tracked as a tensor, so nothing syncs).
"""
import math
import numbers

import jax
import jax.numpy as jnp

from ... import _dtype
from ..._dtype import float16, bfloat16, float32
from ..._ops.dispatch import record, record_multi
from ..._ops.registry import op, _write_out
from ..._ops.shape import wrap_dim
from ..._tensor import Tensor
from ..._size import Size
from ...autograd.grad_mode import no_grad

__all__ = ["batch_norm", "instance_norm", "layer_norm", "group_norm", "rms_norm",
           "local_response_norm", "normalize"]


def _opmath(dt):
    return float32 if dt is float16 or dt is bfloat16 else dt


def _numel(t):
    return math.prod(t._nd.shape)


def _shape_list(shape):
    return "[" + ", ".join(str(d) for d in shape) + "]"


def _scalar(x):
    if isinstance(x, Tensor):
        return x
    return float(x)


def vector_norm(x, p, axis, keepdims):
    """The p-norm of x along axis with PyTorch's gradients: 0 at a zero vector (JAX alone gives
    nan there), spread evenly over ties for p = +-inf."""
    if p == 2:
        s = jnp.sum(x * x, axis, keepdims=keepdims)
        pos = s > 0
        return jnp.where(pos, jnp.sqrt(jnp.where(pos, s, jnp.ones((), s.dtype))),
                         jnp.zeros((), s.dtype))
    a = jnp.abs(x)
    if p == math.inf:
        return jnp.max(a, axis, keepdims=keepdims, initial=0)
    if p == -math.inf:
        return jnp.min(a, axis, keepdims=keepdims)
    if p == 0:
        return jnp.sum((x != 0).astype(x.dtype), axis, keepdims=keepdims)
    if p == 1:
        return jnp.sum(a, axis, keepdims=keepdims)
    s = jnp.sum(a ** p, axis, keepdims=keepdims)
    pos = s > 0
    return jnp.where(pos, jnp.where(pos, s, jnp.ones((), s.dtype)) ** (1.0 / p),
                     jnp.zeros((), s.dtype))


def _split(rest, has_w, has_b, n_stats):
    rest = list(rest)
    w = rest.pop(0) if has_w else None
    b = rest.pop(0) if has_b else None
    stats = [rest.pop(0) for _ in range(n_stats)]
    return w, b, stats, rest


def _affine(y, w, b, shape, m):
    if w is not None:
        y = y * w.astype(m).reshape(shape)
    if b is not None:
        y = y + b.astype(m).reshape(shape)
    return y


# ---- batch_norm -----------------------------------------------------------------------------
def _batch_norm_kernel(x, *rest, has_w, has_b, batch_stats, cdt):
    w, b, stats, (eps,) = _split(rest, has_w, has_b, 0 if batch_stats else 2)
    m = _opmath(cdt).np
    xf = x.astype(m)
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if batch_stats:
        mean = jnp.mean(xf, axes, keepdims=True)
        var = jnp.mean(jnp.square(xf - mean), axes, keepdims=True)
    else:
        mean = stats[0].astype(m).reshape(shape)
        var = stats[1].astype(m).reshape(shape)
    y = (xf - mean) * jax.lax.rsqrt(var + jnp.asarray(eps, m))
    return _affine(y, w, b, shape, m).astype(cdt.np)


def _running_stats_kernel(x, rm, rv, momentum, *, axes, groups):
    """New running mean/var: (1 - momentum) * old + momentum * batch statistic (unbiased var);
    with `groups` (instance_norm) the per-instance statistics are averaged over the batch."""
    m = _opmath(_dtype.from_numpy_dtype(x.dtype)).np
    xf = x.astype(m)
    n = math.prod(x.shape[a] for a in axes)
    mean = jnp.mean(xf, axes, keepdims=True)
    var = jnp.sum(jnp.square(xf - mean), axes) / max(n - 1, 0)
    mean = jnp.squeeze(mean, axes)
    if groups:
        mean, var = jnp.mean(mean, 0), jnp.mean(var, 0)
    mom = jnp.asarray(momentum).astype(m)
    new_rm = mom * mean + (1 - mom) * rm.astype(m)
    new_rv = mom * var + (1 - mom) * rv.astype(m)
    return new_rm.astype(rm.dtype), new_rv.astype(rv.dtype)


def _update_running(input, running_mean, running_var, momentum, axes, groups=False):
    with no_grad():
        new_rm, new_rv = record_multi(_running_stats_kernel,
                                      (input, running_mean, running_var, _scalar(momentum)),
                                      (("axes", axes), ("groups", groups)),
                                      name="running_stats")
        running_mean._assign(new_rm, "copy_")
        running_var._assign(new_rv, "copy_")


def _verify_batch_size(size):
    prods = size[0]
    for d in size[2:]:
        prods *= d
    if prods == 1:
        raise ValueError(f"Expected more than 1 value per channel when training, got input size "
                         f"{size}")


def _check_mixed(input, *params):
    """PyTorch's CPU norm kernels take the input and its parameters (weight, bias, running
    statistics) in one dtype; only a half or bfloat16 input may come with float32 ones."""
    dt = input._nd.dtype
    ps = [t._nd.dtype for t in params if t is not None]
    if all(p is dt for p in ps) or dt in (float16, bfloat16) and all(p is float32 for p in ps):
        return
    raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")


def _check_features(name, t, n, reps=1):
    if t is not None and _numel(t) * reps != n:
        raise RuntimeError(f"{name} should contain {n} elements not {_numel(t) * reps}")


@op("batch_norm", method=False)
def _batch_norm_op(input, weight, bias, running_mean, running_var, training, momentum, eps,
                   cudnn_enabled=True):
    """torch.batch_norm: normalize over every dim but 1 (batch statistics in training, else the
    running statistics); running statistics are updated in training."""
    if not isinstance(input, Tensor):
        raise TypeError(f"batch_norm(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be "
                         "None")
    shape = input._nd.shape
    c = shape[1] if len(shape) > 1 else 0
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        _check_features(name, t, c)
    wrap_dim(1, len(shape))  # a 1-d input has no channel dim: PyTorch's IndexError
    if not training and running_mean is None:
        raise RuntimeError("running_mean must be defined in evaluation mode")
    _check_mixed(input, weight, bias, running_mean, running_var)
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{_dtype.c10_name(dt)}'")
    ins = [input] + [t for t in (weight, bias) if t is not None]
    if not training:
        ins += [running_mean, running_var]
    out = record(_batch_norm_kernel, tuple(ins) + (float(eps),),
                 (("has_w", weight is not None), ("has_b", bias is not None),
                  ("batch_stats", bool(training)), ("cdt", dt)),
                 name="batch_norm", gname="NativeBatchNormBackward0")
    if training and running_mean is not None:
        _update_running(input, running_mean, running_var, momentum,
                        (0,) + tuple(range(2, len(shape))))
    return out


def batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False,
               momentum=0.1, eps=1e-05):
    """F.batch_norm: PyTorch's checks (batch size, eps), then torch.batch_norm. `momentum`
    may be a 0-d Tensor (used without a sync)."""
    if training:
        _verify_batch_size(input.size())
    if training and eps <= 0.0:
        raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    elif eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    return _batch_norm_op(input, weight, bias, running_mean, running_var, training, momentum,
                          eps)


# ---- instance_norm --------------------------------------------------------------------------
def _instance_norm_kernel(x, *rest, has_w, has_b, input_stats, cdt):
    w, b, stats, (eps,) = _split(rest, has_w, has_b, 0 if input_stats else 2)
    m = _opmath(cdt).np
    xf = x.astype(m)
    axes = tuple(range(2, x.ndim))
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    if input_stats:
        mean = jnp.mean(xf, axes, keepdims=True)
        var = jnp.mean(jnp.square(xf - mean), axes, keepdims=True)
    else:
        mean = stats[0].astype(m).reshape(shape)
        var = stats[1].astype(m).reshape(shape)
    y = (xf - mean) * jax.lax.rsqrt(var + jnp.asarray(eps, m))
    return _affine(y, w, b, shape, m).astype(cdt.np)


@op("instance_norm", method=False)
def _instance_norm_op(input, weight, bias, running_mean, running_var, use_input_stats, momentum,
                      eps, cudnn_enabled=True):
    """torch.instance_norm: normalize each (sample, channel) over its spatial dims."""
    shape = input._nd.shape
    n, c = shape[0], (shape[1] if len(shape) > 1 else 0)
    for name, t in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        _check_features(name, t, n * c, n)
    if not use_input_stats and (running_mean is None or running_var is None):
        raise RuntimeError("Expected running_mean and running_var to be defined when "
                           "use_input_stats is false")
    _check_mixed(input, weight, bias, running_mean, running_var)
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"batch_norm\" not implemented for '{_dtype.c10_name(dt)}'")
    ins = [input] + [t for t in (weight, bias) if t is not None]
    if not use_input_stats:
        ins += [running_mean, running_var]
    out = record(_instance_norm_kernel, tuple(ins) + (float(eps),),
                 (("has_w", weight is not None), ("has_b", bias is not None),
                  ("input_stats", bool(use_input_stats)), ("cdt", dt)),
                 name="instance_norm", gname="ViewBackward0")
    if use_input_stats and running_mean is not None:
        _update_running(input, running_mean, running_var, momentum,
                        tuple(range(2, len(shape))), groups=True)
    return out


def _verify_spatial_size(size):
    prods = 1
    for d in size[2:]:
        prods *= d
    if prods == 1:
        raise ValueError(f"Expected more than 1 spatial element when training, got input size "
                         f"{size}")


def instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None,
                  use_input_stats=True, momentum=0.1, eps=1e-05):
    """F.instance_norm: per-instance, per-channel normalization over the spatial dims."""
    if use_input_stats:
        _verify_spatial_size(input.size())
    return _instance_norm_op(input, weight, bias, running_mean, running_var, use_input_stats,
                             momentum, eps)


# ---- layer_norm / rms_norm ------------------------------------------------------------------
def _layer_norm_kernel(x, *rest, has_w, has_b, k, cdt):
    w, b, _, (eps,) = _split(rest, has_w, has_b, 0)
    m = _opmath(cdt).np
    xf = x.astype(m)
    axes = tuple(range(x.ndim - k, x.ndim))
    mean = jnp.mean(xf, axes, keepdims=True)
    var = jnp.mean(jnp.square(xf - mean), axes, keepdims=True)
    y = (xf - mean) * jax.lax.rsqrt(var + jnp.asarray(eps, m))
    nshape = x.shape[x.ndim - k:]
    return _affine(y, w, b, nshape, m).astype(cdt.np)


def _rms_norm_kernel(x, *rest, has_w, k, cdt):
    w, _, _, (eps,) = _split(rest, has_w, False, 0)
    m = _opmath(cdt).np
    xf = x.astype(m)
    axes = tuple(range(x.ndim - k, x.ndim))
    y = xf * jax.lax.rsqrt(jnp.mean(xf * xf, axes, keepdims=True) + jnp.asarray(eps, m))
    return _affine(y, w, None, x.shape[x.ndim - k:], m).astype(cdt.np)


def _normalized_shape(fname, normalized_shape):
    if isinstance(normalized_shape, numbers.Integral) or not isinstance(
            normalized_shape, (tuple, list, Size)):
        raise TypeError(f"{fname}(): argument 'normalized_shape' (position 2) must be tuple of "
                        f"ints, not {type(normalized_shape).__name__}")
    return tuple(int(d) for d in normalized_shape)


def _check_layer_norm(input, ns, weight, bias, rms=False):
    if not ns:
        raise RuntimeError("Expected normalized_shape to be at least 1-dimensional, i.e., "
                           "containing at least one element, but got normalized_shape = []")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and tuple(t._nd.shape) != ns:
            raise RuntimeError(f"Expected {name} to be of same shape as normalized_shape, but got "
                               f"{name} of shape {_shape_list(t._nd.shape)} and normalized_shape "
                               f"= {_shape_list(ns)}")
    shape = input._nd.shape
    if len(shape) < len(ns) or tuple(shape[len(shape) - len(ns):]) != ns:
        star = "[*" + ("" if rms else ", ") + ", ".join(str(d) for d in ns) + "]"
        raise RuntimeError(f"Given normalized_shape={_shape_list(ns)}, expected input with shape "
                           f"{star}, but got input of size{_shape_list(shape)}")
    if not rms:
        _check_mixed(input, weight, bias)
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"LayerNormKernelImpl\" not implemented for "
                                  f"'{_dtype.c10_name(dt)}'")


@op("layer_norm", method=False)
def layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-05, cudnn_enable=True):
    """torch.layer_norm / F.layer_norm: normalize over the trailing normalized_shape dims."""
    ns = _normalized_shape("layer_norm", normalized_shape)
    _check_layer_norm(input, ns, weight, bias)
    ins = (input,) + tuple(t for t in (weight, bias) if t is not None) + (float(eps),)
    return record(_layer_norm_kernel, ins,
                  (("has_w", weight is not None), ("has_b", bias is not None), ("k", len(ns)),
                   ("cdt", input._nd.dtype)),
                  name="layer_norm", gname="NativeLayerNormBackward0")


@op("rms_norm", method=False)
def rms_norm(input, normalized_shape, weight=None, eps=None):
    """torch.rms_norm / F.rms_norm: x / sqrt(mean(x^2) + eps) * weight over the trailing dims;
    eps defaults to the machine epsilon of the computation dtype."""
    ns = _normalized_shape("rms_norm", normalized_shape)
    _check_layer_norm(input, ns, weight, None, rms=True)
    dt = input._nd.dtype
    if eps is None:
        eps = float(_dtype.finfo(_opmath(dt)).eps)
    ins = (input,) + ((weight,) if weight is not None else ()) + (float(eps),)
    return record(_rms_norm_kernel, ins,
                  (("has_w", weight is not None), ("k", len(ns)), ("cdt", dt)),
                  name="rms_norm", gname="MulBackward0")


# ---- group_norm -----------------------------------------------------------------------------
def _group_norm_kernel(x, *rest, has_w, has_b, groups, cdt):
    w, b, _, (eps,) = _split(rest, has_w, has_b, 0)
    m = _opmath(cdt).np
    xf = x.astype(m).reshape(x.shape[0], groups, -1)
    mean = jnp.mean(xf, 2, keepdims=True)
    var = jnp.mean(jnp.square(xf - mean), 2, keepdims=True)
    y = ((xf - mean) * jax.lax.rsqrt(var + jnp.asarray(eps, m))).reshape(x.shape)
    shape = (1, x.shape[1]) + (1,) * (x.ndim - 2)
    return _affine(y, w, b, shape, m).astype(cdt.np)


@op("group_norm", method=False)
def _group_norm_op(input, num_groups, weight=None, bias=None, eps=1e-05, cudnn_enabled=True):
    """torch.group_norm: normalize each group of channels over (channels in group, spatial)."""
    shape = input._nd.shape
    c = shape[1]
    if c % num_groups:
        raise RuntimeError(f"Expected number of channels in input to be divisible by num_groups, "
                           f"but got input of shape {_shape_list(shape)} and "
                           f"num_groups={num_groups}")
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (len(t._nd.shape) != 1 or _numel(t) != c):
            raise RuntimeError(f"Expected {name} to be a vector of size equal to the number of "
                               f"channels in input, but got {name} of shape "
                               f"{_shape_list(t._nd.shape)} and input of shape "
                               f"{_shape_list(shape)}")
    _check_mixed(input, weight, bias)
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"GroupNormKernelImpl\" not implemented for "
                                  f"'{_dtype.c10_name(dt)}'")
    ins = (input,) + tuple(t for t in (weight, bias) if t is not None) + (float(eps),)
    return record(_group_norm_kernel, ins,
                  (("has_w", weight is not None), ("has_b", bias is not None),
                   ("groups", int(num_groups)), ("cdt", dt)),
                  name="group_norm", gname="NativeGroupNormBackward0")


def group_norm(input, num_groups, weight=None, bias=None, eps=1e-05):
    """F.group_norm: PyTorch's dimension and batch-size checks, then torch.group_norm."""
    if input.dim() < 2:
        raise RuntimeError(f"Expected at least 2 dimensions for input tensor but received "
                           f"{input.dim()}")
    size = list(input.size())
    _verify_batch_size([size[0] * size[1] // num_groups, num_groups] + size[2:])
    return _group_norm_op(input, num_groups, weight, bias, eps)


# ---- local_response_norm --------------------------------------------------------------------
def _lrn_kernel(x, alpha, beta, k, *, size, cdt):
    m = _opmath(cdt).np
    xf = x.astype(m)
    sq = xf * xf
    c = x.shape[1]
    pads = ((0, 0), (size // 2, (size - 1) // 2)) + ((0, 0),) * (x.ndim - 2)
    padded = jnp.pad(sq, pads)
    s = padded[:, 0:c]
    for i in range(1, size):  # the window sum over `size` neighbouring channels
        s = s + padded[:, i:i + c]
    div = (s / size * jnp.asarray(alpha, m) + jnp.asarray(k, m)) ** jnp.asarray(beta, m)
    return (xf / div).astype(cdt.np)


def local_response_norm(input, size, alpha=0.0001, beta=0.75, k=1.0):
    """F.local_response_norm: x / (k + alpha * mean of x^2 over `size` neighbouring
    channels) ** beta (zero padded, as PyTorch's avg_pool with count_include_pad)."""
    nd = input.dim()
    if nd < 3:
        raise ValueError(f"Expected 3D or higher dimensionality                          input "
                         f"(got {nd} dimensions)")
    if input.numel() == 0:
        return input
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"avg_pool2d\" not implemented for '{_dtype.c10_name(dt)}'")
    return record(_lrn_kernel, (input, float(alpha), float(beta), float(k)),
                  (("size", int(size)), ("cdt", dt)), name="local_response_norm",
                  gname="DivBackward0")


# ---- normalize ------------------------------------------------------------------------------
def _normalize_kernel(x, eps, *, p, dim, cdt):
    m = _opmath(cdt).np
    xf = x.astype(m)
    n = vector_norm(xf, p, dim, True)
    return (xf / jnp.maximum(n, jnp.asarray(eps, m))).astype(cdt.np)


def normalize(input, p=2.0, dim=1, eps=1e-12, out=None):
    """F.normalize: x / max(||x||_p along dim, eps)."""
    shape = input._nd.shape
    d = wrap_dim(dim, len(shape))
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"linalg.vector_norm: Expected a floating point or complex tensor as "
                           f"input. Got {_dtype.c10_name(dt)}")
    res = record(_normalize_kernel, (input, float(eps)),
                 (("p", float(p)), ("dim", d if shape else None), ("cdt", dt)),
                 name="normalize", gname="DivBackward0")
    if out is not None:
        return _write_out(out, res)
    return res
