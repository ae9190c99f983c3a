"""Cases of the attention/transformer parity tests, shared by gen_nn_transformer.py (real
torch) and tests/test_nn_transformer.py (jtorch): `run(torch, nn, name)` builds the module, loads
deterministic weights through load_state_dict, runs it (eval mode: dropout off) on
deterministic inputs and masks, and backpropagates a fixed random weighting of the outputs.
Only the public PyTorch API is used. No torch import here."""
import numpy as np

# masks: "bool2" (L, S) bool, "float3" (N*H, L, S) float, "causal" (generate_square_...),
#        kpm: "bool" / "float" (N, S)
MHA = {
    "mha_self_plain": (dict(embed_dim=8, num_heads=2), dict(L=4, S=4, N=2, self=True)),
    "mha_bool_masks_bf_per_head": (dict(embed_dim=8, num_heads=2, batch_first=True),
                                   dict(L=3, S=5, N=2, attn="bool2", kpm="bool",
                                        average=False)),
    "mha_float_masks_no_weights": (dict(embed_dim=8, num_heads=4),
                                   dict(L=4, S=3, N=2, attn="float3", kpm="float",
                                        need_weights=False)),
    "mha_kvdim_bias_kv_zero_attn": (dict(embed_dim=6, num_heads=3, kdim=4, vdim=5,
                                         add_bias_kv=True, add_zero_attn=True),
                                    dict(L=3, S=4, N=2, attn="bool2", kpm="bool")),
    "mha_unbatched_float3": (dict(embed_dim=8, num_heads=2), dict(L=3, S=4, N=None,
                                                                  attn="float3", kpm="bool")),
    "mha_causal_sdpa_nobias": (dict(embed_dim=8, num_heads=2, bias=False, batch_first=True),
                               dict(L=4, S=4, N=2, self=True, attn="causal", is_causal=True,
                                    need_weights=False)),
    "mha_causal_with_weights_f64": (dict(embed_dim=6, num_heads=2),
                                    dict(L=4, S=4, N=3, self=True, attn="causal",
                                         is_causal=True, dtype="float64")),
    "mha_f64_bool3_kpm": (dict(embed_dim=4, num_heads=2, batch_first=True),
                          dict(L=2, S=3, N=2, attn="bool3", kpm="bool", dtype="float64")),
}

LAYERS = {
    "enc_post_relu_masks": ("TransformerEncoderLayer", dict(d_model=8, nhead=2,
                                                            dim_feedforward=16, dropout=0.1),
                            dict(S=4, N=2, src_mask="bool_causal", src_kpm="bool")),
    "enc_norm_first_gelu_bf": ("TransformerEncoderLayer",
                               dict(d_model=8, nhead=2, dim_feedforward=12, activation="gelu",
                                    batch_first=True, norm_first=True),
                               dict(S=3, N=2, src_mask="float")),
    "enc_callable_nobias_eps": ("TransformerEncoderLayer",
                                dict(d_model=6, nhead=3, dim_feedforward=10, bias=False,
                                     layer_norm_eps=1e-3, activation="F.silu"),
                                dict(S=3, N=2)),
    "enc_unbatched_module_act": ("TransformerEncoderLayer",
                                 dict(d_model=4, nhead=2, dim_feedforward=8,
                                      activation="nn.GELU"), dict(S=3, N=None)),
    "dec_post_causal_mem_kpm": ("TransformerDecoderLayer",
                                dict(d_model=8, nhead=2, dim_feedforward=16),
                                dict(T=3, S=4, N=2, tgt_mask="causal", mem_kpm="bool")),
    "dec_norm_first_gelu_bf_f64": ("TransformerDecoderLayer",
                                   dict(d_model=6, nhead=2, dim_feedforward=8,
                                        activation="gelu", batch_first=True, norm_first=True),
                                   dict(T=2, S=3, N=2, tgt_kpm="bool", mem_mask="float",
                                        dtype="float64")),
    "encoder_stack_norm_bf": ("TransformerEncoder", dict(d_model=8, nhead=2,
                                                         dim_feedforward=16, batch_first=True,
                                                         num_layers=2, norm=True),
                              dict(S=4, N=2, src_kpm="bool")),
    "transformer_small": ("Transformer", dict(d_model=8, nhead=2, num_encoder_layers=1,
                                              num_decoder_layers=1, dim_feedforward=16),
                          dict(T=3, S=4, N=2, tgt_mask="causal", src_kpm="bool",
                               mem_kpm="bool")),
}


