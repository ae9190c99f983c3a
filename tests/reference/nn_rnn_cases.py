"""Cases of the recurrent-layer parity tests, shared by gen_nn_rnn.py (real torch) and
tests/test_nn_rnn.py (jtorch): `run(torch, nn, rnn_utils, name)` builds the layer with the
case's constructor arguments, loads deterministic weights through load_state_dict, runs it on
deterministic inputs and backpropagates a fixed random weighting of every output. It uses only
the public PyTorch API, so the same code runs on both libraries. No torch import here."""
import numpy as np

# name: (class, args, kwargs, input spec)
#   input spec: T (time), B (batch; None = unbatched), h0 (give initial state), packed
#   (lengths, enforce_sorted) or None, dtype, train (module mode)
CASES = {
    "lstm_1layer": ("LSTM", (3, 4), {}, dict(T=5, B=2)),
    "lstm_bidir_2layer_bf_h0": ("LSTM", (2, 3), dict(num_layers=2, bidirectional=True,
                                                     batch_first=True), dict(T=4, B=3, h0=True)),
    "lstm_proj_bidir_2layer_h0": ("LSTM", (3, 5), dict(num_layers=2, bidirectional=True,
                                                       proj_size=2), dict(T=4, B=2, h0=True)),
    "lstm_proj_nobias_unbatched": ("LSTM", (3, 4), dict(proj_size=3, bias=False),
                                   dict(T=3, B=None, h0=True)),
    "lstm_f64_2layer_eval_dropout": ("LSTM", (3, 4), dict(num_layers=2, dropout=0.5),
                                     dict(T=5, B=2, h0=True, dtype="float64", train=False)),
    "gru_1layer_h0_nobias": ("GRU", (3, 4), dict(bias=False), dict(T=4, B=2, h0=True)),
    "gru_bidir_2layer_bf": ("GRU", (3, 4), dict(num_layers=2, bidirectional=True,
                                                batch_first=True), dict(T=4, B=2)),
    "gru_f64_unbatched": ("GRU", (2, 3), {}, dict(T=5, B=None, h0=True, dtype="float64")),
    "rnn_tanh_2layer_h0": ("RNN", (3, 4), dict(num_layers=2), dict(T=4, B=3, h0=True)),
    "rnn_relu_bidir_unbatched_bf": ("RNN", (3, 4), dict(nonlinearity="relu", bidirectional=True,
                                                        batch_first=True), dict(T=4, B=None)),
    # packed sequences of unequal lengths
    "packed_lstm_sorted_bidir_2layer_h0": ("LSTM", (2, 3), dict(num_layers=2,
                                                                bidirectional=True),
                                           dict(T=5, B=3, h0=True, packed=([5, 3, 2], True))),
    "packed_lstm_proj_unsorted_bf_h0": ("LSTM", (2, 4), dict(proj_size=2, batch_first=True),
                                        dict(T=4, B=3, h0=True, packed=([3, 1, 4], False))),
    "packed_gru_unsorted_bidir_h0": ("GRU", (2, 3), dict(bidirectional=True),
                                     dict(T=4, B=4, h0=True, packed=([3, 4, 1, 3], False))),
    "packed_rnn_relu_sorted_bf": ("RNN", (2, 3), dict(nonlinearity="relu", batch_first=True,
                                                      num_layers=2),
                                  dict(T=3, B=2, packed=([3, 2], True))),
    # cells
    "lstmcell": ("LSTMCell", (3, 4), {}, dict(B=2, h0=True)),
    "lstmcell_noh_nobias": ("LSTMCell", (3, 4), dict(bias=False), dict(B=2)),
    "lstmcell_unbatched": ("LSTMCell", (3, 4), {}, dict(B=None, h0=True)),
    "grucell": ("GRUCell", (3, 4), {}, dict(B=3, h0=True)),
    "grucell_unbatched_noh": ("GRUCell", (3, 4), {}, dict(B=None)),
    "rnncell_tanh_f64": ("RNNCell", (3, 4), {}, dict(B=2, h0=True, dtype="float64")),
    "rnncell_relu_nobias": ("RNNCell", (3, 4), dict(bias=False, nonlinearity="relu"),
                            dict(B=2, h0=True)),
}

