"""torch.utils.data.DataLoader on jtorch: PyTorch's signature, checks, messages, sampling and
collation, with parallel workers that are safe alongside JAX.

Workers: threads by default, processes on request
-------------------------------------------------
JAX runs its own threads, so a process that has initialised JAX must never fork (the child can
deadlock on locks held by threads that were not copied). PyTorch's Linux default, forked worker
processes, is therefore out. The safe mechanisms, measured with bench/dataloader.py on a 2-core
CPU machine (batch 64; samples/s relative to num_workers=0; ranges over runs in which the
shared machine was idle: under other jobs' load no mechanism gains anything):

    per-sample work                   2 threads    2 processes (forkserver / spawn)
                                                   epochs after the first   first epoch
    pure-Python loop (holds the GIL)  0.91-0.99x   1.6-2.0x / 1.6-1.8x      0.6-0.7 / 0.6-0.7x
    NumPy ufuncs, 128x128 image       0.95-1.06x   1.6-1.9x / 1.6-1.9x      0.7-1.1 / 0.4-0.8x
    jtorch.vision CIFAR augmentation  0.43-1.13x   1.1-1.5x / 1.2-1.7x      0.3-0.6 / 0.2-0.3x

So only processes make CPU-heavy per-sample work faster: threads contend for the GIL even
when the work is NumPy on small arrays. But a worker process costs a start-up (the "first
epoch" column, 4096 or 1024 samples): a spawned one starts an interpreter and imports NumPy,
JAX and jtorch (~1.5 s); one from the fork server (which has NumPy and JAX imported, but never
initialises JAX) only imports jtorch (~0.5 s; the server itself starts once per program). And
a worker process runs the main script again (the script needs the
`if __name__ == "__main__":` guard, which the seeds' scripts lack) and needs a picklable
dataset, collate_fn and worker_init_fn. Threads start in microseconds, need neither, share the
dataset's memory, and overlap waits (file reads, decoding, JAX). So threads stay the default
(`multiprocessing_context=None`), and for CPU-heavy per-sample work processes are one argument
away: `multiprocessing_context="forkserver"` (fastest start) or `"spawn"`, best with
`persistent_workers=True` to pay the start-up once. Process workers are started without fork
from a process running JAX (the fork server is set up to preload NumPy and JAX's import only,
never the main script), pinned to JAX's CPU platform (they never claim the accelerator),
re-seed their global RNGs as PyTorch's do, and return NumPy data that the main process turns
into Tensors. `multiprocessing_context="fork"` is accepted but runs as "spawn", with a warning.

Thread workers keep PyTorch's worker semantics where it matters: each worker has its own
(shallow) copy of the dataset, a per-worker seed (base_seed + worker_id), its own seeded
Python/jtorch/NumPy generators in `get_worker_info().rng` (the global RNGs are shared with the
main thread, so they are not re-seeded), batches come back in sampler order, and an exception
in a worker is re-raised in the main thread with the worker's traceback. Workers stop when the
iterator is exhausted, dropped (`break`), or raises; persistent workers at interpreter exit.
Limitation: jtorch's deferred graph is not yet per-thread, so a `__getitem__` that runs jtorch
ops on tensors (not just creating them from NumPy) records those ops from a worker thread; the
main thread runs them. This is correct, but prefer NumPy in `__getitem__` (as the vision
transforms do on computed tensors) for speed.

Fast path and prefetch
----------------------
With the default collate_fn, a TensorDataset (or a Subset/StackDataset of one) yields a batch
from one vectorised gather; other samples are stacked on the host in one NumPy call (see
_utils/collate.py). With the default samplers (a BatchSampler over a SequentialSampler or
RandomSampler) the batch indices are slices of one NumPy index array per pass, with the
generator draws of PyTorch's per-index iteration (see BatchSampler._index_batches), so the
orders are those of the generic path. Batches are computed Tensors, not pending graph nodes
(unless the dataset's tensors are themselves pending or require grad: then the gather is one
recorded, differentiable op). On the CPU the gather is NumPy's, from the tensors' zero-copy
host views into recycled aligned buffers that JAX adopts without a copy (in
bench/dataloader.py, a shuffled epoch over a 60000x784 TensorDataset runs at about half the
speed of a bare NumPy permutation-and-slice loop and 5-6x PyTorch's DataLoader); on an
accelerator it is one jitted call that JAX dispatches asynchronously, so the batch is being
formed on the device while Python goes on. With
workers, up to `prefetch_factor * num_workers` batches are prepared ahead of use. With
`pin_memory=True` and an accelerator present, batches are placed on the accelerator ahead of
use (PyTorch gives pinned CPU tensors that `.to('cuda', non_blocking=True)` copies; here
`.to('cuda')` is then a no-op and `batch.device` is cuda:0).
"""
import copy
import itertools
import multiprocessing as python_multiprocessing
import os
import pickle
import queue
import threading
import warnings
from typing import Generic, TypeVar

