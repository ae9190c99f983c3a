"""Random number generation: determinism, generator state, distributions, PyTorch's dtypes,
shapes and errors (tests/reference/random.json from gen_random.py), and no recompiles.

Values are compared with themselves (same seed, same numbers) and with statistical bounds here;
tests/test_rng_stream.py compares them with PyTorch's own numbers.
"""
import math
import re
import warnings

import jax
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
from conftest import load_reference

REF = load_reference("random")


def z(*size, dtype=torch.float32):
    return torch.zeros(*size, dtype=dtype)


def np_(t):
    return np.asarray(t.detach())   # (not .numpy(): bfloat16 has none)


def same(a, b):
    """Bit-identical values."""
    a, b = np_(a), np_(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


# ---- reference parity: dtypes, shapes, requires_grad, errors, warnings ----------------------
@pytest.mark.parametrize("expr", sorted(REF["calls"]))
def test_call_matches_pytorch(expr):
    """dtype, shape and requires_grad, known at the call (nothing runs or compiles here)."""
    ref = REF["calls"][expr]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = eval(expr, {"torch": torch, "z": z})
    assert isinstance(t, torch.Tensor)
    assert str(t.dtype) == ref["dtype"]
    assert list(t.shape) == ref["shape"]
    assert t.requires_grad == ref["requires_grad"]


@pytest.mark.parametrize("part", [0, 1, 2])
def test_reference_calls_run(part):
    """Every reference call runs (one sync per third of them: each kernel compiles once; the
    thirds let parallel test workers share the ~30 s of XLA compiles)."""
    results = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for expr in sorted(REF["calls"])[part::3]:
            results[expr] = eval(expr, {"torch": torch, "z": z})
    torch.sync()
    for expr, t in results.items():
        v = np_(t)
        assert list(v.shape) == REF["calls"][expr]["shape"], expr
        assert str(t.dtype) == REF["calls"][expr]["dtype"], expr
        if t.dtype.is_floating_point and "cauchy" not in expr and "-2**63" not in expr:
            assert np.all(np.isfinite(v.astype(np.float64))), expr


_EXC = {"RuntimeError": RuntimeError, "TypeError": TypeError, "ValueError": ValueError,
        "NotImplementedError": NotImplementedError, "IndexError": IndexError}


@pytest.mark.parametrize("expr", sorted(REF["errors"]))
def test_error_matches_pytorch(expr, mode):
    ref = REF["errors"][expr]
    with pytest.raises(_EXC[ref["type"]]) as info:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            eval(expr, {"torch": torch, "z": z})
            torch.sync()
    # value-dependent checks add "(recorded by <op> at <file:line>)"
    assert str(info.value).split("\n")[0].startswith(ref["message"]), (str(info.value), ref)


@pytest.mark.parametrize("expr", sorted(REF["warnings"]))
def test_precision_warnings_match_pytorch(expr):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        eval(expr, {"torch": torch, "z": z})
    got = [str(x.message) for x in w if issubclass(x.category, UserWarning)]
    assert got == REF["warnings"][expr]


def test_random_in_range_warns_nothing():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        z(3).random_(0, 2 ** 24 + 1)
        torch.randint(0, 2 ** 11 + 1, (2,), dtype=torch.float16)


# ---- determinism and state ------------------------------------------------------------------
DRAWS = [
    lambda g: torch.rand(5, generator=g),
    lambda g: torch.rand(3, dtype=torch.float16, generator=g),
    lambda g: torch.randn(2, 3, generator=g),
    lambda g: torch.randn(4, dtype=torch.float64, generator=g),
    lambda g: torch.randint(0, 100, (6,), generator=g),
    lambda g: torch.randint(7, (6,), dtype=torch.int32, generator=g),
    lambda g: torch.randperm(10, generator=g),
    lambda g: torch.rand_like(z(3), generator=g),
    lambda g: torch.randn_like(z(3), generator=g),
    lambda g: torch.randint_like(z(3), 2, 9, generator=g),
    lambda g: torch.normal(z(3), z(3) + 1, generator=g),
    lambda g: torch.normal(z(3), 2.0, generator=g),
    lambda g: torch.normal(1.0, z(3) + 1, generator=g),
    lambda g: torch.normal(0.0, 1.0, (4,), generator=g),
    lambda g: torch.bernoulli(z(8) + 0.5, generator=g),
    lambda g: torch.bernoulli(z(8), 0.5, generator=g),
    lambda g: torch.multinomial(z(6) + 1, 3, generator=g),
    lambda g: torch.multinomial(z(2, 6) + 1, 9, True, generator=g),
    lambda g: torch.poisson(z(5) + 3, generator=g),
    lambda g: z(5).uniform_(-1, 1, generator=g),
    lambda g: z(5).normal_(2, 3, generator=g),
    lambda g: z(5).random_(generator=g),
    lambda g: z(5, dtype=torch.int64).random_(3, 9, generator=g),
    lambda g: z(5).exponential_(generator=g),
    lambda g: z(5).geometric_(0.3, generator=g),
    lambda g: z(5).log_normal_(generator=g),
    lambda g: z(5).cauchy_(generator=g),
    lambda g: z(5).bernoulli_(0.5, generator=g),
    lambda g: z(5).bernoulli_(z(5) + 0.5, generator=g),
]


@pytest.mark.parametrize("i", range(len(DRAWS)))
def test_same_seed_same_numbers(i):
    draw = DRAWS[i]
    torch.manual_seed(1234)
    a = draw(None)
    torch.manual_seed(1234)
    b = draw(None)
    assert same(a, b)


# eager mode: one draw per op family (every op runs at its call there)
@pytest.mark.parametrize("i", [0, 2, 4, 6, 10, 14, 16, 17, 18, 19, 21, 23, 24, 25, 26, 28])
def test_same_seed_same_numbers_eager(i):
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = True
    try:
        test_same_seed_same_numbers(i)
    finally:
        torch.runtime.config["eager"] = old


@pytest.mark.parametrize("i", range(len(DRAWS)))
def test_generator_keyword_is_independent_of_global_state(i):
    draw = DRAWS[i]
    torch.manual_seed(0)
    expected_global = torch.rand(8)
    g = torch.Generator().manual_seed(99)
    a = draw(g)
    torch.manual_seed(0)
    g2 = torch.Generator().manual_seed(99)
    torch.rand(3)  # the global generator moving does not change g2's stream
    b = draw(g2)
    # draws from another generator do not advance the global generator
    torch.manual_seed(0)
    draw(torch.Generator().manual_seed(5))
    after = torch.rand(8)
    assert same(a, b)
    assert same(after, expected_global)


def test_different_seeds_and_successive_draws_differ(mode):
    torch.manual_seed(1)
    a = torch.rand(16)
    b = torch.rand(16)
    torch.manual_seed(2)
    c = torch.rand(16)
    assert not same(a, b) and not same(a, c) and not same(b, c)
    torch.manual_seed(1)
    assert not same(torch.randperm(50), torch.randperm(50))


def test_values_agree_between_deferred_and_eager():
    results = {}
    for eager in (False, True):
        old = torch.runtime.config["eager"]
        torch.runtime.config["eager"] = eager
        try:
            torch.manual_seed(77)
            results[eager] = [torch.rand(6), torch.randint(0, 1000, (6,)), torch.randperm(9),
                              z(6, dtype=torch.int64).random_(), torch.randn(6)]
            torch.sync()
        finally:
            torch.runtime.config["eager"] = old
    for a, b in zip(results[False], results[True]):
        np.testing.assert_allclose(np_(a), np_(b), rtol=1e-6, atol=0)
    for a, b in zip(results[False][:4], results[True][:4]):
        assert same(a, b)


def test_manual_seed_api():
    g = torch.manual_seed(5)
    assert g is torch.default_generator
    assert torch.initial_seed() == 5
    torch.manual_seed(-1)
    assert torch.initial_seed() == 2 ** 64 - 1
    a = torch.rand(4)
    torch.manual_seed(2 ** 64 - 1)
    assert same(a, torch.rand(4))
    torch.manual_seed(1.9)  # torch.manual_seed calls int()
    assert torch.initial_seed() == 1
    torch.manual_seed(np.int64(7))
    assert torch.initial_seed() == 7


def test_seed_is_nondeterministic_and_reported():
    s1 = torch.seed()
    assert isinstance(s1, int) and 0 <= s1 < 2 ** 64
    assert torch.initial_seed() == s1
    s2 = torch.seed()
    assert s1 != s2
    g = torch.Generator()
    s = g.seed()
    assert g.initial_seed() == s


def test_rng_state_round_trip(mode):
    torch.manual_seed(31)
    torch.rand(3)
    state = torch.get_rng_state()
    assert state.dtype is torch.uint8 and state.dim() == 1 and state.numel() == 5056
    a = torch.randn(10)
    b = torch.randint(0, 50, (4,))
    torch.manual_seed(8)
    torch.set_rng_state(state)
    assert torch.initial_seed() == 31
    assert np_(torch.get_rng_state()).tolist() == np_(state).tolist()
    assert same(torch.randn(10), a)
    assert same(torch.randint(0, 50, (4,)), b)


def test_rng_state_is_a_copy(mode):
    torch.manual_seed(3)
    state = torch.get_rng_state()
    before = np_(state).copy()
    torch.rand(5)
    assert np_(state).tolist() == before.tolist()  # drawing does not change a saved state
    state.zero_() if hasattr(state, "zero_") else None
    torch.manual_seed(3)
    assert np_(torch.get_rng_state()).tolist() == before.tolist()


def test_generator_state_round_trip(mode):
    g = torch.Generator()
    assert g.initial_seed() == 67280421310721
    assert g.manual_seed(11) is g
    torch.rand(2, generator=g)
    st_ = g.get_state()
    assert st_.dtype is torch.uint8 and st_.numel() == 5056
    a = torch.randn(5, generator=g)
    g.manual_seed(12)
    assert g.set_state(st_) is g
    assert g.initial_seed() == 11
    assert same(torch.randn(5, generator=g), a)
    # another generator takes the same state
    h = torch.Generator()
    h.set_state(st_)
    assert same(torch.randn(5, generator=h), a)
    # clone_state copies without sharing
    c = g.clone_state()
    x = torch.rand(3, generator=c)
    assert same(torch.rand(3, generator=g), x)


def test_set_rng_state_accepts_pending_state(mode):
    torch.manual_seed(4)
    state = torch.get_rng_state().clone()  # a pending copy in deferred mode
    a = torch.rand(3)
    torch.set_rng_state(state)
    assert same(torch.rand(3), a)


def test_generator_attributes():
    g = torch.Generator()
    assert g.device == torch.device("cpu")
    assert torch.Generator("cpu").device.type == "cpu"
    assert torch.Generator(device=torch.device("cpu")).device == torch.device("cpu")
    assert re.match(r"<torch\._C\.Generator object at 0x[0-9a-f]+>", repr(g))
    assert isinstance(torch.default_generator, torch.Generator)


def test_generator_wrong_type():
    with pytest.raises(TypeError, match="expected a torch.Generator, but got int"):
        torch.rand(2, generator=5)


def test_state_size_error():
    with pytest.raises(RuntimeError, match="RNG state size to be 3"):
        torch.set_rng_state(z(3, dtype=torch.uint8))
    with pytest.raises(RuntimeError, match="CPUGeneratorImplState of size 5056 but found the "
                       "input RNG state size to be 16"):
        torch.Generator().set_state(z(16, dtype=torch.uint8))
    with pytest.raises(RuntimeError, match="Invalid mt19937 state"):
        torch.Generator().set_state(z(5056, dtype=torch.uint8))


def test_invalid_argument_combinations():
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.randint(3)
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.randint(0.5, 3.5, (2,))
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.normal(2, 3)
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.normal(z(2), 1.0, (3,))
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        torch.randn(2, size=(3,))
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        z(2).random_(0.5, 3.5)
    with pytest.raises(TypeError, match="must be tuple of ints"):
        torch.rand(2, (3,))
    with pytest.raises(TypeError, match="unexpected keyword argument 'bogus'"):
        torch.rand(2, bogus=1)
    with pytest.raises(TypeError, match="unexpected keyword argument 'lo'"):
        z(2).uniform_(lo=1)


def test_fork_rng():
    torch.manual_seed(21)
    expected = torch.rand(4)
    torch.manual_seed(21)
    with torch.random.fork_rng():
        torch.manual_seed(5)
        torch.rand(100)
    assert same(torch.rand(4), expected)


# ---- in-place fills -------------------------------------------------------------------------
def test_fill_keeps_object_and_writes_through_views(mode):
    b = z(3, 4)
    r = b[1].uniform_(2, 3)
    v = np_(b)
    assert np.all(v[0] == 0) and np.all(v[2] == 0)
    assert np.all((v[1] >= 2) & (v[1] < 3))
    assert same(r, b[1])
    t = z(5)
    assert t.normal_() is t and t.random_() is t and t.bernoulli_() is t


def test_out_argument(mode):
    o = z(3)
    r = torch.rand(3, out=o)
    assert r is o
    v = np_(o)
    assert np.all((v >= 0) & (v < 1)) and len(set(v.tolist())) == 3
    o = z(2, dtype=torch.int64)
    torch.randint(5, 9, (2,), out=o)
    assert o.dtype is torch.int64 and set(np_(o).tolist()) <= set(range(5, 9))


# ---- distributions (statistical bounds, many samples) ---------------------------------------
N = 200_000


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.bfloat16])
def test_rand_uniform(dtype):
    torch.manual_seed(0)
    v = np_(torch.rand(N, dtype=dtype)).astype(np.float64)
    assert v.min() >= 0 and v.max() < 1
    assert abs(v.mean() - 0.5) < 0.01
    assert abs(v.std() - math.sqrt(1 / 12)) < 0.01
    hist = np.histogram(v, bins=8, range=(0, 1))[0] / N
    assert np.all(np.abs(hist - 1 / 8) < 0.01)


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64, torch.float16, torch.bfloat16])
def test_randn_normal(dtype):
    torch.manual_seed(0)
    v = np_(torch.randn(N, dtype=dtype)).astype(np.float64)
    assert abs(v.mean()) < 0.01 and abs(v.std() - 1) < 0.01
    assert abs(np.mean(np.abs(v) < 1) - 0.6827) < 0.01


