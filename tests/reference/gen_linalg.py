"""Reference values for tests/test_linalg.py from real PyTorch (needs torch installed).

Each case is a Python expression over named input tensors, `torch` and `L` (torch.linalg); the
test evaluates the same expression with `torch` bound to jtorch. Results (tensors, tuples of
tensors, Python values) and exceptions (type and message) are recorded. Decompositions whose
factors are only unique up to signs (qr, eigh's vectors, svd's U/V) are not recorded here: the
test checks them through invariants, and their unique parts (eigenvalues, singular values)
through eigvalsh/svdvals cases. Value-dependent errors (a singular matrix) end in `.tolist()`
so that jtorch's deferred check is raised inside the expression. `grad_cases` record the
gradients of scalar expressions with respect to their float64 inputs.

    /work/venv/bin/python tests/reference/gen_linalg.py
"""
import json
import warnings

import numpy as np
import torch

from refutil import HERE, record

warnings.simplefilter("ignore")  # deprecation warnings of torch.cholesky/qr/svd/cross


def make_inputs():
    rng = np.random.default_rng(7)
    T = torch.tensor

    def f32(*s):
        return T(rng.standard_normal(s).astype(np.float32))

    def f64(*s):
        return T(rng.standard_normal(s))

    def ints(*s, lo=-5, hi=6, dt=np.int64):
        return T(rng.integers(lo, hi, s).astype(dt))

    def well(n, batch=(), dt=np.float64):
        a = rng.standard_normal(batch + (n, n)) + 3 * np.eye(n)
        return T(a.astype(dt))

    def spd(n, batch=(), dt=np.float64):
        a = rng.standard_normal(batch + (n, n))
        return T((a @ np.swapaxes(a, -1, -2) + n * np.eye(n)).astype(dt))

    sym = rng.standard_normal((3, 3))
    ins = {
        # products
        "a": f32(3, 4), "b": f32(4, 5), "v3": f32(3), "v4": f32(4), "v5": f32(5),
        "a3": f32(2, 3, 4), "b3": f32(2, 4, 5), "bb": f32(3, 1, 4, 5), "a4": f32(1, 2, 3, 4),
        "ad": f64(3, 4), "bd": f64(4, 5), "v4d": f64(4), "v3d": f64(3), "a3d": f64(2, 3, 4),
        "b3d": f64(2, 4, 5),
        "ai": ints(3, 4), "bi": ints(4, 5), "v4i": ints(4), "v3i": ints(3), "a3i": ints(2, 3, 4),
        "b3i": ints(2, 4, 5),
        "ai32": ints(3, 4, dt=np.int32), "bi32": ints(4, 5, dt=np.int32),
        "au8": ints(3, 4, lo=100, hi=250, dt=np.uint8),
        "bu8": ints(4, 5, lo=100, hi=250, dt=np.uint8),
        "ai8": ints(3, 4, lo=-100, hi=100, dt=np.int8),
        "bi8": ints(4, 5, lo=-100, hi=100, dt=np.int8),
        "big": T(np.array([[2 ** 40, 3], [5, 2 ** 41]], np.int64)),
        "ah": f32(3, 4).half(), "bh": f32(4, 5).half(), "abf": f32(3, 4).bfloat16(),
        "bbf": f32(4, 5).bfloat16(),
        "bias": f32(3, 5), "bias1": f32(5), "biasc": f32(3, 1), "biasd": f64(3, 5),
        "biasi": ints(3, 5), "bias3": f32(2, 3, 5), "biasv": f32(3),
        "nanm": T(np.full((3, 5), np.nan, np.float32)),
        "mb": T(rng.random((3, 4)) > 0.5), "vb3": T(rng.random(3) > 0.5),
        "vb4": T(rng.random(4) > 0.5),
        "k1": f32(2, 3), "k2": f32(2, 2, 1), "k3": ints(2, 2),
        "t1": f32(2, 3, 4), "t2": f32(3, 4, 5), "t3": f32(4, 3, 2), "t1b": f32(2, 1),
        "c1": f32(4, 3), "c2": f32(4, 3), "cb": f32(1, 3), "c3": f32(3, 2, 5),
        "c4": f32(3, 2, 5), "ci1": ints(2, 3), "ci2": ints(2, 3),
        "x1": f32(5, 3), "x2": f32(4, 3), "xb1": f32(2, 1, 5, 3), "xb2": f32(3, 4, 3),
        "x30": f32(30, 3), "x1d": f64(5, 3), "x2d": f64(4, 3),
        "e1": f32(2, 3), "e2": f32(3, 4), "e3": f32(2, 2, 3), "e4": f32(5, 1, 3, 4),
        "e5": f32(3, 3), "e6": f32(2, 3, 4, 5), "e7": f32(2, 3, 6, 5),
        # decompositions and solves
        "s3": well(3, dt=np.float32), "s3d": well(3), "sb": well(3, (2,), np.float32),
        "sbd": well(4, (2,)), "s2": well(2, dt=np.float32),
        "p3": spd(3, dt=np.float32), "pb": spd(3, (2,)), "p4": spd(4, dt=np.float32),
        "sym": T(sym + sym.T), "symf": T((sym + sym.T).astype(np.float32)),
        "nsym": T(np.array([[4.0, 100.0], [2.0, 3.0]], np.float32)),
        "sing": T(np.array([[1.0, 2.0], [2.0, 4.0]], np.float32)),
        "negdet": T(np.array([[-1.0, 0.0], [0.0, 2.0]], np.float32)),
        "rhs3": f32(3), "rhs32": f32(3, 2), "rhsb": f32(2, 3), "rhsb4": f32(5, 2, 3, 4),
        "rhs3d": f64(3), "rhs23": f32(2, 3), "rhsbd": f64(4, 2),
        "tall": f64(6, 3), "tallf": f32(6, 3), "wide": f64(3, 5), "rhs6": f64(6, 2),
        "rhs6v": f64(6), "rhs6f": f32(6, 2), "rhs3w": f64(3, 2), "tallb": f64(2, 6, 3),
        "rank1": T(np.outer(rng.standard_normal(4), rng.standard_normal(3))),
        "rank2": T((rng.standard_normal((5, 2)) @ rng.standard_normal((2, 4))).astype(
            np.float32)),
        "mp": T(np.array([[1, 2, 0], [0, 1, 3], [1, 0, 1]], np.int64)),
        "mpf": T(np.array([[0.5, 0.2, 0.0], [0.1, 0.4, 0.3], [0.2, 0.0, 0.6]], np.float32)),
        "tri": T(np.triu(rng.standard_normal((3, 3)) + 3 * np.eye(3)).astype(np.float32)),
        "vd": T(np.array([1.0, 2.0, 3.0, -1.5], np.float32)),
        # norms
        "n1": T(np.array([0.0, -3.0, 4.0, 0.5, -1.0], np.float32)), "n2": f32(3, 4),
        "n3": f32(2, 3, 4), "n2d": f64(3, 4), "n3d": f64(2, 3, 4), "nh": f32(3, 4).half(),
        "n0": T(np.zeros((0, 3), np.float32)), "ns": T(-2.5),
        # gradients (float64)
        "ga": f64(3, 4), "gb": f64(4, 5), "gs": well(3), "gp": spd(3), "gn": well(3) - 2.0,
        "gv": T(np.array([0.0, -3.0, 4.0, 0.5, -1.0, 2.0])), "gbias": f64(3, 5),
        "gx1": f64(5, 3), "gx2": f64(4, 3), "gc1": f64(4, 3), "gc2": f64(4, 3),
        "gt": f64(6, 3), "gr": f64(6, 2), "gm": f64(2, 3, 4),
        # householder_product, tensorinv, tensorsolve
        "hh": f64(5, 3), "htau": f64(2), "hbf": f32(2, 5, 3), "hbtau": f32(2, 3),
        "tinv": T((rng.standard_normal((6, 6)) + 3 * np.eye(6)).reshape(2, 3, 6)),
        "tsB": f64(2, 3),
    }
    return ins


