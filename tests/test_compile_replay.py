"""jtorch.compile'd steps replaying their program without running their Python
(jtorch/compiler/_replay.py): every replayed run must match the same step run as plain Python,
every guard must catch the change it watches, and a step that does not qualify must keep
running its Python (its side effects happen every call)."""
import io
import contextlib

import numpy as np
import pytest

import jtorch
import jtorch.nn as nn
import jtorch.optim as optim
from jtorch.compiler._state import state as cstate
from conftest import usual_step

stats = jtorch.runtime.stats
RS = np.random.RandomState(0)
BATCHES = [(RS.standard_normal((16, 20)).astype(np.float32), RS.randint(0, 5, 16))
           for _ in range(8)]


def make(opt_name="adam", bn=True):
    jtorch.manual_seed(0)
    layers = [nn.Linear(20, 64), nn.ReLU(), nn.Dropout(0.2)]
    if bn:
        layers.append(nn.BatchNorm1d(64))
    layers.append(nn.Linear(64, 5))
    model = nn.Sequential(*layers)
    opt = optim.Adam(model.parameters(), 1e-2) if opt_name == "adam" else \
        optim.SGD(model.parameters(), 0.1, momentum=0.9)
    return model, nn.CrossEntropyLoss(), opt


def snapshot(model, opt):
    out = [p.detach().numpy().copy() for p in model.parameters()]
    out += [b.detach().numpy().copy() for b in model.buffers()]
    out += [p.grad.numpy().copy() for p in model.parameters() if p.grad is not None]
    for st in opt.state.values():
        out += [v.numpy().copy() for v in st.values() if isinstance(v, jtorch.Tensor)]
    return out


def assert_same(a, b):
    assert len(a) == len(b)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def train(compiled, opt_name="adam", stream="pytorch", between=None, n=8):
    """Run the usual step n times, plain or compiled; `between(i, model, opt)` runs between
    calls. Returns (losses, final state, replays)."""
    saved = jtorch.runtime.config["dropout_stream"]
    jtorch.runtime.config["dropout_stream"] = stream
    try:
        model, crit, opt = make(opt_name)
        step = usual_step(model, crit, opt)
        fn = jtorch.compile(step) if compiled else step
        r0 = stats["replays"]
        losses = []
        for i in range(n):
            x, y = BATCHES[i % len(BATCHES)]
            losses.append(fn(jtorch.tensor(x), jtorch.tensor(y)).item())
            if between is not None:
                between(i, model, opt)
        return losses, snapshot(model, opt), stats["replays"] - r0
    finally:
        jtorch.runtime.config["dropout_stream"] = saved


@pytest.mark.parametrize("opt_name", ["adam", "sgd"])
@pytest.mark.parametrize("stream", ["pytorch", "threefry"])
def test_replayed_steps_match_plain_python(opt_name, stream):
    la, sa, ra = train(False, opt_name, stream)
    lb, sb, rb = train(True, opt_name, stream)
    assert ra == 0 and rb == 6   # a first call creates optimizer state, the second traces
    assert la == lb
    assert_same(sa, sb)


def test_learning_rate_changes_and_schedulers_take_effect():
    def between(i, model, opt):
        if i == 3:
            opt.param_groups[0]["lr"] = 0.05
    la, sa, _ = train(False, between=between)
    lb, sb, rb = train(True, between=between)
    assert rb >= 5
    assert la == lb
    assert_same(sa, sb)

    def run(compiled):
        model, crit, opt = make("sgd")
        sched = optim.lr_scheduler.CosineAnnealingLR(opt, 6)
        step = usual_step(model, crit, opt)
        fn = jtorch.compile(step) if compiled else step
        programs0 = stats["programs"]
        out = []
        for x, y in BATCHES:
            out.append(fn(jtorch.tensor(x), jtorch.tensor(y)).item())
            sched.step()
        return out, snapshot(model, opt), stats["programs"] - programs0
    a, sa, _ = run(False)
    b, sb, programs = run(True)
    assert a == b
    assert_same(sa, sb)
    assert programs <= 2  # the schedule never recompiles


