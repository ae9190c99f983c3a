"""Keep CPython's full garbage collections cheap while a program records many small objects.

Every recorded op allocates a few tracked objects (a Tensor, a Node, their tuples), so the
collector runs often, and each full (oldest-generation) collection walks every tracked object
in the process -- after `import jax` and a few compiled programs, several hundred thousand
objects that live until exit (modules, JAX's caches and jitted functions). Measured here, one
such collection costs about 130 ms and landed once every few thousand steps of a small loop,
more than the loop's own cost per step. `gc.freeze()` moves every object alive at that moment
into a permanent generation the collector never walks again; it costs O(1). jtorch freezes at
import and after each newly compiled program or kernel (when JAX's caches have just grown).
Objects that die later are still freed by reference counting; only reference cycles that are
already garbage at a freeze would be kept, and a training step creates none (tested).
JTORCH_GC_FREEZE=0 turns this off.
"""
import gc
import os

enabled = os.environ.get("JTORCH_GC_FREEZE", "1") not in ("", "0")


def freeze():
    """Move the objects alive now out of the collector's reach (no-op when disabled)."""
    if enabled:
        gc.freeze()
