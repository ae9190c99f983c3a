"""Reference values for tests/test_elementwise.py and tests/test_dtype.py from real PyTorch.

Each case is a Python expression over named input tensors, `T` (the torch module), `np` and
`ip` (an in-place call on a clone, checked to return the clone itself); the test evaluates the
same expression with `T` bound to jtorch, deferred and eager. Results (tensors, Python values)
and exceptions (type and message) are recorded. Cases marked "exact" must match bit for bit
(basic arithmetic, comparisons, rounding, casts); the others (transcendental functions) within
a few ulps. "default" cases run with torch.set_default_dtype(...) set to that dtype.

    /work/venv/bin/python tests/reference/gen_elementwise.py
"""
import math
import warnings

import numpy as np
import torch

from refutil import record, write

warnings.simplefilter("ignore")
nan, inf = float("nan"), float("inf")

DTYPES = ["bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
          "float64"]
# first and second operand values per dtype (edge values: int extremes, -0.0, ...)
VALS = {
    "bool": ([True, False, True, True, False, False], [True, True, False, False, True, False]),
    "uint8": ([0, 1, 7, 200, 255, 13], [1, 3, 2, 7, 255, 5]),
    "int8": ([-7, -1, 0, 5, 127, -128], [2, -3, 3, -2, 7, 5]),
    "int16": ([-700, -1, 0, 5, 32767, 300], [2, -3, 3, -2, 7, 5]),
    "int32": ([-7, -1, 0, 5, 2 ** 31 - 1, -2 ** 31], [2, -3, 3, -2, 7, 5]),
    "int64": ([-7, -1, 0, 5, 2 ** 40, -9], [2, -3, 3, -2, 7, 5]),
}
FV = ([-2.5, -1.5, -0.0, 0.5, 1.5, 3.7], [2.0, -0.75, 3.0, -2.0, 0.3, 1.25])
SPECIAL = [nan, inf, -inf, -0.0, 0.0, 1.0]


def make_inputs():
    """x_<dt>, y_<dt> (6,), z_<dt> 0-dim, m_<dt> (2, 3), c_<dt> (2, 1), s_<float dt> specials,
    r_<float dt> (4, 5) seeded random values."""
    ins = {}
    for d in DTYPES:
        a, b = VALS.get(d, FV)
        dt = getattr(torch, d)
        ins["x_" + d] = torch.tensor(a, dtype=dt)
        ins["y_" + d] = torch.tensor(b, dtype=dt)
        ins["z_" + d] = torch.tensor(b[1], dtype=dt)
        ins["m_" + d] = torch.tensor([a[:3], a[3:]], dtype=dt)
        ins["c_" + d] = torch.tensor([[b[0]], [b[1]]], dtype=dt)
    rng = np.random.default_rng(7)
    r = rng.uniform(-4, 4, (4, 5))
    for d in ["float16", "bfloat16", "float32", "float64"]:
        ins["s_" + d] = torch.tensor(SPECIAL, dtype=getattr(torch, d))
        ins["r_" + d] = torch.tensor(r).to(getattr(torch, d))
    return ins


EXACT_OPS = {"add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "true_divide",
             "maximum", "minimum", "fmax", "fmin", "copysign", "eq", "ne", "lt", "le", "gt",
             "ge", "logical_and", "logical_or", "logical_xor", "logical_not", "bitwise_and",
             "bitwise_or", "bitwise_xor", "bitwise_not", "bitwise_left_shift",
             "bitwise_right_shift", "neg", "abs", "sign", "sgn", "relu", "floor", "ceil", "trunc",
             "frac", "round", "square", "signbit", "isnan", "isinf", "isfinite", "isposinf",
             "isneginf", "isreal", "nan_to_num", "positive", "clamp", "clamp_min", "clamp_max",
             "where", "result_type", "promote_types", "can_cast", "reciprocal", "deg2rad",
             "rad2deg", "addcmul", "addcdiv", "lerp", "isclose", "allclose", "equal"}


