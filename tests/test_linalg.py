"""Linear algebra (jtorch/_ops/linalg.py, jtorch/linalg.py) against PyTorch and NumPy.

Parity: every expression of tests/reference/linalg.json (written by gen_linalg.py with real
PyTorch) is evaluated with `torch` bound to jtorch, deferred and eager; values, dtypes, shapes,
result types, exception types and messages must match. Value-dependent failures (a singular
matrix, a matrix that is not positive-definite) are raised at the next sync point as
`torch.linalg.LinAlgError`, with "(recorded by ...)" appended to PyTorch's message.
Decompositions whose factors are unique only up to signs (qr, eigh, svd) are checked through
their invariants here; their unique parts (eigenvalues, singular values) are parity cases.
"""
import re
import string
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
from jtorch import linalg as L
from jtorch._runtime import graph
from conftest import load_reference, assert_matches, _numbers

REF = load_reference("linalg")
CASES = REF["cases"]
TOL = {"torch.float16": 3e-3, "torch.bfloat16": 2e-2, "torch.float32": 2e-5,
       "torch.float64": 1e-9}
# least squares is solved through the SVD here and through QR (gelsy) in PyTorch
LOOSE = ("lstsq", "pinv", "cond", "matrix_exp", "pinverse")


def _array(rec):
    a = np.asarray(_numbers(rec["value"]), dtype=np.float64).reshape(rec["shape"])
    return a.astype(getattr(torch, rec["dtype"].split(".")[1]).np)


ARRAYS = {k: _array(v) for k, v in REF["inputs"].items()}


def _env():
    """Fresh input tensors (materialised leaves, so each case's graph holds only its own ops)."""
    env = {k: torch.tensor(a) for k, a in ARRAYS.items()}
    env.update(torch=torch, L=torch.linalg)
    return env


def _check(got, ref, expr):
    if "tensor" in ref:
        r = ref["tensor"]
        tol = TOL.get(r["dtype"], 0)
        if any(k in expr for k in LOOSE) and tol:
            tol = max(tol * 50, 1e-4) if r["dtype"] == "torch.float32" else tol * 1e3
        assert_matches(got, r, rtol=tol, atol=tol)
    elif "tuple" in ref:
        assert isinstance(got, (tuple, list)), (expr, type(got))
        if ref["type"] not in ("tuple", "list"):
            assert type(got).__name__ == ref["type"], (expr, type(got))
        assert len(got) == len(ref["tuple"]), expr
        for g, r in zip(got, ref["tuple"]):
            _check(g, r, expr)
    else:
        np.testing.assert_allclose(np.asarray(got, dtype=np.float64),
                                   np.asarray(_numbers(ref["python"]), dtype=np.float64),
                                   rtol=1e-5, err_msg=expr)


def _exc_type(name):
    return L.LinAlgError if name == "LinAlgError" else {
        "RuntimeError": RuntimeError, "IndexError": IndexError, "TypeError": TypeError,
        "ValueError": ValueError, "NotImplementedError": NotImplementedError}[name]


@pytest.mark.parametrize("case", CASES, ids=[c["expr"] for c in CASES])
def test_parity(mode, case):
    expr, ref = case["expr"], case["result"]
    env = _env()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "error" in ref:
            with pytest.raises(_exc_type(ref["error"])) as info:
                eval(expr, env)
            e = info.value
            # (the references name torch._C._LinAlgError by its public name)
            assert type(e).__name__.lstrip("_") == ref["error"], (expr, repr(e))
            msg = str(e)
            assert msg == ref["message"] or msg.startswith(ref["message"] + " (recorded by "), \
                (expr, msg, ref["message"])
            torch.sync()
            return
        got = eval(expr, env)
    _check(got, ref, expr)


@pytest.mark.parametrize("case", REF["grad_cases"], ids=[c["expr"] for c in REF["grad_cases"]])
def test_gradient_parity(mode, case):
    env = _env()
    for k in case["wrt"]:
        env[k].requires_grad_(True)
    eval(case["expr"], env).backward()
    for k, ref in zip(case["wrt"], case["grads"]):
        assert_matches(env[k].grad, ref, rtol=1e-7, atol=1e-9)


