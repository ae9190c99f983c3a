"""jtorch.distributions: kl_divergence, transforms, constraint registries and constraint
checks against stored PyTorch results (tests/reference/distributions.json from
gen_distributions.py; cases are expressions evaluated here with jtorch)."""
import pytest

import jtorch as torch
import jtorch.distributions as D
from jtorch.distributions import constraints as C, transforms as T
from conftest import assert_matches
from _distributions_helpers import REF, ev, check, in_both_modes

# ---- kl_divergence --------------------------------------------------------------------------
def _kl_id(key):
    p, q = key.split(" || ")
    return f"{p[2:p.index('(')]}-{q[2:q.index('(')]}"


KL_KEYS = sorted(REF["kl"])
KL_IDS = [f"{_kl_id(k)}-{i}" for i, k in enumerate(KL_KEYS)]


@pytest.mark.parametrize("key", KL_KEYS, ids=KL_IDS)
def test_kl_divergence_parity(key):
    ref = REF["kl"][key]
    in_both_modes(lambda: check(lambda: D.kl_divergence(ev(ref["p"]), ev(ref["q"])), ref["kl"],
                                rtol=1e-4, atol=1e-4))


def test_kl_unregistered_pair_and_register_kl():
    with pytest.raises(NotImplementedError, match="No KL\\(p \\|\\| q\\) is implemented for p "
                                                  "type Normal and q type Cauchy"):
        D.kl_divergence(D.Normal(0.0, 1.0), D.Cauchy(0.0, 1.0))

    class MyNormal(D.Normal):
        pass

    # subclasses dispatch to the parent's registration until a closer one is registered
    p, q = MyNormal(0.0, 1.0), D.Normal(1.0, 2.0)
    base = D.kl_divergence(p, q)
    assert abs(base.item() - D.kl_divergence(D.Normal(0.0, 1.0), q).item()) < 1e-7

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p, q):
        return torch.tensor(42.0)

    assert D.kl_divergence(p, q).item() == 42.0
    assert D.kl_divergence(q, q).item() == 0.0


# ---- transforms -----------------------------------------------------------------------------
@pytest.mark.parametrize("expr", sorted(REF["transforms"]))
def test_transform_parity(expr):
    in_both_modes(lambda: _transform_parity(expr))


def _transform_parity(expr):
    ref = REF["transforms"][expr]
    tr = ev(expr)
    x = ev(ref["x"])
    assert repr(tr) == ref["repr"]
    assert tr.bijective == ref["bijective"]
    assert repr(tr.domain) == ref["domain"] and repr(tr.codomain) == ref["codomain"]
    assert tr.domain.event_dim == ref["domain_event_dim"]
    assert tr.codomain.event_dim == ref["codomain_event_dim"]
    y = tr(x)
    assert_matches(y, ref["y"], rtol=1e-5, atol=1e-6)
    check(lambda: tr.inv(y), ref["inv"], rtol=1e-4, atol=1e-5)
    check(lambda: tr.inv(y.clone()), ref["inv_fresh"], rtol=1e-4, atol=1e-5)
    check(lambda: tr.log_abs_det_jacobian(x, y), ref["ldj"], rtol=1e-5, atol=1e-5)
    if ref["sign"] == "NotImplementedError":
        with pytest.raises(NotImplementedError):
            tr.sign
    elif isinstance(ref["sign"], int):
        assert tr.sign == ref["sign"]
    else:
        assert_matches(tr.sign, ref["sign"])
    assert list(tr.forward_shape(x.shape)) == ref["forward_shape"]
    assert list(tr.inverse_shape(y.shape)) == ref["inverse_shape"]


def test_transform_cache_and_inverse_identity():
    t = T.ExpTransform(cache_size=1)
    x = torch.tensor([0.5, -1.0])
    y = t(x)
    assert t.inv(y) is x            # cached: the exact input comes back
    assert t(x) is y
    assert t.inv.inv is t
    assert T.ExpTransform() == T.ExpTransform() and T.ExpTransform() != T.SigmoidTransform()
    assert T.ExpTransform().inv == T.ExpTransform().inv
    assert T.AffineTransform(1.0, 2.0) == T.AffineTransform(1.0, 2.0)
    assert T.AffineTransform(1.0, 2.0) != T.AffineTransform(1.0, 3.0)
    c = T.ComposeTransform([T.ExpTransform(), T.AffineTransform(1.0, 2.0)])
    assert c.inv.inv is c
    assert T.identity_transform(x) is x
    assert T.ExpTransform().with_cache(1)._cache_size == 1
    assert T.ComposeTransform([T.ExpTransform()]).event_dim == 0
    with pytest.raises(ValueError, match="Please use either .domain.event_dim or "
                                         ".codomain.event_dim"):
        T.CorrCholeskyTransform().event_dim


@pytest.mark.parametrize("key", sorted(REF["registry"]))
def test_constraint_registry(key):
    ref = REF["registry"][key]
    if "error" in ref:
        with pytest.raises(NotImplementedError):
            ev(key.replace("biject_to", "D.biject_to").replace("transform_to", "D.transform_to"))
        return
    c = ev(ref["constraint"])
    tr = getattr(D, ref["kind"])(c)
    assert repr(tr) == ref["repr"]
    y = tr(ev(ref["x"]))
    assert_matches(y, ref["y"], rtol=1e-5, atol=1e-6)
    assert bool(c.check(y).all()) == ref["valid"]


# ---- constraints ----------------------------------------------------------------------------
@pytest.mark.parametrize("key", sorted(REF["checks"]))
def test_constraint_check(key):
    ref = REF["checks"][key]
    c = ev(ref["c"])
    assert repr(c) == ref["repr"]
    assert c.event_dim == ref["event_dim"]
    assert c.is_discrete == ref["is_discrete"]
    assert_matches(c.check(ev(ref["x"])), ref["out"])


def test_dependent_constraints():
    assert C.is_dependent(C.dependent) and not C.is_dependent(C.real)
    with pytest.raises(NotImplementedError, match="cannot be determined statically"):
        C.dependent.event_dim
    dep = C.dependent(is_discrete=True, event_dim=1)
    assert dep.is_discrete and dep.event_dim == 1
    # a dependent_property is a constraint on the class and a value on instances
    assert C.is_dependent(D.Uniform.support)
    assert D.Uniform.support.event_dim == 0
    assert repr(D.Uniform(0.0, 2.0).support) == "Interval(lower_bound=0.0, upper_bound=2.0)"


