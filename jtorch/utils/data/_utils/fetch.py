"""Fetching one batch from a dataset (shared by the main process and the workers).

The fast path: with the default collate_fn, a map-style dataset that can gather a whole batch
at once (TensorDataset, and Subset/StackDataset over such datasets: their `_gather_batch`)
returns it from one vectorised gather, with no per-sample `__getitem__` call and no collate
work. Otherwise PyTorch's rule: `dataset.__getitems__(indices)` when the dataset defines it,
else `[dataset[i] for i in indices]`, then `collate_fn`.
"""
import operator

import jax
import jax.numpy as jnp
import numpy as np

from ...._tensor import Tensor
from . import collate as _collate

MAP, ITERABLE = 0, 1


class _IterableDatasetFetcher:
    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.dataset_iter = iter(dataset)
        self.ended = False

    def fetch(self, possibly_batched_index):
        if self.ended:
            raise StopIteration
        if self.auto_collation:
            data = []
            for _ in possibly_batched_index:
                try:
                    data.append(next(self.dataset_iter))
                except StopIteration:
                    self.ended = True
                    break
            if len(data) == 0 or (self.drop_last and len(data) < len(possibly_batched_index)):
                raise StopIteration
        else:
            data = next(self.dataset_iter)
        return self.collate_fn(data)


def _is_default_collate(fn):
    from .worker import host_default_collate
    return fn is _collate.default_collate or fn is host_default_collate


class _MapDatasetFetcher:
    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.gather = None
        if auto_collation and _is_default_collate(collate_fn):
            can = getattr(dataset, "_can_gather", None)
            if callable(can) and can():
                self.gather = dataset._gather_batch

    def fetch(self, possibly_batched_index):
        ds = self.dataset
        if self.auto_collation:
            if self.gather is not None:
                return self.collate_fn(self.gather(possibly_batched_index))
            getitems = getattr(ds, "__getitems__", None)
            if getitems:
                data = getitems(possibly_batched_index)
            else:
                data = [ds[idx] for idx in possibly_batched_index]
        else:
            data = ds[possibly_batched_index]
        return self.collate_fn(data)


def create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
    cls = _MapDatasetFetcher if kind == MAP else _IterableDatasetFetcher
    return cls(dataset, auto_collation, collate_fn, drop_last)


# ---- vectorised row gather ----------------------------------------------------------------------
def _take_rows(idx, *arrays):
    # indices are range-checked (and wrapped) on the host first, so "clip" never clips
    return tuple(jnp.take(a, idx, axis=0, mode="clip") for a in arrays)


_take_rows_jit = jax.jit(_take_rows)


def index_array(indices, n):
    """Batch indices as an int64 NumPy array, wrapped and range-checked against size `n`
    (PyTorch's IndexError text for the first index out of range)."""
    if isinstance(indices, Tensor):
        indices = indices.numpy()
    idx = np.asarray(indices)
    if idx.dtype.kind not in "iu":   # floats and bools are not indices; __index__ objects are
        idx = np.asarray([operator.index(i) for i in indices], dtype=np.int64)
    idx = idx.astype(np.int64, copy=False).reshape(-1)
    if idx.size:
        lo, hi = idx.min(), idx.max()
        if hi >= n or lo < -n:
            bad = idx[(idx >= n) | (idx < -n)][0]
            raise IndexError(f"index {int(bad)} is out of bounds for dimension 0 with size {n}")
        if lo < 0:
            idx = np.where(idx < 0, idx + n, idx)
    return idx


def gather_rows(tensors, indices):
    """[t[indices] for t in tensors] as one vectorised gather.

    Computed tensors (the usual dataset) are gathered by one jitted call outside the deferred
    graph: JAX dispatches it asynchronously, so the batch is being formed on its device while
    Python goes on, and the result is a ready Tensor. Pending or grad-requiring tensors record
    one differentiable node instead."""
    n = tensors[0].shape[0]
    idx = index_array(indices, n)
    arrays = [_collate.concrete(t) for t in tensors]
    dev = tensors[0]._nd.device
    if all(a is not None for a in arrays) and all(t._nd.device is dev for t in tensors):
        outs = _take_rows_jit(idx, *arrays)
        return [Tensor._from_array(o, dev) for o in outs]
    from ...._ops import dispatch
    from ...._device import from_jax
    from .... import as_tensor
    it = as_tensor(idx, device=from_jax(dev))
    return list(dispatch.record_multi(_take_rows, (it, *tensors), name="gather_rows"))


# ---- device prefetch ----------------------------------------------------------------------------
def to_device(data, jdev):
    """Place every Tensor of a batch structure on jax device `jdev` (asynchronous device_put
    for computed tensors; a recorded .to() otherwise)."""
    if isinstance(data, Tensor):
        if data._nd.device is jdev:
            return data
        a = _collate.concrete(data)
        if a is not None:
            return Tensor._from_array(jax.device_put(a, jdev), jdev)
        from ...._device import from_jax
        return data.to(from_jax(jdev))
    if isinstance(data, dict):
        return type(data)({k: to_device(v, jdev) for k, v in data.items()}) \
            if type(data) is dict else {k: to_device(v, jdev) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(to_device(v, jdev) for v in data))
    if isinstance(data, (list, tuple)):
        return type(data)(to_device(v, jdev) for v in data) if type(data) in (list, tuple) \
            else [to_device(v, jdev) for v in data]
    return data

