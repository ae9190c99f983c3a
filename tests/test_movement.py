"""Copying shape/data-movement ops (jtorch/_ops/movement.py) against PyTorch and NumPy.

Parity: every expression of tests/reference/movement.json (written by gen_movement.py with real
PyTorch) is evaluated with `torch` bound to jtorch, deferred and eager; values, dtypes, shapes,
exception types and messages must match. Value-dependent errors (out-of-range index tensors)
may be raised at the next sync point, with "(recorded by ...)" appended to PyTorch's message.
"""
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
from jtorch._ops import movement
from jtorch._ops.movement import one_hot
from conftest import load_reference, assert_matches, _numbers

REF = load_reference("movement")
CASES = REF["cases"]
TOL = {"torch.float16": 2e-3, "torch.bfloat16": 1e-2, "torch.float32": 2e-6}


def ip(t, name, *args, **kwargs):
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def _array(rec):
    dt = getattr(torch, rec["dtype"].split(".")[1])
    return np.asarray(_numbers(rec["value"]), dtype=np.float64).reshape(rec["shape"]).astype(dt.np)


INPUTS = {k: _array(v) for k, v in REF["inputs"].items()}


def _env():
    # concrete inputs (index tensors that are already concrete raise range errors at the call;
    # the `+ 0` cases in the reference make them pending to exercise the deferred check)
    env = {k: torch.tensor(a) for k, a in INPUTS.items()}
    env.update(torch=torch, nan=float("nan"), inf=float("inf"), ip=ip, one_hot=one_hot)
    return env


def _check(got, ref, expr):
    if "size" in ref:
        assert type(got) is torch.Size, (expr, type(got))
        assert list(got) == ref["size"], expr
    elif "tensor" in ref:
        r = ref["tensor"]
        tol = TOL.get(r["dtype"], 1e-9)
        assert_matches(got, r, rtol=tol, atol=tol)
    elif "tuple" in ref:
        want = tuple if ref["type"] == "tuple" else list
        assert isinstance(got, want), (expr, type(got))
        assert len(got) == len(ref["tuple"]), expr
        for g, r in zip(got, ref["tuple"]):
            _check(g, r, expr)
    else:
        np.testing.assert_equal(got, _numbers(ref["python"]), err_msg=expr)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_parity(mode, case):
    expr, ref = case["expr"], case["result"]
    env = _env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in ref:
            with pytest.raises(Exception) as info:
                eval(expr, env)
            e = info.value
            assert type(e).__name__ == ref["error"], (expr, repr(e))
            msg = str(e)
            assert msg == ref["message"] or msg.startswith(ref["message"] + " (recorded by "), \
                (expr, msg, ref["message"])
            return
        got = eval(expr, env)
    _check(got, ref, expr)


# ---- value-dependent errors: deferred until the next sync point -----------------------------
def _pending(t):
    """A pending node in deferred mode (its value is unknown when recorded)."""
    if t.dtype is torch.bool:
        return t.logical_not().logical_not()
    return t + 0


@pytest.mark.parametrize("call,exc,msg", [
    (lambda x, i: torch.gather(x, 0, i.reshape(1, 2)), RuntimeError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.scatter(x, 0, i.reshape(1, 2), 1.0), RuntimeError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.scatter_add(x, 0, i.reshape(1, 2), x[:1, :2]), RuntimeError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.scatter_reduce(x, 0, i.reshape(1, 2), x[:1, :2], "amax"), RuntimeError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.index_select(x, 0, i), IndexError, "index out of range in self"),
    (lambda x, i: torch.index_add(x, 0, i, x[:2]), RuntimeError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.index_copy(x, 0, i, x[:2]), IndexError,
     "index_copy_(): index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.index_fill(x, 0, i, 0.0), IndexError,
     "index 5 is out of bounds for dimension 0 with size 3"),
    (lambda x, i: torch.take(x, i * 3), IndexError,
     "out of range: tried to access index 15 on a tensor of 12 elements."),
    (lambda x, i: torch.put(x, i * 3, x[0, :2]), IndexError,
     "out of range: tried to access index 15 on a tensor of 12 elements."),
    (lambda x, i: torch.take_along_dim(x, i), RuntimeError,
     "index -1 is out of bounds for dimension 0 with size 12"),
])
def test_out_of_range_index_raises_at_sync(mode, call, exc, msg):
    x = torch.arange(12.0).reshape(3, 4)
    i = _pending(torch.tensor([5, 0]) if "take_along" not in msg and "-1" not in msg
                 else torch.tensor([-1, 0]))
    if mode == "deferred":
        y = call(x, i)  # recorded; nothing is known about the index values yet
        with pytest.raises(exc, match=re.escape(msg)) as info:
            y.tolist()
        assert "(recorded by " in str(info.value) and "test_movement.py" in str(info.value)
    else:
        with pytest.raises(exc, match=re.escape(msg)):
            call(x, i).tolist()
    torch.sync()  # the failed check does not linger


