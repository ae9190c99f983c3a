"""MultiheadAttention and the Transformer layers: outputs, attention weights and gradients
(w.r.t. inputs and every parameter) match real PyTorch with identical weights loaded through
load_state_dict, for every mask kind (bool/float attn_mask 2-D and 3-D, key_padding_mask,
is_causal), kdim/vdim, bias_k/v, zero attention, unbatched input, norm_first, activations and
stacks (tests/reference/nn_transformer.json from gen_nn_transformer.py); PyTorch's errors,
reprs, warnings and the NestedTensor fast path's zero padding; a NumPy reference."""
import math
import pathlib
import re
import sys
import types
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn
import jtorch.nn.functional as F
from jtorch.nn.modules import attention as attention_mod, transformer as transformer_mod
from jtorch.nn.functional import mha as mha_mod
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_transformer_cases as cases  # noqa: E402

REF = load_reference("nn_transformer")


class _NN(types.ModuleType):
    """`nn` for the shared cases: jtorch.nn plus this family's modules (wired or not)."""

    def __getattr__(self, name):
        if name in attention_mod.__all__:
            return getattr(attention_mod, name)
        if name in transformer_mod.__all__:
            return getattr(transformer_mod, name)
        if name == "functional":
            return F
        return getattr(jtorch.nn, name)


nn = _NN("nn")


def _close(got, ref, what):
    if isinstance(ref, dict) and "dtype" in ref:
        tol = 1e-9 if ref["dtype"] == "torch.float64" else 5e-5
        try:
            assert_matches(got, ref, rtol=tol, atol=tol)
        except AssertionError as e:
            raise AssertionError(f"{what}: {e}") from None
    elif isinstance(ref, dict):
        assert set(got) == set(ref), what
        for k in ref:
            _close(got[k], ref[k], f"{what}.{k}")
    else:
        assert got == ref, (what, got, ref)


def _check(got, ref):
    assert set(got) == set(ref), sorted(set(got) ^ set(ref))
    for k, r in ref.items():
        _close(got[k], r, k)


# ---- parity with PyTorch --------------------------------------------------------------------
MODES = ["mha_self_plain"]


