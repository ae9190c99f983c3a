"""Views, in-place ops and identity (DESIGN.md idea 6), checked against PyTorch's behaviour."""
import numpy as np
import pytest

import jtorch as torch


def base():
    return torch.arange(12.0).reshape(3, 4)


VIEWS = {
    "view": lambda x: x.view(4, 3),
    "view_-1": lambda x: x.view(-1),
    "reshape": lambda x: x.reshape(2, 6),
    "slice_step": lambda x: x[::2, 1::2],
    "row": lambda x: x[1],
    "col": lambda x: x[:, 2],
    "none_ellipsis": lambda x: x[None, ..., 1],
    "t": lambda x: x.t(),
    "T": lambda x: x.T,
    "mT": lambda x: x.mT,
    "transpose": lambda x: x.transpose(0, 1),
    "permute": lambda x: x.permute(1, 0),
    "unsqueeze": lambda x: x.unsqueeze(1),
    "squeeze": lambda x: x.unsqueeze(0).squeeze(0),
    "detach": lambda x: x.detach(),
    "data": lambda x: x.data,
    "narrow": lambda x: x.narrow(1, 1, 2),
    "diagonal": lambda x: x.diagonal(),
    "diagonal_offset": lambda x: x.diagonal(1),
    "unbind": lambda x: x.unbind(1)[2],
    "split": lambda x: x.split(2, dim=1)[1],
    "chunk": lambda x: x.chunk(3)[1],
    "flatten": lambda x: x.flatten(),
    "unflatten": lambda x: x.unflatten(1, (2, 2)),
    "view_as": lambda x: x.view_as(torch.zeros(12)),
    "movedim": lambda x: x.movedim(0, 1),
    "view_of_view": lambda x: x[1:].t()[1:3],
}


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_write_through_view_is_seen_in_base(mode, name):
    x = base()
    xid = id(x)
    v = VIEWS[name](x)
    ev = np.asarray(VIEWS[name](base()))  # the view's values, from an untouched copy
    v.mul_(-1)
    got = np.asarray(x)
    # the elements v covers flipped sign, others did not
    flipped = got != np.arange(12.0).reshape(3, 4)
    assert flipped.sum() == v.numel() - (np.asarray(v) == 0).sum()
    assert id(x) == xid
    np.testing.assert_array_equal(np.asarray(v), -ev)


@pytest.mark.parametrize("name", sorted(VIEWS))
def test_write_to_base_is_seen_in_view(mode, name):
    x = base()
    v = VIEWS[name](x)
    before = np.asarray(v).copy()
    x.add_(100)
    np.testing.assert_array_equal(np.asarray(v), before + 100)


def test_expand_is_a_view_and_rejects_writes(mode):
    x = torch.zeros(3)
    e = x.expand(2, 3)
    x[1] = 5
    assert e.tolist() == [[0, 5, 0], [0, 5, 0]]
    with pytest.raises(RuntimeError, match="more than one element of the written-to tensor"):
        e.add_(1)


def test_identity_rules_the_seeds_teach(mode):
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    Y = torch.tensor([[2.0, 1, 4, 3], [1, 2, 3, 4], [4, 3, 2, 1]])
    before = id(Y)
    Y = Y + X
    assert id(Y) != before
    before = id(Y)
    Y += X
    assert id(Y) == before
    Y[:] = X + Y
    assert id(Y) == before
    Z = torch.zeros_like(Y)
    zid = id(Z)
    Z[:] = X + Y
    assert id(Z) == zid
    np.testing.assert_array_equal(np.asarray(Z), np.asarray(X) + np.asarray(Y))


def test_setitem_forms_from_the_seeds(mode):
    X = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    X[1, 2] = 9
    X[0:2, :] = 12
    assert X.tolist() == [[12, 12, 12, 12], [12, 12, 12, 12], [8, 9, 10, 11]]
    x = torch.tensor([-1.0, 2.0, -3.0, 4.0])
    x[x > 0] = 0
    assert x.tolist() == [-1.0, 0.0, -3.0, 0.0]


def test_version_counter_is_shared_with_views(mode):
    x = torch.zeros(4)
    v = x[1:]
    assert x._version == 0
    v.add_(1)
    assert x._version == 1 and v._version == 1
    x.zero_()
    assert x._version == 2
    assert v._base is x and x._base is None


