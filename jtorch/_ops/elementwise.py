"""Elementwise ops with PyTorch's broadcasting, type promotion, dtype support and error rules.

Binary ops compute their result dtype with PyTorch's rules (`_dtype.result_type_of`) and cast
both operands inside the kernel, so JAX's own promotion never decides a dtype. Python scalars are
dynamic kernel inputs: `x * 0.5` and `x * 0.25` share one compiled kernel.

float16/bfloat16 are computed in float32 and rounded once, as PyTorch's CPU kernels do (its
"opmath" type); for `mul`/`div` a one-element second operand enters in float32 straight from its
own dtype, as PyTorch's scalar fast path does. Integer division by zero raises PyTorch's
`RuntimeError: ZeroDivisionError` (at the call for a Python 0, at the next sync for a tensor).
"""
import builtins
import functools
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from .. import _dtype
from .._dtype import bool_, int64, float32, float64, float16, bfloat16
from .dispatch import record, add_check
from .._runtime.graph import user_stacklevel
from . import dispatch
from .registry import op, METHODS
from .signatures import parsed


def is_tensor(x):
    return isinstance(x, dispatch.Tensor)


_NUMBER = (bool, int, float, np.bool_, np.integer, np.floating)


def _is_number(x):
    return isinstance(x, _NUMBER)


# ---- type promotion -------------------------------------------------------------------------
def _operand_kind(x):
    if is_tensor(x):
        n = x._nd
        return (n.dtype, len(n.shape) == 0)
    t = type(x)
    if t is bool or t is int or t is float:
        return t
    if _is_number(x):
        return _dtype.wrapped_kind(x)
    raise TypeError(f"unsupported operand type: '{type(x).__name__}'")


@functools.lru_cache(maxsize=4096)
def _promote(default, *kinds):
    dims, zeros, scalars = [], [], []
    for k in kinds:
        if type(k) is tuple:
            (zeros if k[1] else dims).append(k[0])
        else:
            scalars.append(k)
    return _dtype.result_type_of(dims, zeros, scalars)


def result_type(*operands):
    """PyTorch's result dtype of tensors and Python scalars (c10 ResultTypeState)."""
    return _promote(_dtype.get_default_dtype(), *(_operand_kind(x) for x in operands))


@op("result_type", method=False)
def result_type_(tensor, other):
    """torch.result_type(a, b): the dtype an arithmetic op on a and b would produce."""
    for x, n, pos in ((tensor, "tensor", 1), (other, "other", 2)):
        if not (is_tensor(x) or _is_number(x)):
            raise TypeError(f"result_type() received an invalid combination of arguments - got "
                            f"({_tname(tensor)}, {_tname(other)}), but expected one of:")
    return result_type(tensor, other)


def _tname(x):
    return "Tensor" if is_tensor(x) else type(x).__name__


_SIGNATURES = {
    "pow": ("Tensor input, Tensor exponent, *, Tensor out = None",
            "Number self, Tensor exponent, *, Tensor out = None",
            "Tensor input, Number exponent, *, Tensor out = None"),
    "clamp": ("Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None",
              "Tensor input, Number min = None, Number max = None, *, Tensor out = None"),
    "lerp": ("Tensor input, Tensor end, Tensor weight, *, Tensor out = None",
             "Tensor input, Tensor end, Number weight, *, Tensor out = None"),
    "where": ("Tensor condition", "Tensor condition, Tensor input, Tensor other, *, Tensor out = "
              "None", "Tensor condition, Number self, Tensor other",
              "Tensor condition, Tensor input, Number other",
              "Tensor condition, Number self, Number other"),
}


_TENSOR_OR_NUMBER_OTHER = ("Tensor input, Tensor other, *, Tensor out = None",
                           "Tensor input, Number other, *, Tensor out = None")


def _invalid_combination(name, got, sigs=None):
    """PyTorch's argument-parser TypeError for an overloaded function."""
    sigs = "".join(f" * ({sig})\n" for sig in (sigs or _SIGNATURES.get(name, ())))
    tail = f", but expected one of:\n{sigs}" if sigs else ""
    return TypeError(f"{name}() received an invalid combination of arguments - got "
                     f"({', '.join(got)}){tail}")


def _c10(dt):
    return _dtype.c10_name(dt)


def _float_of(dt):
    return dt if dt.is_floating_point else _dtype.get_default_dtype()


def _round_to(x, dt):
    """x (float32) rounded to float16/bfloat16 precision and kept in float32; XLA may otherwise
    skip the rounding of an intermediate half-precision result that PyTorch performs."""
    if dt is float16:
        return jax.lax.reduce_precision(x, exponent_bits=5, mantissa_bits=10)
    if dt is bfloat16:
        return jax.lax.reduce_precision(x, exponent_bits=8, mantissa_bits=7)
    return x


def _opmath(dt):
    """The dtype PyTorch computes `dt` in on CPU: float32 for float16/bfloat16."""
    return float32 if dt is float16 or dt is bfloat16 else dt


def _not_implemented(kname, dt):
    return NotImplementedError(f"\"{kname}\" not implemented for '{_c10(dt)}'")


# ---- Python scalars -------------------------------------------------------------------------
def _scalar(x):
    """A Python/NumPy number as a Python number kernel input. NumPy bools read as floats, as
    in PyTorch's argument parser; ints beyond 64 bits raise OverflowError like PyTorch."""
    if isinstance(x, np.generic):
        x = float(x) if isinstance(x, np.bool_) else x.item()
    if type(x) is int and not -2 ** 63 <= x < 2 ** 64:
        raise OverflowError("int too big to convert")
    return x


def _scalar_for(x, dt):
    """A Python int in [2**63, 2**64) wraps into int64 (or stays a float for float results)."""
    if type(x) is int and x >= 2 ** 63:
        return float(x) if dt.is_floating_point else x - 2 ** 64
    return x


# C++ type names as PyTorch's dtype-mismatch messages print them (lerp)
_CPP_TYPE = {"bool": "bool", "uint8": "unsigned char", "int8": "signed char",
             "int16": "short int", "int32": "int", "int64": "long int", "float16": "c10::Half",
             "bfloat16": "c10::BFloat16", "float32": "float", "float64": "double"}
_CTYPE = {"bool": "bool", "uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t",
          "int32": "int", "int64": "int64_t", "float16": "c10::Half",
          "bfloat16": "c10::BFloat16", "float32": "float", "float64": "double"}


def check_scalar_fits(x, dt, bfloat16_too=False, floats=True):
    """PyTorch's checked conversion of a Python number to `dt` (used by fill, full, clamp and
    where): RuntimeError 'value cannot be converted to type int8_t without overflow'. PyTorch
    checks bfloat16 only in some ops (clamp), hence `bfloat16_too`."""
    if dt is bool_ or isinstance(x, bool) or (dt.is_floating_point and not floats):
        return
    bad = False
    skip = dt is float64 or (dt is bfloat16 and not bfloat16_too)
    if dt.is_floating_point:
        if isinstance(x, float) and np.isfinite(x) and not skip:
            bad = builtins.abs(x) > float(_dtype.finfo(dt).max)
        elif isinstance(x, int) and not skip:
            bad = builtins.abs(x) > _dtype.finfo(dt).max
    else:
        info = np.iinfo(dt.np)
        if isinstance(x, float) and not np.isfinite(x):
            bad = True
        else:
            lo = -int(info.max) if info.min == 0 else int(info.min)
            bad = not lo <= x <= int(info.max) if isinstance(x, int) else \
                not (lo - 1 < x < int(info.max) + 1)
    if bad:
        raise RuntimeError(f"value cannot be converted to type {_CTYPE[dt.name]} without "
                           "overflow")


def real_scalar(x, dt, half_name=None):
    """A complex Python number written into a real tensor (fill, setitem, masked_fill, full):
    its real part when the imaginary part is 0 (anything nonzero is True for bool), else
    PyTorch's 'value cannot be converted' error (`half_name` names the C type PyTorch reports
    for half types when it converts through another)."""
    if not isinstance(x, complex):
        return x
    if dt is bool_:
        return bool(x)
    if x.imag != 0 or x.imag != x.imag:
        name = half_name if half_name and dt in (float16, bfloat16) else _CTYPE[dt.name]
        raise RuntimeError(f"value cannot be converted to type {name} without overflow")
    return x.real


# ---- broadcasting ---------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def broadcast_shapes_cached(*shapes):
    ndim = max((len(s) for s in shapes), default=0)
    out = [1] * ndim
    for s in shapes:
        for i in range(len(s) - 1, -1, -1):
            d = s[i]
            j = ndim - len(s) + i
            if out[j] == 1:
                out[j] = d
            elif d != 1 and d != out[j]:
                raise RuntimeError(
                    f"The size of tensor a ({out[j]}) must match the size of tensor b ({d}) at "
                    f"non-singleton dimension {j}")
    return tuple(out)


