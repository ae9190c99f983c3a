"""Pooling (max/avg/adaptive/lp/unpool/fractional) against real PyTorch
(tests/reference/nn_pooling.json, written by gen_nn_layers_b.py): outputs, indices and gradients
(ties included: the gradient goes to the element PyTorch picks), printed forms, exception types
and messages; NumPy property tests for the window arithmetic."""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from conftest import load_reference
from _nn_layers_b import cases, check_error, check_fn, check_module, check_repr

REF = load_reference("nn_pooling")


@pytest.mark.parametrize("case", cases.POOL_FN, ids=[c[0] for c in cases.POOL_FN])
def test_functional(no_fusion, case):
    check_fn(REF["fn"], case)


# Every case runs deferred; every third functional case and every fourth module case also in
# eager debug mode (each mode compiles its own kernels, and an eager module also compiles its
# initialisers, so running all of them twice would double the file's time).
@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", cases.POOL_FN[::3], ids=[c[0] for c in cases.POOL_FN[::3]])
def test_functional_eager(mode, no_fusion, case):
    check_fn(REF["fn"], case)


@pytest.mark.parametrize("case", cases.POOL_MODULES, ids=[c[0] for c in cases.POOL_MODULES])
def test_module(no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("case", cases.POOL_MODULES[::4],
                         ids=[c[0] for c in cases.POOL_MODULES[::4]])
def test_module_eager(mode, no_fusion, case):
    check_module(REF["modules"], case)


@pytest.mark.parametrize("case", cases.POOL_ERRORS, ids=[c[0] for c in cases.POOL_ERRORS])
def test_error(case):
    check_error(REF["errors"], case)


def test_reprs():
    for expr in cases.POOL_REPRS:
        check_repr(REF["reprs"], expr)


def test_grad_fn_names_and_index_dtype():
    x = torch.ones(1, 2, 6, 6, requires_grad=True)
    y, i = F.max_pool2d(x, 2, return_indices=True)
    assert type(y.grad_fn).__name__ == "MaxPool2DWithIndicesBackward0"
    assert i.dtype is torch.int64 and not i.requires_grad
    assert type(F.avg_pool2d(x, 2).grad_fn).__name__ == "AvgPool2DBackward0"
    assert type(F.adaptive_avg_pool2d(x, 1).grad_fn).__name__ == "MeanBackward1"
    assert type(F.adaptive_max_pool2d(x, 2).grad_fn).__name__ == "AdaptiveMaxPool2DBackward0"


def test_unpool_index_check_is_deferred():
    """An index tensor computed lazily is checked at the next sync point (PyTorch's error)."""
    x = torch.ones(1, 1, 2, 2)
    idx = torch.zeros(1, 1, 2, 2, dtype=torch.int64) + torch.tensor(30)
    out = F.max_unpool2d(x, idx, 2)
    with pytest.raises(RuntimeError, match=r"Found an invalid max index: 30 \(output volumes "
                                           r"are of size 4x4\)"):
        out.tolist()


def test_fractional_random_regions():
    torch.manual_seed(0)
    x = torch.tensor(np.random.default_rng(0).standard_normal((2, 3, 10, 9)).astype(np.float32))
    m = nn.FractionalMaxPool2d(3, output_ratio=(0.5, 0.5), return_indices=True)
    y, i = m(x)
    assert y.shape == (2, 3, 5, 4) and i.shape == (2, 3, 5, 4)
    flat = x.reshape(2, 3, -1)
    np.testing.assert_array_equal(flat.gather(2, i.reshape(2, 3, -1)).numpy(),
                                  y.reshape(2, 3, -1).numpy())


def _np_pool(x, k, s, p, ceil, op):
    n = x.shape[-1]
    o = (n + 2 * p - k + (s - 1 if ceil else 0)) // s + 1
    if ceil and (o - 1) * s >= n + p:
        o -= 1
    out = []
    for j in range(o):
        lo, hi = j * s - p, j * s - p + k
        vals = x[..., max(lo, 0):min(hi, n)]
        out.append(vals.max(-1) if op == "max" else vals.sum(-1) / (min(hi, n + p) - lo))
    return np.stack(out, -1)


@settings(max_examples=12, deadline=None)
@given(n=st.integers(3, 12), k=st.integers(1, 4), s=st.integers(1, 3), p=st.integers(0, 2),
       ceil=st.booleans(), seed=st.integers(0, 99))
def test_pool1d_matches_numpy(n, k, s, p, ceil, seed):
    if p > k // 2 or n + 2 * p < k:
        return
    x = np.random.default_rng(seed).standard_normal((2, n))
    t = torch.tensor(x)
    np.testing.assert_allclose(F.max_pool1d(t, k, s, p, ceil_mode=ceil).numpy(),
                               _np_pool(x, k, s, p, ceil, "max"))
    np.testing.assert_allclose(F.avg_pool1d(t, k, s, p, ceil_mode=ceil).numpy(),
                               _np_pool(x, k, s, p, ceil, "avg"), rtol=1e-12)


@settings(max_examples=12, deadline=None)
@given(n=st.integers(1, 10), o=st.integers(1, 10), seed=st.integers(0, 99))
def test_adaptive_bins_match_numpy(n, o, seed):
    x = np.random.default_rng(seed).standard_normal((1, 2, n))
    want_avg, want_max = [], []
    for i in range(o):
        lo, hi = (i * n) // o, -(-(i + 1) * n // o)
        want_avg.append(x[..., lo:hi].mean(-1))
        want_max.append(x[..., lo:hi].max(-1))
    t = torch.tensor(x)
    np.testing.assert_allclose(F.adaptive_avg_pool1d(t, o).numpy(), np.stack(want_avg, -1),
                               rtol=1e-12)
    np.testing.assert_allclose(F.adaptive_max_pool1d(t, o).numpy(), np.stack(want_max, -1))
