"""DataLoader workers: the loop a worker runs, its WorkerInfo, and exception transport.

One loop serves both worker kinds (see jtorch/utils/data/dataloader.py for the choice):

* threads (the default): the worker shares the process, so JAX is never forked; each worker
  works on a shallow copy of the dataset (so a worker_init_fn that reconfigures
  `get_worker_info().dataset` changes only its own copy, as with PyTorch's per-process copies)
  and gets its own seeded RNGs in `WorkerInfo.rng` (Python `random.Random`, a jtorch
  Generator and a NumPy Generator), since the global RNGs are shared with the main thread.
* spawned processes (`multiprocessing_context='spawn'` or `'forkserver'`): the child is
  started without fork, is pinned to JAX's CPU platform before anything imports jtorch there,
  re-seeds its global RNGs as PyTorch does (random, numpy, jtorch.manual_seed), and returns
  NumPy data that the main process turns into Tensors.

A worker's exception is caught with its formatted traceback (ExceptionWrapper) and re-raised
in the main process as PyTorch does: "Caught ValueError in DataLoader worker process 0.
Original Traceback (most recent call last): ...".
"""
import os
import queue
import random
import sys
import threading
import traceback
from dataclasses import dataclass

import numpy as np

MP_STATUS_CHECK_INTERVAL = 5.0   # seconds between liveness checks while waiting (PyTorch's)
THREAD_STATUS_CHECK_INTERVAL = 0.5

__all__ = ["WorkerInfo", "get_worker_info", "ExceptionWrapper"]


@dataclass(frozen=True, slots=True)
class _RNG:
    """Per-worker random state for thread workers (the globals are shared with the main
    thread): Python, jtorch and NumPy generators seeded from the worker's seed."""
    random_generator: random.Random
    torch_generator: object
    numpy_generator: object = None


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    """Information about the current DataLoader worker (thread or process)."""
    id: int
    num_workers: int
    seed: int
    dataset: object
    rng: _RNG = None
    worker_method: str = "multiprocessing"


_local = threading.local()


def get_worker_info():
    """The current worker's WorkerInfo (id, num_workers, seed, dataset, rng, worker_method),
    or None in the main thread of the main process."""
    return getattr(_local, "info", None)


def _set_worker_info(info):
    _local.info = info


class KeyErrorMessage(str):
    """A str whose repr is itself: KeyError shows its message readably."""

    __slots__ = ()

    def __repr__(self):
        return self


class ExceptionWrapper:
    """An exception with its formatted traceback, carried from a worker to the main process."""

    def __init__(self, exc_info=None, where="in background"):
        if exc_info is None:
            exc_info = sys.exc_info()
        self.exc_type = exc_info[0]
        self.exc_msg = "".join(traceback.format_exception(*exc_info))
        self.where = where

    def reraise(self):
        """Raise the wrapped exception type here, with the worker's traceback in the message."""
        msg = f"Caught {self.exc_type.__name__} {self.where}.\nOriginal {self.exc_msg}"
        if self.exc_type is KeyError:
            msg = KeyErrorMessage(msg)
        elif getattr(self.exc_type, "message", None):
            raise self.exc_type(message=msg)
        try:
            exception = self.exc_type(msg)
        except Exception:
            raise RuntimeError(msg) from None
        try:
            raise exception
        finally:
            del exception  # no frame <-> traceback cycle: the iterator is freed with the error


@dataclass(frozen=True)
class _IterableDatasetStopIteration:
    worker_id: int


@dataclass(frozen=True)
class _ResumeIteration:
    seed: object = None


def _generate_state(base_seed, worker_id):
    """A 128-bit NumPy seed from (base_seed, worker_id), well mixed so that nearby base seeds and
    worker ids give unrelated streams (NumPy's SeedSequence hash)."""
    entropy = [worker_id, base_seed & 0xFFFFFFFF, base_seed >> 32]
    return np.random.SeedSequence(entropy).generate_state(4)


def _make_rng(seed, base_seed, worker_id):
    from .... import Generator
    g = Generator()
    g.manual_seed(seed)
    return _RNG(random.Random(seed), g,
                np.random.default_rng(_generate_state(base_seed, worker_id)))


