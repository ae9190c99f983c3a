"""Assorted math ops (jtorch/_ops/misc_math.py) against PyTorch and NumPy.

Parity cases come from tests/reference/misc_math.json (written by gen_misc_math.py with real
PyTorch): each is an expression over named inputs, evaluated here with `torch` bound to jtorch,
and its recorded result or exception (type and message) must be reproduced, deferred and eager.
Value-dependent errors (negative cov weights, a non-finite histc range) may surface at the next
sync point with the recording site appended, so their messages are compared as prefixes.
"""
import builtins
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
from conftest import load_reference, assert_matches, _numbers, ip

REF = load_reference("misc_math")
INPUTS = REF["inputs"]
CASES = REF["cases"]

_TOL = {"torch.float16": 1e-3, "torch.bfloat16": 8e-3, "torch.float32": 2e-6,
        "torch.float64": 1e-12}


def _make(rec):
    """A jtorch tensor from a reference record (values are exact for their dtype)."""
    dt = getattr(torch, rec["dtype"].split(".", 1)[1])
    vals = _numbers(rec["value"])
    if dt.is_floating_point:
        arr = np.asarray(vals, np.float64).reshape(rec["shape"])
    elif dt is torch.bool:
        arr = np.asarray(vals, bool).reshape(rec["shape"])
    else:
        arr = np.asarray(vals, np.int64).reshape(rec["shape"])
    return torch.tensor(arr, dtype=dt)


def _env(expr):
    names = set(re.findall(r"[A-Za-z_]\w*", expr)) & INPUTS.keys()
    env = {n: _make(INPUTS[n]) for n in names}
    env.update(torch=torch, nan=float("nan"), inf=float("inf"), ip=ip)
    return env


def _force(r):
    """Observe every tensor in a result (a sync point), so deferred errors surface."""
    if isinstance(r, torch.Tensor):
        r.numpy()
    elif isinstance(r, tuple):
        for x in r:
            _force(x)
    return r


def _check(got, exp):
    if "t" in exp:
        rec = exp["t"]
        tol = _TOL.get(rec["dtype"], 0)
        assert_matches(got, rec, rtol=tol, atol=tol)
    elif "nt" in exp:
        assert type(got) is getattr(torch.return_types, exp["nt"])
        assert got._fields == tuple(exp["f"])
        for name, item, e in zip(exp["f"], got, exp["i"]):
            assert getattr(got, name) is item
            _check(item, e)
    elif "tup" in exp:
        assert type(got) is tuple and len(got) == len(exp["tup"])
        for g, e in zip(got, exp["tup"]):
            _check(g, e)
    else:
        assert type(got) is type(exp["py"]) and got == exp["py"]


@pytest.mark.parametrize("case", CASES, ids=[c["x"] for c in CASES])
def test_parity(case, mode, no_fusion):
    expr, exp = case["x"], case["r"]
    env = _env(expr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "err" in exp:
            exc = getattr(builtins, exp["err"])
            with pytest.raises(exc) as info:
                _force(eval(expr, env))
            if exc is not TypeError:  # PyTorch's argument-parser texts are not reproduced
                msg = str(info.value)
                assert msg == exp["msg"] or msg.startswith(exp["msg"] + " (recorded by "), msg
        else:
            _check(eval(expr, env), exp)


@pytest.mark.parametrize("case", REF["grads"], ids=[c["x"] for c in REF["grads"]])
def test_gradient_parity(case, mode):
    """Backward through each differentiable op matches PyTorch's gradient."""
    x = _make(INPUTS["gx"]).requires_grad_()
    w = _make(INPUTS["gw"])
    eval(case["x"], {"x": x, "w": w, "torch": torch, "inf": float("inf")}).backward()
    assert_matches(x.grad, case["grad"], rtol=1e-5, atol=1e-5)


# ---- autograd specifics -----------------------------------------------------------------------
def test_not_differentiable_ops_raise_at_backward():
    """heaviside and weighted bincount have no derivative in PyTorch: grad_fn NotImplemented,
    backward raises; histc's result never requires grad."""
    g = torch.tensor([1., 0., -2.], requires_grad=True)
    h = torch.heaviside(g, torch.tensor(0.5))
    assert h.requires_grad and type(h.grad_fn).__name__ == "NotImplemented"
    with pytest.raises(RuntimeError, match="derivative for aten::heaviside is not implemented"):
        h.sum().backward()
    b = torch.bincount(torch.tensor([0, 1, 1]), weights=g)
    assert b.requires_grad
    with pytest.raises(RuntimeError, match="derivative for aten::bincount is not implemented"):
        b.sum().backward()
    assert not torch.histc(g, 3).requires_grad


def test_grad_fn_names():
    g = torch.tensor([[1., 2.], [3., 5.]], requires_grad=True)
    assert type(torch.dist(g, g * 2).grad_fn).__name__ == "DistBackward0"
    assert type(torch.frexp(g).mantissa.grad_fn).__name__ == "FrexpBackward0"
    assert not torch.frexp(g).exponent.requires_grad
    assert type(torch.diff(g).grad_fn).__name__ == "SubBackward0"
    assert type(torch.renorm(g, 2, 0, 1).grad_fn).__name__ == "RenormBackward0"
    assert type((g * 1).fill_diagonal_(2.).grad_fn).__name__ == "CopySlices"


def test_frexp_and_nextafter_gradients():
    """frexp's mantissa has derivative 2**-exponent; nextafter passes the gradient to input
    only (PyTorch's formulas)."""
    x = torch.tensor([3., -0.3, 40.], requires_grad=True)
    torch.frexp(x).mantissa.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [0.25, 2., 1 / 64])
    a = torch.tensor([1., 0., -2.], requires_grad=True)
    o = torch.tensor([3., 3., 3.], requires_grad=True)
    torch.nextafter(a, o).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), [1., 1., 1.])
    np.testing.assert_array_equal(o.grad.numpy(), [0., 0., 0.])