def test_out_of_range_concrete_index_raises_at_the_call():
    x = torch.arange(12.0).reshape(3, 4)
    with pytest.raises(RuntimeError, match="index 5 is out of bounds for dimension 0 with size 3"):
        torch.gather(x, 0, torch.tensor([[5]]))
    with pytest.raises(IndexError, match="index out of range in self"):
        torch.index_select(x, 0, torch.tensor([3]))


def test_value_checks_for_output_size_masked_scatter_and_one_hot(mode):
    x = torch.arange(6.0).reshape(3, 2)
    r = _pending(torch.tensor([1, 0, 2]))
    with pytest.raises(RuntimeError, match="allocated size does not match required size"):
        torch.repeat_interleave(x, r, dim=0, output_size=4).tolist()
    with pytest.raises(RuntimeError, match="repeats can not be negative"):
        torch.repeat_interleave(x, r - 1, dim=0, output_size=0).tolist()
    m = _pending(torch.tensor([True, True, False]))
    with pytest.raises(RuntimeError, match="Number of elements of source < number of ones"):
        torch.masked_scatter(torch.zeros(3), m, torch.ones(1)).tolist()
    c = _pending(torch.tensor([0, 3, 1]))
    with pytest.raises(RuntimeError, match="Class values must be smaller than num_classes."):
        one_hot(c, 3).tolist()
    with pytest.raises(RuntimeError, match="Class values must be non-negative."):
        one_hot(c - 1, 3).tolist()
    assert one_hot(c, 4).tolist() == [[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 0, 0]]


# ---- semantics beyond values ----------------------------------------------------------------
def test_inplace_variants_keep_identity_and_write_through_views(mode):
    x = torch.zeros(3, 4)
    xid = id(x)
    row = x[1]
    x.scatter_(1, torch.tensor([[0], [1], [2]]), 5.0)
    x.index_add_(0, torch.tensor([1]), torch.ones(1, 4))
    x.masked_fill_(torch.tensor([True, False, False, False]), -1.0)
    x.tril_()
    assert id(x) == xid
    assert x.tolist() == [[-1, 0, 0, 0], [-1, 6, 0, 0], [-1, 0, 5, 0]]
    assert row.tolist() == [-1, 6, 0, 0]
    v = x[:, 1:]  # an in-place op through a view writes into the base
    v.index_fill_(1, torch.tensor([0]), 9.0)
    assert x.tolist() == [[-1, 9, 0, 0], [-1, 9, 0, 0], [-1, 9, 5, 0]]
    y = torch.zeros(4)
    y.put_(torch.tensor([0, 0, -1]), torch.tensor([1.0, 2.0, 3.0]), accumulate=True)
    assert y.tolist() == [3, 0, 0, 3]


def test_views_and_copies(mode):
    x = torch.arange(6.0).reshape(2, 3)
    a, b = torch.broadcast_tensors(x, torch.zeros(3))
    assert a._base is not None and b.shape == (2, 3)
    g0, g1 = torch.meshgrid(torch.arange(2), torch.arange(3), indexing="ij")
    assert g0._base is not None and g0.shape == (2, 3)
    assert torch.atleast_2d(x) is x
    assert torch.ravel(x)._base is not None  # contiguous: a view
    for y in (torch.cat([x]), torch.flip(x, [0]), torch.roll(x, 1), x.repeat(1, 1),
              torch.tril(x), torch.take(x, torch.tensor([0]))):
        assert y._base is None
    c = torch.cat([x])
    x.add_(1)
    assert c.tolist() == [[0, 1, 2], [3, 4, 5]]
    assert torch.cartesian_prod(x[0]) is not None


