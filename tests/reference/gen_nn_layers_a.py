"""Writes nn_layers_a.json: for every case in nn_layers_a_cases.py, real PyTorch's printed form,
state_dict keys, outputs, gradients (inputs and parameters, per train/eval phase), state after
the phases, exception types and messages. Needs torch: python tests/reference/gen_nn_layers_a.py
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

import nn_layers_a_cases as cases
from refutil import record, write


def _rec(t):
    return None if t is None else record(t)


def layer(case, index):
    r = cases.run_layer(torch, nn, F, case, index)
    r["phases"] = [{"out": _rec(p["out"]), "grads": {k: _rec(v) for k, v in p["grads"].items()},
                    "grad_fn": p["grad_fn"]} for p in r["phases"]]
    r["state_after"] = {k: _rec(v) for k, v in r["state_after"].items()}
    return r


def functional(case, index):
    r = cases.run_functional(torch, nn, F, case, index)
    return {"out": _rec(r["out"]), "grads": {k: _rec(v) for k, v in r["grads"].items()},
            "grad_fn": r["grad_fn"]}


def main():
    out = {}
    for group, (layers, fns, errors, reprs) in cases.GROUPS.items():
        out[group] = {
            "layers": {c[0]: layer(c, i) for i, c in enumerate(layers)},
            "functional": {c[0]: functional(c, i) for i, c in enumerate(fns)},
            "errors": {name: cases.run_error(torch, nn, F, expr) for name, expr in errors},
            "reprs": {e: repr(eval(e, {"torch": torch, "nn": nn})) for e in reprs},
        }
    write("nn_layers_a", out)


if __name__ == "__main__":
    main()
