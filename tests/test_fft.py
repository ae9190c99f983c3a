"""torch.fft (jtorch/fft) against NumPy, whose FFT conventions are PyTorch's.

The real-to-real transforms (irfft/hfft and their n-D forms, of a real input), fftfreq,
rfftfreq, fftshift and ifftshift are compared with numpy.fft (values, dtypes and shapes as
PyTorch 2.13 gives them); the transforms with complex results raise NotImplementedError.
Error messages are PyTorch's (checked against torch 2.13 when written).
"""
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as T
import jtorch.fft as F

pytestmark = pytest.mark.usefixtures("no_fusion")

RNG = np.random.default_rng(5)
X = RNG.standard_normal((4, 5, 6))
_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _np_c2r(x, s, axes, norm, hermitian):
    return np.fft.irfftn(x.astype(complex), s=s, axes=axes,
                         norm=_SWAP[norm] if hermitian else norm)


def _close(got, want, dt):
    assert got.dtype is dt and tuple(got.shape) == want.shape
    tol = 1e-5 if dt is T.float32 else 1e-12
    np.testing.assert_allclose(got.numpy(), want, rtol=tol, atol=tol * max(1, abs(want).max()))


C2R = [  # (function, kwargs, numpy's s, numpy's axes, hermitian)
    ("irfft", {}, (10,), (-1,), False),
    ("irfft", {"n": 7}, (7,), (-1,), False),
    ("irfft", {"n": 3, "dim": 0}, (3,), (0,), False),
    ("irfft", {"norm": "ortho", "dim": 1}, (8,), (1,), False),
    ("hfft", {}, (10,), (-1,), True),
    ("hfft", {"n": 9, "norm": "forward"}, (9,), (-1,), True),
    ("irfftn", {}, (4, 5, 10), (0, 1, 2), False),
    ("irfftn", {"s": (3, 8)}, (3, 8), (1, 2), False),
    ("irfftn", {"s": (-1, 4), "dim": (2, 0)}, (6, 4), (2, 0), False),
    ("irfftn", {"dim": (0, 2), "norm": "forward"}, (4, 10), (0, 2), False),
    ("hfftn", {"norm": "ortho"}, (4, 5, 10), (0, 1, 2), True),
    ("hfftn", {"s": (2, 3), "dim": (0, 1)}, (2, 3), (0, 1), True),
    ("irfft2", {}, (5, 10), (-2, -1), False),
    ("irfft2", {"s": (4, 4), "norm": "ortho"}, (4, 4), (-2, -1), False),
    ("hfft2", {}, (5, 10), (-2, -1), True),
]


@pytest.mark.parametrize("name,kwargs,s,axes,hermitian", C2R,
                         ids=[f"{c[0]}-{c[1]}" for c in C2R])
def test_real_to_real_transforms(mode, name, kwargs, s, axes, hermitian):
    norm = kwargs.get("norm", "backward")
    want = _np_c2r(X, s, axes, norm, hermitian)
    _close(getattr(F, name)(T.tensor(X), **kwargs), want, T.float64)
    _close(getattr(F, name)(T.tensor(X, dtype=T.float32), **kwargs), want, T.float32)


def test_integer_and_bool_inputs_give_the_default_dtype(mode):
    _close(F.irfft(T.tensor([1, 2, 3])), np.fft.irfft([1, 2, 3]), T.float32)
    _close(F.hfft(T.tensor([True, False])), np.fft.hfft([1.0, 0.0]), T.float32)
    T.set_default_dtype(T.float64)
    try:
        assert F.irfft(T.tensor([1, 2, 3])).dtype is T.float64
    finally:
        T.set_default_dtype(T.float32)


def test_gradient_of_irfft(mode):
    """d/dx of sum(w * irfft(x)) is the real part of irfft's adjoint (PyTorch's
    FftC2RBackward0): checked against the explicit matrix of irfft on real inputs."""
    x = T.tensor([1.0, 2.0, 3.0, 4.0, 5.0], dtype=T.float64, requires_grad=True)
    w = np.arange(8.0)
    r = F.irfft(x)
    assert r.grad_fn.name() == "FftC2RBackward0"
    (r * T.tensor(w)).sum().backward()
    m = np.stack([np.fft.irfft(e) for e in np.eye(5)], 1)  # irfft = m @ x for real x
    np.testing.assert_allclose(x.grad.numpy(), m.T @ w, rtol=1e-12)