def _check_broadcast(static, *ins):
    shapes = [x.shape for x in ins if hasattr(x, "shape")]
    if len(shapes) > 1:
        _broadcast_pair_error(shapes)


def _broadcast_pair_error(shapes):
    a = tuple(shapes[0])
    for b in shapes[1:]:
        n = max(len(a), len(b))
        pa = (1,) * (n - len(a)) + tuple(a)
        pb = (1,) * (n - len(b)) + tuple(b)
        for i in range(n - 1, -1, -1):
            if pa[i] != pb[i] and pa[i] != 1 and pb[i] != 1:
                raise RuntimeError(f"The size of tensor a ({pa[i]}) must match the size of tensor "
                                   f"b ({pb[i]}) at non-singleton dimension {i}")
        a = tuple(y if x == 1 else x for x, y in zip(pa, pb))


# ---- kernels --------------------------------------------------------------------------------
def _cast(x, dt):
    return jnp.asarray(x, dt.np)


def _binary_kernel(a, b, *, f, cdt, odt, b_opmath=False):
    """f(a, b) computed in cdt's opmath type; the result cast to odt."""
    m = _opmath(cdt)
    a = _cast(_cast(a, cdt), m)
    b = _cast(b, m) if b_opmath else _cast(_cast(b, cdt), m)
    return f(a, b).astype(odt.np)


def _unary_kernel(a, *, f, cdt, odt):
    return f(_cast(_cast(a, cdt), _opmath(cdt))).astype(odt.np)


def binary(f, a, b, cdt, odt=None, name=None, b_opmath=False, gname=None):
    """Record f(a, b) computed in dtype cdt (float32 for half types), result cast to odt."""
    return record(_binary_kernel, (a, b), (("f", f), ("cdt", cdt), ("odt", odt or cdt),
                                            ("b_opmath", b_opmath)),
                  check=_check_broadcast, name=name or f.__name__, gname=gname)


def unary(f, a, cdt, odt=None, name=None):
    return record(_unary_kernel, (a,), (("f", f), ("cdt", cdt), ("odt", odt or cdt)),
                  name=name or f.__name__)


# ---- argument checking ----------------------------------------------------------------------
def _arg_error(name, arg, pos, x, method=False):
    p = pos - 1 if method else pos
    return TypeError(f"{name}(): argument '{arg}' (position {p}) must be Tensor, not "
                     f"{type(x).__name__}")


def _operands(name, a, b, scalar_other=True, scalar_input=True):
    """Check the operand types of a binary op; numbers become Python scalars."""
    if not is_tensor(a):
        if not scalar_input and scalar_other and _is_number(a) and is_tensor(b):
            raise _invalid_combination(name, (_tname(a), _tname(b)), _TENSOR_OR_NUMBER_OTHER)
        if not (scalar_input and _is_number(a)) or not is_tensor(b):
            raise _arg_error(name, "input", 1, a)
        a = _scalar(a)
    if not is_tensor(b):
        if not (scalar_other and _is_number(b)):
            raise _arg_error(name, "other", 2, b)
        b = _scalar(b)
    return a, b


def _one_element(x):
    if not is_tensor(x):
        return True
    n = 1
    for d in x._nd.shape:
        n *= d
    return n == 1


def _dyn(x, dt):
    return _scalar_for(x, dt) if not is_tensor(x) else x


