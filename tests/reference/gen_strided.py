"""Reference values for tests/test_strided.py from real PyTorch (needs torch installed).

Each case is a Python expression over named inputs and `torch` (plus helper functions defined
the same way in the test); the test evaluates the same expression with `torch` bound to jtorch.
Results (tensors, tuples of tensors, Python values) and exceptions (type and message) are
recorded. The test imports this module for its case lists and helpers, so torch is imported
only inside main().

    /work/venv/bin/python tests/reference/gen_strided.py
"""
import warnings

import numpy as np

from refutil import record, write

warnings.simplefilter("ignore")


def make_inputs(torch):
    rng = np.random.default_rng(7)
    T = torch.tensor
    return {
        "v": T(np.arange(10, dtype=np.float32)),
        "a": T(rng.standard_normal((3, 4)).astype(np.float32)),
        "b": T(rng.standard_normal((2, 3, 5)).astype(np.float32)),
        "d": T(rng.standard_normal((4, 6))),
        "i": T(rng.integers(-9, 9, (3, 4))),
        "s": T(2.5),
        "e": torch.zeros(0, 3),
        "o4": torch.ones(4),
        "o3": torch.ones(3),
        "o32": torch.ones(3, 2),
        "o14": torch.ones(1, 4),
        "o24": torch.ones(2, 4),
        "o5": T(rng.standard_normal(5).astype(np.float32)),
        "i4": T([1, 2, 3, 4]),
        "d3": T([0.5, 1.5, 2.5], dtype=torch.float64),
    }


# -- helpers the expressions use (defined identically in the test) ---------------------------
def geo(t):
    """A view's geometry as PyTorch reports it."""
    return [list(t.shape), list(t.stride()), t.storage_offset(), t.is_contiguous()]


def write_unfold(torch, n, size, step, where, value):
    """Write `value` into base.unfold(0, size, step)[where]; return the base."""
    base = torch.arange(float(n))
    u = base.unfold(0, size, step)
    u[where] = value
    return base


def inplace_unfold(torch, n, size, step, method, *args):
    base = torch.arange(float(n))
    getattr(base.unfold(0, size, step), method)(*args)
    return base


def unfold_grad(torch, shape, dim, size, step):
    n = int(np.prod(shape))
    x = torch.arange(float(n)).reshape(shape).requires_grad_()
    u = x.unfold(dim, size, step)
    w = torch.arange(float(u.numel())).reshape(u.shape)
    (u * w).sum().backward()
    return x.grad


def strided_grad(torch, size, stride, offset):
    x = torch.arange(12.).requires_grad_()
    y = x.as_strided(size, stride, offset)
    w = torch.arange(float(y.numel())).reshape(y.shape)
    (y * w).sum().backward()
    return x.grad


def write_strided(torch, size, stride, offset):
    base = torch.arange(12.).reshape(3, 4)
    base.as_strided(size, stride, offset).mul_(-1)
    return base


def view_then_strided(torch):
    base = torch.arange(12.).reshape(3, 4)
    v = base[1:].t()
    return v.as_strided((2, 2), (1, 4))


def base_write_seen(torch):
    base = torch.arange(10.)
    u = base.unfold(0, 4, 3)
    base.mul_(10)
    return u


def scatter_grads(torch, which):
    x = torch.arange(12.).reshape(3, 4).requires_grad_()
    if which == "select":
        src = torch.ones(4).requires_grad_()
        y = torch.select_scatter(x, src, 0, 1)
    elif which == "slice":
        src = torch.ones(3, 2).requires_grad_()
        y = torch.slice_scatter(x, src, 1, 1, 4, 2)
    else:
        src = torch.ones(3).requires_grad_()
        y = torch.diagonal_scatter(x, src, 1)
    (y * torch.arange(12.).reshape(3, 4)).sum().backward()
    return (x.grad, src.grad)


