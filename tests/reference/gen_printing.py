"""Generate tests/reference/printing.json: PyTorch's repr() of many tensors (needs real torch).

Each case stores a construction recipe that jtorch can replay without torch:
  values  flat list of the tensor's values as stored in its dtype (float64-exact; 'nan'/'inf'
          strings), tiled with np.resize to `shape` when shorter than the tensor
  shape, dtype, requires_grad, post ('t': .t(), 'step': [::2] on dim 0, None)
  options       kwargs for set_printoptions (None: defaults)
  default_dtype name of the default float dtype while building and printing (None: float32)
and torch's repr() of the result.

Run: /work/venv/bin/python tests/reference/gen_printing.py
"""
import math

import numpy as np
import torch

import refutil

DT = {name: getattr(torch, name) for name in (
    "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
    "float64")}

rng = np.random.default_rng(1234)
cases = []


def _flat(t):
    if t.dtype.is_floating_point:
        return refutil._safe(t.detach().reshape(-1).to(torch.float64).tolist())
    return t.detach().reshape(-1).tolist()


def case(name, values, dtype="float32", shape=None, options=None, default_dtype=None,
         requires_grad=False, post=None, tile=False):
    """Build the tensor in torch from `values` and record its repr."""
    a = np.asarray(values, dtype=np.float64 if dtype not in ("bool",) and not dtype.startswith(
        ("int", "uint")) else (np.bool_ if dtype == "bool" else np.int64))
    if shape is None:
        shape = list(a.shape)
    old_default = torch.get_default_dtype()
    if default_dtype is not None:
        torch.set_default_dtype(DT[default_dtype])
    torch.set_printoptions(profile="default")
    try:
        base = torch.tensor(a.reshape(-1), dtype=DT[dtype])  # values rounded to the dtype
        stored = _flat(base)
        full = base.numpy() if dtype != "bfloat16" else base.float().numpy()
        full = np.resize(full, shape) if tile else full.reshape(shape)
        t = torch.tensor(full, dtype=DT[dtype])
        if post == "t":
            t = t.t()
        elif post == "step":
            t = t[::2]
        if requires_grad:
            t.requires_grad_(True)
        if options:
            torch.set_printoptions(**options)
        text = repr(t)
        assert str(t) == text
    finally:
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(old_default)
    cases.append({"name": name, "values": stored, "shape": list(shape), "dtype": dtype,
                  "requires_grad": requires_grad, "post": post, "options": options,
                  "default_dtype": default_dtype, "repr": text})


def normal(*shape, scale=1.0):
    return rng.standard_normal(shape) * scale


nan, inf = math.nan, math.inf