# ---- value-dependent failures: raised at the next sync point --------------------------------
SING = [[1.0, 2.0], [2.0, 4.0]]
NOT_PD = [[1.0, 2.0], [2.0, 1.0]]


@pytest.mark.parametrize("call,msg", [
    (lambda: L.inv(torch.tensor(SING)), "linalg.inv: The diagonal element 2 is zero"),
    (lambda: torch.inverse(torch.tensor(SING)), "linalg.inv: The diagonal element 2 is zero"),
    (lambda: L.inv(torch.stack([torch.eye(2), torch.tensor(SING)])),
     "linalg.inv: (Batch element 1): The diagonal element 2 is zero"),
    (lambda: L.solve(torch.tensor(SING), torch.ones(2)),
     "torch.linalg.solve: The solver failed because the input matrix is singular."),
    (lambda: L.matrix_power(torch.tensor(SING), -2), "linalg.inv: The diagonal element 2"),
    (lambda: L.cholesky(torch.tensor(NOT_PD)),
     "linalg.cholesky: The factorization could not be completed because the input is not "
     "positive-definite (the leading minor of order 2 is not positive-definite)."),
    (lambda: L.cholesky(torch.tensor([[4.0, 0, 0], [0, 1, 0], [0, 0, -1]]).expand(2, 3, 3)),
     "linalg.cholesky: (Batch element 0): The factorization could not be completed because "
     "the input is not positive-definite (the leading minor of order 3 is not"),
    (lambda: L.inv_ex(torch.tensor(SING), check_errors=True).inverse,
     "linalg.inv_ex: The diagonal element 2 is zero"),
])
def test_singular_raises_linalg_error_at_sync(mode, call, msg):
    if mode == "deferred":
        y = call()  # recorded: singularity depends on values, unknown until the program runs
        with pytest.raises(L.LinAlgError, match=re.escape(msg)) as info:
            torch.sync()
        assert "(recorded by " in str(info.value) and "test_linalg.py" in str(info.value)
        assert y.shape is not None
    else:
        with pytest.raises(L.LinAlgError, match=re.escape(msg)):
            call()
    torch.sync()  # the failed check does not linger


def test_linalg_error_is_a_runtime_error():
    assert issubclass(L.LinAlgError, RuntimeError)
    assert torch.linalg.LinAlgError is L.LinAlgError
    with pytest.raises(RuntimeError):
        L.inv(torch.zeros(3, 3)).tolist()


def test_ex_variants_report_info_without_raising(mode):
    r = L.inv_ex(torch.stack([torch.eye(2), torch.tensor(SING)]))
    assert type(r).__name__ == "linalg_inv_ex" and r.info.dtype is torch.int32
    assert r.info.tolist() == [0, 2]
    c = L.cholesky_ex(torch.stack([torch.eye(3), -torch.eye(3)]))
    assert c.info.tolist() == [0, 1]
    s = L.solve_ex(torch.tensor(SING), torch.ones(2, 1))
    assert s.info.tolist() == 2
    # ...and the non-failing parts are still usable
    np.testing.assert_allclose(r.inverse[0].numpy(), np.eye(2))


def test_det_and_slogdet_of_singular_do_not_raise(mode):
    assert L.det(torch.tensor(SING)).item() == 0
    sign, logabs = L.slogdet(torch.tensor(SING))
    assert sign.item() == 0 and logabs.item() == -np.inf
    assert np.isnan(torch.logdet(torch.tensor([[-1.0, 0], [0, 1]])).item())


# ---- decompositions: invariants -------------------------------------------------------------
def _rand(shape, dtype=np.float64, seed=0):
    return np.random.default_rng(seed).standard_normal(shape).astype(dtype)


def _eye_like(n, batch):
    return np.broadcast_to(np.eye(n), tuple(batch) + (n, n))


