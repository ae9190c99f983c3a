"""torch.nn.utils: clip_grad_norm_ / clip_grad_value_ / get_total_norm / clip_grads_with_norm_
(PyTorch's formulas and messages, no sync on the hot path) and parameters_to_vector /
vector_to_parameters. Expected numbers are PyTorch 2.13's outputs for the same inputs."""
import math
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.utils as U
from jtorch._runtime import graph


def _params(*grads):
    ps = []
    for g in grads:
        g = torch.tensor(g) if not isinstance(g, torch.Tensor) else g
        p = nn.Parameter(torch.zeros(g.shape, dtype=g.dtype))
        p.grad = g
        ps.append(p)
    return ps


def _np_norm(a, p):
    a = np.abs(np.asarray(a, np.float64).ravel())
    if p == math.inf:
        return a.max()
    if p == -math.inf:
        return a.min()
    if p == 0:
        return float((a != 0).sum())
    return (a ** p).sum() ** (1 / p)


@pytest.mark.parametrize("norm_type", [2.0, 1, 3, math.inf, -math.inf, 0, "inf"])
def test_clip_grad_norm_matches_formula(mode, norm_type):
    rng = np.random.default_rng(0)
    gs = [rng.normal(size=(3, 4)).astype(np.float32), rng.normal(size=5).astype(np.float32)]
    ps = _params(*gs)
    total = U.clip_grad_norm_(ps, 0.5, norm_type=norm_type)
    p = float(norm_type)
    want = _np_norm([_np_norm(g, p) for g in gs], p)  # the norm of the per-tensor norms
    assert total.dtype == torch.float32 and total.shape == ()
    np.testing.assert_allclose(total.item(), want, rtol=1e-5)
    coef = min(1.0, 0.5 / (want + 1e-6))
    for prm, g in zip(ps, gs):
        np.testing.assert_allclose(prm.grad.numpy(), g * coef, rtol=1e-5, atol=1e-7)


def test_clip_grad_norm_pytorch_values():
    p, q = _params([3.0, 4.0, 0.0], torch.ones(2, dtype=torch.float64))
    total = U.clip_grad_norm_([p, q], 1.0)
    assert total.dtype == torch.float64  # norms of float32 and float64 grads promote
    np.testing.assert_allclose(total.item(), 5.196152422706632)
    np.testing.assert_allclose(p.grad.numpy(), [0.5773502, 0.7698004, 0.0], rtol=1e-6)
    coef = 1.0 / (math.sqrt(27.0) + 1e-6)
    np.testing.assert_allclose(q.grad.numpy(), [coef, coef], rtol=1e-12)
    (h,) = _params(torch.tensor([3.0, 4.0, 0.0], dtype=torch.float16))
    total = U.clip_grad_norm_(h, 1.0)
    assert total.dtype == torch.float16 and total.item() == 5.0
    assert h.grad.tolist() == pytest.approx([0.5996, 0.7998, 0.0], abs=1e-4)


def test_small_gradients_are_unchanged_and_params_without_grad_skipped():
    p, q = _params([0.1, -0.2], [0.3])
    r = nn.Parameter(torch.ones(3))
    total = U.clip_grad_norm_([p, r, q], max_norm=10.0)
    np.testing.assert_allclose(total.item(), math.sqrt(0.14), rtol=1e-6)
    np.testing.assert_allclose(p.grad.numpy(), [0.1, -0.2], rtol=1e-6)
    assert r.grad is None


def test_clip_grad_norm_does_not_sync_and_reuses_its_kernel():
    ps = _params(np.ones((4, 4), np.float32), np.ones(3, np.float32))
    syncs = graph.stats["syncs"]
    total = U.clip_grad_norm_(ps, 1.0)
    kernels = len(graph._kernels)
    total2 = U.clip_grad_norm_(ps, 0.25)  # a new max_norm is a kernel input, not a new kernel
    assert len(graph._kernels) == kernels
    if not torch.runtime.config["eager"]:
        assert graph.stats["syncs"] == syncs
        assert total._nd.value is None and ps[0].grad._nd.value is None
    np.testing.assert_allclose(total.item(), math.sqrt(19), rtol=1e-6)
    np.testing.assert_allclose(total2.item(), 1.0, rtol=1e-5)
    np.testing.assert_allclose(ps[1].grad.numpy(), np.full(3, 0.25 / math.sqrt(19)), rtol=1e-4)


def test_error_if_nonfinite(mode):
    (p,) = _params([float("inf"), 1.0, 2.0])
    msg = ("The total norm of order 2.0 for gradients from `parameters` is non-finite, so it "
           "cannot be clipped. To disable this error and scale the gradients by the non-finite "
           "norm anyway, set `error_if_nonfinite=False`")
    with pytest.raises(RuntimeError) as info:
        U.clip_grad_norm_([p], 1.0, error_if_nonfinite=True).item()
    assert str(info.value).startswith(msg)
    (p,) = _params([float("nan"), 1.0])
    total = U.clip_grad_norm_([p], 1.0)  # no check: NaN norm, NaN gradients (as PyTorch)
    assert math.isnan(total.item()) and np.isnan(p.grad.numpy()).all()


