"""nn.functional: every loss as ONE recorded kernel (elementwise part and reduction fused).

Each function checks its arguments in Python first and raises PyTorch's exception type and text
(shape, dtype, reduction, margin ...), then records a single pure-JAX kernel; its gradient is
`jax.vjp` of that kernel, so it matches PyTorch's backward formulas (BCE uses PyTorch's clamped
formula through a custom VJP). Value-dependent checks (class index out of range, BCE inputs
outside [0, 1], negative Gaussian variance) raise at once when the tensor is already concrete on
the CPU, else at the next sync point (`dispatch.add_check`), as PyTorch does for CUDA's
asynchronous errors. Half-precision losses are computed in float32 and rounded once.
"""
import functools
import math
import os
import sys
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from ... import _dtype
from ..._dtype import float16, bfloat16, int64, uint8, c10_name
from ..._ops import dispatch
from ..._ops.dispatch import record, add_check
from ..._runtime import graph
from ..._ops.elementwise import (result_type, broadcast_shapes_cached, exact_div,
                                  constant_divisor)
from .activation import log_softmax_values
from ..._ops.reduction import _cascade_sum

__all__ = ["l1_loss", "mse_loss", "smooth_l1_loss", "huber_loss", "cross_entropy", "nll_loss",
           "binary_cross_entropy", "binary_cross_entropy_with_logits", "kl_div",
           "margin_ranking_loss", "hinge_embedding_loss", "cosine_embedding_loss",
           "triplet_margin_loss", "triplet_margin_with_distance_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "multilabel_soft_margin_loss", "soft_margin_loss",
           "multilabel_margin_loss", "multi_margin_loss", "ctc_loss"]


_PACKAGE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
_PACKAGE += os.sep  # jtorch's own directory: frames in it are skipped by _warn


# ---- reduction arguments --------------------------------------------------------------------
def _warn(message, category=UserWarning):
    """Warn at the first frame outside jtorch (the user's line that called the loss)."""
    f = sys._getframe(1)
    level = 2
    while f is not None and f.f_code.co_filename.startswith(_PACKAGE):
        f = f.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def _legacy_string(size_average, reduce, emit_warning=True):
    """PyTorch's mapping of the deprecated size_average/reduce flags to a reduction string."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    if size_average and reduce:
        ret = "mean"
    elif reduce:
        ret = "sum"
    else:
        ret = "none"
    if emit_warning:
        _warn(f"size_average and reduce args will be deprecated, please use "
              f"reduction='{ret}' instead.")
    return ret


def _enum(reduction):
    """Validate a reduction string as PyTorch's get_enum ('elementwise_mean' warns)."""
    if reduction == "none" or reduction == "mean" or reduction == "sum":
        return reduction
    if reduction == "elementwise_mean":
        _warn("reduction='elementwise_mean' is deprecated. Please use reduction='mean' "
              "instead.")
        return "mean"
    raise ValueError(f"{reduction} is not a valid value for reduction")


def _reduction(size_average, reduce, reduction):
    if size_average is not None or reduce is not None:
        reduction = _legacy_string(size_average, reduce)
    return _enum(reduction)


# ---- helpers --------------------------------------------------------------------------------
def _cdt(dt):
    """The dtype a loss is computed in: float32 for half types (PyTorch's opmath)."""
    return np.dtype(np.float32) if dt is float16 or dt is bfloat16 else dt.np


def _total(loss, dt):
    """The sum of every element: in PyTorch's CPU order (reduction._cascade_sum) when the loss
    holds PyTorch's own float32/float64 elements, so a loss's sum and mean are PyTorch's bit
    for bit."""
    if loss.dtype == dt.np:
        return _cascade_sum(loss, tuple(range(loss.ndim)), False)
    return jnp.sum(loss)


def _reduce(loss, red, dt):
    if red == "sum":
        loss = _total(loss, dt)
    elif red == "mean":   # (correctly rounded: jnp.mean multiplies by 1 / n)
        loss = exact_div(_total(loss, dt), constant_divisor(loss.size, loss.dtype))
    return loss.astype(dt.np)


def _abs(d):
    # |d| whose gradient is sign(d) (0 at 0), as PyTorch's abs backward
    return d * jax.lax.stop_gradient(jnp.sign(d))


def _relu(z):
    # clamp_min(z, 0) with PyTorch's backward mask (z >= 0)
    return jnp.where(z >= 0, z, jnp.zeros_like(z))


def _hinge(z):
    # max(z, 0) with gradient only where z > 0 (PyTorch's margin kernels)
    return jnp.where(z > 0, z, jnp.zeros_like(z))


def _need_tensors(fname, input, target):
    """PyTorch's TypeError for a non-Tensor input/target of a native loss."""
    for name, pos, t in (("input", 1, input), ("target", 2, target)):
        if not isinstance(t, dispatch.Tensor):
            raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be Tensor, not "
                            f"{type(t).__name__}")


def _size_warning(input, target):
    if tuple(target.size()) != tuple(input.size()):
        _warn(f"Using a target size ({target.size()}) that is different to the input size "
              f"({input.size()}). This will likely lead to incorrect results due to "
              f"broadcasting. Please ensure they have the same size.")


def _float_dt(*tensors):
    dt = result_type(*tensors)
    return dt if dt.is_floating_point else _dtype.get_default_dtype()


def _not_implemented(kernel, dt):
    return NotImplementedError(f'"{kernel}" not implemented for \'{c10_name(dt)}\'')


def _cast_error(dt):
    return RuntimeError(f"result type Float can't be cast to the desired output type "
                        f"{c10_name(dt)}")


def _mean_int_error(dt):
    return RuntimeError("mean(): could not infer output dtype. Input dtype must be either a "
                        f"floating point or complex dtype. Got: {c10_name(dt)}")


def _concrete(t):
    """t's value as a NumPy array when it is already computed on the CPU (no sync), else None."""
    n = t._node()
    v = n.value
    if (v is not None and not isinstance(v, jax.core.Tracer) and
            getattr(n.device, "platform", "cpu") == "cpu"):
        return np.asarray(v)
    return None


def _value_check(t, kernel, static, error, numpy_ok):
    """Raise error(detail) now if t is concrete (numpy_ok(array) -> (ok, detail)), else record
    the check `kernel` to raise at the next sync."""
    a = _concrete(t)
    if a is not None:
        ok, detail = numpy_ok(a)
        if not ok:
            exc, msg = error(detail)
            raise exc(msg)
        if graph.capture_break is None:
            return
        # a Module call or a compiled step being captured: its replays check too
    add_check(kernel, (t,), error, static)


def _first_bad(bad, a):
    b = bad.ravel()
    return a.ravel()[jnp.argmax(b)] if b.size else jnp.zeros((), a.dtype)


# ---- L1 / MSE / smooth L1 / Huber -----------------------------------------------------------
def _l1_k(x, y, *w, red, dt):
    c = _cdt(dt) if dt.is_floating_point else dt.np
    loss = _abs(x.astype(c) - y.astype(c)) if dt.is_floating_point else jnp.abs(
        x.astype(c) - y.astype(c))
    return _weighted(loss, w, red, dt, c)


def _weighted(loss, w, red, dt, c):
    if w:
        w = w[0].astype(c)
        loss = loss * w
        if red == "mean":
            return (jnp.sum(loss) / jnp.sum(w)).astype(dt.np)
    return _reduce(loss, red, dt)


def _mse_k(x, y, *w, red, dt):
    c = _cdt(dt)
    d = x.astype(c) - y.astype(c)
    return _weighted(d * d, w, red, dt, c)


def _smooth_l1_k(x, y, beta, *, red, dt):
    c = _cdt(dt)
    beta = jnp.asarray(beta, c)
    d = _abs(x.astype(c) - y.astype(c))
    loss = jnp.where(d < beta, 0.5 * d * d / beta, d - 0.5 * beta)
    return _reduce(loss, red, dt)


def _huber_k(x, y, delta, *w, red, dt):
    c = _cdt(dt)
    delta = jnp.asarray(delta, c)
    d = _abs(x.astype(c) - y.astype(c))
    loss = jnp.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    if w:
        loss = loss * w[0].astype(c)
    return _reduce(loss, red, dt)


