"""XLA options jtorch chooses for itself. They are per-process XLA_FLAGS, so `configure()` must run
before JAX starts its CPU backend: first thing in `import jtorch`.

One option today: XLA:CPU's YNNPACK library fusions without convolutions,
`--xla_cpu_experimental_ynn_fusion_type=-individual_convolution` (XLA's default list minus
individual convolutions; dots and reductions stay on YNNPACK). It only concerns XLA's CPU
compiler: GPU programs keep XLA's cuDNN convolutions.

Measured on this project's 2-core Xeon (jaxlib 0.10.2; a shared machine, so: one process,
per-compile options, settings interleaved, best of 30 rounds; steps/s, higher is better). CNN =
bench/cnn.py's model (Conv 1-32-3, Conv 32-64-3, MaxPool 2, Linear 9216-128-10, SGD momentum,
batch 64) as one jitted JAX step with jtorch's max-pool lowering; MLP = 784-512-256-10, Adam:

    ynn_fusion_type               CNN    MLP b64   MLP b512
    XLA default                   6.5      516       136
    -individual_convolution      17.2      506       137     <- jtorch's choice
    (empty: all YNNPACK off)     16.5      471       123

A run with only one core free ranked them the same (CNN 5.9 / 10.2 / 9.5; MLP b64 441 / 445 /
411) and put `individual_dot` (dots only) at 9.9 and 433. YNNPACK's convolutions (forward and
both gradients) are what make the CNN slow; its dots keep the MLP where it was; its reductions
are 2-3x faster than XLA's loops on large sums, means and softmaxes (a 4096x1024 row sum 0.9 vs
1.7 ms, a conv bias gradient over 64x64x24x24 0.55 vs 1.8 ms) but 2x slower on a reshape + max
2x2 pool and on sums over tiny axes, which jtorch's pooling avoids (nn/functional/pooling.py).
In bench/cnn.py the unchanged jtorch loop ran at 6.5 steps/s under XLA's default and 14.2 with
this option (PyTorch eager: 15-24 on the same machine, depending on the load).

`configure()` never overrides a user's own setting: when XLA_FLAGS already names the option it
does nothing. To get XLA's own default back, set e.g.
`XLA_FLAGS=--xla_cpu_experimental_ynn_fusion_type=+individual_dot` (a no-op change of the
default list). It also does nothing once JAX's backend has started (too late to matter) and on
jaxlib versions where the option is unverified: XLA aborts the process on a flag or value it
does not know, so the option is only set on jaxlib >= 0.10.2 (measured here) and < 0.12.
Setting XLA_FLAGS in os.environ also passes the option to child processes.
"""
import os
import sys

OPTION = "xla_cpu_experimental_ynn_fusion_type"
VALUE = "-individual_convolution"
_JAXLIB_RANGE = ((0, 10, 2), (0, 12))  # [verified-from, first-unverified)


def _jaxlib_version():
    try:
        from importlib.metadata import version
        text = version("jaxlib")
    except Exception:  # not installed as a distribution (e.g. a source build)
        return None
    parts = []
    for piece in text.split(".")[:3]:
        digits = "".join(c for c in piece if c.isdigit()) if piece[:1].isdigit() else ""
        if not digits:
            break
        parts.append(int(digits))
    return tuple(parts) or None


def _backend_started():
    xb = sys.modules.get("jax._src.xla_bridge")
    return bool(getattr(xb, "_backends", None))


def configure(environ=None):
    """Append jtorch's XLA CPU option to XLA_FLAGS unless the user's XLA_FLAGS already names it,
    JAX's backend has already started, or this jaxlib is outside the verified range. Returns
    whether it appended."""
    environ = os.environ if environ is None else environ
    flags = environ.get("XLA_FLAGS", "")
    if OPTION in flags or _backend_started():
        return False
    v = _jaxlib_version()
    if v is None or not _JAXLIB_RANGE[0] <= v < _JAXLIB_RANGE[1]:
        return False
    environ["XLA_FLAGS"] = f"{flags} --{OPTION}={VALUE}".strip()
    return True
