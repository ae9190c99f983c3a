"""Elementwise ops with PyTorch's broadcasting, type promotion and error rules.

Binary ops compute their result dtype with PyTorch's rules (dtype.result_type_of) and cast both
operands inside the kernel, so JAX's own promotion never decides a dtype. Python scalars are
dynamic kernel inputs: `x * 0.5` and `x * 0.25` share one compiled kernel.
"""
import functools

import jax
import jax.numpy as jnp
import numpy as np

from .. import _dtype
from .._dtype import bool_, int64
from .dispatch import record
from . import dispatch
from .registry import op


def is_tensor(x):
    return isinstance(x, dispatch.Tensor)


def _operand_kind(x):
    if is_tensor(x):
        n = x._nd
        return (n.dtype, len(n.shape) == 0)
    if isinstance(x, (bool, int, float)):
        return type(x)
    if isinstance(x, np.generic):
        return type(x.item())
    raise TypeError(f"unsupported operand type: '{type(x).__name__}'")


@functools.lru_cache(maxsize=4096)
def _promote(*kinds):
    dims, zeros, scalars = [], [], []
    for k in kinds:
        if type(k) is tuple:
            (zeros if k[1] else dims).append(k[0])
        else:
            scalars.append(k(0) if k is not bool else False)
    return _dtype.result_type_of(dims, zeros, scalars)


def result_type(*operands):
    """PyTorch's result dtype of tensors and Python scalars."""
    return _promote(*(_operand_kind(x) for x in operands))


def _scalar(x):
    return x.item() if isinstance(x, np.generic) else x


@functools.lru_cache(maxsize=4096)
def broadcast_shapes_cached(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i, d in enumerate(s):
            j = ndim - len(s) + i
            if out[j] == 1:
                out[j] = d
            elif d != 1 and d != out[j]:
                # name the two disagreeing sizes as PyTorch does
                other = out[j]
                raise RuntimeError(
                    f"The size of tensor a ({other}) must match the size of tensor b ({d}) at "
                    f"non-singleton dimension {i}")
    return tuple(out)


def _check_broadcast(static, *ins):
    shapes = [x.shape for x in ins if hasattr(x, "shape")]
    if len(shapes) > 1:
        _broadcast_pair_error(shapes)


def _broadcast_pair_error(shapes):
    a = shapes[0]
    for b in shapes[1:]:
        n = max(len(a), len(b))
        pa = (1,) * (n - len(a)) + tuple(a)
        pb = (1,) * (n - len(b)) + tuple(b)
        for i in range(n):
            if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
                raise RuntimeError(f"The size of tensor a ({pa[i]}) must match the size of tensor "
                                   f"b ({pb[i]}) at non-singleton dimension {i}")
        a = tuple(max(x, y) if min(x, y) != 0 else 0 for x, y in zip(pa, pb))


# ---- kernels --------------------------------------------------------------------------------
def _binary_kernel(a, b, *, f, cdt, odt):
    c = cdt.np
    r = f(jnp.asarray(a, c), jnp.asarray(b, c))
    return r.astype(odt.np)


def _unary_kernel(a, *, f, cdt, odt):
    return f(jnp.asarray(a, cdt.np)).astype(odt.np)


def binary(f, a, b, cdt, odt=None, name=None):
    return record(_binary_kernel, (a, b), (("f", f), ("cdt", cdt), ("odt", odt or cdt)),
                  check=_check_broadcast, name=name or f.__name__)


def unary(f, a, cdt, odt=None, name=None):
    return record(_unary_kernel, (a,), (("f", f), ("cdt", cdt), ("odt", odt or cdt)),
                  name=name or f.__name__)


def _as_tensor_arg(x, name):
    if is_tensor(x) or isinstance(x, (bool, int, float, np.generic)):
        return _scalar(x)
    raise TypeError(f"{name}(): argument 'other' must be Tensor or Number, not "
                    f"{type(x).__name__}")


def _first_tensor(name, a):
    if not is_tensor(a):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(a).__name__}")


