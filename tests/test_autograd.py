"""Autograd semantics (DESIGN.md idea 4): backward/grad over the deferred graph, grad modes,
hooks, retain_grad, custom Functions, functional API, anomaly mode, errors and memory."""
import gc
import threading

import jax
import numpy as np
import pytest

import jtorch as torch
from jtorch import autograd


def test_seed_tutorial_autograd_section(mode):
    x = torch.arange(4.0)
    x.requires_grad_(True)
    assert x.grad is None
    y = 2 * torch.dot(x, x)
    assert repr(y) == "tensor(28., grad_fn=<MulBackward0>)"
    y.backward()
    assert x.grad.tolist() == [0.0, 4.0, 8.0, 12.0]
    assert (x.grad == 4 * x).tolist() == [True] * 4
    x.grad.zero_()
    x.sum().backward()
    assert x.grad.tolist() == [1.0] * 4
    x.grad.zero_()
    y = x * x
    y.sum().backward()
    assert x.grad.tolist() == [0.0, 2.0, 4.0, 6.0]
    # detach: partial derivative treating u as a constant
    x.grad.zero_()
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    assert (x.grad == u).all().item()
    x.grad.zero_()
    y.sum().backward()
    assert (x.grad == 2 * x).all().item()


def test_control_flow_on_tensor_values(mode):
    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    torch.manual_seed(0)
    a = torch.randn(size=(), requires_grad=True)
    d = f(a)
    d.backward()
    assert (a.grad == d / a).item()


def test_non_scalar_backward_needs_gradient(mode):
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    with pytest.raises(RuntimeError, match="grad can be implicitly created only for scalar "
                                           "outputs"):
        y.backward()
    y.backward(torch.ones(len(x)))
    assert x.grad.tolist() == [0.0, 2.0, 4.0, 6.0]


def test_gradients_accumulate_and_keep_identity(mode):
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    (w * 3).sum().backward()
    g = w.grad
    (w * w).sum().backward()
    assert w.grad is g
    assert w.grad.tolist() == [5.0, 7.0]
    w.grad.data.zero_()
    assert w.grad.tolist() == [0.0, 0.0]


def test_manual_sgd_updates(mode):
    w = torch.tensor([1.0, -1.0], requires_grad=True)
    lr = 0.1
    for _ in range(3):
        loss = ((w - 3) ** 2).sum()
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
        w.grad.zero_()
    assert w.is_leaf and w.requires_grad
    np.testing.assert_allclose(w.tolist(), [3 - 2 * 0.8 ** 3, 3 - 4 * 0.8 ** 3], rtol=1e-6)
    v = torch.tensor([1.0], requires_grad=True)
    (v * 2).sum().backward()
    v.data = v.data - lr * v.grad.data
    assert v.requires_grad and v.is_leaf and v.tolist() == pytest.approx([0.8])


def test_second_and_higher_order(mode):
    x = torch.tensor(2.0, requires_grad=True)
    y = x ** 3
    (g,) = autograd.grad(y, x, create_graph=True)
    assert g.item() == 12.0 and g.requires_grad
    (g2,) = autograd.grad(g, x, create_graph=True)
    assert g2.item() == 12.0
    (g3,) = autograd.grad(g2, x)
    assert g3.item() == 6.0


def test_backward_create_graph_then_backward_again(mode):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = (x ** 2).sum()
    y.backward(create_graph=True)
    gx = x.grad
    assert gx.requires_grad
    x.grad = None
    gx.sum().backward()
    assert x.grad.tolist() == [2.0, 2.0]


