"""Fetching one batch from a dataset (shared by the main process and the workers).

The fast path: with the default collate_fn, a map-style dataset that can gather a whole batch
at once (TensorDataset, and Subset/StackDataset over such datasets: their `_gather_batch`)
returns it from one vectorised gather, with no per-sample `__getitem__` call and no collate
work. Otherwise PyTorch's rule: `dataset.__getitems__(indices)` when the dataset defines it,
else `[dataset[i] for i in indices]`, then `collate_fn`.

The gather itself (gather_rows): computed CPU tensors are gathered by NumPy from their
zero-copy host views into recycled 64-byte-aligned buffers (_HostBuffers) that JAX adopts
without copying (collate.put_host); accelerator tensors by one jitted gather on the device;
pending or grad-requiring tensors by one recorded, differentiable node.
"""
import collections
import operator
import sys
import threading

import jax
import jax.numpy as jnp
import numpy as np

from ...._tensor import Tensor
from . import collate as _collate
from ..sampler import CheckedIndices

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


def gathers(dataset, collate_fn):
    """Whether batches of `dataset` collated by `collate_fn` come from one vectorised gather."""
    if not _is_default_collate(collate_fn):
        return False
    can = getattr(dataset, "_can_gather", None)
    return callable(can) and bool(can())


class _MapDatasetFetcher:
    def __init__(self, dataset, auto_collation, collate_fn, drop_last):
        self.dataset = dataset
        self.auto_collation = auto_collation
        self.collate_fn = collate_fn
        self.drop_last = drop_last
        self.gather = None
        if auto_collation and gathers(dataset, collate_fn):
            self.gather = dataset._gather_batch
            if collate_fn is not _collate.default_collate:   # in a worker process
                self.gather = _host_gather(self.gather)

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


def _host_gather(gather):
    """`gather` run as in host_default_collate: NumPy batches (sent as HostArray)."""
    def run(indices):
        _collate._host.on = True
        try:
            return gather(indices)
        finally:
            _collate._host.on = False
    return run


def create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
    cls = _MapDatasetFetcher if kind == MAP else _IterableDatasetFetcher
    return cls(dataset, auto_collation, collate_fn, drop_last)


# ---- host gather ---------------------------------------------------------------------------
class _HostBuffers:
    """Recycled 64-byte-aligned host buffers for batches gathered on the host.

    JAX's CPU client adopts an aligned NumPy array without copying it (and holds a reference to
    it until the device buffer is gone); fresh memory for every batch would cost page faults
    (more than the gather itself on a VM) and an unaligned array a second copy. A buffer is
    handed out again only when nothing but this pool refers to it: CPython's reference count
    is exact, and every array viewing a buffer (the batch JAX holds, a NumPy view of it) keeps
    a reference to it. At most MAX_BYTES are kept; larger needs get plain fresh buffers."""

    MAX_BYTES = 32 << 20
    PER_SIZE = 16

    def __init__(self):
        self.lock = threading.Lock()
        self.bufs = {}      # nbytes -> deque of [raw uint8 buffer, aligned offset]
        self.nbytes = 0

    def empty(self, shape, dtype):
        nb = dtype.itemsize
        for d in shape:
            nb *= d
        if nb == 0:
            return np.empty(shape, dtype)
        with self.lock:
            ring = self.bufs.get(nb)
            if ring is None:
                ring = self.bufs[nb] = collections.deque()
            for _ in range(len(ring)):
                e = ring[0]
                ring.rotate(-1)   # oldest first: in steady state the first one is free
                if _getrefcount(e[0]) == 2:   # held only by its entry (and this call)
                    return np.ndarray(shape, dtype, buffer=e[0], offset=e[1])
            raw = np.empty(nb + 64, np.uint8)
            off = -raw.ctypes.data % 64
            if len(ring) < self.PER_SIZE and self.nbytes + nb <= self.MAX_BYTES:
                ring.append([raw, off])
                self.nbytes += nb + 64
            return np.ndarray(shape, dtype, buffer=raw, offset=off)


_buffers = _HostBuffers()
_getrefcount = sys.getrefcount


POOL_MIN_BYTES = 1 << 15   # smaller batches come from malloc's free lists without page faults


def host_take(array, idx, jdev):
    """array[idx] for a CPU jax.Array: a NumPy gather from its zero-copy host view (into a
    recycled aligned buffer that JAX then adopts, for large batches)."""
    h = np.asarray(array)
    if h.itemsize * h[:1].size * len(idx) < POOL_MIN_BYTES:
        return _collate.put_host(h.take(idx, 0), jdev)
    out = _buffers.empty((len(idx),) + h.shape[1:], h.dtype)
    h.take(idx, 0, out, "wrap")   # idx is range-checked: nothing wraps
    return _collate.put_host(out, jdev)


# ---- vectorised row gather ----------------------------------------------------------------------
def _take_rows(idx, *arrays):
    # indices are range-checked (and wrapped) on the host first, so "clip" never clips
    return tuple(jnp.take(a, idx, axis=0, mode="clip") for a in arrays)


_take_rows_jit = jax.jit(_take_rows)


def index_array(indices, n):
    """Batch indices as an int64 NumPy array, wrapped and range-checked against size `n`
    (PyTorch's IndexError text for the first index out of range)."""
    if type(indices) is CheckedIndices:
        bound = indices.bound   # None once pickled (to a worker process): checked again
        if bound is not None and bound <= n:   # checked by the sampler
            return indices.view(np.ndarray)
        indices = indices.view(np.ndarray)
    if type(indices) is np.ndarray and indices.dtype == np.int64 and indices.ndim == 1:
        idx = indices
    else:
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

    Computed tensors (the usual dataset) are gathered outside the deferred graph, so the
    batch is a ready Tensor: on the CPU by NumPy from the tensors' zero-copy host views (XLA's
    CPU gather plus a jit dispatch cost several times more), on an accelerator by one jitted
    call that JAX dispatches asynchronously (the batch is formed on the device while Python
    goes on). Pending or grad-requiring tensors record one differentiable node instead."""
    t0 = tensors[0]
    idx = index_array(indices, t0._nd.shape[0])
    dev = t0._nd.device
    arrays = []
    for t in tensors:
        a = _collate.concrete(t)
        if a is None or t._nd.device is not dev:
            break
        arrays.append(a)
    else:
        if dev.platform == "cpu":
            if getattr(_collate._host, "on", False):   # in a worker process: NumPy out
                from .worker import HostArray
                return [HostArray(np.asarray(a).take(idx, 0)) for a in arrays]
            take, wrap = host_take, Tensor._from_array
            return [wrap(take(a, idx, dev), dev) for a in arrays]
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

