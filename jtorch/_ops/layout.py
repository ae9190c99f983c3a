"""Storage and layout methods: Tensor.resize_ / resize_as_ / resize, to_dense, and the
sparse-only accessors a dense (strided) tensor refuses, as PyTorch's do.

jtorch's tensors hold values, not storages: resize_ keeps the first elements in row-major
order and fills new ones with zeros (PyTorch leaves them uninitialised), which is what a
program may rely on. A view has no storage of its own to resize, so resizing one to a new
shape raises NotImplementedError.
"""
import math
import warnings

import jax.numpy as jnp

from .registry import op
from . import dispatch
from .shape import _sizes, reshape


def _resize_kernel(a, *, shape):
    flat = a.reshape(-1)
    n = math.prod(shape)
    if n <= flat.shape[0]:
        return flat[:n].reshape(shape)
    return jnp.concatenate([flat, jnp.zeros(n - flat.shape[0], a.dtype)]).reshape(shape)


def _checked_sizes(args):
    shape = _sizes(args, "resize_")
    if any(s < 0 for s in shape):
        raise RuntimeError("numel: integer multiplication overflow")
    return shape


@op("resize_", function=False)
def resize_(self, *sizes, memory_format=None):
    """Tensor.resize_: in place; the first elements are kept, new ones are zero."""
    shape = _checked_sizes(sizes)
    if self.requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    if shape == tuple(self.shape):
        return self
    if self._base is not None:
        raise NotImplementedError("resize_ of a view to a new shape is not supported by "
                                  "jtorch: a view has no storage of its own to resize")
    node = dispatch.record(_resize_kernel, (self,), (("shape", shape),), name="resize_",
                           wrap=False)
    self._set_node(node)
    return self


@op("resize_as_", function=False)
def resize_as_(self, the_template, memory_format=None):
    """Tensor.resize_as_: resize_ to another tensor's shape."""
    return resize_(self, tuple(the_template.shape))


@op("resize", function=False)
def resize(self, *sizes):
    """The deprecated out-of-place Tensor.resize: a reshaped copy of the same numel."""
    warnings.warn("non-inplace resize is deprecated", UserWarning, stacklevel=2)
    shape = _checked_sizes(sizes)
    n = math.prod(shape)
    if n != self.numel():
        raise RuntimeError(
            f"requested resize to {'x'.join(map(str, shape))} ({n} elements in total), but the "
            f"given tensor has a size of {'x'.join(map(str, self.shape))} ({self.numel()} "
            "elements). autograd's resize can only change the shape of a given tensor, while "
            "preserving the number of elements. ")
    return dispatch.record(_resize_kernel, (self,), (("shape", shape),), name="resize",
                           gname="ResizeBackward")


def _sparse_only(name, layout):
    def method(self):
        raise RuntimeError(f"{name} expected {layout} layout but got Strided")
    method.__name__ = name
    method.__doc__ = f"Tensor.{name}: defined for sparse tensors only (jtorch has none)."
    return method


for _name, _layout in (("values", "sparse tensor"), ("indices", "sparse coordinate tensor"),
                       ("coalesce", "sparse coordinate tensor"),
                       ("crow_indices", "sparse row compressed tensor"),
                       ("col_indices", "sparse row compressed tensor")):
    op(_name, function=False)(_sparse_only(_name, _layout))


@op("to_dense", function=False)
def to_dense(self, dtype=None, *, masked_grad=None):
    """Tensor.to_dense: a strided tensor is already dense (itself, or a cast copy)."""
    return self if dtype is None else self.to(dtype)
