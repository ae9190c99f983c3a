"""Random sampling: torch.rand/randn/randint/randperm/normal/bernoulli/multinomial/poisson, the
*_like factories and the in-place fills (uniform_, normal_, random_, exponential_, bernoulli_,
geometric_, log_normal_, cauchy_), with PyTorch's signatures, dtypes and argument checks.

Every op draws from a Generator (jtorch.random). On a CPU generator the samples are drawn on
the host from PyTorch's Mersenne Twister with ATen's CPU formulas (jtorch/_mt19937.py), so they
are PyTorch's numbers; the result is a ready array (or, where the op combines the samples with
tensors -- normal with tensor mean/std, bernoulli with tensor p, multinomial -- a recorded
kernel over them). Where the host cannot draw (a CUDA generator, or a Module forward being
captured as one node) the op records one node whose kernel takes the generator's threefry key
and offset as inputs, and the generator advances its offset: nothing syncs and a loop of random
calls reuses its compiled kernels. poisson always draws through threefry.
"""
import math
import warnings

import jax
import jax.numpy as jnp
import ml_dtypes
import numpy as np

from .. import _dtype, _mt19937 as _mt
from .._runtime import graph
from .._dtype import bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64
from .. import random as _rng
from .._creation import parse_size as _parse_size, _jdev
from .._device import put as _put
from .dispatch import add_check
from .._runtime.graph import user_stacklevel
from . import dispatch
from .registry import op

_I64_MIN, _I64_MAX = -(1 << 63), (1 << 63) - 1

# c10 names used in PyTorch's messages
_C10 = {float32: "Float", float64: "Double", float16: "Half", bfloat16: "BFloat16",
        int64: "Long", int32: "Int", int16: "Short", int8: "Char", uint8: "Byte", bool_: "Bool"}
# C++ type names used in PyTorch's bounds messages
_CPP = {bool_: "bool", uint8: "unsigned char", int8: "signed char", int16: "short int",
        int32: "int", int64: "long int", float16: "c10::Half", bfloat16: "c10::BFloat16",
        float32: "float", float64: "double"}
_INT_T = {uint8: "uint8_t", int8: "int8_t", int16: "int16_t", int32: "int32_t", int64: "int64_t"}
_DIGITS = {float16: 11, bfloat16: 8, float32: 24, float64: 53}


def _is_tensor(x):
    return isinstance(x, dispatch.Tensor)


def _g(x):
    """A number as C++'s ostream prints a double (PyTorch's messages): -1, 1.5, 3e+38."""
    return "%g" % x


def _intlike(x):
    return not isinstance(x, (bool, np.bool_)) and (
        isinstance(x, (int, np.integer)) or (_is_tensor(x) and not x.is_floating_point()))


def _int_arg(x, fname, what):
    if not _intlike(x):
        raise TypeError(f"{fname}(): argument '{what}' must be int, not {type(x).__name__}")
    v = int(x)
    if not _I64_MIN <= v <= _I64_MAX:
        raise ValueError("Overflow when unpacking long long")
    return v


def _num_arg(x, fname, what):
    if _is_tensor(x):
        if x.numel() != 1:
            raise TypeError(f"{fname}(): argument '{what}' must be Number, not Tensor")
        return float(x.item())
    if isinstance(x, (bool, int, float, np.generic)):
        return float(x)
    raise TypeError(f"{fname}(): argument '{what}' must be Number, not {type(x).__name__}")


def _cdt(dt):
    """The dtype a float sample is computed in (float32 for half types, as PyTorch's accscalar)."""
    return jnp.float32 if dt is float16 or dt is bfloat16 else dt.np


def _size(args, size, fname):
    if size is not None:
        if args:
            raise TypeError(f"{fname}() received an invalid combination of arguments - got "
                            f"({', '.join(type(a).__name__ for a in args)}, size=tuple)")
        args = (size,)
    return _parse_size(args, fname)


def _finish(t, requires_grad):
    if requires_grad:
        if not t.dtype.is_floating_point:
            raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                               "gradients")
        t.requires_grad = True
    return t


def _draw(fn, jdev, generator, inputs=(), static=(), name=None, check=None, device=None,
          wrap=True, gname=None, host=None, host_kernel=None, host_inputs=None,
          host_static=None):
    """Draw from the generator for `jdev`. With `host` (a function of the Mersenne Twister
    engine returning a NumPy array) and a generator that can draw on the host, the samples are
    PyTorch's: returned as they are, or passed as the first input of `host_kernel` (recorded
    with `host_inputs`, default `inputs`). Otherwise record `fn(key, offset, *inputs,
    **static)` with the generator's threefry key and offset, then advance it."""
    g = _rng.generator_for(jdev, generator)
    if host is not None:
        mt = g.host_engine()
        if mt is not None:
            samples = _host_samples(host, mt, jdev, g)
            if host_kernel is None:
                return dispatch.Tensor._from_node(samples) if wrap else samples
            ins = inputs if host_inputs is None else host_inputs
            hs = static if host_static is None else host_static
            return dispatch.record(host_kernel, (samples,) + tuple(ins), hs, check, name,
                                   device=device, wrap=wrap, gname=gname)
    key, offset = g.draw_inputs()
    out = dispatch.record(fn, (key, offset) + tuple(inputs), static, check, name, device=device,
                          wrap=wrap, gname=gname)
    g.advance()
    return out


def _n(shape):
    return math.prod(shape)


def _float_dtype(dtype):
    return _dtype.get_default_dtype() if dtype is None else _dtype.to_dtype(dtype)


def _need_float(dt, kernel):
    if not dt.is_floating_point:
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_C10[dt]}\'')


# ---- kernels --------------------------------------------------------------------------------
def _sg(x):
    """Random samples carry no gradient: PyTorch's backward of normal/bernoulli/poisson and of
    the in-place fills gives zeros to mean, std, p, rate and the overwritten tensor."""
    return jax.lax.stop_gradient(x)


def _fill_rg_k(key, offset, old, *args, f, **static):
    # an in-place fill of a tensor that requires grad: `old` is an input only so that autograd
    # links the result to it (with a zero gradient, as PyTorch)
    return _sg(f(key, offset, *args, **static))


def _host_fill_rg_k(samples, old, **static):
    # the host-drawn form of _fill_rg_k
    return _sg(samples)


