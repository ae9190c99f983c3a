"""nn.functional.unfold (im2col) and fold (col2im): strided slices of the padded input (unfold)
and their transpose, interior-padded placements summed (fold), one kernel each, with PyTorch's
shapes, channel-major block layout and error messages."""
import jax
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.shape import wrap_dim

__all__ = ["unfold", "fold"]


def _unfold_kernel(x, *, k, d, p, s, out, unbatched):
    if unbatched:
        x = x[None]
    n, c = x.shape[:2]
    xp = jax.lax.pad(x, jnp.zeros((), x.dtype), [(0, 0, 0), (0, 0, 0), (p[0], p[0], 0),
                                                   (p[1], p[1], 0)])
    cols = []
    for i in range(k[0]):
        for j in range(k[1]):
            start = (0, 0, i * d[0], j * d[1])
            limit = (n, c, i * d[0] + (out[0] - 1) * s[0] + 1, j * d[1] + (out[1] - 1) * s[1] + 1)
            cols.append(jax.lax.slice(xp, start, limit, (1, 1) + tuple(s)))
    y = jnp.stack(cols, axis=2).reshape(n, c * k[0] * k[1], out[0] * out[1])
    return y[0] if unbatched else y


def _fold_kernel(x, *, size, k, d, p, s, blocks, unbatched):
    if unbatched:
        x = x[None]
    n = x.shape[0]
    c = x.shape[1] // (k[0] * k[1])
    cols = x.reshape(n, c, k[0] * k[1], blocks[0], blocks[1])
    ph, pw = size[0] + 2 * p[0], size[1] + 2 * p[1]
    zero = jnp.zeros((), x.dtype)
    out = jnp.zeros((n, c, ph, pw), x.dtype)
    for i in range(k[0]):
        for j in range(k[1]):
            lo_h, lo_w = i * d[0], j * d[1]
            hi_h = ph - lo_h - (blocks[0] - 1) * s[0] - 1
            hi_w = pw - lo_w - (blocks[1] - 1) * s[1] - 1
            out = out + jax.lax.pad(cols[:, :, i * k[1] + j], zero,
                                    [(0, 0, 0), (0, 0, 0), (lo_h, hi_h, s[0] - 1),
                                     (lo_w, hi_w, s[1] - 1)])
    out = out[:, :, p[0]:p[0] + size[0], p[1]:p[1] + size[1]]
    return out[0] if unbatched else out


def _pair_arg(v, name):
    if isinstance(v, (tuple, list)) or type(v).__name__ == "Size":
        vals = [int(a) for a in v]
    else:
        vals = [int(v)] * 2
    if len(vals) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(vals)}")
    return vals


def _common_checks(k, d, p, s, fold):
    if k[0] <= 0 or k[1] <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kernel_height: "
                           f"{k[0]} kernel_width: {k[1]}")
    checks = [("dilation", d), ("padding", p), ("stride", s)]
    if fold:
        checks = [("stride", s), ("dilation", d), ("padding", p)]
    for what, v in checks:
        if what == "padding" and (v[0] < 0 or v[1] < 0):
            raise RuntimeError(f"padding should be non-negative, but got pad_height: {v[0]} "
                               f"pad_width: {v[1]}")
        if what == "dilation" and (v[0] <= 0 or v[1] <= 0):
            raise RuntimeError(f"dilation should be greater than zero, but got dilation_height: "
                               f"{v[0]} dilation_width: {v[1]}")
        if what == "stride" and (v[0] <= 0 or v[1] <= 0):
            raise RuntimeError(f"stride should be greater than zero, but got stride_height: "
                               f"{v[0]} stride_width: {v[1]}")


def _describe(k, d, p):
    return (f"kernel_size=({k[0]}, {k[1]}), dilation=({d[0]}, {d[1]}), padding=({p[0]}, {p[1]})")