def test_grad_fn_names(mode):
    w = torch.ones(2, 2, requires_grad=True)
    names = {
        "MulBackward0": w * 2, "AddBackward0": w + 1, "SubBackward0": w - 1,
        "DivBackward0": w / 2, "NegBackward0": -w, "PowBackward0": w ** 2,
        "ExpBackward0": w.exp(), "SumBackward0": w.sum(), "ViewBackward0": w.view(4),
        "TBackward0": w.t(), "TransposeBackward0": w.transpose(0, 1),
        "PermuteBackward0": w.permute(1, 0), "SelectBackward0": w[0],
        "SliceBackward0": w[0:1], "UnsqueezeBackward0": w.unsqueeze(0),
        "ExpandBackward0": w[0].expand(3, 2), "CloneBackward0": w.clone(),
        "ToCopyBackward0": w.double(), "DiagonalBackward0": w.diagonal(),
    }
    for name, t in names.items():
        assert t.grad_fn.name() == name, (name, t.grad_fn)
        assert repr(t.grad_fn).startswith(f"<{name} object at 0x")
        assert not t.is_leaf and t.requires_grad
    assert (w * 2).grad_fn.next_functions[0][0].name() == "torch::autograd::AccumulateGrad"
    assert w.grad_fn is None and w.is_leaf


@pytest.mark.parametrize("index,name", [
    # PyTorch names the last op its indexing applies: select, slice or unsqueeze; a slice over
    # a whole dimension applies nothing, and nothing applied is an alias
    ("[0, :2]", "SliceBackward0"), ("[:2, 0]", "SelectBackward0"), ("[0, None]",
    "UnsqueezeBackward0"), ("[None, 0]", "SelectBackward0"), ("[:]", "SliceBackward0"),
    ("[...]", "AliasBackward0"), ("[:, 0:4]", "AliasBackward0"), ("[:, :2]", "SliceBackward0"),
    ("[:, None, :2]", "SliceBackward0"), ("[..., None]", "UnsqueezeBackward0"),
    ("[1, ...]", "SelectBackward0"), ("[True]", "IndexBackward0"), ("[::2]", "SliceBackward0"),
])
def test_basic_indexing_grad_fn_names(index, name):
    x = torch.randn(3, 4, requires_grad=True)
    assert type(eval("x" + index).grad_fn).__name__ == name


_CG_X = [0.5, 1.5]


@pytest.mark.parametrize("expr,name", [
    # PyTorch 2.13's grad_fn of grad(expr(x).sum(), x, create_graph=True): the last op of the
    # backward formula of the op that read x; None: the gradient does not depend on anything
    # that requires grad, so it does not require grad itself
    ("x ** 3", "MulBackward0"), ("x.sin()", "MulBackward0"), ("x.exp()", "MulBackward0"),
    ("x.log()", "DivBackward0"), ("x.sqrt()", "DivBackward0"),
    ("x.tanh()", "TanhBackwardBackward0"), ("x.sigmoid()", "SigmoidBackwardBackward0"),
    ("x.relu()", "ThresholdBackwardBackward0"), ("x.sin() * x", "AddBackward0"),
    ("(x * 2 + 1) ** 2", "MulBackward0"), ("x.sum() ** 2", "ExpandBackward0"),
    ("x * 2", None), ("x.mean()", None), ("x + 1", None), ("-x", None), ("x / y", None),
    ("y / x", "MulBackward0"), ("x * y", None), ("torch.nn.functional.linear(x, W) ** 2",
                                                 "MmBackward0"),
])
def test_create_graph_gradients_are_named_and_flagged_as_pytorchs(expr, name):
    x = torch.tensor([_CG_X], requires_grad=True) if "linear" in expr else \
        torch.tensor(_CG_X, requires_grad=True)
    y = torch.tensor([2.0, 3.0])
    W = torch.tensor([[1.0, -1.0], [0.5, 2.0]], requires_grad=True)
    (g,) = torch.autograd.grad(eval(expr).sum(), x, create_graph=True)
    assert (type(g.grad_fn).__name__ if g.grad_fn is not None else None) == name
    assert g.requires_grad is (name is not None)