def case_seed(name):
    return sum((i + 1) * ord(c) for i, c in enumerate(name)) % (2 ** 31)


def _np(dtype):
    return np.float64 if dtype == "float64" else np.float32


def make(torch, shape, rng, dtype, scale=1.0):
    return torch.tensor(rng.uniform(-scale, scale, shape).astype(_np(dtype)))


def _bool(torch, shape, rng, keep_first=True):
    m = rng.uniform(size=shape) < 0.35
    if keep_first:  # never mask a whole row: every query attends somewhere
        m[..., 0] = False
    return torch.tensor(m)


def _load(torch, m, rng, dtype):
    if dtype == "float64":
        m = m.double()
    sd = {k: make(torch, tuple(v.shape), rng, dtype, 0.5) for k, v in m.state_dict().items()}
    m.load_state_dict(sd)
    m.eval()
    return m


def _mask(torch, kind, L, S, N, H, rng, dtype, nn):
    if kind is None:
        return None
    if kind == "bool2":
        return _bool(torch, (L, S), rng)
    if kind == "bool3":
        return _bool(torch, (H * (N or 1), L, S) if N else (H, L, S), rng)
    if kind == "float3":
        return make(torch, (H * N, L, S) if N else (H, L, S), rng, dtype)
    if kind == "float":
        return make(torch, (L, S), rng, dtype)
    if kind == "causal":
        return nn.Transformer.generate_square_subsequent_mask(L, dtype=getattr(torch, dtype))
    if kind == "bool_causal":
        return nn.Transformer.generate_square_subsequent_mask(L) == float("-inf")
    raise ValueError(kind)


def _kpm(torch, kind, N, S, rng, dtype):
    if kind is None:
        return None
    shape = (S,) if N is None else (N, S)
    if kind == "bool":
        return _bool(torch, shape, rng)
    return make(torch, shape, rng, dtype)


def run_mha(torch, nn, name):
    kw, spec = MHA[name]
    dtype = spec.get("dtype", "float32")
    rng = np.random.default_rng(case_seed(name))
    m = _load(torch, nn.MultiheadAttention(**kw), rng, dtype)
    E, H = kw["embed_dim"], kw["num_heads"]
    kd, vd = kw.get("kdim", E), kw.get("vdim", E)
    L, S, N = spec["L"], spec["S"], spec["N"]
    bf = kw.get("batch_first", False)

    def shape(n, e):
        if N is None:
            return (n, e)
        return (N, n, e) if bf else (n, N, e)
    q = make(torch, shape(L, E), rng, dtype).requires_grad_(True)
    leaves = [("query", q)]
    if spec.get("self"):
        k = v = q
    else:
        k = make(torch, shape(S, kd), rng, dtype).requires_grad_(True)
        v = make(torch, shape(S, vd), rng, dtype).requires_grad_(True)
        leaves += [("key", k), ("value", v)]
    attn = _mask(torch, spec.get("attn"), L, S, N, H, rng, dtype, nn)
    kpm = _kpm(torch, spec.get("kpm"), N, S, rng, dtype)
    res = {"keys": list(m.state_dict().keys()), "repr": repr(m)}
    out, w = m(q, k, v, key_padding_mask=kpm, need_weights=spec.get("need_weights", True),
               attn_mask=attn, average_attn_weights=spec.get("average", True),
               is_causal=spec.get("is_causal", False))
    outs = [("out", out)] + ([("weights", w)] if w is not None else [])
    res["weights_none"] = w is None
    res["grad_fn"] = {k_: type(t.grad_fn).__name__ for k_, t in outs}
    _backward(torch, outs, leaves, m, rng, res)
    return res


