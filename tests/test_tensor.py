"""Tensor attributes and conversions: shape/size/dim, item/tolist/numpy, Python protocols,
type() with legacy type names, to(), new_*, hashing by identity."""
import copy
import pickle

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import jtorch as torch


def test_shape_size_dim_numel(mode):
    t = torch.zeros(2, 3, 4)
    assert t.shape == torch.Size([2, 3, 4]) and isinstance(t.shape, torch.Size)
    assert repr(t.shape) == "torch.Size([2, 3, 4])"
    assert t.size() == (2, 3, 4) and t.size(1) == 3 and t.size(-1) == 4
    assert t.dim() == t.ndim == t.ndimension() == 3
    assert t.numel() == 24 == t.nelement() and t.shape.numel() == 24
    assert t.element_size() == 4 and t.itemsize == 4 and t.nbytes == 96
    assert len(t) == 2
    with pytest.raises(IndexError, match="Dimension out of range"):
        t.size(3)


def test_item_tolist_numpy(mode):
    a = torch.tensor([3, 5])
    assert a.tolist() == [3, 5]
    assert torch.tensor(3.5).item() == 3.5 and isinstance(torch.tensor(3).item(), int)
    assert torch.tensor(True).item() is True
    assert float(torch.tensor([3.5])) == 3.5 and int(torch.tensor([3.5])) == 3
    with pytest.raises(RuntimeError, match="a Tensor with 2 elements cannot be converted to "
                                           "Scalar"):
        a.item()
    n = torch.arange(6).reshape(2, 3).numpy()
    assert isinstance(n, np.ndarray) and n.dtype == np.int64 and n.shape == (2, 3)
    assert np.asarray(torch.ones(2, dtype=torch.float64)).dtype == np.float64
    assert np.array(torch.ones(2), dtype=np.float64).dtype == np.float64


def test_numpy_of_tensor_requiring_grad_raises():
    w = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError, match=r"Can't call numpy\(\) on Tensor that requires grad. "
                                           r"Use tensor.detach\(\).numpy\(\) instead."):
        w.numpy()
    assert w.detach().numpy().tolist() == [1.0, 1.0]


def test_python_protocols():
    assert bool(torch.tensor([1])) is True and bool(torch.tensor(0.0)) is False
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with more than one value is "
                                           "ambiguous"):
        bool(torch.ones(2))
    with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
        len(torch.tensor(1.0))
    with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
        iter(torch.tensor(1.0))
    rows = list(torch.arange(6).reshape(3, 2))
    assert [r.tolist() for r in rows] == [[0, 1], [2, 3], [4, 5]]
    assert [10, 20, 30][torch.tensor(2)] == 30
    with pytest.raises(TypeError, match="only integer tensors of a single element can be "
                                        "converted to an index"):
        [1, 2][torch.tensor(1.0)]
    for convert in (float, int, complex):
        with pytest.raises(ValueError, match="only one element tensors can be converted to "
                                             "Python scalars"):
            convert(torch.ones(2))
    assert complex(torch.tensor(2.0)) == 2 + 0j
    with pytest.raises(RuntimeError, match="Boolean value of Tensor with no values is ambiguous"):
        bool(torch.tensor([]))
    with pytest.raises(RuntimeError, match="with more than one value is ambiguous"):
        bool(torch.ones(2))
    a, b = torch.ones(1), torch.ones(1)
    assert hash(a) != hash(b) and len({a, b}) == 2  # hashing by identity
    assert 2 in torch.tensor([1, 2, 3]) and 5 not in torch.tensor([1, 2, 3])
    assert f"{torch.tensor(3.14159):.2f}" == "3.14"


@pytest.mark.parametrize("dt,name", [
    (torch.float32, "torch.FloatTensor"), (torch.float64, "torch.DoubleTensor"),
    (torch.float16, "torch.HalfTensor"), (torch.bfloat16, "torch.BFloat16Tensor"),
    (torch.int64, "torch.LongTensor"), (torch.int32, "torch.IntTensor"),
    (torch.int16, "torch.ShortTensor"), (torch.int8, "torch.CharTensor"),
    (torch.uint8, "torch.ByteTensor"), (torch.bool, "torch.BoolTensor")])
def test_type_names(dt, name):
    t = torch.zeros(2, dtype=dt)
    assert t.type() == name
    back = torch.zeros(2).type(name)
    assert back.dtype is dt
    legacy = getattr(torch, name.split(".")[1])
    assert torch.zeros(2).type(legacy).dtype is dt
    assert isinstance(t, legacy) and isinstance(t, torch.Tensor)