from ..._classrepr import torch_object_repr
from . import _utils
from ._utils import fetch as _fetch
from ._utils.collate import default_collate, default_convert
from ._utils.worker import (ExceptionWrapper, _IterableDatasetStopIteration, _ResumeIteration,
                            _worker_loop, get_worker_info, MP_STATUS_CHECK_INTERVAL,
                            THREAD_STATUS_CHECK_INTERVAL)
from .dataset import Dataset, IterableDataset
from .sampler import (BatchSampler, RandomSampler, Sampler, SequentialSampler, _draw_seed)

__all__ = ["DataLoader", "get_worker_info", "default_collate", "default_convert"]

T_co = TypeVar("T_co", covariant=True)


class _DatasetKind:
    Map = _fetch.MAP
    Iterable = _fetch.ITERABLE

    @staticmethod
    def create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last):
        return _fetch.create_fetcher(kind, dataset, auto_collation, collate_fn, drop_last)


class _InfiniteConstantSampler(Sampler):
    """The sampler of an IterableDataset: None forever."""

    def __iter__(self):
        while True:
            yield None


def _cpu_count():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count()


class DataLoader(Generic[T_co]):
    """Iterate over a dataset in batches: sampling (sequential, shuffled, or a custom
    sampler/batch_sampler), collation, and parallel loading with `num_workers`."""

    dataset: Dataset
    __initialized = False
    __repr__ = torch_object_repr

    def __init__(self, dataset, batch_size=1, shuffle=None, sampler=None, batch_sampler=None,
                 num_workers=0, collate_fn=None, pin_memory=False, drop_last=False, timeout=0,
                 worker_init_fn=None, multiprocessing_context=None, generator=None, *,
                 prefetch_factor=None, persistent_workers=False, pin_memory_device="",
                 in_order=True):
        if num_workers < 0:
            raise ValueError("num_workers option should be non-negative; "
                             "use num_workers=0 to disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                "to None.")
        elif num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            self._dataset_kind = _DatasetKind.Iterable
            if shuffle not in {False, None}:
                raise ValueError("DataLoader with IterableDataset: expected unspecified shuffle "
                                 f"option, but got shuffle={shuffle}")
            if sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified sampler "
                                 f"option, but got sampler={sampler}")
            elif batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 f"batch_sampler option, but got batch_sampler={batch_sampler}")
        else:
            shuffle = bool(shuffle)
            self._dataset_kind = _DatasetKind.Map

        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")

        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None:
            if drop_last:
                raise ValueError("batch_size=None option disables auto-batching and is mutually "
                                 "exclusive with drop_last")

        if sampler is None:
            if self._dataset_kind == _DatasetKind.Iterable:
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)

        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator

        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers

        self.__initialized = True
        self._IterableDataset_len_called = None
        self._iterator = None
        self.check_worker_number_rationality()

    def _get_iterator(self):
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        self.check_worker_number_rationality()
        return _MultiWorkerDataLoaderIter(self)

    @property
    def multiprocessing_context(self):
        return self.__multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, multiprocessing_context):
        if multiprocessing_context is not None:
            if self.num_workers > 0:
                if isinstance(multiprocessing_context, str):
                    valid = python_multiprocessing.get_all_start_methods()
                    if multiprocessing_context not in valid:
                        raise ValueError(
                            "multiprocessing_context option should specify a valid start "
                            f"method in {valid!r}, but got "
                            f"multiprocessing_context={multiprocessing_context!r}")
                    multiprocessing_context = python_multiprocessing.get_context(
                        multiprocessing_context)
                if not isinstance(multiprocessing_context,
                                  python_multiprocessing.context.BaseContext):
                    raise TypeError(
                        "multiprocessing_context option should be a valid context object or a "
                        "string specifying the start method, but got "
                        f"multiprocessing_context={multiprocessing_context}")
                if multiprocessing_context.get_start_method() == "fork":
                    warnings.warn("DataLoader: forking a process that runs JAX is unsafe (JAX is "
                                  "multithreaded); worker processes are started with 'spawn' "
                                  "instead of 'fork'.", stacklevel=3)
                    multiprocessing_context = python_multiprocessing.get_context("spawn")
            else:
                raise ValueError("multiprocessing_context can only be used with multi-process "
                                 "loading (num_workers > 0), but got "
                                 f"num_workers={self.num_workers}")
        self.__multiprocessing_context = multiprocessing_context

    def __setattr__(self, attr, val):
        if self.__initialized and attr in ("batch_size", "batch_sampler", "sampler",
                                           "drop_last", "dataset", "persistent_workers"):
            raise ValueError(f"{attr} attribute should not be set after "
                             f"{self.__class__.__name__} is initialized")
        super().__setattr__(attr, val)

    def __iter__(self):
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    @property
    def _auto_collation(self):
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def __len__(self):
        if self._dataset_kind == _DatasetKind.Iterable:
            length = self._IterableDataset_len_called = len(self.dataset)
            if self.batch_size is not None:
                from math import ceil
                length = length // self.batch_size if self.drop_last \
                    else ceil(length / self.batch_size)
            return length
        return len(self._index_sampler)

    def check_worker_number_rationality(self):
        """Warn (PyTorch's text) when more workers are asked for than CPUs are usable."""
        if not self.num_workers:
            return
        max_suggest = _cpu_count()
        cpuset_checked = hasattr(os, "sched_getaffinity")
        if max_suggest is None or self.num_workers > max_suggest:
            if max_suggest is not None:
                note = "" if cpuset_checked else " (`cpuset` is not taken into account)"
                suggested = ("Our suggested max number of worker in current system is "
                             f"{max_suggest}{note}, which is smaller than what this "
                             "DataLoader is going to create.")
            else:
                suggested = ("DataLoader is not able to compute a suggested max number of "
                             "worker in current system.")
            warnings.warn(
                f"This DataLoader will create {self.num_workers} worker processes in total. "
                f"{suggested} Please be aware that excessive worker creation might get "
                "DataLoader running slow or even freeze, lower the worker number to avoid "
                "potential slowness/freeze if necessary.", stacklevel=2)


