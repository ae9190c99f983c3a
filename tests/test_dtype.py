"""dtypes and type promotion (jtorch/_dtype.py) against PyTorch.

Parity: the dtype cases of tests/reference/elementwise.json (written by gen_elementwise.py with
real PyTorch): promote_types and can_cast over all pairs of the ten dtypes, result_type for
tensors, 0-dim tensors and Python/NumPy scalars of every kind, dtype attributes, finfo/iinfo
fields and reprs, and what torch.set_default_dtype changes.
"""
import copy
import pickle
import warnings

import numpy as np
import pytest

import jtorch as T
from conftest import load_reference
from test_elementwise import INPUTS, check_result, check_error, ip

REF = load_reference("elementwise")
DTYPE_CASES = REF["dtype_cases"]
DEFAULT_CASES = REF["default_cases"]
NAMES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
         "float64"]
_ENV = {}


def env():
    if not _ENV:
        _ENV.update({k: T.tensor(a) for k, a in INPUTS.items()})
        _ENV.update(T=T, np=np, nan=float("nan"), inf=float("inf"), ip=ip)
    return dict(_ENV)


def evaluate(expr, ref):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in ref:
            with pytest.raises(Exception) as info:
                eval(expr, env())
            check_error(expr, info.value, ref)
            return
        got = eval(expr, env())
    check_result(got, ref, True, expr)


@pytest.fixture(autouse=True)
def _restore_default_dtype():
    yield
    T.set_default_dtype(T.float32)


@pytest.mark.parametrize("case", DTYPE_CASES, ids=[c["expr"] for c in DTYPE_CASES])
def test_dtype_parity(case):
    evaluate(case["expr"], case["result"])


DEFAULT_DTYPE_CASES = [c for c in DEFAULT_CASES if c["expr"].endswith(".dtype") or "finfo" in
                       c["expr"] or "get_default" in c["expr"] or "result_type" in c["expr"]]


@pytest.mark.parametrize("case", DEFAULT_DTYPE_CASES,
                         ids=[f"{c['default']}:{c['expr']}" for c in DEFAULT_DTYPE_CASES])
def test_default_dtype(mode, case):
    T.set_default_dtype(getattr(T, case["default"]))
    evaluate(case["expr"], case["result"])


def test_promotion_table_is_complete():
    """All 100 pairs are in the reference and jtorch's table is symmetric."""
    pairs = [c for c in DTYPE_CASES if c["expr"].startswith("T.promote_types(T.") and
             "'" not in c["expr"]]
    assert len(pairs) == 100
    for a in NAMES:
        for b in NAMES:
            da, db = getattr(T, a), getattr(T, b)
            assert T.promote_types(da, db) is T.promote_types(db, da)


def test_dtype_objects():
    assert T.float is T.float32 and T.double is T.float64 and T.half is T.float16
    assert T.long is T.int64 and T.int is T.int32 and T.short is T.int16
    assert isinstance(T.float32, T.dtype)
    assert repr(T.bfloat16) == "torch.bfloat16" and str(T.uint8) == "torch.uint8"
    assert pickle.loads(pickle.dumps(T.float16)) is T.float16
    assert copy.deepcopy(T.int8) is T.int8
    assert {T.float32: 1}[T.float] == 1
    assert T.float32 != T.float64 and T.float32 != "float32"


def test_python_types_as_dtype():
    """As in PyTorch's argument parser, `float` means float64 whatever the default dtype."""
    T.set_default_dtype(T.float16)
    assert T.zeros(1, dtype=float).dtype is T.float64
    assert T.tensor([1], dtype=int).dtype is T.int64
    assert T.ones(1, dtype=bool).dtype is T.bool


def test_set_default_dtype_changes_floats():
    T.set_default_dtype(T.float64)
    assert T.get_default_dtype() is T.float64
    assert T.tensor(1.5).dtype is T.float64
    assert T.tensor([1, 2]).float().dtype is T.float32  # .float() is always float32
    assert T.arange(3.).dtype is T.float64
    assert T.div(T.tensor([1]), 2).dtype is T.float64
    assert T.result_type(T.tensor([1]), 1.5) is T.float64
    assert T.result_type(T.tensor([1.], dtype=T.float16), 1.5) is T.float16


def test_operators_follow_default_dtype():
    x = T.tensor([1, 2])
    assert (x / 2).dtype is T.float32
    T.set_default_dtype(T.float64)
    assert (x / 2).dtype is T.float64
    assert (x * 1.5).dtype is T.float64


def test_set_default_dtype_errors():
    with pytest.raises(TypeError, match="only floating-point types are supported as the "
                                        "default type"):
        T.set_default_dtype(T.int64)
    with pytest.raises(TypeError, match="invalid dtype object"):
        T.set_default_dtype(float)
    assert T.get_default_dtype() is T.float32


def test_finfo_iinfo():
    f = T.finfo(T.float16)
    assert (f.bits, f.max, f.eps, f.resolution, f.dtype) == (16, 65504.0, 2 ** -10, 0.001,
                                                               "float16")
    assert T.finfo().dtype == "float32"
    assert T.iinfo(T.uint8).max == 255 and T.iinfo(T.int64).min == -2 ** 63
    assert repr(T.iinfo(T.int32)) == "iinfo(min=-2.14748e+09, max=2.14748e+09, dtype=int32)"
    with pytest.raises(TypeError, match="torch.bool is not supported by torch.iinfo"):
        T.iinfo(T.bool)
    with pytest.raises(TypeError, match="torch.finfo\\(\\) requires a floating point input"):
        T.finfo(T.int32)


def test_dtype_argument_errors():
    with pytest.raises(TypeError, match="zeros\\(\\): argument 'dtype' must be torch.dtype, not "
                                        "str"):
        T.zeros(2, dtype="float32")
    with pytest.raises(TypeError, match="promote_types\\(\\): argument 'type2' \\(position 2\\) "
                                        "must be torch.dtype, not str"):
        T.promote_types(T.float32, "float32")
    with pytest.raises(TypeError, match="can_cast\\(\\): argument 'from_' \\(position 1\\)"):
        T.can_cast(3, T.float32)
