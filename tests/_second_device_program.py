"""Run by test_device_boundaries.py in a subprocess whose XLA has two CPU devices: the second
stands in for a GPU ('cuda:0'), so the cross-device paths of the executor and of autograd run
without one. Prints one JSON object of results."""
import json
import os

assert "xla_force_host_platform_device_count=2" in os.environ.get("XLA_FLAGS", "")

import jax  # noqa: E402

import jtorch._device as _device  # noqa: E402
import jtorch.cuda as _cuda  # noqa: E402
import jtorch.cuda.memory as _memory  # noqa: E402

_second = (jax.devices("cpu")[1],)
_device.gpus = _cuda._gpus = _memory._gpus = lambda: _second
_from_jax = _device.from_jax
_device.from_jax = lambda d: _device.device("cuda", 0) if d in _second else _from_jax(d)

import jtorch as torch  # noqa: E402
import jtorch.nn as nn  # noqa: E402


def on_second(t):
    return t._array().devices() == set(_second)


def train(dev, compiled):
    torch.manual_seed(0)
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.2), nn.Linear(8, 3)).to(dev)
    opt = torch.optim.Adam(model.parameters(), 1e-2)
    x = torch.randn(5, 4).to(dev)
    y = torch.tensor([0, 1, 2, 0, 1]).to(dev)
    crit = nn.CrossEntropyLoss()

    def step():
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        opt.step()
        return loss
    run = torch.compile(step) if compiled else step
    losses = [run().item() for _ in range(6)]
    return losses, all(on_second(p) for p in model.parameters()) if dev == "cuda" else None


out = {}
for compiled in (False, True):
    losses, placed = train("cuda", compiled)
    out[f"train_compiled={compiled}"] = {"losses": losses, "on_second": placed}
# gradients through a copy, to the leaf's own device; second order through it
w = torch.ones(3, requires_grad=True)
(w.to("cuda") * torch.arange(3.0).cuda()).sum().backward()
out["copy_grad"] = {"grad": w.grad.tolist(), "on_second": on_second(w.grad)}
v = torch.ones(2, requires_grad=True)
(g,) = torch.autograd.grad((v.to("cuda") ** 3).sum(), v, create_graph=True)
(h,) = torch.autograd.grad(g.sum(), v)
out["second_order"] = {"g": g.tolist(), "g_fn": g.grad_fn.name(), "h": h.tolist(),
                       "on_second": [on_second(g), on_second(h)]}
# pending work on one device feeding a copy to the other
a = torch.arange(4.0) * 2 + 1           # pending on the CPU
b = (a.to("cuda") + 1).sum()            # pending on the second device
out["pending_chain"] = {"value": b.item(), "on_second": on_second(b)}
# a 0-d CPU tensor joins a tensor on the other device; other mixes raise
c = torch.ones(3).cuda() * torch.tensor(2.0)
out["cpu_scalar"] = {"value": c.tolist(), "on_second": on_second(c)}
out["mixed"] = []
for x, y in ((torch.ones(3).cuda(), torch.ones(3)), (torch.ones(3), torch.ones(3).cuda())):
    try:
        x + y
        out["mixed"].append(None)
    except RuntimeError as e:
        out["mixed"].append(str(e))
# a value check that fails in a step on the accelerator: raised at the next read, not by the
# step (as a CUDA device-side assert surfaces at a later call); on the CPU, by the step itself
def bad_step(dev):
    torch.manual_seed(0)
    lin = nn.Linear(3, 4).to(dev)
    opt = torch.optim.SGD(lin.parameters(), lr=0.1)
    opt.zero_grad()
    target = torch.tensor([0, 4]).to(dev) * 2 + 1   # [1, 9], computed: checked in the program
    loss = nn.CrossEntropyLoss()(lin(torch.randn(2, 3).to(dev)), target)
    loss.backward()
    opt.step()
    return loss


for dev in ("cuda", "cpu"):
    where = "step"
    try:
        loss = bad_step(dev)
        where = "read"
        loss.item()
        where = None
    except IndexError as e:
        out[f"deferred_{dev}"] = [where, str(e).split(" (recorded")[0]]
print(json.dumps(out))