# scalar expressions whose gradients with respect to their float64 inputs are compared
GRAD_CASES = [
    ("torch.matmul(ga, gb).pow(2).sum()", ["ga", "gb"]),
    ("(ga @ gb[:, 0]).pow(2).sum()", ["ga", "gb"]),
    ("torch.bmm(gm, gm.mT).pow(2).sum()", ["gm"]),
    ("torch.addmm(gbias, ga, gb, beta=0.5, alpha=2).pow(2).sum()", ["gbias", "ga", "gb"]),
    ("torch.einsum('ij,jk->ik', ga, gb).pow(2).sum()", ["ga", "gb"]),
    ("torch.tensordot(gm, gb, dims=1).pow(2).sum()", ["gm", "gb"]),
    ("torch.dot(gv, gv)", ["gv"]),
    ("torch.outer(gv, gv[:3]).pow(2).sum()", ["gv"]),
    ("torch.kron(gs, ga).pow(2).sum()", ["gs", "ga"]),
    ("torch.trace(gs)", ["gs"]),
    ("torch.cdist(gx1, gx2).sum()", ["gx1", "gx2"]),
    ("torch.cdist(gx1, gx2, p=1).sum()", ["gx1", "gx2"]),
    ("L.cross(gc1, gc2).pow(2).sum()", ["gc1", "gc2"]),
    ("L.vecdot(ga, ga).sum()", ["ga"]),
    ("L.multi_dot([ga, gb, gb.mT]).sum()", ["ga", "gb"]),
    ("L.det(gs)", ["gs"]),
    ("L.inv(gs).pow(2).sum()", ["gs"]),
    ("L.slogdet(gn).logabsdet", ["gn"]),
    ("torch.logdet(gp)", ["gp"]),
    ("L.solve(gs, ga[:, :2]).pow(2).sum()", ["gs", "ga"]),
    ("L.cholesky(gp).pow(2).sum()", ["gp"]),
    ("L.cholesky(gp, upper=True).pow(2).sum()", ["gp"]),
    ("L.eigvalsh(gn).pow(2).sum()", ["gn"]),
    ("L.eigvalsh(gn, UPLO='U').pow(2).sum()", ["gn"]),
    ("L.eigh(gp).eigenvectors.pow(4).sum()", ["gp"]),  # sign-invariant
    ("L.svdvals(ga).sum()", ["ga"]),
    ("L.svd(ga).S.sum()", ["ga"]),
    ("L.pinv(ga).pow(2).sum()", ["ga"]),
    ("L.lstsq(gt, gr).solution.pow(2).sum()", ["gt", "gr"]),
    ("L.matrix_power(gs, 3).sum()", ["gs"]),
    ("L.matrix_power(gs, -2).sum()", ["gs"]),
    ("L.matrix_exp(gs * 0.1).sum()", ["gs"]),
    ("L.householder_product(gt, gr[:2, 0]).pow(2).sum()", ["gt", "gr"]),
    ("L.tensorinv(gs, ind=1).sum()", ["gs"]),
    ("L.tensorsolve(gs, gv[:3]).pow(2).sum()", ["gs", "gv"]),
    ("L.norm(gm, dim=1).sum()", ["gm"]),
] + [(f"L.vector_norm(gv, ord={o})", ["gv"])
     for o in ("1", "2", "3", "0.5", "-1", "float('inf')", "-float('inf')")] + [
    (f"L.matrix_norm(ga, ord={o})", ["ga"])
    for o in ("'fro'", "'nuc'", "1", "-1", "2", "-2", "float('inf')", "-float('inf')")]