def _bool_sub_check(a, b):
    ka = a.dtype is bool_ if is_tensor(a) else isinstance(a, bool)
    kb = b.dtype is bool_ if is_tensor(b) else isinstance(b, bool)
    if ka and kb:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not "
                           "supported. Use the `^` or `logical_xor()` operator instead.")
    if ka or kb:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` "
                           "operator instead.")


def _check_alpha(dt, alpha):
    if isinstance(alpha, np.generic):
        alpha = _scalar(alpha)
    elif is_tensor(alpha) and alpha.dim() == 0:
        alpha = alpha.item()   # (a Number argument: PyTorch reads a 0-d tensor's value)
    if isinstance(alpha, bool):
        if dt is not bool_:
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif isinstance(alpha, float) and not dt.is_floating_point:
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating "
                           "point number.")
    elif not isinstance(alpha, (int, float)):
        raise TypeError(f"add(): argument 'alpha' must be Number, not {type(alpha).__name__}")
    else:  # alpha is converted (checked) to the result dtype
        alpha = _scalar(alpha)
        check_scalar_fits(alpha, dt, bfloat16_too=True)
        if type(alpha) is int and alpha >= 2 ** 63:
            alpha = float(alpha)
    return alpha


_ADD_SIG = "Tensor input, Tensor other, *, Number alpha = 1, Tensor out = None"
_MUL_SIG = "Tensor input, Tensor other, *, Tensor out = None"
_DIV_SIGS = ("Tensor input, Tensor other, *, Tensor out = None",
             "Tensor input, Tensor other, *, str rounding_mode, Tensor out = None",
             "Tensor input, Number other, *, str rounding_mode")


# ---- arithmetic -----------------------------------------------------------------------------
def _add_alpha_kernel(a, b, alpha, *, cdt, sign):
    m = _opmath(cdt)
    a = _cast(_cast(a, cdt), m)
    b = _cast(_cast(b, cdt), m)
    if cdt is bool_:
        return (a | (b & _cast(alpha, bool_))) if sign > 0 else a
    alpha = _cast(_cast(alpha, cdt), m)  # PyTorch rounds alpha to the tensor dtype first
    return (a + alpha * b if sign > 0 else a - alpha * b).astype(cdt.np)


def _add(a, b):
    return a + b


def _sub(a, b):
    return a - b


def _addsub(name, input, other, alpha, sign, gname=None):
    input, other = _operands(name, input, other)
    if sign < 0:
        _bool_sub_check(input, other)
    dt = result_type(input, other)
    input, other = _dyn(input, dt), _dyn(other, dt)
    if alpha is not None and not (type(alpha) is int and alpha == 1):
        alpha = _check_alpha(dt, alpha)
        return record(_add_alpha_kernel, (input, other, alpha), (("cdt", dt), ("sign", sign)),
                      check=_check_broadcast, name=name, gname=gname)
    return binary(_add if sign > 0 else _sub, input, other, dt, name=name, gname=gname)


_DEPRECATED_WARNED = []


def _deprecated_scalar_first(name, scalar, rest, kw, kwname, before, after):
    """The scalar of PyTorch's deprecated overloads that take it first -- `add(alpha, other)`,
    `addcmul(value, tensor1, tensor2)`, as older optimizers write `p.data.add_(-lr, grad)` --
    with PyTorch's one deprecation warning per process."""
    if kw is not _GIVEN_NONE:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        f"unrecognized keyword arguments: {kwname}")
    if len(rest) != 1 or is_tensor(scalar):
        n = 2 if name.startswith("addc") else 1   # (the method form's tensor arguments)
        raise TypeError(f"{name}() takes {n} positional argument{'s' * (n > 1)} but "
                        f"{n + len(rest)} were given")
    if not _DEPRECATED_WARNED:
        _DEPRECATED_WARNED.append(True)
        warnings.warn(f"This overload of {name} is deprecated:\n\t{name}({before})\nConsider "
                      f"using one of the following signatures instead:\n\t{name}({after})",
                      UserWarning, stacklevel=user_stacklevel())
    return scalar


_GIVEN_NONE = object()   # (a keyword not passed: the deprecated overloads take none)


def _alpha_args(name, other, deprecated, alpha):
    """(other, alpha) of add/sub, also from the deprecated `(alpha, other)` overload."""
    if deprecated:
        alpha = _deprecated_scalar_first(name, other, deprecated, alpha, "alpha",
                                         "Number alpha, Tensor other",
                                         "Tensor other, *, Number alpha = 1")
        other = deprecated[0]
    return other, 1 if alpha is _GIVEN_NONE else alpha


@op("add", inplace=True)
@parsed(_ADD_SIG, hidden=True, numbers=True)
def add(input, other, *deprecated, alpha=_GIVEN_NONE):
    """torch.add: input + alpha * other, with PyTorch's type promotion."""
    other, alpha = _alpha_args("add", other, deprecated, alpha)
    return _addsub("add", input, other, alpha, 1)


@op("sub", "subtract", inplace=True)
@parsed(_ADD_SIG, hidden=True, numbers=True)
def sub(input, other, *deprecated, alpha=_GIVEN_NONE):
    """torch.sub: input - alpha * other (bool operands raise, as in PyTorch)."""
    other, alpha = _alpha_args("sub", other, deprecated, alpha)
    return _addsub("sub", input, other, alpha, -1)


@op("rsub", method=False)
def rsub(input, other, *, alpha=1):
    """torch.rsub: other - alpha * input (grad_fn RsubBackward0, or RsubBackward1 when
    `other` is a number, as `1 - x` gives in PyTorch)."""
    if is_tensor(other):
        return _addsub("rsub", other, input, alpha, -1, gname="RsubBackward0")
    return _addsub("sub", other, input, alpha, -1, gname="RsubBackward1")


def _mul_kernel(a, b, *, cdt, b_opmath):
    if cdt is bool_:
        return _cast(a, cdt) & _cast(b, cdt)
    m = _opmath(cdt)
    ba = getattr(a, "dtype", None) == jnp.bool_
    bb = getattr(b, "dtype", None) == jnp.bool_
    a = _cast(_cast(a, cdt), m)
    b = _cast(b, m) if b_opmath else _cast(_cast(b, cdt), m)
    if cdt.is_floating_point and (ba or bb):
        # XLA turns convert(bool) * x into a select, losing -0.0 and NaN from x * 0
        x, flag = (b, a) if ba else (a, b)
        return jnp.where(flag != 0, x, x * jnp.zeros((), m.np)).astype(cdt.np)
    return (a * b).astype(cdt.np)


def _mul_op(input, other):
    input, other = _operands("mul", input, other)
    dt = result_type(input, other)
    fast = dt in (float16, bfloat16) and _one_element(other)
    return record(_mul_kernel, (_dyn(input, dt), _dyn(other, dt)),
                  (("cdt", dt), ("b_opmath", fast)), check=_check_broadcast, name="mul")


@op("mul", "multiply", method=False)
@parsed(_MUL_SIG, hidden=True, numbers=True, function=True)
def mul(input, other):
    """torch.mul. For float16/bfloat16 a one-element second operand is used in float32 from
    its own dtype (PyTorch's scalar fast path), so `h * 0.1` matches PyTorch bit for bit."""
    return _mul_op(input, other)


@op("mul", "multiply", inplace=True, function=False)
@parsed(_MUL_SIG, hidden=True, numbers=True, name="mul")
def mul_method(input, other):
    """Tensor.mul; a scalar first operand is the reflected `s * t`, which PyTorch computes as
    t * s."""
    if not is_tensor(input) and is_tensor(other):
        input, other = other, input
    return _mul_op(input, other)


def exact_div(a, b):
    """a / b, correctly rounded like PyTorch. XLA rewrites a division by a broadcast divisor
    into a multiplication by its reciprocal (1 ulp off); a wider division avoids that. It does
    the same for a constant divisor: pass one through `constant_divisor`."""
    shape = jnp.broadcast_shapes(jnp.shape(a), jnp.shape(b))
    if jnp.shape(b) == shape or not jnp.issubdtype(jnp.result_type(a, b), jnp.floating):
        if not isinstance(b, jax.core.Tracer) and jnp.issubdtype(jnp.result_type(a, b),
                                                                 jnp.floating):
            # a constant divisor (a mean's element count): XLA would fold it into a
            # multiplication by its reciprocal, so it is hidden from the simplifier
            b = jax.lax.optimization_barrier(jnp.asarray(b, jnp.result_type(a, b)))
        return a / b
    dt = jnp.result_type(a, b)
    if dt == jnp.float64:
        return a / jax.lax.optimization_barrier(jnp.broadcast_to(b, shape))
    return (jnp.asarray(a, jnp.float64) / jnp.asarray(b, jnp.float64)).astype(dt)


def constant_divisor(n, dtype):
    """`n` (a count known when tracing) as a divisor XLA cannot see is constant: it would
    otherwise multiply by its reciprocal, 1 ulp off PyTorch's division (a mean of 9 ones and a
    zero gave 0.90000004 instead of 0.9)."""
    return jax.lax.optimization_barrier(jnp.asarray(n, dtype))


def _true_divide(a, b):
    return exact_div(a, b)


def _trunc_divide(a, b):
    if jnp.issubdtype(a.dtype, jnp.integer):
        return jax.lax.div(a, jnp.where(b == 0, jnp.ones_like(b), b))
    return jnp.trunc(exact_div(a, b))


def _floor_divide(a, b):
    """PyTorch's div_floor: integer floor division, or its float algorithm built on fmod."""
    if jnp.issubdtype(a.dtype, jnp.integer):
        b1 = jnp.where(b == 0, jnp.ones_like(b), b)
        q = jax.lax.div(a, b1)
        r = jax.lax.rem(a, b1)
        return jnp.where((r != 0) & ((r < 0) != (b1 < 0)), q - 1, q)
    mod = jnp.fmod(a, b)
    div = exact_div(a - mod, b)
    div = jnp.where((mod != 0) & ((b < 0) != (mod < 0)), div - 1, div)
    fl = jnp.floor(div)
    fl = jnp.where(div - fl > 0.5, fl + 1, fl)
    q = exact_div(a, b)
    res = jnp.where(div != 0, fl, jnp.copysign(jnp.zeros_like(div), q))
    return jnp.where(b == 0, q, res)


def _nonzero_kernel(b):
    return jnp.all(b != 0), jnp.zeros((), jnp.int32)


def _zero_division_error(_):
    return RuntimeError, "ZeroDivisionError"


def _check_int_divisor(other, dt):
    """Integer division by zero: PyTorch's CPU kernels raise RuntimeError('ZeroDivisionError')."""
    if dt.is_floating_point:
        return
    if is_tensor(other):
        add_check(_nonzero_kernel, (other,), _zero_division_error)
    elif other == 0:
        raise RuntimeError("ZeroDivisionError")


def _int_division_kernel(a, b, _checked, *, f, cdt):
    a, b = jnp.broadcast_arrays(_cast(a, cdt), _cast(b, cdt))  # lax.div/rem need equal shapes
    return f(a, b)


def _int_division(f, input, other, dt, name):
    """Integer floor/trunc division and modulus, with the zero-divisor check. The node takes a
    third (unused) input so that operator memoisation, which skips an op's checks, never
    replays it without its check."""
    _check_int_divisor(other, dt)
    return record(_int_division_kernel, (_dyn(input, dt), _dyn(other, dt), 0),
                  (("f", f), ("cdt", dt)), check=_check_broadcast, name=name)


def _div(name, input, other, rounding_mode):
    input, other = _operands(name, input, other)
    dt = result_type(input, other)
    if rounding_mode is None:
        fdt = _float_of(dt)
        fast = fdt in (float16, bfloat16) and _one_element(other)
        return binary(_true_divide, _dyn(input, fdt), _dyn(other, fdt), fdt, name=name,
                      b_opmath=fast)
    if rounding_mode not in ("trunc", "floor"):
        raise RuntimeError(f"div expected rounding_mode to be one of None, 'trunc', or 'floor' "
                           f"but found '{rounding_mode}'")
    if dt is bool_:
        raise _not_implemented(f"div_{rounding_mode}_cpu", dt)
    f = _trunc_divide if rounding_mode == "trunc" else _floor_divide
    if not dt.is_floating_point:
        return _int_division(f, input, other, dt, name)
    fast = dt in (float16, bfloat16) and _one_element(other)
    return binary(f, _dyn(input, dt), _dyn(other, dt), dt, name=name, b_opmath=fast)


def _reciprocal_times(t, s):
    # `s / t` is t.__rtruediv__(s), which PyTorch computes as t.reciprocal() * s
    return mul(reciprocal(t), s)


@op("div", "divide", inplace=True, method=False)
@parsed(*_DIV_SIGS, numbers=True, function=True)
def div(input, other, *, rounding_mode=None):
    """torch.div: true division (ints give the default float dtype) or 'trunc'/'floor'."""
    return _div("div", input, other, rounding_mode)


@op("div", "divide", inplace=True, function=False)
@parsed(*_DIV_SIGS, numbers=True, name="div")
def div_method(input, other, *, rounding_mode=None):
    """Tensor.div; a scalar first operand is the reflected `s / t` (reciprocal(t) * s)."""
    if not is_tensor(input) and is_tensor(other) and rounding_mode is None and \
            _is_number(input):
        return _reciprocal_times(other, _scalar(input))
    return _div("div", input, other, rounding_mode)


@op("true_divide", inplace=True)
def true_divide(input, other):
    return _div("true_divide", input, other, None)


@op("floor_divide", inplace=True)
def floor_divide(input, other):
    """torch.floor_divide: rounds toward -inf (PyTorch's algorithm, incl. float edge cases)."""
    input, other = _operands("floor_divide", input, other)
    dt = result_type(input, other)
    if dt is bool_:
        raise _not_implemented("div_floor_cpu", dt)
    return _div("floor_divide", input, other, "floor")


def _remainder(a, b):
    """Python-style modulus: the sign of the divisor (PyTorch's algorithm)."""
    if jnp.issubdtype(a.dtype, jnp.integer):
        b1 = jnp.where(b == 0, jnp.ones_like(b), b)
        r = jax.lax.rem(a, b1)
        return jnp.where((r != 0) & ((r < 0) != (b1 < 0)), r + b1, r)
    mod = jnp.fmod(a, b)
    return jnp.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod)


def _fmod(a, b):
    if jnp.issubdtype(a.dtype, jnp.integer):
        return jax.lax.rem(a, jnp.where(b == 0, jnp.ones_like(b), b))
    return jnp.fmod(a, b)


def _modulus(name, kname, f, input, other, scalar_input):
    input, other = _operands(name, input, other, scalar_input=scalar_input)
    dt = result_type(input, other)
    if dt is bool_:
        raise _not_implemented(kname, dt)
    if not dt.is_floating_point:
        return _int_division(f, input, other, dt, name)
    return binary(f, _dyn(input, dt), _dyn(other, dt), dt, name=name)


@op("remainder", inplace=True)
def remainder(input, other):
    """Python-style modulus: the result has the sign of the divisor."""
    return _modulus("remainder", "remainder_cpu", _remainder, input, other, True)


@op("fmod", inplace=True)
def fmod(input, other):
    """C-style modulus: the result has the sign of the dividend."""
    return _modulus("fmod", "fmod_cpu", _fmod, input, other, False)



def _ipow(a, b):
    """Exact integer power by squaring, wrapping on overflow; negative exponents give 0 except
    for bases 1 and -1, as in PyTorch."""
    shape = jnp.broadcast_shapes(jnp.shape(a), jnp.shape(b))
    a = jnp.broadcast_to(a, shape)
    b = jnp.broadcast_to(b, shape).astype(a.dtype)

    def body(_, carry):
        result, base, e = carry
        result = jnp.where((e & 1) == 1, result * base, result)
        return result, base * base, e >> 1

    bits = a.dtype.itemsize * 8
    r, _, _ = jax.lax.fori_loop(0, bits, body, (jnp.ones_like(a), a, jnp.maximum(b, 0)))
    if jnp.issubdtype(a.dtype, jnp.signedinteger):
        neg = jnp.where(a == 1, 1, jnp.where(a == -1, jnp.where(b % 2 == 0, 1, -1), 0))
        r = jnp.where(b < 0, neg.astype(a.dtype), r)
    return r


def _fpow(a, b):
    return jnp.power(a, b)


def _pow_special(a, *, k, cdt):
    """pow(x, k) for the exponents PyTorch computes without std::pow (half types round each
    step, as PyTorch's reduced-precision arithmetic does)."""
    if k == 2:
        return a * a
    if k == 3:
        return _round_to(a * a, cdt) * a
    if k == 0.5:
        return jnp.sqrt(a)
    if k == -0.5:
        return 1 / _round_to(jnp.sqrt(a), cdt)
    if k == -1:
        return 1 / a
    return 1 / _round_to(a * a, cdt)  # k == -2


def _pow_special_kernel(a, *, k, cdt):
    m = _opmath(cdt)
    return _pow_special(_cast(_cast(a, cdt), m), k=k, cdt=cdt).astype(cdt.np)


def _fill_kernel(a, v, *, dt):
    return jnp.broadcast_to(_cast(v, dt), jnp.shape(a))


def _copy_cast_kernel(a, *, dt):
    return _cast(a, dt)


@op("pow", inplace=True)
@parsed("Tensor input, Tensor exponent, *, Tensor out = None",
        "Number self, Tensor exponent, *, Tensor out = None",
        "Tensor input, Number exponent, *, Tensor out = None")
def pow(input, exponent):
    """torch.pow: tensor ** tensor, tensor ** scalar, or scalar ** tensor."""
    if (not is_tensor(input) and not is_tensor(exponent)) or \
            any(not (is_tensor(x) or _is_number(x)) for x in (input, exponent)):
        raise _invalid_combination("pow", (_tname(input), _tname(exponent)))
    input = input if is_tensor(input) else _scalar(input)
    exponent = exponent if is_tensor(exponent) else _scalar(exponent)
    dt = result_type(input, exponent)
    if is_tensor(input) and not is_tensor(exponent):
        e = exponent
        if e == 0:
            return record(_fill_kernel, (input, 1), (("dt", dt),), name="pow")
        if e == 1:
            return record(_copy_cast_kernel, (input,), (("dt", dt),), name="pow")
        if not dt.is_floating_point and not isinstance(e, float) and e < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if dt.is_floating_point and e in (2, 3, -1, -2) or \
                (dt.is_floating_point and dt is not float16 and e in (0.5, -0.5)):
            return record(_pow_special_kernel, (input,), (("k", float(e)), ("cdt", dt)),
                          name="pow")
    if dt is bool_:
        raise _not_implemented("pow", dt)
    # PyTorch's overloads: tensor ** scalar is PowBackward0, tensor ** tensor PowBackward1,
    # scalar ** tensor PowBackward2
    gname = "PowBackward1" if is_tensor(input) and is_tensor(exponent) else \
        "PowBackward2" if is_tensor(exponent) else None
    if dt.is_floating_point:
        return binary(_fpow, _dyn(input, dt), _dyn(exponent, dt), dt, name="pow", gname=gname)
    return binary(_ipow, _dyn(input, dt), _dyn(exponent, dt), dt, name="pow", gname=gname)


@op("float_power", method=False)
def float_power(input, exponent):
    """torch.float_power: pow computed and returned in float64."""
    if not is_tensor(input) and not is_tensor(exponent):
        raise TypeError(f"float_power() received an invalid combination of arguments - got "
                        f"({_tname(input)}, {_tname(exponent)})")
    a = input if is_tensor(input) else _scalar(input)
    b = exponent if is_tensor(exponent) else _scalar(exponent)
    return binary(_fpow, a, b, float64, name="float_power")


@op("float_power", function=False)
def float_power_method(input, exponent):
    return float_power(input, exponent)


@op("float_power_", function=False)
def float_power_(input, exponent):
    """In-place float_power: only a float64 tensor can hold the result."""
    if input.dtype is not float64:
        raise RuntimeError(f"the base given to float_power_ has dtype {_c10(input.dtype)} but "
                           "the operation's result requires dtype Double")
    return input._assign(float_power(input, exponent), "float_power_")


def _float_binary(name, f, reject_int=None, scalar_other=False):
    """A binary op whose integer inputs give the default float dtype (atan2, copysign...)."""
    def fn(input, other):
        input, other = _operands(name, input, other, scalar_other=scalar_other,
                                 scalar_input=False)
        dt = result_type(input, other)
        if reject_int and not dt.is_floating_point:
            raise _not_implemented(reject_int, dt)
        fdt = _float_of(dt)
        return binary(f, _dyn(input, fdt), _dyn(other, fdt), fdt, name=name)
    fn.__name__ = name
    fn.__doc__ = f"torch.{name}: integer inputs give the default float dtype, as in PyTorch."
    return fn


def _xlogy_kernel(a, b, *, cdt):
    # PyTorch rounds log(y) to the tensor dtype before multiplying (no float32 opmath)
    m = _opmath(cdt)
    a, b = _cast(_cast(a, cdt), m), _cast(_cast(b, cdt), m)
    lg = _round_to(jnp.log(b), cdt)
    r = jnp.where(a == 0, jnp.zeros((), m.np), a * lg)
    return jnp.where(jnp.isnan(b), jnp.asarray(jnp.nan, m.np), r).astype(cdt.np)


def _hypot(a, b):
    if a.dtype == jnp.float32:  # float64 then rounded: the correctly rounded float32 result
        return jnp.hypot(a.astype(jnp.float64), b.astype(jnp.float64)).astype(jnp.float32)
    return jnp.hypot(a, b)


def _copysign(a, b):
    return jnp.copysign(a, b)


def _atan2(a, b):
    return jnp.arctan2(a, b)


def _logaddexp(a, b):
    m = _maximum(a, b)
    return jnp.where(jnp.isinf(a) & (a == b), a, m + jnp.log1p(jnp.exp(-jnp.abs(a - b))))


def _logaddexp2(a, b):
    m = _maximum(a, b)
    return jnp.where(jnp.isinf(a) & (a == b), a,
                     m + jnp.log1p(jnp.exp2(-jnp.abs(a - b))) / np.log(2.0).astype(a.dtype))


atan2 = op("atan2", "arctan2", inplace=True)(_float_binary("atan2", _atan2))
copysign = op("copysign", inplace=True)(_float_binary("copysign", _copysign,
                                                      scalar_other=True))


@op("xlogy", inplace=True)
def xlogy(input, other):
    """torch.xlogy: x * log(y), 0 where x == 0, NaN where y is NaN (grad_fn XlogyBackward1/2
    for PyTorch's overloads with a scalar first/second operand)."""
    gname = "XlogyBackward2" if not is_tensor(other) else \
        "XlogyBackward1" if not is_tensor(input) else None
    input, other = _operands("xlogy", input, other)
    fdt = _float_of(result_type(input, other))
    return record(_xlogy_kernel, (_dyn(input, fdt), _dyn(other, fdt)), (("cdt", fdt),),
                  check=_check_broadcast, name="xlogy", gname=gname)


hypot = op("hypot", inplace=True)(_float_binary("hypot", _hypot, "hypot_cpu"))
logaddexp = op("logaddexp")(_float_binary("logaddexp", _logaddexp, "logaddexp_cpu"))
logaddexp2 = op("logaddexp2")(_float_binary("logaddexp2", _logaddexp2, "logaddexp2_cpu"))


def _maximum(a, b):
    # NaN propagates; equal values (incl. -0.0 vs 0.0) give the first operand, as PyTorch
    return jnp.where(jnp.isnan(a) | (a >= b), a, b) if jnp.issubdtype(a.dtype, jnp.floating) \
        else jnp.maximum(a, b)


def _minimum(a, b):
    return jnp.where(jnp.isnan(a) | (a <= b), a, b) if jnp.issubdtype(a.dtype, jnp.floating) \
        else jnp.minimum(a, b)


def _fmax(a, b):
    return jnp.fmax(a, b)


def _fmin(a, b):
    return jnp.fmin(a, b)


def _tensor_binary(name, f):
    def fn(input, other):
        input, other = _operands(name, input, other, scalar_other=False, scalar_input=False)
        return binary(f, input, other, result_type(input, other), name=name)
    fn.__name__ = name
    fn.__doc__ = f"torch.{name}: elementwise over two tensors (NaN rules as PyTorch)."
    return fn


maximum = op("maximum")(_tensor_binary("maximum", _maximum))
minimum = op("minimum")(_tensor_binary("minimum", _minimum))
fmax = op("fmax")(_tensor_binary("fmax", _fmax))
fmin = op("fmin")(_tensor_binary("fmin", _fmin))


# ---- comparisons ----------------------------------------------------------------------------
def _compare(name, f, a, b):
    a, b = _operands(name, a, b, scalar_input=False)
    dt = result_type(a, b)
    return binary(f, _dyn(a, dt), _dyn(b, dt), dt, bool_, name=name)


def _eq(a, b):
    return a == b


def _ne(a, b):
    return a != b


def _lt(a, b):
    return a < b


def _le(a, b):
    return a <= b


def _gt(a, b):
    return a > b


def _ge(a, b):
    return a >= b


for _name, _f, _aliases in [("eq", _eq, ()), ("ne", _ne, ("not_equal",)),
                            ("lt", _lt, ("less",)), ("le", _le, ("less_equal",)),
                            ("gt", _gt, ("greater",)), ("ge", _ge, ("greater_equal",))]:
    def _cmp(input, other, _n=_name, _f=_f):
        return _compare(_n, _f, input, other)
    _cmp.__name__ = _name
    _cmp.__doc__ = f"torch.{_name}: elementwise comparison in the promoted dtype; a bool tensor."
    op(_name, *_aliases, inplace=True)(_cmp)


# ---- logical and bitwise --------------------------------------------------------------------
def _land(a, b):
    return (a != 0) & (b != 0)


def _lor(a, b):
    return (a != 0) | (b != 0)


def _lxor(a, b):
    return (a != 0) ^ (b != 0)


def _logical_kernel(a, b, *, f):
    return f(a, b)


def _logical(name, f, method=False):
    def fn(input, other):
        if not is_tensor(input):
            raise _arg_error(name, "input", 1, input)
        if not is_tensor(other):
            raise _arg_error(name, "other", 2, other, method)
        return record(_logical_kernel, (input, other), (("f", f),), check=_check_broadcast,
                      name=name)
    fn.__name__ = name
    fn.__doc__ = f"torch.{name}: nonzero elements are True; any dtypes; a bool tensor."
    return fn


for _name, _f in [("logical_and", _land), ("logical_or", _lor), ("logical_xor", _lxor)]:
    op(_name, method=False)(_logical(_name, _f))
    op(_name, inplace=True, function=False)(_logical(_name, _f, method=True))


@op("logical_not", inplace=True)
def logical_not(input):
    return record(_lnot_kernel, (input,), name="logical_not")


def _lnot_kernel(a):
    return a == 0


def _band(a, b):
    return a & b


def _bor(a, b):
    return a | b


def _bxor(a, b):
    return a ^ b


def _lshift(a, b):
    """a << b; shifts that are negative or >= the bit width give 0, as in PyTorch."""
    bits = a.dtype.itemsize * 8
    ok = (b >= 0) & (b < bits)
    return jnp.where(ok, jnp.left_shift(a, jnp.where(ok, b, 0)), jnp.zeros_like(a))


def _rshift(a, b):
    """a >> b; out-of-range shifts fill with the sign bit, as in PyTorch."""
    bits = a.dtype.itemsize * 8
    ok = (b >= 0) & (b < bits)
    if jnp.issubdtype(a.dtype, jnp.signedinteger):
        return jnp.right_shift(a, jnp.where(ok, b, bits - 1))
    return jnp.where(ok, jnp.right_shift(a, jnp.where(ok, b, 0)), jnp.zeros_like(a))


def _bitwise(name, kname, f, a, b, allow_bool=True):
    a, b = _operands(name, a, b)
    dt = result_type(a, b)
    if dt.is_floating_point or (dt is bool_ and not allow_bool):
        raise _not_implemented(kname, dt)
    return binary(f, _dyn(a, dt), _dyn(b, dt), dt, name=name)


def _bitwise_inplace(name, f):
    """x.bitwise_or_(y) (and x |= y): the result dtype is checked against x's before the
    kernel's dtype check, so a float operand gives PyTorch's cast error."""
    def inplace(self, other):
        a, b = _operands(name, self, other)
        dt = result_type(a, b)
        if dt is not self.dtype and not _dtype.can_cast(dt, self.dtype):
            raise RuntimeError(f"result type {_c10(dt)} can't be cast to the desired output "
                               f"type {_c10(self.dtype)}")
        return self._assign(f(self, other), name + "_")
    inplace.__name__ = name + "_"
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name}`."
    return inplace


