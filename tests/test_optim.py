"""torch.optim parity with PyTorch: 20-step trajectories of every optimizer and option set
(parameters and state_dict), models trained through backward(), LBFGS, the seeds' training
loops; one recorded update per step and no recompilation when hyperparameters change; state
round trips and PyTorch's error paths. References: tests/reference/gen_optim.py."""
import copy
import pathlib
import pickle
import sys
import warnings

import jax
import numpy as np
import optax
import pytest

import jtorch as torch
import jtorch.optim  # noqa: F401
from conftest import load_reference, assert_matches

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import optim_cases as cases  # noqa: E402

REF = load_reference("optim")
OPTIM = {case[0]: (seed, case) for seed, case in enumerate(cases.OPTIM_CASES)}
# Every case runs deferred; one case per optimizer family (plus the structural options) also
# runs in the eager debug mode (each case compiles its own update program: keep the file fast).
EAGER = ["sgd_nesterov", "sgd_skip", "adam_amsgrad", "adam_groups", "adam_zero_grad", "adamw",
         "rmsprop_all", "adagrad_options", "adadelta_options", "adamax_options",
         "nadam_decoupled", "radam_wd", "rmsprop_float64"]
TRAJECTORIES = [("deferred", n) for n in OPTIM] + [("eager", n) for n in EAGER]


@pytest.fixture
def run_mode(request):
    old = torch.runtime.config["eager"]
    torch.runtime.config["eager"] = request.param == "eager"
    yield request.param
    torch.sync()
    torch.runtime.config["eager"] = old


def _p(values, dtype="float32"):
    return torch.tensor(np.asarray(values, dtype), requires_grad=True)


def _state_value(v, ref):
    if isinstance(ref, dict):
        assert_matches(v, ref)
    elif isinstance(ref, list):
        assert len(v) == len(ref)
        for x, r in zip(v, ref):
            _state_value(x, r)
    else:
        assert v == ref


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
        assert_matches(p, r)
    sd = opt.state_dict()
    got = cases.state_items(sd)
    want = ref["state_dict"]["state"]
    assert [(i, k) for i, k, _ in got] == [(i, k) for i, k, _ in want]
    for (_, _, v), (_, _, r) in zip(got, want):
        _state_value(v, r)
    assert cases.plain_groups(sd) == ref["state_dict"]["param_groups"]


