"""Reference values for tests/test_special.py from real PyTorch (torch.special).

Each case is a Python expression over named input tensors, `S` (torch.special), `T` (torch);
the test evaluates it with `S` = jtorch.special and `T` = jtorch, deferred and eager. The
result (value, dtype, shape) or the exception (type and message) is recorded. Gradient cases
record d(sum(expr))/d(input) for an input that requires grad, and the grad_fn's name.

    /work/venv/bin/python tests/reference/gen_special.py
"""
import warnings

import numpy as np
import torch

from refutil import record, write

warnings.simplefilter("ignore")
nan, inf = float("nan"), float("inf")

# values across the branches of the Cephes approximations (|x| <= 5, 8, 2.09, ...)
GENERAL = [-60.5, -20.25, -10.3, -5.5, -2.5, -2.09, -1.5, -1.0, -0.5, -1e-3, -0.0, 0.0, 1e-6,
           0.25, 0.5, 0.9, 1.0, 1.5, 2.0, 2.09, 3.0, 4.5, 5.0, 7.5, 8.0, 8.5, 12.0, 30.0, 80.0,
           89.5, 110.0, inf, -inf, nan]  # float32 exp overflows from 88.7 (i0, i1: inf)
UNIT = [0.0, 1e-30, 1e-6, 0.02, 0.1, 0.25, 0.5, 0.7, 0.9, 0.999, 1.0, -0.5, 1.5, nan]
POSITIVE = [1e-3, 0.1, 0.5, 1.0, 1.5, 2.5, 4.0, 7.5, 10.0, 25.0, 60.0]
NEG_POLES = [-9.5, -4.25, -2.75, -0.5, -1.0, -3.0]  # polygamma / zeta with negative q
POLY_X = [-1.5, -1.0, -0.7, -0.3, 0.0, 0.2, 0.5, 0.8, 1.0, 1.3, 2.5]
POLY_N = [-1.0, 0.0, 1.0, 2.0, 3.0, 5.0, 8.0, 10.0, 25.0, 2.7, inf, nan]

UNARY = ["expit", "erf", "erfc", "erfcx", "exp2", "expm1", "log1p", "gammaln", "digamma", "psi",
         "i0", "i0e", "i1", "i1e", "ndtr", "log_ndtr", "sinc", "round", "entr", "bessel_j0",
         "bessel_j1", "bessel_y0", "bessel_y1", "modified_bessel_i0", "modified_bessel_i1",
         "modified_bessel_k0", "modified_bessel_k1", "scaled_modified_bessel_k0",
         "scaled_modified_bessel_k1", "spherical_bessel_j0", "airy_ai"]
UNIT_UNARY = ["ndtri", "logit"]  # + erfinv in float32 (an alias)
HALF_OK = ["expit", "erf", "erfc", "exp2", "expm1", "log1p", "gammaln", "digamma", "i0", "i0e",
           "i1", "i1e", "ndtr", "sinc", "entr"]
NO_HALF = ["erfcx", "ndtri", "log_ndtr", "bessel_j0", "modified_bessel_k1", "airy_ai",
           "spherical_bessel_j0"]
POLYS = ["chebyshev_polynomial_t", "chebyshev_polynomial_u", "chebyshev_polynomial_v",
         "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_t",
         "shifted_chebyshev_polynomial_u", "shifted_chebyshev_polynomial_v",
         "shifted_chebyshev_polynomial_w", "hermite_polynomial_h", "hermite_polynomial_he",
         "laguerre_polynomial_l", "legendre_polynomial_p"]


def make_inputs():
    rng = np.random.default_rng(11)
    ins = {}
    for d, dt in (("f32", torch.float32), ("f64", torch.float64)):
        ins["x_" + d] = torch.tensor(GENERAL, dtype=dt)
        ins["u_" + d] = torch.tensor(UNIT, dtype=dt)
        ins["p_" + d] = torch.tensor(POSITIVE, dtype=dt)
        ins["q_" + d] = torch.tensor(NEG_POLES, dtype=dt)
        gx, gn = np.meshgrid(POLY_X, POLY_N)
        ins["px_" + d] = torch.tensor(gx, dtype=dt)
        ins["pn_" + d] = torch.tensor(gn, dtype=dt)
        ins["m_" + d] = torch.tensor(rng.uniform(-3, 3, (3, 4)), dtype=dt)
    # derived inputs, so that every case is a single op (one kernel, shared by both test modes)
    for d in ("f32", "f64"):
        ins["xf_" + d] = ins["x_" + d].flip(0)
        ins["pf_" + d] = ins["p_" + d].flip(0)
        ins["p1_" + d] = ins["p_" + d] + 1
        ins["p2_" + d] = ins["p_" + d] + 2
    ins["p0_f64"] = ins["p_f64"][:1]
    ins["p3_f32"] = ins["p_f32"][3:4]
    ins["i_i64"] = torch.tensor([-3, -1, 0, 1, 2, 5])
    ins["b_bool"] = torch.tensor([True, False])
    ins["n_i64"] = torch.tensor([0, 1, 2, 3, 7, 12])
    ins["n1_i64"] = ins["n_i64"] + 1
    ins["n3_i64"] = ins["n_i64"] + 3
    ins["i4_i64"] = ins["i_i64"] + 4
    ins["n3s_i64"] = ins["n_i64"][3]
    # 64 elements: PyTorch's vectorised CPU loop covers all of them (its scalar tail differs)
    h = rng.uniform(-4, 4, 64)
    hp = rng.uniform(0.05, 6, 64)
    for d, dt in (("f16", torch.float16), ("bf16", torch.bfloat16)):
        ins["h_" + d] = torch.tensor(h).to(dt)
        ins["hp_" + d] = torch.tensor(hp).to(dt)
        ins["hpf_" + d] = ins["hp_" + d].flip(0)
        ins["hp2_" + d] = ins["hp_" + d] + 2
    return ins


