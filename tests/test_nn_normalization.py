"""nn normalization and distance layers: BatchNorm (train steps then eval, running statistics,
momentum=None, lazy, sync), InstanceNorm, LayerNorm, GroupNorm, RMSNorm, LocalResponseNorm,
normalize, cosine similarity and distances against stored PyTorch outputs and gradients;
default initialisation, state_dict layout and compatibility, printed forms and errors."""
from collections import OrderedDict

import numpy as np
import pytest

import jtorch
import jtorch.nn as nn
import jtorch.nn.functional as F
from jtorch._ops.registry import FUNCTIONS
import nn_parity as P

G = "norm"


@pytest.mark.parametrize("index,mode", P.params(G, "layers"))
def test_layer(index, mode):
    with P.run_mode(mode):
        P.check_layer(G, index)


@pytest.mark.parametrize("index,mode", P.params(G, "functional"))
def test_functional(index, mode):
    with P.run_mode(mode):
        P.check_functional(G, index)


@pytest.mark.parametrize("index", range(len(P.ids(G, "errors"))), ids=P.ids(G, "errors"))
def test_error(index):
    P.check_error(G, index)


def test_reprs():
    for expr in P.REF[G]["reprs"]:
        P.check_repr(G, expr)


def test_registered_torch_functions():
    for name in ("batch_norm", "instance_norm", "layer_norm", "group_norm", "rms_norm",
                 "cosine_similarity", "pairwise_distance", "pdist"):
        assert name in FUNCTIONS, name
    for name in ("cosine_similarity", "pairwise_distance", "pdist", "layer_norm", "rms_norm"):
        assert getattr(F, name) is FUNCTIONS[name].__wrapped__, name  # F re-exports torch.X


# ---- BatchNorm: defaults, buffers, state_dict -------------------------------------------------
def test_batchnorm_defaults_and_buffers():
    m = nn.BatchNorm2d(5)
    assert list(m.state_dict()) == ["weight", "bias", "running_mean", "running_var",
                                    "num_batches_tracked"]
    assert [n for n, _ in m.named_buffers()] == ["running_mean", "running_var",
                                                 "num_batches_tracked"]
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(5))
    np.testing.assert_array_equal(m.bias.detach().numpy(), np.zeros(5))
    np.testing.assert_array_equal(m.running_mean.numpy(), np.zeros(5))
    np.testing.assert_array_equal(m.running_var.numpy(), np.ones(5))
    assert m.num_batches_tracked.dtype is jtorch.int64 and m.num_batches_tracked.shape == ()
    assert m.num_batches_tracked.item() == 0
    assert m.weight.requires_grad and not m.running_mean.requires_grad
    m = nn.BatchNorm1d(3, affine=False, track_running_stats=False)
    assert list(m.state_dict()) == [] and m.weight is None and m.running_mean is None
    m = nn.BatchNorm1d(3, dtype=jtorch.float64)
    assert m.weight.dtype is jtorch.float64 and m.running_var.dtype is jtorch.float64
    assert m.num_batches_tracked.dtype is jtorch.int64


def test_batchnorm_running_stats_no_grad_no_sync():
    """Training updates the buffers under no_grad; momentum=None (cumulative average) computes
    its factor as a tensor, so a training step never syncs."""
    for momentum in (0.1, None):
        m = nn.BatchNorm1d(3, momentum=momentum)
        x = jtorch.randn(8, 3, requires_grad=True)
        jtorch.sync()
        before = jtorch.runtime.stats["syncs"]
        for _ in range(2):
            m(x).sum().backward()
        assert jtorch.runtime.stats["syncs"] == before
        assert m.running_mean.grad_fn is None and not m.running_mean.requires_grad
        assert m.num_batches_tracked.item() == 2
    xs = [jtorch.randn(6, 3) for _ in range(3)]
    m = nn.BatchNorm1d(3, momentum=None)
    for x in xs:
        m(x)
    # cumulative moving average = plain mean of the batch statistics
    np.testing.assert_allclose(m.running_mean.numpy(),
                               np.mean([x.numpy().mean(0) for x in xs], 0), rtol=1e-5,
                               atol=1e-6)
    np.testing.assert_allclose(m.running_var.numpy(),
                               np.mean([x.numpy().var(0, ddof=1) for x in xs], 0), rtol=1e-5)


def test_batchnorm_eval_and_no_tracking():
    m = nn.BatchNorm1d(3)
    x = jtorch.randn(4, 3)
    m.eval()
    np.testing.assert_allclose(m(x).detach().numpy(), x.numpy() / np.sqrt(1 + 1e-5), rtol=1e-6)
    assert m.num_batches_tracked.item() == 0
    m = nn.BatchNorm1d(3, track_running_stats=False).eval()
    y = m(x).detach().numpy()  # eval without buffers: batch statistics
    np.testing.assert_allclose(y, (x.numpy() - x.numpy().mean(0)) /
                               np.sqrt(x.numpy().var(0) + 1e-5), rtol=1e-4, atol=1e-5)


def test_batchnorm_momentum_tensor():
    rm, rv = jtorch.zeros(2), jtorch.ones(2)
    x = jtorch.tensor([[1.0, 2.0], [3.0, 6.0]])
    F.batch_norm(x, rm, rv, training=True, momentum=jtorch.tensor(0.5))
    np.testing.assert_allclose(rm.numpy(), [1.0, 2.0])
    np.testing.assert_allclose(rv.numpy(), [1.5, 4.5])


