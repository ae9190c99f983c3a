"""torch.fft on real tensors.

jtorch has no complex dtypes, so the transforms whose result is complex (fft, ifft, rfft, ihfft
and their 2-D / n-D forms) raise NotImplementedError. The ones PyTorch defines from a real
input to a real output are here: irfft/irfftn/irfft2 and hfft/hfftn/hfft2 of a real tensor
(its imaginary part taken as zero), fftfreq, rfftfreq, fftshift and ifftshift.
"""
import builtins
import math

import jax.numpy as jnp
import numpy as np

from .. import _dtype
from .._creation import _jdev, _finish
from .._ops.dispatch import record
from .._ops.elementwise import is_tensor, _float_of, _opmath
from .._ops.registry import FUNCTIONS, _with_out, unavailable
from .._ops.shape import wrap_dim

__all__ = ["fft", "ifft", "fft2", "ifft2", "fftn", "ifftn", "rfft", "irfft", "rfft2", "irfft2",
           "rfftn", "irfftn", "hfft", "ihfft", "hfft2", "ihfft2", "hfftn", "ihfftn", "fftfreq",
           "rfftfreq", "fftshift", "ifftshift"]


def _complex_result(name):
    return unavailable(f"fft_{name}", f"torch.fft.{name} returns a complex tensor: complex "
                       "tensors are not supported by jtorch")


fft = _complex_result("fft")
ifft = _complex_result("ifft")
fft2 = _complex_result("fft2")
ifft2 = _complex_result("ifft2")
fftn = _complex_result("fftn")
ifftn = _complex_result("ifftn")
rfft = _complex_result("rfft")
rfft2 = _complex_result("rfft2")
rfftn = _complex_result("rfftn")
ihfft = _complex_result("ihfft")
ihfft2 = _complex_result("ihfft2")
ihfftn = _complex_result("ihfftn")


# ---- real-to-real inverse transforms --------------------------------------------------------
_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _c2r_kernel(a, *, s, axes, norm, dt):
    """The inverse real FFT of a real input (as complex with zero imaginary part)."""
    ct = jnp.complex128 if dt.np == np.float64 else jnp.complex64
    x = a.astype(dt.np).astype(ct)
    return jnp.fft.irfftn(x, s=s, axes=axes, norm=norm).astype(dt.np)


def _check_input(fname, input):
    if not is_tensor(input):
        raise TypeError(f"fft_{fname}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")


def _int_arg(fname, name, v):
    if v is not None and (isinstance(v, builtins.bool) or not isinstance(v, int)):
        raise TypeError(f"fft_{fname}(): argument '{name}' must be int, not {type(v).__name__}")


def _norm_mode(norm):
    if norm is None:
        return "backward"
    if norm not in _SWAP:
        raise RuntimeError(f'Invalid normalization mode: "{norm}"')
    return norm


def _result_dtype(input):
    dt = input._nd.dtype
    if dt in (_dtype.float16, _dtype.bfloat16):
        raise RuntimeError(f"Unsupported dtype {_dtype.c10_name(dt)}")
    return _float_of(dt)


def _c2r(fname, input, s, dims, norm, hermitian):
    """irfftn / hfftn: PyTorch's argument rules (s and dim, -1 sizes, default last size
    2 * (m - 1)), then one recorded kernel."""
    _check_input(fname, input)
    shape = input._nd.shape
    nd = len(shape)
    if dims is None:
        dims = tuple(range(nd)) if s is None else tuple(range(nd - len(s), nd))
        if s is not None and len(s) > nd:
            raise RuntimeError(f"Got shape with {len(s)} values but input tensor only has "
                               f"{nd} dimensions.")
    else:
        if nd == 0 and dims:
            raise IndexError(f"Dimension specified as {dims[0]} but tensor has no dimensions")
        dims = tuple(wrap_dim(d, nd) for d in dims)
        if len(set(dims)) != len(dims):
            raise RuntimeError("FFT dims must be unique")
    if s is not None and len(s) != len(dims):
        raise RuntimeError("When given, dim and shape arguments must have the same length")
    if not dims:
        raise RuntimeError(f"{fname} must transform at least one axis")
    dt = _result_dtype(input)
    sizes = []
    for i, d in enumerate(dims):
        last = i == len(dims) - 1
        n = -1 if s is None else s[i]
        if n == -1:
            n = 2 * (shape[d] - 1) if last else shape[d]
        if n < 1:
            raise RuntimeError(f"Invalid number of data points ({n}) specified")
        sizes.append(int(n))
    mode = _norm_mode(norm)
    static = (("s", tuple(sizes)), ("axes", dims), ("norm", _SWAP[mode] if hermitian else mode),
              ("dt", dt))
    return record(_c2r_kernel, (input,), static, name=f"fft_{fname}", gname="FftC2RBackward0")


def _one_dim(fname, input, n, dim, norm, hermitian):
    _check_input(fname, input)
    _int_arg(fname, "n", n)
    _result_dtype(input)
    return _c2r(fname, input, None if n is None else (n,), (dim,), norm, hermitian)


