"""Benchmark: forward + backward of tiny graphs, jtorch vs PyTorch vs jax.grad (eager and jit).

Run: python bench/autograd_tiny.py [--quick]
Each iteration computes the loss, calls backward() and reads one gradient value (a sync point,
so deferred work is really run: the comparison includes it everywhere). Ratios are jtorch time
/ reference time (below 1.0: jtorch faster).
"""
import sys
import time

import numpy as np

import jtorch

try:
    import torch
except ImportError:
    torch = None
import jax
import jax.numpy as jnp

from eager_ops import timeit, report  # same timing and reporting as eager_ops


def bench_tiny():
    w = jtorch.tensor(1.5, requires_grad=True)
    b = jtorch.tensor(0.5, requires_grad=True)
    x = jtorch.tensor(2.0)

    def jt():
        w.grad = None
        b.grad = None
        y = (w * x + b) ** 2
        y.backward()
        return w.grad.item()

    t_jt = timeit(jt)

    def f(w, b, x):
        return (w * x + b) ** 2

    g = jax.grad(f, argnums=(0, 1))
    gj = jax.jit(g)
    jw, jb, jx = jnp.float32(1.5), jnp.float32(0.5), jnp.float32(2.0)
    ref = {"jax.grad eager": timeit(lambda: float(g(jw, jb, jx)[0]), min_time=0.5),
           "jax.grad jit": timeit(lambda: float(gj(jw, jb, jx)[0]))}
    if torch is not None:
        tw = torch.tensor(1.5, requires_grad=True)
        tb = torch.tensor(0.5, requires_grad=True)
        tx = torch.tensor(2.0)

        def pt():
            tw.grad = None
            tb.grad = None
            y = (tw * tx + tb) ** 2
            y.backward()
            return tw.grad.item()
        ref["torch"] = timeit(pt)
    report("tiny: (w*x+b)**2, backward, read grad", t_jt, ref)


def _chain(x, w, lib):
    y = x * w
    for i in range(6):
        y = y * 1.01
        y = y + 0.5
        y = lib.tanh(y) if lib is not None else y.tanh()
    return y.sum() if lib is None else lib.sum(y)


def bench_chain():
    x = jtorch.linspace(-1, 1, 1000)
    w = jtorch.ones(1000, requires_grad=True)

    def jt():
        w.grad = None
        _chain(x, w, None).backward()
        return w.grad[0].item()

    t_jt = timeit(jt)
    jx = jnp.linspace(-1, 1, 1000, dtype=jnp.float32)
    jw = jnp.ones(1000, jnp.float32)
    g = jax.grad(lambda w: _chain(jx, w, jnp))
    gj = jax.jit(g)
    ref = {"jax.grad eager": timeit(lambda: float(g(jw)[0]), min_time=0.5),
           "jax.grad jit": timeit(lambda: float(gj(jw)[0]))}
    if torch is not None:
        tx = torch.linspace(-1, 1, 1000)
        tw = torch.ones(1000, requires_grad=True)

        def pt():
            tw.grad = None
            _chain(tx, tw, None).backward()
            return tw.grad[0].item()
        ref["torch"] = timeit(pt)
    report("20-op chain on (1000,) f32, backward", t_jt, ref)


def main():
    print(f"jax {jax.__version__} on {jax.devices()[0].platform}; torch: "
          f"{torch.__version__ if torch else 'not installed'}")
    bench_tiny()
    bench_chain()
    s = jtorch.runtime.stats
    print(f"programs compiled: {s['programs']}, fused runs: {s['fused_runs']}, "
          f"op-by-op runs: {s['op_by_op_runs']}")


if __name__ == "__main__":
    main()
