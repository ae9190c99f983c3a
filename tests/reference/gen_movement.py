"""Reference values for tests/test_movement.py from real PyTorch (needs torch installed).

Each case is a Python expression over named input tensors, `torch`, `one_hot` and `ip` (an
in-place call on a clone); the test evaluates the same expression with `torch` bound to jtorch.
Results (tensors, tuples, torch.Size, Python values) and exceptions (type and message) are
recorded. Out-of-range index cases end in `.tolist()` so that jtorch's deferred check is raised
inside the expression (`+ 0` makes an index tensor pending in jtorch's deferred mode).

    /work/venv/bin/python tests/reference/gen_movement.py
"""
import json
import warnings

import numpy as np
import torch

from refutil import HERE, record

warnings.simplefilter("ignore")  # meshgrid/scatter deprecation warnings; tested separately
nan, inf = float("nan"), float("inf")


def ip(t, name, *args, **kwargs):
    """Call the in-place method `name` on a clone of t; return the clone (checked to be the
    method's return value, as PyTorch returns self)."""
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def make_inputs():
    rng = np.random.default_rng(2024)
    L = torch.tensor
    ins = {
        "f": L(rng.standard_normal((3, 4)).astype(np.float32)),
        "f3": L(rng.standard_normal((2, 3, 4)).astype(np.float32)),
        "d": L(rng.standard_normal((3, 4))),
        "h": L(rng.standard_normal((3, 4)).astype(np.float16)),
        "bf": L(rng.standard_normal((3, 4)).astype(np.float32)).to(torch.bfloat16),
        "i": L(rng.integers(-5, 6, (3, 4))),
        "i32": L(rng.integers(-5, 6, (3, 4)).astype(np.int32)),
        "u8": L(np.array([[0, 3, 250], [1, 0, 7]], np.uint8)),
        "i8": L(np.array([-3, 4], np.int8)),
        "b": L(rng.random((3, 4)) > 0.5),
        "v": L(rng.standard_normal(5).astype(np.float32)),
        "vi": L(np.array([3, -1, 0, 4, 2])),
        "s": L(3.5),
        "si": L(7),
        "e": L(np.zeros(0, np.float32)),
        "e3": L(np.zeros((0, 3), np.float32)),
        "fnan": L(np.array([1.0, nan, 0.0, -0.0, inf], np.float32)),
        "z": L(np.array([[0, 1, 0], [2, 0, 3]])),
        # index tensors
        "g0": L(np.array([[0, 2, 1, 1], [2, 2, 0, 1]])),           # gather dim 0 of (3, 4)
        "g1": L(np.array([[3, 0], [1, 1], [2, 3]])),               # gather dim 1 of (3, 4)
        "g1s": L(np.array([[3], [1]])),                            # smaller than input
        "g1b": L(np.array([[0, 1, 2, 3, 3, 0], [1, 1, 1, 1, 1, 1]])),  # larger along dim
        "g1_32": L(np.array([[3, 0], [1, 1], [2, 3]], np.int32)),
        "s0": L(np.array([[0, 2, 1, 0], [2, 0, 0, 1]])),           # no duplicates per column
        "s1": L(np.array([[3, 1], [0, 2], [2, 0]])),               # no duplicates per row
        "dup": L(np.array([[0, 0, 2, 0], [0, 1, 2, 2]])),          # duplicates (for reductions)
        "src": L(np.arange(1, 25, dtype=np.float32).reshape(4, 6)),
        "srci": L(np.arange(-12, 12).reshape(4, 6)),
        "sel": L(np.array([2, 0, 2])),
        "sel32": L(np.array([3, 0], np.int32)),
        "sel0": L(np.array(1)),
        "neg": L(np.array([-1, 0, -3])),
        "oob": L(np.array([[5, 0]])),
        "oobneg": L(np.array([[-1, 0]])),
        "oob1": L(np.array([0, 3])),
        "fidx": L(np.array([[0.0]], np.float32)),
        "i16idx": L(np.array([[0]], np.int16)),
        "m": L(np.array([[True, False, False, True], [False, False, True, False],
                         [True, True, False, False]])),
        "mrow": L(np.array([True, False, True, False])),
        "mcol": L(np.array([[True], [False], [True]])),
        "mi": L(np.array([1, 0, 0, 1])),
        "srt": L(np.array([-2.0, -0.5, 0.0, 0.0, 1.5, 3.0], np.float32)),
        "srti": L(np.array([1, 3, 5, 7])),
        "srt2": L(np.array([[1, 3, 5, 7, 9], [0, 2, 2, 2, 8]])),
        "srtn": L(np.array([1.0, 3.0, nan], np.float32)),
        "q": L(np.array([[-3.0, 0.0, 0.25], [1.5, 3.0, 9.0]], np.float32)),
        "q2": L(np.array([[2, 5, 9], [2, 1, 10]])),
        "uns": L(np.array([5, 1, 7, 3])),
        "perm": L(np.array([1, 3, 0, 2])),
        "cls": L(np.array([[0, 2], [1, 0], [3, 3]])),
        "r3": L(np.array([1, 0, 2])),
        "r32": L(np.array([2, 1], np.int32)),
    }
    return ins


TYPES = ["f", "d", "h", "bf", "i", "i32", "b"]