def test_batchnorm_old_checkpoint_without_counter():
    """version < 2 checkpoints have no num_batches_tracked: loaded strictly, keeping it, as
    PyTorch; a current (version 2) checkpoint missing it is an error."""
    m = nn.BatchNorm1d(3)
    sd = m.state_dict()
    del sd["num_batches_tracked"]
    sd._metadata[""]["version"] = 1
    m.num_batches_tracked.fill_(7)
    assert repr(m.load_state_dict(sd)) == "<All keys matched successfully>"
    assert m.num_batches_tracked.item() == 7
    net = nn.Sequential(nn.BatchNorm1d(3))
    sd = net.state_dict()
    del sd["0.num_batches_tracked"]
    sd._metadata.pop("0")
    net.load_state_dict(sd)  # no metadata: treated as an old checkpoint
    sd = nn.BatchNorm1d(3).state_dict()
    del sd["num_batches_tracked"]
    with pytest.raises(RuntimeError, match='Missing key\\(s\\) in state_dict: '
                                           '"num_batches_tracked"'):
        nn.BatchNorm1d(3).load_state_dict(sd)


def test_lazy_batchnorm():
    m = nn.LazyBatchNorm1d()
    assert m.has_uninitialized_params()
    y = m(jtorch.randn(4, 6))
    assert type(m) is nn.BatchNorm1d and m.num_features == 6 and y.shape == (4, 6)
    assert m.weight.shape == (6,) and m.running_var.shape == (6,)
    assert m.num_batches_tracked.item() == 1
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(6))
    m = nn.LazyBatchNorm2d(affine=False)
    m.load_state_dict(nn.BatchNorm2d(4, affine=False).state_dict())
    assert m.running_mean.shape == (4,)
    m = nn.LazyInstanceNorm1d()
    m(jtorch.randn(2, 3, 5))
    assert type(m) is nn.InstanceNorm1d and m.num_features == 3


def test_sync_batchnorm():
    net = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.Sequential(nn.BatchNorm2d(2)))
    net[1].running_mean.fill_(0.5)
    conv = nn.SyncBatchNorm.convert_sync_batchnorm(net)
    assert type(conv[1]) is nn.SyncBatchNorm and type(conv[2][0]) is nn.SyncBatchNorm
    assert conv[1].weight is net[1].weight and conv[1].running_mean is net[1].running_mean
    x = jtorch.randn(5, 4)
    sb, bn = nn.SyncBatchNorm(4), nn.BatchNorm1d(4)
    np.testing.assert_allclose(sb(x).detach().numpy(), bn(x).detach().numpy(), rtol=1e-6)
    np.testing.assert_allclose(sb.running_var.numpy(), bn.running_var.numpy(), rtol=1e-6)


# ---- InstanceNorm ------------------------------------------------------------------------------
def test_instancenorm_features_warning_and_old_checkpoint():
    m = nn.InstanceNorm1d(4)
    with pytest.warns(UserWarning, match="input's size at dim=1 does not match num_features"):
        m(jtorch.randn(2, 3, 5))
    sd = OrderedDict(running_mean=jtorch.zeros(3), running_var=jtorch.ones(3))
    with pytest.raises(RuntimeError, match='Unexpected running stats buffer\\(s\\) '
                                           '"running_mean" and "running_var" for InstanceNorm1d '
                                           'with track_running_stats=False'):
        nn.InstanceNorm1d(3).load_state_dict(sd)


def test_instancenorm_running_stats():
    m = nn.InstanceNorm1d(2, track_running_stats=True, momentum=1.0)
    x = jtorch.randn(3, 2, 5)
    m(x)
    a = x.numpy()
    np.testing.assert_allclose(m.running_mean.numpy(), a.mean(2).mean(0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(m.running_var.numpy(), a.var(2, ddof=1).mean(0), rtol=1e-5)
    m.eval()
    np.testing.assert_allclose(m(x).numpy(), (a - a.mean(2).mean(0)[:, None]) /
                               np.sqrt(a.var(2, ddof=1).mean(0)[:, None] + 1e-5), rtol=1e-4,
                               atol=1e-5)


# ---- default initialisation of the other layers -------------------------------------------------
def test_norm_layer_defaults():
    for m, n in [(nn.LayerNorm((2, 3)), (2, 3)), (nn.GroupNorm(2, 4), (4,)),
                 (nn.InstanceNorm2d(3, affine=True), (3,))]:
        assert m.weight.shape == n and m.bias.shape == n
        np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones(n))
        np.testing.assert_array_equal(m.bias.detach().numpy(), np.zeros(n))
    m = nn.RMSNorm([2, 3])
    assert list(m.state_dict()) == ["weight"] and m.weight.shape == (2, 3)
    np.testing.assert_array_equal(m.weight.detach().numpy(), np.ones((2, 3)))
    assert list(nn.LayerNorm(4, bias=False).state_dict()) == ["weight"]
    assert list(nn.LayerNorm(4, elementwise_affine=False).state_dict()) == []
    assert nn.LayerNorm(4).normalized_shape == (4,)
    assert list(nn.InstanceNorm1d(3).state_dict()) == []


def test_distance_modules_attributes():
    m = nn.PairwiseDistance(p=3.0, eps=0.1, keepdim=True)
    assert (m.norm, m.eps, m.keepdim) == (3.0, 0.1, True)
    m = nn.CosineSimilarity(dim=0, eps=1e-3)
    assert (m.dim, m.eps) == (0, 1e-3)


def test_normalize_out():
    x = jtorch.tensor([[3.0, 4.0]])
    out = jtorch.empty(1, 2)
    assert F.normalize(x, out=out) is out
    np.testing.assert_allclose(out.numpy(), [[0.6, 0.8]], rtol=1e-6)