for _name, _k, _f, _ab in [("bitwise_and", "bitwise_and_cpu", _band, True),
                           ("bitwise_or", "bitwise_or_cpu", _bor, True),
                           ("bitwise_xor", "bitwise_xor_cpu", _bxor, True),
                           ("bitwise_left_shift", "lshift_cpu", _lshift, False),
                           ("bitwise_right_shift", "rshift_cpu", _rshift, False)]:
    def _bw(input, other, _n=_name, _k=_k, _f=_f, _ab=_ab):
        return _bitwise(_n, _k, _f, input, other, _ab)
    _bw.__name__ = _name
    _bw.__doc__ = f"torch.{_name}: integer and bool tensors only (floats raise, as PyTorch)."
    op(_name, inplace=True)(_bw)
    METHODS[_name + "_"] = _bitwise_inplace(_name, _bw)


def _bnot(a):
    return jnp.logical_not(a) if a.dtype == jnp.bool_ else jnp.invert(a)


@op("bitwise_not", inplace=True)
def bitwise_not(input):
    if input.dtype.is_floating_point:
        raise _not_implemented("bitwise_not_cpu", input.dtype)
    return unary(_bnot, input, input.dtype, name="bitwise_not")


# ---- unary ----------------------------------------------------------------------------------
def _float_unary(name, f, aliases=()):
    def fn(input):
        _unary_arg(name, input)
        dt = input._nd.dtype
        return unary(f, input, _float_of(dt), name=name)
    fn.__name__ = name
    fn.__doc__ = (f"torch.{name}: elementwise; integer and bool inputs give the default float "
                  "dtype; float16/bfloat16 are computed in float32, as in PyTorch.")
    op(name, *aliases, inplace=True)(fn)
    return fn