def test_type_and_conversion_methods(mode):
    a = torch.tensor([1.7, -2.2])
    assert a.type(torch.int32).dtype is torch.int32
    assert a.long().tolist() == [1, -2] and a.long().dtype is torch.int64
    assert a.int().dtype is torch.int32 and a.double().dtype is torch.float64
    assert a.half().dtype is torch.float16 and a.bfloat16().dtype is torch.bfloat16
    assert a.bool().tolist() == [True, True] and a.float() is a
    assert a.to(torch.float64).dtype is torch.float64
    assert a.to("cpu") is a and a.to(torch.float32) is a
    assert a.to(torch.float32, copy=True) is not a
    assert a.to(torch.zeros(1, dtype=torch.int64)).dtype is torch.int64
    assert a.to(device="cpu", dtype=torch.float16).dtype is torch.float16
    assert a.cpu() is a
    assert a.type_as(torch.zeros(1, dtype=torch.int16)).dtype is torch.int16
    with pytest.raises(ValueError, match="invalid type"):
        a.type("torch.NotATensor")


def test_new_factories_keep_dtype_and_device(mode):
    base = torch.zeros(1, dtype=torch.float64)
    assert base.new_zeros(2, 3).dtype is torch.float64
    assert base.new_ones((2,)).tolist() == [1.0, 1.0]
    assert base.new_full((2,), 7).tolist() == [7.0, 7.0]
    assert base.new_tensor([1, 2]).dtype is torch.float64
    assert base.new_empty(3).shape == (3,)
    assert base.new_zeros(2, dtype=torch.int32).dtype is torch.int32


def test_is_leaf_requires_grad_flags():
    t = torch.ones(2)
    assert t.is_leaf and not t.requires_grad and t.grad is None and t.grad_fn is None
    w = torch.zeros(2, requires_grad=True)
    assert w.requires_grad and w.is_leaf
    assert t.requires_grad_().requires_grad
    with pytest.raises(RuntimeError, match="floating point"):
        torch.zeros(2, dtype=torch.int64).requires_grad_()


def test_jax_and_dlpack_interop(mode):
    j = jnp.arange(4, dtype=jnp.float32)
    t = torch.from_jax(j)
    assert t.dtype is torch.float32 and t.tolist() == [0, 1, 2, 3]
    assert t.jax() is j  # zero-copy both ways
    out = (t * 2).jax()
    assert isinstance(out, jax.Array) and out.tolist() == [0, 2, 4, 6]
    assert jnp.sum(jnp.asarray(torch.ones(3))).item() == 3.0  # via the array protocol
    d = torch.from_dlpack(np.arange(3, dtype=np.int32))
    assert d.dtype is torch.int32 and d.tolist() == [0, 1, 2]
    back = np.from_dlpack(torch.arange(3))
    assert back.tolist() == [0, 1, 2]


def test_pickle_and_deepcopy_round_trip():
    t = torch.arange(6.0).reshape(2, 3)
    u = pickle.loads(pickle.dumps(t))
    assert u.tolist() == t.tolist() and u.dtype is t.dtype
    c = copy.deepcopy(t)
    c[0, 0] = 100
    assert t[0, 0].item() == 0


def test_contiguous_clone_element_size():
    t = torch.zeros(2, 3).t()
    assert not t.is_contiguous() and t.contiguous().is_contiguous()
    assert torch.zeros(2, dtype=torch.float64).element_size() == 8
    assert torch.zeros(2, dtype=torch.bool).element_size() == 1


def test_array_protocol_lets_numpy_consume_tensors():
    t = torch.linspace(0, 1, 5)
    assert np.allclose(np.sin(np.asarray(t)), np.sin(np.linspace(0, 1, 5)))
    assert np.asarray(t).mean() == pytest.approx(0.5)
    with pytest.raises(TypeError):  # as in PyTorch: np.mean calls Tensor.mean(axis=, out=)
        np.mean(t)


@pytest.mark.parametrize("dst,src,message", [
    ((), (1,), r"output with shape \[\] doesn't match the broadcast shape \[1\]"),
    ((2, 3), (2, 1, 3), r"output with shape \[2, 3\] doesn't match the broadcast shape "
                        r"\[2, 2, 3\]"),
    ((2, 3), (4,), r"The size of tensor a \(3\) must match the size of tensor b \(4\) at "
                   r"non-singleton dimension 1"),
])
def test_copy_from_a_shape_that_does_not_broadcast_raises(dst, src, message):
    with pytest.raises(RuntimeError, match=message):
        torch.zeros(dst).copy_(torch.ones(src))


def test_type_names_print_as_pytorchs():
    """`print(type(x))` in a tutorial shows PyTorch's class paths; pickling is unaffected."""
    import pickle
    t = torch.ones(2)
    p = torch.nn.Parameter(torch.ones(2))
    assert str(type(t)) == "<class 'torch.Tensor'>"
    assert str(type(p)) == "<class 'torch.nn.parameter.Parameter'>"
    back = pickle.loads(pickle.dumps(p))
    assert type(back) is type(p) and back.tolist() == [1.0, 1.0] and back.requires_grad
