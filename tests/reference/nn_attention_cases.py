"""scaled_dot_product_attention and multi_head_attention_forward parity cases, shared by the
generator (real torch) and the test.

Each case is (name, expression, [(input name, shape, kind)], names that require grad, written
one after another); `F` is the library's nn.functional. Kinds: 'f' float32 N(0, 1), 'w' float32
N(0, 1/fan_in), 'f64' float64, 'f16' float16, 'b' a random bool mask (about 70% True, never a
whole row False unless 'bdead'), 'bdead' bool with row 1 all False, 'bkpm' a bool padding mask
(True = masked, never a whole row), 'causal' a float causal mask, 'm' a float32 additive mask
with some -inf.
"""
import numpy as np

CASES = [
    ("basic", "F.scaled_dot_product_attention(q, k, v)",
     [("q", (2, 3, 4, 8), "f"), ("k", (2, 3, 5, 8), "f"), ("v", (2, 3, 5, 6), "f")], "qkv"),
    ("causal", "F.scaled_dot_product_attention(q, k, v, is_causal=True)",
     [("q", (2, 2, 5, 4), "f"), ("k", (2, 2, 5, 4), "f"), ("v", (2, 2, 5, 3), "f")], "qkv"),
    ("causal_long_query", "F.scaled_dot_product_attention(q, k, v, is_causal=True)",
     [("q", (1, 2, 6, 4), "f"), ("k", (1, 2, 3, 4), "f"), ("v", (1, 2, 3, 3), "f")], "qkv"),
    ("bool_mask", "F.scaled_dot_product_attention(q, k, v, attn_mask=m)",
     [("q", (2, 3, 4, 8), "f"), ("k", (2, 3, 5, 8), "f"), ("v", (2, 3, 5, 6), "f"),
      ("m", (4, 5), "b")], "qkv"),
    ("bool_mask_dead_row", "F.scaled_dot_product_attention(q, k, v, attn_mask=m)",
     [("q", (2, 3, 4, 8), "f"), ("k", (2, 3, 5, 8), "f"), ("v", (2, 3, 5, 6), "f"),
      ("m", (2, 1, 4, 5), "bdead")], "qkv"),
    ("float_mask", "F.scaled_dot_product_attention(q, k, v, attn_mask=m)",
     [("q", (2, 3, 4, 8), "f"), ("k", (2, 3, 5, 8), "f"), ("v", (2, 3, 5, 6), "f"),
      ("m", (3, 4, 5), "m")], "qkvm"),
    ("scale", "F.scaled_dot_product_attention(q, k, v, scale=0.3)",
     [("q", (2, 4, 8), "f"), ("k", (2, 5, 8), "f"), ("v", (2, 5, 6), "f")], "qkv"),
    ("negative_scale", "F.scaled_dot_product_attention(q, k, v, scale=-0.5)",
     [("q", (2, 4, 8), "f"), ("k", (2, 5, 8), "f"), ("v", (2, 5, 6), "f")], "qkv"),
    ("gqa", "F.scaled_dot_product_attention(q, k, v, enable_gqa=True)",
     [("q", (1, 6, 4, 8), "f"), ("k", (1, 2, 5, 8), "f"), ("v", (1, 3, 5, 6), "f")], "qkv"),
    ("two_d", "F.scaled_dot_product_attention(q, k, v)",
     [("q", (4, 8), "f"), ("k", (5, 8), "f"), ("v", (5, 6), "f")], "qkv"),
    ("batch_broadcast", "F.scaled_dot_product_attention(q, k, v)",
     [("q", (2, 3, 4, 8), "f"), ("k", (1, 3, 5, 8), "f"), ("v", (3, 5, 6), "f")], "qkv"),
    ("float64_causal", "F.scaled_dot_product_attention(q, k, v, is_causal=True, scale=0.7)",
     [("q", (2, 4, 3), "f64"), ("k", (2, 4, 3), "f64"), ("v", (2, 4, 2), "f64")], "qkv"),
    ("half", "F.scaled_dot_product_attention(q, k, v)",
     [("q", (2, 4, 8), "f16"), ("k", (2, 5, 8), "f16"), ("v", (2, 5, 6), "f16")], ""),
    ("dropout_zero", "F.scaled_dot_product_attention(q, k, v, dropout_p=0.0)",
     [("q", (2, 4, 8), "f"), ("k", (2, 5, 8), "f"), ("v", (2, 5, 6), "f")], "qkv"),
]

# multi_head_attention_forward: (L, N, E) sequence-first inputs, E = 8, 2 heads
_MHA = "F.multi_head_attention_forward({q}, {k}, {v}, 8, 2, {w}, {b}, {bk}, {bv}, {zero}, 0.0, " \
       "ow, ob{extra})"


