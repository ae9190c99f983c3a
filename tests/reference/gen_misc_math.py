"""Reference values for tests/test_misc_math.py from real PyTorch (needs torch installed).

Each case is a Python expression over named input tensors, `torch` and `ip` (an in-place
method on a clone); the test evaluates the same expression with `torch` bound to jtorch.
Results (tensors, named tuples, tuples, Python values) and exceptions (type and message) are
recorded, and gradients of a few scalar functions.

    /work/venv/bin/python tests/reference/gen_misc_math.py
"""
import json
import warnings

import ml_dtypes
import numpy as np
import torch

from refutil import HERE, record as _record

warnings.simplefilter("ignore")  # cov's degrees-of-freedom warning is tested separately
nan, inf = float("nan"), float("inf")

_SHORT = {"torch.float32": np.float32, "torch.float16": np.float16,
          "torch.bfloat16": ml_dtypes.bfloat16}


def record(t):
    """refutil.record with float32/16 and bfloat16 values in their shortest exact form."""
    r = _record(t)
    cast = _SHORT.get(r["dtype"])
    if cast is not None:
        r["value"] = _short(r["value"], cast)
    return r


def _short(v, cast):
    if isinstance(v, list):
        return [_short(x, cast) for x in v]
    if isinstance(v, float):
        return float(str(cast(v)))
    return v


def make_inputs():
    rng = np.random.default_rng(7)
    r = rng.standard_normal((4, 6)).astype(np.float32)
    return {
        "f": torch.tensor([[1., 2., 4.], [7., 11., 16.]]),
        "r": torch.tensor(r),
        "rd": torch.tensor(r.astype(np.float64) * 1.1),
        "rh": torch.tensor(r).half(),
        "rb": torch.tensor(r).bfloat16(),
        "v": torch.tensor(rng.standard_normal(7).astype(np.float32)),
        "x": torch.tensor([1, 3, 6, 10]),
        "xi": torch.tensor(rng.integers(0, 9, 20)),
        "i": torch.tensor(rng.integers(-20, 20, (3, 5))),
        "j": torch.tensor(rng.integers(-20, 20, (3, 5))),
        "i8": torch.tensor([12, -18, 0, 7, -128, 100], dtype=torch.int8),
        "j8": torch.tensor([8, 12, 0, -21, 0, 75], dtype=torch.int8),
        "u8": torch.tensor([1, 3, 250, 0], dtype=torch.uint8),
        "b": torch.tensor([True, False, False, True, True]),
        "s": torch.tensor(2.5),
        "si": torch.tensor(3),
        "e": torch.zeros(0),
        "e2": torch.zeros(2, 0),
        "sp": torch.tensor([-2., -0., 0., 0.5, nan, inf, -inf]),
        "fe": torch.tensor([0., -0., 1., 0.75, 1e-40, inf, nan, -inf, 3e38, -5.5, 1e-30]),
        "fd": torch.tensor([1e-310, 5e-324, 1e-300, -3.5, 0., 1e300], dtype=torch.float64),
        "c3": torch.tensor([[[1., 2.], [3., 4.]], [[5., 6.], [7., 8.]]]),
        "t3": torch.tensor(rng.standard_normal((3, 3, 3)).astype(np.float32)),
        "gx": torch.tensor([[1., -2., 3., 0.5], [0., 4., -1., 2.], [2.5, 1., 1., -3.]]),
        "gw": torch.tensor([[0., 1., 2., 3.], [4., 5., 6., 7.], [8., 9., 10., 11.]]),
    }


