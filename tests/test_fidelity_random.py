"""Fidelity of random sampling and torch.distributions against PyTorch: short seeded programs
(distribution samples including gamma / Dirichlet / binomial, log_prob, generators, normal
overloads) print exactly what they print under real PyTorch, and raise the same exception type
with the same first message line (reference: reference/fidelity_random.json)."""
import pathlib
import sys

import pytest

import jtorch
import jtorch.distributions  # noqa: F401

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
from fidelity_random_cases import PROGRAMS  # noqa: E402
from gen_fidelity_nn import run_program  # noqa: E402
from conftest import as_this_python_prints, load_reference  # noqa: E402

REF = load_reference("fidelity_random")


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_program(name):
    ref = REF[name]
    out, err = run_program(jtorch, PROGRAMS[name], name)
    assert err == ref["err"]
    assert out == as_this_python_prints(ref["out"])
