"""Tensor.unfold, select and the scatters, hsplit/vsplit/dsplit, as_strided, empty_strided,
asarray and the window functions, against PyTorch references (tests/reference/gen_strided.py)
and NumPy."""
import re

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch
from conftest import assert_matches, load_reference

import sys
import pathlib
sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import gen_strided as G  # noqa: E402  (the case list and helpers; importing it needs no torch)

REF = load_reference("strided")


def _env():
    env = dict(G.make_inputs(jtorch), torch=jtorch, np=np)
    env.update({f.__name__: f for f in (G.geo, G.write_unfold, G.inplace_unfold, G.unfold_grad,
                                        G.strided_grad, G.write_strided, G.view_then_strided,
                                        G.base_write_seen, G.scatter_grads)})
    return env


def _check(got, ref, **tol):
    if "tensor" in ref:
        assert_matches(got, ref["tensor"], **tol)
    elif "tensors" in ref:
        assert isinstance(got, (tuple, list)) and len(got) == len(ref["tensors"])
        for g, r in zip(got, ref["tensors"]):
            assert_matches(g, r, **tol)
    else:
        if isinstance(got, jtorch.dtype):
            got = str(got)
        assert got == ref["value"]


@pytest.mark.parametrize("expr", list(REF["values"]))
def test_values(expr, mode):
    _check(eval(expr, _env()), REF["values"][expr])


@pytest.mark.parametrize("expr", list(REF["errors"]))
def test_errors(expr):
    ref = REF["errors"][expr]
    exc = {"RuntimeError": RuntimeError, "IndexError": IndexError, "TypeError": TypeError,
           "ValueError": ValueError}[ref["error"]]
    with pytest.raises(exc, match=re.escape(ref["message"].split("\n")[0])):
        eval(expr, _env())


_WTOL = {"torch.float32": dict(rtol=1e-6, atol=1e-7), "torch.float64": dict(rtol=1e-14, atol=1e-16),
         "torch.float16": dict(rtol=0, atol=2.5e-3), "torch.bfloat16": dict(rtol=0, atol=2e-2)}


@pytest.mark.parametrize("expr", list(REF["windows"]))
def test_windows(expr):
    """Values within 1-2 ulp of PyTorch (its CPU cos is SLEEF's, not correctly rounded)."""
    ref = REF["windows"][expr]
    got = eval(expr, _env())
    _check(got, ref, **_WTOL[ref["tensor"]["dtype"]])


def test_windows_mostly_bit_exact():
    """float32 windows: nearly all values are PyTorch's bits (the rest are 1-ulp cos cases)."""
    env = _env()
    same = total = 0
    for expr, ref in REF["windows"].items():
        if ref["tensor"]["dtype"] != "torch.float32":
            continue
        got = eval(expr, env).detach().numpy().astype(np.float64).ravel()
        want = np.asarray(ref["tensor"]["value"], np.float64).ravel()
        same += int((got == want).sum())
        total += got.size
    assert total > 2000 and same / total > 0.95, (same, total)


def test_window_options():
    w = jtorch.hann_window(5, requires_grad=True)
    assert w.requires_grad and w.is_leaf and w.dtype is jtorch.float32
    jtorch.set_default_dtype(jtorch.float64)
    try:
        assert jtorch.kaiser_window(4).dtype is jtorch.float64
    finally:
        jtorch.set_default_dtype(jtorch.float32)
    assert jtorch.bartlett_window(3, device="cpu").device == jtorch.device("cpu")
    with pytest.raises(TypeError, match="hamming_window\\(\\) received an invalid combination"):
        jtorch.hamming_window(5, alpha=0.5)
    with pytest.raises(TypeError, match="kaiser_window\\(\\) received an invalid combination"):
        jtorch.kaiser_window(5, beta=2.0)


# ---- views: write-through both ways and autograd ------------------------------------------
def test_unfold_is_view(mode):
    base = jtorch.arange(10.)
    u = base.unfold(0, 4, 3)
    assert u._base is base and u.grad_fn is None
    u[0].fill_(-1)                                     # view -> base
    assert base.tolist()[:4] == [-1.0] * 4
    base[9] = 99.                                      # base -> view
    assert u[2].tolist() == [6.0, 7.0, 8.0, 99.0]
    x = jtorch.arange(6., requires_grad=True)
    y = x.unfold(0, 2, 1)
    assert type(y.grad_fn).__name__ == "UnfoldBackward0"