def run_layer(torch, nn, name):
    cls, kw, spec = LAYERS[name]
    kw = dict(kw)
    dtype = spec.get("dtype", "float32")
    rng = np.random.default_rng(case_seed(name))
    act = kw.get("activation")
    if act == "F.silu":
        kw["activation"] = nn.functional.silu
    elif act == "nn.GELU":
        kw["activation"] = nn.GELU()
    if cls in ("TransformerEncoder", "TransformerDecoder"):
        layers = kw.pop("num_layers")
        norm = kw.pop("norm")
        layer_cls = nn.TransformerEncoderLayer if cls == "TransformerEncoder" else \
            nn.TransformerDecoderLayer
        layer = layer_cls(**kw)
        m = getattr(nn, cls)(layer, layers, norm=nn.LayerNorm(kw["d_model"]) if norm else None)
    else:
        m = getattr(nn, cls)(**kw)
    m = _load(torch, m, rng, dtype)
    d, H = kw["d_model"], kw["nhead"]
    bf = kw.get("batch_first", False)
    N = spec["N"]

    def shape(n):
        if N is None:
            return (n, d)
        return (N, n, d) if bf else (n, N, d)
    res = {"keys": list(m.state_dict().keys()), "repr": repr(m)}
    leaves = []
    S = spec["S"]
    src = make(torch, shape(S), rng, dtype).requires_grad_(True)
    leaves.append(("src", src))
    src_mask = _mask(torch, spec.get("src_mask"), S, S, N, H, rng, dtype, nn)
    src_kpm = _kpm(torch, spec.get("src_kpm"), N, S, rng, dtype)
    if cls in ("TransformerEncoderLayer", "TransformerEncoder"):
        if cls == "TransformerEncoderLayer":
            out = m(src, src_mask=src_mask, src_key_padding_mask=src_kpm)
        else:
            out = m(src, mask=src_mask, src_key_padding_mask=src_kpm)
    else:
        T = spec["T"]
        tgt = make(torch, shape(T), rng, dtype).requires_grad_(True)
        leaves.append(("tgt", tgt))
        tgt_mask = _mask(torch, spec.get("tgt_mask"), T, T, N, H, rng, dtype, nn)
        mem_mask = _mask(torch, spec.get("mem_mask"), T, S, N, H, rng, dtype, nn)
        tgt_kpm = _kpm(torch, spec.get("tgt_kpm"), N, T, rng, dtype)
        mem_kpm = _kpm(torch, spec.get("mem_kpm"), N, S, rng, dtype)
        if cls == "Transformer":
            out = m(src, tgt, src_mask=src_mask, tgt_mask=tgt_mask, memory_mask=mem_mask,
                    src_key_padding_mask=src_kpm, tgt_key_padding_mask=tgt_kpm,
                    memory_key_padding_mask=mem_kpm)
        else:
            out = m(tgt, src, tgt_mask=tgt_mask, memory_mask=mem_mask,
                    tgt_key_padding_mask=tgt_kpm, memory_key_padding_mask=mem_kpm)
    res["grad_fn"] = type(out.grad_fn).__name__
    _backward(torch, [("out", out)], leaves, m, rng, res)
    return res


def _backward(torch, outs, leaves, m, rng, res):
    loss = None
    for k, v in outs:
        res[k] = v
        w = torch.tensor(rng.uniform(-1, 1, tuple(v.shape)).astype(
            np.float64 if v.dtype == torch.float64 else np.float32))
        term = (v * w).sum()
        loss = term if loss is None else loss + term
    loss.backward()
    for k, t in leaves:
        res["grad_" + k] = t.grad
    for k, p in m.named_parameters():
        res["grad_" + k] = p.grad