def test_vander_gradient():
    """PyTorch's own vander backward fails (it writes its result in place); jtorch's is the
    derivative of the powers: d/dx sum(w * x**k) = sum(w * k * x**(k-1))."""
    x = torch.tensor([0.5, -2., 3.], requires_grad=True)
    w = np.arange(12.).reshape(3, 4)
    (torch.vander(x, 4) * torch.tensor(w, dtype=torch.float32)).sum().backward()
    k = np.arange(3, -1, -1)
    xv = np.array([0.5, -2., 3.])[:, None]
    want = (w * k * np.where(k > 0, xv ** np.maximum(k - 1, 0), 0)).sum(1)
    np.testing.assert_allclose(x.grad.numpy(), want, rtol=1e-6)


def test_fill_diagonal_inplace_and_autograd():
    t = torch.zeros(3, 3)
    assert t.fill_diagonal_(1.5) is t
    np.testing.assert_array_equal(t.numpy(), np.eye(3) * 1.5)
    leaf = torch.ones(2, 2, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        leaf.fill_diagonal_(0.)
    y = leaf * 3
    y.fill_diagonal_(0.)
    y.sum().backward()
    np.testing.assert_array_equal(leaf.grad.numpy(), [[0., 3.], [3., 0.]])


def test_sum_to_size_returns_self_for_same_shape():
    f = torch.ones(2, 3)
    assert f.sum_to_size(2, 3) is f
    assert f.sum_to_size((2, 3)) is f


def test_cov_warns_on_nonpositive_degrees_of_freedom():
    with pytest.warns(UserWarning, match=r"cov\(\): degrees of freedom is <= 0"):
        r = torch.cov(torch.tensor([[1., 2.]]), correction=2)
    assert r.item() == float("inf")


def test_cov_weight_checks_are_deferred_to_sync():
    """Negative weights are a value-dependent error: raised at the call when the weights are
    already computed (as PyTorch), else at the next sync point, naming the recording line."""
    with pytest.raises(RuntimeError, match=r"^cov\(\): fweights cannot be negative$"):
        torch.cov(torch.tensor([[1., 2., 4.]]), fweights=torch.tensor([1, -2, 3]))
    pending = torch.tensor([1, -2, 3]) * 1
    r = torch.cov(torch.tensor([[1., 2., 4.]]), fweights=pending)
    with pytest.raises(RuntimeError, match=r"cov\(\): fweights cannot be negative \(recorded "
                                           r"by .*test_misc_math.py"):
        r.numpy()


def test_bincount_and_unravel_index_and_tri_indices_dtypes():
    assert torch.bincount(torch.tensor([2, 2, 0])).tolist() == [1, 0, 2]
    rows, cols = torch.unravel_index(torch.tensor([7], dtype=torch.int32), (3, 4))
    assert rows.dtype is torch.int64 and (rows.item(), cols.item()) == (1, 3)
    t = torch.tril_indices(4, 4, dtype=torch.int32)
    assert t.dtype is torch.int32 and t.device == torch.device("cpu")


def test_isin_not_a_method_and_trapezoid_not_a_method():
    """As in PyTorch: isin, trapezoid, vander and unravel_index are functions only."""
    t = torch.ones(2)
    for name in ("isin", "trapezoid", "trapz", "cumulative_trapezoid", "vander",
                 "unravel_index", "tril_indices"):
        assert not hasattr(t, name), name
    for name in ("fill_diagonal_", "sum_to_size"):
        assert not hasattr(torch, name), name


def test_out_keyword():
    out = torch.empty(0, dtype=torch.int64)
    r = torch.gcd(torch.tensor([12, 18]), torch.tensor([8, 12]), out=out)
    assert r is out and out.tolist() == [4, 6]


# ---- properties against NumPy -----------------------------------------------------------------
_ints = st.lists(st.integers(-50, 50), min_size=0, max_size=12)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(-1000, 1000), min_size=1, max_size=10), st.integers(0, 4))
def test_diff_matches_numpy(vals, n):
    a = np.asarray(vals, np.int64)
    np.testing.assert_array_equal(torch.diff(torch.tensor(a), n=n).numpy(), np.diff(a, n=n))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.floats(-100, 100, width=32), min_size=2, max_size=8),
       st.lists(st.floats(-100, 100, width=32), min_size=1, max_size=3))