def test_normal_overloads_statistics():
    torch.manual_seed(0)
    v = np_(torch.normal(3.0, 2.0, (N,)))
    assert abs(v.mean() - 3) < 0.03 and abs(v.std() - 2) < 0.03
    mean = torch.tensor([[-5.0], [5.0]])
    std = torch.tensor([0.5, 1.0, 2.0])
    assert torch.normal(mean, std).shape == (2, 3)
    w = np.stack([np_(torch.normal(mean, std)) for _ in range(400)])
    assert w.shape == (400, 2, 3)
    assert np.all(np.abs(w.mean(0) - np.array([[-5.0], [5.0]])) < 0.4)
    assert np.all(np.abs(w.std(0) - np.array([0.5, 1.0, 2.0])) < 0.35)
    v = np_(torch.normal(z(N), 0.0))
    assert np.all(v == 0)
    v = np_(torch.normal(1.0, z(N) + 3))
    assert abs(v.mean() - 1) < 0.05 and abs(v.std() - 3) < 0.05
    v = np_(z(N).normal_(-2, 0.5))
    assert abs(v.mean() + 2) < 0.01 and abs(v.std() - 0.5) < 0.01


def test_uniform_fill():
    torch.manual_seed(0)
    v = np_(z(N).uniform_(-2, 3))
    assert v.min() >= -2 and v.max() < 3 and abs(v.mean() - 0.5) < 0.03
    v = np_(z(N, dtype=torch.float64).uniform_(5, 5))
    assert np.all(v == 5)