def _normal_host_k(z, mean, std, *, scaled, dt):
    # PyTorch's normal(Tensor mean, ...): samples of N(0, std) plus mean (`scaled`), or of
    # N(0, 1) times std plus mean, in the result dtype
    c = dt.np
    z = z if scaled else z * jnp.asarray(std).astype(c)
    return _sg((z + jnp.asarray(mean).astype(c)).astype(c))


def _bernoulli_host_k(u, p, *, dt):
    # bernoulli with a tensor p: u < p, u a uniform of p's precision (float or double)
    return _sg((u < jnp.asarray(p).astype(u.dtype)).astype(dt.np))


def _multinomial_exp_host_k(q, p, *, n):
    # PyTorch's multinomial without replacement (and for one sample): the n largest p / q,
    # q ~ Exponential(1) drawn with p's shape
    r = p / q.astype(p.dtype)
    if n == 1:
        return jnp.argmax(r, axis=-1, keepdims=True).astype(jnp.int64)
    return jax.lax.top_k(r, n)[1].astype(jnp.int64)


def _multinomial_cdf_host_k(u, p, *, n):
    # PyTorch's multinomial with replacement: for each 53-bit uniform, the first category
    # whose normalised cumulative weight is >= it (the last one counts as exactly 1)
    p2 = p.astype(jnp.float64).reshape(-1, p.shape[-1])
    cdf = jnp.cumsum(p2, axis=-1)
    total = cdf[:, -1:]
    cdf = jnp.where(total > 0, cdf / jnp.where(total > 0, total, 1), cdf).at[:, -1].set(1.0)
    idx = jax.vmap(lambda row, x: jnp.searchsorted(row, x, side="left"))(cdf, u.reshape(-1, n))
    return idx.astype(jnp.int64).reshape(p.shape[:-1] + (n,))


def _poisson_host_k(samples, rate):
    # host-drawn Poisson counts, linked to the rates for autograd (a zero gradient)
    return _sg(samples.astype(rate.dtype))


def _sub(key, offset):
    return _rng.subkey(key, offset)


def _rand_k(key, offset, *, shape, dt):
    return jax.random.uniform(_sub(key, offset), shape, dt.np)


def _uniform_k(key, offset, low, high, *, shape, dt):
    c = _cdt(dt)
    u = jax.random.uniform(_sub(key, offset), shape, dt.np).astype(c)
    lo = jnp.asarray(low, c)
    return (lo + u * (jnp.asarray(high, c) - lo)).astype(dt.np)


def _randn_k(key, offset, *, shape, dt):
    return jax.random.normal(_sub(key, offset), shape, _cdt(dt)).astype(dt.np)


def _normal_k(key, offset, mean, std, *, shape, dt):
    c = _cdt(dt)
    z = jax.random.normal(_sub(key, offset), shape, c)
    return _sg((jnp.asarray(mean, c) + jnp.asarray(std, c) * z).astype(dt.np))


def _log_normal_k(key, offset, mean, std, *, shape, dt):
    c = _cdt(dt)
    z = jax.random.normal(_sub(key, offset), shape, c)
    return _sg(jnp.exp(jnp.asarray(mean, c) + jnp.asarray(std, c) * z).astype(dt.np))


def _randint_k(key, offset, low, span, *, shape, dt):
    # low + (64 random bits mod span), wrapping in uint64; span 0 stands for 2**64
    bits = jax.random.bits(_sub(key, offset), shape, jnp.uint64)
    span = jax.lax.bitcast_convert_type(jnp.asarray(span, jnp.int64), jnp.uint64)
    r = jnp.where(span == 0, bits, bits % jnp.maximum(span, jnp.uint64(1)))
    low = jax.lax.bitcast_convert_type(jnp.asarray(low, jnp.int64), jnp.uint64)
    return jax.lax.bitcast_convert_type(low + r, jnp.int64).astype(dt.np)


def _randperm_k(key, offset, *, n, dt):
    return jax.random.permutation(_sub(key, offset), n).astype(dt.np)


def _bernoulli_k(key, offset, p, *, shape, dt):
    pdt = jnp.float64 if getattr(p, "dtype", None) == jnp.float64 else jnp.float32
    u = jax.random.uniform(_sub(key, offset), shape, pdt)
    return _sg((u < jnp.asarray(p, pdt)).astype(dt.np))


def _exponential_k(key, offset, lambd, *, shape, dt):
    c = _cdt(dt)
    e = jax.random.exponential(_sub(key, offset), shape, c)
    return (e / jnp.asarray(lambd, c)).astype(dt.np)


def _geometric_k(key, offset, p, *, shape, dt):
    # trials up to and including the first success: ceil(log(u) / log(1 - p)), u in (0, 1]
    c = jnp.float64 if dt is float64 else jnp.float32
    u = 1.0 - jax.random.uniform(_sub(key, offset), shape, c)
    v = jnp.ceil(jnp.log(u) / jnp.log1p(-jnp.asarray(p, u.dtype)))
    return jnp.maximum(v, 1).astype(dt.np)


def _cauchy_k(key, offset, median, sigma, *, shape, dt):
    c = _cdt(dt)
    z = jax.random.cauchy(_sub(key, offset), shape, c)
    return (jnp.asarray(median, c) + jnp.asarray(sigma, c) * z).astype(dt.np)


def _poisson_k(key, offset, rate):
    c = jnp.float64 if rate.dtype == jnp.float64 else jnp.float32
    lam = rate.astype(c)
    finite = jnp.isfinite(lam) & (lam >= 0)
    s = jax.random.poisson(_sub(key, offset), jnp.where(finite, lam, 0), lam.shape, jnp.int64)
    return _sg(jnp.where(finite, s.astype(c), lam).astype(rate.dtype))


def _multinomial_repl_k(key, offset, p, *, n):
    # inverse CDF: memory O(rows * (categories + n)), as PyTorch's sampler
    c = jnp.float64 if p.dtype == jnp.float64 else jnp.float32
    p2 = p.astype(c).reshape(-1, p.shape[-1])
    cdf = jnp.cumsum(p2, axis=-1)
    u = jax.random.uniform(_sub(key, offset), (p2.shape[0], n), c) * cdf[:, -1:]
    idx = jax.vmap(lambda row, x: jnp.searchsorted(row, x, side="right"))(cdf, u)
    # rounding can put u at the total: fall back to the last category with p > 0
    last = p2.shape[-1] - 1 - jnp.argmax((p2 > 0)[:, ::-1], axis=-1)
    idx = jnp.minimum(idx, last[:, None]).astype(jnp.int64)
    return idx.reshape(p.shape[:-1] + (n,))


