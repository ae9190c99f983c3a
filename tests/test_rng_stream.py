"""PyTorch's CPU random stream: after `torch.manual_seed`, every host-drawn random op gives
PyTorch's own numbers (tests/reference/rng_stream.json from gen_rng_stream.py), and generator
states are PyTorch's 5056 bytes, loadable both ways.

Uniform, integer, permutation, Bernoulli and multinomial draws are bit-identical. Normal
samples of 16 or more float32 elements (PyTorch's vectorised Box-Muller) evaluate log/sin/cos in
float64 and round, where PyTorch calls the C library's float functions: about 1 sample in 6
differs in the last bit, so those are compared to 2 ulps.
"""
import warnings

import numpy as np
import pytest

import jtorch as torch
from conftest import load_reference

REF = load_reference("rng_stream")
SEED = REF["seed"]


_NORMAL = ("randn", "normal", "Embedding", "sparse_", "exponential", "cauchy")


def _values(t):
    a = t.detach().to(torch.float64).numpy() if t.dtype.is_floating_point else t.numpy()
    return np.asarray(a)


def _run(expr):
    torch.manual_seed(SEED)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = eval(expr, {"torch": torch})
    return out if isinstance(out, list) else [out]


@pytest.mark.parametrize("expr", sorted(REF["cases"]))
def test_stream_matches_pytorch(expr, mode):
    outs = _run(expr)
    refs = REF["cases"][expr]
    assert len(outs) == len(refs)
    for t, ref in zip(outs, refs):
        assert str(t.dtype) == ref["dtype"] and list(t.shape) == ref["shape"]
        got, want = _values(t), np.asarray(ref["value"], dtype=np.float64 if
                                           t.dtype.is_floating_point else None)
        if "orthogonal" in expr:    # a QR decomposition of normal samples
            np.testing.assert_allclose(got, want.reshape(got.shape), rtol=1e-5, atol=1e-6)
        elif any(k in expr for k in _NORMAL):
            # Box-Muller through the C library's float functions: last-bit differences of
            # the standard sample, scaled by std (and cancelling against mean near zero)
            scale = max(1.0, float(np.abs(want).max())) if want.size else 1.0
            np.testing.assert_allclose(got, want.reshape(got.shape), rtol=2.5e-7,
                                       atol=1e-7 * scale)
        else:
            np.testing.assert_array_equal(got, want.reshape(got.shape))


@pytest.mark.parametrize("name", sorted(REF["programs"]))
def test_program_matches_pytorch(name, mode):
    """Random draws inside Module forwards: deferred, each call is one captured node whose host
    samples are inputs drawn anew per call; eager, the forward runs op by op. Both give
    PyTorch's numbers."""
    torch.manual_seed(SEED)
    env = {"torch": torch}
    with warnings.catch_warnings():
        warnings.simplefilter("error")    # a graph break would warn
        exec(REF["programs_code"][name], env)
    refs = REF["programs"][name]
    assert len(env["out"]) == len(refs)
    for t, ref in zip(env["out"], refs):
        want = np.asarray(ref["value"], np.float64).reshape(ref["shape"])
        np.testing.assert_allclose(_values(t), want, rtol=2e-5, atol=2e-6)


def test_captured_forward_draws_anew_without_recapturing():
    class Noisy(torch.nn.Module):
        def forward(self, x):
            return x + torch.randn(3)

    m = Noisy()
    x = torch.zeros(3)
    before = torch.compiler.compile_counts().get("Noisy.forward", 0)
    m(x)
    assert torch.compiler.compile_counts().get("Noisy.forward") == before + 1
    torch.manual_seed(5)
    with torch.compiler.max_compiles(0):
        a, b = m(x), m(x)
    torch.manual_seed(5)
    assert torch.equal(torch.cat([a, b]), torch.randn(6))


@pytest.mark.parametrize("code", sorted(REF["states"]))
def test_state_bytes_match_pytorch(code):
    torch.manual_seed(SEED)
    exec(code, {"torch": torch})
    assert torch.get_rng_state().numpy().tobytes().hex() == REF["states"][code]


