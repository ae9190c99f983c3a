"""The deferred, tiered runtime (DESIGN.md idea 3): pending nodes, sync points, fused programs,
value checks raised at the sync, and the eager debug mode."""
import gc
import math

import numpy as np
import pytest

import jtorch as torch
from jtorch import runtime


def pending(t):
    return t._nd.value is None


@pytest.fixture
def deferred():
    old = runtime.config["eager"]
    runtime.config["eager"] = False
    torch.sync()
    yield
    torch.sync()
    runtime.config["eager"] = old


def test_ops_are_deferred_with_shape_and_dtype_known(deferred):
    a = torch.ones(2, 3)
    b = a * 2 + 1
    assert pending(b)
    assert b.shape == (2, 3) and b.dtype is torch.float32
    assert b.dim() == 2 and b.numel() == 6  # metadata never syncs
    assert pending(b)


def test_bad_shape_raises_at_the_call_line(deferred):
    a, b = torch.ones(2, 3), torch.ones(4)
    with pytest.raises(RuntimeError, match=r"size of tensor a \(3\) must match the size of "
                                           r"tensor b \(4\) at non-singleton dimension 1"):
        a + b


@pytest.mark.parametrize("observe", [
    lambda t: t.sum().item() if hasattr(t, "sum") else t[0, 0].item(),
    lambda t: t.tolist(),
    lambda t: t.numpy(),
    lambda t: np.asarray(t),
    lambda t: repr(t),
    lambda t: bool(t[0, 0]),
    lambda t: float(t[0, 0]),
    lambda t: int(t[0, 0]),
    lambda t: [1, 2, 3][t[0, 0].long()],
])
def test_sync_points_materialise(deferred, observe):
    t = torch.ones(2, 2) * 1
    assert pending(t)
    observe(t)
    assert not pending(t)


def test_explicit_sync_materialises_every_live_pending_tensor(deferred):
    a = torch.ones(3) + 1
    b = a * 3
    assert pending(a) and pending(b)
    torch.sync()
    assert not pending(a) and not pending(b)
    assert b.tolist() == [6.0, 6.0, 6.0]


def test_cuda_synchronize_is_a_sync_point(deferred):
    a = torch.ones(3) + 1
    torch.cuda.synchronize()
    assert not pending(a)


def test_materialised_nodes_free_their_graph(deferred):
    a = torch.ones(3)
    b = (a + 1) * 2
    torch.sync()
    assert b._nd.inputs == ()


def test_repeated_structure_compiles_once_then_runs_fused(deferred):
    x = torch.linspace(-1, 1, 8)
    w = torch.ones(8)
    torch.sync()
    before = dict(runtime.stats)
    results = []
    for _ in range(6):
        y = (w * x).tanh() - 0.5
        w = w - 0.1 * y
        results.append(w.tolist())
    after = runtime.stats
    assert after["programs"] - before["programs"] == 1
    assert after["fused_runs"] - before["fused_runs"] >= 4
    assert any("program #" in line for line in runtime.compile_log)
    # same numbers as a NumPy replay
    wn, xn = np.ones(8, np.float32), np.linspace(-1, 1, 8, dtype=np.float32)
    for r in results:
        wn = wn - np.float32(0.1) * (np.tanh(wn * xn) - np.float32(0.5))
        np.testing.assert_allclose(r, wn, rtol=1e-6)


def test_changing_a_python_scalar_does_not_recompile(deferred):
    x = torch.ones(4)
    torch.sync()
    (x * 0.5).tolist()
    (x * 0.25).tolist()
    before = runtime.stats["programs"] + runtime.stats["kernels"]
    values = [(x * lr).tolist()[0] for lr in (0.1, 0.2, 0.3, 0.4)]
    assert values == pytest.approx([0.1, 0.2, 0.3, 0.4])
    assert runtime.stats["programs"] + runtime.stats["kernels"] - before <= 1