def test_grad_fn_overload_numbers(mode):
    """PyTorch numbers the grad_fn of an op's overloads (names checked against PyTorch 2.13)."""
    w = torch.tensor([[1.0, -2.0, 3.0], [0.5, 0.25, -1.0]], requires_grad=True)
    v = torch.tensor([[0.3, 0.2, 0.1], [1.0, 2.0, 3.0]], requires_grad=True)
    cases = [
        (w.sum(), "SumBackward0"), (w.sum(0), "SumBackward1"),
        (w.sum(dim=(0, 1)), "SumBackward1"), (w.sum(1, keepdim=True), "SumBackward1"),
        (w.mean(), "MeanBackward0"), (w.mean(0), "MeanBackward1"),
        (w.mean((0, 1)), "MeanBackward1"), (w.prod(), "ProdBackward0"),
        (w.prod(1), "ProdBackward1"), (w.max(), "MaxBackward1"), (w.max(0)[0], "MaxBackward0"),
        (w.min(), "MinBackward1"), (w.min(1)[0], "MinBackward0"),
        (w ** 2, "PowBackward0"), (w ** v, "PowBackward1"), (2 ** w, "PowBackward2"),
        (w.square(), "PowBackward0"), (1 - w, "RsubBackward1"), (1 - w, "RsubBackward1"),
        (torch.rsub(w, v), "RsubBackward0"), (w - 1, "SubBackward0"),
        (1 / w, "MulBackward0"), (2 + w, "AddBackward0"),
    ]
    for t, name in cases:
        assert t.grad_fn.name() == name, (name, t.grad_fn)
    y = 1 - w  # RsubBackward1 computes other - input and routes -grad to w
    y.sum().backward()
    assert w.grad.tolist() == [[-1.0] * 3] * 2


def test_requires_grad_propagation_and_modes(mode):
    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2)
    assert (a + b).requires_grad and not (b * 2).requires_grad
    with torch.no_grad():
        assert not (a * 2).requires_grad
        with torch.enable_grad():
            assert (a * 2).requires_grad
    assert torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        assert not torch.is_grad_enabled() and not (a * 2).requires_grad
    finally:
        torch.set_grad_enabled(True)
    with torch.set_grad_enabled(False):
        assert not (a * 2).requires_grad
    assert torch.is_grad_enabled()
    with torch.inference_mode():
        assert not (a * 2).requires_grad and torch.is_inference_mode_enabled()
    assert not torch.is_inference_mode_enabled()

    @torch.no_grad()
    def f(x):
        return x * 2

    @torch.no_grad
    def g(x):
        return x * 2

    @torch.enable_grad()
    def h(x):
        return x * 2

    assert not f(a).requires_grad and not g(a).requires_grad
    with torch.no_grad():
        assert h(a).requires_grad
    assert (a > 0).requires_grad is False  # bool results never require grad
    assert a.argmax().requires_grad is False


def test_grad_mode_is_thread_local():
    seen = {}

    def worker():
        seen["enabled"] = torch.is_grad_enabled()

    with torch.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen["enabled"] is True


def test_retain_grad_and_hooks(mode):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.retain_grad()
    assert y.retains_grad and not x.retains_grad
    z = (y * y).sum()
    z.backward()
    assert y.grad.tolist() == [6.0, 12.0]
    assert x.grad.tolist() == [18.0, 36.0]

    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    seen = []
    y.register_hook(lambda g: seen.append(g.tolist()))
    h = y.register_hook(lambda g: g * 10)  # replaces the gradient flowing on
    (y * y).sum().backward()
    assert seen == [[6.0, 12.0]]
    assert x.grad.tolist() == [180.0, 360.0]
    h.remove()
    leaf = torch.tensor([1.0], requires_grad=True)
    handle = leaf.register_hook(lambda g: g * 0 + 7)
    (leaf * 5).sum().backward()
    assert leaf.grad.tolist() == [7.0]
    handle.remove()
    leaf.grad = None
    (leaf * 5).sum().backward()
    assert leaf.grad.tolist() == [5.0]
    with pytest.raises(RuntimeError, match="cannot register a hook on a tensor that doesn't "
                                           "require gradient"):
        torch.ones(1).register_hook(lambda g: g)


def test_nonleaf_grad_access_warns():
    x = torch.ones(2, requires_grad=True)
    y = x * 2
    with pytest.warns(UserWarning, match="is not a leaf Tensor"):
        assert y.grad is None