def cases():
    c = []
    add = c.append
    # ---- matmul in each of PyTorch's cases, and the @ operator
    for a, b, v4, v3, a3, b3 in [("a", "b", "v4", "v3", "a3", "b3"),
                                 ("ad", "bd", "v4d", "v3d", "a3d", "b3d"),
                                 ("ai", "bi", "v4i", "v3i", "a3i", "b3i")]:
        add(f"torch.matmul({v4}, {v4})")
        add(f"torch.matmul({a}, {v4})")
        add(f"torch.matmul({v3}, {a})")
        add(f"torch.matmul({a}, {b})")
        add(f"torch.matmul({a3}, {b})")
        add(f"torch.matmul({a3}, {v4})")
        add(f"torch.matmul({a}, {b3})")
        add(f"torch.matmul({v3}, {a3})")
        add(f"torch.matmul({a3}, {b3})")
        add(f"{a} @ {b}")
        add(f"{a}.matmul({b})")
    add("torch.matmul(a4, bb)")
    add("torch.matmul(a, bb)")
    add("torch.matmul(a4, v4)")
    add("torch.matmul(v3, a4)")
    add("torch.matmul(ai32, bi32)")
    add("torch.matmul(au8, bu8)")
    add("torch.matmul(ai8, bi8)")
    add("torch.matmul(big, big)")
    add("torch.matmul(ah, bh)")
    add("torch.matmul(abf, bbf)")
    add("torch.matmul(torch.zeros(2, 0), torch.zeros(0, 3))")
    add("torch.matmul(torch.zeros(0), torch.zeros(0))")
    add("torch.matmul(torch.zeros(0, 2, 3), b[:3])")
    # matmul errors, one per dispatch path
    add("torch.matmul(a, a)")
    add("torch.matmul(v3, v4)")
    add("torch.matmul(v4, a)")
    add("torch.matmul(a, v3)")
    add("torch.matmul(a3, a3)")
    add("torch.matmul(a3, bb[:2])")
    add("torch.matmul(a4.expand(2, 2, 3, 4), bb)")
    add("torch.matmul(torch.tensor(1.0), v3)")
    add("torch.matmul(v3, torch.tensor(1.0))")
    add("torch.matmul(a, bi)")
    add("torch.matmul(v4, v4i)")
    add("torch.matmul(a3, b3i)")
    add("torch.matmul(a3i, b3)")
    add("torch.matmul(v3, ai)")
    add("torch.matmul(a, v4i)")
    add("torch.matmul(a3, bi)")
    add("torch.matmul(a3, v4i)")
    add("torch.matmul(a3, a)")
    add("torch.matmul(a3, v3)")
    add("torch.matmul(a, a3)")
    add("torch.matmul(mb, mb.t())")
    add("torch.matmul(vb4, vb4)")
    add("torch.matmul(mb.expand(2, 3, 4), mb.t().expand(2, 4, 3))")
    add("torch.matmul(a, 3)")
    # ---- mm, bmm, mv, dot, vdot
    for a, b, v4, a3, b3 in [("a", "b", "v4", "a3", "b3"), ("ad", "bd", "v4d", "a3d", "b3d"),
                             ("ai", "bi", "v4i", "a3i", "b3i")]:
        add(f"torch.mm({a}, {b})")
        add(f"{a}.mm({b})")
        add(f"torch.bmm({a3}, {b3})")
        add(f"torch.mv({a}, {v4})")
        add(f"torch.dot({v4}, {v4})")
        add(f"torch.vdot({v4}, {v4})")
    add("torch.mm(ah, bh)")
    add("torch.mm(ai32, bi32)")
    add("torch.mm(a, a)")
    add("torch.mm(a, bi)")
    add("torch.mm(ai, b)")
    add("torch.mm(a, bd)")
    add("torch.mm(ah, b)")
    add("torch.mm(a, mb.t())")
    add("torch.mm(mb, mb.t())")
    add("torch.mm(v3, a)")
    add("torch.mm(a, v4)")
    add("torch.mm(a3, b)")
    add("torch.mm(a, 3)")
    add("torch.bmm(a3, a3)")
    add("torch.bmm(a3, b3.expand(3, 4, 5))")
    add("torch.bmm(a, b3)")
    add("torch.bmm(a3, b)")
    add("torch.bmm(a3, b3i)")
    add("torch.bmm(a3i, b3)")
    add("torch.bmm(mb.expand(2, 3, 4), b3)")
    add("torch.bmm(a3, mb.t().expand(2, 4, 3))")
    add("torch.mv(a, v3)")
    add("torch.mv(a, b)")
    add("torch.mv(v4, v4)")
    add("torch.mv(a, v4i)")
    add("torch.mv(mb, vb4)")
    add("torch.dot(v4, v4i)")
    add("torch.dot(v3, v4)")
    add("torch.dot(a, v4)")
    add("torch.dot(v4, a)")
    add("torch.dot(vb4, vb4)")
    add("torch.dot(vb4, v4)")
    add("torch.dot(torch.tensor(1.0), torch.tensor(2.0))")
    add("torch.vdot(v4, v4i)")
    add("torch.vdot(v3, v4)")
    # ---- inner, outer, ger
    add("torch.inner(a, a)")
    add("torch.inner(a3, a)")
    add("torch.inner(v4, v4)")
    add("torch.inner(ai, ai)")
    add("torch.inner(torch.tensor(2.0), a)")
    add("torch.inner(torch.tensor(2.0), v3i)")
    add("torch.inner(a, b)")
    add("torch.inner(a, ai)")
    add("torch.inner(vb4, vb4)")
    add("torch.inner(mb, vb4)")
    add("torch.outer(v3, v4)")
    add("torch.ger(v3, v4)")
    add("v3.outer(v4d)")
    add("torch.outer(v3i, v4)")
    add("torch.outer(v3i, v4i)")
    add("torch.outer(vb3, vb4)")
    add("torch.outer(a, v4)")
    add("torch.outer(v4, a)")
    add("torch.ger(a, v4)")
    # ---- addmm, addmv, addbmm, baddbmm, addr
    add("torch.addmm(bias, a, b)")
    add("torch.addmm(bias1, a, b)")
    add("torch.addmm(biasc, a, b)")
    add("torch.addmm(bias, a, b, beta=0.5, alpha=-2.0)")
    add("torch.addmm(biasd, ad, bd, beta=0.25, alpha=3)")
    add("torch.addmm(biasi, ai, bi, beta=2, alpha=3)")
    add("torch.addmm(biasi, ai, bi, beta=0.5, alpha=1.7)")
    add("torch.addmm(nanm, a, b, beta=0)")
    add("torch.addmm(bias, a * float('nan'), b, alpha=0)")
    add("torch.addmm(bias.half(), ah, bh, beta=0.5)")
    add("bias.addmm(a, b, beta=2)")
    add("bias.clone().addmm_(a, b, alpha=0.5)")
    add("torch.addmm(bias, a, a)")
    add("torch.addmm(bias, v3, b)")
    add("torch.addmm(bias, a, b3)")
    add("torch.addmm(bias, ai, b)")
    add("torch.addmm(bias, ai, bi)")
    add("torch.addmm(biasi, a, b)")
    add("torch.addmm(bias[:2], a, b)")
    add("torch.addmm(bias3, a, b)")
    add("torch.addmm(bias.bool()[:, :3], mb, mb.t())")
    add("torch.addmv(v3, a, v4)")
    add("torch.addmv(v3, a, v4, beta=-1, alpha=0.5)")
    add("torch.addmv(torch.tensor([1.5]), a, v4)")
    add("torch.addmv(torch.tensor(1.5), a, v4)")
    add("torch.addmv(v3i, ai, v4i, beta=0.5, alpha=2.5)")
    add("v3.addmv(a, v4)")
    add("v3.clone().addmv_(a, v4, beta=0)")
    add("torch.addmv(v4, a, v4)")
    add("torch.addmv(v3, a, v3)")
    add("torch.addmv(a, a, v4)")
    add("torch.addmv(v3i, a, v4)")
    add("torch.addmv(v3, ai, v4)")
    add("torch.addmv(vb3, mb, vb4)")
    add("torch.addbmm(bias, a3, b3)")
    add("torch.addbmm(bias1, a3, b3, beta=0.5, alpha=2)")
    add("torch.addbmm(biasi, a3i, b3i, beta=0.5, alpha=2.5)")
    add("bias.clone().addbmm_(a3, b3)")
    add("torch.addbmm(bias[:, :4], a3, b3)")
    add("torch.addbmm(bias, a3, b3.expand(3, 4, 5))")
    add("torch.addbmm(bias, a3, a3)")
    add("torch.addbmm(bias, a, b3)")
    add("torch.addbmm(bias, a3i, b3)")
    add("torch.addbmm(biasi, a3, b3)")
    add("torch.addbmm(bias3, a3, b3)")
    add("torch.baddbmm(bias3, a3, b3)")
    add("torch.baddbmm(bias, a3, b3, beta=0.5, alpha=-1)")
    add("torch.baddbmm(bias1, a3, b3)")
    add("torch.baddbmm(bias3.long(), a3i, b3i, beta=0.5, alpha=2)")
    add("bias3.clone().baddbmm_(a3, b3)")
    add("torch.baddbmm(bias3[..., :4], a3, b3)")
    add("torch.baddbmm(bias3, a3, b3i)")
    add("torch.baddbmm(bias3, a3i, b3)")
    add("torch.baddbmm(bias3.long(), a3, b3)")
    add("torch.baddbmm(bias3, a3, a3)")
    add("torch.baddbmm(bias3, a3, b3.expand(3, 4, 5))")
    add("torch.baddbmm(bias3[None], a3, b3)")
    add("torch.baddbmm(bias3, a, b3)")
    add("torch.addr(a, v3, v4)")
    add("torch.addr(a, v3, v4, beta=2, alpha=-0.5)")
    add("torch.addr(torch.tensor(1.0), v3, v4)")
    add("torch.addr(ai, v3i, v4i, beta=2, alpha=3)")
    add("torch.addr(ai, v3, v4i)")
    add("torch.addr(mb, vb3, vb4)")
    add("torch.addr(mb, vb3, vb4, beta=False)")
    add("torch.addr(mb, v3i, v4i)")
    add("torch.addr(nanm[:, :4], v3, v4, beta=0)")
    add("a.clone().addr_(v3, v4)")
    add("torch.addr(ai, v3i, v4i, beta=0.5)")
    add("torch.addr(ai, v3i, v4i, alpha=0.5)")
    add("torch.addr(mb, vb3, vb4, beta=0.5)")
    add("torch.addr(a, a, v4)")
    add("torch.addr(a, v3, a)")
    add("torch.addr(a, v4, v4)")
    add("torch.addr(a3, v3, v4)")
    # ---- kron, tensordot, trace
    add("torch.kron(k1, k2)")
    add("torch.kron(k1, k3)")
    add("torch.kron(k3, k3)")
    add("torch.kron(vb3, vb4)")
    add("torch.kron(torch.tensor(2.0), k1)")
    add("k1.kron(v3)")
    add("torch.tensordot(t1, t2)")
    add("torch.tensordot(t1, t2, dims=1)")
    add("torch.tensordot(t1, t2.permute(1, 0, 2), dims=1)")
    add("torch.tensordot(t1, t2, dims=0)")
    add("torch.tensordot(t1, t3, dims=([1, 2], [1, 0]))")
    add("torch.tensordot(t1, t2, dims=[[1], [0]])")
    add("torch.tensordot(t1, t2, dims=([-2], [0]))")
    add("torch.tensordot(t1, t2, dims=torch.tensor(2))")
    add("torch.tensordot(t1, t2, dims=torch.tensor([[1, 2], [0, 1]]))")
    add("torch.tensordot(t1b, b, dims=([1], [0]))")
    add("torch.tensordot(ai, bi, dims=1)")
    add("torch.tensordot(t1, t2, dims=3)")
    add("torch.tensordot(t1, t2, dims=-1)")
    add("torch.tensordot(t1, t3, dims=1)")
    add("torch.tensordot(t1, t2, dims=([1], [0, 1]))")
    add("torch.tensordot(t1, t2, dims=([1, 1], [0, 1]))")
    add("torch.tensordot(t1, t2, dims=([5], [0]))")
    add("torch.tensordot(t1, t2, dims=1.5)")
    add("torch.tensordot(t1, t2.double(), dims=1)")
    add("torch.tensordot(mb, mb.t(), dims=1)")
    add("torch.trace(s3)")
    add("torch.trace(a)")
    add("torch.trace(a.t())")
    add("torch.trace(ai)")
    add("torch.trace(ai32)")
    add("torch.trace(au8)")
    add("torch.trace(torch.zeros(0, 0))")
    add("s3.trace()")
    add("torch.trace(a3)")
    add("torch.trace(v3)")
    add("torch.trace(mb)")
    # ---- cross
    add("torch.cross(c1, c2, dim=1)")
    add("torch.cross(c1, c2, dim=-1)")
    add("torch.cross(c3, c4, dim=0)")
    add("torch.cross(c1, cb, dim=1)")
    add("torch.cross(ci1, ci2, dim=1)")
    add("torch.cross(c3, c4)")
    add("L.cross(c1, c2)")
    add("L.cross(c3, c4, dim=0)")
    add("L.cross(cb, c1)")
    add("L.cross(ci1, ci2)")
    add("c1.cross(c2, dim=1)")
    add("L.cross(c3, c4)")
    add("L.cross(c1, c2.double())")
    add("L.cross(c1[0], c1)")
    add("L.cross(c1.bool(), c2.bool())")
    add("torch.cross(c1, c2, dim=2)")
    add("torch.cross(a, a)")
    add("torch.cross(c1, c1[:3], dim=1)")
    # ---- cdist
    add("torch.cdist(x1, x2)")
    add("torch.cdist(x1d, x2d)")
    for p in ("0", "1", "3.5", "0.5", "float('inf')"):
        add(f"torch.cdist(x1, x2, p={p})")
    add("torch.cdist(xb1, xb2)")
    add("torch.cdist(x30, x2)")
    add("torch.cdist(x30, x2, compute_mode='donot_use_mm_for_euclid_dist')")
    add("torch.cdist(x1, x2, compute_mode='use_mm_for_euclid_dist')")
    add("torch.cdist(torch.zeros(2, 0), torch.zeros(4, 0))")
    add("torch.cdist(torch.zeros(0, 3), x2)")
    add("torch.cdist(x1, b)")
    add("torch.cdist(v3, v3)")
    add("torch.cdist(ai, ai)")
    add("torch.cdist(x1, x2d)")
    add("torch.cdist(x1, x2, p=-1)")
    add("torch.cdist(x1.half(), x2.half())")
    add("torch.cdist(x1, x2, compute_mode='bad')")
    add("torch.cdist(xb1[:, 0], xb2)")
    # ---- einsum
    add("torch.einsum('ij,jk->ik', e1, e2)")
    add("torch.einsum('ij,jk', e1, e2)")
    add("torch.einsum('ij,jk->ik', [e1, e2])")
    add("torch.einsum('bij,bjk->bik', e3, torch.ones(2, 3, 4))")
    add("torch.einsum('ii->i', e5)")
    add("torch.einsum('ii', e5)")
    add("torch.einsum('ij->ji', e1)")
    add("torch.einsum('ij->', e1)")
    add("torch.einsum('i,j->ij', e1[0], e2[0])")
    add("torch.einsum('i,i,i->', e1[0], e1[1], e5[0])")
    add("torch.einsum('...ij,...jk->...ik', e3, e4)")
    add("torch.einsum('...ij,...jk', e3, e2)")
    add("torch.einsum('...i->i', e3)")
    add("torch.einsum('i->...i', e1[0])")
    add("torch.einsum('bhqd,bhkd->bhqk', e6, e7)")
    add("torch.einsum('ij,jk->ik', e1[:, :1], e2)")
    add("torch.einsum(' i j , j k -> i k ', e1, e2)")
    add("torch.einsum('iJ,Jk->ik', e1, e2)")
    add("torch.einsum('i,->i', e1[0], torch.tensor(2.0))")
    add("torch.einsum(e1, [0, 1], e2, [1, 2], [0, 2])")
    add("torch.einsum(e1, [0, 1], e2, [1, 2])")
    add("torch.einsum(e4, [Ellipsis, 0, 1], e2.t(), [1, 2], [Ellipsis, 0, 2])")
    add("torch.einsum('ij,jk->ik', ai[:, :3], bi[:3])")
    add("torch.einsum('ij,jk->ik', ad[:, :3], bd[:3])")
    add("torch.einsum('ij->i', mb)")
    add("torch.einsum('i,j->ij', vb3, vb4)")
    add("torch.einsum('ij,jk->ik', e1, e1)")
    add("torch.einsum('ij,jk->ik', e1)")
    add("torch.einsum('ij->ij', e1, e1)")
    add("torch.einsum('ijk->ij', e1)")
    add("torch.einsum('ijkl...->ij', e1)")
    add("torch.einsum('i1->i', e1[0])")
    add("torch.einsum('ij->ii', e5)")
    add("torch.einsum('ij->k', e5)")
    add("torch.einsum('ij->i...', e5)")
    add("torch.einsum('ii->i', e1)")
    add("torch.einsum('...ij,...jk->...ik', e3, torch.ones(5, 3, 4))")
    add("torch.einsum('......i->i', e1)")
    add("torch.einsum('.i->i', e1)")
    add("torch.einsum('ij->j->i', e1)")
    add("torch.einsum('i,i->', e1[0], ai[0, :3])")
    add("torch.einsum('ij,jk->ik', mb, mb.t())")
    add("torch.einsum('->')")
    add("torch.einsum('i->i', [1, 2])")
    add("torch.einsum(e1, [0, 60])")
    # ---- chain_matmul, multi_dot
    add("L.multi_dot([a, b])")
    add("L.multi_dot([v3, a, b, v5])")
    add("L.multi_dot([a, b, b.t(), a.t()])")
    add("L.multi_dot([v4, v4])")
    add("L.multi_dot([ai, bi, bi.t()])")
    add("torch.chain_matmul(a, b, b.t())")
    add("L.multi_dot([a])")
    add("L.multi_dot([])")
    add("L.multi_dot([a3, b])")
    add("L.multi_dot([a, b3])")
    add("L.multi_dot([a, v4, b])")
    add("L.multi_dot([a, a])")
    add("L.multi_dot([a, bi])")
    add("L.multi_dot([v3, torch.tensor(1.0)])")
    # ---- inverse, det, slogdet, logdet
    for s in ("s3", "s3d", "sb", "sbd"):
        add(f"L.inv({s})")
        add(f"L.det({s})")
        add(f"L.slogdet({s})")
    add("torch.inverse(s3)")
    add("s3.inverse()")
    add("L.inv_ex(s3)")
    add("L.inv(torch.zeros(0, 0))")
    add("torch.det(s3)")
    add("s3d.det()")
    add("L.det(sing)")
    add("L.det(negdet)")
    add("L.det(torch.zeros(0, 0))")
    add("torch.slogdet(s3)")
    add("L.slogdet(sing)")
    add("L.slogdet(negdet)")
    add("torch.logdet(p3)")
    add("torch.logdet(pb)")
    add("torch.logdet(negdet)")
    add("torch.logdet(sing)")
    add("L.inv(sing).tolist()")
    add("torch.inverse(sing).tolist()")
    add("L.inv(torch.stack([s2, sing])).tolist()")
    add("L.inv_ex(sing, check_errors=True).info.tolist()")
    add("L.inv_ex(sing).info")
    add("L.inv(ai[:, :3])")
    add("L.inv(v3)")
    add("L.inv(a)")
    add("L.inv(s3.half())")
    add("L.det(ai[:, :3])")
    add("L.det(a)")
    add("L.det(v3)")
    add("L.det(s3.half())")
    add("L.slogdet(ai[:, :3])")
    add("L.slogdet(a)")
    add("L.slogdet(s3.half())")
    add("torch.logdet(ai[:, :3])")
    # ---- solve
    add("L.solve(s3, rhs3)")
    add("L.solve(s3, rhs32)")
    add("L.solve(sb, rhs3)")
    add("L.solve(sb, rhsb)")
    add("L.solve(sb, rhs32)")
    add("L.solve(sb, torch.ones(5, 2, 3, 4))")
    add("L.solve(s3, rhs23, left=False)")
    add("L.solve(s3d, rhs3d)")
    add("L.solve(sbd, rhsbd)")
    add("L.solve_ex(s3, rhs3)")
    add("L.solve(s3, rhs23)")
    add("L.solve(s3, v4)")
    add("L.solve(s3, rhs32, left=False)")
    add("L.solve(s3, rhs3, left=False)")
    add("L.solve(sb, torch.ones(4, 3))")
    add("L.solve(sb, torch.ones(4, 3, 1))")
    add("L.solve(s3, rhs3d)")
    add("L.solve(ai[:, :3], v3i)")
    add("L.solve(a, v3)")
    add("L.solve(v3, v3)")
    add("L.solve(s3, torch.tensor(1.0))")
    add("L.solve(s3.half(), rhs3.half())")
    add("L.solve(sing, rhs3[:2]).tolist()")
    add("L.solve(torch.stack([s2, sing]), rhs32[:2]).tolist()")
    # ---- cholesky
    add("L.cholesky(p3)")
    add("L.cholesky(pb)")
    add("L.cholesky(p3, upper=True)")
    add("L.cholesky(nsym)")
    add("L.cholesky_ex(p3)")
    add("torch.cholesky(p3)")
    add("torch.cholesky(p3, upper=True)")
    add("p3.cholesky()")
    add("torch.cholesky_solve(rhs32, L.cholesky(p3))")
    add("torch.cholesky_solve(rhs32, L.cholesky(p3, upper=True), upper=True)")
    add("torch.cholesky_inverse(L.cholesky(p3))")
    add("L.cholesky(sym).tolist()")
    add("L.cholesky(nsym, upper=True).tolist()")
    add("L.cholesky(torch.stack([p3, -p3])).tolist()")
    add("torch.cholesky(sym).tolist()")
    add("L.cholesky_ex(sym).info")
    add("L.cholesky_ex(-p3, check_errors=True).info.tolist()")
    add("L.cholesky(ai[:, :3])")
    add("L.cholesky(a)")
    add("L.cholesky(p3.half())")
    # ---- eigenvalues, singular values, rank, pinv, lstsq
    add("L.eigvalsh(sym)")
    add("L.eigvalsh(symf)")
    add("L.eigvalsh(nsym)")
    add("L.eigvalsh(nsym, UPLO='U')")
    add("L.eigvalsh(pb)")
    add("L.eigh(sym).eigenvalues")
    add("L.eigh(sym, UPLO='X')")
    add("L.eigh(a)")
    add("L.eigh(ai[:, :3])")
    add("L.eigh(v3)")
    add("L.eigvalsh(s3.half())")
    add("L.svdvals(a)")
    add("L.svdvals(ad)")
    add("L.svdvals(a3)")
    add("L.svdvals(rank1)")
    add("L.svd(a).S")
    add("torch.svd(a).S")
    add("L.svd(ai)")
    add("L.svd(v3)")
    add("L.svd(a.half())")
    add("L.svdvals(ai)")
    add("L.qr(a, mode='bad')")
    add("L.qr(ai)")
    add("L.qr(v3)")
    add("L.qr(a.half())")
    add("L.qr(a, mode='r').Q")
    add("L.pinv(a)")
    add("L.pinv(ad)")
    add("L.pinv(a3)")
    add("L.pinv(rank1)")
    add("L.pinv(p3, hermitian=True)")
    add("L.pinv(rank2, rtol=0.01)")
    add("L.pinv(a, atol=0.5)")
    add("torch.pinverse(a)")
    add("torch.pinverse(rank1, rcond=1e-3)")
    add("L.pinv(ai)")
    add("L.pinv(v3)")
    add("L.pinv(a.half())")
    add("L.matrix_rank(a)")
    add("L.matrix_rank(rank1)")
    add("L.matrix_rank(rank2)")
    add("L.matrix_rank(a3)")
    add("L.matrix_rank(s3, atol=2.0)")
    add("L.matrix_rank(s3, atol=0.5, rtol=0.3)")
    add("L.matrix_rank(s3, tol=2.0)")
    add("L.matrix_rank(p3, hermitian=True)")
    add("L.matrix_rank(sing)")
    add("L.matrix_rank(ai)")
    add("L.matrix_rank(v3)")
    add("L.lstsq(tall, rhs6)")
    add("L.lstsq(tall, rhs6v)")
    add("L.lstsq(tallb, rhs6)")
    add("L.lstsq(tallb, rhs6[None])")
    add("L.lstsq(tallf, rhs6f)")
    add("L.lstsq(tall, rhs6, driver='gelsd')")
    add("L.lstsq(tall, rhs6, driver='gelss')")
    add("L.lstsq(tall, rhs6, driver='gels')")
    add("L.lstsq(wide, rhs3w, driver='gelsd')")
    add("L.lstsq(rank1, rhs6[:4], driver='gelsd')")
    add("L.lstsq(tall, rhs6, driver='bad')")
    add("L.lstsq(ai, bi)")
    add("L.lstsq(tall, rhs6f)")
    add("L.lstsq(tall, rhs6[:5])")
    add("L.lstsq(tall, torch.ones(2, 2, 6, 2, dtype=torch.float64))")
    add("L.lstsq(v3, v3)")
    # ---- matrix_power, matrix_exp
    add("L.matrix_power(mp, 0)")
    add("L.matrix_power(mp, 1)")
    add("L.matrix_power(mp, 5)")
    add("L.matrix_power(mp, 13)")
    add("L.matrix_power(mpf, 6)")
    add("L.matrix_power(s3, -2)")
    add("L.matrix_power(sbd, 3)")
    add("torch.matrix_power(mpf, 3)")
    add("mp.matrix_power(2)")
    add("L.matrix_power(mb[:, :3], 1)")
    add("L.matrix_power(mb[:, :3], 0)")
    add("L.matrix_power(mb[:, :3], 2)")
    add("L.matrix_power(mp, -1)")
    add("L.matrix_power(a, 2)")
    add("L.matrix_power(v3, 2)")
    add("L.matrix_power(s3, 2.0)")
    add("L.matrix_power(sing, -1).tolist()")
    add("L.matrix_exp(mpf)")
    add("L.matrix_exp(sbd)")
    add("torch.matrix_exp(mpf)")
    add("L.matrix_exp(mp)")
    # ---- householder_product (orgqr), tensorinv, tensorsolve
    add("L.householder_product(hh, htau)")
    add("L.householder_product(hh, hh[:3, 0])")
    add("torch.orgqr(hbf, hbtau)")
    add("hh.orgqr(htau)")
    add("L.householder_product(hh[0], htau)")
    add("L.householder_product(hh.t(), htau)")
    add("L.householder_product(hh, hh[:4, 0])")
    add("L.householder_product(hh, hh[:2, :2])")
    add("L.householder_product(hbf, hbtau[:1])")
    add("L.householder_product(hh, htau.float())")
    add("L.tensorinv(tinv)")
    add("L.tensorinv(tinv.reshape(6, 6), ind=1)")
    add("L.tensorinv(tinv, ind=0)")
    add("L.tensorinv(tinv, ind=1)")
    add("L.tensorsolve(tinv, tsB)")
    add("L.tensorsolve(tinv.permute(2, 0, 1), tsB, dims=(0,))")
    add("L.tensorsolve(tinv.permute(1, 2, 0), tsB, dims=(-1, 0))")
    add("L.tensorsolve(tinv[..., :5], tsB)")
    # ---- triangular solves, LU
    add("L.solve_triangular(tri, rhs32, upper=True)")
    add("L.solve_triangular(tri.t(), rhs32, upper=False)")
    add("L.solve_triangular(tri, rhs23, upper=True, left=False)")
    add("L.solve_triangular(tri, rhs32, upper=True, unitriangular=True)")
    add("torch.triangular_solve(rhs32, tri)")
    add("L.lu_factor(s3)")
    add("L.lu(s3)")
    add("L.lu(a)")
    add("L.lu(a.t())")
    add("L.lu_solve(*L.lu_factor(s3), rhs32)")
    add("L.lu_solve(*L.lu_factor(s3), rhs32, adjoint=True)")
    add("L.lu_solve(*L.lu_factor(s3), rhs23, left=False)")
    # ---- norms
    for x in ("n1", "n2", "n3", "n2d", "nh"):
        add(f"L.vector_norm({x})")
        add(f"L.norm({x})")
    for o in ("0", "1", "2", "3", "0.5", "-1", "-2", "float('inf')", "-float('inf')"):
        add(f"L.vector_norm(n1, ord={o})")
        add(f"L.vector_norm(n3, ord={o}, dim=1)")
    add("L.vector_norm(n3, dim=(0, 2), keepdim=True)")
    add("L.vector_norm(n3, ord=1, dim=[0, 1])")
    add("L.vector_norm(n3, dim=())")
    add("L.vector_norm(n2, dtype=torch.float64)")
    add("L.vector_norm(n0)")
    add("L.vector_norm(n0, ord=float('inf'), dim=1)")
    add("L.vector_norm(n0, ord=0)")
    add("L.vector_norm(ns)")
    add("L.vector_norm(ns, ord=1, dim=0, keepdim=True)")
    add("L.vector_norm(ai)")
    add("L.vector_norm(mb)")
    add("L.vector_norm(n2, dtype=torch.int64)")
    add("L.vector_norm(n2d, dtype=torch.float32)")
    add("L.vector_norm(n2, ord='fro')")
    add("L.vector_norm(n3, dim=(0, 0))")
    add("L.vector_norm(n3, dim=3)")
    add("L.vector_norm(n0, ord=float('inf'))")
    add("L.vector_norm(n0, ord=-1, dim=0)")
    for o in ("'fro'", "'nuc'", "1", "-1", "2", "-2", "float('inf')", "-float('inf')"):
        add(f"L.matrix_norm(n2, ord={o})")
        add(f"L.matrix_norm(n3d, ord={o})")
        add(f"L.matrix_norm(n3, ord={o}, dim=(2, 0), keepdim=True)")
        add(f"L.norm(n2, ord={o})")
    add("L.matrix_norm(n2, dtype=torch.float64)")
    add("L.matrix_norm(nh)")
    add("L.matrix_norm(nh, ord=1)")
    add("L.matrix_norm(n0, ord=1)")
    add("L.matrix_norm(n0, ord=float('inf'))")
    add("L.matrix_norm(n0, ord=2)")
    add("L.matrix_norm(n0, ord='nuc')")
    add("L.matrix_norm(n0, ord=-float('inf'))")
    add("L.matrix_norm(n0.t(), ord=-1)")
    add("L.matrix_norm(n0, ord=-2)")
    add("L.matrix_norm(n1)")
    add("L.matrix_norm(ai)")
    add("L.matrix_norm(n2, ord=3)")
    add("L.matrix_norm(n2, ord='abc')")
    add("L.matrix_norm(n3, dim=(1, 1))")
    add("L.matrix_norm(n3, dim=(0, 1, 2))")
    add("L.matrix_norm(nh, ord=2)")
    add("L.norm(n3, dim=1)")
    add("L.norm(n3, ord=1, dim=1)")
    add("L.norm(n3, ord=1, dim=(1, 2))")
    add("L.norm(n3, dim=(0, 2), keepdim=True)")
    add("L.norm(n1, ord=3)")
    add("L.norm(n2, ord=2, keepdim=True)")
    add("L.norm(n2, dtype=torch.float64)")
    add("L.norm(ns)")
    add("L.norm(n3, ord=2)")
    add("L.norm(n3, dim=(0, 1, 2))")
    add("L.norm(n1, ord='fro')")
    add("L.norm(n3, ord='fro', dim=1)")
    add("L.norm(ns, ord=1)")
    add("L.norm(n2, ord=3)")
    add("L.norm(ai)")
    # ---- vecdot, diagonal, vander, cond
    add("L.vecdot(a, v4)")
    add("L.vecdot(a, a, dim=0)")
    add("L.vecdot(ai, v4)")
    add("L.diagonal(a3)")
    add("L.diagonal(a3, offset=1, dim1=0, dim2=2)")
    add("L.vander(vd)")
    add("L.vander(v3i, N=5)")
    add("L.cond(s3)")
    add("L.cond(s3d, 'fro')")
    add("L.cond(s3, 1)")
    # ---- out=
    add("torch.mm(a, b, out=torch.empty(3, 5))")
    add("torch.matmul(a, b, out=torch.empty(0))")
    add("L.inv(s3, out=torch.empty(3, 3))")
    add("L.vector_norm(n2, out=torch.empty(()))")
    return c