@pytest.mark.parametrize("case", cases.MODEL_CASES, ids=[c[0] for c in cases.MODEL_CASES])
def test_model_parity(mode, case):
    """Gradients from backward() on a small model: the update fuses with forward+backward."""
    losses, params = cases.run_model(torch, case)
    ref = REF["models"][case[0]]
    np.testing.assert_allclose(losses, ref["losses"], rtol=1e-5)
    for p, r in zip(params, ref["params"]):
        assert_matches(p, r, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("case", cases.LBFGS_CASES, ids=[c[0] for c in cases.LBFGS_CASES])
def test_lbfgs_parity(case):
    losses, params, opt = cases.run_lbfgs(torch, case)
    ref = REF["lbfgs"][case[0]]
    np.testing.assert_allclose(losses, ref["losses"], rtol=1e-9)
    for p, r in zip(params, ref["params"]):
        assert_matches(p, r, rtol=1e-7, atol=1e-9)
    st = opt.state[params[0]]
    assert (st["func_evals"], st["n_iter"]) == (ref["func_evals"], ref["n_iter"])
    assert set(st) == {"func_evals", "n_iter", "d", "t", "old_dirs", "old_stps", "ro", "H_diag",
                       "prev_flat_grad", "prev_loss", "al"}
    assert len(st["old_dirs"]) == len(st["old_stps"]) == len(st["ro"]) <= \
        case[1].get("history_size", 100)


@pytest.mark.parametrize("name", cases.SEED_LOOPS)
def test_seed_training_loops(name):
    """The seeds' loops (linear regression with SGD and Adam, logistic regression, an MLP with
    Adam) reach PyTorch's losses."""
    losses = cases.run_seed_loop(torch, name)
    want = REF["seed_loops"][name]
    np.testing.assert_allclose(losses, want, rtol=1e-4, atol=1e-6)
    assert losses[-1] < 0.1 * losses[0]


def test_lbfgs_rejects_groups_and_bad_line_search():
    a, b = _p([1.0]), _p([2.0])
    with pytest.raises(ValueError, match=r"LBFGS doesn't support per-parameter options "
                                         r"\(parameter groups\)"):
        torch.optim.LBFGS([{"params": [a]}, {"params": [b]}])
    opt = torch.optim.LBFGS([a], line_search_fn="armijo")

    def closure():
        opt.zero_grad()
        loss = ((a - 3) ** 2).sum()
        loss.backward()
        return loss
    with pytest.raises(RuntimeError, match="only 'strong_wolfe' is supported"):
        opt.step(closure)


# ---- one recorded update, dynamic hyperparameters ------------------------------------------

class _CompileCounter:
    """Counts XLA backend compiles (jax's monitoring events)."""

    def __enter__(self):
        self.n = 0
        self._cb = lambda name, *a, **k: setattr(self, "n", self.n + (
            name == "/jax/core/compile/backend_compile_duration"))
        jax.monitoring.register_event_duration_secs_listener(self._cb)
        return self

    def __exit__(self, *exc):
        jax.monitoring.unregister_event_duration_listener(self._cb)


@pytest.mark.parametrize("cls,kwargs,change", [
    ("SGD", dict(lr=0.1, momentum=0.9), dict(lr=lambda i: 0.1 / (i + 1),
                                             momentum=lambda i: 0.5 + 0.04 * i)),
    ("Adam", dict(lr=0.01), dict(lr=lambda i: 0.01 * 0.9 ** i,
                                 betas=lambda i: (0.9 - 0.01 * i, 0.999))),
])
def test_hyperparameter_change_does_not_recompile(cls, kwargs, change):
    rs = np.random.RandomState(0)
    w = _p(rs.standard_normal((4, 3)))
    b = _p(np.zeros(4))
    x = torch.tensor(rs.standard_normal((8, 3)).astype("float32"))
    opt = getattr(torch.optim, cls)([w, b], **kwargs)

    def step(i):
        for key, fn in change.items():
            opt.param_groups[0][key] = fn(i)
        opt.zero_grad()
        loss = ((x @ w.t() + b) ** 2).mean()
        loss.backward()
        before = w.detach().clone()
        opt.step()
        return before

    for i in range(4):  # first sight, then the repeated structure compiles once
        step(i)
    programs, kernels = torch.runtime.stats["programs"], torch.runtime.stats["kernels"]
    with _CompileCounter() as c:
        for i in range(4, 12):
            step(i)
    assert c.n == 0
    assert torch.runtime.stats["programs"] == programs
    assert torch.runtime.stats["kernels"] == kernels


def test_changed_lr_takes_effect_next_step():
    p = _p([1.0, 2.0])
    opt = torch.optim.SGD([p], lr=0.1)
    for lr in (0.1, 0.5, 0.0, 2.0):
        opt.param_groups[0]["lr"] = lr
        before = p.detach().numpy().copy()
        p.grad = torch.tensor([1.0, -1.0])
        opt.step()
        np.testing.assert_allclose(p.detach().numpy(), before - lr * np.array([1.0, -1.0],
                                                                            "float32"))


def test_step_records_one_update_node():
    """All parameters and their state are updated by one recorded kernel (plus projections)."""
    ps = [_p(np.ones(3) * i) for i in range(5)]
    opt = torch.optim.Adam(ps, lr=0.1)
    for p in ps:
        p.grad = torch.ones(3)
    names = []
    orig = torch.runtime.graph.Node.__init__

    def spy(self, kernel, *a, **k):
        names.append(kernel.name if kernel is not None else None)
        orig(self, kernel, *a, **k)
    torch.runtime.graph.Node.__init__ = spy
    try:
        opt.step()
    finally:
        torch.runtime.graph.Node.__init__ = orig
    updates = [n for n in names if n is not None and "[" not in n]
    assert updates == ["adam_step"]
    assert all(p.detach().numpy()[0] < i for i, p in enumerate(ps))


def test_step_is_a_sync_point():
    p = _p([1.0, 2.0])
    opt = torch.optim.Adam([p], lr=0.1)
    p.grad = torch.tensor([0.5, 0.5]) * 2  # pending
    opt.step()
    assert p._nd.value is not None and p.grad._nd.value is not None
    assert opt.state[p]["exp_avg"]._nd.value is not None


def test_optax_transform_is_usable_standalone():
    """The transformation jtorch's Adam records is an optax GradientTransformation."""
    from jtorch.optim.adam import adam
    rs = np.random.RandomState(1)
    init = rs.standard_normal(5).astype("float32")
    grads = [rs.standard_normal(5).astype("float32") for _ in range(6)]
    tx = adam(0.05, 0.9, 0.99, 1e-8, 0.01, amsgrad=True)
    params = (jax.numpy.asarray(init),)
    st = tx.init(params)

    @jax.jit
    def upd(params, g, st):
        u, st = tx.update(g, st, params)
        return optax.apply_updates(params, u), st

    p = _p(init)
    opt = torch.optim.Adam([p], lr=0.05, betas=(0.9, 0.99), weight_decay=0.01, amsgrad=True)
    for g in grads:
        params, st = upd(params, (jax.numpy.asarray(g),), st)
        p.grad = torch.tensor(g)
        opt.step()
    np.testing.assert_array_equal(np.asarray(params[0]), p.detach().numpy())
    np.testing.assert_array_equal(np.asarray(st[0]["exp_avg"]),
                                  opt.state[p]["exp_avg"].numpy())


# ---- PyTorch's optimizer interface -------------------------------------------------------------

def test_param_group_defaults_are_pytorch_keys():
    p = _p([1.0])
    want = {
        "SGD": ["lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize", "foreach",
                "differentiable", "fused"],
        "Adam": ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach",
                 "capturable", "differentiable", "fused", "decoupled_weight_decay"],
        "AdamW": ["lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach",
                  "capturable", "differentiable", "fused", "decoupled_weight_decay"],
        "RMSprop": ["lr", "momentum", "alpha", "eps", "centered", "weight_decay", "capturable",
                    "foreach", "maximize", "differentiable"],
        "Adagrad": ["lr", "lr_decay", "eps", "weight_decay", "initial_accumulator_value",
                    "foreach", "maximize", "differentiable", "fused"],
        "Adadelta": ["lr", "rho", "eps", "weight_decay", "maximize", "capturable", "foreach",
                     "differentiable"],
        "Adamax": ["lr", "betas", "eps", "weight_decay", "foreach", "maximize",
                   "differentiable", "capturable"],
        "NAdam": ["lr", "betas", "eps", "weight_decay", "momentum_decay",
                  "decoupled_weight_decay", "maximize", "foreach", "capturable",
                  "differentiable"],
        "RAdam": ["lr", "betas", "eps", "weight_decay", "maximize", "foreach", "capturable",
                  "decoupled_weight_decay", "differentiable"],
        "LBFGS": ["lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change",
                  "history_size", "line_search_fn"],
    }
    for name, keys in want.items():
        opt = getattr(torch.optim, name)([p], **({"lr": 0.1} if name == "SGD" else {}))
        assert list(opt.param_groups[0]) == ["params"] + keys, name
    assert torch.optim.AdamW([p]).param_groups[0]["weight_decay"] == 0.01
    assert torch.optim.LBFGS([p]).param_groups[0]["max_eval"] == 25