VALUE_CASES = [
    # unfold
    "v.unfold(0, 3, 2)", "v.unfold(0, 3, 1)", "v.unfold(0, 10, 1)", "v.unfold(-1, 2, 5)",
    "v.unfold(0, 0, 1)", "v.unfold(0, 1, 3)", "v.unfold(0, 4, 4)", "a.unfold(1, 2, 1)",
    "a.unfold(0, 2, 1)", "b.unfold(2, 3, 2)", "b.unfold(1, 3, 1)", "b.transpose(0, 2).unfold(1, 2, 1)",
    "i.unfold(1, 3, 1)", "s.unfold(0, 1, 1)", "s.unfold(0, 0, 1)", "s.unfold(-1, 1, 3)",
    "e.unfold(0, 0, 1)", "e.unfold(1, 2, 1)", "a.unfold(1, 2, 2).unfold(0, 2, 1)",
    "a.unfold(1, 2, 1).sum(-1)", "v.unfold(0, 4, 2).reshape(-1)", "v.unfold(0, 2, 2).view(-1)",
    "geo(v.unfold(0, 3, 2))", "geo(b.unfold(1, 2, 1))", "geo(b.transpose(0, 2).unfold(1, 2, 1))",
    "geo(s.unfold(0, 1, 1))", "geo(v.unfold(0, 2, 2))", "geo(a[1:, 1:].unfold(1, 2, 1))",
    "geo(e.unfold(0, 0, 1))",
    "write_unfold(torch, 6, 2, 2, 1, 5.)", "write_unfold(torch, 6, 3, 1, (1, 0), 50.)",
    "write_unfold(torch, 7, 2, 3, (slice(None), 0), -1.)", "write_unfold(torch, 8, 3, 2, 2, 9.)",
    "inplace_unfold(torch, 6, 3, 1, 'fill_', 7.)", "inplace_unfold(torch, 7, 2, 3, 'mul_', -2.)",
    "inplace_unfold(torch, 6, 3, 3, 'zero_')",
    "unfold_grad(torch, (6,), 0, 3, 1)", "unfold_grad(torch, (3, 5), 1, 2, 2)",
    "unfold_grad(torch, (4, 3), 0, 2, 1)", "unfold_grad(torch, (), 0, 1, 1)",
    "base_write_seen(torch)",
    # select
    "torch.select(a, 0, 1)", "a.select(1, -1)", "b.select(2, 3)", "geo(b.select(1, 2))",
    "a.select(0, torch.tensor(2))",
    # scatters
    "torch.select_scatter(a, o4, 0, 1)", "torch.select_scatter(a, o3, 1, -1)",
    "torch.select_scatter(a, i4, 0, 2)", "torch.select_scatter(i, o4, 0, 0)",
    "a.select_scatter(o4, 0, 0)", "torch.select_scatter(b, torch.ones(2, 5), 1, 1)",
    "torch.slice_scatter(a, o32, 1, 0, 4, 2)", "torch.slice_scatter(a, o14, start=-1)",
    "torch.slice_scatter(a, torch.ones(0, 4), start=5)",
    "torch.slice_scatter(a, o24, start=-10, end=2)", "torch.slice_scatter(a, o24, end=-1)",
    "torch.slice_scatter(a, torch.ones(3, 4))", "torch.slice_scatter(a, o32, 1, None, None, 2)",
    "torch.slice_scatter(a, o32, 1, 1, 10, 2)", "torch.slice_scatter(i, torch.ones(3, 4))",
    "torch.slice_scatter(a, torch.ones(0, 4), start=2, end=1)", "a.slice_scatter(o32, 1, 2)",
    "torch.slice_scatter(b, torch.ones(2, 3, 2), 2, 1, 5, 3)",
    "torch.diagonal_scatter(a, o3)", "torch.diagonal_scatter(a, o3, 1)",
    "torch.diagonal_scatter(a, torch.ones(2), -1)", "torch.diagonal_scatter(a, torch.ones(0), 5)",
    "torch.diagonal_scatter(a, o3, 0, 1, 0)", "torch.diagonal_scatter(a, d3)",
    "torch.diagonal_scatter(b, torch.ones(5, 2), 0, 0, 1)", "a.diagonal_scatter(o3, -0)",
    "scatter_grads(torch, 'select')", "scatter_grads(torch, 'slice')",
    "scatter_grads(torch, 'diagonal')",
    # hsplit / vsplit / dsplit / unsafe splits
    "torch.hsplit(a, 2)", "torch.hsplit(a, [1, 3])", "torch.hsplit(v, 5)", "torch.hsplit(a, (1,))",
    "a.hsplit(2)", "a.hsplit(1, 3)", "torch.vsplit(a, 3)", "torch.vsplit(a, [5])",
    "torch.vsplit(b, [1])", "torch.dsplit(b, 5)", "torch.dsplit(b, [2, 3])", "b.dsplit([1, 1])",
    "torch.unsafe_chunk(a, 2)", "torch.unsafe_split(a, 2)", "torch.unsafe_split_with_sizes(a, [1, 2])",
    "a.unsafe_chunk(2, 1)", "a.unsafe_split(3, 1)", "a.unsafe_split_with_sizes([1, 3], 1)",
    # as_strided
    "a.as_strided((2, 2), (1, 2))", "a.as_strided((2, 2), (1, 2), 5)", "a[1:].as_strided((2,), (1,))",
    "a[1:].as_strided((2,), (1,), 0)", "a.t().as_strided((2,), (1,))", "torch.as_strided(a, (3, 3), (1, 1))",
    "a.as_strided((0,), (1,), 13)", "a.as_strided((), (), 11)", "a.as_strided([2, 2], [1, 2])",
    "a.as_strided((2, 2), (0, 0))", "a.as_strided((2, 3), (0, 1), 2)", "i.as_strided((4, 3), (3, 1))",
    "geo(a.as_strided((2, 2), (1, 2), 5))", "geo(a[1:].as_strided((2,), (1,)))",
    "geo(a.as_strided((3, 2), (2, 3)).t())", "view_then_strided(torch)",
    "strided_grad(torch, (3, 3), (1, 1), 0)", "strided_grad(torch, (2, 2), (4, 1), 3)",
    "write_strided(torch, (2, 2), (1, 2), 5)", "write_strided(torch, (2, 3), (4, 1), 1)",
    # empty_strided
    "geo(torch.empty_strided((2, 3), (1, 2)))", "geo(torch.empty_strided((2, 3), (3, 1)))",
    "geo(torch.empty_strided((2, 0), (1, 5)))", "torch.empty_strided((2, 3), (1, 2)).dtype",
    "torch.empty_strided((2, 3), (1, 2), dtype=torch.int32).dtype",
    "torch.empty_strided((2, 3), (1, 2), requires_grad=True).requires_grad",
    "geo(a.new_empty_strided((2, 3), (1, 2)))", "i.new_empty_strided((2, 3), (1, 2)).dtype",
    "torch.empty_strided((2, 3), (1, 2)).copy_(torch.arange(6.).reshape(2, 3))",
    # asarray
    "torch.asarray(o3) is o3", "torch.asarray(o3, dtype=torch.float64)",
    "torch.asarray(o3, copy=True) is o3", "torch.asarray(o3, dtype=torch.float32) is o3",
    "torch.asarray(o3, device='cpu') is o3", "torch.asarray([1, 2])",
    "torch.asarray([1., 2], dtype=torch.int32)", "torch.asarray(3)", "torch.asarray(3.5)",
    "torch.asarray(np.arange(3))", "torch.asarray(np.arange(3), copy=False)",
    "torch.asarray(np.float32(2))", "torch.asarray((1, 2.5))",
    "torch.asarray([1., 2], requires_grad=True).requires_grad",
    "torch.asarray(o3, copy=True, requires_grad=False).requires_grad",
]