def _unary_arg(name, x):
    if not is_tensor(x):
        raise TypeError(f"{name}(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(x).__name__}")


def _rsqrt(a):
    return jax.lax.rsqrt(a)


def _sigmoid(a):
    return 1 / (1 + jnp.exp(-a))


def _erf(a):
    return jax.scipy.special.erf(a)


def _erfc(a):
    return jax.scipy.special.erfc(a)


def _erfinv(a):
    return jax.scipy.special.erfinv(a)


def _reciprocal(a):
    return 1 / a


def _lgamma(a):
    # XLA's float32 lgamma is off by several ulps; float64 rounded matches PyTorch's lgammaf
    x = a.astype(jnp.float64)
    return jnp.where(jnp.isneginf(x), jnp.inf, jax.lax.lgamma(x)).astype(a.dtype)


def _digamma(a):
    # PyTorch: digamma(+-0) = -+inf (sign from the zero); negative integers give nan
    x = a.astype(jnp.float64)
    return jnp.where(x == 0, jnp.copysign(jnp.inf, -x), jax.lax.digamma(x)).astype(a.dtype)


def _sinc(a):
    """sin(pi x) / (pi x), 1 at 0, as PyTorch: so nan at +-inf (jnp.sinc gives the limit 0
    there from jax 0.11 on). The gradient at 0 is 0, as PyTorch's masked backward formula."""
    nonzero = a != 0
    pix = jnp.pi * jnp.where(nonzero, a, 1)
    return jnp.where(nonzero, jnp.sin(pix) / pix, 1)