def test_per_group_options_and_add_param_group():
    a, b, c = _p([1.0]), _p([1.0]), _p([1.0])
    opt = torch.optim.SGD([{"params": [a]}, {"params": b, "lr": 0.5}], lr=0.1, momentum=0.0)
    opt.add_param_group({"params": [c], "lr": 1.0})
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5, 1.0]
    assert opt.param_groups[1]["params"] == [b]
    for p in (a, b, c):
        p.grad = torch.tensor([1.0])
    opt.step()
    np.testing.assert_allclose([a.item(), b.item(), c.item()], [0.9, 0.5, 0.0], rtol=1e-6)
    assert opt.state_dict()["param_groups"][2]["params"] == [2]


def test_params_without_grad_are_skipped():
    a, b = _p([1.0, 2.0]), _p([3.0])
    opt = torch.optim.Adam([a, b], lr=0.1)
    a.grad = torch.tensor([1.0, 1.0])
    opt.step()
    assert b.item() == 3.0 and b not in opt.state
    assert float(opt.state[a]["step"]) == 1.0
    sgd = torch.optim.SGD([a, b], lr=0.1)
    sgd.step()  # no momentum: no state at all, as PyTorch
    assert len(sgd.state) == 0


def test_sgd_loads_none_momentum_buffer():
    """PyTorch 2.0/2.1 checkpoints hold momentum_buffer=None: the first step copies the grad."""
    p = _p([1.0, 2.0])
    opt = torch.optim.SGD([p], lr=0.1, momentum=0.9)
    sd = opt.state_dict()
    sd["state"] = {0: {"momentum_buffer": None}}
    opt.load_state_dict(sd)
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    assert opt.state[p]["momentum_buffer"].tolist() == [1.0, 1.0]
    np.testing.assert_allclose(p.detach().numpy(), [0.9, 1.9], rtol=1e-6)