def cases():
    c = []
    add = c.append
    # ---- cat / concat / concatenate
    for x in TYPES:
        add(f"torch.cat([{x}, {x}[:1]])")
        add(f"torch.cat(({x}, {x}), dim=-1)")
        add(f"torch.cat([{x}, {x}, {x}], 1)")
    add("torch.cat([f3, f3[:, :2]], 1)")
    add("torch.cat([f3, f3], -3)")
    add("torch.cat([i32, i8.reshape(1, 2).repeat(1, 2), u8[:, :2].repeat(1, 2)])")
    add("torch.cat([i, h, bf[:1]])")
    add("torch.cat([b, i32])")
    add("torch.cat([b, u8[:, :1].repeat(1, 4)])")
    add("torch.cat([u8, i8.reshape(2, 1)], 1)")
    add("torch.cat([f, d])")
    add("torch.cat([h, bf])")
    add("torch.cat([torch.zeros(0, dtype=torch.float64), i32], 1)")
    add("torch.cat([i32, torch.zeros(0), i32], 0)")
    add("torch.cat([torch.zeros(0), torch.zeros(0, dtype=torch.int64)])")
    add("torch.cat([torch.zeros(0), torch.zeros(0)], 1)")
    add("torch.cat([e3, f[:, :3]])")
    add("torch.cat([e3, e3])")
    add("torch.cat([f])")
    add("torch.cat([f.t(), f.t()], 1)")
    add("torch.concat([f, f], 0)")
    add("torch.concatenate([f, f], 1)")
    add("torch.concatenate([f, f], axis=1)")
    add("torch.cat([])")
    add("torch.cat([f, torch.zeros(3, 5)], 0)")
    add("torch.cat([torch.zeros(3, 2), torch.zeros(4, 2)], 1)")
    add("torch.cat([f, v])")
    add("torch.cat([s, v])")
    add("torch.cat([v, s])")
    add("torch.cat([f, f], 2)")
    add("torch.cat([torch.zeros(0), f], 5)")
    add("torch.cat([torch.zeros(0), f, torch.zeros(3, 5)])")
    add("torch.cat([f, torch.zeros(2, 5), v])")
    add("torch.cat(f)")
    add("torch.cat([f, 2])")
    # ---- stack and friends
    for x in TYPES:
        add(f"torch.stack([{x}, {x}])")
        add(f"torch.stack([{x}, {x}], -1)")
    add("torch.stack([f, f, f], 1)")
    add("torch.stack([f, d])")
    add("torch.stack([i, b])")
    add("torch.stack([s, s])")
    add("torch.stack([si, s])")
    add("torch.stack([e3, e3], 1)")
    add("torch.stack([f.t(), f.t()], 2)")
    add("torch.stack([])")
    add("torch.stack([f, f.t()])")
    add("torch.stack([f], 3)")
    add("torch.stack([f], -4)")
    add("torch.stack([f, 1])")
    add("torch.hstack([f, f])")
    add("torch.hstack([v, vi])")
    add("torch.hstack([s, v])")
    add("torch.hstack([f3, f3])")
    add("torch.hstack([i8, h[0]])")
    add("torch.hstack([])")
    add("torch.vstack([f, f[:1]])")
    add("torch.vstack([v, v])")
    add("torch.vstack([s, si])")
    add("torch.row_stack([v, v])")
    add("torch.vstack([])")
    add("torch.dstack([f, f])")
    add("torch.dstack([v, v])")
    add("torch.dstack([s, s])")
    add("torch.dstack([f3, f3])")
    add("torch.dstack([])")
    add("torch.column_stack([v, v, vi])")
    add("torch.column_stack([torch.tensor(1), torch.tensor([2]), torch.tensor([[3, 4]])])")
    add("torch.column_stack([torch.tensor([1, 2]), torch.tensor([[3, 4], [5, 6]])])")
    add("torch.column_stack([f, v[:3]])")
    add("torch.column_stack([])")
    add("torch.atleast_1d(s)")
    add("torch.atleast_1d(v)")
    add("torch.atleast_1d(s, f)")
    add("torch.atleast_1d([s, f])")
    add("torch.atleast_1d((s,))")
    add("torch.atleast_1d()")
    add("torch.atleast_2d(s)")
    add("torch.atleast_2d(v)")
    add("torch.atleast_2d(f3)")
    add("torch.atleast_2d(s, v, f)")
    add("torch.atleast_3d(s)")
    add("torch.atleast_3d(v)")
    add("torch.atleast_3d(f)")
    add("torch.atleast_3d(f3)")
    add("torch.atleast_3d(torch.zeros(1, 2, 3, 4))")
    add("torch.atleast_3d([s, v, f])")
    # ---- repeat / tile / repeat_interleave
    for x in TYPES:
        add(f"{x}.repeat(2, 1, 3)")
    add("f.repeat(2, 2)")
    add("f.repeat((1, 2))")
    add("f.repeat(torch.Size([2, 1]))")
    add("f.repeat(0, 2)")
    add("s.repeat(2, 3)")
    add("s.repeat(())")
    add("v.repeat(2)")
    add("e3.repeat(2, 2)")
    add("f.t().repeat(1, 2)")
    add("f.repeat(2)")
    add("f.repeat(-1, 2)")
    add("f.repeat()")
    add("torch.tile(f, (2,))")
    add("torch.tile(f, (2, 1, 2))")
    add("torch.tile(s, (2, 2))")
    add("torch.tile(v, ())")
    add("f.tile(2, 2)")
    add("f.tile((3,))")
    add("torch.tile(i, (0, 1))")
    add("torch.tile(v, (-2,))")
    for x in ["f", "i", "b", "h"]:
        add(f"torch.repeat_interleave({x}, 2)")
        add(f"torch.repeat_interleave({x}, 2, dim=0)")
        add(f"torch.repeat_interleave({x}, r3, dim=0)")
    add("torch.repeat_interleave(f, 3, dim=-1)")
    add("torch.repeat_interleave(f, 0, dim=1)")
    add("torch.repeat_interleave(f, torch.tensor([1, 0, 2, 1]), dim=1)")
    add("torch.repeat_interleave(f, r32, dim=0)")
    add("torch.repeat_interleave(f, torch.tensor(2), dim=0)")
    add("torch.repeat_interleave(f, torch.tensor([2]), dim=1)")
    add("torch.repeat_interleave(vi, torch.tensor([1, 2, 0, 1, 1]))")
    add("torch.repeat_interleave(f, r3, dim=0, output_size=3)")
    add("torch.repeat_interleave(f, 2, dim=0, output_size=6)")
    add("torch.repeat_interleave(r3)")
    add("torch.repeat_interleave(r32)")
    add("torch.repeat_interleave(torch.zeros(0, dtype=torch.int64))")
    add("torch.repeat_interleave(s, 3)")
    add("torch.repeat_interleave(e, 2)")
    add("v.repeat_interleave(2)")
    add("f.repeat_interleave(r3, dim=0)")
    add("f.repeat_interleave(r3, 0, output_size=3)")
    add("torch.repeat_interleave(f, torch.tensor([1., 2, 1]), dim=0)")
    add("torch.repeat_interleave(f, torch.tensor([1, 2]), dim=0)")
    add("torch.repeat_interleave(f, torch.tensor([1, 2]), dim=1)")
    add("torch.repeat_interleave(f, torch.tensor([[1, 2, 1]]), dim=0)")
    add("torch.repeat_interleave(f, torch.tensor([1, -2, 1]), dim=0)")
    add("torch.repeat_interleave(f, -1, dim=0)")
    add("torch.repeat_interleave(f, 2, dim=0, output_size=5)")
    add("torch.repeat_interleave(torch.tensor([[1, 2]]))")
    add("torch.repeat_interleave(f, r3, dim=0, output_size=4).tolist()")
    add("torch.repeat_interleave(f, r3 - 2, dim=0, output_size=4).tolist()")
    add("torch.repeat_interleave(f, 2, dim=2)")
    # ---- flip / fliplr / flipud / roll / rot90
    for x in TYPES:
        add(f"torch.flip({x}, [0])")
        add(f"torch.flip({x}, (0, 1))")
    add("torch.flip(f3, [-1, 0])")
    add("torch.flip(f, [])")
    add("torch.flip(s, [0])")
    add("torch.flip(e3, [1])")
    add("torch.flip(f.t(), [1])")
    add("f.flip(0)")
    add("f.flip(0, 1)")
    add("f.flip([1])")
    add("f.flip(dims=(1,))")
    add("torch.flip(f, dims=[-1])")
    add("torch.flip(f, 0)")
    add("torch.flip(f, (0, 0))")
    add("torch.flip(f, (1, -1))")
    add("torch.flip(f, [2])")
    add("torch.fliplr(f)")
    add("torch.fliplr(f3)")
    add("f.fliplr()")
    add("torch.flipud(v)")
    add("torch.flipud(f)")
    add("i.flipud()")
    add("torch.fliplr(v)")
    add("torch.flipud(s)")
    for x in TYPES:
        add(f"torch.roll({x}, 1)")
        add(f"torch.roll({x}, (1, -1), (0, 1))")
    add("torch.roll(f, -7)")
    add("torch.roll(f, 5, 1)")
    add("torch.roll(f3, (1, 2), (-1, 0))")
    add("torch.roll(f, (1, 1), (1, 1))")
    add("torch.roll(e3, 1, 0)")
    add("torch.roll(s, 1)")
    add("torch.roll(f.t(), 1, 0)")
    add("f.roll(2)")
    add("f.roll(shifts=1, dims=0)")
    add("torch.roll(f, (1, -1), 0)")
    add("torch.roll(f, (1, -1))")
    add("torch.roll(f, (), ())")
    add("torch.roll(s, 1, 0)")
    add("torch.roll(f, 1, 2)")
    for k in (0, 1, 2, 3, -1, 5):
        add(f"torch.rot90(f, {k})")
    add("torch.rot90(i)")
    add("torch.rot90(f, 1, (1, 0))")
    add("torch.rot90(f3, 1, [1, 2])")
    add("torch.rot90(f3, -1, [-1, 0])")
    add("f.rot90(2, [0, 1])")
    add("torch.rot90(f, 1, [0, 1, 2])")
    add("torch.rot90(v, 1)")
    add("torch.rot90(f, 1, [0, 0])")
    add("torch.rot90(f, 1, [0, -2])")
    add("torch.rot90(f, 1, [0, 3])")
    # ---- gather
    for x in TYPES:
        add(f"torch.gather({x}, 0, g0)")
        add(f"torch.gather({x}, 1, g1)")
    add("torch.gather(f, -1, g1)")
    add("torch.gather(f, 1, g1s)")
    add("torch.gather(f, 1, g1b)")
    add("torch.gather(f, 1, g1_32)")
    add("f.gather(0, g0)")
    add("torch.gather(f3, 2, torch.tensor([[[3, 0], [1, 1], [2, 2]], [[0, 0], [0, 1], [3, 3]]]))")
    add("torch.gather(s, 0, torch.tensor(0))")
    add("torch.gather(v, 0, torch.tensor(4))")
    add("torch.gather(v, 0, torch.tensor([4, 0, 4]))")
    add("torch.gather(f, 0, torch.zeros(0, 2, dtype=torch.int64))")
    add("torch.gather(f, 0, torch.zeros(0, dtype=torch.int64))")
    add("torch.gather(f.t(), 0, g1)")
    add("torch.gather(f, 0, fidx.long().reshape(1, 1))")
    add("torch.gather(f, 0, i16idx)")
    add("torch.gather(f, 0, fidx)")
    add("torch.gather(f, 0, sel)")
    add("torch.gather(f, 0, torch.tensor(0))")
    add("torch.gather(f, 0, torch.zeros(4, 5, dtype=torch.int64))")
    add("torch.gather(f, 1, torch.zeros(4, 1, dtype=torch.int64))")
    add("torch.gather(f, 2, g1)")
    add("torch.gather(f, 0, oob).tolist()")
    add("torch.gather(f, 0, oob + 0).tolist()")
    add("torch.gather(f, 0, oobneg).tolist()")
    add("torch.gather(f, 0, oobneg + 0).tolist()")
    add("torch.gather(f, 1, oob * 2 - 6).tolist()")
    # ---- scatter / scatter_add / scatter_reduce
    for x in TYPES:
        add(f"torch.scatter({x}, 0, s0, src[:2].to({x}.dtype))")
        add(f"torch.scatter({x}, 1, s1, src.to({x}.dtype))")
        add(f"torch.scatter({x}, 1, s1, 1)")
    add("torch.scatter(f, -1, s1, src)")
    add("torch.scatter(f, 0, s0, value=-2.5)")
    add("torch.scatter(i, 0, s0, -2.7)")
    add("torch.scatter(i, 0, s0, True)")
    add("torch.scatter(f, 0, s0[:1, :2], src)")
    add("torch.scatter(f, 1, s1.to(torch.int32), src)")
    add("torch.scatter(f, 0, dup, 2.0, reduce='add')")
    add("torch.scatter(f, 0, dup, 3.0, reduce='multiply')")
    add("torch.scatter(f, 0, dup, src, reduce='add')")
    add("torch.scatter(i, 0, dup, srci, reduce='multiply')")
    add("torch.scatter(b, 0, dup, b.logical_not(), reduce='add')")
    add("torch.scatter(b, 0, dup, b.logical_not(), reduce='multiply')")
    add("torch.scatter(s, 0, torch.tensor(0), torch.tensor(5.))")
    add("torch.scatter(f, 0, torch.zeros(0, dtype=torch.int64), 1.0)")
    add("f.scatter(1, s1, src)")
    add("ip(f, 'scatter_', 1, s1, src)")
    add("ip(f, 'scatter_', 0, s0, 7.0)")
    add("ip(f, 'scatter_', 0, dup, src, reduce='multiply')")
    add("ip(i, 'scatter_', 0, dup, 2, reduce='add')")
    add("torch.scatter(f, 0, s0, d)")
    add("torch.scatter(f, 0, fidx, src)")
    add("torch.scatter(f, 0, i16idx, src)")
    add("torch.scatter(f, 0, s0, 1.0, reduce='mean')")
    add("torch.scatter(f, 0, torch.zeros(4, 2, dtype=torch.int64), src)")
    add("torch.scatter(f, 0, torch.zeros(1, 5, dtype=torch.int64), src)")
    add("torch.scatter(f, 0, torch.zeros(1, 5, dtype=torch.int64), 1.0)")
    add("torch.scatter(f, 1, torch.zeros(4, 1, dtype=torch.int64), 1.0)")
    add("torch.scatter(f, 0, sel, src)")
    add("torch.scatter(f, 0, s0, torch.tensor(7.))")
    add("torch.scatter(f, 0, s0, src[0])")
    add("torch.scatter(f, 0, oob, 1.0).tolist()")
    add("torch.scatter(f, 0, oob + 0, src).tolist()")
    add("torch.scatter(f, 0, oobneg + 0, 1.0).tolist()")
    for x in ["f", "d", "i", "i32", "h"]:
        add(f"torch.scatter_add({x}, 0, dup, src.to({x}.dtype))")
        add(f"torch.scatter_add({x}, 1, s1, src.to({x}.dtype))")
    add("torch.scatter_add(b, 0, dup, b)")
    add("torch.scatter_add(f3, 2, torch.tensor([[[3, 3], [1, 1], [0, 0]]]), "
        "src[:2, :2].reshape(1, 2, 2).repeat(1, 3, 1))")
    add("torch.scatter_add(s, 0, torch.tensor(0), torch.tensor(5.))")
    add("f.scatter_add(0, dup, src)")
    add("ip(f, 'scatter_add_', 0, dup, src)")
    add("torch.scatter_add(f, 0, dup, srci)")
    add("torch.scatter_add(f, 0, oob1.reshape(1, 2) + 0, src).tolist()")
    for red in ("sum", "prod", "mean", "amax", "amin"):
        for inc in (True, False):
            for x in ("f", "i", "h", "d"):
                add(f"torch.scatter_reduce({x}, 0, dup, src.to({x}.dtype), '{red}', "
                    f"include_self={inc})")
            add(f"torch.scatter_reduce(f, 1, s1, src, '{red}', include_self={inc})")
    add("torch.scatter_reduce(torch.tensor([1., 2, 3, 4]), 0, torch.tensor([0, 0, 2, 2, 2]), "
        "torch.tensor([5., 6, 7, -8, 9]), 'mean', include_self=False)")
    add("torch.scatter_reduce(torch.tensor([1, 2, 3, 4]), 0, torch.tensor([0, 0]), "
        "torch.tensor([-4, -3]), 'mean', include_self=False)")
    add("torch.scatter_reduce(torch.tensor([1., 2]), 0, torch.tensor([0, 0]), "
        "torch.tensor([nan, 3.]), 'amax')")
    add("torch.scatter_reduce(torch.tensor([1., 2]), 0, torch.tensor([0, 1]), "
        "torch.tensor([nan, 3.]), 'amin', include_self=False)")
    add("torch.scatter_reduce(u8, 1, torch.tensor([[1], [0]]), torch.tensor([[7], [9]], "
        "dtype=torch.uint8), 'amin', include_self=False)")
    add("torch.scatter_reduce(b, 0, dup, b, 'amax', include_self=False)")
    add("torch.scatter_reduce(b, 0, dup, b, 'sum')")
    add("torch.scatter_reduce(f, 0, dup, src, 'max')")
    add("torch.scatter_reduce(f, 0, dup, src, 'min', include_self=False)")
    add("f.scatter_reduce(0, dup, src, 'prod')")
    add("ip(f, 'scatter_reduce_', 0, dup, src, 'mean', include_self=False)")
    add("torch.scatter_reduce(f, 0, dup, src, 'foo')")
    add("torch.scatter_reduce(f, 0, dup, srci, 'sum')")
    add("torch.scatter_reduce(b, 0, dup, b, 'mean')")
    add("torch.scatter_reduce(f, 0, oob + 0, src, 'sum').tolist()")
    # ---- index_select
    for x in TYPES:
        add(f"torch.index_select({x}, 0, sel)")
        add(f"torch.index_select({x}, 1, sel32)")
    add("torch.index_select(f, -1, sel)")
    add("torch.index_select(f3, 1, sel)")
    add("torch.index_select(f, 1, sel0)")
    add("torch.index_select(s, 0, torch.tensor([0]))")
    add("torch.index_select(s, 0, torch.tensor(0))")
    add("torch.index_select(f, 0, torch.zeros(0, dtype=torch.int64))")
    add("torch.index_select(e3, 1, sel)")
    add("torch.index_select(f.t(), 0, sel)")
    add("f.index_select(1, sel)")
    add("torch.index_select(f, 1, sel.to(torch.int16))")
    add("torch.index_select(f, 1, fidx.reshape(1))")
    add("torch.index_select(f, 1, g1)")
    add("torch.index_select(s, 0, torch.tensor([0, 0]))")
    add("torch.index_select(e3, 0, sel)")
    add("torch.index_select(f, 0, oob1).tolist()")
    add("torch.index_select(f, 0, oob1 + 0).tolist()")
    add("torch.index_select(f, 1, oob1 + 1).tolist()")
    add("torch.index_select(f3, 2, oob1 + 1).tolist()")
    add("torch.index_select(f3, 1, oob1 + 0).tolist()")
    add("torch.index_select(v, 0, neg + 0).tolist()")
    add("torch.index_select(s, 0, torch.tensor([1])).tolist()")
    add("torch.index_select(e, 0, sel).tolist()")
    # ---- index_add / index_copy / index_fill
    for x in ["f", "d", "h", "i", "i32", "b"]:
        add(f"torch.index_add({x}, 0, sel, src[:3, :4].to({x}.dtype))")
        add(f"torch.index_add({x}, 1, sel32, src[:3, :2].to({x}.dtype), alpha=2)")
    add("torch.index_add(f, -1, sel, src[:3, :3], alpha=-0.5)")
    add("torch.index_add(i, 0, sel, srci[:3, :4], alpha=3)")
    add("torch.index_add(torch.zeros(3, dtype=torch.int64), 0, torch.tensor([0]), "
        "torch.tensor([1]), alpha=1.5)")
    add("torch.index_add(f, 0, sel0, src[:1, :4])")
    add("torch.index_add(s, 0, torch.tensor(0), torch.tensor(2.))")
    add("torch.index_add(f3, 1, sel, f3)")
    add("f.index_add(0, sel, src[:3, :4])")
    add("ip(f, 'index_add_', 0, sel, src[:3, :4], alpha=2)")
    add("torch.index_add(f, 0, fidx.reshape(1), src[:1, :4])")
    add("torch.index_add(f, 0, torch.tensor([[0, 0]]), src[:2, :4])")
    add("torch.index_add(f, 0, fidx.reshape(1, 1), src[:1, :4])")
    add("torch.index_add(f, 0, sel, d)")
    add("torch.index_add(f, 0, sel[:2], src[:2, :3])")
    add("torch.index_add(f, 0, sel[:2], src[:3, :4])")
    add("torch.index_add(f3, 1, sel[:1], torch.zeros(1, 4))")
    add("torch.index_add(torch.zeros(3), 0, torch.tensor([1]), torch.tensor(3.))")
    add("torch.index_add(f, 0, oob1 + 0, src[:2, :4]).tolist()")
    add("torch.index_add(f, 0, oob1 - 1, src[:2, :4]).tolist()")
    for x in ["f", "d", "h", "i", "i32", "b"]:
        add(f"torch.index_copy({x}, 0, torch.tensor([2, 0]), src[:2, :4].to({x}.dtype))")
        add(f"torch.index_copy({x}, 1, torch.tensor([3, 1, 0]), src[:3, :3].to({x}.dtype))")
    add("torch.index_copy(f, -1, torch.tensor([3]), src[:3, :1])")
    add("torch.index_copy(s, 0, torch.tensor([0]), torch.tensor(3.))")
    add("torch.index_copy(v, 0, torch.tensor([0]), torch.tensor(3.))")
    add("torch.index_copy(f, 0, sel0, src[:1, :4])")
    add("f.index_copy(0, torch.tensor([2, 0]), src[:2, :4])")
    add("ip(f, 'index_copy_', 1, torch.tensor([3, 1]), src[:3, :2])")
    add("torch.index_copy(f, 0, torch.tensor([2, 0], dtype=torch.int32), src[:2, :4])")
    add("torch.index_copy(f, 0, torch.tensor([2, 0]), d[:2])")
    add("torch.index_copy(f, 0, torch.tensor([2, 0]), src[:2, :3])")
    add("torch.index_copy(f, 0, torch.tensor([2, 0]), src[:3, :4])")
    add("torch.index_copy(f3, 1, torch.tensor([0]), torch.zeros(2, 1, 5))")
    add("torch.index_copy(f3, 1, torch.tensor([0]), torch.zeros(1, 4))")
    add("torch.index_copy(f3, 1, torch.tensor([[0]]), torch.zeros(2, 1, 4))")
    add("torch.index_copy(f, 0, oob1 + 0, src[:2, :4]).tolist()")
    add("torch.index_copy(f, 0, oob1 - 1, src[:2, :4]).tolist()")
    for x in ["f", "d", "h", "bf", "i", "i32", "b"]:
        add(f"torch.index_fill({x}, 1, torch.tensor([2, 0]), -1)")
        add(f"torch.index_fill({x}, 0, neg, 1)")
    add("torch.index_fill(f, 1, torch.tensor([2, 0]), torch.tensor(-1.))")
    add("torch.index_fill(f, 1, torch.tensor([2, 0]), torch.tensor(-1., dtype=torch.float64))")
    add("torch.index_fill(i, 1, torch.tensor([2, 0]), 2.7)")
    add("torch.index_fill(f, -1, sel0, 9.5)")
    add("torch.index_fill(s, 0, torch.tensor([0]), 3.)")
    add("f.index_fill(0, sel, 0.5)")
    add("ip(f, 'index_fill_', 1, sel, 0.5)")
    add("torch.index_fill(f, 1, torch.tensor([2, 0], dtype=torch.int32), -1)")
    add("torch.index_fill(f, 1, torch.tensor([[1]]), 2.5)")
    add("torch.index_fill(f, 1, torch.tensor([2, 0]), torch.tensor([-1.]))")
    add("torch.index_fill(f, 1, torch.tensor([4]), -1).tolist()")
    add("torch.index_fill(f, 1, torch.tensor([4]) + 0, -1).tolist()")
    add("torch.index_fill(f, 1, torch.tensor([-5]) + 0, -1).tolist()")
    # ---- masked_fill / masked_select / masked_scatter
    for x in TYPES:
        add(f"torch.masked_fill({x}, m, 1)")
        add(f"torch.masked_fill({x}, mrow, 0)")
    add("torch.masked_fill(f, m, -1.5)")
    add("torch.masked_fill(f, mcol, torch.tensor(2.))")
    add("torch.masked_fill(f, m, torch.tensor(-1., dtype=torch.float64))")
    add("torch.masked_fill(f, m, torch.tensor(5))")
    add("torch.masked_fill(i, m, 2.7)")
    add("torch.masked_fill(i, m, torch.tensor(2.7))")
    add("torch.masked_fill(b, m, 0)")
    add("torch.masked_fill(f, m, True)")
    add("torch.masked_fill(v[:4], m, -1.)")
    add("torch.masked_fill(f, torch.tensor(True), 0)")
    add("torch.masked_fill(f3, mrow, 0.)")
    add("torch.masked_fill(f, m, -inf)")
    add("f.masked_fill(m, 0.25)")
    add("ip(f, 'masked_fill_', m, 0.25)")
    add("ip(f, 'masked_fill_', mrow, torch.tensor(3.))")
    add("ip(v[:4], 'masked_fill_', m, 1.)")
    add("torch.masked_fill(f, mi, 0)")
    add("torch.masked_fill(f, mi.to(torch.uint8), 0)")
    add("torch.masked_fill(f, m, torch.tensor([1.]))")
    add("torch.masked_fill(f, mrow[:3], 0)")
    add("torch.masked_fill(torch.zeros(3), torch.zeros(3, 4, dtype=torch.bool), 1.)")
    add("torch.masked_fill(torch.zeros(2, 3), torch.zeros(4, 1, dtype=torch.bool), 1.)")
    for x in TYPES:
        add(f"torch.masked_select({x}, m)")
        add(f"torch.masked_select({x}, mrow)")
    add("torch.masked_select(v[:4], m)")
    add("torch.masked_select(f, m.logical_not().logical_and(m))")
    add("torch.masked_select(s, torch.tensor(True))")
    add("torch.masked_select(e3, torch.tensor(True))")
    add("f.masked_select(mcol)")
    add("torch.masked_select(f, mi)")
    add("torch.masked_select(f, mrow[:3])")
    for x in ["f", "d", "h", "i", "b"]:
        add(f"torch.masked_scatter({x}, m, src.to({x}.dtype))")
        add(f"torch.masked_scatter({x}, mrow, src.to({x}.dtype))")
    add("torch.masked_scatter(v[:4], m, src)")
    add("torch.masked_scatter(f, mcol, src[:2, :4])")
    add("torch.masked_scatter(f, m, src[0])")
    add("torch.masked_scatter(f, m, src.reshape(2, 3, 4))")
    add("torch.masked_scatter(f, m.logical_and(m.logical_not()), e)")
    add("f.masked_scatter(m, src)")
    add("ip(f, 'masked_scatter_', m, src)")
    add("torch.masked_scatter(f, mi, src)")
    add("torch.masked_scatter(f, m, srci)")
    add("torch.masked_scatter(f, m, src[0, :4]).tolist()")
    add("torch.masked_scatter(f, m, e).tolist()")
    add("torch.masked_scatter(torch.zeros(2, 3), torch.zeros(4, 1, dtype=torch.bool), "
        "torch.zeros(3))")
    # ---- take / take_along_dim / put
    for x in TYPES:
        add(f"torch.take({x}, torch.tensor([[0, 11], [-1, -12]]))")
    add("torch.take(f, g1)")
    add("torch.take(s, torch.tensor(0))")
    add("torch.take(f.t(), torch.tensor([1, 2, 3]))")
    add("torch.take(e, torch.zeros(0, dtype=torch.int64))")
    add("f.take(sel)")
    add("torch.take(f, sel32)")
    add("torch.take(e, sel)")
    add("torch.take(f, torch.tensor([12])).tolist()")
    add("torch.take(f, torch.tensor([12]) + 0).tolist()")
    add("torch.take(f, torch.tensor([-13]) + 0).tolist()")
    for x in TYPES:
        add(f"torch.take_along_dim({x}, g1, 1)")
        add(f"torch.take_along_dim({x}, torch.tensor([5, 7]))")
    add("torch.take_along_dim(f, g0, 0)")
    add("torch.take_along_dim(f, g1s[:1], 1)")
    add("torch.take_along_dim(f, torch.tensor([[1], [2], [0]]), -1)")
    add("torch.take_along_dim(f3, torch.tensor([[[1], [0], [2]]]), 2)")
    add("torch.take_along_dim(f, torch.tensor([[-1], [4], [-5]]), 1)")
    add("torch.take_along_dim(v, torch.tensor([5, 7, -1]), 0)")
    add("torch.take_along_dim(f, torch.tensor([[3, 0]]))")
    add("f.take_along_dim(g1, dim=1)")
    add("torch.take_along_dim(f, torch.tensor([[1, 0]]), 0)")
    add("torch.take_along_dim(f, torch.tensor([[[1], [0]]]), 1)")
    add("torch.take_along_dim(f, g1_32, 1)")
    add("torch.take_along_dim(f, torch.tensor([1]), 1)")
    add("torch.take_along_dim(v, torch.tensor([5]) + 0).tolist()")
    add("torch.take_along_dim(v, torch.tensor([-1]) + 0).tolist()")
    for x in ["f", "d", "h", "i", "b"]:
        add(f"torch.put({x}, torch.tensor([0, -1, 5]), src[0, :3].to({x}.dtype))")
        add(f"torch.put({x}, torch.tensor([0, 0, 1]), src[0, :3].to({x}.dtype), "
            f"accumulate=True)")
    add("torch.put(f, torch.tensor([[0, 1]]), src[:1, :2].reshape(2))")
    add("torch.put(s, torch.tensor(0), torch.tensor(3.))")
    add("f.put(torch.tensor([3]), src[0, :1])")
    add("ip(f, 'put_', torch.tensor([0, -1]), src[0, :2])")
    add("ip(f, 'put_', torch.tensor([0, 0]), src[0, :2], True)")
    add("ip(f, 'put_', torch.tensor([0, 0]), src[0, :2], accumulate=True)")
    add("torch.put(e, torch.zeros(0, dtype=torch.int64), e)")
    add("torch.put(f, torch.tensor([1], dtype=torch.int32), src[0, :1])")
    add("torch.put(f, torch.tensor([1]), srci[0, :1])")
    add("torch.put(f, torch.tensor([1, 2]), src[0, :1])")
    add("torch.put(e, torch.tensor([0]), torch.tensor([3.]))")
    add("torch.put(f, torch.tensor([12]), src[0, :1]).tolist()")
    add("torch.put(f, torch.tensor([-13]) + 0, src[0, :1]).tolist()")
    # ---- tril / triu / diag / diag_embed / diagflat
    for x in TYPES:
        for k in (0, -1, 2):
            add(f"torch.tril({x}, {k})")
            add(f"torch.triu({x}, {k})")
    add("torch.tril(f3)")
    add("torch.triu(f3, -1)")
    add("torch.tril(f, 10)")
    add("torch.triu(f, -10)")
    add("torch.tril(f, -10)")
    add("torch.tril(e3.reshape(3, 0))")
    add("torch.triu(f.t(), 1)")
    add("f.tril(1)")
    add("f.triu(diagonal=1)")
    add("ip(f, 'tril_', -1)")
    add("ip(f3, 'triu_')")
    add("torch.tril(v)")
    add("torch.triu(s)")
    for x in TYPES:
        add(f"torch.diag({x})")
        add(f"torch.diag({x}, 1)")
        add(f"torch.diag({x}[0], -1)")
    add("torch.diag(v, 2)")
    add("torch.diag(f, -2)")
    add("torch.diag(f, 10)")
    add("torch.diag(f, -3)")
    add("torch.diag(e)")
    add("torch.diag(f.t())")
    add("v.diag()")
    add("torch.diag(f3)")
    add("torch.diag(s)")
    for x in ["f", "i", "b"]:
        add(f"torch.diag_embed({x})")
    add("torch.diag_embed(f, 1)")
    add("torch.diag_embed(f, -1, 0, 2)")
    add("torch.diag_embed(f, 2, 2, 0)")
    add("torch.diag_embed(v)")
    add("torch.diag_embed(f3, -2, 1, 3)")
    add("f.diag_embed(0, -1, -3)")
    add("torch.diag_embed(f, 0, 1, 1)")
    add("torch.diag_embed(f, 0, 0, 3)")
    add("torch.diag_embed(s)")
    add("torch.diagflat(f)")
    add("torch.diagflat(f, 1)")
    add("torch.diagflat(v, -2)")
    add("torch.diagflat(s)")
    add("torch.diagflat(i.t())")
    add("b.diagflat()")
    # ---- broadcast_tensors / broadcast_shapes / meshgrid / cartesian_prod / combinations
    add("torch.broadcast_tensors(f, v[:4], s)")
    add("torch.broadcast_tensors(mcol, f3)")
    add("torch.broadcast_tensors(f)")
    add("torch.broadcast_tensors()")
    add("torch.broadcast_tensors(e3, torch.zeros(1, 1))")
    add("torch.broadcast_tensors(f, torch.zeros(3, 2))")
    add("torch.broadcast_tensors(torch.zeros(2, 3), torch.zeros(1), torch.zeros(4, 1))")
    add("torch.broadcast_tensors([f, v])")
    add("torch.broadcast_shapes((2, 1), (3,), (1, 1, 1))")
    add("torch.broadcast_shapes(torch.Size([2, 1]), [1, 3])")
    add("torch.broadcast_shapes(3, (2, 1))")
    add("torch.broadcast_shapes((0, 1), (1, 3))")
    add("torch.broadcast_shapes((0,), (1,))")
    add("torch.broadcast_shapes(())")
    add("torch.broadcast_shapes()")
    add("torch.broadcast_shapes((2, 1), (3,), 4, ())")
    add("torch.broadcast_shapes((2, 1), (3, 2))")
    add("torch.broadcast_shapes((-1,))")
    add("torch.meshgrid(vi[:2], v[:3].long(), indexing='ij')")
    add("torch.meshgrid(vi[:2], vi, indexing='xy')")
    add("torch.meshgrid(vi[:2], vi[:3], vi, indexing='xy')")
    add("torch.meshgrid(vi[:2], vi[:3], vi, indexing='ij')")
    add("torch.meshgrid([v[:2], v[:3]], indexing='ij')")
    add("torch.meshgrid(si, vi, indexing='ij')")
    add("torch.meshgrid(v, indexing='xy')")
    add("torch.meshgrid(v[:2], v[:3])")
    add("torch.meshgrid(v, vi, indexing='ij')")
    add("torch.meshgrid(v, v, indexing='foo')")
    add("torch.meshgrid(indexing='ij')")
    add("torch.cartesian_prod(vi[:2], vi[:3])")
    add("torch.cartesian_prod(v[:2], v[:2], v[:3])")
    add("torch.cartesian_prod(vi)")
    add("torch.cartesian_prod(v, vi)")
    add("torch.cartesian_prod(f, v)")
    add("torch.cartesian_prod(s, v)")
    add("torch.combinations(vi)")
    add("torch.combinations(v, 3)")
    add("torch.combinations(vi[:3], with_replacement=True)")
    add("torch.combinations(vi[:4], r=3, with_replacement=True)")
    add("torch.combinations(vi, 0)")
    add("torch.combinations(vi[:3], 4)")
    add("torch.combinations(vi[:3], 1)")
    add("torch.combinations(e, 2)")
    add("torch.combinations(vi, -1)")
    add("torch.combinations(f)")
    # ---- nonzero / argwhere
    for x in TYPES + ["z", "fnan", "s", "si", "e3"]:
        add(f"torch.nonzero({x})")
        add(f"torch.nonzero({x}, as_tuple=True)")
        add(f"torch.argwhere({x})")
    add("torch.nonzero(torch.tensor(0))")
    add("torch.nonzero(torch.tensor(0.), as_tuple=True)")
    add("torch.nonzero(f3 > 0)")
    add("z.nonzero()")
    add("z.nonzero(as_tuple=True)")
    add("z.argwhere()")
    # ---- searchsorted / bucketize
    add("torch.searchsorted(srt, q)")
    add("torch.searchsorted(srt, q, right=True)")
    add("torch.searchsorted(srt, q, side='right')")
    add("torch.searchsorted(srt, q, side='left')")
    add("torch.searchsorted(srt, q, out_int32=True)")
    add("torch.searchsorted(srti, q2)")
    add("torch.searchsorted(srti, q)")
    add("torch.searchsorted(srt, q2, right=True)")
    add("torch.searchsorted(srti, 4)")
    add("torch.searchsorted(srti, 4.5)")
    add("torch.searchsorted(srt, 0.0, right=True)")
    add("torch.searchsorted(srti, torch.tensor(5))")
    add("torch.searchsorted(srt2, q2)")
    add("torch.searchsorted(srt2, q2, right=True)")
    add("torch.searchsorted(srt2, q)")
    add("torch.searchsorted(uns, q2, sorter=perm)")
    add("torch.searchsorted(uns, q2, right=True, sorter=perm)")
    add("torch.searchsorted(srtn, torch.tensor([3., nan, 100, -1]))")
    add("torch.searchsorted(srtn, torch.tensor([3., nan, 100, -1]), right=True)")
    add("torch.searchsorted(e, q)")
    add("torch.searchsorted(srt.to(torch.float16), q.to(torch.bfloat16))")
    add("torch.searchsorted(srt, q, side='left', right=True)")
    add("torch.searchsorted(srt, q, side='foo')")
    add("torch.searchsorted(s, q)")
    add("torch.searchsorted(srt2, q2[:1])")
    add("torch.searchsorted(srt2, q2[0])")
    add("torch.searchsorted(srt2, 1)")
    add("torch.searchsorted(uns, q2, sorter=perm.to(torch.int32))")
    add("torch.searchsorted(uns, q2, sorter=perm[:3])")
    add("torch.searchsorted(b[0], b)")
    add("torch.bucketize(q, srt)")
    add("torch.bucketize(q2, srti, right=True)")
    add("torch.bucketize(q2, srti, out_int32=True)")
    add("torch.bucketize(3, srti)")
    add("torch.bucketize(torch.tensor([3.5]), srti)")
    add("torch.bucketize(q, srt2)")
    # ---- ravel / block_diag / one_hot
    add("torch.ravel(f)")
    add("torch.ravel(f.t())")
    add("torch.ravel(s)")
    add("f3.ravel()")
    add("torch.block_diag(f, v)")
    add("torch.block_diag(torch.tensor([[1, 2]]), torch.tensor(3.), torch.tensor([4, 5]), "
        "torch.zeros(0, 2, dtype=torch.int32))")
    add("torch.block_diag(i8.reshape(1, 2), si)")
    add("torch.block_diag(i8.reshape(1, 2), s)")
    add("torch.block_diag(b, b)")
    add("torch.block_diag(torch.zeros(2, 0))")
    add("torch.block_diag(e, torch.tensor([[1.]]))")
    add("torch.block_diag()")
    add("torch.block_diag(f, f3)")
    add("one_hot(cls)")
    add("one_hot(cls, 6)")
    add("one_hot(torch.tensor(1), 3)")
    add("one_hot(torch.zeros(0, dtype=torch.int64), 3)")
    add("one_hot(vi)")
    add("one_hot(vi, 5).tolist()")
    add("one_hot(vi + 1, 4).tolist()")
    add("one_hot(vi + 1, 6)")
    add("one_hot(vi + 1, 5).tolist()")
    add("one_hot(cls, 0).tolist()")
    add("one_hot(cls, -2)")
    add("one_hot(vi, -3)")
    add("one_hot(cls.float(), 4)")
    add("one_hot(cls.int(), 4)")
    add("one_hot(torch.zeros(0, dtype=torch.int64))")
    return c


