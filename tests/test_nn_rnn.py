"""RNN/LSTM/GRU, their cells and nn.utils.rnn: outputs, final states and gradients (w.r.t. the
input, the initial states and every parameter) match real PyTorch with identical weights loaded
through load_state_dict (tests/reference/nn_rnn.json from gen_nn_rnn.py); PyTorch's errors,
reprs and grad_fn names; packed sequences; dropout between layers; default initialisation; the
seeds' LSTM example; a NumPy reference for random shapes (hypothesis)."""
import contextlib
import io
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
import jtorch.nn.utils.rnn as rnn_utils
from jtorch.nn.modules import rnn as rnn_mod
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_rnn_cases as cases  # noqa: E402

REF = load_reference("nn_rnn")


class _NN(types.ModuleType):
    """`nn` for the shared cases: jtorch.nn plus the recurrent layers (whether or not the
    package has wired them in yet)."""

    def __getattr__(self, name):
        if name in rnn_mod.__all__:
            return getattr(rnn_mod, name)
        return getattr(jtorch.nn, name)


nn = _NN("nn")
nn.utils = types.SimpleNamespace(rnn=rnn_utils)


def _close(got, ref, what):
    if isinstance(ref, dict) and "dtype" in ref:
        tol = 1e-9 if ref["dtype"] == "torch.float64" else 3e-5
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
    assert set(got) == set(ref), (sorted(set(got) ^ set(ref)))
    for k, r in ref.items():
        _close(got[k], r, k)


# ---- parity with PyTorch --------------------------------------------------------------------
NUMERIC = ["packed_gru_unsorted_bidir_h0"]


@pytest.mark.parametrize("name", [n for n in cases.CASES if n not in NUMERIC])
def test_rnn_parity(name):
    torch.manual_seed(0)
    _check(cases.run(torch, nn, name), REF["parity"][name])


@pytest.mark.parametrize("name", NUMERIC)
def test_rnn_parity_modes(mode, name):
    torch.manual_seed(0)
    _check(cases.run(torch, nn, name), REF["parity"][name])


@pytest.mark.parametrize("name", list(cases.PACKING))
def test_packing_parity(name):
    got = cases.run_packing(torch, nn, name)
    ref = dict(REF["packing"][name])
    # pad_packed_sequence's grad_fn depends on PyTorch's internal decomposition
    if "repadded" in ref:
        del ref["grad_fn"], got["grad_fn"]
    _check(got, ref)


@pytest.mark.parametrize("name", list(cases.ERRORS))
def test_errors(name):
    ref = REF["errors"][name]
    exc = {"RuntimeError": RuntimeError, "ValueError": ValueError, "TypeError": TypeError,
           "IndexError": IndexError}[ref["type"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc, match="^" + re.escape(ref["message"]) + "$"):
            eval(cases.ERRORS[name], {"torch": torch, "nn": nn})


def test_reprs():
    for expr, want in REF["reprs"].items():
        assert repr(eval(expr, {"nn": nn})) == want


# ---- behaviour --------------------------------------------------------------------------------
def test_parameter_names_shapes_and_default_init():
    torch.manual_seed(3)
    m = nn.LSTM(6, 64, num_layers=2, bidirectional=True, proj_size=8)
    names = [n for n, _ in m.named_parameters()]
    assert names[:5] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
                         "weight_hr_l0"]
    assert names[5] == "weight_ih_l0_reverse" and names[-1] == "weight_hr_l1_reverse"
    assert tuple(m.weight_ih_l1.shape) == (256, 16) and tuple(m.weight_hr_l0.shape) == (8, 64)
    assert m._flat_weights_names == names
    assert [[p.shape for p in ws] for ws in m.all_weights][0][1] == (256, 8)
    bound = 1 / math.sqrt(64)
    v = np.concatenate([p.detach().numpy().ravel() for p in m.parameters()])
    assert v.min() >= -bound and v.max() <= bound
    assert v.min() < -0.95 * bound and v.max() > 0.95 * bound
    assert abs(v.mean()) < 6 * bound / math.sqrt(3 * v.size)
    assert abs(v.var() - bound ** 2 / 3) < 0.05 * bound ** 2 / 3
    c = nn.GRUCell(3, 16)
    assert [n for n, _ in c.named_parameters()] == ["weight_ih", "weight_hh", "bias_ih",
                                                     "bias_hh"]
    assert c.weight_ih.shape == (48, 3)
    nb = nn.RNNCell(3, 4, bias=False)
    assert nb.bias_ih is None and len(list(nb.parameters())) == 2
    m.flatten_parameters()  # a no-op, as on CPU


