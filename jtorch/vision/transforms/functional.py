"""torchvision.transforms.functional on jtorch.

Images come in three kinds, as in torchvision, with one stand-in:
* jtorch Tensors of shape [..., C, H, W] (torchvision's tensor images) -> Tensors;
* NumPy arrays of shape [H, W] or [H, W, C] (uint8 or float) -> NumPy arrays. They play the
  role of PIL images: jtorch's datasets return them, and Pillow is not a dependency;
* PIL images, when Pillow is installed -> PIL images (converted through NumPy).

Every operation is written once over an array module (`xp`: NumPy or jax.numpy) on [..., C, H, W]
arrays. A computed CPU Tensor is processed with NumPy on the host (fast, nothing recorded in
the deferred graph, so it is safe in DataLoader worker threads); a computed accelerator Tensor
with jax.numpy on its device; a pending or grad-requiring Tensor through one recorded,
differentiable jtorch op.

Resampling follows PIL's convolution scheme (as torchvision's antialiased tensor resize does);
without antialias, bilinear/bicubic follow torch.nn.functional.interpolate(align_corners=False).
Values are close to torchvision's, not bit-identical (torchvision is not available to compare).
"""
import math
import numbers
from enum import Enum

import numpy as np

from ..._tensor import Tensor

__all__ = ["InterpolationMode", "to_tensor", "pil_to_tensor", "to_pil_image", "normalize",
           "resize", "pad", "crop", "center_crop", "hflip", "vflip", "rotate",
           "adjust_brightness", "adjust_contrast", "adjust_saturation", "adjust_hue",
           "rgb_to_grayscale", "convert_image_dtype", "get_dimensions", "get_image_size",
           "get_image_num_channels", "to_grayscale"]


class InterpolationMode(Enum):
    """Interpolation modes (torchvision's names and values)."""
    NEAREST = "nearest"
    NEAREST_EXACT = "nearest-exact"
    BILINEAR = "bilinear"
    BICUBIC = "bicubic"
    BOX = "box"
    HAMMING = "hamming"
    LANCZOS = "lanczos"


def _pil():
    """PIL.Image, or None without Pillow (looked up once: a failed import is slow to retry)."""
    if not _PIL:
        try:
            from PIL import Image
        except ImportError:
            Image = None
        _PIL.append(Image)
    return _PIL[0]


_PIL = []


def _is_pil(img):
    Image = _pil()
    return Image is not None and isinstance(img, Image.Image)


def _need_pil(what):
    if _pil() is None:
        raise ImportError(f"{what} needs Pillow, which is not installed (pip install Pillow). "
                          "Without it, jtorch.vision works on NumPy HWC arrays and Tensors.")


# ---- dispatch over image kinds ----------------------------------------------------------------
def _np_chw(a):
    """HW / HWC NumPy image -> CHW view."""
    return a[None] if a.ndim == 2 else np.moveaxis(a, -1, 0)


def _np_back(out, like):
    return out[0] if like.ndim == 2 else np.moveaxis(out, 0, -1)


def _pil_to_np(img):
    return np.asarray(img)


def _np_to_pil(a, like):
    Image = _pil()
    mode = like.mode if a.dtype == np.uint8 and like.mode in ("L", "RGB", "RGBA") else None
    return Image.fromarray(a, mode=mode) if mode else Image.fromarray(a)


def _generic_kernel(x, *extra, impl, args):
    import jax.numpy as jnp
    return impl(jnp, x, *extra, *args)


def _apply(img, impl, *args, arrays=()):
    """Run impl(xp, chw_array, *arrays, *args) on any image kind; `args` are hashable Python
    values, `arrays` small NumPy arrays (e.g. resampling weights)."""
    if isinstance(img, Tensor):
        from ...utils.data._utils.collate import concrete, from_host
        a = concrete(img)
        dev = img._nd.device
        if a is not None and all(isinstance(x, np.ndarray) for x in arrays):
            if dev.platform == "cpu":
                return from_host(np.asarray(impl(np, np.asarray(a), *arrays, *args)), dev)
            import jax.numpy as jnp
            return Tensor._from_array(impl(jnp, a, *arrays, *args), dev)
        from ..._ops import dispatch
        from ...utils.data._utils.collate import from_host as fh
        extra = tuple(fh(x, dev) for x in arrays)
        return dispatch.record(_generic_kernel, (img,) + extra,
                               (("impl", impl), ("args", args)), name=impl.__name__.strip("_"))
    if isinstance(img, np.ndarray):
        return _np_back(impl(np, _np_chw(img), *arrays, *args), img)
    if _is_pil(img):
        a = _pil_to_np(img)
        return _np_to_pil(_np_back(impl(np, _np_chw(a), *arrays, *args), a), img)
    raise TypeError(f"img should be PIL Image, NumPy array or Tensor. Got {type(img)}")


