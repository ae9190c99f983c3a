"""Fidelity against PyTorch by whole short programs: each prints exactly what it prints under
real PyTorch 2.13, and raises the same exception type with the same first message line.

The programs (reference/fidelity_<area>_cases.py) cover module and optimizer reprs, seeded
forward outputs, losses, training trajectories, schedulers and DataLoader batches (nn); rarer
layers, MultiheadAttention's layout, pruning, packing and parametrizations (nn2); layer numerics
and PyTorch's CPU error paths (nn3); tensor printing, promotion, indexing, views and argument
errors (tensors); backward, hooks, grad_fn structure, Function and autograd.functional
(autograd); seeded sampling and distributions (random); save/load, checkpoints written by
PyTorch, collation and samplers (data). References: reference/fidelity_<area>.json, written
by reference/gen_fidelity_programs.py."""
import pathlib
import sys

import pytest

import jtorch
import jtorch.distributions  # noqa: F401
import jtorch.nn  # noqa: F401
import jtorch.optim  # noqa: F401
import jtorch.utils.data  # noqa: F401

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
from gen_fidelity_programs import AREAS, programs, run_program  # noqa: E402
from conftest import as_this_python_prints, load_reference  # noqa: E402

CASES = [(area, name) for area in AREAS for name in sorted(programs(area))]
_REFERENCES = {}


def _reference(area):
    if area not in _REFERENCES:
        _REFERENCES[area] = load_reference(f"fidelity_{area}")
    return _REFERENCES[area]


@pytest.mark.parametrize("area,name", CASES, ids=[f"{a}-{n}" for a, n in CASES])
def test_program(area, name):
    ref = _reference(area)[name]
    out, err = run_program(jtorch, programs(area)[name], name)
    assert err == ref["err"]
    assert out == as_this_python_prints(ref["out"])
