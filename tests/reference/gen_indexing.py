"""Reference values for tests/test_indexing.py from real PyTorch (needs torch installed).

Each case is a Python expression over the named inputs below, `T` (the torch module), `np` and
`ip` (an in-place call on a clone); the test evaluates it with `T` bound to jtorch, deferred and
eager. Reads with ints, slices, None, Ellipsis, bools, lists, index tensors and masks (NumPy's
placement rules for advanced indices); writes `x[i] = v` written as
`(lambda t: (t.__setitem__(i, v), t)[1])(x.clone())`; views written through; and every error.
Out-of-range index tensors made pending with `+ 0` end in `.tolist()` so that jtorch's deferred
check is raised inside the expression.

    /work/venv/bin/python tests/reference/gen_indexing.py
"""
import math
import warnings

import numpy as np
import torch

from refutil import record, write

warnings.simplefilter("ignore")


def make_inputs(T):
    X = T.arange(24).reshape(2, 3, 4)
    return dict(X=X, V=T.arange(5) * 1.5, M=T.arange(12).reshape(3, 4).float(), S=T.tensor(7),
                B=T.tensor([[True, False, True, False], [False, False, True, True],
                            [True, True, True, True]]),
                I=T.tensor([2, 0, -1]), I2=T.tensor([[0, 1], [1, 0]]))


