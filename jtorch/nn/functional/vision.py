"""nn.functional vision ops: interpolate (nearest, nearest-exact, linear, bilinear, bicubic,
trilinear, area, lanczos; antialias for bilinear/bicubic/lanczos), the deprecated upsample*
wrappers, pixel_shuffle / pixel_unshuffle, affine_grid and grid_sample.

jax.image.resize does not use PyTorch's source-index formulas, so the source indices and
weights are computed here as PyTorch's CPU kernels do (in float32 for float32/half inputs, in
float64 for float64) and applied as static gathers per dimension: one kernel per call.
"""
import math
import warnings

import numpy as np
import jax
import jax.numpy as jnp

from ..._ops.dispatch import record
from ..._ops.registry import op
from ..._tensor import _c10_name
from .pooling import adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d

__all__ = ["interpolate", "upsample", "upsample_nearest", "upsample_bilinear", "pixel_shuffle",
           "pixel_unshuffle", "channel_shuffle", "affine_grid", "grid_sample"]


# ---- index arithmetic (NumPy, at trace time) --------------------------------------------------
def _scale_value(scale, n_in, n_out, ft):
    """compute_scales_value: 1/scale when a positive scale was given, else in/out."""
    if scale is not None and scale > 0:
        return ft(1.0 / scale)
    return ft(n_in) / ft(n_out)


def _area_scale(n_in, n_out, align_corners, scale, ft):
    if align_corners:
        return ft(n_in - 1) / ft(n_out - 1) if n_out > 1 else ft(0)
    return _scale_value(scale, n_in, n_out, ft)


def _source_index(scale, i, align_corners, cubic, ft):
    if align_corners:
        return scale * i
    src = scale * (i + ft(0.5)) - ft(0.5)
    return src if cubic else np.maximum(src, ft(0))


def _nearest_index(n_in, n_out, scale, exact):
    i = np.arange(n_out)
    if not exact:
        if n_out == n_in:
            return i
        if n_out == 2 * n_in:
            return i >> 1
    s = _scale_value(scale, n_in, n_out, np.float32)
    if exact:
        src = np.floor(((i + 0.5) * np.float64(s)).astype(np.float32))
    else:
        src = np.floor(i.astype(np.float32) * s)
    return np.minimum(src.astype(np.int64), n_in - 1)


def _linear_taps(n_in, n_out, align_corners, scale, ft):
    """(indices (out, 2), weights (out, 2)) of linear interpolation."""
    i = np.arange(n_out)
    if n_out == n_in:
        return np.stack([i, i], 1), np.stack([np.ones(n_out, ft), np.zeros(n_out, ft)], 1)
    sc = _area_scale(n_in, n_out, align_corners, scale, ft)
    real = _source_index(sc, i.astype(ft), align_corners, False, ft).astype(ft)
    i0 = np.minimum(np.floor(real).astype(np.int64), n_in - 1)
    lam1 = np.clip(real - i0.astype(ft), ft(0), ft(1)).astype(ft)
    i1 = i0 + (i0 < n_in - 1)
    return np.stack([i0, i1], 1), np.stack([ft(1) - lam1, lam1], 1)


def _cubic_coeffs(t, ft, a=-0.75):
    a = ft(a)

    def conv1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def conv2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    return np.stack([conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t)], 1).astype(ft)


def _cubic_taps(n_in, n_out, align_corners, scale, ft):
    i = np.arange(n_out)
    sc = _area_scale(n_in, n_out, align_corners, scale, ft)
    real = _source_index(sc, i.astype(ft), align_corners, True, ft).astype(ft)
    i0 = np.minimum(np.floor(real).astype(np.int64), n_in - 1)
    t = np.clip(real - i0.astype(ft), ft(0), ft(1)).astype(ft)
    idx = np.clip(i0[:, None] + np.arange(-1, 3)[None, :], 0, n_in - 1)
    return idx, _cubic_coeffs(t, ft)


