"""Writes nn_transformer.json: MultiheadAttention and Transformer layer outputs, attention
weights, gradients (w.r.t. inputs and every parameter), grad_fn names, reprs, warnings and
exception texts from real PyTorch for nn_transformer_cases.py. Needs torch installed."""
import warnings

import torch
import torch.nn as nn

import nn_transformer_cases as cases
from gen_nn_rnn import _rec
from refutil import write


def parity():
    out = {}
    for name in cases.MHA:
        out[name] = {k: _rec(v) for k, v in cases.run_mha(torch, nn, name).items()}
    for name in cases.LAYERS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out[name] = {k: _rec(v) for k, v in cases.run_layer(torch, nn, name).items()}
    return out


def errors():
    out = {}
    for name, stmt in cases.ERRORS.items():
        torch.manual_seed(0)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                eval(stmt, {"torch": torch, "nn": nn})
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            out[name] = {"type": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{name} did not raise")
    return out


def reprs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return {expr: repr(eval(expr, {"nn": nn})) for expr in cases.REPRS}


def fast_path():
    """TransformerEncoder in eval without autograd: padded positions (left-aligned mask) come
    out of the NestedTensor fast path as zeros before the final norm."""
    rng = __import__("numpy").random.default_rng(7)
    layer = nn.TransformerEncoderLayer(8, 2, 16, batch_first=True)
    enc = nn.TransformerEncoder(layer, 2, norm=nn.LayerNorm(8))
    enc = cases._load(torch, enc, rng, "float32")
    x = cases.make(torch, (2, 4, 8), rng, "float32")
    res = {}
    for name, m in (("aligned", [[False, False, True, True], [False, False, False, True]]),
                    ("not_aligned", [[True, False, False, True], [False, False, False, True]])):
        kpm = torch.tensor(m)
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res[name] = _rec(enc(x, src_key_padding_mask=kpm))
    res["with_grad"] = _rec(enc(x, src_key_padding_mask=torch.tensor(
        [[False, False, True, True], [False, False, False, True]])))
    return res


if __name__ == "__main__":
    write("nn_transformer", {"parity": parity(), "errors": errors(), "reprs": reprs(),
                             "fast_path": fast_path()})
