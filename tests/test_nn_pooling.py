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


# ---- pools whose windows tile the input (reshape lowering) and the max pick rule -------------
# tests/reference/nn_pool_tiles.json (gen_nn_pool_tiles.py): outputs, indices and the gradient
# of sum(out * w) for a fixed w, on inputs with many tied maxima, NaNs, infinities and -inf
# windows; stride == kernel pools (jtorch's reshape path) next to slice-path ones.
TILES = load_reference("nn_pool_tiles")


def _tensor(rec, requires_grad=False):
    from conftest import _numbers
    dt = getattr(torch, rec["dtype"].split(".")[1])
    a = np.asarray(_numbers(rec["value"]), dtype=np.float64).reshape(rec["shape"])
    return torch.tensor(a, dtype=dt, requires_grad=requires_grad)


def _check_tiles_case(name):
    from conftest import assert_matches
    ref = TILES[name]
    x = _tensor(ref["x"], requires_grad="grad" in ref)
    res = eval(ref["expr"], {"F": F, "torch": torch, "x": x})
    res = list(res) if isinstance(res, tuple) else [res]
    assert len(res) == len(ref["out"])
    # a pick (max pool) is exact; an Lp pool's root may differ from PyTorch's by one float32
    # ulp (XLA's two CPU loop emitters round x ** (1/p) differently)
    rtol = 2e-7 if name.startswith("lp") else 0
    for got, want in zip(res, ref["out"]):
        assert_matches(got.detach(), want, rtol=rtol, atol=0)
    if "grad" in ref:
        (res[0] * _tensor(ref["w"])).sum().backward()
        tol = 1e-6 if name.startswith(("ap", "lp")) else 0
        assert_matches(x.grad, ref["grad"], rtol=tol, atol=tol)


@pytest.mark.parametrize("name", sorted(TILES))
def test_tiles_and_pick_rule_parity(no_fusion, name):
    _check_tiles_case(name)


@pytest.mark.parametrize("mode", ["eager"], indirect=True)
@pytest.mark.parametrize("name", sorted(TILES)[::3])
def test_tiles_and_pick_rule_parity_eager(mode, no_fusion, name):
    _check_tiles_case(name)


@settings(max_examples=8, deadline=None)
@given(nd=st.integers(1, 3), data=st.data())
def test_tile_path_equals_slice_path(nd, data):
    """The reshape windows are the slice windows, element for element and in the same order;
    the unrolled max loop (_scan_max) picks what argmax + one-hot (_pick_first_max) picks, and
    both paths give the same values, positions and gradients (ties, NaN, inf included);
    _scan_sum adds left to right."""
    import jax
    import jax.numpy as jnp
    from jtorch.nn.functional import pooling as P
    k = [data.draw(st.integers(1, 3)) for _ in range(nd)]
    out = [data.draw(st.integers(1, 3)) for _ in range(nd)]
    spatial = [o * ki + data.draw(st.integers(0, ki - 1)) for o, ki in zip(out, k)]
    seed = data.draw(st.integers(0, 99))
    x = np.random.default_rng(seed).integers(0, 3, [2, 3] + spatial).astype(np.float32)
    x[x == 2] = data.draw(st.sampled_from([2.0, np.nan, np.inf]))
    args = (k, k, [0] * nd, [1] * nd, out)
    assert P._tiles(spatial, *args)
    xj = jnp.asarray(x)
    gj = jnp.asarray(np.random.default_rng(seed + 1).standard_normal([2, 3] + out), jnp.float32)

    def run(windows, pick):
        def f(a, g):
            val, vjp, am = jax.vjp(lambda b: pick(windows(b)), a, has_aux=True)
            return windows(a), val, am, vjp(g)[0]
        return [np.asarray(v) for v in jax.jit(f)(xj, gj)]

    win = np.asarray(P._tile_windows(xj, k, out))
    left_to_right = win[..., 0]
    for i in range(1, win.shape[-1]):
        left_to_right = left_to_right + win[..., i]
    np.testing.assert_array_equal(np.asarray(P._scan_sum(jnp.asarray(win))), left_to_right)
    tile = run(lambda v: P._tile_windows(v, k, out), P._scan_max)
    for other in (run(lambda v: P._slice_windows(v, *args, -np.inf), P._pick_first_max),
                  run(lambda v: P._tile_windows(v, k, out), P._pick_first_max)):
        for a, b in zip(tile, other):
            np.testing.assert_array_equal(a, b)


def test_scan_max_integers_and_all_equal():
    import jax.numpy as jnp
    from jtorch.nn.functional import pooling as P
    win = jnp.asarray([[3, 5, 5, 1], [-9, -9, -9, -9], [2, 1, 0, 7]], jnp.int64)
    val, idx = P._scan_max(win)
    assert np.asarray(val).tolist() == [5, -9, 7] and np.asarray(idx).tolist() == [1, 0, 3]
    f = jnp.asarray([[-np.inf] * 3, [np.nan, 1.0, np.nan], [0.0, np.inf, np.inf]], jnp.float32)
    val, idx = P._scan_max(f)
    assert np.asarray(idx).tolist() == [0, 2, 1]
    np.testing.assert_array_equal(np.asarray(val), [-np.inf, np.nan, np.inf])


def test_tiles_only_when_windows_tile():
    from jtorch.nn.functional.pooling import _tiles
    assert _tiles((24, 24), (2, 2), (2, 2), (0, 0), (1, 1), (12, 12))  # the CNN's 2x2 pool
    assert _tiles((7, 11), (2, 3), (2, 3), (0, 0), (1, 1), (3, 3))  # leftover rows/cols
    assert _tiles((5,), (1,), (1,), (0,), (4,), (5,))  # dilation of a 1-wide kernel is moot
    assert not _tiles((24, 24), (2, 2), (1, 2), (0, 0), (1, 1), (23, 12))  # overlapping
    assert not _tiles((24, 24), (2, 2), (2, 2), (1, 0), (1, 1), (13, 12))  # padded
    assert not _tiles((24, 24), (2, 2), (2, 2), (0, 0), (2, 1), (11, 12))  # dilated
    assert not _tiles((5, 4), (2, 2), (2, 2), (0, 0), (1, 1), (3, 2))  # ceil_mode's partial