def test_autograd_grad_api(mode):
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    w = torch.tensor([3.0, 4.0], requires_grad=True)
    y = (x * w).sum()
    gx, gw = autograd.grad(y, [x, w])
    assert gx.tolist() == [3.0, 4.0] and gw.tolist() == [1.0, 2.0]
    assert x.grad is None  # grad() does not accumulate
    u = torch.ones(2, requires_grad=True)
    y = (x * 2).sum()
    with pytest.raises(RuntimeError, match="appears to not have been used in the graph"):
        autograd.grad(y, [x, u])
    y = (x * 2).sum()
    gx, gu = autograd.grad(y, [x, u], allow_unused=True)
    assert gu is None and gx.tolist() == [2.0, 2.0]
    y = x * 2
    (g,) = autograd.grad(y, x, grad_outputs=torch.tensor([1.0, 10.0]))
    assert g.tolist() == [2.0, 20.0]
    # gradient with respect to a non-leaf
    h = x * x
    out = (h * 3).sum()
    (gh,) = autograd.grad(out, h)
    assert gh.tolist() == [3.0, 3.0]
    autograd.backward([(x * 2).sum(), (x * 3).sum()])
    assert x.grad.tolist() == [5.0, 5.0]


def test_backward_inputs_argument(mode):
    x = torch.tensor([1.0], requires_grad=True)
    w = torch.tensor([2.0], requires_grad=True)
    (x * w).sum().backward(inputs=[w])
    assert w.grad.tolist() == [1.0] and x.grad is None


def test_errors(mode):
    with pytest.raises(RuntimeError, match="Only Tensors of floating point and complex dtype "
                                           "can require gradients"):
        torch.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="only Tensors of floating point and complex dtype "
                                           "can require gradients"):
        torch.zeros(2, dtype=torch.int64).requires_grad = True
    with pytest.raises(RuntimeError, match="element 0 of tensors does not require grad and "
                                           "does not have a grad_fn"):
        torch.ones(2).sum().backward()
    w = torch.ones(3, requires_grad=True)
    y = (w * w).sum()
    y.backward()
    with pytest.raises(RuntimeError, match="Trying to backward through the graph a second "
                                           "time"):
        y.backward()
    y = (w * w).sum()
    y.backward(retain_graph=True)
    y.backward()  # retained: works (three backwards of sum(w*w) so far: 3 * 2w)
    assert w.grad.tolist() == [6.0, 6.0, 6.0]
    y = (w + w).sum()
    y.backward()
    y.backward()  # AddBackward/SumBackward save nothing: PyTorch allows this too
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used "
                                           "in an in-place operation."):
        w.add_(1)
    with pytest.raises(RuntimeError, match="a view of a leaf Variable that requires grad is "
                                           "being used in an in-place operation."):
        w[0] = 5
    a = torch.ones(3, requires_grad=True)
    b = a * 1
    c = b * b
    b.add_(1)
    with pytest.raises(RuntimeError, match="modified by an inplace operation"):
        c.sum().backward()
    with pytest.raises(RuntimeError, match="you can only change requires_grad flags of leaf "
                                           "variables"):
        (a * 2).requires_grad_(False)


def test_inplace_on_nonleaf_is_recorded(mode):
    w = torch.tensor([1.0, 2.0], requires_grad=True)
    y = w * 2
    y.add_(1)
    assert y.grad_fn.name() == "AddBackward0"
    y.mul_(w)
    y.sum().backward()
    assert w.grad.tolist() == [5.0, 9.0]  # d/dw (2w+1)w = 4w+1
    x = torch.zeros(3)
    x[1] = w[0] * 5
    assert x.requires_grad and not x.is_leaf and x.grad_fn.name() == "torch::autograd::CopySlices"
    w.grad = None
    x.sum().backward()
    assert w.grad.tolist() == [5.0, 0.0]


class Exp(autograd.Function):
    @staticmethod
    def forward(ctx, i):
        result = i.exp()
        ctx.save_for_backward(result)
        return result

    @staticmethod
    def backward(ctx, grad_output):
        (result,) = ctx.saved_tensors
        return grad_output * result


class MulConst(autograd.Function):
    @staticmethod
    def forward(ctx, x, k):
        ctx.k = k
        return x * k, (x * 0).long()

    @staticmethod
    def backward(ctx, g, _):
        assert ctx.needs_input_grad == (True, False)
        return g * ctx.k, None


