"""Loss parity with PyTorch: every loss x reduction x option set (outputs, input gradients and
grad_fn names), PyTorch's exception and warning texts, module reprs/buffers, value-dependent
checks raised at the next sync, and properties against NumPy. References:
tests/reference/gen_nn_loss.py."""
import pathlib
import re
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import nn_loss_cases as cases  # noqa: E402

REF = load_reference("nn_loss")
PARITY = {name: (k, expr, specs, grads) for k, (name, expr, specs, grads) in
          enumerate(cases.CASES)}


def _env(specs, seed, grads):
    env = {"torch": torch, "F": F}
    leaves = {}
    for n, v in cases.make_inputs(specs, seed).items():
        t = torch.tensor(v)
        if n in grads and t.dtype.is_floating_point:
            t.requires_grad_(True)
            leaves[n] = t
        env[n] = t
    return env, leaves


def _tol(dtype):
    return {torch.float64: 1e-9, torch.float16: 2e-3}.get(dtype, 2e-5)


# every case runs deferred (one fused program per case); a representative case of each loss
# family also runs in eager debug mode (op by op)
EAGER = ["mse", "bce_logits_both", "multilabel_margin", "gaussian_homoscedastic",
         "nll_4d_weight_ignore", "ce_smoothing_weight_ignore"]
MODES = [("deferred", n) for n in sorted(PARITY)] + [("eager", n) for n in EAGER]


@pytest.mark.parametrize("mode,name", MODES, indirect=["mode"])
def test_parity(mode, name):
    """Outputs and grad_fn names per reduction; input gradients of the weighted sum of the
    reductions' outputs."""
    k, expr, specs, grads = PARITY[name]
    ref = REF["parity"][name]
    env, leaves = _env(specs, k, grads)
    results, weights = [], []
    for j, (red, e) in enumerate(cases.variants(expr)):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = eval(e, env)
        got_fn = type(res.grad_fn).__name__ if res.grad_fn is not None else None
        assert got_fn == ref["grad_fn"][red], (red, got_fn, ref["grad_fn"][red])
        results.append(res)
        weights.append(torch.tensor(cases.out_weight(tuple(res.shape), 1000 + 10 * k + j),
                                    dtype=res.dtype))
    # record the backward before observing anything: forward and backward run as one program
    gs = torch.autograd.grad(results, list(leaves.values()), grad_outputs=weights) if leaves \
        else ()
    for (red, _), res in zip(cases.variants(expr), results):
        tol = _tol(res.dtype)
        assert_matches(res.detach(), ref["outs"][red], rtol=tol, atol=tol)
    for (n, _), g in zip(leaves.items(), gs):
        assert_matches(g, ref["grads"][n], rtol=tol, atol=tol)


def _force(r):
    if isinstance(r, torch.Tensor):
        r.tolist()