def cases():
    """(expr, exact, default_dtype) triples."""
    out = []

    def add(expr, exact=True, default=None):
        out.append((expr, exact, default))

    # -- binary ops over dtype pairs --------------------------------------------------------
    pairs_arith = [("float32", "float32"), ("int64", "int64"), ("float16", "float16"),
                   ("int32", "uint8"), ("bool", "bool")]
    for op in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow"]:
        for a, b in pairs_arith:
            add(f"T.{op}(x_{a}, y_{b})", op != "pow" or not a.startswith(("float", "bfloat")))
    for op in ["atan2", "hypot", "copysign", "xlogy", "logaddexp", "logaddexp2", "float_power",
               "maximum", "minimum", "fmax", "fmin", "true_divide"]:
        for a, b in [("float32", "float32"), ("int64", "int32")] + (
                [("float16", "float16")] if op in ("xlogy", "hypot", "atan2") else []):
            add(f"T.{op}(x_{a}, y_{b})", op in EXACT_OPS or (op == "hypot" and a == "float32"))
    for op in ["add", "sub", "mul", "div", "floor_divide", "remainder", "fmod", "pow", "atan2",
               "maximum", "minimum", "fmax", "fmin", "hypot", "copysign", "xlogy", "logaddexp"]:
        add(f"T.{op}(s_float32, s_float32.flip(0))", op in EXACT_OPS)
    for op in ["eq", "ne", "lt", "le", "gt", "ge"]:
        add(f"T.{op}(x_float32, y_int64)")
    add("T.lt(s_float32, s_float32.flip(0))")
    add("T.eq(x_bool, y_float16)")
    for op in ["bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_left_shift",
               "bitwise_right_shift"]:
        for a, b in [("int64", "int64"), ("uint8", "int8"), ("bool", "bool"), ("float32", "int64")]:
            add(f"T.{op}(x_{a}, y_{b})")
    for op in ["logical_and", "logical_or", "logical_xor"]:
        add(f"T.{op}(x_float32, y_int64)")
    # -- scalars, 0-dim tensors, broadcasting -------------------------------------------------
    for op in ["add", "sub", "mul", "div", "floor_divide", "remainder", "pow", "eq"]:
        for d, s in [("int64", "3"), ("int64", "2.5"), ("float16", "2.5"), ("bool", "True"),
                     ("float32", "3")]:
            add(f"T.{op}(x_{d}, {s})")
    for d in ["int64", "float16"]:
        for e in ["2 - x_{d}", "2.5 / x_{d}", "3 // x_{d}", "2 ** x_{d}", "0.1 * x_{d}",
                  "-2 % x_{d}", "x_{d} / 3", "x_{d} * 0.1", "T.div(x_{d}, 0.1, rounding_mode='floor')"]:
            add(e.format(d=d))
    for a, b in [("int32", "float16"), ("float32", "float64"), ("int64", "bool")]:
        add(f"T.add(x_{a}, z_{b})")
        add(f"T.mul(z_{a}, x_{b})")
        add(f"T.div(m_{a}, c_{b})")
    for e in ["T.add(x_float32, m_float32)", "T.add(m_float32, T.zeros(3, 2))",
              "T.add(T.zeros(2, 3, 4), T.zeros(3, 1))", "T.add(T.zeros(5, 1, 4), T.zeros(3, 1))",
              "T.add(T.zeros(0, 3), T.zeros(1, 3))", "T.add(T.zeros(0, 3), T.zeros(2, 3))",
              "T.mul(m_float32, c_float32[:, :, None])", "T.maximum(x_float32, T.zeros(4))"]:
        add(e)
    # -- unary ops ----------------------------------------------------------------------------
    unary = ["neg", "abs", "sign", "sgn", "relu", "floor", "ceil", "trunc", "frac", "round",
             "square", "sqrt", "rsqrt", "exp", "exp2", "expm1", "log", "log1p", "log2", "log10",
             "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh",
             "acosh", "atanh", "sigmoid", "erf", "erfc", "erfinv", "reciprocal", "logit", "sinc",
             "deg2rad", "rad2deg", "lgamma", "digamma", "signbit", "isnan", "isinf", "isfinite",
             "isposinf", "isneginf", "isreal", "nan_to_num", "logical_not", "bitwise_not",
             "positive", "fix", "negative", "absolute", "arcsin", "arctanh"]
    for op in unary:
        add(f"T.{op}(s_float32)", op in EXACT_OPS)
    for op in ["neg", "abs", "relu", "floor", "round", "square", "frac", "positive", "sqrt",
               "bitwise_not", "sign", "signbit"]:
        add(f"T.{op}(x_bool)", op in EXACT_OPS)
    for op in ["neg", "abs", "sign", "floor", "square", "sqrt", "exp", "sigmoid", "reciprocal",
               "lgamma", "signbit", "isnan", "bitwise_not", "frac"]:
        add(f"T.{op}(x_int64)", op in EXACT_OPS)
    for op in ["sqrt", "exp", "log", "tanh", "reciprocal", "lgamma", "round", "logit"]:
        add(f"T.{op}(r_float16)", op in EXACT_OPS)
        add(f"T.{op}(r_bfloat16)", op in EXACT_OPS)
    for op in ["exp", "sigmoid", "erf", "digamma", "atan", "erfinv", "log1p", "tan"]:
        add(f"T.{op}(x_float32)", op in EXACT_OPS)
    return out


