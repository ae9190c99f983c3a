"""jtorch.utils.data: collation parity with PyTorch (tests/reference/data.json), samplers,
datasets, DataLoader options and errors, thread and spawned-process workers (exceptions,
early exit, no leaks), the one-gather fast path, reproducible shuffling, and the seeds' data
code (shared/seeds/002, 003)."""
import collections
import os
import sys
import threading
import time
import warnings

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import jtorch as torch
import jtorch.utils.data as data
from jtorch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, Dataset,
                               IterableDataset, RandomSampler, SequentialSampler,
                               StackDataset,
                               Subset, SubsetRandomSampler, TensorDataset,
                               WeightedRandomSampler, default_collate, default_convert,
                               get_worker_info, random_split)
from jtorch.utils.data._utils import fetch as _fetch
from conftest import assert_matches, load_reference

REF = load_reference("data")
Point = collections.namedtuple("Point", ["x", "y"])


class It(IterableDataset):
    def __iter__(self):
        return iter(range(3))


class It2(IterableDataset):
    pass


class BadSubset(Subset):
    def __getitem__(self, i):
        return 0


def _ns():
    ns = {"torch": torch, "np": np, "C": default_collate, "V": default_convert,
          "Point": Point, "It": It, "It2": It2, "BadSubset": BadSubset}
    ns.update({k: getattr(data, k) for k in data.__all__ if not k.startswith("_")})
    return ns


def check(got, want):
    """Compare a jtorch result with gen_data.describe's record of PyTorch's."""
    (kind, val), = [(k, v) for k, v in want.items() if k not in ("dtype", "type", "items")] \
        or [("namedtuple", want["namedtuple"])]
    if kind == "tensor":
        assert_matches(got, val, rtol=0, atol=0)
    elif kind == "namedtuple":
        assert type(got).__name__ == val and isinstance(got, tuple) and hasattr(got, "_fields")
        assert len(got) == len(want["items"])
        for g, w in zip(got, want["items"]):
            check(g, w)
    elif kind == "dict":
        assert isinstance(got, dict) and list(got) == list(val)
        for k in val:
            check(got[k], val[k])
    elif kind in ("list", "tuple"):
        assert type(got).__name__ == kind, (type(got), kind)
        assert len(got) == len(val)
        for g, w in zip(got, val):
            check(g, w)
    elif kind == "ndarray":
        assert isinstance(got, np.ndarray) and got.tolist() == val and str(got.dtype) == \
            want["dtype"]
    elif kind == "bytes":
        assert got == val.encode()
    else:
        assert got == val and type(got).__name__ == want["type"], (got, want)


@pytest.mark.parametrize("expr", list(REF["collate"]))
def test_collate_parity(expr, mode):
    check(eval(expr, _ns()), REF["collate"][expr])


@pytest.mark.parametrize("expr", list(REF["structure"]))
def test_structure_parity(expr, mode):
    check(eval(expr, _ns()), REF["structure"][expr])


@pytest.mark.parametrize("expr", list(REF["collate_errors"]) + list(REF["errors"]))
def test_error_parity(expr):
    exc_name, msg = {**REF["collate_errors"], **REF["errors"]}[expr]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(Exception) as info:
            eval(expr, _ns())
    assert type(info.value).__name__ == exc_name
    if expr == "It2()":   # Python's own message (PyTorch's run was on 3.11; 3.12 reworded it)
        msg = _abstract_message()
    assert str(info.value) == msg


def _abstract_message():
    """What this Python says when an IterableDataset without __iter__ is instantiated."""
    import abc

    class It2(abc.ABC):
        @abc.abstractmethod
        def __iter__(self):
            pass
    try:
        It2()
    except TypeError as e:
        return str(e)


def test_collate_mismatched_shapes_in_loader():
    ds = [np.zeros(3), np.zeros(3), np.zeros(4)]
    with pytest.raises(RuntimeError, match=r"stack expects each tensor to be equal size, but "
                       r"got \[3\] at entry 0 and \[4\] at entry 2"):
        list(DataLoader(ds, batch_size=3))


def test_collate_pending_and_grad_tensors_use_recorded_stack():
    a = torch.ones(2, requires_grad=True)
    out = default_collate([a * 2, a * 3])
    assert out.requires_grad and out.shape == (2, 2)
    out.sum().backward()
    assert a.grad.tolist() == [5.0, 5.0]