ERROR_CASES = [
    "v.unfold(0, 11, 2)", "v.unfold(0, 3, 0)", "v.unfold(0, 3, -1)", "v.unfold(0, -1, 1)",
    "v.unfold(1, 3, 1)", "s.unfold(0, 2, 1)", "s.unfold(1, 1, 3)", "e.unfold(0, 1, 1)",
    "a.unfold(0, 11, 0)", "a.unfold(0, -1, 0)", "a.unfold(-1, 5, 1)",
    "a.select(1, 4)", "a.select(2, 0)", "s.select(0, 0)", "a.select(0, -4)", "a.select(-1, -5)",
    "torch.select_scatter(a, o3, 0, 1)", "torch.select_scatter(a, o4, 0, 5)",
    "torch.select_scatter(a, o4, 3, 1)", "torch.select_scatter(a, o14, 0, -1)",
    "torch.select_scatter(s, s, 0, 0)",
    "torch.slice_scatter(a, torch.ones(3, 3), 1, 0, 4, 2)", "torch.slice_scatter(a, o32, 1, 0, 4, 0)",
    "torch.slice_scatter(a, o32, 1, 0, 4, -1)", "torch.slice_scatter(a, o24, start=2, end=1)",
    "torch.slice_scatter(a, torch.ones(3, 4), 2)", "torch.slice_scatter(s, s)",
    "torch.diagonal_scatter(a, o4)", "torch.diagonal_scatter(a, o3, 0, 0, 0)",
    "torch.diagonal_scatter(a, o3, 0, 0, 2)", "torch.diagonal_scatter(o3, o3)",
    "torch.hsplit(a, 3)", "torch.hsplit(s, 1)", "torch.vsplit(v, 2)", "torch.vsplit(a, 2)",
    "torch.dsplit(a, 2)", "torch.dsplit(b, 3)", "torch.hsplit(a, 0)", "torch.hsplit(a, -1)",
    "torch.unsafe_split(a, [1, 2])", "torch.unsafe_split_with_sizes(a, [1, 1])",
    "torch.unsafe_chunk(a, 0)",
    "a.as_strided((4, 4), (4, 1))", "a.as_strided((2, 2), (1, 2), 11)", "a.as_strided((2,), (1,), -1)",
    "a.as_strided((-1,), (1,))", "a.as_strided((2,), (-1,))", "a.as_strided((2, 2), (1,))",
    "a.as_strided((-1, 2), (-1,))", "a.as_strided((20,), (1,), -1)", "d.as_strided((5, 5), (6, 1))",
    "i.as_strided((13,), (1,))", "a[1:].as_strided((3, 3), (3, 1))",
    "torch.empty_strided((2, 3), (3,))", "torch.empty_strided((2, -3), (1, 2))",
    "torch.asarray(o3, dtype=torch.float64, copy=False)", "torch.asarray([1, 2], copy=False)",
    "torch.asarray(np.arange(3.), dtype=torch.float32, copy=False)",
    "torch.asarray([1, 2], requires_grad=True)", "torch.asarray(None)", "torch.asarray('a')",
    # windows
    "torch.hann_window(-1)", "torch.hann_window(4, dtype=torch.int64)",
    "torch.hann_window(0, dtype=torch.int64)", "torch.hann_window(4, dtype=torch.bool)",
    "torch.hamming_window(-2)", "torch.blackman_window(5, dtype=torch.int32)",
    "torch.bartlett_window(-5)", "torch.bartlett_window(-1, dtype=torch.int64)",
    "torch.kaiser_window(-5)", "torch.kaiser_window(5, dtype=torch.uint8)",
    "torch.hann_window(2.5)", "torch.hann_window(True)",
]

