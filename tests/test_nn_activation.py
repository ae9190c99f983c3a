"""nn activations: every activation module and functional form against stored PyTorch outputs
and gradients (inputs and parameters, kink points included), printed forms, PyTorch's error
types and messages, the torch.X / Tensor.X registrations, rrelu's training noise, and property
tests against NumPy formulas."""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch
import jtorch.nn as nn
import jtorch.nn.functional as F
from jtorch._ops.registry import FUNCTIONS, METHODS
import nn_parity as P

G = "act"


@pytest.mark.parametrize("index,mode", P.params(G, "layers"))
def test_layer(index, mode):
    with P.run_mode(mode):
        P.check_layer(G, index)


@pytest.mark.parametrize("index,mode", P.params(G, "functional"))
def test_functional(index, mode):
    with P.run_mode(mode):
        P.check_functional(G, index)


@pytest.mark.parametrize("index", range(len(P.ids(G, "errors"))), ids=P.ids(G, "errors"))
def test_error(index):
    P.check_error(G, index)


def test_reprs():
    for expr in P.REF[G]["reprs"]:
        P.check_repr(G, expr)


# ---- registration: torch.X / Tensor.X from one definition each ------------------------------
TORCH_FUNCTIONS = ["softmax", "log_softmax", "prelu", "hardshrink", "selu", "selu_", "celu",
                   "celu_", "threshold", "threshold_", "rrelu", "rrelu_", "relu_"]
TENSOR_METHODS = ["softmax", "log_softmax", "prelu", "hardshrink"]


def test_registered_torch_functions_and_methods():
    """The ops PyTorch exposes as torch.X / Tensor.X are registered once each (and, once the
    package binds them, are the very same objects on jtorch / jtorch.Tensor)."""
    for name in TORCH_FUNCTIONS:
        assert name in FUNCTIONS, name
        bound = getattr(jtorch, name, None)
        assert bound is None or bound is FUNCTIONS[name], name
    for name in TENSOR_METHODS:
        assert name in METHODS, name
        bound = getattr(jtorch.Tensor, name, None)
        assert bound is None or bound is METHODS[name], name
    for name in ("relu6", "gelu", "silu", "mish", "softplus", "elu", "leaky_relu"):
        assert name not in FUNCTIONS, name  # torch.nn.functional only in PyTorch


