"""Reference values for tests/test_reduction.py from real PyTorch (needs torch installed).

Each case is a Python expression over named input tensors and `torch`; the test evaluates the
same expression with `torch` bound to jtorch. Results (tensors, named tuples, tuples) and
exceptions (type and message) are recorded.

    /work/venv/bin/python tests/reference/gen_reduction.py
"""
import json
import warnings

import ml_dtypes
import numpy as np
import torch

from refutil import HERE, record as _record

warnings.simplefilter("ignore")  # degrees-of-freedom warnings; tested separately
nan, inf = float("nan"), float("inf")


_SHORT = {"torch.float32": np.float32, "torch.float16": np.float16,
          "torch.bfloat16": ml_dtypes.bfloat16}


def record(t):
    """refutil.record, with float32/16 and bfloat16 values written in their shortest decimal
    form (exact for that dtype; keeps the JSON small)."""
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


GRAD_X = [[1., 3., 3., 0.], [2., -1., 0., 0.], [0.5, 0.5, 0.5, 2.]]   # ties and zeros
GRAD_W = [[0., 1., 2., 3.], [4., 5., 6., 7.], [8., 9., 10., 11.]]


def make_inputs():
    rng = np.random.default_rng(1234)
    f = rng.standard_normal((3, 4)).astype(np.float32)
    ins = {
        "f": torch.tensor(f),
        "f3": torch.tensor(rng.standard_normal((2, 3, 2)).astype(np.float32)),
        "d": torch.tensor(rng.standard_normal((3, 4)).round(3)),
        "h": torch.tensor(rng.standard_normal((3, 5)).astype(np.float16)),
        "bf": torch.tensor(rng.standard_normal((3, 5)).astype(np.float32)).to(torch.bfloat16),
        "i": torch.tensor(rng.integers(-5, 6, (3, 4))),
        "iu": torch.tensor(rng.permutation(12).reshape(3, 4) - 4),   # integers without ties
        "i32": torch.tensor(rng.integers(-5, 6, (3, 4)).astype(np.int32)),
        "u8": torch.tensor(np.array([[0, 3, 250], [1, 0, 7]], np.uint8)),
        "b": torch.tensor(np.array([[True, False, True, True], [False, False, False, False],
                                    [True, True, True, True]])),
        # ties: rows of length 7 (PyTorch's CPU sort/mode order ties stably up to 16 elements)
        "ties": torch.tensor(np.array([[3, 1, 3, 2, 1, 3, 1], [2, 2, 2, 2, 2, 2, 2],
                                       [5, 1, 5, 1, 0, 0, 5]], np.float32)),
        "tiesL": torch.tensor(rng.integers(0, 4, (2, 40)).astype(np.float32)),
        "itie": torch.tensor(np.array([[4, 1, 4, 2], [0, 0, 3, 3], [7, 7, 7, 7]])),
        "fnan": torch.tensor(np.array([[1, nan, 3, -2, 0.5], [nan, nan, 2, nan, nan],
                                       [4, 2, nan, 1, 3], [0.5, 1.5, -1, 2, 7]], np.float32)),
        "fnan1": torch.tensor(np.array([[1, nan, 3, -2, 0.5], [4, 2, -7, 1, 3]], np.float32)),
        "finf": torch.tensor(np.array([[inf, 1, 2], [-inf, -inf, -inf], [inf, -inf, 0],
                                       [inf, inf, 1]], np.float32)),
        "finf1": torch.tensor(np.array([[inf, 1, -inf], [2, -inf, 0.5]], np.float32)),
        "nan2": torch.tensor(np.array([[nan, nan], [1, nan], [nan, 1]], np.float32)),
        "gx": torch.tensor(GRAD_X),
        "gw": torch.tensor(GRAD_W),
        "e": torch.zeros(0, 3),
        "s": torch.tensor(3.5),
        "si": torch.tensor(7),
        "v": torch.tensor(rng.standard_normal(6).astype(np.float32)),
        "big": torch.tensor(rng.standard_normal(300).astype(np.float32)),
        "hbig": torch.tensor((rng.random(400) * 0.2).astype(np.float16)),
        "runs": torch.tensor(np.array([1, 1, 2, 2, 3, 1, 1, 2])),
        "rows": torch.tensor(np.array([[1, 2], [1, 2], [0, 5], [0, 5], [1, 2]])),
        "q": torch.tensor(np.array([0.0, 0.25, 0.5, 0.9, 1.0], np.float32)),
        "qd": torch.tensor(np.array([0.1, 0.5, 0.75])),
        "q0": torch.tensor(np.float32(0.3)),
    }
    return ins


