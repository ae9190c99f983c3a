"""torch.special (jtorch/special) against PyTorch and NumPy.

Parity: every expression of tests/reference/special.json (written by gen_special.py with real
PyTorch 2.13) is evaluated with `S` = jtorch.special and `T` = jtorch, deferred and eager: value
(within a few ulps of the result dtype), dtype, shape, or exception type and message. Gradient
cases compare backward() with PyTorch's gradients and grad_fn names. Property tests compare the
orthogonal polynomials with numpy.polynomial and a few functions with NumPy.
"""
import math

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as T
import jtorch.special as S
from conftest import load_reference, assert_matches, _numbers

REF = load_reference("special")
pytestmark = pytest.mark.usefixtures("no_fusion")

# (rtol, atol) per result dtype: a few ulps. The float32 orthogonal polynomials get 1e-4: for
# n > 6 and |x| < 1 PyTorch takes cos(n acos x), where one ulp of acos is multiplied by n.
TOL = {"torch.float16": (2e-3, 1e-4), "torch.bfloat16": (1.6e-2, 1e-3),
       "torch.float32": (1e-5, 1e-6), "torch.float64": (1e-9, 1e-12),
       "torch.int64": (0, 0), "torch.bool": (0, 0)}
POLY_F32 = (1e-4, 1e-5)


def _tensor(rec):
    dt = getattr(T, rec["dtype"].split(".")[1])
    if dt.is_floating_point:
        return T.tensor(np.asarray(_numbers(rec["value"]), dtype=np.float64)).to(dt)
    return T.tensor(rec["value"], dtype=dt)


INPUTS = {k: _tensor(v) for k, v in REF["inputs"].items()}
CASES = REF["cases"]


def _env(**extra):
    return dict(INPUTS, S=S, T=T, **extra)


def _check(expr, got, ref):
    rtol, atol = TOL[ref["dtype"]]
    if "polynomial" in expr and ref["dtype"] == "torch.float32":
        rtol, atol = POLY_F32
    assert_matches(got, ref, rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_parity(mode, case):
    expr = case["expr"]
    if "error" in case:
        etype, msg = case["error"]
        with pytest.raises(Exception) as info:
            T.sync(eval(expr, _env()))
        assert type(info.value).__name__ == etype, (expr, info.value)
        assert str(info.value) == msg
        return
    _check(expr, eval(expr, _env()), case["result"])


GRADS = REF["grads"]
GRAD_INPUTS = {"pos": [0.2, 0.45, 0.7, 0.9, 1.7], "unit": [0.1, 0.35, 0.5, 0.8, 0.95]}
GRADS_F32 = [c for c in GRADS if c["dtype"] == "torch.float32"]
GRADS_F64 = [c for c in GRADS if c["dtype"] == "torch.float64"]


def _check_grad(case):
    dt = getattr(T, case["dtype"].split(".")[1])
    g = T.tensor(GRAD_INPUTS[case["input"]], dtype=dt, requires_grad=True)
    r = eval(case["expr"], _env(g=g))
    assert r.grad_fn.name() == case["grad_fn"]
    r.sum().backward()
    _check(case["expr"], r.detach(), case["result"])
    rtol, atol = (1e-5, 1e-5) if dt is T.float32 else (1e-9, 1e-12)
    assert_matches(g.grad, case["grad"], rtol=rtol, atol=atol)


@pytest.mark.parametrize("case", GRADS_F32, ids=[c["expr"] for c in GRADS_F32])
def test_gradients(mode, case):
    _check_grad(case)


@pytest.mark.parametrize("case", GRADS_F64, ids=[c["expr"] for c in GRADS_F64])
def test_gradients_float64(case):
    """Every differentiable new kernel in float64 (deferred: forward and backward fused)."""
    _check_grad(case)


@pytest.mark.parametrize("case", REF["nondiff"], ids=[c["expr"] for c in REF["nondiff"]])
def test_not_differentiable_like_pytorch(case):
    g = T.tensor(GRAD_INPUTS["pos"], requires_grad=True)
    assert eval(case["expr"], _env(g=g)).requires_grad is case["requires_grad"]


def test_missing_derivatives_raise_at_backward(mode):
    a = T.tensor([2.5, 3.0], requires_grad=True)
    r = S.zeta(a, 2.0)
    assert r.requires_grad and r.grad_fn.name() == "SpecialZetaBackward2"
    with pytest.raises(NotImplementedError) as info:
        r.sum().backward()
    assert str(info.value) == "the derivative for 'zeta' is not implemented."
    b = T.tensor([1.5, 2.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="the derivative for 'igamma: input' is not"):
        S.gammainc(b, T.tensor([1.0, 2.0])).sum().backward()
    with pytest.raises(NotImplementedError, match="the derivative for 'igammac: input' is not"):
        S.gammaincc(b, T.tensor([1.0, 2.0])).sum().backward()


def test_out_argument(mode):
    x = T.tensor([0.5, 1.5, 3.0])
    for f in (S.i0, S.erf, S.bessel_j0, S.entr, S.ndtr):
        o = T.empty(0)
        r = f(x, out=o)
        assert r is o and o.shape == (3,)
        np.testing.assert_allclose(o.numpy(), f(x).numpy(), rtol=0, atol=0)
    o = T.empty(3, dtype=T.float64)
    S.chebyshev_polynomial_t(x, 3, out=o)
    assert o.dtype is T.float64
    np.testing.assert_allclose(o.numpy(), 4 * x.double().numpy() ** 3 - 3 * x.double().numpy(),
                               rtol=1e-6)
    o = T.empty(3)
    assert S.zeta(x + 2, 1.0, out=o) is o and S.polygamma(2, x, out=o) is o
    assert S.logsumexp(x, 0, out=T.empty(())).shape == ()


def test_same_ops_as_torch_namespace():
    """Functions jtorch already had are the same ops: same values, same kernels."""
    x = T.tensor([0.25, 0.5, 2.0])
    for special, plain in (("expit", "sigmoid"), ("gammaln", "lgamma"), ("psi", "digamma"),
                           ("erf", "erf"), ("log1p", "log1p"), ("sinc", "sinc")):
        a, b = getattr(S, special)(x), getattr(T, plain)(x)
        assert a._nd.kernel is b._nd.kernel
        assert a.tolist() == b.tolist()
    assert S.erf.__name__ == "special_erf"


def test_python_scalars_do_not_recompile():
    x = T.tensor([0.5, 1.5, 2.5])
    S.xlog1py(x, 0.5).tolist()
    S.zeta(2.0, x).tolist()
    S.chebyshev_polynomial_u(x, 3).tolist()
    before = T.runtime.stats["kernels"]
    for s in (0.25, 0.75, 3.0):
        S.xlog1py(x, s).tolist()
        S.zeta(s + 2, x).tolist()
        S.chebyshev_polynomial_u(x, int(s * 4)).tolist()
    assert T.runtime.stats["kernels"] == before


def test_deferred_until_observed():
    x = T.tensor([0.5, 1.5])
    r = S.modified_bessel_k0(S.i1e(x) + 1)
    assert r._nd.value is None  # pending: nothing has run yet
    assert r.shape == (2,) and r.dtype is T.float32  # known without running anything
    step = T.tensor(S.i1e(x).tolist()) + 1
    assert r.tolist() == S.modified_bessel_k0(step).tolist()


# ---- properties (fixed sizes: one kernel per function; Python scalars are kernel inputs) ----
_POLY_NUMPY = {
    "chebyshev_polynomial_t": np.polynomial.chebyshev.chebval,
    "hermite_polynomial_h": np.polynomial.hermite.hermval,
    "hermite_polynomial_he": np.polynomial.hermite_e.hermeval,
    "laguerre_polynomial_l": np.polynomial.laguerre.lagval,
    "legendre_polynomial_p": np.polynomial.legendre.legval,
}


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-2, 2), min_size=6, max_size=6), st.integers(0, 12),
       st.sampled_from(sorted(_POLY_NUMPY)))
