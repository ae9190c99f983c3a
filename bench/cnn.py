"""Benchmark: a small CNN's whole training step — jtorch vs hand-written JAX+optax vs PyTorch.

Run: python bench/cnn.py [--quick]

Model (batch 64, 1x28x28 inputs, 10 classes): Conv2d(1, 32, 3) - ReLU - Conv2d(32, 64, 3) - ReLU -
MaxPool2d(2) - Flatten - Linear(9216, 128) - ReLU - Linear(128, 10), CrossEntropyLoss,
SGD(lr=0.01, momentum=0.9). One fixed random batch is used for every step.

Contenders, timed in one process and interleaved (best of several rounds, which resists noise
from other processes on a shared machine):
- `loop`: the unchanged PyTorch-style loop with `import jtorch as torch`:
  `opt.zero_grad(); loss = crit(model(x), y); loss.backward(); opt.step()`.
- `compiled`: the same step wrapped in `jtorch.compile` ('n/a' when jtorch has no compile).
- `jax`: a hand-written JAX+optax step under one `jax.jit`, parameters and optimizer state
  donated; NCHW/OIHW `lax.conv_general_dilated` and the 2x2 max-pool as a reshape and three
  selects (the fastest pool found for XLA CPU) — the reference the ratios are taken against.
- `jax-max`: the same with the pool written as reshape + max, for comparison (on XLA CPU that
  max is a reduction, which YNNPACK's reduction fusions run slowly; `lax.reduce_window` is slower
  still, mostly in its gradient).
- `torch`: PyTorch eager with 2 threads, when torch is installed.
All of them start from the same initial parameters (jtorch's PyTorch-style init, copied), so their
first losses agree (printed as a check). Each timed step ends with the new parameters ready
(jtorch's `opt.step()` is a sync point; the JAX step is followed by `block_until_ready`).
"first step" includes tracing and compilation; jtorch's loop compiles its fused program over its
first few steps, so "first 5" (the first five steps together) is shown too.

XLA's CPU options are whatever this process starts with: jtorch sets its CPU default
(jtorch/_xla_flags.py) at import unless XLA_FLAGS already names that option; the line printed
first says what is in effect. The JAX reference runs in the same process, under the same options.

Measured here (2-core Xeon shared with other jobs, jaxlib 0.10.2, torch 2.13; steps/s, best of
two full runs; the machine's load moved between runs, so compare within a line):

    XLA_FLAGS ynn_fusion_type       loop  compiled   jax  jax-max  torch
    -individual_convolution (*)    14.2     13.4    14.7     9.4   15.4
    +individual_dot (XLA default)   6.5      6.4     7.1     5.7   23.5
    (empty: YNNPACK off)           15.4     15.1    15.7    13.1   17.8
    (*) jtorch's default. First step: loop 1.5-2.7 s, compiled 2.2 s, jax 1.2-2.0 s, torch 0.3 s.
"""
import os
import sys
import time

import numpy as np

import jtorch  # first: jtorch's XLA CPU options must be set before JAX starts its backend
import jtorch.nn as jnn
import jtorch.optim as joptim
from _target import DEVICE, put, torch_sync

import jax
import jax.numpy as jnp
import optax

try:
    import torch
    torch.set_num_threads(2)
except ImportError:
    torch = None

BATCH = 64
_FLAG = "xla_cpu_experimental_ynn_fusion_type"


def _cnn(nn):
    return nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.Conv2d(32, 64, 3), nn.ReLU(),
                         nn.MaxPool2d(2), nn.Flatten(), nn.Linear(9216, 128), nn.ReLU(),
                         nn.Linear(128, 10))


def _data():
    rs = np.random.RandomState(0)
    x = rs.standard_normal((BATCH, 1, 28, 28)).astype(np.float32)
    y = rs.randint(0, 10, BATCH).astype(np.int64)
    return x, y


def jtorch_steps(x, y):
    jtorch.manual_seed(0)
    model = _cnn(jnn).to(DEVICE)
    init = {k: v.detach().cpu().numpy().copy() for k, v in model.state_dict().items()}
    crit = jnn.CrossEntropyLoss()
    opt = joptim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xt, yt = jtorch.tensor(x, device=DEVICE), jtorch.tensor(y, device=DEVICE)
    last = list(model.parameters())[-1]

    def step():
        opt.zero_grad()
        loss = crit(model(xt), yt)
        loss.backward()
        opt.step()
        return loss

    def loop():
        loss = step()
        jax.block_until_ready(last._array())  # the update has run, as in PyTorch eager
        return loss

    out = {"loop": loop}
    if hasattr(jtorch, "compile"):
        jtorch.manual_seed(0)
        cmodel = _cnn(jnn).to(DEVICE)
        cmodel.load_state_dict({k: jtorch.tensor(v) for k, v in init.items()})
        copt = joptim.SGD(cmodel.parameters(), lr=0.01, momentum=0.9)
        clast = list(cmodel.parameters())[-1]

        @jtorch.compile
        def cstep():
            copt.zero_grad()
            loss = crit(cmodel(xt), yt)
            loss.backward()
            copt.step()
            return loss

        def compiled_loop():
            loss = cstep()
            jax.block_until_ready(clast._array())
            return loss
        out["compiled"] = compiled_loop
    return out, init


