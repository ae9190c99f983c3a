"""torch.version: the PyTorch release jtorch reproduces (a CPU build: no CUDA/HIP toolkit)."""
from . import __version__  # noqa: F401  ("2.13.0+jtorch.<release>")

cuda = None  # no CUDA toolkit is linked; JAX's plugins drive GPUs (see jtorch.cuda)
hip = None
rocm = None
xpu = None
debug = False
git_version = "jtorch"