def test_state_changed_between_calls_is_seen():
    def between(i, model, opt):
        if i == 2:
            with jtorch.no_grad():
                model[0].weight.mul_(0.5)      # an in-place write between calls
        if i == 4:
            model[4].bias.data = jtorch.zeros(5)   # a new value through .data
        if i == 5:
            jtorch.manual_seed(123)           # dropout masks follow the new seed
    la, sa, _ = train(False, between=between)
    lb, sb, rb = train(True, between=between)
    assert rb >= 4
    assert la == lb
    assert_same(sa, sb)


def test_optimizer_state_dict_reload_between_calls():
    def between(i, model, opt):
        if i == 3:
            opt.load_state_dict(opt.state_dict())
    la, sa, _ = train(False, between=between)
    lb, sb, _ = train(True, between=between)
    assert la == lb
    assert_same(sa, sb)


def test_gradient_accumulation_and_zero_grad_outside():
    def run(compiled, set_to_none):
        model, crit, opt = make("sgd", bn=False)

        def accumulate(x, y):
            loss = crit(model(x), y)
            loss.backward()
            return loss
        fn = jtorch.compile(accumulate) if compiled else accumulate
        out = []
        for i, (x, y) in enumerate(BATCHES):
            out.append(fn(jtorch.tensor(x), jtorch.tensor(y)).item())
            if i % 2 == 1:
                opt.step()
                opt.zero_grad(set_to_none=set_to_none)
        return out, snapshot(model, opt)
    for set_to_none in (True, False):
        a, sa = run(False, set_to_none)
        r0 = stats["replays"]
        b, sb = run(True, set_to_none)
        assert stats["replays"] > r0
        assert a == b
        assert_same(sa, sb)


def test_replayed_results_look_like_eager_ones():
    model, crit, opt = make()
    x, y = (jtorch.tensor(a) for a in BATCHES[0])

    @jtorch.compile
    def step():
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        return loss
    grads = []
    for _ in range(4):
        loss = step()
        grads.append(model[0].weight.grad)
    assert stats["replays"] > 0
    assert loss.requires_grad and not loss.is_leaf
    assert type(loss.grad_fn).__name__ == "NllLossBackward0"
    assert repr(loss).endswith("grad_fn=<NllLossBackward0>)")
    # zero_grad() dropped the old .grad each call: a new tensor each time, as in PyTorch
    assert len({id(g) for g in grads}) == 4
    assert not np.array_equal(grads[-1].numpy(), grads[-2].numpy())
    with pytest.raises(RuntimeError, match="backward through the graph a second time"):
        loss.backward()
    assert model[3].num_batches_tracked.item() == 4


def test_new_argument_signature_traces_again():
    model, crit, opt = make(bn=False)
    step = jtorch.compile(usual_step(model, crit, opt))
    x, y = BATCHES[0]
    for _ in range(3):
        step(jtorch.tensor(x), jtorch.tensor(y))
    r0 = stats["replays"]
    for _ in range(3):   # a new batch size: traced (its module calls captured), then replayed
        step(jtorch.tensor(x[:8]), jtorch.tensor(y[:8]))
    assert stats["replays"] - r0 >= 1
    r1 = stats["replays"]
    step(jtorch.tensor(x), jtorch.tensor(y))           # the first signature still replays
    assert stats["replays"] - r1 == 1