def test_collate_fn_map_extension():
    class Custom:
        pass

    def collate_custom(batch, *, collate_fn_map=None):
        return len(batch)

    m = dict(data.default_collate_fn_map)
    m[Custom] = collate_custom
    assert data.collate([(Custom(), 1), (Custom(), 2)], collate_fn_map=m)[0] == 2


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 6), st.lists(st.integers(1, 4), min_size=0, max_size=3),
       st.sampled_from(["float32", "int64", "uint8", "float64"]))
def test_collate_numpy_matches_stack(n, shape, dt):
    rng = np.random.default_rng(n)
    arrs = [(rng.random(shape) * 100).astype(dt) for _ in range(n)]
    out = default_collate(arrs)
    assert str(out.dtype) == f"torch.{dt}"
    np.testing.assert_array_equal(out.numpy(), np.stack(arrs))


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 50), st.integers(1, 9), st.booleans())
def test_batch_sampler_property(n, bs, drop_last):
    batches = list(BatchSampler(range(n), bs, drop_last))
    assert len(batches) == len(BatchSampler(range(n), bs, drop_last))
    flat = [i for b in batches for i in b]
    assert flat == list(range(len(flat)))
    assert all(len(b) == bs for b in batches[:-1])
    assert len(flat) == (n - n % bs if drop_last else n)


# ---- samplers and random_split -----------------------------------------------------------------
def test_random_sampler_reproducible_under_manual_seed():
    torch.manual_seed(0)
    a = list(RandomSampler(range(40)))
    b = list(RandomSampler(range(40)))
    torch.manual_seed(0)
    assert list(RandomSampler(range(40))) == a
    assert list(RandomSampler(range(40))) == b
    assert a != b and sorted(a) == list(range(40))


def test_random_sampler_generator_draws_and_advances():
    g1, g2 = torch.Generator().manual_seed(3), torch.Generator().manual_seed(3)
    s1, s2 = RandomSampler(range(40), generator=g1), RandomSampler(range(40), generator=g2)
    a = list(s1)
    assert list(s2) == a and list(s1) == list(s2) != a  # same state, same order; then advanced
    st_before = g1.get_state()
    list(s1)
    assert g1.get_state().tolist() != st_before.tolist()
    g1.set_state(st_before)
    assert list(s1) == list(s2)
    x = torch.rand(3) * 2  # drawing an order never syncs the pending graph
    list(RandomSampler(range(40)))
    assert x._nd.value is None or torch.runtime.config["eager"]


def test_random_sampler_num_samples_and_replacement():
    g = torch.Generator().manual_seed(1)
    out = list(RandomSampler(range(40), num_samples=90, generator=g))
    assert len(out) == 90 and sorted(out[:40]) == list(range(40)) and sorted(out[40:80]) == \
        list(range(40)) and len(set(out[80:])) == 10
    rep = list(RandomSampler(range(3), replacement=True, num_samples=100, generator=g))
    assert len(rep) == 100 and set(rep) == {0, 1, 2}


def test_subset_random_and_weighted_samplers():
    g = torch.Generator().manual_seed(5)
    out = list(SubsetRandomSampler(list(range(100, 140)), generator=g))
    assert sorted(out) == list(range(100, 140)) and out != sorted(out)
    assert len(SubsetRandomSampler([1, 2])) == 2
    w = list(WeightedRandomSampler([0.0, 1.0, 0.0, 3.0], 200, generator=g))
    assert set(w) == {1, 3} and w.count(3) > w.count(1)


def test_random_split_reproducible_and_disjoint():
    parts = random_split(range(40), [0.5, 0.3, 0.2], generator=torch.Generator().manual_seed(7))
    again = random_split(range(40), [20, 12, 8], generator=torch.Generator().manual_seed(7))
    assert [list(p) for p in parts] == [list(p) for p in again]
    assert sorted(i for p in parts for i in p) == list(range(40))
    torch.manual_seed(1)
    a = [list(p) for p in random_split(range(10), [5, 5])]
    torch.manual_seed(1)
    assert [list(p) for p in random_split(range(10), [5, 5])] == a
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        assert [len(p) for p in random_split(range(2), [0.1, 0.1, 0.8])] == [1, 0, 1]


# ---- datasets -----------------------------------------------------------------------------------
def test_tensor_dataset_and_index_past_end():
    x, y = torch.arange(12).reshape(6, 2), torch.arange(6) * 10
    ds = TensorDataset(x, y)
    assert len(ds) == 6
    a, b = ds[4]
    assert a.tolist() == [8, 9] and b.item() == 40
    with pytest.raises(IndexError, match="index 6 is out of bounds for dimension 0 with size 6"):
        ds[6]
    loader = DataLoader(ds, batch_size=4, sampler=[0, 7])
    with pytest.raises(IndexError, match="index 7 is out of bounds for dimension 0 with size 6"):
        list(loader)


