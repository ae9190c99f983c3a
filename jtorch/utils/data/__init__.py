"""torch.utils.data on jtorch: datasets, samplers, DataLoader (thread or spawned-process
workers), collation. `from jtorch.utils.data import Dataset, DataLoader` as in PyTorch."""
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler,  # noqa: F401
                      SubsetRandomSampler, WeightedRandomSampler)
from .dataset import (ChainDataset, ConcatDataset, Dataset, IterableDataset,  # noqa: F401
                      StackDataset, Subset, TensorDataset, random_split)
from .distributed import DistributedSampler  # noqa: F401
from .dataloader import DataLoader, _DatasetKind, default_collate, default_convert  # noqa: F401
from ._utils.worker import get_worker_info  # noqa: F401
from ._utils.collate import collate, default_collate_fn_map  # noqa: F401

__all__ = ["BatchSampler", "ChainDataset", "ConcatDataset", "DataLoader", "Dataset",
           "DistributedSampler", "IterableDataset", "RandomSampler", "Sampler",
           "SequentialSampler", "StackDataset", "Subset", "SubsetRandomSampler",
           "TensorDataset", "WeightedRandomSampler", "_DatasetKind", "default_collate",
           "default_convert", "get_worker_info", "random_split"]
