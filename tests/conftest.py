"""Shared test fixtures: parity tests run in both the deferred mode and the eager debug mode."""
import json
import os
import pathlib

# Tests compile thousands of one-off XLA programs; LLVM's -O0 halves each compile (measured
# 80 -> 36 ms), and XLA CPU's older loop emitters instead of its fusion emitters halve it
# again (67 -> 30 ms for a small program; the suite went from 14 to about 9 minutes), without
# changing what XLA computes. Set before JAX creates its CPU client. Newer XLA (jaxlib 0.11)
# no longer has the emitter switch and aborts on flags it does not know, so it is set only
# for the jaxlib it was measured on.
def _jaxlib_version():
    from importlib.metadata import version, PackageNotFoundError
    try:
        return tuple(int(p) for p in version("jaxlib").split(".")[:2] if p.isdigit())
    except PackageNotFoundError:   # (then no flag that an unknown XLA could refuse)
        return (999,)


os.environ.setdefault("XLA_FLAGS", "--xla_backend_optimization_level=0" + (
    " --xla_cpu_use_fusion_emitters=false" if _jaxlib_version() < (0, 11) else ""))

import numpy as np
import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so CI is reproducible (no flaky draws).
settings.register_profile("jtorch", derandomize=True, deadline=None)
settings.load_profile("jtorch")

import jtorch

REFERENCE = pathlib.Path(__file__).parent / "reference"

# Every test runs Module calls through their captured node (jtorch.compiler): even a module's
# first call returns the replayed node's results rather than the op-by-op run's, so each
# parity test checks the compiled path against PyTorch. JTORCH_TEST_REPLAY=0 turns this off.
from jtorch.compiler._state import state as _compile_state  # noqa: E402
_compile_state.replay_first_call = os.environ.get("JTORCH_TEST_REPLAY", "1") != "0"


@pytest.fixture(params=["deferred", "eager"])
def mode(request):
    """Run the test once deferred (the default) and once with every op executed at once.

    Deferred, each top-level Module call returns its captured node's results (see below);
    eager, modules run op by op. So every parity test checks a model both compiled and not."""
    old = jtorch.runtime.config["eager"]
    jtorch.runtime.config["eager"] = request.param == "eager"
    yield request.param
    jtorch.sync()
    jtorch.runtime.config["eager"] = old


def load_reference(name):
    """tests/reference/<name>.json written by tests/reference/gen_<name>.py (needs torch)."""
    with open(REFERENCE / f"{name}.json") as f:
        return json.load(f)


def assert_matches(t, ref, rtol=1e-6, atol=1e-6):
    """Compare a jtorch tensor with a reference {'value', 'dtype', 'shape'} record."""
    assert isinstance(t, jtorch.Tensor), type(t)
    assert str(t.dtype) == ref["dtype"], (t.dtype, ref["dtype"])
    assert list(t.shape) == ref["shape"], (t.shape, ref["shape"])
    got = np.asarray(t.detach(), dtype=np.float64)   # (not .numpy(): bfloat16 has none)
    want = np.asarray(_numbers(ref["value"]), dtype=np.float64).reshape(ref["shape"])
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True)


def _numbers(v):
    """Undo refutil._safe: 'nan'/'inf'/'-inf' strings back to floats."""
    if isinstance(v, list):
        return [_numbers(x) for x in v]
    if isinstance(v, str):
        return float(v)
    return v


@pytest.fixture
def no_fusion():
    """Parity cases are one-off graphs: keep them op by op (no whole-graph compiles)."""
    old = jtorch.runtime.config["fuse_after"]
    jtorch.runtime.config["fuse_after"] = 10 ** 9
    yield
    jtorch.runtime.config["fuse_after"] = old


def ip(t, name, *args, **kwargs):
    """Run the in-place method `name` on a clone; check it returns the same object."""
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


@pytest.fixture(autouse=True, scope="module")
def _release_compiled_programs():
    """After each test module, drop the XLA executables it compiled: thousands of one-off
    programs otherwise stay cached for the whole run (measured: ~30 MB/s of growth per worker,
    over 10 GB per worker by the end of the suite, more than this 2-core machine's memory)."""
    yield
    import jax
    from jtorch._runtime import executor
    jtorch.sync()
    executor._programs.clear()
    executor._seen.clear()
    executor._donation_memo.clear()
    jax.clear_caches()


def usual_step(model, crit, opt):
    """The PyTorch-style train step, a straight-line closure (so a compiled one replays)."""
    def step(x, y):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return step


def as_this_python_prints(text):
    """Reference output printed by PyTorch under Python 3.11, as this Python prints it: since
    3.12, `repr(OrderedDict)` is `OrderedDict({k: v})` instead of `OrderedDict([(k, v)])`."""
    import sys
    if sys.version_info < (3, 12):
        return text
    start = "OrderedDict([("
    out, i = [], 0
    while True:
        j = text.find(start, i)
        if j < 0:
            return "".join(out) + text[i:]
        out.append(text[i:j] + "OrderedDict({")
        k = j + len(start) - 1    # at the first "("
        items = []
        while text[k] == "(":
            end = _closing(text, k)
            key, value = _split_top(text[k + 1:end])
            items.append(f"{key}: {value}")
            k = end + 1
            if text.startswith(", ", k):
                k += 2
        assert text.startswith("])", k), text[k:k + 20]
        out.append(", ".join(items) + "})")
        i = k + 2


def _unquoted(text, start=0):
    """(index, char, bracket depth after it) for each char of text[start:] outside quotes."""
    depth, quote = 0, None
    for m in range(start, len(text)):
        c = text[m]
        if quote:
            if c == quote and text[m - 1] != "\\":
                quote = None
            continue
        if c in "'\"":
            quote = c
        elif c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        yield m, c, depth


def _closing(text, k):
    """The index of the bracket closing the one at `k`."""
    return next(m for m, c, depth in _unquoted(text, k) if c in ")]}" and depth == 0)


def _split_top(pair):
    """'key, value' split at its first top-level comma."""
    m = next(m for m, c, depth in _unquoted(pair) if c == "," and depth == 0)
    return pair[:m], pair[m + 2:]