CASES = [
    'X[0]',
    'X[-1]',
    'X[1, 2]',
    'X[1, -1, -2]',
    'X[:, 1]',
    'X[..., 1]',
    'X[0, ..., 1]',
    'X[None]',
    'X[:, None, 1]',
    'X[None, ..., None]',
    'X[::2]',
    'X[:, ::2]',
    'X[:, 1:3, ::3]',
    'X[:, -2:]',
    'X[:, 5:]',
    'X[:, -10:2]',
    'X[1:1]',
    'X[:, 3:1]',
    'X[..., ::-1]',
    'X[:, ::0]',
    'X[2]',
    'X[0, 3]',
    'X[-3]',
    'X[0, 0, 4]',
    'X[0, 0, 0, 0]',
    'X[..., ...]',
    'X[1.5]',
    "X['a']",
    'X[True]',
    'X[False]',
    'X[None, True]',
    'X[[0, 1]]',
    'X[[1, 0, 1]]',
    'X[:, [2, 0]]',
    'X[:, [2, 0], 1]',
    'X[[0, 1], [1, 2]]',
    'X[[0, 1], :, [1, 2]]',
    'X[:, [0, 2], [1, 3]]',
    'X[[0], [1], [2]]',
    'X[[[0, 1], [1, 0]]]',
    'X[:, I]',
    'X[:, I2]',
    'X[1, I2, 0]',
    'X[I2, :, I2]',
    'X[..., I]',
    'X[None, [0, 1]]',
    'X[[0, 1], None, [1, 2]]',
    'X[:, [0, 3]]',
    'X[[2]]',
    'X[[-3]]',
    'X[T.tensor([0, 5])]',
    'X[:, T.tensor([[0], [-4]])]',
    'X[[1.5]]',
    'X[T.tensor([0.5])]',
    'X[(0, 1)]',
    'X[[0, 1], [0, 1, 2]]',
    'M[B]',
    'M[B[0]]',
    'X[X > 10]',
    'X[X > 100]',
    'M[:, B[0]]',
    'M[B[:, 0]]',
    'X[X[:, :, 0] > 5]',
    'M[T.tensor([True, False])]',
    'M[B.T]',
    'M[B, None]',
    'X[T.tensor(True)]',
    'X[T.tensor(1)]',
    'X[T.tensor([1])]',
    'X[1, T.tensor(2)]',
    'X[np.array([1, 0])]',
    'X[np.int64(1)]',
    'X[:, np.array([[1], [2]])]',
    'X[0, [1, 2], :][1]',
    'X[[]]',
    'X[T.tensor([], dtype=T.int64)]',
    'X[:, []]',
    'X[T.tensor([1, 0], dtype=T.int32)]',
    'X[T.tensor([1, 0], dtype=T.uint8)]',
    'X[T.tensor([1, 0], dtype=T.int8)]',
    'V[V > 2]',
    'V[[True, False, True, False, True]]',
    'V[[True, False]]',
    'M[[True, False, True]]',
    'S[None]',
    'S[...]',
    'S[0]',
    'S[:]',
    'S[S > 3]',
    'S[()]',
    'S[[0]]',
    'S[T.tensor(True)]',
    'S[True]',
    'X[1:, [0, 2]][..., 1:]',
    'X.T[0]',
    'X[:, 1][0, 2]',
    'X[[[True, False, True]]]',
    '(lambda t: (t.__setitem__((1, 2), 9), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__((slice(0, 2), slice(None)), 12), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 5, 0), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 5, T.tensor(-1.)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 5, T.tensor([-1.])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 5, T.arange(6.) * 10), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 5, T.arange(5.)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(I, 100), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(I, T.tensor([1., 2., 3.])), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__([0, 0], T.tensor([1., 2.])), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(slice(None), t + 1), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__((slice(None), 1), T.tensor([7., 8., 9.])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__((slice(None), 1), T.tensor([7., 8.])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(0, T.tensor([[1., 2., 3., 4.]])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(0, T.tensor([[[1., 2., 3., 4.]]])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(0, T.tensor([[1., 2., 3., 4.], [1., 2., 3., 4.]])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(0, 2.7), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__(0, T.tensor(2.7)), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__(0, True), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__((0, [1, 2]), T.tensor([5, 6])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__((slice(None), [0, 2]), 0), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__((I2, slice(None), 0), 0), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__(..., 5), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__(None, 5), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(5, 1), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(T.tensor([7]), 1), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__((0, 0, 0, 0), 1), t)[1])(X.clone())',
    '(lambda t: (t.__setitem__(B, T.zeros(3)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(slice(None, None, 2), T.tensor([1., 2., 3.])), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(0, [1, 2, 3, 4]), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(0, np.array([1, 2, 3, 4])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(t > 1.0, 1.5), t)[1])(V.clone().long())',
    '(lambda t: (t.__setitem__(0, 1e10), t)[1])(V.clone().half())',
    '(lambda t: (t.__setitem__(0, 300), t)[1])(T.zeros(2, dtype=T.int8))',
    '(lambda t: (t.__setitem__(S, 3), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(T.tensor(True), 3), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(T.tensor(False), 3), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__((), 3), t)[1])(S.clone())',
    '(lambda t: (t.__setitem__(..., T.tensor([3])), t)[1])(S.clone())',
    '(lambda t: (t.__setitem__([1, 1, 1], T.tensor([1., 2., 3.])), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__((slice(None), slice(None)), T.ones(3, 1)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(slice(1, 3), T.ones(2, 4)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(I, T.ones(3, 1)), t)[1])(M.clone())',
    '(lambda t: (t[0].__setitem__(1, 99), t)[1])(X.clone())',
    '(lambda t: (t[:, 1].fill_(-1), t)[1])(M.clone())',
    '(lambda t: (t[::2].mul_(10), t)[1])(V.clone())',
    '(lambda t: (t[[0, 1]].fill_(-1), t)[1])(V.clone())',
    '(lambda t: (t[t > 2].fill_(-1), t)[1])(V.clone())',
    '(lambda t: (t[0][1:3].add_(100), t)[1])(M.clone())',
    '(lambda t: (t[None, 0].zero_(), t)[1])(M.clone())',
    '(lambda t: (t[...].add_(1), t)[1])(V.clone())',
    '(lambda t: t[1].is_contiguous())(M)',
    '(lambda t: t[:, 1].stride())(M)',
    '(lambda t: t[:, 1].storage_offset())(M)',
    '(lambda t: t[1:, ::2].stride())(X)',
    '(lambda t: t[0]._base is t)(M)',
    '(lambda t: t[[0]]._base is None)(M)',
    '(lambda t: (t.__setitem__(0, t[1]), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(slice(1, None), t[:-1]), t)[1])(V.clone())',
    'X[1, -1, 9]',
    'X[..., 7]',
    'X[:, :, [9]]',
    'X[[0, 1], [1, 5]]',
    'X[:, [0], [7]]',
    'X[[5], :, [0]]',
    'X[0, [1, 7]]',
    'X[T.tensor([[0, 1]]), T.tensor([[1], [5]])]',
    'X[[0, 1], :, [0, 1, 2]]',
    'X[T.tensor([True, False]), [0, 1, 2]]',
    'X[:, [True, False]]',
    'X[[0, [1]]]',
    'X[[0, slice(None)]]',
    'X[[0, None]]',
    'X[T.tensor(1.5)]',
    'X[[True]]',
    'X[[1, True]]',
    'S[T.tensor([0])]',
    'S[..., None]',
    'X[0, 0, 0, ...]',
    'X[None, ..., None, ...]',
    'X[0, 0, 0, None]',
    'X[[0], [0], [0], [0]]',
    'X[1, ..., 1, 1, 1]',
    '(X + 0)[T.tensor([0, 5]) + 0].tolist()',
    '(X + 0)[:, T.tensor([-4]) + 0].tolist()',
    '(lambda t: (t.__setitem__(T.tensor([7]) + 0, 1), t.tolist())[1])(V.clone())',
    "(lambda t: (t.__setitem__(0, 'a'), t)[1])(M.clone())",
    '(lambda t: (t.__setitem__(0, None), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(1.5, 1), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__([0, 1], T.tensor(5)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__([0], T.tensor([[5., 6., 7., 8.]])), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(T.tensor([0, 1]), T.ones(1, 2, 4)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(T.tensor([0, 1]), T.ones(3, 2, 4)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(slice(0, 2), T.ones(1, 1, 2, 4)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(slice(0, 2), T.ones(3, 2, 4)), t)[1])(M.clone())',
    '(lambda t: (t.__setitem__(T.tensor([True, False, True]), 300), t)[1])(T.zeros(3, dtype=T.int8))',
    '(lambda t: (t.__setitem__(T.tensor([True, False, True]), 2.5), t)[1])(T.zeros(3, dtype=T.int64))',
    '(lambda t: (t.__setitem__(0, 2.5), t)[1])(T.zeros(3, dtype=T.bool))',
    '(lambda t: (t.__setitem__(slice(0, 2), t[3:]), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__([1, 2], t[:2]), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(t > 2, t[:2]), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(slice(None), t), t)[1])(V.clone())',
    '(lambda t: (t.__setitem__(M > 5, -1), t)[1])(M.clone()[None][0])',
    'T.index_put(M, (T.tensor([0, 2]),), T.tensor(9.))',
    'T.index_put(M, (T.tensor([0, 0]), T.tensor([1, 1])), T.tensor([1., 2.]), accumulate=True)',
    'T.index_put(M, (T.tensor([0]),), T.tensor(9))',
    "ip(M, 'index_put_', (T.tensor([1]), T.tensor([2])), T.tensor(-1.))",
    'V.index_put((T.tensor([True, False, True, False, False]),), T.tensor(0.))',
]


def ip(t, name, *args, **kwargs):
    c = t.clone()
    r = getattr(c, name)(*args, **kwargs)
    assert r is c
    return c


def encode(r):
    if isinstance(r, torch.Tensor):
        return {"tensor": record(r)}
    if isinstance(r, tuple) and all(isinstance(x, int) for x in r):
        return {"python": list(r), "tuple": True}
    if isinstance(r, (bool, int, float, str, list)) or r is None:
        return {"python": r}
    return {"repr": repr(r)}


def run(expr, env):
    try:
        r = eval(expr, dict(env))
    except Exception as e:  # noqa: BLE001
        return {"error": type(e).__name__, "message": str(e)}
    return encode(r)


def main():
    env = dict(make_inputs(torch), T=torch, np=np, ip=ip)
    out = {"cases": [{"expr": e, "result": run(e, env)} for e in CASES]}
    write("indexing", out)
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