def _mha(q="q", k="k", v="v", w="w", b="b", bk="None", bv="None", zero="False", extra=""):
    return _MHA.format(q=q, k=k, v=v, w=w, b=b, bk=bk, bv=bv, zero=zero, extra=extra)


_W = [("w", (24, 8), "w"), ("b", (24,), "f"), ("ow", (8, 8), "w"), ("ob", (8,), "f")]
CASES += [
    ("mha_self", _mha("q", "q", "q"), [("q", (5, 2, 8), "f")] + _W, "qwbowob"),
    ("mha_cross_masks_no_weights", _mha(extra=", key_padding_mask=kpm, need_weights=False, "
                                              "attn_mask=am"),
     [("q", (4, 2, 8), "f"), ("k", (6, 2, 8), "f"), ("v", (6, 2, 8), "f"), ("kpm", (2, 6), "bkpm"),
      ("am", (4, 6), "m")] + _W, "qkvwbowob"),
    ("mha_bias_kv_zero_attn_per_head", _mha(bk="bk", bv="bv", zero="True",
                                            extra=", key_padding_mask=kpm, "
                                                  "average_attn_weights=False"),
     [("q", (4, 2, 8), "f"), ("k", (6, 2, 8), "f"), ("v", (6, 2, 8), "f"), ("kpm", (2, 6), "bkpm"),
      ("bk", (1, 1, 8), "f"), ("bv", (1, 1, 8), "f")] + _W, "qkvwbbkbvowob"),
    ("mha_separate_proj", _mha(w="None", b="None", extra=", use_separate_proj_weight=True, "
                                                          "q_proj_weight=wq, k_proj_weight=wk, "
                                                          "v_proj_weight=wv"),
     [("q", (3, 2, 8), "f"), ("k", (5, 2, 6), "f"), ("v", (5, 2, 4), "f"), ("wq", (8, 8), "w"),
      ("wk", (8, 6), "w"), ("wv", (8, 4), "w"), ("ow", (8, 8), "w"), ("ob", (8,), "f")],
     "qkvwqwkwvow"),
    ("mha_unbatched_3d_bool_mask", _mha(extra=", attn_mask=am"),
     [("q", (4, 8), "f"), ("k", (5, 8), "f"), ("v", (5, 8), "f"), ("am", (2, 4, 5), "bkpm")] + _W,
     "qkvwb"),
    ("mha_causal_sdpa", _mha("q", "q", "q", extra=", need_weights=False, attn_mask=am, "
                                                  "is_causal=True"),
     [("q", (5, 2, 8), "f"), ("am", (5, 5), "causal")] + _W, "qwbowob"),
    ("mha_static_kv_3d_mask", _mha(extra=", static_k=sk, static_v=sv, attn_mask=am"),
     [("q", (4, 2, 8), "f"), ("k", (6, 2, 8), "f"), ("v", (6, 2, 8), "f"), ("sk", (4, 6, 4), "f"),
      ("sv", (4, 6, 4), "f"), ("am", (4, 4, 6), "m")] + _W, "qsksvwbow"),
]