def test_broadcast_shapes_returns_size():
    s = torch.broadcast_shapes((2, 1), (3,), (1, 1, 1))
    assert type(s) is torch.Size and s == (1, 2, 3)
    assert repr(torch.broadcast_shapes()) == "torch.Size([])"


def test_meshgrid_without_indexing_warns_once_like_pytorch():
    movement._meshgrid_warned[0] = False
    with pytest.warns(UserWarning, match="it will be required to pass the indexing argument"):
        a, b = torch.meshgrid(torch.arange(2), torch.arange(3))
    assert a.shape == (2, 3)  # 'ij'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.meshgrid(torch.arange(2), torch.arange(3))
        torch.meshgrid(torch.arange(2), torch.arange(3), indexing="xy")


def test_meshgrid_rejects_2d_inputs():
    with pytest.raises(RuntimeError, match="Expected 0D or 1D tensor in the tensor list"):
        torch.meshgrid(torch.zeros(1, 1), torch.zeros(2), indexing="ij")


def test_scatter_reduce_with_tensor_src_warns_deprecated():
    x = torch.zeros(3)
    with pytest.warns(UserWarning, match="The reduce argument of torch.scatter with Tensor src"):
        torch.scatter(x, 0, torch.tensor([1]), torch.tensor([2.0]), reduce="add")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.scatter(x, 0, torch.tensor([1]), 2.0, reduce="add")


def test_roll_shift_and_repeat_count_do_not_recompile(mode):
    x = torch.arange(6.0)
    a, b = torch.roll(x, 1), torch.roll(x, 4)
    assert a._nd.kernel is b._nd.kernel or mode == "eager"
    assert b.tolist() == [2, 3, 4, 5, 0, 1]


def test_data_dependent_shapes_are_sync_points(mode):
    x = _pending(torch.tensor([[0, 1], [2, 0]]))
    assert x._nd.value is None or mode == "eager"
    nz = torch.nonzero(x)
    assert x._nd.value is not None  # the row count needed x's values: a sync point
    assert nz.tolist() == [[0, 1], [1, 0]] and nz.dtype is torch.int64
    ms = torch.masked_select(torch.arange(4.0), _pending(torch.tensor([1, 0, 1, 1])) > 0)
    assert ms.tolist() == [0, 2, 3]
    assert torch.where(torch.tensor([0, 3, 0, 1]))[0].tolist() == [1, 3]


def test_cat_out_and_dtype_promotion():
    out = torch.zeros(1)
    r = torch.cat([torch.tensor([1, 2], dtype=torch.int32), torch.tensor([3.5])], out=out)
    assert r is out and out.dtype is torch.float32 and out.tolist() == [1, 2, 3.5]


# ---- property tests against NumPy -----------------------------------------------------------
DTYPES = [np.float32, np.float64, np.int64, np.int32, np.bool_]


def _arr(seed, shape, dtype):
    rng = np.random.default_rng(seed)
    if dtype is np.bool_:
        return rng.random(shape) > 0.5
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-50, 50, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


shapes = st.lists(st.integers(0, 4), min_size=1, max_size=3)
seeds = st.integers(0, 2**31 - 1)
dtypes = st.sampled_from(DTYPES)


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds, dtype=dtypes, data=st.data())
def test_cat_stack_match_numpy(shape, seed, dtype, data):
    d = data.draw(st.integers(-len(shape), len(shape) - 1))
    n = data.draw(st.integers(1, 3))
    arrs = []
    for k in range(n):
        s = list(shape)
        s[d] = data.draw(st.integers(0, 3))
        arrs.append(_arr(seed + k, s, dtype))
    got = torch.cat([torch.tensor(a) for a in arrs], d)
    np.testing.assert_array_equal(np.asarray(got), np.concatenate(arrs, d))
    same = [_arr(seed + k, shape, dtype) for k in range(n)]
    sd = data.draw(st.integers(-len(shape) - 1, len(shape)))
    got = torch.stack([torch.tensor(a) for a in same], sd)
    np.testing.assert_array_equal(np.asarray(got), np.stack(same, sd))


