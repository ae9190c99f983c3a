"""nn dropout and embedding layers: dropout statistics (fraction zeroed ~ p, survivors scaled by
1/(1-p), channel-wise variants, alpha dropout's mean and variance), identity in eval, jtorch's RNG
(reproducible under manual_seed, no sync); Embedding/EmbeddingBag outputs and gradients against
stored PyTorch values (padding_idx, max_norm renormalising the weight, scale_grad_by_freq,
sum/mean/max bags, offsets, per_sample_weights), default initialisation, printed forms and
PyTorch's errors (out-of-range indices raised at the next sync)."""
import warnings

import numpy as np
import pytest

import jtorch
import jtorch.nn as nn
import jtorch.nn.functional as F
from jtorch._ops.registry import FUNCTIONS
import nn_parity as P

G = "emb"


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
    for name in ("dropout", "dropout_", "feature_dropout", "feature_dropout_", "alpha_dropout",
                 "alpha_dropout_", "feature_alpha_dropout", "feature_alpha_dropout_",
                 "embedding"):
        assert name in FUNCTIONS, name


# ---- dropout ------------------------------------------------------------------------------------
def test_dropout_statistics():
    """~p of the elements are zeroed, the rest scaled by exactly 1/(1-p); the gradient is the
    same mask and scale."""
    x = jtorch.ones(200, 100, requires_grad=True)
    for p in (0.2, 0.5, 0.9):
        y = F.dropout(x, p)
        (g,) = jtorch.autograd.grad(y.sum(), x)
        v = y.detach().numpy()
        frac = (v == 0).mean()
        assert abs(frac - p) < 0.02, (p, frac)
        np.testing.assert_allclose(np.unique(v[v != 0]), [1 / (1 - p)], rtol=1e-6)
        np.testing.assert_array_equal(g.numpy(), v)
    assert y.grad_fn.name() == "MulBackward0"


