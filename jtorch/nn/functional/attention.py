"""nn.functional: scaled_dot_product_attention and multi_head_attention_forward, each one
kernel, following PyTorch's math backend.

scaled_dot_product_attention scales q and k each by sqrt(scale) before the product (as PyTorch's
math kernel does), turns a boolean mask (True = attend) into an additive 0/-inf bias, builds the
lower triangular mask for is_causal, repeats key/value heads for enable_gqa, and gives zeros for
rows masked everywhere (PyTorch's safe softmax) instead of NaN. multi_head_attention_forward
takes sequence-first (L, N, E) or unbatched inputs; its boolean masks mark the positions NOT
attended, and with need_weights it uses a plain softmax (a fully masked row is NaN, as in
PyTorch). Dropout masks come from jtorch's generator (they follow torch.manual_seed, but not
PyTorch's random stream). Half types compute in float32.
"""
import math

import jax
import jax.numpy as jnp
import numpy as np

from ..._dtype import float16, bfloat16, bool_, c10_name
from ..._ops import dispatch
from ..._ops.elementwise import broadcast_shapes_cached
from ..._ops.random_ops import _CPP, _draw, dropout_mask
from ... import random as _rng

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def _attention(q, k, v, mask, *, scale, causal, gqa, dt, drop=None):
    c = np.dtype(np.float32) if dt is float16 or dt is bfloat16 else dt.np
    q = q.astype(c)
    k = k.astype(c)
    v = v.astype(c)
    if gqa:
        hq = q.shape[-3]
        k = jnp.repeat(k, hq // k.shape[-3], axis=-3)
        v = jnp.repeat(v, hq // v.shape[-3], axis=-3)
    s = math.sqrt(abs(scale))
    q = q * (-s if scale < 0 else s)
    attn = jnp.matmul(q, jnp.swapaxes(k * s, -1, -2))
    L, S = attn.shape[-2], attn.shape[-1]
    if causal:
        allowed = jnp.tril(jnp.ones((L, S), bool))
        attn = attn + jnp.where(allowed, jnp.zeros((), c), -jnp.inf)
    if mask is not None:
        if mask.dtype == jnp.bool_:
            attn = attn + jnp.where(mask, jnp.zeros((), c), -jnp.inf)
        else:
            attn = attn + mask.astype(c)
    # safe softmax: a row masked everywhere gives zeros, not NaN
    m = jnp.max(attn, axis=-1, keepdims=True)
    dead = m == -jnp.inf
    e = jnp.exp(attn - jnp.where(dead, jnp.zeros((), c), jax.lax.stop_gradient(m)))
    denom = jnp.sum(e, axis=-1, keepdims=True)
    w = jnp.where(dead, jnp.zeros((), c), e / jnp.where(dead, jnp.ones((), c), denom))
    if drop is not None:
        w = _dropout(w, drop)
    return jnp.matmul(w, v).astype(dt.np)


def _dropout(w, drop):
    """Zero each weight with probability p and scale the rest by 1 / (1 - p) (p = 1: zeros):
    with PyTorch's mask ("host", keep, 1 - p) or drawn here from threefry (key, offset, p)."""
    if drop[0] == "host":
        _, keep, q = drop
        return w * (keep.reshape(w.shape).astype(w.dtype) / jnp.asarray(q).astype(w.dtype))
    key, offset, p = drop
    c = w.dtype
    keep = jax.random.uniform(_rng.subkey(key, offset), w.shape, c) >= p
    p = jnp.asarray(p, c)
    return jnp.where(p >= 1, jnp.zeros((), c),
                     jnp.where(keep, w / jnp.where(p >= 1, jnp.ones((), c), 1 - p),
                               jnp.zeros((), c)))


def _attn_k(q, k, v, *mask, **static):
    return _attention(q, k, v, mask[0] if mask else None, **static)


def _attn_dropout_k(key, offset, p, q, k, v, *mask, **static):
    return _attention(q, k, v, mask[0] if mask else None, drop=(key, offset, p), **static)


def _attn_host_dropout_k(keep, keep_p, q, k, v, *mask, **static):
    return _attention(q, k, v, mask[0] if mask else None, drop=("host", keep, keep_p), **static)


def _cpp(dt):
    return _CPP[dt]


def _bmm_error(batch, want, got):
    return RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                        f"[{batch}, {want}] but got: [{batch}, {got}].")


def _fused_cpu_ok(qs, ks, vs, dropout_p, gqa):
    """Whether PyTorch's CPU flash-attention kernel takes these shapes (4-D dense inputs, one
    head size, equal batch/heads, non-empty sequences, no dropout) rather than the math path."""
    if dropout_p > 0.0 or not (len(qs) == len(ks) == len(vs) == 4):
        return False
    if not (qs[-1] == ks[-1] == vs[-1]) or qs[0] != ks[0] or ks[0] != vs[0]:
        return False
    if not gqa and not (qs[1] == ks[1] == vs[1]):
        return False
    return min(qs[-2], ks[-2]) > 0


def scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0,
                                 is_causal=False, scale=None, enable_gqa=False):
    """softmax(q k^T * scale + mask) @ v with optional dropout (PyTorch's math reference)."""
    qs, ks, vs = (tuple(t._nd.shape) for t in (query, key, value))
    if len(qs) < 2 or len(ks) < 2 or len(vs) < 2:
        raise RuntimeError(f"Expected query, key, and value to all be  at least 2 dimensional, "
                           f"but got query.dim: {len(qs)} key.dim: {len(ks)} and value.dim: "
                           f"{len(vs)} instead.")
    qd, kd, vd = query._nd.dtype, key._nd.dtype, value._nd.dtype
    if not (qd is kd and kd is vd):
        raise RuntimeError(f"Expected query, key, and value to have the same dtype, but got "
                           f"query.dtype: {_cpp(qd)} key.dtype: {_cpp(kd)} and value.dtype: "
                           f"{_cpp(vd)} instead.")
    if attn_mask is not None:
        md = attn_mask._nd.dtype
        if md is not bool_ and md is not qd:
            raise RuntimeError(f"Expected attn_mask dtype to be bool or float or to match query "
                               f"dtype, but got attn_mask.dtype: {_cpp(md)} and  query.dtype: "
                               f"{_cpp(qd)} instead.")
    if not qd.is_floating_point:
        if len(qs) == 2:
            raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: float != "
                               f"{_cpp(qd)}")
        raise RuntimeError(f"expected scalar type Float but found {c10_name(qd)}")
    if dropout_p > 1:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got "
                           f"{dropout_p}")
    if is_causal and attn_mask is not None and not _fused_cpu_ok(qs, ks, vs, dropout_p,
                                                                enable_gqa):
        # PyTorch's fused CPU kernel applies both; its math fallback refuses the combination
        raise RuntimeError("_scaled_dot_product_attention: Explicit attn_mask should not be set "
                           "when is_causal=True")
    if enable_gqa:
        hq = qs[-3] if len(qs) >= 3 else 1
        hk = ks[-3] if len(ks) >= 3 else 1
        hv = vs[-3] if len(vs) >= 3 else 1
        if hq % hk or hq % hv:
            raise RuntimeError("Number of heads in key and value must divide the number of "
                               "heads in ")
        ks = ks[:-3] + (hq,) + ks[-2:] if len(ks) >= 3 else ks
        vs = vs[:-3] + (hq,) + vs[-2:] if len(vs) >= 3 else vs
    E, L = qs[-1], qs[-2]
    S = ks[-2]
    batch = broadcast_shapes_cached(qs[:-2], ks[:-2])
    nb = math.prod(batch)
    if ks[-1] != E:
        if len(qs) == 2 and len(ks) == 2:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({L}x{E} and "
                               f"{ks[-1]}x{S})")
        raise _bmm_error(nb, E, ks[-1])
    out_batch = broadcast_shapes_cached(batch, vs[:-2])
    if vs[-2] != S:
        if len(batch) == 0 and len(vs) == 2:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({L}x{S} and "
                               f"{vs[-2]}x{vs[-1]})")
        raise _bmm_error(math.prod(out_batch), S, vs[-2])
    attn_shape = batch + (L, S)
    if attn_mask is not None:
        ms = tuple(attn_mask._nd.shape)
        full = broadcast_shapes_cached(attn_shape, ms)
        if full != attn_shape:
            raise RuntimeError(f"output with shape {list(attn_shape)} doesn't match the "
                               f"broadcast shape {list(full)}")
    sc = 1.0 / math.sqrt(E) if scale is None else float(scale)
    static = (("scale", sc), ("causal", bool(is_causal)), ("gqa", bool(enable_gqa)),
              ("dt", qd))
    if qd is float16 or qd is bfloat16:
        gname = "ToCopyBackward0"
    else:
        gname = "MmBackward0" if len(out_batch) == 0 else "UnsafeViewBackward0"
    ins = (query, key, value) + (() if attn_mask is None else (attn_mask,))
    if dropout_p > 0.0:
        # PyTorch's math path: dropout of the (..., L, S) attention weights
        kp = 1.0 - float(dropout_p)
        keep = dropout_mask(attn_shape, kp, query._nd.device) if dropout_p < 1 else None
        if keep is not None:
            return dispatch.record(_attn_host_dropout_k, (keep, kp) + ins, static,
                                   name="scaled_dot_product_attention", gname=gname)
        return _draw(_attn_dropout_k, query._nd.device, None, (float(dropout_p),) + ins, static,
                     name="scaled_dot_product_attention", gname=gname)
    return dispatch.record(_attn_k, ins, static, name="scaled_dot_product_attention",
                           gname=gname)


