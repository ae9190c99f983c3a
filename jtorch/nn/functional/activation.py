"""nn.functional: activations, softmax/log_softmax/softmin and their in-place forms.

Each activation is ONE recorded kernel (a module-level jnp function of the input and its
dynamic scalar parameters); autograd is jax.vjp of that kernel. Branches are written with
PyTorch's own comparisons (`x > 0`, `x <= min_val`, ...) so the gradient at a kink is PyTorch's,
and the branch that is not taken never sees an input that would overflow (so no 0 * inf = nan
leaks into a gradient). float16/bfloat16 are computed in float32 and rounded once, as PyTorch's
CPU kernels do. The ops PyTorch also exposes as `torch.X` / `Tensor.X` are registered with `@op`.
"""
import math
import warnings

import numpy as np

import jax
import jax.numpy as jnp

from ... import _dtype
from ..._dtype import float16, bfloat16, float32
from ..._ops import elementwise as _ew
from ..._ops import random_ops as _random
from ..._ops.dispatch import record
from ..._ops.registry import op, METHODS
from ..._ops.shape import wrap_dim
from ..._ops.signatures import parsed
from ..._tensor import Tensor
from ... import random as _rng

__all__ = ["relu", "relu_", "relu6", "leaky_relu", "leaky_relu_", "prelu", "elu", "elu_", "selu",
           "selu_", "celu", "celu_", "gelu", "silu", "mish", "sigmoid", "tanh", "hardtanh",
           "hardtanh_", "hardsigmoid", "hardswish", "softplus", "softsign", "tanhshrink",
           "threshold", "threshold_", "logsigmoid", "glu", "hardshrink", "softshrink", "rrelu",
           "rrelu_", "softmax", "log_softmax", "softmin"]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


# ---- helpers --------------------------------------------------------------------------------
def _opmath(dt):
    return float32 if dt is float16 or dt is bfloat16 else dt


def _check_tensor(fname, x, arg="input", pos=1):
    if not isinstance(x, Tensor):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos}) must be Tensor, not "
                        f"{type(x).__name__}")


def _not_implemented(kname, dt):
    return NotImplementedError(f"\"{kname}\" not implemented for '{_dtype.c10_name(dt)}'")


def _need_float(kname, dt):
    if not dt.is_floating_point:
        raise _not_implemented(kname, dt)


def _num(x):
    """A Python number (or one-element tensor) as a Python float kernel input (always a float,
    so `elu(x, 1)` and `elu(x, 1.0)` share one compiled kernel)."""
    if isinstance(x, Tensor):
        return float(x.item())
    return float(x)


def _act_kernel(a, *scalars, f, cdt):
    """f(a, *scalars) computed in cdt's opmath dtype, cast back to cdt."""
    m = _opmath(cdt).np
    return f(a.astype(m), *(jnp.asarray(s, m) for s in scalars)).astype(cdt.np)


def _act(fname, kname, f, input, scalars=(), gname=None, ints=False, cdt=None):
    """Record one activation kernel on `input` with dynamic scalar parameters."""
    _check_tensor(fname, input)
    dt = input._nd.dtype
    if not ints and cdt is None:
        _need_float(kname, dt)
    cdt = dt if cdt is None else cdt
    return record(_act_kernel, (input,) + tuple(_num(s) for s in scalars),
                  (("f", f), ("cdt", cdt)), name=fname, gname=gname)


def _gname(base, inplace):
    """PyTorch's grad_fn name: the in-place forms of some activations save their output and are
    named ...Backward1."""
    return f"{base}Backward{1 if inplace else 0}"


def _inplace(input, result, name):
    """Write `result` into `input` (PyTorch's in-place `_` form); returns `input`."""
    return input._assign(result, name)


# ---- kernels (module level: the kernel cache keys on these function objects) ---------------
def _hardtanh(x, lo, hi):
    # at a bound the input itself is returned (keeps -0.0 as PyTorch does), with zero gradient
    xs = jax.lax.stop_gradient(x)
    return jnp.where(x <= lo, jnp.where(x < lo, lo, xs), jnp.where(x >= hi, jnp.where(x > hi, hi, xs), x))


def _leaky_relu(x, slope):
    return jnp.where(x > 0, x, x * slope)