# float64 cases for the kernels written here (the jax.scipy wrappers were checked to 1e-15
# when written; the aliases are the existing ops, tested with them)
F64_UNARY = ["ndtr", "log_ndtr", "entr", "bessel_j0", "bessel_j1", "bessel_y0", "bessel_y1",
             "modified_bessel_i0", "modified_bessel_i1", "modified_bessel_k0",
             "modified_bessel_k1", "scaled_modified_bessel_k0", "scaled_modified_bessel_k1",
             "spherical_bessel_j0", "airy_ai", "i0e"]
POLYS_F64 = ["chebyshev_polynomial_t", "chebyshev_polynomial_w", "shifted_chebyshev_polynomial_u",
             "hermite_polynomial_h", "laguerre_polynomial_l", "legendre_polynomial_p"]
INT_UNARY = ["expit", "i0", "ndtr", "entr", "bessel_j0", "modified_bessel_k0", "airy_ai"]
BF16 = ["expit", "i0e", "ndtr", "entr", "digamma"]


def cases():
    """Each distinct (function, input signature) compiles a kernel: the cases cover every
    function, branch and dtype rule with as few signatures as that takes."""
    c = []
    for f in UNARY:
        c += [f"S.{f}(x_f32)"] + ([f"S.{f}(x_f64)"] if f in F64_UNARY else [])
    c += [f"S.{f}(i_i64)" for f in INT_UNARY]
    for f in UNIT_UNARY:
        c += [f"S.{f}(u_f32)", f"S.{f}(u_f64)"]
    c += ["S.erfinv(u_f32)", "S.logit(u_f32, 0.1)", "S.logit(u_f64, eps=0.25)", "S.logit(i_i64)",
          "S.expit(b_bool)"]
    c += ["S.round(x_f32, decimals=1)", "S.round(m_f64, decimals=-1)", "S.round(m_f32)"]
    c += [f"S.{f}(h_f16)" for f in HALF_OK] + [f"S.{f}(h_bf16)" for f in BF16]
    c += ["S.polygamma(1, hp_f16)", "S.polygamma(2, hp_bf16)", "S.multigammaln(hp2_f16, 3)",
          "S.multigammaln(hp2_bf16, 3)", "S.xlog1py(h_f16, hp_f16)",
          "S.xlog1py(h_bf16, hp_bf16)", "S.gammainc(hp_f16, hpf_f16)"]
    c += ["S.polygamma(0, x_f64)", "S.polygamma(1, x_f64)", "S.polygamma(2, x_f64)",
          "S.polygamma(1, x_f32)", "S.polygamma(3, x_f32)"]
    c += ["S.multigammaln(p1_f32, 1)", "S.multigammaln(p_f32, 2)",
          "S.multigammaln(p2_f64, 3)", "S.multigammaln(n3_i64, 2)"]
    c += ["S.xlogy(x_f32, xf_f32)", "S.xlogy(x_f64, xf_f64)", "S.xlogy(0, x_f32)",
          "S.xlog1py(x_f32, xf_f32)", "S.xlog1py(x_f64, xf_f64)",
          "S.xlog1py(2.5, x_f32)", "S.xlog1py(x_f64, 0.5)", "S.xlog1py(i_i64, n_i64)",
          "S.xlog1py(x_f32, p0_f64)"]
    c += ["S.zeta(p1_f64, pf_f64)", "S.zeta(x_f32, 2.0)", "S.zeta(3, x_f64)",
          "S.zeta(p_f64, -2.5)", "S.zeta(i4_i64, n1_i64)"]
    c += ["S.gammainc(p_f32, pf_f32)", "S.gammainc(x_f64, p0_f64)", "S.gammaincc(p3_f32, x_f32)"]
    for d in ("f32", "f64"):
        c += [f"S.softmax(m_{d}, 0)", f"S.log_softmax(m_{d}, -1)",
              f"S.softmax(m_{d}, 1, dtype=T.float64)", f"S.logsumexp(m_{d}, 1)",
              f"S.logsumexp(m_{d}, (0, 1), keepdim=True)"]
        c += [f"S.{f}(px_{d}, pn_{d})" for f in (POLYS if d == "f32" else POLYS_F64)]
    c += ["S.chebyshev_polynomial_t(px_f32, 4)", "S.hermite_polynomial_h(0.5, pn_f64)",
          "S.legendre_polynomial_p(px_f64, 3.9)", "S.chebyshev_polynomial_u(px_f32, n3s_i64)",
          "S.hermite_polynomial_he(i_i64, n_i64)", "S.chebyshev_polynomial_t(px_f64, pn_f32)"]
    # errors
    c += [f"S.{f}(h_f16)" for f in NO_HALF] + [f"S.{f}(h_bf16)" for f in NO_HALF]
    c += ["S.zeta(h_f16, h_f16)", "S.chebyshev_polynomial_t(h_bf16, 2)",
          "S.gammainc(i_i64, i_i64)", "S.gammaincc(b_bool, b_bool)", "S.round(i_i64)",
          "S.round(i_i64, decimals=2)", "S.round(b_bool)", "S.multigammaln(b_bool, 1)",
          "S.multigammaln(p_f32, 0)", "S.multigammaln(p_f32, 1.5)", "S.polygamma(-1, p_f32)",
          "S.polygamma(1.5, p_f32)", "S.polygamma(True, p_f32)", "S.polygamma(1, 2.0)",
          "S.erf(1.0)", "S.bessel_j0([1.0])", "S.i0e(None)", "S.xlog1py(1.0, 2.0)",
          "S.zeta(p_f32, 'a')", "S.xlogy(None, p_f32)", "S.hermite_polynomial_h(0.5, 2)",
          "S.gammainc(p_f32, 2.0)", "S.gammaincc(2.0, p_f32)", "S.xlog1py(x_f32, p_f32)",
          "S.chebyshev_polynomial_t(x_f32, p_f32)", "S.softmax(m_f32)",
          "S.softmax(m_f32, None)", "S.log_softmax(i_i64, 0)", "S.softmax(m_f32, 2)",
          "S.logsumexp(m_f32)", "S.logit(u_f32, eps='a')", "S.softmax(i_i64, 0, T.int64)"]
    return c