def _pool2_select(h):
    """2x2 max-pool as three selects over the window's four elements (the fastest lowering
    measured on XLA CPU; its gradient goes to one element, as PyTorch's)."""
    n, c, hh, ww = h.shape
    h6 = h.reshape(n, c, hh // 2, 2, ww // 2, 2)
    best = h6[:, :, :, 0, :, 0]
    for a, b in ((0, 1), (1, 0), (1, 1)):
        v = h6[:, :, :, a, :, b]
        best = jnp.where(v > best, v, best)
    return best


def _pool2_max(h):
    """2x2 max-pool as reshape + max (a reduction: XLA CPU's YNNPACK reductions run it slowly)."""
    n, c, hh, ww = h.shape
    return h.reshape(n, c, hh // 2, 2, ww // 2, 2).max(axis=(3, 5))


def jax_step(x, y, init, pool=_pool2_select):
    """The hand-written reference: one jitted step, parameters and optimizer state donated."""
    f32 = jnp.float32
    ps = put({k: jnp.asarray(v, f32) for k, v in init.items()})
    dn = ("NCHW", "OIHW", "NCHW")

    def forward(p, xb):
        h = jax.lax.conv_general_dilated(xb, p["0.weight"], (1, 1), "VALID",
                                         dimension_numbers=dn)
        h = jax.nn.relu(h + p["0.bias"][None, :, None, None])
        h = jax.lax.conv_general_dilated(h, p["2.weight"], (1, 1), "VALID",
                                         dimension_numbers=dn)
        h = jax.nn.relu(h + p["2.bias"][None, :, None, None])
        h = pool(h).reshape(xb.shape[0], -1)
        h = jax.nn.relu(h @ p["6.weight"].T + p["6.bias"])
        return h @ p["8.weight"].T + p["8.bias"]

    def loss_fn(p, xb, yb):
        return optax.softmax_cross_entropy_with_integer_labels(forward(p, xb), yb).mean()

    tx = optax.sgd(0.01, momentum=0.9)
    state = [ps, tx.init(ps)]

    def step_fn(p, st, xb, yb):
        loss, g = jax.value_and_grad(loss_fn)(p, xb, yb)
        u, st = tx.update(g, st, p)
        return optax.apply_updates(p, u), st, loss

    jstep = jax.jit(step_fn, donate_argnums=(0, 1))
    xj, yj = put(jnp.asarray(x)), put(jnp.asarray(y, jnp.int32))

    def step():
        state[0], state[1], loss = jstep(state[0], state[1], xj, yj)
        jax.block_until_ready(state[0])
        return loss
    return step


def torch_step(x, y, init):
    model = _cnn(torch.nn).to(DEVICE)
    model.load_state_dict({k: torch.tensor(v) for k, v in init.items()})
    crit = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    xt, yt = torch.tensor(x, device=DEVICE), torch.tensor(y, device=DEVICE)
    sync = torch_sync(torch)

    def step():
        opt.zero_grad()
        loss = crit(model(xt), yt)
        loss.backward()
        opt.step()
        sync()
        return loss
    return step


def per_step_s(fn, number):
    t = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - t) / number


def bench(number, rounds):
    x, y = _data()
    contenders, init = jtorch_steps(x, y)
    contenders["jax"] = jax_step(x, y, init)
    contenders["jax-max"] = jax_step(x, y, init, _pool2_max)
    if torch is not None:
        contenders["torch"] = torch_step(x, y, init)
    first, first5, loss0 = {}, {}, {}
    for k, fn in contenders.items():
        t = time.perf_counter()
        loss0[k] = fn().item()
        first[k] = time.perf_counter() - t
        for _ in range(4):  # warm up: the loop fuses after its first steps
            fn()
        first5[k] = time.perf_counter() - t
    best = {k: float("inf") for k in contenders}
    for _ in range(rounds):
        for k, fn in contenders.items():
            best[k] = min(best[k], per_step_s(fn, number))
    print(f"\ncnn, batch {BATCH}: steps/s, ms/step, ratio of steps/s to jax (and torch); "
          "first-step loss")
    rows = list(contenders)
    if "compiled" not in contenders:
        rows.insert(1, "compiled")
    for k in rows:
        if k not in best:
            print(f"  {k:9s}      n/a (jtorch has no compile)")
            continue
        s = best[k]
        line = f"  {k:9s} {1 / s:8.2f}/s {s * 1e3:8.1f} ms  x{best['jax'] / s:5.2f} jax"
        if "torch" in best:
            line += f"  x{best['torch'] / s:5.2f} torch"
        print(line + f"   first step {first[k]:6.2f} s, first 5 {first5[k]:6.2f} s"
                     f"   loss {loss0[k]:.6f}")
    return best


def main():
    quick = "--quick" in sys.argv
    print(f"jax {jax.__version__}, all contenders on {DEVICE}; torch: "
          f"{torch.__version__ if torch else 'not installed'}; "
          f"XLA_FLAGS={os.environ.get('XLA_FLAGS', '')!r}")
    if _FLAG not in os.environ.get("XLA_FLAGS", ""):
        print(f"  (jtorch's XLA CPU default {_FLAG} is not in effect: XLA's own default runs)")
    bench(3 if quick else 10, 3 if quick else 7)
    s = jtorch.runtime.stats
    print(f"\njtorch programs compiled: {s['programs']}, fused runs: {s['fused_runs']}, "
          f"op-by-op runs: {s['op_by_op_runs']}")


if __name__ == "__main__":
    main()
