"""Gradient parity with PyTorch for the foundation's differentiable ops (first order for all
cases, second order for a representative set), in deferred and eager modes. References:
tests/reference/gen_autograd.py."""
import sys
import pathlib

import numpy as np
import pytest

import jtorch as torch
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import autograd_cases as cases  # noqa: E402

REF = load_reference("autograd")
FIRST = {name: (k, expr, specs) for k, (name, expr, specs) in enumerate(cases.CASES)}


@pytest.mark.parametrize("name", sorted(FIRST))
def test_first_order(mode, name):
    k, expr, specs = FIRST[name]
    ref = REF["first"][name]
    env = {"torch": torch, "_setitem": cases._setitem}
    leaves = {}
    for n, v in cases.make_inputs(specs, seed=k).items():
        t = torch.tensor(v)
        if t.dtype.is_floating_point:
            t.requires_grad_(True)
            leaves[n] = t
        env[n] = t
    res = eval(expr, env)
    tol = 1e-5 if res.dtype is torch.float32 else 1e-9
    assert_matches(res.detach(), ref["out"], rtol=tol, atol=tol)
    w = torch.tensor(ref["weight"], dtype=res.dtype)
    loss = (res * w).sum()
    grads = torch.autograd.grad(loss, list(leaves.values()), allow_unused=True)
    for (n, t), g in zip(leaves.items(), grads):
        want = ref["grads"][n]
        if want is None:
            assert g is None, n
        else:
            assert_matches(g, want, rtol=tol, atol=tol)


@pytest.mark.parametrize("name", sorted(n for n, _ in cases.SECOND_ORDER))
def test_second_order(mode, name):
    expr = dict(cases.SECOND_ORDER)[name]
    ref = REF["second"][name]
    a = torch.tensor(ref["a"], dtype=torch.float64, requires_grad=True)
    res = eval(expr, {"torch": torch, "a": a})
    w = torch.tensor(ref["weight"], dtype=torch.float64)
    (g,) = torch.autograd.grad((res * w).sum(), a, create_graph=True)
    assert_matches(g.detach(), ref["grad"], rtol=1e-9, atol=1e-9)
    (h,) = torch.autograd.grad((g * torch.tensor(ref["weight2"], dtype=torch.float64)).sum(), a)
    assert_matches(h, ref["second"], rtol=1e-9, atol=1e-9)


def test_integer_and_bool_inputs_get_no_gradient():
    a = torch.tensor([1.0, 2.0], requires_grad=True)
    i = torch.tensor([3, 4])
    y = (a * i).sum()
    assert not i.requires_grad and y.requires_grad
    y.backward()
    assert a.grad.tolist() == [3.0, 4.0] and i.grad is None


def test_broadcast_gradients_are_reduced_to_input_shape():
    a = torch.ones(3, 1, requires_grad=True)
    b = torch.ones(4, requires_grad=True)
    (a * b).sum().backward()
    assert a.grad.shape == (3, 1) and a.grad.tolist() == [[4.0]] * 3
    assert b.grad.shape == (4,) and b.grad.tolist() == [3.0] * 4
    np.testing.assert_array_equal(np.asarray(a.grad), np.full((3, 1), 4.0))