def test_python_float_step_from_old_checkpoints():
    p = _p([1.0, 2.0])
    opt = torch.optim.Adam([p], lr=0.1)
    sd = opt.state_dict()
    sd["state"] = {0: {"step": 3, "exp_avg": torch.tensor([0.1, 0.1]),
                       "exp_avg_sq": torch.tensor([0.01, 0.01])}}
    opt.load_state_dict(sd)
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    step = opt.state[p]["step"]
    assert isinstance(step, torch.Tensor) and step.dtype is torch.float32 and step.item() == 4.0


def test_state_tensors_update_in_place_and_step_dtype():
    p = _p([1.0, 2.0])
    opt = torch.optim.Adam([p], lr=0.1)
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    exp_avg, step = opt.state[p]["exp_avg"], opt.state[p]["step"]
    assert step.dtype is torch.float32 and step.shape == () and not step.requires_grad
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    assert opt.state[p]["exp_avg"] is exp_avg and opt.state[p]["step"] is step
    assert step.item() == 2.0
    np.testing.assert_allclose(exp_avg.numpy(), [0.19, 0.19], rtol=1e-6)


def test_zero_grad():
    p = _p([1.0, 2.0])
    opt = torch.optim.SGD([p], lr=0.1)
    p.grad = torch.tensor([1.0, 1.0])
    g = p.grad
    opt.zero_grad(set_to_none=False)
    assert p.grad is g and p.grad.tolist() == [0.0, 0.0]
    opt.zero_grad()
    assert p.grad is None


def test_step_closure_and_hooks():
    p = _p([2.0])
    opt = torch.optim.SGD([p], lr=0.25)
    calls = []
    h1 = opt.register_step_pre_hook(lambda o, args, kwargs: calls.append("pre"))
    opt.register_step_post_hook(lambda o, args, kwargs: calls.append("post"))

    def closure():
        calls.append(("closure", torch.is_grad_enabled()))
        opt.zero_grad()
        loss = (p ** 2).sum()
        loss.backward()
        return loss
    with torch.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 4.0
    assert calls == ["pre", ("closure", True), "post"]
    assert p.item() == 1.0
    h1.remove()
    opt.step(closure)
    assert calls[3:] == [("closure", True), "post"]


def test_custom_optimizer_subclass():
    """A PyTorch-style optimizer written against the base class works unchanged."""
    class PlainSGD(torch.optim.Optimizer):
        def __init__(self, params, lr):
            super().__init__(params, {"lr": lr})

        @torch.no_grad()
        def step(self, closure=None):
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        self.state[p]["n"] = self.state[p].get("n", 0) + 1
                        p.add_(p.grad, alpha=-group["lr"])

    p = _p([1.0, -1.0])
    opt = PlainSGD([p], lr=0.5)
    p.grad = torch.tensor([1.0, 1.0])
    opt.step()
    assert p.tolist() == [0.5, -1.5]
    assert opt.state_dict()["state"] == {0: {"n": 1}}


def test_parameters_of_nn_modules():
    import jtorch.nn as nn
    w = nn.Parameter(torch.tensor([1.0, 2.0]))
    opt = torch.optim.Adam([w], lr=0.1)
    w.grad = torch.tensor([1.0, -1.0])
    opt.step()
    assert isinstance(w, nn.Parameter) and w.is_leaf and w.requires_grad
    np.testing.assert_allclose(w.detach().numpy(), [0.9, 2.1], rtol=1e-6)


def test_repr():
    opt = torch.optim.SGD([_p([1.0])], lr=0.1)
    assert repr(opt) == ("SGD (\nParameter Group 0\n    dampening: 0\n    differentiable: False\n"
                         "    foreach: None\n    fused: None\n    lr: 0.1\n    maximize: False\n"
                         "    momentum: 0\n    nesterov: False\n    weight_decay: 0\n)")


# ---- state_dict ----------------------------------------------------------------------------

def _train(opt, params, grads):
    for g in grads:
        for p, gi in zip(params, g):
            p.grad = torch.tensor(gi)
        opt.step()


@pytest.mark.parametrize("cls,kwargs", [("SGD", dict(lr=0.1, momentum=0.9)),
                                        ("Adam", dict(lr=0.01, amsgrad=True)),
                                        ("Adagrad", dict(lr=0.1)),
                                        ("NAdam", dict(lr=0.01))])