ALL = ["f", "d", "h", "bf", "i", "i32", "u8", "b", "s", "si", "e"]
EDGES = ["ties", "fnan", "finf", "itie"]


def cases():
    c = []
    add = c.append

    def each(xs, *templates):
        for x in xs:
            for t in templates:
                add(t.format(x=x))

    # ---- sum / nansum / mean / nanmean / prod: every dtype once, dims on f and f3
    each(ALL, "{x}.sum()", "{x}.prod(0)", "{x}.mean(-1, True)")
    each(["f", "i", "b", "h", "e", "s"], "{x}.nansum(0)", "{x}.nanmean()")
    each(["f", "f3"], "{x}.sum(0)", "{x}.sum(-1, True)", "{x}.sum((0, 1))",
         "{x}.sum(dim=[1, 0], keepdim=True)", "{x}.sum(axis=1, keepdims=True)", "{x}.sum(())",
         "torch.sum({x}, dim=None, keepdim=True)", "{x}.mean(0)", "{x}.mean((0, 1))",
         "{x}.mean(axis=0, keepdims=True)", "{x}.mean([])", "{x}.prod(1, keepdim=True)",
         "{x}.nansum(dim=(0, -1), keepdim=True)")
    for e in ["f3.sum((0, 2))", "f3.sum((-1, 0), True)", "f3.mean((2, 0))", "i.sum(0)",
              "i.sum(dtype=torch.float64)", "f.sum(1, dtype=torch.int32)",
              "b.sum(dtype=torch.bool)", "f.sum(dtype=torch.bool)", "f.prod(dtype=torch.bool)",
              "i.prod(1, dtype=torch.float64)",
              "h.sum(1, dtype=torch.float32)", "i.mean(dtype=torch.float32)",
              "f.mean(1, True, dtype=torch.float64)", "u8.sum(1)", "b.prod(1)", "i32.prod(0)",
              "big.sum()", "big.mean()", "hbig.sum()", "hbig.mean()", "hbig.cumsum(0)",
              "fnan.nansum()", "fnan.nansum(1)", "fnan.nanmean(1)", "fnan.nanmean(0, True)",
              "fnan.sum(1)", "fnan.mean(0)", "i.nansum(dtype=torch.float32)", "e.mean(0)",
              "e.mean(1)", "e.prod(1)", "torch.zeros(2, 0).mean(1)",
              "torch.zeros(2, 0).nanmean(1)",
              # errors
              "i.mean()", "b.mean(0)", "f.mean(dtype=torch.int64)", "i.nanmean()",
              "i.nanmean(dtype=torch.float32)", "f.sum(3)", "f.sum((0, 0))", "f.sum((0, -2))",
              "f.sum(-3)", "s.sum(1)", "s.sum((0, -1))", "f.prod(dim=(0, 1))", "f.sum(0.5)"]:
        add(e)
    # ---- std / var / std_mean / var_mean
    each(["f", "d", "h", "bf", "s", "v"], "{x}.std()", "{x}.var(0)", "{x}.std(-1, keepdim=True)")
    each(["f", "f3"], "{x}.std(unbiased=False)", "{x}.var(0, False)", "{x}.std(0, True, True)",
         "{x}.var(correction=0)", "{x}.std(correction=2)", "{x}.var(0, correction=1.5)",
         "torch.std({x}, False)", "torch.var_mean({x})", "torch.std_mean({x}, 0)",
         "torch.var_mean({x}, -1, keepdim=True, correction=0)", "{x}.std((0, 1))",
         "{x}.var(dim=[1, 0], keepdim=True)", "{x}.var(axis=1, keepdims=True)",
         "{x}.std(dim=None, keepdim=True)")
    for e in ["torch.std_mean(h, unbiased=False)", "torch.var_mean(d, 1)", "big.std()",
              "big.var(0)", "s.var(0)", "fnan.std(1)", "torch.zeros(2, 0).var(0)",
              "torch.zeros(2, 0).std(1)", "torch.tensor([1., 2]).std(correction=3)",
              "torch.tensor([1., 1]).var(correction=2)", "torch.tensor([1., 2]).var(correction=-1)",
              # errors
              "i.std()", "b.var()", "torch.std_mean(i)", "torch.var_mean(i, 0)", "f.std(2)",
              "f.std(1.5)", "f.std(0, True, True, correction=1)",
              "f.std(correction=1, unbiased=True)"]:
        add(e)
    # ---- max / min / amax / amin / aminmax / argmax / argmin
    each(ALL[:-1], "{x}.max()", "{x}.min(0)", "{x}.amax(-1, keepdim=True)", "{x}.aminmax()",
         "{x}.argmax()", "{x}.argmin(0)")
    each(EDGES, "{x}.max()", "{x}.min()", "{x}.max(1)", "{x}.min(-1, True)", "{x}.amax(1)",
         "{x}.amin()", "{x}.aminmax(dim=1)", "{x}.argmax(1)", "{x}.argmin()",
         "{x}.argmax(keepdim=True)")
    each(["tiesL"], "{x}.argmax(1)", "{x}.argmin(1)", "{x}.max(1)", "{x}.min(1)")
    each(["f", "f3"], "{x}.max(0)", "{x}.max(-1, True)", "torch.max({x}, dim=0, keepdim=True)",
         "{x}.amax((0, 1))", "{x}.amin(dim=[-1, 0], keepdim=True)", "{x}.amax(())",
         "{x}.max(axis=1, keepdims=True)", "{x}.argmin(axis=0, keepdims=True)",
         "{x}.argmax(dim=None, keepdim=True)", "{x}.argmax(-1, True)",
         "{x}.aminmax(dim=-1, keepdim=True)", "torch.min({x}, 1).indices")
    for e in ["b.max(1)", "b.amin(0)", "i.max(1)", "s.max(0)", "si.argmax(0)", "s.aminmax(dim=0)",
              "torch.max(f, torch.zeros(4))", "torch.min(f, other=d)", "f.max(torch.tensor(0.5))",
              "i.min(f)", "torch.max(f, dim=1).values", "torch.zeros(2, 0).min(0)",
              "torch.zeros(2, 0).amin(0)", "torch.zeros(2, 0).argmin(0)",
              "torch.zeros(2, 0).aminmax(dim=0)", "e.max(1)", "e.argmax(1)"]:
        add(e)
    # errors
    each(["max", "min", "amax", "amin", "argmax", "argmin", "aminmax"], "e.{x}()")
    each(["max", "amax", "argmax", "median", "nanmedian", "mode"], "e.{x}(0)", "e.{x}(-2)")
    for e in ["e.amax((0, 1))", "e.amax((1, 0))", "e.aminmax(dim=0)", "e.aminmax(dim=-2)",
              "e.kthvalue(1, 0)", "torch.zeros(2, 0).kthvalue(1, 1)", "b.argmax()",
              "b.argmin(0)", "f.max(3)", "f.max(dim=None)", "f.max(keepdim=True)",
              "f.max(torch.zeros(2))", "f.argmax((0, 1))", "f.amax((0, 0))", "f.amax(0.5)",
              "f.aminmax(1)"]:
        add(e)
    # ---- all / any / count_nonzero
    each(["f", "d", "h", "i", "u8", "b", "s", "e", "fnan"], "{x}.all()", "{x}.any(0)",
         "{x}.all(-1, True)", "{x}.count_nonzero()")
    each(["f", "u8", "f3"], "{x}.all((0, 1))", "{x}.any(dim=[1, 0], keepdim=True)",
         "{x}.all(())", "{x}.any(axis=0, keepdims=True)", "{x}.count_nonzero((0, 1))",
         "{x}.count_nonzero(dim=(-1,))", "torch.any({x}, keepdim=True)", "{x}.count_nonzero(0)")
    for e in ["b.any()", "b.all(1)", "f.all((0, 0))", "f.count_nonzero((1, 1))",
              "f.count_nonzero(dim=3)"]:
        add(e)
    # ---- norm
    each(["f", "d", "h", "bf", "v", "s"], "{x}.norm()", "{x}.norm(1)", "{x}.norm(inf)",
         "{x}.norm(dim=0)")
    each(["f", "f3"], "{x}.norm(3)", "{x}.norm(0.5)", "{x}.norm(-1)", "{x}.norm(0)",
         "{x}.norm(-inf)", "{x}.norm(2, -1, True)",
         "torch.norm({x}, p='fro', dim=0, keepdim=True)",
         "{x}.norm(p=2, dim=0, dtype=torch.float64)", "{x}.norm(dim=(0, 1))",
         "{x}.norm(inf, dim=(1, 0), keepdim=True)", "{x}.norm('fro', dim=(0, 1))",
         "{x}.norm(dim=())")
    for e in ["f.norm(None)", "h.norm(dtype=torch.float32)", "d.norm(1, 1)", "f.norm('nuc')",
              "d.norm('nuc', keepdim=True)", "f3.norm('nuc', dim=(1, 2))",
              "f3.norm('nuc', dim=(0, 2), keepdim=True)", "finf.norm(dim=1)",
              "fnan.norm(inf, dim=1)", "torch.tensor([0., 0]).norm(-1)", "e.norm()",
              "e.norm(1, dim=0)", "e.norm(inf, dim=1)",
              # errors
              "e.norm(inf)", "e.norm(-inf, dim=0)", "e.norm(-1)", "i.norm()", "b.norm()",
              "i.norm(dtype=torch.float32)", "f.norm(dtype=torch.int64)",
              "f.norm(dtype=torch.float16)", "d.norm(dtype=torch.float32)", "f.norm(p='abc')",
              "f3.norm('fro', dim=(0, 1, 2))", "f3.norm('nuc')", "v.norm('nuc')",
              "f.norm(p=2, dim=(0, 1, 0))"]:
        add(e)
    # ---- logsumexp
    each(["f", "d", "h", "bf", "i", "b", "s", "finf", "fnan", "e"], "{x}.logsumexp(0)")
    each(["f", "f3"], "{x}.logsumexp(-1, True)", "{x}.logsumexp((0, 1))",
         "torch.logsumexp({x}, dim=[1, 0], keepdim=True)", "{x}.logsumexp(axis=1, keepdims=True)")
    for e in ["finf.logsumexp(1)", "e.logsumexp(1)", "i.logsumexp((0, 1))", "f.logsumexp()",
              "f.logsumexp(2)"]:
        add(e)
    # ---- cumsum / cumprod / cummax / cummin
    each(ALL, "{x}.cumsum(0)", "{x}.cumprod(-1)", "{x}.cummax(0)", "{x}.cummin(-1)")
    each(EDGES, "{x}.cumsum(1)", "{x}.cumprod(1)", "{x}.cummax(1)", "{x}.cummin(1)",
         "{x}.cummax(0)")
    for e in ["f3.cumsum(1)", "f3.cummin(0)", "torch.cumprod(f, -1)",
              "torch.cummin(f3, dim=-1)", "f.cumsum(1, dtype=torch.float64)",
              "i.cumsum(dim=0, dtype=torch.int32)", "b.cumprod(1, dtype=torch.float32)",
              "h.cumsum(1, dtype=torch.float64)", "f.cumsum(axis=1)", "i.cumsum(1)",
              # errors
              "f.cumsum()", "f.cumsum(2)", "f.cumsum(0.)", "f.cummax(5)"]:
        add(e)
    # ---- median / nanmedian / mode
    each(["f", "d", "h", "bf", "i", "i32", "u8", "s", "si"], "{x}.median()", "{x}.median(0)",
         "{x}.nanmedian(-1, True)", "{x}.mode(0)")
    each(EDGES + ["v", "f3", "nan2"], "{x}.median()", "{x}.median(-1)", "{x}.nanmedian()",
         "{x}.nanmedian(-1)")
    # PyTorch's mode is unspecified with NaN (it sorts with a NaN-unaware comparison)
    each(["ties", "finf", "itie", "v", "f3"], "{x}.mode(-1)", "{x}.mode(0, True)")
    each(["tiesL"], "{x}.median()", "{x}.median(1)", "{x}.nanmedian(1)")
    for e in ["b.mode(1)", "torch.tensor([[1., 1, 2, 2, 3], [2, 2, 1, 1, 0]]).mode(1)",
              "torch.median(f, dim=1, keepdim=True)",
              "torch.nanmedian(fnan, axis=-1, keepdims=True)",
              "torch.mode(ties, dim=0, keepdim=True)", "f.median(0, True)", "e.median()",
              "torch.zeros(2, 0).nanmedian()", "torch.zeros(0, 3).median(1)",
              "torch.zeros(0, 3).mode(1)",
              # errors
              "b.median()", "b.nanmedian(0)", "f.median(5)", "f.mode(2)", "s.mode(1)"]:
        add(e)
    # ---- sort / argsort / msort / topk / kthvalue
    each(["f", "d", "h", "bf", "i", "u8", "b", "s", "e"], "{x}.sort()", "{x}.sort(0, True)",
         "{x}.argsort()", "{x}.msort()")
    each(EDGES + ["f3"], "{x}.sort(1)", "{x}.sort(1, True)", "{x}.argsort(1, True)",
         "{x}.sort(0)", "torch.sort({x}, dim=-1, descending=True, stable=True)",
         "{x}.argsort(dim=0, stable=True)")
    each(["tiesL"], "{x}.sort(stable=True)", "{x}.sort(stable=True, descending=True)",
         "{x}.argsort(dim=1, stable=True, descending=True)")
    each(["f", "d", "h", "iu", "f3", "v", "fnan1", "finf1", "s"], "{x}.topk(1)",
         "{x}.topk(2, 0)", "{x}.topk(2, largest=False)", "{x}.topk(k=1, dim=-1, sorted=False)",
         "{x}.kthvalue(1)", "{x}.kthvalue(2, 0)", "{x}.kthvalue(1, -1, True)")
    for e in ["torch.topk(f, 1, dim=0, largest=False, sorted=True)",
              "torch.kthvalue(f, 1, dim=0, keepdim=True)", "f.topk(0)", "e.topk(0, 0)",
              "e.topk(1)", "f.topk(torch.tensor(2))", "f.topk(2, axis=0)",
              # errors
              "f.topk(5)", "f.topk(-1)", "s.topk(2)", "f.topk(2.0)", "b.topk(1)",
              "f.topk(1, dim=5)", "f.kthvalue(5)", "f.kthvalue(0)", "f.kthvalue(2.0)",
              "s.kthvalue(2)", "b.kthvalue(1)", "f.sort(dim=5)"]:
        add(e)
    # ---- unique / unique_consecutive (sync points)
    each(["i", "itie", "ties", "b", "f", "fnan", "runs", "s", "e", "u8"], "torch.unique({x})",
         "torch.unique({x}, sorted=False, return_inverse=True, return_counts=True)",
         "torch.unique_consecutive({x})",
         "{x}.unique_consecutive(return_inverse=True, return_counts=True)")
    each(["rows", "itie"], "torch.unique({x}, dim=0)",
         "torch.unique({x}, dim=1, return_inverse=True, return_counts=True)",
         "{x}.unique(dim=-1, return_counts=True)",
         "torch.unique_consecutive({x}, dim=0, return_inverse=True, return_counts=True)",
         "{x}.unique_consecutive(dim=1)")
    for e in ["i.unique(return_inverse=True)", "ties.unique(return_counts=True)",
              "torch.unique(torch.zeros(0, 2), dim=0)",
              # errors
              "torch.unique(torch.zeros(0, 2), dim=1)", "torch.unique(f3, dim=3)",
              "f.unique(dim=0.5)"]:
        add(e)
    # ---- quantile / nanquantile
    for fn in ("quantile", "nanquantile"):
        pairs = [("f", "q"), ("d", "qd"), ("f3", "q"), ("v", "q0"), ("fnan", "q"), ("s", "q")]
        if fn == "nanquantile":
            pairs = [("f", "q"), ("v", "q0"), ("fnan", "q")]
        for x, q in pairs:
            add(f"{x}.{fn}(0.5)")
            add(f"{x}.{fn}(0.3, 0)")
            add(f"{x}.{fn}({q})")
            add(f"{x}.{fn}({q}, -1, True)")
            add(f"torch.{fn}({x}, 0.25, dim=None, keepdim=True)")
            add(f"{x}.{fn}({q}, keepdim=True)")
            if x in ("f", "fnan"):
                for interp in ("lower", "higher", "midpoint", "nearest"):
                    add(f"{x}.{fn}({q}, 0, interpolation='{interp}')")
        add(f"torch.tensor([0., 1, 2, 3, 4, 5]).{fn}(torch.tensor([0.1, 0.3, 0.5, 0.7, 0.9]), "
            f"interpolation='nearest')")
        # errors
        for e in ["f.{fn}(1.5)", "f.{fn}(-0.1)", "f.{fn}(torch.tensor([-0.1, 0.5]))",
                  "f.{fn}(torch.tensor([[0.5]]))", "f.{fn}(qd)", "i.{fn}(0.5)", "h.{fn}(0.5)",
                  "e.{fn}(0.5)", "f.{fn}(0.5, 2)", "f.{fn}(0.5, dim=(0, 1))",
                  "f.{fn}(0.4, interpolation='foo')"]:
            add(e.format(fn=fn))
    return c