def test_polynomials_match_numpy(xs, n, name):
    x = np.asarray(xs)
    got = getattr(S, name)(T.tensor(x), n).numpy()
    want = _POLY_NUMPY[name](x, [0] * n + [1])
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-9 * max(1, np.abs(want).max()))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-30, 30), min_size=8, max_size=8))
def test_unary_match_numpy(xs):
    x = np.asarray(xs)
    t = T.tensor(x)
    np.testing.assert_allclose(S.i0(t).numpy(), np.i0(x), rtol=1e-12)
    np.testing.assert_allclose(S.spherical_bessel_j0(t).numpy(), np.sinc(x / np.pi), rtol=1e-12,
                               atol=1e-15)
    np.testing.assert_allclose(S.expit(t).numpy(), 1 / (1 + np.exp(-x)), rtol=1e-12)
    p = np.abs(x) + 0.5
    np.testing.assert_allclose(S.entr(T.tensor(p)).numpy(), -p * np.log(p), rtol=1e-12,
                               atol=1e-15)
    lg = np.vectorize(math.lgamma)
    np.testing.assert_allclose(S.multigammaln(T.tensor(p + 1), 2).numpy(),
                               lg(p + 1) + lg(p + 0.5) + 0.5 * np.log(np.pi), rtol=1e-10)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 2), st.floats(0.5, 20))
def test_polygamma_is_derivative_of_polygamma(n, x):
    g = T.tensor([x], dtype=T.float64, requires_grad=True)
    S.polygamma(n - 1, g).sum().backward()
    np.testing.assert_allclose(g.grad.numpy(), S.polygamma(n, g.detach()).numpy(), rtol=1e-12)


def test_torch_names_of_special_functions_are_the_same_ops():
    x = T.tensor([0.5, 1.5, 3.0], requires_grad=True)
    pairs = [(T.i0(x), S.i0(x)), (x.i0(), S.i0(x)),
             (T.polygamma(1, x), S.polygamma(1, x)),
             (x.polygamma(2), S.polygamma(2, x)),
             (T.mvlgamma(x + 2, p=2), S.multigammaln(x + 2, 2)),
             (T.igamma(x, x * 2), S.gammainc(x, x * 2)),
             (x.igammac(x * 2), S.gammaincc(x, x * 2))]
    for a, b in pairs:
        np.testing.assert_array_equal(a.detach().numpy(), b.detach().numpy())
        assert a.grad_fn.name() == b.grad_fn.name()
    assert [a.grad_fn.name() for a, _ in pairs] == [
        "I0Backward0", "I0Backward0", "PolygammaBackward0", "PolygammaBackward0",
        "MvlgammaBackward0", "IgammaBackward0", "IgammacBackward0"]
    y = T.tensor([0.5, 1.5])
    assert y.i0_() is y and y.polygamma_(1) is y and y.mvlgamma_(1) is y
    np.testing.assert_allclose(
        y.numpy(), S.multigammaln(
            S.polygamma(1, S.i0(T.tensor([0.5, 1.5]))), 1).numpy())