@pytest.mark.parametrize("dtype,tol", [(torch.float32, 2e-5), (torch.float64, 1e-11)])
@pytest.mark.parametrize("shape", [(4, 3), (3, 5), (2, 4, 4), (2, 1, 5, 2)])
def test_qr_invariants(mode, dtype, tol, shape):
    a = _rand(shape)
    t = torch.tensor(a).to(dtype)
    m, n = shape[-2:]
    k = min(m, n)
    for mode_, qcols in (("reduced", k), ("complete", m)):
        q, r = L.qr(t, mode=mode_)
        assert q.dtype is dtype and r.dtype is dtype
        assert tuple(q.shape) == shape[:-2] + (m, qcols)
        assert tuple(r.shape) == shape[:-2] + (qcols, n)
        qn, rn = q.numpy().astype(np.float64), r.numpy().astype(np.float64)
        np.testing.assert_allclose(qn @ rn, a, atol=tol * 10)
        np.testing.assert_allclose(np.swapaxes(qn, -1, -2) @ qn, _eye_like(qcols, shape[:-2]),
                                   atol=tol * 10)
        np.testing.assert_array_equal(np.tril(rn, -1), 0)
    q, r = L.qr(t, mode="r")
    assert tuple(q.shape) == (0,)
    np.testing.assert_allclose(np.abs(np.diagonal(r.numpy(), 0, -2, -1)),
                               np.abs(np.diagonal(np.linalg.qr(a, mode="r"), 0, -2, -1)),
                               rtol=tol * 100, atol=tol * 10)
    q2, r2 = torch.qr(t, some=False)  # deprecated spelling: some=False is 'complete'
    assert tuple(q2.shape) == shape[:-2] + (m, m) and type(q2) is torch.Tensor


@pytest.mark.parametrize("dtype,tol", [(torch.float32, 3e-5), (torch.float64, 1e-11)])
@pytest.mark.parametrize("batch", [(), (3,), (2, 2)])
def test_eigh_invariants(mode, dtype, tol, batch):
    a = _rand(batch + (4, 4), seed=1)
    sym = a + np.swapaxes(a, -1, -2)
    t = torch.tensor(sym).to(dtype)
    for uplo in ("L", "U"):
        w, v = L.eigh(t, UPLO=uplo)
        assert w.dtype is dtype and tuple(w.shape) == batch + (4,)
        wn, vn = w.numpy().astype(np.float64), v.numpy().astype(np.float64)
        np.testing.assert_allclose(wn, np.linalg.eigvalsh(sym), rtol=tol * 10, atol=tol * 10)
        assert np.all(np.diff(wn, axis=-1) >= 0)  # ascending
        np.testing.assert_allclose(sym @ vn, vn * wn[..., None, :], atol=tol * 100)
        np.testing.assert_allclose(np.swapaxes(vn, -1, -2) @ vn, _eye_like(4, batch),
                                   atol=tol * 10)
    # only the named triangle is read
    lower_only = np.tril(sym)
    np.testing.assert_allclose(L.eigh(torch.tensor(lower_only).to(dtype)).eigenvalues.numpy(),
                               np.linalg.eigvalsh(sym), rtol=tol * 10, atol=tol * 10)
    np.testing.assert_allclose(
        L.eigvalsh(torch.tensor(np.triu(sym)).to(dtype), UPLO="U").numpy(),
        np.linalg.eigvalsh(sym), rtol=tol * 10, atol=tol * 10)