# ---- float32: 0-d ---------------------------------------------------------------------------
case("f32_0d", 3.5)
case("f32_0d_int", 7.0)
case("f32_0d_neg_zero", -0.0)
case("f32_0d_nan", nan)
case("f32_0d_inf", -inf)
case("f32_0d_tiny", 1e-8)
case("f32_0d_huge", 3e12)
case("f32_0d_pi", math.pi)
# ---- float32: vectors and modes --------------------------------------------------------------
case("f32_int_mode", [1.0, 2.0, 3.0])
case("f32_int_mode_neg", [-10.0, 2.0, 300.0])
case("f32_fixed", [1.5, -2.25, 3.125])
case("f32_normal_10", normal(10))
case("f32_rounding", [0.12345, 1.99995, -0.00015, 9.99999])
case("f32_tiny_sci", [1e-5, 2.5e-5, 3.0])
case("f32_huge_sci", [1e9, 2.5e9, -3e9])
case("f32_ratio_sci", [0.001, 10.0, 5.0])
case("f32_ratio_below", [0.01, 10.0, 5.0])
case("f32_int_mode_sci", [1e7, 1.0, 3.0])
case("f32_int_mode_over_1e8", [123456789.0, 2.0])
case("f32_nan_inf_mix", [nan, inf, -inf, 1.5])
case("f32_nan_inf_only", [nan, inf, -inf])
case("f32_int_mode_nan", [1.0, nan, 3.0, -inf])
case("f32_sci_nan", [1e-6, nan, inf, 4.0])
case("f32_zeros_2d", np.zeros((2, 3)))
case("f32_neg_zero_mix", [-0.0, 0.0, 1.0])
case("f32_neg_zero_fixed", [-0.0, 0.5, 1.25])
case("f32_subnormal", [1e-40, 1.0])
case("f32_wrap_50", normal(50))
case("f32_wrap_int_40", np.arange(40) * 7.0 - 100.0)
# ---- float32: higher dims ------------------------------------------------------------------
case("f32_2d", normal(4, 5))
case("f32_2d_col", normal(5, 1))
case("f32_3d", normal(2, 3, 4))
case("f32_4d", normal(2, 2, 2, 3))
case("f32_3d_sci", normal(2, 2, 3, scale=1e-6))
case("f32_2d_t", normal(3, 4), post="t")
case("f32_1d_step", normal(9), post="step")
case("f32_2d_wide", normal(3, 15))
# ---- summarised ----------------------------------------------------------------------------
case("f32_1d_2000", normal(37), shape=[2000], tile=True)
case("f32_arange_2000", np.arange(2000.0))
case("f32_2d_40x50", normal(53), shape=[40, 50], tile=True)
case("f32_3d_10x20x30", normal(41), shape=[10, 20, 30], tile=True)
case("f32_4d_summ", normal(29), shape=[4, 5, 8, 9], tile=True)
case("f32_2d_2x600", normal(31), shape=[2, 600], tile=True)
case("f32_2d_600x2", normal(31), shape=[600, 2], tile=True)
case("f32_summ_hidden_outlier", [1.0] * 10 + [1e-9] + [2.0] * 10, shape=[2001], tile=True)
case("f32_summ_int", np.arange(1001.0) - 500.0)
# more than 2**20 elements: jtorch cuts these on the device before moving them to the host
case("f32_big_3d", normal(101), shape=[3, 600, 700], tile=True)
case("i64_big_1d", rng.integers(-10**6, 10**6, 89), shape=[1100000], dtype="int64", tile=True)
case("f16_big_2d", normal(67, scale=1e-3), shape=[1100, 1000], dtype="float16", tile=True)
# ---- empty ---------------------------------------------------------------------------------
case("f32_empty", np.zeros(0))
case("f32_empty_0x3", np.zeros((0, 3)))
case("f32_empty_2x0x4", np.zeros((2, 0, 4)))
case("i64_empty", np.zeros(0), dtype="int64")
case("bool_empty", np.zeros(0), dtype="bool")
case("f64_empty", np.zeros(0), dtype="float64")
case("i32_empty_3x0", np.zeros((3, 0)), dtype="int32")
case("f32_empty_rg", np.zeros(0), requires_grad=True)
# ---- float64 ------------------------------------------------------------------------------
case("f64_0d", 2.718281828459045, dtype="float64")
case("f64_1d", normal(6), dtype="float64")
case("f64_2d", normal(3, 3), dtype="float64")
case("f64_int_mode", [4.0, -8.0], dtype="float64")
case("f64_e300", [1e300, 1e-300, -5.0], dtype="float64")
case("f64_e100", [1e100, 2.0], dtype="float64")
case("f64_summ", normal(17), shape=[1200], dtype="float64", tile=True)
# ---- float16 / bfloat16 ---------------------------------------------------------------------
case("f16_1d", normal(7), dtype="float16")
case("f16_0d", 0.1, dtype="float16")
case("f16_max_inf", [65504.0, inf, -1.0], dtype="float16")
case("f16_tiny", [6e-8, 1.0], dtype="float16")
case("f16_2d", normal(3, 4), dtype="float16")
case("bf16_1d", normal(7), dtype="bfloat16")
case("bf16_2d", normal(2, 5, scale=100.0), dtype="bfloat16")
case("bf16_int_big", [3e38, 1.0], dtype="bfloat16")
case("bf16_sci", [1e-5, 1.0], dtype="bfloat16")
case("bf16_0d", -1.5, dtype="bfloat16")
# ---- integers -------------------------------------------------------------------------------
case("i64_0d", 42, dtype="int64")
case("i64_0d_neg", -7, dtype="int64")
case("i64_1d", [1, 2, 3], dtype="int64")
case("i64_wide_range", [-1000000000000000, 5, 3, 77], dtype="int64")
case("i64_2d", rng.integers(-50, 50, (4, 6)), dtype="int64")
case("i64_3d", rng.integers(0, 1000, (2, 3, 4)), dtype="int64")
case("i64_summ", np.arange(3000), dtype="int64")
case("i64_2d_summ", rng.integers(-5, 5000, 97), shape=[50, 40], dtype="int64", tile=True)
case("i64_wrap", rng.integers(-99999, 99999, 40), dtype="int64")
case("i32_1d", [1, -2, 3], dtype="int32")
case("i32_2d", rng.integers(-2**31, 2**31 - 1, (3, 3)), dtype="int32")
case("i32_0d", 5, dtype="int32")
case("i16_1d", [-32768, 0, 32767], dtype="int16")
case("i8_2d", rng.integers(-128, 127, (3, 4)), dtype="int8")
case("u8_1d", [0, 255, 17], dtype="uint8")
case("u8_summ", rng.integers(0, 255, 77), shape=[3000], dtype="uint8", tile=True)
# ---- bool ---------------------------------------------------------------------------------
case("bool_0d", True, dtype="bool")
case("bool_1d", [True, False, True], dtype="bool")
case("bool_all_true", [True, True], dtype="bool")
case("bool_2d", rng.integers(0, 2, (3, 4)), dtype="bool")
case("bool_summ", rng.integers(0, 2, 61), shape=[2000], dtype="bool", tile=True)
# ---- requires_grad ------------------------------------------------------------------------
case("rg_f32_1d", [1.0, 2.0], requires_grad=True)
case("rg_f32_0d", 0.25, requires_grad=True)
case("rg_f64_1d", normal(3), dtype="float64", requires_grad=True)
case("rg_f16_2d", normal(2, 2), dtype="float16", requires_grad=True)
case("rg_summ", normal(13), shape=[30, 40], requires_grad=True, tile=True)
case("suffix_wrap", normal(7, scale=1e5), dtype="float64", requires_grad=True)
case("suffix_wrap_2d", normal(2, 7, scale=1e3), dtype="float64", requires_grad=True)
case("suffix_wrap_int", rng.integers(-10**9, 10**9, 6), dtype="int32")
# ---- print options ------------------------------------------------------------------------
case("opt_precision2", normal(5), options={"precision": 2})
case("opt_precision8", normal(5), dtype="float64", options={"precision": 8})
case("opt_precision0", [1.5, 2.25, -3.75], options={"precision": 0})
case("opt_precision1_sci", [1e-6, 1.0], options={"precision": 1})
case("opt_threshold5_int", np.arange(10), dtype="int64", options={"threshold": 5})
case("opt_threshold5_2d", normal(4, 4), options={"threshold": 5})
case("opt_threshold0_0d", 1.5, options={"threshold": 0})
case("opt_edgeitems1", normal(4, 5), options={"threshold": 10, "edgeitems": 1})
case("opt_edgeitems0_1d", np.arange(10.0), options={"threshold": 5, "edgeitems": 0})
case("opt_edgeitems0_2d", np.arange(20), shape=[4, 5], dtype="int64",
     options={"threshold": 5, "edgeitems": 0})