WINDOWS = ["hann_window", "hamming_window", "blackman_window", "bartlett_window", "kaiser_window"]
WINDOW_LENGTHS = [0, 1, 2, 3, 5, 8, 17, 64, 101]
WINDOW_DTYPES = ["float32", "float64", "float16", "bfloat16"]


def window_cases():
    cases = []
    for name in WINDOWS:
        for n in WINDOW_LENGTHS:
            for p in (True, False):
                cases.append(f"torch.{name}({n}, {p})")
        for dt in WINDOW_DTYPES[1:]:
            cases.append(f"torch.{name}(17, dtype=torch.{dt})")
            cases.append(f"torch.{name}(8, False, dtype=torch.{dt})")
    cases += ["torch.hamming_window(12, True, 0.5, 0.4)", "torch.hamming_window(12, False, 0.6)",
              "torch.kaiser_window(12, True, 3.0)", "torch.kaiser_window(13, False, 0.0)",
              "torch.kaiser_window(9, False, 20.0, dtype=torch.float64)",
              "torch.hann_window(4, requires_grad=True)", "torch.hann_window(window_length=3)",
              "torch.hann_window(torch.tensor(3))", "torch.bartlett_window(1000, False)"]
    return cases


def result(r):
    import torch
    if isinstance(r, torch.Tensor):
        return {"tensor": record(r)}
    if isinstance(r, (tuple, list)) and r and all(isinstance(x, torch.Tensor) for x in r):
        return {"tensors": [record(x) for x in r]}
    if isinstance(r, torch.dtype):
        return {"value": str(r)}
    return {"value": r}


def evaluate(expr, env):
    import torch  # noqa: F401
    try:
        return result(eval(expr, env))
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e)}


def main():
    import torch
    env = dict(make_inputs(torch), torch=torch, np=np)
    env.update({f.__name__: f for f in (geo, write_unfold, inplace_unfold, unfold_grad,
                                        strided_grad, write_strided, view_then_strided,
                                        base_write_seen, scatter_grads)})
    out = {"values": {}, "errors": {}, "windows": {}}
    for expr in VALUE_CASES:
        r = evaluate(expr, dict(make_inputs(torch), **{k: v for k, v in env.items()
                                                        if not isinstance(v, torch.Tensor)}))
        assert "error" not in r, (expr, r)
        out["values"][expr] = r
    for expr in ERROR_CASES:
        r = evaluate(expr, env)
        assert "error" in r, expr
        out["errors"][expr] = r
    for expr in window_cases():
        r = evaluate(expr, env)
        assert "error" not in r, (expr, r)
        out["windows"][expr] = r
    write("strided", out)


if __name__ == "__main__":
    main()
