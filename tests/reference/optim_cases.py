"""Optimizer and lr-scheduler cases shared by gen_optim.py (real PyTorch) and test_optim.py /
test_lr_scheduler.py (jtorch). Every driver takes the `torch` module to run against, so the
same loop produces the reference and the value under test."""
import math

import numpy as np

STEPS = 20
SHAPES = [(3, 4), (4,), ()]

# (name, optimizer class, kwargs, options)
# options: "skip" - param 1 has no grad on odd steps (PyTorch skips it: its step count lags);
#          "groups" - params split into two groups with per-group options;
#          "lr_change" - lr halved (and weight decay changed) at step 10;
#          "float64" - float64 parameters;  "zero_grad" - zero_grad(set_to_none=False) and a
#          zero gradient (not None) for param 2 on every third step.
OPTIM_CASES = [
    ("sgd", "SGD", dict(lr=0.1), ()),
    ("sgd_momentum", "SGD", dict(lr=0.1, momentum=0.9), ()),
    ("sgd_dampening_wd", "SGD", dict(lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01),
     ()),
    ("sgd_nesterov", "SGD", dict(lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.01), ()),
    ("sgd_maximize", "SGD", dict(lr=0.1, momentum=0.5, maximize=True), ()),
    ("sgd_skip", "SGD", dict(lr=0.1, momentum=0.9), ("skip",)),
    ("sgd_lr_change", "SGD", dict(lr=0.1, momentum=0.9, weight_decay=0.01), ("lr_change",)),
    ("adam", "Adam", dict(lr=0.01), ()),
    ("adam_options", "Adam", dict(lr=0.01, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.1), ()),
    ("adam_amsgrad", "Adam", dict(lr=0.01, amsgrad=True), ()),
    ("adam_maximize_wd", "Adam", dict(lr=0.01, maximize=True, weight_decay=0.01), ()),
    ("adam_decoupled", "Adam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True), ()),
    ("adam_skip", "Adam", dict(lr=0.01), ("skip",)),
    ("adam_groups", "Adam", dict(lr=0.01), ("groups",)),
    ("adam_lr_change", "Adam", dict(lr=0.01, weight_decay=0.01), ("lr_change",)),
    ("adam_float64", "Adam", dict(lr=0.01, amsgrad=True), ("float64",)),
    ("adam_zero_grad", "Adam", dict(lr=0.01), ("zero_grad",)),
    ("adamw", "AdamW", dict(lr=0.01), ()),
    ("adamw_amsgrad", "AdamW", dict(lr=0.01, weight_decay=0.1, amsgrad=True), ()),
    ("rmsprop", "RMSprop", dict(lr=0.01), ()),
    ("rmsprop_centered", "RMSprop", dict(lr=0.01, centered=True), ()),
    ("rmsprop_momentum_wd", "RMSprop", dict(lr=0.01, momentum=0.9, weight_decay=0.01), ()),
    ("rmsprop_all", "RMSprop", dict(lr=0.01, alpha=0.9, centered=True, momentum=0.5,
                                    maximize=True), ()),
    ("rmsprop_float64", "RMSprop", dict(lr=0.01, centered=True), ("float64",)),
    ("adagrad", "Adagrad", dict(lr=0.1), ()),
    ("adagrad_options", "Adagrad", dict(lr=0.1, lr_decay=0.01, weight_decay=0.01,
                                        initial_accumulator_value=0.1), ()),
    ("adagrad_maximize", "Adagrad", dict(lr=0.1, eps=1e-6, maximize=True), ("skip",)),
    ("adadelta", "Adadelta", dict(), ()),
    ("adadelta_options", "Adadelta", dict(lr=0.5, rho=0.8, weight_decay=0.01), ()),
    ("adadelta_maximize", "Adadelta", dict(maximize=True, eps=1e-4), ()),
    ("adamax", "Adamax", dict(lr=0.01), ()),
    ("adamax_options", "Adamax", dict(lr=0.01, betas=(0.8, 0.99), weight_decay=0.01), ()),
    ("adamax_maximize", "Adamax", dict(lr=0.01, maximize=True), ("skip",)),
    ("nadam", "NAdam", dict(lr=0.01), ()),
    ("nadam_wd", "NAdam", dict(lr=0.01, weight_decay=0.01), ()),
    ("nadam_decoupled", "NAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True,
                                      momentum_decay=0.01, maximize=True), ()),
    ("radam", "RAdam", dict(lr=0.01), ()),
    ("radam_wd", "RAdam", dict(lr=0.01, weight_decay=0.01), ("skip",)),
    ("radam_decoupled", "RAdam", dict(lr=0.01, weight_decay=0.1, decoupled_weight_decay=True,
                                      maximize=True), ()),
]