def get_dimensions(img):
    """[channels, height, width] of an image."""
    if isinstance(img, Tensor):
        s = img.shape
        if len(s) < 2:
            raise TypeError("Tensor is not a torch image.")
        return [1 if len(s) == 2 else s[-3], s[-2], s[-1]]
    if isinstance(img, np.ndarray):
        if img.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {img.ndim} dimensions.")
        return [1 if img.ndim == 2 else img.shape[2], img.shape[0], img.shape[1]]
    if _is_pil(img):
        return [len(img.getbands()), img.height, img.width]
    raise TypeError(f"Unexpected type {type(img)}")


def get_image_size(img):
    """[width, height] of an image."""
    _, h, w = get_dimensions(img)
    return [w, h]


def get_image_num_channels(img):
    return get_dimensions(img)[0]


def _is_float(img):
    if isinstance(img, Tensor):
        return img.dtype.is_floating_point
    a = img if isinstance(img, np.ndarray) else np.asarray(img)
    return a.dtype.kind == "f"


def _max_value(dt):
    """Largest value of an image dtype (1.0 for floats; jtorch dtype or NumPy dtype)."""
    npdt = np.dtype(dt.np if hasattr(dt, "np") else dt)
    if npdt.kind == "f":
        return 1.0
    if npdt.kind == "b":
        return 1
    return int(np.iinfo(npdt).max)


def _cast(xp, x, dt):
    """Float -> integer image casts round-trip like torch's .to(): truncation toward zero."""
    return x.astype(dt)


def _round_cast(xp, x, dt):
    """A float result back to the input's integer dtype: round, clamp to range, cast."""
    if np.dtype(dt).kind in "iu":
        info = np.iinfo(dt)
        return xp.clip(xp.round(x), info.min, info.max).astype(dt)
    return x.astype(dt)


def _work_dtype(dt):
    """Float dtype an integer image is processed in (float32; float images keep theirs)."""
    return dt if np.dtype(dt).kind == "f" else np.float32


# ---- conversion -------------------------------------------------------------------------------
def to_tensor(pic):
    """PIL image or NumPy HW/HWC array -> CHW Tensor; uint8 data scaled to float in [0, 1]
    (other dtypes keep their dtype and values), as torchvision's to_tensor."""
    from ...utils.data._utils.collate import from_host
    from ... import _dtype
    if _is_pil(pic):
        a = np.asarray(pic)
        if pic.mode == "1":
            a = a.astype(np.uint8) * 255
    elif isinstance(pic, np.ndarray):
        a = pic
    else:
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    if a.ndim not in (2, 3):
        raise ValueError(f"pic should be 2/3 dimensional. Got {a.ndim} dimensions.")
    if a.ndim == 2:
        a = a[:, :, None]
    chw = np.ascontiguousarray(a.transpose(2, 0, 1))
    if chw.dtype == np.uint8:
        chw = chw.astype(_dtype.get_default_dtype().np) / np.asarray(
            255, _dtype.get_default_dtype().np)
    return from_host(chw)


def pil_to_tensor(pic):
    """PIL image (or NumPy HW/HWC array) -> CHW Tensor with the same dtype and values."""
    from ...utils.data._utils.collate import from_host
    if _is_pil(pic):
        a = np.asarray(pic)
    elif isinstance(pic, np.ndarray):
        a = pic
    else:
        raise TypeError(f"pic should be PIL Image. Got {type(pic)}")
    if a.ndim == 2:
        a = a[:, :, None]
    return from_host(np.ascontiguousarray(a.transpose(2, 0, 1)))


