"""Snippet-level fidelity with PyTorch: each snippet in reference/fidelity_ops_cases.py is run
with jtorch and its printed result (repr), dtype, shape, or exception type and message, must
equal what real PyTorch gave (reference/fidelity_ops.json, from gen_fidelity_ops.py)."""
import os
import sys

import pytest

import jtorch
from conftest import load_reference

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "reference"))
import fidelity_ops_cases as cases  # noqa: E402

REF = load_reference("fidelity_ops")


@pytest.mark.parametrize("group", sorted(REF))
def test_snippets_match_pytorch(group):
    failures = []
    for src, expected in REF[group]:
        got = cases.evaluate(src, jtorch)
        if got != expected:
            failures.append(f"{src}\n    torch : {expected}\n    jtorch: {got}")
    assert not failures, f"{len(failures)} snippet(s) differ from PyTorch:\n" + \
        "\n".join(failures)


def test_reference_covers_every_snippet():
    assert {g: [s for s, _ in v] for g, v in REF.items()} == cases.CASES


def test_float_to_int_conversion_wraps_like_pytorch():
    x = jtorch.tensor([300.0, -1.0, 1e10, float("nan"), -129.0])
    assert x.to(jtorch.uint8).tolist() == [44, 255, 0, 0, 127]
    assert x.int().tolist() == [300, -1, -2**31, -2**31, -129]
    assert x.long().tolist() == [300, -1, 10**10, -2**63, -129]


def test_float32_scans_accumulate_in_double_on_cpu():
    # 0.1f added 10000 times: PyTorch's CPU cumsum accumulates in double (1000.0 exactly after
    # rounding), a float32 running sum drifts to 999.9029
    assert jtorch.full((10000,), 0.1).cumsum(0)[-1].item() == 1000.0
    assert abs(jtorch.full((1000,), 0.1).sum().item() - 100.0) < 1e-4