def make_inputs(seed, dtype="float32"):
    """Initial parameter values and a gradient sequence (NumPy, reproducible)."""
    rs = np.random.RandomState(seed)
    params = [np.asarray(rs.standard_normal(size=s)).astype(dtype) for s in SHAPES]
    grads = []
    for t in range(STEPS):
        scale = 1.0 + 0.5 * math.sin(t)
        grads.append([(np.asarray(rs.standard_normal(size=s)) * scale).astype(dtype)
                      for s in SHAPES])
    return params, grads


def run_optimizer(torch, case, seed):
    """Run `case` for STEPS steps; returns (params after step 1 as NumPy arrays, params at the
    end, optimizer)."""
    name, cls, kwargs, options = case
    dtype = "float64" if "float64" in options else "float32"
    init, grads = make_inputs(seed, dtype)
    params = [torch.tensor(a, requires_grad=True) for a in init]
    if "groups" in options:
        groups = [{"params": params[:2]},
                  {"params": params[2:], "lr": 0.05, "betas": (0.5, 0.9), "weight_decay": 0.1}]
        opt = getattr(torch.optim, cls)(groups, **kwargs)
    else:
        opt = getattr(torch.optim, cls)(params, **kwargs)
    first = None
    for t in range(STEPS):
        opt.zero_grad(set_to_none="zero_grad" not in options)
        for i, (p, g) in enumerate(zip(params, grads[t])):
            if "skip" in options and i == 1 and t % 2 == 1:
                continue
            if "zero_grad" in options and i == 2 and t % 3 == 0:
                continue  # keeps the zeroed gradient: a zero step, not a skipped one
            p.grad = torch.tensor(g)
        if "lr_change" in options and t == 10:
            for group in opt.param_groups:
                group["lr"] = group["lr"] * 0.5
                group["weight_decay"] = 0.05
        opt.step()
        if t == 0:  # read now (a copy), so later steps are not recorded with extra ops
            first = [p.detach().numpy().copy() for p in params]
    return first, params, opt


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


# ---- a small model trained through backward() ----------------------------------------------

MODEL_CASES = [
    ("sgd_model", "SGD", dict(lr=0.05, momentum=0.9)),
    ("adam_model", "Adam", dict(lr=0.01)),
    ("rmsprop_model", "RMSprop", dict(lr=0.01, centered=True)),
]