for _name, _f, _aliases in [
        ("sqrt", jnp.sqrt, ()), ("rsqrt", _rsqrt, ()), ("exp", jnp.exp, ()),
        ("exp2", jnp.exp2, ()), ("expm1", jnp.expm1, ()), ("log", jnp.log, ()),
        ("log1p", jnp.log1p, ()), ("log2", jnp.log2, ()), ("log10", jnp.log10, ()),
        ("sin", jnp.sin, ()), ("cos", jnp.cos, ()), ("tan", jnp.tan, ()),
        ("asin", jnp.arcsin, ("arcsin",)), ("acos", jnp.arccos, ("arccos",)),
        ("atan", jnp.arctan, ("arctan",)), ("sinh", jnp.sinh, ()), ("cosh", jnp.cosh, ()),
        ("tanh", jnp.tanh, ()), ("asinh", jnp.arcsinh, ("arcsinh",)),
        ("acosh", jnp.arccosh, ("arccosh",)), ("atanh", jnp.arctanh, ("arctanh",)),
        ("sigmoid", _sigmoid, ()), ("erf", _erf, ()), ("erfc", _erfc, ()),
        ("erfinv", _erfinv, ()), ("reciprocal", _reciprocal, ()),
        ("sinc", _sinc, ()), ("deg2rad", jnp.deg2rad, ()), ("rad2deg", jnp.rad2deg, ()),
        ("lgamma", _lgamma, ()), ("digamma", _digamma, ())]:
    globals()[_name] = _float_unary(_name, _f, _aliases)


def _logit_kernel(a, eps, *, cdt, has_eps):
    # PyTorch forms x / (1 - x) in the tensor dtype and takes the log in float32 opmath
    m = _opmath(cdt)
    a = _cast(_cast(a, cdt), m)
    if has_eps:
        e = _round_to(_cast(eps, m), cdt)
        hi = _round_to(1 - e, cdt)
        a = jnp.where(a < e, e, jnp.where(a > hi, hi, a))
    q = _round_to(a / _round_to(1 - a, cdt), cdt)
    return jnp.log(q).astype(cdt.np)


@op("logit", inplace=True)
def logit(input, eps=None):
    """torch.logit: log(p / (1 - p)), input clamped to [eps, 1 - eps] when eps is given."""
    _unary_arg("logit", input)
    dt = _float_of(input.dtype)
    return record(_logit_kernel, (input, 0.0 if eps is None else float(eps)),
                  (("cdt", dt), ("has_eps", eps is not None)), name="logit")


def _same_dtype_unary(name, f, bool_error=None, aliases=(), int_identity=False):
    def fn(input):
        _unary_arg(name, input)
        dt = input._nd.dtype
        if bool_error is not None and dt is bool_:
            raise bool_error() if callable(bool_error) else RuntimeError(bool_error)
        if int_identity and not dt.is_floating_point:
            return record(_copy_cast_kernel, (input,), (("dt", dt),), name=name)
        return unary(f, input, dt, name=name)
    fn.__name__ = name
    fn.__doc__ = f"torch.{name}: elementwise, the input's dtype."
    op(name, *aliases, inplace=True)(fn)
    return fn


@jax.custom_jvp
def _relu(a):
    return jnp.where(a < 0, jnp.zeros((), a.dtype), a)  # keeps -0.0 and nan, as PyTorch


@_relu.defjvp
def _relu_jvp(primals, tangents):
    """The gradient is 0 at 0, as PyTorch's ReluBackward."""
    (a,), (t,) = primals, tangents
    if not jnp.issubdtype(a.dtype, jnp.inexact):
        return _relu(a), t
    return _relu(a), jnp.where(a > 0, t, jnp.zeros((), t.dtype))


def _sign(a):
    if a.dtype == jnp.bool_:
        return a
    return ((a > 0).astype(a.dtype) - (a < 0).astype(a.dtype)).astype(a.dtype)


def _frac(a):
    return a - jnp.trunc(a)


def _neg(a):
    return -a


def _positive(a):
    return a


@jax.custom_jvp
def _abs(a):
    return jnp.abs(a)


@_abs.defjvp
def _abs_jvp(primals, tangents):
    """d|x| = sign(x) dx, so the gradient at 0 is 0 (PyTorch), not JAX's 1."""
    (a,), (t,) = primals, tangents
    if not jnp.issubdtype(a.dtype, jnp.inexact):
        return jnp.abs(a), t
    return jnp.abs(a), t * _sign(a)


def _ni(kname):
    return lambda: _not_implemented(kname, bool_)


neg = _same_dtype_unary(
    "neg", _neg, "Negation, the `-` operator, on a bool tensor is not supported. If you are "
    "trying to invert a mask, use the `~` or `logical_not()` operator instead.",
    aliases=("negative",))
positive = _same_dtype_unary("positive", _positive,
                             "The `+` operator, on a bool tensor is not supported.")
abs = _same_dtype_unary("abs", _abs, _ni("abs_cpu"), aliases=("absolute",))
sign = _same_dtype_unary("sign", _sign)
sgn = _same_dtype_unary("sgn", _sign)
relu = _same_dtype_unary("relu", _relu, "Boolean inputs not supported for relu")
floor = _same_dtype_unary("floor", jnp.floor, _ni("floor_vml_cpu"), int_identity=True)
ceil = _same_dtype_unary("ceil", jnp.ceil, _ni("ceil_vml_cpu"), int_identity=True)
trunc = _same_dtype_unary("trunc", jnp.trunc, _ni("trunc_vml_cpu"), aliases=("fix",),
                          int_identity=True)


@op("frac", inplace=True)
def frac(input):
    _unary_arg("frac", input)
    if not input.dtype.is_floating_point:
        raise _not_implemented("frac_cpu", input.dtype)
    return unary(_frac, input, input.dtype, name="frac")


def _square(a):
    return a * a


@op("square", inplace=True)
def square(input):
    """torch.square: pow(input, 2) (bool gives int64, as in PyTorch)."""
    _unary_arg("square", input)
    dt = int64 if input.dtype is bool_ else input.dtype
    return record(_unary_kernel, (input,), (("f", _square), ("cdt", dt), ("odt", dt)),
                  name="square", gname="PowBackward0")  # PyTorch's square is pow(x, 2)


def _round_kernel(a, *, decimals, dt):
    m = _opmath(dt)
    x = _cast(a, m)
    if decimals == 0:
        return jnp.round(x).astype(dt.np)
    # the constant goes through a barrier: XLA would turn x / p into x * (1 / p)
    p = jax.lax.optimization_barrier(jnp.asarray(10.0 ** builtins.abs(decimals), m.np))
    if decimals < 0:
        return (jnp.round(x / p) * p).astype(dt.np)
    return (jnp.round(x * p) / p).astype(dt.np)


@op("round", inplace=True)
def round(input, *, decimals=None):
    """Round half to even, as PyTorch; `decimals` scales by 10**decimals first (float only;
    given at all, it is PyTorch's second overload: grad_fn RoundBackward1)."""
    gname = None if decimals is None else "RoundBackward1"
    decimals = 0 if decimals is None else decimals
    _unary_arg("round", input)
    dt = input.dtype
    if dt is bool_:
        raise _not_implemented("round_vml_cpu" if decimals == 0 else "round_cpu", dt)
    if not dt.is_floating_point:
        if decimals != 0:
            raise _not_implemented("round_cpu", dt)
        return record(_copy_cast_kernel, (input,), (("dt", dt),), name="round")
    return record(_round_kernel, (input,), (("decimals", int(decimals)), ("dt", dt)),
                  name="round", gname=gname)


def _signbit(a):
    if jnp.issubdtype(a.dtype, jnp.floating):
        return jnp.signbit(a)
    return a < 0


@op("signbit")
def signbit(input):
    _unary_arg("signbit", input)
    return record(_signbit, (input,), name="signbit")


def _isnan(a):
    return jnp.isnan(a) if jnp.issubdtype(a.dtype, jnp.floating) else jnp.zeros(a.shape, bool)


def _isinf(a):
    return jnp.isinf(a) if jnp.issubdtype(a.dtype, jnp.floating) else jnp.zeros(a.shape, bool)


def _isfinite(a):
    return jnp.isfinite(a) if jnp.issubdtype(a.dtype, jnp.floating) else jnp.ones(a.shape, bool)


def _isposinf(a):
    return jnp.isposinf(a) if jnp.issubdtype(a.dtype, jnp.floating) else jnp.zeros(a.shape, bool)


