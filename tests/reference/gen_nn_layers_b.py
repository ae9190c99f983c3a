"""Reference values for tests/test_nn_conv.py, test_nn_pooling.py and test_nn_padding_vision.py
from real PyTorch (needs torch installed). The cases live in nn_layers_b_cases.py and run with
the same code on both sides; inputs and parameters are rebuilt from NumPy seeds, so only
results are stored (float32 values rounded to 8 significant digits to keep the files small).

    /work/venv/bin/python tests/reference/gen_nn_layers_b.py
"""
import json
import math
import warnings

import torch

import nn_layers_b_cases as C
from refutil import HERE

warnings.simplefilter("ignore")


def _round(v, digits):
    if isinstance(v, list):
        return [_round(x, digits) for x in v]
    if isinstance(v, float):
        if not math.isfinite(v):
            return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
        return float(f"{v:.{digits}g}")
    return v


def rec(t):
    if t is None:
        return None
    t = t.detach()
    if t.dtype.is_floating_point:
        digits = 17 if t.dtype == torch.float64 else 8
        v = _round(t.to(torch.float64).tolist(), digits)
    else:
        v = t.tolist()
    return {"value": v, "dtype": str(t.dtype), "shape": list(t.shape)}


def run_fn(cases):
    out = {}
    for name, expr, inputs in cases:
        torch.manual_seed(0)
        r = C.run_fn(torch, name, expr, inputs)
        out[name] = {"out": [rec(o) for o in r["out"]],
                     "grads": {k: rec(g) for k, g in r["grads"].items()}}
    return out


def run_modules(cases):
    out = {}
    for case in cases:
        name, ctor, inputs = case[:3]
        call = case[3] if len(case) > 3 else "m(x)"
        torch.manual_seed(0)
        r = C.run_module(torch, name, ctor, inputs, call)
        out[name] = {"out": [rec(o) for o in r["out"]],
                     "grads": {k: rec(g) for k, g in r["grads"].items()},
                     "repr": r["repr"], "keys": r["keys"]}
    return out


def run_errors(cases):
    out = {}
    for name, expr, inputs in cases:
        r = C.run_error(torch, name, expr, inputs)
        assert r["type"] is not None, f"{name}: {expr} did not raise"
        out[name] = r
    return out


def reprs(exprs):
    ns = C.namespace(torch)
    return {e: repr(eval(e, ns)) for e in exprs}


def main():
    groups = {
        "nn_conv": dict(fn=C.CONV_FN, modules=C.CONV_MODULES, errors=C.CONV_ERRORS,
                        reprs=C.CONV_REPRS),
    }
    for fname in ("POOL", "PADVIS"):
        if hasattr(C, fname + "_FN"):
            groups["nn_pooling" if fname == "POOL" else "nn_padding_vision"] = dict(
                fn=getattr(C, fname + "_FN"), modules=getattr(C, fname + "_MODULES"),
                errors=getattr(C, fname + "_ERRORS"), reprs=getattr(C, fname + "_REPRS"))
    for file, g in groups.items():
        data = {"fn": run_fn(g["fn"]), "modules": run_modules(g["modules"]),
                "errors": run_errors(g["errors"]), "reprs": reprs(g["reprs"])}
        with open(HERE / f"{file}.json", "w") as f:
            json.dump(data, f, separators=(",", ":"), sort_keys=True)


if __name__ == "__main__":
    main()
