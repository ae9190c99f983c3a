"""Writes nn_attention.json: scaled_dot_product_attention outputs, gradients and grad_fn names
from real PyTorch for nn_attention_cases.py, and its exception texts. Needs torch installed."""
import torch
import torch.nn.functional as F

import nn_attention_cases as cases
from refutil import record, write


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


def parity():
    out = {}
    for k, (name, expr, specs, grads) in enumerate(cases.CASES):
        env, leaves = _env(specs, k, grads)
        res = cases.outputs(eval(expr, env))
        entry = {"outs": [record(r) for r in res],
                 "grad_fn": [type(r.grad_fn).__name__ if r.grad_fn is not None else None
                             for r in res]}
        if leaves:
            ws = [torch.tensor(cases.out_weight(tuple(r.shape), 100 + 7 * k + j), dtype=r.dtype)
                  for j, r in enumerate(res)]
            gs = torch.autograd.grad(res, list(leaves.values()), grad_outputs=ws,
                                     allow_unused=True)
            entry["grads"] = {n: record(g) if g is not None else None
                              for n, g in zip(leaves, gs)}
        out[name] = entry
    return out


def errors():
    out = {}
    for k, (name, expr, specs) in enumerate(cases.ERRORS + cases.MHA_ERRORS):
        env, _ = _env(specs, 500 + k, "")
        try:
            eval(expr, env)
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            out[name] = {"type": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{name} did not raise")
    return out


if __name__ == "__main__":
    write("nn_attention", {"parity": parity(), "errors": errors()})