def _accelerator_device():
    from ... import accelerator
    from ..._device import to_jax
    acc = accelerator.current_accelerator()
    return None if acc is None else to_jax(acc)


class _BaseDataLoaderIter:
    __repr__ = torch_object_repr

    def __init__(self, loader):
        self._dataset = loader.dataset
        self._dataset_kind = loader._dataset_kind
        self._IterableDataset_len_called = loader._IterableDataset_len_called
        self._auto_collation = loader._auto_collation
        self._drop_last = loader.drop_last
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        if loader.pin_memory and loader.pin_memory_device:
            warnings.warn("pin_memory_device is deprecated, the current accelerator will be used "
                          f"as the device,ignore pin_memory_device='{loader.pin_memory_device}'.",
                          stacklevel=2)
        self._pin_device = _accelerator_device() if loader.pin_memory else None
        if loader.pin_memory and self._pin_device is None:
            warnings.warn("'pin_memory' argument is set as true but no accelerator is found, "
                          "then device pinned memory won't be used.", stacklevel=2)
        self._pin_memory = self._pin_device is not None
        self._timeout = loader.timeout
        self._collate_fn = loader.collate_fn
        self._fast_indices = self._dataset_kind == _DatasetKind.Map and \
            self._auto_collation and _fetch.gathers(self._dataset, self._collate_fn)
        self._sampler_iter = self._index_iter()
        self._base_seed = _draw_seed(loader.generator)
        self._persistent_workers = loader.persistent_workers
        self._num_yielded = 0

    def __iter__(self):
        return self

    def _index_iter(self):
        """The batch sampler's iterator; when the dataset gathers whole batches, its batches as
        NumPy index arrays where it can give them (same indices, same generator draws)."""
        if self._fast_indices:
            fast = getattr(self._index_sampler, "_index_batches", None)
            it = fast(len(self._dataset)) if callable(fast) else None
            if it is not None:
                return it
        return iter(self._index_sampler)

    def _reset(self, loader, first_iter=False):
        self._sampler_iter = self._index_iter()
        self._num_yielded = 0
        self._IterableDataset_len_called = loader._IterableDataset_len_called

    def _next_index(self):
        return next(self._sampler_iter)

    def _next_data(self):
        raise NotImplementedError

    def __next__(self):
        err = None
        try:
            data = self._next_data()
        except StopIteration:
            raise
        except Exception as e:
            if self._num_workers == 0:
                raise
            err = e
        if err is not None or type(data) is ExceptionWrapper:
            # Raise from a frame that no longer refers to this iterator, so that the error
            # propagating out of a `for` loop frees the iterator (and stops its workers) as
            # soon as the loop is left, even while the exception is kept (pytest.raises, a
            # stored traceback). An iterator still held by name stays usable, as in PyTorch.
            del self
            if err is None:
                data.reraise()
            try:
                raise err.with_traceback(None)
            finally:
                del err
        self._num_yielded += 1
        if self._dataset_kind == _DatasetKind.Iterable and \
                self._IterableDataset_len_called is not None and \
                self._num_yielded > self._IterableDataset_len_called:
            msg = (f"Length of IterableDataset {self._dataset} was reported to be "
                   f"{self._IterableDataset_len_called}(when accessing len(dataloader)), but "
                   f"{self._num_yielded} samples have been fetched. ")
            if self._num_workers > 0:
                msg += ("For multiprocessing data-loading, this could be caused by not properly "
                        "configuring the IterableDataset replica at each worker. Please see "
                        "https://pytorch.org/docs/stable/data.html#torch.utils.data."
                        "IterableDataset for examples.")
            warnings.warn(msg, stacklevel=2)
        return data

    def __len__(self):
        return len(self._index_sampler)

    def __getstate__(self):
        raise NotImplementedError("{} cannot be pickled", self.__class__.__name__)


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    """num_workers=0: batches are loaded in the calling thread, on demand."""

    def __init__(self, loader):
        super().__init__(loader)
        self._dataset_fetcher = _DatasetKind.create_fetcher(
            self._dataset_kind, self._dataset, self._auto_collation, self._collate_fn,
            self._drop_last)
        # the fast path's batch: what default_collate returns for a gathered batch
        self._gather = getattr(self._dataset_fetcher, "gather", None) \
            if self._collate_fn is default_collate and self._pin_device is None else None

    def _next_data(self):
        if self._gather is not None:
            return self._gather(next(self._sampler_iter)).structure
        index = self._next_index()
        data = self._dataset_fetcher.fetch(index)
        if self._pin_device is not None:
            data = _fetch.to_device(data, self._pin_device)
        return data


