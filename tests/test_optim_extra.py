"""ASGD, Rprop, Adafactor, SparseAdam and torch.optim.swa_utils parity with PyTorch: 10-step
trajectories (parameters and state_dict), state_dict round trips, printed forms, every error,
AveragedModel / update_bn / SWALR. References: tests/reference/gen_optim_extra.py (its drivers
run here on jtorch)."""
import copy
import io
import pathlib
import sys

import numpy as np
import pytest

import jtorch as torch
import jtorch.nn  # noqa: F401
import jtorch.optim  # noqa: F401
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import gen_optim_extra as cases  # noqa: E402

REF = load_reference("optim_extra")
OPTIM = {case[0]: (seed, case) for seed, case in enumerate(cases.CASES)}
# every case deferred; one per optimizer (with its structural options) also eager
EAGER = ["asgd_groups", "rprop_zero_grad", "adafactor_groups"]
TRAJECTORIES = [("deferred", n) for n in OPTIM] + [("eager", n) for n in EAGER]


@pytest.fixture
def run_mode(request):
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = request.param == "eager"
    yield request.param
    torch.sync()
    torch.runtime.config["eager"] = old


def _check_state(opt, ref):
    sd = opt.state_dict()
    got = cases.state_items(sd)
    want = ref["state"]
    assert [(i, k) for i, k, _ in got] == [(i, k) for i, k, _ in want]
    for (_, _, v), (_, _, r) in zip(got, want):
        if isinstance(r, dict):
            assert_matches(v, r, rtol=1e-5, atol=1e-6)
        else:
            assert v == r
    assert cases.plain_groups(sd) == ref["param_groups"]


# ---- trajectories ------------------------------------------------------------------------------

@pytest.mark.parametrize("run_mode,name", TRAJECTORIES, indirect=["run_mode"],
                         ids=[f"{m}-{n}" for m, n in TRAJECTORIES])
def test_trajectory_parity(run_mode, name):
    seed, case = OPTIM[name]
    ref = REF["optimizers"][name]
    first, params, opt = cases.run_optimizer(torch, case, seed)
    for p, r in zip(first, ref["first"]):
        assert_matches(torch.tensor(p), r)
    for p, r in zip(params, ref["last"]):
        assert_matches(p, r, rtol=1e-5, atol=1e-6)
    _check_state(opt, ref["state_dict"])


def _through_save(sd):
    buf = io.BytesIO()
    torch.save(sd, buf)
    buf.seek(0)
    return torch.load(buf)