def test_state_dict_round_trip(cls, kwargs):
    init, grads = cases.make_inputs(5)
    a = [_p(x) for x in init]
    opt = getattr(torch.optim, cls)(a, **kwargs)
    _train(opt, a, grads[:5])
    sd = pickle.loads(pickle.dumps(opt.state_dict()))  # as torch.save / torch.load would
    b = [_p(p.detach().numpy()) for p in a]
    opt2 = getattr(torch.optim, cls)(b, **kwargs)
    opt2.load_state_dict(sd)
    assert opt2.state_dict()["param_groups"] == opt.state_dict()["param_groups"]
    _train(opt, a, grads[5:10])
    _train(opt2, b, grads[5:10])
    for p, q in zip(a, b):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    for i in range(len(a)):
        for k, v in opt.state[a[i]].items():
            np.testing.assert_array_equal(v.numpy(), opt2.state[b[i]][k].numpy())


def test_checkpoint_through_save_and_load():
    """optimizer.state_dict() goes through torch.save / torch.load (PyTorch's file format)."""
    import io
    p = _p([1.0, 2.0])
    opt = torch.optim.Adam([p], lr=0.1, amsgrad=True)
    p.grad = torch.tensor([1.0, -1.0])
    opt.step()
    buf = io.BytesIO()
    torch.save(opt.state_dict(), buf)
    buf.seek(0)
    sd = torch.load(buf)
    assert sd["param_groups"] == opt.state_dict()["param_groups"]
    q = _p(p.detach().numpy())
    opt2 = torch.optim.Adam([q], lr=0.1, amsgrad=True)
    opt2.load_state_dict(sd)
    for o, t in ((opt, p), (opt2, q)):
        t.grad = torch.tensor([0.5, 0.5])
        o.step()
    np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    assert opt2.state[q]["step"].item() == 2.0


def test_load_state_dict_casts_to_param_dtype_but_not_step():
    a = _p([1.0, 2.0], "float64")
    opt = torch.optim.Adam([a], lr=0.1)
    sd = {"state": {0: {"step": torch.tensor(3.0), "exp_avg": torch.tensor([0.1, 0.2]),
                        "exp_avg_sq": torch.tensor([0.01, 0.02])}},
          "param_groups": copy.deepcopy(opt.state_dict()["param_groups"])}
    sd["param_groups"][0]["lr"] = 0.5
    opt.load_state_dict(sd)
    st = opt.state[a]
    assert st["exp_avg"].dtype is torch.float64 and st["step"].dtype is torch.float32
    assert opt.param_groups[0]["lr"] == 0.5 and opt.param_groups[0]["params"][0] is a
    a.grad = torch.tensor([1.0, 1.0], dtype=torch.float64)
    opt.step()
    assert st["step"].item() == 4.0


def test_load_state_dict_errors():
    a, b = _p([1.0]), _p([2.0])
    opt = torch.optim.SGD([a, b], lr=0.1)
    two = torch.optim.SGD([{"params": [a]}, {"params": [b]}], lr=0.1)
    with pytest.raises(ValueError, match="^loaded state dict has a different number of "
                                         "parameter groups$"):
        opt.load_state_dict(two.state_dict())
    one = torch.optim.SGD([a], lr=0.1)
    with pytest.raises(ValueError, match="^loaded state dict contains a parameter group that "
                                         "doesn't match the size of optimizer's group$"):
        opt.load_state_dict(one.state_dict())
    with pytest.raises(KeyError):
        opt.load_state_dict({"state": {}})


# ---- validation errors -----------------------------------------------------------------------