def cases():
    c = []
    add = c.append
    # diff
    for e in ["torch.diff(x)", "torch.diff(x, n=2)", "torch.diff(x, n=0)", "torch.diff(x, n=5)",
              "torch.diff(f, dim=0)", "torch.diff(f, 2, -1)", "torch.diff(r, 3, 1)",
              "torch.diff(rh, 2)", "torch.diff(rb, 3, 0)", "torch.diff(rd)", "torch.diff(b)",
              "torch.diff(b, n=3)", "torch.diff(u8)", "torch.diff(i8, 2)", "x.diff()",
              "torch.diff(f, dim=-1, prepend=torch.zeros(2, 1))",
              "torch.diff(f, prepend=torch.zeros(2, 2, dtype=torch.float64), append=f)",
              "torch.diff(x, prepend=torch.tensor([0.5]))",
              "torch.diff(b, prepend=torch.tensor([1]))",
              "torch.diff(x, n=2, append=torch.tensor([1, 2]))",
              "torch.diff(x, n=0, prepend=torch.tensor([5]))",
              "torch.diff(e)", "torch.diff(e, n=2)", "torch.diff(e2, dim=0)", "torch.diff(sp)",
              # errors
              "torch.diff(s)", "torch.diff(x, n=-1)", "torch.diff(f, dim=2)",
              "torch.diff(f, prepend=torch.zeros(3, 1))", "torch.diff(f, prepend=torch.zeros(2))",
              "torch.diff(f, append=torch.zeros(2, 1, 1))", "torch.diff(x, prepend=3)",
              "torch.diff(x, n=1.5)", "torch.diff(x, prepend=torch.tensor(1))"]:
        add(e)
    # dist
    for p in ["", ", 1", ", 0", ", inf", ", -inf", ", 3.5", ", -1", ", p=-0.5"]:
        add(f"torch.dist(f, torch.tensor([1., 0., -2.]){p})")
    for e in ["torch.dist(r, r.flip(0))", "torch.dist(rh, rh.flip(1), 3)", "torch.dist(rh, r)",
              "torch.dist(rb, rh.flip(0))", "torch.dist(f, s.double())", "torch.dist(e, e)",
              "torch.dist(e, e, 0)", "f.dist(torch.zeros(3), p=torch.tensor(2.))",
              "torch.dist(x, x)", "torch.dist(f, torch.zeros(2, 2))", "torch.dist(f, 1.)",
              "torch.dist(e, e, inf)", "torch.dist(e, e, -1)"]:
        add(e)
    # bincount
    for e in ["torch.bincount(x)", "torch.bincount(x, minlength=15)", "torch.bincount(xi)",
              "torch.bincount(x, weights=torch.arange(4.))",
              "x.bincount(torch.arange(4.).double())",
              "torch.bincount(x, weights=torch.arange(4))", "torch.bincount(xi, weights=xi.half())",
              "torch.bincount(x, weights=torch.tensor([True, False, True, True]))",
              "torch.bincount(x.to(torch.uint8), None, 12)", "torch.bincount(x.to(torch.int8))",
              "torch.bincount(torch.tensor([], dtype=torch.long))",
              "torch.bincount(torch.tensor([], dtype=torch.long), minlength=3)",
              "torch.bincount(torch.tensor([], dtype=torch.long), weights=torch.ones(3))",
              "torch.bincount(torch.tensor([-1, 2]))", "torch.bincount(f)",
              "torch.bincount(b)", "torch.bincount(x.reshape(2, 2))", "torch.bincount(si)",
              "torch.bincount(x, minlength=-1)", "torch.bincount(x, weights=torch.ones(3))",
              "torch.bincount(x, weights=torch.ones(2, 2))",
              "torch.bincount(torch.tensor([-1, 2]), weights=torch.ones(3))",
              "torch.bincount(torch.tensor([1.]), minlength=-1)",
              "torch.bincount(x, minlength=1.5)", "torch.bincount(x, weights=[1.])"]:
        add(e)
    # histc
    for e in ["torch.histc(f)", "torch.histc(f, bins=4)", "torch.histc(f, bins=4, min=0, max=8)",
              "torch.histc(f, 3, 5, 5)", "torch.histc(torch.ones(3) * 5, 3)", "torch.histc(r, 7)",
              "torch.histc(rd, 10, -1, 1)", "torch.histc(rh, 6)", "torch.histc(rb, 5, -1.5, 2)",
              "torch.histc(f, 4, 0, 8.5)", "torch.histc(torch.linspace(0, 1, 101), 10, 0, 1)",
              "torch.histc(torch.tensor([1., 2, 3, 4, 5, 6, 7, 8, 9, 10]), 3, 1, 10)",
              "torch.histc(e, 4)", "torch.histc(s, 3)", "f.histc(4)",
              "torch.histc(torch.tensor([1., nan]), 4, 0, 2)",
              "torch.histc(torch.tensor([1., 2.]), 4, min=inf, max=inf)",
              "torch.histc(torch.tensor([-1., 2.]), 4, min=0, max=1)",
              "torch.histc(f, 4, torch.tensor(0.), 8)",
              "torch.histc(x, 4)", "torch.histc(b, 2)", "torch.histc(f, 0)", "torch.histc(f, -1)",
              "torch.histc(f, 4, 5, 1)", "torch.histc(torch.tensor([1., nan]), 4)",
              "torch.histc(torch.tensor([1., inf]), 4)", "torch.histc(f, 4, min=nan)",
              "torch.histc(f, 4, min=0, max=inf)", "torch.histc(f, 2.5)"]:
        add(e)
    # isin
    for e in ["torch.isin(x, torch.tensor([3, 10, 11]))",
              "torch.isin(x, torch.tensor([3, 10, 11]), invert=True)", "torch.isin(x, 3)",
              "torch.isin(3, x)", "torch.isin(3.0, x)", "torch.isin(3.5, x, invert=True)",
              "torch.isin(x, 3.0)", "torch.isin(x, 3.5)",
              "torch.isin(x.float(), torch.tensor([3, 4]))",
              "torch.isin(f, torch.tensor([[2., 11.]]))", "torch.isin(i, j)",
              "torch.isin(i, j, assume_unique=True)", "torch.isin(sp, torch.tensor([nan, 0.]))",
              "torch.isin(x, torch.tensor([]))", "torch.isin(e, x)", "torch.isin(si, x)",
              "torch.isin(x, si)", "torch.isin(r.half(), r[0])",
              "torch.isin(torch.tensor([0.1]), torch.tensor([0.1], dtype=torch.float64))",
              "torch.isin(u8, torch.tensor([-6, 3]))", "torch.isin(i8, 300)",
              "torch.isin(torch.tensor([44], dtype=torch.int8), 300)",
              "torch.isin(b, torch.tensor([True]))", "torch.isin(x, torch.tensor([True]))",
              "torch.isin(x, True)", "torch.isin(3, 3)", "torch.isin(x, [3])"]:
        add(e)
    # heaviside, gcd, lcm, nextafter, ldexp, frexp
    for e in ["torch.heaviside(sp, torch.tensor(7.))", "torch.heaviside(r, r.flip(0))",
              "torch.heaviside(i, torch.tensor(2))", "torch.heaviside(b, torch.tensor(False))",
              "torch.heaviside(rh, torch.tensor(0.5, dtype=torch.half))",
              "sp.heaviside(torch.tensor([0.5]))", "ip(sp, 'heaviside_', torch.tensor(0.5))",
              "torch.heaviside(f, torch.tensor(0.5).double())",
              "torch.heaviside(x, torch.tensor(2.))",
              "torch.heaviside(f, 0.5)", "torch.heaviside(f, torch.zeros(2))",
              "ip(x, 'heaviside_', torch.tensor(0.5))",
              "torch.gcd(i, j)", "torch.gcd(i8, j8)", "torch.lcm(i, j)", "torch.lcm(i8, j8)",
              "torch.gcd(x, si.int())", "torch.gcd(x.int(), torch.tensor([4], dtype=torch.int8))",
              "torch.gcd(u8, torch.tensor(4))", "i.gcd(j)", "i.lcm(j)",
              "ip(x, 'gcd_', torch.tensor(4))", "ip(x, 'lcm_', torch.tensor(4))",
              "ip(x.int(), 'gcd_', torch.tensor([4]))",
              "torch.gcd(torch.tensor([-2**63, -2**63, 6]), torch.tensor([0, -2**63, -2**63]))",
              "torch.lcm(torch.tensor([-2**63, -5, 2**62]), torch.tensor([1, -3, 3]))",
              "torch.gcd(f, f)", "torch.gcd(b, b)", "torch.gcd(x, 4)", "ip(x, 'gcd_', f[0, :1])",
              "torch.lcm(x, torch.tensor([1.]))",
              "torch.nextafter(sp, torch.tensor([2., -1., 1., 0., 1., 0., 0.]))",
              "torch.nextafter(torch.tensor([1., 0., inf, 1.]), torch.tensor([2., -1., 0., nan]))",
              "torch.nextafter(r, r.flip(1))", "torch.nextafter(rd, torch.tensor(0.).double())",
              "torch.nextafter(f, torch.tensor(0.).double())", "torch.nextafter(f, f.double())",
              "torch.nextafter(rh, torch.tensor(10.).half())", "torch.nextafter(rh, r)",
              "torch.nextafter(rb, torch.tensor(100.).bfloat16())",
              "torch.nextafter(x, torch.tensor(1.))", "torch.nextafter(f, torch.tensor(1))",
              "ip(f, 'nextafter_', f.double() + 1)", "ip(r, 'nextafter_', torch.tensor(0.))",
              "torch.nextafter(x, x)", "torch.nextafter(f, 1.)",
              "torch.ldexp(f, torch.tensor([1, 2, 3]))",
              "torch.ldexp(x, torch.tensor([1, 2, 3, 4]))",
              "torch.ldexp(rd, torch.tensor(2))", "torch.ldexp(rh, torch.tensor(2))",
              "torch.ldexp(rh, torch.tensor([[1], [2], [3], [-20]]))",
              "torch.ldexp(f, torch.tensor(2.5))",
              "torch.ldexp(f, torch.tensor([1, 2, 3]).double())",
              "torch.ldexp(b, torch.tensor(3))",
              "torch.ldexp(torch.tensor([1., 1.]), torch.tensor([200, -140]))",
              "torch.ldexp(x.int(), torch.tensor(3, dtype=torch.int32))",
              "f.ldexp(torch.tensor(3))",
              "ip(f, 'ldexp_', torch.tensor(3))", "ip(x, 'ldexp_', torch.tensor(3))",
              "ip(f, 'ldexp_', torch.tensor([1, 2]))", "torch.ldexp(f, torch.tensor(3).bool())",
              "torch.ldexp(f, 2)",
              "torch.ldexp(torch.tensor([2.**100, 2.**-100, 3.]), torch.tensor([-200, 200, 2]))",
              "torch.ldexp(torch.tensor([2.**100, 2.**-100, 3.]), "
              "torch.tensor([-200., 200., 2.3]))",
              "torch.ldexp(torch.tensor([2.**100, 3.]), torch.tensor([-200., 2.5]).double())",
              "torch.ldexp(fd, torch.tensor([1000, 1074, -5, 2, 7, -2000]))",
              "torch.ldexp(rh, torch.tensor(-24))", "torch.ldexp(rh, torch.tensor([-24.]))",
              "torch.ldexp(rh, torch.tensor([2.3]).half())", "torch.ldexp(rb, torch.tensor([3.]))",
              "torch.ldexp(torch.tensor([1.]), torch.tensor([2**40]))",
              "torch.ldexp(x.to(torch.int8), torch.tensor([1., 2, 3, 4]).half())",
              "torch.ldexp(f, torch.tensor([2], dtype=torch.uint8))",
              "torch.ldexp(torch.ones(2, 3), torch.tensor([1, 2]))",
              "torch.frexp(fe)", "torch.frexp(fd)", "torch.frexp(rh * 1000)",
              "torch.frexp(rb * 1e-3)", "f.frexp()", "torch.frexp(s)", "torch.frexp(e)",
              "torch.frexp(x)", "torch.frexp(b)"]:
        add(e)
    # logcumsumexp, renorm
    for e in ["torch.logcumsumexp(f, 1)", "torch.logcumsumexp(f, -2)", "torch.logcumsumexp(r, 1)",
              "torch.logcumsumexp(rd, 0)", "torch.logcumsumexp(rh * 4, 1)",
              "torch.logcumsumexp(rb * 4, 0)", "r.logcumsumexp(dim=1)",
              "torch.logcumsumexp(torch.tensor([-inf, -inf, 1., inf, 2., nan, 3.]), 0)",
              "torch.logcumsumexp(torch.tensor([1e4, 1., -1e4]), 0)",
              "torch.logcumsumexp(s, 0)", "torch.logcumsumexp(e, 0)", "torch.logcumsumexp(e2, 1)",
              "torch.logcumsumexp(x, 0)", "torch.logcumsumexp(b, 0)", "torch.logcumsumexp(f, 2)",
              "torch.logcumsumexp(f)", "torch.logcumsumexp(f, 0.5)",
              "torch.renorm(f, 2, 0, 5)", "torch.renorm(f, 1, 1, 5)", "torch.renorm(f, inf, 0, 5)",
              "torch.renorm(f, 2, -1, 5)", "torch.renorm(r, 2.5, 0, 1)",
              "torch.renorm(rd, 3, 1, 0.5)",
              "torch.renorm(rh, 2, 0, 1)", "torch.renorm(rb, 1, 1, 0.7)",
              "torch.renorm(t3, 2, 1, 1)",
              "f.renorm(2, 0, torch.tensor(5.))", "ip(f, 'renorm_', 2, 0, 5)",
              "torch.renorm(f, 2, 0, 0)", "torch.renorm(torch.zeros(2, 3), 2, 0, 1)",
              "torch.renorm(torch.zeros(0, 3), 2, 0, 1)",
              "torch.renorm(torch.zeros(0, 3), 2, 1, 1)",
              "torch.renorm(f, 0, 0, 5)", "torch.renorm(f, -1, 0, 5)", "torch.renorm(f, 2, 2, 5)",
              "torch.renorm(x, 2, 0, 5)", "torch.renorm(f, 2, 0, -1)",
              "torch.renorm(f, 2, 0, -0.5)",
              "torch.renorm(s, 2, 0, 1)", "torch.renorm(x.reshape(2, 2), 2, 0, 5)",
              "torch.renorm(f, 2, 0.5, 5)"]:
        add(e)
    # cov, corrcoef
    fw, aw = "torch.tensor([1, 2, 3])", "torch.tensor([0.5, 1., 2.])"
    for e in ["torch.cov(f)", "torch.cov(x)", "torch.cov(x.int())", "torch.cov(r)", "torch.cov(rd)",
              "torch.cov(f, correction=0)", "torch.cov(f, correction=3)",
              "torch.cov(r, correction=-1)", "torch.cov(rh)", "torch.cov(rb)", "f.cov()",
              f"torch.cov(f, fweights={fw})", f"torch.cov(f, aweights={aw})",
              f"torch.cov(f, fweights={fw}, aweights={aw})",
              f"torch.cov(f, fweights={fw}, aweights={aw}, correction=0)",
              f"torch.cov(f, aweights={aw}.double())", f"torch.cov(f.double(), aweights={aw})",
              f"torch.cov(f, fweights={fw}.int())", f"torch.cov(f, aweights={aw}.half())",
              "torch.cov(x, aweights=torch.tensor([0.5, 1., 2., 1.]))",
              "torch.cov(x.int(), aweights=torch.tensor([0.5, 1., 2., 1.]).double())",
              "torch.cov(r, fweights=torch.tensor([0, 1, 0, 2, 1, 3]), correction=7)",
              "torch.cov(torch.tensor([[1., 2.]]), fweights=torch.tensor([1, 1]), correction=2)",
              "torch.cov(s)", "torch.cov(torch.tensor([3.]))", "torch.cov(e2)",
              "torch.cov(torch.zeros(0, 3))", "torch.cov(e)",
              "torch.cov(torch.tensor([[1., 2.]]), correction=2)",
              "torch.cov(torch.zeros(2, 3, 1))", "torch.cov(b)", "torch.cov(f, correction=1.5)",
              f"torch.cov(f, fweights={fw}.float())", f"torch.cov(f, fweights={fw}.bool())",
              "torch.cov(f, aweights=torch.tensor([1, 2, 3]))",
              "torch.cov(f, fweights=torch.tensor([1, 2]))",
              "torch.cov(f, fweights=torch.tensor([[1, 2, 3]]))",
              "torch.cov(f, aweights=torch.tensor([1., 2]))",
              "torch.cov(f, aweights=torch.tensor([[1., 2, 3]]))",
              "torch.cov(f, fweights=torch.tensor([1, -2, 3]))",
              "torch.cov(f, aweights=torch.tensor([1, -2, 3.]))",
              "torch.cov(f, fweights=torch.tensor([0, 0, 0]))",
              "torch.cov(f, aweights=torch.tensor([0., 0, 0]))",
              "torch.corrcoef(f)", "torch.corrcoef(r)", "torch.corrcoef(x)", "torch.corrcoef(rd)",
              "torch.corrcoef(torch.tensor([[1., 1., 1.], [1, 2, 3]]))", "torch.corrcoef(rh)",
              "f.corrcoef()", "torch.corrcoef(torch.zeros(0, 3))", "torch.corrcoef(i)",
              "torch.corrcoef(torch.zeros(2, 3, 1))", "torch.corrcoef(b)"]:
        add(e)
    # trapezoid, trapz, cumulative_trapezoid
    xs = "torch.tensor([0., 1., 3.])"
    for e in ["torch.trapezoid(f)", "torch.trapezoid(f, dim=0)", "torch.trapezoid(f, dx=2)",
              "torch.trapezoid(f, dx=2.5, dim=0)", f"torch.trapezoid(f, {xs})",
              "torch.trapezoid(f, torch.tensor([[0., 1., 3.], [1, 2, 4]]))",
              "torch.trapezoid(f, x=torch.tensor([0, 1, 3]))", "torch.trapezoid(x)",
              "torch.trapezoid(x, dx=2)", "torch.trapezoid(x, dx=0.5)", "torch.trapezoid(x, x)",
              "torch.trapezoid(r, torch.linspace(0, 1, 4), dim=0)", "torch.trapezoid(rh)",
              "torch.trapezoid(rb, dx=0.3)", "torch.trapezoid(rd, rd)",
              "torch.trapezoid(f, torch.tensor([[0., 1.]]))", "torch.trapezoid(e)",
              "torch.trapezoid(e2)", "torch.trapezoid(e2, torch.zeros(0))",
              "torch.trapezoid(torch.zeros(0, dtype=torch.long))",
              "torch.trapezoid(torch.zeros(2, 0, dtype=torch.int32), torch.zeros(5))",
              "torch.trapezoid(torch.zeros(2, 1))", f"torch.trapezoid(f, {xs}.double())",
              f"torch.trapezoid(f.half(), {xs})", "torch.trapezoid(f, dx=torch.tensor(2.))",
              "torch.trapezoid(f, torch.tensor([0, 1, 3]).to(torch.int8))",
              "torch.trapz(f)", "torch.trapz(f, dx=2)", f"torch.trapz(f, {xs})",
              f"torch.trapz(f, x={xs}, dim=-1)", "torch.trapz(f, dim=0)", "torch.trapz(f, dx=True)",
              "torch.cumulative_trapezoid(f)", "torch.cumulative_trapezoid(f, dim=0)",
              "torch.cumulative_trapezoid(f, dx=2)", f"torch.cumulative_trapezoid(f, {xs})",
              "torch.cumulative_trapezoid(x)", "torch.cumulative_trapezoid(x, dx=2)",
              "torch.cumulative_trapezoid(e)", "torch.cumulative_trapezoid(x, x)",
              "torch.cumulative_trapezoid(rh, dx=0.5)", "torch.cumulative_trapezoid(r, dim=0)",
              "torch.cumulative_trapezoid(torch.zeros(2, 1))",
              # errors
              "torch.trapezoid(b)", "torch.trapezoid(x, b[:4])", f"torch.trapezoid(f, {xs}[:2])",
              "torch.trapezoid(s)", "torch.trapezoid(s, dim=0)",
              "torch.trapezoid(s, torch.tensor([1.]))",
              "torch.trapezoid(f, dim=2)", "torch.trapezoid(x, dim=-2)",
              "torch.trapezoid(f, torch.tensor([[[0., 1., 3.]]]))", "torch.trapezoid(f, dx=True)",
              f"torch.trapezoid(f, {xs}, dx=2)", "torch.trapezoid(f, [0., 1., 3.])",
              "torch.trapezoid(x, None)", "torch.trapezoid(x, dx=None)",
              "torch.cumulative_trapezoid(s)", "torch.cumulative_trapezoid(s, torch.tensor([1.]))",
              "torch.cumulative_trapezoid(f, torch.tensor([0., 1.]))",
              "torch.cumulative_trapezoid(x, dx=True)", "torch.cumulative_trapezoid(x.bool())",
              "torch.cumulative_trapezoid(x, x.bool())", "torch.cumulative_trapezoid(x, dim=3)",
              "torch.trapz(x, None)"]:
        add(e)
    # vander, unravel_index, tril/triu_indices
    for e in ["torch.vander(x)", "torch.vander(x, N=2)", "torch.vander(x, 3, True)",
              "torch.vander(x, N=0)", "torch.vander(x, N=1)", "torch.vander(v, 5)",
              "torch.vander(v.double(), increasing=True)", "torch.vander(x.to(torch.int8))",
              "torch.vander(b)", "torch.vander(torch.tensor([0.5, 2., -3.]).half(), 6)",
              "torch.vander(torch.tensor([0.5, 2., -3.]).bfloat16(), 6)", "torch.vander(e)",
              "torch.vander(x, N=-1)", "torch.vander(f)", "torch.vander(s)",
              "torch.vander(x, N=2.)",
              "torch.unravel_index(torch.tensor([0, 5, 11]), (3, 4))",
              "torch.unravel_index(torch.tensor(5), (3, 4))",
              "torch.unravel_index(torch.tensor([[0, 5], [-1, 11]]), (3, 4))",
              "torch.unravel_index(torch.tensor([12, -13]), (3, 4))",
              "torch.unravel_index(xi, (2, 1, 5))", "torch.unravel_index(x.int(), [2, 2])",
              "torch.unravel_index(u8, torch.Size([7, 6]))",
              "torch.unravel_index(torch.tensor([3]), 4)",
              "torch.unravel_index(torch.tensor([1]), ())",
              "torch.unravel_index(torch.tensor([], dtype=torch.long), (2, 2))",
              "torch.unravel_index(torch.tensor([], dtype=torch.long), (0, 3))",
              "torch.unravel_index(torch.tensor([3]), (2**62, 2**62))",
              "torch.unravel_index(torch.tensor([1.]), (3, 4))", "torch.unravel_index(b, (2, 2))",
              "torch.unravel_index(5, (3, 4))", "torch.unravel_index(torch.tensor([0]), (3, -1))",
              "torch.unravel_index(torch.tensor([0]), (3, 0))",
              "torch.unravel_index(torch.tensor([0]), (0, 3))",
              "torch.unravel_index(torch.tensor([3]), (2., 2))",
              "torch.unravel_index(torch.tensor([3]), torch.tensor([2, 2]))",
              "torch.unravel_index(torch.tensor([3]), (2**40, 2**40, 2**40))"]:
        add(e)
    for fn in ("tril_indices", "triu_indices"):
        for a in ["3, 3", "3, 4, 1", "3, 4, -1", "3, 4, -5", "3, 4, 10", "0, 4", "1, 0",
                  "4, 3, dtype=torch.int32", "5, 2, offset=-2", "3, 3, device='cpu'",
                  "3, 3, layout=torch.strided", "3, 3, dtype=torch.float32",
                  "3, 3, dtype=torch.bool",
                  "3, 3, dtype=torch.int16", "-1, 3", "3, -1", "3., 3", "3, 3, requires_grad=True"]:
            add(f"torch.{fn}({a})")
    # fill_diagonal_, sum_to_size, predicates
    for e in ["ip(f, 'fill_diagonal_', 0)", "ip(torch.zeros(7, 3), 'fill_diagonal_', 5)",
              "ip(torch.zeros(7, 3), 'fill_diagonal_', 5, wrap=True)",
              "ip(torch.zeros(3, 7), 'fill_diagonal_', 5, wrap=True)",
              "ip(torch.zeros(7, 2), 'fill_diagonal_', 5, True)",
              "ip(torch.zeros(8, 3), 'fill_diagonal_', -1.5, wrap=True)",
              "ip(torch.zeros(4, 3), 'fill_diagonal_', 2, wrap=True)",
              "ip(t3, 'fill_diagonal_', 9)", "ip(x.reshape(2, 2), 'fill_diagonal_', 2.7)",
              "ip(torch.zeros(2, 2), 'fill_diagonal_', torch.tensor(3.))",
              "ip(torch.zeros(2, 2), 'fill_diagonal_', True)",
              "ip(torch.zeros(2, 2), 'fill_diagonal_', inf)",
              "ip(torch.zeros(2, 2, dtype=torch.bool), 'fill_diagonal_', 2)",
              "ip(torch.zeros(2, 2, dtype=torch.int8), 'fill_diagonal_', 2.5)",
              "ip(torch.zeros(0, 0), 'fill_diagonal_', 1)",
              "ip(torch.zeros(3, 3, 2), 'fill_diagonal_', 5)", "ip(x, 'fill_diagonal_', 5)",
              "ip(torch.zeros(2, 2, dtype=torch.int8), 'fill_diagonal_', 300)",
              "ip(rh, 'fill_diagonal_', 1e6)",
              "f.sum_to_size(3)", "f.sum_to_size(1, 3)", "f.sum_to_size((2, 1))",
              "f.sum_to_size(1)",
              "f.sum_to_size(())", "f.sum_to_size([])", "f.sum_to_size(2, 3)",
              "t3.sum_to_size(3, 1, 1)",
              "t3.sum_to_size(1, 3)", "b.sum_to_size(1)", "i8.sum_to_size(1)",
              "rh.sum_to_size(1, 6)",
              "f.sum_to_size(torch.Size([1, 3]))", "f.sum_to_size(3, 3)", "f.sum_to_size(2)",
              "f.sum_to_size(1, 1, 3)", "f.sum_to_size(-1)", "s.sum_to_size(1)",
              "f.sum_to_size(3.)",
              "f.sum_to_size()",
              "torch.is_nonzero(torch.tensor([0.]))", "torch.is_nonzero(torch.tensor([[2]]))",
              "torch.tensor(nan).is_nonzero()", "torch.tensor(False).is_nonzero()",
              "torch.is_nonzero(e)", "x.is_nonzero()",
              "x.is_signed()", "torch.is_signed(x)", "u8.is_signed()", "b.is_signed()",
              "rh.is_signed()", "torch.is_signed(rb)", "torch.is_signed(3)",
              "torch.is_same_size(x, x)", "torch.is_same_size(x, f)", "x.is_same_size(x.float())",
              "torch.is_same_size(torch.zeros(2, 3), f)", "torch.is_same_size(x, 3)"]:
        add(e)
    return c


