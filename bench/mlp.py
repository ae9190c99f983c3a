"""Benchmark: whole training steps of small models — jtorch vs hand-written JAX+optax vs PyTorch.

Run: python bench/mlp.py [--quick] [--cuda] [mlp|linreg_tiny ...]  (--cuda: all on the GPU)
With JTORCH_CACHE_DIR=/some/dir, compiled programs persist across runs (JAX's persistent
compilation cache): run twice and compare the "first step" column.

- `mlp`: 784-512-256-10, ReLU, Dropout(0.2), CrossEntropyLoss, Adam(1e-3), batch 64 and 512.
- `linreg_tiny`: Linear(1, 1), MSELoss, SGD(0.01), batch 1 — all per-step overhead.

Contenders, timed in one process and interleaved (best of several rounds):
- `loop`: the unchanged PyTorch-style loop with `import jtorch as torch`:
  `opt.zero_grad(); loss = crit(model(x), y); loss.backward(); opt.step()`.
- `compiled`: the same step wrapped in `jtorch.compile`. It is straight-line, so from its third
  call it replays its cached program without running its Python (jtorch/compiler/_replay.py);
  the run ends by printing `jtorch.compiler.replay_log()`.
- `loop/tf`, `compiled/tf` (mlp): the same, with dropout masks drawn by JAX's threefry inside
  the program (`jtorch.runtime.config["dropout_stream"] = "threefry"`) instead of PyTorch's
  own CPU stream drawn on the host (the default: PyTorch's numbers, at PyTorch's cost).
- `jax`: a hand-written JAX+optax step under one `jax.jit` with parameters and optimizer state
  donated — the reference the ratios are taken against.
- `torch`: PyTorch eager, when torch is installed.
Each step ends with the new parameters ready (jtorch's `opt.step()` is a sync point; the JAX
step is followed by `block_until_ready`). First-step times include compilation. The
`pipelined` column runs the same steps back to back and waits once at the end, as a training
loop that does not read a value every step runs: JAX's asynchronous dispatch lets Python
record (jtorch) or dispatch (JAX) the next step while the last one computes.
"""
import sys
import time

import numpy as np

import jax
import jax.numpy as jnp
import optax

import jtorch
import jtorch.nn as jnn
import jtorch.optim as joptim
from _target import DEVICE, put, torch_sync

try:
    import torch
    torch.set_num_threads(2)
except ImportError:
    torch = None


def _mlp(nn):
    return nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Dropout(0.2), nn.Linear(512, 256),
                         nn.ReLU(), nn.Dropout(0.2), nn.Linear(256, 10))


CASES = {
    # name: (model builder, input shape, classes (None: regression), optimizer)
    "mlp": (_mlp, (784,), 10, "adam"),
    "linreg_tiny": (lambda nn: nn.Linear(1, 1), (1,), None, "sgd"),
}


def _data(case, batch):
    _, shape, classes, _ = CASES[case]
    rs = np.random.RandomState(0)
    x = rs.standard_normal((batch,) + shape).astype(np.float32)
    if classes is None:
        y = rs.standard_normal((batch, 1)).astype(np.float32)
    else:
        y = rs.randint(0, classes, batch).astype(np.int64)
    return x, y


def jtorch_steps(case, x, y):
    build, _, classes, opt_name = CASES[case]
    jtorch.manual_seed(0)
    model = build(jnn).to(DEVICE)
    crit = jnn.MSELoss() if classes is None else jnn.CrossEntropyLoss()
    opt = joptim.Adam(model.parameters(), 1e-3) if opt_name == "adam" else \
        joptim.SGD(model.parameters(), 0.01)
    xt, yt = jtorch.tensor(x, device=DEVICE), jtorch.tensor(y, device=DEVICE)
    last = list(model.parameters())[-1]

    def step():
        opt.zero_grad()
        loss = crit(model(xt), yt)
        loss.backward()
        opt.step()
        return loss

    def ready():
        jax.block_until_ready(last._array())  # the update has run, as in PyTorch eager

    out = {"loop": (step, ready)}
    if hasattr(jtorch, "compile"):
        out["compiled"] = (jtorch.compile(step), ready)
    if case == "mlp":
        # the same loop with dropout masks drawn by threefry inside the program instead of
        # PyTorch's CPU stream on the host (jtorch.runtime.config["dropout_stream"])
        def with_threefry(fn):
            def run():
                saved = cfg["dropout_stream"]
                cfg["dropout_stream"] = "threefry"
                try:
                    return fn()
                finally:
                    cfg["dropout_stream"] = saved
            return run
        cfg = jtorch.runtime.config
        out["loop/tf"] = (with_threefry(step), ready)
        out["compiled/tf"] = (with_threefry(jtorch.compile(step)), ready)
    return out