def test_pytorch_state_loads_and_continues():
    """A state saved by PyTorch (after `rand(3); randn(1)`, so with a cached normal sample)
    continues PyTorch's stream: the next randn(1) is the cached sine sample."""
    state = bytes.fromhex(REF["states"]["torch.rand(3); torch.randn(1)"])
    torch.manual_seed(0)
    torch.set_rng_state(torch.tensor(list(state), dtype=torch.uint8))
    assert torch.initial_seed() == SEED
    a = torch.randn(1).item()
    torch.manual_seed(SEED)
    torch.rand(3)
    pair = torch.randn(2)
    assert a == pair[1].item()


def test_state_round_trip_keeps_the_normal_cache():
    torch.manual_seed(3)
    torch.randn(1)                  # leaves the second sample cached
    state = torch.get_rng_state()
    a = torch.randn(5)
    torch.set_rng_state(state)
    assert torch.equal(torch.randn(5), a)


def test_threefry_draws_ride_along_in_the_state():
    """Threefry draws (dropout with dropout_stream="threefry", compiled code on CUDA) keep
    their offset in a field PyTorch leaves unused, so a state restore repeats them too."""
    old = torch.runtime.config["dropout_stream"]
    torch.runtime.config["dropout_stream"] = "threefry"
    try:
        torch.manual_seed(0)
        x = torch.ones(64)
        state = torch.get_rng_state()
        a = torch.nn.functional.dropout(x, 0.5)
        b = torch.rand(3)
        torch.set_rng_state(state)
        assert torch.equal(torch.nn.functional.dropout(x, 0.5), a)
        assert torch.equal(torch.rand(3), b)
        assert torch.get_rng_state()[5016:5024].tolist() == [1] + [0] * 7  # one threefry draw
    finally:
        torch.runtime.config["dropout_stream"] = old


def test_dropout_masks_are_pytorchs():
    """F.dropout draws bernoulli_(1 - p) from PyTorch's stream: one 64-bit word per element,
    kept when its 53-bit uniform is below 1 - p, scaled by 1 / (1 - p)."""
    torch.manual_seed(0)
    y = torch.nn.functional.dropout(torch.ones(2, 50), 0.3)
    torch.manual_seed(0)
    keep = torch.empty(2, 50, dtype=torch.float64).uniform_() < 0.7
    expect = keep.float() / torch.tensor(0.7)
    assert torch.equal(y, expect)


def test_generators_are_independent_streams():
    g = torch.Generator().manual_seed(7)
    torch.manual_seed(7)
    a = torch.rand(4, generator=g)
    torch.rand(10)                  # the default generator moves on, g does not
    b = torch.rand(4, generator=g)
    torch.manual_seed(7)
    assert torch.equal(torch.rand(8), torch.cat([a, b]))


def test_pickled_generator_continues_its_stream():
    import pickle
    g = torch.Generator().manual_seed(9)
    torch.randn(3, generator=g)
    h = pickle.loads(pickle.dumps(g))
    assert torch.equal(torch.randn(20, generator=h), torch.randn(20, generator=g))


def test_clone_state_copies_without_sharing():
    g = torch.Generator().manual_seed(2)
    c = g.clone_state()
    x = torch.rand(3, generator=c)
    assert torch.equal(torch.rand(3, generator=g), x)
    assert not torch.equal(torch.rand(3, generator=c), x)


@pytest.mark.parametrize("block", [1, 2, 5, 64])
@pytest.mark.parametrize("seed", [0, 2])   # (2: ends with a cached normal)
def test_block_reads_match_draws_one_at_a_time(block, seed):
    """The per-sample samplers (gamma, binomial, poisson) read 53-bit uniforms and cached
    Box-Muller normals ahead in blocks, then rewind: in any order and with any block size (a
    normal's pair of uniforms straddling two blocks included) they get the numbers drawing one
    at a time would, and leave the engine with the same words used and the same normal cache
    (the cases above check PyTorch's own numbers after such draws)."""
    from jtorch import _mt19937 as _mt
    ops = np.random.default_rng(seed).integers(0, 2, 301 + seed).tolist()  # 1: a normal
    one = _mt.MT19937(7)
    _mt.normal_double(one, 1)           # starts with a cached normal
    blocks = one.clone()
    want = [float((_mt.normal_double(one, 1) if op else one.unit_double(1))[0]) for op in ops]
    draw = _mt._Uniforms(blocks, 64)
    draw.block = block
    got = [draw.normal() if op else draw() for op in ops]
    draw.finish()
    assert got == want
    assert blocks.state_bytes(SEED) == one.state_bytes(SEED)