@pytest.mark.parametrize("make,shape,stride,contiguous,offset", [
    (lambda: torch.zeros(3, 4), (3, 4), (4, 1), True, 0),
    (lambda: torch.zeros(3, 4).t(), (4, 3), (1, 4), False, 0),
    (lambda: torch.zeros(3, 4)[:, 1:3], (3, 2), (4, 1), False, 1),
    (lambda: torch.zeros(3, 4)[1], (4,), (1,), True, 4),
    (lambda: torch.zeros(3, 4)[::2], (2, 4), (8, 1), False, 0),
    (lambda: torch.zeros(3, 4).unsqueeze(1), (3, 1, 4), (4, 4, 1), True, 0),
    (lambda: torch.zeros(3).expand(2, 3), (2, 3), (0, 1), False, 0),
    (lambda: torch.zeros(3, 4).diagonal(1), (3,), (5,), False, 1),
    (lambda: torch.zeros(2, 3, 4).permute(2, 0, 1), (4, 2, 3), (1, 12, 4), False, 0),
])
def test_strides_match_pytorch(make, shape, stride, contiguous, offset):
    t = make()
    assert tuple(t.shape) == shape
    assert t.stride() == stride
    assert t.is_contiguous() is contiguous
    assert t.storage_offset() == offset


def test_view_of_non_contiguous_raises_and_reshape_copies(mode):
    t = torch.arange(6).reshape(2, 3).t()
    with pytest.raises(RuntimeError, match="view size is not compatible with input tensor's "
                                           "size and stride"):
        t.view(6)
    r = t.reshape(6)
    assert r.tolist() == [0, 3, 1, 4, 2, 5]
    r[0] = 100  # a copy: the source is untouched
    assert t.tolist() == [[0, 3], [1, 4], [2, 5]]
    c = t.contiguous()
    assert c.is_contiguous() and c.view(6).tolist() == [0, 3, 1, 4, 2, 5]


def test_reshape_of_contiguous_is_a_view(mode):
    x = torch.zeros(2, 3)
    r = x.reshape(3, 2)
    r[0, 0] = 1
    assert x[0, 0].item() == 1


def test_view_shape_errors():
    x = torch.zeros(2, 3)
    with pytest.raises(RuntimeError, match=r"shape '\[4, 2\]' is invalid for input of size 6"):
        x.view(4, 2)
    with pytest.raises(RuntimeError, match="only one dimension can be inferred"):
        x.view(-1, -1)
    with pytest.raises(IndexError, match=r"Dimension out of range \(expected to be in range of "
                                         r"\[-2, 1\], but got 2\)"):
        x.transpose(0, 2)
    with pytest.raises(RuntimeError, match="The expanded size of the tensor"):
        x.expand(4, 3)


def test_data_assignment_replaces_value(mode):
    w = torch.ones(3)
    wid = id(w)
    w.data = w.data - 0.5 * torch.ones(3)
    assert id(w) == wid and w.tolist() == [0.5, 0.5, 0.5]
    w.data = torch.zeros(2, 2)
    assert w.shape == (2, 2)


def test_clone_does_not_alias(mode):
    x = torch.ones(3)
    c = x.clone()
    c[0] = 5
    assert x.tolist() == [1, 1, 1]


def test_split_unbind_chunk_are_views(mode):
    x = torch.arange(6.0)
    a, b = x.chunk(2)
    b[0] = -1
    assert x.tolist() == [0, 1, 2, -1, 4, 5]
    parts = x.split([1, 5])
    parts[0].fill_(9)
    assert x[0].item() == 9
    rows = torch.zeros(2, 2).unbind(0)
    rows[1][1] = 3
    assert rows[1]._base is not None


def test_inplace_view_ops_change_geometry_and_keep_identity():
    x = torch.arange(6.).reshape(2, 3)
    before = id(x)
    assert x.t_() is x and id(x) == before
    assert x.shape == (3, 2) and not x.is_contiguous()
    assert x.tolist() == [[0.0, 3.0], [1.0, 4.0], [2.0, 5.0]]
    y = torch.zeros(3)
    assert y.unsqueeze_(0).shape == (1, 3)
    assert y.squeeze_().shape == (3,)
    assert y.transpose_(0, 0).shape == (3,)
    base = torch.zeros(2, 3)
    v = base[0]
    v.unsqueeze_(0)
    v[0, 1] = 5
    assert base.tolist() == [[0.0, 5.0, 0.0], [0.0, 0.0, 0.0]]
    a = torch.ones(3, requires_grad=True)
    c = a * 2
    c.unsqueeze_(0)
    c.sum().backward()
    assert a.grad.tolist() == [2.0, 2.0, 2.0]
    w = torch.zeros(3, requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Variable that requires grad"):
        w.unsqueeze_(0)


def test_permute_rank_mismatch_message():
    # PyTorch 2.13 names the sparse kernel in this message even for dense tensors
    with pytest.raises(RuntimeError, match=r"^permute\(sparse_coo\): number of dimensions in the "
                       r"tensor input does not match .* input.dim\(\) = 2 is not equal to "
                       r"len\(dims\) = 1$"):
        torch.ones(2, 3).permute(0)
