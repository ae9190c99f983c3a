"""Writes optim_extra.json: trajectories of ASGD, Rprop and Adafactor (parameters after the first
and the last step, the final state_dict), their printed forms and error messages, SparseAdam's
checks, and torch.optim.swa_utils (AveragedModel, update_bn, SWALR), all from real PyTorch.

The drivers below take the `torch` module to run against, so tests/test_optim_extra.py imports
this file (without torch) and runs the same loops on jtorch. Run: python gen_optim_extra.py
"""
import copy
import math

import numpy as np

STEPS = 10
SHAPES = [(3, 4), (4,), (), (2, 3, 5)]

# (name, optimizer class, kwargs, options)
# options: "skip" - param 1 has no grad on odd steps; "groups" - a second group with its own
# options (GROUP_OPTIONS); "lr_change" - lr halved (weight decay changed) at step 5;
# "float64" - float64 parameters; "zero_grad" - zero_grad(set_to_none=False) and a zero
# gradient for param 2 on every third step.
CASES = [
    ("asgd", "ASGD", dict(), ()),
    ("asgd_t0", "ASGD", dict(lr=0.05, lambd=1e-3, alpha=0.6, t0=3), ()),
    ("asgd_wd_maximize", "ASGD", dict(lr=0.02, t0=2, weight_decay=0.05, maximize=True), ()),
    ("asgd_skip", "ASGD", dict(lr=0.05, t0=1), ("skip",)),
    ("asgd_lr_change", "ASGD", dict(lr=0.05, t0=4, weight_decay=0.01), ("lr_change",)),
    ("asgd_groups", "ASGD", dict(lr=0.02, t0=2), ("groups",)),
    ("asgd_float64", "ASGD", dict(lr=0.05, t0=4, weight_decay=0.01), ("float64",)),
    ("rprop", "Rprop", dict(), ()),
    ("rprop_options", "Rprop", dict(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-3, 0.2)), ()),
    ("rprop_maximize", "Rprop", dict(lr=0.02, maximize=True), ("skip",)),
    ("rprop_zero_grad", "Rprop", dict(lr=0.02), ("zero_grad",)),
    ("rprop_groups", "Rprop", dict(), ("groups",)),
    ("rprop_float64", "Rprop", dict(lr=0.03, etas=(0.4, 1.1)), ("float64",)),
    ("adafactor", "Adafactor", dict(), ()),
    ("adafactor_options", "Adafactor", dict(lr=0.05, beta2_decay=-0.5, eps=(1e-30, 1e-2),
                                            d=2.0, weight_decay=0.1), ()),
    ("adafactor_maximize", "Adafactor", dict(lr=0.05, maximize=True, weight_decay=0.01),
     ("skip",)),
    ("adafactor_lr_change", "Adafactor", dict(lr=0.5, weight_decay=0.02), ("lr_change",)),
    ("adafactor_groups", "Adafactor", dict(lr=0.03), ("groups",)),
    ("adafactor_zero_grad", "Adafactor", dict(lr=0.05), ("zero_grad",)),
    ("adafactor_float64", "Adafactor", dict(lr=0.05, weight_decay=0.1), ("float64",)),
]

GROUP_OPTIONS = {
    "ASGD": {"lr": 0.03, "t0": 1, "weight_decay": 0.1, "lambd": 1e-2},
    "Rprop": {"lr": 0.02, "etas": (0.4, 1.3), "step_sizes": (1e-4, 1.0), "maximize": True},
    "Adafactor": {"lr": 0.05, "eps": (1e-20, 1e-2), "d": 1.5, "weight_decay": 0.05},
}


def make_inputs(seed, dtype="float32", steps=STEPS):
    """Initial parameter values and a gradient sequence (NumPy, reproducible)."""
    rs = np.random.RandomState(100 + seed)
    params = [np.asarray(rs.standard_normal(size=s)).astype(dtype) for s in SHAPES]
    grads = []
    for t in range(steps):
        scale = 1.0 + 0.5 * math.sin(t)
        grads.append([(np.asarray(rs.standard_normal(size=s)) * scale).astype(dtype)
                      for s in SHAPES])
    return params, grads


def make_optimizer(torch, case, params):
    name, cls, kwargs, options = case
    if "groups" in options:
        groups = [{"params": params[:2]}, dict(GROUP_OPTIONS[cls], params=params[2:])]
        return getattr(torch.optim, cls)(groups, **kwargs)
    return getattr(torch.optim, cls)(params, **kwargs)