def _worker_copy(dataset):
    """The dataset object a thread worker uses: a shallow copy, so that a worker reconfiguring
    its dataset (worker_init_fn) does not change the others'."""
    try:
        return copy.copy(dataset)
    except Exception:
        return dataset


_env_lock = threading.Lock()


class _ThreadBackend:
    method = "thread"
    interval = THREAD_STATUS_CHECK_INTERVAL

    def __init__(self, it):
        # Worker threads must find the dataset's tensors computed: a pending tensor read in a
        # worker would record graph nodes from that thread. One sync in the main thread (a
        # no-op when nothing is pending) settles them before any worker starts.
        from ..._runtime import sync
        sync()
        self.result_queue = queue.Queue()
        self.done_event = threading.Event()

    def index_queue(self):
        return queue.Queue()

    def start(self, it, i, index_queue):
        w = threading.Thread(
            target=_worker_loop, name=f"jtorch_data_worker_{i}", daemon=True,
            args=(it._dataset_kind, _worker_copy(it._dataset), index_queue, self.result_queue,
                  self.done_event, it._auto_collation, it._collate_fn, it._drop_last,
                  it._base_seed, it._worker_init_fn, i, it._num_workers, "thread",
                  it._pin_device))
        w.start()
        return w

    @staticmethod
    def ident(w):
        return w.name

    def close(self, workers, index_queues):
        for w in workers:
            w.join(timeout=MP_STATUS_CHECK_INTERVAL)