@pytest.mark.parametrize("name,transfer", cases.RESUMED)
def test_state_dict_round_trip(name, transfer):
    """Half the steps, state_dict -> fresh optimizer on fresh params, the other half: PyTorch's
    resumed run (load_state_dict casts eta/mu to a float64 parameter's dtype, as PyTorch), and
    for float32 the uninterrupted run's result."""
    seed, case = OPTIM[name]
    ref = REF["resumed"][name]
    fn = copy.deepcopy if transfer == "deepcopy" else _through_save
    params, opt = cases.run_resumed(torch, case, seed, transfer=fn)
    for p, r in zip(params, ref["last"]):
        assert_matches(p, r, rtol=1e-5, atol=1e-6)
    _check_state(opt, ref["state_dict"])
    if "float64" not in case[3]:
        for p, r in zip(params, REF["optimizers"][name]["last"]):
            assert_matches(p, r, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("name", sorted(cases.TRAIN_CASES))
def test_training_with_averaging_parity(mode, name):
    """Gradients from backward(), the fused update and an AveragedModel after every step."""
    losses, params, averaged = cases.run_training(torch, name)
    ref = REF["training"][name]
    np.testing.assert_allclose(losses, ref["losses"], rtol=1e-5)
    for p, r in zip(params, ref["params"]):
        assert_matches(p, r, rtol=1e-5, atol=1e-6)
    for p, r in zip(averaged, ref["averaged"]):
        assert_matches(p, r, rtol=1e-5, atol=1e-6)


def test_load_state_dict_casts_to_param_dtype():
    """Tensors of a loaded state take each parameter's dtype, except `step`; 0-d `eta`/`mu`
    are float tensors of PyTorch's scalar dtype."""
    p = torch.tensor(np.ones(3, "float64"), requires_grad=True)
    opt = torch.optim.ASGD([p], lr=0.1)
    p.grad = torch.ones(3, dtype=torch.float64)
    opt.step()
    st = opt.state[p]
    assert [k for k in st] == ["step", "eta", "mu", "ax"]
    assert (st["step"].dtype, st["eta"].dtype, st["mu"].dtype, st["ax"].dtype) == \
        (torch.float32, torch.float32, torch.float32, torch.float64)
    sd = copy.deepcopy(opt.state_dict())
    sd["state"][0]["ax"] = sd["state"][0]["ax"].float()
    q = torch.tensor(np.ones(3, "float64"), requires_grad=True)
    opt2 = torch.optim.ASGD([q], lr=0.1)
    opt2.load_state_dict(sd)
    assert opt2.state[q]["ax"].dtype == torch.float64
    assert opt2.state[q]["step"].dtype == torch.float32


def test_old_checkpoint_float_scalars():
    """__setstate__ turns an old checkpoint's Python-number step/eta/mu into 0-d tensors."""
    p = torch.tensor(np.ones(2, "float32"), requires_grad=True)
    opt = torch.optim.ASGD([p], lr=0.1, t0=0)
    sd = {"state": {0: {"step": 3.0, "eta": 0.05, "mu": 0.5, "ax": torch.zeros(2)}},
          "param_groups": opt.state_dict()["param_groups"]}
    opt.load_state_dict(sd)
    st = opt.state[p]
    assert all(isinstance(st[k], torch.Tensor) and st[k].dim() == 0
               for k in ("step", "eta", "mu"))
    p.grad = torch.ones(2)
    opt.step()
    # param * (1 - 1e-4 * 0.05) - 0.05; ax = 0 + (param - 0) * 0.5; step 4
    want = np.float32(1 * np.float32(1 - 1e-4 * np.float32(0.05)) - np.float32(0.05))
    np.testing.assert_allclose(p.detach().numpy(), [want, want], rtol=1e-7)
    np.testing.assert_allclose(st["ax"].numpy(), [want * 0.5] * 2, rtol=1e-7)
    assert st["step"].item() == 4.0
    np.testing.assert_allclose(st["mu"].item(), 0.25)


def test_step_is_one_update_node_and_no_recompile():
    """A step is one recorded update (per group run); a changed lr is a dynamic input."""
    ps = [torch.tensor(np.ones(s, "float32"), requires_grad=True) for s in [(2, 3), (3,)]]
    opt = torch.optim.Adafactor(ps, lr=0.1)
    names = []
    orig = torch.runtime.graph.Node.__init__

    def spy(self, kernel, *a, **k):
        names.append(getattr(kernel, "name", None))
        orig(self, kernel, *a, **k)

    torch.runtime.graph.Node.__init__ = spy
    try:
        for p in ps:
            p.grad = torch.ones(p.shape)
        opt.step()
    finally:
        torch.runtime.graph.Node.__init__ = orig
    assert names.count("adafactor_step") == 1
    kernels = torch.runtime.stats["kernels"]
    for lr in (0.05, 0.2, 0.01):
        opt.param_groups[0]["lr"] = lr
        for p in ps:
            p.grad = torch.ones(p.shape)
        opt.step()
    assert torch.runtime.stats["kernels"] == kernels


def test_rprop_lr_only_seeds_step_size():
    """Rprop reads lr once, when a parameter's step_size is created (PyTorch's)."""
    p = torch.tensor(np.zeros(2, "float32"), requires_grad=True)
    opt = torch.optim.Rprop([p], lr=0.1)
    p.grad = torch.tensor([1.0, -1.0])
    opt.step()
    opt.param_groups[0]["lr"] = 5.0
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    np.testing.assert_allclose(opt.state[p]["step_size"].numpy(), [0.12, 0.05], rtol=1e-6)
    # the sign flip zeroes that gradient: no move, and prev 0 for the next step
    np.testing.assert_allclose(p.detach().numpy(), [-0.22, 0.1], rtol=1e-6)
    np.testing.assert_allclose(opt.state[p]["prev"].numpy(), [1.0, 0.0])


def test_no_grad_params_are_skipped():
    ps = [torch.tensor(np.ones(2, "float32"), requires_grad=True) for _ in range(2)]
    for cls in ("ASGD", "Rprop", "Adafactor"):
        opt = getattr(torch.optim, cls)(ps)
        ps[0].grad, ps[1].grad = torch.ones(2), None
        opt.step()
        assert ps[1] not in opt.state and len(opt.state[ps[0]]) > 0
        ps[0].grad = None
        assert opt.step() is None  # nothing to do


def test_closure_loss_returned():
    w = torch.tensor(np.array([1.0, -2.0], "float32"), requires_grad=True)
    for cls in ("ASGD", "Rprop", "Adafactor"):
        opt = getattr(torch.optim, cls)([w])

        def closure():
            opt.zero_grad()
            loss = (w ** 2).sum()
            loss.backward()
            return loss

        before = (w ** 2).sum().item()
        loss = opt.step(closure)
        assert loss.item() == pytest.approx(before)
        assert (w ** 2).sum().item() < before


def test_differentiable_not_supported():
    p = torch.tensor(np.ones(2, "float32"), requires_grad=True)
    opt = torch.optim.ASGD([p], differentiable=True)
    p.grad = torch.ones(2)
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        opt.step()


# ---- printed forms, exports and errors -------------------------------------------------------

@pytest.mark.parametrize("name", sorted(cases.REPR_CASES))
def test_repr_and_defaults(name):
    assert repr(cases.REPR_CASES[name](torch)) == REF["reprs"][name]


def test_exports():
    assert sorted(torch.optim.__all__) == sorted(
        n for n in REF["optim_all"] if n not in ("Muon", "swap_in_optimizer_params_and_state"))
    assert list(torch.optim.swa_utils.__all__) == REF["swa_all"]
    for name in REF["swa_all"]:
        assert callable(getattr(torch.optim.swa_utils, name))
    from jtorch.optim.swa_utils import AveragedModel
    assert torch.optim.swa_utils.AveragedModel is AveragedModel


@pytest.mark.parametrize("name", sorted(cases.ERROR_CASES))
def test_errors(name):
    kind, message = REF["errors"][name]
    exc = {"ValueError": ValueError, "RuntimeError": RuntimeError,
           "AssertionError": AssertionError, "TypeError": TypeError}[kind]
    with pytest.raises(exc) as info:
        cases.ERROR_CASES[name](torch)
    assert type(info.value) is exc
    assert str(info.value) == message


def test_sparse_adam_without_grads_and_closure():
    p = torch.tensor(np.ones(2, "float32"), requires_grad=True)
    opt = torch.optim.SparseAdam([p])
    assert opt.step() is None and len(opt.state) == 0
    calls = []
    assert opt.step(lambda: calls.append(1) or 3.0) == 3.0 and calls == [1]
    sd = opt.state_dict()
    assert sd["state"] == {} and sd["param_groups"][0]["betas"] == (0.9, 0.999)


# ---- swa_utils ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(cases.AVG_CASES))
def test_averaged_model_parity(mode, name):
    items, out, text = cases.run_averaged(torch, name)
    ref = REF["averaged"][name]
    assert [k for k, _ in items] == [k for k, _ in ref["state"]]
    for (_, v), (_, r) in zip(items, ref["state"]):
        assert_matches(v, r, rtol=1e-5, atol=1e-6)
    assert_matches(out, ref["out"], rtol=1e-5, atol=1e-5)
    assert text == ref["repr"]


def test_averaged_model_swa_multi_int_buffers_error():
    """get_swa_multi_avg_fn on int64 buffers reaches addcdiv_, which rejects integer
    division (PyTorch's error)."""
    su = torch.optim.swa_utils
    bn = torch.nn.BatchNorm1d(3)
    avg = su.AveragedModel(bn, multi_avg_fn=su.get_swa_multi_avg_fn(), use_buffers=True)
    avg.update_parameters(bn)
    bn(torch.tensor(np.random.RandomState(0).standard_normal((4, 3)).astype("float32")))
    with pytest.raises(RuntimeError, match="Integer division with addcdiv is no longer "
                                           "supported"):
        avg.update_parameters(bn)


def test_averaged_model_is_a_deep_copy_and_forwards():
    model = cases.make_model(torch)
    avg = torch.optim.swa_utils.AveragedModel(model)
    assert avg.module is not model
    assert avg.module[0].weight is not model[0].weight
    assert avg.n_averaged.dtype == torch.int64 and avg.n_averaged.item() == 0
    x = torch.ones(2, 3)
    model.eval()
    avg.eval()
    np.testing.assert_allclose(avg(x).detach().numpy(), model(x).detach().numpy())
    names = [n for n, _ in avg.named_parameters()]
    assert names == ["module." + n for n, _ in model.named_parameters()]
    avg.update_parameters(model)
    avg.update_parameters(model)
    assert avg.n_averaged.item() == 2
    sd = avg.state_dict()
    other = torch.optim.swa_utils.AveragedModel(cases.make_model(torch, seed=9))
    other.load_state_dict(sd)
    assert other.n_averaged.item() == 2
    np.testing.assert_allclose(other.module[0].weight.detach().numpy(),
                               model[0].weight.detach().numpy())


def test_avg_fns_values():
    su = torch.optim.swa_utils
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([3.0, 6.0])
    np.testing.assert_allclose(su.get_ema_avg_fn(0.75)(a, b, 5).numpy(), [1.5, 3.0])
    np.testing.assert_allclose(su.get_swa_avg_fn()(a, b, torch.tensor(3)).numpy(), [1.5, 3.0])
    x = [torch.tensor([1.0, 2.0])]
    su.get_ema_multi_avg_fn(0.5)(x, [b], 0)
    np.testing.assert_allclose(x[0].numpy(), [2.0, 4.0])
    y = [torch.tensor([1.0, 2.0])]
    su.get_swa_multi_avg_fn()(y, [b], 1)
    np.testing.assert_allclose(y[0].numpy(), [2.0, 4.0])
    n = [torch.tensor([10, 20])]
    su.get_ema_multi_avg_fn(0.5)(n, [torch.tensor([20, 41])], 1)  # int: float math, truncated
    assert n[0].tolist() == [15, 30] and n[0].dtype == torch.int64
    with pytest.raises(RuntimeError, match="For integral input tensors, argument alpha must "
                                           "not be a floating point number."):
        su.get_swa_multi_avg_fn()(n, [torch.tensor([20, 41])], 1)  # int, a number count


@pytest.mark.parametrize("kind", ["tensors", "pairs"])
def test_update_bn_parity(mode, kind):
    bufs, momentum, training, bn_training = cases.run_update_bn(torch, kind)
    ref = REF["update_bn"][kind]
    for b, r in zip(bufs, ref["buffers"]):
        assert_matches(b, r, rtol=1e-5, atol=1e-6)
    assert (momentum, training, bn_training) == (ref["momentum"], ref["training"],
                                                 ref["bn_training"])


def test_update_bn_without_batchnorm_is_a_no_op():
    model = torch.nn.Linear(3, 2)
    model.eval()
    calls = []

    class Loader:
        def __iter__(self):
            calls.append(1)
            return iter([torch.ones(2, 3)])

    assert torch.optim.swa_utils.update_bn(Loader(), model) is None
    assert calls == [] and model.training is False


@pytest.mark.parametrize("name", sorted(cases.SWALR_CASES))
def test_swalr_parity(name):
    lrs, swa_lrs = cases.run_swalr(torch, name)
    ref = REF["swalr"][name]
    np.testing.assert_allclose(np.array(lrs), np.array(ref["lrs"]), rtol=1e-12)
    assert swa_lrs == ref["swa_lrs"]


@pytest.mark.parametrize("name", ["cos", "linear"])
def test_swalr_state_dict_round_trip(name):
    lrs, _ = cases.run_swalr(torch, name, resume_at=2)
    ref = REF["swalr"][name]
    np.testing.assert_allclose(np.array(lrs), np.array(ref["resumed"]), rtol=1e-12)
    np.testing.assert_allclose(np.array(lrs), np.array(ref["lrs"]), rtol=1e-12)


def test_swalr_state_dict_keys_and_warning():
    opt = torch.optim.SGD([torch.tensor(np.zeros(2, "float32"), requires_grad=True)], lr=0.1)
    sched = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_strategy="linear")
    sd = sched.state_dict()
    assert "optimizer" not in sd and "anneal_func" not in sd
    assert sd["_anneal_strategy"] == "linear" and sd["anneal_epochs"] == 10
    with pytest.warns(UserWarning, match="please use `get_last_lr\\(\\)`"):
        sched.get_lr()