def _elu(x, alpha, scale, input_scale):
    neg = jnp.where(x > 0, jnp.zeros((), x.dtype), x)  # the exp branch never sees large x
    return jnp.where(x > 0, x * scale, jnp.expm1(neg * input_scale) * (alpha * scale))


def _gelu(x):
    return x * 0.5 * (1 + jax.scipy.special.erf(x * math.sqrt(0.5)))


def _gelu_tanh(x):
    k = math.sqrt(2.0 / math.pi)
    return 0.5 * x * (1 + jnp.tanh(k * (x + 0.044715 * x * x * x)))


def _silu(x):
    return x * jax.nn.sigmoid(x)


def _mish(x):
    return x * jnp.tanh(jax.nn.softplus(x))


def _hardsigmoid(x):
    return jnp.where(x <= -3, jnp.zeros((), x.dtype),
                     jnp.where(x >= 3, jnp.ones((), x.dtype), (x + 3) / 6))


def _hardswish(x):
    # x * 0 below -3 gives PyTorch's -0.0 for negative x
    return jnp.where(x <= -3, jax.lax.stop_gradient(x) * 0, jnp.where(x < 3, x * (x + 3) / 6, x))


def _softplus(x, beta, threshold):
    big = x * beta > threshold
    small = jnp.where(big, jnp.zeros((), x.dtype), x)
    return jnp.where(big, x, jnp.log1p(jnp.exp(small * beta)) / beta)


def _softsign(x):
    return x / (jnp.abs(x) + 1)


def _tanhshrink(x):
    return x - jnp.tanh(x)


def _threshold(x, th, value):
    return jnp.where(x > th, x, value)


def _logsigmoid(x):
    return jax.nn.log_sigmoid(x)


def _hardshrink(x, lambd):
    return jnp.where((x >= -lambd) & (x <= lambd), jnp.zeros((), x.dtype), x)


def _softshrink(x, lambd):
    return jnp.where(x > lambd, x - lambd, jnp.where(x < -lambd, x + lambd,
                                                     jax.lax.stop_gradient(x) * 0))


def _prelu_kernel(x, w, *, cdt, wshape):
    m = _opmath(cdt).np
    x = x.astype(m)
    w = w.astype(m).reshape(wshape)
    return jnp.where(x > 0, x, w * x).astype(cdt.np)


def _glu_kernel(x, *, dim, cdt):
    m = _opmath(cdt).np
    a, b = jnp.split(x.astype(m), 2, axis=dim)
    return (a * jax.nn.sigmoid(b)).astype(cdt.np)


def _rrelu_train_kernel(key, offset, x, lower, upper, *, cdt):
    m = _opmath(cdt).np
    x = x.astype(m)
    u = jax.random.uniform(_rng.subkey(key, offset), x.shape, m)
    lo = jnp.asarray(lower, m)
    r = lo + u * (jnp.asarray(upper, m) - lo)
    return jnp.where(x <= 0, x * r, x).astype(cdt.np)


def _rrelu_host_kernel(noise, x, *, cdt):
    m = _opmath(cdt).np
    x = x.astype(m)
    return jnp.where(x <= 0, x * noise, x).astype(cdt.np)


def _rrelu_host_noise(input, lower, upper, cdt):
    """PyTorch's CPU rrelu noise: one uniform_real_distribution<double>(lower, upper) sample per
    non-positive element, in logical (row-major) order; 1 elsewhere. The count depends on the
    input's values, so they are read here (a Module capture runs such a forward op by op)."""
    from ..._runtime import graph

    def host(mt):
        graph.note_capture_break("rrelu draws one sample per non-positive element")
        x = np.asarray(input._host())
        neg = x <= 0
        r = mt.unit_double(int(neg.sum())) * (upper - lower) + lower
        m = _opmath(cdt).np
        noise = np.ones(x.shape, m)
        noise[neg] = r.astype(m)
        return noise
    return host


def _softmax_kernel(a, *, dim, cdt, log, neg, cpu=False):
    m = _opmath(cdt).np
    x = a.astype(cdt.np).astype(m)
    if neg:
        x = -x
    if log:
        y = log_softmax_values(x, dim, cdt, cpu)
    else:
        y = jax.nn.softmax(x, axis=dim)
    return y.astype(cdt.np)