@pytest.mark.parametrize("dtype,tol", [(torch.float32, 3e-5), (torch.float64, 1e-11)])
@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (4, 4), (2, 3, 4)])
def test_svd_invariants(mode, dtype, tol, shape):
    a = _rand(shape, seed=2)
    t = torch.tensor(a).to(dtype)
    m, n = shape[-2:]
    k = min(m, n)
    want_s = np.linalg.svd(a, compute_uv=False)
    for full in (True, False):
        u, s, vh = L.svd(t, full_matrices=full)
        assert tuple(u.shape) == shape[:-2] + (m, m if full else k)
        assert tuple(vh.shape) == shape[:-2] + (n if full else k, n)
        un, sn, vhn = (x.numpy().astype(np.float64) for x in (u, s, vh))
        np.testing.assert_allclose(sn, want_s, rtol=tol * 10, atol=tol * 10)
        np.testing.assert_allclose((un[..., :, :k] * sn[..., None, :]) @ vhn[..., :k, :], a,
                                   atol=tol * 100)
        np.testing.assert_allclose(np.swapaxes(un, -1, -2) @ un,
                                   _eye_like(un.shape[-1], shape[:-2]), atol=tol * 10)
        np.testing.assert_allclose(vhn @ np.swapaxes(vhn, -1, -2),
                                   _eye_like(vhn.shape[-2], shape[:-2]), atol=tol * 10)
    u, s, v = torch.svd(t)  # deprecated: V, not Vh, and reduced by default
    assert type(torch.svd(t)).__name__ == "svd"
    un, sn, vn = (x.numpy().astype(np.float64) for x in (u, s, v))
    np.testing.assert_allclose((un * sn[..., None, :]) @ np.swapaxes(vn, -1, -2), a,
                               atol=tol * 100)
    u0, s0, v0 = torch.svd(t, compute_uv=False)
    assert not u0.numpy().any() and not v0.numpy().any()
    assert tuple(u0.shape) == shape[:-2] + (m, m)


def test_cholesky_and_lu_reconstruct(mode):
    a = _rand((2, 4, 4), seed=3)
    spd = a @ np.swapaxes(a, -1, -2) + 4 * np.eye(4)
    t = torch.tensor(spd)
    low = L.cholesky(t).numpy()
    np.testing.assert_allclose(low @ np.swapaxes(low, -1, -2), spd, atol=1e-10)
    up = L.cholesky(t, upper=True).numpy()
    np.testing.assert_allclose(np.swapaxes(up, -1, -2) @ up, spd, atol=1e-10)
    p, lo, u = L.lu(torch.tensor(a))
    np.testing.assert_allclose(p.numpy() @ lo.numpy() @ u.numpy(), a, atol=1e-12)


# ---- semantics beyond values ----------------------------------------------------------------
def test_return_types_have_pytorch_fields(mode):
    a = torch.tensor(_rand((3, 3), seed=4))
    r = L.slogdet(a)
    assert type(r).__name__ == "linalg_slogdet" and r.sign is r[0] and r.logabsdet is r[1]
    assert repr(r).startswith("torch.return_types.linalg_slogdet(\nsign=tensor(")
    assert type(torch.slogdet(a)).__name__ == "slogdet"
    assert L.eigh(a).eigenvectors.shape == (3, 3)
    assert L.svd(a).Vh.shape == (3, 3)
    assert L.qr(a).R.shape == (3, 3)
    ls = L.lstsq(a, torch.ones(3, 2, dtype=torch.float64))
    assert ls.solution.shape == (3, 2) and ls.rank.dtype is torch.int64


def test_out_for_tuples_and_methods(mode):
    a = torch.tensor(_rand((3, 3), seed=5)).float()
    q, r = torch.empty(0), torch.empty(0)
    res = L.qr(a, out=(q, r))
    assert res[0] is q and res[1] is r and q.shape == (3, 3)
    np.testing.assert_allclose(q.numpy() @ r.numpy(), a.numpy(), atol=1e-5)
    out = torch.empty(3, 3)
    assert torch.matmul(a, a, out=out) is out
    np.testing.assert_allclose(out.numpy(), a.numpy() @ a.numpy(), rtol=1e-5, atol=1e-6)


def test_inplace_addmm_keeps_identity(mode):
    c = torch.ones(2, 2)
    cid = id(c)
    m = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    c.addmm_(m, m, beta=2, alpha=0.5)
    assert id(c) == cid and c.tolist() == [[5.5, 7.0], [9.5, 13.0]]
    x = torch.zeros(3)
    x2 = x.addmv_(torch.eye(3), torch.tensor([1.0, 2.0, 3.0]))
    assert x2 is x and x.tolist() == [1, 2, 3]
    with pytest.raises(RuntimeError, match="result type Float can't be cast to the desired "
                                           "output type Long"):
        torch.zeros(2, 2, dtype=torch.int64).addr_(torch.ones(2), torch.ones(2))