def grad_cases():
    """Scalar functions of x (gx, requiring grad) and w (gw); x.grad is recorded."""
    return ["(torch.diff(x, 2) * w[:, :2]).sum()",
    "(torch.diff(x, dim=0, prepend=w[:1]) * w).sum()",
            "torch.dist(x, w)", "torch.dist(x, w[0], 1)", "torch.dist(x, w, 3.5)",
            "torch.dist(x, w, inf)", "(torch.logcumsumexp(x, 1) * w).sum()",
            "(torch.logcumsumexp(x, 0) * w).sum()", "(torch.renorm(x, 2, 0, 3) * w).sum()",
            "(torch.renorm(x, 1, 1, 2) * w).sum()", "(torch.renorm(x, 3, 0, 100) * w).sum()",
            "torch.cov(x).sum()", "(torch.cov(x, aweights=w[0] + 1) * w[:3, :3]).sum()",
            "(torch.cov(x, fweights=torch.tensor([1, 2, 0, 3]), correction=0)).sum()",
            "(torch.corrcoef(x) * w[:3, :3]).sum()", "(torch.trapezoid(x) * w[:, 0]).sum()",
            "(torch.trapezoid(x, w[0], dim=1)).sum()", "(torch.trapezoid(x, dx=0.5, dim=0)).sum()",
            "(torch.cumulative_trapezoid(x, w[1]) * w[:, 1:]).sum()",
            "(torch.cumulative_trapezoid(x, dim=0) * w[1:]).sum()",
            "(torch.frexp(x * 3).mantissa * w).sum()",
            "(torch.ldexp(x, torch.tensor(2)) * w).sum()",
            "(torch.ldexp(x, w / 4) * w).sum()", "(torch.ldexp(w, x) * w).sum()",
            "(torch.nextafter(x, w) * w).sum()", "(x.sum_to_size(1, 4) * w[0]).sum()",
            "(x * 1).fill_diagonal_(2.).mul(w).sum()",
            "(x.sum_to_size(3, 1) * w[:, :1]).sum()"]