# packing utilities: (name, sequences lengths, trailing shape, options)
PACKING = {
    "pad_right": ([3, 1, 2], (2,), dict(fn="pad_sequence")),
    "pad_left_bf": ([3, 1, 2], (2,), dict(fn="pad_sequence", batch_first=True,
                                          padding_side="left", padding_value=-1.5)),
    "pad_1d": ([2, 4], (), dict(fn="pad_sequence", padding_value=7.0)),
    "pack_sequence_sorted": ([4, 2, 2], (3,), dict(fn="pack_sequence", enforce_sorted=True)),
    "pack_sequence_unsorted": ([2, 4, 2, 3], (3,), dict(fn="pack_sequence",
                                                        enforce_sorted=False)),
    "pack_padded_bf_unsorted": ([1, 3, 2], (2,), dict(fn="pack_padded", batch_first=True,
                                                      enforce_sorted=False)),
    "pack_padded_total_length": ([3, 2], (2,), dict(fn="pack_padded", total_length=5)),
    "pack_padded_2d_trailing": ([3, 3, 1], (2, 2), dict(fn="pack_padded",
                                                        enforce_sorted=False,
                                                        batch_first=True)),
}


def case_seed(name):
    return sum((i + 1) * ord(c) for i, c in enumerate(name)) % (2 ** 31)


def _np(dtype):
    return np.float64 if dtype == "float64" else np.float32


def make(torch, shape, rng, dtype, scale=1.0):
    return torch.tensor(rng.uniform(-scale, scale, shape).astype(_np(dtype)))


def run(torch, nn, name):
    """Build and run case `name`; returns {label: tensor or list} (outputs, then gradients)."""
    cls, args, kwargs, spec = CASES[name]
    dtype = spec.get("dtype", "float32")
    rng = np.random.default_rng(case_seed(name))
    m = getattr(nn, cls)(*args, **kwargs)
    if dtype == "float64":
        m = m.double()
    sd = {k: make(torch, tuple(v.shape), rng, dtype, 0.6) for k, v in m.state_dict().items()}
    m.load_state_dict(sd)
    m.train(spec.get("train", False))
    res = {"keys": list(m.state_dict().keys()), "repr": repr(m)}
    if cls.endswith("Cell"):
        return _run_cell(torch, m, cls, args, spec, rng, dtype, res)
    I, H = args[0], args[1]
    proj = kwargs.get("proj_size", 0)
    D = 2 if kwargs.get("bidirectional") else 1
    L = kwargs.get("num_layers", 1)
    bf = kwargs.get("batch_first", False)
    T, B = spec["T"], spec["B"]
    packed = spec.get("packed")
    if B is None:
        xshape = (T, I)
        hshape = (L * D, proj or H)
        cshape = (L * D, H)
    else:
        xshape = (B, T, I) if bf else (T, B, I)
        hshape = (L * D, B, proj or H)
        cshape = (L * D, B, H)
    x = make(torch, xshape, rng, dtype).requires_grad_(True)
    leaves = [("x", x)]
    hx = None
    if spec.get("h0"):
        h0 = make(torch, hshape, rng, dtype).requires_grad_(True)
        leaves.append(("h0", h0))
        hx = h0
        if cls == "LSTM":
            c0 = make(torch, cshape, rng, dtype).requires_grad_(True)
            leaves.append(("c0", c0))
            hx = (h0, c0)
    if packed is not None:
        lengths, enforce_sorted = packed
        inp = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=bf,
                                                enforce_sorted=enforce_sorted)
        res["batch_sizes"] = inp.batch_sizes.tolist()
        out, h = m(inp, hx) if hx is not None else m(inp)
        res["out_batch_sizes"] = out.batch_sizes.tolist()
        res["sorted_indices"] = None if out.sorted_indices is None else out.sorted_indices.tolist()
        padded, lens = nn.utils.rnn.pad_packed_sequence(out, batch_first=bf)
        res["padded"] = padded
        res["lengths"] = lens.tolist()
        out = out.data
    else:
        out, h = m(x, hx) if hx is not None else m(x)
    outs = [("out", out)] + ([("h_n", h[0]), ("c_n", h[1])] if cls == "LSTM" else [("h_n", h)])
    res["grad_fn"] = {k: type(v.grad_fn).__name__ for k, v in outs}
    _backward(torch, outs, leaves, m, rng, res)
    return res


def _run_cell(torch, m, cls, args, spec, rng, dtype, res):
    I, H = args
    B = spec["B"]
    x = make(torch, (I,) if B is None else (B, I), rng, dtype).requires_grad_(True)
    leaves = [("x", x)]
    hx = None
    hs = (H,) if B is None else (B, H)
    if spec.get("h0"):
        h0 = make(torch, hs, rng, dtype).requires_grad_(True)
        leaves.append(("h0", h0))
        hx = h0
        if cls == "LSTMCell":
            c0 = make(torch, hs, rng, dtype).requires_grad_(True)
            leaves.append(("c0", c0))
            hx = (h0, c0)
    out = m(x, hx) if hx is not None else m(x)
    outs = [("h", out[0]), ("c", out[1])] if cls == "LSTMCell" else [("h", out)]
    res["grad_fn"] = {k: type(v.grad_fn).__name__ for k, v in outs}
    _backward(torch, outs, leaves, m, rng, res)
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