def _weight_reduction(reduction, weight):
    if weight is not None and reduction not in ("none", "mean", "sum"):
        raise ValueError(f"Invalid reduction mode: {reduction}. Expected one of 'none', 'mean', "
                         f"'sum'.")


def _pointwise_prelude(input, target, size_average, reduce, reduction, weight=None):
    _size_warning(input, target)
    if size_average is not None or reduce is not None:
        reduction = _legacy_string(size_average, reduce)
    broadcast_shapes_cached(tuple(input._nd.shape), tuple(target._nd.shape))
    if weight is not None:
        if tuple(weight.shape) != tuple(input.shape):
            raise ValueError("Weights and input must have the same size.")
        _weight_reduction(reduction, weight)
        return reduction
    return _enum(reduction)


def l1_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean absolute error (optionally weighted: sum(w|x-y|) / sum(w) for 'mean')."""
    red = _pointwise_prelude(input, target, size_average, reduce, reduction, weight)
    if weight is None:
        dt = result_type(input, target)
        if not dt.is_floating_point and red == "mean":
            raise _mean_int_error(dt)
        g = {"none": "AbsBackward0", "mean": "MeanBackward0", "sum": "SumBackward0"}[red]
        return record(_l1_k, (input, target), (("red", red), ("dt", dt)), name="l1_loss",
                      gname=g)
    dt = result_type(input, target, weight)
    return record(_l1_k, (input, target, weight), (("red", red), ("dt", dt)), name="l1_loss",
                  gname=_WEIGHTED_GNAME[red])


_WEIGHTED_GNAME = {"none": "MulBackward0", "mean": "DivBackward0", "sum": "SumBackward0"}


def mse_loss(input, target, size_average=None, reduce=None, reduction="mean", weight=None):
    """Mean squared error (optionally weighted: sum(w(x-y)^2) / sum(w) for 'mean')."""
    red = _pointwise_prelude(input, target, size_average, reduce, reduction, weight)
    if weight is None:
        dt = result_type(input, target)
        if not dt.is_floating_point:
            raise _not_implemented("mse_cpu", dt)
        return record(_mse_k, (input, target), (("red", red), ("dt", dt)), name="mse_loss",
                      gname="MseLossBackward0")
    dt = result_type(input, target, weight)
    if not dt.is_floating_point:
        raise _not_implemented("mse_cpu", dt)
    return record(_mse_k, (input, target, weight), (("red", red), ("dt", dt)), name="mse_loss",
                  gname=_WEIGHTED_GNAME[red])


def smooth_l1_loss(input, target, size_average=None, reduce=None, reduction="mean", beta=1.0):
    """0.5 d^2 / beta where |d| < beta, else |d| - 0.5 beta (beta == 0: L1 loss)."""
    red = _pointwise_prelude(input, target, size_average, reduce, reduction)
    if beta == 0.0:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the size warning was given above
            return l1_loss(input, target, reduction=red)
    if beta < 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    dt = result_type(input, target)
    if not dt.is_floating_point:
        raise _not_implemented("smooth_l1_cpu", dt)
    return record(_smooth_l1_k, (input, target, float(beta)), (("red", red), ("dt", dt)),
                  name="smooth_l1_loss", gname="SmoothL1LossBackward0")


def huber_loss(input, target, reduction="mean", delta=1.0, weight=None):
    """0.5 d^2 where |d| < delta, else delta (|d| - 0.5 delta); result in input's dtype."""
    _size_warning(input, target)
    broadcast_shapes_cached(tuple(input._nd.shape), tuple(target._nd.shape))
    dt = input._nd.dtype
    if not dt.is_floating_point:
        if not target._nd.dtype.is_floating_point:
            raise _not_implemented("huber_cpu", dt)
        raise _cast_error(dt)
    if weight is None:
        red = _enum(reduction)
        if delta <= 0:
            raise RuntimeError("huber_loss does not support non-positive values for delta.")
        return record(_huber_k, (input, target, float(delta)), (("red", red), ("dt", dt)),
                      name="huber_loss", gname="HuberLossBackward0")
    if tuple(weight.shape) != tuple(input.shape):
        raise ValueError("Weights and input must have the same size.")
    if delta <= 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    _weight_reduction(reduction, weight)
    dt = result_type(input, weight)
    g = {"none": "MulBackward0", "mean": "MeanBackward0", "sum": "SumBackward0"}[reduction]
    return record(_huber_k, (input, target, float(delta), weight),
                  (("red", reduction), ("dt", dt)), name="huber_loss", gname=g)


# ---- NLL / cross entropy --------------------------------------------------------------------
def _rounder(dt, c):
    """Rounding to a half type `dt` of a value computed in float32 `c`, where PyTorch's separate
    ops each give a half result (identity for other dtypes)."""
    if c == dt.np:
        return lambda v: v
    return lambda v: v.astype(dt.np).astype(c)


def _half_nll_cascade(nll, wt, valid, rnd, red, weighted):
    """PyTorch's CPU nll_loss reduction for float16/bfloat16: each sample's loss (and weight) is
    added in that type to a running sum that flushes upwards through 8 levels every 16 samples
    (a sample whose index is a multiple of 16**j flushes j levels: sample 0 all of them, and
    ignored samples flush nothing); the levels are then added from the lowest; mean divides by
    the summed weight (the count of samples without weights), all rounded to that type."""
    levels = 8

    def add(carry, item):
        loss, wsum = carry
        b, v, wv, ok = item
        loss = loss.at[0].set(jnp.where(ok, rnd(loss[0] + v), loss[0]))
        wsum = wsum.at[0].set(jnp.where(ok, rnd(wsum[0] + wv), wsum[0]))
        flush = ok
        for j in range(levels - 1):
            flush = flush & ((b & (15 << (4 * j))) == 0)
            loss = jnp.where(flush, loss.at[j + 1].set(rnd(loss[j + 1] + loss[j])).at[j].set(0),
                             loss)
            wsum = jnp.where(flush, wsum.at[j + 1].set(rnd(wsum[j + 1] + wsum[j])).at[j].set(0),
                             wsum)
        return (loss, wsum), None

    zero = jnp.zeros((levels,), nll.dtype)
    idx = jnp.arange(nll.shape[0], dtype=jnp.int64)
    (loss, wsum), _ = jax.lax.scan(add, (zero, zero), (idx, nll, wt, valid))
    out = jnp.zeros((), nll.dtype)
    total = jnp.zeros((), nll.dtype)
    for j in range(levels):
        out = rnd(out + loss[j])
        total = rnd(total + wsum[j])
    if red == "sum":
        return out
    if not weighted:
        total = rnd(jnp.sum(valid).astype(nll.dtype))
    return rnd(out / total)


def _class_index_k(x, t, *w, red, dt, ignore, softmax, smooth, ls=0.0, cpu=False):
    """nll_loss / cross_entropy with class-index targets (optionally label smoothing)."""
    c = _cdt(dt)
    rnd = _rounder(dt, c)
    cd = 0 if x.ndim == 1 else 1
    n_classes = x.shape[cd]
    x = x.astype(c)
    lp = rnd(log_softmax_values(x, cd, dt, cpu)) if softmax else x
    t = t.astype(jnp.int64)
    if x.ndim == 1:
        t = t.reshape(())
    valid = t != ignore
    tt = jnp.where(valid, t, 0).astype(jnp.int64)
    picked = jnp.squeeze(jnp.take_along_axis(lp, jnp.expand_dims(tt, cd), axis=cd), cd)
    if w:
        wv = w[0].astype(c)
        wt = jnp.where(valid, wv[tt], jnp.zeros((), c))
    else:
        wt = valid.astype(c)
    nll = -picked * wt
    total = jnp.sum(wt)
    if red == "none":
        out = nll
    elif cpu and x.ndim <= 2:
        out = _half_nll_cascade(rnd(nll).reshape(-1), wt.reshape(-1), valid.reshape(-1),
                                rnd, red, bool(w))
    elif red == "sum":
        out = jnp.sum(nll)
    else:
        out = jnp.sum(nll) / total
    if smooth:
        # ignored positions are masked before the sum, so their gradient is +0 as PyTorch's;
        # half types round where PyTorch's ops (log_softmax, nll_loss, mul, sum, div) end
        out = rnd(out)
        lpv = jnp.where(jnp.expand_dims(valid, cd), lp, jnp.zeros((), c))
        if w:
            shape = [1] * lp.ndim
            shape[cd] = n_classes
            sm = -rnd(jnp.sum(rnd(lpv * wv.reshape(shape)), axis=cd))
        else:
            sm = -rnd(jnp.sum(lpv, axis=cd))
        if red == "sum":
            sm = rnd(jnp.sum(sm))
        elif red == "mean":
            sm = rnd(rnd(jnp.sum(sm)) / rnd(total))
        ls = jnp.asarray(ls, c)
        out = rnd(rnd((1 - ls) * out) + rnd(sm * (ls / n_classes)))
    return out.astype(dt.np)