def test_methods_and_out():
    x = jtorch.tensor([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    want = F.softmax(x, 1).numpy()
    np.testing.assert_allclose(METHODS["softmax"](x, 1).numpy(), want, rtol=1e-6)
    np.testing.assert_allclose(METHODS["softmax"](x, dim=1, dtype=jtorch.float64).numpy(), want,
                               rtol=1e-6)
    assert METHODS["softmax"](x, 1, jtorch.float64).dtype is jtorch.float64
    np.testing.assert_allclose(METHODS["log_softmax"](x, 0).numpy(),
                               F.log_softmax(x, 0).numpy(), rtol=1e-6)
    np.testing.assert_allclose(METHODS["hardshrink"](x, 0.7).numpy(),
                               [[1.0, -2.0, 3.0], [0.0, 0.0, -1.0]])
    out = jtorch.empty(2, 3)
    r = FUNCTIONS["softmax"](x, 1, out=out)
    assert r is out
    np.testing.assert_allclose(out.numpy(), want, rtol=1e-6)
    with pytest.raises(TypeError):
        FUNCTIONS["softmax"](x)


INPLACE = [
    ("relu", lambda y: F.relu(y, inplace=True)), ("relu_", F.relu_),
    ("relu6", lambda y: F.relu6(y, inplace=True)),
    ("elu", lambda y: F.elu(y, inplace=True)), ("elu_", F.elu_),
    ("selu_", FUNCTIONS["selu_"]), ("celu_", F.celu_),
    ("leaky_relu_", F.leaky_relu_), ("hardtanh_", F.hardtanh_),
    ("threshold_", lambda y: F.threshold_(y, 0.0, -1.0)),
    ("rrelu_", lambda y: F.rrelu_(y, training=True)),
    ("silu", lambda y: F.silu(y, inplace=True)), ("mish", lambda y: F.mish(y, inplace=True)),
    ("hardswish", lambda y: F.hardswish(y, inplace=True)),
    ("hardsigmoid", lambda y: F.hardsigmoid(y, inplace=True)),
]


def test_inplace_forms_return_their_input():
    """inplace=True and the `_` forms write into the input and return the same object, with
    the out-of-place result and its autograd history."""
    base = jtorch.tensor([-2.0, -0.5, 0.0, 0.5, 4.0])
    for name, f in INPLACE:
        leaf = base.clone().requires_grad_()
        y = leaf * 1
        r = f(y)
        assert r is y, name
        assert y.grad_fn is not None, name
        y.sum().backward()
        assert leaf.grad is not None, name
    y = base.clone()
    F.elu_(y, 2.0)
    np.testing.assert_allclose(y.numpy(), F.elu(base, 2.0).numpy())


def test_softmax_implicit_dim():
    """dim=None: PyTorch's legacy choice (0 for 0/1/3-d inputs, else 1) and its warning."""
    for shape, dim in [((5,), 0), ((2, 3), 1), ((2, 3, 4), 0), ((2, 3, 4, 2), 1)]:
        x = jtorch.randn(*shape)
        for f, name in [(F.softmax, "softmax"), (F.log_softmax, "log_softmax"),
                        (F.softmin, "softmin")]:
            with pytest.warns(UserWarning, match=f"Implicit dimension choice for {name} has been "
                                                 "deprecated"):
                got = f(x)
            np.testing.assert_allclose(got.numpy(), f(x, dim).numpy(), rtol=1e-6)
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmax"):
        nn.Softmax()(jtorch.randn(2, 3))


def test_rrelu_training_noise():
    """Training: each non-positive element gets its own slope in [lower, upper] (gradient = that
    slope), positives pass; reproducible under manual_seed; eval uses the mean slope."""
    x = -jtorch.rand(4000) - 0.1
    x = jtorch.cat([x, jtorch.rand(1000) + 0.1])
    xl = x.clone().requires_grad_()
    jtorch.manual_seed(3)
    y = F.rrelu(xl, 0.1, 0.3, training=True)
    y.sum().backward()
    slopes = (y / x).detach().numpy()
    neg, pos = slopes[:4000], slopes[4000:]
    assert neg.min() >= 0.1 - 1e-6 and neg.max() <= 0.3 + 1e-6
    assert abs(neg.mean() - 0.2) < 0.01 and neg.std() > 0.04  # U(0.1, 0.3): std 0.0577
    np.testing.assert_allclose(pos, 1.0)
    np.testing.assert_allclose(xl.grad.numpy(), slopes, rtol=1e-5)
    jtorch.manual_seed(3)
    again = F.rrelu(x, 0.1, 0.3, training=True)
    np.testing.assert_array_equal(again.numpy(), y.detach().numpy())
    m = nn.RReLU(0.1, 0.3)
    assert not np.array_equal(m(x).numpy(), m(x).numpy())  # a fresh draw per call
    m.eval()
    np.testing.assert_allclose(m(x).numpy(), F.leaky_relu(x, 0.2).numpy(), rtol=1e-6)
    assert FUNCTIONS["rrelu"](x, 0.1, 0.3, True, generator=jtorch.Generator().manual_seed(1)) \
        .shape == x.shape


def test_prelu_default_init():
    assert np.all(nn.PReLU().weight.detach().numpy() == 0.25)
    w = nn.PReLU(3, init=0.1).weight
    assert w.shape == (3,) and w.requires_grad
    np.testing.assert_allclose(w.detach().numpy(), 0.1)
    assert nn.PReLU(dtype=jtorch.float64).weight.dtype is jtorch.float64


# ---- property tests against NumPy formulas ---------------------------------------------------
def _erf(a):
    return np.vectorize(math.erf)(a)


def _softplus(a, beta=1.0, threshold=20.0):
    with np.errstate(over="ignore"):
        return np.where(a * beta > threshold, a, np.log1p(np.exp(a * beta)) / beta)


def _softmax(a):
    e = np.exp(a - a.max())
    return e / e.sum()


NUMPY_FORMULAS = [
    ("relu6", F.relu6, lambda a: np.clip(a, 0, 6)),
    ("hardtanh", lambda t: F.hardtanh(t, -2.0, 1.5), lambda a: np.clip(a, -2.0, 1.5)),
    ("leaky_relu", lambda t: F.leaky_relu(t, 0.1), lambda a: np.where(a > 0, a, 0.1 * a)),
    ("elu", lambda t: F.elu(t, 0.7), lambda a: np.where(a > 0, a, 0.7 * np.expm1(a))),
    ("softplus", lambda t: F.softplus(t, 2.0, 10.0), lambda a: _softplus(a, 2.0, 10.0)),
    ("gelu", F.gelu, lambda a: a * 0.5 * (1 + _erf(a / np.sqrt(2)))),
    ("hardswish", F.hardswish, lambda a: a * np.clip(a + 3, 0, 6) / 6),
    ("softsign", F.softsign, lambda a: a / (1 + np.abs(a))),
    ("logsigmoid", F.logsigmoid, lambda a: -np.logaddexp(0, -a)),
    ("silu", F.silu, lambda a: a / (1 + np.exp(-a))),
    ("softshrink", lambda t: F.softshrink(t, 0.5),
     lambda a: np.where(a > 0.5, a - 0.5, np.where(a < -0.5, a + 0.5, 0))),
    ("softmax", lambda t: F.softmax(t, 0), _softmax),
    ("log_softmax", lambda t: F.log_softmax(t, 0), lambda a: np.log(_softmax(a))),
]


@pytest.mark.parametrize("name,f,ref", NUMPY_FORMULAS, ids=[n for n, _, _ in NUMPY_FORMULAS])
@settings(max_examples=25, deadline=None)
@given(values=st.lists(st.floats(-40, 40, allow_nan=False), min_size=12, max_size=12))
def test_matches_numpy(name, f, ref, values):
    a = np.array(values, np.float64)
    got = f(jtorch.tensor(a)).numpy()
    with np.errstate(over="ignore"):
        np.testing.assert_allclose(got, ref(a), rtol=1e-12, atol=1e-12)
