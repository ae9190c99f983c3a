"""Identity/Linear/Bilinear/LazyLinear/Flatten and F.linear/F.bilinear: forward and gradient
parity with PyTorch given identical weights (loaded through load_state_dict), PyTorch's errors,
default initialisation distributions (tested statistically), and F.linear against NumPy."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from _nn_parity import cases, check

PLAIN = sorted(n for n in cases.LINEAR if n not in cases.NUMERIC)
NUMERIC = sorted(n for n in cases.LINEAR if n in cases.NUMERIC)


@pytest.mark.parametrize("name", PLAIN)
def test_linear_parity(name):
    check("linear", name)


@pytest.mark.parametrize("name", NUMERIC)
def test_linear_numeric_parity(mode, name):
    check("linear", name)


# ---- default initialisation: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) ------------------------------
def _uniform_stats(values, bound):
    """Bounds, mean and variance of samples that should be U(-bound, bound)."""
    v = np.asarray(values, dtype=np.float64).ravel()
    n = v.size
    assert v.min() >= -bound and v.max() <= bound
    assert v.min() < -0.95 * bound and v.max() > 0.95 * bound  # the whole range is used
    # mean 0, variance bound^2/3; 6 standard errors
    assert abs(v.mean()) < 6 * bound / math.sqrt(3 * n)
    var = bound ** 2 / 3
    assert abs(v.var() - var) < 6 * var * math.sqrt(0.8 / n)
    # flat histogram (chi-square-ish: each of 10 bins within 6 sigma of n/10)
    counts, _ = np.histogram(v, bins=10, range=(-bound, bound))
    expect = n / 10
    assert np.all(np.abs(counts - expect) < 6 * math.sqrt(expect))


def test_linear_default_init_distribution():
    torch.manual_seed(0)
    lin = nn.Linear(64, 512)
    bound = 1 / math.sqrt(64)
    _uniform_stats(lin.weight.detach().numpy(), bound)
    biases = np.concatenate([nn.Linear(64, 512).bias.detach().numpy() for _ in range(8)])
    _uniform_stats(biases, bound)
    assert lin.weight.dtype == torch.float32 and lin.bias.dtype == torch.float32


def test_bilinear_and_lazy_linear_default_init_distribution():
    torch.manual_seed(1)
    bil = nn.Bilinear(16, 8, 256)
    _uniform_stats(bil.weight.detach().numpy(), 1 / math.sqrt(16))
    lazy = nn.LazyLinear(1024)
    lazy(torch.zeros(1, 25))
    _uniform_stats(lazy.weight.detach().numpy(), 1 / math.sqrt(25))
    _uniform_stats(lazy.bias.detach().numpy(), 1 / math.sqrt(25))


def test_init_draws_from_jtorch_rng():
    torch.manual_seed(123)
    a = nn.Linear(5, 7).weight.detach().numpy()
    torch.manual_seed(123)
    b = nn.Linear(5, 7).weight.detach().numpy()
    c = nn.Linear(5, 7).weight.detach().numpy()
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(b, c)


def test_reset_parameters_redraws():
    lin = nn.Linear(4, 4)
    w = lin.weight
    old = w.detach().clone()
    lin.reset_parameters()
    assert lin.weight is w and not np.array_equal(old.numpy(), w.detach().numpy())


def test_float64_linear_inits_in_float64():
    lin = nn.Linear(3, 2, dtype=torch.float64)
    assert lin.weight.dtype == torch.float64 and lin.bias.dtype == torch.float64
    assert lin(torch.ones(1, 3, dtype=torch.float64)).dtype == torch.float64


# ---- F.linear against NumPy ------------------------------------------------------------------
@settings(max_examples=20)
@given(batch=st.lists(st.integers(0, 3), max_size=3), k=st.integers(1, 5),
       n=st.integers(1, 5), bias=st.booleans(), f64=st.booleans(), seed=st.integers(0, 99))
def test_linear_matches_numpy(batch, k, n, bias, f64, seed):
    rng = np.random.default_rng(seed)
    dt = np.float64 if f64 else np.float32
    x = rng.normal(size=tuple(batch) + (k,)).astype(dt)
    w = rng.normal(size=(n, k)).astype(dt)
    b = rng.normal(size=(n,)).astype(dt) if bias else None
    y = F.linear(torch.tensor(x), torch.tensor(w), None if b is None else torch.tensor(b))
    want = x @ w.T + (0 if b is None else b)
    assert y.shape == want.shape and y.dtype == (torch.float64 if f64 else torch.float32)
    tol = 1e-12 if f64 else 1e-5
    np.testing.assert_allclose(y.numpy(), want, rtol=tol, atol=tol)


def test_linear_gradients_match_closed_form():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 4))
    lin = nn.Linear(4, 3).double()
    g = rng.normal(size=(6, 3))
    xt = torch.tensor(x, requires_grad=True)
    lin(xt).backward(torch.tensor(g))
    w = lin.weight.detach().numpy()
    np.testing.assert_allclose(xt.grad.numpy(), g @ w, rtol=1e-12)
    np.testing.assert_allclose(lin.weight.grad.numpy(), g.T @ x, rtol=1e-12)
    np.testing.assert_allclose(lin.bias.grad.numpy(), g.sum(0), rtol=1e-12)