def _seq(v):
    return None if v is None else ((v,) if isinstance(v, int) else tuple(v))


def irfft(input, n=None, dim=-1, norm=None):
    return _one_dim("irfft", input, n, dim, norm, False)


def hfft(input, n=None, dim=-1, norm=None):
    return _one_dim("hfft", input, n, dim, norm, True)


def irfftn(input, s=None, dim=None, norm=None):
    return _c2r("irfftn", input, _seq(s), _seq(dim), norm, False)


def hfftn(input, s=None, dim=None, norm=None):
    return _c2r("hfftn", input, _seq(s), _seq(dim), norm, True)


def irfft2(input, s=None, dim=(-2, -1), norm=None):
    return _c2r("irfft2", input, _seq(s), _seq(dim), norm, False)


def hfft2(input, s=None, dim=(-2, -1), norm=None):
    return _c2r("hfft2", input, _seq(s), _seq(dim), norm, True)


_DOCS = {
    "irfft": "the inverse of rfft, of a real input (imaginary part zero); output length n "
             "(default 2 * (m - 1)).",
    "hfft": "the FFT of a Hermitian-symmetric signal given by its real half; output length n "
            "(default 2 * (m - 1)).",
    "irfftn": "n-dimensional irfft of a real input.",
    "hfftn": "n-dimensional hfft of a real input.",
    "irfft2": "2-dimensional irfft of a real input.",
    "hfft2": "2-dimensional hfft of a real input.",
}
for _name, _doc in _DOCS.items():
    _f = _with_out(globals()[_name])
    _f.__name__ = _f.__qualname__ = f"fft_{_name}"
    _f.__doc__ = f"torch.fft.{_name}: {_doc}"
    globals()[_name] = _f
del _name, _doc, _f


# ---- sample frequencies ---------------------------------------------------------------------
def _freq_kernel(scale, *, n, half, dt):
    """PyTorch's fftfreq: integer bins [0, ..., -(n // 2), ..., -1] times 1 / (n * d) (the
    scale rounded to the dtype, the product in its computation type)."""
    m = _opmath(dt).np
    if half:
        k = jnp.arange(n // 2 + 1, dtype=jnp.int64)
    else:
        k = jnp.arange(n, dtype=jnp.int64)
        k = jnp.where(k < (n + 1) // 2, k, k - n)
    return (k.astype(dt.np).astype(m) * jnp.asarray(scale, dt.np).astype(m)).astype(dt.np)


def _freq(fname, n, d, dtype, device, requires_grad, half):
    if isinstance(n, builtins.bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"fft_{fname}(): argument 'n' (position 1) must be int, not "
                        f"{type(n).__name__}")
    n = int(n)
    dt = _dtype.get_default_dtype() if dtype is None else _dtype.dtype_arg(dtype, fname)
    if not dt.is_floating_point:
        raise RuntimeError(f"{fname} requires a floating point or complex dtype")
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    d = float(d.item() if is_tensor(d) else d)
    nd = n * d
    scale = 1.0 / nd if nd != 0 else math.copysign(math.inf, nd)
    t = record(_freq_kernel, (scale,), (("n", n), ("half", half), ("dt", dt)), name=fname,
               device=_jdev(device))
    return _finish(t, requires_grad)


def fftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    return _freq("fftfreq", n, d, dtype, device, requires_grad, False)


def rfftfreq(n, d=1.0, *, dtype=None, layout=None, device=None, requires_grad=False):
    return _freq("rfftfreq", n, d, dtype, device, requires_grad, True)


fftfreq = _with_out(fftfreq)
fftfreq.__name__ = fftfreq.__qualname__ = "fft_fftfreq"
fftfreq.__doc__ = ("torch.fft.fftfreq(n, d=1.0): the sample frequencies [0, 1, ..., -1] / (d * n) "
                   "of an FFT of size n (default float dtype).")
rfftfreq = _with_out(rfftfreq)
rfftfreq.__name__ = rfftfreq.__qualname__ = "fft_rfftfreq"
rfftfreq.__doc__ = ("torch.fft.rfftfreq(n, d=1.0): the n // 2 + 1 non-negative sample frequencies "
                    "of an rfft of size n.")


# ---- shifts ---------------------------------------------------------------------------------
def _shift(fname, input, dim, inverse):
    _check_input(fname, input)
    shape = input._nd.shape
    if dim is None:
        dims = tuple(range(len(shape)))
    else:
        dims = tuple(wrap_dim(d, len(shape)) for d in _seq(dim))
    if not dims:
        raise RuntimeError("`shifts` required")
    shifts = tuple((shape[d] + 1) // 2 if inverse else shape[d] // 2 for d in dims)
    return FUNCTIONS["roll"](input, shifts, dims)


def fftshift(input, dim=None):
    """torch.fft.fftshift: torch.roll by size // 2 along `dim` (all dims by default), moving
    the zero frequency to the centre."""
    return _shift("fftshift", input, dim, False)


def ifftshift(input, dim=None):
    """torch.fft.ifftshift: the inverse of fftshift (torch.roll by (size + 1) // 2)."""
    return _shift("ifftshift", input, dim, True)
