"""Writes nn_loss.json: outputs, input gradients and grad_fn names from real PyTorch for every
case in nn_loss_cases.py, plus PyTorch's exception and warning texts and the loss modules'
printed forms. Needs torch installed."""
import warnings

import torch
import torch.nn.functional as F

import nn_loss_cases as cases
from refutil import record, write


def _env(specs, seed, grads):
    env = {"torch": torch, "F": F}
    leaves = {}
    for n, v in cases.make_inputs(specs, seed).items():
        t = torch.tensor(v)
        if n in grads and t.dtype.is_floating_point:
            t.requires_grad_(True)
            leaves[n] = t
        env[n] = t
    return env, leaves


def parity():
    out = {}
    for k, (name, expr, specs, grads) in enumerate(cases.CASES):
        env, leaves = _env(specs, k, grads)
        entry = {"outs": {}, "grad_fn": {}}
        results, weights = [], []
        for j, (red, e) in enumerate(cases.variants(expr)):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                res = eval(e, env)
            entry["outs"][red] = record(res)
            entry["grad_fn"][red] = type(res.grad_fn).__name__ if res.grad_fn is not None else None
            results.append(res)
            weights.append(torch.tensor(cases.out_weight(tuple(res.shape), 1000 + 10 * k + j),
                                        dtype=res.dtype))
        if leaves:
            gs = torch.autograd.grad(results, list(leaves.values()), grad_outputs=weights)
            entry["grads"] = {n: record(g) for n, g in zip(leaves, gs)}
        out[name] = entry
    return out


def errors():
    out = {}
    for k, (name, expr, specs) in enumerate(cases.ERRORS):
        env, _ = _env(specs, 5000 + k, "")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                eval(expr, env)
        except Exception as e:  # noqa: BLE001 - recording whatever PyTorch raises
            out[name] = {"type": type(e).__name__, "message": str(e)}
        else:
            raise AssertionError(f"{name} did not raise")
    return out


def warns():
    out = {}
    for k, (name, expr, specs) in enumerate(cases.WARNINGS):
        env, _ = _env(specs, 6000 + k, "")
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            eval(expr, env)
        out[name] = [{"category": x.category.__name__, "message": str(x.message)} for x in w]
    return out


def modules():
    out = {}
    for expr in cases.MODULES:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = eval(expr, {"torch": torch})
        out[expr] = {"repr": repr(m), "reduction": m.reduction,
                     "state_dict": list(m.state_dict())}
    return out


if __name__ == "__main__":
    write("nn_loss", {"parity": parity(), "errors": errors(), "warnings": warns(),
                      "modules": modules()})