def test_out_argument(mode):
    o = T.empty(0)
    assert F.irfft(T.tensor([1.0, 2.0, 3.0]), out=o) is o and o.shape == (4,)
    o = T.empty(0, dtype=T.float64)
    F.fftfreq(4, out=o)
    assert o.tolist() == [0.0, 0.25, -0.5, -0.25]


@pytest.mark.parametrize("call,exc,msg", [
    ("F.irfft(T.tensor([1., 2.]).half())", RuntimeError, "Unsupported dtype Half"),
    ("F.hfft(T.tensor([1., 2.]).bfloat16())", RuntimeError, "Unsupported dtype BFloat16"),
    ("F.irfft(T.tensor([1., 2.]), norm='bad')", RuntimeError,
     'Invalid normalization mode: "bad"'),
    ("F.irfft(T.tensor([1., 2.]), n=0)", RuntimeError,
     "Invalid number of data points (0) specified"),
    ("F.irfft(T.tensor([1.]))", RuntimeError, "Invalid number of data points (0) specified"),
    ("F.irfft(T.zeros(0))", RuntimeError, "Invalid number of data points (-2) specified"),
    ("F.irfft(T.tensor(1.))", IndexError,
     "Dimension specified as -1 but tensor has no dimensions"),
    ("F.irfft(T.ones(3), dim=1)", IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got 1)"),
    ("F.irfft2(T.ones(3))", IndexError,
     "Dimension out of range (expected to be in range of [-1, 0], but got -2)"),
    ("F.irfftn(T.ones(3, 4), dim=(0, 0))", RuntimeError, "FFT dims must be unique"),
    ("F.irfftn(T.ones(3, 4), s=(3,), dim=(0, 1))", RuntimeError,
     "When given, dim and shape arguments must have the same length"),
    ("F.irfftn(T.ones(3, 4), s=(0, 4))", RuntimeError,
     "Invalid number of data points (0) specified"),
    ("F.irfftn(T.tensor(1.))", RuntimeError, "irfftn must transform at least one axis"),
    ("F.irfft2(T.tensor(1.))", IndexError,
     "Dimension specified as -2 but tensor has no dimensions"),
    ("F.irfftn(T.ones(3), s=(2, 3))", RuntimeError,
     "Got shape with 2 values but input tensor only has 1 dimensions."),
    # PyTorch's order of checks: dtype, then sizes, then norm (dims first for the n-D forms)
    ("F.irfft(T.tensor(1.).half())", RuntimeError, "Unsupported dtype Half"),
    ("F.irfft(T.ones(3), n=0, norm='bad')", RuntimeError,
     "Invalid number of data points (0) specified"),
    ("F.irfftn(T.ones(3, 4).half(), dim=(0, 0))", RuntimeError, "FFT dims must be unique"),
    ("F.irfft(1.0)", TypeError, "fft_irfft(): argument 'input' (position 1) must be Tensor, "
                                "not float"),
    ("F.irfft(T.ones(3), n=2.0)", TypeError, "fft_irfft(): argument 'n' must be int, not float"),
    ("F.fftfreq(5, dtype=T.int64)", RuntimeError,
     "fftfreq requires a floating point or complex dtype"),
    ("F.rfftfreq(5, dtype=T.bool)", RuntimeError,
     "rfftfreq requires a floating point or complex dtype"),
    ("F.fftfreq(-1)", RuntimeError, "Trying to create tensor with negative dimension -1: [-1]"),
    ("F.fftfreq(5.0)", TypeError, "fft_fftfreq(): argument 'n' (position 1) must be int, not "
                                  "float"),
    ("F.fftfreq(True)", TypeError, "fft_fftfreq(): argument 'n' (position 1) must be int, not "
                                   "bool"),
    ("F.fftshift(T.tensor(3.))", RuntimeError, "`shifts` required"),
    ("F.fftshift(T.ones(3, 4), 5)", IndexError,
     "Dimension out of range (expected to be in range of [-2, 1], but got 5)"),
])
def test_errors(call, exc, msg):
    with pytest.raises(exc) as info:
        eval(call)
    assert str(info.value) == msg


@pytest.mark.parametrize("name", ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft",
                                  "rfft2", "rfftn", "ihfft", "ihfft2", "ihfftn"])