@pytest.mark.parametrize("name", [n for n, _, _ in cases.ERRORS])
def test_error(name):
    k, (_, expr, specs) = next((i, c) for i, c in enumerate(cases.ERRORS) if c[0] == name)
    ref = REF["errors"][name]
    env, _ = _env(specs, 5000 + k, "")
    exc = {"ValueError": ValueError, "RuntimeError": RuntimeError, "IndexError": IndexError,
           "TypeError": TypeError, "NotImplementedError": NotImplementedError}[ref["type"]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(exc) as info:
            _force(eval(expr, env))
    msg = str(info.value)
    # a value-dependent error raised at a sync names the op and the user's line after the text
    assert msg == ref["message"] or msg.startswith(ref["message"] + " (recorded by "), msg
    assert type(info.value) is exc


@pytest.mark.parametrize("name", [n for n, _, _ in cases.WARNINGS])
def test_warning(name):
    k, (_, expr, specs) = next((i, c) for i, c in enumerate(cases.WARNINGS) if c[0] == name)
    env, _ = _env(specs, 6000 + k, "")
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        eval(expr, env)
    got = [{"category": x.category.__name__, "message": str(x.message)} for x in w]
    assert got == REF["warnings"][name]
    # reported at the caller's line (here: the eval'd expression), never inside jtorch
    assert all(x.filename == "<string>" for x in w), [x.filename for x in w]


@pytest.mark.parametrize("expr", cases.MODULES)
def test_module_repr_and_buffers(expr):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = eval(expr, {"torch": torch})
    ref = REF["modules"][expr]
    assert repr(m) == ref["repr"]
    assert m.reduction == ref["reduction"]
    assert list(m.state_dict()) == ref["state_dict"]


def test_value_checks_raise_at_sync_in_deferred_mode():
    # the target is pending, so the range check runs inside the program and raises at the sync
    x = torch.randn(3, 5)
    t = torch.tensor([0, 1, 2]) * 3
    loss = F.cross_entropy(x, t)
    with pytest.raises(IndexError, match=re.escape("Target 6 is out of bounds. (recorded by")):
        loss.item()
    loss = F.nll_loss(x, torch.tensor([0, 1, 2]) - 100)  # -100, -99, -98: first bad is -99
    with pytest.raises(IndexError, match="Target -99 is out of bounds"):
        loss.item()


def test_one_kernel_ignored_targets_and_module():
    x = torch.tensor(np.random.default_rng(0).normal(size=(4, 3)))
    t = torch.tensor([0, 7, 2, 7])
    loss = F.cross_entropy(x, t, ignore_index=7, reduction="none")
    node = loss._nd
    # one node whose inputs are the logits and the targets themselves (a concrete target is
    # range-checked on the host, where ignored targets pass)
    assert node.kernel.name == "cross_entropy"
    assert node.inputs[0] is x._nd and node.inputs[1] is t._nd
    lp = _np_log_softmax(x.numpy(), 1)
    np.testing.assert_allclose(loss.numpy(), [-lp[0, 0], 0.0, -lp[2, 2], 0.0], rtol=1e-12)
    with pytest.raises(IndexError, match="Target 7 is out of bounds."):
        F.cross_entropy(x, t)
    with pytest.raises(IndexError, match="Target -100 is out of bounds."):
        F.cross_entropy(x, torch.tensor([0, -100, 2, 7]), ignore_index=7)
    m = nn.CrossEntropyLoss(ignore_index=7, reduction="none")
    np.testing.assert_array_equal(m(x, t).numpy(), loss.numpy())


def test_pending_target_records_one_check():
    from jtorch._runtime import graph
    x = torch.tensor(np.random.default_rng(0).normal(size=(4, 3)))
    t = torch.tensor([0, 1, 2, 1]) + 0
    n = len(graph.pending_checks)
    loss = F.cross_entropy(x, t)
    if not torch.runtime.config["eager"]:
        assert len(graph.pending_checks) == n + 1
    assert np.isfinite(loss.item())


def test_loss_modules_move_weight_buffers():
    w = torch.rand(4)
    m = nn.CrossEntropyLoss(weight=w).double()
    assert m.weight.dtype == torch.float64
    x = torch.randn(3, 4, dtype=torch.float64)
    t = torch.tensor([0, 3, 1])
    np.testing.assert_allclose(m(x, t).item(), F.cross_entropy(x, t, weight=w.double()).item())
    assert nn.BCEWithLogitsLoss(pos_weight=torch.ones(2)).pos_weight.tolist() == [1.0, 1.0]


def test_nll_loss2d_deprecated():
    with pytest.warns(FutureWarning, match="`NLLLoss2d` has been deprecated"):
        m = nn.NLLLoss2d()
    assert repr(m) == "NLLLoss2d()" and isinstance(m, nn.NLLLoss)


def test_module_constructor_errors():
    with pytest.raises(ValueError, match="TripletMarginLoss: expected margin to be greater than "
                                         "0, got 0 instead"):
        nn.TripletMarginLoss(margin=0)
    with pytest.raises(ValueError, match="TripletMarginWithDistanceLoss: expected margin to be "
                                         "greater than 0, got -1 instead"):
        nn.TripletMarginWithDistanceLoss(margin=-1)
    with pytest.raises(ValueError, match="only p == 1 and p == 2 supported"):
        nn.MultiMarginLoss(p=3)
    with pytest.raises(ValueError, match="MultiMarginLoss: expected weight to be None or 1D "
                                         "tensor, got 2D instead"):
        nn.MultiMarginLoss(weight=torch.ones(2, 2))
    with pytest.raises(TypeError, match="delta must be a float or int, got: <class 'str'>"):
        nn.HuberLoss(delta="1")


def test_ctc_loss_value_checks_at_sync():
    x = torch.randn(6, 2, 5)
    lengths = torch.tensor([6, 6]) + 1  # pending: checked inside the program
    loss = F.ctc_loss(x, torch.tensor([[1, 2], [3, 4]]), lengths, torch.tensor([2, 2]))
    with pytest.raises(RuntimeError, match="Expected input_lengths to have value at most 6, but "
                                           "got value 7"):
        loss.item()


def test_bce_gradient_at_the_clamp():
    # PyTorch's BCE backward: (x - y) / max(x (1 - x), 1e-12), finite at x = 0 and 1
    x = torch.tensor([0.0, 1.0, 0.5], requires_grad=True)
    y = torch.tensor([1.0, 0.0, 1.0])
    loss = F.binary_cross_entropy(x, y, reduction="sum")
    assert loss.item() == pytest.approx(200.6931471805599, rel=1e-6)
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), [-1e12, 1e12, -2.0], rtol=1e-5)