# ---- multi_head_attention_forward -------------------------------------------------------------
def _float_mask(m, c):
    # PyTorch's _canonical_mask: a bool mask marks the positions NOT attended (-inf)
    if m.dtype == jnp.bool_:
        return jnp.where(m, -jnp.inf, 0.0).astype(c)
    return m.astype(c)


def _mha(names, arrays, *, heads, separate, need_weights, average, causal, unbatched, zero_attn,
         dt, drop=None):
    a = dict(zip(names, arrays))
    c = np.dtype(np.float32) if dt is float16 or dt is bfloat16 else dt.np
    q_in, k_in, v_in = (a[n].astype(c) for n in ("query", "key", "value"))
    if unbatched:
        q_in, k_in, v_in = q_in[:, None], k_in[:, None], v_in[:, None]
    L, N, E = q_in.shape
    hd = E // heads
    if separate:
        wq, wk, wv = (a[n].astype(c) for n in ("q_proj_weight", "k_proj_weight",
                                                "v_proj_weight"))
    else:
        w = a["in_proj_weight"].astype(c)
        wq, wk, wv = w[:E], w[E:2 * E], w[2 * E:]
    q = q_in @ wq.T
    k = k_in @ wk.T
    v = v_in @ wv.T
    if "in_proj_bias" in a:
        b = a["in_proj_bias"].astype(c)
        q, k, v = q + b[:E], k + b[E:2 * E], v + b[2 * E:]
    mask = _float_mask(a["attn_mask"], c) if "attn_mask" in a else None
    if mask is not None and mask.ndim == 2:
        mask = mask[None]
    kpm = _float_mask(a["key_padding_mask"], c) if "key_padding_mask" in a else None
    if kpm is not None and unbatched:
        kpm = kpm[None]
    pad1 = ((0, 0), (0, 0), (0, 1))
    if "bias_k" in a:
        k = jnp.concatenate([k, jnp.broadcast_to(a["bias_k"].astype(c), (1, N, E))], axis=0)
        v = jnp.concatenate([v, jnp.broadcast_to(a["bias_v"].astype(c), (1, N, E))], axis=0)
        mask = None if mask is None else jnp.pad(mask, pad1)
        kpm = None if kpm is None else jnp.pad(kpm, ((0, 0), (0, 1)))
    q = jnp.swapaxes(q.reshape(L, N * heads, hd), 0, 1)
    k = (a["static_k"].astype(c) if "static_k" in a else
         jnp.swapaxes(k.reshape(k.shape[0], N * heads, hd), 0, 1))
    v = (a["static_v"].astype(c) if "static_v" in a else
         jnp.swapaxes(v.reshape(v.shape[0], N * heads, hd), 0, 1))
    if zero_attn:
        k = jnp.concatenate([k, jnp.zeros((N * heads, 1, hd), c)], axis=1)
        v = jnp.concatenate([v, jnp.zeros((N * heads, 1, hd), c)], axis=1)
        mask = None if mask is None else jnp.pad(mask, pad1)
        kpm = None if kpm is None else jnp.pad(kpm, ((0, 0), (0, 1)))
    S = k.shape[1]
    if kpm is not None:
        kpm = jnp.broadcast_to(kpm.reshape(N, 1, 1, S), (N, heads, 1, S)).reshape(N * heads, 1, S)
        mask = kpm if mask is None else mask + kpm
    out_w = a["out_proj_weight"].astype(c)
    out_b = a["out_proj_bias"].astype(c) if "out_proj_bias" in a else None
    if need_weights:
        scores = (q * math.sqrt(1.0 / float(hd))) @ jnp.swapaxes(k, -1, -2)
        if mask is not None:
            scores = mask + scores
        weights = jax.nn.softmax(scores, axis=-1)  # a fully masked row is NaN, as PyTorch
        if drop is not None:
            weights = _dropout(weights, drop)
        out = jnp.swapaxes(weights @ v, 0, 1).reshape(L * N, E)
    else:
        if mask is not None:
            mask = mask[None] if mask.shape[0] == 1 else mask.reshape(N, heads, -1, S)
        out = _attention(q.reshape(N, heads, L, hd), k.reshape(N, heads, S, hd),
                         v.reshape(N, heads, S, hd), mask, scale=1.0 / math.sqrt(hd),
                         causal=causal, gqa=False, dt=dt, drop=drop).astype(c)
        out = jnp.transpose(out, (2, 0, 1, 3)).reshape(L * N, E)
    out = out @ out_w.T
    if out_b is not None:
        out = out + out_b
    out = out.reshape(L, N, out.shape[-1])
    if unbatched:
        out = out[:, 0]
    if not need_weights:
        return out.astype(dt.np)
    weights = weights.reshape(N, heads, L, S)
    if average:
        weights = weights.mean(axis=1)
    if unbatched:
        weights = weights[0]
    return out.astype(dt.np), weights.astype(dt.np)