def encode(r):
    if isinstance(r, torch.Size):
        return {"size": list(r)}
    if isinstance(r, torch.Tensor):
        return {"tensor": record(r)}
    if isinstance(r, (tuple, list)) and any(isinstance(x, torch.Tensor) for x in r):
        return {"tuple": [encode(v) for v in r], "type": type(r).__name__}
    if isinstance(r, tuple) and not r:
        return {"tuple": [], "type": "tuple"}
    return {"python": r}


def write(data):
    """movement.json with one input / one case per line (small, and diffs stay readable)."""
    def dump(x):
        return json.dumps(x, sort_keys=True, separators=(",", ":"))
    lines = ['{"inputs": {']
    lines.append(",\n".join(f"{json.dumps(k)}: {dump(v)}" for k, v in data["inputs"].items()))
    lines.append('}, "cases": [')
    lines.append(",\n".join(dump(c) for c in data["cases"]))
    lines.append("]}")
    with open(HERE / "movement.json", "w") as f:
        f.write("\n".join(lines) + "\n")


def main():
    ins = make_inputs()
    env = dict(ins, torch=torch, nan=nan, inf=inf, ip=ip,
               one_hot=torch.nn.functional.one_hot)
    out = []
    for expr in dict.fromkeys(cases()):  # unique, in order
        try:
            res = encode(eval(expr, dict(env)))
        except Exception as e:  # noqa: BLE001 - recording PyTorch's errors is the point
            res = {"error": type(e).__name__, "message": str(e)}
        out.append({"expr": expr, "result": res})
    write({"inputs": {k: record(v) for k, v in ins.items()}, "cases": out})
    print(len(out), "cases")


if __name__ == "__main__":
    main()