# ---- properties against NumPy (float64: the update rules themselves, rounding aside) ----------

from hypothesis import given, settings, strategies as st  # noqa: E402

_SHAPES = [(3,), (2, 3), (2, 2, 3)]


def _np_asgd(p, grads, lr, lambd, alpha, t0, wd, maximize):
    eta, mu, ax = np.float32(lr), np.float32(1.0), np.zeros_like(p)
    for step, g in enumerate(grads, 1):
        g = -g if maximize else g
        if wd:
            g = g + wd * p
        p = p * (1 - lambd * float(eta)) - float(eta) * g
        ax = ax + (p - ax) * float(mu) if mu != 1 else p.copy()
        eta = np.float32(lr / ((1 + lambd * lr * step) ** alpha))
        mu = np.float32(1 / max(1, step - t0))
    return p, ax


def _np_rprop(p, grads, lr, etaminus, etaplus, lo, hi, maximize):
    prev, size = np.zeros_like(p), np.full_like(p, lr)
    for g in grads:
        g = -g if maximize else g
        s = np.sign(g * prev)
        f = np.where(s > 0, etaplus, np.where(s < 0, etaminus, 1.0))
        size = np.clip(size * f, lo, hi)
        g = np.where(f == etaminus, 0.0, g)
        p = p - np.sign(g) * size
        prev = g
    return p, size