def test_globals_and_python_scalars_are_guarded():
    g = {}
    exec("def step():\n"
         "    opt.zero_grad()\n"
         "    loss = crit(model(xb), yb) * scale\n"
         "    loss.backward()\n"
         "    opt.step()\n"
         "    return loss\n", g)
    model, crit, opt = make(bn=False)
    g.update(model=model, crit=crit, opt=opt, scale=1.0)
    step = jtorch.compile(g["step"])
    seen = []
    for i, (x, y) in enumerate(BATCHES):
        g["xb"], g["yb"] = jtorch.tensor(x), jtorch.tensor(y)   # rebound every call
        if i == 4:
            g["scale"] = 0.0   # a new Python number: the step must not keep the old one
        seen.append(step().item())
    model2, crit2, opt2 = make(bn=False)
    g2 = dict(model=model2, crit=crit2, opt=opt2)
    exec("def step():\n"
         "    opt.zero_grad()\n"
         "    loss = crit(model(xb), yb) * scale\n"
         "    loss.backward()\n"
         "    opt.step()\n"
         "    return loss\n", g2)
    expect = []
    for i, (x, y) in enumerate(BATCHES):
        g2["xb"], g2["yb"] = jtorch.tensor(x), jtorch.tensor(y)
        g2["scale"] = 0.0 if i >= 4 else 1.0
        expect.append(g2["step"]().item())
    assert seen == expect
    assert seen[5] == 0.0


def test_module_structure_and_requires_grad_changes_retrace():
    def between(i, model, opt):
        if i == 2:
            model[0].bias.requires_grad_(False)
        if i == 4:
            model[2].p = 0.5     # a module attribute: its capture and the step retrace
    la, sa, _ = train(False, between=between)
    lb, sb, rb = train(True, between=between)
    assert rb >= 2
    assert la == lb
    assert_same(sa, sb)


def test_hooks_registered_later_run():
    calls = []

    def between(i, model, opt):
        if i == 3:
            model[0].weight.register_hook(lambda g: calls.append(1))
    la, sa, _ = train(False, between=between)
    n_plain = len(calls)
    calls.clear()
    lb, sb, _ = train(True, between=between)
    assert len(calls) == n_plain == 4
    assert la == lb
    assert_same(sa, sb)


@pytest.mark.parametrize("compiled", [False, True])
def test_arrays_held_elsewhere_are_not_donated(compiled):
    """A NumPy array read from a parameter keeps its values: the program may not donate (and
    so overwrite) the buffer behind it; a detached view follows the parameter, as in PyTorch."""
    jtorch.manual_seed(0)
    model = nn.Linear(64, 64)
    opt = optim.SGD(model.parameters(), 0.1)
    x = jtorch.randn(8, 64)

    def step():
        opt.zero_grad()
        loss = model(x).square().mean()
        loss.backward()
        opt.step()
        return loss
    fn = jtorch.compile(step) if compiled else step
    for _ in range(3):
        fn()
    r0 = stats["replays"]
    held = model.weight.detach().numpy()
    before = held.copy()
    view = model.weight.detach()
    fn()
    fn()
    np.testing.assert_array_equal(held, before)
    np.testing.assert_array_equal(view.numpy(), model.weight.detach().numpy())
    assert not np.array_equal(view.numpy(), before)
    del held, view
    fn()
    fn()
    assert (stats["replays"] > r0) == compiled


def test_value_checks_raise_from_replays():
    model, crit, opt = make(bn=False)
    step = jtorch.compile(usual_step(model, crit, opt))
    x, y = BATCHES[0]
    for _ in range(3):
        step(jtorch.tensor(x), jtorch.tensor(y))
    bad = y.copy()
    bad[3] = 7
    r0 = stats["replays"]
    # a check on the step's arguments runs before the program, as PyTorch's at the call: its
    # own message, and nothing written
    with pytest.raises(IndexError) as info:
        step(jtorch.tensor(x), jtorch.tensor(bad))
    assert str(info.value) == "Target 7 is out of bounds."
    del info   # (its traceback holds the arrays the replay gathered: the next would not donate)
    step(jtorch.tensor(x), jtorch.tensor(y))
    assert stats["replays"] == r0 + 1
    model2, crit2, opt2 = make(bn=False)   # the failed call changed nothing
    plain = usual_step(model2, crit2, opt2)
    for _ in range(4):
        plain(jtorch.tensor(x), jtorch.tensor(y))
    assert_same(snapshot(model, opt), snapshot(model2, opt2))