MISC = [
    # in-place: identity kept, PyTorch's cast errors
    "ip(x_int64, 'add_', 1)", "ip(x_int64, 'add_', 1.5)", "ip(x_int64, 'div_', 2)",
    "ip(x_int32, 'mul_', y_float32)", "ip(x_float16, 'add_', y_int64)",
    "ip(x_float32, 'eq_', y_float32)", "ip(x_int64, 'lt_', 2)", "ip(x_float32, 'add_', m_float32)",
    "ip(m_float32, 'add_', c_float32)", "ip(x_bool, 'sub_', True)", "ip(x_int64, 'floor_divide_', 2)",
    "ip(x_int64, 'pow_', 2)", "ip(x_int64, 'pow_', 0.5)", "ip(x_int64, 'clamp_', 0, 1)",
    "ip(x_int64, 'sqrt_')", "ip(x_float32, 'sqrt_')", "ip(x_int8, 'neg_')",
    "ip(x_float32, 'logical_not_')", "ip(x_int64, 'bitwise_and_', 3)",
    "ip(x_float32, 'float_power_', 2)", "ip(x_float64, 'float_power_', 2)",
    "ip(x_float32, 'lerp_', y_float32, 0.3)", "ip(x_float32, 'addcmul_', y_float32, y_float32, value=0.5)",
    "ip(x_float32, 'round_', decimals=1)", "ip(s_float32, 'nan_to_num_')", "ip(x_uint8, '__iadd__', 1)",
    "ip(x_float32, '__imul__', 2)", "ip(x_int64, '__itruediv__', 2)", "ip(x_int64, '__ifloordiv__', 2)",
    "(lambda t: (T.add(x_float32, y_float32, out=t), t)[1])(T.zeros(6))",
    "(lambda t: T.add(x_float32, y_float32, out=t) is t)(T.zeros(6))",
    "(lambda t: (T.mul(m_float32, c_float32, out=t), t)[1])(T.zeros(2, 3))",
    "(lambda t: (T.sqrt(x_float32, out=t), t)[1])(T.zeros(6, dtype=T.float64))",
    # alpha
    "T.add(x_float32, y_float32, alpha=2)", "T.add(x_int64, y_int64, alpha=3)",
    "T.add(x_int64, y_int64, alpha=2.5)", "T.add(x_int64, y_int64, alpha=True)",
    "T.add(x_bool, y_bool, alpha=True)", "T.add(x_bool, y_bool, alpha=2)",
    "T.sub(x_float16, y_float16, alpha=0.3)", "T.sub(x_int64, 3, alpha=2)",
    "T.add(x_float32, 2, alpha=-1.5)", "T.add(x_bfloat16, y_bfloat16, alpha=0.1)",
    "T.sub(x_bool, y_bool)", "T.sub(x_int64, y_bool)", "T.sub(x_bool, 1)", "T.sub(x_int64, True)",
    "True - x_bool", "1 - x_bool", "2.5 - x_int64", "2 - x_uint8",
    # operand type errors
    "T.add(x_int64, 'a')", "T.add(x_int64, None)", "T.add('a', x_int64)", "T.mul(x_int64, [1])",
    "T.pow(2, 3)", "T.sqrt(2.0)", "T.maximum(x_int64, 2)", "T.logical_and(x_int64, 1)",
    "T.logical_and(1, x_int64)", "x_int64.logical_and(1)", "T.atan2(x_int8, 3)",
    "T.isclose(x_float32, 1.0)", "T.equal(x_int64, 1)", "x_float32 + 'a'", "T.eq(2, x_int64)",
    "T.fmod(-5, x_int64)", "T.copysign(2, x_float32)",
    # pow
    "T.pow(x_int64, -1)", "T.pow(x_int64, -1.0)", "T.pow(T.tensor([-1, 1, 2, 0, -2, 3]), T.tensor([-1, -2, -3, -1, -3, -1]))",
    "2 ** T.tensor([-1, 0, 3])", "2.5 ** x_int64", "(-2) ** x_int8", "x_bool ** 2", "x_bool ** x_bool",
    "x_bool ** 2.0", "T.pow(x_bool, True)", "T.pow(x_bool, False)", "x_int64 ** True",
    "T.pow(T.tensor([3], dtype=T.int8), 5)", "T.pow(T.tensor([3]), 50)", "T.pow(T.tensor([3, -3], dtype=T.int32), 21)",
    "T.pow(0, x_int64)", "T.pow(T.tensor(2), T.tensor([1.5]))",
    "T.pow(T.tensor([2]), T.tensor(1.5))", "T.pow(T.tensor(-8.), 1/3)", "T.pow(1, T.tensor([nan]))",
    "T.pow(T.tensor([nan]), 0)", "T.pow(x_int64, 0)", "T.pow(x_int64, 0.0)", "T.pow(x_int64, 1.0)",
    "T.float_power(2, x_int64)", "T.pow(x_float32, x_float64)",
    "T.pow(T.tensor([2, 3], dtype=T.int8), T.tensor([9, 2.5]))",
    "x_float32 ** 2", "x_float32 ** 3", "x_float32 ** -1", "x_float32 ** -2", "x_float32 ** 0.5",
    "x_float16 ** 0.5", "s_float16 ** -0.5", "x_bfloat16 ** -2", 
    # division edge cases
    "T.div(x_int64, 0)", "x_int64 // 0", "x_int64 % 0", "T.fmod(x_int64, 0)",
    "T.div(x_int64, 0, rounding_mode='trunc')", "x_int64 / 0", "T.remainder(x_float32, 0)",
    "T.fmod(x_int64, 0.0)", "T.remainder(x_int64, 1.5)", "T.remainder(-5, T.tensor([3]))",
    "(x_int64 // (y_int64 - 2)).tolist()", "T.remainder(x_int64, y_bool).tolist()",
    "x_int64.fmod(-2)", "T.fmod(T.tensor([-7.5, 7.5]), -2)",
    "T.remainder(T.tensor([-7.5, 7.5, -0.0, 0.0]), -2)", "T.remainder(T.tensor([-7.5, 7.5, 3, -3.]), inf)",
    "T.remainder(T.tensor([inf]), 2)",
    "T.div(T.tensor([-7, 7]), 2, rounding_mode='trunc')", "T.div(T.tensor([-7., 7.]), 2, rounding_mode='trunc')",
    "T.div(T.tensor([-7., 7., 0.]), -0.0, rounding_mode='floor')", "T.div(T.tensor([-0.0, 0.0]), 3, rounding_mode='floor')",
    "T.div(T.tensor([-1.0, 1.0]), inf, rounding_mode='floor')", "T.div(x_bool, y_bool, rounding_mode='floor')",
    "T.div(x_bool, y_bool, rounding_mode='trunc')", "T.div(x_int64, 2, rounding_mode='round')",
    "T.div(T.tensor([-7, 7]), T.tensor(2.0), rounding_mode='floor')", "x_bool // 1",
    "T.tensor(-2**63) // -1", "T.tensor([-128], dtype=T.int8) // -1", "T.tensor([-128], dtype=T.int8) % -1",
    "T.div(x_float16, 0.1, rounding_mode='trunc')", "T.div(x_int8, y_int8, rounding_mode='trunc')", "r_float32 / 3", "r_float32 / r_float32[0]",
    "r_float32 / r_float32[:, :1]", "r_float16 / 0.3", "r_bfloat16 * 0.3",
    # scalars out of range
    "x_int8 + 300", "x_uint8 - 1", "x_int8 == 300", "x_uint8 < 300",
    "x_float16 + 1e10", "x_float32 + 2**70", "x_int64 + 2**64", "x_int64 + 2**63",
    "x_int64 * (-2**63)", "x_uint8 | -1",
    # comparisons
    "x_int64 == y_float32", "x_float16 < 1e5", "x_bool == 1", "x_int64 != 2.5", "x_uint8 >= -1",
    "T.eq(z_float64, x_float32)", "m_float32 > c_int64", "T.eq(s_float32, nan)",
    "x_float32 <= x_float32.flip(0)",
    # logical / bitwise
    "x_bool & True", "x_bool | 1", "x_int64 & 1.5", "x_int64 << 1.5", "~x_float32", "~x_bool",
    "~x_uint8", "~x_int8", "-x_bool", "T.bitwise_not(x_bool)",
    "x_int8 << T.tensor([1, 2, 8, 9, -1, 70], dtype=T.int8)", "x_int8 >> T.tensor([1, 2, 8, 9, -1, 70], dtype=T.int8)",
    "x_int64 << T.tensor([1, 2, 63, 64, -1, 70])", "x_int64 >> T.tensor([1, 2, 63, 64, -1, 70])",
    "x_uint8 << 9", "x_uint8 >> 9", "x_bool << x_bool", "2 << x_int64[:3]",
    "x_int32 ^ y_int64", 
    # unary special values
    "T.sign(T.tensor([nan, -0.0, 0.0, -inf]))", "T.digamma(T.tensor([0., -1., -0.0]))",
    "T.lgamma(T.tensor([0., -1., -0.0, inf, -inf]))", "T.erfinv(T.tensor([1., -1., 2.]))",
    "T.logit(T.tensor([0., 1., 0.5, 2.]))", "T.logit(T.tensor([0., 1., 0.5]), eps=0.1)",
    "T.logit(x_float16 / 8 + 0.5)", "T.logit(x_bfloat16 / 8 + 0.5, eps=0.1)",
    "T.sinc(T.tensor([0., inf]))", "T.round(x_int64, decimals=1)",
    "T.round(T.tensor([2.5, 3.5, -2.5, 0.125, 1234.5678]), decimals=2)",
    "T.round(T.tensor([1234.5678, 1250.]), decimals=-2)", "T.round(T.tensor([2.5, 0.5, 1.5], dtype=T.float16))",
    "T.round(T.tensor([1.005, 2.675], dtype=T.float16), decimals=2)",
    "T.round(T.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999999]))", "T.round(x_bfloat16, decimals=1)", "T.round(T.tensor([125.0, 135.0, -125.0]), decimals=-1)",
    "T.relu(T.tensor([-0.0, nan, -1.]))", "T.maximum(T.tensor([-0.0, 0.0]), T.tensor([0.0, -0.0]))", "T.minimum(T.tensor([-0.0, 0.0]), T.tensor([0.0, -0.0]))",
    "T.maximum(T.tensor([nan, 1.]), T.tensor([2., nan]))", "T.fmax(T.tensor([nan, 1.]), T.tensor([2., nan]))",
    "T.fmin(T.tensor([nan, nan]), T.tensor([2., nan]))", "T.maximum(x_bool, y_bool)", "T.minimum(x_int8, y_float16)",
    "T.xlogy(T.tensor([0., 0., 1.]), T.tensor([nan, 0., 0.]))", "T.xlogy(2, T.tensor([3.]))",
    "T.xlogy(T.tensor([3.]), 2)",
    # clamp
    "T.clamp(x_int64, min=x_float32)", "T.clamp(x_float32, min=T.tensor(0.5), max=2)", "T.clamp(x_int64, 0.5, 2)",
    "T.clamp(x_float32, 3, 1)", "T.clamp(T.tensor([nan, 1.]), 0, 0.5)", "T.clamp(x_float32, nan)",
    "T.clamp(x_float32, max=nan)", "T.clamp(x_float32, min=y_float32 * 3, max=y_float32)",
    "T.clamp(x_int64, T.tensor([2.5]))", "T.clamp(x_bool, 0, 1)", "T.clamp(x_bool, False, True)",
    "T.clamp(x_uint8, -1, 300)", "T.clamp(x_int8, 0, 300)", "T.clamp(x_int64)", "T.clamp(m_int64, max=T.tensor([[1], [2]]))",
    "T.clamp_min(x_int64, 2.5)", "T.clamp_max(x_float16, 0.3)", "T.clamp(x_bool, x_bool, y_bool)",
    "T.clamp(x_int64, x_int64, 2)", "T.clamp(x_bool, min=x_bool)", "T.clamp(x_int8, -300)", "T.clamp(x_int8, 2.5)",
    "T.clamp(x_uint8, 0.5, 300.5)", "T.clamp(x_float16, 1e6)", "T.clamp(x_int8, max=T.tensor([300]))",
    "T.clamp(x_float32, x_float64)", "T.clamp(x_int32, 0, 2**40)", "T.clamp(x_bfloat16, 1e39)", "T.clamp_max(x_uint8, -255)", "T.clamp(s_float32, -1, 1)",
    # where
    "T.where(x_bool, 1.0, 0)", "T.where(x_bool, 1, 0)", "T.where(x_bool, x_int64, 1.5)",
    "T.where(x_bool, T.tensor(1.5, dtype=T.float64), x_int64)", "T.where(x_int64, 1, 0)",
    "T.where(x_bool.to(T.uint8), 1, 0)", "T.where(x_bool, True, 0)", "T.where(x_bool, x_float16, 2.0)",
    "T.where(x_bool, T.tensor([1], dtype=T.int8), 300)", "x_int64.where(x_bool, 0)", "T.where(x_bool, x_int64)",
    "T.where(True, x_int64, 0)", "T.where(x_bool, x_uint8, -1)", "T.where(x_bool, x_int64, 2**63)",
    "T.where(c_bool, m_float32, x_float64[:3])", "T.where(z_bool, x_int8, y_int16)",
    "T.where(x_bool, z_float64, x_float16)", "T.where(x_bool)",
    # lerp
    "T.lerp(x_float32, x_float64, 0.5)", "T.lerp(x_float32, y_float32, T.tensor([0.1, 0.6, 0.9, 0.5, 0.49, 1.0]))",
    "T.lerp(x_float32, y_float32, T.tensor([0.1], dtype=T.float64))", "T.lerp(x_int64, y_int64, 0.5)",
    "T.lerp(x_float32, y_float32, 2)", "T.lerp(x_float16, y_float16, 0.7)", "T.lerp(x_float32, 3.0, 0.5)",
    "T.lerp(x_bfloat16, y_bfloat16, 0.3)", "T.lerp(m_float32, c_float32, 0.25)", "T.lerp(x_int64, y_int64, z_int64)", "T.lerp(x_float16, y_float16, T.tensor(0.6, dtype=T.float16))",
    # addcmul / addcdiv
    "T.addcmul(x_int64, x_int64, y_int64, value=2)", "T.addcmul(x_int64, x_int64, x_int64, value=2.5)",
    "T.addcmul(x_float32, x_int64, x_int64, value=2.5)", "T.addcmul(x_int64, x_float32, x_int64)",
    "T.addcdiv(x_float32, x_float32, x_int64)", "T.addcdiv(x_int64, x_int64, y_int64)",
    "T.addcdiv(x_int64, x_float32, y_float32)", "T.addcmul(x_bool, x_bool, x_bool)",
    "T.addcdiv(x_float32, x_float32, y_float32, value=True)", "T.addcmul(x_float32, x_float32, 2)",
    "T.addcmul(x_float16, y_float16, y_float16, value=0.1)", "T.addcdiv(x_bfloat16, y_bfloat16, x_bfloat16, value=0.3)",
    "T.addcdiv(m_float32, c_float32, x_float32[:3], value=-1.5)", "T.addcmul(x_uint8, y_uint8, y_uint8, value=3)",
    # isclose / allclose / equal
    "T.isclose(x_int64, x_int64.float())", "T.isclose(x_float32, x_float32.double())",
    "T.isclose(x_int64, x_int64 + 1, atol=1)", "T.isclose(x_int64, x_int64 + 1, atol=0.99)",
    "T.isclose(x_bool, x_bool)", "T.isclose(x_float32, x_float32, rtol=-1)", "T.isclose(x_float32, x_float32, atol=-1)",
    "T.isclose(x_float32, x_float32, rtol=-1e-5)", "T.isclose(x_float32, x_float32[:2])",
    "T.isclose(T.tensor([inf, nan, -inf, 1.]), T.tensor([inf, nan, inf, inf]))",
    "T.isclose(T.tensor([inf, nan]), T.tensor([inf, nan]), equal_nan=True)", "T.isclose(x_int64, x_int64.to(T.int32))",
    "T.isclose(x_int64, T.tensor([-7, -1, 1, 6, 2**40, -12]), rtol=0.3)", "T.isclose(x_float16, x_float16 + 0.001)",
    "T.isclose(x_float32, y_float32, rtol=1, atol=0.5)", "T.isclose(x_float32, x_float32 + 1e-6)",
    "T.isclose(m_float32, c_float32, atol=2)",
    "T.allclose(x_float32, x_float32 + 1e-6)",
    "T.allclose(x_int64, x_int64.float())", "T.allclose(x_float32, y_float32)", "T.allclose(m_float32, c_float32, atol=10)",
    "T.equal(x_int64, x_float32)", "T.equal(x_int64, x_int64[:2])", "T.equal(T.tensor([nan]), T.tensor([nan]))",
    "T.equal(x_bool, x_int64)", "T.equal(T.tensor([True, False]), T.tensor([1, 0]))",
    "T.equal(T.tensor(0.1, dtype=T.float64), T.tensor(0.1))", "T.equal(T.tensor([1, 2]), T.tensor([[1, 2]]))",
    # nan_to_num
    "T.nan_to_num(T.tensor([nan, inf, -inf], dtype=T.float16))", "T.nan_to_num(T.tensor([nan, inf, -inf]), nan=1e10, posinf=1e300)",
    "T.nan_to_num(T.tensor([nan, inf, -inf], dtype=T.float16), nan=1e10)", "T.nan_to_num(x_int64, nan=2.5)",
    "T.nan_to_num(T.tensor([nan, inf, -inf], dtype=T.bfloat16))", "T.nan_to_num(s_float64, 1.5, 2.5, -2.5)",
    "T.nan_to_num(s_float32, neginf=0)",
    # numpy scalars
    "x_int32 + np.float64(1.5)", "x_float16 + np.float64(1.5)", "x_int32 + np.int64(2)",
    "x_int32 + np.bool_(True)", "x_bool + np.bool_(True)", "x_bool + np.int32(2)", "x_bool * np.float32(2.5)",
    "T.result_type(x_int32, np.float32(1))",
]

