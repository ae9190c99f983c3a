"""scaled_dot_product_attention and multi_head_attention_forward: parity with PyTorch's math
backend (outputs, gradients of every input, grad_fn names), their exception texts, dropout
statistics from jtorch's RNG, and a property test against a NumPy reference. References:
tests/reference/gen_nn_attention.py."""
import pathlib
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn.functional as F
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_attention_cases as cases  # noqa: E402

REF = load_reference("nn_attention")
PARITY = {name: (k, expr, specs, grads) for k, (name, expr, specs, grads) in
          enumerate(cases.CASES)}


def _env(specs, seed, grads):
    env = {"torch": torch, "F": F}
    leaves = {}
    for n, v in cases.make_inputs(specs, seed).items():
        t = torch.tensor(v)
        if n in cases.grads_of(grads, specs):
            t.requires_grad_(True)
            leaves[n] = t
        env[n] = t
    return env, leaves


@pytest.mark.parametrize("name", sorted(PARITY))
def test_parity(mode, no_fusion, name):
    """Outputs (the attention, and multi_head_attention_forward's weights), grad_fn names and
    the gradients of every input (q, k, v, masks, projection weights and biases)."""
    k, expr, specs, grads = PARITY[name]
    ref = REF["parity"][name]
    env, leaves = _env(specs, k, grads)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # mismatched mask types warn, as in PyTorch
        res = cases.outputs(eval(expr, env))
    assert len(res) == len(ref["outs"])
    tol = {torch.float64: 1e-10, torch.float16: 2e-3}.get(res[0].dtype, 2e-5)
    for r, want in zip(res, ref["outs"]):
        assert_matches(r.detach(), want, rtol=tol, atol=tol)
    # (the attention output's grad_fn; a second output of one kernel shares its name)
    got_fn = type(res[0].grad_fn).__name__ if res[0].grad_fn is not None else None
    assert got_fn == ref["grad_fn"][0]
    if leaves:
        ws = [torch.tensor(cases.out_weight(tuple(r.shape), 100 + 7 * k + j), dtype=r.dtype)
              for j, r in enumerate(res)]
        # (one scalar: autograd.grad over both outputs of one multi-output kernel trips a core
        # bug, reported; the gradient is the same)
        total = sum((r * w).sum() for r, w in zip(res, ws))
        gs = torch.autograd.grad(total, list(leaves.values()), allow_unused=True)
        for (n, _), g in zip(leaves.items(), gs):
            if ref["grads"][n] is None:
                assert g is None or not np.any(g.numpy()), n
            else:
                assert_matches(g, ref["grads"][n], rtol=tol, atol=tol)


ALL_ERRORS = cases.ERRORS + cases.MHA_ERRORS


@pytest.mark.parametrize("name", [n for n, _, _ in ALL_ERRORS])
def test_error(name):
    k, (_, expr, specs) = next((i, c) for i, c in enumerate(ALL_ERRORS) if c[0] == name)
    ref = REF["errors"][name]
    env, _ = _env(specs, 500 + k, "")
    exc = {"RuntimeError": RuntimeError, "AssertionError": AssertionError}[ref["type"]]
    with pytest.raises(exc) as info:
        eval(expr, env)
    assert type(info.value) is exc
    assert str(info.value) == ref["message"]


def test_mha_mismatched_mask_types_warn():
    q = torch.randn(3, 1, 8)
    w, ow = torch.randn(24, 8), torch.randn(8, 8)
    with pytest.warns(UserWarning, match="Support for mismatched key_padding_mask and attn_mask "
                                         "is deprecated. Use same type for both instead."):
        F.multi_head_attention_forward(q, q, q, 8, 2, w, None, None, None, False, 0.0, ow, None,
                                       key_padding_mask=torch.zeros(1, 3, dtype=torch.bool),
                                       attn_mask=torch.zeros(3, 3))


def test_mha_dropout_only_in_training():
    torch.manual_seed(0)
    q = torch.randn(6, 2, 8)
    w, ow = torch.randn(24, 8), torch.randn(8, 8)
    args = (q, q, q, 8, 2, w, None, None, None, False, 0.5, ow, None)
    eval_out, eval_w = F.multi_head_attention_forward(*args, training=False)
    plain_out, plain_w = F.multi_head_attention_forward(*args[:10], 0.0, *args[11:])
    np.testing.assert_array_equal(eval_out.numpy(), plain_out.numpy())
    _, train_w = F.multi_head_attention_forward(*args, average_attn_weights=False)
    _, per_head = F.multi_head_attention_forward(*args[:10], 0.0, *args[11:],
                                                 average_attn_weights=False)
    tw, pw = train_w.numpy(), per_head.numpy()
    zero = tw == 0
    assert 0.3 < zero.mean() < 0.7
    np.testing.assert_allclose(tw[~zero], pw[~zero] * 2, rtol=1e-5)