def test_map_dataset_index_past_end_in_worker():
    class Short(Dataset):
        def __len__(self):
            return 10   # lies: only 5 items exist

        def __getitem__(self, i):
            return [0, 1, 2, 3, 4][i]

    with pytest.raises(IndexError, match="Caught IndexError in DataLoader worker process "):
        list(DataLoader(Short(), batch_size=4, num_workers=2))


def test_concat_chain_stack_subset():
    c = ConcatDataset([range(3), range(10, 14)]) + range(100, 101)
    assert [c[i] for i in range(len(c))] == [0, 1, 2, 10, 11, 12, 13, 100]

    class Gen(IterableDataset):
        def __init__(self, n):
            self.n = n

        def __iter__(self):
            return iter(range(self.n))

        def __len__(self):
            return self.n

    ch = Gen(2) + Gen(3)
    assert isinstance(ch, ChainDataset) and list(ch) == [0, 1, 0, 1, 2] and len(ch) == 5
    s = StackDataset(x=range(5), y=range(5, 10))
    assert s.__getitems__([1, 4]) == [{"x": 1, "y": 6}, {"x": 4, "y": 9}]
    sub = Subset(range(10, 20), [3, 1])
    assert [sub[0], sub[1]] == [13, 11]
    tsub = Subset(TensorDataset(torch.arange(10, 20)), [3, 1])
    assert tsub[[0, 1]][0].tolist() == [13, 11]  # a list index goes to the dataset at once


# ---- DataLoader ---------------------------------------------------------------------------------
def test_shuffle_reproducible_under_manual_seed_and_generator():
    ds = TensorDataset(torch.arange(40))

    def epoch(**kw):
        return [b[0].tolist() for b in DataLoader(ds, batch_size=8, shuffle=True, **kw)]

    torch.manual_seed(123)
    a1, a2 = epoch(), epoch()
    torch.manual_seed(123)
    assert epoch() == a1 and epoch() == a2 and a1 != a2
    assert sorted(sum(a1, [])) == list(range(40))
    g = torch.Generator().manual_seed(9)
    b1 = epoch(generator=g)
    g.manual_seed(9)
    assert epoch(generator=g) == b1
    g.manual_seed(9)
    assert epoch(generator=g, num_workers=2) == b1  # same order with workers


def test_batch_size_none_and_custom_collate_and_sampler():
    ds = [np.float32(i) for i in range(5)]
    out = list(DataLoader(ds, batch_size=None))
    assert [o.item() for o in out] == [0, 1, 2, 3, 4] and str(out[0].dtype) == "torch.float32"
    got = list(DataLoader(range(6), batch_size=4, collate_fn=lambda b: sum(b)))
    assert got == [6, 9]
    got = [b.tolist() for b in DataLoader(range(6), batch_size=2, sampler=[5, 4, 3, 2])]
    assert got == [[5, 4], [3, 2]]


def test_getitems_called_once_per_batch():
    class Batched(Dataset):
        calls = []

        def __len__(self):
            return 10

        def __getitem__(self, i):
            raise AssertionError("__getitem__ must not be called")

        def __getitems__(self, idx):
            self.calls.append(list(idx))
            return [np.full(2, i, np.float32) for i in idx]

    ds = Batched()
    out = list(DataLoader(ds, batch_size=4))
    assert ds.calls == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert out[2].tolist() == [[8, 8], [9, 9]]