DEFAULT_CASES = ["T.div(T.tensor([1, 2]), 2)", "T.mul(T.tensor([1, 2]), 1.5)",
                 "T.sqrt(T.tensor([2]))", "T.add(x_int64, 0.5)", "T.result_type(x_int64, 1.5)", "T.atan2(x_int32, y_int32)",
                 "T.where(x_bool, 1.0, 0)", "x_float16 * 2.5", "T.isclose(x_int64, x_int64 + 1, atol=1)"]


def dtype_cases():
    """Promotion tables and dtype objects (pure Python in jtorch: no kernels)."""
    out = []
    for a in DTYPES:
        for b in DTYPES:
            out.append(f"T.promote_types(T.{a}, T.{b})")
            out.append(f"T.can_cast(T.{a}, T.{b})")
    for a in DTYPES:
        for za in ("x", "z"):
            for b in DTYPES:
                for zb in ("x", "z"):
                    out.append(f"T.result_type({za}_{a}, {zb}_{b})")
            for s in ["True", "1", "-1", "1.5", "np.float64(1.5)", "np.int32(2)"]:
                out.append(f"T.result_type({za}_{a}, {s})")
                out.append(f"T.result_type({s}, {za}_{a})")
    out += ["T.result_type(1, 2)", "T.result_type(1, 2.5)", "T.result_type(True, False)",
            "T.result_type(True, 2)", "T.result_type(x_int64, 'a')",
            "T.promote_types(T.float32, 'float32')", "T.promote_types(3, T.float32)",
            "T.promote_types(float, int)", "T.can_cast(T.float32, 3)", "T.can_cast(3, T.float32)",
            "T.can_cast(T.int32, float)"]
    for d in DTYPES:
        out += [f"T.{d}.is_floating_point", f"T.{d}.is_signed", f"T.{d}.itemsize",
                f"T.{d}.is_complex", f"repr(T.{d})", f"str(T.{d})", f"T.{d}.to_real()",
                f"T.zeros(1, dtype=T.{d}).is_floating_point()", f"T.{d}.abbr"]
        if d.startswith(("float", "bfloat")):
            out += [f"repr(T.finfo(T.{d}))"] + [f"T.finfo(T.{d}).{k}" for k in
                                                ("bits", "eps", "max", "min", "tiny",
                                                 "smallest_normal", "resolution", "dtype")]
        else:
            out += [f"repr(T.iinfo(T.{d}))"] + [f"T.iinfo(T.{d}).{k}" for k in
                                                ("bits", "max", "min", "dtype")]
    for alias in ["float", "double", "half", "long", "int", "short", "bool", "cfloat" if False else "float32"]:
        out.append(f"T.{alias}")
    out += ["T.finfo()", "repr(T.finfo())", "T.finfo(float).dtype", "T.iinfo(int).bits",
            "T.int32.to_complex()", "T.float32 == T.float", "T.float64 is T.double",
            "T.get_default_dtype()", "T.set_default_dtype(T.int32)", "T.set_default_dtype(float)",
            "T.set_default_dtype('float32')", "T.is_floating_point(T.zeros(1))",
            "T.is_floating_point(T.zeros(1, dtype=T.int8))", "T.zeros(2, dtype=float).dtype",
            "T.zeros(2, dtype=int).dtype", "T.zeros(2, dtype=bool).dtype",
            "T.tensor([1.]).to(float).dtype", "T.tensor([1]).to(bool).dtype",
            "T.finfo(T.int32)", "T.iinfo(T.float32)", "T.iinfo(T.bool)", "T.finfo(T.bool)"]
    return out


