"""Indexing (jtorch/_ops/indexing.py) against PyTorch and NumPy.

Parity: every expression of tests/reference/indexing.json (written by gen_indexing.py with real
PyTorch) is evaluated with `T` bound to jtorch, deferred and eager: reads with ints, slices,
None, Ellipsis, bools, lists, index tensors and masks; writes with broadcasting and dtype rules;
views written through; and PyTorch's exception types and messages. Property tests compare random
basic and advanced indices with NumPy.
"""
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st, HealthCheck

import jtorch as T
from conftest import ip, load_reference
from test_elementwise import check_tensor, check_error

REF = load_reference("indexing")
CASES = REF["cases"]


pytestmark = pytest.mark.usefixtures("no_fusion")



def make_inputs():
    X = T.arange(24).reshape(2, 3, 4)
    return dict(X=X, V=T.arange(5) * 1.5, M=T.arange(12).reshape(3, 4).float(), S=T.tensor(7),
                B=T.tensor([[True, False, True, False], [False, False, True, True],
                            [True, True, True, True]]),
                I=T.tensor([2, 0, -1]), I2=T.tensor([[0, 1], [1, 0]]))


def evaluate(expr, ref):
    env = dict(make_inputs(), T=T, np=np, ip=ip)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in ref:
            with pytest.raises(Exception) as info:
                r = eval(expr, env)
                T.sync()
            check_error(expr, info.value, ref)
            return
        got = eval(expr, env)
    if "tensor" in ref:
        check_tensor(got, ref["tensor"], True, expr)
    elif "repr" in ref:
        assert repr(got) == ref["repr"], (expr, repr(got))
    elif ref.get("tuple"):
        assert tuple(got) == tuple(ref["python"]), (expr, got)
    else:
        assert got == ref["python"] and type(got) is type(ref["python"]), (expr, got)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_parity(mode, case):
    evaluate(case["expr"], case["result"])


# ---- views and identity ---------------------------------------------------------------------------
def test_setitem_keeps_identity_and_version(mode):
    x = T.zeros(3, 4)
    before = id(x)
    x[1, 2] = 9
    x[0:2, :] = 12
    y = T.ones(3, 4)
    y[:] = x + y
    assert id(x) == before
    assert x.tolist() == [[12] * 4, [12] * 4, [0] * 4]
    assert y.tolist() == [[13] * 4, [13] * 4, [1] * 4]


def test_basic_index_results_are_views(mode):
    x = T.arange(12.).reshape(3, 4).clone()
    row = x[1]
    col = x[:, 2]
    assert row._base is x and col._base is x
    row[0] = -1
    assert x[1, 0].item() == -1
    x[2, 2] = 100
    assert col.tolist() == [2, 6, 100]
    adv = x[[0, 1]]
    adv[0, 0] = 55
    assert x[0, 0].item() == 0  # advanced indexing copies
    x[x > 50] = 0
    assert x.max().item() == 11


def test_mask_assign_does_not_sync():
    x = T.arange(6.) - 2
    T.sync()
    syncs = T.runtime.stats["syncs"]
    x[x > 0] = 0
    assert T.runtime.stats["syncs"] == syncs
    assert x.tolist() == [-2, -1, 0, 0, 0, 0]


def test_index_tensor_out_of_range_raises_at_sync(mode):
    x = T.arange(5)
    idx = T.tensor([1, 7]) + 0  # pending in deferred mode
    with pytest.raises(IndexError, match="index 7 is out of bounds for dimension 0 with size 5"):
        x[idx].tolist()
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 3"):
        T.zeros(3)[T.tensor([5])]
    with pytest.raises(IndexError, match="index -6 is out of bounds"):
        x[T.tensor([-6]) + 0] = 1
        x.tolist()


def test_value_cast_and_broadcast(mode):
    x = T.zeros(2, 3, dtype=T.int64)
    x[0] = 2.7
    x[1] = T.tensor([1.9, 2.2, -3.7])
    assert x.tolist() == [[2, 2, 2], [1, 2, -3]]
    h = T.zeros(2, 2)
    h[:, 0] = T.tensor([[5.]])
    assert h.tolist() == [[5, 0], [5, 0]]


# ---- properties against NumPy -------------------------------------------------------------------
@st.composite
def basic_index(draw, shape):
    items, dims = [], list(shape)
    for size in dims:
        kind = draw(st.sampled_from(["int", "slice", "full", "none"]))
        if kind == "int":
            items.append(draw(st.integers(-size, size - 1)))
        elif kind == "slice":
            a = draw(st.one_of(st.none(), st.integers(-size - 2, size + 2)))
            b = draw(st.one_of(st.none(), st.integers(-size - 2, size + 2)))
            c = draw(st.one_of(st.none(), st.integers(1, 3)))
            items.append(slice(a, b, c))
        elif kind == "none":
            items.extend([None, slice(None)])
        else:
            items.append(slice(None))
    n = draw(st.integers(0, len(items)))
    items = items[:n]
    if draw(st.booleans()) and len(items) < len(dims):
        items.insert(draw(st.integers(0, len(items))), Ellipsis)
    return tuple(items)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), shape=st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_basic_indexing_matches_numpy(data, shape):
    a = np.arange(int(np.prod(shape))).reshape(shape)
    idx = data.draw(basic_index(tuple(shape)))
    t = T.tensor(a)
    try:
        want = a[idx]
    except IndexError:  # the strategy drew an out-of-range int (after an Ellipsis): both raise
        with pytest.raises(IndexError, match="is out of bounds for dimension"):
            t[idx]
        return
    got = t[idx]
    assert tuple(got.shape) == want.shape
    np.testing.assert_array_equal(got.numpy(), want)
    # writing through the same index
    t[idx] = -1
    a = a.copy()
    a[idx] = -1
    np.testing.assert_array_equal(t.numpy(), a)