def test_fast_path_one_gather_per_batch(monkeypatch):
    calls, eager = [], []
    real, real_jit, real_host = _fetch.gather_rows, _fetch._take_rows_jit, _fetch.host_take

    def counting(tensors, idx):
        calls.append(len(idx))
        return real(tensors, idx)

    def counting_jit(idx, *arrays):   # an accelerator's gather: one jitted call per batch
        eager.append(len(idx))
        return real_jit(idx, *arrays)

    def counting_host(array, idx, dev):   # the CPU's: one NumPy take per tensor
        if array is X._nd.value:
            eager.append(len(idx))
        return real_host(array, idx, dev)

    monkeypatch.setattr(_fetch, "gather_rows", counting)
    monkeypatch.setattr(_fetch, "_take_rows_jit", counting_jit)
    monkeypatch.setattr(_fetch, "host_take", counting_host)

    class Counting(TensorDataset):
        n = 0

        def __getitem__(self, i):
            Counting.n += 1
            return super().__getitem__(i)

    X = torch.randn(40, 5)
    Y = torch.arange(40)
    ds = Counting(X, Y)
    g = torch.Generator().manual_seed(0)
    batches = list(DataLoader(ds, batch_size=16, shuffle=True, generator=g))
    assert Counting.n == 0 and calls == [16, 16, 8]
    # X was still pending (deferred randn): each gather was one recorded node; once X is
    # computed, each batch is one gather outside the graph
    if not torch.runtime.config["eager"]:  # (JTORCH_EAGER=1 runs every op at once)
        assert eager == [] and batches[0][0]._nd.value is None
    torch.sync()
    calls.clear()
    eager.clear()
    list(DataLoader(ds, batch_size=16, shuffle=True, generator=g))
    assert calls == eager == [16, 16, 8]
    idx = torch.cat([b[1] for b in batches])
    np.testing.assert_array_equal(torch.cat([b[0] for b in batches]).numpy(),
                                  X.numpy()[idx.numpy()])
    assert isinstance(batches[0], list)  # PyTorch's collate turns the sample tuples into a list
    # Subset (random_split) and StackDataset of TensorDatasets keep the fast path
    calls.clear()
    eager.clear()
    tr, _ = random_split(ds, [0.8, 0.2], generator=g)
    assert len(list(DataLoader(tr, batch_size=16))) == 2 and calls == [16, 16]
    calls.clear()
    sd = list(DataLoader(StackDataset(a=ds, b=TensorDataset(X * 2)), batch_size=20))
    assert len(calls) == 4 and Counting.n == 0
    np.testing.assert_allclose(sd[1]["b"][0].numpy(), X.numpy()[20:] * 2)
    # a custom collate_fn sees PyTorch's per-sample list instead
    got = list(DataLoader(TensorDataset(Y), batch_size=3, collate_fn=lambda b: len(b)))
    assert got[:2] == [3, 3]


def _draw_trace(batches, g):
    """Each batch with the states of `g` and of the default generator right after it."""
    out = []
    for b in batches:
        out.append((np.asarray(b).tolist(), g.get_state().tolist(),
                    torch.get_rng_state().tolist()))
    return out


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 30), st.integers(1, 8), st.booleans(),
       st.sampled_from(["seq", "perm", "more", "fewer", "repl"]), st.booleans())