DEFAULT_DTYPE_CASES = ["T.get_default_dtype()", "T.tensor(1.5).dtype", "T.zeros(1).dtype",
                       "T.arange(0., 1.).dtype", "T.div(T.tensor([1, 2]), 2).dtype",
                       "T.mul(T.tensor([1, 2]), 1.5).dtype", "T.tensor([1, 2]).float().dtype",
                       "T.linspace(0, 1, 3).dtype", "T.full((1,), 1.5).dtype",
                       "T.result_type(T.tensor([1], dtype=T.float16), 1.5)",
                       "T.result_type(T.tensor([1]), 1.5)", "repr(T.finfo())",
                       "T.result_type(x_int32, z_float64)", "T.result_type(x_int32, 1.5)",
                       "T.result_type(z_int32, 1.5)", "T.result_type(x_bool, np.float32(1))"]


def ip(t, name, *args, **kwargs):
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def run(expr, env):
    try:
        r = eval(expr, env)
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e)}
    return encode(r)


def encode(r):
    if isinstance(r, torch.Tensor):
        return {"tensor": record(r)}
    if isinstance(r, float) and not math.isfinite(r):
        return {"python": "nan" if math.isnan(r) else ("inf" if r > 0 else "-inf"), "float": True}
    if isinstance(r, (bool, int, float, str)) or r is None:
        return {"python": r}
    if isinstance(r, tuple) and all(isinstance(x, torch.Tensor) for x in r):
        return {"tuple": [encode(x) for x in r]}
    return {"repr": repr(r)}


def main():
    ins = make_inputs()
    env = dict(ins, T=torch, np=np, nan=nan, inf=inf, ip=ip)
    out = {"inputs": {k: record(v) for k, v in ins.items()}, "cases": [], "dtype_cases": [],
           "default_cases": []}
    seen = set()
    for expr, exact, default in cases() + [(e, True, None) for e in MISC]:
        if expr in seen:
            continue
        seen.add(expr)
        out["cases"].append({"expr": expr, "exact": exact, "result": run(expr, env)})
    for expr in dtype_cases():
        out["dtype_cases"].append({"expr": expr, "result": run(expr, env)})
        torch.set_default_dtype(torch.float32)
    for default in ["float64", "float16", "bfloat16"]:
        for expr in DEFAULT_CASES + DEFAULT_DTYPE_CASES:
            torch.set_default_dtype(getattr(torch, default))
            try:
                res = run(expr, env)
            finally:
                torch.set_default_dtype(torch.float32)
            out["default_cases"].append({"expr": expr, "default": default, "result": res})
    write("elementwise", out)
    print(len(out["cases"]), "cases,", len(out["dtype_cases"]), "dtype cases,",
          len(out["default_cases"]), "default-dtype cases")


if __name__ == "__main__":
    main()