def grad_cases():
    """Scalar functions of x (input gx, requiring grad) and w (gw); x.grad is recorded. Tie
    rules of the backward matter here: max()/amax/median() spread the gradient over ties,
    max(dim)/sort/median(dim) send it to the returned index."""
    return ["x.sum()", "x.mean(1).sum()", "(x.max(1).values * w[:, 0]).sum()",
            "x.amax(1).sum()", "x.max()", "x.amin((0, 1))", "x.std(1).sum()", "x.var()",
            "torch.std_mean(x, 1)[0].sum()", "x.norm()", "(x * 0).norm()", "x.norm(1, 1).sum()",
            "x.norm(3)", "x.norm(float('inf'))", "(x.sort(1).values * w).sum()",
            "(x.sort(0, True).values * w).sum()", "(x.median(1).values * w[:, 0]).sum()",
            "x.median()", "x.nanmedian()", "(x.cumsum(1) * w).sum()", "x.logsumexp(1).sum()",
            "x.prod(1).sum()", "x.prod()", "x.cumprod(1).sum()",
            "(x.cummax(1).values * w).sum()", "(x.cummin(0).values * w).sum()",
            "x.quantile(0.3, 1).sum()", "(x.quantile(torch.tensor([0.2, 0.9]), 0) * 2).sum()",
            "x.nansum()", "x.nanmean()", "x.min(0).values.sum()",
            "(x.mode(1).values * w[:, 0]).sum()", "x.aminmax().max",
            "((x + w / 100).topk(1, 1).values * w[:, :1]).sum()",
            "(x + w / 100).kthvalue(2, 1).values.sum()",
            "x.logsumexp((0, 1))", "x.sum(0, keepdim=True).prod()"]


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


def write(data):
    """reduction.json with one input / one case per line (small, and diffs stay readable)."""
    def dump(x):
        return json.dumps(x, sort_keys=True, separators=(",", ":"))
    lines = ['{"inputs": {']
    lines.append(",\n".join(f"{json.dumps(k)}: {dump(v)}" for k, v in data["inputs"].items()))
    lines.append('}, "cases": [')
    lines.append(",\n".join(dump(c) for c in data["cases"]))
    lines.append('], "grads": [')
    lines.append(",\n".join(dump(c) for c in data["grads"]))
    lines.append("]}")
    with open(HERE / "reduction.json", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ins = make_inputs()
    env = dict(ins, torch=torch, nan=nan, inf=inf)
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
        eval(expr, {"x": x, "w": ins["gw"], "torch": torch}).backward()
        grads.append({"x": expr, "grad": record(x.grad)})
    write({"inputs": {k: record(v) for k, v in ins.items()}, "cases": out, "grads": grads})
    print(len(out), "cases")


if __name__ == "__main__":
    main()
