"""Reference output of the third set of nn / optim / data fidelity programs
(fidelity_nn3_cases.py), run with real PyTorch: each program's stdout and uncaught exception
('Type: first line of message')."""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))
import refutil  # noqa: E402
from fidelity_nn3_cases import PROGRAMS  # noqa: E402
from gen_fidelity_nn import run_program  # noqa: E402


def main():
    import torch
    out = {}
    for name, code in PROGRAMS.items():
        stdout, err = run_program(torch, code, name)
        out[name] = {"out": stdout, "err": err}
    refutil.write("fidelity_nn3", out)


if __name__ == "__main__":
    main()
