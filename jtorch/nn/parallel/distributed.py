"""DistributedDataParallel: needs c10d process groups, which jtorch does not have."""
from ..modules.module import Module


class DistributedDataParallel(Module):
    """Raises NotImplementedError: DDP needs torch.distributed process groups."""

    def __init__(self, module, *args, **kwargs):
        raise NotImplementedError(
            "torch.nn.parallel.DistributedDataParallel is not implemented in jtorch: it needs "
            "torch.distributed process groups (c10d), which jtorch does not have; on JAX, "
            "data-parallel training across devices uses jax.sharding")
