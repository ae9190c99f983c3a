"""The same programs on a GPU and on the CPU: values, devices, errors and state agree.

These run only where JAX sees a GPU (`pip install -e '.[cuda]'`); CI machines have none, so
there the module is skipped as a whole. Each test runs its program on both devices and compares.
"""
import io

import numpy as np
import pytest

import jtorch as torch
import jtorch.nn as nn
import jtorch.nn.functional as F
from jtorch._device import to_jax
from conftest import usual_step

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU that JAX sees")

CUDA = torch.device("cuda", 0)


def close(a, b, tol=1e-5):
    np.testing.assert_allclose(a.detach().cpu().numpy(), b.detach().cpu().numpy(),
                               rtol=tol, atol=tol)


def test_factories_and_moves_land_on_the_gpu():
    for t in (torch.zeros(2, 3, device="cuda"), torch.ones(4, device=CUDA),
              torch.arange(5, device="cuda"), torch.randn(3, device="cuda"),
              torch.full((2,), 7.0, device="cuda:0"), torch.empty(3, device="cuda"),
              torch.eye(3, device="cuda"), torch.linspace(0, 1, 5, device="cuda"),
              torch.tensor([1, 2], device="cuda"), torch.ones(2).cuda(),
              torch.ones(2).to("cuda"), torch.ones(2).to(CUDA, torch.float64)):
        assert t.is_cuda and t.device == CUDA and t.get_device() == 0
        assert t._array().devices() == {to_jax(CUDA)}
    t = torch.arange(4.0, device="cuda")
    assert torch.zeros_like(t).is_cuda and t.new_ones(2).is_cuda and t.clone().is_cuda
    assert (t * 2 + 1).is_cuda and t.sum().is_cuda and t[1:].is_cuda
    back = t.cpu()
    assert not back.is_cuda and back.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert t.cpu().numpy().tolist() == [0.0, 1.0, 2.0, 3.0]
    assert t.sum().item() == 6.0


def test_printing_names_the_gpu():
    t = torch.tensor([1.0, 2.0], device="cuda")
    assert repr(t) == "tensor([1., 2.], device='cuda:0')"
    w = torch.ones(2, device="cuda", requires_grad=True)
    assert repr(w * 2) == "tensor([2., 2.], device='cuda:0', grad_fn=<MulBackward0>)"
    assert repr(torch.tensor([1, 2], device="cuda", dtype=torch.int32)) == \
        "tensor([1, 2], device='cuda:0', dtype=torch.int32)"


def test_mixing_devices_raises_like_pytorch():
    a, b = torch.ones(3, device="cuda"), torch.ones(3)
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        a + b
    with pytest.raises(RuntimeError, match="Expected all tensors to be on the same device"):
        torch.matmul(torch.ones(2, 2, device="cuda"), torch.ones(2, 2))
    lin = nn.Linear(3, 2)
    with pytest.raises(RuntimeError, match="same device"):
        lin(a)
    # a 0-d CPU tensor mixes with a GPU tensor, as in PyTorch
    assert (a * torch.tensor(2.0)).is_cuda


def test_elementwise_reductions_and_indexing_agree():
    rs = np.random.RandomState(0)
    x = rs.standard_normal((5, 7)).astype(np.float32)
    idx = np.array([4, 0, 2])
    for dev in ("cpu", "cuda"):
        t = torch.tensor(x, device=dev)
        i = torch.tensor(idx, device=dev)
        out = [t.exp().sum(1), t.softmax(-1), t[i], t[:, 2:5].mean(0), t.max(1).values,
               t.argmax(0), torch.cumsum(t, 1), t.sort(1).values, t @ t.T,
               torch.where(t > 0, t, -t), t.index_select(0, i), t.var(1)]
        if dev == "cpu":
            ref = out
    for a, b in zip(out, ref):
        assert a.device.type == "cuda"
        close(a, b)


def test_out_of_range_index_raises_on_the_gpu():
    t = torch.zeros(3, device="cuda")
    with pytest.raises(IndexError, match="out of bounds"):
        t[torch.tensor([5], device="cuda")].sum().item()
    with pytest.raises(IndexError):
        torch.zeros(4, device="cuda")[7]
    emb = nn.Embedding(4, 2).cuda()
    with pytest.raises(IndexError, match="index out of range"):
        emb(torch.tensor([9], device="cuda")).sum().item()


