"""Shared helpers for the jtorch.distributions tests: the stored PyTorch reference
(tests/reference/distributions.json from gen_distributions.py), expression evaluation, result
comparison and the per-distribution parity check. Not a test module."""
import warnings

import pytest

import jtorch as torch
import jtorch.distributions as D
from jtorch.distributions import constraints as C, transforms as T
from conftest import assert_matches, load_reference

REF = load_reference("distributions")
ENV = {"torch": torch, "D": D, "C": C, "T": T, "t": torch.tensor}

RTOL, ATOL = 2e-5, 2e-5
# reductions over special functions differ from PyTorch's in the last float32 bits
LOOSE = {"VonMises": 2e-4, "LKJCholesky": 1e-4, "Wishart": 1e-4, "Wishart_tril": 1e-4,
         "Binomial": 1e-4, "Binomial_logits": 1e-4, "Multinomial": 1e-4,
         "Multinomial_logits": 1e-4}


def ev(expr, **extra):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return eval(expr, dict(ENV, **extra))


def in_both_modes(fn):
    """Run fn eagerly (every op at once, through its per-op kernel), then deferred. Eager goes
    first so the deferred run finds every kernel compiled and replays op by op instead of
    compiling each one-off graph as a whole program (keeps the file fast)."""
    old = torch.runtime.config["eager"]
    try:
        for eager in (True, False):
            torch.runtime.config["eager"] = eager
            fn()
            torch.sync()
    finally:
        torch.runtime.config["eager"] = old


def check(fn, ref, rtol=RTOL, atol=ATOL):
    """Compare fn() with a reference record, or check it raises the recorded exception."""
    if "error" in ref:
        exc = {"NotImplementedError": NotImplementedError, "ValueError": ValueError,
               "RuntimeError": RuntimeError, "AssertionError": AssertionError,
               "TypeError": TypeError}[ref["error"]]
        with pytest.raises(exc):
            fn()
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = fn()
    assert_matches(out, ref, rtol=rtol, atol=atol)


# ---- distributions --------------------------------------------------------------------------
NAMES = sorted(REF["dists"])


def distribution_parity(name):
    """Every recorded property and method of one reference distribution, eager then deferred."""
    in_both_modes(lambda: _distribution_parity(name))


def _distribution_parity(name):
    ref = REF["dists"][name]
    d = ev(ref["expr"])
    v = ev(ref["value"])
    p = ev(ref["probs"]) if ref["probs"] else None
    assert list(d.batch_shape) == ref["batch_shape"]
    assert list(d.event_shape) == ref["event_shape"]
    assert isinstance(d.batch_shape, torch.Size) and isinstance(d.event_shape, torch.Size)
    assert repr(d) == ref["repr"]
    assert d.has_rsample == ref["has_rsample"]
    assert d.has_enumerate_support == ref["has_enumerate_support"]
    if ref["support"] is not None:
        assert repr(d.support) == ref["support"]
    tol = LOOSE.get(name, RTOL)
    for prop in ("mean", "mode", "variance", "stddev"):
        check(lambda: getattr(d, prop), ref[prop], rtol=tol, atol=tol)
    calls = {"entropy": lambda: d.entropy(), "log_prob": lambda: d.log_prob(v),
             "cdf": lambda: d.cdf(v), "icdf": lambda: d.icdf(p),
             "enumerate_support": lambda: d.enumerate_support(),
             "enumerate_support_noexpand": lambda: d.enumerate_support(expand=False),
             "perplexity": lambda: d.perplexity()}
    for key, fn in calls.items():
        if key in ref:
            check(fn, ref[key], rtol=tol, atol=tol)