def to_pil_image(pic, mode=None):
    """Tensor (CHW) or NumPy (HWC) -> PIL image. Needs Pillow."""
    _need_pil("to_pil_image")
    Image = _pil()
    if isinstance(pic, Tensor):
        if pic.ndim not in (2, 3):
            raise ValueError(f"pic should be 2/3 dimensional. Got {pic.ndim} dimensions.")
        a = pic.detach().cpu().numpy()
        a = a[None] if a.ndim == 2 else a
        a = np.transpose(a, (1, 2, 0))
        if a.dtype.kind == "f" and mode != "F":
            a = (a * 255).astype(np.uint8)
    elif isinstance(pic, np.ndarray):
        a = pic
    else:
        raise TypeError(f"pic should be Tensor or ndarray. Got {type(pic)}.")
    if a.ndim == 3 and a.shape[2] == 1:
        a = a[:, :, 0]
    return Image.fromarray(a, mode=mode) if mode else Image.fromarray(a)


def _convert_dtype_impl(xp, x, out_dt):
    in_dt = x.dtype
    out_dt = np.dtype(out_dt)
    if in_dt == out_dt:
        return x
    if in_dt.kind == "f":
        if out_dt.kind == "f":
            return x.astype(out_dt)
        eps = 1e-3
        return (x * (_max_value(out_dt) + 1.0 - eps)).astype(out_dt)
    in_max = _max_value(in_dt)
    if out_dt.kind == "f":
        return x.astype(out_dt) / xp.asarray(in_max, out_dt)
    out_max = _max_value(out_dt)
    if in_max > out_max:
        factor = (in_max + 1) // (out_max + 1)
        return (x // factor).astype(out_dt)
    factor = (out_max + 1) // (in_max + 1)
    return x.astype(out_dt) * xp.asarray(factor, out_dt)


def convert_image_dtype(image, dtype=None):
    """Convert an image Tensor to `dtype`, rescaling values (ints span [0, max], floats
    [0, 1]) as torchvision does."""
    from ... import float32
    dtype = float32 if dtype is None else dtype
    if not isinstance(image, Tensor):
        raise TypeError("Input img should be Tensor Image")
    if image.dtype is dtype:
        return image
    if image.dtype.is_floating_point and not dtype.is_floating_point:
        if (image.dtype.name == "float32" and dtype.name in ("int32", "int64")) or \
                (image.dtype.name == "float64" and dtype.name == "int64"):
            raise RuntimeError(f"The cast from {image.dtype} to {dtype} cannot be performed "
                               "safely.")
    return _apply(image, _convert_dtype_impl, np.dtype(dtype.np).str)


# ---- normalize --------------------------------------------------------------------------------
def _normalize_impl(xp, x, mean, std):
    return (x - mean.astype(x.dtype)[:, None, None]) / std.astype(x.dtype)[:, None, None]


def normalize(tensor, mean, std, inplace=False):
    """(tensor - mean) / std per channel of a float tensor image [..., C, H, W]."""
    if not isinstance(tensor, Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
    if not tensor.dtype.is_floating_point:
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.ndim < 3:
        raise ValueError("Expected tensor to be a tensor image of size (..., C, H, W). Got "
                         f"tensor.size() = {tensor.size()}")
    npdt = tensor.dtype.np
    m = np.asarray(mean, dtype=npdt).reshape(-1)
    s = np.asarray(std, dtype=npdt).reshape(-1)
    if (s == 0).any():
        raise ValueError(f"std evaluated to zero after conversion to {tensor.dtype}, leading to "
                         "division by zero.")
    c = tensor.shape[-3]
    for v in (m, s):
        if v.size not in (1, c):
            raise RuntimeError(f"The size of tensor a ({c}) must match the size of tensor b "
                               f"({v.size}) at non-singleton dimension 0")
    m = np.broadcast_to(m, (c,)).copy()
    s = np.broadcast_to(s, (c,)).copy()
    out = _apply(tensor, _normalize_impl, arrays=(m, s))
    if inplace:
        tensor.copy_(out)
        return tensor
    return out


# ---- resize -----------------------------------------------------------------------------------
def _filter(mode):
    if mode == "bilinear":
        return 1.0, lambda x: np.maximum(0.0, 1.0 - np.abs(x))

    def cubic(x, a=-0.5):
        x = np.abs(x)
        return np.where(x < 1, ((a + 2) * x - (a + 3)) * x * x + 1,
                        np.where(x < 2, (((x - 5) * x + 8) * x - 4) * a, 0.0))
    return 2.0, cubic


def _resample_matrix(n_in, n_out, mode, antialias, pil_nearest):
    """(n_out, n_in) resampling weights along one axis (float64)."""
    scale = n_in / n_out
    W = np.zeros((n_out, n_in))
    rows = np.arange(n_out)
    if mode in ("nearest", "nearest-exact"):
        if mode == "nearest-exact" or pil_nearest:
            src = np.floor((rows + 0.5) * scale)
        else:
            src = np.floor(rows * scale)
        W[rows, np.minimum(src.astype(np.int64), n_in - 1)] = 1.0
        return W
    if antialias:
        support, f = _filter(mode)
        fs = max(scale, 1.0)
        support *= fs
        for i in range(n_out):
            center = (i + 0.5) * scale
            lo = max(int(center - support + 0.5), 0)
            hi = min(int(center + support + 0.5), n_in)
            j = np.arange(lo, hi)
            w = f((j - center + 0.5) / fs)
            tot = w.sum()
            W[i, lo:hi] = w / tot if tot != 0 else w
        return W
    src = np.maximum((rows + 0.5) * scale - 0.5, 0.0) if mode == "bilinear" \
        else (rows + 0.5) * scale - 0.5
    i0 = np.floor(src).astype(np.int64)
    t = src - i0
    if mode == "bilinear":
        i1 = np.minimum(i0 + 1, n_in - 1)
        i0 = np.minimum(i0, n_in - 1)
        np.add.at(W, (rows, i0), 1.0 - t)
        np.add.at(W, (rows, i1), t)
        return W
    a = -0.75

    def c1(x):
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def c2(x):
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a
    ws = (c2(t + 1), c1(t), c1(1 - t), c2(2 - t))
    for k, w in zip(range(-1, 3), ws):
        np.add.at(W, (rows, np.clip(i0 + k, 0, n_in - 1)), w)
    return W


def _resize_impl(xp, x, wh, ww):
    dt = x.dtype
    work = _work_dtype(dt)
    y = xp.matmul(wh.astype(work), x.astype(work))
    y = xp.matmul(y, ww.astype(work).T)
    return _round_cast(xp, y, dt)


def _output_size(h, w, size, max_size):
    if isinstance(size, numbers.Number) or len(size) == 1:
        requested = size if isinstance(size, numbers.Number) else size[0]
        short, long = (w, h) if w <= h else (h, w)
        new_short, new_long = requested, int(requested * long / short)
        if max_size is not None:
            if max_size <= requested:
                raise ValueError(f"max_size = {max_size} must be strictly greater than the "
                                 f"requested size for the smaller edge size = {size}")
            if new_long > max_size:
                new_short, new_long = int(max_size * new_short / new_long), max_size
        return (new_long, new_short) if w <= h else (new_short, new_long)
    if max_size is not None:
        raise ValueError("max_size should only be passed if size specifies the length of the "
                         "smaller edge, i.e. size should be an int or a sequence of length 1 in "
                         "torchscript mode.")
    return int(size[0]), int(size[1])


def _check_size(size):
    if not isinstance(size, (int, list, tuple)) or isinstance(size, bool):
        raise TypeError(f"Size should be int or sequence. Got {type(size)}")
    if isinstance(size, (list, tuple)) and len(size) not in (1, 2):
        raise ValueError("If size is a sequence, it should have 1 or 2 values")


def _mode(interpolation):
    if isinstance(interpolation, int) and not isinstance(interpolation, bool):
        interpolation = {0: InterpolationMode.NEAREST, 2: InterpolationMode.BILINEAR,
                         3: InterpolationMode.BICUBIC}.get(interpolation, interpolation)
    if not isinstance(interpolation, InterpolationMode):
        raise TypeError("Argument interpolation should be a InterpolationMode or a "
                        "corresponding Pillow integer constant")
    if interpolation.value not in ("nearest", "nearest-exact", "bilinear", "bicubic"):
        raise NotImplementedError(f"interpolation {interpolation.value} is not supported by "
                                  "jtorch.vision (nearest, nearest-exact, bilinear, bicubic)")
    return interpolation.value


def resize(img, size, interpolation=InterpolationMode.BILINEAR, max_size=None,
           antialias=True):
    """Resize to `size` ((h, w), or the smaller edge to an int keeping the aspect ratio)."""
    _check_size(size)
    mode = _mode(interpolation)
    _, h, w = get_dimensions(img)
    oh, ow = _output_size(h, w, size, max_size)
    if (oh, ow) == (h, w):
        return img
    tensor = isinstance(img, Tensor)
    aa = bool(antialias) or not tensor  # PIL-like images are always antialiased
    wh = _resample_matrix(h, oh, mode, aa, not tensor)
    ww = _resample_matrix(w, ow, mode, aa, not tensor)
    return _apply(img, _resize_impl, arrays=(wh, ww))


# ---- pad / crop / flips -----------------------------------------------------------------------
def _pad_impl(xp, x, left, top, right, bottom, fill, mode):
    if mode == "constant" and min(left, top, right, bottom) < 0:
        h, w = x.shape[-2:]
        x = x[..., max(-top, 0):h - max(-bottom, 0), max(-left, 0):w - max(-right, 0)]
        left, top, right, bottom = (max(v, 0) for v in (left, top, right, bottom))
    pw = [(0, 0)] * (x.ndim - 2) + [(top, bottom), (left, right)]
    if mode == "constant":
        return xp.pad(x, pw, mode="constant", constant_values=xp.asarray(fill).astype(x.dtype))
    return xp.pad(x, pw, mode=mode)


def _parse_padding(padding):
    if isinstance(padding, numbers.Number):
        return padding, padding, padding, padding
    if len(padding) == 1:
        p = padding[0]
        return p, p, p, p
    if len(padding) == 2:
        return padding[0], padding[1], padding[0], padding[1]
    return tuple(padding)


def pad(img, padding, fill=0, padding_mode="constant"):
    """Pad the borders: int (all sides), (left/right, top/bottom) or (left, top, right,
    bottom); modes constant, edge, reflect, symmetric."""
    if not isinstance(padding, (numbers.Number, tuple, list)):
        raise TypeError("Got inappropriate padding arg")
    if not isinstance(fill, (numbers.Number, tuple, list)):
        raise TypeError("Got inappropriate fill arg")
    if not isinstance(padding_mode, str):
        raise TypeError("Got inappropriate padding_mode arg")
    if isinstance(padding, (tuple, list)) and len(padding) not in (1, 2, 4):
        raise ValueError("Padding must be an int or a 1, 2, or 4 element tuple, not a "
                         f"{len(padding)} element tuple")
    if padding_mode not in ("constant", "edge", "reflect", "symmetric"):
        raise ValueError("Padding mode should be either constant, edge, reflect or symmetric")
    left, top, right, bottom = (int(v) for v in _parse_padding(padding))
    if isinstance(fill, (tuple, list)):
        fill = tuple(float(v) for v in fill)
        fill_arr = np.asarray(fill)
        if fill_arr.size == 1:
            fill = float(fill_arr[0])
    return _apply(img, _pad_fill_impl if isinstance(fill, tuple) else _pad_impl,
                  left, top, right, bottom, fill, padding_mode)


def _pad_fill_impl(xp, x, left, top, right, bottom, fill, mode):
    """Constant padding with a per-channel fill."""
    out = _pad_impl(xp, x, left, top, right, bottom, 0, mode)
    if mode != "constant":
        return out
    h, w = x.shape[-2:]
    mask = np.ones(out.shape[-2:], bool)
    mask[max(top, 0):max(top, 0) + h, max(left, 0):max(left, 0) + w] = False
    f = xp.asarray(np.asarray(fill).reshape(-1, 1, 1)).astype(x.dtype)
    return xp.where(xp.asarray(mask), f, out)


def _crop_impl(xp, x, top, left, height, width):
    h, w = x.shape[-2:]
    right, bottom = left + width, top + height
    if left < 0 or top < 0 or right > w or bottom > h:
        y = x[..., max(top, 0):min(bottom, h), max(left, 0):min(right, w)]
        return _pad_impl(xp, y, max(-left, 0), max(-top, 0), max(right - w, 0),
                         max(bottom - h, 0), 0, "constant")
    return x[..., top:bottom, left:right]


def crop(img, top, left, height, width):
    """The region [top:top+height, left:left+width]; parts outside the image are zeros."""
    return _apply(img, _crop_impl, int(top), int(left), int(height), int(width))


def _setup_size(size, error_msg="Please provide only two dimensions (h, w) for size."):
    if isinstance(size, numbers.Number):
        return int(size), int(size)
    if isinstance(size, (tuple, list)) and len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(error_msg)
    return tuple(size)


def center_crop(img, output_size):
    """The centered crop of `output_size` (an int or (h, w)); zero-padded when larger."""
    if isinstance(output_size, numbers.Number):
        output_size = (int(output_size), int(output_size))
    elif isinstance(output_size, (tuple, list)) and len(output_size) == 1:
        output_size = (output_size[0], output_size[0])
    _, h, w = get_dimensions(img)
    ch, cw = output_size
    if cw > w or ch > h:
        padding = [(cw - w) // 2 if cw > w else 0, (ch - h) // 2 if ch > h else 0,
                   (cw - w + 1) // 2 if cw > w else 0, (ch - h + 1) // 2 if ch > h else 0]
        img = pad(img, padding, fill=0)
        _, h, w = get_dimensions(img)
        if cw == w and ch == h:
            return img
    top = int(round((h - ch) / 2.0))
    left = int(round((w - cw) / 2.0))
    return crop(img, top, left, ch, cw)


def _hflip_impl(xp, x):
    return x[..., ::-1]


def _vflip_impl(xp, x):
    return x[..., ::-1, :]


def hflip(img):
    """Mirror left-right."""
    return _apply(img, _hflip_impl)


def vflip(img):
    """Mirror top-bottom."""
    return _apply(img, _vflip_impl)


# ---- rotate -----------------------------------------------------------------------------------
def _rotate_impl(xp, x, angle, oh, ow, center, nearest, fill):
    """Rotate counter-clockwise by `angle` degrees about `center` (offsets from the image
    centre), sampling the input at each output pixel centre (zeros/`fill` outside)."""
    h, w = x.shape[-2:]
    dt = x.dtype
    th = math.radians(angle)
    c, s = math.cos(th), math.sin(th)
    cx, cy = center
    ys = np.arange(oh) + 0.5 - oh / 2.0
    xs = np.arange(ow) + 0.5 - ow / 2.0
    X, Y = np.meshgrid(xs, ys)
    qx, qy = X - cx, Y - cy
    # source coordinates as grid_sample sees them: normalised to [-1, 1] in float32, then
    # unnormalised in float32 (align_corners=False), so ties round as torchvision's do
    gx = ((c * qx - s * qy + cx) / (0.5 * w)).astype(np.float32)
    gy = ((s * qx + c * qy + cy) / (0.5 * h)).astype(np.float32)
    one, two = np.float32(1), np.float32(2)
    px = (((gx + one) * np.float32(w) - one) / two).astype(np.float64)
    py = (((gy + one) * np.float32(h) - one) / two).astype(np.float64)
    fl = None if fill is None else np.asarray(fill, np.float64).reshape(-1, 1, 1)
    if nearest:
        ix, iy = np.rint(px).astype(np.int64), np.rint(py).astype(np.int64)
        inside = (ix >= 0) & (ix < w) & (iy >= 0) & (iy < h)
        vals = x[..., np.clip(iy, 0, h - 1), np.clip(ix, 0, w - 1)]
        bg = xp.zeros((), dt) if fl is None else xp.asarray(fl).astype(dt)
        return xp.where(xp.asarray(inside), vals, bg)
    work = _work_dtype(dt)
    xf = x.astype(work)
    x0, y0 = np.floor(px).astype(np.int64), np.floor(py).astype(np.int64)
    ax, ay = (px - x0), (py - y0)
    out = 0
    mask = 0
    for dy, wy in ((0, 1 - ay), (1, ay)):
        for dx, wx in ((0, 1 - ax), (1, ax)):
            jx, jy = x0 + dx, y0 + dy
            ok = (jx >= 0) & (jx < w) & (jy >= 0) & (jy < h)
            wgt = (wx * wy * ok).astype(work)
            out = out + xf[..., np.clip(jy, 0, h - 1), np.clip(jx, 0, w - 1)] * xp.asarray(wgt)
            mask = mask + wgt
    if fl is not None:
        m = xp.asarray(mask.astype(work))
        out = out * m + (1.0 - m) * xp.asarray(fl.astype(work))
    return _round_cast(xp, out, dt)


def _rotated_size(h, w, angle):
    th = math.radians(angle)
    c, s = math.cos(th), math.sin(th)
    pts = np.array([[-0.5 * w, -0.5 * h], [-0.5 * w, 0.5 * h], [0.5 * w, 0.5 * h],
                    [0.5 * w, -0.5 * h]])
    nx = c * pts[:, 0] + s * pts[:, 1]
    ny = -s * pts[:, 0] + c * pts[:, 1]
    tol = 1e-4
    lo = np.array([nx.min() + w * 0.5, ny.min() + h * 0.5])
    hi = np.array([nx.max() + w * 0.5, ny.max() + h * 0.5])
    cmax = np.ceil(np.trunc(hi / tol) * tol)
    cmin = np.floor(np.trunc(lo / tol) * tol)
    size = cmax - cmin
    return int(size[1]), int(size[0])


def rotate(img, angle, interpolation=InterpolationMode.NEAREST, expand=False, center=None,
           fill=None):
    """Rotate counter-clockwise by `angle` degrees (about the centre, or `center` (x, y) in
    pixels); `expand` enlarges the output to hold the whole rotated image."""
    if not isinstance(angle, (int, float)):
        raise TypeError("Argument angle should be int or float")
    if center is not None and not isinstance(center, (list, tuple)):
        raise TypeError("Argument center should be a sequence")
    mode = _mode(interpolation)
    if mode not in ("nearest", "bilinear"):
        raise ValueError(f"Interpolation mode '{mode}' is unsupported with Tensor input")
    _, h, w = get_dimensions(img)
    oh, ow = _rotated_size(h, w, angle) if expand else (h, w)
    c = (0.0, 0.0) if center is None else (float(center[0]) - w * 0.5,
                                           float(center[1]) - h * 0.5)
    if fill is not None:
        fill = tuple(float(v) for v in fill) if isinstance(fill, (list, tuple)) \
            else float(fill)
    return _apply(img, _rotate_impl, float(angle), oh, ow, c, mode == "nearest", fill)


# ---- colour -----------------------------------------------------------------------------------
def _bound(dt):
    return 1.0 if np.dtype(dt).kind == "f" else float(_max_value(dt))


def _blend(xp, a, b, ratio):
    dt = a.dtype
    work = _work_dtype(dt)
    out = ratio * a.astype(work) + (1.0 - ratio) * b
    return xp.clip(out, 0, _bound(dt)).astype(dt)


def _gray(xp, x):
    dt = x.dtype
    work = _work_dtype(dt)
    r, g, b = x[..., 0, :, :], x[..., 1, :, :], x[..., 2, :, :]
    return (0.2989 * r.astype(work) + 0.587 * g.astype(work) +
            0.114 * b.astype(work))[..., None, :, :]


def _gray_impl(xp, x, num_output_channels):
    dt = x.dtype
    if x.shape[-3] == 1:
        g = x
    else:
        g = _gray(xp, x).astype(dt)
    if num_output_channels == 3:
        return xp.concatenate([g, g, g], axis=-3)
    return g


def rgb_to_grayscale(img, num_output_channels=1):
    """Luma (0.2989 R + 0.587 G + 0.114 B) with 1 or 3 output channels."""
    if num_output_channels not in (1, 3):
        raise ValueError("num_output_channels should be either 1 or 3")
    c = get_dimensions(img)[0]
    if c not in (1, 3):
        raise TypeError(f"Input image tensor permitted channel values are [1, 3], but found {c}")
    return _apply(img, _gray_impl, num_output_channels)


to_grayscale = rgb_to_grayscale


def _brightness_impl(xp, x, f):
    return _blend(xp, x, 0.0, f)


def _contrast_impl(xp, x, f):
    work = _work_dtype(x.dtype)
    g = _gray(xp, x) if x.shape[-3] == 3 else x.astype(work)
    mean = xp.mean(g, axis=(-3, -2, -1), keepdims=True)
    return _blend(xp, x, mean, f)


def _saturation_impl(xp, x, f):
    if x.shape[-3] == 1:
        return x
    return _blend(xp, x, _gray(xp, x), f)


def _rgb2hsv(xp, img):
    r, g, b = img[..., 0, :, :], img[..., 1, :, :], img[..., 2, :, :]
    maxc = xp.maximum(xp.maximum(r, g), b)
    minc = xp.minimum(xp.minimum(r, g), b)
    eqc = maxc == minc
    cr = maxc - minc
    ones = xp.ones_like(maxc)
    s = cr / xp.where(eqc, ones, maxc)
    cr_div = xp.where(eqc, ones, cr)
    rc = (maxc - r) / cr_div
    gc = (maxc - g) / cr_div
    bc = (maxc - b) / cr_div
    hr = xp.where(maxc == r, bc - gc, 0.0)
    hg = xp.where((maxc == g) & (maxc != r), 2.0 + rc - bc, 0.0)
    hb = xp.where((maxc != g) & (maxc != r), 4.0 + gc - rc, 0.0)
    h = ((hr + hg + hb) / 6.0 + 1.0) % 1.0
    return h, s, maxc


def _hsv2rgb(xp, h, s, v):
    i = xp.floor(h * 6.0)
    f = h * 6.0 - i
    i = i.astype(np.int32) % 6
    p = xp.clip(v * (1.0 - s), 0.0, 1.0)
    q = xp.clip(v * (1.0 - s * f), 0.0, 1.0)
    t = xp.clip(v * (1.0 - s * (1.0 - f)), 0.0, 1.0)
    r = xp.select([i == 0, i == 1, i == 2, i == 3, i == 4, i == 5], [v, q, p, p, t, v])
    g = xp.select([i == 0, i == 1, i == 2, i == 3, i == 4, i == 5], [t, v, v, q, p, p])
    b = xp.select([i == 0, i == 1, i == 2, i == 3, i == 4, i == 5], [p, p, t, v, v, q])
    return xp.stack([r, g, b], axis=-3)


def _hue_impl(xp, x, f):
    if x.shape[-3] == 1:
        return x
    dt = x.dtype
    xf = _convert_dtype_impl(xp, x, np.float32) if np.dtype(dt).kind != "f" else x
    h, s, v = _rgb2hsv(xp, xf)
    h = (h + f) % 1.0
    out = _hsv2rgb(xp, h, s, v).astype(xf.dtype)
    return _convert_dtype_impl(xp, out, dt) if np.dtype(dt).kind != "f" else out


def _check_color(img):
    c = get_dimensions(img)[0]
    if c not in (1, 3):
        raise TypeError(f"Input image tensor permitted channel values are [1, 3], but found {c}")


def adjust_brightness(img, brightness_factor):
    """Scale intensities by `brightness_factor` (clamped to the dtype's range)."""
    if brightness_factor < 0:
        raise ValueError(f"brightness_factor ({brightness_factor}) is not non-negative.")
    _check_color(img)
    return _apply(img, _brightness_impl, float(brightness_factor))


def adjust_contrast(img, contrast_factor):
    """Blend with the mean grey level by `contrast_factor`."""
    if contrast_factor < 0:
        raise ValueError(f"contrast_factor ({contrast_factor}) is not non-negative.")
    _check_color(img)
    return _apply(img, _contrast_impl, float(contrast_factor))


def adjust_saturation(img, saturation_factor):
    """Blend with the greyscale image by `saturation_factor`."""
    if saturation_factor < 0:
        raise ValueError(f"saturation_factor ({saturation_factor}) is not non-negative.")
    _check_color(img)
    return _apply(img, _saturation_impl, float(saturation_factor))


def adjust_hue(img, hue_factor):
    """Shift the hue by `hue_factor` (in [-0.5, 0.5]) in HSV space."""
    if not -0.5 <= hue_factor <= 0.5:
        raise ValueError(f"hue_factor ({hue_factor}) is not in [-0.5, 0.5].")
    _check_color(img)
    return _apply(img, _hue_impl, float(hue_factor))
