"""Helpers for the reference generators (these scripts import real torch; the tests do not)."""
import json
import math
import pathlib

HERE = pathlib.Path(__file__).parent


def record(t):
    """A torch tensor as {'value', 'dtype', 'shape'} (JSON-safe: nan/inf as strings)."""
    import torch
    v = t.detach().to(torch.float64).tolist() if t.dtype.is_floating_point or t.dtype in (
        torch.float16, torch.bfloat16) else t.detach().tolist()
    return {"value": _safe(v), "dtype": str(t.dtype), "shape": list(t.shape)}


def _safe(v):
    if isinstance(v, list):
        return [_safe(x) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def write(name, data):
    with open(HERE / f"{name}.json", "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