def _aa_taps(n_in, n_out, align_corners, scale, mode, ft):
    """Antialiased (separable, normalised) taps as PyTorch's _upsample_*_aa kernels, whose
    window arithmetic runs in the input's float type."""
    sc = ft(_area_scale(n_in, n_out, align_corners, scale, ft))
    interp = {"bilinear": 2, "bicubic": 4, "lanczos": 6}[mode]
    support = ft(interp * 0.5) * sc if sc >= 1.0 else ft(interp * 0.5)
    invscale = ft(1.0) / sc if sc >= 1.0 else ft(1.0)
    width = int(math.ceil(support)) * 2 + 1
    idx = np.zeros((n_out, width), np.int64)
    wts = np.zeros((n_out, width), ft)
    half = ft(0.5)
    for i in range(n_out):
        center = sc * (ft(i) + half)
        xmin = max(int(center - support + half), 0)
        xsize = min(int(center + support + half), n_in) - xmin
        xs = ((np.arange(xsize) + xmin).astype(ft) - center + half) * invscale
        if mode == "bicubic":
            a = ft(-0.5)
            ax = np.abs(xs)
            w = np.where(ax < 1, ((a + 2) * ax - (a + 3)) * ax * ax + 1,
                         np.where(ax < 2, (((ax - 5) * ax + 8) * ax - 4) * a, ft(0)))
        elif mode == "lanczos":
            ax = np.abs(xs).astype(np.float64)
            px = np.pi * ax
            with np.errstate(divide="ignore", invalid="ignore"):
                w = np.where(ax == 0, 1.0, np.where(ax < 3, 3 * np.sin(px) * np.sin(px / 3) /
                                                     (px * px), 0.0))
            w = w.astype(ft)
        else:
            w = np.maximum(ft(1) - np.abs(xs), ft(0))
        w = w.astype(ft)
        total = w.sum(dtype=ft)
        if total != 0:
            w = w / total
        idx[i, :xsize] = np.arange(xsize) + xmin
        idx[i, xsize:] = xmin
        wts[i, :xsize] = w
    return idx, wts


# ---- kernels ------------------------------------------------------------------------------------
def _gather_axis(x, axis, idx):
    return jnp.take(x, jnp.asarray(idx.ravel()), axis=axis, mode="clip").reshape(
        x.shape[:axis] + idx.shape + x.shape[axis + 1:])


def _nearest_kernel(x, *, index):
    for k, idx in enumerate(index):
        if idx is not None:
            x = jnp.take(x, np.asarray(idx, np.int64), axis=2 + k, mode="clip")
    return x


def _taps_kernel(x, *, taps):
    """Per spatial dimension: gather the taps and take their weighted sum (weights static)."""
    dt = x.dtype
    acc = jnp.float32 if dt in (jnp.float16, jnp.bfloat16) else dt
    x = x.astype(acc)
    for k, tap in enumerate(taps):
        if tap is None:
            continue
        idx, w = np.asarray(tap[0], np.int64), np.asarray(tap[1])
        axis = 2 + k
        g = _gather_axis(x, axis, idx)  # (..., out, taps, ...)
        shape = [1] * g.ndim
        shape[axis], shape[axis + 1] = w.shape
        x = jnp.sum(g * jnp.asarray(w.reshape(shape), acc), axis=axis + 1)
    return x.astype(dt)


def _as_tuple_of_tuples(a):
    return tuple(tuple(v) for v in np.asarray(a).tolist())


# ---- interpolate --------------------------------------------------------------------------------
def _is_integer(x):
    return isinstance(x, int) and not isinstance(x, bool) or \
        hasattr(x, "__index__") and not isinstance(x, float)


def interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None,
                recompute_scale_factor=None, antialias=False):
    """Resizes with PyTorch's index formulas for every mode (see module docstring)."""
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError("align_corners option can only be set with the interpolating modes: "
                             "linear | bilinear | bicubic | trilinear")
    elif align_corners is None:
        align_corners = False
    shape = input._nd.shape
    dim = len(shape) - 2
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        scale_factors = None
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError("Input and output must have the same number of spatial "
                                 "dimensions, but got input with spatial dimensions of "
                                 f"{list(shape[2:])} and output size of {size}. Please provide "
                                 "input tensor in (N, C, d1, d2, ...,dK) format and output size "
                                 "in (o1, o2, ...,oK) format.")
            if not all(_is_integer(v) for v in size):
                raise TypeError("expected size to be one of int or Tuple[int] or Tuple[int, int] "
                                "or Tuple[int, int, int], but got size with types "
                                f"{[type(v) for v in size]}")
            output_size = [int(v) for v in size]
        else:
            output_size = [int(size)] * dim
    elif scale_factor is not None:
        output_size = None
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError("Input and scale_factor must have the same number of spatial "
                                 "dimensions, but got input with spatial dimensions of "
                                 f"{list(shape[2:])} and scale_factor of shape {scale_factor}. "
                                 "Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                                 "and scale_factor in (s1, s2, ...,sK) format.")
            scale_factors = [float(v) for v in scale_factor]
        else:
            scale_factors = [float(scale_factor)] * dim
    else:
        raise ValueError("either size or scale_factor should be defined")
    if recompute_scale_factor is not None and recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and output_size is None:
        recompute_scale_factor = True
    if recompute_scale_factor is not None and recompute_scale_factor:
        output_size = [math.floor(float(shape[i + 2]) * scale_factors[i]) for i in range(dim)]
        scale_factors = None
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and len(shape) == 4):
        raise ValueError("Anti-alias option is restricted to bilinear, bicubic, and lanczos modes "
                         "and requires a 4-D tensor as input")
    supported = {"nearest": (1, 2, 3), "nearest-exact": (1, 2, 3), "area": (1, 2, 3),
                 "linear": (1,), "bilinear": (2,), "trilinear": (3,), "bicubic": (2,),
                 "lanczos": (2,)}
    if dim not in supported.get(mode, ()):
        need = {"linear": "3D", "bilinear": "4D", "trilinear": "5D"}
        if mode in need and dim in (1, 2, 3):
            raise NotImplementedError(f"Got {dim + 2}D input, but {mode} mode needs "
                                      f"{need[mode]} input")
        raise NotImplementedError(
            "Input Error: Only 3D, 4D and 5D input Tensors supported"
            f" (got {dim + 2}D) for the modes: nearest | linear | bilinear | bicubic | trilinear "
            f"| lanczos | area | nearest-exact (got {mode})")
    if mode == "lanczos":
        if align_corners:
            raise ValueError("Lanczos mode does not support align_corners=True")
        if not antialias:
            raise ValueError("Lanczos mode requires antialias=True")
    if mode == "area":
        pool = (adaptive_avg_pool1d, adaptive_avg_pool2d, adaptive_avg_pool3d)[dim - 1]
        return pool(input, output_size)
    return _upsample(input, mode, output_size, scale_factors, align_corners, antialias)