def test_custom_function(mode):
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    y = Exp.apply(x)
    assert y.grad_fn.name() == "ExpBackward"
    (y * 2).sum().backward()
    np.testing.assert_allclose(x.grad.tolist(), [2.0, 2 * np.e], rtol=1e-6)
    x.grad = None
    out, idx = MulConst.apply(x, 3.0)
    assert not idx.requires_grad and out.requires_grad
    out.sum().backward()
    assert x.grad.tolist() == [3.0, 3.0]
    with torch.no_grad():
        assert not Exp.apply(x).requires_grad


def test_functional_api(mode):
    from jtorch.autograd import functional as F

    def f(x):
        return x ** 2 * 3

    x = torch.tensor([1.0, 2.0])
    j = F.jacobian(f, x)
    assert j.tolist() == [[6.0, 0.0], [0.0, 12.0]]
    h = F.hessian(lambda v: (v ** 3).sum(), x)
    assert h.tolist() == [[6.0, 0.0], [0.0, 12.0]]
    out, v = F.vjp(f, x, torch.tensor([1.0, 1.0]))
    assert out.tolist() == [3.0, 12.0] and v.tolist() == [6.0, 12.0]
    out, jv = F.jvp(f, x, torch.tensor([1.0, 0.0]))
    assert jv.tolist() == [6.0, 0.0]
    _, hv = F.hvp(lambda v: (v ** 3).sum(), x, torch.tensor([1.0, 1.0]))
    assert hv.tolist() == [6.0, 12.0]
    jac = F.jacobian(lambda a, b: a * b, (x, torch.tensor([3.0, 4.0])))
    assert jac[0].tolist() == [[3.0, 0.0], [0.0, 4.0]]
    assert jac[1].tolist() == [[1.0, 0.0], [0.0, 2.0]]


def test_anomaly_mode_names_the_op():
    x = torch.tensor([0.0, 1.0], requires_grad=True)
    with pytest.warns(UserWarning):
        with autograd.detect_anomaly():
            y = (x.sqrt() * 0).sum()  # d sqrt(x)/dx at 0 is inf, times 0: nan
            # raised by backward() itself, as in PyTorch (anomaly mode checks each op's
            # gradients as it computes them)
            with pytest.raises(RuntimeError, match="Function 'SqrtBackward0' returned nan "
                                                   "values in its 0th output"):
                y.backward()


def test_backward_is_recorded_not_run():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = False
    try:
        torch.sync()
        w = torch.ones(3, requires_grad=True)
        loss = (w * 2).sum()
        loss.backward()
        assert w.grad._nd.value is None  # pending until observed
        assert w.grad.tolist() == [2.0, 2.0, 2.0]
    finally:
        torch.runtime.config["eager"] = old


def test_repeated_training_step_hits_the_program_cache():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = False
    try:
        w = torch.ones(8, requires_grad=True)
        x = torch.linspace(-1, 1, 8)
        torch.sync()
        before = torch.runtime.stats["programs"]
        for _ in range(6):
            loss = ((w * x - 1) ** 2).sum()
            loss.backward()
            with torch.no_grad():
                w -= 0.1 * w.grad
                w.grad.zero_()
            loss.item()
        assert torch.runtime.stats["programs"] - before <= 2
    finally:
        torch.runtime.config["eager"] = old


def test_memory_is_released_after_backward():
    w = torch.ones(4, requires_grad=True)
    x = torch.linspace(-1, 1, 4)

    def step():
        y = ((w * x + 1) ** 2).sum()
        y.backward()
        with torch.no_grad():
            w.grad.zero_()
        y.item()

    for _ in range(50):
        step()
    gc.collect()
    base = len(jax.live_arrays())
    for _ in range(1000):
        step()
    gc.collect()
    assert len(jax.live_arrays()) <= base + 5


def test_gradients_at_kinks_follow_pytorch(mode):
    # PyTorch: d|x|/dx = sign(x) (0 at 0); relu'(0) = 0; clamp passes the gradient at its bounds
    for f, want in [(lambda x: x.abs(), [0.0, 1.0, -1.0]), (lambda x: x.relu(), [0.0, 1.0, 0.0]),
                    (lambda x: x.clamp(0, 1), [1.0, 1.0, 0.0])]:
        x = torch.tensor([0.0, 1.0, -2.0], requires_grad=True)
        f(x).sum().backward()
        assert x.grad.tolist() == want