def test_python_numbers_reused_on_the_device_keep_their_exact_values(deferred):
    """A program's Python numbers are kept on the device by value between calls; numbers equal
    under == but not the same number (0.0 and -0.0, 1 and True in their own slots) must not
    share an array."""
    x = torch.ones(3)
    torch.sync()
    for _ in range(3):   # (the third repeat runs fused, with the numbers reused)
        signs = [math.copysign(1.0, (x * z * 2.0).tolist()[0]) for z in (0.0, -0.0, 0.0)]
        assert signs == [1.0, -1.0, 1.0]
        assert [((x + 1) * k).tolist()[0] for k in (3, 2.5, 3)] == [6.0, 5.0, 6.0]
        assert [(x * 1).sum().item(), (x * 1.5).sum().item()] == [3.0, 4.5]


def test_reading_a_program_result_waits_for_it_and_notes_how_long_it_took(deferred):
    """Value reads poll a short program's result instead of blocking on it (executor.host);
    the value is the program's, and the program's time to its result is noted for next time."""
    from jtorch._runtime import executor
    x = torch.arange(4096, dtype=torch.float32)
    torch.sync()
    expected = None
    for _ in range(4):   # repeats: from the third, one fused program per read
        y = ((x * 0.5).sin() + 1.0).cumsum(0)
        got = y.numpy()
        expected = np.cumsum(np.sin(np.arange(4096, dtype=np.float32) * np.float32(0.5)) + 1,
                             dtype=np.float32)
        np.testing.assert_allclose(got, expected, rtol=1e-5)
        assert y.sum().item() == pytest.approx(float(expected.sum()), rel=1e-5)
    prog = executor._last_run[0]
    assert prog is not None
    took = executor._ready_after.get(prog)
    assert took is None or 0 < took < 60   # noted only when the read found it still running
    ready = executor.host(y._array())      # an array already computed: read at once
    np.testing.assert_allclose(ready, expected, rtol=1e-5)

def test_graph_size_limit_flushes(deferred):
    old = runtime.config["max_pending"]
    runtime.config["max_pending"] = 50
    try:
        x = torch.ones(2)
        keep = [x + i for i in range(120)]
        assert sum(1 for t in keep if not pending(t)) >= 50
        assert keep[119].tolist() == [120.0, 120.0]
    finally:
        runtime.config["max_pending"] = old


def test_a_flush_while_recording_keeps_the_autograd_graph(deferred):
    """The graph-size limit can flush in the middle of a training loop that never reads a
    value; a node run by that flush must still backpropagate (found in the polynomial-fit
    tutorial: 400 iterations without a sync)."""
    old = runtime.config["max_pending"]
    runtime.config["max_pending"] = 7
    try:
        x = torch.linspace(-1, 1, 50)
        y = x * 2 + 1
        a = torch.tensor(0.0, requires_grad=True)
        b = torch.tensor(0.0, requires_grad=True)
        for _ in range(40):
            loss = ((a + b * x - y) ** 2).mean()
            loss.backward()
            with torch.no_grad():
                a -= 0.1 * a.grad
                b -= 0.1 * b.grad
                a.grad = None
                b.grad = None
        # the same loop with NumPy: gradient descent on the same loss
        import numpy as np
        xn = np.linspace(-1, 1, 50, dtype=np.float64)
        an = bn = 0.0
        for _ in range(40):
            r = an + bn * xn - (xn * 2 + 1)
            an, bn = an - 0.1 * 2 * r.mean(), bn - 0.1 * 2 * (r * xn).mean()
        assert a.item() == pytest.approx(an, rel=1e-4) and b.item() == pytest.approx(bn, rel=1e-4)
    finally:
        runtime.config["max_pending"] = old


@pytest.mark.parametrize("limit", [3, 7, 9])
def test_a_flush_while_recording_multi_output_ops_keeps_their_gradients(deferred, limit):
    """The same with ops of several outputs (max with indices, chunk): a flush between making
    their output Tensors must leave each output's GradFn whole."""
    old = runtime.config["max_pending"]
    runtime.config["max_pending"] = limit
    try:
        x = torch.tensor([[1.0, 5.0, 2.0, 0.5], [3.0, -1.0, 4.0, 2.0]], requires_grad=True)
        for _ in range(12):
            values, _ = x.max(dim=1)
            a, b = x.chunk(2, dim=1)
            loss = values.sum() + (a * b).sum()
            loss.backward()
        expected = np.array([[2.0, 1.5, 1.0, 5.0], [4.0, 2.0, 4.0, -1.0]]) * 12
        np.testing.assert_allclose(x.grad.numpy(), expected)
    finally:
        runtime.config["max_pending"] = old