def _upsample(input, mode, output_size, scale_factors, align_corners, antialias):
    shape = input._nd.shape
    dim = len(shape) - 2
    spatial = shape[2:]
    if output_size is None:
        output_size = [int(n * s) for n, s in zip(spatial, scale_factors)]
    fname = _kernel_name(mode, dim, antialias)
    if any(n <= 0 for n in spatial) or any(o <= 0 for o in output_size):
        labels = ("D", "H", "W")[-dim:]
        ins = ", ".join(f"{a}: {b}" for a, b in zip(labels, spatial))
        outs = ", ".join(f"{a}: {b}" for a, b in zip(labels, output_size))
        raise RuntimeError(f"Input and output sizes should be greater than 0, but got input "
                           f"({ins}) output ({outs})")
    dt = input._nd.dtype
    scales = scale_factors or [None] * dim
    if mode in ("nearest", "nearest-exact"):
        if not (dt.is_floating_point or dt.name == "uint8"):
            kname = "upsample_nearest2d_channels_last" if dim == 2 else \
                "compute_indices_weights_nearest"
            raise NotImplementedError(f"\"{kname}\" not implemented for '{_c10_name(dt)}'")
        index = tuple(None if o == n and mode == "nearest" else
                      tuple(int(v) for v in _nearest_index(n, o, sc, mode == "nearest-exact"))
                      for n, o, sc in zip(spatial, output_size, scales))
        gname = ("UpsampleNearestExact" if mode == "nearest-exact" else "UpsampleNearest") + \
            f"{dim}DBackward0"
        return record(_nearest_kernel, (input,), (("index", index),), name=fname, gname=gname)
    if not dt.is_floating_point:
        if dt.name == "uint8":
            raise NotImplementedError(
                f"interpolate(mode='{mode}') on uint8 tensors: PyTorch uses fixed-point integer "
                "kernels for this case, which jtorch does not reproduce; convert to float first")
        name = {"linear": "compute_indices_weights_linear", "trilinear":
                "compute_indices_weights_linear", "bicubic": "compute_indices_weights_cubic",
                "bilinear": "upsample_bilinear2d_channels_last"}.get(mode)
        if antialias or mode == "lanczos":
            name = "compute_index_ranges_weights"
        raise NotImplementedError(f"\"{name}\" not implemented for '{_c10_name(dt)}'")
    ft = np.float64 if dt.name == "float64" else np.float32
    taps = []
    for n, o, sc in zip(spatial, output_size, scales):
        if antialias:
            idx, w = _aa_taps(n, o, align_corners, sc, mode, ft)
        elif mode == "bicubic":
            idx, w = _cubic_taps(n, o, align_corners, sc, ft)
        else:
            idx, w = _linear_taps(n, o, align_corners, sc, ft)
        taps.append((_as_tuple_of_tuples(idx), _as_tuple_of_tuples(w)))
    gname = {"linear": "UpsampleLinear1DBackward0", "bilinear": "UpsampleBilinear2DBackward0",
             "trilinear": "UpsampleTrilinear3DBackward0",
             "bicubic": "UpsampleBicubic2DBackward0",
             "lanczos": "UpsampleLanczos2DBackward0"}[mode]
    if antialias:
        gname = gname.replace("2DBackward0", "2DAaBackward0")
    return record(_taps_kernel, (input,), (("taps", tuple(taps)),), name=fname, gname=gname)