def _multinomial_norepl_k(key, offset, p, *, n):
    # the n largest p / Exponential(1): weighted sampling without replacement; zero-probability
    # categories come last, as in PyTorch
    c = jnp.float64 if p.dtype == jnp.float64 else jnp.float32
    q = jax.random.exponential(_sub(key, offset), p.shape, c)
    return jax.lax.top_k(p.astype(c) / q, n)[1].astype(jnp.int64)


def _all_nonneg(x):
    return jnp.all(x >= 0), jnp.int32(0)


def _all_prob(p):
    return jnp.all((p >= 0) & (p <= 1)), jnp.int32(0)


def _multinomial_ok(p):
    bad = ~jnp.all(jnp.isfinite(p) & (p >= 0))
    empty = jnp.any(jnp.sum(p.astype(jnp.float64 if p.dtype == jnp.float64 else jnp.float32),
                            axis=-1) <= 0)
    return ~(bad | empty), jnp.where(bad, 1, 2).astype(jnp.int32)


def _std_error(d):
    return RuntimeError, "normal expects all elements of std >= 0.0"


def _prob_error(d):
    return RuntimeError, ("Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could "
                          "this error message be improved?  If so, please report an enhancement "
                          "request to PyTorch.)")


def _multinomial_error(d):
    if int(d) == 1:
        return RuntimeError, "probability tensor contains either `inf`, `nan` or element < 0"
    return RuntimeError, "invalid multinomial distribution (sum of probabilities <= 0)"


def _poisson_error(d):
    return RuntimeError, "invalid Poisson rate, expected rate to be non-negative"


# ---- integer ranges (PyTorch's random_ / randint rules) -------------------------------------
def _dtype_bounds(dt):
    if dt is bool_:
        return 0, 1
    if dt.is_floating_point:
        fi = ml_dtypes.finfo(dt.np)
        return float(fi.min), float(fi.max)
    ii = np.iinfo(dt.np)
    return int(ii.min), int(ii.max)


def _check_in_range(frm, to_inc, dt):
    lo, hi = _dtype_bounds(dt)
    if not lo <= frm <= hi:
        raise RuntimeError(f"from is out of bounds for {_CPP[dt]}")
    if not lo <= to_inc <= hi:
        raise RuntimeError(f"to - 1 is out of bounds for {_CPP[dt]}")
    if dt.is_floating_point:
        d = _DIGITS[dt]
        for what, v in (("from", frm), ("to - 1", to_inc)):
            if not -(1 << d) <= v <= (1 << d):
                warnings.warn(f"{what} is out of bounds [-(2^{d}), 2^{d}]. Due to precision "
                              f"limitations {_CPP[dt]} can support "
                              "discrete uniform distribution only within this range. This "
                              "warning will become an error in version 1.7 release, please fix "
                              "the code in advance", UserWarning, stacklevel=user_stacklevel())


def _int_range(dt, frm, to):
    """(low, span) for random integers in [frm, to) (to None: up to the dtype's top), with
    PyTorch's checks; span is wrapped to int64, 0 meaning all 2**64 values."""
    if to is not None:
        if not frm < to:
            raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got "
                               f"from={frm} >= to={to}")
        _check_in_range(frm, to - 1, dt)
        return frm, _wrap64(to - frm)
    if frm != _I64_MIN:
        if dt.is_floating_point:
            to_inc = 1 << _DIGITS[dt]
            if not frm < to_inc:
                raise RuntimeError(f"random_ expects 'from' casted to dtype to be less than or "
                                   f"equal to 'to_inc' casted to dtype, but got from={frm} > "
                                   f"to_inc={to_inc}")
        else:
            to_inc = _dtype_bounds(dt)[1]
        _check_in_range(frm, to_inc, dt)
        return frm, _wrap64(to_inc - frm + 1)
    if dt is float16:
        raise NotImplementedError("\"random_full_64_bits_range_kernel_cpu\" not implemented for "
                                  "'Half'")
    if dt not in (int64, float64, float32, bfloat16):
        raise RuntimeError("random_full_64_bits_range_kernel_cpu handles only int64, double, "
                           "float and bfloat16")
    return _I64_MIN, 0


def _wrap64(v):
    v %= 1 << 64
    return v - (1 << 64) if v > _I64_MAX else v


# ---- factories ------------------------------------------------------------------------------
@op("rand", method=False)
def rand(*size, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False, **kw):
    """torch.rand: uniform on [0, 1) in the default float dtype."""
    shape = _size(size, kw.pop("size", None), "rand")
    _no_extra(kw, "rand")
    dt = _float_dtype(dtype)
    _need_float(dt, "check_uniform_bounds")
    jdev = _jdev(device)
    return _finish(_draw(_rand_k, jdev, generator, (), (("shape", shape), ("dt", dt)), "rand",
                         device=jdev, host=_host_uniform(shape, dt, 0.0, 1.0)), requires_grad)


@op("randn", method=False)
def randn(*size, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False, **kw):
    """torch.randn: standard normal samples in the default float dtype."""
    shape = _size(size, kw.pop("size", None), "randn")
    _no_extra(kw, "randn")
    dt = _float_dtype(dtype)
    _need_float(dt, "normal_kernel_cpu")
    jdev = _jdev(device)
    return _finish(_draw(_randn_k, jdev, generator, (), (("shape", shape), ("dt", dt)), "randn",
                         device=jdev, host=_host_normal(shape, dt, 0.0, 1.0)), requires_grad)


def _no_extra(kw, fname):
    if kw:
        raise TypeError(f"{fname}() got an unexpected keyword argument '{next(iter(kw))}'")


def _randint(fname, low, high, shape, generator, dt, jdev, requires_grad):
    low = _int_arg(low, fname, "low")
    high = _int_arg(high, fname, "high")
    lo, span = _int_range(dt, low, high)
    t = _draw(_randint_k, jdev, generator, (lo, span), (("shape", shape), ("dt", dt)), fname,
              device=jdev, host=_host_from_to(shape, dt, lo, span))
    return _finish(t, requires_grad)