def _range_k(t, *, n_classes, ignore):
    t = t.astype(jnp.int64)
    bad = (t != ignore) & ((t < 0) | (t >= n_classes))
    return jnp.logical_not(jnp.any(bad)), _first_bad(bad, t)


def _target_error(v):
    return IndexError, f"Target {int(v)} is out of bounds."


def _check_targets(target, n_classes, ignore):
    def numpy_ok(a):
        bad = (a != ignore) & ((a < 0) | (a >= n_classes))
        return (False, a[bad].ravel()[0]) if bad.any() else (True, None)
    _value_check(target, _range_k, (("n_classes", n_classes), ("ignore", ignore)),
                 _target_error, numpy_ok)


def _nll_nd_checks(input, target, weight):
    """PyTorch's nll_loss_nd argument checks; returns PyTorch's grad_fn name for reductions
    other than 'none' and the name for 'none'."""
    xs, ts = tuple(input._nd.shape), tuple(target._nd.shape)
    nd = len(xs)
    if nd < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {nd})")
    if nd != 1 and xs[0] != (ts[0] if ts else 0):
        raise ValueError(f"Expected input batch_size ({xs[0]}) to match target batch_size "
                         f"({ts[0] if ts else 0}).")
    if nd == 1 and len(ts) == 1 and ts[0] != 1:
        raise ValueError(f"For 1D input, 1D target must have size 1, but got target size: "
                         f"{ts[0]}")
    tdt = target._nd.dtype
    n_classes = xs[0] if nd == 1 else xs[1]
    if nd <= 2:
        if len(ts) > 1:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        if tdt is not int64 and tdt is not uint8:
            raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                               f"{c10_name(tdt)}")
        if weight is not None and (weight.dim() != 1 or weight.numel() != n_classes):
            raise RuntimeError(f"weight tensor should be defined either for all {n_classes} "
                               f"classes or no classes but got weight tensor of shape: "
                               f"{list(weight.shape)}")
        names = ("NllLossBackward0", "NllLossBackward0")
    else:
        if nd == 4:
            if tdt is not int64 and tdt is not uint8:
                raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                                   f"{c10_name(tdt)}")
            if len(ts) != 3:
                raise RuntimeError(f"only batches of spatial targets supported (3D tensors) but "
                                   f"got targets of dimension: {len(ts)}")
            if ts[1:] != xs[2:]:
                raise RuntimeError(f"size mismatch (got input: {list(xs)} , target: {list(ts)}")
            names = ("NllLoss2DBackward0", "NllLoss2DBackward0")
        else:
            if ts[1:] != xs[2:]:
                raise RuntimeError(f"Expected target size {[xs[0]] + list(xs[2:])}, got "
                                   f"{list(ts)}")
            if tdt is not int64 and tdt is not uint8:
                raise RuntimeError(f"expected target dtype to be Long or Byte, but got "
                                   f"{c10_name(tdt)}")
            names = ("NllLoss2DBackward0", "ViewBackward0")
        if weight is not None and weight.numel() != n_classes:
            raise RuntimeError("weight tensor should be defined either for all or no classes")
    if weight is not None and weight._nd.dtype is not input._nd.dtype:
        raise RuntimeError(f"expected scalar type {c10_name(input._nd.dtype)} but found "
                           f"{c10_name(weight._nd.dtype)}")
    return n_classes, names


def nll_loss(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
             reduction="mean"):
    """Negative log likelihood of class-index targets over (C), (N, C) or (N, C, d1, ...)
    inputs; the weighted mean divides by the summed weights of the non-ignored targets."""
    red = _reduction(size_average, reduce, reduction)
    _need_tensors("nll_loss_nd", input, target)
    n_classes, names = _nll_nd_checks(input, target, weight)
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise _not_implemented("nll_loss_out_frame", dt)
    _check_targets(target, n_classes, ignore_index)
    ins = (input, target) if weight is None else (input, target, weight)
    return record(_class_index_k, ins, (("red", red), ("dt", dt), ("ignore", int(ignore_index)),
                                        ("softmax", False), ("smooth", False))
                  + _cpu_half(input, dt), name="nll_loss", gname=names[red == "none"])


def _ce_prob_k(x, t, *w, red, dt, smooth, ls=0.0, cpu=False):
    c = _cdt(dt)
    rnd = _rounder(dt, c)   # half types: rounded where PyTorch's ops end
    cd = 0 if x.ndim == 1 else 1
    n_classes = x.shape[cd]
    lp = rnd(log_softmax_values(x.astype(c), cd, dt, cpu))
    t = t.astype(c)
    if smooth:
        ls = jnp.asarray(ls, c)
        t = rnd(rnd(t * (1 - ls)) + ls / n_classes)
    v = rnd(lp * t)
    if w:
        shape = [1] * lp.ndim
        shape[cd] = n_classes
        v = rnd(v * w[0].astype(c).reshape(shape))
    if red == "none":
        out = -jnp.sum(v, axis=cd)
    elif red == "sum":
        out = -jnp.sum(v)
    else:
        count = x.size // n_classes if n_classes else 0
        out = -rnd(jnp.sum(v)) / count if x.size else jnp.asarray(jnp.nan, c)
    return out.astype(dt.np)


def cross_entropy(input, target, weight=None, size_average=None, ignore_index=-100, reduce=None,
                  reduction="mean", label_smoothing=0.0):
    """log_softmax + NLL over class-index targets, or over class probabilities when target has
    input's shape; weight, ignore_index and label_smoothing as PyTorch."""
    red = _reduction(size_average, reduce, reduction)
    _need_tensors("cross_entropy_loss", input, target)
    xs, ts = tuple(input._nd.shape), tuple(target._nd.shape)
    dt = input._nd.dtype
    if xs == ts:
        tdt = target._nd.dtype
        if not tdt.is_floating_point:
            raise RuntimeError(f"Expected floating point type for target with class "
                               f"probabilities, got {c10_name(tdt)}")
        if ignore_index >= 0:
            raise RuntimeError("ignore_index is not supported for floating point target")
        smooth = label_smoothing > 0.0
        if smooth and not label_smoothing <= 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                               f"{label_smoothing}")
        cd = 0 if len(xs) == 1 else 1
        if not dt.is_floating_point:
            raise _not_implemented(_log_softmax_kernel(len(xs)), dt)
        if weight is not None and (weight.dim() != 1 or weight.numel() != xs[cd]):
            raise RuntimeError(f"cross_entropy: weight tensor should be defined either for all "
                               f"{xs[cd]} classes or no classes but got weight tensor of shape: "
                               f"{list(weight.shape)}")
        out_dt = result_type(input, target) if weight is None else result_type(input, target,
                                                                               weight)
        ins = (input, target) if weight is None else (input, target, weight)
        cpu = _cpu_half(input, out_dt)
        if smooth:
            ins = ins[:2] + (float(label_smoothing),) + ins[2:]
            return record(_ce_prob_smooth_k, ins, (("red", red), ("dt", out_dt)) + cpu,
                          name="cross_entropy", gname="DivBackward1" if red == "mean"
                          else "NegBackward0")
        return record(_ce_prob_k, ins, (("red", red), ("dt", out_dt), ("smooth", False)) + cpu,
                      name="cross_entropy",
                      gname="DivBackward1" if red == "mean" else "NegBackward0")
    smooth = label_smoothing > 0.0
    if smooth and label_smoothing > 1.0:
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: "
                           f"{label_smoothing}")
    if len(xs) >= 1 and not dt.is_floating_point:
        raise _not_implemented(_log_softmax_kernel(len(xs)), dt)
    n_classes, names = _nll_nd_checks(input, target, weight)
    _check_targets(target, n_classes, ignore_index)
    ins = (input, target) if weight is None else (input, target, weight)
    static = (("red", red), ("dt", dt), ("ignore", int(ignore_index)), ("softmax", True),
              ("smooth", smooth)) + _cpu_half(input, dt)
    if smooth:
        return record(_ce_smooth_k, ins[:2] + (float(label_smoothing),) + ins[2:], static,
                      name="cross_entropy", gname="AddBackward0")
    return record(_class_index_k, ins, static, name="cross_entropy",
                  gname=names[red == "none"])


