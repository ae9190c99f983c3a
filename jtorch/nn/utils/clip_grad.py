"""torch.nn.utils gradient clipping: clip_grad_norm_, clip_grad_value_, get_total_norm,
clip_grads_with_norm_.

Nothing here syncs: the total norm stays a pending Tensor, the gradients are scaled by a clip
coefficient tensor inside one recorded kernel (all gradients at once), and
`error_if_nonfinite=True` records a value check that raises PyTorch's RuntimeError at the next
sync point (at once in eager mode) instead of reading the norm on the host. `foreach` is
accepted and has no effect (every path is one fused kernel).
"""
import math
import types
import warnings

import jax.numpy as jnp
import numpy as np

from ..._ops import dispatch
from ..._ops.dispatch import record, record_multi, add_check
from ...autograd.grad_mode import no_grad

__all__ = ["clip_grad_norm", "clip_grad_norm_", "clip_grad_value_", "get_total_norm",
           "clip_grads_with_norm_"]


def _as_list(tensors):
    if isinstance(tensors, dispatch.Tensor):
        return [tensors]
    return list(tensors)


def _opmath(dt):
    return np.dtype(np.float32) if dt in (np.dtype(np.float16), jnp.bfloat16) else dt


def _vector_norm(x, p):
    """torch.linalg.vector_norm(x, p) of one array, computed in float32 for half types."""
    a = jnp.abs(x.astype(_opmath(x.dtype)))
    if p == math.inf:
        r = jnp.max(a) if a.size else jnp.zeros((), a.dtype)
    elif p == -math.inf:
        r = jnp.min(a) if a.size else jnp.asarray(jnp.inf, a.dtype)
    elif p == 0:
        r = jnp.sum((a != 0).astype(a.dtype))
    elif p == 1:
        r = jnp.sum(a)
    elif p == 2:
        r = jnp.sqrt(jnp.sum(a * a))
    else:
        r = jnp.sum(a ** p) ** (1.0 / p)
    return r.astype(x.dtype)


def _total_norm(grads, p):
    # each tensor's norm in its own dtype, then the norm of those norms (PyTorch stacks them,
    # promoting to a common dtype)
    norms = [_vector_norm(g, p) for g in grads]
    dt = jnp.result_type(*[n.dtype for n in norms])
    return _vector_norm(jnp.stack([n.astype(dt) for n in norms]), p)


def _total_norm_k(*grads, p):
    return _total_norm(grads, p)


def _scale(grads, total, max_norm):
    coef = jnp.asarray(max_norm, total.dtype) / (total + jnp.asarray(1e-6, total.dtype))
    coef = jnp.minimum(coef, jnp.ones((), coef.dtype))
    out = []
    for g in grads:
        c = coef.astype(g.dtype)
        out.append((g.astype(_opmath(g.dtype)) * c.astype(_opmath(g.dtype))).astype(g.dtype))
    return out


def _clip_norm_k(max_norm, *grads, p, keep_nonfinite=False):
    total = _total_norm(grads, p)
    scaled = _scale(grads, total, max_norm)
    if keep_nonfinite:   # (error_if_nonfinite: PyTorch raises before touching any gradient)
        finite = jnp.all(jnp.isfinite(total))
        scaled = [jnp.where(finite, s, g) for s, g in zip(scaled, grads)]
    return (total, *scaled)


def _clip_with_norm_k(max_norm, total, *grads):
    return tuple(_scale(grads, total, max_norm))


def _finite_k(total):
    return jnp.all(jnp.isfinite(total)), jnp.zeros((), jnp.int32)


def _nonfinite_error(norm_type):
    def error(_):
        return RuntimeError, (f"The total norm of order {norm_type} for gradients from "
                              f"`parameters` is non-finite, so it cannot be clipped. To disable "
                              f"this error and scale the gradients by the non-finite norm anyway, "
                              f"set `error_if_nonfinite=False`")
    return error


def _check_finite(total, norm_type):
    add_check(_finite_k, (total,), _nonfinite_error(norm_type))


def get_total_norm(tensors, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """The norm of the per-tensor norms of `tensors` (one kernel; a pending Tensor)."""
    tensors = _as_list(tensors)
    norm_type = float(norm_type)
    if not tensors:
        from ... import _creation
        return _creation.tensor(0.0)
    with no_grad():
        total = record(_total_norm_k, tuple(tensors), (("p", norm_type),), name="total_norm")
    if error_if_nonfinite:
        _check_finite(total, norm_type)
    return total


def _write(grads, scaled):
    for g, s in zip(grads, scaled):
        g._assign(s)


def clip_grads_with_norm_(parameters, max_norm, total_norm, foreach=None):
    """Scale every gradient by min(1, max_norm / (total_norm + 1e-6)), in place."""
    parameters = _as_list(parameters)
    grads = [p.grad for p in parameters if p.grad is not None]
    max_norm = float(max_norm)
    if not grads:
        return None
    with no_grad():
        scaled = record_multi(_clip_with_norm_k, (max_norm, total_norm, *grads),
                              name="clip_grads_with_norm")
        _write(grads, scaled)
    return None


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False,
                    foreach=None):
    """Clip the gradients' total norm to max_norm in place; returns the total norm (a pending
    Tensor: nothing syncs)."""
    if isinstance(parameters, dispatch.Tensor):
        parameters = [parameters]
    else:
        is_generator = isinstance(parameters, types.GeneratorType)
        parameters = list(parameters)
        if is_generator and not parameters:
            warnings.warn("`parameters` is an empty generator, no gradient clipping will occur.",
                          stacklevel=2)
    grads = [p.grad for p in parameters if p.grad is not None]
    norm_type = float(norm_type)
    if not grads:
        from ... import _creation
        return _creation.tensor(0.0)
    with no_grad():
        total, *scaled = record_multi(
            _clip_norm_k, (float(max_norm), *grads),
            (("p", norm_type), ("keep_nonfinite", bool(error_if_nonfinite))),
            name="clip_grad_norm")
        if error_if_nonfinite:
            _check_finite(total, norm_type)
        _write(grads, scaled)
    return total


def clip_grad_norm(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False, foreach=None):
    """Deprecated alias of clip_grad_norm_ (warns as PyTorch)."""
    warnings.warn("`torch.nn.utils.clip_grad_norm` is now deprecated in favor of "
                  "`torch.nn.utils.clip_grad_norm_`.", FutureWarning, stacklevel=2)
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def _clip_value_k(clip, *grads):
    out = []
    for g in grads:
        c = jnp.asarray(clip, _opmath(g.dtype))
        out.append(jnp.clip(g.astype(_opmath(g.dtype)), -c, c).astype(g.dtype))
    return tuple(out)


def clip_grad_value_(parameters, clip_value, foreach=None):
    """Clamp every gradient to [-clip_value, clip_value] in place (one kernel)."""
    if isinstance(parameters, dispatch.Tensor):
        parameters = [parameters]
    clip_value = float(clip_value)
    grads = [p.grad for p in parameters if p.grad is not None]
    if not grads:   # (PyTorch's grouping of the gradients by device fails on an empty list)
        raise RuntimeError("Expected !nested_tensorlist[0].empty() to be true, but got false.  "
                           "(Could this error message be improved?  If so, please report an "
                           "enhancement request to PyTorch.)")
    with no_grad():
        _write(grads, record_multi(_clip_value_k, (clip_value, *grads), name="clip_grad_value"))
    return None
