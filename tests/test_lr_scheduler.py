"""torch.optim.lr_scheduler parity with PyTorch: every scheduler's lr (and cycled momentum)
sequence over 100 steps, the closed forms step(epoch) uses, ReduceLROnPlateau, state_dict
round trips, the step-order warning and PyTorch's errors. References: gen_optim.py."""
import pathlib
import pickle
import re
import sys
import warnings

import numpy as np
import pytest

import jtorch as torch
import jtorch.optim  # noqa: F401
from conftest import load_reference

sys.path.insert(0, str(pathlib.Path(__file__).parent / "reference"))
import optim_cases as cases  # noqa: E402

REF = load_reference("optim")["schedulers"]
S = torch.optim.lr_scheduler


def _opt(lrs=(0.1,), cls="SGD", **kw):
    return cases._opt(torch, lrs, cls, **kw)


@pytest.mark.parametrize("name", cases.SCHED_CASES)
def test_sequence_parity(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # optimizer.step() comes first: no warning
        lrs, moms = cases.run_scheduler(torch, name)
    assert lrs == REF[name]["lrs"]  # exactly: the same float64 arithmetic as PyTorch
    assert moms == REF[name]["moms"]


@pytest.mark.parametrize("case", cases.PLATEAU_CASES, ids=[c[0] for c in cases.PLATEAU_CASES])
def test_reduce_on_plateau_parity(case):
    assert cases.run_plateau(torch, case) == REF[case[0]]["lrs"]


@pytest.mark.parametrize("name", cases.CLOSED_FORM_CASES)
def test_closed_form_parity(name):
    assert cases.run_closed_form(torch, name) == REF["closed_" + name]["lrs"]


def test_get_last_lr_and_initial_lr():
    opt = _opt((0.1, 0.2))
    sched = S.StepLR(opt, step_size=2, gamma=0.5)
    assert sched.get_last_lr() == [0.1, 0.2]
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.2]
    for _ in range(2):
        opt.step()
        sched.step()
    assert sched.get_last_lr() == [0.05, 0.1]
    assert sched.last_epoch == 2
    with pytest.warns(UserWarning, match=re.escape("please use `get_last_lr()`")):
        sched.get_lr()


def test_warning_when_scheduler_steps_first():
    opt = _opt()
    sched = S.ExponentialLR(opt, gamma=0.9)
    with pytest.warns(UserWarning, match=re.escape(
            "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch "
            "1.1.0 and later, you should call them in the opposite order: `optimizer.step()` "
            "before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping "
            "the first value of the learning rate schedule.")):
        sched.step()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # only the first step warns
        opt.step()
        sched.step()


def test_warning_when_optimizer_step_is_overridden():
    opt = _opt()
    sched = S.ExponentialLR(opt, gamma=0.9)
    opt.step = lambda closure=None: None
    with pytest.warns(UserWarning, match="Seems like `optimizer.step\\(\\)` has been overridden"):
        sched.step()


def test_epoch_argument_is_deprecated():
    opt = _opt()
    sched = S.StepLR(opt, step_size=3)
    opt.step()
    with pytest.warns(UserWarning, match="The epoch parameter in `scheduler.step\\(\\)` was not "
                                         "necessary and is being deprecated"):
        sched.step(6)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1 * 0.1 ** 2)


@pytest.mark.parametrize("name", ["step", "cosine", "cyclic_triangular", "onecycle",
                                  "sequential", "chained", "cosine_restarts"])
def test_state_dict_round_trip(name):
    """Saving a scheduler mid-schedule and loading it into a fresh one continues the same
    sequence (with the optimizer's state loaded first, as PyTorch requires)."""
    opt, sched = cases._make(torch, name)
    for _ in range(13):
        opt.step()
        sched.step()
    sd = pickle.loads(pickle.dumps(sched.state_dict()))
    assert "optimizer" not in sd
    osd = opt.state_dict()
    opt2, sched2 = cases._make(torch, name)
    opt2.load_state_dict(osd)
    sched2.load_state_dict(sd)
    for _ in range(20):
        opt.step()
        sched.step()
        opt2.step()
        sched2.step()
        assert sched2.get_last_lr() == sched.get_last_lr()
        assert [g["lr"] for g in opt2.param_groups] == [g["lr"] for g in opt.param_groups]