def test_value_checks_on_state_and_computed_values_raise_from_replays():
    model, crit, opt = make(bn=False)
    x, y = (jtorch.tensor(a) for a in BATCHES[0])
    table = jtorch.arange(5.)

    def step():   # the target is state the step loads; the gather index is computed
        opt.zero_grad()
        out = model(x)
        loss = crit(out, y) + table.gather(0, out.argmax(1)).sum() * 0
        loss.backward()
        opt.step()
        return loss
    fn = jtorch.compile(step)
    r0 = stats["replays"]
    for _ in range(4):
        fn()
    assert stats["replays"] == r0 + 2
    y[2] = 9   # written in place: the replay checks the new values before its program
    with pytest.raises(IndexError) as info:
        fn()
    assert str(info.value) == "Target 9 is out of bounds."
    y[2] = 1
    fn()
    table.resize_(2)   # now the computed index can be out of range: raised as the step ends
    with pytest.raises((IndexError, RuntimeError), match="recorded by"):
        for _ in range(3):
            fn()


def _side_effect_steps(model, crit, opt, log, x, y):
    def prints():
        opt.zero_grad()
        loss = crit(model(x), y)
        print("step")
        loss.backward()
        opt.step()
        return loss

    def appends():
        opt.zero_grad()
        loss = crit(model(x), y)
        log.append(loss)
        loss.backward()
        opt.step()
        return loss

    def branches():
        opt.zero_grad()
        loss = crit(model(x), y)
        if log is not None:
            loss = loss * 1.0
        loss.backward()
        opt.step()
        return loss

    def helper(v):
        return crit(model(v), y)

    def calls_helper():
        opt.zero_grad()
        loss = helper(x)
        loss.backward()
        opt.step()
        return loss
    return [prints, appends, branches, calls_helper]


