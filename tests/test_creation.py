"""Tensor creation (jtorch/_creation.py) against PyTorch.

Parity: every expression of tests/reference/creation.json (written by gen_creation.py with real
PyTorch) is evaluated with `T` bound to jtorch, deferred and eager: torch.tensor's dtype
inference and errors, as_tensor/from_numpy, the factories with every form of `size`, full's
dtype inference and overflow checks, arange/linspace/logspace values bit for bit, eye, the legacy
constructors (torch.Tensor(2, 3), torch.FloatTensor([1, 2]) ...), and default-dtype effects.
"""
import math
import warnings

import numpy as np
import pytest

import jtorch as T
from conftest import load_reference
from test_elementwise import check_tensor, check_error

REF = load_reference("creation")
CASES = REF["cases"]
# ulp-level differences of pow between XLA and PyTorch's CPU kernels
NOT_EXACT = ("logspace", "T.sqrt(")


@pytest.fixture(autouse=True)
def _setup():
    old = T.runtime.config["fuse_after"]
    T.runtime.config["fuse_after"] = 10 ** 9
    yield
    T.runtime.config["fuse_after"] = old
    T.set_default_dtype(T.float32)


def evaluate(expr, ref):
    g = {"T": T, "np": np}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in ref:
            with pytest.raises(Exception) as info:
                eval(expr, g)
            check_error(expr, info.value, ref)
            return
        got = eval(expr, g)
    if "tensor" in ref:
        check_tensor(got, ref["tensor"], not any(k in expr for k in NOT_EXACT), expr)
        assert got.requires_grad == ref["requires_grad"], expr
    elif "repr" in ref:
        assert repr(got) == ref["repr"], (expr, repr(got), ref["repr"])
    elif ref.get("float"):
        assert math.isnan(got) if ref["python"] == "nan" else got == float(ref["python"])
    else:
        assert type(got) is type(ref["python"]) and got == ref["python"], (expr, got, ref)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_parity(mode, case):
    evaluate(case["expr"], case["result"])


@pytest.mark.parametrize("case", REF["default_cases"],
                         ids=[f"{c['default']}:{c['expr']}" for c in REF["default_cases"]])
def test_default_dtype_parity(mode, case):
    T.set_default_dtype(getattr(T, case["default"]))
    evaluate(case["expr"], case["result"])


def test_factories_record_without_sync():
    """Factories are pending nodes (no host transfer, no compute until used)."""
    T.sync()
    z = T.zeros(3, 4)
    assert z._nd.value is None
    assert (z + 1).sum().item() == 12


def test_size_forms_agree():
    for make in (T.zeros, T.ones, T.empty):
        shapes = {tuple(make(2, 3).shape), tuple(make((2, 3)).shape),
                  tuple(make([2, 3]).shape), tuple(make(T.Size([2, 3])).shape),
                  tuple(make(size=(2, 3)).shape), tuple(make(np.int64(2), 3).shape)}
        assert shapes == {(2, 3)}
    assert T.zeros(()).shape == () and T.zeros(0).shape == (0,)


def test_tensor_copies_and_as_tensor_shares():
    a = T.tensor([1., 2.])
    b = T.tensor(a)
    b.add_(1)
    assert a.tolist() == [1, 2]
    assert T.as_tensor(a) is a
    assert T.as_tensor(a, dtype=T.float64) is not a


def test_from_numpy_keeps_dtype_and_shape():
    for dt in (np.float64, np.float32, np.float16, np.int64, np.int32, np.int16, np.int8,
               np.uint8, np.bool_):
        a = np.arange(6).reshape(2, 3).astype(dt)
        t = T.from_numpy(a)
        assert t.dtype.np == np.dtype(dt) and t.shape == (2, 3)
        np.testing.assert_array_equal(t.numpy(), a)
    assert T.from_numpy(np.array(2.5)).shape == ()
    assert T.from_numpy(np.arange(8)[::2]).tolist() == [0, 2, 4, 6]


def test_unsupported_numpy_dtypes_raise():
    """jtorch has no complex or uint16/32/64 dtypes: TypeError, as PyTorch gives for other
    unsupported NumPy types."""
    for a in (np.zeros(2, np.uint16), np.zeros(2, np.complex64), np.array(["a"])):
        with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy"):
            T.from_numpy(a)
        with pytest.raises(TypeError, match="can't convert np.ndarray of type numpy"):
            T.tensor(a)
    with pytest.raises(TypeError, match="complex"):
        T.full((2,), 1 + 2j)


def test_legacy_types():
    x = T.FloatTensor([1, 2])
    assert isinstance(x, T.FloatTensor) and not isinstance(x, T.LongTensor)
    assert isinstance(T.LongTensor(3), T.LongTensor) and T.LongTensor(3).shape == (3,)
    assert isinstance(x, T.Tensor)
    assert x.type() == "torch.FloatTensor" and x.type(T.LongTensor).dtype is T.int64
    assert repr(T.FloatTensor) == "<class 'torch.FloatTensor'>"
    T.set_default_dtype(T.float64)
    assert T.Tensor([1, 2]).dtype is T.float64


def test_arange_length_and_values():
    assert len(T.arange(0, 1, 0.1)) == 10
    assert len(T.arange(0, 1, 1 / 3)) == 3
    assert T.arange(10, 0, -3).tolist() == [10, 7, 4, 1]
    assert T.arange(0, 10, 3, dtype=T.uint8).dtype is T.uint8
    assert T.arange(5).dtype is T.int64 and T.arange(5.).dtype is T.float32


def test_error_paths():
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype "
                                           "can require gradients"):
        T.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="zeros: Dimension size must be non-negative."):
        T.zeros(-1)
    with pytest.raises(RuntimeError, match="Trying to create tensor with negative dimension -2"):
        T.ones(3, -2)
    with pytest.raises(TypeError, match="argument 'size' \\(position 1\\) must be tuple of ints, "
                                        "not float"):
        T.zeros(2.5)
    with pytest.raises(RuntimeError, match="value cannot be converted to type int8_t without "
                                           "overflow"):
        T.full((2,), 300, dtype=T.int8)
    with pytest.raises(RuntimeError, match="value cannot be converted to type uint8 without "
                                           "overflow"):
        T.tensor([300], dtype=T.uint8)
    with pytest.raises(ValueError, match="Overflow when unpacking long long"):
        T.tensor([2 ** 63])
    with pytest.raises(ValueError, match="expected sequence of length 2 at dim 1 \\(got 1\\)"):
        T.tensor([[1, 2], [3]])
    with pytest.raises(RuntimeError, match="Could not infer dtype of NoneType"):
        T.tensor([None])
    with pytest.raises(TypeError, match="new\\(\\): invalid data type 'str'"):
        T.tensor("abc")
    with pytest.raises(RuntimeError, match="upper bound and lower bound inconsistent with step "
                                           "sign"):
        T.arange(0, 5, -1)
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        T.arange(0, 5, 0)
    with pytest.raises(RuntimeError, match="number of steps must be non-negative"):
        T.linspace(0, 1, -1)
    with pytest.raises(RuntimeError, match="n must be greater or equal to 0, got -1"):
        T.eye(-1)
    with pytest.raises(TypeError, match="zeros_like\\(\\): argument 'input' \\(position 1\\) must "
                                        "be Tensor, not int"):
        T.zeros_like(3)
    with pytest.raises(TypeError, match="zeros\\(\\) got multiple values for argument 'size'"):
        T.zeros(2, size=(3,))