def _float_of(dt):
    return dt if dt.is_floating_point else _dtype.get_default_dtype()


# ---- arithmetic -----------------------------------------------------------------------------
def _arith(name, f, a, b):
    a, b = _scalar(a), _as_tensor_arg(b, name)
    dt = result_type(a, b)
    return binary(f, a, b, dt, name=name)


@op("add", inplace=True)
def add(input, other, *, alpha=1):
    """torch.add: input + alpha * other, with PyTorch's type promotion."""
    _first_tensor("add", input) if not is_tensor(other) else None
    if alpha != 1:
        dt = result_type(input, other)
        if not dt.is_floating_point and isinstance(alpha, float):
            raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                               "point number.")
        other = mul(other, alpha) if is_tensor(other) else other * alpha
    return _arith("add", jnp.add, input, other)


@op("sub", "subtract", inplace=True)
def sub(input, other, *, alpha=1):
    """torch.sub: input - alpha * other."""
    if result_type(input, other) is bool_:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if alpha != 1:
        other = mul(other, alpha) if is_tensor(other) else other * alpha
    return _arith("sub", jnp.subtract, input, other)


@op("mul", "multiply", inplace=True)
def mul(input, other):
    return _arith("mul", jnp.multiply, input, other)


def _true_divide(a, b):
    return jnp.true_divide(a, b)


def _floor_divide(a, b):
    if jnp.issubdtype(a.dtype, jnp.integer):
        return jnp.floor_divide(a, b)
    return jnp.floor(a / b)


def _trunc_divide(a, b):
    if jnp.issubdtype(a.dtype, jnp.integer):
        q = jnp.floor_divide(a, b)
        return jnp.where((q < 0) & (q * b != a), q + 1, q)
    return jnp.trunc(a / b)


@op("div", "divide", inplace=True)
def div(input, other, *, rounding_mode=None):
    """torch.div: true division (ints give the default float dtype) or 'trunc'/'floor'."""
    input, other = _scalar(input), _as_tensor_arg(other, "div")
    dt = result_type(input, other)
    if rounding_mode is None:
        return binary(_true_divide, input, other, _float_of(dt), name="div")
    if rounding_mode == "trunc":
        return binary(_trunc_divide, input, other, dt, name="div")
    if rounding_mode == "floor":
        return binary(_floor_divide, input, other, dt, name="div")
    raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but "
                       f"found '{rounding_mode}'")


@op("true_divide", inplace=True)
def true_divide(input, other):
    return div(input, other)


@op("floor_divide", inplace=True)
def floor_divide(input, other):
    return div(input, other, rounding_mode="floor")


@op("remainder", inplace=True)
def remainder(input, other):
    """Python-style modulus: the result has the sign of the divisor."""
    return _arith("remainder", jnp.remainder, input, other)


@op("fmod", inplace=True)
def fmod(input, other):
    """C-style modulus: the result has the sign of the dividend."""
    return _arith("fmod", jnp.fmod, input, other)


def _int_pow(a, b):
    if jnp.issubdtype(a.dtype, jnp.integer):
        return _ipow(a, b)
    return jnp.power(a, b)


def _ipow(a, b):
    # exact integer power by squaring, wrapping on overflow like PyTorch
    def body(_, carry):
        result, base, e = carry
        result = jnp.where(e & 1, result * base, result)
        return result, base * base, e >> 1
    b = jnp.broadcast_to(b, jnp.broadcast_shapes(a.shape, jnp.shape(b)))
    a = jnp.broadcast_to(a, b.shape)
    one = jnp.ones_like(a)
    r, _, _ = jax.lax.fori_loop(0, 64, body, (one, a, jnp.maximum(b, 0)))
    return jnp.where(b < 0, jnp.where(a == 1, 1, jnp.where(a == -1, jnp.where(b % 2 == 0, 1, -1),
                                                                  0)), r).astype(a.dtype)


