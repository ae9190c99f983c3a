"""torch.backends: the flags PyTorch programs set and read (cudnn, cuda.matmul, mps, ...).

XLA picks its own kernels, so these flags are recorded and read back as PyTorch does; they do
not change how jtorch computes. Availability answers reflect JAX (a GPU only when JAX sees one).
"""
from . import cpu, cuda, cudnn, mkl, mkldnn, mps, openmp, opt_einsum  # noqa: F401
