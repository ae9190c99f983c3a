"""Reductions, scans and sorting (jtorch/_ops/reduction.py) against PyTorch and NumPy.

Parity cases come from tests/reference/reduction.json (written by gen_reduction.py with real
PyTorch): each is an expression over named inputs, evaluated here with `torch` bound to jtorch,
and its recorded result or exception (type and message) must be reproduced, deferred and eager.
"""
import builtins
import copy
import pickle
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
from conftest import load_reference, assert_matches, _numbers

REF = load_reference("reduction")
INPUTS = REF["inputs"]
CASES = REF["cases"]

_TOL = {"torch.float16": 1e-3, "torch.bfloat16": 8e-3, "torch.float32": 1e-5,
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
    env.update(torch=torch, nan=float("nan"), inf=float("inf"))
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
        assert type(got).__name__ == exp["nt"], type(got)
        assert type(got) is getattr(torch.return_types, exp["nt"])
        assert isinstance(got, tuple) and len(got) == len(exp["i"])
        assert got._fields == tuple(exp["f"])
        for name, item, e in zip(exp["f"], got, exp["i"]):
            assert getattr(got, name) is item
            _check(item, e)
    elif "tup" in exp:
        assert type(got) is tuple and len(got) == len(exp["tup"])
        for g, e in zip(got, exp["tup"]):
            _check(g, e)
    else:
        assert got == exp["py"]


@pytest.mark.parametrize("case", CASES, ids=[c["x"] for c in CASES])
def test_parity(case, mode):
    expr, exp = case["x"], case["r"]
    env = _env(expr)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "err" in exp:
            exc = getattr(builtins, exp["err"])
            with pytest.raises(exc) as info:
                _force(eval(expr, env))
            if exc is not TypeError:  # PyTorch's argument-parser texts are not reproduced
                assert str(info.value) == exp["msg"]
        else:
            _check(eval(expr, env), exp)


@pytest.mark.parametrize("case", REF["grads"], ids=[c["x"] for c in REF["grads"]])
def test_gradient_parity(case, mode):
    """Backward through each op matches PyTorch's, including its tie rules."""
    x = _make(INPUTS["gx"]).requires_grad_()
    w = _make(INPUTS["gw"])
    eval(case["x"], {"x": x, "w": w, "torch": torch}).backward()
    assert_matches(x.grad, case["grad"], rtol=1e-5, atol=1e-6)


def test_reference_covers_every_op():
    ops = ["sum", "mean", "nansum", "nanmean", "prod", "std", "var", "std_mean", "var_mean",
           "max", "min", "amax", "amin", "aminmax", "argmax", "argmin", "all", "any", "norm",
           "logsumexp", "cumsum", "cumprod", "cummax", "cummin", "median", "nanmedian", "mode",
           "topk", "sort", "argsort", "msort", "unique", "unique_consecutive", "count_nonzero",
           "kthvalue", "quantile", "nanquantile"]
    text = " ".join(c["x"] for c in CASES)
    for name in ops:
        assert re.search(rf"\b{name}\(", text), name
        assert callable(getattr(torch, name))
    assert sum(1 for c in CASES if "err" in c["r"]) > 100


# ---- named tuples ---------------------------------------------------------------------------
def test_return_type_behaves_like_structseq():
    x = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    r = x.max(1)
    values, indices = r
    assert r.values is values and r[1] is indices and r[-1] is indices
    assert type(r).__name__ == "max" and r.n_fields == 2 and r.n_sequence_fields == 2
    assert repr(r) == f"torch.return_types.max(\nvalues={values!r},\nindices={indices!r})"
    assert values.tolist() == [5.0, 6.0] and indices.tolist() == [1, 2]
    same = torch.return_types.max((values, indices))
    assert same == r and copy.copy(r) is r
    again = pickle.loads(pickle.dumps(r))
    assert type(again) is torch.return_types.max and again.indices.tolist() == [1, 2]
    with pytest.raises(TypeError, match=r"takes a 2-sequence \(3-sequence given\)"):
        torch.return_types.max((1, 2, 3))
    with pytest.raises(TypeError, match="constructor requires a sequence"):
        torch.return_types.max(5)
    mm = x.aminmax()
    assert mm._fields == ("min", "max") and mm.min.item() == 1.0 and mm.max.item() == 6.0


def test_return_type_is_a_pytree():
    import jax
    r = torch.return_types.sort((1, 2))
    leaves, tree = jax.tree_util.tree_flatten(r)
    assert leaves == [1, 2]
    assert type(jax.tree_util.tree_unflatten(tree, [3, 4])) is torch.return_types.sort


# ---- out=, in-place, warnings, deferred checks ----------------------------------------------
def test_out_arguments(mode):
    x = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
    o = torch.empty(3)
    assert torch.sum(x, 0, out=o) is o and o.tolist() == [5.0, 7.0, 9.0]
    v, i = torch.empty(2), torch.empty(2, dtype=torch.int64)
    res = torch.max(x, 1, out=(v, i))
    assert res[0] is v and v.tolist() == [5.0, 6.0] and i.tolist() == [1, 2]
    c = torch.empty(2, 3)
    torch.cumsum(x, 1, out=c)
    assert c.tolist() == [[1.0, 6.0, 9.0], [4.0, 6.0, 12.0]]


def test_inplace_cumsum(mode):
    x = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    same = x.cumsum_(0)
    assert same is x and x.tolist() == [[1.0, 2.0], [4.0, 6.0]]
    y = torch.tensor([1, 2, 3])
    y.cumprod_(0)
    assert y.tolist() == [1, 2, 6] and y.dtype == torch.int64


def test_degrees_of_freedom_warning():
    with pytest.warns(UserWarning, match=r"std\(\): degrees of freedom is <= 0"):
        r = torch.tensor([1.0]).std()
    assert np.isnan(r.item())
    with pytest.warns(UserWarning, match=r"var_mean\(\): degrees of freedom is <= 0"):
        torch.var_mean(torch.tensor([1.0, 2.0]), correction=2)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.tensor([1.0, 2.0]).var()


def test_quantile_pending_q_out_of_range_raises_at_sync():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = False
    try:
        q = torch.tensor([0.25, 0.75]) * 2.0   # pending: the range check is recorded
        r = torch.tensor([1.0, 2.0, 3.0]).quantile(q)
        with pytest.raises(RuntimeError, match=r"quantile\(\) q values must be in the range"):
            r.numpy()
    finally:
        torch.runtime.config["eager"] = old


def test_quantile_pending_q_in_range_is_fine(mode):
    q = torch.tensor([0.25, 0.5]) * 2.0
    r = torch.tensor([1.0, 2.0, 3.0]).quantile(q)
    assert r.tolist() == [2.0, 3.0]


def test_reductions_are_not_sync_points():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = False
    try:
        x = torch.tensor([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]]) * 1.0
        before = torch.runtime.stats["syncs"]
        outs = [x.sum(), x.mean(1), x.std(), x.max(0), x.argmax(), x.sort(1), x.topk(2),
                x.median(1), x.mode(0), x.cumsum(1), x.cummax(0), x.norm(), x.logsumexp(1),
                x.quantile(0.5, 1), x.kthvalue(2), x.all(), x.count_nonzero(0), x.aminmax()]
        assert torch.runtime.stats["syncs"] == before
        assert len(outs) == 18
        u = torch.unique(x)  # data-dependent shape: a sync point
        assert u.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    finally:
        torch.runtime.config["eager"] = old


