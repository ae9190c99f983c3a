"""nn.functional: embedding and embedding_bag; torch.embedding.

A lookup is ONE recorded kernel (a gather, or a gather plus a segment reduction for bags);
autograd is jax.vjp of it, so the weight's gradient is the dense scatter-add PyTorch computes
with sparse=False. padding_idx rows get no gradient and scale_grad_by_freq divides each row's
gradient by its count in the batch, as in PyTorch (embedding_bag by the count PyTorch's CPU
kernel uses, see _bag_freq_scale). JAX clamps out-of-range indices silently;
jtorch checks them inside the program (`add_check`) and raises PyTorch's error at the next sync.
max_norm renormalises the referenced rows of the weight in place (under no_grad), as PyTorch.
sparse=True gradients are not supported (JAX has no sparse gradient tensors): the gradient is
the dense one PyTorch would return with sparse=False.
"""
import math

import jax
import jax.numpy as jnp

from ... import _dtype
from ..._dtype import int32, int64, float16, bfloat16, float32
from ..._ops.dispatch import record, add_check
from ..._ops.registry import op
from ..._tensor import Tensor
from ...autograd.grad_mode import no_grad

__all__ = ["embedding", "embedding_bag"]

_LEGACY = {"float32": "FloatTensor", "float64": "DoubleTensor", "float16": "HalfTensor",
           "bfloat16": "BFloat16Tensor", "int64": "LongTensor", "int32": "IntTensor",
           "int16": "ShortTensor", "int8": "CharTensor", "uint8": "ByteTensor",
           "bool": "BoolTensor"}


def _opmath(dt):
    return float32 if dt is float16 or dt is bfloat16 else dt


def _legacy(t):
    return "torch." + _LEGACY[t._nd.dtype.name]


def _check_indices(t, fname, argno=1):
    if t._nd.dtype not in (int32, int64):
        raise RuntimeError(f"Expected tensor for argument #{argno} 'indices' to have one of the "
                           f"following scalar types: Long, Int; but got {_legacy(t)} instead "
                           f"(while checking arguments for {fname})")


# ---- value checks (run inside the program, raised at the next sync) -------------------------
def _first_bad(i, size):
    bad = (i < 0) | (i >= size)
    first = i.ravel()[jnp.argmax(bad.ravel())] if i.size else jnp.zeros((), i.dtype)
    return jnp.logical_not(jnp.any(bad)), first


def _embedding_index_check(i, *, size):
    return _first_bad(i, size)


def _embedding_bag_index_check(i, *, size):
    return _first_bad(i, size)


def _embedding_bag_index_pos_check(i, *, size):
    bad = ((i < 0) | (i >= size)).ravel()
    at = jnp.argmax(bad)
    return jnp.logical_not(jnp.any(bad)), jnp.stack([at.astype(i.dtype), i.ravel()[at]])


def _bag_index_error(size):
    def error(d):
        return RuntimeError, (f"Index {int(d[0])} of input takes value {int(d[1])} which is not "
                              f"in the valid range [0, {size})")
    return error


def _embedding_range_error(_):
    return IndexError, "index out of range in self"


def _bag_range_error(v):
    return RuntimeError, (f"embedding_bag: Expected idx >= 0 && idx < num_embeddings but found "
                          f"idx to be {int(v)}")


def _embedding_bag_offsets_check(o):
    return o[0] == 0, o[0]


def _first_offset_error(legacy):
    def error(v):
        return RuntimeError, (f"offsets[0] has to be 0, i.e., the first sequence in the "
                              f"mini-batch has to start from position 0. However, got {int(v)}\n"
                              f"[ {legacy}{{}} ]")
    return error


def _embedding_bag_last_offset_check(o, *, n):
    return o[-1] <= n, o[-1]


def _last_offset_error(n):
    def error(v):
        return RuntimeError, (f"offsets[-1] can not be greater than input's length {n} but got "
                              f"offsets[-1] of {int(v)}")
    return error


# ---- kernels --------------------------------------------------------------------------------
def _grad_scale(v, scale):
    """v in the forward; the gradient through it multiplied by `scale`."""
    sv = jax.lax.stop_gradient(v)
    return sv + (v - sv) * scale


def _freq_scale(idx, n):
    counts = jnp.zeros((n,), jnp.int32).at[idx.ravel()].add(1)
    return 1.0 / jnp.maximum(counts[idx], 1)


def _bag_freq_scale(idx, n):
    """scale_grad_by_freq as PyTorch's CPU embedding_bag backward applies it: the indices are
    sorted and grouped, and the k-th group (in sorted order) is divided by the count of the
    index at sorted position k (not necessarily its own count)."""
    if idx.shape[0] == 0:
        return jnp.ones(idx.shape, jnp.float32)
    counts = jnp.zeros((n,), jnp.int32).at[idx].add(1)
    s = jnp.sort(idx)
    new = jnp.concatenate([jnp.ones((1,), bool), s[1:] != s[:-1]])
    group = jnp.cumsum(new) - 1
    rank = group[jnp.searchsorted(s, idx, side="left")]
    return 1.0 / jnp.maximum(counts[s[rank]], 1)