def test_region_shared_between_retained_tensor_and_root_runs_once():
    a = torch.ones(2, requires_grad=True)
    w = a * 3
    y = w * 2
    y.retain_grad()
    z = y + w  # w is reached from z's region and from y's
    z.sum().backward()
    assert a.grad.tolist() == [9.0, 9.0]
    assert y.grad.tolist() == [1.0, 1.0]


def test_several_roots_sharing_history():
    b = torch.ones(2, requires_grad=True)
    u = b * 2
    torch.autograd.backward([(u * 3).sum(), (u * 4).sum()])
    assert b.grad.tolist() == [14.0, 14.0]


def test_grad_of_several_outputs_of_one_multi_output_op():
    torch.manual_seed(0)
    x = torch.randn(4, 3, requires_grad=True)
    q, r = torch.linalg.qr(x)
    (g,) = torch.autograd.grad([q, r], [x], grad_outputs=[torch.ones(4, 3), torch.ones(3, 3)])
    q, r = torch.linalg.qr(x)
    (expected,) = torch.autograd.grad(q.sum() + r.sum(), [x])
    assert torch.allclose(g, expected, atol=1e-6)


@pytest.mark.parametrize("special", [0, 1])
def test_backward_without_hooks_anywhere_skips_the_boundary_walk(special, monkeypatch):
    # while no GradFn has ever had a hook, retained grad or custom backward, backward() skips
    # looking for region boundaries; both paths give the same gradients, also with several
    # roots sharing a subgraph
    from jtorch.autograd import graph as ag
    monkeypatch.setattr(ag, "special_fns", [special])
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor(0.5, requires_grad=True)
    h = (x * w).tanh()
    a, b = (h * 2).sum(), (h ** 2).mean()
    torch.autograd.backward([a, b])
    hv = np.tanh(np.array([1.0, 2.0, 3.0]) * 0.5)
    dh = 2 + 2 * hv / 3
    np.testing.assert_allclose(x.grad.numpy(), dh * (1 - hv ** 2) * 0.5, rtol=1e-6)
    np.testing.assert_allclose(w.grad.item(), np.sum(dh * (1 - hv ** 2) * [1, 2, 3]),
                               rtol=1e-6)
    assert ag.special_fns[0] == special
    h2 = (x * w).exp()
    h2.register_hook(lambda g: g * 0)
    assert ag.special_fns[0] == special + 1


def test_grad_fn_names_follow_pytorchs_camel_case_and_overloads():
    x = torch.tensor([0.5], requires_grad=True)
    assert torch.log1p(x).grad_fn.name() == "Log1PBackward0"
    assert torch.deg2rad(x).grad_fn.name() == "Deg2RadBackward0"
    assert torch.exp2(x).grad_fn.name() == "Exp2Backward0"
    assert torch.xlogy(x, 2.0).grad_fn.name() == "XlogyBackward2"
    assert torch.xlogy(2.0, x).grad_fn.name() == "XlogyBackward1"
    assert torch.xlogy(x, x).grad_fn.name() == "XlogyBackward0"
    assert torch.round(x).grad_fn.name() == "RoundBackward0"
    assert torch.round(x, decimals=0).grad_fn.name() == "RoundBackward1"


def test_float_of_a_tensor_that_requires_grad_warns_once_per_process():
    """PyTorch warns (once) when float() converts a tensor that requires grad; item(), int()
    and formatting do not warn."""
    import warnings
    from jtorch import _tensor
    saved = list(_tensor._warned_float)
    _tensor._warned_float.clear()
    try:
        w = torch.tensor(1.5, requires_grad=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert (w * 2).item() == 3.0 and int(w * 2) == 3 and f"{w * 2:.1f}" == "3.0"
            assert caught == []
            assert float(w * 2) == 3.0 and float(w) == 1.5
        assert [str(c.message).splitlines()[0] for c in caught] == [
            "Converting a tensor with requires_grad=True to a scalar may lead to unexpected "
            "behavior."]
    finally:
        _tensor._warned_float[:] = saved or [True]