# ---- ties and NaN ordering on long rows (PyTorch's CPU order of ties is unspecified there) ---
def _np(t):
    return np.asarray(t.numpy())


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.sampled_from([1, 2, 7, 16, 17, 33, 60]),
       desc=st.booleans())
def test_sort_is_stable_with_ties(seed, n, desc):
    a = np.random.default_rng(seed).integers(0, 4, (3, n)).astype(np.float32)
    r = torch.tensor(a).sort(dim=1, descending=desc, stable=True)   # (stable= takes keywords only)
    want = np.argsort(-a if desc else a, axis=1, kind="stable")
    np.testing.assert_array_equal(_np(r.indices), want)
    np.testing.assert_array_equal(_np(r.values), np.take_along_axis(a, want, 1))
    np.testing.assert_array_equal(_np(torch.tensor(a).argsort(1, descending=desc)), want)


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.sampled_from([1, 3, 16, 17, 40]), data=st.data())
def test_topk_kthvalue_mode_with_ties_are_consistent(seed, n, data):
    a = np.random.default_rng(seed).integers(0, 5, (2, n)).astype(np.float32)
    t = torch.tensor(a)
    k = data.draw(st.integers(1, n))
    for largest in (True, False):
        r = t.topk(k, 1, largest=largest)
        want = np.sort(a, 1)[:, ::-1][:, :k] if largest else np.sort(a, 1)[:, :k]
        np.testing.assert_array_equal(_np(r.values), want)
        np.testing.assert_array_equal(np.take_along_axis(a, _np(r.indices), 1), want)
    kv = t.kthvalue(k, 1)
    np.testing.assert_array_equal(_np(kv.values), np.sort(a, 1)[:, k - 1])
    np.testing.assert_array_equal(a[np.arange(2), _np(kv.indices)], _np(kv.values))
    m = t.mode(1)
    for row, v, i in zip(a, _np(m.values), _np(m.indices)):
        vals, counts = np.unique(row, return_counts=True)
        assert v == vals[np.argmax(counts)]          # the smallest most frequent value
        assert i == np.nonzero(row == v)[0][-1]       # at its last occurrence


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**31 - 1), n=st.sampled_from([1, 2, 5, 8, 17, 30]))
def test_median_with_nan(seed, n):
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 6, (3, n)).astype(np.float64)
    a[rng.random((3, n)) < 0.3] = np.nan
    t = torch.tensor(a)
    med, nmed = t.median(1), t.nanmedian(1)
    for r in range(3):
        row = a[r]
        if np.isnan(row).any():
            assert np.isnan(med.values[r].item())
            assert med.indices[r].item() == np.argmax(np.isnan(row))
        else:
            order = np.argsort(row, kind="stable")
            assert med.indices[r].item() == order[(n - 1) // 2]
        ok = row[~np.isnan(row)]
        if ok.size:
            assert nmed.values[r].item() == np.sort(ok)[(ok.size - 1) // 2]
            assert row[nmed.indices[r].item()] == nmed.values[r].item()
        else:
            assert np.isnan(nmed.values[r].item())
    s = np.sort(a, 1)  # NaN last, as PyTorch
    np.testing.assert_array_equal(_np(t.sort(1).values), s)


# ---- property tests against NumPy -----------------------------------------------------------
_DTYPES = {"float32": (torch.float32, np.float32), "float64": (torch.float64, np.float64),
           "int64": (torch.int64, np.int64)}


@st.composite
def _arrays(draw, dtypes=("float32", "float64", "int64"), low=-10, high=10):
    shape = tuple(draw(st.lists(st.integers(1, 4), min_size=1, max_size=3)))
    name = draw(st.sampled_from(dtypes))
    seed = draw(st.integers(0, 2**31 - 1))
    rng = np.random.default_rng(seed)
    if name == "int64":
        a = rng.integers(low, high, shape).astype(np.int64)
    else:
        a = rng.uniform(low, high, shape).astype(_DTYPES[name][1])
    return a, _DTYPES[name][0]


@st.composite
def _dims(draw, ndim):
    kind = draw(st.sampled_from(["none", "int", "neg", "tuple"]))
    if kind == "none":
        return None
    if kind == "int":
        return draw(st.integers(0, ndim - 1))
    if kind == "neg":
        return draw(st.integers(-ndim, -1))
    dims = draw(st.lists(st.integers(0, ndim - 1), min_size=1, max_size=ndim, unique=True))
    return tuple(dims)


def _tol(a):
    return dict(rtol=1e-5, atol=1e-4) if a.dtype == np.float32 else dict(rtol=1e-10, atol=1e-10)


@settings(max_examples=14, deadline=None)
@given(data=st.data())
def test_sum_mean_amax_amin_match_numpy(data):
    a, dt = data.draw(_arrays())
    dim = data.draw(_dims(a.ndim))
    keep = data.draw(st.booleans())
    t = torch.tensor(a)
    s = t.sum(dim, keep)
    want = np.sum(a, axis=dim, keepdims=keep)
    assert s.dtype == (torch.int64 if dt is torch.int64 else dt)
    np.testing.assert_allclose(_np(s), want, **_tol(a))
    np.testing.assert_array_equal(_np(t.amax(() if dim is None else dim, keep)),
                                  np.max(a, axis=dim, keepdims=keep))
    np.testing.assert_array_equal(_np(t.amin(axis=() if dim is None else dim, keepdims=keep)),
                                  np.min(a, axis=dim, keepdims=keep))
    if dt.is_floating_point:
        m = t.mean(dim=dim, keepdim=keep)
        assert m.dtype == dt
        np.testing.assert_allclose(_np(m), np.mean(a, axis=dim, keepdims=keep), **_tol(a))
    else:
        with pytest.raises(RuntimeError, match="mean"):
            t.mean(dim)


@settings(max_examples=14, deadline=None)
@given(data=st.data())
def test_std_var_match_numpy(data):
    a, dt = data.draw(_arrays(("float32", "float64")))
    dim = data.draw(_dims(a.ndim))
    keep = data.draw(st.booleans())
    corr = data.draw(st.sampled_from([0, 1]))
    n = a.size if dim is None else np.prod([a.shape[d] for d in np.atleast_1d(dim)])
    t = torch.tensor(a)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        v = t.var(dim, correction=corr, keepdim=keep)
        s = t.std(dim=dim, unbiased=bool(corr), keepdim=keep)
        want = np.var(a.astype(np.float64), axis=dim, ddof=corr, keepdims=keep) \
            if n > corr else np.full(np.shape(v.numpy()), np.nan)
    assert v.dtype == dt and s.dtype == dt
    np.testing.assert_allclose(_np(v), want, rtol=1e-4 if dt is torch.float32 else 1e-10,
                               atol=1e-4, equal_nan=True)
    np.testing.assert_allclose(_np(s), np.sqrt(want), rtol=1e-4 if dt is torch.float32
                               else 1e-10, atol=1e-4, equal_nan=True)


@settings(max_examples=14, deadline=None)
@given(data=st.data())
def test_prod_argmax_cumsum_match_numpy(data):
    a, dt = data.draw(_arrays(low=-3, high=4))
    t = torch.tensor(a)
    d = data.draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1)))
    keep = data.draw(st.booleans())
    p = t.prod(d, keep) if d is not None else t.prod()
    want = np.prod(a, axis=d, keepdims=keep if d is not None else False)
    np.testing.assert_allclose(_np(p), want, rtol=1e-5 if a.dtype == np.float32 else 1e-10)
    am = t.argmax(d, keep)
    assert am.dtype == torch.int64
    np.testing.assert_array_equal(_np(am), np.argmax(a, axis=d, keepdims=keep))
    np.testing.assert_array_equal(_np(t.argmin(d, keep)), np.argmin(a, axis=d, keepdims=keep))
    cd = 0 if d is None else d
    c = t.cumsum(cd)
    assert c.dtype == (torch.int64 if dt is torch.int64 else dt)
    np.testing.assert_allclose(_np(c), np.cumsum(a, axis=cd), **_tol(a))
    np.testing.assert_allclose(_np(t.cumprod(dim=cd)), np.cumprod(a, axis=cd),
                               rtol=1e-5 if a.dtype == np.float32 else 1e-10)


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_sort_unique_match_numpy(data):
    a, dt = data.draw(_arrays(low=-4, high=4))
    d = data.draw(st.integers(-a.ndim, a.ndim - 1))
    t = torch.tensor(a)
    r = t.sort(d)
    np.testing.assert_array_equal(_np(r.values), np.sort(a, axis=d))
    np.testing.assert_array_equal(_np(r.indices), np.argsort(a, axis=d, kind="stable"))
    vals, inv, cnt = torch.unique(t, return_inverse=True, return_counts=True)
    nv, ninv, ncnt = np.unique(a, return_inverse=True, return_counts=True)
    np.testing.assert_array_equal(_np(vals), nv)
    np.testing.assert_array_equal(_np(inv), ninv.reshape(a.shape))
    np.testing.assert_array_equal(_np(cnt), ncnt)
    q = data.draw(st.floats(0, 1))
    if dt.is_floating_point:
        np.testing.assert_allclose(_np(t.quantile(q, d)), np.quantile(a, q, axis=d),
                                   rtol=1e-4, atol=1e-4)