def _kernel_name(mode, dim, antialias):
    if mode == "nearest":
        return f"upsample_nearest{dim}d"
    if mode == "nearest-exact":
        return f"_upsample_nearest_exact{dim}d"
    base = {"linear": "upsample_linear1d", "bilinear": "upsample_bilinear2d",
            "trilinear": "upsample_trilinear3d", "bicubic": "upsample_bicubic2d",
            "lanczos": "upsample_lanczos2d"}[mode]
    return ("_" + base + "_aa") if antialias else base


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated alias of interpolate (warns, as PyTorch)."""
    warnings.warn("`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` "
                  "instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='nearest')."""
    warnings.warn("`nn.functional.upsample_nearest` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(mode='bilinear', align_corners=True)."""
    warnings.warn("`nn.functional.upsample_bilinear` is deprecated. Use "
                  "`nn.functional.interpolate` instead.", stacklevel=2)
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


# ---- pixel shuffle ------------------------------------------------------------------------------
def _shuffle_kernel(x, *, r):
    lead = x.shape[:-3]
    c, h, w = x.shape[-3:]
    oc = c // (r * r)
    y = x.reshape(lead + (oc, r, r, h, w))
    n = len(lead)
    y = jnp.transpose(y, tuple(range(n)) + (n, n + 3, n + 1, n + 4, n + 2))
    return y.reshape(lead + (oc, h * r, w * r))


def _unshuffle_kernel(x, *, r):
    lead = x.shape[:-3]
    c, h, w = x.shape[-3:]
    y = x.reshape(lead + (c, h // r, r, w // r, r))
    n = len(lead)
    y = jnp.transpose(y, tuple(range(n)) + (n, n + 2, n + 4, n + 1, n + 3))
    return y.reshape(lead + (c * r * r, h // r, w // r))


@op("pixel_shuffle", method=False)
def pixel_shuffle(input, upscale_factor):
    """(*, C*r^2, H, W) -> (*, C, H*r, W*r)."""
    shape = input._nd.shape
    r = int(upscale_factor)
    if len(shape) < 3:
        raise RuntimeError(f"pixel_shuffle expects input to have at least 3 dimensions, but got "
                           f"input with {len(shape)} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_shuffle expects a positive upscale_factor, but got {r}")
    if shape[-3] % (r * r):
        raise RuntimeError(f"pixel_shuffle expects its input's 'channel' dimension to be divisible "
                           f"by the square of upscale_factor, but input.size(-3)={shape[-3]} is "
                           f"not divisible by {r * r}")
    return record(_shuffle_kernel, (input,), (("r", r),), name="pixel_shuffle",
                  gname="PixelShuffleBackward0")


@op("pixel_unshuffle", method=False)
def pixel_unshuffle(input, downscale_factor):
    """(*, C, H*r, W*r) -> (*, C*r^2, H, W)."""
    shape = input._nd.shape
    r = int(downscale_factor)
    if len(shape) < 3:
        raise RuntimeError(f"pixel_unshuffle expects input to have at least 3 dimensions, but got "
                           f"input with {len(shape)} dimension(s)")
    if r <= 0:
        raise RuntimeError(f"pixel_unshuffle expects a positive downscale_factor, but got {r}")
    if shape[-2] % r:
        raise RuntimeError(f"pixel_unshuffle expects height to be divisible by downscale_factor, "
                           f"but input.size(-2)={shape[-2]} is not divisible by {r}")
    if shape[-1] % r:
        raise RuntimeError(f"pixel_unshuffle expects width to be divisible by downscale_factor, "
                           f"but input.size(-1)={shape[-1]} is not divisible by {r}")
    return record(_unshuffle_kernel, (input,), (("r", r),), name="pixel_unshuffle",
                  gname="PixelUnshuffleBackward0")


def _channel_shuffle_kernel(x, *, g):
    n, c = x.shape[:2]
    rest = x.shape[2:]
    y = x.reshape((n, g, c // g) + rest)
    return jnp.swapaxes(y, 1, 2).reshape(x.shape)


@op("channel_shuffle", "native_channel_shuffle", method=False)
def channel_shuffle(input, groups):
    """(N, g*k, *) -> (N, k*g, *): channels regrouped as PyTorch's ChannelShuffle."""
    shape = tuple(input._nd.shape)
    g = int(groups)
    if len(shape) <= 2:
        raise RuntimeError(f"channel_shuffle expects input with > 2 dims, but got input with "
                           f"sizes {list(shape)}")
    if g <= 0:
        raise RuntimeError(f"Number of groups to divide channels in must be positive. Value of "
                           f"groups:{g}")
    if shape[1] % g:
        raise RuntimeError(f"Number of channels must be divisible by groups. Got {shape[1]} "
                           f"channels and {g} groups.")
    return record(_channel_shuffle_kernel, (input,), (("g", g),), name="channel_shuffle",
                  gname="ChannelShuffleBackward0")


# ---- affine_grid / grid_sample ------------------------------------------------------------------
def _base_coords(n, align_corners, dt):
    """PyTorch's base grid: torch.linspace(-1, 1, n) (its rounding: each half counted from
    its own end), scaled by (n - 1) / n without align_corners."""
    from ..._creation import _linspace_values
    from ..._dtype import from_numpy_dtype
    if n <= 1:
        return jnp.zeros((max(n, 0),), dt)
    c = _linspace_values(-1.0, 1.0, n=n, dt=from_numpy_dtype(np.dtype(dt))).astype(dt)
    if align_corners:
        return c
    # each step correctly rounded to dt (XLA would multiply by a rounded 1/n)
    c = (c.astype(jnp.float64) * (n - 1)).astype(dt).astype(jnp.float64)
    return (c / jax.lax.optimization_barrier(jnp.full(c.shape, n, jnp.float64))).astype(dt)


def _affine_grid_kernel(theta, *, size, align_corners):
    dt = theta.dtype
    spatial = size[2:]
    coords = [_base_coords(s, align_corners, dt) for s in spatial]
    if len(spatial) == 2:
        h, w = spatial
        xs = jnp.broadcast_to(coords[1][None, :], (h, w))
        ys = jnp.broadcast_to(coords[0][:, None], (h, w))
        return _base_times_theta((xs, ys), theta)
    d, h, w = spatial
    xs = jnp.broadcast_to(coords[2][None, None, :], (d, h, w))
    ys = jnp.broadcast_to(coords[1][None, :, None], (d, h, w))
    zs = jnp.broadcast_to(coords[0][:, None, None], (d, h, w))
    return _base_times_theta((xs, ys, zs), theta)


def _base_times_theta(coords, theta):
    """(x, y[, z], 1) @ theta^T per point, summed left to right with each product and sum
    rounded (PyTorch's CPU bmm of the base grid for these tiny inner sizes)."""
    k = len(coords)
    extra = (slice(None),) + (None,) * coords[0].ndim
    outs = []
    for j in range(theta.shape[1]):
        acc = coords[0][None] * theta[:, j, 0][extra]
        for i in range(1, k):
            acc = acc + coords[i][None] * theta[:, j, i][extra]
        outs.append(acc + theta[:, j, k][extra])
    return jnp.stack(outs, -1)


def affine_grid(theta, size, align_corners=None):
    """Sampling grid (N, H, W, 2) / (N, D, H, W, 3) from affine matrices, as PyTorch."""
    if align_corners is None:
        warnings.warn("Default grid_sample and affine_grid behavior has changed to "
                      "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                      "old behavior is desired. See the documentation of grid_sample for "
                      "details.", stacklevel=2)
        align_corners = False
    if not theta.is_floating_point():
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    given = size
    size = [int(v) for v in size]
    ts = theta._nd.shape
    if len(size) == 4:
        if len(ts) != 3 or ts[-2] != 2 or ts[-1] != 3:
            raise ValueError(f"Expected a batch of 2D affine matrices of shape Nx2x3 for size "
                             f"{given}. Got {theta.shape}.")
        spatial = size[-2:]
    elif len(size) == 5:
        if len(ts) != 3 or ts[-2] != 3 or ts[-1] != 4:
            raise ValueError(f"Expected a batch of 3D affine matrices of shape Nx3x4 for size "
                             f"{given}. Got {theta.shape}.")
        spatial = size[-3:]
    else:
        raise NotImplementedError(f"affine_grid only supports 4D and 5D sizes, for 2D and 3D "
                                  f"affine transforms, respectively. Got size {given}.")
    if align_corners and min(spatial) == 1:
        warnings.warn("Since version 1.3.0, affine_grid behavior has changed for unit-size grids "
                      "when align_corners=True. This is not an intended use case of affine_grid. "
                      "See the documentation of affine_grid for details.", stacklevel=2)
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {given}")
    if ts[0] != size[0]:  # PyTorch's batched matmul of the base grid and theta^T reports it
        k = ts[-1]
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{size[0]}, {k}] but got: [{ts[0]}, {k}].")
    return record(_affine_grid_kernel, (theta,), (("size", tuple(size)),
                                                  ("align_corners", bool(align_corners))),
                  name="affine_grid", gname="AffineGridGeneratorBackward0")


def _unnormalize(coord, size, align_corners):
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def _reflect(coord, lo2, hi2):
    """Reflect coordinates into [lo2/2, hi2/2] (PyTorch's reflect_coordinates)."""
    if lo2 == hi2:
        return jnp.zeros_like(coord)
    mn = lo2 / 2
    span = (hi2 - lo2) / 2
    c = jnp.abs(coord - mn)
    extra = jnp.fmod(c, span)
    flips = jnp.floor(c / span)
    return jnp.where(jnp.fmod(flips, 2) == 0, extra + mn, span - extra + mn)


@jax.custom_jvp
def _clip_coords(coord, hi):
    """clip(coord, 0, hi) whose derivative is PyTorch's clip_coordinates_set_grad: 1 strictly
    inside (0, hi), 0 on and beyond either bound."""
    return jnp.clip(coord, 0, hi)


@_clip_coords.defjvp
def _clip_coords_jvp(primals, tangents):
    coord, hi = primals
    inside = (coord > 0) & (coord < hi)
    return _clip_coords(coord, hi), tangents[0] * inside.astype(coord.dtype)


def _source(coord, size, padding_mode, align_corners):
    coord = _unnormalize(coord, size, align_corners)
    hi = jnp.asarray(size - 1, coord.dtype)
    if padding_mode == "border":
        coord = _clip_coords(coord, hi)
    elif padding_mode == "reflection":
        if align_corners:
            coord = _reflect(coord, 0, 2 * (size - 1))
        else:
            coord = _reflect(coord, -1, 2 * size - 1)
        coord = _clip_coords(coord, hi)
    return coord


def _grid_sample_kernel(x, grid, *, mode, padding_mode, align_corners):
    """2-d grid_sample: x (N, C, H, W), grid (N, Ho, Wo, 2) of (x, y) in [-1, 1]. All taps of a
    point are gathered at once (one gather, and one scatter-add for the gradient)."""
    n, c, h, w = x.shape
    flat = x.reshape(n, c, h * w)

    def taps(iy, ix, weights):
        """Sum over the tap axis (last) of weight * x[iy, ix], zero outside the input."""
        valid = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
        idx = jnp.clip(iy, 0, h - 1) * w + jnp.clip(ix, 0, w - 1)  # (N, Ho, Wo, T)
        shp = idx.shape
        v = jnp.take_along_axis(flat, jnp.broadcast_to(idx.reshape(n, 1, -1),
                                                       (n, c, idx.size // n)), axis=2)
        v = v.reshape((n, c) + shp[1:])
        wv = jnp.where(valid, weights, jnp.zeros((), x.dtype))[:, None]
        return jnp.sum(v * wv, axis=-1)

    if mode == "nearest":
        gx = _source(grid[..., 0], w, padding_mode, align_corners)
        gy = _source(grid[..., 1], h, padding_mode, align_corners)
        ix = jnp.round(gx).astype(jnp.int64)[..., None]  # nearbyint: round half to even
        iy = jnp.round(gy).astype(jnp.int64)[..., None]
        return taps(iy, ix, jnp.ones(ix.shape, x.dtype))
    if mode == "bilinear":
        gx = _source(grid[..., 0], w, padding_mode, align_corners)
        gy = _source(grid[..., 1], h, padding_mode, align_corners)
        x0, y0 = jnp.floor(gx), jnp.floor(gy)
        tx, ty = gx - x0, gy - y0
        x0i, y0i = x0.astype(jnp.int64), y0.astype(jnp.int64)
        ix = jnp.stack([x0i, x0i + 1, x0i, x0i + 1], -1)
        iy = jnp.stack([y0i, y0i, y0i + 1, y0i + 1], -1)
        wts = jnp.stack([(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty], -1)
        return taps(iy, ix, wts)
    # bicubic: coordinates are unnormalised without padding; the padding rule applies per tap
    gx = _unnormalize(grid[..., 0], w, align_corners)
    gy = _unnormalize(grid[..., 1], h, align_corners)
    x0, y0 = jnp.floor(gx), jnp.floor(gy)
    tx, ty = gx - x0, gy - y0
    off = jnp.arange(-1, 3)
    ix = (x0.astype(jnp.int64)[..., None, None] + off[None, :])  # (..., 4 rows, 4 cols)
    iy = (y0.astype(jnp.int64)[..., None, None] + off[:, None])
    ix = jnp.broadcast_to(ix, ix.shape[:-2] + (4, 4))
    iy = jnp.broadcast_to(iy, iy.shape[:-2] + (4, 4))
    if padding_mode != "zeros":
        ix = _source_pixel(ix.astype(x.dtype), w, padding_mode, align_corners).astype(jnp.int64)
        iy = _source_pixel(iy.astype(x.dtype), h, padding_mode, align_corners).astype(jnp.int64)
    cx, cy = _cubic_weights(tx), _cubic_weights(ty)
    wts = cy[..., :, None] * cx[..., None, :]
    shp = ix.shape[:-2] + (16,)
    return taps(iy.reshape(shp), ix.reshape(shp), wts.reshape(shp))


def _cubic_weights(t, a=-0.75):
    def conv1(v):
        return ((a + 2) * v - (a + 3)) * v * v + 1

    def conv2(v):
        return ((a * v - 5 * a) * v + 8 * a) * v - 4 * a

    return jnp.stack([conv2(t + 1), conv1(t), conv1(1 - t), conv2(2 - t)], -1)


def _source_pixel(coord, size, padding_mode, align_corners):
    if padding_mode == "border":
        return jnp.clip(coord, 0, size - 1)
    if align_corners:
        coord = _reflect(coord, 0, 2 * (size - 1))
    else:
        coord = _reflect(coord, -1, 2 * size - 1)
    return jnp.clip(coord, 0, size - 1)


def grid_sample(input, grid, mode="bilinear", padding_mode="zeros", align_corners=None):
    """Samples `input` at `grid` locations (2-d; bilinear, nearest, bicubic; zeros, border,
    reflection padding) with PyTorch's unnormalisation and padding rules."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(f"nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' "
                         f"or 'bicubic', but got: '{mode}'")
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError("nn.functional.grid_sample(): expected padding_mode to be 'zeros', "
                         f"'border', or 'reflection', but got: '{padding_mode}'")
    if align_corners is None:
        warnings.warn("Default grid_sample and affine_grid behavior has changed to "
                      "align_corners=False since 1.3.0. Please specify align_corners=True if the "
                      "old behavior is desired. See the documentation of grid_sample for "
                      "details.", stacklevel=2)
        align_corners = False
    xs, gs = input._nd.shape, grid._nd.shape
    if input._nd.dtype is not grid._nd.dtype:
        raise RuntimeError(f"expected scalar type {_c10_name(input._nd.dtype)} but found "
                           f"{_c10_name(grid._nd.dtype)}")
    if len(xs) != 4 or len(gs) != 4:
        if len(xs) == 5:
            raise NotImplementedError("grid_sample for 5-D (volumetric) inputs is not supported "
                                      "by jtorch yet")
        raise RuntimeError(f"grid_sampler(): expected 4D or 5D input and grid with same number of "
                           f"dimensions, but got input with sizes {list(xs)} and grid with "
                           f"sizes {list(gs)}")
    if xs[0] != gs[0]:
        raise RuntimeError(f"grid_sampler(): expected grid and input to have same batch size, "
                           f"but got input with sizes {list(xs)} and grid with sizes {list(gs)}")
    if gs[-1] != 2:
        raise RuntimeError(f"grid_sampler(): expected grid to have size 2 in last dimension, but "
                           f"got grid with sizes {list(gs)}")
    static = (("mode", mode), ("padding_mode", padding_mode),
              ("align_corners", bool(align_corners)))
    return record(_grid_sample_kernel, (input, grid), static, name="grid_sampler_2d",
                  gname="GridSampler2DBackward0")