def run_model(torch, case, seed=7):
    """Linear layer + tanh + quadratic loss, gradients by backward(): returns losses, params."""
    name, cls, kwargs = case
    rs = np.random.RandomState(seed)
    w = torch.tensor(rs.standard_normal((3, 5)).astype("float32") * 0.5, requires_grad=True)
    b = torch.tensor(np.zeros(3, "float32"), requires_grad=True)
    x = torch.tensor(rs.standard_normal((16, 5)).astype("float32"))
    y = torch.tensor(rs.standard_normal((16, 3)).astype("float32"))
    opt = getattr(torch.optim, cls)([w, b], **kwargs)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        loss = ((torch.tanh(x @ w.t() + b) - y) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses, [w, b]


# ---- LBFGS -------------------------------------------------------------------------------------

LBFGS_CASES = [
    ("lbfgs", dict(lr=1, max_iter=8)),
    ("lbfgs_history", dict(lr=0.5, max_iter=6, history_size=3)),
    ("lbfgs_wolfe", dict(lr=1, max_iter=6, line_search_fn="strong_wolfe")),
]


def run_lbfgs(torch, case, outer=2):
    """Minimise a 2-D Rosenbrock plus a small quadratic (float64, so the comparison is not
    at the mercy of float32 rounding in the loss); returns (losses, params, opt)."""
    name, kwargs = case
    x = torch.tensor(np.array([-1.2, 1.0], "float64"), requires_grad=True)
    z = torch.tensor(np.array([0.5, -0.3, 0.2], "float64"), requires_grad=True)
    opt = torch.optim.LBFGS([x, z], **kwargs)

    def closure():
        opt.zero_grad()
        loss = (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2 + (z ** 2).sum() * 0.5
        loss.backward()
        return loss

    losses = []
    for _ in range(outer):
        losses.append(opt.step(closure).detach().item())
    return losses, [x, z], opt


# ---- lr schedulers -----------------------------------------------------------------------------

SCHED_STEPS = 100


def _opt(torch, lrs=(0.1,), cls="SGD", **kw):
    ps = [torch.tensor(np.zeros(2, "float32"), requires_grad=True) for _ in lrs]
    groups = [{"params": [p], "lr": lr} for p, lr in zip(ps, lrs)]
    return getattr(torch.optim, cls)(groups, **kw)


def _lambda(e):
    return 0.95 ** e


def _mult(e):
    return 0.97 if e % 3 else 1.01


def _make(torch, name):
    S = torch.optim.lr_scheduler
    if name == "lambda":
        o = _opt(torch, (0.1, 0.05))
        return o, S.LambdaLR(o, [_lambda, lambda e: 1.0 / (1 + e)])
    if name == "multiplicative":
        o = _opt(torch)
        return o, S.MultiplicativeLR(o, _mult)
    if name == "step":
        o = _opt(torch, (0.1, 0.02))
        return o, S.StepLR(o, step_size=7, gamma=0.5)
    if name == "multistep":
        o = _opt(torch)
        return o, S.MultiStepLR(o, milestones=[10, 30, 30, 75], gamma=0.3)
    if name == "constant":
        o = _opt(torch)
        return o, S.ConstantLR(o, factor=0.25, total_iters=12)
    if name == "linear":
        o = _opt(torch, (0.1, 0.3))
        return o, S.LinearLR(o, start_factor=0.2, end_factor=0.9, total_iters=40)
    if name == "exponential":
        o = _opt(torch)
        return o, S.ExponentialLR(o, gamma=0.97)
    if name == "polynomial":
        o = _opt(torch)
        return o, S.PolynomialLR(o, total_iters=60, power=2.0)
    if name == "cosine":
        o = _opt(torch, (0.1, 0.01))
        return o, S.CosineAnnealingLR(o, T_max=30, eta_min=0.001)
    if name == "cosine_restarts":
        o = _opt(torch)
        return o, S.CosineAnnealingWarmRestarts(o, T_0=10, T_mult=2, eta_min=1e-4)
    if name == "cyclic_triangular":
        o = _opt(torch, cls="SGD", momentum=0.9)
        return o, S.CyclicLR(o, base_lr=0.01, max_lr=0.1, step_size_up=7, step_size_down=5)
    if name == "cyclic_triangular2":
        o = _opt(torch, (0.1, 0.1), cls="SGD", momentum=0.9)
        return o, S.CyclicLR(o, base_lr=[0.01, 0.02], max_lr=0.1, step_size_up=6,
                             mode="triangular2", cycle_momentum=False)
    if name == "cyclic_exp_range":
        o = _opt(torch, cls="Adam")
        return o, S.CyclicLR(o, base_lr=0.001, max_lr=0.01, step_size_up=10, mode="exp_range",
                             gamma=0.98, base_momentum=0.85, max_momentum=0.95)
    if name == "onecycle":
        o = _opt(torch, cls="SGD", momentum=0.9)
        return o, S.OneCycleLR(o, max_lr=0.1, total_steps=SCHED_STEPS + 1)
    if name == "onecycle_linear_three":
        o = _opt(torch, (0.1, 0.1), cls="Adam")
        return o, S.OneCycleLR(o, max_lr=[0.1, 0.05], epochs=11, steps_per_epoch=10,
                               anneal_strategy="linear", three_phase=True, pct_start=0.25)
    if name == "sequential":
        o = _opt(torch)
        s1 = S.LinearLR(o, start_factor=0.1, total_iters=10)
        s2 = S.ExponentialLR(o, gamma=0.95)
        s3 = S.StepLR(o, step_size=10, gamma=0.5)
        return o, S.SequentialLR(o, schedulers=[s1, s2, s3], milestones=[10, 50])
    if name == "chained":
        o = _opt(torch)
        s1 = S.ConstantLR(o, factor=0.5, total_iters=5)
        s2 = S.ExponentialLR(o, gamma=0.98)
        s3 = S.MultiStepLR(o, milestones=[40, 70], gamma=0.2)
        return o, S.ChainedScheduler([s1, s2, s3])
    raise KeyError(name)


SCHED_CASES = ["lambda", "multiplicative", "step", "multistep", "constant", "linear",
               "exponential", "polynomial", "cosine", "cosine_restarts", "cyclic_triangular",
               "cyclic_triangular2", "cyclic_exp_range", "onecycle", "onecycle_linear_three",
               "sequential", "chained"]


def run_scheduler(torch, name):
    """lrs (and momentum / beta1 where the schedule cycles it) for SCHED_STEPS steps."""
    opt, sched = _make(torch, name)
    lrs, moms = [], []

    def record():
        lrs.append([float(g["lr"]) for g in opt.param_groups])
        moms.append([float(g["betas"][0]) if "betas" in g else float(g.get("momentum", 0))
                     for g in opt.param_groups])
        assert [float(x) for x in sched.get_last_lr()] == lrs[-1]

    record()
    for _ in range(SCHED_STEPS):
        opt.step()
        sched.step()
        record()
    return lrs, moms


PLATEAU_CASES = [
    ("plateau_min_rel", dict()),
    ("plateau_max_abs", dict(mode="max", threshold_mode="abs", threshold=0.05, patience=3,
                             factor=0.5, cooldown=2)),
    ("plateau_min_lr", dict(patience=2, factor=0.3, min_lr=[0.02, 0.001], eps=1e-3)),
]


def plateau_metrics(n=SCHED_STEPS):
    """A noisy decreasing-then-flat metric sequence."""
    rs = np.random.RandomState(3)
    return [float(max(1.0 - 0.05 * i, 0.3) + 0.02 * rs.standard_normal()) for i in range(n)]


def run_plateau(torch, case):
    name, kwargs = case
    opt = _opt(torch, (0.1, 0.05))
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    metrics = plateau_metrics()
    if kwargs.get("mode") == "max":
        metrics = [-m for m in metrics]
    lrs = []
    for m in metrics:
        opt.step()
        sched.step(m)
        lrs.append([float(g["lr"]) for g in opt.param_groups])
    return lrs


# ---- the seeds' training loops (plain tensors; the models the seeds build with nn) -----------

SEED_LOOPS = ["linreg_adam", "linreg_sgd", "logreg_sgd", "mlp_adam"]


def run_seed_loop(torch, name):
    """Losses of the seeds' loops: linear regression (Adam lr=0.1, full batch, 200 epochs as in
    the seed; SGD, mini-batches), logistic regression (SGD lr=2, batches of 3), a small MLP
    classifier (Adam); the shorter ones run fewer epochs than their seeds."""
    rs = np.random.RandomState({"linreg_adam": 11, "linreg_sgd": 12, "logreg_sgd": 13,
                                "mlp_adam": 14}[name])
    T = lambda a: torch.tensor(np.asarray(a, "float32"))  # noqa: E731
    P = lambda a: torch.tensor(np.asarray(a, "float32"), requires_grad=True)  # noqa: E731
    losses = []
    if name == "linreg_adam":  # y = 3x + 2 + 2 * noise, 200 epochs of Adam(lr=0.1)
        X = np.linspace(0, 10, 100, dtype="float32").reshape(-1, 1)
        x, y = T(X), T(3 * X + 2 + rs.standard_normal((100, 1)) * 2)
        w, b = P(rs.uniform(-1, 1, (1, 1))), P(rs.uniform(-1, 1, (1,)))
        opt = torch.optim.Adam([w, b], lr=0.1)
        for _ in range(200):
            loss = ((x @ w.t() + b - y) ** 2).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
    elif name == "linreg_sgd":  # 3 features, batches of 10, SGD(lr=0.01)
        X = rs.standard_normal((100, 3))
        Y = X @ np.array([[2.0], [-3.4], [1.5]]) + 4.2 + 0.01 * rs.standard_normal((100, 1))
        w, b = P(rs.uniform(-0.5, 0.5, (1, 3))), P(np.zeros(1))
        opt = torch.optim.SGD([w, b], lr=0.01)
        for _ in range(5):
            for i in range(0, 100, 10):
                x, y = T(X[i:i + 10]), T(Y[i:i + 10])
                loss = ((x @ w.t() + b - y) ** 2).mean()
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
    elif name == "logreg_sgd":  # sigmoid(w x + b), hand-written BCE, SGD(lr=2)
        X = np.arange(-1, 1, 0.1, dtype="float32").reshape(-1, 1)
        Y = (X > 0.2).astype("float32")
        w, b = P(rs.uniform(-1, 1, (1, 1))), P(rs.uniform(-1, 1, (1,)))
        opt = torch.optim.SGD([w, b], lr=2)
        for _ in range(10):
            for i in range(0, 20, 3):
                x, y = T(X[i:i + 3]), T(Y[i:i + 3])
                yhat = torch.sigmoid(x @ w.t() + b)
                loss = -1 * torch.mean(y * torch.log(yhat) + (1 - y) * torch.log(1 - yhat))
                opt.zero_grad()
                loss.backward()
                opt.step()
                losses.append(loss.item())
    elif name == "mlp_adam":  # 8 -> 16 -> 3 with ReLU, cross-entropy, Adam(lr=0.01)
        X = rs.standard_normal((64, 8))
        labels = np.argmax(X[:, :3] + 0.3 * rs.standard_normal((64, 3)), axis=1)
        x, y = T(X), torch.tensor(labels.astype("int64"))
        w1, b1 = P(rs.uniform(-0.35, 0.35, (16, 8))), P(rs.uniform(-0.35, 0.35, (16,)))
        w2, b2 = P(rs.uniform(-0.25, 0.25, (3, 16))), P(rs.uniform(-0.25, 0.25, (3,)))
        opt = torch.optim.Adam([w1, b1, w2, b2], lr=0.01)
        for _ in range(60):
            logits = torch.relu(x @ w1.t() + b1) @ w2.t() + b2
            picked = logits.gather(1, y.reshape(-1, 1)).reshape(-1)
            loss = (torch.logsumexp(logits, 1) - picked).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(loss.item())
    return losses


CLOSED_FORM_CASES = ["step", "multistep", "constant", "linear", "exponential", "polynomial",
                     "cosine", "cosine_restarts"]
CLOSED_FORM_EPOCHS = [3, 10, 25, 7, 0, 60, 31]


def run_closed_form(torch, name):
    """lrs after step(epoch) calls (the deprecated epoch argument selects the closed form)."""
    import warnings
    opt, sched = _make(torch, name)
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for e in CLOSED_FORM_EPOCHS:
            opt.step()
            sched.step(e)
            out.append([float(g["lr"]) for g in opt.param_groups])
    return out
