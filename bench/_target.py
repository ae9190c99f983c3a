"""`--cuda` for the training benchmarks: every contender (jtorch, JAX, PyTorch) runs on the
first GPU instead of the CPU. Without it, all run on the CPU even where JAX sees a GPU."""
import sys

import jax

DEVICE = "cuda" if "--cuda" in sys.argv else "cpu"


def jax_device():
    """The jax.Device the JAX reference step runs on."""
    return jax.devices("gpu" if DEVICE == "cuda" else "cpu")[0]


def put(tree):
    """Commit a pytree of arrays to the benchmark's device (jit then runs there)."""
    return jax.device_put(tree, jax_device())


def torch_sync(torch):
    """What waits for PyTorch's queued work: nothing on the CPU (eager has run)."""
    return torch.cuda.synchronize if DEVICE == "cuda" else (lambda: None)