def _mha_k(*arrays, names, **static):
    return _mha(names, arrays, **static)


def _mha_dropout_k(key, offset, p, *arrays, names, **static):
    return _mha(names, arrays, drop=(key, offset, p), **static)


def _mha_host_dropout_k(keep, keep_p, *arrays, names, **static):
    return _mha(names, arrays, drop=("host", keep, keep_p), **static)


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    qd, kd, vd = query.dim(), key.dim(), value.dim()
    if qd == 3:
        if kd != 3 or vd != 3:
            raise AssertionError(f"For batched (3-D) `query`, expected `key` and `value` to be "
                                 f"3-D but found {kd}-D and {vd}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(f"For batched (3-D) `query`, expected `key_padding_mask` to be "
                                 f"`None` or 2-D but found {key_padding_mask.dim()}-D tensor "
                                 f"instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(f"For batched (3-D) `query`, expected `attn_mask` to be `None`, "
                                 f"2-D or 3-D but found {attn_mask.dim()}-D tensor instead")
        return True
    if qd == 2:
        if kd != 2 or vd != 2:
            raise AssertionError(f"For unbatched (2-D) `query`, expected `key` and `value` to be "
                                 f"2-D but found {kd}-D and {vd}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(f"For unbatched (2-D) `query`, expected `key_padding_mask` to "
                                 f"be `None` or 1-D but found {key_padding_mask.dim()}-D tensor "
                                 f"instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(f"For unbatched (2-D) `query`, expected `attn_mask` to be "
                                     f"`None`, 2-D or 3-D but found {attn_mask.dim()}-D tensor "
                                     f"instead")
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if tuple(attn_mask.shape) != expected:
                    raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                         f"{attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received "
                         f"{qd}-D query tensor")