def test_exponential():
    torch.manual_seed(0)
    v = np_(z(N).exponential_(2.0))
    assert v.min() >= 0 and abs(v.mean() - 0.5) < 0.01 and abs(v.std() - 0.5) < 0.01
    v = np_(z(N, dtype=torch.float64).exponential_())
    assert abs(v.mean() - 1) < 0.02


def test_geometric():
    torch.manual_seed(0)
    v = np_(z(N).geometric_(0.25))
    assert v.min() >= 1 and np.all(v == np.round(v))
    assert abs(v.mean() - 4) < 0.05
    assert abs(np.mean(v == 1) - 0.25) < 0.01
    vi = np_(z(N, dtype=torch.int64).geometric_(0.5))
    assert vi.dtype == np.int64 and vi.min() >= 1 and abs(vi.mean() - 2) < 0.03


def test_log_normal_and_cauchy():
    torch.manual_seed(0)
    v = np_(z(N, dtype=torch.float64).log_normal_(0.5, 0.25))
    assert v.min() > 0
    lv = np.log(v)
    assert abs(lv.mean() - 0.5) < 0.01 and abs(lv.std() - 0.25) < 0.01
    c = np_(z(N).cauchy_(1.0, 2.0))
    q25, q50, q75 = np.percentile(c, [25, 50, 75])
    assert abs(q50 - 1) < 0.05 and abs(q25 + 1) < 0.08 and abs(q75 - 3) < 0.08