def _worker_loop(dataset_kind, dataset, index_queue, data_queue, done_event, auto_collation,
                 collate_fn, drop_last, base_seed, init_fn, worker_id, num_workers,
                 method, pin_device=None, is_alive=None):
    """Fetch the batches whose indices arrive on `index_queue` and put (task_idx, data) on
    `data_queue` until a None arrives. Exceptions are sent back wrapped, never raised here."""
    from . import fetch
    seed = base_seed + worker_id
    if method == "thread":
        rng = _make_rng(seed, base_seed, worker_id)
        # torch.rand & co. in this thread draw from its own generator, seeded as a PyTorch
        # worker process seeds its RNG (Python's random and NumPy's global RNG stay shared)
        from .... import random as _random
        _random.set_thread_default_generator(rng.torch_generator)
    else:
        rng = None
        random.seed(seed)
        np.random.seed(_generate_state(base_seed, worker_id))
        from .... import manual_seed
        manual_seed(seed)
    _set_worker_info(WorkerInfo(id=worker_id, num_workers=num_workers, seed=seed,
                                dataset=dataset, rng=rng, worker_method=method))
    where = f"in DataLoader worker process {worker_id}"
    init_exception = None
    fetcher = None
    try:
        if init_fn is not None:
            init_fn(worker_id)
        fetcher = fetch.create_fetcher(dataset_kind, dataset, auto_collation, collate_fn,
                                       drop_last)
    except Exception:
        init_exception = ExceptionWrapper(where=where)
    iteration_end = False
    interval = THREAD_STATUS_CHECK_INTERVAL if method == "thread" else MP_STATUS_CHECK_INTERVAL
    try:
        while is_alive is None or is_alive():
            try:
                r = index_queue.get(timeout=interval)
            except queue.Empty:
                continue
            if isinstance(r, _ResumeIteration):
                data_queue.put((r, None))
                iteration_end = False
                try:
                    fetcher = fetch.create_fetcher(dataset_kind, dataset, auto_collation,
                                                   collate_fn, drop_last)
                except Exception:
                    init_exception = ExceptionWrapper(where=where)
                continue
            if r is None:
                break
            if done_event.is_set() or iteration_end:
                continue
            idx, index = r
            if init_exception is not None:
                data = init_exception
                init_exception = None
            else:
                try:
                    data = fetcher.fetch(index)
                    if pin_device is not None:
                        data = fetch.to_device(data, pin_device)
                except Exception as e:
                    if isinstance(e, StopIteration) and dataset_kind == fetch.ITERABLE:
                        data = _IterableDatasetStopIteration(worker_id)
                        iteration_end = True
                    else:
                        data = ExceptionWrapper(where=where)
            data_queue.put((idx, data))
            del data, idx, index, r
    except KeyboardInterrupt:
        pass
    finally:
        _set_worker_info(None)


# ---- spawned process workers ------------------------------------------------------------------
class _ParentWatchdog:
    """A spawned worker stops when the process that started it is gone."""

    def __init__(self):
        self.parent = os.getppid()

    def __call__(self):
        return os.getppid() == self.parent


def process_entry(payload, index_queue, data_queue, done_event, dataset_kind, auto_collation,
                  drop_last, base_seed, worker_id, num_workers):
    """Entry point of a spawned worker process. JAX is pinned to the CPU before the payload
    (dataset, collate_fn, worker_init_fn: pickled by the parent) is unpickled, so a worker never
    claims an accelerator; batches go back as NumPy arrays."""
    os.environ["JAX_PLATFORMS"] = "cpu"
    if "jax" in sys.modules:
        try:
            sys.modules["jax"].config.update("jax_platforms", "cpu")
        except Exception:
            pass
    import pickle
    try:
        dataset, collate_fn, init_fn = pickle.loads(payload)
    except Exception:
        # nothing can be fetched: answer every request with the unpickling error
        err = ExceptionWrapper(where=f"in DataLoader worker process {worker_id}")
        watchdog = _ParentWatchdog()
        while watchdog():
            try:
                r = index_queue.get(timeout=MP_STATUS_CHECK_INTERVAL)
            except queue.Empty:
                continue
            if r is None:
                break
            if isinstance(r, _ResumeIteration):
                data_queue.put((r, None))
                continue
            data_queue.put((r[0], err))
        return
    from . import collate as _collate
    if collate_fn is _collate.default_collate:
        collate_fn = host_default_collate
    _worker_loop(dataset_kind, dataset, index_queue, data_queue, done_event, auto_collation,
                 collate_fn, drop_last, base_seed, init_fn, worker_id, num_workers,
                 "multiprocessing", None, _ParentWatchdog())
    if done_event.is_set():
        data_queue.cancel_join_thread()
        data_queue.close()


class HostArray:
    """A collated NumPy array travelling from a worker process; unpickles as a Tensor."""

    __slots__ = ("array",)

    def __init__(self, array):
        self.array = array

    def __reduce__(self):
        from .collate import from_host
        return (from_host, (self.array,))


def host_default_collate(batch):
    """default_collate in a worker process: builds NumPy arrays (sent as HostArray), so the
    child never creates device arrays for the batch."""
    from . import collate as _collate
    _collate._host.on = True
    try:
        return _collate.default_collate(batch)
    finally:
        _collate._host.on = False