def run_packing(torch, nn, name):
    """The packing utilities on deterministic sequences; gradients through them."""
    lengths, trailing, opts = PACKING[name]
    rng = np.random.default_rng(case_seed(name))
    seqs = [make(torch, (n,) + trailing, rng, "float32").requires_grad_(True) for n in lengths]
    U = nn.utils.rnn
    fn = opts["fn"]
    res = {}
    if fn == "pad_sequence":
        kw = {k: v for k, v in opts.items() if k != "fn"}
        out = U.pad_sequence(seqs, **kw)
        res["out"] = out
    elif fn == "pack_sequence":
        p = U.pack_sequence(seqs, enforce_sorted=opts["enforce_sorted"])
        res.update(_packed_fields(p))
        out = p.data
        back = U.unpack_sequence(p)
        for i, s in enumerate(back):
            res[f"unpacked_{i}"] = s
        padded, lens = U.pad_packed_sequence(p, batch_first=True, padding_value=-3.0)
        res["repadded"] = padded
        res["lengths"] = lens.tolist()
    else:
        bf = opts.get("batch_first", False)
        padded = U.pad_sequence(seqs, batch_first=bf)
        p = U.pack_padded_sequence(padded, torch.tensor(lengths), batch_first=bf,
                                   enforce_sorted=opts.get("enforce_sorted", True))
        res.update(_packed_fields(p))
        out, lens = U.pad_packed_sequence(p, batch_first=bf,
                                          total_length=opts.get("total_length"))
        res["repadded"] = out
        res["lengths"] = lens.tolist()
        res["unpadded"] = [s.shape[0] for s in U.unpad_sequence(out.clone(), lens,
                                                                 batch_first=bf)]
    res["grad_fn"] = type(out.grad_fn).__name__
    w = torch.tensor(rng.uniform(-1, 1, tuple(out.shape)).astype(np.float32))
    (out * w).sum().backward()
    for i, s in enumerate(seqs):
        res[f"grad_{i}"] = s.grad
    return res


def _packed_fields(p):
    return {"data": p.data, "batch_sizes": p.batch_sizes.tolist(),
            "sorted_indices": None if p.sorted_indices is None else p.sorted_indices.tolist(),
            "unsorted_indices": (None if p.unsorted_indices is None
                                 else p.unsorted_indices.tolist()),
            "data_grad_fn": type(p.data.grad_fn).__name__}


