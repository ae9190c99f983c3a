"""Fidelity of nn layers and losses against PyTorch, third set: convolution dtype, dilation and
output-size errors as PyTorch's CPU paths word them, label-smoothing gradients of ignored
targets, rrelu on PyTorch's random stream, cell argument errors, and seeded pooling,
normalisation, RNN, embedding, interpolation and loss values (reference:
reference/fidelity_nn3.json)."""
import pathlib
import sys

import pytest

import jtorch
import jtorch.nn  # noqa: F401
import jtorch.optim  # noqa: F401
import jtorch.utils.data  # noqa: F401

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
from fidelity_nn3_cases import PROGRAMS  # noqa: E402
from gen_fidelity_nn import run_program  # noqa: E402
from conftest import as_this_python_prints, load_reference  # noqa: E402

REF = load_reference("fidelity_nn3")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name):
    ref = REF[name]
    out, err = run_program(jtorch, PROGRAMS[name], name)
    assert err == ref["err"]
    assert out == as_this_python_prints(ref["out"])