_RANDINT_KW = ("Tensor out = None, torch.dtype dtype = None, torch.layout layout = None, "
               "torch.device device = None, bool pin_memory = False, bool requires_grad = False)")
_RANDINT_OVERLOADS = "".join(
    f"\n * ({lead}tuple of ints size, *, {gen}{_RANDINT_KW}"
    for lead in ("int high, ", "int low, int high, ")
    for gen in ("torch.Generator generator, ", "")) + "\n"


@op("randint", method=False)
def randint(*args, size=None, low=None, high=None, generator=None, dtype=None, layout=None,
            device=None, requires_grad=False, pin_memory=False):
    """torch.randint(low=0, high, size): integers in [low, high), int64 unless dtype= says."""
    given = args
    args = list(args)
    if size is None and args and isinstance(args[-1], (tuple, list)) or \
            (size is None and args and type(args[-1]).__name__ == "Size"):
        size = args.pop()
    if high is None and args:
        high = args.pop()
    if low is None and args:
        low = args.pop()
    if args or size is None or high is None:
        if len(given) == 2 and size is None and _intlike(given[0]):
            raise TypeError(f"randint(): argument 'size' (position 2) must be tuple of ints, "
                            f"not {type(given[1]).__name__}")
        got = ", ".join(type(a).__name__ for a in given)
        raise TypeError(f"randint() received an invalid combination of arguments - got ({got})"
                        ", but expected one of:" + _RANDINT_OVERLOADS)
    if not all(_intlike(v) for v in (low, high) if v is not None):
        got = ", ".join(type(v).__name__ for v in (low, high, size) if v is not None)
        raise TypeError(f"randint() received an invalid combination of arguments - got ({got})"
                        ", but expected one of:" + _RANDINT_OVERLOADS)
    shape = _size((size,), None, "randint")
    dt = int64 if dtype is None else _dtype.to_dtype(dtype)
    return _randint("randint", 0 if low is None else low, high, shape, generator, dt,
                    _jdev(device), requires_grad)


@op("randperm", method=False)
def randperm(n, *, generator=None, dtype=None, layout=None, device=None, requires_grad=False,
             pin_memory=False):
    """torch.randperm(n): a random permutation of 0..n-1 (int64 unless dtype= says)."""
    n = _int_arg(n, "randperm", "n")
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    dt = int64 if dtype is None else _dtype.to_dtype(dtype)
    if dt is bool_:
        raise NotImplementedError("\"randperm\" not implemented for 'Bool'")
    if dt is float16 and n > 2049:
        raise RuntimeError("n cannot be greater than 2049 for Half type.")
    if dt is float32 and n > (1 << 24) + 1:
        raise RuntimeError("n cannot be greater than 2^24+1 for Float type.")
    if dt is float64 and n > (1 << 53) + 1:
        raise RuntimeError("n cannot be greater than 2^53+1 for Double type.")
    if dt in _INT_T and n > 0 and n - 1 > np.iinfo(dt.np).max:
        raise RuntimeError(f"value cannot be converted to type {_INT_T[dt]} without overflow")
    jdev = _jdev(device)
    t = _draw(_randperm_k, jdev, generator, (), (("n", n), ("dt", dt)), "randperm", device=jdev,
              host=lambda mt: _mt.randperm(mt, n).astype(dt.np))
    return _finish(t, requires_grad)


def _like(input, dtype, device):
    if not _is_tensor(input):
        raise TypeError(f"argument 'input' must be Tensor, not {type(input).__name__}")
    dt = input.dtype if dtype is None else _dtype.to_dtype(dtype)
    jdev = input._nd.device if device is None else _jdev(device)
    return tuple(input._nd.shape), dt, jdev


@op("rand_like", method=False)
def rand_like(input, *, generator=None, dtype=None, layout=None, device=None,
              requires_grad=False, memory_format=None):
    """torch.rand_like: uniform [0, 1) with input's shape, dtype and device."""
    shape, dt, jdev = _like(input, dtype, device)
    _need_float(dt, "check_uniform_bounds")
    return _finish(_draw(_rand_k, jdev, generator, (), (("shape", shape), ("dt", dt)),
                         "rand_like", device=jdev,
                         host=_like_order(input, _host_uniform(shape, dt, 0.0, 1.0))),
                   requires_grad)


@op("randn_like", method=False)
def randn_like(input, *, generator=None, dtype=None, layout=None, device=None,
               requires_grad=False, memory_format=None):
    """torch.randn_like: standard normal with input's shape, dtype and device."""
    shape, dt, jdev = _like(input, dtype, device)
    _need_float(dt, "normal_kernel_cpu")
    return _finish(_draw(_randn_k, jdev, generator, (), (("shape", shape), ("dt", dt)),
                         "randn_like", device=jdev,
                         host=_like_order(input, _host_normal(
                             shape, dt, 0.0, 1.0, not _like_layout(input)))),
                   requires_grad)


@op("randint_like", method=False)
def randint_like(input, *args, low=None, high=None, generator=None, dtype=None, layout=None,
                 device=None, requires_grad=False, memory_format=None):
    """torch.randint_like(input, low=0, high): integers in [low, high) shaped like input."""
    args = list(args)
    if high is None and args:
        high = args.pop()
    if low is None and args:
        low = args.pop()
    if args or high is None:
        raise TypeError("randint_like() received an invalid combination of arguments - "
                        "expected (Tensor input, int high) or (Tensor input, int low, int high)")
    shape, dt, jdev = _like(input, dtype, device)
    return _randint("randint_like", 0 if low is None else low, high, shape, generator, dt,
                    jdev, requires_grad)


# ---- normal ---------------------------------------------------------------------------------
def _check_std_scalar(std):
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {_g(std)}")


