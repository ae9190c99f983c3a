"""Benchmark: eager-style op costs, jtorch vs raw JAX (eager jnp and pre-jitted) vs PyTorch.

Run: python bench/eager_ops.py [--quick]
Everything is measured in this one process run and printed as µs and ratios (jtorch time /
reference time: below 1.0 means jtorch is faster). PyTorch columns appear when torch is
installed.
"""
import sys
import time

import numpy as np

import jtorch

try:
    import torch
except ImportError:  # PyTorch is optional: a reference, never a dependency
    torch = None
import jax
import jax.numpy as jnp

QUICK = "--quick" in sys.argv


def timeit(fn, repeat=None, min_time=0.2):
    """Median µs per call of fn over several timed batches, after warm-up."""
    for _ in range(3):
        fn()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t
        if dt > min_time / 5 or n > 1_000_000:
            break
        n *= 2
    samples = []
    for _ in range(repeat or (3 if QUICK else 7)):
        t = time.perf_counter()
        for _ in range(n):
            fn()
        samples.append((time.perf_counter() - t) / n * 1e6)
    return float(np.median(samples))


def block(x):
    return x.block_until_ready()


rows = []


def report(name, jt, refs):
    rows.append((name, jt, refs))
    parts = [f"{name:<44} jtorch {jt:9.2f} µs"]
    for ref_name, v in refs.items():
        if v is not None:
            parts.append(f"{ref_name} {v:9.2f} µs (ratio {jt / v:5.2f})")
    print(" | ".join(parts), flush=True)


def bench_record():
    a, b = jtorch.ones(16), jtorch.ones(16)
    jtorch.sync()

    def rec():
        for _ in range(100):
            a + b
    jt = timeit(rec) / 100
    jtorch.sync()
    ja, jb = jnp.ones(16, jnp.float32), jnp.ones(16, jnp.float32)
    eager = timeit(lambda: ja + jb)
    ref = {"jnp eager dispatch": eager}
    if torch is not None:
        ta, tb = torch.ones(16), torch.ones(16)
        ref["torch eager op"] = timeit(lambda: ta + tb)
    report("record one op (a + b, not run)", jt, ref)


def bench_add_item():
    a, b = jtorch.ones(16), jtorch.ones(16)

    def jt():
        c = a + b
        return c[0].item()
    t_jt = timeit(jt)
    ja, jb = jnp.ones(16, jnp.float32), jnp.ones(16, jnp.float32)
    f = jax.jit(lambda x, y: (x + y)[0])
    ref = {"jnp eager": timeit(lambda: float((ja + jb)[0])),
           "jax.jit": timeit(lambda: float(f(ja, jb)))}
    if torch is not None:
        ta, tb = torch.ones(16), torch.ones(16)
        ref["torch"] = timeit(lambda: (ta + tb)[0].item())
    report("c = a + b; c[0].item() on (16,) f32", t_jt, ref)


def _chain(x, lib):
    y = x
    for i in range(5):
        y = y * 1.01
        y = y + 0.5
        y = lib.tanh(y) if lib is not None else y.tanh()
        y = y - 0.1
    return y


def bench_chain():
    x = jtorch.linspace(-1, 1, 1000)

    def jt():
        return _chain(x, None).sum().item()
    t_jt = timeit(jt)
    jx = jnp.linspace(-1, 1, 1000, dtype=jnp.float32)
    f = jax.jit(lambda v: _chain(v, jnp).sum())
    ref = {"jnp eager": timeit(lambda: float(_chain(jx, jnp).sum())),
           "jax.jit": timeit(lambda: float(f(jx)))}
    if torch is not None:
        tx = torch.linspace(-1, 1, 1000)
        ref["torch"] = timeit(lambda: _chain(tx, torch).sum().item())
    report("20-op chain on (1000,) f32, materialised", t_jt, ref)


def _arith_chain(x):
    y = x
    for i in range(5):
        y = y * 1.01
        y = y + 0.5
        y = y / 1.02
        y = y - 0.1
    return y