def test_matmul_operator_and_batched_views(mode):
    a = torch.arange(24.0).reshape(2, 3, 4)
    b = torch.arange(20.0).reshape(4, 5)
    np.testing.assert_array_equal((a @ b).numpy(), a.numpy() @ b.numpy())
    np.testing.assert_array_equal((a.mT @ a).numpy(), np.swapaxes(a.numpy(), 1, 2) @ a.numpy())
    assert (torch.ones(3) @ torch.ones(3)).shape == ()
    with pytest.raises(TypeError):
        torch.ones(2, 2) @ "x"


def test_integer_matmul_is_exact_and_wraps_like_pytorch(mode):
    a = torch.tensor([[2**40, 3], [5, 2**41]])
    got = (a @ a).tolist()
    want = (np.array([[2**40, 3], [5, 2**41]], dtype=object) @
            np.array([[2**40, 3], [5, 2**41]], dtype=object))
    wrap = [[int(np.int64(int(v) % 2**64 - (2**64 if int(v) % 2**64 >= 2**63 else 0)))
             for v in row] for row in want]
    assert got == wrap
    u = torch.full((2, 3), 200, dtype=torch.uint8)
    assert (u @ u.t()).tolist() == [[(200 * 200 * 3) % 256] * 2] * 2
    assert (u @ u.t()).dtype is torch.uint8


def test_float32_matmul_uses_full_precision(mode):
    rng = np.random.default_rng(6)
    a = rng.standard_normal((64, 512)).astype(np.float32)
    b = rng.standard_normal((512, 32)).astype(np.float32)
    got = torch.mm(torch.tensor(a), torch.tensor(b)).numpy()
    want = a.astype(np.float64) @ b.astype(np.float64)
    # TF32/bf16 passes would be off by ~1e-2; full float32 accumulation stays near 1e-5
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-4)


def test_changing_beta_alpha_and_tolerances_do_not_recompile():
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = True
    try:
        c, m = torch.ones(2, 2), torch.eye(2)
        torch.addmm(c, m, m, beta=0.5, alpha=2.0)
        n = len(graph._kernels), graph.stats["kernels"]
        r = torch.addmm(c, m, m, beta=0.25, alpha=3.0)
        assert (len(graph._kernels), graph.stats["kernels"]) == n
        assert r.tolist() == [[3.25, 0.25], [0.25, 3.25]]
        L.pinv(m, atol=0.1)
        n = len(graph._kernels), graph.stats["kernels"]
        L.pinv(m, atol=0.2)
        assert (len(graph._kernels), graph.stats["kernels"]) == n
    finally:
        torch.runtime.config["eager"] = old


def test_matrix_rank_and_pinv_accept_tensor_tolerances(mode):
    a = torch.stack([torch.eye(3), torch.diag(torch.tensor([1.0, 0.5, 0.01]))])
    r = L.matrix_rank(a, atol=torch.tensor([0.1, 0.6]))
    assert r.tolist() == [3, 1]
    p = L.pinv(a, atol=torch.tensor([0.0, 0.1]))
    np.testing.assert_allclose(p.numpy()[1], np.diag([1.0, 2.0, 0.0]), atol=1e-6)


