"""nn.functional.pad (constant, reflect, replicate, circular; negative pads crop) and
torch.constant_pad_nd: one kernel per call (lax.pad for constant, a static-index gather per padded
dimension otherwise, so the gradient is the scatter-add PyTorch's backward computes)."""
import numpy as np
import jax
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.registry import op
from ..._tensor import Tensor

__all__ = ["pad"]

_MODES = ("constant", "reflect", "replicate", "circular")
_CTYPE = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int",
          "int64": "int64_t"}
_NONCONST = ("Padding size {n} is not supported for {d}D input tensor.\n"
             "Supported combinations for non-constant padding:\n"
             "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
             "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
             "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)")


def _constant_kernel(x, value, *, pads):
    cfg = [(0, 0, 0)] * (x.ndim - len(pads)) + [(lo, hi, 0) for lo, hi in pads]
    return jax.lax.pad(x, jnp.asarray(value).astype(x.dtype), cfg)


def _gather_kernel(x, *, index):
    """index: per trailing dimension, a tuple of source positions (or None to keep it)."""
    nd = len(index)
    for k, idx in enumerate(index):
        if idx is not None:
            x = jnp.take(x, np.asarray(idx, np.int64), axis=x.ndim - nd + k, mode="clip")
    return x


def _source(n, lo, hi, mode):
    """Source positions along one dimension of size n padded by (lo, hi)."""
    j = np.arange(n + lo + hi)
    if mode == "circular":
        off = max(-lo, 0)
        c = max(n - off - max(-hi, 0), 1)
        return tuple(int(v) for v in off + (j - max(lo, 0)) % c)
    i = j - lo
    if mode == "reflect":
        i = np.where(i < 0, -i, i)
        i = np.where(i > n - 1, 2 * (n - 1) - i, i)
    else:
        i = np.clip(i, 0, n - 1)
    return tuple(int(v) for v in i)


def _pad_list(pad):
    if isinstance(pad, Tensor) or not isinstance(pad, (tuple, list)) and \
            type(pad).__name__ != "Size":
        raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, not "
                        f"{type(pad).__name__}")
    out = []
    for i, p in enumerate(pad):
        if isinstance(p, bool) or not hasattr(p, "__index__"):
            raise TypeError(f"pad(): argument 'pad' (position 2) must be tuple of ints, but found "
                            f"element of type {type(p).__name__} at pos {i}")
        out.append(int(p.__index__()))
    return out


def _fill_value(value, dt):
    if isinstance(value, Tensor):
        value = value.item()
    if not isinstance(value, (bool, int, float)) and not hasattr(value, "__float__"):
        raise TypeError(f"pad(): argument 'value' (position 4) must be float, not "
                        f"{type(value).__name__}")
    if dt.name == "bool":
        return bool(value)
    if dt.is_floating_point or dt.is_complex:
        return float(value)
    v = int(value)
    info = np.iinfo(dt.name)
    if not info.min <= v <= info.max:
        raise RuntimeError(f"value cannot be converted to type {_CTYPE[dt.name]} without "
                           "overflow")
    return v


def _constant(input, pad, value):
    shape = input._nd.shape
    nd = len(shape)
    npad = len(pad) // 2
    if len(pad) % 2:
        raise RuntimeError(f"Length of pad must be even but instead it equals {len(pad)}")
    if npad > nd:
        raise RuntimeError("Length of pad should be no more than twice the number of dimensions "
                           f"of the input. Pad length is {len(pad)}while the input has "
                           f"{nd}dimensions.")
    pairs = []
    for k in range(npad):
        d = nd - npad + k
        lo, hi = pad[2 * (nd - d - 1)], pad[2 * (nd - d - 1) + 1]
        size = shape[d]
        if lo < 0:
            size += lo
            if size < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        if hi < 0:
            size += hi
            if size < 0:
                raise RuntimeError("narrow(): length must be non-negative.")
        pairs.append((lo, hi))
    value = _fill_value(0 if value is None else value, input._nd.dtype)
    return record(_constant_kernel, (input, value), (("pads", tuple(pairs)),),
                  name="constant_pad_nd", gname="ConstantPadNdBackward0")