def test_index_batches_match_batch_sampler_draw_for_draw(n, bs, drop_last, kind, shared):
    """The fast path's NumPy index batches: the same batches as BatchSampler.__iter__, with
    every generator draw at the same point of the iteration (the trailing permutation a pass of
    exactly num_samples draws included)."""
    def sampler(g):
        if kind == "seq":
            return SequentialSampler(range(n))
        kw = {"more": {"num_samples": 2 * n + 1}, "fewer": {"num_samples": max(1, n // 2)},
              "repl": {"replacement": True, "num_samples": n + 3}}.get(kind, {})
        return RandomSampler(range(n), generator=g if shared else None, **kw)

    traces = []
    for fast in (False, True):
        g = torch.Generator().manual_seed(11)
        torch.manual_seed(5)
        bsamp = BatchSampler(sampler(g), bs, drop_last)
        it = bsamp._index_batches(n) if fast else iter(bsamp)
        traces.append(_draw_trace(it, g))
    assert traces[0] == traces[1]
    assert all(type(b) is data.sampler.CheckedIndices for b in
               BatchSampler(sampler(None), bs, drop_last)._index_batches(n))
    # a sampler over a larger source: its batches are not marked as checked for this size
    big = BatchSampler(SequentialSampler(range(n + 5)), bs, drop_last)._index_batches(n)
    assert all(type(b) is np.ndarray for b in big)
    # subclasses keep their own __iter__
    class MyBatches(BatchSampler):
        pass
    assert MyBatches(sampler(None), bs, drop_last)._index_batches(n) is None


def test_loader_fast_path_same_batches_and_draws_as_generic_path():
    X = torch.arange(70 * 3, dtype=torch.float32).reshape(70, 3)
    ds = TensorDataset(X, torch.arange(70))

    class Plain(RandomSampler):   # not the exact class: the generic per-index path
        pass

    def run(sampler_cls, **kw):
        g = torch.Generator().manual_seed(3)
        torch.manual_seed(21)
        loader = DataLoader(ds, batch_size=16, sampler=sampler_cls(ds, generator=g, **kw),
                            generator=g)
        out = [(xb.tolist(), yb.tolist(), g.get_state().tolist()) for xb, yb in loader]
        return out + [g.get_state().tolist(), torch.get_rng_state().tolist()]

    for kw in ({}, {"num_samples": 150}, {"replacement": True, "num_samples": 40}):
        assert run(RandomSampler, **kw) == run(Plain, **kw)
    a = [b[1].tolist() for b in DataLoader(ds, batch_size=16, drop_last=True)]
    assert a == [list(range(i, i + 16)) for i in range(0, 64, 16)]
    # a user sampler reaching past the dataset still raises PyTorch's IndexError
    loader = DataLoader(ds, batch_size=16, sampler=SequentialSampler(range(80)))
    with pytest.raises(IndexError, match="index 70 is out of bounds for dimension 0 with size 70"):
        list(loader)


def test_host_gather_buffers_never_overwrite_live_batches():
    """CPU batches are gathered into recycled host buffers that JAX adopts: a buffer is reused
    only once nothing refers to it (the batch, a NumPy view of it, a tensor derived from it)."""
    rng = np.random.default_rng(0)
    Xn = rng.random((500, 33), dtype=np.float32)
    X, Y = torch.from_numpy(Xn.copy()), torch.arange(500)
    loader = DataLoader(TensorDataset(X, Y), batch_size=20, shuffle=True)
    kept, views, ids = [], [], []
    for i, (xb, yb) in enumerate(loader):
        if i % 3 == 0:
            kept.append((xb, yb))
        elif i % 3 == 1:
            views.append((xb.numpy(), yb.numpy()))   # the tensor itself is dropped
        ids.append(yb)
        del xb, yb
    for epoch in range(2):   # more batches through the same buffers
        for xb, yb in loader:
            xb.add_(1000.0)   # in-place on a batch: the old value is donated or copied
    for xb, yb in kept:
        np.testing.assert_array_equal(xb.numpy(), Xn[yb.numpy()])
    for xv, yv in views:
        np.testing.assert_array_equal(xv, Xn[yv])
    assert sorted(torch.cat(ids).tolist()) == list(range(500))
    np.testing.assert_array_equal(X.numpy(), Xn)   # the dataset itself is untouched


def test_put_host_matches_device_put():
    import jax
    from jtorch.utils.data._utils.collate import put_host
    cpu = jax.devices("cpu")[0]
    for a in (np.arange(6, dtype=np.int64).reshape(2, 3), np.ones((0, 4), np.float32),
              np.array(True), np.linspace(0, 1, 7).astype(np.float16)):
        got, want = put_host(a, cpu), jax.device_put(a, cpu)
        assert (got.shape, got.dtype, got.devices(), got.committed) == \
            (want.shape, want.dtype, want.devices(), want.committed)
        np.testing.assert_array_equal(np.asarray(got), a)


def test_fast_path_keeps_autograd():
    w = torch.ones(6, 2, requires_grad=True)
    ds = TensorDataset(w * 3)
    (b,), = list(DataLoader(ds, batch_size=6, sampler=[[5, 0]], batch_size_none=None)) \
        if False else [list(DataLoader(ds, batch_sampler=[[5, 0]]))[0]]
    assert b.requires_grad
    b.sum().backward()
    assert w.grad.tolist() == [[3.0, 3.0]] + [[0.0, 0.0]] * 4 + [[3.0, 3.0]]


def _threads():
    return {t for t in threading.enumerate() if t.name.startswith("jtorch_data_worker")}


class Slowish(Dataset):
    def __init__(self, n=64, fail_at=None):
        self.n, self.fail_at = n, fail_at

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        if i == self.fail_at:
            raise ValueError(f"bad sample {i}")
        w = get_worker_info()
        return np.full(2, i, np.float32), (-1 if w is None else w.id)


def test_workers_parallel_results_in_order_and_worker_info():
    assert get_worker_info() is None
    out = list(DataLoader(Slowish(40), batch_size=4, num_workers=2))
    assert torch.cat([b[0][:, 0] for b in out]).tolist() == list(range(40))
    ids = [int(b[1][0]) for b in out]
    assert ids == [i % 2 for i in range(10)]  # round-robin, in sampler order
    assert not _threads()


def test_worker_exception_surfaces_with_traceback_and_no_leak():
    with pytest.raises(ValueError) as info:
        for _ in DataLoader(Slowish(64, fail_at=13), batch_size=4, num_workers=2):
            pass
    msg = str(info.value)
    assert msg.startswith("Caught ValueError in DataLoader worker process 1.\nOriginal Traceback"
                          " (most recent call last):")
    assert "bad sample 13" in msg and "__getitem__" in msg
    assert not _threads()  # stopped although the exception (and its traceback) is still held
    it = iter(DataLoader(Slowish(12, fail_at=5), batch_size=2, num_workers=2))
    got = []
    for _ in range(6):
        try:
            got.append(next(it)[0][:, 0].tolist())
        except ValueError:
            got.append("error")
    assert got == [[0, 1], [2, 3], "error", [6, 7], [8, 9], [10, 11]]  # usable after an error
    del it
    assert not _threads()


def test_key_error_message_readable():
    class K(Dataset):
        def __len__(self):
            return 2

        def __getitem__(self, i):
            return {}["missing"]

    with pytest.raises(KeyError) as info:
        list(DataLoader(K(), num_workers=1))
    assert repr(info.value).startswith("KeyError(Caught KeyError in DataLoader worker process 0")


def test_early_break_and_exhaustion_leave_no_threads():
    before = threading.active_count()
    for i, _ in enumerate(DataLoader(Slowish(200), batch_size=2, num_workers=2)):
        if i == 3:
            break
    assert not _threads() and threading.active_count() == before
    it = iter(DataLoader(Slowish(8), batch_size=2, num_workers=2))
    next(it)
    del it
    assert not _threads()


def test_timeout_raises():
    class Stuck(Dataset):
        def __len__(self):
            return 4

        def __getitem__(self, i):
            time.sleep(0.6)
            return i

    t0 = time.time()
    with pytest.raises(RuntimeError, match=r"DataLoader timed out after 0.2 seconds"):
        next(iter(DataLoader(Stuck(), num_workers=1, timeout=0.2)))
    assert time.time() - t0 < 3


def test_worker_init_fn_seed_and_dataset_copies():
    class Ranged(IterableDataset):
        def __init__(self, start, end):
            self.start, self.end = start, end

        def __iter__(self):
            return iter(range(self.start, self.end))

    def init(worker_id):
        info = get_worker_info()
        ds = info.dataset
        per = (ds.end - ds.start) // info.num_workers
        ds.start, ds.end = ds.start + worker_id * per, ds.start + (worker_id + 1) * per
        assert info.worker_method == "thread" and info.rng is not None

    ds = Ranged(0, 8)
    out = sorted(int(x) for x in DataLoader(ds, num_workers=2, worker_init_fn=init))
    assert out == list(range(8)) and (ds.start, ds.end) == (0, 8)

    def seeds(worker_id):
        seen.append((worker_id, get_worker_info().seed))

    seen = []
    g = torch.Generator().manual_seed(4)
    list(DataLoader(range(4), num_workers=2, worker_init_fn=seeds, generator=g))
    base = min(s for _, s in seen)
    assert sorted(seen) == [(0, base), (1, base + 1)]


def test_worker_init_fn_error_and_iterable_with_workers():
    def bad(worker_id):
        raise RuntimeError("init failed")

    with pytest.raises(RuntimeError, match="Caught RuntimeError in DataLoader worker process 0"):
        list(DataLoader(range(4), num_workers=1, worker_init_fn=bad))

    class Shard(IterableDataset):
        def __iter__(self):
            w = get_worker_info()
            return iter(range(w.id, 10, w.num_workers))

    out = sorted(int(v) for b in DataLoader(Shard(), batch_size=3, num_workers=2) for v in b)
    assert out == list(range(10))


def test_persistent_workers_and_prefetch_factor():
    loader = DataLoader(Slowish(12), batch_size=3, num_workers=2, persistent_workers=True,
                        prefetch_factor=1)
    first = [b[0][:, 0].tolist() for b in loader]
    threads = _threads()
    assert len(threads) == 2
    second = [b[0][:, 0].tolist() for b in loader]
    assert first == second and _threads() == threads  # the same worker threads
    loader._iterator._shutdown_workers()
    assert not _threads()


def test_pin_memory_without_accelerator_warns():
    if torch.cuda.is_available():
        x = next(iter(DataLoader(TensorDataset(torch.zeros(4, 2)), batch_size=2,
                                 pin_memory=True)))[0]
        assert x.is_cuda
        return
    with pytest.warns(UserWarning, match="'pin_memory' argument is set as true but no "
                      "accelerator is found"):
        x = next(iter(DataLoader(range(4), batch_size=2, pin_memory=True)))
    assert x.device.type == "cpu"


def test_in_order_false_and_len():
    loader = DataLoader(Slowish(20), batch_size=5, num_workers=2, in_order=False)
    assert len(loader) == 4
    got = sorted(int(v) for b in loader for v in b[0][:, 0])
    assert got == list(range(20))


def test_too_many_workers_warns():
    n = (os.cpu_count() or 1) + 1
    with pytest.warns(UserWarning, match=f"This DataLoader will create {n} worker processes"):
        DataLoader(range(3), num_workers=n)


def test_fork_context_runs_as_spawn():
    with pytest.warns(UserWarning, match="forking a process that runs JAX is unsafe"):
        dl = DataLoader(range(3), num_workers=1, multiprocessing_context="fork")
    assert dl.multiprocessing_context.get_start_method() == "spawn"


# ---- spawned process workers --------------------------------------------------------------------
@pytest.mark.parametrize("method", ["spawn", "forkserver"])
def test_spawned_process_workers(tmp_path, method):
    flag = tmp_path / "fail_now"
    sys.path.insert(0, str(tmp_path))
    (tmp_path / "procds.py").write_text(
        "import os\nimport numpy as np\nimport jtorch as torch\n"
        "from jtorch.utils.data import Dataset, get_worker_info\n"
        "class D(Dataset):\n"
        "    def __init__(self, n, flag):\n"
        "        self.n, self.flag = n, flag\n"
        "    def __len__(self):\n        return self.n\n"
        "    def __getitem__(self, i):\n"
        "        if i == 7 and os.path.exists(self.flag):\n"
        "            raise ValueError('bad %d' % i)\n"
        "        w = get_worker_info()\n"
        "        return torch.tensor([float(i)]), os.getpid(), w.worker_method\n")
    try:
        import procds
        loader = DataLoader(procds.D(12, str(flag)), batch_size=3, num_workers=2,
                            multiprocessing_context=method, persistent_workers=True)
        out = list(loader)
        assert torch.cat([b[0][:, 0] for b in out]).tolist() == [float(i) for i in range(12)]
        pids = {int(p) for b in out for p in b[1]}
        assert len(pids) == 2 and os.getpid() not in pids
        assert list(out[0][2]) == ["multiprocessing"] * 3
        assert [b[0].tolist() for b in loader] == [b[0].tolist() for b in out]  # 2nd epoch
        flag.write_text("1")
        with pytest.raises(ValueError, match=r"(?s)Caught ValueError in DataLoader worker "
                                             r"process 0\.\nOriginal Traceback.*bad 7"):
            list(loader)
        procs = loader._iterator._workers
        assert all(p.is_alive() for p in procs)  # persistent workers outlive an error
        loader._iterator._shutdown_workers()
        assert not any(p.is_alive() for p in procs)
        if method == "forkserver":   # the server never imports the main script (nor JAX's
            from multiprocessing import forkserver   # backend): workers prepare themselves
            assert "__main__" not in forkserver._forkserver._preload_modules
        # a TensorDataset's batches are gathered in the worker and come back as NumPy
        ds = TensorDataset(torch.arange(20.0).reshape(10, 2), torch.arange(10))
        got = list(DataLoader(ds, batch_size=4, shuffle=True, num_workers=2,
                              multiprocessing_context=method,
                              generator=torch.Generator().manual_seed(2)))
        want = list(DataLoader(ds, batch_size=4, shuffle=True,
                               generator=torch.Generator().manual_seed(2)))
        assert [[t.tolist() for t in b] for b in got] == [[t.tolist() for t in b] for b in want]
    finally:
        sys.path.remove(str(tmp_path))


def test_forkserver_that_may_run_jax_is_not_used(monkeypatch):
    import multiprocessing
    from multiprocessing import forkserver
    from jtorch.utils.data import dataloader as dl

    class Running:   # a server someone else started, preloading the main script
        _forkserver_pid = 12345
        _preload_modules = ["__main__"]

    monkeypatch.setattr(forkserver, "_forkserver", Running())
    monkeypatch.setattr(dl, "_forkserver_ours", [])
    with pytest.warns(UserWarning, match="preloads '__main__'.*started with 'spawn' instead"):
        ctx = dl._safe_context(multiprocessing.get_context("forkserver"))
    assert ctx.get_start_method() == "spawn"

    class NotStarted:
        _forkserver_pid = None
        _preload_modules = ["__main__", "mymod"]

    server = NotStarted()
    monkeypatch.setattr(forkserver, "_forkserver", server)
    ctx = dl._safe_context(multiprocessing.get_context("forkserver"))
    assert ctx.get_start_method() == "forkserver"
    assert server._preload_modules == ["mymod", "numpy", "jax"]


def test_spawn_needs_picklable_dataset():
    with pytest.raises(Exception, match="need a picklable dataset"):
        iter(DataLoader(range(3), num_workers=1, multiprocessing_context="spawn",
                        collate_fn=lambda b: b))


# ---- the seeds' data code -----------------------------------------------------------------------
def test_seed_002_toy_set_transforms_and_loader():
    from jtorch.vision import transforms

    class toy_set(Dataset):
        def __init__(self, length=100, transform=None):
            self.len = length
            self.x = 2 * torch.ones(length, 2)
            self.y = torch.ones(length, 1)
            self.transform = transform

        def __len__(self):
            return self.len

        def __getitem__(self, index):
            sample = self.x[index], self.y[index]
            if self.transform:
                sample = self.transform(sample)
            return sample

    class add_mult(object):
        def __init__(self, addx=1, muly=2):
            self.addx, self.muly = addx, muly

        def __call__(self, sample):
            x, y = sample[0], sample[1]
            return x + self.addx, y * self.muly

    class mult(object):
        def __init__(self, mult=100):
            self.mult = mult

        def __call__(self, sample):
            return sample[0] * self.mult, sample[1] * self.mult

    data_set = toy_set()
    x, y = add_mult()(data_set[0])
    assert x.tolist() == [3.0, 3.0] and y.tolist() == [2.0]
    data_transform = transforms.Compose([add_mult(), mult()])
    x, y = data_transform(data_set[0])
    assert x.tolist() == [300.0, 300.0] and y.tolist() == [200.0]
    cust = toy_set(transform=data_transform)
    xs, ys = next(iter(DataLoader(cust, batch_size=4, num_workers=2)))
    assert xs.tolist() == [[300.0, 300.0]] * 4 and ys.tolist() == [[200.0]] * 4

    # linear regression with a batch_size=1 DataLoader and manual updates (seed 002)
    torch.manual_seed(0)
    X = torch.arange(-1, 1, 0.1).view(-1, 1)
    Y = -3 * X + 1
    trainloader = DataLoader(dataset=TensorDataset(X, Y), batch_size=1)
    w = torch.tensor(-15.0, requires_grad=True)
    b = torch.tensor(-10.0, requires_grad=True)
    lr = 0.1
    for _ in range(3):
        for x, y in trainloader:
            loss = torch.mean((w * x + b - y) ** 2)
            loss.backward()
            w.data = w.data - lr * w.grad.data
            b.data = b.data - lr * b.grad.data
            w.grad.data.zero_()
            b.grad.data.zero_()
    assert abs(w.item() + 3) < 1.0 and abs(b.item() - 1) < 1.0  # from (-15, -10)

    # d2l's load_array: TensorDataset + DataLoader(shuffle=is_train)
    def load_array(data_arrays, batch_size, is_train=True):
        dataset = data.TensorDataset(*data_arrays)
        return data.DataLoader(dataset, batch_size, shuffle=is_train)

    features, labels = torch.normal(0, 1, (1000, 2)), torch.normal(0, 1, (1000, 1))
    batches = list(load_array((features, labels), 10))
    assert len(batches) == 100 and batches[0][0].shape == (10, 2)
    assert sorted(torch.cat([b[1] for b in batches]).view(-1).tolist()) == \
        sorted(labels.view(-1).tolist())


def test_seed_003_custom_dataset_with_two_workers():
    class CustomDataset(Dataset):
        def __init__(self, data_size=100):
            self.X = np.random.rand(data_size, 3)
            self.y = self.X[:, 0] * 2 + self.X[:, 1] * 3 - self.X[:, 2] * 1.5

        def __len__(self):
            return len(self.X)

        def __getitem__(self, idx):
            features = torch.tensor(self.X[idx], dtype=torch.float32)
            target = torch.tensor(self.y[idx], dtype=torch.float32)
            return features, target

    dataset = CustomDataset(1000)
    dataloader = DataLoader(dataset, batch_size=32, shuffle=True, num_workers=2)
    seen = 0
    for batch_idx, (inputs, targets) in enumerate(dataloader):
        assert inputs.shape == (32, 3) and targets.shape == (32,)
        np.testing.assert_allclose(
            targets.numpy(), (inputs[:, 0] * 2 + inputs[:, 1] * 3 - inputs[:, 2] * 1.5).numpy(),
            rtol=1e-5, atol=1e-5)
        seen += 1
        if batch_idx == 1:
            break
    assert seen == 2 and len(dataloader) == 32
    assert not _threads()
    full = list(dataloader)
    assert sum(len(t) for _, t in full) == 1000
