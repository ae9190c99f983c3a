"""nn.functional: conv1d/2d/3d and conv_transpose1d/2d/3d (one lax.conv_general_dilated kernel
each, float32 at HIGHEST precision so CPU and GPU agree with PyTorch), with PyTorch's argument
rules ('same'/'valid' padding, unbatched inputs, groups) and its error messages."""
import jax
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.registry import op
from ..._tensor import _c10_name

__all__ = ["conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d"]

_DN = {1: ("NCH", "OIH", "NCH"), 2: ("NCHW", "OIHW", "NCHW"), 3: ("NCDHW", "OIDHW", "NCDHW")}
_HIGHEST = jax.lax.Precision.HIGHEST
_AXES = {1: ("width",), 2: ("height", "width"), 3: ("depth", "height", "width")}
# c10 scalar names as PyTorch's bias check prints them
_SCALAR = {"Float": "float", "Double": "double", "Half": "c10::Half", "BFloat16": "c10::BFloat16",
           "Long": "long int", "Int": "int", "Short": "short int", "Char": "signed char",
           "Byte": "unsigned char", "Bool": "bool"}


def _conv_kernel(x, w, b=None, *, stride, padding, dilation, groups, unbatched):
    if unbatched:
        x = x[None]
    nd = x.ndim - 2
    if any(lo or hi for lo, hi in padding):
        # Explicit padding: XLA folds it back into the conv, but the input gradient then avoids
        # an XLA CPU crash (algebraic_simplifier "Window dimensions do not match RHS shape") that
        # some strided, padded convs (e.g. kernel (2, 3), stride 2, padding 1) hit in their VJP.
        zero = jnp.zeros((), x.dtype)
        x = jax.lax.pad(x, zero, [(0, 0, 0)] * 2 + [(lo, hi, 0) for lo, hi in padding])
        padding = ((0, 0),) * nd
    y = jax.lax.conv_general_dilated(
        x, w, window_strides=stride, padding=padding, rhs_dilation=dilation,
        dimension_numbers=_DN[nd], feature_group_count=groups,
        precision=None if jnp.issubdtype(x.dtype, jnp.integer) else _HIGHEST)
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    y = y.astype(x.dtype)
    return y[0] if unbatched else y