def log_softmax_values(x, dim, cdt, cpu):
    """log_softmax of float32 `x` whose result is cast to `cdt`. PyTorch's CPU kernel for a
    float16/bfloat16 softmax over the last dim keeps the sum of exponentials and its log in
    that type: x - max - round(log(round(sum(exp(x - max))))), rounded (the gradient is that of
    the float32 formula, as PyTorch's backward from the output)."""
    y = jax.nn.log_softmax(x, axis=dim)
    if not (cpu and x.ndim and (dim is None or dim == x.ndim - 1) and cdt is not _opmath(cdt)):
        return y

    def rnd(v):
        return v.astype(cdt.np).astype(x.dtype)
    d = x - jnp.max(x, axis=-1, keepdims=True)
    r = d - rnd(jnp.log(rnd(jnp.sum(jnp.exp(d), axis=-1, keepdims=True))))
    return y + jax.lax.stop_gradient(rnd(r) - y)


# ---- relu family ----------------------------------------------------------------------------
def relu(input, inplace=False):
    """F.relu: torch.relu / Tensor.relu_ (the existing elementwise op)."""
    if inplace:
        _check_tensor("relu_", input)
        return METHODS["relu_"](input)
    return _ew.relu(input)


@op("relu_", method=False)
def relu_(input):
    """torch.relu_ / F.relu_: in-place relu (Tensor.relu_ is the elementwise op's)."""
    return relu(input, inplace=True)


def hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False):
    """F.hardtanh: clamp to [min_val, max_val]; gradient 0 at and beyond the bounds."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    out = _act("hardtanh", "hardtanh", _hardtanh, input, (min_val, max_val),
               "HardtanhBackward0", ints=True)
    return _inplace(input, out, "hardtanh_") if inplace else out


def hardtanh_(input, min_val=-1.0, max_val=1.0):
    """F.hardtanh_: in-place hardtanh."""
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input, inplace=False):
    """F.relu6: hardtanh(0, 6) (PyTorch's grad_fn is HardtanhBackward0)."""
    out = _act("relu6", "hardtanh", _hardtanh, input, (0.0, 6.0), "HardtanhBackward0",
               ints=True)
    return _inplace(input, out, "relu6_") if inplace else out


def leaky_relu(input, negative_slope=0.01, inplace=False):
    """F.leaky_relu: x if x > 0 else negative_slope * x."""
    out = _act("leaky_relu", "leaky_relu_cpu", _leaky_relu, input, (negative_slope,),
               _gname("LeakyRelu", inplace))
    return _inplace(input, out, "leaky_relu_") if inplace else out


def leaky_relu_(input, negative_slope=0.01):
    """F.leaky_relu_: in-place leaky_relu."""
    return leaky_relu(input, negative_slope, inplace=True)


@op("prelu")
def prelu(input, weight):
    """torch.prelu / F.prelu: x if x > 0 else weight * x, weight broadcast along dim 1."""
    _check_tensor("prelu", input)
    _check_tensor("prelu", weight, "weight", 2)
    wn, xn = weight._nd, input._nd
    if len(wn.shape) > 1:
        raise RuntimeError(f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: "
                           f"ndim = {len(wn.shape)}")
    if xn.dtype is not wn.dtype:
        raise RuntimeError(f"prelu: Type promoting not supported. Got {_dtype.c10_name(xn.dtype)}"
                           f" and {_dtype.c10_name(wn.dtype)}")
    _need_float("prelu_cpu", xn.dtype)
    nw = math.prod(wn.shape)
    nd = len(xn.shape)
    if nw != 1:
        channels = xn.shape[1] if nd > 1 else 1
        if channels != nw:
            raise RuntimeError("Mismatch of parameter numbers and input channel size. Found "
                               f"parameter numbers = {nw} and channel size = {channels}.")
        wshape = (nw,) + (1,) * (nd - 2)
    else:
        wshape = ()
    return record(_prelu_kernel, (input, weight), (("cdt", xn.dtype), ("wshape", wshape)),
                  name="prelu", gname="PreluKernelBackward0")


# ---- exponential family ---------------------------------------------------------------------
def elu(input, alpha=1.0, inplace=False):
    """F.elu: x if x > 0 else alpha * (exp(x) - 1)."""
    out = _act("elu", "elu_cpu", _elu, input, (alpha, 1.0, 1.0), _gname("Elu", inplace))
    return _inplace(input, out, "elu_") if inplace else out


def elu_(input, alpha=1.0):
    """F.elu_: in-place elu."""
    return elu(input, alpha, inplace=True)


@op("selu", method=False)
def selu(input, inplace=False):
    """torch.selu / F.selu: scale * elu(x, alpha) with SELU's fixed constants."""
    out = _act("selu", "elu_cpu", _elu, input, (_SELU_ALPHA, _SELU_SCALE, 1.0),
               _gname("Elu", inplace))
    return _inplace(input, out, "selu_") if inplace else out


@op("selu_", method=False)
def selu_(input):
    """torch.selu_ / F.selu_: in-place selu."""
    return selu(input, inplace=True)


@op("celu", method=False)
def celu(input, alpha=1.0, inplace=False):
    """torch.celu / F.celu: max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    _check_tensor("celu", input)
    if not input._nd.dtype.is_floating_point:
        raise _not_implemented("elu_cpu", input._nd.dtype)
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    out = _act("celu", "elu_cpu", _elu, input, (alpha, 1.0, 1.0 / alpha), _gname("Celu", inplace))
    return _inplace(input, out, "celu_") if inplace else out


@op("celu_", method=False)
def celu_(input, alpha=1.0):
    """torch.celu_ / F.celu_: in-place celu."""
    return celu(input, alpha, inplace=True)


def gelu(input, approximate="none"):
    """F.gelu: x * Phi(x), or the tanh approximation with approximate='tanh'."""
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    f = _gelu if approximate == "none" else _gelu_tanh
    return _act("gelu", "GeluKernelImpl", f, input, (), "GeluBackward0")


def silu(input, inplace=False):
    """F.silu: x * sigmoid(x)."""
    out = _act("silu", "silu_cpu", _silu, input, (), "SiluBackward0")
    return _inplace(input, out, "silu_") if inplace else out


def mish(input, inplace=False):
    """F.mish: x * tanh(softplus(x))."""
    out = _act("mish", "mish_cpu", _mish, input, (), "MishBackward0")
    return _inplace(input, out, "mish_") if inplace else out


def sigmoid(input):
    """F.sigmoid: torch.sigmoid."""
    return _ew.sigmoid(input)


def tanh(input):
    """F.tanh: torch.tanh."""
    return _ew.tanh(input)


def hardsigmoid(input, inplace=False):
    """F.hardsigmoid: relu6(x + 3) / 6; gradient 1/6 strictly inside (-3, 3)."""
    out = _act("hardsigmoid", "hardsigmoid_cpu", _hardsigmoid, input, (),
               "HardsigmoidBackward0")
    return _inplace(input, out, "hardsigmoid_") if inplace else out


def hardswish(input, inplace=False):
    """F.hardswish: x * relu6(x + 3) / 6; gradient 0 at -3 and 1 at 3, as PyTorch's."""
    out = _act("hardswish", "hardswish_cpu", _hardswish, input, (), "HardswishBackward0")
    return _inplace(input, out, "hardswish_") if inplace else out


def softplus(input, beta=1.0, threshold=20.0):
    """F.softplus: log(1 + exp(beta * x)) / beta, linear where beta * x > threshold."""
    return _act("softplus", "softplus_cpu", _softplus, input, (beta, threshold),
                "SoftplusBackward0")


def softsign(input):
    """F.softsign: x / (1 + |x|) (integer inputs give the default float dtype)."""
    _check_tensor("softsign", input)
    dt = input._nd.dtype
    cdt = dt if dt.is_floating_point else _dtype.get_default_dtype()
    return _act("softsign", "", _softsign, input, (), "DivBackward0", cdt=cdt)


def tanhshrink(input):
    """F.tanhshrink: x - tanh(x) (integer inputs give the default float dtype)."""
    _check_tensor("tanhshrink", input)
    dt = input._nd.dtype
    cdt = dt if dt.is_floating_point else _dtype.get_default_dtype()
    return _act("tanhshrink", "", _tanhshrink, input, (), "SubBackward0", cdt=cdt)


@op("threshold", method=False)
def threshold(input, threshold, value, inplace=False):
    """torch.threshold / F.threshold: x if x > threshold else value."""
    _check_threshold_numbers(input, threshold, value)
    out = _act("threshold", "threshold", _threshold, input, (threshold, value),
               _gname("Threshold", inplace), ints=True)
    return _inplace(input, out, "threshold_") if inplace else out


def _check_threshold_numbers(input, threshold, value):
    """PyTorch's overflow checks of threshold's numbers: against the input's dtype, except that
    half types compare in float32 (so only `value` is checked against the half type)."""
    dt = input.dtype if isinstance(input, Tensor) else None
    if dt is None or dt is _dtype.bool_:
        return
    half = dt is float16 or dt is bfloat16
    for x, target in ((threshold, float32 if half else dt), (value, dt)):
        if type(x) in (int, float):
            _ew.check_scalar_fits(x, target, bfloat16_too=True)


@op("threshold_", method=False)
def threshold_(input, threshold, value):
    """torch.threshold_ / F.threshold_: in-place threshold."""
    return globals()["threshold"](input, threshold, value, inplace=True)


def logsigmoid(input):
    """F.logsigmoid: log(sigmoid(x)), computed stably."""
    return _act("logsigmoid", "log_sigmoid_cpu", _logsigmoid, input, (), "LogSigmoidBackward0")


logsigmoid.__name__ = "log_sigmoid"  # PyTorch's F.logsigmoid is its builtin `log_sigmoid`


def glu(input, dim=-1):
    """F.glu: a * sigmoid(b) where a, b are the halves of input along dim."""
    _check_tensor("glu", input)
    shape = input._nd.shape
    if not shape:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    d = wrap_dim(dim, len(shape))
    if shape[d] % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size "
                           f"{shape[d]}")
    _need_float("glu_cpu", input._nd.dtype)
    return record(_glu_kernel, (input,), (("dim", d), ("cdt", input._nd.dtype)), name="glu",
                  gname="GluBackward0")


