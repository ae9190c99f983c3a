"""torch.utils.data samplers: Sampler, SequentialSampler, RandomSampler, SubsetRandomSampler,
WeightedRandomSampler, BatchSampler, with PyTorch's arguments, checks and messages.

Randomness comes from jtorch's generators exactly where PyTorch draws from torch's, with
PyTorch's draws: an unseeded RandomSampler draws a 64-bit seed from the default generator
(`torch.empty((), dtype=torch.int64).random_()`) and permutes with a fresh generator seeded by
it (`torch.randperm`), so under `torch.manual_seed(s)` every shuffle is PyTorch's. The draws are
made on the host from the generator's Mersenne Twister (jtorch/_mt19937.py) as NumPy arrays:
no device round trip, and the user's pending graph is never materialised. A generator that
cannot draw on the host (a CUDA one) falls back to `host_stream`, a NumPy PCG64 stream keyed by
its (seed, position): reproducible, not PyTorch's values.
"""
import itertools
from typing import Generic, TypeVar

import numpy as np

from ... import _mt19937 as _mt
from ..._classrepr import torch_object_repr

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler"]

T_co = TypeVar("T_co", covariant=True)


class Sampler(Generic[T_co]):
    """Base class of samplers: `__iter__` yields indices (or lists of indices)."""

    def __iter__(self):
        raise NotImplementedError

    __repr__ = torch_object_repr


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source):
        self.data_source = data_source

    def __iter__(self):
        return iter(range(len(self.data_source)))

    def __len__(self):
        return len(self.data_source)

    def _index_chunks(self):
        """The indices of one pass as NumPy int64 arrays (see BatchSampler._index_batches)."""
        yield np.arange(len(self.data_source), dtype=np.int64)


_M32 = 0xFFFFFFFF
_TAG = 0x6A744461   # separates these streams from other host streams keyed by a generator


def host_stream(generator=None):
    """A NumPy Generator for one draw of `generator` (the default generator when None): keyed by
    its (seed, position), after which the generator advances by one step."""
    if generator is None:
        from ...random import default_generator as generator
    off = generator._offset
    if type(off) is not int:  # position traced inside a compiled step: draw through the device
        from ... import empty, int64
        return np.random.default_rng(
            int(empty((), dtype=int64).random_(generator=generator).item()))
    s = generator._seed
    rng = np.random.default_rng([s & _M32, s >> 32, off & _M32, off >> 32, _TAG])
    generator.advance()
    return rng


def _engine(generator):
    if generator is None:
        from ...random import default_generator as generator
    return generator.host_engine()


def _draw_seed(generator=None):
    """A seed in [0, 2**63) drawn from `generator` (PyTorch: `torch.empty((),
    dtype=torch.int64).random_(generator=...).item()`), without a device round trip."""
    mt = _engine(generator)
    if mt is None:
        return int(host_stream(generator).integers(0, 1 << 63))
    return int(_mt.random_default(mt, 1, np.dtype(np.int64))[0])


def host_randperm(n, generator=None):
    """`torch.randperm(n, generator=generator)` as a NumPy int64 array."""
    mt = _engine(generator)
    if mt is None:
        return host_stream(generator).permutation(n)
    return _mt.randperm(mt, n)


def _host_randint(high, size, generator):
    """`torch.randint(high=high, size=(size,), generator=generator)` as a NumPy array."""
    mt = _engine(generator)
    if mt is None:
        return host_stream(generator).integers(0, high, size)
    return _mt.random_from_to(mt, size, np.dtype(np.int64), 0, high)


def _fresh_generator(seed):
    from ... import Generator
    g = Generator()
    g.manual_seed(seed)
    return g