def test_autograd_on_the_gpu_matches_the_cpu():
    grads = {}
    for dev in ("cpu", "cuda"):
        x = torch.linspace(-2, 2, 9, device=dev, requires_grad=True)
        y = (x.sin() * x ** 2).sum() + x.tanh().mean()
        y.backward()
        (g2,) = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)
        (h,) = torch.autograd.grad(g2.sum(), x)
        assert x.grad.device.type == dev and h.device.type == dev
        grads[dev] = (x.grad, h)
    close(grads["cuda"][0], grads["cpu"][0])
    close(grads["cuda"][1], grads["cpu"][1])


def test_gradients_flow_back_through_device_copies():
    w = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = (w.to("cuda") ** 2 * torch.arange(3.0, device="cuda")).sum()
    assert y.is_cuda and w.to("cuda").grad_fn.name() == "ToCopyBackward0"
    y.backward()
    assert not w.grad.is_cuda and w.grad.tolist() == [0.0, 4.0, 12.0]
    v = torch.tensor([1.0, 2.0], device="cuda", requires_grad=True)
    (g,) = torch.autograd.grad((v.cpu() ** 3).sum(), v, create_graph=True)
    assert g.is_cuda and g.tolist() == [3.0, 12.0]
    (h,) = torch.autograd.grad(g.sum(), v)
    assert h.is_cuda and h.tolist() == [6.0, 12.0]


def _train(dev, compiled, steps=5):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Conv2d(1, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Flatten(), nn.Linear(4 * 3 * 3, 10)).to(dev)
    # (SGD: Adam would turn the rounding noise in the gradient of the conv bias before the
    # BatchNorm, whose exact value is 0, into steps of size lr in either direction)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    crit = nn.CrossEntropyLoss()
    g = torch.Generator().manual_seed(1)
    x = torch.randn(8, 1, 8, 8, generator=g).to(dev)
    y = torch.randint(0, 10, (8,), generator=g).to(dev)
    step = usual_step(model, crit, opt)
    run = torch.compile(step) if compiled else step
    losses = [run(x, y).item() for _ in range(steps)]
    return losses, model


@pytest.mark.parametrize("compiled", [False, True])
def test_training_on_the_gpu_follows_the_cpu(compiled):
    cpu_losses, cpu_model = _train("cpu", compiled)
    gpu_losses, gpu_model = _train("cuda", compiled)
    np.testing.assert_allclose(gpu_losses, cpu_losses, rtol=1e-4, atol=1e-5)
    for (name, a), (_, b) in zip(gpu_model.state_dict().items(),
                                 cpu_model.state_dict().items()):
        assert a.is_cuda, name
        close(a, b, 1e-4)


def test_gpu_random_streams_follow_their_seed():
    torch.cuda.manual_seed(3)
    a = torch.randn(5, device="cuda")
    d = F.dropout(torch.ones(100, device="cuda"), 0.5)
    torch.cuda.manual_seed(3)
    b = torch.randn(5, device="cuda")
    d2 = F.dropout(torch.ones(100, device="cuda"), 0.5)
    assert a.is_cuda and torch.equal(a, b) and torch.equal(d, d2)
    state = torch.cuda.get_rng_state()
    c = torch.rand(4, device="cuda")
    torch.cuda.set_rng_state(state)
    assert torch.equal(c, torch.rand(4, device="cuda"))
    kept = d[d != 0]
    assert torch.all(kept == 2.0).item() and 20 < kept.numel() < 80


def test_save_and_load_keep_or_move_the_device():
    buf = io.BytesIO()
    sd = nn.Linear(3, 2).cuda().state_dict()
    torch.save(sd, buf)
    buf.seek(0)
    back = torch.load(buf)
    assert all(v.is_cuda for v in back.values())
    buf.seek(0)
    on_cpu = torch.load(buf, map_location="cpu")
    assert all(not v.is_cuda for v in on_cpu.values())
    for k in sd:
        assert torch.equal(on_cpu[k], sd[k].cpu())


