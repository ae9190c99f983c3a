"""Runs a scenario of tests/reference/nn_module_cases.py with jtorch and compares its result
with what real PyTorch returned (tests/reference/nn_module.json, gen_nn_module.py)."""
import pathlib
import sys
import warnings

import jtorch as torch
import jtorch.nn  # noqa: F401
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_module_cases as cases  # noqa: E402

REF = load_reference("nn_module")


def _text(s):
    """jtorch's own class paths read 'jtorch.x.y' where PyTorch's read 'torch.x.y'."""
    return s.replace("jtorch.", "torch.")


def compare(got, want, path="", rtol=1e-5, atol=1e-6):
    """Assert a scenario result equals PyTorch's: strings exactly, tensors by value/dtype/shape."""
    if isinstance(want, dict) and "__tensor__" in want:
        assert isinstance(got, torch.Tensor), (path, got)
        assert_matches(got.detach(), want["__tensor__"], rtol=rtol, atol=atol)
    elif isinstance(want, dict):
        assert isinstance(got, dict), (path, got)
        assert sorted(map(str, got)) == sorted(want), (path, sorted(got), sorted(want))
        for k, v in got.items():
            compare(v, want[str(k)], f"{path}.{k}", rtol, atol)
    elif isinstance(want, list):
        assert isinstance(got, (list, tuple)), (path, got)
        assert len(got) == len(want), (path, got, want)
        for k, (g, w) in enumerate(zip(got, want)):
            compare(g, w, f"{path}[{k}]", rtol, atol)
    elif isinstance(want, str):
        assert isinstance(got, str), (path, got)
        assert _text(got) == want, f"{path}:\n--- jtorch ---\n{got}\n--- torch ---\n{want}"
    elif isinstance(want, float):
        assert abs(got - want) <= atol + rtol * abs(want), (path, got, want)
    else:
        assert type(got) is type(want) and got == want, (path, got, want)


def check(group, name):
    """Run scenario `name` of `group` with jtorch and compare with PyTorch's result."""
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cases.ALL[group][name](torch)
    compare(got, REF[group][name], name)