def test_lambda_state_dict_saves_callable_objects_only():
    class Decay:
        def __init__(self):
            self.rate = 0.5

        def __call__(self, epoch):
            return self.rate ** epoch

    opt = _opt((0.1, 0.1))
    fn = Decay()
    sched = S.LambdaLR(opt, [lambda e: 1.0, fn])
    sd = sched.state_dict()
    assert sd["lr_lambdas"] == [None, {"rate": 0.5}]
    fn2 = Decay()
    sched2 = S.LambdaLR(_opt((0.1, 0.1)), [lambda e: 1.0, fn2])
    sd["lr_lambdas"][1]["rate"] = 0.25
    sched2.load_state_dict(sd)
    assert fn2.rate == 0.25


def test_plateau_state_dict_and_min_lr_groups():
    opt = _opt((0.1, 0.05))
    sched = S.ReduceLROnPlateau(opt, patience=0, factor=0.5)
    for m in (1.0, 2.0, 3.0):
        sched.step(m)
    assert sched.get_last_lr() == [0.025, 0.0125]
    sd = sched.state_dict()
    sched2 = S.ReduceLROnPlateau(_opt((0.1, 0.05)), mode="max")
    sched2.load_state_dict(sd)
    assert sched2.mode == "min" and sched2.best == 1.0 and sched2.num_bad_epochs == 0
    opt.add_param_group({"params": [torch.tensor([1.0], requires_grad=True)], "lr": 1.0})
    sched.step(4.0)  # a scalar min_lr extends to the new group
    assert sched.min_lrs == [0, 0, 0]
    lists = S.ReduceLROnPlateau(_opt((0.1, 0.05)), min_lr=[0.0, 0.0], patience=0)
    lists.optimizer.add_param_group({"params": [torch.tensor([1.0], requires_grad=True)]})
    lists.step(1.0)
    with pytest.raises(RuntimeError, match=r"The number of param groups in the `optimizer` "
                                           r"\(3\) differs from when `ReduceLROnPlateau` was "
                                           r"initialized \(2\)"):
        lists.step(2.0)


def test_plateau_accepts_tensor_metric():
    opt = _opt()
    sched = S.ReduceLROnPlateau(opt, patience=0)
    sched.step(torch.tensor(1.0))
    sched.step(torch.tensor(2.0))
    assert opt.param_groups[0]["lr"] == pytest.approx(0.01)


def test_tensor_lr_is_filled_in_place():
    p = torch.tensor([1.0], requires_grad=True)
    lr = torch.tensor(0.1)
    opt = torch.optim.Adam([p], lr=lr)
    sched = S.ExponentialLR(opt, gamma=0.5)
    opt.step()
    sched.step()
    assert opt.param_groups[0]["lr"] is lr
    assert lr.item() == pytest.approx(0.05)
    assert isinstance(sched.get_last_lr()[0], torch.Tensor)


def test_schedules_never_recompile_the_update():
    """OneCycleLR changes lr and momentum every step: the fused update is compiled once."""
    rs = np.random.RandomState(0)
    w = torch.tensor(rs.standard_normal((3, 2)).astype("float32"), requires_grad=True)
    x = torch.tensor(rs.standard_normal((5, 2)).astype("float32"))
    opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=0.5, total_steps=30)

    def step():
        opt.zero_grad()
        ((x @ w.t()) ** 2).mean().backward()
        opt.step()
        sched.step()

    for _ in range(4):
        step()
    programs, kernels = torch.runtime.stats["programs"], torch.runtime.stats["kernels"]
    lrs = set()
    for _ in range(20):
        step()
        lrs.add(opt.param_groups[0]["lr"])
    assert len(lrs) == 20
    assert (torch.runtime.stats["programs"], torch.runtime.stats["kernels"]) == (programs,
                                                                                 kernels)