def test_complex_results_are_not_supported(name):
    with pytest.raises(NotImplementedError, match="complex tensors are not supported by jtorch"):
        getattr(F, name)(T.ones(4, 4))


# ---- sample frequencies ---------------------------------------------------------------------
def _np_freq(n, d, dt, half):
    """PyTorch's computation: integer bins times 1 / (n * d), the scale rounded to the dtype
    and the product in its computation type (float32 for float16/bfloat16)."""
    k = np.arange(n // 2 + 1) if half else np.where(np.arange(n) < (n + 1) // 2, np.arange(n),
                                                   np.arange(n) - n)
    m = np.float64 if dt is T.float64 else np.float32
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.float64(1.0) / np.float64(n * d)
        return (k.astype(m) * np.asarray(scale).astype(dt.np).astype(m)).astype(dt.np)


@pytest.mark.parametrize("dt", [T.float32, T.float64, T.float16, T.bfloat16])
def test_fftfreq_values_exact(mode, dt):
    for n, d in [(0, 1.0), (1, 1.0), (5, 1.0), (6, 0.1), (7, 3), (33, 0.37), (101, 2.5e-3)]:
        for half, f in ((False, F.fftfreq), (True, F.rfftfreq)):
            got = f(n, d, dtype=dt)
            want = _np_freq(n, d, dt, half)
            assert got.dtype is dt and got.shape == want.shape
            np.testing.assert_array_equal(got.float().numpy(), want.astype(np.float32))


def test_fftfreq_numpy_and_factory_arguments(mode):
    np.testing.assert_allclose(F.fftfreq(8, 0.1).numpy(), np.fft.fftfreq(8, 0.1), rtol=1e-6)
    np.testing.assert_allclose(F.rfftfreq(9, 0.5).numpy(), np.fft.rfftfreq(9, 0.5), rtol=1e-6)
    assert F.fftfreq(5).dtype is T.float32
    t = F.fftfreq(4, T.tensor(2.0), requires_grad=True, device="cpu")
    assert t.requires_grad and t.is_leaf and t.tolist() == [0.0, 0.125, -0.25, -0.125]
    z = F.fftfreq(5, d=0).tolist()
    assert np.isnan(z[0]) and z[1:] == [np.inf, np.inf, -np.inf, -np.inf]
    assert np.isnan(F.rfftfreq(0).tolist()[0])
    T.set_default_dtype(T.float64)
    try:
        assert F.rfftfreq(4).dtype is T.float64
    finally:
        T.set_default_dtype(T.float32)


# ---- shifts ---------------------------------------------------------------------------------
def test_shifts(mode):
    x = np.arange(60).reshape(3, 4, 5)
    t = T.tensor(x)
    for dim, axes in [(None, None), (1, 1), (-1, -1), ((0, 2), (0, 2))]:
        got = F.fftshift(t, dim)
        assert got.dtype is T.int64
        np.testing.assert_array_equal(got.numpy(), np.fft.fftshift(x, axes))
        np.testing.assert_array_equal(F.ifftshift(t, dim=dim).numpy(), np.fft.ifftshift(x, axes))
    # a repeated dim shifts twice, as torch.roll does
    np.testing.assert_array_equal(F.fftshift(t, (0, 1, 0)).numpy(),
                                  np.roll(np.fft.fftshift(x, (0, 1)), 1, 0))
    f = F.fftfreq(7)
    np.testing.assert_array_equal(F.ifftshift(F.fftshift(f)).numpy(), f.numpy())
    g = T.ones(4, requires_grad=True)
    assert F.fftshift(g).grad_fn.name() == "RollBackward0"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.booleans())
def test_shift_matches_numpy(shape, inverse):
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    f, nf = (F.ifftshift, np.fft.ifftshift) if inverse else (F.fftshift, np.fft.fftshift)
    np.testing.assert_array_equal(f(T.tensor(x)).numpy(), nf(x))


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 12), st.sampled_from(["backward", "ortho", "forward"]),
       st.booleans())
def test_irfft_sizes_match_numpy(n, norm, hermitian):
    x = RNG.standard_normal(7)
    f, nf = (F.hfft, np.fft.hfft) if hermitian else (F.irfft, np.fft.irfft)
    np.testing.assert_allclose(f(T.tensor(x), n=n, norm=norm).numpy(),
                               nf(x.astype(complex), n=n, norm=norm), rtol=1e-10, atol=1e-10)