def test_autocast_on_the_gpu_raises_until_it_has_a_casting_policy():
    a = torch.randn(4, 4, device="cuda")
    with pytest.raises(NotImplementedError, match="autocast"):
        with torch.autocast("cuda", dtype=torch.float16):
            a @ a
    with torch.autocast("cuda", enabled=False):
        assert (a @ a).dtype == torch.float32
    h = a.half()
    assert (h @ h).dtype == torch.float16 and (h @ h).is_cuda
    close((h @ h).float(), a @ a, 2e-2)


def test_grad_scaler_steps_on_the_gpu():
    torch.manual_seed(0)
    model = nn.Linear(4, 1).cuda()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    scaler = torch.amp.GradScaler("cuda")
    x = torch.randn(8, 4, device="cuda")
    before = model.weight.detach().clone()
    loss = model(x).pow(2).mean()
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
    assert model.weight.is_cuda and not torch.equal(model.weight.detach(), before)
    assert scaler.get_scale() == 65536.0


def test_cuda_queries_and_memory_figures():
    assert torch.cuda.device_count() >= 1 and torch.cuda.current_device() == 0
    assert isinstance(torch.cuda.get_device_name(0), str)
    major, minor = torch.cuda.get_device_capability()
    assert major >= 5 and minor >= 0
    props = torch.cuda.get_device_properties(0)
    assert props.total_memory > 0
    free, total = torch.cuda.mem_get_info()
    assert 0 < free <= total
    big = torch.ones(1024, 1024, device="cuda")
    big.sum().item()
    assert torch.cuda.memory_allocated() >= 4 * 1024 * 1024
    assert torch.cuda.max_memory_allocated() >= torch.cuda.memory_allocated()
    torch.cuda.synchronize()
    assert torch.accelerator.is_available()
    assert torch.accelerator.current_accelerator() == torch.device("cuda")  # no index, as PyTorch
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        torch.zeros(1, device=f"cuda:{torch.cuda.device_count()}")


def test_dataloader_batches_move_to_the_gpu():
    from jtorch.utils.data import DataLoader, TensorDataset
    ds = TensorDataset(torch.arange(10.0).reshape(5, 2), torch.arange(5))
    seen = []
    for xb, yb in DataLoader(ds, batch_size=2, pin_memory=True):
        xb, yb = xb.to("cuda", non_blocking=True), yb.cuda()
        assert xb.is_cuda and yb.is_cuda
        seen.append((xb * 2).sum().item())
    assert seen == [12.0, 44.0, 34.0]


def test_lstm_and_attention_on_the_gpu_match_the_cpu():
    outs = {}
    for dev in ("cpu", "cuda"):
        torch.manual_seed(0)
        lstm = nn.LSTM(3, 5, num_layers=2, batch_first=True).to(dev)
        mha = nn.MultiheadAttention(6, 2, batch_first=True).to(dev)
        x = torch.randn(2, 4, 3).to(dev)
        q = torch.randn(2, 4, 6).to(dev)
        o, (h, c) = lstm(x)
        a, w = mha(q, q, q)
        outs[dev] = (o, h, c, a, w)
    for a, b in zip(outs["cuda"], outs["cpu"]):
        assert a.is_cuda
        close(a, b, 1e-4)


def _seed_style_loop(device):
    """The seeds' loop: DataLoader batches moved with .to(device), loss.item() every step."""
    from jtorch.utils.data import DataLoader, TensorDataset
    torch.manual_seed(0)
    X = torch.randn(64, 3)
    y = X @ torch.tensor([1.0, -2.0, 0.5]) + 0.3
    loader = DataLoader(TensorDataset(X, y), batch_size=16, shuffle=True)
    model = nn.Linear(3, 1).to(device)
    if torch.cuda.device_count() > 1:
        model = nn.DataParallel(model)
    crit = nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    history = []
    for _ in range(5):
        total = 0.0
        for inputs, targets in loader:
            inputs, targets = inputs.to(device), targets.to(device)
            loss = crit(model(inputs), targets.unsqueeze(1))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
        history.append(total / len(loader))
    return history


def test_the_seeds_training_loop_gives_the_same_losses_on_the_gpu():
    cpu, gpu = _seed_style_loop(torch.device("cpu")), _seed_style_loop(torch.device("cuda"))
    np.testing.assert_allclose(gpu, cpu, rtol=1e-4)
    assert gpu[-1] < gpu[0] / 10
