"""torch.utils.data datasets: Dataset, IterableDataset, TensorDataset, StackDataset,
ConcatDataset, ChainDataset, Subset and random_split, with PyTorch's behaviour and messages.

jtorch addition: datasets that can hand out a whole batch with one vectorised gather
(TensorDataset, and Subset/StackDataset over such datasets) implement the private pair
`_can_gather()` / `_gather_batch(indices)`; the DataLoader uses it with the default collate_fn,
so a batch costs one gather op instead of batch_size `__getitem__` calls and a stack.
"""
import bisect
import itertools
import math
import warnings
from typing import Generic, Iterable, TypeVar

import numpy as _np

from ..._classrepr import torch_object_repr
from ..._tensor import Tensor
from ...random import default_generator
from ._utils import collate as _collate
from ._utils import fetch as _fetch
from ._utils.worker import get_worker_info

__all__ = ["Dataset", "IterableDataset", "TensorDataset", "StackDataset", "ConcatDataset",
           "ChainDataset", "Subset", "random_split"]

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")


class Dataset(Generic[T_co]):
    """A map-style dataset: subclasses implement `__getitem__` (and usually `__len__`); they
    may implement `__getitems__(indices)` returning the list of samples of a batch."""

    def __getitem__(self, index):
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other):
        return ConcatDataset([self, other])

    __repr__ = torch_object_repr


class IterableDataset(Dataset[T_co], Iterable[T_co]):
    """An iterable-style dataset: subclasses implement `__iter__` (abstract). With workers,
    every worker iterates its own copy (configure it with get_worker_info() in __iter__ or in
    worker_init_fn)."""

    def __add__(self, other):
        return ChainDataset([self, other])


class TensorDataset(Dataset):
    """Samples are `tuple(t[i] for t in tensors)`; all tensors share the first dimension.

    A batch (with the default collate_fn) is one vectorised gather of all tensors."""

    def __init__(self, *tensors):
        if any(tensors[0].size(0) != tensor.size(0) for tensor in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        if get_worker_info() is not None and not isinstance(index, Tensor):
            # in a worker thread: read the computed values directly (nothing recorded)
            arrays = [_collate.concrete(t) for t in self.tensors]
            if all(a is not None for a in arrays) and hasattr(index, "__index__"):
                i = int(_fetch.index_array([index], len(self))[0])
                return tuple(Tensor._from_array(a[i], t._nd.device)
                             for a, t in zip(arrays, self.tensors))
        return tuple(tensor[index] for tensor in self.tensors)

    def __len__(self):
        return self.tensors[0].size(0)

    def _can_gather(self):
        return all(isinstance(t, Tensor) for t in self.tensors)

    def _gather_batch(self, indices):
        return _collate.GatheredBatch(_fetch.gather_rows(self.tensors, indices), len(indices))


def _can_gather(ds):
    f = getattr(ds, "_can_gather", None)
    return callable(f) and bool(f())


class StackDataset(Dataset):
    """Datasets stacked side by side: samples are tuples (positional datasets) or dicts
    (keyword datasets) of the datasets' samples at the same index."""

    def __init__(self, *args, **kwargs):
        if args:
            if kwargs:
                raise ValueError(
                    "Supported either ``tuple``- (via ``args``) or"
                    "``dict``- (via ``kwargs``) like input/output, but both types are given.")
            self._length = len(args[0])
            if any(self._length != len(dataset) for dataset in args):
                raise ValueError("Size mismatch between datasets")
            self.datasets = args
        elif kwargs:
            tmp = list(kwargs.values())
            self._length = len(tmp[0])
            if any(self._length != len(dataset) for dataset in tmp):
                raise ValueError("Size mismatch between datasets")
            self.datasets = kwargs
        else:
            raise ValueError("At least one dataset should be passed")

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: dataset[index] for k, dataset in self.datasets.items()}
        return tuple(dataset[index] for dataset in self.datasets)

    def __getitems__(self, indices):
        """The list of samples at `indices` (nested datasets' __getitems__ used when present)."""
        items = self.datasets.items() if isinstance(self.datasets, dict) \
            else enumerate(self.datasets)
        batch = [{} if isinstance(self.datasets, dict) else [] for _ in indices]
        for k, dataset in items:
            getitems = getattr(dataset, "__getitems__", None)
            if callable(getitems):
                got = getitems(indices)
                if len(got) != len(indices):
                    raise ValueError("Nested dataset's output size mismatch."
                                     f" Expected {len(indices)}, got {len(got)}")
            else:
                got = [dataset[idx] for idx in indices]
            for data, sample in zip(got, batch):
                if isinstance(sample, dict):
                    sample[k] = data
                else:
                    sample.append(data)
        if isinstance(self.datasets, dict):
            return batch
        return [tuple(sample) for sample in batch]

    def __len__(self):
        return self._length

    def _can_gather(self):
        ds = self.datasets.values() if isinstance(self.datasets, dict) else self.datasets
        return all(_can_gather(d) for d in ds)

    def _gather_batch(self, indices):
        if isinstance(self.datasets, dict):
            out = {k: d._gather_batch(indices).structure for k, d in self.datasets.items()}
        else:
            out = [d._gather_batch(indices).structure for d in self.datasets]
        return _collate.GatheredBatch(out, len(indices))