ERRORS = {
    "mha_embed_zero": "nn.MultiheadAttention(0, 2)",
    "mha_not_divisible": "nn.MultiheadAttention(10, 3)",
    "mha_query_4d": "nn.MultiheadAttention(8, 2)(torch.randn(1, 2, 3, 8), torch.randn(1, 2, 3, "
                    "8), torch.randn(1, 2, 3, 8))",
    "mha_key_2d_batched": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(3, 8), "
                          "torch.randn(3, 8))",
    "mha_unbatched_key_3d": "nn.MultiheadAttention(8, 2)(torch.randn(3, 8), torch.randn(3, 1, "
                            "8), torch.randn(3, 1, 8))",
    "mha_kpm_3d": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                  "torch.randn(4, 2, 8), key_padding_mask=torch.zeros(2, 4, 1, "
                  "dtype=torch.bool))",
    "mha_kpm_unbatched_2d": "nn.MultiheadAttention(8, 2)(torch.randn(3, 8), torch.randn(4, 8), "
                            "torch.randn(4, 8), key_padding_mask=torch.zeros(1, 4, "
                            "dtype=torch.bool))",
    "mha_attn_mask_4d": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                        "torch.randn(4, 2, 8), attn_mask=torch.zeros(1, 1, 3, 4))",
    "mha_unbatched_mask3d_shape": "nn.MultiheadAttention(8, 2)(torch.randn(3, 8), "
                                  "torch.randn(4, 8), torch.randn(4, 8), "
                                  "attn_mask=torch.zeros(4, 3, 4))",
    "mha_mask_2d_shape": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8),"
                         " torch.randn(4, 2, 8), attn_mask=torch.zeros(3, 5))",
    "mha_mask_3d_shape": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8),"
                         " torch.randn(4, 2, 8), attn_mask=torch.zeros(2, 3, 4))",
    "mha_mask_int": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                    "torch.randn(4, 2, 8), attn_mask=torch.zeros(3, 4, dtype=torch.long))",
    "mha_kpm_int": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                   "torch.randn(4, 2, 8), key_padding_mask=torch.zeros(2, 4, dtype=torch.int32))",
    "mha_kpm_batch": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                     "torch.randn(4, 2, 8), key_padding_mask=torch.zeros(3, 4, "
                     "dtype=torch.bool))",
    "mha_kpm_len": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                   "torch.randn(4, 2, 8), key_padding_mask=torch.zeros(2, 5, dtype=torch.bool))",
    "mha_embed_mismatch": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 6), torch.randn(4, 2, "
                          "6), torch.randn(4, 2, 6))",
    "mha_kv_shape": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(4, 2, 8), "
                    "torch.randn(5, 2, 8))",
    "mha_kdim_shape": "nn.MultiheadAttention(8, 2, kdim=6, vdim=5)(torch.randn(3, 2, 8), "
                      "torch.randn(4, 2, 7), torch.randn(4, 2, 5))",
    "mha_kdim_seq": "nn.MultiheadAttention(8, 2, kdim=6, vdim=5)(torch.randn(3, 2, 8), "
                    "torch.randn(4, 2, 6), torch.randn(3, 2, 5))",
    "mha_causal_no_mask": "nn.MultiheadAttention(8, 2)(torch.randn(3, 2, 8), torch.randn(3, 2, "
                          "8), torch.randn(3, 2, 8), is_causal=True)",
    "transformer_batch": "nn.Transformer(8, 2, 1, 1, 16)(torch.randn(3, 2, 8), "
                         "torch.randn(3, 4, 8))",
    "transformer_features": "nn.Transformer(8, 2, 1, 1, 16)(torch.randn(3, 2, 8), "
                            "torch.randn(3, 2, 6))",
    "layer_activation": "nn.TransformerEncoderLayer(8, 2, 16, activation='tanh')",
}

REPRS = [
    "nn.MultiheadAttention(8, 2, kdim=6, vdim=5, add_bias_kv=True)",
    "nn.MultiheadAttention(8, 2, bias=False)",
    "nn.TransformerEncoderLayer(8, 2, 16)",
    "nn.TransformerDecoderLayer(8, 2, 16, activation='gelu', norm_first=True, bias=False)",
    "nn.TransformerEncoderLayer(8, 2, 16, activation=nn.GELU())",
    "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2)",
    "nn.TransformerDecoder(nn.TransformerDecoderLayer(8, 2, 16), 2, norm=nn.LayerNorm(8))",
    "nn.Transformer(8, 2, 1, 2, 16, batch_first=True)",
]