def pad(input, pad, mode="constant", value=None):
    """F.pad with PyTorch's modes, dimension rules and errors; negative pads crop."""
    pad = _pad_list(pad)
    if mode not in _MODES:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    shape = input._nd.shape
    nd = len(shape)
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    if len(pad) > 2 * nd:
        raise RuntimeError("Padding length should be less than or equal to two times the input "
                           f"dimension but got padding length {len(pad)} and input of dimension "
                           f"{nd}")
    if mode == "constant":
        return _constant(input, pad, value)
    if value is not None and value != 0:
        raise RuntimeError(f"Padding mode \"{mode}\" doesn't take in value argument")
    k = len(pad) // 2
    if k not in (1, 2, 3) or nd not in (k + 1, k + 2):
        raise NotImplementedError(_NONCONST.format(n=len(pad), d=nd))
    if input._nd.dtype.name == "bool" and mode != "circular":
        raise NotImplementedError(f"\"{mode}_pad{k}d\" not implemented for 'Bool'")
    # (lo, hi) per padded dimension, outermost first; pad lists the last dimension first
    pairs = [(pad[2 * (k - 1 - i)], pad[2 * (k - 1 - i) + 1]) for i in range(k)]
    spatial = shape[nd - k:]
    outs = [n + lo + hi for n, (lo, hi) in zip(spatial, pairs)]
    if mode == "circular":
        for n, (lo, hi), o in zip(spatial, pairs, outs):
            if lo > n or hi > n:
                raise RuntimeError("Padding value causes wrapping around more than once.")
            if o < 0:
                raise RuntimeError("Negative padding value is resulting in an empty dimension")
        gname = "CopySlices"
    else:
        batched = nd == k + 2
        if any(s == 0 for s in (shape[1:] if batched else shape)):
            raise RuntimeError(f"Expected {k + 1}D or {k + 2}D (batch mode) tensor with possibly "
                               "0 batch size and other non-zero dimensions for input, but got: "
                               f"{list(shape)}")
        if mode == "reflect":
            for i in range(k - 1, -1, -1):  # the last dimension is checked first
                (lo, hi), n = pairs[i], spatial[i]
                if lo >= n or hi >= n:
                    raise RuntimeError(
                        f"Argument #{4 + 2 * (k - 1 - i)}: Padding size should be less than the "
                        f"corresponding input dimension, but got: padding ({lo}, {hi}) at "
                        f"dimension {nd - k + i} of input {list(shape)}")
        if all(o < 1 for o in outs):
            raise RuntimeError(_too_small(mode, spatial, outs))
        gname = ("ReflectionPad" if mode == "reflect" else "ReplicationPad") + f"{k}DBackward0"
    index = tuple(None if lo == 0 and hi == 0 else _source(n, lo, hi, mode)
                  for n, (lo, hi) in zip(spatial, pairs))
    return record(_gather_kernel, (input,), (("index", index),), name=f"{mode}_pad{k}d",
                  gname=gname)


def _too_small(mode, spatial, outs):
    if len(spatial) == 1:
        return f"input (W: {spatial[0]}) is too small. Calculated output W: {outs[0]}"
    if len(spatial) == 2:
        gap = " " if mode == "replicate" else ""
        return (f"input (H: {spatial[0]}, W: {spatial[1]}{gap}) is too small. Calculated output "
                f"H: {outs[0]} W: {outs[1]}")
    return (f"input (D: {spatial[0]} H: {spatial[1]}, W: {spatial[2]}) is too small. Calculated "
            f"output D: {outs[0]} H: {outs[1]} W: {outs[2]}")


@op("constant_pad_nd", method=False)
def constant_pad_nd(input, pad, value=0):
    """torch.constant_pad_nd: pads the last len(pad)//2 dimensions with `value`."""
    return _constant(input, _pad_list(pad), value)
