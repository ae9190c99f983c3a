"""Benchmark: µs per optimizer.step() (Adam) for 10 and 100 parameter tensors — jtorch vs a
jitted optax update on the same pytree (and PyTorch's Adam when torch is installed).

Run: python bench/optim_step.py [--quick]

jtorch's step() records one update node over all parameters and state and ends the iteration
with a sync, so each timed step includes that sync: the update really runs. The references
are timed the same way (`jax.block_until_ready` on the new parameters). The gradients are fixed
tensors assigned to `.grad` before every step, as a backward() would leave them. Ratios are
jtorch time / reference time (below 1.0: jtorch faster). Timings interleave the contenders
and keep the best of several rounds, to resist noise from other processes.
"""
import sys
import time

import numpy as np

import jtorch
import jtorch.optim

try:
    import torch
    torch.set_num_threads(1)  # one thread, like the single CPU stream XLA's update runs on
except ImportError:
    torch = None
import jax
import jax.numpy as jnp
import optax

SHAPES = [(64, 64), (64,), (256,), (32, 16)]  # a mix of matrix and vector parameters


def shapes(n):
    return [SHAPES[i % len(SHAPES)] for i in range(n)]


def timeit(fn, number, clock=time.perf_counter):
    """Per-call time (µs) of `number` calls."""
    t = clock()
    for _ in range(number):
        fn()
    return (clock() - t) / number * 1e6


def bench(n, number, rounds):
    rs = np.random.RandomState(0)
    init = [rs.standard_normal(s).astype("float32") for s in shapes(n)]
    grads = [rs.standard_normal(s).astype("float32") for s in shapes(n)]

    # jtorch
    ps = [jtorch.tensor(a, requires_grad=True) for a in init]
    gs = [jtorch.tensor(g) for g in grads]
    opt = jtorch.optim.Adam(ps, lr=1e-3)

    def jt():
        for p, g in zip(ps, gs):
            p.grad = g
        opt.step()

    # optax: the same pytree, one jitted update, parameters and state donated
    tx = optax.adam(1e-3)
    jp = [jnp.asarray(a) for a in init]
    jg = [jnp.asarray(g) for g in grads]
    box = [jp, tx.init(jp)]

    @jax.jit
    def update(params, g, st):
        u, st = tx.update(g, st, params)
        return optax.apply_updates(params, u), st

    def ox():
        box[0], box[1] = update(box[0], jg, box[1])
        jax.block_until_ready(box[0])

    contenders = {"jtorch": jt, "optax jit": ox}
    if torch is not None:
        tp = [torch.tensor(a, requires_grad=True) for a in init]
        tg = [torch.tensor(g) for g in grads]
        topt = torch.optim.Adam(tp, lr=1e-3)

        def pt():
            for p, g in zip(tp, tg):
                p.grad = g
            topt.step()
        contenders["torch"] = pt

    for fn in contenders.values():  # warm up: compiles happen here
        for _ in range(5):
            fn()
    # wall time, and the process's CPU time (steadier when other processes share the CPUs)
    wall = {k: float("inf") for k in contenders}
    cpu = dict(wall)
    for _ in range(rounds):
        for k, fn in contenders.items():
            wall[k] = min(wall[k], timeit(fn, number))
            cpu[k] = min(cpu[k], timeit(fn, number, time.process_time))
    numel = sum(int(np.prod(s)) for s in shapes(n))
    print(f"Adam step, {n} parameter tensors ({numel} elements), wall / CPU µs per step:")
    print(f"  jtorch      {wall['jtorch']:9.1f} / {cpu['jtorch']:9.1f}")
    for k in contenders:
        if k != "jtorch":
            print(f"  {k:11s} {wall[k]:9.1f} / {cpu[k]:9.1f}   jtorch / {k} = "
                  f"{wall['jtorch'] / wall[k]:.2f} (wall), {cpu['jtorch'] / cpu[k]:.2f} (CPU)")
    return wall, cpu


def main():
    quick = "--quick" in sys.argv
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}; torch: "
          f"{torch.__version__ if torch else 'not installed'}")
    bench(10, 50 if quick else 200, 3 if quick else 7)
    bench(100, 10 if quick else 50, 3 if quick else 7)
    s = jtorch.runtime.stats
    print(f"programs compiled: {s['programs']}, fused runs: {s['fused_runs']}, "
          f"op-by-op runs: {s['op_by_op_runs']}")


if __name__ == "__main__":
    main()
