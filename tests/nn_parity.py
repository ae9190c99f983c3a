"""Shared harness of the nn layer parity tests (test_nn_activation.py, test_nn_normalization.py,
test_nn_dropout_embedding.py): runs the cases of tests/reference/nn_layers_a_cases.py with
jtorch and compares them with the stored PyTorch results (tests/reference/nn_layers_a.json)."""
import contextlib
import pathlib
import sys

import numpy as np

import jtorch
import jtorch.nn as nn
import jtorch.nn.functional as F
from jtorch._ops.registry import FUNCTIONS
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_layers_a_cases as cases  # noqa: E402

REF = load_reference("nn_layers_a")


class _Torch:
    """`torch` for the case expressions: jtorch, plus the torch.X functions that the nn files
    register with @op (softmax, selu, batch_norm, ...), found in the op registry whether or not
    the package has bound them onto the jtorch namespace yet."""

    def __getattr__(self, name):
        try:
            return getattr(jtorch, name)
        except AttributeError:
            return FUNCTIONS[name]


TORCH = _Torch()

_TOL = {"torch.float16": 2e-3, "torch.bfloat16": 1e-2, "torch.float64": 1e-9}


def close(t, ref, what=""):
    """t (a jtorch Tensor or None) matches a reference record (or None)."""
    if ref is None:
        assert t is None, what
        return
    assert t is not None, what
    tol = _TOL.get(ref["dtype"], 2e-5)
    try:
        assert_matches(t, ref, rtol=tol, atol=tol)
    except AssertionError as e:
        raise AssertionError(f"{what}: {e}") from None


def check_layer(group, index):
    case = cases.GROUPS[group][0][index]
    ref = REF[group]["layers"][case[0]]
    got = cases.run_layer(TORCH, nn, F, case, index)
    assert got["repr"] == ref["repr"]
    if "repr_after" in ref:
        assert got["repr_after"] == ref["repr_after"]
    assert got["keys"] == ref["keys"]
    assert len(got["phases"]) == len(ref["phases"])
    for j, (g, r) in enumerate(zip(got["phases"], ref["phases"])):
        close(g["out"], r["out"], f"phase {j} output")
        assert g["grad_fn"] == r["grad_fn"], (j, g["grad_fn"], r["grad_fn"])
        assert sorted(g["grads"]) == sorted(r["grads"]), j
        for name in r["grads"]:
            close(g["grads"][name], r["grads"][name], f"phase {j} grad {name}")
    assert sorted(got["state_after"]) == sorted(ref["state_after"])  # (json sorts keys)
    for k, v in ref["state_after"].items():
        close(got["state_after"][k], v, f"state {k}")


def check_functional(group, index):
    case = cases.GROUPS[group][1][index]
    ref = REF[group]["functional"][case[0]]
    got = cases.run_functional(TORCH, nn, F, case, index)
    close(got["out"], ref["out"], "output")
    assert got["grad_fn"] == ref["grad_fn"], (got["grad_fn"], ref["grad_fn"])
    assert sorted(got["grads"]) == sorted(ref["grads"])
    for name in ref["grads"]:
        close(got["grads"][name], ref["grads"][name], f"grad {name}")


def check_error(group, index):
    name, expr = cases.GROUPS[group][2][index]
    want = REF[group]["errors"][name]
    got = cases.run_error(TORCH, nn, F, expr)
    assert want is not None
    assert got is not None, f"{expr} raised nothing, PyTorch raised {want}"
    assert got[0] == want[0], (got, want)
    # value checks run inside the program add where the failing op was recorded
    assert got[1] == want[1] or got[1].startswith(want[1] + " (recorded by "), (got, want)


def check_repr(group, expr):
    got = repr(eval(expr, {"torch": TORCH, "nn": nn}))
    assert got == REF[group]["reprs"][expr]


def ids(group, kind):
    k = {"layers": 0, "functional": 1, "errors": 2}[kind]
    return [c[0] for c in cases.GROUPS[group][k]]


def np_(t):
    return np.asarray(t.detach())


EAGER_EVERY = 3  # every case runs deferred; every third also in eager debug mode (compile time)


def params(group, kind):
    """(index, mode) pairs with readable ids: all cases deferred, a third of them eager too."""
    import pytest
    names = ids(group, kind)
    out = [pytest.param(i, "deferred", id=f"deferred-{n}") for i, n in enumerate(names)]
    out += [pytest.param(i, "eager", id=f"eager-{n}") for i, n in enumerate(names)
            if i % EAGER_EVERY == 0]
    return out


@contextlib.contextmanager
def run_mode(mode):
    """Run deferred or with every op executed at once (conftest's `mode` fixture), op by op
    (no whole-graph compiles: conftest's `no_fusion`)."""
    cfg = jtorch.runtime.config
    old = cfg["eager"], cfg["fuse_after"]
    cfg["eager"] = mode == "eager"
    cfg["fuse_after"] = 10 ** 9
    try:
        yield
        jtorch.sync()
    finally:
        cfg["eager"], cfg["fuse_after"] = old