def _isneginf(a):
    return jnp.isneginf(a) if jnp.issubdtype(a.dtype, jnp.floating) else jnp.zeros(a.shape, bool)


def _isreal(a):
    return jnp.ones(a.shape, bool)


for _name, _f in [("isnan", _isnan), ("isinf", _isinf), ("isfinite", _isfinite),
                  ("isposinf", _isposinf), ("isneginf", _isneginf), ("isreal", _isreal)]:
    def _pred(input, _n=_name, _f=_f):
        _unary_arg(_n, input)
        return record(_f, (input,), name=_n)
    _pred.__name__ = _name
    _pred.__doc__ = f"torch.{_name}: a bool tensor."
    op(_name)(_pred)


def _nan_to_num_kernel(a, nan, posinf, neginf, *, dt, has_pos, has_neg):
    if not jnp.issubdtype(a.dtype, jnp.floating):
        return a
    info = jnp.finfo(a.dtype)
    p = _cast(posinf, dt) if has_pos else jnp.asarray(info.max, a.dtype)
    n = _cast(neginf, dt) if has_neg else jnp.asarray(info.min, a.dtype)
    return jnp.where(jnp.isnan(a), _cast(nan, dt),
                     jnp.where(jnp.isposinf(a), p, jnp.where(jnp.isneginf(a), n, a)))


@op("nan_to_num", inplace=True)
def nan_to_num(input, nan=0.0, posinf=None, neginf=None):
    """torch.nan_to_num: infinities default to the dtype's largest/lowest finite values."""
    _unary_arg("nan_to_num", input)
    vals = tuple(0.0 if v is None else float(v) for v in (nan, posinf, neginf))
    return record(_nan_to_num_kernel, (input,) + vals,
                  (("dt", input.dtype), ("has_pos", posinf is not None),
                   ("has_neg", neginf is not None)), name="nan_to_num")


# ---- ternary --------------------------------------------------------------------------------
_ZERO_OF = (False, 0, 0.0)


def _clamp_kernel(a, lo, hi, *, dt, has_lo, has_hi):
    a = _cast(a, dt)
    if has_lo:
        lo = _cast(lo, dt)
        a = _maximum(a, lo) if dt.is_floating_point else jnp.maximum(a, lo)
        if dt.is_floating_point:
            a = jnp.where(jnp.isnan(lo), lo, a)
    if has_hi:
        hi = _cast(hi, dt)
        a = _minimum(a, hi) if dt.is_floating_point else jnp.minimum(a, hi)
        if dt.is_floating_point:
            a = jnp.where(jnp.isnan(hi), hi, a)
    return a


@op("clamp", "clip", inplace=True)
@parsed("Tensor input, Tensor min = None, Tensor max = None, *, Tensor out = None",
        "Tensor input, Number min = None, Number max = None, *, Tensor out = None")
def clamp(input, min=None, max=None):
    """torch.clamp with scalar or tensor bounds; min > max gives max; NaN propagates."""
    return _clamp(input, min, max, None)


def _clamp(input, min, max, _gname):
    _unary_arg("clamp", input)
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    if any(not is_tensor(b) and not _is_number(b) for b in bounds) or (
            len({is_tensor(b) for b in bounds}) > 1 and
            any(is_tensor(b) and b.dim() != 0 for b in bounds)):
        got = [_tname(input)] + [f"{n}={_tname(b)}" for n, b in (("max", max), ("min", min))
                                 if b is not None]
        if (min is None) == (max is None):
            got = [_tname(input), _tname(min), _tname(max)]
        raise _invalid_combination("clamp", got)
    mixed = len({is_tensor(b) for b in bounds}) > 1
    # a 0-dim tensor next to a number is read as a number (PyTorch's Scalar overload)
    proxies = [(_ZERO_OF[_dtype.category(b.dtype)] if mixed else b) if is_tensor(b)
               else _scalar(b) for b in bounds]
    dt = result_type(input, *proxies)
    if dt is bool_ and len(bounds) == 2:
        raise _not_implemented("clamp_cpu" if is_tensor(proxies[0]) else "clamp_scalar_cpu", dt)
    for b in proxies:
        if not is_tensor(b) and not mixed:
            check_scalar_fits(b, dt, bfloat16_too=True)
    lo = 0 if min is None else (min if is_tensor(min) else _scalar_for(_scalar(min), dt))
    hi = 0 if max is None else (max if is_tensor(max) else _scalar_for(_scalar(max), dt))
    if _gname is None:  # PyTorch's overloads: Scalar bounds -> ClampBackward1
        _gname = "ClampBackward0" if any(is_tensor(b) for b in bounds) else "ClampBackward1"
    return record(_clamp_kernel, (input, lo, hi),
                  (("dt", dt), ("has_lo", min is not None), ("has_hi", max is not None)),
                  check=_check_broadcast, name="clamp", gname=_gname)


@op("clamp_min", inplace=True)
def clamp_min(input, min):
    return _clamp(input, min, None,
                  "ClampMinBackward1" if is_tensor(min) else "ClampMinBackward0")


@op("clamp_max", inplace=True)
def clamp_max(input, max):
    return _clamp(input, None, max,
                  "ClampMaxBackward1" if is_tensor(max) else "ClampMaxBackward0")


# PyTorch's clamp with Number bounds names the tensor's C++ type when the result can't be written
# back in place ("... desired output type int"), unlike every other op ("... type Int")
_CXX_NAME = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
             "uint8": "unsigned char", "bool": "bool"}