def _ce_smooth_k(x, t, ls, *w, **static):
    return _class_index_k(x, t, *w, ls=ls, **static)


def _ce_prob_smooth_k(x, t, ls, *w, red, dt, cpu=False):
    return _ce_prob_k(x, t, *w, red=red, dt=dt, smooth=True, ls=ls, cpu=cpu)


def _cpu_half(input, dt):
    """The static flag of a float16/bfloat16 log_softmax on the CPU (see log_softmax_values)."""
    return (("cpu", True),) if (dt is float16 or dt is bfloat16) and \
        input._nd.device.platform == "cpu" else ()


def _log_softmax_kernel(nd):
    return "log_softmax_lastdim_kernel_impl" if nd <= 2 else "log_softmax_kernel_impl"


# ---- binary cross entropy -------------------------------------------------------------------
@jax.custom_vjp
def _bce_elem(x, y):
    return -(y * jnp.maximum(jnp.log(x), -100.0) +
             (1 - y) * jnp.maximum(jnp.log1p(-x), -100.0))


def _bce_fwd(x, y):
    return _bce_elem(x, y), (x, y)


def _bce_bwd(res, g):
    # PyTorch's formulas: d/dx = (x - y) / max((1 - x) x, 1e-12); d/dy = log(1-x) - log(x)
    x, y = res
    gx = g * (x - y) / jnp.maximum((1 - x) * x, jnp.asarray(1e-12, x.dtype))
    gy = g * (jnp.maximum(jnp.log1p(-x), -100.0) - jnp.maximum(jnp.log(x), -100.0))
    return gx, gy


_bce_elem.defvjp(_bce_fwd, _bce_bwd)


def _bce_k(x, y, *w, red, dt):
    c = _cdt(dt)
    loss = _bce_elem(x.astype(c), y.astype(c))
    if w:
        loss = loss * w[0].astype(c)
    return _reduce(loss, red, dt)


def _bce_range_k(x, y):
    xin = jnp.all((x >= 0) & (x <= 1))
    yin = jnp.all((y >= 0) & (y <= 1))
    return xin & yin, xin


def _bce_error(input_ok):
    which = "target" if bool(input_ok) else "input"
    return RuntimeError, f"all elements of {which} should be between 0 and 1"


def binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None,
                         reduction="mean"):
    """-w (y log x + (1 - y) log(1 - x)) with each log clamped at -100, as PyTorch."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    if tuple(target.size()) != tuple(input.size()):
        raise ValueError(f"Using a target size ({target.size()}) that is different to the input "
                         f"size ({input.size()}) is deprecated. Please ensure they have the same "
                         f"size.")
    shape = tuple(input._nd.shape)
    if weight is not None:
        ws = tuple(weight._nd.shape)
        try:
            broadcast_shapes_cached(shape, ws)
            ok = broadcast_shapes_cached(shape, ws) == shape
        except RuntimeError:
            ok = False
        if not ok:
            raise RuntimeError(
                f"Attempting to broadcast a dimension of length {_mismatch(ws, shape)} at -"
                f"{_mismatch_pos(ws, shape)}! Mismatching argument at index 1 had "
                f"{weight.size()}; but expected shape should be broadcastable to {list(shape)}")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise _not_implemented("binary_cross_entropy", dt)
    if target._nd.dtype is not dt:
        raise RuntimeError(f"Found dtype {c10_name(target._nd.dtype)} but expected "
                           f"{c10_name(dt)}")
    ins = (input, target) if weight is None else (input, target, weight)
    xa, ya = _concrete(input), _concrete(target)
    if xa is not None and ya is not None:
        if not np.all((xa >= 0) & (xa <= 1)):
            raise RuntimeError("all elements of input should be between 0 and 1")
        if not np.all((ya >= 0) & (ya <= 1)):
            raise RuntimeError("all elements of target should be between 0 and 1")
    else:
        add_check(_bce_range_k, (input, target), _bce_error)
    return record(_bce_k, ins, (("red", red), ("dt", dt)), name="binary_cross_entropy",
                  gname="BinaryCrossEntropyBackward0")


def _mismatch(ws, shape):
    for i in range(1, len(ws) + 1):
        if i > len(shape) or (ws[-i] != 1 and ws[-i] != shape[-i]):
            return ws[-i]
    return ws[0]


def _mismatch_pos(ws, shape):
    for i in range(1, len(ws) + 1):
        if i > len(shape) or (ws[-i] != 1 and ws[-i] != shape[-i]):
            return i
    return 1


def _bce_logits_k(x, y, *ws, red, dt, hw, hp):
    c = _cdt(dt)
    x = x.astype(c)
    y = y.astype(c)
    ls = jax.nn.log_sigmoid(x)
    if hp:
        lw = (ws[-1].astype(c) - 1) * y + 1
        loss = (1 - y) * x - lw * ls
    else:
        loss = (1 - y) * x - ls
    if hw:
        loss = loss * ws[0].astype(c)
    return _reduce(loss, red, dt)


def binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None,
                                     reduction="mean", pos_weight=None):
    """Sigmoid + BCE in one stable formula: (1 - y) x - (1 + (pos_weight - 1) y) log sigmoid(x),
    times weight; the result has target's dtype, as PyTorch."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    if tuple(target.size()) != tuple(input.size()):
        raise ValueError(f"Target size ({target.size()}) must be the same as input size "
                         f"({input.size()})")
    if not input._nd.dtype.is_floating_point:
        raise _not_implemented("log_sigmoid_cpu", input._nd.dtype)
    dt = target._nd.dtype
    if not dt.is_floating_point:
        raise _cast_error(dt)
    shape = tuple(input._nd.shape)
    if pos_weight is not None:
        broadcast_shapes_cached(tuple(pos_weight._nd.shape), shape)
    if weight is not None:
        broadcast_shapes_cached(shape, tuple(weight._nd.shape))
    ins = (input, target) + tuple(w for w in (weight, pos_weight) if w is not None)
    return record(_bce_logits_k, ins, (("red", red), ("dt", dt), ("hw", weight is not None),
                                       ("hp", pos_weight is not None)),
                  name="binary_cross_entropy_with_logits",
                  gname="BinaryCrossEntropyWithLogitsBackward0")


# ---- KL divergence --------------------------------------------------------------------------
def _kl_k(x, t, *, red, dt, log_target, batch=0):
    c = _cdt(dt)
    x = x.astype(c)
    t = t.astype(c)
    if log_target:
        loss = jnp.exp(t) * (t - x)
    else:
        zero = t == 0
        loss = jnp.where(zero, jnp.zeros((), c), t * jnp.log(jnp.where(zero, 1, t))) - t * x
    loss = _reduce(loss, red, dt)
    if batch:
        loss = (loss.astype(c) / batch).astype(dt.np)
    return loss