def test_randint_range_and_all_values_hit():
    torch.manual_seed(0)
    v = np_(torch.randint(3, 10, (N,)))
    assert v.dtype == np.int64 and v.min() == 3 and v.max() == 9
    counts = np.bincount(v - 3, minlength=7) / N
    assert np.all(np.abs(counts - 1 / 7) < 0.01)
    v = np_(torch.randint(-4, 0, (1000,), dtype=torch.int8))
    assert v.dtype == np.int8 and set(v.tolist()) == {-4, -3, -2, -1}
    v = np_(torch.randint(2, (1000,), dtype=torch.bool))
    assert set(v.tolist()) == {False, True}
    v = np_(torch.randint(0, 5, (1000,), dtype=torch.float32))
    assert set(v.tolist()) == {0.0, 1.0, 2.0, 3.0, 4.0}
    big = np_(torch.randint(-2 ** 63, 2 ** 63 - 1, (1000,)))
    assert (big < -2 ** 61).any() and (big > 2 ** 61).any()
    v = np_(torch.randint_like(z(1000, dtype=torch.int16), -3, 3))
    assert v.dtype == np.int16 and set(v.tolist()) == set(range(-3, 3))


def test_random_fill_defaults():
    torch.manual_seed(0)
    u8 = np_(z(20_000, dtype=torch.uint8).random_())
    assert set(u8.tolist()) == set(range(256))
    i8 = np_(z(20_000, dtype=torch.int8).random_())
    assert i8.min() == 0 and i8.max() == 127
    b = np_(z(1000, dtype=torch.bool).random_())
    assert set(b.tolist()) == {False, True}
    i64 = np_(z(1000, dtype=torch.int64).random_())
    assert i64.min() >= 0 and i64.max() > 2 ** 60
    f32 = np_(z(N).random_())
    assert f32.min() >= 0 and f32.max() <= 2 ** 24 and np.all(f32 == np.round(f32))
    assert f32.max() > 2 ** 23
    f16 = np_(z(N, dtype=torch.float16).random_()).astype(np.float64)
    assert f16.min() >= 0 and f16.max() <= 2 ** 11
    v = np_(z(1000).random_(10))
    assert set(v.tolist()) == set(float(i) for i in range(10))
    v = np_(z(1000, dtype=torch.int64).random_(-5, to=-2))
    assert set(v.tolist()) == {-5, -4, -3}
    v = np_(z(1000, dtype=torch.uint8).random_(250, None))
    assert set(v.tolist()) == set(range(250, 256))
    full = np_(z(1000, dtype=torch.int64).random_(-2 ** 63, None))
    assert (full < 0).any() and (full > 0).any()