@op("normal", method=False)
def normal(mean, std=1.0, size=None, *, generator=None, dtype=None, layout=None, device=None,
           pin_memory=False, requires_grad=False):
    """torch.normal, all four overloads: Tensor/float mean and std (broadcast), or float mean
    and std with `size`. The result dtype is mean's (a Tensor mean) or std's."""
    tm, ts = _is_tensor(mean), _is_tensor(std)
    if tm or ts:
        if size is not None or dtype is not None:
            raise TypeError("normal() received an invalid combination of arguments - got "
                            f"({type(mean).__name__}, {type(std).__name__}, "
                            f"{type(size).__name__})")
        dt = mean.dtype if tm else std.dtype
        _need_float(dt, "normal_kernel_cpu")
        if tm and ts:
            from .elementwise import broadcast_shapes_cached
            shape = broadcast_shapes_cached(tuple(mean._nd.shape), tuple(std._nd.shape))
        else:
            shape = tuple((mean if tm else std)._nd.shape)
        if not tm:
            mean = _num_arg(mean, "normal", "mean")
        if ts:
            add_check(_all_nonneg, (std.detach(),), _std_error)
        else:
            std = _num_arg(std, "normal", "std")
            _check_std_scalar(std)
        jdev = (mean if tm else std)._nd.device
        scaled = tm and not ts  # PyTorch draws N(0, std) for a tensor mean and a float std
        return _draw(_normal_k, jdev, generator, (mean, std), (("shape", shape), ("dt", dt)),
                     "normal", gname=f"NormalBackward{(1 if tm else 0) + (2 if ts else 0)}",
                     host=_host_normal(shape, dt, 0.0, std if scaled else 1.0),
                     host_kernel=_normal_host_k, host_static=(("scaled", scaled), ("dt", dt)))
    if size is None:
        raise TypeError(f"normal() received an invalid combination of arguments - got "
                        f"({type(mean).__name__}, {type(std).__name__}), but expected one of:\n"
                        " * (Tensor mean, Tensor std, *, torch.Generator generator = None, "
                        "Tensor out = None)\n * (Tensor mean, float std = 1, *, ...)\n"
                        " * (float mean, Tensor std, *, ...)\n"
                        " * (float mean, float std, tuple of ints size, *, ...)")
    mean, std = _num_arg(mean, "normal", "mean"), _num_arg(std, "normal", "std")
    shape = _size((size,), None, "normal")
    dt = _float_dtype(dtype)
    _need_float(dt, "normal_kernel_cpu")
    _check_std_scalar(std)
    jdev = _jdev(device)
    t = _draw(_normal_k, jdev, generator, (mean, std), (("shape", shape), ("dt", dt)), "normal",
              device=jdev, host=_host_normal(shape, dt, mean, std))
    return _finish(t, requires_grad)


# ---- bernoulli, multinomial, poisson --------------------------------------------------------
def _check_p_scalar(p, name="bernoulli_"):
    if not 0 <= p <= 1:
        raise RuntimeError(f"{name} expects p to be in [0, 1], but got p={_g(p)}")


