"""Tensor printing parity with PyTorch (reference: tests/reference/gen_printing.py)."""
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch
from jtorch import _tensor_str
from conftest import load_reference

REF = load_reference("printing")
CASES = {c["name"]: c for c in REF["cases"]}
NP = {"bool": np.bool_, "uint8": np.uint8, "int8": np.int8, "int16": np.int16,
      "int32": np.int32, "int64": np.int64}


@pytest.fixture(autouse=True)
def _restore_print_state():
    """Every test starts and ends with PyTorch's default print options and default dtype."""
    jtorch.set_printoptions(profile="default")
    old = jtorch.get_default_dtype()
    yield
    jtorch.set_printoptions(profile="default")
    jtorch.set_default_dtype(old)


def _values(vals):
    return [float(v) if isinstance(v, str) else v for v in vals]


def build(c):
    """Replay a reference recipe with jtorch."""
    dtype = getattr(jtorch, c["dtype"])
    vals = _values(c["values"])
    a = np.array(vals, dtype=NP.get(c["dtype"], np.float64))
    a = np.resize(a, c["shape"]) if a.size != math.prod(c["shape"]) else a.reshape(c["shape"])
    t = jtorch.tensor(a, dtype=dtype)
    if c["post"] == "t":
        t = t.t()
    elif c["post"] == "step":
        t = t[::2]
    if c["requires_grad"]:
        t.requires_grad_(True)
    return t