class ConcatDataset(Dataset):
    """Datasets one after another."""

    @staticmethod
    def cumsum(sequence):
        r, s = [], 0
        for e in sequence:
            s += len(e)
            r.append(s)
        return r

    def __init__(self, datasets):
        super().__init__()
        self.datasets = list(datasets)
        if len(self.datasets) == 0:
            raise AssertionError("datasets should not be an empty iterable")
        for d in self.datasets:
            if isinstance(d, IterableDataset):
                raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self):
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx = len(self) + idx
        dataset_idx = bisect.bisect_right(self.cumulative_sizes, idx)
        sample_idx = idx if dataset_idx == 0 else idx - self.cumulative_sizes[dataset_idx - 1]
        return self.datasets[dataset_idx][sample_idx]

    @property
    def cummulative_sizes(self):
        warnings.warn("cummulative_sizes attribute is renamed to cumulative_sizes",
                      FutureWarning, stacklevel=2)
        return self.cumulative_sizes


class ChainDataset(IterableDataset):
    """IterableDatasets one after another, chained on the fly."""

    def __init__(self, datasets):
        super().__init__()
        self.datasets = datasets

    def __iter__(self):
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            yield from d

    def __len__(self):
        total = 0
        for d in self.datasets:
            if not isinstance(d, IterableDataset):
                raise AssertionError("ChainDataset only supports IterableDataset")
            total += len(d)
        return total


class Subset(Dataset):
    """The samples of `dataset` at `indices`."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = indices
        if type(self).__getitem__ is not Subset.__getitem__ and \
                type(self).__getitems__ is Subset.__getitems__:
            raise NotImplementedError(
                f"{type(self).__name__} overrides __getitem__ but not __getitems__. "
                "When subclassing Subset and overriding __getitem__, you must also override "
                "__getitems__ to ensure DataLoader works correctly with your custom logic. "
                "A simple implementation:\n\n"
                "def __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]")

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices):
        """The list of samples at `indices` (the dataset's __getitems__ when it has one)."""
        getitems = getattr(self.dataset, "__getitems__", None)
        if callable(getitems):
            return getitems([self.indices[idx] for idx in indices])
        return [self.dataset[self.indices[idx]] for idx in indices]

    def __len__(self):
        return len(self.indices)

    def _can_gather(self):
        return type(self).__getitems__ is Subset.__getitems__ and _can_gather(self.dataset)

    def _gather_batch(self, indices):
        ind = self.indices
        if type(indices) is _np.ndarray:
            indices = indices.tolist()
        return self.dataset._gather_batch([ind[i] for i in indices])


def random_split(dataset, lengths, generator=default_generator):
    """Split `dataset` into non-overlapping random Subsets of the given lengths, or of the given
    fractions (floor(frac * n) each, the remainder dealt round-robin). The permutation is
    `randperm(n, generator=generator)`, PyTorch's (see sampler.host_randperm)."""
    if math.isclose(sum(lengths), 1) and sum(lengths) <= 1:
        subset_lengths = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            subset_lengths.append(math.floor(len(dataset) * frac))
        remainder = len(dataset) - sum(subset_lengths)
        for i in range(remainder):
            subset_lengths[i % len(subset_lengths)] += 1
        lengths = subset_lengths
        for i, length in enumerate(lengths):
            if length == 0:
                warnings.warn(f"Length of split at index {i} is 0. "
                              f"This might result in an empty dataset.", stacklevel=2)
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    from .sampler import host_randperm
    indices = host_randperm(sum(lengths), generator).tolist()
    return [Subset(dataset, indices[offset - length: offset])
            for offset, length in zip(itertools.accumulate(lengths), lengths)]