def run_steps(torch, case, opt, params, grads, start, stop):
    options = case[3]
    for t in range(start, stop):
        opt.zero_grad(set_to_none="zero_grad" not in options)
        for i, (p, g) in enumerate(zip(params, grads[t])):
            if "skip" in options and i == 1 and t % 2 == 1:
                continue
            if "zero_grad" in options and i == 2 and t % 3 == 0:
                continue  # keeps the zeroed gradient: a zero step, not a skipped one
            p.grad = torch.tensor(g)
        if "lr_change" in options and t == 5:
            for group in opt.param_groups:
                group["lr"] = group["lr"] * 0.5
                group["weight_decay"] = 0.05
        opt.step()


def run_optimizer(torch, case, seed):
    """Run `case` for STEPS steps: (params after step 1 as NumPy arrays, final params, opt)."""
    dtype = "float64" if "float64" in case[3] else "float32"
    init, grads = make_inputs(seed, dtype)
    params = [torch.tensor(a, requires_grad=True) for a in init]
    opt = make_optimizer(torch, case, params)
    run_steps(torch, case, opt, params, grads, 0, 1)
    first = [p.detach().numpy().copy() for p in params]
    run_steps(torch, case, opt, params, grads, 1, STEPS)
    return first, params, opt


RESUMED = [("asgd_t0", "deepcopy"), ("rprop_options", "deepcopy"),
           ("adafactor_options", "deepcopy"), ("asgd_float64", "save"), ("rprop_groups", "save"),
           ("adafactor_groups", "save")]


def run_resumed(torch, case, seed, split=STEPS // 2, transfer=copy.deepcopy):
    """Run `split` steps, move the state_dict (through `transfer`) into a fresh optimizer over
    fresh parameters holding the same values, and finish the STEPS steps there."""
    dtype = "float64" if "float64" in case[3] else "float32"
    init, grads = make_inputs(seed, dtype)
    params = [torch.tensor(a, requires_grad=True) for a in init]
    opt = make_optimizer(torch, case, params)
    run_steps(torch, case, opt, params, grads, 0, split)
    sd = transfer(opt.state_dict())
    params2 = [torch.tensor(p.detach().numpy(), requires_grad=True) for p in params]
    opt2 = make_optimizer(torch, case, params2)
    opt2.load_state_dict(sd)
    run_steps(torch, case, opt2, params2, grads, split, STEPS)
    return params2, opt2


def state_items(state_dict):
    """(param index, key, value) of a state_dict's state, in a stable order."""
    out = []
    for idx in sorted(state_dict["state"]):
        for k, v in state_dict["state"][idx].items():
            out.append((idx, k, v))
    return out


def plain_groups(state_dict):
    """The param_groups of a state_dict with tuples as lists (JSON's form)."""
    return [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()}
            for g in state_dict["param_groups"]]


# ---- printed forms and errors ------------------------------------------------------------------

def _params(torch, n=2):
    return [torch.tensor(np.arange(3, dtype="float32") + i, requires_grad=True)
            for i in range(n)]


REPR_CASES = {
    "asgd": lambda torch: torch.optim.ASGD(_params(torch)),
    "asgd_options": lambda torch: torch.optim.ASGD(_params(torch), lr=0.5, lambd=1e-3,
                                                   alpha=0.5, t0=100, weight_decay=0.1,
                                                   maximize=True, foreach=False),
    "rprop": lambda torch: torch.optim.Rprop(_params(torch)),
    "rprop_groups": lambda torch: torch.optim.Rprop(
        [{"params": _params(torch, 1)}, {"params": _params(torch, 1), "etas": (0.1, 2.0)}],
        lr=0.1, step_sizes=(1e-3, 1)),
    "adafactor": lambda torch: torch.optim.Adafactor(_params(torch)),
    "adafactor_options": lambda torch: torch.optim.Adafactor(
        _params(torch), lr=0.1, beta2_decay=-0.5, eps=(1e-30, 1e-2), d=2.0, weight_decay=0.1,
        maximize=True),
    "sparse_adam": lambda torch: torch.optim.SparseAdam(_params(torch)),
    "sparse_adam_options": lambda torch: torch.optim.SparseAdam(
        _params(torch), lr=0.1, betas=(0.5, 0.6), eps=1e-6, maximize=True),
}


def _step_with_dense_grad(torch):
    p = _params(torch, 1)[0]
    p.grad = torch.ones(3)
    torch.optim.SparseAdam([p]).step()