def result(v):
    if isinstance(v, torch.Tensor):
        return {"tensor": record(v)}
    if isinstance(v, (tuple, list)):
        return {"tuple": [result(x) for x in v], "type": type(v).__name__}
    return {"python": v}


def run(expr, env):
    try:
        with torch.no_grad():
            return result(eval(expr, env))
    except Exception as e:  # noqa: BLE001
        name = type(e).__name__
        if name == "_LinAlgError":
            name = "LinAlgError"
        return {"error": name, "message": str(e)}


def grads(expr, wrt, ins):
    env = {k: v.clone().requires_grad_(k in wrt) for k, v in ins.items()}
    env.update(torch=torch, L=torch.linalg)
    eval(expr, env).backward()
    return [record(env[k].grad) for k in wrt]


def main():
    ins = make_inputs()
    env = dict(ins)
    env.update(torch=torch, L=torch.linalg)
    out = {"inputs": {k: record(v) for k, v in ins.items()},
           "cases": [{"expr": e, "result": run(e, dict(env))} for e in cases()],
           "grad_cases": [{"expr": e, "wrt": w, "grads": grads(e, w, ins)}
                          for e, w in GRAD_CASES]}
    exprs = [e for e in cases()]
    assert len(exprs) == len(set(exprs)), [e for e in exprs if exprs.count(e) > 1]
    with open(HERE / "linalg.json", "w") as f:
        json.dump(out, f, separators=(",", ":"), sort_keys=True)
    print(len(out["cases"]), "cases")


if __name__ == "__main__":
    main()
