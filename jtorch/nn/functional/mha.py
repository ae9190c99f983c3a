"""nn.functional.multi_head_attention_forward as ONE recorded kernel (in-projection, bias_k/v,
zero attention, masks, softmax, dropout, out-projection and head averaging), with PyTorch's
argument checks and messages (AssertionError/RuntimeError as PyTorch raises them).

Masks follow PyTorch: a boolean mask is True where attention is NOT allowed (it becomes -inf),
a float mask is added; key_padding_mask and attn_mask are summed. With need_weights the
weights are softmax(q k^T / sqrt(d) + mask) (a row masked everywhere gives NaN, as PyTorch);
without, the scaled-dot-product path is used (such rows give zeros, as PyTorch's safe
softmax) and is_causal may stand for the mask. Dropout masks come from jtorch's generator.
"""
import math
import warnings

import jax
import jax.numpy as jnp
from jax.lax import Precision

from ... import random as _rng
from ..._ops import random_ops as _random_ops
from ..._dtype import bool_, float16, bfloat16
from ..._ops import dispatch
from ..._tensor import Tensor
from .attention import check_projection_dtype
from .rnn import rename_grad_fn

__all__ = ["multi_head_attention_forward"]

_HI = Precision.HIGHEST


def _none_or_dtype(input):
    if input is None:
        return None
    if isinstance(input, Tensor):
        return input.dtype
    raise RuntimeError("input to _none_or_dtype() must be None or torch.Tensor")


def _canonical_mask(mask, mask_name, other_type, other_name, target_type, check_other=True):
    """PyTorch's mask canonicalisation: bool masks become float 0/-inf masks of target_type."""
    if mask is not None:
        dt = mask.dtype
        is_float = dt.is_floating_point
        if dt is not bool_ and not is_float:
            raise AssertionError(f"only bool and floating types of {mask_name} are supported")
        if check_other and other_type is not None and dt != other_type:
            warnings.warn(f"Support for mismatched {mask_name} and {other_name} is deprecated. "
                          "Use same type for both instead.", stacklevel=3)
        if not is_float:
            mask = dispatch.record(_bool_to_float, (mask,), (("dt", target_type),),
                                   name="masked_fill", gname="MaskedFillBackward0")
    return mask


def _bool_to_float(m, *, dt):
    return jnp.where(m, jnp.asarray(-jnp.inf, dt.np), jnp.zeros((), dt.np))