GRADS = [  # the new kernels (plus two aliases, whose gradients are the existing ops')
    ("S.expit(g)", "pos"), ("S.logit(g, eps=0.3)", "unit"), ("S.erfcx(g)", "pos"),
    ("S.i0(g)", "pos"), ("S.i0e(g)", "pos"), ("S.i1(g)", "pos"), ("S.i1e(g)", "pos"),
    ("S.ndtr(g)", "pos"), ("S.ndtri(g)", "unit"), ("S.log_ndtr(g)", "pos"),
    ("S.log_ndtr(-3 * g)", "pos"), ("S.entr(g)", "pos"), ("S.polygamma(1, g)", "pos"),
    ("S.polygamma(3, g)", "pos"), ("S.multigammaln(g + 2, 3)", "pos"),
    ("S.xlog1py(g, g * 3)", "pos"), ("S.xlog1py(2.0, g)", "pos"), ("S.zeta(3.0, g)", "pos"),
    ("S.zeta(g.detach() + 2, g)", "pos"), ("S.gammainc(g.detach() + 1, g)", "pos"),
    ("S.gammaincc(g.detach() + 1, g)", "pos"),
]
GRADS_F32 = {"S.erfcx(g)", "S.zeta(3.0, g)", "S.xlog1py(g, g * 3)"}
GRAD_INPUTS = {"pos": [0.2, 0.45, 0.7, 0.9, 1.7], "unit": [0.1, 0.35, 0.5, 0.8, 0.95]}


def main():
    ins = make_inputs()
    env = dict(ins, S=torch.special, T=torch)
    out = []
    for expr in cases():
        try:
            r = eval(expr, env)
            out.append({"expr": expr, "result": record(r)})
        except Exception as e:
            out.append({"expr": expr, "error": [type(e).__name__, str(e)]})
    grads = []
    for expr, kind in GRADS:
        for dt in (torch.float64,) + ((torch.float32,) if expr in GRADS_F32 else ()):
            g = torch.tensor(GRAD_INPUTS[kind], dtype=dt, requires_grad=True)
            r = eval(expr, dict(env, g=g))
            r.sum().backward()
            grads.append({"expr": expr, "input": kind, "dtype": str(dt), "grad": record(g.grad),
                          "result": record(r), "grad_fn": r.grad_fn.name()})
    nondiff = []
    for expr in ("S.bessel_j0(g)", "S.airy_ai(g)", "S.modified_bessel_k1(g)",
                 "S.scaled_modified_bessel_k0(g)", "S.spherical_bessel_j0(g)",
                 "S.chebyshev_polynomial_t(g, 3)", "S.legendre_polynomial_p(0.3, g)"):
        g = torch.tensor(GRAD_INPUTS["pos"], requires_grad=True)
        nondiff.append({"expr": expr, "requires_grad": eval(expr, dict(env, g=g)).requires_grad})
    write("special", {"inputs": {k: record(v) for k, v in ins.items()}, "cases": out,
                      "grads": grads, "nondiff": nondiff})


if __name__ == "__main__":
    main()
