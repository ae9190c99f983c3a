"""Writes nn_module.json: what real PyTorch returns for every scenario in nn_module_cases.py
(module, containers, linear). Needs torch installed."""
import torch

import nn_module_cases as cases
from refutil import record, write


def encode(x):
    """A scenario result as JSON: tensors become {'__tensor__': record}, tuples lists."""
    if isinstance(x, torch.Tensor):
        return {"__tensor__": record(x)}
    if isinstance(x, dict):
        return {str(k): encode(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(v) for v in x]
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    raise TypeError(f"scenario returned {type(x).__name__}: {x!r}")


def main():
    out = {}
    for group, scenarios in cases.ALL.items():
        out[group] = {}
        for name, fn in scenarios.items():
            torch.manual_seed(0)
            out[group][name] = encode(fn(torch))
    write("nn_module", out)


if __name__ == "__main__":
    main()