def _capturable_step(torch, cls):
    p = _params(torch, 1)[0]
    p.grad = torch.ones(3)
    getattr(torch.optim, cls)([p], capturable=True).step()  # CPU is no capturable device


def _swa_opt(torch):
    return torch.optim.SGD([{"params": _params(torch, 1)}, {"params": _params(torch, 1)}],
                           lr=0.1)


ERROR_CASES = {
    "asgd_lr": lambda torch: torch.optim.ASGD(_params(torch), lr=-0.1),
    "asgd_wd": lambda torch: torch.optim.ASGD(_params(torch), weight_decay=-1e-3),
    "asgd_tensor_lr": lambda torch: torch.optim.ASGD(_params(torch), lr=torch.ones(2)),
    "asgd_empty": lambda torch: torch.optim.ASGD([]),
    "rprop_lr": lambda torch: torch.optim.Rprop(_params(torch), lr=-1),
    "rprop_etaminus": lambda torch: torch.optim.Rprop(_params(torch), etas=(1.5, 1.2)),
    "rprop_etaplus": lambda torch: torch.optim.Rprop(_params(torch), etas=(0.5, 0.9)),
    "rprop_etaminus_zero": lambda torch: torch.optim.Rprop(_params(torch), etas=(0.0, 1.2)),
    "rprop_tensor_lr": lambda torch: torch.optim.Rprop(_params(torch), lr=torch.ones(2)),
    "adafactor_lr": lambda torch: torch.optim.Adafactor(_params(torch), lr=-1e-2),
    "adafactor_beta2_decay": lambda torch: torch.optim.Adafactor(_params(torch),
                                                                 beta2_decay=0.1),
    "adafactor_eps1": lambda torch: torch.optim.Adafactor(_params(torch), eps=(-1e-3, 1e-3)),
    "adafactor_eps2": lambda torch: torch.optim.Adafactor(_params(torch), eps=(None, -1.0)),
    "adafactor_d": lambda torch: torch.optim.Adafactor(_params(torch), d=0.5),
    "adafactor_wd": lambda torch: torch.optim.Adafactor(_params(torch), weight_decay=-0.1),
    "adafactor_tensor_lr": lambda torch: torch.optim.Adafactor(_params(torch),
                                                               lr=torch.ones(3)),
    "sparse_adam_lr": lambda torch: torch.optim.SparseAdam(_params(torch), lr=0.0),
    "sparse_adam_eps": lambda torch: torch.optim.SparseAdam(_params(torch), eps=0.0),
    "sparse_adam_beta0": lambda torch: torch.optim.SparseAdam(_params(torch), betas=(1.0, 0.9)),
    "sparse_adam_beta1": lambda torch: torch.optim.SparseAdam(_params(torch),
                                                              betas=(0.9, -0.1)),
    "sparse_adam_tensor_lr": lambda torch: torch.optim.SparseAdam(_params(torch),
                                                                  lr=torch.ones(2)),
    "sparse_adam_dense_grad": _step_with_dense_grad,
    "asgd_capturable_cpu": lambda torch: _capturable_step(torch, "ASGD"),
    "rprop_capturable_cpu": lambda torch: _capturable_step(torch, "Rprop"),
    "averaged_both_fns": lambda torch: torch.optim.swa_utils.AveragedModel(
        torch.nn.Linear(2, 2), avg_fn=torch.optim.swa_utils.get_swa_avg_fn(),
        multi_avg_fn=torch.optim.swa_utils.get_swa_multi_avg_fn()),
    "ema_decay_high": lambda torch: torch.optim.swa_utils.get_ema_avg_fn(1.5),
    "ema_multi_decay_low": lambda torch: torch.optim.swa_utils.get_ema_multi_avg_fn(-0.1),
    "swalr_length": lambda torch: torch.optim.swa_utils.SWALR(_swa_opt(torch),
                                                              swa_lr=[0.1, 0.2, 0.3]),
    "swalr_strategy": lambda torch: torch.optim.swa_utils.SWALR(_swa_opt(torch), swa_lr=0.1,
                                                                anneal_strategy="exp"),
    "swalr_epochs_negative": lambda torch: torch.optim.swa_utils.SWALR(
        _swa_opt(torch), swa_lr=0.1, anneal_epochs=-1),
    "swalr_epochs_float": lambda torch: torch.optim.swa_utils.SWALR(
        _swa_opt(torch), swa_lr=0.1, anneal_epochs=2.0),
}


