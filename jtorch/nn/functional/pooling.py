"""nn.functional pooling: max/avg/adaptive/lp pooling and max_unpool, one kernel per call.

Windows are gathered with strided slices of the padded input (no data-dependent shapes), or, when
they tile the input exactly (stride == kernel, no padding or dilation: the usual 2x2 pool), with a
crop, reshape and transpose, which XLA runs faster; both give the same windows in the same order.
Max pooling picks what PyTorch's CPU loop picks: the FIRST maximum of each window in row-major
order, or the LAST NaN when the window holds one, so the gradient flows to exactly that element
and its indices are PyTorch's flat indices into each input plane. Small tiling windows are reduced
by an unrolled chain (PyTorch's loop as selects, or its left-to-right sum), which XLA fuses with
the reshape; other windows by argmax and a one-hot select, or a sum. Output sizes follow PyTorch's
ceil_mode rule (the last window must start inside the input or the left padding); adaptive bins
are [floor(i*in/out), ceil((i+1)*in/out)).
"""
import itertools
import math

import numpy as np
import jax
import jax.numpy as jnp

from ..._ops.dispatch import add_check, record, record_multi
from ..._ops.registry import op
from ..._tensor import _c10_name

__all__ = ["max_pool1d", "max_pool2d", "max_pool3d", "max_pool1d_with_indices",
           "max_pool2d_with_indices", "max_pool3d_with_indices", "avg_pool1d", "avg_pool2d",
           "avg_pool3d", "adaptive_avg_pool1d", "adaptive_avg_pool2d", "adaptive_avg_pool3d",
           "adaptive_max_pool1d", "adaptive_max_pool2d", "adaptive_max_pool3d",
           "adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices",
           "adaptive_max_pool3d_with_indices", "max_unpool1d", "max_unpool2d", "max_unpool3d",
           "lp_pool1d", "lp_pool2d", "lp_pool3d", "fractional_max_pool2d",
           "fractional_max_pool3d", "fractional_max_pool2d_with_indices",
           "fractional_max_pool3d_with_indices"]

_HALF = ("float16", "bfloat16")


# ---- kernels ----------------------------------------------------------------------------------
def _lowest(dtype):
    if jnp.issubdtype(dtype, jnp.floating):
        return -jnp.inf
    if dtype == jnp.bool_:
        return False
    return jnp.iinfo(dtype).min


def _tiles(spatial, k, s, p, d, out):
    """Whether the windows tile the input: stride == kernel, no padding or dilation, every window
    inside the input (elements past the last whole window belong to no window)."""
    return all(si == ki and pi == 0 and (di == 1 or ki == 1) and oi * ki <= n
               for n, ki, si, pi, di, oi in zip(spatial, k, s, p, d, out))


def _tile_windows(x, k, out):
    """(N, C, *out, K) windows of a tiling pool: crop, split each spatial dim into (out, k),
    move the k's last. Same windows, same row-major order as the slice path, no gathers."""
    nd = len(k)
    x = jax.lax.slice(x, (0,) * x.ndim, x.shape[:2] + tuple(o * ki for o, ki in zip(out, k)))
    x = x.reshape(x.shape[:2] + tuple(v for o, ki in zip(out, k) for v in (o, ki)))
    x = jnp.transpose(x, (0, 1) + tuple(range(2, 2 + 2 * nd, 2)) +
                      tuple(range(3, 3 + 2 * nd, 2)))
    return x.reshape(x.shape[:2 + nd] + (-1,))


def _windows(x, k, s, p, d, out, fill):
    """(N, C, *out, K): the pooling windows, kernel offsets in row-major order."""
    if _tiles(x.shape[2:], k, s, p, d, out):
        return _tile_windows(x, k, out)
    return _slice_windows(x, k, s, p, d, out, fill)


def _slice_windows(x, k, s, p, d, out, fill):
    """(N, C, *out, K): every kernel offset's strided slice of the padded input, row-major."""
    spatial = x.shape[2:]
    pads = [(0, 0, 0)] * 2
    for n, ki, si, pi, di, oi in zip(spatial, k, s, p, d, out):
        pads.append((pi, max(0, (ki - 1) * di + (oi - 1) * si + 1 - pi - n), 0))
    xp = jax.lax.pad(x, jnp.asarray(fill, x.dtype), pads)
    slices = []
    for offs in itertools.product(*(range(ki) for ki in k)):
        start = [0, 0] + [o * di for o, di in zip(offs, d)]
        limit = list(xp.shape[:2]) + [o * di + (oi - 1) * si + 1
                                      for o, di, oi, si in zip(offs, d, out, s)]
        slices.append(jax.lax.slice(xp, start, limit, (1, 1) + tuple(s)))
    return jnp.stack(slices, axis=-1)


def _pick_first_max(win):
    """Value and position of the element PyTorch's CPU pooling loops pick along the last axis:
    the first maximum, or the last NaN when there is one (they replace the running max on
    `val > max || isnan(val)`). The value is a select of that one element, so its gradient
    reaches only that element."""
    am = jnp.argmax(win, axis=-1)
    if jnp.issubdtype(win.dtype, jnp.floating):
        nan = jnp.isnan(win)
        last_nan = win.shape[-1] - 1 - jnp.argmax(nan[..., ::-1], axis=-1)
        am = jnp.where(jnp.any(nan, axis=-1), last_nan, am)
    onehot = jnp.arange(win.shape[-1], dtype=am.dtype) == am[..., None]
    return jnp.sum(jnp.where(onehot, win, jnp.zeros((), win.dtype)), axis=-1), am


_CHAIN_MAX = 32  # largest tiling window reduced by an unrolled chain (_scan_max, _scan_sum)


def _chain(spatial, k, s, p, d, out):
    """Reduce the windows with an unrolled elementwise chain rather than a reduction: on tiling
    windows XLA fuses the chain, gradient included, with the reshape. Measured on XLA CPU with
    jtorch's options (jtorch/_xla_flags.py), where YNNPACK runs reductions over a tiny window
    axis slowly: a 2x2 avg-pool's forward and backward on 64x64x24x24, 2.0 ms chained vs 7.1 ms
    reduced; bench/cnn.py's whole JAX step with the 2x2 max-pool chained 9.0 steps/s vs 7.8
    with argmax + one-hot on the same windows and 7.5 on strided slices (one core free; 17.5
    vs 16.2 and 16.9 with two). On strided-slice windows the chain's gradient is 10x slower
    than the reduction's, so those keep the reduction."""
    return _tiles(spatial, k, s, p, d, out) and math.prod(k) <= _CHAIN_MAX