class RandomSampler(Sampler):
    """A random permutation of the dataset each epoch (or `num_samples` draws with
    replacement); `generator` makes it reproducible."""

    def __init__(self, data_source, replacement=False, num_samples=None, generator=None):
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator
        if not isinstance(self.replacement, bool):
            raise TypeError("replacement should be a boolean value, but got "
                            f"replacement={self.replacement}")
        if not isinstance(self.num_samples, int) or self.num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={self.num_samples}")

    @property
    def num_samples(self):
        if self._num_samples is None:
            return len(self.data_source)
        return self._num_samples

    def __iter__(self):
        for chunk in self._index_chunks():
            yield from chunk.tolist()

    def _index_chunks(self):
        """The indices of one pass as NumPy int64 arrays, each drawn exactly when __iter__
        reaches it (__iter__ yields their elements)."""
        n = len(self.data_source)
        generator = self.generator
        if generator is None:
            generator = _fresh_generator(_draw_seed())
        if self.replacement:  # PyTorch draws 32 at a time
            for _ in range(self.num_samples // 32):
                yield _host_randint(n, 32, generator)
            yield _host_randint(n, self.num_samples % 32, generator)
        else:
            for _ in range(self.num_samples // n):
                yield host_randperm(n, generator)
            yield host_randperm(n, generator)[:self.num_samples % n]

    def __len__(self):
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in a random order, without replacement."""

    def __init__(self, indices, generator=None):
        self.indices = indices
        self.generator = generator

    def __iter__(self):
        for i in host_randperm(len(self.indices), self.generator).tolist():
            yield self.indices[i]

    def __len__(self):
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """Indices 0..len(weights)-1 drawn with probabilities proportional to `weights`
    (torch.multinomial, with or without replacement)."""

    def __init__(self, weights, num_samples, replacement=True, generator=None):
        if not isinstance(num_samples, int) or isinstance(num_samples, bool) or \
                num_samples <= 0:
            raise ValueError("num_samples should be a positive integer value, but got "
                             f"num_samples={num_samples}")
        if not isinstance(replacement, bool):
            raise ValueError("replacement should be a boolean value, but got "
                             f"replacement={replacement}")
        from ... import as_tensor, double
        weights_tensor = as_tensor(weights, dtype=double)
        if len(weights_tensor.shape) != 1:
            raise ValueError("weights should be a 1d sequence but given "
                             f"weights have shape {tuple(weights_tensor.shape)}")
        self.weights = weights_tensor
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self):
        from ... import multinomial
        rand_tensor = multinomial(self.weights, self.num_samples, self.replacement,
                                  generator=self.generator)
        yield from iter(rand_tensor.tolist())

    def __len__(self):
        return self.num_samples


class BatchSampler(Sampler):
    """Groups another sampler's indices into lists of `batch_size` (the last one shorter
    unless `drop_last`)."""

    def __init__(self, sampler, batch_size, drop_last):
        if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size <= 0:
            raise ValueError("batch_size should be a positive integer value, but got "
                             f"batch_size={batch_size}")
        if not isinstance(drop_last, bool):
            raise ValueError(f"drop_last should be a boolean value, but got drop_last={drop_last}")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self):
        sampler_iter = iter(self.sampler)
        if self.drop_last:
            args = [sampler_iter] * self.batch_size
            for batch in zip(*args):
                yield [*batch]
        else:
            batch = [*itertools.islice(sampler_iter, self.batch_size)]
            while batch:
                yield batch
                batch = [*itertools.islice(sampler_iter, self.batch_size)]

    def __len__(self):
        if self.drop_last:
            return len(self.sampler) // self.batch_size
        return (len(self.sampler) + self.batch_size - 1) // self.batch_size

    def _index_batches(self, size):
        """__iter__'s batches as NumPy int64 arrays, or None when this sampler cannot give them.

        For a BatchSampler over a SequentialSampler or RandomSampler (exact classes), as the
        DataLoader's fast path uses: one slice of the pass's index array per batch instead of
        batch_size Python ints. The sampler's draws happen at the same points of the iteration
        as in __iter__ (a chunk is pulled when a batch needs an index beyond the current one),
        so the generators' states, and hence every order, are identical. Batches cut from a
        chunk whose indices all lie in [0, size) are CheckedIndices."""
        if type(self) is not BatchSampler or \
                type(self.sampler) not in (SequentialSampler, RandomSampler):
            return None
        return _batched_chunks(self.sampler._index_chunks(), self.batch_size, self.drop_last,
                               size)


class CheckedIndices(np.ndarray):
    """An int64 index array known to lie in [0, bound): the DataLoader's fast path gathers
    with it from a dataset of size >= bound without checking each batch again. A copy that
    lost `bound` (one pickled to a worker process) is checked like any index array."""

    bound = None


_NO_INDICES = np.empty(0, np.int64)


def _batched_chunks(chunks, batch_size, drop_last, size):
    cur, pos, checked = _NO_INDICES, 0, False
    while True:
        if len(cur) - pos >= batch_size:   # the usual case: a slice of the current chunk
            b = cur[pos:pos + batch_size]
            pos += batch_size
            if checked:
                b.bound = size
            yield b
            continue
        need = batch_size
        parts = []
        while need:
            left = len(cur) - pos
            if not left:
                cur = next(chunks, None)
                if cur is None:
                    cur = _NO_INDICES
                    break
                pos = 0
                checked = bool(len(cur)) and 0 <= cur.min() and cur.max() < size
                if checked:
                    cur = cur.view(CheckedIndices)
                continue
            k = need if need < left else left
            parts.append((cur[pos:pos + k], checked))
            pos += k
            need -= k
        if need and (not parts or drop_last):   # the pass ended
            return
        if len(parts) == 1:
            b, ok = parts[0]
        else:
            b = np.concatenate([p.view(np.ndarray) for p, _ in parts])
            ok = all(c for _, c in parts)
            if ok:
                b = b.view(CheckedIndices)
        if ok:
            b.bound = size
        yield b
        if need:
            return