_FORKSERVER_PRELOAD = ["numpy", "jax"]   # imported, never initialised, by the fork server
_forkserver_ours = []


def _safe_context(ctx):
    """`ctx`, or 'spawn' where a 'forkserver' context could fork a process running JAX.

    Python's fork server imports the main script once and forks the workers from it. A script
    that imports jtorch initialises JAX there, so the server is set up before it starts to
    preload only modules that start no backend (NumPy, JAX's import) and not '__main__': each
    worker then runs the main script itself, as a spawned one does, but skips starting a
    fresh interpreter and importing NumPy and JAX. A server that someone else already started
    with '__main__' preloaded is not used."""
    if ctx.get_start_method() != "forkserver":
        return ctx
    try:
        from multiprocessing import forkserver
        server = forkserver._forkserver
        running = server._forkserver_pid is not None
        if not running:
            with _env_lock:
                if server._forkserver_pid is None:
                    preload = [m for m in server._preload_modules if m != "__main__"]
                    server._preload_modules = preload + [m for m in _FORKSERVER_PRELOAD
                                                         if m not in preload]
                    _forkserver_ours.append(True)
            return ctx
        if _forkserver_ours or "__main__" not in server._preload_modules:
            return ctx
        why = "the running fork server preloads '__main__', which may have initialised JAX"
    except Exception as e:   # another Python's multiprocessing internals
        why = f"the fork server's set-up could not be checked ({type(e).__name__}: {e})"
    warnings.warn(f"DataLoader: {why}; worker processes are started with 'spawn' instead.",
                  stacklevel=4)
    return python_multiprocessing.get_context("spawn")