def unfold(input, kernel_size, dilation=1, padding=0, stride=1):
    """im2col: (N, C, H, W) -> (N, C*kh*kw, L) sliding blocks (3-d input: unbatched)."""
    k = _pair_arg(kernel_size, "kernel_size")
    d = _pair_arg(dilation, "dilation")
    p = _pair_arg(padding, "padding")
    s = _pair_arg(stride, "stride")
    _common_checks(k, d, p, s, False)
    shape = input._nd.shape
    nd = len(shape)
    wrap_dim(1, nd)  # PyTorch reads input.size(1) and input.size(2) first
    wrap_dim(2, nd)
    valid = shape[1] != 0 and shape[2] != 0
    if not ((nd == 3 and shape[0] and valid) or (nd == 4 and valid and shape[3] != 0)):
        raise RuntimeError("Expected 3D or 4D (batch mode) tensor input with possible 0 batch "
                           f"size and non-zero dimensions, but got: {list(shape)}")
    h, w = shape[-2:]
    out = [(n + 2 * pi - (di * (ki - 1) + 1)) // si + 1
           for n, ki, di, pi, si in zip((h, w), k, d, p, s)]
    if out[0] < 1 or out[1] < 1:
        raise RuntimeError(f"Given input with spatial size ({h}, {w}), {_describe(k, d, p)}, "
                           f"calculated shape of the array of sliding blocks as ({out[0]}, "
                           f"{out[1]}), but its components must be at least one.")
    static = (("k", tuple(k)), ("d", tuple(d)), ("p", tuple(p)), ("s", tuple(s)),
              ("out", tuple(out)), ("unbatched", nd == 3))
    return record(_unfold_kernel, (input,), static, name="im2col", gname="Im2ColBackward0")


def fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1):
    """col2im: sums (N, C*kh*kw, L) sliding blocks into (N, C, H, W) (2-d input: unbatched)."""
    size = _pair_arg(output_size, "output_size")
    k = _pair_arg(kernel_size, "kernel_size")
    d = _pair_arg(dilation, "dilation")
    p = _pair_arg(padding, "padding")
    s = _pair_arg(stride, "stride")
    _common_checks(k, d, p, s, True)
    shape = input._nd.shape
    nd = len(shape)
    if not ((nd == 2 and shape[0] != 0 and shape[1] != 0) or
            (nd == 3 and shape[1] != 0 and shape[2] != 0)):
        raise RuntimeError("Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch "
                           f"size and non-zero dimensions for input, but got: {list(shape)}")
    planes, length = shape[-2:]
    if planes % (k[0] * k[1]):
        raise RuntimeError("Expected size of input's dimension 1 to be divisible by the product of "
                           f"kernel_size, but got input.size(1)={planes} and kernel_size=({k[0]}, "
                           f"{k[1]}).")
    blocks = [(o + 2 * pi - di * (ki - 1) - 1) // si + 1
              for o, ki, di, pi, si in zip(size, k, d, p, s)]
    desc = f"Given output_size=({size[0]}, {size[1]}), {_describe(k, d, p)}"
    if length != blocks[0] * blocks[1]:
        raise RuntimeError(f"{desc}, stride=({s[0]}, {s[1]}), expected size of input's dimension 2 "
                           f"to match the calculated number of sliding blocks {blocks[0]} * "
                           f"{blocks[1]} = {blocks[0] * blocks[1]}, but got input.size(2)="
                           f"{length}.")
    if blocks[0] < 1 or blocks[1] < 1:
        raise RuntimeError(f"{desc}, stride=({s[0]}, {s[1]}), calculated shape of the array of "
                           f"sliding blocks as ({blocks[0]}, {blocks[1]}), which is invalid.")
    static = (("size", tuple(size)), ("k", tuple(k)), ("d", tuple(d)), ("p", tuple(p)),
              ("s", tuple(s)), ("blocks", tuple(blocks)), ("unbatched", nd == 2))
    return record(_fold_kernel, (input,), static, name="col2im", gname="Col2ImBackward0")