TRAIN_CASES = {
    "asgd_swa": ("ASGD", dict(lr=0.05, t0=3), dict()),
    "rprop_ema": ("Rprop", dict(lr=0.01), dict(multi_avg_fn="ema")),
    "adafactor_ema": ("Adafactor", dict(lr=0.05, weight_decay=0.01), dict(avg_fn="ema")),
}


def run_training(torch, name, steps=8):
    """A Linear-tanh-Linear model trained through backward() with an AveragedModel updated
    after each step: (losses, final params, averaged params)."""
    cls, kwargs, avg = TRAIN_CASES[name]
    su = torch.optim.swa_utils
    rs = np.random.RandomState(21)
    nn = torch.nn
    model = nn.Sequential(nn.Linear(5, 6), nn.Tanh(), nn.Linear(6, 2))
    set_weights(torch, model, rs)
    x = torch.tensor(rs.standard_normal((16, 5)).astype("float32"))
    y = torch.tensor(rs.standard_normal((16, 2)).astype("float32"))
    if avg.get("multi_avg_fn") == "ema":
        avg = dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.9))
    elif avg.get("avg_fn") == "ema":
        avg = dict(avg_fn=su.get_ema_avg_fn(0.8))
    swa = su.AveragedModel(model, **avg)
    opt = getattr(torch.optim, cls)(model.parameters(), **kwargs)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        swa.update_parameters(model)
        losses.append(loss.item())
    return losses, list(model.parameters()), list(swa.module.parameters())


def run_error(torch, name):
    """(exception type name, message) raised by ERROR_CASES[name]."""
    try:
        ERROR_CASES[name](torch)
    except Exception as e:  # noqa: BLE001 - the type is what is compared
        return [type(e).__name__, str(e)]
    return None


# ---- swa_utils ---------------------------------------------------------------------------------

def make_model(torch, seed=3):
    """Linear -> BatchNorm1d -> ReLU -> Linear with NumPy-seeded weights."""
    nn = torch.nn
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    set_weights(torch, model, np.random.RandomState(seed))
    return model


def set_weights(torch, model, rs):
    with torch.no_grad():
        for p in model.parameters():
            p.copy_(torch.tensor(rs.standard_normal(tuple(p.shape)).astype("float32")))


AVG_CASES = {
    "swa": lambda su: dict(),
    "ema_fn": lambda su: dict(avg_fn=su.get_ema_avg_fn(0.9)),
    "ema_multi": lambda su: dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.8)),
    "swa_multi": lambda su: dict(multi_avg_fn=su.get_swa_multi_avg_fn()),
    "swa_fn_buffers": lambda su: dict(avg_fn=su.get_swa_avg_fn(), use_buffers=True),
    "swa_buffers": lambda su: dict(use_buffers=True),
    "ema_multi_buffers": lambda su: dict(multi_avg_fn=su.get_ema_multi_avg_fn(0.7),
                                         use_buffers=True),
}
AVG_UPDATES = 4


def run_averaged(torch, name):
    """AveragedModel over a model whose weights and BatchNorm statistics change between
    update_parameters calls: (state_dict items, eval output of the average, repr)."""
    su = torch.optim.swa_utils
    model = make_model(torch)
    swa = su.AveragedModel(model, **AVG_CASES[name](su))
    rs = np.random.RandomState(11)
    for _ in range(AVG_UPDATES):
        set_weights(torch, model, rs)
        model.train()
        model(torch.tensor(rs.standard_normal((6, 3)).astype("float32")))
        swa.update_parameters(model)
    swa.eval()
    x = torch.tensor(rs.standard_normal((5, 3)).astype("float32"))
    with torch.no_grad():
        out = swa(x)
    return list(swa.state_dict().items()), out, repr(swa)


def run_update_bn(torch, loader_kind):
    """update_bn over a loader of tensors or of (input, target) pairs: the BatchNorm buffers,
    the restored momentum and the restored training flag."""
    model = make_model(torch)
    rs = np.random.RandomState(5)
    model.train()
    for _ in range(3):  # non-trivial statistics to reset
        model(torch.tensor(rs.standard_normal((4, 3)).astype("float32") * 3 + 1))
    model.eval()
    xs = [torch.tensor(rs.standard_normal((n, 3)).astype("float32")) for n in (8, 5, 7)]
    if loader_kind == "pairs":
        loader = [(x, torch.zeros(x.shape[0])) for x in xs]
    else:
        loader = xs
    torch.optim.swa_utils.update_bn(loader, model)
    bn = model[1]
    return ([bn.running_mean, bn.running_var, bn.num_batches_tracked], bn.momentum,
            model.training, bn.training)