def test_empty_inputs():
    with pytest.warns(UserWarning, match="`parameters` is an empty generator, no gradient "
                                         "clipping will occur."):
        total = U.clip_grad_norm_((p for p in []), 1.0)
    assert total.item() == 0.0 and total.dtype == torch.float32
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert U.clip_grad_norm_([], 1.0).item() == 0.0
    assert U.get_total_norm([]).item() == 0.0
    # PyTorch's grouping of the (here absent) gradients by device fails on an empty list
    with pytest.raises(RuntimeError, match=r"Expected !nested_tensorlist\[0\].empty\(\)"):
        U.clip_grad_value_([nn.Parameter(torch.ones(2))], 1.0)


def test_single_tensor_and_model_parameters():
    model = nn.Linear(4, 3)
    x = torch.randn(5, 4)
    (model(x) * 100).sum().backward()
    before = [p.grad.numpy().copy() for p in model.parameters()]
    total = U.clip_grad_norm_(model.parameters(), 1.0)
    want = math.sqrt(sum((b.astype(np.float64) ** 2).sum() for b in before))
    np.testing.assert_allclose(total.item(), want, rtol=1e-5)
    after = np.concatenate([p.grad.numpy().ravel() for p in model.parameters()])
    np.testing.assert_allclose(np.linalg.norm(after.astype(np.float64)), 1.0, rtol=1e-5)
    (w,) = _params([6.0, 8.0])
    assert U.clip_grad_norm_(w, 5.0).item() == pytest.approx(10.0)
    np.testing.assert_allclose(w.grad.numpy(), [3.0, 4.0], rtol=1e-6)


def test_clip_grad_value(mode):
    p, q = _params([-3.0, 0.5, 2.0], torch.tensor([[1.5, -0.1]], dtype=torch.float64))
    assert U.clip_grad_value_([p, q], 1.0) is None
    assert p.grad.tolist() == [-1.0, 0.5, 1.0]
    assert q.grad.tolist() == [[1.0, -0.1]] and q.grad.dtype == torch.float64
    U.clip_grad_value_(p, 0.25, foreach=True)
    assert p.grad.tolist() == [-0.25, 0.25, 0.25]


def test_get_total_norm_and_clip_grads_with_norm():
    total = U.get_total_norm([torch.ones(3), torch.ones(2)], 1)
    assert total.item() == 5.0
    (p,) = _params([3.0, 4.0, 0.0])
    assert U.clip_grads_with_norm_([p], 1.0, torch.tensor(10.0)) is None
    np.testing.assert_allclose(p.grad.numpy(), [0.3 / (1 + 1e-7), 0.4 / (1 + 1e-7), 0.0],
                               rtol=1e-6)
    with pytest.raises(RuntimeError, match="The total norm of order inf"):
        U.get_total_norm([torch.tensor([float("nan")])], "inf", error_if_nonfinite=True).item()


def test_clip_grad_norm_deprecated_alias():
    (p,) = _params([3.0, 4.0])
    with pytest.warns(FutureWarning, match=r"`torch.nn.utils.clip_grad_norm` is now deprecated "
                                           r"in favor of `torch.nn.utils.clip_grad_norm_`."):
        assert U.clip_grad_norm(p, 1.0).item() == 5.0


def test_clipping_in_a_training_loop_converges():
    torch.manual_seed(0)
    model = nn.Linear(3, 1)
    x = torch.randn(32, 3)
    y = x @ torch.tensor([[1.0], [-2.0], [0.5]]) + 0.3
    for _ in range(40):
        model.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        U.clip_grad_norm_(model.parameters(), 1.0)
        with torch.no_grad():
            for p in model.parameters():
                p -= 0.3 * p.grad
        torch.sync()  # the end of a step (optimizer.step() is a sync point): a cached program
    assert loss.item() < 0.05


def test_parameters_to_vector_and_back():
    a = nn.Parameter(torch.tensor([[1.0, 2.0], [3.0, 4.0]]))
    b = nn.Parameter(torch.tensor([5.0]))
    v = U.parameters_to_vector([a, b])
    assert v.tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert type(v.grad_fn).__name__ == "CatBackward0"
    (v * torch.arange(5.0)).sum().backward()
    assert a.grad.tolist() == [[0.0, 1.0], [2.0, 3.0]] and b.grad.tolist() == [4.0]
    U.vector_to_parameters(torch.arange(10.0, 15.0), [a, b])
    assert a.tolist() == [[10.0, 11.0], [12.0, 13.0]] and b.tolist() == [14.0]
    assert isinstance(a, nn.Parameter) and a.requires_grad and a.is_leaf
    with pytest.raises(TypeError, match="expected torch.Tensor, but got: list"):
        U.vector_to_parameters([1, 2], [a])
    with pytest.raises(ValueError, match=r"torch.cat\(\): expected a non-empty list of Tensors"):
        U.parameters_to_vector([])