def _scan_sum(win):
    """Sum over the last axis, left to right (the order of PyTorch's CPU window loops)."""
    total = win[..., 0]
    for i in range(1, win.shape[-1]):
        total = total + win[..., i]
    return total


def _scan_max(win):
    """PyTorch's CPU max-pool loop over the last axis, unrolled: keep the running maximum and
    replace it when `val > max || isnan(val)`. Same value and position as _pick_first_max, but
    only elementwise selects (no reductions), which XLA fuses into the windows' reshape; the
    gradient follows the selects to the one element picked."""
    best = win[..., 0]
    idx = jnp.zeros(best.shape, jnp.int32)
    floating = jnp.issubdtype(win.dtype, jnp.floating)
    for i in range(1, win.shape[-1]):
        v = win[..., i]
        take = ((v > best) | jnp.isnan(v)) if floating else (v > best)
        best = jnp.where(take, v, best)
        idx = jnp.where(take, jnp.int32(i), idx)
    return best, idx


def _unravel(am, sizes):
    """Per-dimension offsets of a row-major flat window position."""
    offs = []
    for ki in reversed(sizes):
        offs.append(am % ki)
        am = am // ki
    return offs[::-1]


def _grid(axis, size, nd):
    shape = [1] * nd
    shape[axis] = size
    return np.arange(size).reshape(shape)