def test_diff_prepend_matches_numpy(vals, pre):
    a, p = np.asarray(vals, np.float32), np.asarray(pre, np.float32)
    got = torch.diff(torch.tensor(a), prepend=torch.tensor(p)).numpy()
    np.testing.assert_array_equal(got, np.diff(a, prepend=p))


@settings(max_examples=20, deadline=None)
@given(_ints, _ints, st.booleans())
def test_isin_matches_numpy(elements, test, invert):
    e, t = np.asarray(elements, np.int64), np.asarray(test, np.int64)
    got = torch.isin(torch.tensor(e), torch.tensor(t), invert=invert).numpy()
    np.testing.assert_array_equal(got, np.isin(e, t, invert=invert))


@settings(max_examples=20, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=20), st.integers(0, 40),
       st.booleans())
def test_bincount_matches_numpy(vals, minlength, weighted):
    a = np.asarray(vals, np.int64)
    w = np.linspace(-1, 1, len(vals)) if weighted else None
    got = torch.bincount(torch.tensor(a), None if w is None else torch.tensor(w),
                         minlength=minlength).numpy()
    np.testing.assert_allclose(got, np.bincount(a, w, minlength=minlength), rtol=1e-12)


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 4), st.integers(2, 7), st.integers(0, 1), st.booleans())
def test_cov_matches_numpy(nvars, nobs, ddof, weighted):
    rng = np.random.default_rng(nvars * 100 + nobs)
    x = rng.standard_normal((nvars, nobs))
    fw = rng.integers(1, 4, nobs) if weighted else None
    aw = rng.uniform(0.5, 2, nobs) if weighted else None
    got = torch.cov(torch.tensor(x), correction=ddof,
                    fweights=None if fw is None else torch.tensor(fw),
                    aweights=None if aw is None else torch.tensor(aw)).numpy()
    want = np.cov(x, ddof=ddof, fweights=fw, aweights=aw)
    np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 6), st.integers(0, 6), st.integers(-7, 7))
def test_tri_indices_match_numpy(row, col, offset):
    np.testing.assert_array_equal(torch.tril_indices(row, col, offset).numpy(),
                                  np.stack(np.tril_indices(row, offset, col)).reshape(2, -1))
    np.testing.assert_array_equal(torch.triu_indices(row, col, offset).numpy(),
                                  np.stack(np.triu_indices(row, offset, col)).reshape(2, -1))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(-2 ** 31, 2 ** 31), min_size=1, max_size=8),
       st.lists(st.integers(-2 ** 31, 2 ** 31), min_size=1, max_size=1))
def test_gcd_lcm_match_numpy(a, b):
    x, y = np.asarray(a, np.int64), np.asarray(b * len(a), np.int64)
    np.testing.assert_array_equal(torch.gcd(torch.tensor(x), torch.tensor(y)).numpy(),
                                  np.gcd(x, y))
    np.testing.assert_array_equal(torch.lcm(torch.tensor(x), torch.tensor(y)).numpy(),
                                  np.lcm(x, y))