@pytest.mark.parametrize("cls,kwargs,message", [
    ("SGD", dict(lr=-1.0), "Invalid learning rate: -1.0"),
    ("SGD", dict(lr=0.1, momentum=-0.5), "Invalid momentum value: -0.5"),
    ("SGD", dict(lr=0.1, weight_decay=-1), "Invalid weight_decay value: -1"),
    ("SGD", dict(lr=0.1, nesterov=True), "Nesterov momentum requires a momentum and zero "
                                         "dampening"),
    ("SGD", dict(lr=0.1, momentum=0.9, dampening=0.1, nesterov=True),
     "Nesterov momentum requires a momentum and zero dampening"),
    ("Adam", dict(lr=-0.001), "Invalid learning rate: -0.001"),
    ("Adam", dict(eps=-1e-8), "Invalid epsilon value: -1e-08"),
    ("Adam", dict(betas=(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0"),
    ("Adam", dict(betas=(0.9, -0.1)), "Invalid beta parameter at index 1: -0.1"),
    ("Adam", dict(weight_decay=-0.1), "Invalid weight_decay value: -0.1"),
    ("Adam", dict(betas=(0, 0.9)), "betas must be either both floats or both Tensors"),
    ("AdamW", dict(betas=(0.9, 1.5)), "Invalid beta parameter at index 1: 1.5"),
    ("RMSprop", dict(alpha=-0.1), "Invalid alpha value: -0.1"),
    ("RMSprop", dict(momentum=-1.0), "Invalid momentum value: -1.0"),
    ("Adagrad", dict(lr_decay=-1.0), "Invalid lr_decay value: -1.0"),
    ("Adagrad", dict(initial_accumulator_value=-1.0),
     "Invalid initial_accumulator_value value: -1.0"),
    ("Adadelta", dict(rho=1.5), "Invalid rho value: 1.5"),
    ("Adamax", dict(betas=(-0.1, 0.9)), "Invalid beta parameter at index 0: -0.1"),
    ("NAdam", dict(momentum_decay=-0.1), "Invalid momentum_decay value: -0.1"),
    ("RAdam", dict(eps=-1.0), "Invalid epsilon value: -1.0"),
    ("LBFGS", dict(lr=-1), "Invalid learning rate: -1"),
    ("Adam", dict(lr=torch.tensor([0.1, 0.2])), "Tensor lr must be 1-element"),
])
def test_invalid_hyperparameters(cls, kwargs, message):
    import re
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        getattr(torch.optim, cls)([_p([1.0])], **kwargs)


def test_parameter_list_errors():
    a = _p([1.0])
    with pytest.raises(ValueError, match="^optimizer got an empty parameter list$"):
        torch.optim.SGD([], lr=0.1)
    with pytest.raises(TypeError, match="^params argument given to the optimizer should be an "
                                        "iterable of Tensors or dicts, but got "
                                        "torch.FloatTensor$"):
        torch.optim.SGD(a, lr=0.1)
    with pytest.raises(ValueError, match="^some parameters appear in more than one parameter "
                                         "group$"):
        torch.optim.SGD([{"params": [a]}, {"params": [a], "lr": 0.5}], lr=0.1)
    with pytest.raises(ValueError, match="^can't optimize a non-leaf Tensor$"):
        torch.optim.SGD([a * 2], lr=0.1)
    with pytest.raises(TypeError, match="^optimizer can only optimize Tensors, but one of the "
                                        "params is float$"):
        torch.optim.SGD([1.0], lr=0.1)
    with pytest.raises(TypeError, match="ordering of tensors in sets will change"):
        torch.optim.SGD([{"params": {a}}], lr=0.1)
    opt = torch.optim.SGD([a], lr=0.1)
    with pytest.raises(TypeError, match="^param_group must be a dict, but got <class 'list'>$"):
        opt.add_param_group([a])
    with pytest.raises(ValueError, match="^some parameters appear in more than one parameter "
                                         "group$"):
        opt.add_param_group({"params": [a]})
    with pytest.warns(UserWarning, match="duplicate parameters"):
        torch.optim.SGD([a, a], lr=0.1)


def test_required_parameter_and_named_params():
    from jtorch.optim.optimizer import required
    a, b = _p([1.0]), _p([2.0])

    class Opt(torch.optim.Optimizer):
        def __init__(self, params):
            super().__init__(params, {"lr": required})

    with pytest.raises(ValueError, match="^parameter group didn't specify a value of required "
                                         "optimization parameter lr$"):
        Opt([a])
    opt = torch.optim.Adam([("w", a), ("b", b)])
    sd = opt.state_dict()
    assert sd["param_groups"][0]["param_names"] == ["w", "b"]
    assert sd["param_groups"][0]["params"] == [0, 1]
    with pytest.raises(ValueError, match="cannot add param group without names"):
        opt.add_param_group({"params": [_p([3.0])]})


def test_differentiable_is_not_supported():
    p = _p([1.0])
    opt = torch.optim.SGD([p], lr=0.1, differentiable=True)
    p.grad = torch.tensor([1.0])
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        opt.step()


def test_lr_scheduler_wraps_step_without_warning():
    p = _p([1.0])
    opt = torch.optim.SGD([p], lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, 1, 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        opt.step()
        sched.step()
    assert opt.param_groups[0]["lr"] == 0.05