def _conv_t_kernel(x, w, b=None, *, stride, padding, dilation, groups, unbatched):
    """Transposed conv as a conv over the stride-dilated input with the flipped, regrouped
    kernel; `padding` holds the (low, high) pads of that equivalent conv (may be negative)."""
    if unbatched:
        x = x[None]
    nd = x.ndim - 2
    cin, coutg, ks = w.shape[0], w.shape[1], w.shape[2:]
    w = w.reshape((groups, cin // groups, coutg) + ks)
    w = jnp.swapaxes(w, 1, 2).reshape((groups * coutg, cin // groups) + ks)
    w = jnp.flip(w, axis=tuple(range(2, 2 + nd)))
    y = jax.lax.conv_general_dilated(
        x, w, window_strides=(1,) * nd, padding=padding, lhs_dilation=stride,
        rhs_dilation=dilation, dimension_numbers=_DN[nd], feature_group_count=groups,
        precision=None if jnp.issubdtype(x.dtype, jnp.integer) else _HIGHEST)
    if b is not None:
        y = y + b.reshape((1, -1) + (1,) * nd)
    y = y.astype(x.dtype)
    return y[0] if unbatched else y


def _int_list(value, name, fname, nd):
    """A conv int-or-sequence argument as a list, expanded to `nd` when it is a single int."""
    if isinstance(value, bool) or not isinstance(value, int) and hasattr(value, "__index__") \
            and not hasattr(value, "__len__"):
        value = int(value)
    if isinstance(value, int):
        return [value] * nd
    if isinstance(value, (tuple, list)) or type(value).__name__ == "Size":
        out = []
        for i, v in enumerate(value):
            if isinstance(v, bool) or not hasattr(v, "__index__"):
                raise TypeError(f"{fname}(): argument '{name}' failed to unpack the object at pos "
                                f"{i + 1} with error \"type must be tuple of ints,but got "
                                f"{type(v).__name__}\"")
            out.append(int(v.__index__()))
        return out
    raise TypeError(f"{fname}() received an invalid combination of arguments - got "
                    f"({name}={type(value).__name__}), but expected one of tuple of ints {name}")


def _expand(values, name, k):
    """PyTorch's expand_param_if_needed: a 1-element list broadcasts to the conv's dims."""
    if len(values) == 1:
        return values * k
    if len(values) != k:
        raise RuntimeError(f"expected {name} to be a single integer value or a list of {k} values "
                           f"to match the convolution dimensions, but got {name}={values}")
    return values


def _check_dtypes(input, weight, bias, transposed=False, batch=1):
    """PyTorch's CPU checks, in its order: a bias against the input (a transposed convolution
    takes a bias of another dtype, except on oneDNN's path), then the weight against the input
    -- worded by oneDNN's check for a float32 input of more than one sample (oneDNN's path), by
    the scalar-type check otherwise."""
    xd, wd = input._nd.dtype, weight._nd.dtype
    if bias is not None and not transposed and bias._nd.dtype is not xd:
        a, b = (_SCALAR.get(_c10_name(d), _c10_name(d).lower()) for d in (xd, bias._nd.dtype))
        raise RuntimeError(f"Input type ({a}) and bias type ({b}) should be the same")
    if xd is not wd:
        raise RuntimeError(_dtype_mismatch(xd, wd, batch))
    if bias is not None and transposed and bias._nd.dtype is not xd and xd.name == "float32" \
            and batch > 1:
        raise RuntimeError(f"Input type (torch.{xd._legacy}) and bias type "
                           f"(torch.{bias._nd.dtype._legacy}) should be the same or input should "
                           "be a MKLDNN tensor and bias is a dense tensor")
    if xd.name == "bool" or xd.is_complex:
        raise NotImplementedError(f"\"slow_conv2d_cpu\" not implemented for '{_c10_name(xd)}'")


def _dtype_mismatch(xd, wd, batch):
    if xd.name == "float32" and batch > 1:
        return (f"Input type (torch.{xd._legacy}) and weight type (torch.{wd._legacy}) should be "
                "the same or input should be a MKLDNN tensor and weight is a dense tensor")
    return f"expected scalar type {_c10_name(xd)} but found {_c10_name(wd)}"


def _prepare(fname, nd, input, weight, bias, stride, padding, dilation, groups,
             output_padding=None):
    """Shared validation; returns (unbatched, stride, padding or str, dilation, output_padding)."""
    xs = input._nd.shape
    if len(xs) not in (nd + 1, nd + 2):
        raise RuntimeError(f"Expected {nd + 1}D (unbatched) or {nd + 2}D (batched) input to "
                           f"{fname}, but got input of size: {list(xs)}")
    unbatched = len(xs) == nd + 1
    k = len(weight._nd.shape) - 2
    stride = _expand(_int_list(stride, "stride", fname, nd), "stride", k)
    if isinstance(padding, str):
        if output_padding is not None:
            raise TypeError(f"{fname}(): argument 'padding' must be tuple of ints, not str")
        if padding not in ("same", "valid"):
            raise RuntimeError(f"Invalid padding string: '{padding}'")
        pad = padding
    else:
        pad = _expand(_int_list(padding, "padding", fname, nd), "padding", k)
    dilation = _expand(_int_list(dilation, "dilation", fname, nd), "dilation", k)
    if output_padding is not None:
        output_padding = _expand(_int_list(output_padding, "output_padding", fname, nd),
                                 "output_padding", k)
    if not isinstance(groups, int) or isinstance(groups, bool):
        raise TypeError(f"{fname}(): argument 'groups' must be int, not {type(groups).__name__}")
    if not isinstance(pad, str) and any(p < 0 for p in pad):
        raise RuntimeError("negative padding is not supported")
    if output_padding is not None and any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")
    if any(d < 0 for d in dilation):
        raise RuntimeError("dilation should be greater than zero")
    if any(d == 0 for d in dilation):
        _zero_dilation(input, unbatched, dilation, output_padding is not None)
    if pad == "same" and any(s != 1 for s in stride):
        raise RuntimeError("padding='same' is not supported for strided convolutions")
    _check_dtypes(input, weight, bias, transposed=output_padding is not None,
                  batch=1 if unbatched else xs[0])
    return unbatched, stride, pad, dilation, output_padding


def _zero_dilation(input, unbatched, dilation, transposed):
    """PyTorch's words for a zero dilation: oneDNN's (a float32 input of more than one sample)
    or the slow kernels' (which run 1-d as 2-d with a unit height)."""
    batch = 1 if unbatched else input._nd.shape[0]
    if input._nd.dtype.name == "float32" and batch > 1:
        raise RuntimeError("non-positive dilation is not supported")
    vals = [1] + list(dilation) if len(dilation) == 1 else list(dilation)
    if not transposed:
        raise RuntimeError(f"dilation should be greater than zero, but got {vals}")
    names = _AXES[3] if len(vals) == 3 else _AXES[2]
    raise RuntimeError("dilation should be greater than zero, but got " +
                       ", ".join(f"dilation_{n}: {v}" for n, v in zip(names, vals)))


def _check_shapes(input_shape, weight, bias, groups, transposed):
    ws = list(weight._nd.shape)
    xs = list(input_shape)
    if len(ws) != len(xs):
        raise RuntimeError(f"Expected {len(ws)}-dimensional input for {len(ws)}-dimensional "
                           f"weight {ws}, but got {len(xs)}-dimensional input of size {xs} "
                           "instead")
    if ws[0] < groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be at least {groups} at "
                           f"dimension 0, but got weight of size {ws} instead")
    if ws[0] % groups:
        raise RuntimeError(f"Given groups={groups}, expected weight to be divisible by {groups} "
                           f"at dimension 0, but got weight of size [{ws}] instead")
    bs = None if bias is None else list(bias._nd.shape)
    if not transposed:
        if xs[1] != ws[1] * groups:
            raise RuntimeError(f"Given groups={groups}, weight of size {ws}, expected input{xs} "
                               f"to have {ws[1] * groups} channels, but got {xs[1]} channels "
                               "instead")
        if bs is not None and (len(bs) != 1 or bs[0] != ws[0]):
            raise RuntimeError(f"Given weight of size {ws}, expected bias to be 1-dimensional "
                               f"with {ws[0]} elements, but got bias of size {bs} instead")
    else:
        if xs[1] != ws[0]:
            raise RuntimeError(f"Given transposed=1, weight of size {ws}, expected input{xs} to "
                               f"have {ws[0]} channels, but got {xs[1]} channels instead")
        if bs is not None and (len(bs) != 1 or bs[0] != ws[1] * groups):
            raise RuntimeError(f"Given transposed=1, weight of size {ws}, expected bias to be "
                               f"1-dimensional with {ws[1] * groups} elements, but got bias of "
                               f"size {bs} instead")


def _convnd(fname, nd, input, weight, bias, stride, padding, dilation, groups):
    unbatched, stride, pad, dilation, _ = _prepare(fname, nd, input, weight, bias, stride,
                                                   padding, dilation, groups)
    xs = input._nd.shape
    if unbatched:
        xs = (1,) + xs
    _check_shapes(xs, weight, bias, groups, False)
    ks = weight._nd.shape[2:]
    if pad == "valid":
        pad = [0] * len(ks)
    if pad == "same":
        pairs = []
        for d, k in zip(dilation, ks):
            total = d * (k - 1)
            pairs.append((total // 2, total - total // 2))
    else:
        pairs = [(p, p) for p in pad]
        padded = [n + 2 * p for n, p in zip(xs[2:], pad)]
        eff = [d * (k - 1) + 1 for d, k in zip(dilation, ks)]
        if any(a < b for a, b in zip(padded, eff)):
            raise RuntimeError(
                "Calculated padded input size per channel: ("
                + " x ".join(map(str, padded)) + "). Kernel size: (" + " x ".join(map(str, eff))
                + "). Kernel size can't be greater than actual input size")
    static = (("stride", tuple(stride)), ("padding", tuple(pairs)),
              ("dilation", tuple(dilation)), ("groups", groups), ("unbatched", unbatched))
    ins = (input, weight) if bias is None else (input, weight, bias)
    return record(_conv_kernel, ins, static, name=fname, gname="ConvolutionBackward0")


def _conv_transposend(fname, nd, input, weight, bias, stride, padding, output_padding, groups,
                      dilation):
    unbatched, stride, pad, dilation, opad = _prepare(
        fname, nd, input, weight, bias, stride, padding, dilation, groups, output_padding)
    xs = input._nd.shape
    if unbatched:
        xs = (1,) + xs
    _check_shapes(xs, weight, bias, groups, True)
    if any(o >= s and o >= d for o, s, d in zip(opad, stride, dilation)):
        names = _AXES[3] if len(opad) == 3 else _AXES[2]
        vals = (opad, stride, dilation)
        if len(opad) == 1:  # PyTorch runs 1-d as 2-d with a unit height
            vals = ([0] + opad, [1] + stride, [1] + dilation)
        parts = []
        for label, v in zip(("output_padding", "stride", "dilation"), vals):
            parts += [f"{label}_{n}: {x}" for n, x in zip(names, v)]
        raise RuntimeError("output padding must be smaller than either stride or dilation, but "
                           "got " + " ".join(parts))
    ks = weight._nd.shape[2:]
    outs = [(n - 1) * s - 2 * p + d * (k - 1) + o + 1
            for n, k, s, p, o, d in zip(xs[2:], ks, stride, pad, opad, dilation)]
    if any(o <= 0 for o in outs):
        if input._nd.dtype.name == "float32" and xs[0] > 1:   # oneDNN's path
            if any(o < 0 for o in outs):
                raise RuntimeError("could not construct a memory descriptor using a format tag")
        else:
            ins_, outs_ = list(xs[2:]), list(outs)
            if nd == 1:  # PyTorch runs 1-d as 2-d with a unit height
                ins_, outs_ = [1] + ins_, [1] + outs_
            raise RuntimeError(f"Given input size per channel: ({' x '.join(map(str, ins_))}). "
                               f"Calculated output size per channel: "
                               f"({' x '.join(map(str, outs_))}). Output size is too small")
    pairs = []
    for n, k, s, p, o, d in zip(xs[2:], ks, stride, pad, opad, dilation):
        e = d * (k - 1) - p
        pairs.append((e, e + o))
    static = (("stride", tuple(stride)), ("padding", tuple(pairs)),
              ("dilation", tuple(dilation)), ("groups", groups), ("unbatched", unbatched))
    ins = (input, weight) if bias is None else (input, weight, bias)
    return record(_conv_t_kernel, ins, static, name=fname, gname="ConvolutionBackward0")


@op("conv1d", method=False)
def conv1d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """1-d convolution over (N, C, L) or unbatched (C, L) input, as torch.conv1d."""
    return _convnd("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


@op("conv2d", method=False)
def conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """2-d convolution over (N, C, H, W) or unbatched (C, H, W) input, as torch.conv2d."""
    return _convnd("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


@op("conv3d", method=False)
def conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1):
    """3-d convolution over (N, C, D, H, W) or unbatched (C, D, H, W) input, as torch.conv3d."""
    return _convnd("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


@op("conv_transpose1d", method=False)
def conv_transpose1d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """1-d transposed convolution (weight (C_in, C_out/groups, k)), as torch.conv_transpose1d."""
    return _conv_transposend("conv_transpose1d", 1, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)


@op("conv_transpose2d", method=False)
def conv_transpose2d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """2-d transposed convolution, as torch.conv_transpose2d."""
    return _conv_transposend("conv_transpose2d", 2, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)


@op("conv_transpose3d", method=False)
def conv_transpose3d(input, weight, bias=None, stride=1, padding=0, output_padding=0, groups=1,
                     dilation=1):
    """3-d transposed convolution, as torch.conv_transpose3d."""
    return _conv_transposend("conv_transpose3d", 3, input, weight, bias, stride, padding,
                             output_padding, groups, dilation)