@st.composite
def advanced_index(draw, shape):
    items = []
    for size in shape:
        kind = draw(st.sampled_from(["list", "tensor", "slice", "int"]))
        if kind in ("list", "tensor"):
            n = draw(st.integers(1, 3))
            vals = draw(st.lists(st.integers(-size, size - 1), min_size=n, max_size=n))
            items.append(vals if kind == "list" else np.asarray(vals))
        elif kind == "int":
            items.append(draw(st.integers(-size, size - 1)))
        else:
            items.append(slice(None, None, draw(st.integers(1, 2))))
    n = draw(st.integers(1, len(items)))
    return items[:n]


def _torch_rule(a, idx):
    """NumPy indexing with PyTorch's one difference: integer indices select first (like
    basic indexing), so `a[0, :, [1, 2]]` is `a[0][:, [1, 2]]` — shape (3, 2) for a (2, 3, 4)
    tensor in PyTorch, while NumPy moves the advanced dimension to the front."""
    ints = [i for i, x in enumerate(idx) if isinstance(x, (int, np.integer))]
    if not ints or not any(isinstance(x, np.ndarray) for x in idx):
        return a[idx]
    selected = a[tuple(x if i in ints else slice(None) for i, x in enumerate(idx))]
    return selected[tuple(x for i, x in enumerate(idx) if i not in ints)]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), shape=st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_advanced_indexing_matches_numpy(data, shape):
    a = np.arange(int(np.prod(shape))).reshape(shape) * 10
    items = data.draw(advanced_index(tuple(shape)))
    arrays = [x for x in items if isinstance(x, (list, np.ndarray))]
    lens = {len(x) for x in arrays} - {1}
    if len(lens) > 1:  # index arrays that cannot broadcast: PyTorch's IndexError
        with pytest.raises(IndexError, match="shape mismatch: indexing tensors could not be "
                                             "broadcast together"):
            T.tensor(a)[tuple(T.tensor(x) if isinstance(x, np.ndarray) else x for x in items)]
        return
    np_idx = tuple(np.asarray(x) if isinstance(x, list) else x for x in items)
    t_idx = tuple(T.tensor(x) if isinstance(x, np.ndarray) else x for x in items)
    want = _torch_rule(a, np_idx)
    got = T.tensor(a)[t_idx]
    assert tuple(got.shape) == want.shape
    np.testing.assert_array_equal(got.numpy(), want)


@settings(max_examples=14, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.lists(st.integers(1, 4), min_size=1, max_size=3), seed=st.integers(0, 2 ** 16))
def test_mask_indexing_matches_numpy(shape, seed):
    rng = np.random.default_rng(seed)
    a = rng.standard_normal(shape).astype(np.float32)
    m = a > 0
    t = T.tensor(a)
    np.testing.assert_array_equal(t[T.tensor(m)].numpy(), a[m])
    t[T.tensor(m)] = 0
    a[m] = 0
    np.testing.assert_array_equal(t.numpy(), a)


# ---- error paths ----------------------------------------------------------------------------------
def test_error_paths():
    x = T.arange(6).reshape(2, 3)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 2"):
        x[5]
    with pytest.raises(IndexError, match="too many indices for tensor of dimension 2"):
        x[0, 0, 0]
    with pytest.raises(IndexError, match="invalid index of a 0-dim tensor"):
        T.tensor(1)[0]
    with pytest.raises(IndexError, match="slice\\(\\) cannot be applied to a 0-dim tensor"):
        T.tensor(1)[:]
    with pytest.raises(ValueError, match="step must be greater than zero"):
        x[::-1]
    with pytest.raises(ValueError, match="slice step cannot be zero"):
        x[::0]
    with pytest.raises(IndexError, match="tensors used as indices must be long, int, byte or "
                                         "bool tensors"):
        x[T.tensor([0.5])]
    with pytest.raises(IndexError, match="only integers, slices"):
        x[1.5]
    with pytest.raises(IndexError, match="The shape of the mask \\[3\\] at index 0 does not "
                                         "match the shape of the indexed tensor \\[2, 3\\] at "
                                         "index 0"):
        x[T.tensor([True, False, True])]
    with pytest.raises(RuntimeError, match="shape mismatch: value tensor of shape \\[3\\] cannot "
                                           "be broadcast to indexing result of shape \\[2\\]"):
        x[[0, 1], 0] = T.tensor([1, 2, 3])
    with pytest.raises(RuntimeError, match="Index put requires the source and destination "
                                           "dtypes match"):
        x[[0]] = T.ones(1, 3)
    with pytest.raises(TypeError, match="can't assign a list to a torch.LongTensor"):
        x[0] = [1, 2, 3]
    with pytest.raises(RuntimeError, match="value cannot be converted to type int8_t"):
        T.zeros(2, dtype=T.int8)[0] = 300