@op("pow", inplace=True)
def pow(input, exponent):
    """torch.pow: tensor ** tensor, tensor ** scalar, or scalar ** tensor."""
    if not is_tensor(input) and not is_tensor(exponent):
        raise TypeError("pow() received an invalid combination of arguments")
    input, exponent = _scalar(input), _scalar(exponent)
    dt = result_type(input, exponent)
    if not dt.is_floating_point and not is_tensor(exponent) and exponent < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    if dt is bool_:
        dt = int64 if not (is_tensor(input) and is_tensor(exponent)) else bool_
    if dt.is_floating_point:
        return binary(jnp.power, input, exponent, dt, name="pow")
    return binary(_int_pow, input, exponent, dt, name="pow")


@op("float_power", inplace=True)
def float_power(input, exponent):
    return binary(jnp.power, _scalar(input), _scalar(exponent), _dtype.float64, name="float_power")


@op("atan2", "arctan2", inplace=True)
def atan2(input, other):
    dt = _float_of(result_type(input, other))
    return binary(jnp.arctan2, input, _scalar(other), dt, name="atan2")


@op("maximum")
def maximum(input, other):
    return _arith("maximum", jnp.maximum, input, other)


@op("minimum")
def minimum(input, other):
    return _arith("minimum", jnp.minimum, input, other)


@op("fmax")
def fmax(input, other):
    return _arith("fmax", jnp.fmax, input, other)


@op("fmin")
def fmin(input, other):
    return _arith("fmin", jnp.fmin, input, other)


@op("hypot", inplace=True)
def hypot(input, other):
    return _arith("hypot", jnp.hypot, input, other)


@op("copysign", inplace=True)
def copysign(input, other):
    return binary(jnp.copysign, input, _scalar(other), _float_of(result_type(input, other)),
                  name="copysign")


@op("xlogy", inplace=True)
def xlogy(input, other):
    from jax.scipy.special import xlogy as f
    return binary(f, _scalar(input), _scalar(other), _float_of(result_type(input, other)),
                  name="xlogy")


# ---- comparisons ----------------------------------------------------------------------------
def _compare(name, f, a, b):
    a, b = _scalar(a), _as_tensor_arg(b, name)
    return binary(f, a, b, result_type(a, b), bool_, name=name)


for _name, _f, _aliases in [("eq", jnp.equal, ()), ("ne", jnp.not_equal, ("not_equal",)),
                            ("lt", jnp.less, ("less",)), ("le", jnp.less_equal, ("less_equal",)),
                            ("gt", jnp.greater, ("greater",)),
                            ("ge", jnp.greater_equal, ("greater_equal",))]:
    def _cmp(input, other, _n=_name, _f=_f):
        return _compare(_n, _f, input, other)
    _cmp.__name__ = _name
    _cmp.__doc__ = f"torch.{_name}: elementwise comparison, a bool tensor."
    op(_name, *_aliases, inplace=True)(_cmp)


# ---- logical and bitwise --------------------------------------------------------------------
def _logical(name, f, a, b):
    dt = result_type(a, b)
    return binary(f, _scalar(a), _scalar(b), dt, bool_, name=name)


def _land(a, b):
    return jnp.logical_and(a != 0, b != 0)


def _lor(a, b):
    return jnp.logical_or(a != 0, b != 0)


def _lxor(a, b):
    return jnp.logical_xor(a != 0, b != 0)


op("logical_and", inplace=True)(lambda input, other: _logical("logical_and", _land, input, other))
op("logical_or", inplace=True)(lambda input, other: _logical("logical_or", _lor, input, other))
op("logical_xor", inplace=True)(lambda input, other: _logical("logical_xor", _lxor, input, other))


def _lnot(a):
    return a == 0


@op("logical_not", inplace=True)
def logical_not(input):
    return unary(_lnot, input, input.dtype, bool_, name="logical_not")