def test_deprecated_cross_without_dim_warns_once():
    from jtorch._ops import linalg as ops
    ops._warned.discard("cross")
    a = torch.ones(3, 2)
    with pytest.warns(UserWarning, match="Using torch.cross without specifying the dim arg"):
        torch.cross(a, a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        torch.cross(a, a)


def test_norm_gradient_at_zero_is_zero():
    x = torch.zeros(3, requires_grad=True)
    L.vector_norm(x).backward()
    assert x.grad.tolist() == [0.0, 0.0, 0.0]
    y = torch.tensor([3.0, 4.0], requires_grad=True)
    L.norm(y).backward()
    np.testing.assert_allclose(y.grad.numpy(), [0.6, 0.8], rtol=1e-6)


def test_decomposition_gradients_match_closed_forms():
    a = np.array([[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])
    t = torch.tensor(a, requires_grad=True)
    L.det(t).backward()
    np.testing.assert_allclose(t.grad.numpy(), np.linalg.det(a) * np.linalg.inv(a).T,
                               rtol=1e-10)
    t.grad = None
    L.inv(t).sum().backward()
    inv = np.linalg.inv(a)
    np.testing.assert_allclose(t.grad.numpy(), -(inv.T @ np.ones((3, 3)) @ inv.T), rtol=1e-10)


# ---- property tests against NumPy -----------------------------------------------------------
seeds = st.integers(0, 2**31 - 1)


def _mat(seed, shape, dtype):
    rng = np.random.default_rng(seed)
    if np.issubdtype(dtype, np.integer):
        return rng.integers(-20, 20, shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


@st.composite
def matmul_shapes(draw):
    """Shapes for every matmul case: 1-D, 2-D, batched with broadcasting, and mismatches."""
    n, k, m = draw(st.integers(0, 4)), draw(st.integers(0, 4)), draw(st.integers(0, 4))
    r1, r2 = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    batch = draw(st.lists(st.integers(1, 3), max_size=2))

    def bshape(r):
        b = batch[len(batch) - max(r - 2, 0):] if r > 2 else []
        b = [1 if draw(st.booleans()) and d > 1 else d for d in b]
        extra = [draw(st.integers(1, 2)) for _ in range(max(r - 2 - len(batch), 0))]
        return extra + b

    s1 = [k] if r1 == 1 else bshape(r1) + [n, k]
    k2 = k if draw(st.integers(0, 5)) else draw(st.integers(0, 4))  # sometimes mismatched
    s2 = [k2] if r2 == 1 else bshape(r2) + [k2, m]
    return s1, s2


@settings(max_examples=60, deadline=None)
@given(shapes=matmul_shapes(), seed=seeds, dtype=st.sampled_from([np.float64, np.int64,
                                                                  np.float32]))
def test_matmul_matches_numpy(shapes, seed, dtype):
    s1, s2 = shapes
    a, b = _mat(seed, s1, dtype), _mat(seed + 1, s2, dtype)
    try:
        want = np.matmul(a, b)
    except ValueError:
        with pytest.raises(RuntimeError):
            torch.matmul(torch.tensor(a), torch.tensor(b))
        return
    got = torch.matmul(torch.tensor(a), torch.tensor(b))
    assert tuple(got.shape) == want.shape
    assert got.dtype is torch.tensor(a).dtype
    if dtype is np.float32:
        np.testing.assert_allclose(got.numpy(), a.astype(np.float64) @ b.astype(np.float64),
                                   rtol=1e-5, atol=1e-5)
    else:
        np.testing.assert_allclose(got.numpy(), want, rtol=1e-12, atol=1e-12)


@st.composite
def einsum_problems(draw):
    """A random einsum: 1-3 operands over up to 5 labels, repeated labels, optional ellipsis,
    explicit or implicit output."""
    letters = draw(st.lists(st.sampled_from(string.ascii_letters), min_size=1, max_size=5,
                            unique=True))
    size = {c: draw(st.integers(1, 3)) for c in letters}
    nops = draw(st.integers(1, 3))
    ell = draw(st.booleans())
    ell_shape = [draw(st.integers(1, 3)) for _ in range(draw(st.integers(0, 2)))] if ell else []
    terms, shapes = [], []
    for _ in range(nops):
        t = draw(st.lists(st.sampled_from(letters), max_size=4))
        shape = [size[c] for c in t]
        if ell:
            cut = draw(st.integers(0, len(ell_shape)))
            t = ["..."] + t
            shape = ell_shape[len(ell_shape) - cut:] + shape
        terms.append("".join(t))
        shapes.append(shape)
    used = sorted({c for t in terms for c in t if c != "."})
    if draw(st.booleans()):
        out = draw(st.lists(st.sampled_from(used), unique=True)) if used else []
        eq = ",".join(terms) + "->" + ("..." if ell else "") + "".join(out)
    else:
        eq = ",".join(terms)
    return eq, shapes


@settings(max_examples=35, deadline=None)
@given(problem=einsum_problems(), seed=seeds, dtype=st.sampled_from([np.float64, np.int64]))
def test_einsum_matches_numpy(problem, seed, dtype):
    eq, shapes = problem
    ops = [_mat(seed + i, s, dtype) for i, s in enumerate(shapes)]
    want = np.einsum(eq, *ops)
    got = torch.einsum(eq, *[torch.tensor(o) for o in ops])
    assert tuple(got.shape) == want.shape, (eq, shapes)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-10, err_msg=eq)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, shape=st.lists(st.integers(1, 4), min_size=1, max_size=3),
       ord=st.sampled_from([0, 1, 2, 3, 0.5, -1, np.inf, -np.inf]), data=st.data())
def test_vector_norm_matches_numpy(seed, shape, ord, data):
    a = _mat(seed, shape, np.float64)
    dim = data.draw(st.sampled_from([None, -1, 0]))
    keep = data.draw(st.booleans())
    got = L.vector_norm(torch.tensor(a), ord=ord, dim=dim, keepdim=keep)
    flat = a.reshape(-1) if dim is None else a
    want = np.linalg.norm(flat, ord=ord, axis=None if dim is None else dim,
                          keepdims=keep and dim is not None)
    if dim is None and keep:
        want = np.reshape(want, [1] * a.ndim)
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, m=st.integers(1, 4), n=st.integers(1, 4),
       ord=st.sampled_from(["fro", "nuc", 1, -1, 2, -2, np.inf, -np.inf]))