@pytest.mark.parametrize("make,exc,message", [
    (lambda o: S.ConstantLR(o, factor=1.5), ValueError,
     "Constant multiplicative factor expected to be between 0 and 1."),
    (lambda o: S.LinearLR(o, start_factor=0), ValueError,
     "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."),
    (lambda o: S.LinearLR(o, end_factor=1.5), ValueError,
     "Ending multiplicative factor expected to be between 0 and 1."),
    (lambda o: S.CosineAnnealingWarmRestarts(o, T_0=0), ValueError,
     "Expected positive integer T_0, but got 0"),
    (lambda o: S.CosineAnnealingWarmRestarts(o, T_0=5, T_mult=0), ValueError,
     "Expected integer T_mult >= 1, but got 0"),
    (lambda o: S.OneCycleLR(o, max_lr=0.1), ValueError,
     "You must define either total_steps OR (epochs AND steps_per_epoch)"),
    (lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=0), ValueError,
     "Expected positive integer total_steps, but got 0"),
    (lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10, pct_start=1), ValueError,
     "Expected float between 0 and 1 pct_start, but got 1"),
    (lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=10, anneal_strategy="exp"), ValueError,
     "anneal_strategy must be one of 'cos' or 'linear', instead got exp"),
    (lambda o: S.OneCycleLR(o, max_lr=[0.1, 0.2], total_steps=10), ValueError,
     "max_lr must have the same length as optimizer.param_groups. max_lr has 2 values, "
     "param_groups has 1."),
    (lambda o: S.ReduceLROnPlateau(o, factor=1.0), ValueError, "Factor should be < 1.0."),
    (lambda o: S.ReduceLROnPlateau(o, mode="avg"), ValueError, "mode avg is unknown!"),
    (lambda o: S.ReduceLROnPlateau(o, threshold_mode="x"), ValueError,
     "threshold mode x is unknown!"),
    (lambda o: S.ReduceLROnPlateau(o, min_lr=[0, 0]), ValueError, "expected 1 min_lrs, got 2"),
    (lambda o: S.CyclicLR(o, 0.01, 0.1, mode="saw"), ValueError,
     "mode is invalid and scale_fn is None"),
    (lambda o: S.LambdaLR(o, [lambda e: 1, lambda e: 2]), ValueError,
     "Expected 1 lr_lambdas, but got 2"),
    (lambda o: S.MultiplicativeLR(o, 0.5), TypeError,
     "lr_lambda should be a function, but got float"),
    (lambda o: S.StepLR(object(), 3), TypeError, "object is not an Optimizer"),
    (lambda o: S.SequentialLR(o, [S.StepLR(o, 2), S.StepLR(o, 3)], milestones=[]), ValueError,
     "Sequential Schedulers expects number of schedulers provided to be one more than the "
     "number of milestone points, but got number of schedulers 2 and the number of milestones "
     "to be equal to 0"),
    (lambda o: S.SequentialLR(o, [], milestones=[]), ValueError,
     "SequentialLR expects at least one scheduler, but got no scheduler."),
    (lambda o: S.ChainedScheduler([S.ReduceLROnPlateau(o)]), ValueError,
     "ChainedScheduler does not support `ReduceLROnPlateau` scheduler"),
    (lambda o: S.StepLR(o, 3, last_epoch=5), KeyError,
     "param 'initial_lr' is not specified in param_groups[0] when resuming scheduler"),
])
def test_errors(make, exc, message):
    with pytest.raises(exc, match=re.escape(message)):
        make(_opt())


def test_cycle_momentum_needs_momentum():
    opt = torch.optim.Adagrad([torch.tensor([1.0], requires_grad=True)])
    with pytest.raises(ValueError, match="optimizer must support momentum or beta1 with "
                                         "`cycle_momentum` option enabled"):
        S.CyclicLR(opt, 0.01, 0.1)
    with pytest.raises(ValueError, match="optimizer must support momentum or beta1"):
        S.OneCycleLR(opt, 0.1, total_steps=10)


def test_onecycle_past_total_steps():
    opt = _opt()
    sched = S.OneCycleLR(opt, max_lr=0.1, total_steps=3)
    for _ in range(3):
        opt.step()
        sched.step()
    with pytest.raises(ValueError, match="^Tried to step 4 times. The specified number of total "
                                         "steps is 3$"):
        opt.step()
        sched.step()


def test_lr_scheduler_aliases():
    assert S._LRScheduler.__mro__[1] is S.LRScheduler
    assert issubclass(S.ReduceLROnPlateau, S.LRScheduler)
    assert set(S.__all__) >= {"LambdaLR", "MultiplicativeLR", "StepLR", "MultiStepLR",
                              "ConstantLR", "LinearLR", "ExponentialLR", "SequentialLR",
                              "CosineAnnealingLR", "ChainedScheduler", "ReduceLROnPlateau",
                              "CyclicLR", "CosineAnnealingWarmRestarts", "OneCycleLR",
                              "PolynomialLR", "LRScheduler"}