def _check_mask_type(mask, name, other, other_name):
    if mask is None:
        return
    md = mask._nd.dtype
    if md is not bool_ and not md.is_floating_point:
        raise AssertionError(f"only bool and floating types of {name} are supported")
    if other is not None and md is not other._nd.dtype:
        from .loss import _warn
        _warn(f"Support for mismatched {name} and {other_name} is deprecated. Use same type for "
              f"both instead.")


def check_projection_dtype(query, weight):
    """The in-projection's matmul refuses a query of another dtype than its weight."""
    if weight is not None and query._nd.dtype is not weight._nd.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                           f"{c10_name(query._nd.dtype)} and {c10_name(weight._nd.dtype)}")


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False):
    """PyTorch's multi-head attention forward (sequence-first (L, N, E) or unbatched (L, E)
    inputs) as one kernel: the in-projection, masks, bias_k/bias_v, zero attention, the
    attention itself (explicit softmax when need_weights, else scaled_dot_product_attention)
    and the out-projection; returns (output, averaged or per-head weights or None)."""
    batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    qs, ks, vs = (tuple(t.shape) for t in (query, key, value))
    if not batched:
        qs, ks, vs = (s[:1] + (1,) + s[1:] for s in (qs, ks, vs))
    tgt_len, bsz, embed_dim = qs
    src_len = ks[0]
    _check_mask_type(key_padding_mask, "key_padding_mask", attn_mask, "attn_mask")
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    causal = False
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None  # the causal hint goes to scaled_dot_product_attention instead
        causal = True
    else:
        _check_mask_type(attn_mask, "attn_mask", None, "")
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    check_projection_dtype(query, q_proj_weight if use_separate_proj_weight else in_proj_weight)
    if use_separate_proj_weight:
        if ks[:2] != vs[:2]:
            raise AssertionError(f"key's sequence and batch dims {key.shape[:2]} do not match "
                                 f"value's {value.shape[:2]}")
        for w, name in ((q_proj_weight, "q"), (k_proj_weight, "k"), (v_proj_weight, "v")):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {name}_proj_weight "
                                     f"is None")
        for w, what, e in ((q_proj_weight, "query", qs[-1]), (k_proj_weight, "key", ks[-1]),
                           (v_proj_weight, "value", vs[-1])):
            if tuple(w.shape) != (qs[-1], e):
                raise AssertionError(f"expecting {what} weights shape of {(qs[-1], e)}, but got "
                                     f"{w.shape}")
    else:
        if ks != vs:
            raise AssertionError(f"key shape {key.shape} does not match value shape "
                                 f"{value.shape}")
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
    if attn_mask is not None:
        ms = tuple(attn_mask.shape)
        if len(ms) == 2:
            if ms != (tgt_len, src_len):
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                   f"should be {(tgt_len, src_len)}.")
        elif len(ms) == 3:
            if ms != (bsz * num_heads, tgt_len, src_len):
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but "
                                   f"should be {(bsz * num_heads, tgt_len, src_len)}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {len(ms)} is not supported")
    if bias_k is not None and bias_v is not None:
        if static_k is not None:
            raise AssertionError("bias cannot be added to static key.")
        if static_v is not None:
            raise AssertionError("bias cannot be added to static value.")
        src_len += 1
    elif bias_k is not None:
        raise AssertionError("bias_k is set but bias_v is None")
    elif bias_v is not None:
        raise AssertionError("bias_v is set but bias_k is None")
    for st, name in ((static_k, "static_k"), (static_v, "static_v")):
        if st is not None:
            if st.shape[0] != bsz * num_heads:
                raise AssertionError(f"expecting {name}.size(0) of {bsz * num_heads}, but got "
                                     f"{st.shape[0]}")
            if st.shape[2] != head_dim:
                raise AssertionError(f"expecting {name}.size(2) of {head_dim}, but got "
                                     f"{st.shape[2]}")
    if static_k is not None:
        src_len = static_k.shape[1]
    if add_zero_attn:
        src_len += 1
    if static_k is None and ks[1] != bsz:
        # PyTorch fails where it concatenates bias_k or views k as (S, N * heads, head_dim)
        if bias_k is not None:
            raise RuntimeError(f"Sizes of tensors must match except in dimension 0. Expected "
                               f"size {ks[1]} but got size {bsz} for tensor number 1 in the "
                               f"list.")
        raise RuntimeError(f"shape '[{ks[0]}, {bsz * num_heads}, {head_dim}]' is invalid for "
                           f"input of size {ks[0] * ks[1] * embed_dim}")
    if key_padding_mask is not None:
        kb = 1 if not batched else key_padding_mask.shape[0]
        kl = key_padding_mask.shape[-1] + (bias_k is not None) + bool(add_zero_attn)
        if kb != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got {kb}")
        if kl != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {src_len}, but got "
                                 f"{kl}")
    if not training:
        dropout_p = 0.0
    named = [("query", query), ("key", key), ("value", value)]
    if use_separate_proj_weight:
        named += [("q_proj_weight", q_proj_weight), ("k_proj_weight", k_proj_weight),
                  ("v_proj_weight", v_proj_weight)]
    else:
        named.append(("in_proj_weight", in_proj_weight))
    for name, t in (("in_proj_bias", in_proj_bias), ("bias_k", bias_k), ("bias_v", bias_v),
                    ("out_proj_weight", out_proj_weight), ("out_proj_bias", out_proj_bias),
                    ("key_padding_mask", key_padding_mask), ("attn_mask", attn_mask),
                    ("static_k", static_k), ("static_v", static_v)):
        if t is not None:
            named.append((name, t))
    names = tuple(n for n, _ in named)
    ins = tuple(t for _, t in named)
    static = (("names", names), ("heads", int(num_heads)),
              ("separate", bool(use_separate_proj_weight)), ("need_weights", bool(need_weights)),
              ("average", bool(average_attn_weights)), ("causal", causal),
              ("unbatched", not batched), ("zero_attn", bool(add_zero_attn)),
              ("dt", query._nd.dtype))
    gname = "ViewBackward0" if batched else "SqueezeBackward1"
    kp = 1.0 - float(dropout_p)
    # PyTorch's mask of the (N * heads, L, S) attention weights
    keep = dropout_mask((bsz * num_heads, tgt_len, src_len), kp, query._nd.device) \
        if dropout_p > 0.0 else None
    if keep is not None:
        ins = (keep, kp) + ins
        fn, g = _mha_host_dropout_k, None
    elif dropout_p > 0.0:
        g = _rng.generator_for(query._nd.device, None)
        key_, offset = g.draw_inputs()
        ins = (key_, offset, float(dropout_p)) + ins
        fn = _mha_dropout_k
    else:
        g = None
        fn = _mha_k
    if need_weights:
        out, weights = dispatch.record_multi(fn, ins, static, name="multi_head_attention",
                                             gname=gname)
    else:
        out, weights = dispatch.record(fn, ins, static, name="multi_head_attention",
                                       gname=gname), None
    if g is not None:
        g.advance()
    return out, weights