def kl_div(input, target, size_average=None, reduce=None, reduction="mean", log_target=False):
    """Pointwise KL divergence target * (log target - input) (log_target: exp(t) (t - x));
    'batchmean' divides the sum by the batch size; 'mean' warns as PyTorch."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        if reduction == "mean":
            _warn("reduction: 'mean' divides the total loss by both the batch size and the "
                  "support size.'batchmean' divides only by the batch size, and aligns with the "
                  "KL div math definition.'mean' will be changed to behave the same as "
                  "'batchmean' in the next major release.")
        red = "sum" if reduction == "batchmean" else _enum(reduction)
    _need_tensors("kl_div", input, target)
    # PyTorch evaluates target * input: a broadcast error names target's size first
    broadcast_shapes_cached(tuple(target._nd.shape), tuple(input._nd.shape))
    if not (input._nd.dtype.is_floating_point and target._nd.dtype.is_floating_point):
        raise RuntimeError("kl_div: Integral inputs not supported.")
    dt = result_type(input, target)
    # 'batchmean' divides by the batch size (whatever the legacy flags reduced to, as PyTorch)
    batch = input._nd.shape[0] if reduction == "batchmean" and input.dim() != 0 else 0
    g = "DivBackward0" if batch else {"none": "MulBackward0" if log_target else "SubBackward0",
                                      "mean": "MeanBackward0", "sum": "SumBackward0"}[red]
    return record(_kl_k, (input, target), (("red", red), ("dt", dt),
                                           ("log_target", bool(log_target)), ("batch", batch)),
                  name="kl_div", gname=g)


# ---- margin / embedding losses --------------------------------------------------------------
_PLAIN_GNAME = {"mean": "MeanBackward0", "sum": "SumBackward0"}


def _margin_ranking_k(x1, x2, y, margin, *, red, dt):
    c = _cdt(dt)
    loss = _relu(-y.astype(c) * (x1.astype(c) - x2.astype(c)) + jnp.asarray(margin, c))
    return _reduce(loss, red, dt)


def margin_ranking_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                        reduction="mean"):
    """max(0, -y (x1 - x2) + margin)."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(f"margin_ranking_loss : All input tensors should have same dimension "
                           f"but got sizes: input1: {input1.size()}, input2: {input2.size()}, "
                           f"target: {target.size()} ")
    # PyTorch evaluates -target * (input1 - input2): target's size is named first in its error
    broadcast_shapes_cached(tuple(target._nd.shape), broadcast_shapes_cached(
        tuple(input1._nd.shape), tuple(input2._nd.shape)))
    dt = _float_dt(input1, input2, target)
    return record(_margin_ranking_k, (input1, input2, target, float(margin)),
                  (("red", red), ("dt", dt)), name="margin_ranking_loss",
                  gname=_PLAIN_GNAME.get(red, "ClampMinBackward0"))


def _hinge_embedding_k(x, y, margin, *, red, dt):
    c = _cdt(dt) if dt.is_floating_point else np.dtype(np.float64)
    x = x.astype(c)
    zeros = jnp.zeros((), c)
    m = _relu(jnp.asarray(margin, c) - x)
    loss = jnp.where(y != 1, m, zeros) + jnp.where(y != -1, x, zeros)
    return _reduce(loss, red, dt)