def _np_adafactor(p, grads, lr, decay, eps1, eps2, d, wd):
    factored = p.ndim > 1
    row = np.zeros(p.shape[:-1] + (1,))
    col = np.zeros(p.shape[:-2] + (1, p.shape[-1])) if factored else None
    var = np.zeros_like(p)
    for step, g in enumerate(grads, 1):
        beta = step ** decay
        rho = min(lr, 1 / np.sqrt(step))
        alpha = max(eps2, np.sqrt(np.sum(p * p)) / np.sqrt(p.size)) * rho
        p = p * (1 - lr * wd)
        if factored:
            row = row + beta * (np.mean(g * g, axis=-1, keepdims=True) - row)
            col = col + beta * (np.mean(g * g, axis=-2, keepdims=True) - col)
            v = row * col / np.maximum(np.mean(row, axis=-2, keepdims=True), eps1)
        else:
            var = var + beta * (g * g - var)
            v = var
        u = g / np.sqrt(np.maximum(v, eps1 * eps1))
        p = p - alpha / max(1.0, np.sqrt(np.sum(u * u)) / (np.sqrt(u.size) * d)) * u
    return p


_FLOATS = dict(allow_nan=False, allow_infinity=False)


@settings(max_examples=25, deadline=None)
@given(shape=st.sampled_from(_SHAPES), seed=st.integers(0, 2 ** 16),
       lr=st.floats(1e-3, 0.5, **_FLOATS), lambd=st.floats(0, 0.1, **_FLOATS),
       alpha=st.floats(0.1, 1.0, **_FLOATS), t0=st.integers(0, 4),
       wd=st.sampled_from([0.0, 0.05]), maximize=st.booleans())