class _ProcessBackend:
    method = "multiprocessing"
    interval = MP_STATUS_CHECK_INTERVAL

    def __init__(self, it):
        ctx = _safe_context(it._mp_context)
        self.ctx = ctx
        try:
            self.payload = pickle.dumps((it._dataset, it._collate_fn, it._worker_init_fn))
        except Exception as e:
            raise type(e)(f"{e}. DataLoader worker processes (multiprocessing_context="
                          f"'{ctx.get_start_method()}') need a picklable dataset, collate_fn "
                          "and worker_init_fn (module-level classes and functions; no lambdas "
                          "or local functions); use the default thread workers "
                          "(multiprocessing_context=None) otherwise.") from e
        self.result_queue = ctx.Queue()
        self.done_event = ctx.Event()

    def index_queue(self):
        q = self.ctx.Queue()
        q.cancel_join_thread()
        return q

    def start(self, it, i, index_queue):
        w = self.ctx.Process(
            target=_utils.worker.process_entry, daemon=True,
            args=(self.payload, index_queue, self.result_queue, self.done_event,
                  it._dataset_kind, it._auto_collation, it._drop_last, it._base_seed, i,
                  it._num_workers))
        with _env_lock:  # the child must not claim an accelerator: pin its JAX to the CPU
            saved = {k: os.environ.get(k) for k in ("JAX_PLATFORMS",
                                                     "XLA_PYTHON_CLIENT_PREALLOCATE")}
            os.environ["JAX_PLATFORMS"] = "cpu"
            os.environ["XLA_PYTHON_CLIENT_PREALLOCATE"] = "false"
            try:
                w.start()
            finally:
                for k, v in saved.items():
                    if v is None:
                        os.environ.pop(k, None)
                    else:
                        os.environ[k] = v
        return w

    @staticmethod
    def ident(w):
        return str(w.pid)

    def close(self, workers, index_queues):
        try:
            for w in workers:
                w.join(timeout=MP_STATUS_CHECK_INTERVAL)
            for q in index_queues:
                q.cancel_join_thread()
                q.close()
        finally:
            for w in workers:
                if w.is_alive():
                    w.terminate()
                    w.join(timeout=1.0)
            self.result_queue.cancel_join_thread()
            self.result_queue.close()


