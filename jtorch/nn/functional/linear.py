"""nn.functional: linear and bilinear (one kernel each: the matmul and the bias add fuse)."""
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.shape import expand_shape
from ..._tensor import _c10_name

__all__ = ["linear", "bilinear"]

_SCALAR_NAME = {"Float": "float", "Double": "double", "Half": "c10::Half",
                "BFloat16": "c10::BFloat16"}


def _linear(x, w, b=None):
    y = jnp.matmul(x, w.T)
    return y if b is None else y + b


def _linear_grad_name(ndim, has_bias):
    if ndim == 2:
        return "AddmmBackward0" if has_bias else "MmBackward0"
    if ndim == 1:
        return "ViewBackward0" if has_bias else "SqueezeBackward4"
    return "ViewBackward0" if has_bias else "UnsafeViewBackward0"


def linear(input, weight, bias=None):
    """y = input @ weight.T + bias, with PyTorch's shape and dtype errors."""
    xs, ws = input._nd.shape, weight._nd.shape
    if not xs or not ws:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{len(xs)}D and {len(ws)}D")
    k = xs[-1]
    rows = 1
    for d in xs[:-1]:
        rows *= d
    if len(ws) == 2 and ws[1] != k:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and "
                           f"{ws[1]}x{ws[0]})")
    if len(ws) == 1 and ws[0] != k:
        raise RuntimeError(f"size mismatch, got input ({k}), weight ({ws[0]})")
    if input._nd.dtype is not weight._nd.dtype:
        a, b = (_SCALAR_NAME.get(_c10_name(t._nd.dtype), _c10_name(t._nd.dtype).lower())
                for t in (input, weight))
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {a} != {b}")
    gname = _linear_grad_name(len(xs), bias is not None)
    if bias is None:
        return record(_linear, (input, weight), name="linear", gname=gname)
    out = xs[:-1] + ws[:1] if len(ws) == 2 else xs[:-1]
    expand_shape(bias._nd.shape, out, bias._nd.dtype)
    return record(_linear, (input, weight, bias), name="linear", gname=gname)


def _bilinear(x1, x2, w, b=None):
    y = jnp.einsum("...i,oij,...j->...o", x1, w, x2)
    return y if b is None else y + b


def bilinear(input1, input2, weight, bias=None):
    """y = x1^T A x2 + b over the last dimension of both inputs."""
    s1, s2, ws = input1._nd.shape, input2._nd.shape, weight._nd.shape
    if len(ws) != 3:
        raise RuntimeError(f"bilinear(): weight must be three-dimensional, but got {len(ws)}D")
    if s1[-1] != ws[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got "
                           f"{s1[-1]} but expected {ws[1]}")
    if s2[-1] != ws[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got "
                           f"{s2[-1]} but expected {ws[2]}")
    if len(s1) != len(s2):
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {len(s1)} and "
                           f"{len(s2)}")
    for i, (a, b) in enumerate(zip(s1[:-1], s2[:-1])):
        if a != b:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: "
                               f"got {a} and {b}")
    ins = (input1, input2, weight) if bias is None else (input1, input2, weight, bias)
    return record(_bilinear, ins, name="bilinear", gname="AddBackward0" if bias is not None
                  else "ViewBackward0")