@settings(max_examples=25, deadline=None)
@given(shape=shapes, seed=seeds, dtype=dtypes, data=st.data())
def test_flip_roll_tile_match_numpy(shape, seed, dtype, data):
    a = _arr(seed, shape, dtype)
    t = torch.tensor(a)
    dims = data.draw(st.lists(st.integers(0, len(shape) - 1), unique=True, max_size=len(shape)))
    np.testing.assert_array_equal(np.asarray(torch.flip(t, dims)), np.flip(a, dims))
    shifts = data.draw(st.lists(st.integers(-9, 9), min_size=len(dims), max_size=len(dims)))
    if dims:
        np.testing.assert_array_equal(np.asarray(torch.roll(t, shifts, dims)),
                                      np.roll(a, shifts, dims))
    sh = data.draw(st.integers(-9, 9))
    np.testing.assert_array_equal(np.asarray(torch.roll(t, sh)), np.roll(a, sh))
    reps = data.draw(st.lists(st.integers(0, 3), max_size=4))
    np.testing.assert_array_equal(np.asarray(torch.tile(t, reps)), np.tile(a, reps))


@settings(max_examples=25, deadline=None)
@given(seed=seeds, dtype=dtypes, rows=st.integers(0, 5), cols=st.integers(0, 5),
       batch=st.lists(st.integers(1, 3), max_size=2), k=st.integers(-6, 6))
def test_tril_triu_match_numpy(seed, dtype, rows, cols, batch, k):
    a = _arr(seed, batch + [rows, cols], dtype)
    t = torch.tensor(a)
    np.testing.assert_array_equal(np.asarray(torch.tril(t, k)), np.tril(a, k))
    np.testing.assert_array_equal(np.asarray(torch.triu(t, k)), np.triu(a, k))


@settings(max_examples=25, deadline=None)
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), seed=seeds, dtype=dtypes,
       data=st.data())
def test_take_gather_match_numpy(shape, seed, dtype, data):
    a = _arr(seed, shape, dtype)
    t = torch.tensor(a)
    n = a.size
    idx = np.asarray(data.draw(st.lists(st.integers(-n, n - 1), max_size=6)), np.int64)
    np.testing.assert_array_equal(np.asarray(torch.take(t, torch.tensor(idx))),
                                  np.take(a, idx))
    d = data.draw(st.integers(0, len(shape) - 1))
    ishape = [data.draw(st.integers(0, s)) if j != d else data.draw(st.integers(0, 5))
              for j, s in enumerate(shape)]
    gi = np.random.default_rng(seed).integers(0, shape[d], ishape).astype(np.int64)
    sub = a[tuple(slice(0, s) if j != d else slice(None) for j, s in enumerate(ishape))]
    np.testing.assert_array_equal(np.asarray(torch.gather(t, d, torch.tensor(gi))),
                                  np.take_along_axis(sub, gi, d))
    full = [s if j != d else ishape[d] for j, s in enumerate(shape)]
    fi = np.random.default_rng(seed + 1).integers(-shape[d], shape[d], full).astype(np.int64)
    np.testing.assert_array_equal(np.asarray(torch.take_along_dim(t, torch.tensor(fi), d)),
                                  np.take_along_axis(a, fi, d))


@settings(max_examples=30, deadline=None)
@given(seed=seeds, n=st.integers(0, 8), m=st.integers(0, 6), right=st.booleans())
def test_searchsorted_matches_numpy(seed, n, m, right):
    rng = np.random.default_rng(seed)
    bd = np.sort(rng.integers(-5, 5, n)).astype(np.float32)
    v = rng.integers(-6, 6, m).astype(np.float32)
    got = torch.searchsorted(torch.tensor(bd), torch.tensor(v), right=right)
    want = np.searchsorted(bd, v, side="right" if right else "left")
    np.testing.assert_array_equal(np.asarray(got), want)
    assert got.dtype is torch.int64
