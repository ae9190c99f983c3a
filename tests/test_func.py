"""torch.func transforms (grad, vjp, jvp, jacrev, jacfwd, hessian, vmap) against analytic
derivatives computed with NumPy, and the small torch.* / Tensor APIs with fixed answers on
jtorch (layouts, complex views of real tensors, Tensor.new, post-accumulate hooks)."""
import pickle
import warnings

import numpy as np
import pytest

import jtorch as torch
from jtorch import func

X = np.array([1.0, 2.0, 3.0], np.float32)


def _np(t):
    return t.detach().numpy()


def test_grad_and_nested_grad(mode):
    x = torch.tensor(X)
    g = func.grad(lambda x: (x ** 3).sum())(x)
    np.testing.assert_allclose(_np(g), 3 * X ** 2)
    assert not g.requires_grad and g.grad_fn is None
    second = func.grad(lambda a: func.grad(lambda b: b ** 3)(a))(torch.tensor(2.0))
    assert second.item() == pytest.approx(12.0)
    (gx, gy), value = func.grad_and_value(lambda a, b: (a * b).sum(), argnums=(0, 1))(x, x * 2)
    np.testing.assert_allclose(_np(gx), 2 * X)
    np.testing.assert_allclose(_np(gy), X)
    assert value.item() == pytest.approx(float((X * 2 * X).sum()))
    g, aux = func.grad(lambda a: ((a ** 2).sum(), a.mean()), has_aux=True)(x)
    np.testing.assert_allclose(_np(g), 2 * X)
    assert aux.item() == pytest.approx(2.0)


def test_vjp_jvp_jacobians_hessian(mode):
    x = torch.tensor(X)
    out, fn = func.vjp(lambda a: a.sin(), x)
    np.testing.assert_allclose(_np(out), np.sin(X), rtol=1e-6)
    (g,) = fn(torch.ones(3))
    np.testing.assert_allclose(_np(g), np.cos(X), rtol=1e-6)
    out, t = func.jvp(lambda a: a ** 2, (x,), (torch.ones(3),))
    np.testing.assert_allclose(_np(t), 2 * X)
    np.testing.assert_allclose(_np(func.jacrev(lambda a: a ** 2)(x)), np.diag(2 * X))
    np.testing.assert_allclose(_np(func.jacfwd(lambda a, b: a * b, argnums=1)(x, x)), np.diag(X))
    h = func.hessian(lambda a: (a ** 3).sum())(x)
    np.testing.assert_allclose(_np(h), np.diag(6 * X))
    ja, jb = func.jacrev(lambda a, b: (a * b).sum(), argnums=(0, 1))(x, x * 2)
    np.testing.assert_allclose(_np(ja), 2 * X)
    np.testing.assert_allclose(_np(jb), X)


def test_vmap(mode):
    a = np.arange(24, dtype=np.float32).reshape(4, 2, 3)
    b = np.arange(12, dtype=np.float32).reshape(4, 3)
    got = torch.vmap(lambda m, v: m @ v)(torch.tensor(a), torch.tensor(b))
    np.testing.assert_allclose(_np(got), np.einsum("bij,bj->bi", a, b))
    s, d = func.vmap(lambda r: (r.sum(), r * 2), in_dims=1)(torch.tensor(a[0]))
    np.testing.assert_allclose(_np(s), a[0].sum(0))
    np.testing.assert_allclose(_np(d), (a[0] * 2).T)
    got = func.vmap(lambda r, c: r + c, in_dims=(0, None), out_dims=1)(
        torch.tensor(b), torch.tensor(b[0]))
    np.testing.assert_allclose(_np(got), (b + b[0]).T)
    per_row = func.vmap(func.grad(lambda r: (r ** 2).sum()))(torch.tensor(b))
    np.testing.assert_allclose(_np(per_row), 2 * b)
    d = func.vmap(lambda r: {"twice": r * 2})({"x": torch.tensor(b)}["x"])
    np.testing.assert_allclose(_np(d["twice"]), 2 * b)


def test_vmap_errors():
    with pytest.raises(ValueError, match=r"same size in the mapped dimension, got sizes \[3, 2\]"):
        torch.vmap(lambda a, b: a + b)(torch.ones(3, 2), torch.ones(2, 2))
    with pytest.raises(ValueError, match="in_dims is not compatible"):
        torch.vmap(lambda a, b: a + b, in_dims=(0,))(torch.ones(3), torch.ones(3))
    with pytest.raises(ValueError, match="at least one input"):
        torch.vmap(lambda a: a, in_dims=None)(torch.ones(3))
    with pytest.raises(ValueError, match="not a Tensor output"):
        torch.vmap(lambda a: 1.0)(torch.ones(3))
    with pytest.raises(RuntimeError, match="Expected f\\(\\*args\\) to return a scalar"):
        func.grad(lambda a: a * 2)(torch.ones(3))
    with pytest.raises(RuntimeError, match="Got argnum=2, but only 1 positional inputs"):
        func.grad(lambda a: a.sum(), argnums=2)(torch.ones(3))