def test_asgd_matches_numpy(shape, seed, lr, lambd, alpha, t0, wd, maximize):
    rs = np.random.RandomState(seed)
    p0, grads = rs.standard_normal(shape), [rs.standard_normal(shape) for _ in range(4)]
    p = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.ASGD([p], lr=lr, lambd=lambd, alpha=alpha, t0=t0, weight_decay=wd,
                           maximize=maximize)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    want_p, want_ax = _np_asgd(p0, grads, lr, lambd, alpha, t0, wd, maximize)
    np.testing.assert_allclose(p.detach().numpy(), want_p, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(opt.state[p]["ax"].numpy(), want_ax, rtol=1e-10, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(shape=st.sampled_from(_SHAPES), seed=st.integers(0, 2 ** 16),
       lr=st.floats(1e-3, 0.5, **_FLOATS), etaminus=st.floats(0.05, 0.95, **_FLOATS),
       etaplus=st.floats(1.05, 3.0, **_FLOATS), lo=st.floats(1e-6, 1e-2, **_FLOATS),
       hi=st.floats(0.05, 2.0, **_FLOATS), maximize=st.booleans())
def test_rprop_matches_numpy(shape, seed, lr, etaminus, etaplus, lo, hi, maximize):
    rs = np.random.RandomState(seed)
    p0 = rs.standard_normal(shape)
    grads = [np.where(rs.random_sample(shape) < 0.2, 0.0, rs.standard_normal(shape))
             for _ in range(5)]
    p = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.Rprop([p], lr=lr, etas=(etaminus, etaplus), step_sizes=(lo, hi),
                            maximize=maximize)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    want_p, want_size = _np_rprop(p0, grads, lr, etaminus, etaplus, lo, hi, maximize)
    np.testing.assert_allclose(p.detach().numpy(), want_p, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(opt.state[p]["step_size"].numpy(), want_size, rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(shape=st.sampled_from(_SHAPES), seed=st.integers(0, 2 ** 16),
       lr=st.floats(1e-3, 1.0, **_FLOATS), decay=st.floats(-1.0, -0.1, **_FLOATS),
       eps1=st.floats(1e-30, 1e-3, **_FLOATS), eps2=st.floats(1e-4, 0.1, **_FLOATS),
       d=st.floats(1.0, 3.0, **_FLOATS), wd=st.sampled_from([0.0, 0.1]))
def test_adafactor_matches_numpy(shape, seed, lr, decay, eps1, eps2, d, wd):
    rs = np.random.RandomState(seed)
    p0, grads = rs.standard_normal(shape), [rs.standard_normal(shape) for _ in range(4)]
    p = torch.tensor(p0, requires_grad=True)
    opt = torch.optim.Adafactor([p], lr=lr, beta2_decay=decay, eps=(eps1, eps2), d=d,
                                weight_decay=wd)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    want = _np_adafactor(p0, grads, lr, decay, eps1, eps2, d, wd)
    np.testing.assert_allclose(p.detach().numpy(), want, rtol=1e-9, atol=1e-12)
    keys = ["step", "row_var", "col_var"] if len(shape) > 1 else ["step", "variance"]
    assert list(opt.state[p]) == keys