def test_matrix_norm_matches_numpy(seed, m, n, ord):
    a = _mat(seed, (2, m, n), np.float64)
    got = L.matrix_norm(torch.tensor(a), ord=ord)
    want = np.linalg.norm(a, ord=ord, axis=(-2, -1))
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-10, atol=1e-12)


@settings(max_examples=14, deadline=None)
@given(seed=seeds, n=st.integers(1, 4), k=st.integers(1, 2),
       batch=st.lists(st.integers(1, 2), max_size=1))
def test_solve_inv_det_match_numpy(seed, n, k, batch):
    a = _mat(seed, batch + [n, n], np.float64) + 3 * np.eye(n)
    b = _mat(seed + 1, batch + [n, k], np.float64)
    ta, tb = torch.tensor(a), torch.tensor(b)
    np.testing.assert_allclose(L.solve(ta, tb).numpy(), np.linalg.solve(a, b), rtol=1e-9,
                               atol=1e-10)
    np.testing.assert_allclose(L.inv(ta).numpy(), np.linalg.inv(a), rtol=1e-9, atol=1e-10)
    np.testing.assert_allclose(L.det(ta).numpy(), np.linalg.det(a), rtol=1e-9, atol=1e-10)
    sign, logabs = L.slogdet(ta)
    ws, wl = np.linalg.slogdet(a)
    np.testing.assert_array_equal(sign.numpy(), ws)
    np.testing.assert_allclose(logabs.numpy(), wl, rtol=1e-9, atol=1e-10)


@pytest.mark.parametrize("name", ["eig", "eigvals", "ldl_factor", "ldl_factor_ex", "ldl_solve"])
def test_unavailable_decompositions_say_why(name):
    """Complex-valued eig/eigvals and the LDL factorisation cannot be built on jtorch's JAX:
    they raise NotImplementedError naming the function and the reason."""
    with pytest.raises(NotImplementedError, match=rf"torch\.linalg\.{name}: .*(complex|LDL)"):
        getattr(torch.linalg, name)(torch.eye(3))