def test_as_strided_is_view(mode):
    base = jtorch.arange(12.).reshape(3, 4)
    v = base[1:].as_strided((2, 2), (1, 4))            # storage offset 4 (from base[1:])
    assert v.storage_offset() == 4 and v.stride() == (1, 4)
    assert v.tolist() == [[4.0, 8.0], [5.0, 9.0]]
    v[1, 1] = -9.
    assert base[2, 1].item() == -9.0
    d = base.detach().as_strided((2,), (1,))
    assert not d.requires_grad
    g = jtorch.ones(4, requires_grad=True)
    w = g.as_strided((3, 2), (1, 1))
    assert type(w.grad_fn).__name__ == "AsStridedBackward0"
    w.sum().backward()
    assert g.grad.tolist() == [1.0, 2.0, 2.0, 1.0]


def test_overlapping_write_changes_only_written_elements(mode):
    base = jtorch.arange(8.)
    u = base.unfold(0, 4, 1)                           # elements shared by up to 4 windows
    u[2, 1] = 100.
    assert base.tolist() == [0, 1, 2, 100, 4, 5, 6, 7]
    base = jtorch.arange(6.)
    s = base.as_strided((3, 3), (1, 1))
    s[0, 2] = 7.
    assert base.tolist() == [0, 1, 7, 3, 4, 5]


def test_select_view(mode):
    a = jtorch.zeros(3, 4)
    r = a.select(1, 2)
    r += 1
    assert a[:, 2].tolist() == [1.0, 1.0, 1.0] and a.sum().item() == 3.0


# ---- property tests against NumPy ---------------------------------------------------------
@st.composite
def _unfold_args(draw):
    shape = tuple(draw(st.lists(st.integers(1, 5), min_size=1, max_size=3)))
    dim = draw(st.integers(0, len(shape) - 1))
    size = draw(st.integers(0, shape[dim]))
    step = draw(st.integers(1, 4))
    return shape, dim, size, step


@settings(max_examples=30, deadline=None)
@given(_unfold_args())
def test_unfold_matches_numpy(args):
    shape, dim, size, step = args
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    want = np.lib.stride_tricks.sliding_window_view(x, size, axis=dim)
    want = want[(slice(None),) * dim + (slice(None, None, step),)]
    got = jtorch.tensor(x).unfold(dim, size, step)
    assert tuple(got.shape) == want.shape
    np.testing.assert_array_equal(got.numpy(), want)
    # strides in elements are NumPy's (bytes / itemsize)
    if want.size:
        assert got.stride() == tuple(s // 4 for s in want.strides)


@st.composite
def _slice_args(draw):
    shape = tuple(draw(st.lists(st.integers(1, 6), min_size=1, max_size=3)))
    dim = draw(st.integers(0, len(shape) - 1))
    start = draw(st.one_of(st.none(), st.integers(-8, 8)))
    end = draw(st.one_of(st.none(), st.integers(-8, 8)))
    step = draw(st.integers(1, 3))
    return shape, dim, start, end, step


@settings(max_examples=30, deadline=None)
@given(_slice_args())
def test_slice_scatter_matches_numpy(args):
    shape, dim, start, end, step = args
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    idx = (slice(None),) * dim + (slice(start, end, step),)
    src = -1 - np.arange(x[idx].size, dtype=np.float32).reshape(x[idx].shape)
    want = x.copy()
    want[idx] = src
    got = jtorch.slice_scatter(jtorch.tensor(x), jtorch.tensor(src), dim, start, end, step)
    np.testing.assert_array_equal(got.numpy(), want)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 4), min_size=1, max_size=3), st.data())
def test_as_strided_matches_numpy(shape, data):
    n = 24
    x = np.arange(n, dtype=np.float32)
    size = tuple(shape)
    stride = tuple(data.draw(st.integers(0, 4)) for _ in size)
    need = sum((a - 1) * s for a, s in zip(size, stride)) + 1
    offset = data.draw(st.integers(0, n - need)) if need <= n else None
    if offset is None:
        with pytest.raises(RuntimeError, match="out of bounds for storage of size 96"):
            jtorch.tensor(x).as_strided(size, stride)
        return
    want = np.lib.stride_tricks.as_strided(x[offset:], size, tuple(4 * s for s in stride))
    got = jtorch.tensor(x).as_strided(size, stride, offset)
    np.testing.assert_array_equal(got.numpy(), want)
    assert got.stride() == stride and got.storage_offset() == offset