def _bitwise(name, f, a, b):
    a, b = _scalar(a), _scalar(b)
    dt = result_type(a, b)
    if dt.is_floating_point:
        raise RuntimeError(f"\"{name}_cpu\" not implemented for '{_c10(dt)}'")
    return binary(f, a, b, dt, name=name)


def _c10(dt):
    from .._tensor import _c10_name
    return _c10_name(dt)


for _name, _f in [("bitwise_and", jnp.bitwise_and), ("bitwise_or", jnp.bitwise_or),
                  ("bitwise_xor", jnp.bitwise_xor), ("bitwise_left_shift", jnp.left_shift),
                  ("bitwise_right_shift", jnp.right_shift)]:
    def _bw(input, other, _n=_name, _f=_f):
        return _bitwise(_n, _f, input, other)
    _bw.__name__ = _name
    op(_name, inplace=True)(_bw)


def _bnot(a):
    return jnp.logical_not(a) if a.dtype == jnp.bool_ else jnp.invert(a)


@op("bitwise_not", inplace=True)
def bitwise_not(input):
    if input.dtype.is_floating_point:
        raise RuntimeError(f"\"bitwise_not_cpu\" not implemented for '{_c10(input.dtype)}'")
    return unary(_bnot, input, input.dtype, name="bitwise_not")


# ---- unary ----------------------------------------------------------------------------------
def _float_unary(name, f, aliases=()):
    def fn(input):
        dt = input.dtype
        return unary(f, input, _float_of(dt), name=name)
    fn.__name__ = name
    fn.__doc__ = (f"torch.{name}: elementwise; integer and bool inputs give the default float "
                  "dtype, as in PyTorch.")
    op(name, *aliases, inplace=True)(fn)
    return fn


def _rsqrt(a):
    return jax.lax.rsqrt(a)


def _exp2(a):
    return jnp.exp2(a)


def _sigmoid(a):
    return jax.nn.sigmoid(a)


def _erf(a):
    return jax.scipy.special.erf(a)


def _erfc(a):
    return jax.scipy.special.erfc(a)


def _erfinv(a):
    return jax.scipy.special.erfinv(a)


def _logit(a):
    return jnp.log(a / (1 - a))


def _reciprocal(a):
    return 1 / a


for _name, _f, _aliases in [
        ("sqrt", jnp.sqrt, ()), ("rsqrt", _rsqrt, ()), ("exp", jnp.exp, ()),
        ("exp2", _exp2, ()), ("expm1", jnp.expm1, ()), ("log", jnp.log, ()),
        ("log1p", jnp.log1p, ()), ("log2", jnp.log2, ()), ("log10", jnp.log10, ()),
        ("sin", jnp.sin, ()), ("cos", jnp.cos, ()), ("tan", jnp.tan, ()),
        ("asin", jnp.arcsin, ("arcsin",)), ("acos", jnp.arccos, ("arccos",)),
        ("atan", jnp.arctan, ("arctan",)), ("sinh", jnp.sinh, ()), ("cosh", jnp.cosh, ()),
        ("tanh", jnp.tanh, ()), ("asinh", jnp.arcsinh, ("arcsinh",)),
        ("acosh", jnp.arccosh, ("arccosh",)), ("atanh", jnp.arctanh, ("arctanh",)),
        ("sigmoid", _sigmoid, ()), ("erf", _erf, ()), ("erfc", _erfc, ()),
        ("erfinv", _erfinv, ()), ("reciprocal", _reciprocal, ()), ("logit", _logit, ()),
        ("sinc", jnp.sinc, ()), ("deg2rad", jnp.deg2rad, ()), ("rad2deg", jnp.rad2deg, ()),
        ("lgamma", jax.lax.lgamma, ()), ("digamma", jax.lax.digamma, ())]:
    _float_unary(_name, _f, _aliases)