@pytest.mark.parametrize("which", range(4))
def test_steps_that_need_their_python_keep_running_it(which):
    model, crit, opt = make(bn=False)
    log = []
    x, y = (jtorch.tensor(a) for a in BATCHES[0])
    fn = jtorch.compile(_side_effect_steps(model, crit, opt, log, x, y)[which])
    r0 = stats["replays"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        losses = [fn().item() for _ in range(5)]
    assert stats["replays"] == r0
    if which == 0:
        assert out.getvalue().count("step") == 5
    if which == 1:
        assert len(log) == 5
    model2, crit2, opt2 = make(bn=False)
    plain = _side_effect_steps(model2, crit2, opt2, [], x, y)[which]
    with contextlib.redirect_stdout(io.StringIO()):
        expect = [plain().item() for _ in range(5)]
    assert losses == expect
    assert "runs its Python each call" in "\n".join(cstate.replay_log)


def test_scheduler_step_inside_the_step_runs_python():
    def run(compiled):
        model, crit, opt = make("sgd", bn=False)
        sched = optim.lr_scheduler.StepLR(opt, 2, 0.5)
        x, y = (jtorch.tensor(a) for a in BATCHES[0])

        def step():
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            sched.step()
            return loss
        fn = jtorch.compile(step) if compiled else step
        return [fn().item() for _ in range(6)], opt.param_groups[0]["lr"]
    r0 = stats["replays"]
    assert run(True) == run(False)
    assert stats["replays"] == r0


@pytest.mark.parametrize("loss", ["cross_entropy", "nll"])
def test_captured_loss_module_still_checks_targets(loss):
    """A loss Module captured with valid targets raises for a bad one later (it used to give
    nan: the capture ran the range check on the host and kept no check for its replays)."""
    out = jtorch.randn(4, 5, requires_grad=True)
    crit = nn.CrossEntropyLoss() if loss == "cross_entropy" else nn.NLLLoss()
    for _ in range(3):
        crit(out, jtorch.tensor([0, 1, 2, 3])).item()
    with pytest.raises(IndexError, match="Target 7 is out of bounds"):
        crit(out, jtorch.tensor([0, 1, 7, 2])).item()
    assert np.isfinite(crit(out, jtorch.tensor([0, 1, 2, 3])).item())


def test_train_eval_toggle_and_no_grad_change_what_replays():
    def run(compiled):
        model, crit, opt = make()
        x, y = (jtorch.tensor(a) for a in BATCHES[0])

        def step():
            opt.zero_grad()
            loss = crit(model(x), y)
            loss.backward()
            opt.step()
            return loss

        def evaluate():
            return crit(model(x), y)
        fstep = jtorch.compile(step) if compiled else step
        feval = jtorch.compile(evaluate) if compiled else evaluate
        out = []
        for i in range(6):
            model.train()
            out.append(fstep().item())
            model.eval()
            with jtorch.no_grad():
                out.append(feval().item())
            out.append(feval().item())
        return out, snapshot(model, opt)
    a, sa = run(False)
    r0 = stats["replays"]
    b, sb = run(True)
    assert stats["replays"] - r0 >= 8
    assert a == b
    assert_same(sa, sb)


def test_many_argument_signatures_stay_bounded():
    model = nn.Linear(3, 1)

    @jtorch.compile
    def f(x, scale):
        return model(x) * scale
    for i in range(300):
        f(jtorch.ones(2, 3), float(i))
    assert len(f._entries) <= 256


def test_prefetched_dropout_masks_keep_pytorchs_stream():
    """Replays draw the next call's masks ahead on a copy of the engine: draws, states and
    seeds between calls must see (and change) the stream exactly as without replay."""
    def run(compiled):
        seen = []

        def between(i, model, opt):
            if i == 3:
                seen.append(jtorch.rand(3).numpy())      # a draw between calls
            if i == 4:
                seen.append(jtorch.get_rng_state().numpy())
            if i == 5:
                jtorch.set_rng_state(jtorch.get_rng_state())
        losses, st, replays = train(compiled, between=between)
        return losses, st, seen, replays
    a, sa, seen_a, _ = run(False)
    b, sb, seen_b, replays = run(True)
    assert replays >= 4
    assert a == b
    assert_same(sa, sb)
    assert_same(seen_a, seen_b)


def test_why_a_function_cannot_replay():
    model, crit, opt = make(bn=False)

    def loops(x):
        for _ in range(2):
            x = model(x)
        return x

    def with_block(x):
        with jtorch.no_grad():
            return model(x)

    def defaults(x, m=model):
        return m(x)

    def stores(x):
        model.last = x
        return model(x)
    whys = {f.__name__: jtorch.compile(f).replay_why for f in (loops, with_block, defaults, stores)}
    assert "ITER" in whys["loops"]
    assert whys["with_block"] is None   # `with no_grad():` qualifies (see the next test)
    assert "default argument" in whys["defaults"]
    assert "STORE_ATTR" in whys["stores"]
    assert jtorch.compile(print).replay_why == "it is not a plain Python function"
    model2 = nn.Linear(5, 5)
    assert jtorch.compile(lambda v: model2(v)).replay_why is None


def test_grad_mode_blocks_replay_and_mode_changes_do_not():
    model, crit, opt = make(bn=False)
    model.eval()   # (no dropout: every call gives the same output)
    x = jtorch.tensor(BATCHES[0][0])

    def evaluate(v):
        with jtorch.no_grad():
            out = model(v)
        return out

    def switch_off(v):
        jtorch.set_grad_enabled(False)   # a lasting change: never skipped
        return model(v)
    f = jtorch.compile(evaluate)
    r0 = stats["replays"]
    outs = [f(x) for _ in range(4)]
    assert stats["replays"] - r0 >= 2
    assert jtorch.is_grad_enabled()
    for o in outs:
        assert not o.requires_grad
        np.testing.assert_array_equal(o.numpy(), evaluate(x).numpy())
    g = jtorch.compile(switch_off)
    try:
        for _ in range(3):
            jtorch.set_grad_enabled(True)
            assert not g(x).requires_grad
            assert not jtorch.is_grad_enabled()
    finally:
        jtorch.set_grad_enabled(True)


@pytest.mark.parametrize("compiled", [False, True])
def test_draws_made_ahead_change_nothing(compiled):
    """Masks drawn ahead (config["prefetch_draws"]) give the same run as masks drawn at the
    call, with random draws, state reads and reseeds between steps."""
    def run(prefetch):
        saved = jtorch.runtime.config["prefetch_draws"]
        jtorch.runtime.config["prefetch_draws"] = prefetch
        try:
            seen = []

            def between(i, model, opt):
                if i in (2, 3):
                    seen.append(jtorch.randn(2).numpy())
                if i == 5:
                    seen.append(jtorch.get_rng_state().numpy())
                if i == 6:
                    jtorch.manual_seed(7)
            losses, st, _ = train(compiled, between=between)
            return losses, st, seen
        finally:
            jtorch.runtime.config["prefetch_draws"] = saved
    a, sa, seen_a = run(False)
    b, sb, seen_b = run(True)
    assert a == b
    assert_same(sa, sb)
    assert_same(seen_a, seen_b)


def _styles(model, opt, w, b, sched):
    torch = jtorch

    def clip(x, y):
        opt.zero_grad()
        loss = nn.functional.smooth_l1_loss(torch.tanh(model(x)), y)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        opt.step()
        return loss

    def shape_divisor(x, y):
        opt.zero_grad()
        loss = (model(x) - y).pow(2).sum() / x.shape[0]
        loss.backward()
        opt.step()
        return loss

    def manual(x, y):
        loss = ((x @ w + b - y) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            w.sub_(0.1 * w.grad)
            b.sub_(0.1 * b.grad)
            w.grad.zero_()
            b.grad.zero_()
        return loss

    def reads_lr(x, y):   # a number read from param_groups: never kept as a constant
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y) * opt.param_groups[0]["lr"]
        loss.backward()
        opt.step()
        return loss

    def reads_scheduler(x, y):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y) + sched.last_epoch
        loss.backward()
        opt.step()
        return loss
    return {f.__name__: f for f in (clip, shape_divisor, manual, reads_lr, reads_scheduler)}