def _max_pool_kernel(x, *, k, s, p, d, out, unbatched, indices):
    if unbatched:
        x = x[None]
    win = _windows(x, k, s, p, d, out, _lowest(x.dtype))
    val, am = (_scan_max if _chain(x.shape[2:], k, s, p, d, out) else _pick_first_max)(win)
    if indices:
        nd, spatial = len(k), x.shape[2:]
        flat = jnp.zeros(am.shape, jnp.int64)
        ok = jnp.ones(am.shape, bool)
        first = np.zeros(tuple(out), np.int64)
        for i, off in enumerate(_unravel(am, k)):
            start = _grid(i, out[i], nd) * s[i] - p[i]
            pos = start + off.astype(jnp.int64) * d[i]
            ok = ok & (pos >= 0) & (pos < spatial[i])
            flat = flat * spatial[i] + pos
            # PyTorch's index for a window of -inf only: its first element inside the input
            first = first * spatial[i] + start + np.maximum(0, -(start // d[i])) * d[i]
        idx = jnp.where(ok, flat, first)
        return (val[0], idx[0]) if unbatched else (val, idx)
    return val[0] if unbatched else val


def _avg_divisor(spatial, k, s, p, out, count_include_pad, divisor_override):
    if divisor_override is not None:
        return np.full(tuple(out), divisor_override, np.float64)
    div = np.ones(tuple(out), np.float64)
    for axis, (n, ki, si, pi, oi) in enumerate(zip(spatial, k, s, p, out)):
        start = np.arange(oi) * si - pi
        end = np.minimum(start + ki, n + pi)
        size = end - start
        if not count_include_pad:
            size = np.minimum(end, n) - np.maximum(start, 0)
        shape = [1] * len(out)
        shape[axis] = oi
        div = div * size.reshape(shape)
    return div


def _avg_pool_kernel(x, *, k, s, p, out, unbatched, count_include_pad, divisor_override):
    if unbatched:
        x = x[None]
    dt = x.dtype
    acc = jnp.float32 if dt in (jnp.float16, jnp.bfloat16) else dt
    ones = (1,) * len(k)
    win = _windows(x.astype(acc), k, s, p, ones, out, 0)
    total = _scan_sum(win) if _chain(x.shape[2:], k, s, p, ones, out) else jnp.sum(win, axis=-1)
    div = _avg_divisor(x.shape[2:], k, s, p, out, count_include_pad, divisor_override)
    if jnp.issubdtype(dt, jnp.integer):
        # C++ integer division truncates toward zero, as lax.div does
        y = jax.lax.div(total, jnp.broadcast_to(jnp.asarray(div, dt), total.shape))
    else:
        y = total / jnp.asarray(div, acc)
    y = y.astype(dt)
    return y[0] if unbatched else y


def _adaptive_bins(n, o):
    start = np.array([(i * n) // o for i in range(o)], np.int64)
    end = np.array([-((-(i + 1) * n) // o) for i in range(o)], np.int64)
    return start, end


def _adaptive_gather(x, out, fill):
    """(N, C, o1, K1, o2, K2, ...) windows of the adaptive bins (slots past a bin's end set to
    `fill`) and the per-dim (start, kmax) of the bins."""
    bins = []
    for i, o in enumerate(out):
        axis = 2 + 2 * i
        n = x.shape[axis]
        start, end = _adaptive_bins(n, o)
        kmax = int((end - start).max()) if o else 1
        pos = np.minimum(start[:, None] + np.arange(kmax)[None, :], max(n - 1, 0))
        x = jnp.take(x, pos.ravel(), axis=axis, mode="clip")
        x = x.reshape(x.shape[:axis] + (o, kmax) + x.shape[axis + 1:])
        shape = [1] * x.ndim
        shape[axis], shape[axis + 1] = o, kmax
        mask = (np.arange(kmax)[None, :] < (end - start)[:, None]).reshape(shape)
        x = jnp.where(mask, x, jnp.asarray(fill, x.dtype))
        bins.append((start, kmax))
    return x, bins


def _adaptive_avg_kernel(x, *, out, unbatched):
    """Per dimension, a 0/1 bin-membership matrix contracted at HIGHEST precision; the sums are
    divided by the bin sizes at the end (sum then divide, as PyTorch)."""
    if unbatched:
        x = x[None]
    dt = x.dtype
    acc = jnp.float32 if dt in (jnp.float16, jnp.bfloat16) else dt
    y = x.astype(acc)
    nd = len(out)
    div = np.ones(tuple(out), np.float64)
    for i, o in enumerate(out):
        n = y.shape[2 + i]
        start, end = _adaptive_bins(n, o)
        j = np.arange(n)[None, :]
        member = (j >= start[:, None]) & (j < end[:, None])
        y = jnp.moveaxis(jnp.tensordot(y, jnp.asarray(member.T, acc), axes=((2 + i,), (0,)),
                                       precision=jax.lax.Precision.HIGHEST), -1, 2 + i)
        div = div * (end - start).reshape([o if j == i else 1 for j in range(nd)])
    y = (y / jnp.asarray(div, acc)).astype(dt)
    return y[0] if unbatched else y


def _adaptive_max_kernel(x, *, out, unbatched, indices):
    if unbatched:
        x = x[None]
    spatial = x.shape[2:]
    win, bins = _adaptive_gather(x, out, _lowest(x.dtype))
    nd = len(out)
    perm = (0, 1) + tuple(2 + 2 * i for i in range(nd)) + tuple(3 + 2 * i for i in range(nd))
    win = jnp.transpose(win, perm)
    win = win.reshape(win.shape[:2 + nd] + (-1,))
    val, am = _pick_first_max(win)
    if not indices:
        return val[0] if unbatched else val
    flat = jnp.zeros(am.shape, jnp.int64)
    for i, off in enumerate(_unravel(am, [b[1] for b in bins])):
        start = bins[i][0].reshape([out[i] if j == i else 1 for j in range(nd)])
        flat = flat * spatial[i] + start + off.astype(jnp.int64)
    return (val[0], flat[0]) if unbatched else (val, flat)


def _lp_pool_kernel(x, *, norm_type, k, s, out, unbatched):
    if unbatched:
        x = x[None]
    xp = jnp.power(x, jnp.asarray(norm_type, x.dtype))
    zeros, ones = (0,) * len(k), (1,) * len(k)
    win = _windows(xp, k, s, zeros, ones, out, 0)
    div = _avg_divisor(x.shape[2:], k, s, zeros, out, True, None)
    total = _scan_sum(win) if _chain(x.shape[2:], k, s, zeros, ones, out) else jnp.sum(win, -1)
    avg = total / jnp.asarray(div, x.dtype)
    y = jnp.sign(avg) * jax.nn.relu(jnp.abs(avg))
    y = jnp.power(y * math.prod(k), jnp.asarray(1.0 / norm_type, x.dtype))
    return y[0] if unbatched else y


@jax.custom_vjp
def _unpool_scatter(x, idx, size):
    return _unpool_fwd(x, idx, size)[0]


def _unpool_fwd(x, idx, size):
    n, c = x.shape[:2]
    xf = x.reshape(n, c, -1)
    i = idx.reshape(n, c, -1)
    out = jnp.zeros((n, c, size.shape[0]), x.dtype)
    out = out.at[jnp.arange(n)[:, None, None], jnp.arange(c)[None, :, None], i].set(
        xf, mode="drop")
    return out, (idx, x.shape)


def _unpool_bwd(res, g):
    idx, shape = res
    n, c = shape[:2]
    i = jnp.clip(idx.reshape(n, c, -1), 0, g.shape[-1] - 1)
    gx = jnp.take_along_axis(g, i, axis=-1).reshape(shape)  # every index gets its gradient
    return gx, None, None


_unpool_scatter.defvjp(_unpool_fwd, _unpool_bwd)


def _max_unpool_kernel(x, idx, *, out, unbatched):
    if unbatched:
        x, idx = x[None], idx[None]
    size = math.prod(out)
    y = _unpool_scatter(x, idx, jnp.zeros((size,), jnp.bool_))
    y = y.reshape(x.shape[:2] + tuple(out))
    return y[0] if unbatched else y


def _max_unpool_indices(idx, *, size):
    """Range check; reports the LAST invalid index, as PyTorch's CPU loop (which keeps
    overwriting the error index) does."""
    bad = ((idx < 0) | (idx >= size)).ravel()
    last = bad.shape[0] - 1 - jnp.argmax(bad[::-1])
    return jnp.logical_not(jnp.any(bad)), idx.ravel()[last]


# ---- argument handling ------------------------------------------------------------------------
def _ints(v):
    if isinstance(v, (tuple, list)) or type(v).__name__ == "Size":
        return [int(a) for a in v]
    return [int(v)]


def _expand_arg(v, n, fname, what, allow_empty=False):
    """kernel/stride/padding/dilation as an n-list with PyTorch's per-op length messages."""
    vals = [] if v is None else _ints(v)
    ok = (1, n) if not allow_empty else (0, 1, n)
    if len(vals) not in ok:
        raise RuntimeError(_len_message(fname, n, what))
    if not vals:
        return None
    return vals * n if len(vals) == 1 else vals


def _len_message(fname, n, what):
    word = {2: "two", 3: "three"}[n]
    if what == "stride":
        return f"{fname}: stride must either be omitted, a single int, or a tuple of {word} ints"
    if what == "dilation":
        return f"{fname}: dilation must be either a single int, or a tuple of {word} ints"
    return f"{fname}: {what} must either be a single int, or a tuple of {word} ints"


def _out_size(n, k, p, s, d, ceil_mode):
    if s == 0:
        raise RuntimeError("stride should not be zero")
    if p < 0:
        raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
    if p > ((k - 1) * d + 1) // 2:
        raise RuntimeError(f"pad should be at most half of effective kernel size, but got pad={p}, "
                           f"kernel_size={k} and dilation={d}")
    o = (n + 2 * p - d * (k - 1) - 1 + (s - 1 if ceil_mode else 0)) // s + 1
    if ceil_mode and (o - 1) * s >= n + p:
        o -= 1
    return o


def _dims_label(sizes):
    return "x".join(str(v) for v in sizes)


def _check_float_or_int(input, fname):
    name = input._nd.dtype.name
    if name == "bool" or input._nd.dtype.is_complex:
        raise NotImplementedError(f"\"{fname}\" not implemented for '{_c10_name(input._nd.dtype)}'")


def _max_pool_checks(n, shape, k, s, p, d, ceil_mode):
    """PyTorch's max_pool{2,3}d_with_indices shape checks; returns the output sizes."""
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    spatial = tuple(shape[-n:])
    out = [_out_size(*a, ceil_mode) for a in zip(spatial, k, p, s, d)]
    if any(v <= 0 for v in k):
        labels = ("kT", "kH", "kW")[-n:]
        raise RuntimeError("kernel size should be greater than zero, but got " +
                           " ".join(f"{a}: {b}" for a, b in zip(labels, k)))
    if any(v <= 0 for v in s):
        labels = ("dT", "dH", "dW")[-n:]
        raise RuntimeError("stride should be greater than zero, but got " +
                           " ".join(f"{a}: {b}" for a, b in zip(labels, s)))
    if any(v <= 0 for v in d):
        labels = ("dilationT", "dilationH", "dilationW")[-n:]
        raise RuntimeError("dilation should be greater than zero, but got " +
                           " ".join(f"{a}: {b}" for a, b in zip(labels, d)))
    nonbatch = shape[1:] if len(shape) == n + 2 else shape
    if any(v == 0 for v in nonbatch):
        raise RuntimeError(f"Expected {n + 1}D or {n + 2}D (batch mode) tensor with optional 0 dim "
                           f"batch size for input, but got:{list(shape)}")
    if any(pi > ki // 2 for pi, ki in zip(p, k)):
        if n == 2:
            raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but "
                               f"got padW = {p[1]}, padH = {p[0]}, kW = {k[1]}, kH = {k[0]}")
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got "
                           f"kT: {k[0]} kW: {k[2]} kH: {k[1]} padT: {p[0]} padW: {p[2]} padH: "
                           f"{p[1]}")
    if any(v < 1 for v in out):
        raise RuntimeError(f"Given input size: ({_dims_label((shape[-n - 1],) + spatial)}). "
                           f"Calculated output size: ({_dims_label([shape[-n - 1]] + out)}). "
                           "Output size is too small")
    return out


def _max_pool_record(n, input, k, s, p, d, out, return_indices, gname):
    _check_float_or_int(input, f"max_pool{max(n, 2)}d")
    static = (("k", tuple(k)), ("s", tuple(s)), ("p", tuple(p)), ("d", tuple(d)),
              ("out", tuple(out)), ("unbatched", len(input._nd.shape) == n + 1),
              ("indices", bool(return_indices)))
    if return_indices:
        return tuple(record_multi(_max_pool_kernel, (input,), static, name=f"max_pool{n}d",
                                  gname=gname))
    return record(_max_pool_kernel, (input,), static, name=f"max_pool{n}d", gname=gname)


def _max_pool_nd(fname, n, input, kernel_size, stride, padding, dilation, ceil_mode,
                 return_indices, gname):
    k = _expand_arg(kernel_size, n, fname, "kernel_size")
    s = _expand_arg(stride, n, fname, "stride", allow_empty=True) or k
    p = _expand_arg(padding, n, fname, "padding")
    d = _expand_arg(dilation, n, fname, "dilation")
    out = _max_pool_checks(n, input._nd.shape, k, s, p, d, ceil_mode)
    return _max_pool_record(n, input, k, s, p, d, out, return_indices, gname)


def _pool1d_as_2d_check(fname, input):
    nd = len(input._nd.shape)
    if nd not in (2, 3):
        raise RuntimeError(f"Expected 2 to 3 dimensions, but got {nd}-dimensional tensor for "
                           f"argument #1 'self' (while checking arguments for {fname})")


def max_pool1d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """max_pool1d returning (values, indices into each input row)."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


def _check1d(fname, what, v):
    if len(v) != 1:
        raise RuntimeError(f"{fname}() argument '{what}' should contain one int (got {len(v)})")


@op("max_pool1d", method=False)
def max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """1-d max pooling over (N, C, L) or (C, L) input. With indices PyTorch runs it as 2-d
    pooling of the unsqueezed input (and reports 2-d errors); without, it has its own checks."""
    shape = input._nd.shape
    k = _ints(kernel_size)
    s = [] if stride is None else _ints(stride)
    p = _ints(padding)
    d = _ints(dilation)
    if return_indices:
        _pool1d_as_2d_check("max_pool1d", input)
        s = s or k
        for what, v in (("kernel_size", k), ("stride", s), ("padding", p), ("dilation", d)):
            _check1d("max_pool1d", what, v)
        shape2 = tuple(shape[:-1]) + (1, shape[-1])
        out = _max_pool_checks(2, shape2, [1, k[0]], [1, s[0]], [0, p[0]], [1, d[0]], ceil_mode)
        return _max_pool_record(1, input, k, s, p, d, out[1:], True, "SqueezeBackward1")
    if len(shape) not in (2, 3):
        raise RuntimeError(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{list(shape)}")
    for what, v, allow in (("kernel_size", k, False), ("stride", s, True), ("padding", p, False),
                           ("dilation", d, False)):
        if len(v) != 1 and not (allow and not v):
            raise RuntimeError(_pool1d_len_message(what, len(v)))
    s = s or k
    if k[0] <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k[0]}")
    if s[0] <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s[0]}")
    if p[0] < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p[0]}")
    if p[0] > k[0] // 2:
        raise RuntimeError(f"max_pool1d() padding should be at most half of kernel size, but got "
                           f"padding={p[0]} and kernel_size={k[0]}")
    if d[0] <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d[0]}")
    if any(v == 0 for v in shape[-2:]):
        raise RuntimeError(f"max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 "
                           f"dim batch size for input, but got:{list(shape)}")
    o = _out_size(shape[-1], k[0], p[0], s[0], d[0], ceil_mode)
    if o <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {o}")
    return _max_pool_record(1, input, k, s, p, d, [o], False, "SqueezeBackward1")


def _pool1d_len_message(what, n):
    if what == "kernel_size":
        return "max_pool1d() kernel_size must be an int, list of ints or tuple of ints of size 1 " \
               f"but got size {n}"
    if what == "stride":
        return f"max_pool1d() stride must be None, an int, list of ints, or tuple of ints of " \
               f"size 1 but got size {n}"
    if what == "padding":
        return f"max_pool1d() padding must be an int, list of ints, or tuple of ints of size 1 " \
               f"but got size {n}"
    return f"max_pool1d() dilation must be an int, list of ints or tuple of ints of size 1 but " \
           f"got size {n}"


@op("max_pool2d", method=False)
def max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """2-d max pooling over (N, C, H, W) or (C, H, W) input."""
    return _max_pool_nd("max_pool2d", 2, input, kernel_size, stride, padding, dilation,
                        ceil_mode, return_indices, "MaxPool2DWithIndicesBackward0")


def max_pool2d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """max_pool2d returning (values, flat indices into each H*W plane)."""
    return max_pool2d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


@op("max_pool3d", method=False)
def max_pool3d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
               return_indices=False):
    """3-d max pooling over (N, C, D, H, W) or (C, D, H, W) input."""
    return _max_pool_nd("max_pool3d", 3, input, kernel_size, stride, padding, dilation,
                        ceil_mode, return_indices, "MaxPool3DWithIndicesBackward0")


def max_pool3d_with_indices(input, kernel_size, stride=None, padding=0, dilation=1,
                            ceil_mode=False, return_indices=False):
    """max_pool3d returning (values, flat indices into each D*H*W volume)."""
    return max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, True)


# ---- average pooling ----------------------------------------------------------------------------
def _avg_pool_nd(fname, n, input, kernel_size, stride, padding, ceil_mode, count_include_pad,
                 divisor_override, gname):
    shape = input._nd.shape
    k = _expand_arg(kernel_size, n, fname, "kernel_size")
    s = _expand_arg(stride, n, fname, "stride", allow_empty=True) or k
    p = _expand_arg(padding, n, fname, "padding")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if len(shape) not in (n + 1, n + 2):
        if n == 2:
            from ..._ops.shape import wrap_dim
            wrap_dim(-3, len(shape))
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    spatial = shape[-n:]
    out = [_out_size(ni, ki, pi, si, 1, ceil_mode) for ni, ki, pi, si in zip(spatial, k, p, s)]
    nonbatch = shape[1:] if len(shape) == n + 2 else shape
    if any(v <= 0 for v in k):
        labels = ("kT", "kH", "kW")[-n:]
        raise RuntimeError("kernel size should be greater than zero, but got " +
                           " ".join(f"{a}: {b}" for a, b in zip(labels, k)))
    if any(v <= 0 for v in s):
        labels = ("dT", "dH", "dW")[-n:]
        raise RuntimeError("stride should be greater than zero, but got " +
                           " ".join(f"{a}: {b}" for a, b in zip(labels, s)))
    if any(v == 0 for v in nonbatch):
        raise RuntimeError(f"Expected {n + 1}D or {n + 2}D (batch mode) tensor with optional 0 dim "
                           f"batch size for input, but got:{list(shape)}")
    if any(pi > ki // 2 for pi, ki in zip(p, k)):
        if n == 2:
            raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but "
                               f"got padW = {p[1]}, padH = {p[0]}, kW = {k[1]}, kH = {k[0]}")
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got "
                           f"kT: {k[0]} kW: {k[2]} kH: {k[1]} padT: {p[0]} padW: {p[2]} padH: "
                           f"{p[1]}")
    if n == 3 and any(ni < ki for ni, ki in zip(spatial, k)):
        raise RuntimeError(f"input image (T: {spatial[0]} H: {spatial[1]} W: {spatial[2]}) "
                           f"smaller than kernel size (kT: {k[0]} kH: {k[1]} kW: {k[2]})")
    if any(v < 1 for v in out):
        lead = shape[-n - 1]
        raise RuntimeError(f"Given input size: ({_dims_label((lead,) + tuple(spatial))}). "
                           f"Calculated output size: ({_dims_label([lead] + out)}). "
                           "Output size is too small")
    _check_float_or_int(input, f"avg_pool{n}d")
    static = (("k", tuple(k)), ("s", tuple(s)), ("p", tuple(p)), ("out", tuple(out)),
              ("unbatched", len(shape) == n + 1), ("count_include_pad", bool(count_include_pad)),
              ("divisor_override", None if divisor_override is None else int(divisor_override)))
    return record(_avg_pool_kernel, (input,), static, name=f"avg_pool{n}d", gname=gname)


@op("avg_pool1d", method=False)
def avg_pool1d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True):
    """1-d average pooling over (N, C, L) or (C, L) input (PyTorch runs it as 2-d)."""
    _pool1d_as_2d_check("avg_pool1d", input)
    k, s, p = _ints(kernel_size), [] if stride is None else _ints(stride), _ints(padding)
    for what, v in (("kernel_size", k), ("stride", s), ("padding", p)):
        if len(v) != 1 and not (what == "stride" and not v):
            raise RuntimeError(f"avg_pool1d() argument '{what}' should contain one int (got "
                               f"{len(v)})")
    return _avg1d(input, input._nd.shape, k, s or k, p, ceil_mode, count_include_pad)


def _avg1d(input, shape, k, s, p, ceil_mode, count_include_pad):
    lead = shape[-2]
    o = _out_size(shape[-1], k[0], p[0], s[0], 1, ceil_mode)
    if k[0] <= 0:
        raise RuntimeError(f"kernel size should be greater than zero, but got kH: 1 kW: {k[0]}")
    if s[0] <= 0:
        raise RuntimeError(f"stride should be greater than zero, but got dH: 1 dW: {s[0]}")
    if any(v == 0 for v in shape[-2:]):
        raise RuntimeError(f"Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size "
                           f"for input, but got:{list(shape[:-1]) + [1, shape[-1]]}")
    if p[0] > k[0] // 2:
        raise RuntimeError(f"pad should be smaller than or equal to half of kernel size, but got "
                           f"padW = {p[0]}, padH = 0, kW = {k[0]}, kH = 1")
    if o < 1:
        raise RuntimeError(f"Given input size: ({lead}x1x{shape[-1]}). Calculated output size: "
                           f"({lead}x1x{o}). Output size is too small")
    _check_float_or_int(input, "avg_pool2d")
    static = (("k", (k[0],)), ("s", (s[0],)), ("p", (p[0],)), ("out", (o,)),
              ("unbatched", len(shape) == 2), ("count_include_pad", bool(count_include_pad)),
              ("divisor_override", None))
    return record(_avg_pool_kernel, (input,), static, name="avg_pool1d",
                  gname="SqueezeBackward1")


def avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """2-d average pooling over (N, C, H, W) or (C, H, W) input."""
    return _avg_pool_nd("avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode,
                        count_include_pad, divisor_override, "AvgPool2DBackward0")


def avg_pool3d(input, kernel_size, stride=None, padding=0, ceil_mode=False,
               count_include_pad=True, divisor_override=None):
    """3-d average pooling over (N, C, D, H, W) or (C, D, H, W) input."""
    return _avg_pool_nd("avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode,
                        count_include_pad, divisor_override, "AvgPool3DBackward0")


# ---- adaptive pooling ---------------------------------------------------------------------------
def _adaptive_out(fname, n, input, output_size):
    shape = input._nd.shape
    if isinstance(output_size, (tuple, list)) or type(output_size).__name__ == "Size":
        sizes = list(output_size)
    else:
        sizes = [output_size] * n
    if n == 1 and len(sizes) != 1:
        raise RuntimeError(f"{fname}() argument 'output_size' should contain one int (got "
                           f"{len(sizes)})")
    if len(sizes) != n:
        raise RuntimeError(f"{fname}: output_size must be {n}")
    spatial = shape[-n:] if len(shape) >= n else ()
    return [spatial[i] if v is None else int(v) for i, v in enumerate(sizes)]


def _adaptive_dims(fname, n, input, sep=""):
    shape = input._nd.shape
    if n == 1:
        _pool1d_as_2d_check(fname, input)
        return
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"{fname}(): Expected {n + 1}D or {n + 2}D tensor, but got{sep} "
                           f"{list(shape)}")


def _adaptive_avg(fname, n, input, output_size, gname):
    _adaptive_dims(fname, n, input)
    out = _adaptive_out(fname, n, input, output_size)
    shape = input._nd.shape
    if any(v < 0 for v in out):
        raise RuntimeError(f"{fname}: elements of output_size must be greater than or equal to 0 "
                           f"but received {{{', '.join(map(str, out))}}}")
    spatial = shape[-n:]
    for i, v in enumerate(spatial):
        if v == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(shape)} with dimension "
                               f"{len(shape) - n + i} being empty")
    dt = input._nd.dtype
    if not (dt.is_floating_point):
        raise NotImplementedError(f"\"{fname}\" not implemented for '{_c10_name(dt)}'")
    if all(v == 1 for v in out) and n > 1:
        gname = "MeanBackward1"
    static = (("out", tuple(out)), ("unbatched", len(shape) == n + 1))
    return record(_adaptive_avg_kernel, (input,), static, name=fname, gname=gname)


@op("adaptive_avg_pool1d", method=False)
def adaptive_avg_pool1d(input, output_size):
    """1-d adaptive average pooling; bins [floor(i*L/out), ceil((i+1)*L/out))."""
    return _adaptive_avg("adaptive_avg_pool1d", 1, input, output_size, "SqueezeBackward1")


def _list_with_default(output_size, input):
    """PyTorch's Python-level check of a sequence output_size (2-d and 3-d adaptive pools):
    the input needs more dims than the sequence has entries."""
    if isinstance(output_size, (tuple, list)) and input.dim() <= len(output_size):
        raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")


def adaptive_avg_pool2d(input, output_size):
    """2-d adaptive average pooling; None in output_size keeps that input size."""
    _list_with_default(output_size, input)
    return _adaptive_avg("adaptive_avg_pool2d", 2, input, output_size,
                         "AdaptiveAvgPool2DBackward0")


def adaptive_avg_pool3d(input, output_size):
    """3-d adaptive average pooling."""
    _list_with_default(output_size, input)
    return _adaptive_avg("adaptive_avg_pool3d", 3, input, output_size,
                         "AdaptiveAvgPool3DBackward0")


def _adaptive_max(fname, n, input, output_size, return_indices, gname):
    _adaptive_dims(fname, n, input, sep=":" if n > 1 else "")
    out = _adaptive_out(fname, n, input, output_size)
    shape = input._nd.shape
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but input has sizes {list(shape)} with dimension "
                               f"{i} being empty")
    for v in out:
        if v < 0:
            full = list(shape[:-n]) + out
            raise RuntimeError(f"Trying to create tensor with negative dimension {v}: {full}")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"{fname}\" not implemented for '{_c10_name(dt)}'")
    static = (("out", tuple(out)), ("unbatched", len(shape) == n + 1),
              ("indices", bool(return_indices)))
    if return_indices:
        return tuple(record_multi(_adaptive_max_kernel, (input,), static, name=fname,
                                  gname=gname))
    return record(_adaptive_max_kernel, (input,), static, name=fname, gname=gname)


def adaptive_max_pool1d(input, output_size, return_indices=False):
    """1-d adaptive max pooling (return_indices gives indices into each row)."""
    return _adaptive_max("adaptive_max_pool1d", 1, input, output_size, return_indices,
                         "SqueezeBackward1")


def adaptive_max_pool1d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool1d returning (values, indices)."""
    return adaptive_max_pool1d(input, output_size, True)


@op("adaptive_max_pool1d", method=False)
def _torch_adaptive_max_pool1d(input, output_size):
    """torch.adaptive_max_pool1d: always (values, indices)."""
    return adaptive_max_pool1d(input, output_size, True)


def adaptive_max_pool2d(input, output_size, return_indices=False):
    """2-d adaptive max pooling (indices are flat into each H*W plane)."""
    _list_with_default(output_size, input)
    return _adaptive_max("adaptive_max_pool2d", 2, input, output_size, return_indices,
                         "AdaptiveMaxPool2DBackward0")


def adaptive_max_pool2d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool2d returning (values, indices)."""
    return adaptive_max_pool2d(input, output_size, True)


def adaptive_max_pool3d(input, output_size, return_indices=False):
    """3-d adaptive max pooling."""
    _list_with_default(output_size, input)
    return _adaptive_max("adaptive_max_pool3d", 3, input, output_size, return_indices,
                         "AdaptiveMaxPool3DBackward0")


def adaptive_max_pool3d_with_indices(input, output_size, return_indices=False):
    """adaptive_max_pool3d returning (values, indices)."""
    return adaptive_max_pool3d(input, output_size, True)


# ---- lp pooling ---------------------------------------------------------------------------------
def _lp_pool(n, input, norm_type, kernel_size, stride, ceil_mode):
    fname = f"avg_pool{max(n, 2)}d"
    k = _expand_arg(kernel_size, n, fname, "kernel_size") if n > 1 else _ints(kernel_size)
    s = (_expand_arg(stride, n, fname, "stride", allow_empty=True) if n > 1 else
         (None if stride is None else _ints(stride))) or k
    shape = input._nd.shape
    if n == 1:
        _pool1d_as_2d_check("avg_pool1d", input)
    elif len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"non-empty {n + 1}D or {n + 2}D (batch mode) tensor expected for input")
    spatial = shape[-n:]
    out = [_out_size(ni, ki, 0, si, 1, ceil_mode) for ni, ki, si in zip(spatial, k, s)]
    if any(v < 1 for v in out):
        lead = shape[-n - 1]
        sp = ((1,) + tuple(spatial)) if n == 1 else tuple(spatial)
        oo = ([1] + out) if n == 1 else out
        raise RuntimeError(f"Given input size: ({_dims_label((lead,) + sp)}). Calculated output "
                           f"size: ({_dims_label([lead] + oo)}). Output size is too small")
    static = (("norm_type", float(norm_type)), ("k", tuple(k)), ("s", tuple(s)),
              ("out", tuple(out)), ("unbatched", len(shape) == n + 1))
    return record(_lp_pool_kernel, (input,), static, name=f"lp_pool{n}d", gname="PowBackward0")


def lp_pool1d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """Power-average pooling: (sum over window of x^p)^(1/p), via PyTorch's avg formula."""
    return _lp_pool(1, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool2d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """2-d power-average pooling."""
    return _lp_pool(2, input, norm_type, kernel_size, stride, ceil_mode)


def lp_pool3d(input, norm_type, kernel_size, stride=None, ceil_mode=False):
    """3-d power-average pooling."""
    return _lp_pool(3, input, norm_type, kernel_size, stride, ceil_mode)


# ---- max_unpool ---------------------------------------------------------------------------------
def _unpool_output_size(input, kernel_size, stride, padding, output_size):
    input_size = input._nd.shape
    n = len(kernel_size)
    default = [(input_size[-n + d] - 1) * stride[d] + kernel_size[d] - 2 * padding[d]
               for d in range(n)]
    if output_size is None:
        return default
    if len(output_size) == n + 2:
        output_size = output_size[2:]
    if len(output_size) != n:
        raise ValueError(f"output_size should be a sequence containing {n} or {n + 2} elements, "
                         f"but it has a length of '{len(output_size)}'")
    for d in range(n):
        lo, hi = default[d] - stride[d], default[d] + stride[d]
        if not lo < output_size[d] < hi:
            raise ValueError(f'invalid output_size "{output_size}" (dim {d} must be between {lo} '
                             f"and {hi})")
    return output_size


def _tuple_n(v, n):
    if isinstance(v, (tuple, list)) or type(v).__name__ == "Size":
        return tuple(v)
    return (v,) * n


def _max_unpool(n, input, indices, kernel_size, stride, padding, output_size):
    k = _tuple_n(kernel_size, n)
    s = _tuple_n(stride, n) if stride is not None else k
    p = _tuple_n(padding, n)
    out = [int(v) for v in _unpool_output_size(input, k, s, p, output_size)]
    name = "max_unpooling2d" if n < 3 else "max_unpooling3d"
    if indices._nd.dtype.name != "int64":
        raise RuntimeError(f"elements in indices should be type int64 but got: "
                           f"{_c10_name(indices._nd.dtype)}")
    shape = input._nd.shape
    nd = len(shape) + (1 if n == 1 else 0)  # 1-d runs as 2-d on an unsqueezed input
    if nd not in (n + 1 + (n == 1), n + 2 + (n == 1)):
        if n == 3:
            raise RuntimeError(f"Input to max_unpooling3d should be a 4d or 5d Tensor, but got a "
                               f"tensor with {nd} dimensions.")
        raise RuntimeError(f"Input to max_unpooling2d should be a 3d or 4d Tensor, but got a "
                           f"tensor with {nd} dimensions.")
    if tuple(shape) != tuple(indices._nd.shape):
        sq = (lambda v: list(v) + [1]) if n == 1 else list
        raise RuntimeError(f"Expected shape of indices to be same as that of the input tensor "
                           f"({sq(shape)}) but got indices tensor with shape: "
                           f"{sq(indices._nd.shape)}")
    _check_float_or_int(input, name)
    size = math.prod(out)
    label = "x".join(str(v) for v in (out + [1] if n == 1 else out))
    if indices._nd.value is not None and indices._base is None:
        a = np.asarray(indices._nd.value)
        bad = (a < 0) | (a >= size)
        if bad.any():
            raise RuntimeError(f"Found an invalid max index: {int(a[bad].ravel()[-1])} (output "
                               f"volumes are of size {label})")
    else:
        add_check(_max_unpool_indices, (indices,), _unpool_error(label), (("size", size),))
    static = (("out", tuple(out)), ("unbatched", len(shape) == n + 1))
    gname = "SqueezeBackward1" if n == 1 else f"MaxUnpool{n}DBackward0"
    return record(_max_unpool_kernel, (input, indices), static, name=f"max_unpool{n}d",
                  gname=gname)


def _unpool_error(label):
    def error(v):
        return RuntimeError, f"Found an invalid max index: {int(v)} (output volumes are of size " \
                             f"{label})"
    return error


def max_unpool1d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of max_pool1d: scatters values to their indices, zeros elsewhere."""
    return _max_unpool(1, input, indices, kernel_size, stride, padding, output_size)


def max_unpool2d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of max_pool2d."""
    return _max_unpool(2, input, indices, kernel_size, stride, padding, output_size)


def max_unpool3d(input, indices, kernel_size, stride=None, padding=0, output_size=None):
    """Partial inverse of max_pool3d."""
    return _max_unpool(3, input, indices, kernel_size, stride, padding, output_size)


# ---- fractional max pooling ---------------------------------------------------------------------
def _fractional_kernel(x, samples, *, k, out, order, unbatched, indices):
    """Window starts from PyTorch's interval formula on the per-plane samples (computed in the
    input's dtype, as its CPU kernel does), then the first maximum of each window."""
    if unbatched:
        x = x[None]
    n, c = x.shape[:2]
    spatial = x.shape[2:]
    nd = len(k)
    win = x
    starts = []
    for i in range(nd):
        size, o, ki = spatial[i], out[i], k[i]
        u = samples[:, :, order[i]]
        if o > 1:
            alpha = jnp.asarray(size - ki, x.dtype) / jnp.asarray(o - 1, x.dtype)
            j = jnp.arange(o - 1, dtype=x.dtype)
            seq = ((j + u[..., None]) * alpha).astype(jnp.int32) - \
                (u[..., None] * alpha).astype(jnp.int32)
            seq = jnp.concatenate([seq, jnp.full((n, c, 1), size - ki, jnp.int32)], axis=-1)
        else:
            seq = jnp.full((n, c, o), size - ki, jnp.int32)
        pos = seq[..., None] + jnp.arange(ki, dtype=jnp.int32)  # (N, C, o, k)
        axis = 2 + 2 * i
        # gather along `axis` with per-plane positions
        idx = pos.reshape((n, c) + (1,) * (2 * i) + (o * ki,) + (1,) * (nd - 1 - i))
        idx = jnp.broadcast_to(idx, win.shape[:axis] + (o * ki,) + win.shape[axis + 1:])
        win = jnp.take_along_axis(win, idx, axis=axis)
        win = win.reshape(win.shape[:axis] + (o, ki) + win.shape[axis + 1:])
        starts.append(seq)
    perm = (0, 1) + tuple(2 + 2 * i for i in range(nd)) + tuple(3 + 2 * i for i in range(nd))
    win = jnp.transpose(win, perm)
    win = win.reshape(win.shape[:2 + nd] + (-1,))
    val, am = _pick_first_max(win)
    if not indices:
        return val[0] if unbatched else val
    flat = jnp.zeros(val.shape, jnp.int64)
    for i, off in enumerate(_unravel(am, k)):
        shape = (n, c) + tuple(out[j] if j == i else 1 for j in range(nd))
        start = starts[i].astype(jnp.int64).reshape(shape)
        flat = flat * spatial[i] + start + off.astype(jnp.int64)
    if unbatched:
        return val[0], flat[0]
    return val, flat


def _fractional(n, input, kernel_size, output_size, output_ratio, return_indices,
                _random_samples):
    fname = f"fractional_max_pool{n}d"
    if output_size is None and output_ratio is None:
        raise ValueError(f"{fname} requires specifying either an output_size or an output_ratio")
    shape = input._nd.shape
    if output_size is None:
        if not hasattr(output_ratio, "__len__"):  # PyTorch takes len() of it first
            raise TypeError(f"object of type '{type(output_ratio).__name__}' has no len()")
        ratio = _tuple_n(output_ratio, n)
        if len(ratio) > n:
            raise ValueError(f"{fname} requires output_ratio to either be a single Int or tuple "
                             "of Ints.")
        output_size = [int(shape[-n + i] * ratio[i]) for i in range(n)]
    if _random_samples is None:
        from ..._creation import empty
        from ..._ops.shape import wrap_dim
        wrap_dim(-n - 1, len(shape))  # PyTorch reads input.size(-3) here
        batch = 1 if len(shape) == n + 1 else shape[0]
        _random_samples = empty((batch, shape[-n - 1], n), dtype=input._nd.dtype,
                                device=input.device).uniform_()
    k = list(_tuple_n(kernel_size, n))
    out = list(_tuple_n(output_size, n))
    if len(k) != n:
        raise RuntimeError(f"{fname}: kernel_size must either be a single Int or tuple of Ints")
    if len(out) != n:
        raise RuntimeError(f"{fname}: output_size must either be a single Int or tuple of Ints")
    if len(shape) not in (n + 1, n + 2):
        raise RuntimeError(f"{fname}(): Expected {n + 1}D or {n + 2}D tensor, but got: "
                           f"{list(shape)}")
    for i in range(1, len(shape)):
        if shape[i] == 0:
            raise RuntimeError(f"{fname}(): Expected input to have non-zero size for non-batch "
                               f"dimensions, but got{list(shape)} with dimension {i} being "
                               "empty.")
    spatial = shape[-n:]
    labels = ("height", "width") if n == 2 else ("time", "height", "width")
    for label, o, ki, size in zip(labels, out, k, spatial):
        if o + ki - 1 > size:
            raise RuntimeError(f"{fname}(): pool {label} {ki} too large relative to input "
                               f"{label} {size}")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise NotImplementedError(f"\"{fname}_out_frame\" not implemented for '{_c10_name(dt)}'")
    # PyTorch's sample order: 2-d uses (w, h); 3-d uses (t, h, w)
    order = (1, 0) if n == 2 else (0, 1, 2)
    static = (("k", tuple(k)), ("out", tuple(out)), ("order", order),
              ("unbatched", len(shape) == n + 1), ("indices", bool(return_indices)))
    gname = f"FractionalMaxPool{n}DBackward0"
    if return_indices:
        return tuple(record_multi(_fractional_kernel, (input, _random_samples), static,
                                  name=fname, gname=gname))
    return record(_fractional_kernel, (input, _random_samples), static, name=fname, gname=gname)


def fractional_max_pool2d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """Fractional max pooling; regions follow PyTorch's formula on `_random_samples` (N, C, 2),
    drawn from jtorch's RNG when not given (PyTorch's distribution, not its random stream)."""
    return _fractional(2, input, kernel_size, output_size, output_ratio, return_indices,
                       _random_samples)


def fractional_max_pool3d(input, kernel_size, output_size=None, output_ratio=None,
                          return_indices=False, _random_samples=None):
    """3-d fractional max pooling (`_random_samples` of shape (N, C, 3))."""
    return _fractional(3, input, kernel_size, output_size, output_ratio, return_indices,
                       _random_samples)


def fractional_max_pool2d_with_indices(input, kernel_size, output_size=None, output_ratio=None,
                                       return_indices=False, _random_samples=None):
    """fractional_max_pool2d returning (values, indices)."""
    return fractional_max_pool2d(input, kernel_size, output_size, output_ratio, True,
                                 _random_samples)


def fractional_max_pool3d_with_indices(input, kernel_size, output_size=None, output_ratio=None,
                                       return_indices=False, _random_samples=None):
    """fractional_max_pool3d returning (values, indices)."""
    return fractional_max_pool3d(input, kernel_size, output_size, output_ratio, True,
                                 _random_samples)