def test_flushes_inside_backward_give_pytorchs_gradients(deferred):
    """Flushes at each point of backward() itself (module backward hooks, several regions,
    multi-output vjps) leave the gradients PyTorch computes."""
    from _nn_parity import check
    old = runtime.config["max_pending"]
    try:
        for limit in (3, 5, 8):
            for already in range(limit + 1):   # where the flushes fall
                torch.sync()
                runtime.config["max_pending"] = limit
                kept = [torch.ones(1) * i for i in range(already)]
                check("module", "backward_hooks_replace_grads")
                del kept
    finally:
        runtime.config["max_pending"] = old


def test_node_inputs_are_values_at_record_time(deferred):
    a = torch.ones(2)
    b = a * 2
    a.add_(1)
    assert b.tolist() == [2.0, 2.0]
    assert a.tolist() == [2.0, 2.0]
    p = torch.ones(3)
    g = torch.full((3,), 2.0)
    p -= 0.5 * g  # refers to the old value of p, not to itself
    assert p.tolist() == [0.0, 0.0, 0.0]


def test_index_tensor_out_of_range_raises_at_the_sync_naming_the_line(deferred):
    x = torch.arange(5)
    idx = torch.tensor([0, 1]) * 4  # pending: [0, 4] is fine
    assert x[idx].tolist() == [0, 4]
    idx = torch.tensor([0, 1]) * 7  # pending: 7 is out of range, only known when run
    y = x[idx]
    with pytest.raises(IndexError, match=r"index 7 is out of bounds for dimension 0 with size 5"
                                         r".*test_runtime.py:\d+"):
        y.tolist()


def test_concrete_index_out_of_range_raises_at_the_call(deferred):
    x = torch.arange(5)
    with pytest.raises(IndexError, match="index 5 is out of bounds for dimension 0 with size 5"):
        x[5]
    with pytest.raises(IndexError, match="index -6 is out of bounds"):
        x[torch.tensor([-6])]


def test_eager_mode_runs_every_op_at_once():
    old = runtime.config["eager"]
    runtime.config["eager"] = True
    try:
        a = torch.ones(3) * 2
        assert not pending(a)
        with pytest.raises(IndexError):
            torch.arange(3)[torch.tensor([1]) * 5]  # raised on the line itself
    finally:
        runtime.config["eager"] = old


def test_eager_and_deferred_give_identical_results():
    def program():
        x = torch.linspace(-2, 2, 7)
        y = (x * 3).exp() / (1 + x.abs())
        y[2:4] = y[2:4] * -1
        z = torch.where(y > 0, y.sqrt(), y)
        return z.tolist()
    old = runtime.config["eager"]
    try:
        runtime.config["eager"] = False
        deferred_result = program()
        runtime.config["eager"] = True
        eager_result = program()
    finally:
        runtime.config["eager"] = old
    assert np.array_equal(np.asarray(deferred_result), np.asarray(eager_result), equal_nan=True)


def test_dead_pending_tensors_are_not_computed(deferred):
    x = torch.ones(3)
    torch.sync()
    runs = runtime.stats["fused_runs"] + runtime.stats["op_by_op_runs"]
    x * 2  # dropped at once: nothing refers to it
    gc.collect()
    torch.sync()
    assert runtime.stats["fused_runs"] + runtime.stats["op_by_op_runs"] == runs


def test_stats_and_log_are_exposed():
    assert set(runtime.stats) >= {"kernels", "programs", "syncs", "fused_runs", "op_by_op_runs"}
    assert isinstance(runtime.compile_log, list)


def test_import_freezes_long_lived_objects_out_of_full_collections():
    # jtorch's and JAX's module state is moved to CPython's permanent generation, so a full
    # collection during a training loop walks only the objects created since
    assert gc.get_freeze_count() > 10_000


