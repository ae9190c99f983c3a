"""Writes nn_rnn.json: RNN/LSTM/GRU/cells and nn.utils.rnn outputs, final states, gradients
(w.r.t. inputs, initial states and every parameter), grad_fn names, reprs and exception texts
from real PyTorch for nn_rnn_cases.py. Needs torch installed."""
import warnings

import torch
import torch.nn as nn

import nn_rnn_cases as cases
from refutil import record, write


def _rec(v):
    if isinstance(v, torch.Tensor):
        r = record(v)
        if v.dtype.is_floating_point:  # 10 significant digits keep the file small
            r["value"] = _round(r["value"])
        return r
    return v


def _round(v):
    if isinstance(v, list):
        return [_round(x) for x in v]
    return float(f"{v:.10g}") if isinstance(v, float) else v


def parity():
    out = {}
    for name in cases.CASES:
        torch.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = cases.run(torch, nn, name)
        out[name] = {k: _rec(v) for k, v in res.items()}
    return out


def packing():
    return {name: {k: _rec(v) for k, v in cases.run_packing(torch, nn, name).items()}
            for name in cases.PACKING}


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
    return {expr: repr(eval(expr, {"nn": nn})) for expr in cases.REPRS}


if __name__ == "__main__":
    write("nn_rnn", {"parity": parity(), "packing": packing(), "errors": errors(),
                     "reprs": reprs()})
