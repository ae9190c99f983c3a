"""torch.nn.parallel: DataParallel and its helpers on JAX devices.

Without a GPU, DataParallel is PyTorch's CPU-build wrapper (device_ids == [], calls go straight
to `.module`) and the multi-GPU helpers raise PyTorch's CPU-build errors. With JAX GPUs,
DataParallel runs the whole batch on device_ids[0] (results identical to splitting it) and returns
the output on output_device. DistributedDataParallel needs c10d process groups, which jtorch does
not have: it raises NotImplementedError.
"""
from .data_parallel import DataParallel, data_parallel  # noqa: F401
from .distributed import DistributedDataParallel  # noqa: F401
from .parallel_apply import parallel_apply  # noqa: F401
from .replicate import replicate  # noqa: F401
from .scatter_gather import gather, scatter, scatter_kwargs  # noqa: F401
from . import scatter_gather  # noqa: F401

__all__ = ["replicate", "scatter", "parallel_apply", "gather", "data_parallel", "DataParallel",
           "DistributedDataParallel"]
