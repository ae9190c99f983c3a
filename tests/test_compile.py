"""The compile layer: Module calls as one captured node, jtorch.compile, graph breaks, counters.

Parity of captured and op-by-op execution for the nn layers runs in every nn parity test (the
`mode` fixture's deferred mode replays each module call's captured node); here: whole training
runs compared both ways, the cache key (what recompiles and what does not), state written back,
graph breaks and their warnings, and the observability API."""
import os
import re
import subprocess
import sys
import warnings

import numpy as np
import pytest

import jtorch
import jtorch.nn as nn
import jtorch.nn.functional as F
import jtorch.optim as optim
from jtorch import compiler
from jtorch.compiler._state import state


def _np(t):
    return t.detach().numpy()


def _run_both(fn):
    """fn() with module capture on and off; both results."""
    on = fn()
    with _capture_off():
        off = fn()
    return on, off


class _capture_off:
    def __enter__(self):
        self.saved, state.enabled = state.enabled, False

    def __exit__(self, *exc):
        state.enabled = self.saved


def _assert_same(a, b, tol=1e-6):
    if isinstance(a, (list, tuple)):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _assert_same(x, y, tol)
    elif isinstance(a, dict):
        assert a.keys() == b.keys()
        for k in a:
            _assert_same(a[k], b[k], tol)
    elif isinstance(a, np.ndarray):
        np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    else:
        assert a == pytest.approx(b, rel=tol, abs=tol)