_QKV = [("q", (2, 3, 4, 8), "f"), ("k", (2, 3, 5, 8), "f"), ("v", (2, 3, 5, 6), "f")]
ERRORS = [
    ("causal_and_mask", "F.scaled_dot_product_attention(q, k, v, is_causal=True, "
     "attn_mask=torch.ones(4, 5, dtype=torch.bool))", _QKV),
    ("dtype", "F.scaled_dot_product_attention(q, k.double(), v)", _QKV),
    ("dtype_half", "F.scaled_dot_product_attention(q.half(), k, v)", _QKV),
    ("value_length", "F.scaled_dot_product_attention(q, k, v[:, :, :4])", _QKV),
    ("key_dim", "F.scaled_dot_product_attention(q, k[..., :7], v)", _QKV),
    ("two_d_key_dim", "F.scaled_dot_product_attention(q[0, 0], k[0, 0, :, :7], v[0, 0])", _QKV),
    ("two_d_value_length", "F.scaled_dot_product_attention(q[0, 0], k[0, 0], v[0, 0, :3])",
     _QKV),
    ("one_d", "F.scaled_dot_product_attention(q[0, 0, 0], k[0, 0, 0], v[0, 0, 0])", _QKV),
    ("heads", "F.scaled_dot_product_attention(torch.randn(2, 6, 4, 8), k, v)", _QKV),
    ("gqa_heads", "F.scaled_dot_product_attention(torch.randn(2, 4, 4, 8), k, v, "
     "enable_gqa=True)", _QKV),
    ("mask_shape", "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(4, 4))", _QKV),
    ("mask_bigger", "F.scaled_dot_product_attention(q[0, 0], k[0, 0], v[0, 0], "
     "attn_mask=torch.ones(2, 4, 5, dtype=torch.bool))", _QKV),
    ("mask_int", "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(4, 5, "
     "dtype=torch.int64))", _QKV),
    ("mask_double", "F.scaled_dot_product_attention(q, k, v, attn_mask=torch.ones(4, 5, "
     "dtype=torch.float64))", _QKV),
    ("dropout_range", "F.scaled_dot_product_attention(q, k, v, dropout_p=1.5)", _QKV),
    ("int_inputs", "F.scaled_dot_product_attention(q.long(), k.long(), v.long())", _QKV),
]
_MQ = [("q", (4, 2, 8), "f"), ("k", (6, 2, 8), "f"), ("v", (6, 2, 8), "f")] + _W
MHA_ERRORS = [
    ("mha_query_dims", _mha("q[0, 0]", "k[0, 0]", "v[0, 0]"), _MQ),
    ("mha_key_dims", _mha("q", "k[0]", "v"), _MQ),
    ("mha_unbatched_key_dims", _mha("q[:, 0]", "k", "v[:, 0]"), _MQ),
    ("mha_kpm_dims", _mha(extra=", key_padding_mask=torch.zeros(6, dtype=torch.bool)"), _MQ),
    ("mha_attn_mask_dims", _mha(extra=", attn_mask=torch.zeros(6)"), _MQ),
    ("mha_unbatched_mask_shape", _mha("q[:, 0]", "k[:, 0]", "v[:, 0]",
                                      extra=", attn_mask=torch.zeros(3, 4, 6)"), _MQ),
    ("mha_embed_dim", _mha("q[..., :6]", "k[..., :6]", "v[..., :6]"), _MQ),
    ("mha_key_value_shape", _mha("q", "k", "v[:5]"), _MQ),
    ("mha_mask_2d_shape", _mha(extra=", attn_mask=torch.zeros(4, 5)"), _MQ),
    ("mha_mask_3d_shape", _mha(extra=", attn_mask=torch.zeros(3, 4, 6)"), _MQ),
    ("mha_mask_type", _mha(extra=", attn_mask=torch.zeros(4, 6, dtype=torch.int64)"), _MQ),
    ("mha_causal_needs_mask", _mha(extra=", is_causal=True"), _MQ),
    ("mha_kpm_shape", _mha(extra=", key_padding_mask=torch.zeros(2, 5, dtype=torch.bool)"), _MQ),
    ("mha_bias_k_only", _mha(bk="torch.zeros(1, 1, 8)"), _MQ),
    ("mha_no_in_proj", _mha(w="None"), _MQ),
]


def make_inputs(specs, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for name, shape, kind in specs:
        if kind == "f":
            out[name] = rng.normal(size=shape).astype(np.float32)
        elif kind == "w":  # a projection weight scaled as a layer initialises it
            out[name] = (rng.normal(size=shape) / np.sqrt(shape[-1])).astype(np.float32)
        elif kind == "f64":
            out[name] = rng.normal(size=shape)
        elif kind == "f16":
            out[name] = rng.normal(size=shape).astype(np.float16)
        elif kind in ("b", "bdead"):
            m = rng.uniform(size=shape) < 0.7
            m[..., 0] = True  # every row attends somewhere
            if kind == "bdead":
                m[..., 1, :] = False
            out[name] = m
        elif kind == "bkpm":  # bool, True = masked (padding); never a whole row
            m = rng.uniform(size=shape) < 0.3
            m[..., 0] = False
            out[name] = m
        elif kind == "causal":
            out[name] = np.triu(np.full(shape, -np.inf, np.float32), 1)
        elif kind == "m":
            m = rng.normal(size=shape).astype(np.float32)
            m[rng.uniform(size=shape) < 0.2] = -np.inf
            m[..., 0] = 0.5
            out[name] = m
        else:
            raise ValueError(kind)
    return out


def out_weight(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


def outputs(res):
    """The tensors an expression returned (multi_head_attention_forward gives a pair, its
    second element None when need_weights=False)."""
    if isinstance(res, tuple):
        return [r for r in res if r is not None]
    return [res]


def grads_of(grads, specs):
    """The input names that require grad: `grads` is a concatenation of input names."""
    names = sorted((n for n, _, _ in specs), key=len, reverse=True)
    out, rest = set(), grads
    while rest:
        n = next(n for n in names if rest.startswith(n))
        out.add(n)
        rest = rest[len(n):]
    return out