@op("bernoulli")
def bernoulli(input, p=None, *, generator=None):
    """torch.bernoulli: 1 with probability input (or p), 0 otherwise; input's dtype."""
    if not _is_tensor(input):
        raise TypeError(f"bernoulli(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    shape, dt, jdev = tuple(input._nd.shape), input._nd.dtype, input._nd.device
    if p is None:
        _need_float(dt, "bernoulli_tensor_cpu_p_")
        add_check(_all_prob, (input.detach(),), _prob_error)
        return _draw(_bernoulli_k, jdev, generator, (input,), (("shape", shape), ("dt", dt)),
                     "bernoulli", gname="BernoulliBackward0",
                     host=_host_bernoulli_uniforms(shape, dt), host_kernel=_bernoulli_host_k,
                     host_static=(("dt", dt),))
    p = _num_arg(p, "bernoulli", "p")
    _check_p_scalar(p)
    return _draw(_bernoulli_k, jdev, generator, (p,), (("shape", shape), ("dt", dt)),
                 "bernoulli", device=jdev,
                 host=lambda mt: _mt.bernoulli_scalar(mt, _n(shape), dt.np, p).reshape(shape))


@op("multinomial")
def multinomial(input, num_samples, replacement=False, *, generator=None):
    """torch.multinomial: category indices (int64) drawn from each row of input's weights."""
    if not _is_tensor(input):
        raise TypeError(f"multinomial(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    n = _int_arg(num_samples, "multinomial", "num_samples")
    shape = tuple(input._nd.shape)
    if len(shape) not in (1, 2):
        raise RuntimeError("prob_dist must be 1 or 2 dim")
    if not input.dtype.is_floating_point:
        raise RuntimeError(f"multinomial only supports floating-point dtypes for input, got: "
                           f"{_C10[input.dtype]}")
    if n <= 0:
        raise RuntimeError("cannot sample n_sample <= 0 samples")
    cats = shape[-1]
    if not replacement and n > cats:
        raise RuntimeError("cannot sample n_sample > prob_dist.size(-1) samples without "
                           "replacement")
    if cats > 1 << 24:
        raise RuntimeError("number of categories cannot exceed 2^24")
    if input.numel() > 0:
        add_check(_multinomial_ok, (input.detach(),), _multinomial_error)
    fn = _multinomial_repl_k if replacement else _multinomial_norepl_k
    if replacement and n > 1:
        rows = _n(shape[:-1])
        host, hk = (lambda mt: mt.unit_double(rows * n)), _multinomial_cdf_host_k
    else:  # PyTorch samples one category with replacement as it samples without
        host = lambda mt: _mt.exponential(mt, _n(shape), input.dtype.np, 1.0).reshape(shape)  # noqa: E731
        hk = _multinomial_exp_host_k
    return _draw(fn, input._nd.device, generator, (input,), (("n", n),), "multinomial",
                 host=host, host_kernel=hk, host_static=(("n", n),))


@op("poisson", method=False)
def poisson(input, generator=None):
    """torch.poisson: Poisson counts with rates `input`, in input's (floating) dtype."""
    if not _is_tensor(input):
        raise TypeError(f"poisson(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    _need_float(input.dtype, "poisson_cpu")
    add_check(_all_nonneg, (input.detach(),), _poisson_error)
    # PyTorch's CPU sampler draws a value-dependent number of words per rate: the host path
    # reads the rates (a sync point, as PyTorch's kernel reads them)
    dt = input.dtype
    return _draw(_poisson_k, input._nd.device, generator, (input,), (), "poisson",
                 gname="PoissonBackward0",
                 host=lambda mt: _mt.poisson(mt, np.asarray(input.detach()._array(),
                                                            np.float64), dt.np),
                 host_kernel=_poisson_host_k, host_static=())


def _float_kernel(t, kernel):
    """PyTorch's CPU gamma/dirichlet/binomial kernels take float32 and float64 only."""
    if t.dtype not in (_dtype.float32, _dtype.float64):
        raise NotImplementedError(f'"{kernel}" not implemented for \'{_dtype_name(t.dtype)}\'')


def _dtype_name(dt):
    return _dtype.c10_name(dt)


def _tensor_arg(x, fname, name, pos):
    if not _is_tensor(x):
        raise TypeError(f"{fname}(): argument '{name}' (position {pos}) must be Tensor, not "
                        f"{type(x).__name__}")


@op("_standard_gamma", method=False)
def _standard_gamma(input, generator=None):
    """torch._standard_gamma: Gamma(input, 1) samples (PyTorch's on the CPU)."""
    from ..distributions import _functional
    _tensor_arg(input, "_standard_gamma", "input", 1)
    _float_kernel(input, "gamma_cpu")
    return _functional.standard_gamma(input, generator)


@op("_sample_dirichlet", method=False)
def _sample_dirichlet(input, generator=None):
    """torch._sample_dirichlet: Dirichlet samples over the last dim (PyTorch's on the CPU)."""
    from ..distributions import _functional
    _tensor_arg(input, "_sample_dirichlet", "input", 1)
    _float_kernel(input, "dirichlet")
    return _functional.sample_dirichlet(input, generator)


@op("binomial", method=False)
def binomial(count, prob, generator=None):
    """torch.binomial: Binomial(count, prob) counts (PyTorch's on the CPU), no gradient."""
    from ..distributions import _functional
    _tensor_arg(count, "binomial", "count", 1)
    _tensor_arg(prob, "binomial", "prob", 2)
    for t, what in ((count, "count"), (prob, "prob")):
        if not t.dtype.is_floating_point:
            raise ValueError(f"binomial only supports floating-point dtypes for {what}, got: "
                             f"{_dtype_name(t.dtype)}")
    if prob.dtype != count.dtype:
        raise RuntimeError(f"Found dtype {_dtype_name(prob.dtype)} but expected "
                           f"{_dtype_name(count.dtype)}")
    _float_kernel(count, "binomial_cpu")
    from .elementwise import broadcast_shapes_cached
    shape = tuple(broadcast_shapes_cached(tuple(count.shape), tuple(prob.shape)))
    if tuple(count.shape) != shape:
        count = count.expand(shape)
    if tuple(prob.shape) != shape:
        prob = prob.expand(shape)
    return _functional.binomial(count, prob, generator)


# ---- in-place fills -------------------------------------------------------------------------
def _fill(self, fn, inputs, name, generator, gname, static=(), host=None):
    n = self._nd
    static = (("shape", tuple(n.shape)), ("dt", n.dtype)) + static
    rg = self.requires_grad and dispatch.grad_state.enabled
    if rg:
        fn, inputs, static = _fill_rg_k, (self,) + tuple(inputs), (("f", fn),) + static
    if host is not None:
        host = _in_memory_order(self, host)
    node = _draw(fn, n.device, generator, inputs, static, name, device=n.device, wrap=False,
                 gname=gname, host=host, host_kernel=_host_fill_rg_k if rg else None,
                 host_inputs=(self,), host_static=())
    self._set_node(node)
    return self


def _from_to(args, kwargs, fname, defaults):
    """Positional/keyword parsing for the `from`/`to` parameters (`from` is a Python keyword)."""
    bad = set(kwargs) - {"from", "to"}
    if bad:
        raise TypeError(f"{fname}() got an unexpected keyword argument '{bad.pop()}'")
    if len(args) > 2:
        raise TypeError(f"{fname}() takes at most 2 arguments ({len(args)} given)")
    vals = dict(zip(("from", "to"), args))
    for k in kwargs:
        if k in vals:
            raise TypeError(f"{fname}() got multiple values for argument '{k}'")
        vals[k] = kwargs[k]
    return vals.get("from", defaults[0]), vals.get("to", defaults[1])


@op("uniform_", function=False)
def uniform_(self, *args, generator=None, **kwargs):
    """Tensor.uniform_(from=0, to=1): fill with uniform samples on [from, to)."""
    frm, to = _from_to(args, kwargs, "uniform_", (0.0, 1.0))
    frm, to = _num_arg(frm, "uniform_", "from"), _num_arg(to, "uniform_", "to")
    dt = self.dtype
    _need_float(dt, "check_uniform_bounds")
    if frm > to:
        raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found "
                           f"from={_g(frm)} > to={_g(to)}")
    if to - frm > float(ml_dtypes.finfo(dt.np).max):
        raise RuntimeError(f"uniform_ expects to-from <= std::numeric_limits<{_C10[dt]}>::max(), "
                           f"but found to={_g(to)} and from={_g(frm)} which result in to-from to "
                           "exceed the limit")
    return _fill(self, _uniform_k, (frm, to), "uniform_", generator, "UniformBackward0",
                 host=_host_uniform(tuple(self._nd.shape), dt, frm, to))


@op("normal_", function=False)
def normal_(self, mean=0.0, std=1.0, *, generator=None):
    """Tensor.normal_(mean=0, std=1): fill with normal samples."""
    mean, std = _num_arg(mean, "normal_", "mean"), _num_arg(std, "normal_", "std")
    _need_float(self.dtype, "normal_kernel_cpu")
    _check_std_scalar(std)
    return _fill(self, _normal_k, (mean, std), "normal_", generator, "NormalBackward0",
                 host=_host_normal(tuple(self._nd.shape), self.dtype, mean, std,
                                   self.is_contiguous()))


@op("random_", function=False)
def random_(self, *args, generator=None, **kwargs):
    """Tensor.random_(from=0, to=None): integers in [from, to); `to` defaults to the dtype's
    top (2**mantissa digits for floats), random_(to) means [0, to)."""
    only_to = (len(args) == 1 and not kwargs) or (not args and set(kwargs) == {"to"})
    gname = "RandomBackward2" if not args and not kwargs else (
        "RandomBackward1" if only_to else "RandomBackward0")
    if len(args) == 1 and "to" not in kwargs and "from" not in kwargs:
        args = (0, args[0])
    frm, to = _from_to(args, kwargs, "random_", (0, None))
    for v in (frm, to):
        if v is not None and (isinstance(v, (float, bool)) or
                              (_is_tensor(v) and v.is_floating_point())):
            got = ", ".join(type(a).__name__ for a in (frm, to) if a is not None)
            raise TypeError(f"random_() received an invalid combination of arguments - got "
                            f"({got}), but expected one of:\n * (*, torch.Generator generator = "
                            "None)\n * (int from, int to, *, torch.Generator generator = None)\n"
                            " * (int to, *, torch.Generator generator = None)")
    frm = _int_arg(frm, "random_", "from")
    to = None if to is None else _int_arg(to, "random_", "to")
    lo, span = _int_range(self.dtype, frm, to)
    shape, dt = tuple(self._nd.shape), self.dtype
    if gname == "RandomBackward2":  # no bounds: PyTorch's uniform_int_distribution
        host = lambda mt: _mt.random_default(mt, _n(shape), dt.np).reshape(shape)  # noqa: E731
    else:
        host = _host_from_to(shape, dt, lo, span)
    return _fill(self, _randint_k, (lo, span), "random_", generator, gname, host=host)


@op("exponential_", function=False)
def exponential_(self, lambd=1.0, *, generator=None):
    """Tensor.exponential_(lambd=1): fill with Exponential(lambd) samples."""
    lambd = _num_arg(lambd, "exponential_", "lambd")
    if not self.dtype.is_floating_point:
        raise RuntimeError("Exponential distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified {_C10[self.dtype]}")
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={_g(lambd)}")
    shape, dt = tuple(self._nd.shape), self.dtype
    return _fill(self, _exponential_k, (lambd,), "exponential_", generator,
                 "ExponentialBackward0",
                 host=lambda mt: _mt.exponential(mt, _n(shape), dt.np, lambd).reshape(shape))


@op("geometric_", function=False)
def geometric_(self, p, *, generator=None):
    """Tensor.geometric_(p): fill with the number of Bernoulli(p) trials to the first success."""
    p = _num_arg(p, "geometric_", "p")
    if self.dtype is bool_:
        raise NotImplementedError("\"geometric_cpu\" not implemented for 'Bool'")
    if not 0 < p < 1:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={_g(p)}")
    shape, dt = tuple(self._nd.shape), self.dtype
    return _fill(self, _geometric_k, (p,), "geometric_", generator, "GeometricBackward0",
                 host=lambda mt: _mt.geometric(mt, _n(shape), dt.np, p).reshape(shape))


@op("log_normal_", function=False)
def log_normal_(self, mean=1.0, std=2.0, *, generator=None):
    """Tensor.log_normal_(mean=1, std=2): fill with exp(Normal(mean, std)) samples."""
    mean, std = _num_arg(mean, "log_normal_", "mean"), _num_arg(std, "log_normal_", "std")
    _need_float(self.dtype, "log_normal_cpu")
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={_g(std)}")
    shape, dt = tuple(self._nd.shape), self.dtype
    return _fill(self, _log_normal_k, (mean, std), "log_normal_", generator,
                 "LogNormalBackward0",
                 host=lambda mt: _mt.log_normal(mt, _n(shape), dt.np, mean, std).reshape(shape))


@op("cauchy_", function=False)
def cauchy_(self, median=0.0, sigma=1.0, *, generator=None):
    """Tensor.cauchy_(median=0, sigma=1): fill with Cauchy samples."""
    median, sigma = _num_arg(median, "cauchy_", "median"), _num_arg(sigma, "cauchy_", "sigma")
    if not self.dtype.is_floating_point:
        raise RuntimeError("Cauchy distribution is a continuous probability distribution. "
                           f"dtype must be a floating point but you specified {_CPP[self.dtype]}")
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={_g(sigma)}")
    shape, dt = tuple(self._nd.shape), self.dtype
    return _fill(self, _cauchy_k, (median, sigma), "cauchy_", generator, "CauchyBackward0",
                 host=lambda mt: _mt.cauchy(mt, _n(shape), dt.np, median, sigma).reshape(shape))


def _expand_check(pshape, tshape):
    if len(pshape) > len(tshape):
        raise RuntimeError(f"expand(torch.FloatTensor{{{list(pshape)}}}, size={list(tshape)}): "
                           f"the number of sizes provided ({len(tshape)}) must be greater or "
                           f"equal to the number of dimensions in the tensor ({len(pshape)})")
    off = len(tshape) - len(pshape)
    for i, d in enumerate(pshape):
        if d != 1 and d != tshape[off + i]:
            raise RuntimeError(f"The expanded size of the tensor ({tshape[off + i]}) must match "
                               f"the existing size ({d}) at non-singleton dimension {off + i}.  "
                               f"Target sizes: {list(tshape)}.  Tensor sizes: {list(pshape)}")


@op("bernoulli_", function=False)
def bernoulli_(self, p=0.5, *, generator=None):
    """Tensor.bernoulli_(p=0.5): fill with 1 with probability p (a float or a Tensor that
    expands to self's shape), 0 otherwise."""
    if _is_tensor(p):
        _expand_check(tuple(p._nd.shape), tuple(self._nd.shape))
        add_check(_all_prob, (p.detach(),), _prob_error)
        return _bernoulli_tensor_fill(self, p, generator)
    p = _num_arg(p, "bernoulli_", "p")
    _check_p_scalar(p)
    shape, dt = tuple(self._nd.shape), self.dtype
    return _fill(self, _bernoulli_k, (p,), "bernoulli_", generator, "BernoulliBackward2",
                 host=lambda mt: _mt.bernoulli_scalar(mt, _n(shape), dt.np, p).reshape(shape))


def _bernoulli_tensor_fill(self, p, generator):
    """bernoulli_(p) with a tensor p (expanded to self's shape)."""
    n = self._nd
    shape, dt = tuple(n.shape), n.dtype
    g = _rng.generator_for(n.device, generator)
    mt = g.host_engine()
    if mt is None:
        return _fill(self, _bernoulli_k, (p,), "bernoulli_", generator, "BernoulliBackward1")
    draw = _in_memory_order(self, _host_bernoulli_uniforms(shape, p.dtype))
    u = _host_samples(draw, mt, n.device, g)
    ins = (u, p.detach())
    if self.requires_grad and dispatch.grad_state.enabled:
        ins += (self,)
    node = dispatch.record(_bernoulli_fill_host_k, ins, (("dt", dt),), None, "bernoulli_",
                           device=n.device, wrap=False, gname="BernoulliBackward1")
    self._set_node(node)
    return self


def _bernoulli_fill_host_k(u, p, *old, dt):
    return _bernoulli_host_k(u, p, dt=dt)


# ---- host samplers (PyTorch's CPU stream; see _draw) -----------------------------------------
def dropout_mask(shape, keep, jdev, generator=None, like=None):
    """PyTorch's dropout mask `empty_like(like).bernoulli_(keep)` (or `empty(shape)`) as a ready
    bool array drawn on the host from the generator for `jdev`, or None where dropout draws
    inside the program from threefry instead (a CUDA generator, or config["dropout_stream"] ==
    "threefry"). A permuted `like` (a transpose) is filled in its memory order, as PyTorch's
    empty_like keeps its strides."""
    if graph.config["dropout_stream"] != "pytorch":
        return None
    g = _rng.generator_for(jdev, generator)
    mt = g.host_engine()
    if mt is None:
        return None
    n = _n(shape)
    host = lambda m: _mt.bernoulli_scalar(m, n, np.dtype(np.bool_), keep).reshape(shape)  # noqa
    if like is not None and tuple(like._nd.shape) == tuple(shape):
        host = _like_order(like, host)
    return _host_samples(host, mt, jdev, g)


def _host_array(host, mt, jdev):
    """`host(mt)` drawn on the host and put on `jdev`."""
    a = host(mt)
    if not a.flags.c_contiguous:   # (np.ascontiguousarray would make a 0-d array 1-d)
        a = a.copy()
    return _put(a, jdev)


def _host_samples(host, mt, jdev, g):
    """A materialised leaf of `host(mt)` on `jdev` (noted to a Module capture in progress)."""
    samples = graph.leaf(_host_array(host, mt, jdev), jdev)
    hook = graph.host_draw_hook
    if hook is not None:
        hook(samples, host, jdev, g)
    return samples


class HostDraws:
    """The host draws (host sampler, jax device, Generator) a replayed program or Module call
    makes on every run, in order -- drawn ahead when possible.

    PyTorch's dropout masks cost about 4 ns per element on the host. `prefetch()`, called right
    after a program is dispatched, draws the next run's samples from copies of the engines while
    XLA computes; the next `draw()` adopts them, and the copies, so each engine ends where
    drawing then would have left it -- but only if no engine changed in between (a draw, a seed,
    a state load). After two discarded prefetches the draws are made at the call only."""

    __slots__ = ("draws", "ready", "misses")

    def __init__(self, draws):
        self.draws = list(draws)
        self.ready = None
        self.misses = 0

    def draw(self):
        """This run's samples: a ready leaf Node per draw."""
        pre, self.ready = self.ready, None
        if pre is not None:
            engines, arrays = pre
            for g, mt, version, _ in engines:
                if g._mt is not mt or mt.version != version:
                    self.misses += 1
                    break
            else:
                for g, _, _, clone in engines:
                    g._mt = clone
                hook = graph.host_draw_hook
                out = []
                for a, (host, jdev, g) in zip(arrays, self.draws):
                    leaf = graph.leaf(a, jdev)
                    if hook is not None:
                        hook(leaf, host, jdev, g)
                    out.append(leaf)
                return out
        return [_host_samples(host, g.host_engine(), jdev, g) for host, jdev, g in self.draws]

    def prefetch(self):
        """Draw the next run's samples from engine copies (see the class docstring)."""
        if self.misses >= 2:
            return
        engines = {}
        arrays = []
        for host, jdev, g in self.draws:
            e = engines.get(id(g))
            if e is None:
                mt = g.host_engine()
                if mt is None:
                    return
                e = engines[id(g)] = (g, mt, mt.version, mt.clone())
            arrays.append(_host_array(host, e[3], jdev))
        self.ready = (list(engines.values()), arrays)


def _memory_perm(t):
    """t's dims from the largest stride to the smallest when that is not index order (a
    permuted view, such as a transpose), else None."""
    if t._base is None or t.is_contiguous():
        return None
    strides = t.stride()
    perm = sorted(range(len(strides)), key=lambda d: -strides[d])
    return None if perm == list(range(len(strides))) else perm


def _like_layout(input):
    """Whether `empty_like(input)` is a permuted (non-contiguous) tensor in PyTorch: it keeps
    the strides of a dense permuted tensor (a transpose), and is contiguous otherwise."""
    perm = _memory_perm(input)
    if perm is None:
        return False
    shape, strides = input._nd.shape, input.stride()
    expected = 1
    for d in reversed(perm):
        if shape[d] != 1 and strides[d] != expected:
            return False
        expected *= shape[d]
    return True


def _like_order(input, host):
    """`host` filling `empty_like(input)`: in memory order when that is a permuted tensor."""
    return _in_memory_order(input, host) if _like_layout(input) else host


def _in_memory_order(self, host):
    """PyTorch fills a tensor in place in memory order (TensorIterator walks the dimensions from
    the largest stride to the smallest): for a permuted view, the n-th draw lands at the n-th
    element in memory, not the n-th in index order."""
    perm = _memory_perm(self)
    if perm is None:
        return host
    shape = tuple(self._nd.shape)
    inverse = np.argsort(perm)

    def draw(mt):
        flat = host(mt).reshape(-1)
        return flat.reshape([shape[d] for d in perm]).transpose(inverse)
    return draw


def _host_uniform(shape, dt, frm, to):
    return lambda mt: _mt.uniform(mt, _n(shape), dt.np, frm, to).reshape(shape)


def _host_normal(shape, dt, mean, std, contiguous=True):
    return lambda mt: _mt.normal(mt, _n(shape), dt.np, mean, std, contiguous).reshape(shape)


def _host_from_to(shape, dt, lo, span):
    return lambda mt: _mt.random_from_to(mt, _n(shape), dt.np, lo, span).reshape(shape)


def _host_bernoulli_uniforms(shape, p_dt):
    return lambda mt: _mt.bernoulli_uniforms(mt, _n(shape), p_dt.np).reshape(shape)