# ---- training runs compiled and op by op ------------------------------------------------------
class _Net(nn.Module):
    """Conv, BatchNorm, dropout, a stored tensor attribute, an embedding (RNNs and the other
    layers run captured in their own parity tests)."""

    def __init__(self):
        super().__init__()
        # no conv bias before BatchNorm: its gradient is pure rounding noise, which Adam would
        # scale up to lr-sized steps that differ run to run
        self.conv = nn.Conv2d(2, 4, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(0.25)
        self.emb = nn.Embedding(7, 4)
        self.norm = nn.LayerNorm(4)
        self.head = nn.Linear(4 * 4 * 4 + 4, 3)
        self.last_features = None

    def forward(self, img, tokens):
        h = self.drop(F.relu(self.bn(self.conv(img)))).flatten(1)
        s = self.norm(self.emb(tokens).mean(1))
        self.last_features = s
        return self.head(torch_cat([h, s]))


def torch_cat(xs):
    return jtorch.cat(xs, dim=1)


def _train(opt_name, steps=4, compiled=False, sched=False):
    jtorch.manual_seed(0)
    model = _Net()
    opt = optim.Adam(model.parameters(), 1e-2) if opt_name == "adam" else \
        optim.SGD(model.parameters(), 0.05, momentum=0.9)
    scheduler = optim.lr_scheduler.CosineAnnealingLR(opt, steps) if sched else None
    img = jtorch.randn(3, 2, 4, 4)
    tokens = jtorch.randint(0, 7, (3, 5))
    target = jtorch.tensor([0, 2, 1])
    crit = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = crit(model(img, tokens), target)
        loss.backward()
        opt.step()
        if scheduler is not None:
            scheduler.step()
        return loss

    if compiled:
        step = jtorch.compile(step)
    losses = []
    for i in range(steps):
        if i == steps - 2:
            model.eval()
        if i == steps - 1:
            model.train()
        losses.append(step().item())
    return {"losses": losses,
            "state": {k: _np(v) for k, v in model.state_dict().items()},
            "features": _np(model.last_features),
            "grads": {n: _np(p.grad) for n, p in model.named_parameters()}}


def test_training_runs_match_op_by_op():
    """Adam and SGD+momentum with a cosine schedule, train/eval switches: captured module
    calls, op-by-op calls and a jtorch.compile'd step agree."""
    on, off = _run_both(lambda: _train("adam"))
    _assert_same(on, off, tol=1e-5)
    assert on["state"]["bn.num_batches_tracked"] == 3  # train steps only
    compiled, off = _run_both(lambda: _train("sgd", compiled=True, sched=True))
    _assert_same(compiled, off, tol=1e-5)
    _assert_same(compiled, _train("sgd", compiled=False, sched=True), tol=1e-5)


def test_gradient_accumulation_across_compiled_calls():
    def run(compiled):
        jtorch.manual_seed(1)
        model = nn.Linear(4, 2)
        opt = optim.SGD(model.parameters(), 0.1)
        xs = [jtorch.randn(3, 4) for _ in range(4)]

        def accumulate(x):
            loss = model(x).pow(2).sum()
            loss.backward()
            return loss

        if compiled:
            accumulate = jtorch.compile(accumulate)
        for i in range(0, 4, 2):
            opt.zero_grad()
            accumulate(xs[i])
            accumulate(xs[i + 1])
            opt.step()
        return _np(model.weight), _np(model.bias)

    _assert_same(run(True), run(False))


# ---- what compiles and what does not --------------------------------------------------------
def _counts(name):
    return compiler.compile_counts().get(name, 0)


class _Small(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.drop = nn.Dropout(0.5)

    def forward(self, x):
        return self.drop(self.fc(x))


def test_train_eval_toggle_captures_once_each():
    m = _Small()
    x = jtorch.randn(2, 3)
    before = _counts("_Small.forward")
    for _ in range(3):
        m.train()
        m(x)
        m.eval()
        m(x)
    assert _counts("_Small.forward") - before == 2


def test_parameter_values_and_batch_size():
    m = _Small().eval()
    x = jtorch.randn(2, 3)
    m(x)
    before = _counts("_Small.forward")
    with jtorch.no_grad():
        m.fc.weight.mul_(2.0)
        m.fc.bias.copy_(jtorch.ones(4))
    y = m(x)  # changed values: no recompile, and the new values are used
    np.testing.assert_allclose(_np(y), _np(x @ m.fc.weight.T + m.fc.bias), rtol=1e-6)
    assert _counts("_Small.forward") == before
    m(jtorch.randn(5, 3))
    m(jtorch.randn(5, 3))
    assert _counts("_Small.forward") == before + 1  # a new batch size: exactly one more
    m(x)
    assert _counts("_Small.forward") == before + 1


def test_grad_mode_and_requires_grad_are_in_the_key():
    m = _Small().eval()
    x = jtorch.randn(2, 3)
    y = m(x)
    assert y.requires_grad and y.grad_fn is not None
    with jtorch.no_grad():
        z = m(x)
    assert not z.requires_grad
    m.fc.weight.requires_grad_(False)
    m.fc.bias.requires_grad_(False)
    w = m(x)
    assert not w.requires_grad
    np.testing.assert_allclose(_np(w), _np(y), rtol=1e-6)


def test_learning_rate_schedule_compiles_once():
    jtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    opt = optim.SGD(model.parameters(), 0.1, momentum=0.9)
    sched = optim.lr_scheduler.CosineAnnealingLR(opt, 100)
    x, y = jtorch.randn(8, 4), jtorch.randn(8, 1)

    @jtorch.compile
    def step():
        opt.zero_grad()
        loss = F.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        sched.step()
        return loss

    for _ in range(3):
        step()
    with compiler.max_compiles(0):
        for _ in range(97):
            step()
    assert opt.param_groups[0]["lr"] == pytest.approx(0.0, abs=1e-9)


def test_one_program_per_step_with_item():
    model = nn.Linear(4, 2)
    opt = optim.Adam(model.parameters())
    x = jtorch.randn(3, 4)
    stats = jtorch.runtime.stats
    for _ in range(4):
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.step()
        loss.item()
    runs0 = stats["fused_runs"] + stats["op_by_op_runs"]
    programs0 = stats["programs"]
    for _ in range(5):
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.step()
        loss.item()
    assert stats["fused_runs"] + stats["op_by_op_runs"] - runs0 == 5
    assert stats["programs"] == programs0


def test_max_compiles_raises():
    m = _Small()
    with pytest.raises(RuntimeError, match="more than 0 compilations"):
        with compiler.max_compiles(0):
            m(jtorch.randn(7, 3))


def test_recompile_log_says_why(capsys):
    m = _Small()
    compiler.set_log_recompiles(True)
    try:
        m(jtorch.randn(2, 3))
        m(jtorch.randn(6, 3))
        m.eval()
        m(jtorch.randn(6, 3))
    finally:
        compiler.set_log_recompiles(False)
    err = capsys.readouterr().err
    assert re.search(r"_Small.forward \(#\d+\): first call", err)
    assert "new argument signature" in err
    assert "new module structure, training flag" in err
    assert compiler.compile_log()[-1].endswith("new module structure, training flag, "
                                               "attributes or hooks")


# ---- state written back -----------------------------------------------------------------------
def test_dropout_masks_differ_and_follow_the_seed():
    m = nn.Sequential(nn.Linear(6, 32), nn.Dropout(0.5))

    def masks():
        jtorch.manual_seed(3)
        return [_np(m(jtorch.ones(1, 6))) == 0 for _ in range(4)]

    a = masks()
    b = masks()
    with _capture_off():
        c = masks()
    for x, y, z in zip(a, b, c):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
    assert not all((a[i] == a[i + 1]).all() for i in range(3))
    # the generator advanced exactly as op by op: the next draw agrees too
    jtorch.manual_seed(3)
    for _ in range(4):
        m(jtorch.ones(1, 6))
    r1 = jtorch.rand(3)
    jtorch.manual_seed(3)
    with _capture_off():
        for _ in range(4):
            m(jtorch.ones(1, 6))
    np.testing.assert_array_equal(_np(r1), _np(jtorch.rand(3)))


def test_batchnorm_running_stats_written_back():
    def run():
        jtorch.manual_seed(0)
        bn = nn.BatchNorm1d(3, momentum=None)
        xs = [jtorch.randn(4, 3) for _ in range(5)]
        for x in xs:
            bn(x)
        return _np(bn.running_mean), _np(bn.running_var), bn.num_batches_tracked.item()

    on, off = _run_both(run)
    _assert_same(on, off)
    assert on[2] == 5


class _Stores(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.register_buffer("calls", jtorch.zeros((), dtype=jtorch.int64))
        self.attn = jtorch.zeros(2, 2)

    def forward(self, x):
        self.calls += 1
        h = self.fc(x)
        self.attn = h.softmax(-1)
        x.mul_(2)  # an in-place write to the argument
        return h


def test_buffers_attributes_and_arguments_written_back():
    m = _Stores()
    for i in range(1, 4):
        x = jtorch.ones(2, 2) * i
        h = m(x)
        np.testing.assert_allclose(_np(x), 2.0 * i)
        np.testing.assert_allclose(_np(m.attn), _np(h.softmax(-1)), rtol=1e-6)
    assert m.calls.item() == 3


# ---- graph breaks -----------------------------------------------------------------------------
class _Reads(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        h = self.fc(x)
        if h.sum() > 0:  # a value read: graph break
            return h
        return -h


def test_value_read_is_a_graph_break_with_one_warning():
    m = _Reads()
    x = jtorch.randn(2, 3)
    with pytest.warns(UserWarning, match=r"_Reads.forward runs op by op .* reads a tensor's "
                                         r"value .*test_compile.py:\d+"):
        y1 = m(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y2 = m(x)
        y3 = m(-x)
    with _capture_off():
        ref = m(-x)
    np.testing.assert_allclose(_np(y1), _np(y2))
    np.testing.assert_allclose(_np(y3), _np(ref))


class _Prints(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)

    def forward(self, x):
        print("forward", tuple(x.shape))
        return self.fc(x)


def test_printing_forward_prints_every_call(capsys):
    m = _Prints()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            m(jtorch.ones(1, 2))
    assert capsys.readouterr().out == "forward (1, 2)\n" * 3


class _Counts(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 2)
        self.calls = 0

    def forward(self, x):
        self.calls += 1
        return self.fc(x)


def test_python_attribute_updates_keep_counting():
    m = _Counts()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(5):
            m(jtorch.ones(1, 2))
    assert m.calls == 5


def test_forward_hook_collecting_features_runs_every_call():
    m = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    features = []
    m[0].register_forward_hook(lambda mod, inp, out: features.append(out))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        outs = [m(jtorch.ones(1, 2) * i) for i in range(3)]
    assert len(features) == 3
    for i, (f, o) in enumerate(zip(features, outs)):
        np.testing.assert_allclose(_np(f.relu()), _np(o))


_GLOBAL = jtorch.ones(2)


class _Global(nn.Module):
    def forward(self, x):
        return x + _GLOBAL


def test_reading_a_global_tensor_is_a_graph_break():
    m = _Global()
    with pytest.warns(UserWarning, match="not a parameter, buffer"):
        m(jtorch.zeros(2))
    _GLOBAL.add_(1)  # a captured node would have missed this
    np.testing.assert_allclose(_np(m(jtorch.zeros(2))), [2.0, 2.0])
    _GLOBAL.sub_(1)


class _Masks(nn.Module):
    def forward(self, x):
        return x[x > 0].sum()


def test_boolean_mask_is_a_graph_break():
    m = _Masks()
    with pytest.warns(UserWarning, match="reads a tensor's value"):
        assert m(jtorch.tensor([1.0, -2.0, 3.0])).item() == 4.0
    assert m(jtorch.tensor([5.0, -2.0, 3.0])).item() == 8.0


def test_custom_function_in_forward_is_a_graph_break():
    class Double(jtorch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, g):
            return g * 3  # deliberately not the true derivative: the custom backward must run

    class M(nn.Module):
        def forward(self, x):
            return Double.apply(x)

    m = M()
    with pytest.warns(UserWarning, match="autograd.Function Double"):
        m(jtorch.ones(2, requires_grad=True))
    x = jtorch.ones(2, requires_grad=True)
    m(x).sum().backward()
    np.testing.assert_allclose(_np(x.grad), [3.0, 3.0])


def test_lazy_module_captures_after_materialising():
    m = nn.LazyLinear(3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no graph-break warning for the materialising call
        m(jtorch.ones(2, 5))
        y = m(jtorch.ones(2, 5))
        y2 = m(jtorch.ones(2, 5))
    np.testing.assert_allclose(_np(y), _np(y2))
    assert m.weight.shape == (3, 5)


# ---- jtorch.compile ---------------------------------------------------------------------------
def test_fullgraph_raises_at_a_graph_break():
    model = nn.Linear(2, 1)

    def step(x):
        loss = model(x).sum()
        print(loss.item())
        return loss

    with pytest.raises(RuntimeError, match=r"fullgraph=True.*graph break at .*test_compile.py"):
        jtorch.compile(step, fullgraph=True)(jtorch.ones(1, 2))


def test_graph_break_in_compiled_function_warns_and_runs(capsys):
    model = nn.Linear(2, 1)

    def step(x):
        loss = model(x).sum()
        print(round(loss.item(), 4))
        return loss * 2

    f = jtorch.compile(step)
    with pytest.warns(UserWarning, match="runs as more than one program"):
        out = f(jtorch.ones(1, 2))
    printed = float(capsys.readouterr().out)
    assert out.item() == pytest.approx(2 * printed, abs=1e-3)


def test_torch_compile_of_a_module():
    jtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh())
    cm = jtorch.compile(model)
    assert type(cm).__name__ == "OptimizedModule"
    assert cm._orig_mod is model
    assert list(cm.state_dict()) == ["_orig_mod.0.weight", "_orig_mod.0.bias"]
    assert repr(cm).startswith("OptimizedModule(\n  (_orig_mod): Sequential(")
    x = jtorch.randn(2, 3)
    np.testing.assert_allclose(_np(cm(x)), _np(model(x)), rtol=1e-6)
    model.custom_setting = 5
    assert cm.custom_setting == 5  # attributes the wrapper lacks come from the model
    assert jtorch.compile(model, disable=True) is model
    decorated = jtorch.compile(mode="max-autotune")(lambda a: a * 2)
    np.testing.assert_allclose(_np(decorated(x)), _np(x * 2))
    with pytest.raises(RuntimeError, match="must be a callable"):
        jtorch.compile(3)


def test_compiled_step_runs_one_program_per_call():
    model = nn.Linear(4, 2)
    opt = optim.SGD(model.parameters(), 0.1)
    x = jtorch.randn(3, 4)

    @jtorch.compile
    def step():
        opt.zero_grad()
        loss = model(x).sum()
        loss.backward()
        opt.step()
        return loss

    step()
    step()
    stats = jtorch.runtime.stats
    runs0 = stats["fused_runs"] + stats["op_by_op_runs"]
    for _ in range(3):
        step().item()
    assert stats["fused_runs"] + stats["op_by_op_runs"] - runs0 == 3


def test_donation_of_overwritten_state():
    """The loop's program donates the old parameter and optimizer arrays (nothing else holds
    them), never an array a user still holds."""
    import jax
    model = nn.Linear(64, 64)
    opt = optim.SGD(model.parameters(), 0.1, momentum=0.9)
    x = jtorch.randn(8, 64)
    from jtorch._runtime import graph
    n0 = len(graph.compile_log)
    for _ in range(4):
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()
    assert any("inputs donated" in line for line in graph.compile_log[n0:])
    held = model.weight._nd.value  # a user's reference to the current array
    before = np.asarray(held).copy()
    opt.zero_grad()
    model(x).sum().backward()
    opt.step()
    assert not held.is_deleted()
    np.testing.assert_array_equal(np.asarray(held), before)
    assert not model.weight._nd.value.is_deleted()
    assert jax.numpy.isfinite(model.weight._nd.value).all()


def test_donation_follows_references_taken_between_steps():
    """The donation answer remembered for a repeating step is reused only while nothing new
    refers to its inputs: a reference to a parameter's graph node or array taken between
    steps keeps that array alive and unchanged; PyTorch's detach() alias sees the update."""
    model = nn.Linear(64, 64)
    opt = optim.SGD(model.parameters(), 0.1, momentum=0.9)
    x = jtorch.randn(8, 64)

    def step():
        opt.zero_grad()
        model(x).sum().backward()
        opt.step()

    for _ in range(4):
        step()
    for hold in (lambda: model.weight._nd, lambda: opt.state[model.weight]["momentum_buffer"]._nd):
        node = hold()
        before = np.asarray(node.value).copy()
        alias = model.weight.detach()
        step()
        assert not node.value.is_deleted()
        np.testing.assert_array_equal(np.asarray(node.value), before)
        np.testing.assert_array_equal(alias.numpy(), model.weight.detach().numpy())
        del node, alias
        step()
        step()
    assert np.isfinite(model.weight.detach().numpy()).all()


# ---- switches ---------------------------------------------------------------------------------
def test_disable_and_enable():
    m = _Small()
    x = jtorch.randn(2, 3)
    before = _counts("_Small.forward")
    compiler.disable()
    try:
        m(x)
        m(x)
        assert _counts("_Small.forward") == before
        assert not compiler.is_compiling()
    finally:
        compiler.enable()
    m(x)
    assert _counts("_Small.forward") == before + 1

    @compiler.disable
    def run_plain():
        return m(jtorch.randn(9, 3))

    run_plain()
    assert _counts("_Small.forward") == before + 1


def test_environment_variable_turns_capture_off():
    code = ("import jtorch, jtorch.nn as nn; m = nn.Linear(2, 2); m(jtorch.ones(1, 2)); "
            "print(jtorch.compiler.compile_counts())")
    env = dict(os.environ, JTORCH_COMPILE="0")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "{}"


def test_persistent_cache_setting(tmp_path):
    import jax
    old = jax.config.jax_compilation_cache_dir
    try:
        compiler.set_persistent_cache(tmp_path)
        assert jax.config.jax_compilation_cache_dir == str(tmp_path)
    finally:
        jax.config.update("jax_compilation_cache_dir", old)


class _NoGradInside(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 3)

    def forward(self, x):
        h = self.fc(x)
        with jtorch.no_grad():
            scale = h.abs().max()
        return (h / scale + h.detach() ** 2).sum()


def test_no_grad_and_detach_inside_forward_stop_the_gradient():
    def run():
        jtorch.manual_seed(0)
        m = _NoGradInside()
        x = jtorch.randn(4, 3)
        grads = []
        for _ in range(3):
            m.zero_grad()
            m(x).backward()
            grads.append(_np(m.fc.weight.grad))
        return grads

    on, off = _run_both(run)
    _assert_same(on, off)


def test_models_built_alike_share_compiled_programs():
    def make():
        return nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 1))

    x = jtorch.randn(3, 5)
    m1, m2 = make(), make()
    jtorch.sync()
    for _ in range(3):
        m1(x).sum().backward()
    jtorch.sync()
    programs = jtorch.runtime.stats["programs"]
    for _ in range(3):
        m2(x).sum().backward()
    jtorch.sync()
    assert jtorch.runtime.stats["programs"] == programs


def test_untying_and_retying_shared_parameters_selects_another_capture():
    """A captured call reads a tensor two modules share once; replacing one of them (breaking
    or restoring the tie) must change what the compiled call reads."""
    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(2, 2, bias=False)
            self.b = nn.Linear(2, 2, bias=False)
            self.b.weight = self.a.weight

        def forward(self, x):
            return self.b(self.a(x))

    t = Tied()
    x = jtorch.ones(1, 2)
    w = _np(t.a.weight)
    tied = _np(t(x))
    np.testing.assert_allclose(tied, np.ones((1, 2)) @ w.T @ w.T, rtol=1e-6)
    t(x)
    t.b.weight = nn.Parameter(jtorch.zeros(2, 2))
    np.testing.assert_array_equal(_np(t(x)), np.zeros((1, 2)))
    t.b.weight = t.a.weight
    np.testing.assert_allclose(_np(t(x)), tied, rtol=1e-6)


def test_value_checks_are_replayed_by_captured_calls():
    """An index check recorded inside a captured forward is an output of the captured node:
    later calls raise too (at the sync, naming the line) instead of clamping silently."""
    m = nn.Sequential(nn.Embedding(5, 2))
    assert m(jtorch.tensor([1]) * 1).shape == (1, 2)
    before = compiler.compile_counts().get("Sequential.forward")
    with pytest.raises(IndexError, match=r"index out of range in self \(recorded by .*"
                                         r"test_compile.py"):
        m(jtorch.tensor([10]) * 1).tolist()
    assert m(jtorch.tensor([4]) * 1).shape == (1, 2)
    assert compiler.compile_counts().get("Sequential.forward") == before  # replayed, not recaptured
    with pytest.raises(IndexError, match="^index out of range in self$"):
        nn.Embedding(5, 2)(jtorch.tensor([7]))  # first call, index ready: raised at the call


class _StoresData(nn.Module):
    """d2l's BatchNorm from scratch: in eval it stores `buffer.data` back on itself."""

    def __init__(self):
        super().__init__()
        self.gamma = nn.Parameter(jtorch.ones(1, 3))
        self.moving_mean = jtorch.zeros(1, 3)

    def forward(self, x):
        mean = self.moving_mean
        if jtorch.is_grad_enabled():
            mean = 0.9 * mean + 0.1 * x.mean(dim=0)
        self.moving_mean = mean.data
        return self.gamma * (x - mean)


def test_storing_a_buffers_data_back_is_no_graph_break():
    m = _StoresData()
    x = jtorch.arange(6.).reshape(2, 3)
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # no graph-break warning in either mode
        train = [m(x) for _ in range(3)]
        with jtorch.no_grad():
            evals = [m(x) for _ in range(3)]
    np.testing.assert_allclose(_np(m.moving_mean), 0.271 * np.array([[1.5, 2.5, 3.5]]),
                               rtol=1e-6)
    np.testing.assert_allclose(_np(train[2]), _np(x) - 0.271 * np.array([1.5, 2.5, 3.5]),
                               rtol=1e-6)
    for y in evals:
        np.testing.assert_allclose(_np(y), _np(x) - _np(m.moving_mean), rtol=1e-6)


def test_a_captured_calls_check_on_its_arguments_raises_at_the_call():
    """A bad class index given to a captured loss (or an embedding) raises at the call with
    PyTorch's message on every replay, not at the next sync; a good one leaves no check
    pending, so optimizer.step() has nothing to wait for."""
    from jtorch._runtime import graph
    jtorch.manual_seed(0)
    model, crit = nn.Linear(4, 3), nn.CrossEntropyLoss()
    emb = nn.Embedding(5, 2)
    opt = optim.SGD(list(model.parameters()) + list(emb.parameters()), 0.1)
    x = jtorch.randn(5, 4)
    for step in range(6):
        y = jtorch.tensor([0, 1, 2, 1, 0])
        opt.zero_grad()
        loss = crit(model(x), y) + emb(jtorch.tensor([1, 4])).sum()
        if step >= 3:   # replays (the capturing call keeps its checks for its program)
            assert graph.pending_checks == []
        loss.backward()
        opt.step()
    with pytest.raises(IndexError, match=r"^Target 3 is out of bounds\.$"):
        crit(model(x), jtorch.tensor([0, 1, 2, 1, 3]))
    with pytest.raises(IndexError, match=r"^index out of range in self$"):
        emb(jtorch.tensor([1, 5]))
    jtorch.sync()   # nothing left to raise


def test_a_returned_view_keeps_its_layout_on_replays():
    """A forward returning a view of what it computed (MultiheadAttention's batch_first
    transpose) returns that view on every replay: the same strides, contiguity and grad_fn,
    so a dropout after it draws its mask in the same memory order as the op-by-op run."""
    class Transposed(nn.Module):
        def forward(self, x):
            return (x * 2).transpose(0, 1)

    def run():
        m = Transposed()
        x = jtorch.ones(3, 2, 4, requires_grad=True)
        seen = []
        for _ in range(4):
            h = m(x)
            jtorch.manual_seed(1)
            mask = F.dropout(h, 0.5).ne(0).int().flatten().tolist()
            seen.append((h.is_contiguous(), h.stride(), h.grad_fn.name(), h._base is not None,
                         mask))
            h.sum().backward()
        return seen, x.grad.sum().item()

    on, off = _run_both(run)
    assert on == off
    assert on[0][0][:4] == (False, (4, 8, 1), "TransposeBackward0", True)
    assert on[1] == 4 * 2 * 24

    jtorch.manual_seed(0)
    mha = nn.MultiheadAttention(8, 2, batch_first=True)
    src = jtorch.randn(4, 5, 8)
    for _ in range(3):
        out, _ = mha(src, src, src)
        assert (out.stride(), out.is_contiguous()) == ((8, 32, 1), False)