def _scalar_clamp_inplace(name, f):
    def inplace(self, *args, **kwargs):
        r = f(self, *args, **kwargs)
        if (r.dtype is not self.dtype and not _dtype.can_cast(r.dtype, self.dtype)
                and not any(is_tensor(b) for b in args + tuple(kwargs.values()))
                and self.dtype.name in _CXX_NAME):
            raise RuntimeError(f"result type {_c10(r.dtype)} can't be cast to the desired output "
                               f"type {_CXX_NAME[self.dtype.name]}")
        return self._assign(r, name)

    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name[:-1]}`."
    return inplace


for _n, _f in (("clamp", clamp), ("clip", clamp), ("clamp_min", clamp_min),
               ("clamp_max", clamp_max)):
    METHODS[_n + "_"] = _scalar_clamp_inplace(_n + "_", _f)


def _where_kernel(c, a, b, *, dt):
    return jnp.where(c != 0, _cast(a, dt), _cast(b, dt))


def _where(condition, input, other):
    if not is_tensor(condition) or any(not (is_tensor(x) or _is_number(x))
                                       for x in (input, other)):
        raise TypeError(f"where() received an invalid combination of arguments - got "
                        f"({_tname(condition)}, {_tname(input)}, {_tname(other)}), but expected "
                        "one of:")
    if condition.dtype is not bool_:
        if condition.dtype is not _dtype.uint8:
            raise RuntimeError(f"where expected condition to be a boolean tensor, but got a "
                               f"tensor with dtype {_c10(condition.dtype)}")
        warnings.warn("where received a uint8 condition tensor. This behavior is deprecated and "
                      "will be removed in a future version of PyTorch. Use a boolean condition "
                      "instead.", UserWarning, stacklevel=user_stacklevel())
    input = input if is_tensor(input) else _scalar(input)
    other = other if is_tensor(other) else _scalar(other)
    dt = result_type(input, other)
    for x in (input, other):
        if not is_tensor(x) and dt is not float16:  # (PyTorch checks neither half type)
            check_scalar_fits(x, dt)
    return record(_where_kernel, (condition, _dyn(input, dt), _dyn(other, dt)), (("dt", dt),),
                  check=_check_broadcast, name="where")


@op("where", method=False)
@parsed("Tensor condition", "Tensor condition, Tensor input, Tensor other, *, Tensor out = None",
        "Tensor condition, Number self, Tensor other",
        "Tensor condition, Tensor input, Number other",
        "Tensor condition, Number self, Number other", function=True)
def where(condition, input=None, other=None):
    """torch.where(cond, x, y); torch.where(cond) is nonzero(cond, as_tuple=True)."""
    if input is None and other is None:
        return condition.nonzero(as_tuple=True)
    if input is None or other is None:
        raise _invalid_combination("where", [_tname(x) for x in (condition, input, other)
                                             if x is not None])
    return _where(condition, input, other)


@op("where", function=False)
@parsed(method_sigs=("Tensor condition, Tensor other", "Tensor condition, Number other"),
        function=False, name="where")
def where_method(self, condition, other):
    """Tensor.where(condition, y) is torch.where(condition, self, y)."""
    return _where(condition, self, other)


def _two_prod(a, b):
    """a * b = p + e exactly (float64, Veltkamp/Dekker splitting; no FMA instruction needed)."""
    p = a * b
    c = 134217729.0
    ca, cb = c * a, c * b
    ah = ca - (ca - a)
    al = a - ah
    bh = cb - (cb - b)
    bl = b - bh
    e = ((ah * bh - p) + ah * bl + al * bh) + al * bl
    return p, e


def fma(a, b, c):
    """a * b + c rounded once, as the fused multiply-adds of PyTorch's CPU kernels: float32 and
    narrower operands are exact in float64; float64 uses error-free transforms."""
    if a.dtype != jnp.float64:
        dt = a.dtype
        f = jnp.float64
        return (a.astype(f) * b.astype(f) + c.astype(f)).astype(dt)
    p, e = _two_prod(a, b)
    s = p + c
    bb = s - p
    t = (p - (s - bb)) + (c - bb)
    return s + (t + e)


def _lerp_kernel(a, b, w, *, dt, w_scalar):
    # PyTorch: fma(w < 0.5 ? w : w - 1, end - start, w < 0.5 ? start : end)
    m = _opmath(dt)
    a, b = _cast(_cast(a, dt), m), _cast(_cast(b, dt), m)
    w = _cast(w, m) if w_scalar else _cast(_cast(w, dt), m)
    small = jnp.abs(w) < 0.5
    coeff = jnp.where(small, w, w - 1)
    base = jnp.where(small, a, b)
    shape = jnp.broadcast_shapes(a.shape, b.shape, jnp.shape(w))
    coeff, d, base = (jnp.broadcast_to(x, shape) for x in (coeff, b - a, base))
    return fma(coeff, d, base).astype(dt.np)


@op("lerp", inplace=True)
@parsed("Tensor input, Tensor end, Tensor weight, *, Tensor out = None",
        "Tensor input, Tensor end, Number weight, *, Tensor out = None")
def lerp(input, end, weight):
    """torch.lerp: input + weight * (end - input) with PyTorch's two-sided formula."""
    if not is_tensor(input) or not is_tensor(end) or not (is_tensor(weight) or
                                                          _is_number(weight)):
        raise _invalid_combination("lerp", (_tname(input), _tname(end), _tname(weight)))
    dt = input.dtype
    if end.dtype is not dt:
        raise RuntimeError(f"expected dtype {_CPP_TYPE[dt.name]} for `end` but got dtype "
                           f"{_CPP_TYPE[end.dtype.name]}")
    # a 0-d weight of another dtype is read as a number (PyTorch's Scalar weight)
    scalar_w = not is_tensor(weight) or (weight.dim() == 0 and weight.dtype is not dt)
    if not scalar_w and weight.dtype is not dt:
        raise RuntimeError(f"expected dtype {_CPP_TYPE[dt.name]} for `weight` but got dtype "
                           f"{_CPP_TYPE[weight.dtype.name]}")
    if not dt.is_floating_point:
        raise _not_implemented("lerp_kernel_tensor" if is_tensor(weight) else
                               "lerp_kernel_scalar", dt)
    w = weight if is_tensor(weight) else float(_scalar(weight))
    if not is_tensor(weight):  # (half types take it in float32)
        check_scalar_fits(w, float32 if dt in (float16, bfloat16) else dt)
    return record(_lerp_kernel, (input, end, w), (("dt", dt), ("w_scalar", scalar_w)),
                  check=_check_broadcast, name="lerp")


def _addc_kernel(a, t1, t2, v, *, dt, div):
    m = _opmath(dt)
    a, t1, t2 = (_cast(_cast(x, dt), m) for x in (a, t1, t2))
    v = _cast(_cast(v, dt), m) if not dt.is_floating_point else _cast(v, m)
    r = a + exact_div(v * t1, t2) if div else a + v * t1 * t2
    return r.astype(dt.np)


def _addc(name, input, tensor1, tensor2, value, deprecated):
    """(result dtype, value, tensor1, tensor2) of addcmul/addcdiv, after PyTorch's argument
    checks; `deprecated` holds tensor2 of the old `(value, tensor1, tensor2)` overload."""
    if deprecated:
        value = _deprecated_scalar_first(
            name, tensor1, deprecated, value, "value",
            "Number value, Tensor tensor1, Tensor tensor2",
            "Tensor tensor1, Tensor tensor2, *, Number value = 1")
        tensor1, tensor2 = tensor2, deprecated[0]
    value = 1 if value is _GIVEN_NONE else value
    for i, (x, n) in enumerate(((input, "input"), (tensor1, "tensor1"), (tensor2, "tensor2"))):
        if not is_tensor(x):
            raise TypeError(f"{name}(): argument '{n}' (position {i + 1}) must be Tensor, not "
                            f"{type(x).__name__}")
    dt = result_type(input, tensor1, tensor2)
    value = _scalar(value)
    if isinstance(value, (int, float)):  # (half types take it in float32)
        check_scalar_fits(value, float32 if dt in (float16, bfloat16) else dt)
    return dt, value, tensor1, tensor2


@op("addcmul", inplace=True)
def addcmul(input, tensor1, tensor2, *deprecated, value=_GIVEN_NONE):
    """torch.addcmul: input + value * tensor1 * tensor2 (value cast to the result dtype)."""
    dt, value, tensor1, tensor2 = _addc("addcmul", input, tensor1, tensor2, value, deprecated)
    if dt is bool_:
        raise _not_implemented("addcmul_cpu_out", dt)
    if not dt.is_floating_point:
        value = int(value)
    return record(_addc_kernel, (input, tensor1, tensor2, value), (("dt", dt), ("div", False)),
                  check=_check_broadcast, name="addcmul")


@op("addcdiv", inplace=True)
def addcdiv(input, tensor1, tensor2, *deprecated, value=_GIVEN_NONE):
    """torch.addcdiv: input + value * tensor1 / tensor2 (integer division raises)."""
    dt, value, tensor1, tensor2 = _addc("addcdiv", input, tensor1, tensor2, value, deprecated)
    if not tensor1.dtype.is_floating_point and not tensor2.dtype.is_floating_point:
        raise RuntimeError("Integer division with addcdiv is no longer supported, and in a future  "
                           "release addcdiv will perform a true division of tensor1 and tensor2. "
                           "The historic addcdiv behavior can be implemented as (input + value * "
                           "torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs "
                           "and as (input + value * tensor1 / tensor2) for float inputs. The "
                           "future addcdiv behavior is just the latter implementation: (input + "
                           "value * tensor1 / tensor2), for all dtypes.")
    return record(_addc_kernel, (input, tensor1, tensor2, value), (("dt", dt), ("div", True)),
                  check=_check_broadcast, name="addcdiv")


# ---- comparisons of whole tensors -----------------------------------------------------------
def _isclose_kernel(a, b, rtol, atol, *, equal_nan, zero_tol, fdt):
    close = a == b
    if equal_nan and jnp.issubdtype(a.dtype, jnp.floating):
        close = close | (jnp.isnan(a) & jnp.isnan(b))
    if zero_tol:
        return close
    a = _cast(a, fdt)
    b = _cast(b, fdt)
    allowed = _cast(atol, fdt) + jnp.abs(_cast(rtol, fdt) * b)
    actual = jnp.abs(a - b)
    return close | (jnp.isfinite(actual) & (actual <= allowed))


def _g(x):
    return format(float(x), "g")


@op("isclose")
def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """torch.isclose: |a - b| <= atol + rtol * |b| (ints in the default float dtype), with
    PyTorch's dtype and tolerance checks."""
    if not is_tensor(input):
        raise _arg_error("isclose", "input", 1, input)
    if not is_tensor(other):
        raise _arg_error("isclose", "other", 2, other)
    if input.dtype is not other.dtype:
        raise RuntimeError(f"{_c10(input.dtype)} did not match {_c10(other.dtype)}")
    if rtol < 0:
        raise RuntimeError(f"rtol must be greater than or equal to zero, but got {_g(rtol)}")
    if atol < 0:
        raise RuntimeError(f"atol must be greater than or equal to zero, but got {_g(atol)}")
    dt = input.dtype
    fdt = dt if dt.is_floating_point else _dtype.get_default_dtype()
    return record(_isclose_kernel, (input, other, float(rtol), float(atol)),
                  (("equal_nan", bool(equal_nan)), ("zero_tol", rtol == 0 and atol == 0),
                   ("fdt", fdt)), check=_check_broadcast, name="isclose")


def _all_kernel(a):
    return jnp.all(a)


@op("allclose")
def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    """A Python bool (a sync point), as in PyTorch."""
    c = isclose(input, other, rtol, atol, equal_nan)
    return bool(record(_all_kernel, (c,), name="all").item())


@op("equal")
def equal(input, other):
    """True if same shape and all elements equal in the promoted dtype (a Python bool)."""
    if not is_tensor(input):
        raise _arg_error("equal", "input", 1, input)
    if not is_tensor(other):
        raise _arg_error("equal", "other", 2, other)
    if tuple(input.shape) != tuple(other.shape):
        return False
    return bool(record(_all_kernel, (_compare("eq", _eq, input, other),), name="all").item())
