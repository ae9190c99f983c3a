"""Fidelity of torch.save / torch.load and torch.utils.data against PyTorch: short programs
(checkpoint dtypes, views, weights_only allowlists and errors, map_location, whole modules,
checkpoints written by real PyTorch, collation, samplers, random_split, dataset classes and
DataLoader arguments) print exactly what they print under real PyTorch and raise the same
exception type with the same first message line (reference: reference/fidelity_data.json)."""
import pathlib
import sys

import pytest

import jtorch
import jtorch.nn  # noqa: F401
import jtorch.optim  # noqa: F401
import jtorch.utils.data  # noqa: F401

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
from fidelity_data_cases import PROGRAMS  # noqa: E402
from gen_fidelity_nn import run_program  # noqa: E402
from conftest import as_this_python_prints, load_reference  # noqa: E402

REF = load_reference("fidelity_data")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name):
    ref = REF[name]
    out, err = run_program(jtorch, PROGRAMS[name], name)
    assert err == ref["err"]
    assert out == as_this_python_prints(ref["out"])
