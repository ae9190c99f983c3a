"""Shared state of the compile layer: switches, the structure epoch, counters and the log.

`epoch` counts changes to module structure anywhere (a submodule, parameter or buffer added or
removed, a non-tensor attribute set, a hook registered or removed). A module call checks it
against the epoch its cached guard was computed at, so the steady state costs one comparison
and a structure change re-walks the module tree once.
"""
import os
import sys


class _State:
    def __init__(self):
        # module tracing on by default; JTORCH_COMPILE=0 (or jtorch.compiler.disable()) turns
        # it off for debugging: every module then records op by op
        self.enabled = os.environ.get("JTORCH_COMPILE", "1").lower() not in ("0", "false", "off")
        self.active = None        # the capture running now (module calls inside it are inlined)
        self.compiling_fn = None  # the jtorch.compile'd function running now
        # tests: a module's first call returns its captured node's results (not the op-by-op
        # run's), so parity tests exercise the compiled path on every call
        self.replay_first_call = False
        self.epoch = 0
        self.log_recompiles = os.environ.get("JTORCH_LOG_RECOMPILES", "").lower() in (
            "1", "true", "on")
        self.counts = {}          # "Model.forward" / "step" -> compilations (traces)
        self.log = []             # one line per compilation: what and why
        self.replay_log = []      # compiled functions: whether each replays without Python
        self.limits = []          # active max_compiles contexts


state = _State()


def bump():
    """Module structure changed somewhere: cached guards are re-checked at the next call."""
    state.epoch += 1


def note_compile(name, why):
    """Count one compilation of `name` (a module's forward or a compiled function) and log it."""
    state.counts[name] = state.counts.get(name, 0) + 1
    line = f"jtorch.compiler: compiling {name} (#{state.counts[name]}): {why}"
    state.log.append(line)
    if len(state.log) > 10_000:
        del state.log[:5_000]
    if state.log_recompiles:
        print(line, file=sys.stderr)
    for limit in state.limits:
        limit.add(name, line)