def test_state_dict_round_trip_between_instances():
    a = nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    b = nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    b.load_state_dict(a.state_dict())
    for (n, p), (n2, q) in zip(a.named_parameters(), b.named_parameters()):
        assert n == n2 and p is not q
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())


def test_dropout_between_layers_train_only():
    torch.manual_seed(0)
    m = nn.LSTM(4, 16, num_layers=2, dropout=0.5)
    x = torch.randn(6, 3, 4, requires_grad=True)
    m.eval()
    e1, e2 = m(x)[0].detach().numpy(), m(x)[0].detach().numpy()
    np.testing.assert_array_equal(e1, e2)
    m.train()
    torch.manual_seed(1)
    t1 = m(x)[0].detach().numpy()
    t2 = m(x)[0].detach().numpy()
    torch.manual_seed(1)
    y, _ = m(x)
    assert not np.allclose(t1, e1) and not np.allclose(t1, t2)
    np.testing.assert_array_equal(t1, y.detach().numpy())  # follows jtorch's generator
    # gradients flow through the dropped layers
    y.sum().backward()
    assert np.isfinite(m.weight_ih_l0.grad.numpy()).all() and x.grad is not None
    # p is a kernel input: dropout 1.0 zeroes the second layer's input, so its output depends
    # on the biases only (the same for every batch element)
    m.dropout = 1.0
    o = m(x)[0].detach().numpy()
    np.testing.assert_allclose(o[:, 0], o[:, 1], rtol=1e-6, atol=1e-6)


