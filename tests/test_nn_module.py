"""nn.Module parity with PyTorch: registration, traversal, state_dict/load_state_dict, modes,
conversion, hooks (forward and full backward), copying, printing (including every model in
shared/seeds/ whose layers exist). Each scenario in tests/reference/nn_module_cases.py runs with
jtorch and is compared with what real PyTorch returned (tests/reference/gen_nn_module.py)."""
import copy

import numpy as np
import pytest

import jtorch as torch
import jtorch.nn as nn
from _nn_parity import cases, check

MODULE = sorted(cases.MODULE)
SEEDS = [n for n in MODULE if n in cases.SEED_LAYERS]
PLAIN = [n for n in MODULE if n not in cases.NUMERIC and n not in SEEDS]
NUMERIC = [n for n in MODULE if n in cases.NUMERIC]


@pytest.mark.parametrize("name", PLAIN)
def test_module_parity(name):
    check("module", name)


@pytest.mark.parametrize("name", NUMERIC)
def test_module_numeric_parity(mode, name):
    check("module", name)


@pytest.mark.parametrize("name", SEEDS)
def test_seed_model_parity(name):
    missing = [n for n in cases.SEED_LAYERS[name] if not hasattr(nn, n)]
    if missing:
        pytest.skip(f"layer(s) not in jtorch.nn yet: {', '.join(missing)}")
    check("module", name)


# ---- behaviour that is jtorch's own (no PyTorch reference needed) ---------------------------
def _mlp():
    return nn.Sequential(nn.Linear(8, 16), nn.Linear(16, 16), nn.Linear(16, 4))


def test_forward_and_backward_never_sync():
    """A Module call records into the deferred graph; only observing a value syncs."""
    from jtorch._runtime import stats
    net = _mlp()
    x = torch.randn(5, 8)
    torch.sync()
    before = stats["syncs"]
    y = net(x)
    loss = (y * y).mean()
    loss.backward()
    net.zero_grad(set_to_none=False)
    net.state_dict()
    net.eval()
    net.double().float()
    assert stats["syncs"] == before
    loss.item()
    assert stats["syncs"] == before + 1


def test_hooks_do_not_sync():
    from jtorch._runtime import stats
    net = _mlp()
    seen = []
    net[0].register_forward_hook(lambda m, a, o: seen.append(o.shape))
    net[1].register_full_backward_hook(lambda m, gi, go: seen.append(gi[0].shape))
    x = torch.randn(3, 8, requires_grad=True)
    torch.sync()
    before = stats["syncs"]
    net(x).sum().backward()
    assert stats["syncs"] == before
    assert seen == [torch.Size([3, 16]), torch.Size([3, 16])]


def test_call_without_hooks_is_a_direct_forward(monkeypatch):
    """No hooks: __call__ goes straight to forward (the hooked path is never entered)."""
    lin = nn.Linear(2, 2)

    def boom(*a, **k):
        raise AssertionError("hook path entered")

    monkeypatch.setattr(nn.Module, "_call_with_hooks", boom)
    y = lin(torch.ones(1, 2))
    assert y.shape == (1, 2)
    h = lin.register_forward_hook(lambda *a: None)
    with pytest.raises(AssertionError, match="hook path entered"):
        lin(torch.ones(1, 2))
    h.remove()
    assert lin(torch.ones(1, 2)).shape == (1, 2)


def test_state_dict_entries_track_the_live_parameters():
    """state_dict() tensors are views: in-place writes either way are seen by both."""
    lin = nn.Linear(3, 2)
    sd = lin.state_dict()
    sd["weight"][1, 2] = 42.0
    assert lin.weight[1, 2].item() == 42.0
    with torch.no_grad():
        lin.weight.mul_(0).add_(1.5)
    np.testing.assert_array_equal(sd["weight"].numpy(), np.full((2, 3), 1.5, np.float32))
    assert not sd["weight"].requires_grad and lin.weight.requires_grad


def test_load_state_dict_then_train_step_changes_only_the_model():
    src = nn.Linear(2, 1)
    dst = nn.Linear(2, 1)
    dst.load_state_dict(src.state_dict())
    before = src.weight.detach().clone()
    (dst(torch.ones(4, 2)).sum()).backward()
    with torch.no_grad():
        dst.weight -= 0.1 * dst.weight.grad
    np.testing.assert_array_equal(src.weight.detach().numpy(), before.numpy())
    np.testing.assert_allclose(dst.weight.detach().numpy(), before.numpy() - 0.4, rtol=1e-6)


def test_deepcopy_of_a_model_with_pending_values():
    net = _mlp()
    with torch.no_grad():
        for p in net.parameters():
            p.mul_(2.0)  # pending in-place updates
    c = copy.deepcopy(net)
    x = torch.randn(2, 8)
    np.testing.assert_allclose(c(x).detach().numpy(), net(x).detach().numpy(), rtol=1e-6)
    assert all(isinstance(p, nn.Parameter) for p in c.parameters())


def test_removable_handle():
    from collections import OrderedDict
    from jtorch.utils.hooks import RemovableHandle
    d = OrderedDict()
    h1, h2 = RemovableHandle(d), RemovableHandle(d)
    assert h2.id == h1.id + 1
    d[h1.id], d[h2.id] = "a", "b"
    with h1:
        pass
    assert list(d.values()) == ["b"]
    h1.remove()
    h2.remove()
    assert d == {}


def test_module_without_init_call_raises():
    class Bad(nn.Module):
        def __init__(self):
            self.lin = nn.Linear(1, 1)

    with pytest.raises(AttributeError, match=r"cannot assign module before Module.__init__\(\) "
                                             r"call"):
        Bad()
