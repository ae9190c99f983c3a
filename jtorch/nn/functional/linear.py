"""nn.functional: linear and bilinear (one kernel each: the matmul and the bias add fuse).

Products use linalg's accumulation rules (float32 at Precision.HIGHEST as PyTorch's CPU/cuBLAS
without TF32; float16/bfloat16 accumulate in float32), and bad calls raise the message of the
kernel PyTorch reaches (addmm's, mm's, mv's, dot's) for that input rank and bias.
"""
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.elementwise import broadcast_shapes_cached
from ..._ops.linalg import _acc_matmul, _c10, _cpp
from ..._ops.shape import expand_shape

__all__ = ["linear", "bilinear"]


def _linear(x, w):
    return _acc_matmul(x, w.T).astype(x.dtype)


def _linear_bias(x, w, b):
    y = _acc_matmul(x, w.T)
    return (y + b.astype(y.dtype)).astype(x.dtype)


def _linear_flat_bias(x, w, b):
    y = _linear_bias(x.reshape(-1, x.shape[-1]), w, b)
    return y.reshape(x.shape[:-1] + w.shape[:1])


def _grad_name(nx, nw, bias, fused):
    """The grad_fn name PyTorch's decomposition of linear ends in."""
    if bias is not None and nx != 2:
        return "ViewBackward0" if fused else "AddBackward0"
    if nw == 1:
        return ("DotBackward0", "MvBackward0")[nx - 1] if nx <= 2 else "UnsafeViewBackward0"
    if nx == 2:
        return "MmBackward0" if bias is None else "AddmmBackward0"
    return "SqueezeBackward4" if nx == 1 else "UnsafeViewBackward0"


def linear(input, weight, bias=None):
    """y = input @ weight.T + bias, with PyTorch's shape and dtype errors."""
    xn, wn = input._nd, weight._nd
    xs, ws = xn.shape, wn.shape
    if not xs or not ws:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are "
                           f"{len(xs)}D and {len(ws)}D")
    if len(ws) > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {len(ws)}D")
    if bias is not None:
        if bias._nd.dtype is not wn.dtype:
            raise RuntimeError(f"self and mat2 must have the same dtype, but got "
                               f"{_c10(bias._nd.dtype)} and {_c10(wn.dtype)}")
        if xn.dtype is not wn.dtype:
            raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got "
                               f"{_c10(xn.dtype)} and {_c10(wn.dtype)}")
    k = xs[-1]
    rows = 1
    for d in xs[:-1]:
        rows *= d
    if len(ws) == 2:
        if ws[1] != k:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({rows}x{k} and "
                               f"{ws[1]}x{ws[0]})")
        out = xs[:-1] + ws[:1]
    else:
        if ws[0] != k:
            if len(xs) == 1:
                raise RuntimeError(f"inconsistent tensor size, expected tensor [{k}] and src "
                                   f"[{ws[0]}] to have the same number of elements, but got "
                                   f"{k} and {ws[0]} elements respectively")
            raise RuntimeError(f"size mismatch, got input ({rows}), mat ({rows}x{k}), vec "
                               f"({ws[0]})")
        out = xs[:-1]
    if xn.dtype is not wn.dtype:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: "
                           f"{_cpp(xn.dtype)} != {_cpp(wn.dtype)}")
    if bias is None:
        return record(_linear, (input, weight), name="linear",
                      gname=_grad_name(len(xs), len(ws), None, False))
    bs = bias._nd.shape
    fused = len(xs) == 2
    if not fused:
        # PyTorch flattens a contiguous input into one addmm when the bias is a vector (one
        # dimension that is not 1); otherwise it adds the bias in place after a matmul.
        fused = (len(bs) == 1 or sum(d != 1 for d in bs) == 1) and (
            input._base is None or input.is_contiguous())
    if fused:
        if len(ws) == 1:
            raise RuntimeError("mat2 must be a matrix, got 1-D tensor")
        expand_shape(bs, (rows,) + out[-1:], bias._nd.dtype)
        if len(xs) != 2 and bs != out[-1:]:  # the bias broadcasts over flattened rows
            return record(_linear_flat_bias, (input, weight, bias), name="linear",
                          gname="ViewBackward0")
    else:
        full = broadcast_shapes_cached(out, bs)
        if full != tuple(out):
            raise RuntimeError(f"output with shape {list(out)} doesn't match the broadcast "
                               f"shape {list(full)}")
    return record(_linear_bias, (input, weight, bias), name="linear",
                  gname=_grad_name(len(xs), len(ws), bias, fused))


def _bilinear(x1, x2, w):
    return jnp.einsum("...i,oij,...j->...o", x1, w, x2, precision="highest")


def _bilinear_bias(x1, x2, w, b):
    return jnp.einsum("...i,oij,...j->...o", x1, w, x2, precision="highest") + b


def bilinear(input1, input2, weight, bias=None):
    """y = x1^T A x2 + b over the last dimension of both inputs (PyTorch's checks, in its
    order)."""
    ts = (input1, input2, weight) + (() if bias is None else (bias,))
    if any(t._nd.dtype is not input1._nd.dtype for t in ts):
        names = ("input1", "input2", "weight", "bias")
        raise RuntimeError("All tensors must have the same dtype, got " + ", ".join(
            f"{n}: {_cpp(t._nd.dtype)}" for n, t in zip(names, ts)))
    s1, s2, ws = input1._nd.shape, input2._nd.shape, weight._nd.shape
    if len(s1) != len(s2):
        raise RuntimeError(f"bilinear(): input dimensions do not match: got {len(s1)} and "
                           f"{len(s2)}")
    for i, (a, b) in enumerate(zip(s1[:-1], s2[:-1])):
        if a != b:
            raise RuntimeError(f"bilinear(): input batch dimensions do not match at dim {i}: "
                               f"got {a} and {b}")
    if len(ws) != 3:
        raise RuntimeError("number of dimensions must match")
    if s1[-1] != ws[1]:
        raise RuntimeError(f"bilinear(): input1 size does not match weight size: got "
                           f"{s1[-1]} but expected {ws[1]}")
    if s2[-1] != ws[2]:
        raise RuntimeError(f"bilinear(): input2 size does not match weight size: got "
                           f"{s2[-1]} but expected {ws[2]}")
    if bias is None:
        return record(_bilinear, (input1, input2, weight), name="bilinear",
                      gname="ViewBackward0")
    if bias._nd.shape[:1] != ws[:1]:
        raise RuntimeError(f"bilinear(): bias size does not match weight size: got "
                           f"{bias._nd.shape[0] if bias._nd.shape else 1} but expected {ws[0]}")
    return record(_bilinear_bias, (input1, input2, weight, bias), name="bilinear",
                  gname="AddBackward0")