def test_dropout_warning_with_one_layer():
    with pytest.warns(UserWarning, match=re.escape(
            "dropout option adds dropout after all but last recurrent layer, so non-zero "
            "dropout expects num_layers greater than 1, but got dropout=0.2 and num_layers=1")):
        nn.LSTM(3, 4, dropout=0.2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.LSTM(3, 4, dropout=0.2, num_layers=2)


def test_padding_does_not_affect_final_state():
    torch.manual_seed(0)
    m = nn.LSTM(3, 5, bidirectional=True)
    seqs = [torch.randn(n, 3) for n in (2, 4, 2)]
    packed = rnn_utils.pack_sequence(seqs, enforce_sorted=False)
    out, (h, c) = m(packed)
    padded, lens = rnn_utils.pad_packed_sequence(out)
    assert lens.tolist() == [2, 4, 2]
    for b, s in [(1, seqs[1])]:
        o1, (h1, c1) = m(s)  # the same sequence alone (unbatched)
        np.testing.assert_allclose(h[:, b].detach().numpy(), h1.detach().numpy(), atol=1e-6)
        np.testing.assert_allclose(c[:, b].detach().numpy(), c1.detach().numpy(), atol=1e-6)
        n = s.shape[0]
        np.testing.assert_allclose(padded[:n, b].detach().numpy(), o1.detach().numpy(),
                                   atol=1e-6)
        assert np.all(padded[n:, b].detach().numpy() == 0)
    # whatever sits in the padding of a padded batch is ignored
    x = rnn_utils.pad_sequence(seqs, padding_value=1e3)
    out2, (h2, _) = m(rnn_utils.pack_padded_sequence(x, [2, 4, 2], enforce_sorted=False))
    np.testing.assert_allclose(h2.detach().numpy(), h.detach().numpy(), atol=1e-6)


def test_layer_matches_its_cell_loop():
    torch.manual_seed(0)
    lstm = nn.LSTM(3, 6)
    cell = nn.LSTMCell(3, 6)
    cell.load_state_dict({k[:-3]: v for k, v in lstm.state_dict().items()})
    x = torch.randn(7, 2, 3)
    h = c = torch.zeros(2, 6)
    outs = []
    for t in range(7):
        h, c = cell(x[t], (h, c))
        outs.append(h)
    y, (hn, cn) = lstm(x)
    np.testing.assert_allclose(y.detach().numpy(), torch.stack(outs).detach().numpy(),
                               atol=1e-6)
    np.testing.assert_allclose(cn[0].detach().numpy(), c.detach().numpy(), atol=1e-6)


def test_one_kernel_per_call_and_long_sequences():
    torch.manual_seed(0)
    m = nn.GRU(4, 8, num_layers=2, bidirectional=True)
    x = torch.randn(400, 2, 4, requires_grad=True)
    y, h = m(x)
    # output and h_n are projections of one recorded node holding the whole computation: the
    # gru kernel, or the module's captured node around it (jtorch.compiler)
    src = {y._nd.inputs[0], h._nd.inputs[0]}
    assert len(src) == 1 and next(iter(src)).kernel.name in ("gru", "GRU")
    y.sum().backward()
    assert x.grad.shape == (400, 2, 4)
    assert np.isfinite(x.grad.numpy()).all()


def test_packed_sequence_api():
    seqs = [torch.tensor([1, 2, 3]), torch.tensor([4, 5]), torch.tensor([6])]
    p = rnn_utils.pack_sequence(seqs)
    assert isinstance(p, tuple) and p._fields == ("data", "batch_sizes", "sorted_indices",
                                                  "unsorted_indices")
    assert repr(p) == ("PackedSequence(data=tensor([1, 4, 6, 2, 5, 3]), batch_sizes=tensor([3, "
                       "2, 1]), sorted_indices=None, unsorted_indices=None)")
    assert p.to(torch.float64).data.dtype == torch.float64 and p.to(torch.int64) is p
    assert p.double().data.dtype == torch.float64 and not p.is_cuda
    assert [s.tolist() for s in rnn_utils.unpack_sequence(p)] == [[1, 2, 3], [4, 5], [6]]
    q = rnn_utils.pack_sequence([torch.tensor([4, 5]), torch.tensor([1, 2, 3])],
                                enforce_sorted=False)
    assert q.sorted_indices.tolist() == [1, 0] and q.unsorted_indices.tolist() == [1, 0]
    assert rnn_utils.invert_permutation(torch.tensor([2, 0, 1])).tolist() == [1, 2, 0]
    assert rnn_utils.invert_permutation(None) is None
    d, bs = p.data, p.batch_sizes
    assert rnn_utils.PackedSequence(d, bs).unsorted_indices is None
    assert rnn_utils.PackedSequence((d, bs)).batch_sizes is bs
    padded = rnn_utils.pad_sequence(seqs)
    parts = rnn_utils.unpad_sequence(padded, torch.tensor([3, 2, 1]))
    assert [s.tolist() for s in parts] == [[1, 2, 3], [4, 5], [6]]


def test_seed_lstm_example():
    """The seeds' LSTM section (a quant researcher's sequence model) prints PyTorch's shapes."""
    lstm = nn.LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True, dropout=0.2)
    x = torch.randn(5, 8, 10)
    output, (h_n, c_n) = lstm(x)
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        print(f"output: {output.shape}")
        print(f"h_n: {h_n.shape}")
        print(f"c_n: {c_n.shape}")
        print(lstm)
    assert buf.getvalue() == ("output: torch.Size([5, 8, 20])\nh_n: torch.Size([2, 5, 20])\n"
                              "c_n: torch.Size([2, 5, 20])\n"
                              "LSTM(10, 20, num_layers=2, batch_first=True, dropout=0.2)\n")
    assert output.grad_fn.name() == "TransposeBackward0"


def test_packed_lstm_state_shape_error():
    p = rnn_utils.pack_sequence([torch.randn(3, 2), torch.randn(2, 2)])
    with pytest.raises(RuntimeError, match=re.escape("Expected hidden[1] size (1, 2, 3), got "
                                                     "[1, 3, 3]")):
        nn.LSTM(2, 3)(p, (torch.zeros(1, 2, 3), torch.zeros(1, 3, 3)))


