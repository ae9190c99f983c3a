"""Reference output of the fidelity programs, run with real PyTorch: each program's stdout and
uncaught exception ('Type: first line of message').

The programs live in fidelity_<area>_cases.py (one dict PROGRAMS each) and their reference in
fidelity_<area>.json; tests/test_fidelity_programs.py runs them all with jtorch.

    python gen_fidelity_programs.py [area ...]     (default: every area)
"""
import contextlib
import importlib
import io
import math
import pathlib
import sys
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import refutil  # noqa: E402

# nn/optim/data basics, rarer layers, layer numerics; tensors; autograd; random; save/load/data
# and d2l-style / pytorch-examples-style whole programs (d2l, examples)
AREAS = ("nn", "nn2", "nn3", "nn4", "tensors", "tensors2", "autograd", "autograd2", "random",
         "data", "d2l", "examples", "tensors3")


def programs(area):
    """{name: source} of one area's programs."""
    return importlib.import_module(f"fidelity_{area}_cases").PROGRAMS


def run_program(torch, code, name):
    """Run one program with `torch` (and nn, F, optim, data, np, math) bound; (stdout, error)."""
    import numpy as np
    g = {"torch": torch, "nn": importlib.import_module(torch.__name__ + ".nn"),
         "F": importlib.import_module(torch.__name__ + ".nn.functional"),
         "optim": importlib.import_module(torch.__name__ + ".optim"),
         "data": importlib.import_module(torch.__name__ + ".utils.data"),
         "np": np, "math": math, "__name__": "__fidelity__"}
    buf = io.StringIO()
    err = None
    with contextlib.redirect_stdout(buf), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            exec(compile(code, name, "exec"), g)
        except Exception as e:  # noqa: BLE001 - the exception is the result
            lines = str(e).strip().split("\n")
            err = f"{type(e).__name__}: {lines[0]}"
    return buf.getvalue(), err


def main(areas):
    import torch
    for area in areas or AREAS:
        out = {}
        for name, code in programs(area).items():
            stdout, err = run_program(torch, code, name)
            out[name] = {"out": stdout, "err": err}
        refutil.write(f"fidelity_{area}", out)


if __name__ == "__main__":
    main(sys.argv[1:])