def _same_dtype_unary(name, f, bool_error=None, aliases=()):
    def fn(input):
        if bool_error and input.dtype is bool_:
            raise RuntimeError(bool_error)
        return unary(f, input, input.dtype, name=name)
    fn.__name__ = name
    op(name, *aliases, inplace=True)(fn)
    return fn


def _relu(a):
    return jnp.maximum(a, jnp.zeros((), a.dtype))


def _square(a):
    return a * a


def _frac(a):
    return a - jnp.trunc(a)


_same_dtype_unary("neg", jnp.negative,
                  "Negation, the `-` operator, on a bool tensor is not supported. If you are "
                  "trying to invert a mask, use the `~` or `logical_not()` operator instead.",
                  aliases=("negative",))
_same_dtype_unary("abs", jnp.abs, aliases=("absolute",))
_same_dtype_unary("sign", jnp.sign)
_same_dtype_unary("sgn", jnp.sign)
_same_dtype_unary("relu", _relu)
_same_dtype_unary("floor", jnp.floor)
_same_dtype_unary("ceil", jnp.ceil)
_same_dtype_unary("trunc", jnp.trunc, aliases=("fix",))
_same_dtype_unary("frac", _frac)


@op("square", inplace=True)
def square(input):
    dt = int64 if input.dtype is bool_ else input.dtype
    return unary(_square, input, dt, name="square")


def _round(a, *, decimals):
    if decimals == 0:
        return jnp.round(a)
    return jnp.round(a, decimals)


@op("round", inplace=True)
def round(input, *, decimals=0):
    """Round half to even, as PyTorch; `decimals` scales by 10**decimals first."""
    return record(_round, (input,), (("decimals", decimals),), name="round")


def _signbit(a):
    return jnp.signbit(a)


@op("signbit")
def signbit(input):
    return unary(_signbit, input, input.dtype, bool_, name="signbit")


for _name, _f in [("isnan", jnp.isnan), ("isinf", jnp.isinf), ("isfinite", jnp.isfinite),
                  ("isposinf", jnp.isposinf), ("isneginf", jnp.isneginf),
                  ("isreal", lambda a: jnp.ones(a.shape, bool))]:
    def _pred(input, _n=_name, _f=_f):
        return unary(_f, input, input.dtype, bool_, name=_n)
    _pred.__name__ = _name
    op(_name)(_pred)


def _nan_to_num(a, *, nan, posinf, neginf):
    return jnp.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)


@op("nan_to_num", inplace=True)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    return record(_nan_to_num, (input,), (("nan", nan), ("posinf", posinf), ("neginf", neginf)),
                  name="nan_to_num")


# ---- ternary --------------------------------------------------------------------------------
def _clamp_kernel(a, lo, hi, *, dt, has_lo, has_hi):
    a = a.astype(dt.np)
    if has_lo:
        a = jnp.maximum(a, jnp.asarray(lo, dt.np))
    if has_hi:
        a = jnp.minimum(a, jnp.asarray(hi, dt.np))
    return a