def test_pad_sequence_broadcasts_like_copy():
    out = rnn_utils.pad_sequence([torch.randn(2, 4), torch.ones(3, 1)], batch_first=True)
    assert out.shape == (2, 3, 4) and out.dtype == torch.float32
    assert np.all(out[1].numpy() == 1)


def test_dtype_and_module_conversion():
    m = nn.GRU(3, 4).double()
    assert all(p.dtype == torch.float64 for p in m.parameters())
    assert m._flat_weights[0] is m.weight_ih_l0  # the converted Parameters are used
    m = nn.LSTM(3, 4, dtype=torch.float64)
    assert m.weight_hh_l0.dtype == torch.float64
    z = nn.RNN(3, 4)(torch.randn(2, 0, 3))  # empty batch
    assert z[0].shape == (2, 0, 4) and z[1].shape == (1, 0, 4)


# ---- NumPy reference for random shapes ------------------------------------------------------
def _sig(x):
    return 1 / (1 + np.exp(-x))


def _np_layer(mode, x, h, c, w_ih, w_hh, b_ih, b_hh, reverse):
    T = x.shape[0]
    ys = [None] * T
    for t in (range(T - 1, -1, -1) if reverse else range(T)):
        gx = x[t] @ w_ih.T + b_ih
        gh = h @ w_hh.T + b_hh
        if mode == "LSTM":
            i, f, g, o = np.split(gx + gh, 4, axis=-1)
            c = _sig(f) * c + _sig(i) * np.tanh(g)
            h = _sig(o) * np.tanh(c)
        elif mode == "GRU":
            xr, xz, xn = np.split(gx, 3, axis=-1)
            hr, hz, hn = np.split(gh, 3, axis=-1)
            r, z = _sig(xr + hr), _sig(xz + hz)
            n = np.tanh(xn + r * hn)
            h = (1 - z) * n + z * h
        else:
            h = np.tanh(gx + gh)
        ys[t] = h
    return np.stack(ys), h, c


@settings(max_examples=6, deadline=None)
@given(mode=st.sampled_from(["LSTM", "GRU", "RNN"]), I=st.integers(1, 4),
       H=st.integers(1, 5), L=st.integers(1, 2), bidir=st.booleans(), T=st.integers(1, 5),
       B=st.integers(1, 3), bf=st.booleans())
def test_against_numpy(mode, I, H, L, bidir, T, B, bf):
    m = getattr(nn, mode)(I, H, num_layers=L, bidirectional=bidir, batch_first=bf,
                          dtype=torch.float64)
    rng = np.random.default_rng(I * 100 + H * 10 + T)
    x = rng.normal(size=(B, T, I) if bf else (T, B, I))
    out, hn = m(torch.tensor(x))
    p = {k: v.detach().numpy() for k, v in m.named_parameters()}
    inp = np.swapaxes(x, 0, 1) if bf else x
    D = 2 if bidir else 1
    hs, cs = [], []
    for layer in range(L):
        outs = []
        for d in range(D):
            s = f"_l{layer}" + ("_reverse" if d else "")
            h0 = np.zeros((B, H))
            y, h, c = _np_layer(mode, inp, h0, h0, p["weight_ih" + s], p["weight_hh" + s],
                                p["bias_ih" + s], p["bias_hh" + s], d == 1)
            outs.append(y)
            hs.append(h)
            cs.append(c)
        inp = np.concatenate(outs, axis=-1)
    want = np.swapaxes(inp, 0, 1) if bf else inp
    np.testing.assert_allclose(out.detach().numpy(), want, rtol=1e-10, atol=1e-12)
    h_got = hn[0] if mode == "LSTM" else hn
    np.testing.assert_allclose(h_got.detach().numpy(), np.stack(hs), rtol=1e-10, atol=1e-12)
    if mode == "LSTM":
        np.testing.assert_allclose(hn[1].detach().numpy(), np.stack(cs), rtol=1e-10,
                                   atol=1e-12)