def _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads):
    qd = query.dim()
    if qd == 3:
        if key.dim() != 3 or value.dim() != 3:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key` and `value` to be 3-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 2:
            raise AssertionError(
                "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D but "
                f"found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None and attn_mask.dim() not in (2, 3):
            raise AssertionError(
                "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D but "
                f"found {attn_mask.dim()}-D tensor instead")
        return True
    if qd == 2:
        if key.dim() != 2 or value.dim() != 2:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D but found "
                f"{key.dim()}-D and {value.dim()}-D tensors respectively")
        if key_padding_mask is not None and key_padding_mask.dim() != 1:
            raise AssertionError(
                "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D "
                f"but found {key_padding_mask.dim()}-D tensor instead")
        if attn_mask is not None:
            if attn_mask.dim() not in (2, 3):
                raise AssertionError(
                    "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D "
                    f"but found {attn_mask.dim()}-D tensor instead")
            if attn_mask.dim() == 3:
                expected = (num_heads, query.shape[0], key.shape[0])
                if tuple(attn_mask.shape) != expected:
                    raise AssertionError(f"Expected `attn_mask` shape to be {expected} but got "
                                         f"{attn_mask.shape}")
        return False
    raise AssertionError(f"query should be unbatched 2D or batched 3D tensor but received "
                         f"{qd}-D query tensor")


def _opmath(dt):
    return jnp.float32 if dt is float16 or dt is bfloat16 else dt.np


def _lin(x, w, b):
    y = jnp.matmul(x, w.T, precision=_HI)
    return y if b is None else y + b


def _mha_kernel(*args, num_heads, batched, batch_first, separate, has_in_bias, has_bias_kv,
                zero_attn, has_kpm, mask_ndim, has_out_bias, need_weights, average, causal,
                dropout, dt, out_batch_first=True):
    cdt = _opmath(dt)
    a = [x for x in args]
    query, key, value = (x.astype(cdt) for x in a[:3])
    i = 3
    if separate:
        wq, wk, wv = (x.astype(cdt) for x in a[i:i + 3])
        i += 3
    else:
        w = a[i].astype(cdt)
        i += 1
        E0 = w.shape[0] // 3
        wq, wk, wv = w[:E0], w[E0:2 * E0], w[2 * E0:]
    if has_in_bias:
        b = a[i].astype(cdt)
        i += 1
        E0 = b.shape[0] // 3
        bq, bk, bv = b[:E0], b[E0:2 * E0], b[2 * E0:]
    else:
        bq = bk = bv = None
    if has_bias_kv:
        bias_k, bias_v = a[i].astype(cdt), a[i + 1].astype(cdt)
        i += 2
    wo = a[i].astype(cdt)
    i += 1
    bo = None
    if has_out_bias:
        bo = a[i].astype(cdt)
        i += 1
    kpm = None
    if has_kpm:
        kpm = a[i].astype(cdt)
        i += 1
    mask = None
    if mask_ndim:
        mask = a[i].astype(cdt)
        i += 1
    if dropout == "host":
        drop = ("host", a[i], a[i + 1])
    else:
        drop = tuple(a[i:i + 3]) if dropout else None

    if not batched:
        query, key, value = query[:, None], key[:, None], value[:, None]
        if kpm is not None:
            kpm = kpm[None]
    elif batch_first:
        query, key, value = (jnp.swapaxes(x, 0, 1) for x in (query, key, value))
    L, N, E = query.shape
    H = num_heads
    hd = E // H
    q = _lin(query, wq, bq)
    k = _lin(key, wk, bk)
    v = _lin(value, wv, bv)
    if mask is not None and mask_ndim == 2:
        mask = mask[None]
    if has_bias_kv:
        k = jnp.concatenate([k, jnp.broadcast_to(bias_k, (1, N, E))])
        v = jnp.concatenate([v, jnp.broadcast_to(bias_v, (1, N, E))])
        if mask is not None:
            mask = jnp.pad(mask, ((0, 0), (0, 0), (0, 1)))
        if kpm is not None:
            kpm = jnp.pad(kpm, ((0, 0), (0, 1)))
    q = jnp.swapaxes(q.reshape(L, N * H, hd), 0, 1)
    k = jnp.swapaxes(k.reshape(k.shape[0], N * H, hd), 0, 1)
    v = jnp.swapaxes(v.reshape(v.shape[0], N * H, hd), 0, 1)
    if zero_attn:
        z = jnp.zeros((N * H, 1, hd), cdt)
        k = jnp.concatenate([k, z], axis=1)
        v = jnp.concatenate([v, z], axis=1)
        if mask is not None:
            mask = jnp.pad(mask, ((0, 0), (0, 0), (0, 1)))
        if kpm is not None:
            kpm = jnp.pad(kpm, ((0, 0), (0, 1)))
    S = k.shape[1]
    if kpm is not None:
        kp = jnp.broadcast_to(kpm[:, None, None, :], (N, H, 1, S)).reshape(N * H, 1, S)
        mask = kp if mask is None else mask + kp
    if need_weights:
        qs = q * math.sqrt(1.0 / float(hd))
        s = jnp.matmul(qs, jnp.swapaxes(k, -1, -2), precision=_HI)
        if mask is not None:
            s = s + mask
        w = jax.nn.softmax(s, axis=-1)
    else:
        sc = math.sqrt(1.0 / math.sqrt(hd))
        s = jnp.matmul(q * sc, jnp.swapaxes(k * sc, -1, -2), precision=_HI)
        if causal:
            allowed = jnp.tril(jnp.ones((L, S), bool))
            s = s + jnp.where(allowed, jnp.zeros((), cdt), -jnp.inf)
        if mask is not None:
            s = s + mask
        m = jnp.max(s, axis=-1, keepdims=True)
        dead = m == -jnp.inf
        e = jnp.exp(s - jnp.where(dead, jnp.zeros((), cdt), jax.lax.stop_gradient(m)))
        den = jnp.sum(e, axis=-1, keepdims=True)
        w = jnp.where(dead, jnp.zeros((), cdt), e / jnp.where(dead, jnp.ones((), cdt), den))
    if drop is not None and drop[0] == "host":
        # PyTorch's dropout of the attention weights: its bernoulli_(1 - p) mask (drawn on the
        # host), noise = mask / (1 - p)
        _, keep, q = drop
        w = w * (keep.astype(cdt) / jnp.asarray(q).astype(cdt))
    elif drop is not None:
        key_, offset, p = drop
        keep = jax.random.uniform(_rng.subkey(key_, offset), w.shape, jnp.float32) >= p
        pm = jnp.asarray(p, cdt)
        scale = jnp.where(pm < 1, 1 / jnp.where(pm < 1, 1 - pm, jnp.ones((), cdt)),
                          jnp.zeros((), cdt))
        w = w * jnp.where(keep, scale, jnp.zeros((), cdt))
    o = jnp.matmul(w, v, precision=_HI)                       # (N*H, L, hd)
    o = jnp.swapaxes(o, 0, 1).reshape(L * N, E)
    o = _lin(o, wo, bo).reshape(L, N, wo.shape[0])
    if not batched:
        o = o[:, 0]
    elif batch_first and out_batch_first:
        o = jnp.swapaxes(o, 0, 1)
    if not need_weights:
        return o.astype(dt.np)
    w = w.reshape(N, H, L, S)
    if average:
        w = jnp.mean(w, axis=1)
    if not batched:
        w = w[0]
    return o.astype(dt.np), w.astype(dt.np)


def multi_head_attention_forward(query, key, value, embed_dim_to_check, num_heads,
                                 in_proj_weight, in_proj_bias, bias_k, bias_v, add_zero_attn,
                                 dropout_p, out_proj_weight, out_proj_bias, training=True,
                                 key_padding_mask=None, need_weights=True, attn_mask=None,
                                 use_separate_proj_weight=False, q_proj_weight=None,
                                 k_proj_weight=None, v_proj_weight=None, static_k=None,
                                 static_v=None, average_attn_weights=True, is_causal=False,
                                 _batch_first=False, _fast_path=False):
    """Multi-head attention (PyTorch's functional form); returns (output, weights or None).
    Inputs are (L, N, E) or unbatched (L, E). `_batch_first` (from MultiheadAttention) takes
    (N, L, E) inputs and returns PyTorch's `attn_output.transpose(1, 0)`, a non-contiguous view
    (dropout and random fills of it go in its memory order); `_fast_path` returns the
    contiguous (N, L, E) output of PyTorch's eval-mode fused path instead."""
    if static_k is not None or static_v is not None:
        raise NotImplementedError("multi_head_attention_forward: static_k/static_v are not "
                                  "supported by jtorch")
    is_batched = _mha_shape_check(query, key, value, key_padding_mask, attn_mask, num_heads)
    qs, ks, vs = tuple(query.shape), tuple(key.shape), tuple(value.shape)
    bf = bool(_batch_first and is_batched)
    if is_batched:
        if bf:
            tgt_len, bsz, embed_dim = qs[1], qs[0], qs[2]
            src_len = ks[1]
        else:
            tgt_len, bsz, embed_dim = qs
            src_len = ks[0]
    else:
        tgt_len, embed_dim = qs
        bsz = 1
        src_len = ks[0]
    key_padding_mask = _canonical_mask(key_padding_mask, "key_padding_mask",
                                       _none_or_dtype(attn_mask), "attn_mask", query.dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError("Need attn_mask if specifying the is_causal hint. You may use the "
                           "Transformer module method `generate_square_subsequent_mask` to "
                           "create this mask.")
    causal = False
    if is_causal and key_padding_mask is None and not need_weights:
        attn_mask = None
        causal = True
    else:
        attn_mask = _canonical_mask(attn_mask, "attn_mask", None, "", query.dtype,
                                    check_other=False)
    if embed_dim != embed_dim_to_check:
        raise AssertionError(f"was expecting embedding dimension of {embed_dim_to_check}, but "
                             f"got {embed_dim}")
    head_dim = embed_dim // num_heads
    if head_dim * num_heads != embed_dim:
        raise AssertionError(f"embed_dim {embed_dim} not divisible by num_heads {num_heads}")
    check_projection_dtype(query, q_proj_weight if use_separate_proj_weight else in_proj_weight)
    kv_len = (lambda s: (s[1], s[0]) if bf else s[:2]) if is_batched else (lambda s: s[:1])
    if use_separate_proj_weight:
        if kv_len(ks) != kv_len(vs):
            raise AssertionError(f"key's sequence and batch dims {_size(kv_len(ks))} do not "
                                 f"match value's {_size(kv_len(vs))}")
    elif ks != vs:
        # (PyTorch transposes batch_first inputs before the functional call checks them)
        tr = (lambda s: _size((s[1], s[0]) + s[2:])) if bf else _size
        raise AssertionError(f"key shape {tr(ks)} does not match value shape {tr(vs)}")
    if not use_separate_proj_weight:
        if in_proj_weight is None:
            raise AssertionError("use_separate_proj_weight is False but in_proj_weight is None")
        weights = (in_proj_weight,)
        if tuple(in_proj_weight.shape) != (3 * embed_dim, embed_dim):
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied "
                               f"({tgt_len * bsz}x{embed_dim} and "
                               f"{in_proj_weight.shape[1]}x{in_proj_weight.shape[0]})")
    else:
        for w, n in ((q_proj_weight, "q"), (k_proj_weight, "k"), (v_proj_weight, "v")):
            if w is None:
                raise AssertionError(f"use_separate_proj_weight is True but {n}_proj_weight is "
                                     "None")
        Eq, Ek, Ev = embed_dim, ks[-1], vs[-1]
        for w, want, what in ((q_proj_weight, (Eq, Eq), "query"), (k_proj_weight, (Eq, Ek), "key"),
                              (v_proj_weight, (Eq, Ev), "value")):
            if tuple(w.shape) != want:
                raise AssertionError(f"expecting {what} weights shape of {want}, but got "
                                     f"{w.shape}")
        weights = (q_proj_weight, k_proj_weight, v_proj_weight)
    if in_proj_bias is not None and tuple(in_proj_bias.shape) != (3 * embed_dim,):
        raise AssertionError(f"expecting query bias shape of {(embed_dim,)}, but got "
                             f"{_size((in_proj_bias.shape[0] // 3,))}")
    mask_ndim = 0
    if attn_mask is not None:
        mask_ndim = attn_mask.dim()
        if mask_ndim == 2:
            correct = (tgt_len, src_len)
            if tuple(attn_mask.shape) != correct:
                raise RuntimeError(f"The shape of the 2D attn_mask is {attn_mask.shape}, but "
                                   f"should be {correct}.")
        elif mask_ndim == 3:
            correct = (bsz * num_heads, tgt_len, src_len)
            if tuple(attn_mask.shape) != correct:
                raise RuntimeError(f"The shape of the 3D attn_mask is {attn_mask.shape}, but "
                                   f"should be {correct}.")
        else:
            raise RuntimeError(f"attn_mask's dimension {mask_ndim} is not supported")
    has_bias_kv = bias_k is not None and bias_v is not None
    if not has_bias_kv:
        if bias_k is not None:
            raise AssertionError("bias_k is set but bias_v is None")
        if bias_v is not None:
            raise AssertionError("bias_v is set but bias_k is None")
    kbsz = (ks[0] if bf else ks[1]) if is_batched else 1
    if kbsz != bsz:
        # PyTorch fails where it concatenates bias_k or views k as (S, N * heads, head_dim)
        if has_bias_kv:
            raise RuntimeError(f"Sizes of tensors must match except in dimension 0. Expected "
                               f"size {kbsz} but got size {bsz} for tensor number 1 in the "
                               f"list.")
        raise RuntimeError(f"shape '[{src_len}, {bsz * num_heads}, {head_dim}]' is invalid for "
                           f"input of size {src_len * kbsz * embed_dim}")
    if key_padding_mask is not None:
        kpm_shape = tuple(key_padding_mask.shape) if is_batched else (1,) + tuple(
            key_padding_mask.shape)
        full = src_len + has_bias_kv + bool(add_zero_attn)
        if kpm_shape[0] != bsz:
            raise AssertionError(f"Expected key_padded_mask.shape[0] to be {bsz}, but got "
                                 f"{kpm_shape[0]}")
        if kpm_shape[1] + has_bias_kv + bool(add_zero_attn) != full or kpm_shape[1] != src_len:
            raise AssertionError(f"Expected key_padded_mask.shape[1] to be {full}, but got "
                                 f"{kpm_shape[1] + has_bias_kv + bool(add_zero_attn)}")
    if not training:
        dropout_p = 0.0
    dt = query.dtype
    ins = [query, key, value, *weights]
    if in_proj_bias is not None:
        ins.append(in_proj_bias)
    if has_bias_kv:
        ins += [bias_k, bias_v]
    ins.append(out_proj_weight)
    if out_proj_bias is not None:
        ins.append(out_proj_bias)
    if key_padding_mask is not None:
        ins.append(key_padding_mask)
    if attn_mask is not None:
        ins.append(attn_mask)
    use_drop = dropout_p > 0.0
    static = (("num_heads", num_heads), ("batched", is_batched), ("batch_first", bf),
              ("separate", bool(use_separate_proj_weight)),
              ("has_in_bias", in_proj_bias is not None), ("has_bias_kv", has_bias_kv),
              ("zero_attn", bool(add_zero_attn)), ("has_kpm", key_padding_mask is not None),
              ("mask_ndim", mask_ndim), ("has_out_bias", out_proj_bias is not None),
              ("need_weights", bool(need_weights)), ("average", bool(average_attn_weights)),
              ("causal", causal), ("dropout", use_drop), ("dt", dt))
    transposed = bf and not _fast_path
    if transposed:   # the kernel returns (L, N, E); transposed below, as PyTorch does
        static = static + (("out_batch_first", False),)
    g = None
    if use_drop:
        # PyTorch's mask of the (N * heads, L, S) attention weights
        shape = (bsz * num_heads, tgt_len, src_len + has_bias_kv + bool(add_zero_attn))
        q = 1.0 - float(dropout_p)
        keep = _random_ops.dropout_mask(shape, q, query._nd.device)
        if keep is not None:
            ins += [keep, q]
            static = tuple((k, "host" if k == "dropout" else v) for k, v in static)
        else:
            g = _rng.generator_for(query._nd.device, None)
            key_, offset = g.draw_inputs()
            ins += [key_, offset, float(dropout_p)]
    if need_weights:
        out, w = dispatch.record_multi(_mha_kernel, ins, static, name="multi_head_attention",
                                       gname="ViewBackward0")
    else:
        out = dispatch.record(_mha_kernel, ins, static, name="multi_head_attention",
                              gname="ViewBackward0")
        w = None
    if g is not None:
        g.advance()
    if not is_batched:
        rename_grad_fn(out, "SqueezeBackward1")
        if w is not None:
            rename_grad_fn(w, "SqueezeBackward1")
    else:
        if transposed:
            out = out.transpose(0, 1)
        if w is not None and average_attn_weights:
            rename_grad_fn(w, "MeanBackward1")
    return out, w


def _size(shape):
    from ..._size import Size
    return Size(shape)