@op("hardshrink")
def hardshrink(input, lambd=0.5):
    """torch.hardshrink / F.hardshrink: x where |x| > lambd, else 0."""
    return _act("hardshrink", "hardshrink_cpu", _hardshrink, input, (lambd,),
                "HardshrinkBackward0")


def softshrink(input, lambd=0.5):
    """F.softshrink: x - lambd, x + lambd or 0; lambd must be non-negative."""
    _check_tensor("softshrink", input)
    dt = input._nd.dtype
    _need_float("softshrink_check", dt)
    lambd = _num(lambd)
    top = float(_dtype.finfo(dt).max)
    if not 0 <= lambd <= top:
        raise RuntimeError(f"lambda must be in range [0, {top:g}] for input dtype "
                           f"{_dtype.c10_name(dt)}, but found {lambd:g}")
    return _act("softshrink", "softshrink_cpu", _softshrink, input, (lambd,),
                "SoftshrinkBackward0")


# ---- rrelu ----------------------------------------------------------------------------------
def _rrelu(input, lower, upper, training, generator, inplace):
    """rrelu, out of place or in place (grad_fn RreluWithNoiseBackward0/1)."""
    _check_tensor("rrelu", input)
    lower, upper = _num(lower), _num(upper)
    if lower > upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    dt = input._nd.dtype
    _need_float("leaky_relu_cpu", dt)
    gname = _gname("RreluWithNoise", inplace)
    if training:
        if dt is float16 and input.device.type == "cpu":
            raise _not_implemented("rrelu_with_noise_out_cpu", dt)
        out = _random._draw(_rrelu_train_kernel, input._nd.device, generator,
                            (input, lower, upper), (("cdt", dt),), "rrelu", gname=gname,
                            host=_rrelu_host_noise(input, lower, upper, dt),
                            host_kernel=_rrelu_host_kernel, host_inputs=(input,))
    else:
        out = _act("rrelu", "leaky_relu_cpu", _leaky_relu, input, ((lower + upper) / 2,), gname)
    return _inplace(input, out, "rrelu_") if inplace else out