@op("clamp", "clip", inplace=True)
def clamp(input, min=None, max=None):
    """torch.clamp with scalar or tensor bounds; min > max gives max, as PyTorch."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    ops = [input] + [_scalar(b) for b in (min, max) if b is not None]
    dt = result_type(*ops)
    lo = 0 if min is None else _scalar(min)
    hi = 0 if max is None else _scalar(max)
    return record(_clamp_kernel, (input, lo, hi),
                  (("dt", dt), ("has_lo", min is not None), ("has_hi", max is not None)),
                  check=_check_broadcast, name="clamp")


@op("clamp_min", inplace=True)
def clamp_min(input, min):
    return clamp(input, min=min)


@op("clamp_max", inplace=True)
def clamp_max(input, max):
    return clamp(input, max=max)


def _where_kernel(c, a, b, *, dt):
    return jnp.where(c, jnp.asarray(a, dt.np), jnp.asarray(b, dt.np))


@op("where", method=True)
def where(condition, input=None, other=None):
    """torch.where(cond, x, y); torch.where(cond) is nonzero(cond, as_tuple=True)."""
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if is_tensor(condition) and condition.dtype is not bool_:
        raise RuntimeError(f"where expected condition to be a boolean tensor, but got a tensor "
                           f"with dtype {_c10(condition.dtype)}")
    input, other = _scalar(input), _scalar(other)
    dt = result_type(input, other)
    return record(_where_kernel, (condition, input, other), (("dt", dt),),
                  check=_check_broadcast, name="where")


def _lerp_kernel(a, b, w, *, dt):
    a, b, w = (jnp.asarray(x, dt.np) for x in (a, b, w))
    return jnp.where(jnp.abs(w) < 0.5, a + w * (b - a), b - (b - a) * (1 - w))


@op("lerp", inplace=True)
def lerp(input, end, weight):
    dt = result_type(input, end)
    return record(_lerp_kernel, (input, end, _scalar(weight)), (("dt", dt),),
                  check=_check_broadcast, name="lerp")


def _addcmul_kernel(a, t1, t2, v, *, dt):
    a, t1, t2 = (jnp.asarray(x, dt.np) for x in (a, t1, t2))
    return a + jnp.asarray(v, dt.np) * t1 * t2


def _addcdiv_kernel(a, t1, t2, v, *, dt):
    a, t1, t2 = (jnp.asarray(x, dt.np) for x in (a, t1, t2))
    return a + jnp.asarray(v, dt.np) * (t1 / t2)


@op("addcmul", inplace=True)
def addcmul(input, tensor1, tensor2, *, value=1):
    dt = result_type(input, tensor1, tensor2)
    return record(_addcmul_kernel, (input, tensor1, tensor2, _scalar(value)), (("dt", dt),),
                  check=_check_broadcast, name="addcmul")


@op("addcdiv", inplace=True)
def addcdiv(input, tensor1, tensor2, *, value=1):
    dt = result_type(input, tensor1, tensor2)
    if not dt.is_floating_point:
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future "
                           "release addcdiv will perform a true division of tensor1 and tensor2. "
                           "The historic addcdiv behavior can be implemented as (input + value * "
                           "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs "
                           "and as (input + value * tensor1 / tensor2) for float inputs. The "
                           "future addcdiv behavior is just the latter implementation: (input + "
                           "value * tensor1 / tensor2), for all dtypes.")
    return record(_addcdiv_kernel, (input, tensor1, tensor2, _scalar(value)), (("dt", dt),),
                  check=_check_broadcast, name="addcdiv")


# ---- comparisons of whole tensors -----------------------------------------------------------
def _isclose_kernel(a, b, *, rtol, atol, equal_nan, dt):
    a, b = a.astype(dt.np), b.astype(dt.np)
    if not jnp.issubdtype(a.dtype, jnp.floating):
        return a == b
    close = (a == b) | (jnp.abs(a - b) <= atol + rtol * jnp.abs(b))
    if equal_nan:
        close = close | (jnp.isnan(a) & jnp.isnan(b))
    return close & ~((jnp.isinf(a) | jnp.isinf(b)) & (a != b))


@op("isclose")
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    if input.dtype is not other.dtype and not (input.dtype.is_floating_point and
                                               other.dtype.is_floating_point):
        raise RuntimeError(f"{_c10(input.dtype)} did not match {_c10(other.dtype)}")
    dt = result_type(input, other)
    return record(_isclose_kernel, (input, other),
                  (("rtol", rtol), ("atol", atol), ("equal_nan", equal_nan), ("dt", dt)),
                  check=_check_broadcast, name="isclose")


@op("allclose")
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """A Python bool (a sync point), as in PyTorch."""
    return bool(isclose(input, other, rtol, atol, equal_nan).all())


@op("equal")
def equal(input, other):
    """True if same shape and all elements equal (a Python bool)."""
    if input.shape != other.shape:
        return False
    return bool(_compare("eq", jnp.equal, input, other).all())
