"""Where one training step's time goes: a profiler trace of the MLP step, jtorch vs JAX.

Run: python bench/step_trace.py [--cuda] [compiled|loop|compiled/tf|loop/tf]

Traces 20 steps of a jtorch contender of bench/mlp.py (batch 64) and 20 steps of the
hand-written JAX step with `jax.profiler` (a Perfetto trace under /tmp/jtorch_step_trace),
then prints, for one step of each, the host events that took longest: Python functions, the
jitted call, XLA's execution and, on a GPU, the CUDA-graph update and launch. This is how the
GPU figures in README ("On a GPU") were broken down.
"""
import collections
import glob
import gzip
import json
import os
import shutil
import sys

import jax

import mlp
from _target import DEVICE

TRACE_DIR = "/tmp/jtorch_step_trace"


def _summary(events, step, top=18):
    t0, t1 = step["ts"], step["ts"] + step["dur"]
    inside = [e for e in events if e is not step and e["ts"] >= t0 and
              e["ts"] + e.get("dur", 0) <= t1 + 1]
    total = collections.defaultdict(float)
    for e in inside:
        thread = "main " if (e["pid"], e["tid"]) == (step["pid"], step["tid"]) else "other"
        total[(thread, e["name"][:80])] += e.get("dur", 0)
    for (thread, name), dur in sorted(total.items(), key=lambda kv: -kv[1])[:top]:
        print(f"    {thread} {dur:9.1f} µs  {name}")


def main():
    names = [a for a in sys.argv[1:] if not a.startswith("--")] or ["compiled"]
    x, y = mlp._data("mlp", 64)
    contenders = mlp.jtorch_steps("mlp", x, y)
    step, ready = contenders[names[0]]
    jstep, jready = mlp.jax_step("mlp", x, y)
    for _ in range(10):
        step()
        ready()
        jstep()
        jready()
    shutil.rmtree(TRACE_DIR, ignore_errors=True)
    with jax.profiler.trace(TRACE_DIR, create_perfetto_trace=True):
        for label, (fn, wait) in (("JTORCH_STEP", (step, ready)), ("JAX_STEP", (jstep, jready))):
            for _ in range(20):
                with jax.profiler.TraceAnnotation(label):
                    fn()
                    wait()
    path, = glob.glob(f"{TRACE_DIR}/**/perfetto_trace.json.gz", recursive=True)
    trace = json.load(gzip.open(path))
    events = [e for e in (trace["traceEvents"] if isinstance(trace, dict) else trace)
              if e.get("ph") == "X"]
    print(f"jax {jax.__version__} on {DEVICE}; trace: {path} ({os.path.getsize(path)} bytes)")
    for label in ("JTORCH_STEP", "JAX_STEP"):
        steps = [e for e in events if e["name"] == label]
        durs = sorted(e["dur"] for e in steps)
        median = steps[[e["dur"] for e in steps].index(durs[len(durs) // 2])]
        print(f"\n{label} ({names[0] if label == 'JTORCH_STEP' else 'jax'}): median step "
              f"{median['dur']:.0f} µs under the profiler; its longest events:")
        _summary(events, median)


if __name__ == "__main__":
    main()
