"""Runs the cases of tests/reference/nn_layers_b_cases.py with jtorch and compares them with the
results real PyTorch gave (nn_conv.json, nn_pooling.json, nn_padding_vision.json written by
tests/reference/gen_nn_layers_b.py)."""
import pathlib
import re
import sys
import warnings

import jtorch as torch
import jtorch.nn  # noqa: F401
from conftest import assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_layers_b_cases as cases  # noqa: E402,F401

TOL = {"torch.float32": 2e-5, "torch.float64": 1e-10}


def _match(got, want, what, tol=None):
    if want is None:
        assert got is None, (what, "expected no gradient")
        return
    assert got is not None, (what, "missing gradient")
    t = tol if tol is not None else TOL.get(want["dtype"], 0)
    assert_matches(got.detach(), want, rtol=t, atol=t)


def compare_result(got, ref, name, tol=None):
    assert len(got["out"]) == len(ref["out"]), name
    for i, (g, w) in enumerate(zip(got["out"], ref["out"])):
        _match(g, w, f"{name} out[{i}]", tol)
    assert sorted(got["grads"]) == sorted(ref["grads"]), (name, sorted(got["grads"]))
    for k, w in ref["grads"].items():
        _match(got["grads"][k], w, f"{name} grad {k}", tol)


def check_fn(ref, case, tol=None):
    name, expr, inputs = case
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cases.run_fn(torch, name, expr, inputs)
    compare_result(got, ref[name], name, tol)


def check_module(ref, case, tol=None):
    name, ctor, inputs = case[:3]
    call = case[3] if len(case) > 3 else "m(x)"
    torch.manual_seed(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cases.run_module(torch, name, ctor, inputs, call)
    want = ref[name]
    assert got["keys"] == want["keys"], (name, got["keys"], want["keys"])
    assert got["repr"] == want["repr"], (name, got["repr"], want["repr"])
    compare_result(got, want, name, tol)


def _normalise(msg):
    """Python set literals print in hash order: compare them sorted."""
    msg = msg.replace("jtorch.", "torch.")
    # value checks raised at a sync point also name the op and the line that recorded it
    msg = re.sub(r" \(recorded by [^()]* at [^()]*\)$", "", msg)
    return re.sub(r"\{[^{}]*\}", lambda m: "{" + ", ".join(sorted(
        s.strip() for s in m.group(0)[1:-1].split(","))) + "}", msg)


def check_error(ref, case):
    name, expr, inputs = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = cases.run_error(torch, name, expr, inputs)
    want = ref[name]
    assert got["type"] == want["type"], (name, got, want)
    assert _normalise(got["msg"]) == _normalise(want["msg"]), (name, got["msg"], want["msg"])


def check_repr(ref, expr):
    got = repr(eval(expr, cases.namespace(torch)))
    assert got == ref[expr], (expr, got, ref[expr])