def _identity_values(p, seed=0):
    """With v = I the output is the (dropped-out) attention matrix itself."""
    torch.manual_seed(seed)
    q = torch.randn(4, 2, 64, 8)
    k = torch.randn(4, 2, 64, 8)
    v = torch.eye(64).expand(4, 2, 64, 64)
    dropped = F.scaled_dot_product_attention(q, k, v, dropout_p=p)
    plain = F.scaled_dot_product_attention(q, k, v)
    return dropped.numpy(), plain.numpy()


def test_dropout_zeroes_and_rescales():
    p = 0.3
    dropped, plain = _identity_values(p)
    zero = dropped == 0
    assert abs(zero.mean() - p) < 0.02  # 32768 draws: 5 sigma is about 0.013
    np.testing.assert_allclose(dropped[~zero], plain[~zero] / (1 - p), rtol=1e-5)


def test_dropout_follows_manual_seed_and_advances():
    a, _ = _identity_values(0.5, seed=3)
    b, _ = _identity_values(0.5, seed=3)
    np.testing.assert_array_equal(a, b)
    torch.manual_seed(3)
    q = torch.randn(1, 1, 8, 4)
    x = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    y = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    assert not np.array_equal(x.numpy(), y.numpy())  # each call draws a new mask


def test_dropout_one_gives_zeros_and_negative_p_none():
    q = torch.randn(2, 3, 4)
    assert np.all(F.scaled_dot_product_attention(q, q, q, dropout_p=1.0).numpy() == 0)
    np.testing.assert_array_equal(F.scaled_dot_product_attention(q, q, q, dropout_p=-0.5).numpy(),
                                  F.scaled_dot_product_attention(q, q, q).numpy())


def test_dropout_gradient_uses_the_same_mask():
    torch.manual_seed(0)
    q = torch.randn(2, 16, 4, requires_grad=True)
    v = torch.eye(16).expand(2, 16, 16).clone().requires_grad_(True)
    out = F.scaled_dot_product_attention(q, q.detach(), v, dropout_p=0.5)
    (g,) = torch.autograd.grad(out.sum(), v)
    # d(sum(w @ v))/dv = column sums of the dropped weights = sums of the output's columns
    np.testing.assert_allclose(g.numpy()[..., 0], out.detach().numpy().sum(-2), rtol=1e-5)


def _np_attention(q, k, v, mask, causal, scale):
    s = q @ np.swapaxes(k, -1, -2) * scale
    L, S = s.shape[-2:]
    if causal:
        s = np.where(np.tril(np.ones((L, S), bool)), s, -np.inf)
    if mask is not None:
        s = np.where(mask, s, -np.inf)
    m = s.max(-1, keepdims=True)
    dead = np.isinf(m)
    e = np.exp(s - np.where(dead, 0, m))
    w = np.where(dead, 0, e / np.where(dead, 1, e.sum(-1, keepdims=True)))
    return w @ v


@settings(max_examples=15, deadline=None)
@given(b=st.integers(1, 3), L=st.integers(1, 5), S=st.integers(1, 5), E=st.integers(1, 4),
       causal=st.booleans(), masked=st.booleans(), seed=st.integers(0, 2 ** 16),
       scale=st.sampled_from([None, 0.5, 2.0]))
def test_matches_numpy(b, L, S, E, causal, masked, seed, scale):
    rng = np.random.default_rng(seed)
    q, k, v = rng.normal(size=(b, L, E)), rng.normal(size=(b, S, E)), rng.normal(size=(b, S, 3))
    mask = rng.uniform(size=(L, S)) < 0.6 if masked and not causal else None
    got = F.scaled_dot_product_attention(torch.tensor(q), torch.tensor(k), torch.tensor(v),
                                         attn_mask=None if mask is None else torch.tensor(mask),
                                         is_causal=causal, scale=scale)
    want = _np_attention(q, k, v, mask, causal, 1 / np.sqrt(E) if scale is None else scale)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-12)