def encode(r):
    """A result as JSON: {"t": tensor record} | {"nt": name, "f": fields, "i": items} |
    {"tup": items} | {"py": value}; errors are {"err": type name, "msg": message}."""
    if isinstance(r, torch.Tensor):
        return {"t": record(r)}
    if type(r).__module__ == "torch.return_types":
        fields = [k for k, v in vars(type(r)).items() if type(v).__name__ == "member_descriptor"]
        return {"nt": type(r).__name__, "f": fields, "i": [encode(v) for v in r]}
    if isinstance(r, (tuple, list)):
        return {"tup": [encode(v) for v in r]}
    return {"py": r}


def ip(t, name, *args, **kwargs):
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def write(data):
    """misc_math.json with one input / one case per line (small; diffs stay readable)."""
    def dump(x):
        return json.dumps(x, sort_keys=True, separators=(",", ":"))
    lines = ['{"inputs": {']
    lines.append(",\n".join(f"{json.dumps(k)}: {dump(v)}" for k, v in data["inputs"].items()))
    lines.append('}, "cases": [')
    lines.append(",\n".join(dump(c) for c in data["cases"]))
    lines.append('], "grads": [')
    lines.append(",\n".join(dump(c) for c in data["grads"]))
    lines.append("]}")
    with open(HERE / "misc_math.json", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ins = make_inputs()
    env = dict(ins, torch=torch, nan=nan, inf=inf, ip=ip)
    out = []
    for expr in dict.fromkeys(cases()):  # unique, in order
        try:
            res = encode(eval(expr, dict(env)))
        except Exception as e:  # noqa: BLE001 - recording PyTorch's errors is the point
            res = {"err": type(e).__name__, "msg": str(e)}
        out.append({"x": expr, "r": res})
    grads = []
    for expr in grad_cases():
        x = ins["gx"].clone().requires_grad_()
        eval(expr, {"x": x, "w": ins["gw"], "torch": torch, "inf": inf}).backward()
        grads.append({"x": expr, "grad": record(x.grad)})
    write({"inputs": {k: record(v) for k, v in ins.items()}, "cases": out, "grads": grads})
    print(len(out), "cases", len(grads), "grads")


if __name__ == "__main__":
    main()