case("opt_edgeitems0_small", [1.0, 2.0], options={"edgeitems": 0})
case("opt_linewidth40", normal(20), options={"linewidth": 40})
case("opt_linewidth120", normal(3, 20), options={"linewidth": 120})
case("opt_linewidth10", normal(4), options={"linewidth": 10})
case("opt_profile_short", normal(3, 7), options={"profile": "short"})
case("opt_profile_short_summ", normal(17), shape=[1500], options={"profile": "short"}, tile=True)
case("opt_profile_full", normal(23), shape=[1100], options={"profile": "full"}, tile=True)
case("opt_sci_true", normal(4), options={"sci_mode": True})
case("opt_sci_true_int", [1.0, 2.0, 300.0], options={"sci_mode": True})
case("opt_sci_true_zeros", [0.0, 0.0], options={"sci_mode": True})
case("opt_sci_false_tiny", [1e-6, 2.0, 3e9], options={"sci_mode": False})
case("opt_sci_false_int_huge", [1e10, 1.0], options={"sci_mode": False})
case("opt_mixed", normal(30, 40), options={"precision": 3, "threshold": 100, "edgeitems": 2,
                                           "linewidth": 60})
# ---- default dtype ------------------------------------------------------------------------
case("dd64_f64", [1.5, 2.0], dtype="float64", default_dtype="float64")
case("dd64_f32", [1.5, 2.0], dtype="float32", default_dtype="float64")
case("dd64_f32_empty", np.zeros(0), dtype="float32", default_dtype="float64")
case("dd64_f64_empty", np.zeros((0, 2)), dtype="float64", default_dtype="float64")
case("dd64_i64", [1, 2], dtype="int64", default_dtype="float64")
case("dd64_bool", [True], dtype="bool", default_dtype="float64")
case("dd64_f64_rg", [0.5], dtype="float64", default_dtype="float64", requires_grad=True)
case("dd16_f16", [1.5, 2.0], dtype="float16", default_dtype="float16")
case("dd16_f32", [1.5, 2.0], dtype="float32", default_dtype="float16")

# grad_fn suffixes printed by real autograd (jtorch's tests attach the same node names)
grad_fn_cases = []
for name, build in [
    ("mul", lambda x: x * 2),
    ("select", lambda x: x[1]),
    ("neg", lambda x: -x),
    ("add", lambda x: x + 1),
]:
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    y = build(x)
    grad_fn_cases.append({"name": name, "grad_fn": type(y.grad_fn).__name__,
                          "values": _flat(y), "shape": list(y.shape), "repr": repr(y)})

fmt_cases = []
for value, dtype, spec in [(3.14159, "float32", ".2f"), (2.5, "float64", "e"),
                           (7, "int64", "05d"), (-1.25, "float32", ">10"), (0.5, "float16", ".3f")]:
    t = torch.tensor(value, dtype=DT[dtype])
    fmt_cases.append({"value": _flat(t)[0], "dtype": dtype, "spec": spec,
                      "text": format(t, spec)})

refutil.write("printing", {
    "cases": cases, "grad_fn": grad_fn_cases, "format": fmt_cases,
    "default_options": torch._tensor_str.get_printoptions(),
    "short_options": (torch.set_printoptions(profile="short"),
                      torch._tensor_str.get_printoptions(),
                      torch.set_printoptions(profile="default"))[1],
})
print(len(cases), "cases")