def test_dropout_eval_identity_and_p_edges():
    x = jtorch.randn(4, 5)
    for f in (F.dropout, F.dropout1d, F.dropout2d, F.dropout3d, F.alpha_dropout,
              F.feature_alpha_dropout):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert f(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    m = nn.Dropout(0.5).eval()
    assert m(x) is x
    np.testing.assert_array_equal(F.dropout(x, 1.0).numpy(), np.zeros((4, 5)))
    for mod, shape in ((nn.Dropout1d(), (2, 3, 4)), (nn.Dropout2d(), (2, 3, 4, 2)),
                       (nn.Dropout3d(), (2, 3, 4, 2, 2)), (nn.AlphaDropout(), (2, 3)),
                       (nn.FeatureAlphaDropout(), (2, 3, 4))):
        y = jtorch.randn(*shape)
        assert mod.eval()(y) is y


def test_dropout_rng():
    """Masks come from jtorch's default generator: reproducible after manual_seed, different
    from call to call, and drawn without any sync."""
    x = jtorch.ones(1000)
    jtorch.manual_seed(7)
    a = F.dropout(x, 0.5)
    jtorch.sync()
    before = jtorch.runtime.stats["syncs"]
    b = F.dropout(x, 0.5)
    c = nn.Dropout(0.5)(x)
    assert jtorch.runtime.stats["syncs"] == before
    jtorch.manual_seed(7)
    a2 = F.dropout(x, 0.5)
    np.testing.assert_array_equal(a.numpy(), a2.numpy())
    assert not np.array_equal(a.numpy(), b.numpy())
    assert not np.array_equal(b.numpy(), c.numpy())


def test_inplace_dropout():
    x = jtorch.ones(50, 40)
    r = F.dropout(x, 0.5, inplace=True)
    assert r is x
    v = x.numpy()
    assert set(np.unique(v)) == {0.0, 2.0}
    y = jtorch.ones(20, 30) * 1
    assert nn.Dropout(0.3, inplace=True)(y) is y
    z = jtorch.ones(6, 200)
    assert F.dropout1d(z, 0.5, inplace=True) is z
    rows = z.numpy()
    assert all(len(set(r)) == 1 for r in rows)  # (C, L): whole channels
    assert FUNCTIONS["dropout_"](jtorch.ones(3), 0.5, True).shape == (3,)


def test_feature_dropout_channels():
    """dropout1d/2d/3d zero whole channels (dim 1 of batched input), ~p of them."""
    for f, shape, batched in [(F.dropout1d, (40, 50, 3), True),
                              (F.dropout2d, (40, 50, 2, 2), True),
                              (F.dropout3d, (40, 50, 2, 1, 2), True),
                              (F.dropout3d, (2000, 2, 1, 2), False)]:
        x = jtorch.ones(*shape)
        v = f(x, 0.4).numpy()
        per = v.reshape(v.shape[:2] + (-1,)) if batched else v.reshape(1, 2000, -1)
        assert np.all(per.min(-1) == per.max(-1))  # a channel is all kept or all dropped
        frac = (per[..., 0] == 0).mean()
        assert abs(frac - 0.4) < 0.05, (f, frac)
        np.testing.assert_allclose(np.unique(v[v != 0]), [1 / 0.6], rtol=1e-6)
    with pytest.warns(UserWarning, match="dropout2d: Received a 3D input to dropout2d"):
        F.dropout2d(jtorch.ones(2, 3, 4))
    with pytest.warns(UserWarning, match="dropout2d: Received a 2-D input to dropout2d"):
        F.dropout2d(jtorch.ones(2, 3))


def test_alpha_dropout_statistics():
    """alpha_dropout keeps zero mean and unit variance of standard normal input; dropped
    elements take the value -alpha' * a + alpha' * a * p (a, alpha' as in SELU)."""
    jtorch.manual_seed(0)
    x = jtorch.randn(400, 250)
    p = 0.3
    y = F.alpha_dropout(x, p, training=True).numpy()
    assert abs(y.mean()) < 0.02 and abs(y.std() - 1) < 0.02
    alpha = 1.7580993408473766
    a = 1 / np.sqrt((alpha ** 2 * p + 1) * (1 - p))
    dropped = np.isclose(y, -alpha * a + alpha * a * p, rtol=0, atol=1e-6)
    assert abs(dropped.mean() - p) < 0.01
    xv = x.numpy()
    np.testing.assert_allclose(y[~dropped], a * xv[~dropped] + alpha * a * p, rtol=1e-5,
                               atol=1e-5)
    z = F.feature_alpha_dropout(jtorch.zeros(30, 40, 5), 0.5, training=True).numpy()
    assert np.all(z.min(-1) == z.max(-1))


# ---- embeddings ----------------------------------------------------------------------------------
def test_embedding_default_init():
    jtorch.manual_seed(0)
    m = nn.Embedding(400, 50, padding_idx=3)
    w = m.weight.detach().numpy()
    np.testing.assert_array_equal(w[3], 0)
    rest = np.delete(w, 3, 0)
    assert abs(rest.mean()) < 0.02 and abs(rest.std() - 1) < 0.02
    assert m.weight.requires_grad and m.weight.shape == (400, 50)
    b = nn.EmbeddingBag(300, 40, padding_idx=-1)
    assert b.padding_idx == 299
    np.testing.assert_array_equal(b.weight.detach().numpy()[299], 0)
    assert abs(b.weight.detach().numpy()[:299].std() - 1) < 0.03
    assert nn.Embedding(3, 2, dtype=jtorch.float64).weight.dtype is jtorch.float64


def test_from_pretrained():
    w = jtorch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    m = nn.Embedding.from_pretrained(w)
    assert not m.weight.requires_grad and m.num_embeddings == 3 and m.embedding_dim == 2
    np.testing.assert_array_equal(m(jtorch.tensor([2, 0])).numpy(), [[5, 6], [1, 2]])
    m = nn.Embedding.from_pretrained(w, freeze=False, padding_idx=1)
    assert m.weight.requires_grad and m.padding_idx == 1
    b = nn.EmbeddingBag.from_pretrained(w, mode="sum")
    assert not b.weight.requires_grad
    np.testing.assert_array_equal(b(jtorch.tensor([[0, 1]])).numpy(), [[4, 6]])


def test_embedding_out_of_range_raises_at_sync():
    """An out-of-range index tensor (JAX would clamp) raises IndexError at the next sync."""
    m = nn.Embedding(4, 2)
    idx = jtorch.tensor([0, 3]) + 1  # a pending index tensor: checked inside the program
    y = m(idx)
    with pytest.raises(IndexError, match="index out of range in self"):
        y.detach().numpy()
    ok = m(jtorch.tensor([[0, 3]]))
    assert ok.shape == (1, 2, 2)
    ok.sum().backward()
    g = m.weight.grad.numpy()
    np.testing.assert_array_equal(g[[0, 3]], 1)
    np.testing.assert_array_equal(g[[1, 2]], 0)


def test_embedding_max_norm_renormalises_in_place():
    jtorch.manual_seed(1)
    m = nn.Embedding(6, 3, max_norm=0.5)
    before = m.weight.detach().numpy().copy()
    m(jtorch.tensor([1, 1, 4]))
    after = m.weight.detach().numpy()
    norms = np.linalg.norm(after, axis=1)
    assert norms[1] <= 0.5 + 1e-6 and norms[4] <= 0.5 + 1e-6
    np.testing.assert_array_equal(after[[0, 2, 3, 5]], before[[0, 2, 3, 5]])
    np.testing.assert_allclose(after[1], before[1] * 0.5 / (np.linalg.norm(before[1]) + 1e-7),
                               rtol=1e-6)


def test_embedding_sparse_flag_gives_dense_grad():
    m = nn.Embedding(5, 2, sparse=True)
    m(jtorch.tensor([1, 1])).sum().backward()
    g = m.weight.grad.numpy()
    np.testing.assert_array_equal(g[1], [2, 2])
    assert not m.weight.grad.is_sparse if hasattr(m.weight.grad, "is_sparse") else True


def test_embedding_bag_scale_grad_by_freq():
    """F.embedding divides each row's gradient by its count in the batch; embedding_bag does
    what PyTorch's CPU kernel does: the k-th distinct index (sorted) is divided by the count of
    the index at sorted position k (here row 2 by row 1's count 3)."""
    w = jtorch.zeros(5, 2, requires_grad=True)
    idx = jtorch.tensor([[1, 1, 2], [3, 3, 3], [2, 1, 0]])
    F.embedding_bag(idx, w, mode="sum", scale_grad_by_freq=True).sum().backward()
    np.testing.assert_allclose(w.grad.numpy()[:, 0], [1, 1, 2 / 3, 1, 0], rtol=1e-6)
    w.grad = None
    F.embedding(idx, w, scale_grad_by_freq=True).sum().backward()
    np.testing.assert_allclose(w.grad.numpy()[:, 0], [1, 1, 1, 1, 0])
