"""Writes nn_utils_param.json: what real PyTorch gives for each scenario below (torch.nn.utils
parametrize / parametrizations / weight_norm / spectral_norm / fusion / stateless). Every
scenario takes the torch module as its argument, so tests/test_nn_utils_param.py runs the very
same code with jtorch. Weights and inputs come from numpy with fixed seeds (the libraries'
random streams differ); spectral norm's random u/v are overwritten the same way.
Run with real torch installed: python tests/reference/gen_nn_utils_param.py"""
import pickle
import warnings

import numpy as np


def _np(shape, seed, scale=1.0):
    return (np.random.default_rng(seed).normal(size=shape) * scale).astype(np.float32)


def _set(torch, p, seed, scale=1.0):
    with torch.no_grad():
        p.copy_(torch.tensor(_np(tuple(p.shape), seed, scale)))


def _unit(torch, buf, seed):
    v = _np(tuple(buf.shape), seed)
    with torch.no_grad():
        buf.copy_(torch.tensor(v / np.linalg.norm(v)))


def _err(fn):
    """{'type', 'msg'} of what fn raises (None if it does not)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return {"type": type(e).__name__, "msg": str(e)}
    return None


def _steps(torch, m, x, n=2, lr=0.1):
    """n SGD steps on sum(m(x)**2); returns the losses and the last output."""
    opt = torch.optim.SGD(m.parameters(), lr=lr)
    losses = []
    for _ in range(n):
        opt.zero_grad()
        loss = (m(x) ** 2).sum()
        loss.backward()
        opt.step()
        losses.append(loss.detach())
    return losses, m(x).detach().clone()


# ---- scenarios ----------------------------------------------------------------------------
def weight_norm_new(torch):
    nn, PZ = torch.nn, torch.nn.utils.parametrizations
    r = {}
    m = nn.Linear(4, 3)
    _set(torch, m.weight, 1)
    _set(torch, m.bias, 2)
    PZ.weight_norm(m)
    x = torch.tensor(_np((5, 4), 3))
    r["repr"] = repr(m)
    r["keys"] = list(m.state_dict())
    r["params"] = [n for n, _ in m.named_parameters()]
    r["g"] = m.parametrizations.weight.original0
    r["v"] = m.parametrizations.weight.original1
    out = m(x)
    r["out"] = out
    (out ** 2).sum().backward()
    r["grad_g"] = m.parametrizations.weight.original0.grad
    r["grad_v"] = m.parametrizations.weight.original1.grad
    r["grad_b"] = m.bias.grad
    r["losses"], r["after"] = _steps(torch, m, x)
    r["weight"] = m.weight.detach().clone()
    # dim=None (a scalar g) and dim=1 on a conv
    c = nn.Conv1d(2, 3, 3)
    _set(torch, c.weight, 4)
    _set(torch, c.bias, 45)
    PZ.weight_norm(c, dim=None)
    xc = torch.tensor(_np((2, 2, 6), 5))
    r["conv_g"] = c.parametrizations.weight.original0
    r["conv_out"] = c(xc)
    c2 = nn.Conv1d(2, 3, 3)
    _set(torch, c2.weight, 4)
    PZ.weight_norm(c2, dim=1)
    r["conv_g_dim1"] = c2.parametrizations.weight.original0
    r["conv_w_dim1"] = c2.weight
    # remove, leaving the current value
    torch.nn.utils.parametrize.remove_parametrizations(m, "weight")
    r["removed_type"] = type(m).__name__
    r["removed_keys"] = list(m.state_dict())
    r["removed_weight"] = m.weight.detach().clone()
    return r


def weight_norm_old(torch):
    nn, U = torch.nn, torch.nn.utils
    r = {}
    m = nn.Conv1d(2, 3, 3)
    _set(torch, m.weight, 6)
    _set(torch, m.bias, 7)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        U.weight_norm(m)
    r["warnings"] = [(x.category.__name__, str(x.message)) for x in w]
    x = torch.tensor(_np((2, 2, 6), 8))
    r["keys"] = list(m.state_dict())
    r["repr"] = repr(m)
    r["g"] = m.weight_g
    r["v"] = m.weight_v
    out = m(x)
    r["out"] = out
    (out ** 2).sum().backward()
    r["grad_g"] = m.weight_g.grad
    r["grad_v"] = m.weight_v.grad
    r["losses"], r["after"] = _steps(torch, m, x)
    U.remove_weight_norm(m)
    r["removed_keys"] = list(m.state_dict())
    r["removed_weight"] = m.weight.detach().clone()
    lin = nn.Linear(3, 2)
    _set(torch, lin.weight, 9)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        U.weight_norm(lin, dim=None)
    r["g_none"] = lin.weight_g
    r["w_none"] = lin.weight
    return r


def _spectral_new_setup(torch, m, seed):
    torch.nn.utils.parametrizations.spectral_norm(m)
    sn = m.parametrizations.weight[0]
    _set(torch, m.parametrizations.weight.original, seed)
    _unit(torch, sn._u, seed + 1)
    _unit(torch, sn._v, seed + 2)
    return sn


def spectral_norm_new(torch):
    nn = torch.nn
    r = {}
    m = nn.Linear(4, 3)
    _set(torch, m.bias, 10)
    sn = _spectral_new_setup(torch, m, 11)
    x = torch.tensor(_np((5, 4), 14))
    r["repr"] = repr(m)
    r["keys"] = list(m.state_dict())
    out = m(x)  # training: one power iteration
    r["out"] = out
    r["u"], r["v"] = sn._u.clone(), sn._v.clone()
    (out ** 2).sum().backward()
    r["grad_w"] = m.parametrizations.weight.original.grad
    r["losses"], r["after"] = _steps(torch, m, x)
    r["u2"] = sn._u.clone()
    m.eval()
    r["eval_out"] = m(x)
    r["eval_u"] = sn._u.clone()
    r["eval_w"] = m.weight
    # a conv (dim 0 flattens the rest), several power iterations
    c = nn.Conv2d(2, 3, 2)
    torch.nn.utils.parametrizations.spectral_norm(c, n_power_iterations=3)
    sc = c.parametrizations.weight[0]
    _set(torch, c.bias, 46)
    _set(torch, c.parametrizations.weight.original, 15)
    _unit(torch, sc._u, 16)
    _unit(torch, sc._v, 17)
    xc = torch.tensor(_np((1, 2, 4, 4), 18))
    r["conv_out"] = c(xc)
    r["conv_u"] = sc._u.clone()
    # ConvTranspose: dim 1 by default
    ct = nn.ConvTranspose1d(2, 4, 3)
    torch.nn.utils.parametrizations.spectral_norm(ct)
    r["convT_u_shape"] = list(ct.parametrizations.weight[0]._u.shape)
    r["convT_v_shape"] = list(ct.parametrizations.weight[0]._v.shape)
    return r


def spectral_norm_old(torch):
    nn, U = torch.nn, torch.nn.utils
    r = {}
    m = nn.Conv2d(2, 3, 2)
    _set(torch, m.bias, 20)
    U.spectral_norm(m)
    _set(torch, m.weight_orig, 21)
    _unit(torch, m.weight_u, 22)
    _unit(torch, m.weight_v, 23)
    r["keys"] = list(m.state_dict())
    r["params"] = [n for n, _ in m.named_parameters()]
    r["version"] = m.state_dict()._metadata[""]["spectral_norm"]["weight.version"]
    x = torch.tensor(_np((2, 2, 4, 4), 24))
    out = m(x)
    r["out"] = out
    r["u"], r["v"] = m.weight_u.clone(), m.weight_v.clone()
    (out ** 2).sum().backward()
    r["grad_w"] = m.weight_orig.grad
    r["losses"], r["after"] = _steps(torch, m, x)
    m.eval()
    r["eval_out"] = m(x)
    r["eval_u"] = m.weight_u.clone()
    U.remove_spectral_norm(m)
    r["removed_keys"] = list(m.state_dict())
    r["removed_weight"] = m.weight.detach().clone()
    return r


def custom(torch):
    nn, P = torch.nn, torch.nn.utils.parametrize

    class Symmetric(nn.Module):
        def forward(self, X):
            return X.triu() + X.triu(1).T

        def right_inverse(self, A):
            return A.triu()

    class Scale(nn.Module):
        def forward(self, X):
            return X * 2

        def right_inverse(self, A):
            return A / 2

    class Split(nn.Module):  # two unconstrained tensors
        def forward(self, a, b):
            return a + 3 * b

        def right_inverse(self, W):
            return W / 4, W / 4

    r = {}
    m = nn.Linear(3, 3)
    _set(torch, m.weight, 30)
    _set(torch, m.bias, 31)
    P.register_parametrization(m, "weight", Symmetric())
    r["original"] = m.parametrizations.weight.original.detach().clone()
    P.register_parametrization(m, "weight", Scale())
    r["repr"] = repr(m)
    r["keys"] = list(m.state_dict())
    r["is_p"] = [P.is_parametrized(m), P.is_parametrized(m, "weight"),
                 P.is_parametrized(m, "bias")]
    r["type_before"] = P.type_before_parametrizations(m).__name__
    x = torch.tensor(_np((4, 3), 32))
    out = m(x)
    r["weight"] = m.weight
    r["out"] = out
    (out ** 2).sum().backward()
    r["grad"] = m.parametrizations.weight.original.grad
    r["losses"], r["after"] = _steps(torch, m, x)
    A = torch.tensor(_np((3, 3), 33))
    A = A + A.T
    m.weight = A
    r["assigned_original"] = m.parametrizations.weight.original.detach().clone()
    r["assigned_weight"] = m.weight.detach().clone()
    with P.cached():
        r["cached_same"] = m.weight is m.weight
    r["uncached_same"] = m.weight is m.weight
    # the last registered parametrization applies last; remove keeps the original when asked
    P.remove_parametrizations(m, "weight", leave_parametrized=False)
    r["left_original"] = m.weight.detach().clone()
    r["left_type"] = type(m).__name__
    s = nn.Linear(2, 2)
    _set(torch, s.weight, 34)
    P.register_parametrization(s, "weight", Split())
    r["split_keys"] = list(s.state_dict())
    r["split_o0"] = s.parametrizations.weight.original0.detach().clone()
    r["split_w"] = s.weight.detach().clone()
    P.remove_parametrizations(s, "weight")
    r["split_removed"] = s.weight.detach().clone()
    r["split_removed_param"] = type(s.weight).__name__
    # a buffer parametrized stays a buffer
    b = nn.BatchNorm1d(3)
    P.register_parametrization(b, "running_var", Scale())
    r["buffer_keys"] = list(b.state_dict())
    r["buffer_value"] = b.running_var
    return r


def orthogonal(torch):
    nn, PZ = torch.nn, torch.nn.utils.parametrizations
    r = {}
    m = nn.Linear(4, 4)
    _set(torch, m.weight, 40)
    _set(torch, m.bias, 47)
    PZ.orthogonal(m)
    r["keys"] = list(m.state_dict())
    r["sq_weight"] = m.weight.detach().clone()
    x = torch.tensor(_np((2, 4), 41))
    out = m(x)
    (out ** 2).sum().backward()
    r["sq_grad"] = m.parametrizations.weight.original.grad
    h = nn.Linear(3, 5)
    _set(torch, h.weight, 42)
    _set(torch, h.bias, 48)
    PZ.orthogonal(h, use_trivialization=False)
    r["hh_original"] = h.parametrizations.weight.original.detach().clone()
    r["hh_weight"] = h.weight.detach().clone()
    out = h(torch.tensor(_np((2, 3), 43)))
    (out ** 2).sum().backward()
    r["hh_grad"] = h.parametrizations.weight.original.grad
    c = nn.Linear(4, 4)
    _set(torch, c.weight, 44)
    PZ.orthogonal(c, orthogonal_map="cayley")
    r["cayley_weight"] = c.weight.detach().clone()
    return r


def fusion(torch):
    nn, U = torch.nn, torch.nn.utils
    r = {}
    conv = nn.Conv2d(2, 3, 2).eval()
    bn = nn.BatchNorm2d(3).eval()
    for p, s in ((conv.weight, 50), (conv.bias, 51), (bn.weight, 52), (bn.bias, 53),
                 (bn.running_mean, 54)):
        _set(torch, p, s)
    with torch.no_grad():
        bn.running_var.copy_(torch.tensor(np.abs(_np((3,), 55)) + 0.5))
    fused = U.fuse_conv_bn_eval(conv, bn)
    x = torch.tensor(_np((1, 2, 4, 4), 56))
    r["conv_w"], r["conv_b"] = fused.weight.detach(), fused.bias.detach().clone()
    r["conv_out"] = fused(x).detach().clone()
    r["conv_ref"] = bn(conv(x)).detach().clone()
    r["conv_type"] = type(fused.weight).__name__
    convT = nn.ConvTranspose2d(3, 2, 2, bias=False).eval()
    bn2 = nn.BatchNorm2d(2).eval()
    _set(torch, convT.weight, 57)
    _set(torch, bn2.running_mean, 58)
    fw, fb = U.fuse_conv_bn_weights(convT.weight, None, bn2.running_mean, bn2.running_var,
                                    bn2.eps, None, None, transpose=True)
    r["convT_w"], r["convT_b"] = fw.detach(), fb.detach().clone()
    lin = nn.Linear(3, 4).eval()
    bn1 = nn.BatchNorm1d(4).eval()
    for p, s in ((lin.weight, 59), (lin.bias, 60), (bn1.weight, 61), (bn1.running_mean, 62)):
        _set(torch, p, s)
    fl = U.fuse_linear_bn_eval(lin, bn1)
    xl = torch.tensor(_np((2, 3), 63))
    r["lin_w"], r["lin_b"] = fl.weight.detach(), fl.bias.detach().clone()
    r["lin_out"] = fl(xl).detach().clone()
    r["train_err"] = _err(lambda: U.fuse_linear_bn_eval(nn.Linear(3, 4), bn1))
    r["mismatch_err"] = _err(lambda: U.fuse_linear_bn_eval(nn.Linear(3, 5).eval(), bn1))
    return r


def stateless(torch):
    nn = torch.nn
    S = torch.nn.utils.stateless
    r = {}
    m = nn.Linear(3, 2)
    w = torch.tensor(_np((2, 3), 70), requires_grad=True)
    b = torch.tensor(_np((2,), 71), requires_grad=True)
    x = torch.tensor(_np((4, 3), 72))
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        out = S.functional_call(m, {"weight": w, "bias": b}, (x,))
    r["warnings"] = [(x.category.__name__, str(x.message)) for x in ws]
    r["out"] = out
    (out ** 2).sum().backward()
    r["grad_w"], r["grad_b"] = w.grad, b.grad
    r["unchanged"] = bool(m.weight is not w)
    out2 = torch.func.functional_call(m, ({"weight": w}, {"bias": b}), x)
    r["func_out"] = out2
    warnings.simplefilter("ignore")
    r["strict_err"] = _err(lambda: S.functional_call(m, {"weight": w}, (x,), strict=True))
    r["strict_unexp"] = _err(lambda: S.functional_call(
        m, {"weight": w, "bias": b, "foo": b}, (x,), strict=True))
    r["multi_err"] = _err(lambda: torch.func.functional_call(m, ({"weight": w},
                                                                  {"weight": w}), x))

    class Tied(nn.Module):
        def __init__(self):
            super().__init__()
            self.a = nn.Linear(2, 2, bias=False)
            self.b = nn.Linear(2, 2, bias=False)
            self.b.weight = self.a.weight

        def forward(self, x):
            return self.b(self.a(x))

    t = Tied()
    _set(torch, t.a.weight, 75)
    wt = torch.tensor(_np((2, 2), 73))
    xt = torch.tensor(_np((1, 2), 74))
    r["tied"] = torch.func.functional_call(t, {"a.weight": wt}, xt)
    r["untied"] = torch.func.functional_call(t, {"a.weight": wt}, xt, tie_weights=False)
    r["tied_err"] = _err(lambda: torch.func.functional_call(
        t, {"a.weight": wt, "b.weight": wt + 1}, xt))
    return r


def errors(torch):
    nn, P, PZ, U = (torch.nn, torch.nn.utils.parametrize, torch.nn.utils.parametrizations,
                    torch.nn.utils)
    warnings.simplefilter("ignore")

    class Grow(nn.Module):
        def forward(self, X):
            return torch.cat([X, X])

    class ToDouble(nn.Module):
        def forward(self, X):
            return X.double()

    class NoInv(nn.Module):
        def forward(self, X):
            return X * 1

    class Split(nn.Module):
        def forward(self, a, b):
            return a + b

        def right_inverse(self, W):
            return W, W

    def lin():
        return nn.Linear(3, 3)

    def assign_noinv():
        m = P.register_parametrization(lin(), "weight", NoInv())
        m.weight = torch.ones(3, 3)

    def remove_split():
        m = P.register_parametrization(lin(), "weight", Split())
        P.remove_parametrizations(m, "weight", leave_parametrized=False)

    def twice_old(fn):
        m = lin()
        fn(m)
        fn(m)

    def grow_chained():
        m = P.register_parametrization(lin(), "weight", NoInv())
        P.register_parametrization(m, "weight", Grow())

    def pickle_it():
        pickle.dumps(P.register_parametrization(lin(), "weight", NoInv()))

    return {
        "no_name": _err(lambda: P.register_parametrization(lin(), "foo", NoInv())),
        "shape": _err(lambda: P.register_parametrization(lin(), "weight", Grow())),
        "dtype": _err(lambda: P.register_parametrization(lin(), "weight", ToDouble())),
        "shape_chained": _err(grow_chained),
        "remove_none": _err(lambda: P.remove_parametrizations(lin(), "weight")),
        "remove_split": _err(remove_split),
        "assign_noinv": _err(assign_noinv),
        "wn_twice": _err(lambda: twice_old(U.weight_norm)),
        "wn_remove_missing": _err(lambda: U.remove_weight_norm(lin())),
        "sn_twice": _err(lambda: twice_old(U.spectral_norm)),
        "sn_remove_missing": _err(lambda: U.remove_spectral_norm(lin())),
        "sn_iters_old": _err(lambda: U.spectral_norm(lin(), n_power_iterations=0)),
        "sn_iters_new": _err(lambda: PZ.spectral_norm(lin(), n_power_iterations=0)),
        "sn_dim_new": _err(lambda: PZ.spectral_norm(lin(), dim=2)),
        "sn_no_name": _err(lambda: PZ.spectral_norm(lin(), name="foo")),
        "orth_1d": _err(lambda: PZ.orthogonal(lin(), name="bias")),
        "orth_map": _err(lambda: PZ.orthogonal(lin(), orthogonal_map="qr")),
        "orth_assign": _err(lambda: setattr(
            PZ.orthogonal(lin(), use_trivialization=False), "weight", torch.eye(3))),
        "pickle": _err(pickle_it),
        "skip_init_type": _err(lambda: U.skip_init(int)),
        "skip_init_device": _err(lambda: U.skip_init(nn.ReLU)),
    }


SCENARIOS = {"weight_norm_new": weight_norm_new, "weight_norm_old": weight_norm_old,
             "spectral_norm_new": spectral_norm_new, "spectral_norm_old": spectral_norm_old,
             "custom": custom, "orthogonal": orthogonal, "fusion": fusion,
             "stateless": stateless, "errors": errors}


def encode(torch, x):
    from refutil import record
    if isinstance(x, torch.Tensor):
        return {"__tensor__": record(x)}
    if isinstance(x, dict):
        return {str(k): encode(torch, v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [encode(torch, v) for v in x]
    if x is None or isinstance(x, (str, int, float, bool)):
        return x
    raise TypeError(f"scenario returned {type(x).__name__}: {x!r}")


def main():
    import torch
    import torch.func  # noqa: F401
    from refutil import write
    out = {}
    for name, fn in SCENARIOS.items():
        torch.manual_seed(0)
        with warnings.catch_warnings():
            out[name] = encode(torch, fn(torch))
    write("nn_utils_param", out)


if __name__ == "__main__":
    main()