@pytest.mark.parametrize("name", [n for n in cases.MHA if n not in MODES])
def test_mha_parity(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # (bool key_padding_mask with a float attn_mask)
        _check(cases.run_mha(torch, nn, name), REF["parity"][name])


@pytest.mark.parametrize("name", [n for n in cases.LAYERS if n not in MODES])
def test_layer_parity(name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _check(cases.run_layer(torch, nn, name), REF["parity"][name])


@pytest.mark.parametrize("name", MODES)
def test_parity_modes(mode, name):
    run = cases.run_mha if name in cases.MHA else cases.run_layer
    _check(run(torch, nn, name), REF["parity"][name])


@pytest.mark.parametrize("name", list(cases.ERRORS))
def test_errors(name):
    ref = REF["errors"][name]
    exc = {"RuntimeError": RuntimeError, "ValueError": ValueError,
           "AssertionError": AssertionError}[ref["type"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match="^" + re.escape(ref["message"]) + "$"):
            eval(cases.ERRORS[name], {"torch": torch, "nn": nn})


def test_reprs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for expr, want in REF["reprs"].items():
            assert repr(eval(expr, {"nn": nn})) == want


def test_encoder_fast_path_zero_padding():
    """Eval without autograd: PyTorch's NestedTensor path returns zeros (before the final
    norm) where a left-aligned src_key_padding_mask pads; otherwise the masked result."""
    ref = REF["fast_path"]
    rng = np.random.default_rng(7)
    layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    enc = cases._load(torch, enc, rng, "float32")
    x = cases.make(torch, (2, 4, 8), rng, "float32")
    aligned = torch.tensor([[False, False, True, True], [False, False, False, True]])
    with torch.no_grad():
        _close(enc(x, src_key_padding_mask=aligned), ref["aligned"], "aligned")
        _close(enc(x, src_key_padding_mask=torch.tensor(
            [[True, False, False, True], [False, False, False, True]])), ref["not_aligned"],
            "not_aligned")
    _close(enc(x, src_key_padding_mask=aligned), ref["with_grad"], "with_grad")


# ---- behaviour --------------------------------------------------------------------------------
def test_mha_parameters_and_init():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(64, 4, kdim=32, vdim=16, add_bias_kv=True)
    assert [n for n, _ in m.named_parameters()] == [
        "q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v",
        "out_proj.weight", "out_proj.bias"]
    assert m.in_proj_weight is None and not m._qkv_same_embed_dim and m.head_dim == 16
    assert type(m.out_proj).__name__ == "NonDynamicallyQuantizableLinear"
    assert isinstance(m.out_proj, jtorch.nn.Linear)
    # xavier_uniform_ on the projections, zero biases, xavier_normal_ on bias_k/v
    bound = math.sqrt(6 / (64 + 32))
    k = m.k_proj_weight.detach().numpy()
    assert k.min() >= -bound and k.max() <= bound and k.max() > 0.9 * bound
    assert np.all(m.in_proj_bias.detach().numpy() == 0)
    assert np.all(m.out_proj.bias.detach().numpy() == 0)
    n = nn.MultiheadAttention(8, 2, bias=False)
    assert n.in_proj_bias is None and n.out_proj.bias is None and n.bias_k is None
    assert tuple(n.in_proj_weight.shape) == (24, 8)


def test_need_weights_false_and_causal_hint():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(8, 2)
    x = torch.randn(5, 2, 8)
    mask = nn.Transformer.generate_square_subsequent_mask(5)
    out, w = m(x, x, x, attn_mask=mask, need_weights=False)
    assert w is None
    out_c, _ = m(x, x, x, attn_mask=mask, need_weights=False, is_causal=True)
    out_w, w2 = m(x, x, x, attn_mask=mask)
    np.testing.assert_allclose(out.detach().numpy(), out_c.detach().numpy(), atol=1e-6)
    np.testing.assert_allclose(out.detach().numpy(), out_w.detach().numpy(), atol=1e-6)
    wn = w2.detach().numpy()
    assert np.allclose(np.triu(wn, 1), 0) and np.allclose(wn.sum(-1), 1, atol=1e-6)
    # a bool mask (True = blocked) is the same as the -inf float mask
    out_b, _ = m(x, x, x, attn_mask=mask == float("-inf"))
    np.testing.assert_allclose(out_b.detach().numpy(), out_w.detach().numpy(), atol=1e-6)


def test_mismatched_mask_types_warn():
    m = nn.MultiheadAttention(4, 2)
    x = torch.randn(3, 1, 4)
    with pytest.warns(UserWarning, match="Support for mismatched key_padding_mask and "
                                         "attn_mask is deprecated"):
        m(x, x, x, key_padding_mask=torch.zeros(1, 3, dtype=torch.bool),
          attn_mask=torch.zeros(3, 3))


def test_mha_dropout_in_training():
    torch.manual_seed(0)
    m = nn.MultiheadAttention(8, 2, dropout=0.5)
    x = torch.randn(4, 2, 8)
    m.eval()
    _, w_eval = m(x, x, x)
    m.train()
    torch.manual_seed(5)
    _, w1 = m(x, x, x, average_attn_weights=False)
    torch.manual_seed(5)
    _, w2 = m(x, x, x, average_attn_weights=False)
    a = w1.detach().numpy()
    np.testing.assert_array_equal(a, w2.detach().numpy())
    # kept weights are scaled by 1/(1-p); about half are dropped
    assert 0.2 < np.mean(a == 0) < 0.8
    kept = a[a != 0]
    assert np.all(kept <= 2.0 + 1e-6)


def test_encoder_layers_are_deep_copies_and_nested_warning():
    layer = nn.TransformerEncoderLayer(8, 2, 16)
    with pytest.warns(UserWarning, match=re.escape(
            "enable_nested_tensor is True, but self.use_nested_tensor is False because "
            "encoder_layer.self_attn.batch_first was not True(use batch_first for better "
            "inference performance)")):
        enc = nn.TransformerEncoder(layer, 3)
    assert len(enc.layers) == 3 and enc.layers[0] is not layer
    assert enc.layers[0].linear1.weight is not enc.layers[1].linear1.weight
    np.testing.assert_array_equal(enc.layers[2].linear1.weight.detach().numpy(),
                                  layer.linear1.weight.detach().numpy())
    with torch.no_grad():
        enc.layers[0].linear1.weight.zero_()
    assert not np.all(enc.layers[1].linear1.weight.detach().numpy() == 0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        e2 = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 1)
    assert e2.use_nested_tensor
    assert not nn.TransformerEncoder(layer, 1, enable_nested_tensor=False).use_nested_tensor
    assert layer.activation_relu_or_gelu == 1
    assert nn.TransformerEncoderLayer(8, 2, activation="gelu").activation_relu_or_gelu == 2
    assert nn.TransformerEncoderLayer(8, 2, activation=F.silu).activation_relu_or_gelu == 0


def test_generate_square_subsequent_mask():
    m = nn.Transformer.generate_square_subsequent_mask(4)
    assert m.dtype == torch.float32 and m.shape == (4, 4)
    want = np.triu(np.full((4, 4), -np.inf), 1)
    np.testing.assert_array_equal(m.numpy(), want)
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=torch.float64).dtype == \
        torch.float64


def test_transformer_defaults_and_init():
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = nn.Transformer(d_model=16, nhead=4, num_encoder_layers=2, num_decoder_layers=1,
                           dim_feedforward=32, dropout=0.0, batch_first=True)
    assert t.d_model == 16 and t.nhead == 4 and t.batch_first
    assert len(t.encoder.layers) == 2 and len(t.decoder.layers) == 1
    w = t.encoder.layers[0].linear1.weight.detach().numpy()
    bound = math.sqrt(6 / (16 + 32))  # xavier_uniform_ on every matrix
    assert w.min() >= -bound and w.max() <= bound and w.max() > 0.9 * bound
    assert t.encoder.norm is not None and t.decoder.norm.eps == 1e-5


# ---- NumPy reference ------------------------------------------------------------------------
def _np_mha(q, k, v, p, H, mask):
    E = q.shape[-1]
    w_in, b_in = p["in_proj_weight"], p["in_proj_bias"]
    Q = q @ w_in[:E].T + b_in[:E]
    K = k @ w_in[E:2 * E].T + b_in[E:2 * E]
    V = v @ w_in[2 * E:].T + b_in[2 * E:]
    L, N, _ = Q.shape
    S = K.shape[0]
    hd = E // H
    Qh = Q.reshape(L, N, H, hd).transpose(1, 2, 0, 3)
    Kh = K.reshape(S, N, H, hd).transpose(1, 2, 0, 3)
    Vh = V.reshape(S, N, H, hd).transpose(1, 2, 0, 3)
    s = Qh @ Kh.transpose(0, 1, 3, 2) / math.sqrt(hd) + mask
    s = np.exp(s - s.max(-1, keepdims=True))
    a = s / s.sum(-1, keepdims=True)
    o = (a @ Vh).transpose(2, 0, 1, 3).reshape(L, N, E)
    return o @ p["out_proj.weight"].T + p["out_proj.bias"], a.mean(1)


@settings(max_examples=6, deadline=None)
@given(H=st.sampled_from([1, 2, 4]), hd=st.integers(1, 3), L=st.integers(1, 4),
       S=st.integers(1, 4), N=st.integers(1, 3), masked=st.booleans())
def test_mha_against_numpy(H, hd, L, S, N, masked):
    E = H * hd
    rng = np.random.default_rng(L * 100 + S * 10 + N)
    p = {"in_proj_weight": rng.normal(size=(3 * E, E)), "in_proj_bias": rng.normal(size=3 * E),
         "out_proj.weight": rng.normal(size=(E, E)), "out_proj.bias": rng.normal(size=E)}
    q, k = rng.normal(size=(L, N, E)), rng.normal(size=(S, N, E))
    mask = np.where(rng.uniform(size=(L, S)) < 0.3, -np.inf, 0.0) if masked else np.zeros((L, S))
    mask[:, 0] = 0
    t = {n: torch.tensor(v) for n, v in p.items()}
    out, w = mha_mod.multi_head_attention_forward(
        torch.tensor(q), torch.tensor(k), torch.tensor(k), E, H, t["in_proj_weight"],
        t["in_proj_bias"], None, None, False, 0.0, t["out_proj.weight"], t["out_proj.bias"],
        training=False, attn_mask=torch.tensor(mask) if masked else None)
    want_o, want_w = _np_mha(q, k, k, p, H, mask)
    np.testing.assert_allclose(out.numpy(), want_o, rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(w.numpy(), want_w, rtol=1e-9, atol=1e-10)
