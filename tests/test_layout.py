"""Tensor.resize_ / resize_as_ / resize, to_dense and the sparse-only accessors (values checked
against PyTorch 2.13's outputs for the same calls)."""
import numpy as np
import pytest

import jtorch as torch


def test_resize_in_place_keeps_leading_elements_and_identity(mode):
    x = torch.arange(6.)
    v0 = x._version
    assert x.resize_(2, 2) is x
    assert x.shape == (2, 2) and x._version == v0 + 1
    np.testing.assert_array_equal(x.numpy(), [[0., 1.], [2., 3.]])


def test_resize_in_place_grows_with_zeros(mode):
    x = torch.arange(4.)
    x.resize_((3, 3))
    assert x.shape == (3, 3) and x.dtype == torch.float32
    np.testing.assert_array_equal(x.flatten()[:4].numpy(), [0., 1., 2., 3.])
    np.testing.assert_array_equal(x.flatten()[4:].numpy(), np.zeros(5))


def test_resize_as_takes_the_template_shape():
    a, b = torch.zeros(2, 3, dtype=torch.int64), torch.ones(3, 2)
    assert a.resize_as_(b) is a and a.shape == (3, 2) and a.dtype == torch.int64


def test_resize_errors():
    with pytest.raises(RuntimeError, match="cannot resize variables that require grad"):
        torch.ones(3, requires_grad=True).resize_(2)
    with pytest.raises(RuntimeError, match="numel: integer multiplication overflow"):
        torch.ones(3).resize_(2, -1)
    with pytest.raises(NotImplementedError, match="view"):
        torch.ones(4, 2)[:, 0].resize_(3)


def test_deprecated_resize_is_a_reshaped_copy_with_grad(mode):
    x = torch.ones(2, 3, requires_grad=True)
    with pytest.warns(UserWarning, match="non-inplace resize is deprecated"):
        y = (x * 2).resize(3, 2)
    assert y.shape == (3, 2) and y.grad_fn.name() == "ResizeBackward"
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.full((2, 3), 2.))


def test_deprecated_resize_to_another_numel_raises():
    with pytest.warns(UserWarning):
        with pytest.raises(RuntimeError, match=r"requested resize to 4x5 \(20 elements in "
                           r"total\), but the given tensor has a size of 2x3 \(6 elements\)"):
            torch.ones(2, 3).resize(4, 5)


def test_dense_tensors_refuse_sparse_accessors():
    x = torch.ones(2)
    for name, layout in (("values", "sparse tensor"), ("indices", "sparse coordinate tensor"),
                         ("coalesce", "sparse coordinate tensor"),
                         ("crow_indices", "sparse row compressed tensor")):
        with pytest.raises(RuntimeError, match=f"{name} expected {layout} layout but got "
                                               "Strided"):
            getattr(x, name)()
    assert x.to_dense() is x
    assert x.to_dense(torch.float64).dtype == torch.float64