def test_training_steps_leave_no_reference_cycles(deferred):
    # frozen objects are only freed by reference counting: the objects a step creates must not
    # form cycles (a cycle alive at a freeze would never be collected)
    import jtorch.nn as nn
    import jtorch.optim as optim
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 1))
    opt = optim.Adam(model.parameters(), 1e-2)
    x, y = torch.randn(16, 4), torch.randn(16, 1)

    def step():
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()
    for _ in range(5):
        step()
    gc.collect()
    gc.disable()
    try:
        for _ in range(20):
            step()
        assert gc.collect() == 0
    finally:
        gc.enable()


def _last_program_text(step):
    """Run `step` once more, capturing its plan, and return its compiled program's HLO."""
    from jtorch._runtime import executor
    seen = {}
    orig = executor._plan

    def spy(roots):
        p = seen["p"] = orig(roots)
        return p
    executor._plan = spy
    try:
        step()
    finally:
        executor._plan = orig
    p = seen["p"]
    variants = executor._programs[p.key]
    prog = variants[max(variants, key=len)]
    return prog.lower(*p.leaves, *executor._packed_args(p)).compile().as_text(), p


def test_donated_parameters_hold_their_own_new_values(deferred):
    # parameters, gradients and momentum buffers all have one shape: each donated input must
    # be paired with the value that replaces it, or XLA copies every parameter aside per step
    import re
    import jtorch.nn as nn
    import jtorch.optim as optim
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 64))
    opt = optim.SGD(model.parameters(), 0.1, momentum=0.9)
    x = torch.randn(8, 64)

    def step():
        opt.zero_grad()
        model(x).square().mean().backward()
        opt.step()
    for _ in range(4):
        step()
    text, p = _last_program_text(step)
    aliases = re.search(r"input_output_alias=\{(.*?)\}, entry", text).group(1)
    pairs = [(int(o), int(i)) for o, i in re.findall(r"\{(\d+)\}: \((\d+),", aliases)]
    assert len(pairs) >= 4  # both weights and both momentum buffers are donated
    for out, inp in pairs:
        assert p.roots[out].prev_id == id(p.leaf_nodes[inp])


def test_last_programs_inputs_are_released_at_the_next_sync(deferred):
    # the arrays a fused program read stay alive until the next sync point, not longer
    import weakref
    from jtorch._runtime import executor
    x = torch.ones(1000) * 2
    torch.sync()
    ref = weakref.ref(x._nd.value)
    for _ in range(4):  # a repeated graph runs as a fused program reading x's array
        y = (x + 1).sum()
        torch.sync()
    assert runtime.stats["fused_runs"] > 0
    del x, y
    gc.collect()
    assert any(a is ref() for leaves in executor.retired for a in leaves)
    torch.sync()
    gc.collect()
    assert ref() is None


def test_reads_at_new_positions_do_not_compile_each_position(deferred):
    """A Dataset's `self.x[i]` rows, batched by a DataLoader: index reads take their position
    as a program input, and a batch graph that differs from earlier ones only in its positions
    runs op by op -- the compile count stays flat however many positions are read."""
    x = torch.arange(600.).reshape(200, 3)
    y = torch.arange(200.)

    class DS(torch.utils.data.Dataset):
        def __len__(self):
            return 200

        def __getitem__(self, i):
            return x[i], y[i]

    loader = torch.utils.data.DataLoader(DS(), batch_size=4, shuffle=True)
    got = [float(xb.sum() + yb.sum()) for xb, yb in loader]   # (warms every kernel up)
    s = runtime.stats
    before = s["programs"] + s["kernels"]
    again = [(xb.sum() + yb.sum(), xb) for xb, yb in loader]
    assert sum(float(v) for v, _ in again) == sum(got) == float(x.sum() + y.sum())
    for v, xb in again[:3]:
        rows = xb.numpy()
        assert float(v) == rows.sum() + (rows[:, 0] / 3).sum()
    assert s["programs"] + s["kernels"] - before <= 2
    assert (x[3:9:2, 1].numpy() == x.numpy()[3:9:2, 1]).all()
    assert (x[-1].numpy() == x.numpy()[-1]).all() and x[5:5].shape == (0, 3)