# error paths: (name, statement) run with `torch`, `nn` in scope
ERRORS = {
    "lstm_input_size": "nn.LSTM(10, 20, 2)(torch.randn(5, 3, 5))",
    "lstm_h0_shape": "nn.LSTM(10, 20, 2)(torch.randn(5, 3, 10), (torch.randn(1, 3, 20), "
                     "torch.randn(2, 3, 20)))",
    "lstm_c0_shape": "nn.LSTM(10, 20, 2)(torch.randn(5, 3, 10), (torch.randn(2, 3, 20), "
                     "torch.randn(2, 3, 21)))",
    "lstm_hx_dims": "nn.LSTM(10, 20)(torch.randn(5, 3, 10), (torch.randn(3, 20), "
                    "torch.randn(3, 20)))",
    "lstm_unbatched_hx_dims": "nn.LSTM(10, 20)(torch.randn(5, 10), (torch.randn(1, 3, 20), "
                              "torch.randn(1, 3, 20)))",
    "lstm_4d": "nn.LSTM(10, 20)(torch.randn(5, 3, 2, 10))",
    "lstm_dtype": "nn.LSTM(10, 20)(torch.randn(5, 3, 10).double())",
    "lstm_proj_h0": "nn.LSTM(4, 5, proj_size=2)(torch.randn(3, 2, 4), (torch.randn(1, 2, 5), "
                    "torch.randn(1, 2, 5)))",
    "gru_h0_shape": "nn.GRU(10, 20, 2)(torch.randn(5, 3, 10), torch.randn(1, 3, 20))",
    "gru_hx_dims": "nn.GRU(10, 20)(torch.randn(5, 3, 10), torch.randn(3, 20))",
    "gru_unbatched_hx": "nn.GRU(10, 20)(torch.randn(5, 10), torch.randn(1, 3, 20))",
    "gru_input_size_bf": "nn.GRU(10, 20, batch_first=True)(torch.randn(3, 5, 7))",
    "rnn_4d": "nn.RNN(10, 20)(torch.randn(5, 3, 2, 10))",
    "rnn_empty_seq": "nn.RNN(10, 20)(torch.randn(0, 3, 10))",
    "rnn_nonlinearity": "nn.RNN(10, 20, nonlinearity='sigmoid')",
    "gru_proj": "nn.GRU(10, 20, proj_size=3)",
    "lstm_proj_too_big": "nn.LSTM(10, 20, proj_size=20)",
    "lstm_proj_negative": "nn.LSTM(10, 20, proj_size=-1)",
    "lstm_dropout_range": "nn.LSTM(10, 20, dropout=1.5)",
    "lstm_dropout_bool": "nn.LSTM(10, 20, dropout=True)",
    "lstm_hidden_zero": "nn.LSTM(10, 0)",
    "lstm_input_zero": "nn.LSTM(0, 10)",
    "lstm_layers_zero": "nn.LSTM(10, 10, num_layers=0)",
    "lstm_input_float": "nn.LSTM(10.0, 10)",
    "lstm_bias_int": "nn.LSTM(10, 10, bias=1)",
    "lstm_batch_first_int": "nn.LSTM(10, 10, batch_first=1)",
    "packed_gru_input_size": "nn.GRU(3, 4)(nn.utils.rnn.pack_sequence([torch.randn(3, 2), "
                             "torch.randn(2, 2)]))",
    "packed_lstm_input_size": "nn.LSTM(10, 20)(nn.utils.rnn.pack_sequence([torch.randn(3, 2), "
                              "torch.randn(2, 2)]))",
    "lstmcell_input_size": "nn.LSTMCell(10, 20)(torch.randn(3, 5))",
    "lstmcell_h_size": "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.randn(3, 21), "
                       "torch.randn(3, 20)))",
    "lstmcell_c_size": "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.randn(3, 20), "
                       "torch.randn(3, 21)))",
    "lstmcell_batch": "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.randn(2, 20), "
                      "torch.randn(3, 20)))",
    "lstmcell_3d": "nn.LSTMCell(10, 20)(torch.randn(3, 2, 10))",
    "lstmcell_hx_3d": "nn.LSTMCell(10, 20)(torch.randn(3, 10), (torch.randn(3, 2, 20), "
                      "torch.randn(3, 20)))",
    "grucell_h_size": "nn.GRUCell(10, 20)(torch.randn(3, 10), torch.randn(3, 21))",
    "grucell_1d_hidden": "nn.GRUCell(10, 20)(torch.randn(3, 10), torch.randn(20))",
    "grucell_unbatched_2d_hidden": "nn.GRUCell(10, 20)(torch.randn(10), torch.randn(3, 20))",
    "rnncell_3d": "nn.RNNCell(10, 20)(torch.randn(3, 2, 10))",
    "rnncell_hidden_3d": "nn.RNNCell(10, 20)(torch.randn(3, 10), torch.randn(3, 2, 10))",
    "pack_unsorted": "nn.utils.rnn.pack_padded_sequence(torch.randn(5, 3, 2), [3, 4, 2])",
    "pack_zero_length": "nn.utils.rnn.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4, 0], "
                        "enforce_sorted=False)",
    "pack_lengths_count": "nn.utils.rnn.pack_padded_sequence(torch.randn(5, 3, 2), [5, 4])",
    "pack_empty": "nn.utils.rnn.pack_padded_sequence(torch.randn(0, 3, 2), [1, 1, 1])",
    "pad_mismatch": "nn.utils.rnn.pad_sequence([torch.randn(3, 2), torch.randn(2, 3)])",
    "pad_empty": "nn.utils.rnn.pad_sequence([])",
    "pad_trailing_ndim": "nn.utils.rnn.pad_sequence([torch.randn(3, 2), torch.randn(2, 2, 1)])",
    "pad_scalar": "nn.utils.rnn.pad_sequence([torch.randn(3, 2), torch.tensor(1.0)])",
    "pad_side": "nn.utils.rnn.pad_sequence([torch.randn(3, 2)], padding_side='middle')",
    "pad_packed_total_length": "nn.utils.rnn.pad_packed_sequence(nn.utils.rnn.pack_sequence("
                               "[torch.randn(3, 2), torch.randn(2, 2)]), total_length=2)",
    "pack_sequence_unsorted": "nn.utils.rnn.pack_sequence([torch.randn(2, 2), "
                              "torch.randn(3, 2)])",
}

# reprs: constructor expressions evaluated with `nn` in scope
REPRS = [
    "nn.LSTM(10, 20, num_layers=2, batch_first=True)",
    "nn.LSTM(10, 20, proj_size=5, bias=False, dropout=0.2, bidirectional=True, num_layers=2)",
    "nn.RNN(3, 4, nonlinearity='relu')",
    "nn.RNN(3, 4, 2, 'relu', False)",
    "nn.GRU(3, 4, dropout=0.0)",
    "nn.GRU(3, 4, 3, True, True, 0.25, True)",
    "nn.RNNCell(10, 20, nonlinearity='relu', bias=False)",
    "nn.LSTMCell(3, 4)",
    "nn.GRUCell(3, 4, bias=False)",
]