def test_layouts_and_memory_formats():
    assert repr(torch.strided) == "torch.strided" and isinstance(torch.strided, torch.layout)
    assert repr(torch.channels_last) == "torch.channels_last"
    assert isinstance(torch.preserve_format, torch.memory_format)
    assert torch.ones(2).layout is torch.strided
    for obj in (torch.strided, torch.sparse_coo, torch.contiguous_format, torch.channels_last):
        assert pickle.loads(pickle.dumps(obj)) is obj


def test_real_tensor_complex_api_and_angle(mode):
    x = torch.tensor([-1.0, 0.0, 2.0, float("nan")])
    for same in (x.real, torch.real(x), x.conj(), torch.conj(x), x.resolve_conj(),
                 x.resolve_neg(), x.conj_physical()):
        assert same is x
    assert not x.is_conj() and not x.is_neg()
    with pytest.raises(RuntimeError, match="imag is not implemented for tensors with non-complex"):
        x.imag
    with pytest.raises(RuntimeError, match="imag is not implemented"):
        torch.imag(x)
    got = torch.angle(x).numpy()
    np.testing.assert_allclose(got[:3], [np.pi, 0.0, 0.0], rtol=1e-7)
    assert np.isnan(got[3])
    ints = torch.angle(torch.tensor([-3, 0, 5]))
    assert ints.dtype is torch.float32
    np.testing.assert_allclose(ints.numpy(), [np.pi, 0.0, 0.0], rtol=1e-7)


def test_legacy_new_and_fill_functions(mode):
    x = torch.ones(2)
    assert x.new([1, 2]).tolist() == [1.0, 2.0] and x.new([1, 2]).dtype is torch.float32
    assert x.new(2, 3).shape == (2, 3) and x.new().shape == (0,)
    assert x.new(torch.Size([4])).shape == (4,)
    assert torch.ones(2, dtype=torch.int64).new([1.5]).tolist() == [1]
    y = torch.tensor([1.0, 2.0])
    assert x.new(y) is y
    with pytest.raises(TypeError, match=r"expected Float \(got Double\)"):
        x.new(y.double())
    assert torch.fill(x, 3).tolist() == [3.0, 3.0] and x.tolist() == [1.0, 1.0]
    assert torch.fill(torch.ones(2, dtype=torch.int64), 2.5).tolist() == [2, 2]
    assert torch.zero_(x) is x and x.tolist() == [0.0, 0.0]
    s = torch.scalar_tensor(3)
    assert s.dtype is torch.float32 and s.dim() == 0 and s.item() == 3.0
    assert torch.scalar_tensor(2, dtype=torch.int64).dtype is torch.int64


def test_post_accumulate_grad_hook(mode):
    w = torch.ones(2, requires_grad=True)
    seen = []
    handle = w.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.tolist()))
    (w * 3).sum().backward()
    handle.remove()
    (w * 3).sum().backward()
    assert seen == [[3.0, 3.0]] and w.grad.tolist() == [6.0, 6.0]
    with pytest.raises(RuntimeError, match="cannot be registered on non-leaf tensors"):
        w.exp().register_post_accumulate_grad_hook(print)
    with pytest.raises(RuntimeError, match="doesn't require gradient"):
        torch.ones(2).register_post_accumulate_grad_hook(print)


def test_memory_placement_and_settings():
    x = torch.ones(2)
    assert not x.is_shared()
    assert x.share_memory_() is x and x.is_shared() and not x.is_pinned()  # (as PyTorch's CPU)
    assert x[1:].is_shared() and not x.clone().is_shared()
    if not torch.cuda.is_available():
        with pytest.raises(RuntimeError, match="Cannot access accelerator device"):
            x.pin_memory()
    assert x.output_nr == 0 and x.name is None
    assert issubclass(torch.OutOfMemoryError, RuntimeError)
    assert torch.cuda.OutOfMemoryError is torch.OutOfMemoryError
    assert torch.set_flush_denormal(True) is True
    torch.set_warn_always(True)
    assert torch.is_warn_always_enabled()
    torch.set_warn_always(False)
    assert not torch.is_anomaly_enabled()
    torch.set_anomaly_enabled(True)
    try:
        assert torch.is_anomaly_enabled() and torch.is_anomaly_check_nan_enabled()
    finally:
        torch.set_anomaly_enabled(False)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        torch.set_default_tensor_type(torch.DoubleTensor)
        try:
            assert torch.get_default_dtype() is torch.float64
        finally:
            torch.set_default_tensor_type("torch.FloatTensor")
    assert torch.get_default_dtype() is torch.float32
    assert any("set_default_tensor_type() is deprecated" in str(m.message) for m in w)
    with pytest.warns(UserWarning, match="deprecated"), \
            pytest.raises(TypeError, match="only floating-point types"):
        torch.set_default_tensor_type(torch.LongTensor)
    assert torch.GradScaler is torch.amp.GradScaler