def test_randperm_is_permutation():
    torch.manual_seed(0)
    for n, dt in [(1000, torch.int64), (7, torch.int32), (256, torch.uint8),
                  (50, torch.float32), (1, torch.int64)]:
        p = np_(torch.randperm(n, dtype=dt))
        assert sorted(p.tolist()) == list(range(n))
    p = np_(torch.randperm(1000))
    assert not np.array_equal(p, np.arange(1000))
    first = np.array([np_(torch.randperm(4))[0] for _ in range(400)])
    assert set(first.tolist()) == {0, 1, 2, 3}


def test_bernoulli_frequency():
    torch.manual_seed(0)
    v = np_(torch.bernoulli(z(N) + 0.3))
    assert set(np.unique(v).tolist()) <= {0.0, 1.0} and abs(v.mean() - 0.3) < 0.01
    v = np_(torch.bernoulli(z(N, dtype=torch.int64), 0.8))
    assert v.dtype == np.int64 and abs(v.mean() - 0.8) < 0.01
    v = np_(z(N).bernoulli_(0.1))
    assert abs(v.mean() - 0.1) < 0.01
    p = torch.tensor([0.0, 1.0, 0.5]).repeat(N // 3) if hasattr(torch.Tensor, "repeat") \
        else torch.tensor([0.0, 1.0, 0.5] * (N // 3))
    v = np_(torch.bernoulli(p)).reshape(-1, 3)
    assert np.all(v[:, 0] == 0) and np.all(v[:, 1] == 1) and abs(v[:, 2].mean() - 0.5) < 0.01
    v = np_(z(N // 4, 4).bernoulli_(torch.tensor([0.0, 0.25, 0.75, 1.0])))
    np.testing.assert_allclose(v.mean(0), [0, 0.25, 0.75, 1], atol=0.01)
    v = np_(z(1000, dtype=torch.bool).bernoulli_(0.5))
    assert v.dtype == np.bool_ and 0.4 < v.mean() < 0.6


def test_multinomial_without_replacement():
    torch.manual_seed(0)
    p = torch.tensor([0.0, 1.0, 2.0, 0.0, 3.0, 4.0])
    for _ in range(20):
        s = np_(torch.multinomial(p, 4))
        assert s.dtype == np.int64 and len(set(s.tolist())) == 4
        assert set(s.tolist()) == {1, 2, 4, 5}  # zero-probability categories never drawn
    # rows are independent; a full draw is a permutation with zero weights last
    rows = torch.tensor([[1.0, 1.0, 0.0], [0.0, 0.0, 5.0]])
    s = np_(torch.multinomial(rows, 3))
    assert sorted(s[0].tolist()) == [0, 1, 2] and s[0, 2] == 2
    assert s[1, 0] == 2 and sorted(s[1].tolist()) == [0, 1, 2]
    # frequency of the first pick follows the weights
    w = torch.tensor([[1.0, 2.0, 7.0]] * 20_000) if not hasattr(torch.Tensor, "expand") else \
        torch.tensor([[1.0, 2.0, 7.0]]).expand(20_000, 3)
    first = np_(torch.multinomial(w, 2))[:, 0]
    np.testing.assert_allclose(np.bincount(first, minlength=3) / 20_000, [0.1, 0.2, 0.7],
                               atol=0.015)


def test_multinomial_with_replacement():
    torch.manual_seed(0)
    p = torch.tensor([0.1, 0.0, 0.6, 0.3])
    s = np_(torch.multinomial(p, N, replacement=True))
    assert s.shape == (N,) and 1 not in set(s.tolist())
    np.testing.assert_allclose(np.bincount(s, minlength=4) / N, [0.1, 0.0, 0.6, 0.3], atol=0.01)
    s = np_(torch.multinomial(torch.tensor([[0.0, 1.0], [1.0, 0.0]]), 50, True))
    assert np.all(s[0] == 1) and np.all(s[1] == 0)
    # unnormalised weights
    s = np_(torch.multinomial(torch.tensor([2.0, 6.0]), N, True))
    assert abs(s.mean() - 0.75) < 0.01


def test_poisson():
    torch.manual_seed(0)
    v = np_(torch.poisson(z(N) + 4))
    assert v.min() >= 0 and np.all(v == np.round(v))
    assert abs(v.mean() - 4) < 0.05 and abs(v.var() - 4) < 0.1
    assert np.all(np_(torch.poisson(z(N))) == 0)
    v = np_(torch.poisson(z(N) + 1e6))
    assert abs(v.mean() - 1e6) < 100 and abs(v.std() - 1e3) < 20


# ---- property tests -------------------------------------------------------------------------
# a few shapes, so examples share compiled kernels
shapes = st.sampled_from([(), (0,), (1,), (5,), (2, 3), (3, 0, 2), (4, 1, 2)])


@settings(max_examples=15, deadline=None)
@given(shapes, st.integers(-50, 50), st.integers(1, 60),
       st.sampled_from([torch.int64, torch.int32, torch.int16, torch.float32, torch.float64]))
def test_randint_property(shape, low, span, dtype):
    t = torch.randint(low, low + span, shape, dtype=dtype)
    v = np_(t)
    assert v.shape == shape and t.dtype is dtype
    assert np.all((v >= low) & (v < low + span)) and np.all(v == np.round(v))


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 300))
def test_randperm_property(n):
    assert sorted(np_(torch.randperm(n)).tolist()) == list(range(n))


@settings(max_examples=15, deadline=None)
@given(st.lists(st.floats(0, 10, allow_nan=False, width=32), min_size=5, max_size=5),
       st.data())
def test_multinomial_property(weights, data):
    w = np.array(weights, np.float32)
    if w.sum() <= 0:
        w[0] = 1
    positive = int((w > 0).sum())
    n = data.draw(st.integers(1, len(w)))
    s = np_(torch.multinomial(torch.tensor(w), n))
    assert s.shape == (n,) and len(set(s.tolist())) == n
    drawn_zero = [i for i in s.tolist() if w[i] == 0]
    # zero-weight categories only once every positive one is taken
    assert len(drawn_zero) == max(0, n - positive)
    r = np_(torch.multinomial(torch.tensor(w), 3 * n, replacement=True))
    assert all(w[i] > 0 for i in r.tolist())


@settings(max_examples=15, deadline=None)
@given(shapes, st.floats(-5, 5), st.floats(0.01, 5),
       st.sampled_from([torch.float32, torch.float64, torch.float16]))
def test_uniform_property(shape, low, width, dtype):
    t = torch.zeros(shape, dtype=dtype).uniform_(low, low + width)
    v = np_(t).astype(np.float64)
    assert t.shape == shape and t.dtype is dtype
    tol = 1e-6 if dtype is not torch.float16 else 1e-2 * (1 + abs(low) + width)
    assert np.all((v >= low - tol) & (v <= low + width + tol))
    if dtype is not torch.float16:
        assert np.all(v < low + width) or width < 1e-5


# ---- no recompiles --------------------------------------------------------------------------
_compiles = [0]


def _on_event(event, duration, **kwargs):
    if event == "/jax/core/compile/backend_compile_duration":
        _compiles[0] += 1


jax.monitoring.register_event_duration_secs_listener(_on_event)


def _count(fn):
    stats = torch.runtime.stats
    k0, p0, c0 = stats["kernels"], stats["programs"], _compiles[0]
    fn()
    torch.sync()
    return stats["kernels"] - k0, stats["programs"] - p0, _compiles[0] - c0


def test_rand_loop_compiles_a_couple_of_kernels():
    def loop():
        for _ in range(100):
            torch.rand(4)
    kernels, programs, xla = _count(loop)
    assert kernels <= 2 and programs <= 1 and xla <= 3, (kernels, programs, xla)
    # a second loop compiles nothing
    assert _count(loop) == (0, 0, 0)


def test_rand_loop_with_sync_each_step_fuses_once():
    def loop():
        for _ in range(100):
            torch.rand(4).tolist()
    kernels, programs, xla = _count(loop)
    assert kernels <= 2 and programs <= 2 and xla <= 4, (kernels, programs, xla)
    assert _count(loop) == (0, 0, 0)


def test_changing_parameters_and_seeds_do_not_recompile():
    t = z(8)

    def loop(offset):
        for i in range(30):
            torch.manual_seed(i + offset)
            t.uniform_(-i - offset, i + 1 + offset)
            t.normal_(i, i + 1)
            torch.randint(i, i + 10 + offset, (8,))
            torch.bernoulli(t.abs() / (1.0 + t.abs()), generator=torch.Generator().manual_seed(i))
            np_(t)
    _count(lambda: loop(0))
    assert _count(lambda: loop(1000)) == (0, 0, 0)


def test_dropout_like_training_loop_does_not_recompile():
    w = torch.rand(16, 16)

    def step():
        x = torch.randn(4, 16)
        mask = torch.bernoulli(torch.full((4, 16), 0.5))
        y = (x * mask) @ w if hasattr(torch.Tensor, "__matmul__") else x * mask
        return np_(y)
    _count(lambda: [step() for _ in range(3)])
    assert _count(lambda: [step() for _ in range(20)]) == (0, 0, 0)


def test_generator_copy_and_pickle_keep_the_stream():
    import copy
    import pickle
    g = torch.Generator().manual_seed(3)
    torch.rand(2, generator=g)
    h = copy.deepcopy(g)
    k = pickle.loads(pickle.dumps(g))
    a = torch.rand(3, generator=g)
    assert same(torch.rand(3, generator=h), a) and same(torch.rand(3, generator=k), a)
    assert k.initial_seed() == 3


# ---- autograd: samples carry history but no gradient (as PyTorch) ---------------------------
def test_sampling_gradients_are_zero(mode):
    m = torch.zeros(3, requires_grad=True)
    s = torch.ones(3, requires_grad=True)
    y = torch.normal(m, s)
    assert y.requires_grad and y.grad_fn.name() == "NormalBackward3"
    assert torch.normal(m, 1.0).grad_fn.name() == "NormalBackward1"
    assert torch.normal(0.0, s).grad_fn.name() == "NormalBackward2"
    y.sum().backward()
    assert np_(m.grad).tolist() == [0, 0, 0] and np_(s.grad).tolist() == [0, 0, 0]
    p = torch.full((3,), 0.5, requires_grad=True)
    b = torch.bernoulli(p)
    assert b.grad_fn.name() == "BernoulliBackward0"
    b.sum().backward()
    assert np_(p.grad).tolist() == [0, 0, 0]
    r = torch.ones(3, requires_grad=True)
    q = torch.poisson(r)
    assert q.grad_fn.name() == "PoissonBackward0"
    q.sum().backward()
    assert np_(r.grad).tolist() == [0, 0, 0]
    assert not torch.multinomial(m + 1, 2).requires_grad
    assert not torch.rand_like(m).requires_grad


@pytest.mark.parametrize("call, name", [
    (lambda t: t.uniform_(), "UniformBackward0"), (lambda t: t.normal_(), "NormalBackward0"),
    (lambda t: t.bernoulli_(0.5), "BernoulliBackward2"),
    (lambda t: t.bernoulli_(torch.rand(3)), "BernoulliBackward1"),
    (lambda t: t.random_(), "RandomBackward2"), (lambda t: t.random_(3), "RandomBackward1"),
    (lambda t: t.random_(1, 3), "RandomBackward0"),
    (lambda t: t.exponential_(), "ExponentialBackward0"),
    (lambda t: t.geometric_(0.5), "GeometricBackward0"),
    (lambda t: t.log_normal_(), "LogNormalBackward0"), (lambda t: t.cauchy_(), "CauchyBackward0"),
])
def test_fill_of_a_tensor_that_requires_grad(call, name, mode):
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    assert call(y) is y
    assert y.requires_grad and y.grad_fn.name() == name
    y.sum().backward()
    assert np_(x.grad).tolist() == [0, 0, 0]


def test_fill_of_a_leaf_that_requires_grad(mode):
    w = torch.zeros(4, requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used in "
                                           "an in-place operation"):
        w.uniform_()
    with torch.no_grad():
        w.uniform_(2, 3)  # nn.init's pattern
    assert w.requires_grad and w.is_leaf
    v = np_(w.detach())
    assert np.all((v >= 2) & (v < 3))
