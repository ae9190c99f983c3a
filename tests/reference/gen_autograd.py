"""Writes autograd.json: forward values and gradients from real PyTorch for every case in
autograd_cases.py (first order) and SECOND_ORDER (second order). Needs torch installed."""
import numpy as np
import torch

import autograd_cases as cases
from refutil import record, write


def _weight(shape, seed):
    return np.random.default_rng(seed).normal(size=shape)


def first_order():
    out = {}
    for k, (name, expr, specs) in enumerate(cases.CASES):
        arrays = cases.make_inputs(specs, seed=k)
        env = {"torch": torch, "_setitem": cases._setitem}
        leaves = {}
        for n, v in arrays.items():
            t = torch.tensor(v)
            if t.dtype.is_floating_point:
                t.requires_grad_(True)
                leaves[n] = t
            env[n] = t
        res = eval(expr, env)
        w = torch.tensor(_weight(tuple(res.shape), 1000 + k), dtype=res.dtype)
        loss = (res * w).sum()
        grads = torch.autograd.grad(loss, list(leaves.values()), allow_unused=True)
        out[name] = {"out": record(res), "weight": w.tolist(),
                     "grads": {n: (record(g) if g is not None else None)
                               for n, g in zip(leaves, grads)}}
    return out


def second_order():
    out = {}
    for k, (name, expr) in enumerate(cases.SECOND_ORDER):
        shape = (3, 3) if name == "matmul" else (4,)
        a = torch.tensor(np.random.default_rng(500 + k).uniform(-1.5, 1.5, shape),
                         requires_grad=True)
        res = eval(expr, {"torch": torch, "a": a})
        w = torch.tensor(_weight(tuple(res.shape), 600 + k))
        (g,) = torch.autograd.grad((res * w).sum(), a, create_graph=True)
        w2 = torch.tensor(_weight(shape, 700 + k))
        (h,) = torch.autograd.grad((g * w2).sum(), a)
        out[name] = {"a": a.tolist(), "weight": w.tolist(), "weight2": w2.tolist(),
                     "grad": record(g), "second": record(h)}
    return out


if __name__ == "__main__":
    write("autograd", {"first": first_order(), "second": second_order()})
