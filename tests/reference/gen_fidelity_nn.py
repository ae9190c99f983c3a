"""Reference output of the nn / optim / data fidelity programs (fidelity_nn_cases.py), run with
real PyTorch: each program's stdout and uncaught exception ('Type: first line of message')."""
import contextlib
import io
import math
import pathlib
import sys
import warnings

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import refutil  # noqa: E402
from fidelity_nn_cases import PROGRAMS  # noqa: E402


def run_program(torch, code, name):
    """Run one program with `torch` (and nn, F, optim, data, np, math) bound; (stdout, error)."""
    import importlib
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


def main():
    import torch
    out = {}
    for name, code in PROGRAMS.items():
        stdout, err = run_program(torch, code, name)
        out[name] = {"out": stdout, "err": err}
    refutil.write("fidelity_nn", out)


if __name__ == "__main__":
    main()