class _MultiWorkerDataLoaderIter(_BaseDataLoaderIter):
    """num_workers > 0: worker threads (default) or spawned processes fetch batches; up to
    prefetch_factor * num_workers batches are in flight; results are yielded in sampler order
    (unless in_order=False)."""

    def __init__(self, loader):
        super().__init__(loader)
        self._prefetch_factor = loader.prefetch_factor
        self._in_order = loader.in_order
        self._worker_init_fn = loader.worker_init_fn
        self._mp_context = loader.multiprocessing_context
        self._shutdown = False
        self._workers = []
        self._index_queues = []
        backend = _ThreadBackend if self._mp_context is None else _ProcessBackend
        self._backend = backend(self)
        self._worker_result_queue = self._backend.result_queue
        self._workers_done_event = self._backend.done_event
        self._data_queue = self._worker_result_queue
        try:
            for i in range(self._num_workers):
                index_queue = self._backend.index_queue()
                w = self._backend.start(self, i, index_queue)
                self._index_queues.append(index_queue)
                self._workers.append(w)
        except BaseException:
            self._workers_status = [True] * len(self._workers)
            self._shutdown_workers()
            raise
        self._reset(loader, first_iter=True)

    def _reset(self, loader, first_iter=False):
        super()._reset(loader, first_iter)
        self._send_idx = 0
        self._rcvd_idx = 0
        self._task_info = {}
        self._tasks_outstanding = 0
        self._workers_status = [True for _ in range(self._num_workers)]
        self._workers_num_tasks = [0 for _ in range(self._num_workers)]
        self._worker_queue_idx_cycle = itertools.cycle(range(self._num_workers))
        if not first_iter:
            for idx in range(self._num_workers):
                self._index_queues[idx].put(_ResumeIteration())
            resume_iteration_cnt = self._num_workers
            while resume_iteration_cnt > 0:
                return_idx, return_data = self._get_data()
                if isinstance(return_idx, _ResumeIteration):
                    resume_iteration_cnt -= 1
        for _ in range(self._prefetch_factor * self._num_workers):
            self._try_put_index()

    def _try_get_data(self, timeout):
        try:
            return True, self._data_queue.get(timeout=timeout)
        except queue.Empty:
            failed = []
            for worker_id, w in enumerate(self._workers):
                if self._workers_status[worker_id] and not w.is_alive():
                    failed.append(w)
                    self._mark_worker_as_unavailable(worker_id)
            if failed:
                ids = ", ".join(self._backend.ident(w) for w in failed)
                kind = "thread(s)" if self._backend.method == "thread" else "pid(s)"
                raise RuntimeError(f"DataLoader worker ({kind} {ids}) exited unexpectedly")
            return False, None

    def _get_data(self):
        if self._timeout > 0:
            success, data = self._try_get_data(self._timeout)
            if success:
                return data
            raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds")
        while True:
            success, data = self._try_get_data(self._backend.interval)
            if success:
                return data

    def _next_data(self):
        while True:
            while self._rcvd_idx < self._send_idx:
                info = self._task_info.get(self._rcvd_idx, None)
                if info:
                    worker_id = info[0]
                    if len(info) == 2 or self._workers_status[worker_id]:
                        break
                    del self._task_info[self._rcvd_idx]
                self._rcvd_idx += 1
            else:
                if not self._persistent_workers:
                    self._shutdown_workers()
                raise StopIteration

            if len(self._task_info[self._rcvd_idx]) == 2:
                worker_id, data = self._task_info.pop(self._rcvd_idx)
                self._rcvd_idx += 1
                return self._process_data(data, worker_id)

            idx, data = self._get_data()
            self._tasks_outstanding -= 1
            if self._dataset_kind == _DatasetKind.Iterable:
                if isinstance(data, _IterableDatasetStopIteration):
                    if self._persistent_workers:
                        self._workers_status[data.worker_id] = False
                    else:
                        self._mark_worker_as_unavailable(data.worker_id)
                    self._try_put_index()
                    continue

            if idx != self._rcvd_idx:
                if not self._in_order:
                    worker_id = self._task_info.pop(idx)[0]
                    return self._process_data(data, worker_id)
                self._task_info[idx] += (data,)
            else:
                worker_id = self._task_info.pop(idx)[0]
                self._rcvd_idx += 1
                return self._process_data(data, worker_id)

    def _try_put_index(self):
        max_tasks = self._prefetch_factor * self._num_workers
        try:
            index = self._next_index()
        except StopIteration:
            return
        for _ in range(self._num_workers):
            worker_queue_idx = next(self._worker_queue_idx_cycle)
            if self._workers_status[worker_queue_idx]:
                if self._in_order:
                    break
                elif self._workers_num_tasks[worker_queue_idx] < \
                        max_tasks // sum(self._workers_status):
                    break
        else:
            return
        self._index_queues[worker_queue_idx].put((self._send_idx, index))
        self._task_info[self._send_idx] = (worker_queue_idx,)
        self._workers_num_tasks[worker_queue_idx] += 1
        self._tasks_outstanding += 1
        self._send_idx += 1

    def _process_data(self, data, worker_idx):
        self._workers_num_tasks[worker_idx] -= 1
        self._try_put_index()
        if isinstance(data, ExceptionWrapper):
            return data   # raised by __next__
        if self._pin_device is not None and self._backend.method != "thread":
            data = _fetch.to_device(data, self._pin_device)
        return data

    def _mark_worker_as_unavailable(self, worker_id, shutdown=False):
        self._index_queues[worker_id].put(None)
        self._workers_status[worker_id] = False

    def _shutdown_workers(self):
        if self._shutdown:
            return
        self._shutdown = True
        try:
            self._workers_done_event.set()
            for worker_id in range(len(self._workers)):
                if self._persistent_workers or self._workers_status[worker_id]:
                    self._mark_worker_as_unavailable(worker_id, shutdown=True)
        finally:
            self._backend.close(self._workers, self._index_queues)

    def __del__(self):
        try:
            self._shutdown_workers()
        except Exception:
            pass