@pytest.mark.parametrize("style", ["clip", "shape_divisor", "manual", "reads_lr",
                                   "reads_scheduler"])
def test_step_styles_match_plain_python(style):
    def run(compiled):
        jtorch.manual_seed(0)
        model = nn.Linear(4, 3)
        opt = optim.SGD(model.parameters(), 0.1)
        sched = optim.lr_scheduler.StepLR(opt, 2, 0.5)
        w = jtorch.randn(4, 3, requires_grad=True)
        b = jtorch.zeros(3, requires_grad=True)
        fn = _styles(model, opt, w, b, sched)[style]
        fn = jtorch.compile(fn) if compiled else fn
        rs = np.random.RandomState(1)
        r0 = stats["replays"]
        out = []
        for _ in range(6):
            x = jtorch.tensor(rs.standard_normal((8, 4)).astype(np.float32))
            y = jtorch.tensor(rs.standard_normal((8, 3)).astype(np.float32))
            out.append(fn(x, y).item())
            sched.step()   # the lr and last_epoch change every call
        state = [t.detach().numpy().copy() for t in (model.weight, model.bias, w, b)]
        return out, state, stats["replays"] - r0
    a, sa, _ = run(False)
    b, sb, replays = run(True)
    assert a == b
    assert_same(sa, sb)
    if style.startswith("reads_"):
        assert replays == 0
    else:
        assert replays >= 3


def test_global_hooks_registered_later_run():
    calls = []

    def between(i, model, opt):
        if i == 3:
            handles.append(nn.modules.module.register_module_forward_hook(
                lambda m, a, o: calls.append("forward")))
            handles.append(optim.optimizer.register_optimizer_step_post_hook(
                lambda o, a, k: calls.append("step")))
    handles = []
    try:
        la, sa, _ = train(False, between=between)
    finally:
        for h in handles:
            h.remove()
    plain = list(calls)
    calls.clear()
    handles = []
    try:
        lb, sb, _ = train(True, between=between)
    finally:
        for h in handles:
            h.remove()
    assert calls == plain and calls.count("step") == 4
    assert la == lb
    assert_same(sa, sb)