SWALR_CASES = {
    "cos": dict(lrs=(0.1, 0.02), kw=dict(swa_lr=0.05, anneal_epochs=5)),
    "linear": dict(lrs=(0.1, 0.3), kw=dict(swa_lr=[0.01, 0.2], anneal_epochs=3,
                                           anneal_strategy="linear")),
    "no_anneal": dict(lrs=(0.2,), kw=dict(swa_lr=0.03, anneal_epochs=0)),
    "one_epoch_cos": dict(lrs=(0.2,), kw=dict(swa_lr=0.04, anneal_epochs=1)),
}
SWALR_STEPS = 9


def run_swalr(torch, name, resume_at=None):
    """The lr of each group after construction and after each of SWALR_STEPS steps; with
    resume_at, the scheduler's state_dict moves into a fresh SWALR at that step."""
    case = SWALR_CASES[name]
    ps = [torch.tensor(np.zeros(2, "float32"), requires_grad=True) for _ in case["lrs"]]
    opt = torch.optim.SGD([{"params": [p], "lr": lr} for p, lr in zip(ps, case["lrs"])])
    sched = torch.optim.swa_utils.SWALR(opt, **case["kw"])
    lrs = [sched.get_last_lr()]
    for i in range(SWALR_STEPS):
        if resume_at is not None and i == resume_at:
            sd = copy.deepcopy(sched.state_dict())
            kw = dict(case["kw"], anneal_epochs=7,
                      anneal_strategy="linear" if case["kw"].get("anneal_strategy", "cos")
                      == "cos" else "cos")  # the loaded state restores both
            sched = torch.optim.swa_utils.SWALR(opt, **kw)
            sched.load_state_dict(sd)
        opt.step()
        sched.step()
        lrs.append(sched.get_last_lr())
    return lrs, [g["swa_lr"] for g in opt.param_groups]


if __name__ == "__main__":
    import torch
    from refutil import record, write

    torch.set_num_threads(1)

    def rec_state(opt):
        out = []
        for idx, k, v in state_items(opt.state_dict()):
            out.append([idx, k, record(v) if isinstance(v, torch.Tensor) else v])
        return {"state": out, "param_groups": plain_groups(opt.state_dict())}

    optimizers = {}
    for seed, case in enumerate(CASES):
        first, params, opt = run_optimizer(torch, case, seed)
        optimizers[case[0]] = {"first": [record(torch.tensor(p)) for p in first],
                               "last": [record(p) for p in params],
                               "state_dict": rec_state(opt)}
    resumed = {}
    for name, how in RESUMED:
        seed, case = next((i, c) for i, c in enumerate(CASES) if c[0] == name)
        params, opt = run_resumed(torch, case, seed)  # save/load and deepcopy agree in torch
        resumed[name] = {"last": [record(p) for p in params], "state_dict": rec_state(opt)}
    trained = {}
    for name in TRAIN_CASES:
        losses, params, averaged_params = run_training(torch, name)
        trained[name] = {"losses": losses, "params": [record(p) for p in params],
                          "averaged": [record(p) for p in averaged_params]}
    reprs = {name: repr(fn(torch)) for name, fn in REPR_CASES.items()}
    errors = {name: run_error(torch, name) for name in ERROR_CASES}
    averaged = {}
    for name in AVG_CASES:
        items, out, text = run_averaged(torch, name)
        averaged[name] = {"state": [[k, record(v)] for k, v in items], "out": record(out),
                          "repr": text}
    update_bn = {}
    for kind in ("tensors", "pairs"):
        bufs, momentum, training, bn_training = run_update_bn(torch, kind)
        update_bn[kind] = {"buffers": [record(b) for b in bufs], "momentum": momentum,
                           "training": training, "bn_training": bn_training}
    swalr = {}
    for name in SWALR_CASES:
        lrs, swa_lrs = run_swalr(torch, name)
        swalr[name] = {"lrs": lrs, "swa_lrs": swa_lrs,
                       "resumed": run_swalr(torch, name, resume_at=2)[0]}
    write("optim_extra", {"optimizers": optimizers, "resumed": resumed, "reprs": reprs,
                          "training": trained,
                          "errors": errors, "averaged": averaged, "update_bn": update_bn, "swalr": swalr,
                          "optim_all": sorted(torch.optim.__all__),
                          "swa_all": list(torch.optim.swa_utils.__all__)})