def _np_log_softmax(x, axis):
    m = x.max(axis=axis, keepdims=True)
    z = x - m
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))


@settings(max_examples=10, deadline=None)
@given(n=st.just(5), c=st.just(6), seed=st.integers(0, 2 ** 16),
       smoothing=st.sampled_from([0.0, 0.05, 0.3]), weighted=st.booleans())
def test_cross_entropy_matches_numpy(n, c, seed, smoothing, weighted):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, c))
    t = rng.integers(0, c, size=n)
    w = rng.uniform(0.5, 2.0, size=c) if weighted else np.ones(c)
    lp = _np_log_softmax(x, 1)
    nll = -lp[np.arange(n), t] * w[t]
    smooth = -(lp * w).sum(1)
    want = (1 - smoothing) * nll.sum() / w[t].sum() + smoothing / c * smooth.sum() / w[t].sum()
    got = F.cross_entropy(torch.tensor(x), torch.tensor(t),
                          weight=torch.tensor(w) if weighted else None,
                          label_smoothing=smoothing)
    np.testing.assert_allclose(got.item(), want, rtol=1e-10)


@settings(max_examples=10, deadline=None)
@given(shape=st.sampled_from([(4,), (2, 3)]), seed=st.integers(0, 2 ** 16),
       beta=st.sampled_from([0.0, 0.2, 1.0, 3.0]))
def test_pointwise_losses_match_numpy(shape, seed, beta):
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=shape), rng.normal(size=shape)
    d = np.abs(x - y)
    tx, ty = torch.tensor(x), torch.tensor(y)
    np.testing.assert_allclose(F.mse_loss(tx, ty, reduction="sum").item(), (d ** 2).sum())
    np.testing.assert_allclose(F.l1_loss(tx, ty).item(), d.mean())
    sl1 = d if beta == 0 else np.where(d < beta, 0.5 * d ** 2 / max(beta, 1e-300), d - 0.5 * beta)
    np.testing.assert_allclose(F.smooth_l1_loss(tx, ty, beta=beta, reduction="none").numpy(), sl1)
    if beta > 0:
        hub = np.where(d < beta, 0.5 * d ** 2, beta * (d - 0.5 * beta))
        np.testing.assert_allclose(F.huber_loss(tx, ty, delta=beta).item(), hub.mean())
    p = 1 / (1 + np.exp(-x))
    z = (y > 0).astype(float)
    bce = -(z * np.log(p) + (1 - z) * np.log(1 - p))
    np.testing.assert_allclose(F.binary_cross_entropy_with_logits(tx, torch.tensor(z)).item(),
                               bce.mean(), rtol=1e-10)