def hinge_embedding_loss(input, target, margin=1.0, size_average=None, reduce=None,
                         reduction="mean"):
    """x where y == 1, max(0, margin - x) where y == -1 (other target values: both terms)."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    broadcast_shapes_cached(tuple(target._nd.shape), tuple(input._nd.shape))
    dt = input._nd.dtype
    if not dt.is_floating_point and red == "mean":
        raise _mean_int_error(dt)
    return record(_hinge_embedding_k, (input, target, float(margin)), (("red", red), ("dt", dt)),
                  name="hinge_embedding_loss", gname=_PLAIN_GNAME.get(red, "AddBackward0"))


def _cosine_embedding_k(x1, x2, y, margin, *, red, dt):
    c = _cdt(dt)
    x1 = x1.astype(c)
    x2 = x2.astype(c)
    eps = jnp.asarray(1e-12, c)
    prod = jnp.sum(x1 * x2, axis=-1)
    m1 = jnp.sum(x1 * x1, axis=-1) + eps
    m2 = jnp.sum(x2 * x2, axis=-1) + eps
    cos = prod / jnp.sqrt(m1 * m2)
    zeros = jnp.zeros((), c)
    pos = 1 - cos
    neg = _relu(cos - jnp.asarray(margin, c))
    loss = jnp.where(y == 1, pos, zeros) + jnp.where(y == -1, neg, zeros)
    return _reduce(loss, red, dt)


def cosine_embedding_loss(input1, input2, target, margin=0, size_average=None, reduce=None,
                          reduction="mean"):
    """1 - cos(x1, x2) where y == 1, max(0, cos(x1, x2) - margin) where y == -1."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    td = target.dim()
    if td not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if td == 1 and (input1.dim() != 2 or input2.dim() != 2):
        raise RuntimeError(f"1D target tensor expects 2D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    if td == 0 and (input1.dim() != 1 or input2.dim() != 1):
        raise RuntimeError(f"0D target tensor expects 1D input tensors, but found inputs with "
                           f"sizes {list(input1.shape)} and {list(input2.shape)}.")
    s = broadcast_shapes_cached(tuple(input1._nd.shape), tuple(input2._nd.shape))
    broadcast_shapes_cached(tuple(target._nd.shape), s[:-1])
    dt = _float_dt(input1, input2)
    return record(_cosine_embedding_k, (input1, input2, target, float(margin)),
                  (("red", red), ("dt", dt)), name="cosine_embedding_loss",
                  gname=_PLAIN_GNAME.get(red, "AddBackward0"))


def _pnorm(d, p, axis):
    """||d||_p over `axis` with PyTorch's norm backward (zero gradient at a zero norm)."""
    if p == 2:
        s = jnp.sum(d * d, axis=axis)
        nz = s > 0
        return jnp.where(nz, jnp.sqrt(jnp.where(nz, s, 1)), jnp.zeros((), s.dtype))
    a = _abs(d)
    if p == 1:
        return jnp.sum(a, axis=axis)
    if p == math.inf:
        return jnp.max(a, axis=axis)
    if p == -math.inf:
        return jnp.min(a, axis=axis)
    if p == 0:
        return jnp.sum((d != 0).astype(d.dtype), axis=axis)
    s = jnp.sum(a ** p, axis=axis)
    nz = s > 0
    return jnp.where(nz, jnp.where(nz, s, 1) ** (1.0 / p), jnp.zeros((), s.dtype))


def _pairwise_k(x1, x2, eps, *, p, dt):
    c = _cdt(dt)
    d = x1.astype(c) - x2.astype(c) + jnp.asarray(eps, c)
    axis = -1 if d.ndim else None
    return _pnorm(d, p, axis).astype(dt.np)


def _pairwise_distance(x1, x2, p=2.0, eps=1e-6):
    """torch.pairwise_distance(x1, x2, p, eps) as one kernel (the default distance of
    triplet_margin_with_distance_loss)."""
    broadcast_shapes_cached(tuple(x1._nd.shape), tuple(x2._nd.shape))
    return record(_pairwise_k, (x1, x2, float(eps)), (("p", float(p)), ("dt", _float_dt(x1, x2))),
                  name="pairwise_distance", gname="NormBackward1")


def _triplet_k(a, pos, neg, margin, eps, *, p, swap, red, dt):
    c = _cdt(dt)
    a = a.astype(c)
    pos = pos.astype(c)
    neg = neg.astype(c)
    e = jnp.asarray(eps, c)
    axis = max(a.ndim, pos.ndim, neg.ndim) - 1
    axis = axis if axis >= 0 else None
    dp = _pnorm(a - pos + e, p, axis)
    dn = _pnorm(a - neg + e, p, axis)
    if swap:
        dn = jnp.minimum(dn, _pnorm(pos - neg + e, p, axis))
    loss = _relu(jnp.asarray(margin, c) + dp - dn)
    return _reduce(loss, red, dt)


def triplet_margin_loss(anchor, positive, negative, margin=1.0, p=2, eps=1e-6, swap=False,
                        size_average=None, reduce=None, reduction="mean"):
    """max(d(a, p) - d(a, n) + margin, 0) with the p-norm pairwise distance (swap: the smaller
    of d(a, n) and d(p, n))."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _triplet_dims(anchor, positive, negative)
    broadcast_shapes_cached(tuple(anchor._nd.shape), tuple(positive._nd.shape))
    broadcast_shapes_cached(tuple(anchor._nd.shape), tuple(negative._nd.shape))
    if swap:
        broadcast_shapes_cached(tuple(positive._nd.shape), tuple(negative._nd.shape))
    dt = _float_dt(anchor, positive, negative)
    return record(_triplet_k, (anchor, positive, negative, float(margin), float(eps)),
                  (("p", float(p)), ("swap", bool(swap)), ("red", red), ("dt", dt)),
                  name="triplet_margin_loss", gname=_PLAIN_GNAME.get(red, "ClampMinBackward0"))


def _triplet_dims(anchor, positive, negative):
    a, p, n = anchor.dim(), positive.dim(), negative.dim()
    if not (a == p and p == n):
        raise RuntimeError(f"The anchor, positive, and negative tensors are expected to have the "
                           f"same number of dimensions, but got: anchor {a}D, positive {p}D, "
                           f"and negative {n}D inputs")


def triplet_margin_with_distance_loss(anchor, positive, negative, *, distance_function=None,
                                      margin=1.0, swap=False, reduction="mean"):
    """Triplet loss with any distance function (default: pairwise_distance), written with
    jtorch ops since the distance is user code."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    _triplet_dims(anchor, positive, negative)
    dist = distance_function if distance_function is not None else _pairwise_distance
    dist_pos = dist(anchor, positive)
    dist_neg = dist(anchor, negative)
    ins = (dist_pos, dist_neg, float(margin))
    if swap:
        ins = ins + (dist(positive, negative),)
    shapes = [tuple(d._nd.shape) for d in ins if isinstance(d, dispatch.Tensor)]
    broadcast_shapes_cached(*shapes)
    dt = _float_dt(*(d for d in ins if isinstance(d, dispatch.Tensor)))
    return record(_triplet_tail_k, ins, (("red", reduction), ("dt", dt)),
                  name="triplet_margin_with_distance_loss",
                  gname=_PLAIN_GNAME.get(reduction, "ClampMinBackward0"))


def _triplet_tail_k(dp, dn, margin, *swap, red, dt):
    c = _cdt(dt)
    dn = dn.astype(c)
    if swap:
        dn = jnp.minimum(dn, swap[0].astype(c))
    return _reduce(_relu(jnp.asarray(margin, c) + dp.astype(c) - dn), red, dt)


# ---- Poisson / Gaussian NLL -----------------------------------------------------------------
def _poisson_k(x, t, eps, *, red, dt, log_input, full):
    c = _cdt(dt)
    t0 = t if jnp.issubdtype(t.dtype, jnp.floating) else t.astype(c)
    x = x.astype(c)
    t = t.astype(c)
    if log_input:
        loss = jnp.exp(x) - t * x
    else:
        loss = x - t * jnp.log(x + jnp.asarray(eps, c))
    if full:
        # Stirling's term, computed in the target's dtype and masked (not guarded) where
        # target <= 1, as PyTorch: its gradient to a zero target is NaN there too
        ts = t0.astype(jnp.float32) if t0.dtype.itemsize < 4 else t0
        st = ts * jnp.log(ts) - ts + 0.5 * jnp.log(2 * math.pi * ts)
        loss = loss + jnp.where(t0 > 1, st.astype(t0.dtype).astype(c), jnp.zeros((), c))
    return _reduce(loss, red, dt)


def poisson_nll_loss(input, target, log_input=True, full=False, size_average=None, eps=1e-8,
                     reduce=None, reduction="mean"):
    """exp(x) - y x (log_input) or x - y log(x + eps), plus Stirling's term when full."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_string(size_average, reduce)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not a valid value for reduction")
    _need_tensors("poisson_nll_loss", input, target)
    # PyTorch evaluates target * input: a broadcast error names target's size first
    broadcast_shapes_cached(tuple(target._nd.shape), tuple(input._nd.shape))
    dt = _float_dt(input, target)
    g = _PLAIN_GNAME.get(reduction, "AddBackward0" if full else "SubBackward0")
    return record(_poisson_k, (input, target, float(eps)),
                  (("red", reduction), ("dt", dt), ("log_input", bool(log_input)),
                   ("full", bool(full))), name="poisson_nll_loss", gname=g)


def _gaussian_k(x, t, v, eps, *, red, dt, full, unsqueeze):
    c = _cdt(dt)
    x = x.astype(c)
    t = t.astype(c)
    v = jnp.asarray(v, c)
    if unsqueeze:
        v = v[..., None]
    # clamped without recording (PyTorch clamps in place under no_grad): the gradient to var
    # passes through the clamp unchanged
    v = v + jax.lax.stop_gradient(jnp.maximum(v, jnp.asarray(eps, c)) - v)
    loss = 0.5 * (jnp.log(v) + (x - t) ** 2 / v)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, red, dt)


def _negative_k(v):
    return jnp.logical_not(jnp.any(v < 0)), jnp.zeros((), jnp.int32)


def _negative_error(_):
    return ValueError, "var has negative entry/entries"


def gaussian_nll_loss(input, target, var, full=False, eps=1e-6, reduction="mean"):
    """0.5 (log(max(var, eps)) + (x - y)^2 / max(var, eps)), var heteroscedastic or
    homoscedastic (one dimension short or one broadcast dimension), as PyTorch."""
    unsqueeze = False
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        dt = _float_dt(input, target)
    elif not isinstance(var, dispatch.Tensor):
        raise TypeError("any() received an invalid combination of arguments - got (bool), but "
                        "expected one of:\n * (Tensor input, *, Tensor out = None)\n * (Tensor "
                        "input, tuple of ints dim = None, bool keepdim = False, *, Tensor out = "
                        "None)\n * (Tensor input, int dim, bool keepdim = False, *, Tensor out = "
                        "None)\n")
    else:
        _value_check(var, _negative_k, (), _negative_error,
                     lambda a: (not (a < 0).any(), None))
        xs, vs = tuple(input._nd.shape), tuple(var._nd.shape)
        if vs != xs:
            if xs[:-1] == vs:
                unsqueeze = True
            elif len(xs) == len(vs) and sum(y for x, y in zip(xs, vs) if x != y) == 1:
                pass
            else:
                raise ValueError("var is of incorrect size")
        dt = _float_dt(input, target, var)
    if reduction != "none" and reduction != "mean" and reduction != "sum":
        raise ValueError(reduction + " is not valid")
    broadcast_shapes_cached(tuple(input._nd.shape), tuple(target._nd.shape))
    g = _PLAIN_GNAME.get(reduction, "AddBackward0" if full else "MulBackward0")
    return record(_gaussian_k, (input, target, var, float(eps)),
                  (("red", reduction), ("dt", dt), ("full", bool(full)),
                   ("unsqueeze", unsqueeze)), name="gaussian_nll_loss", gname=g)


# ---- soft margin losses ---------------------------------------------------------------------
def _multilabel_soft_margin_k(x, y, *w, red, dt):
    c = _cdt(dt)
    x = x.astype(c)
    y = y.astype(c)
    loss = -(y * jax.nn.log_sigmoid(x) + (1 - y) * jax.nn.log_sigmoid(-x))
    if w:
        loss = loss * w[0].astype(c)
    n_classes = x.shape[-1] if x.ndim else 1
    loss = jnp.sum(loss, axis=-1) / n_classes
    return _reduce(loss, red, dt)


def multilabel_soft_margin_loss(input, target, weight=None, size_average=None, reduce=None,
                                reduction="mean"):
    """Per-sample mean over classes of the logistic loss of each label."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_string(size_average, reduce)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    if not input._nd.dtype.is_floating_point:
        raise _not_implemented("log_sigmoid_cpu", input._nd.dtype)
    s = broadcast_shapes_cached(tuple(target._nd.shape), tuple(input._nd.shape))
    if weight is not None:
        broadcast_shapes_cached(s, tuple(weight._nd.shape))
    dt = _float_dt(input, target) if weight is None else _float_dt(input, target, weight)
    ins = (input, target) if weight is None else (input, target, weight)
    return record(_multilabel_soft_margin_k, ins, (("red", reduction), ("dt", dt)),
                  name="multilabel_soft_margin_loss",
                  gname=_PLAIN_GNAME.get(reduction, "DivBackward0"))


def _soft_margin_k(x, y, *, red, dt):
    c = _cdt(dt)
    loss = jnp.log1p(jnp.exp(-y.astype(c) * x.astype(c)))
    return _reduce(loss, red, dt)


def soft_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """log(1 + exp(-y x)); the result has input's dtype."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    _need_tensors("soft_margin_loss", input, target)
    broadcast_shapes_cached(tuple(input._nd.shape), tuple(target._nd.shape))
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise _cast_error(dt)
    return record(_soft_margin_k, (input, target), (("red", red), ("dt", dt)),
                  name="soft_margin_loss", gname="SoftMarginLossBackward0")


# ---- multi-class margin losses --------------------------------------------------------------
def _multilabel_margin_k(x, t, *, red, dt):
    c = _cdt(dt)
    x = x.astype(c)
    if x.ndim == 0:
        x = x.reshape(1)
        t = t.reshape(1)
    n_classes = x.shape[-1]
    valid = jnp.cumprod((t >= 0).astype(jnp.int32), axis=-1).astype(bool)
    tt = jnp.where(valid, t, 0).astype(jnp.int64)
    onehot = (tt[..., :, None] == jnp.arange(n_classes)) & valid[..., :, None]
    is_target = jnp.any(onehot, axis=-2)
    xt = jnp.take_along_axis(x, tt, axis=-1)
    z = 1 - (xt[..., :, None] - x[..., None, :])
    mask = valid[..., :, None] & jnp.logical_not(is_target)[..., None, :]
    loss = jnp.sum(jnp.where(mask, _hinge(z), jnp.zeros((), c)), axis=(-2, -1)) / n_classes
    return _reduce(loss, red, dt)


def _mlm_range_k(t, *, n_classes):
    return jnp.all((t >= -1) & (t < n_classes)), jnp.zeros((), jnp.int32)


def _mlm_error(_):
    return RuntimeError, "argument #2 'target' is out of range"


def _margin_dims(input):
    xs = tuple(input._nd.shape)
    if not ((len(xs) == 2 and xs[1] != 0) or (len(xs) == 1 and xs[0] != 0) or len(xs) == 0):
        raise RuntimeError(f"Expected non-empty vector or matrix with optional 0-dim batch size, "
                           f"but got: {list(xs)}")
    return xs


def multilabel_margin_loss(input, target, size_average=None, reduce=None, reduction="mean"):
    """sum over target classes j (up to the first -1) and non-target classes i of
    max(0, 1 - (x[j] - x[i])) / C."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    xs = _margin_dims(input)
    ts = tuple(target._nd.shape)
    if ts != xs:
        raise RuntimeError(f"inconsistent target size: {list(ts)} for input of size: {list(xs)}")
    if target._nd.dtype is not int64:
        raise RuntimeError(f"expected scalar type Long but found {c10_name(target._nd.dtype)}")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise _not_implemented("multilabel_margin_loss_forward_out_frame", dt)
    n_classes = xs[-1] if xs else 1
    _value_check(target, _mlm_range_k, (("n_classes", n_classes),), _mlm_error,
                 lambda a: (bool(np.all((a >= -1) & (a < n_classes))), None))
    return record(_multilabel_margin_k, (input, target), (("red", red), ("dt", dt)),
                  name="multilabel_margin_loss", gname="MultilabelMarginLossBackward0")


def _multi_margin_k(x, t, margin, *w, red, dt, p):
    c = _cdt(dt)
    x = x.astype(c)
    t_shape = t.shape
    x = x.reshape(-1, x.shape[-1] if x.ndim else 1)
    t = t.reshape(-1).astype(jnp.int64)
    n_classes = x.shape[-1]
    tt = jnp.clip(t, 0, n_classes - 1)
    xt = jnp.take_along_axis(x, tt[:, None], axis=1)
    z = jnp.asarray(margin, c) - xt + x
    h = _hinge(z)
    if p == 2:
        h = h * h
    if w:
        h = h * w[0].astype(c)[tt][:, None]
    h = jnp.where(jnp.arange(n_classes)[None, :] == tt[:, None], jnp.zeros((), c), h)
    loss = (jnp.sum(h, axis=1) / n_classes).reshape(t_shape)
    return _reduce(loss, red, dt)


def _mm_range_k(t, *, n_classes):
    return jnp.all((t >= 0) & (t < n_classes)), jnp.zeros((), jnp.int32)


def _mm_error(_):
    return RuntimeError, "target out of range"


def multi_margin_loss(input, target, p=1, margin=1.0, weight=None, size_average=None,
                      reduce=None, reduction="mean"):
    """sum over i != y of max(0, margin - x[y] + x[i])^p (times weight[y]) / C."""
    if size_average is not None or reduce is not None:
        red = _enum(_legacy_string(size_average, reduce))
    else:
        red = _enum(reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    xs = _margin_dims(input)
    ts = tuple(target._nd.shape)
    n = xs[0] if len(xs) == 2 else 1
    n_classes = xs[-1] if xs else 1
    if not (len(ts) <= 1 and math.prod(ts) == n):
        raise RuntimeError(f"multi_margin_loss: target tensor should be 1-D with size equal to "
                           f"the number of input samples (batch size). Expected target size "
                           f"[{n}], but got {list(ts)}. Input has shape {list(xs)}.")
    if target._nd.dtype is not int64:
        raise RuntimeError(f"expected scalar type Long but found {c10_name(target._nd.dtype)}")
    if weight is not None:
        if weight.numel() != n_classes:
            raise RuntimeError(f"inconsistent weight size, expected {n_classes} but got "
                               f"{list(weight.shape)}")
        if weight._nd.dtype is not input._nd.dtype:
            raise RuntimeError(f"expected scalar type {c10_name(input._nd.dtype)} but found "
                               f"{c10_name(weight._nd.dtype)}")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise _not_implemented("multi_margin_loss_cpu_kernel", dt)
    _value_check(target, _mm_range_k, (("n_classes", n_classes),), _mm_error,
                 lambda a: (bool(np.all((a >= 0) & (a < n_classes))), None))
    ins = (input, target, float(margin)) + (() if weight is None else (weight,))
    return record(_multi_margin_k, ins, (("red", red), ("dt", dt), ("p", int(p))),
                  name="multi_margin_loss", gname="MultiMarginLossBackward0")


# ---- CTC ------------------------------------------------------------------------------------
def _lse3(a, b, c):
    """log(e^a + e^b + e^c) that is -inf (with a zero gradient) when all three are -inf."""
    m = jax.lax.stop_gradient(jnp.maximum(jnp.maximum(a, b), c))
    m = jnp.where(m == -jnp.inf, jnp.zeros((), m.dtype), m)
    s = jnp.exp(a - m) + jnp.exp(b - m) + jnp.exp(c - m)
    ok = s > 0
    return jnp.where(ok, m + jnp.log(jnp.where(ok, s, 1)), -jnp.inf)


def _ctc_nll(lp, labels, il, tl, blank):
    """-log p(labels | lp) per batch element by the CTC forward (alpha) recursion in log space;
    lp (T, N, C), labels (N, S), il and tl (N,)."""
    T, N, _ = lp.shape
    S = labels.shape[1]
    L = 2 * S + 1
    neg = jnp.asarray(-jnp.inf, lp.dtype)
    ext = jnp.full((N, L), blank, jnp.int64).at[:, 1::2].set(labels)
    skip = jnp.zeros((N, L), bool)
    if S > 1:
        skip = skip.at[:, 3::2].set(labels[:, 1:] != labels[:, :-1])
    valid = jnp.arange(L)[None, :] < (2 * tl + 1)[:, None]
    lpe = jnp.take_along_axis(lp, jnp.broadcast_to(ext[None], (T, N, L)), axis=2)
    lpe = jnp.where(valid[None], lpe, neg)
    alpha0 = jnp.where(jnp.arange(L)[None, :] < 2, lpe[0], neg)

    def step(alpha, xs):
        t, lpt = xs
        prev1 = jnp.concatenate([jnp.full((N, 1), neg), alpha[:, :-1]], axis=1)
        prev2 = jnp.concatenate([jnp.full((N, 2), neg), alpha[:, :-2]], axis=1)
        new = _lse3(alpha, prev1, jnp.where(skip, prev2, neg)) + lpt
        new = jnp.where(valid, new, neg)
        return jnp.where((t < il)[:, None], new, alpha), None

    alpha, _ = jax.lax.scan(step, alpha0, (jnp.arange(1, T), lpe[1:]))
    last = jnp.take_along_axis(alpha, (2 * tl)[:, None], axis=1)[:, 0]
    before = jnp.take_along_axis(alpha, jnp.maximum(2 * tl - 1, 0)[:, None], axis=1)[:, 0]
    before = jnp.where(tl > 0, before, neg)
    return -_lse3(last, before, jnp.full_like(last, -jnp.inf))


@functools.partial(jax.custom_vjp, nondiff_argnums=(4, 5))
def _ctc_core(lp, labels, il, tl, blank, zero_inf):
    nll = _ctc_nll(lp, labels, il, tl, blank)
    return jnp.where(jnp.isinf(nll), jnp.zeros((), nll.dtype), nll) if zero_inf else nll


def _ctc_fwd(lp, labels, il, tl, blank, zero_inf):
    return _ctc_core(lp, labels, il, tl, blank, zero_inf), (lp, labels, il, tl)


def _ctc_bwd(blank, zero_inf, res, g):
    # PyTorch's CTC gradient: exp(lp) - (occupation probabilities), over the frames t < il of
    # each sequence (NaN there for an impossible alignment; zero with zero_infinity)
    lp, labels, il, tl = res
    nll, pull = jax.vjp(lambda x: _ctc_nll(x, labels, il, tl, blank), lp)
    inf = jnp.isinf(nll)
    if zero_inf:
        g = jnp.where(inf, jnp.zeros((), g.dtype), g)
    (glp,) = pull(g)
    frames = (jnp.arange(lp.shape[0])[:, None] < il[None, :])[..., None]
    glp = jnp.where(frames, glp + jnp.exp(lp) * g[None, :, None], jnp.zeros((), lp.dtype))
    if not zero_inf:
        glp = jnp.where(frames & inf[None, :, None], jnp.asarray(jnp.nan, lp.dtype), glp)
    return glp, None, None, None


_ctc_core.defvjp(_ctc_fwd, _ctc_bwd)


def _ctc_k(lp, targets, il, tl, *, blank, red, zero_inf, batched, concat, max_len, dt):
    c = _cdt(dt)
    lp = lp.astype(c)
    if not batched:
        lp = lp[:, None, :]
        targets = targets[None] if not concat else targets
        il = il.reshape(1)
        tl = tl.reshape(1)
    il = il.astype(jnp.int64)
    tl = tl.astype(jnp.int64)
    targets = targets.astype(jnp.int64)
    if concat:
        offsets = jnp.cumsum(tl) - tl
        idx = offsets[:, None] + jnp.arange(max_len)[None, :]
        labels = targets[jnp.clip(idx, 0, max(targets.shape[0] - 1, 0))] if targets.size else \
            jnp.zeros((tl.shape[0], max_len), jnp.int64)
    else:
        labels = targets
    labels = jnp.where(jnp.arange(labels.shape[1])[None, :] < tl[:, None], labels, blank)
    loss = _ctc_core(lp, labels, il, tl, blank, zero_inf)
    if red == "mean":
        loss = jnp.mean(loss / jnp.maximum(tl, 1).astype(c))
    elif red == "sum":
        loss = jnp.sum(loss)
    elif not batched:
        loss = loss[0]
    return loss.astype(dt.np)


_CTC_OVERLOADS = (
    ("(Tensor log_probs, Tensor targets, tuple of ints input_lengths, tuple of ints "
     "target_lengths, int blank = 0, int reduction = at::Reduction::Mean, bool zero_infinity = "
     "False)", (False, False)),
    ("(Tensor log_probs, Tensor targets, Tensor input_lengths, Tensor target_lengths, int blank "
     "= 0, int reduction = at::Reduction::Mean, bool zero_infinity = False)", (True, True)),
)


def _ctc_lengths_signature(input_lengths, target_lengths):
    """PyTorch's argument-parser TypeError unless both lengths are Tensors or both are
    sequences of ints."""
    lengths = (input_lengths, target_lengths)
    is_tensor = tuple(isinstance(x, dispatch.Tensor) for x in lengths)
    is_seq = tuple(isinstance(x, (tuple, list)) for x in lengths)
    if is_tensor == (True, True) or is_seq == (True, True):
        return

    def desc(x):
        if isinstance(x, dispatch.Tensor):
            return "Tensor"
        if isinstance(x, tuple):
            return "tuple of (" + ", ".join(type(v).__name__ for v in x) + ")"
        if isinstance(x, list):
            return "list of [" + ", ".join(type(v).__name__ for v in x) + "]"
        return type(x).__name__

    got = ["Tensor", "Tensor"] + [type(x).__name__ for x in lengths] + ["int", "int", "bool"]
    lines = []
    for sig, want_tensor in _CTC_OVERLOADS:
        # (as PyTorch's parser prints it: the int-list overload marks both lengths, the Tensor
        # overload the non-Tensors; the trailing scalars are always marked)
        marked = ["Tensor", "Tensor"]
        for x, wt in zip(lengths, want_tensor):
            ok = wt and isinstance(x, dispatch.Tensor)
            marked.append(desc(x) if ok else f"!{desc(x)}!")
        marked += ["!int!", "!int!", "!bool!"]
        lines.append(f" * {sig}\n      didn't match because some of the arguments have invalid "
                     f"types: ({', '.join(marked)})\n")
    raise TypeError(f"ctc_loss() received an invalid combination of arguments - got "
                    f"({', '.join(got)}), but expected one of:\n" + "".join(lines))


def _lengths(x):
    from ... import _creation
    if isinstance(x, dispatch.Tensor):
        return x
    return _creation.tensor([int(v) for v in x], dtype=int64)


def _max_check_k(v, *, bound):
    bad = v > bound
    return jnp.logical_not(jnp.any(bad)), _first_bad(bad, v)


def ctc_loss(log_probs, targets, input_lengths, target_lengths, blank=0, reduction="mean",
             zero_infinity=False):
    """Connectionist temporal classification loss by the forward recursion over the extended
    label sequence (one kernel; targets padded (N, S) or concatenated (sum(target_lengths),));
    the gradient is PyTorch's exp(log_probs) - posterior occupation."""
    red = _enum(reduction)
    _ctc_lengths_signature(input_lengths, target_lengths)
    il = _lengths(input_lengths)
    tl = _lengths(target_lengths)
    ls = tuple(log_probs._nd.shape)
    batched = len(ls) == 3
    T, C = ls[0], ls[-1]
    n = ls[1] if batched else 1
    if not 0 <= blank < C:
        raise RuntimeError("blank must be in label range")
    if (il.numel() if batched else il.dim() + 1) != n or (batched and il.dim() != 1):
        raise RuntimeError("input_lengths must be of size batch_size")
    if (tl.numel() if batched else tl.dim() + 1) != n or (batched and tl.dim() != 1):
        raise RuntimeError("target_lengths must be of size batch_size")
    ts = tuple(targets._nd.shape)
    concat = len(ts) == 1 if batched else False
    dt = log_probs._nd.dtype
    if not dt.is_floating_point:
        raise _not_implemented("ctc_loss_cpu", dt)
    tla = _concrete(tl)
    if concat:
        max_len = int(tla.max()) if tla is not None and tla.size else max(ts[0], 1)
    else:
        max_len = ts[-1] if ts else 0
    where = "ctc_loss_allocate_outputs"
    _value_check(il, _max_check_k, (("bound", T),),
                 lambda v: (RuntimeError, f"Expected input_lengths to have value at most {T}, "
                                          f"but got value {int(v)} (while checking arguments "
                                          f"for {where})"),
                 lambda a: (not (a > T).any(), a[a > T].ravel()[0] if (a > T).any() else None))
    if not concat and ts:
        S = ts[-1]
        _value_check(tl, _max_check_k, (("bound", S),),
                     lambda v: (RuntimeError, f"Expected tensor to have size at least {int(v)} "
                                              f"at dimension 1, but got size {S} for argument "
                                              f"#2 'targets' (while checking arguments for "
                                              f"{where})"),
                     lambda a: (not (a > S).any(), a[a > S].ravel()[0] if (a > S).any()
                                else None))
    if red == "none":
        g = "WhereBackward0" if zero_infinity else (
            "CtcLossBackward0" if batched else "SqueezeBackward1")
    else:
        g = _PLAIN_GNAME[red]
    return record(_ctc_k, (log_probs, targets, il, tl),
                  (("blank", int(blank)), ("red", red), ("zero_inf", bool(zero_infinity)),
                   ("batched", batched), ("concat", concat), ("max_len", int(max_len)),
                   ("dt", dt)), name="ctc_loss", gname=g)