def bench_arith_chain():
    """20 arithmetic ops (no transcendental): isolates fusion from XLA's CPU tanh cost."""
    x = jtorch.linspace(-1, 1, 1000)
    t_jt = timeit(lambda: _arith_chain(x).sum().item())
    jx = jnp.linspace(-1, 1, 1000, dtype=jnp.float32)
    f = jax.jit(lambda v: _arith_chain(v).sum())
    ref = {"jnp eager": timeit(lambda: float(_arith_chain(jx).sum())),
           "jax.jit": timeit(lambda: float(f(jx)))}
    if torch is not None:
        tx = torch.linspace(-1, 1, 1000)
        ref["torch"] = timeit(lambda: _arith_chain(tx).sum().item())
    report("20-op arithmetic chain (1000,) f32", t_jt, ref)


def bench_matmul():
    if "matmul" not in jtorch.Tensor.__dict__:
        print("a @ b: matmul not available yet")
        return
    a, b = jtorch.ones(64, 64), jtorch.ones(64, 64)
    t_jt = timeit(lambda: (a @ b).sum().item())
    ja, jb = jnp.ones((64, 64), jnp.float32), jnp.ones((64, 64), jnp.float32)
    f = jax.jit(lambda x, y: (x @ y).sum())
    ref = {"jnp eager": timeit(lambda: float((ja @ jb).sum())),
           "jax.jit": timeit(lambda: float(f(ja, jb)))}
    if torch is not None:
        ta, tb = torch.ones(64, 64), torch.ones(64, 64)
        ref["torch"] = timeit(lambda: (ta @ tb).sum().item())
    report("(a @ b).sum().item() on 64x64 f32", t_jt, ref)


def bench_zeros():
    t_rec = timeit(lambda: jtorch.zeros(16))
    jtorch.sync()
    t_jt = timeit(lambda: jtorch.zeros(16)[0].item())
    ref = {"jnp eager": timeit(lambda: block(jnp.zeros(16, jnp.float32)))}
    if torch is not None:
        ref["torch"] = timeit(lambda: torch.zeros(16))
    report("torch.zeros(16) recorded", t_rec, ref)
    report("torch.zeros(16)[0].item() materialised", t_jt, ref)


def bench_loop():
    """The same small loop body run 100 times: op by op at first, then compiled once and run
    as one cached program per iteration. Reports the programs compiled, how many iterations ran
    fused, the first iteration's cost and the steady-state µs per iteration."""
    w = jtorch.ones(32) * 0.5
    x = jtorch.linspace(-1, 1, 32)
    jtorch.sync()
    before = dict(jtorch.runtime.stats)

    def body():
        nonlocal w
        y = (w * x).tanh()
        w = w - 0.01 * (y - x)
        return w[0].item()

    times = []
    for _ in range(100):
        t = time.perf_counter()
        body()
        times.append((time.perf_counter() - t) * 1e6)
    after = jtorch.runtime.stats
    programs = after["programs"] - before["programs"]
    fused = after["fused_runs"] - before["fused_runs"]
    print(f"{'small loop x100':<44} programs compiled: {programs} | iterations run as one "
          f"cached program: {fused}/100 | first iteration {times[0]:.0f} µs", flush=True)
    steady = timeit(body)

    jw, jx = jnp.full(32, 0.5, jnp.float32), jnp.linspace(-1, 1, 32, dtype=jnp.float32)

    @jax.jit
    def step(w):
        y = jnp.tanh(w * jx)
        w = w - 0.01 * (y - jx)
        return w, w[0]

    state = [jw]

    def jax_body():
        state[0], v = step(state[0])
        return float(v)
    ref = {"jax.jit step": timeit(jax_body)}
    if torch is not None:
        tw, tx = torch.full((32,), 0.5), torch.linspace(-1, 1, 32)
        tstate = [tw]

        def torch_body():
            y = (tstate[0] * tx).tanh()
            tstate[0] = tstate[0] - 0.01 * (y - tx)
            return tstate[0][0].item()
        ref["torch"] = timeit(torch_body)
    report("small loop, steady state per iteration", steady, ref)
    return programs, fused


def main():
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}; torch: "
          f"{torch.__version__ if torch else 'not installed'}")
    bench_record()
    bench_add_item()
    bench_chain()
    bench_arith_chain()
    bench_matmul()
    bench_zeros()
    bench_loop()


if __name__ == "__main__":
    main()