@op("rrelu", method=False)
def _rrelu_op(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """torch.rrelu: in training each non-positive element gets its own slope drawn from
    U(lower, upper) (PyTorch's stream on a CPU generator); in eval the slope is (lower + upper) / 2."""
    return _rrelu(input, lower, upper, training, generator, False)


@op("rrelu_", method=False)
def _rrelu_inplace_op(input, lower=1.0 / 8, upper=1.0 / 3, training=False, generator=None):
    """torch.rrelu_: in-place rrelu."""
    return _rrelu(input, lower, upper, training, generator, True)


def rrelu(input, lower=1.0 / 8, upper=1.0 / 3, training=False, inplace=False):
    """F.rrelu: randomized leaky relu (slopes from U(lower, upper) in training)."""
    if inplace:
        return _rrelu_inplace_op(input, lower, upper, training)
    return _rrelu_op(input, lower, upper, training)


def rrelu_(input, lower=1.0 / 8, upper=1.0 / 3, training=False):
    """F.rrelu_: in-place rrelu."""
    return _rrelu_inplace_op(input, lower, upper, training)


# ---- softmax family -------------------------------------------------------------------------
def _softmax(name, input, dim, dtype, log, neg=False):
    _check_tensor(name, input)
    if dim is None:
        raise TypeError(f"{name}() received an invalid combination of arguments - got "
                        "(Tensor, NoneType), but expected one of:\n * (Tensor input, int dim, "
                        "torch.dtype dtype = None, *, Tensor out = None)")
    shape = input._nd.shape
    d = wrap_dim(dim, len(shape))
    dt = input._nd.dtype if dtype is None else _dtype.to_dtype(dtype)
    if not dt.is_floating_point:
        last = d == max(len(shape), 1) - 1
        kname = ("log_softmax" if log else "softmax") + ("_lastdim" if last else "") + \
            "_kernel_impl"
        raise _not_implemented(kname, dt)
    static = (("dim", d if shape else None), ("cdt", dt), ("log", log), ("neg", neg))
    if log and dt is not _opmath(dt) and input._nd.device.platform == "cpu":
        static += (("cpu", True),)
    return record(_softmax_kernel, (input,), static,
                  name=name, gname="LogSoftmaxBackward0" if log else "SoftmaxBackward0")


@op("softmax")
@parsed("Tensor input, int dim, torch.dtype dtype = None", name="softmax")
def _softmax_op(input, dim, dtype=None):
    """torch.softmax / Tensor.softmax: exp(x) / sum(exp(x)) along dim (cast to dtype first)."""
    return _softmax("softmax", input, dim, dtype, False)


@op("log_softmax")
@parsed("Tensor input, int dim, torch.dtype dtype = None", name="log_softmax")
def _log_softmax_op(input, dim, dtype=None):
    """torch.log_softmax / Tensor.log_softmax: x - logsumexp(x) along dim."""
    return _softmax("log_softmax", input, dim, dtype, True)


def _get_softmax_dim(name, ndim, stacklevel):
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to "
                  "include dim=X as an argument.", stacklevel=stacklevel)
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input, dim=None, _stacklevel=3, dtype=None):
    """F.softmax: dim=None picks PyTorch's legacy implicit dim (0 for 0-, 1- and 3-d inputs,
    else 1) with its deprecation warning."""
    if dim is None:
        dim = _get_softmax_dim("softmax", input.dim(), _stacklevel)
    return _softmax_op(input, dim, dtype)


def log_softmax(input, dim=None, _stacklevel=3, dtype=None):
    """F.log_softmax, with the same implicit-dim rule as F.softmax."""
    if dim is None:
        dim = _get_softmax_dim("log_softmax", input.dim(), _stacklevel)
    return _log_softmax_op(input, dim, dtype)


def softmin(input, dim=None, _stacklevel=3, dtype=None):
    """F.softmin: softmax(-x) (PyTorch's grad_fn is SoftmaxBackward0)."""
    if dim is None:
        dim = _get_softmax_dim("softmin", input.dim(), _stacklevel)
    return _softmax("softmin", input, dim, dtype, False, neg=True)