def jax_step(case, x, y):
    """The hand-written reference: one jitted step, parameters and optimizer state donated."""
    build, shape, classes, opt_name = CASES[case]
    sizes = [784, 512, 256, 10] if case == "mlp" else [1, 1]
    key = jax.random.PRNGKey(0)
    params = []
    for i, o in zip(sizes[:-1], sizes[1:]):
        key, k1, k2 = jax.random.split(key, 3)
        b = 1 / np.sqrt(i)
        params.append((jax.random.uniform(k1, (i, o), jnp.float32, -b, b),
                       jax.random.uniform(k2, (o,), jnp.float32, -b, b)))
    tx = optax.adam(1e-3) if opt_name == "adam" else optax.sgd(0.01)
    params = put(params)
    state = [params, tx.init(params), put(jax.random.PRNGKey(1))]
    dropout = case == "mlp"

    def loss_fn(ps, xb, yb, k):
        h = xb
        for i, (w, b) in enumerate(ps):
            h = h @ w + b
            if i < len(ps) - 1:
                h = jax.nn.relu(h)
                if dropout:
                    k, sub = jax.random.split(k)
                    keep = jax.random.bernoulli(sub, 0.8, h.shape)
                    h = jnp.where(keep, h / 0.8, 0)
        if classes is None:
            return jnp.mean((h - yb) ** 2)
        return optax.softmax_cross_entropy_with_integer_labels(h, yb).mean()

    def step_fn(ps, st, k, xb, yb):
        k, sub = jax.random.split(k)
        loss, g = jax.value_and_grad(loss_fn)(ps, xb, yb, sub)
        u, st = tx.update(g, st, ps)
        return optax.apply_updates(ps, u), st, k, loss

    jstep = jax.jit(step_fn, donate_argnums=(0, 1, 2))
    xj, yj = put(jnp.asarray(x)), put(jnp.asarray(y))

    def step():
        state[0], state[1], state[2], loss = jstep(state[0], state[1], state[2], xj, yj)
        return loss

    def ready():
        jax.block_until_ready(state[0])
    return step, ready


def torch_step(case, x, y):
    build, _, classes, opt_name = CASES[case]
    torch.manual_seed(0)
    model = build(torch.nn).to(DEVICE)
    crit = torch.nn.MSELoss() if classes is None else torch.nn.CrossEntropyLoss()
    opt = torch.optim.Adam(model.parameters(), 1e-3) if opt_name == "adam" else \
        torch.optim.SGD(model.parameters(), 0.01)
    xt, yt = torch.tensor(x, device=DEVICE), torch.tensor(y, device=DEVICE)

    def step():
        opt.zero_grad()
        loss = crit(model(xt), yt)
        loss.backward()
        opt.step()
        return loss
    return step, torch_sync(torch)  # CPU eager: each step has run when it returns


def per_step_us(step, ready, number, pipelined=False):
    """µs per step: each step waited for (blocked), or `number` steps dispatched back to
    back and waited for once (pipelined: Python records the next step while the last runs)."""
    t = time.perf_counter()
    for _ in range(number):
        step()
        if not pipelined:
            ready()
    ready()
    return (time.perf_counter() - t) / number * 1e6


def bench(case, batch, number, rounds):
    x, y = _data(case, batch)
    contenders = jtorch_steps(case, x, y)
    contenders["jax"] = jax_step(case, x, y)
    if torch is not None:
        contenders["torch"] = torch_step(case, x, y)
    first = {}
    for k, (step, ready) in contenders.items():
        t = time.perf_counter()
        step()
        ready()
        first[k] = time.perf_counter() - t
        for _ in range(4):  # warm up: the loop fuses after its first steps
            step()
            ready()
    best = {k: float("inf") for k in contenders}
    piped = {k: float("inf") for k in contenders}
    for _ in range(rounds):
        for k, (step, ready) in contenders.items():
            best[k] = min(best[k], per_step_us(step, ready, number))
            piped[k] = min(piped[k], per_step_us(step, ready, number, pipelined=True))
    print(f"\n{case}, batch {batch}: µs/step, steps/s, ratio of steps/s to jax (and torch); "
          "each step waited for, then (pipelined) steps waited for once per round")
    for k, us in best.items():
        line = f"  {k:9s} {us:10.1f} µs {1e6 / us:9.1f}/s  x{best['jax'] / us:5.2f} jax"
        if "torch" in best:
            line += f"  x{best['torch'] / us:5.2f} torch"
        line += f"   first step {first[k] * 1e3:8.1f} ms"
        line += f"   | pipelined {piped[k]:9.1f} µs x{piped['jax'] / piped[k]:5.2f} jax"
        print(line)
    return best


def main():
    quick = "--quick" in sys.argv
    cases = [a for a in sys.argv[1:] if not a.startswith("--")] or list(CASES)
    print(f"jax {jax.__version__}, all contenders on {DEVICE}; torch: "
          f"{torch.__version__ if torch else 'not installed'}; persistent cache: "
          f"{jax.config.jax_compilation_cache_dir or 'off'}")
    for case in cases:
        if case == "mlp":
            bench("mlp", 64, 20 if quick else 100, 3 if quick else 5)
            bench("mlp", 512, 5 if quick else 30, 3 if quick else 5)
        else:
            bench(case, 1, 200 if quick else 2000, 3 if quick else 5)
    s = jtorch.runtime.stats
    for line in dict.fromkeys(jtorch.compiler.replay_log()):
        print(line)
    print(f"\njtorch programs compiled: {s['programs']}, fused runs: {s['fused_runs']}, "
          f"replays: {s['replays']}, "
          f"op-by-op runs: {s['op_by_op_runs']}")


if __name__ == "__main__":
    main()