def _embedding_kernel(w, idx, *, pad, freq):
    v = jnp.take(w, idx, axis=0, mode="clip")
    if pad is not None:
        v = jnp.where((idx == pad)[..., None], jax.lax.stop_gradient(v), v)
    if freq:
        v = _grad_scale(v, _freq_scale(idx, w.shape[0]).astype(v.dtype)[..., None])
    return v


def _renorm_kernel(w, idx, max_norm, *, norm_type):
    """Rows of w referenced by idx whose norm exceeds max_norm scaled to max_norm / (norm +
    1e-7) (each row once, however often it is referenced)."""
    m = _opmath(_dtype.from_numpy_dtype(w.dtype)).np
    wf = w.astype(m)
    hit = jnp.zeros((w.shape[0],), bool).at[idx.ravel()].set(True)
    from .normalization import vector_norm
    norms = vector_norm(wf, norm_type, 1, False)
    mx = jnp.asarray(max_norm, m)
    scale = jnp.where(hit & (norms > mx), mx / (norms + 1e-7), jnp.ones((), m))
    return (wf * scale[:, None]).astype(w.dtype)


def _renorm(weight, input, max_norm, norm_type):
    with no_grad():
        new = record(_renorm_kernel, (weight, input, float(max_norm)),
                     (("norm_type", float(norm_type)),), name="embedding_renorm")
        weight._assign(new, "embedding_renorm_")


def _bag_kernel(w, idx, *rest, mode, n_bags, bag_len, pad, include_last, has_psw, freq):
    rest = list(rest)
    offsets = None if bag_len is not None else rest.pop(0)
    psw = rest.pop(0) if has_psw else None
    m = _opmath(_dtype.from_numpy_dtype(w.dtype)).np
    n = idx.shape[0]
    if bag_len is not None:
        seg = jnp.arange(n) // max(bag_len, 1)
    else:
        pos = jnp.arange(n, dtype=offsets.dtype)
        starts = offsets[:-1] if include_last else offsets
        seg = jnp.searchsorted(starts, pos, side="right") - 1
        if include_last:
            seg = jnp.where(pos < offsets[-1], seg, n_bags)  # past the last offset: dropped
    v = jnp.take(w, idx, axis=0, mode="clip").astype(m)
    if freq:
        v = _grad_scale(v, _bag_freq_scale(idx, w.shape[0]).astype(m)[:, None])
    valid = jnp.ones((n,), bool) if pad is None else idx != pad
    if psw is not None:
        v = v * psw.astype(m)[:, None]
    cnt = jax.ops.segment_sum(valid.astype(m), seg, n_bags)
    if mode == "max":
        neg = jnp.full((), -jnp.inf, m)
        mx = jax.ops.segment_max(jnp.where(valid[:, None], v, neg), seg, n_bags)
        out = jnp.where((cnt > 0)[:, None], mx, jnp.zeros((), m))
    else:
        out = jax.ops.segment_sum(jnp.where(valid[:, None], v, jnp.zeros((), m)), seg, n_bags)
        if mode == "mean":
            out = out / jnp.maximum(cnt, 1)[:, None]
    return out.astype(w.dtype)


# ---- embedding ------------------------------------------------------------------------------
@op("embedding", method=False)
def _embedding_op(weight, input, padding_idx=-1, scale_grad_by_freq=False, sparse=False):
    """torch.embedding(weight, indices, padding_idx=-1, ...): rows of weight (no gradient to
    row padding_idx)."""
    for name, pos, t in (("weight", 1, weight), ("indices", 2, input)):
        if not isinstance(t, Tensor):
            raise TypeError(f"embedding(): argument '{name}' (position {pos}) must be Tensor, not "
                            f"{type(t).__name__}")
    if len(weight._nd.shape) != 2:
        raise RuntimeError("'weight' must be 2-D")
    _check_indices(input, "embedding")
    n = weight._nd.shape[0]
    if math.prod(input._nd.shape):
        # indices already computed on the CPU raise at the call (add_check), as PyTorch does
        add_check(_embedding_index_check, (input,), _embedding_range_error, (("size", n),))
    pad = int(padding_idx) if padding_idx is not None and padding_idx >= 0 else None
    return record(_embedding_kernel, (weight, input),
                  (("pad", pad), ("freq", bool(scale_grad_by_freq))),
                  name="embedding", gname="EmbeddingBackward0")


def _padding_idx(padding_idx, n, msg="Padding_idx must be within num_embeddings"):
    if padding_idx is None:
        return None
    if padding_idx > 0 and padding_idx >= n:
        raise AssertionError(msg)
    if padding_idx < 0:
        if padding_idx < -n:
            raise AssertionError(msg)
        padding_idx = n + padding_idx
    return padding_idx


def embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0,
              scale_grad_by_freq=False, sparse=False):
    """F.embedding: look up rows of weight; padding_idx rows get no gradient; max_norm
    renormalises the looked-up rows of weight in place first."""
    if not isinstance(weight, Tensor):
        raise TypeError(f"embedding(): argument 'weight' (position 1) must be Tensor, not "
                        f"{type(weight).__name__}")
    pad = _padding_idx(padding_idx, weight.size(0))
    if max_norm is not None:
        _check_indices(input, "embedding_renorm_", 2)
        _renorm(weight, input, max_norm, norm_type)
    return _embedding_op(weight, input, -1 if pad is None else pad, scale_grad_by_freq, sparse)


# ---- embedding_bag --------------------------------------------------------------------------
def embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False,
                  mode="mean", sparse=False, per_sample_weights=None, include_last_offset=False,
                  padding_idx=None):
    """F.embedding_bag: sums, means or maxima of bags of embeddings (bags are the rows of a 2-D
    input, or the slices of a 1-D input that `offsets` starts); padding_idx entries are left
    out (and not counted by 'mean'); empty bags give zeros."""
    if weight._nd.dtype is int64 and input._nd.dtype.is_floating_point:
        import warnings
        warnings.warn("Argument order of nn.functional.embedding_bag was changed. Usage "
                      "`embedding_bag(weight, input, ...)` is deprecated, and should now be "
                      "`embedding_bag(input, weight, ...)`.", stacklevel=2)
        weight, input = input, weight
    if per_sample_weights is not None and input.size() != per_sample_weights.size():
        raise ValueError(f"embedding_bag: If per_sample_weights ({per_sample_weights.shape}) is "
                         f"not None, then it must have the same shape as the input "
                         f"({input.shape})")
    if weight.dim() != 2:
        raise ValueError(f"weight has to be a 2D Tensor, but got Tensor of dimension "
                         f"{weight.dim()}")
    bag_len = None
    given = input   # (checked as given: a reshape of it is still to be computed)
    if input.dim() == 2:
        if offsets is not None:
            raise ValueError(f"if input is 2D, then offsets has to be None, as input is treated is "
                             f"a mini-batch of fixed length sequences. However, found offsets of "
                             f"type {_type_str(offsets)}")
        n_bags, bag_len = input.shape
        include_last_offset = False
        input = input.reshape(-1)
        if per_sample_weights is not None:
            per_sample_weights = per_sample_weights.reshape(-1)
    elif input.dim() == 1:
        if offsets is None:
            raise ValueError("offsets has to be a 1D Tensor but got None")
        if offsets.dim() != 1:
            raise ValueError("offsets has to be a 1D Tensor")
        n_bags = offsets.shape[0] - (1 if include_last_offset else 0)
    else:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension "
                         f"{input.dim()}")
    if mode not in ("sum", "mean", "max"):
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max":
        if scale_grad_by_freq:
            raise ValueError("max mode does not support scaling the gradient by the frequency")
        if sparse:
            raise ValueError("max mode does not support sparse weights")
    _check_indices(input, "embedding_bag")
    if offsets is not None:
        _check_indices(offsets, "embedding_bag")
    if max_norm is not None:
        _renorm(weight, input, max_norm, norm_type)
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(f"embedding_bag: per_sample_weights was not None. "
                                  f"per_sample_weights is only supported for mode='sum' (got "
                                  f"mode='{mode}'). Please open a feature request on GitHub.")
    if per_sample_weights is not None and per_sample_weights.dtype is not weight.dtype:
        raise RuntimeError(f"Expected tensor for argument #1 'weight' to have the same type as "
                           f"tensor for argument #1 'per_sample_weights'; but type "
                           f"{_legacy(weight)} does not equal {_legacy(per_sample_weights)} "
                           f"(while checking arguments for embedding_bag)")
    num = weight.shape[0]
    pad = _padding_idx(padding_idx, num, "padding_idx must be within num_embeddings")
    n = input.shape[0]
    if n and mode != "max" and pad is None:
        # PyTorch's sum / mean fast path (index_select_add) names the position
        add_check(_embedding_bag_index_pos_check, (given,), _bag_index_error(num),
                  (("size", num),))
    elif n:
        add_check(_embedding_bag_index_check, (given,), _bag_range_error, (("size", num),))
    ins = [weight, input]
    if bag_len is None:
        if offsets.shape[0]:
            add_check(_embedding_bag_offsets_check, (offsets,),
                      _first_offset_error(_legacy(offsets)))
            add_check(_embedding_bag_last_offset_check, (offsets,), _last_offset_error(n),
                      (("n", n),))
        ins.append(offsets)
    if per_sample_weights is not None:
        ins.append(per_sample_weights)
    return record(_bag_kernel, tuple(ins),
                  (("mode", mode), ("n_bags", int(n_bags)), ("bag_len", bag_len),
                   ("pad", pad), ("include_last", bool(include_last_offset)),
                   ("has_psw", per_sample_weights is not None),
                   ("freq", bool(scale_grad_by_freq))),
                  name="embedding_bag", gname="EmbeddingBagBackward0")


def _type_str(x):
    if isinstance(x, Tensor):
        return "<class 'torch.Tensor'>"
    return str(type(x))
