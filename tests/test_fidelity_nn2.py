"""Fidelity of nn / optim / utils.data against PyTorch, second set: rarer layers' reprs and
errors, MultiheadAttention's batch_first output layout (dropout of it follows PyTorch's memory
order), Transformer training with dropout, pruning, packing, parametrizations, schedulers,
optimizer state and DataLoader sampling (reference: reference/fidelity_nn2.json)."""
import pathlib
import sys

import pytest

import jtorch
import jtorch.nn  # noqa: F401
import jtorch.optim  # noqa: F401
import jtorch.utils.data  # noqa: F401

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
from fidelity_nn2_cases import PROGRAMS  # noqa: E402
from gen_fidelity_nn import run_program  # noqa: E402
from conftest import as_this_python_prints, load_reference  # noqa: E402

REF = load_reference("fidelity_nn2")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name):
    ref = REF[name]
    out, err = run_program(jtorch, PROGRAMS[name], name)
    assert err == ref["err"]
    assert out == as_this_python_prints(ref["out"])