def test_enough_reference_cases():
    assert len(REF["cases"]) >= 60
    dtypes = {c["dtype"] for c in REF["cases"]}
    assert dtypes == {"bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16",
                      "float32", "float64"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_repr_matches_torch(name, mode):
    c = CASES[name]
    if c["default_dtype"]:
        jtorch.set_default_dtype(getattr(jtorch, c["default_dtype"]))
    t = build(c)
    if c["options"]:
        jtorch.set_printoptions(**c["options"])
    assert repr(t) == c["repr"]
    assert str(t) == c["repr"]


def test_pending_tensor_prints_its_value(mode):
    x = jtorch.tensor([1.0, 2.0, 3.0])
    y = x * 2 - 1  # pending until printed
    assert repr(y) == "tensor([1., 3., 5.])"
    assert repr(jtorch.arange(6).reshape(2, 3).t()) == "tensor([[0, 3],\n        [1, 4],\n        [2, 5]])"


@pytest.mark.parametrize("case", REF["grad_fn"], ids=lambda c: c["name"])
def test_grad_fn_suffix(case, mode):
    """Results of autograd-recorded ops print their grad_fn exactly as PyTorch."""
    x = jtorch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    build = {"mul": lambda x: x * 2, "select": lambda x: x[1], "neg": lambda x: -x,
             "add": lambda x: x + 1}[case["name"]]
    assert repr(build(x)) == case["repr"]


def test_requires_grad_suffix():
    t = jtorch.tensor([1.0, 2.0], requires_grad=True)
    assert repr(t) == "tensor([1., 2.], requires_grad=True)"
    assert repr(t.detach()) == "tensor([1., 2.])"
    t64 = jtorch.tensor([1.0], dtype=jtorch.float64, requires_grad=True)
    assert repr(t64) == "tensor([1.], dtype=torch.float64, requires_grad=True)"


@pytest.mark.parametrize("case", REF["format"], ids=lambda c: c["dtype"] + c["spec"])
def test_format_0d(case):
    t = jtorch.tensor(case["value"], dtype=getattr(jtorch, case["dtype"]))
    assert f"{t:{case['spec']}}" == case["text"]
    assert format(t, case["spec"]) == case["text"]


def test_format_empty_spec_is_repr():
    t = jtorch.tensor([1.5, 2.0])
    assert f"{t}" == repr(t) == "tensor([1.5000, 2.0000])"
    assert f"{jtorch.tensor(2.0)}" == "2.0"  # a 0-d tensor formats as its number


def test_printoptions_defaults_and_profiles():
    assert _tensor_str.get_printoptions() == REF["default_options"]
    jtorch.set_printoptions(profile="short")
    assert _tensor_str.get_printoptions() == REF["short_options"]
    jtorch.set_printoptions(profile="full")
    assert _tensor_str.get_printoptions()["threshold"] == math.inf
    jtorch.set_printoptions(profile="default")
    assert _tensor_str.get_printoptions() == REF["default_options"]


def test_set_printoptions_resets_sci_mode_and_keeps_others():
    jtorch.set_printoptions(sci_mode=True, precision=6)
    assert _tensor_str.get_printoptions()["sci_mode"] is True
    jtorch.set_printoptions(linewidth=100)
    opts = _tensor_str.get_printoptions()
    assert opts["sci_mode"] is None and opts["precision"] == 6 and opts["linewidth"] == 100
    # get_printoptions round-trips through set_printoptions
    jtorch.set_printoptions(**REF["default_options"])
    assert _tensor_str.get_printoptions() == REF["default_options"]


def test_printoptions_context_manager_restores():
    t = jtorch.tensor([1.23456])
    with _tensor_str.printoptions(precision=2):
        assert repr(t) == "tensor([1.23])"
    assert repr(t) == "tensor([1.2346])"


def test_default_dtype_changes_suffix():
    t32 = jtorch.tensor([1.5], dtype=jtorch.float32)
    t64 = jtorch.tensor([1.5], dtype=jtorch.float64)
    assert repr(t64) == "tensor([1.5000], dtype=torch.float64)"
    jtorch.set_default_dtype(jtorch.float64)
    assert repr(t64) == "tensor([1.5000])"
    assert repr(t32) == "tensor([1.5000], dtype=torch.float32)"


@pytest.mark.skipif(not jtorch.cuda.is_available(), reason="needs a GPU")
def test_cuda_device_suffix():
    t = jtorch.tensor([1.0, 2.0], device="cuda")
    assert repr(t) == "tensor([1., 2.], device='cuda:0')"
    t = jtorch.tensor([1, 2], dtype=jtorch.int32, device="cuda", requires_grad=False)
    assert repr(t) == "tensor([1, 2], device='cuda:0', dtype=torch.int32)"
    assert repr(jtorch.zeros(0, 2, device="cuda")) == "tensor([], device='cuda:0', size=(0, 2))"


# ---- properties against NumPy-derived expectations ------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(-10**12, 10**12), min_size=1, max_size=30))
def test_int_vector_elements_right_aligned(vals):
    text = repr(jtorch.tensor(vals))
    assert text.startswith("tensor([") and text.endswith("])")
    items = re.split(r",\n {8}|, ", text[len("tensor(["):-2])
    assert [int(s) for s in items] == vals
    # every element is right-aligned to the widest one; lines hold floor(72 / (width + 2))
    width = max(len(str(v)) for v in vals)
    assert all(len(s) == width for s in items)
    per_line = max(1, 72 // (width + 2))
    assert text.count("\n") == (len(vals) - 1) // per_line


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e3, 1e3, allow_nan=False, width=32), min_size=1, max_size=20))
def test_float_vector_values_round_trip(vals):
    t = jtorch.tensor(np.array(vals, dtype=np.float32))
    text = repr(t)
    body = text[len("tensor(["):-2].replace("\n", " ")
    got = np.array([float(s) for s in body.split(",")])
    # half a unit in the last printed digit at most (4 decimals, or 5 significant digits)
    want = np.array(vals, dtype=np.float32).astype(np.float64)
    tol = np.maximum(0.5e-4, np.abs(want) * 0.5e-4) * (1 + 1e-9)
    assert np.all(np.abs(got - want) <= tol)


def test_format_of_a_zero_dim_tensor_with_empty_spec_is_its_number():
    assert f"{jtorch.tensor(0.5)}" == "0.5"
    assert f"{jtorch.tensor(3)}" == "3"
    assert f"{jtorch.tensor([1.0, 2.0])}" == "tensor([1., 2.])"
