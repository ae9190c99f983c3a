"""torch.nn.utils.rnn: PackedSequence, pack_padded_sequence, pad_packed_sequence, pad_sequence,
unpad_sequence, pack_sequence, unpack_sequence, invert_permutation.

Packing is data-dependent in shape, so the lengths are read on the host (PyTorch also requires
them on the CPU); the data movement itself is one recorded gather kernel per call, with
PyTorch's grad_fn names (PackPaddedSequenceBackward0, CopySlices).
"""
from collections import namedtuple
from collections.abc import Iterable

import jax
import jax.numpy as jnp
import numpy as np

from ... import _creation, _dtype
from ..._ops import dispatch
from ..._ops.elementwise import broadcast_shapes_cached
from ..._tensor import Tensor

__all__ = ["PackedSequence", "invert_permutation", "pack_padded_sequence", "pad_packed_sequence",
           "pad_sequence", "unpad_sequence", "pack_sequence", "unpack_sequence"]

PackedSequence_ = namedtuple("PackedSequence_",
                             ["data", "batch_sizes", "sorted_indices", "unsorted_indices"])


def bind(optional, fn):
    if optional is None:
        return None
    return fn(optional)


class PackedSequence(PackedSequence_):
    """Holds the data and batch_sizes of a packed batch of variable-length sequences."""

    def __new__(cls, data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
        return super().__new__(cls, *_packed_sequence_init_args(data, batch_sizes,
                                                                 sorted_indices,
                                                                 unsorted_indices))

    def pin_memory(self):
        return type(self)(self.data.pin_memory(), self.batch_sizes,
                          bind(self.sorted_indices, lambda t: t.pin_memory()),
                          bind(self.unsorted_indices, lambda t: t.pin_memory()))

    def to(self, *args, **kwargs):
        """Converts `data` (dtype and/or device); indices follow the device; batch_sizes stays
        on the CPU. Returns self when nothing changes."""
        data = self.data.to(*args, **kwargs)
        if data is self.data:
            return self
        dev = data.device

        def call_to(t):
            return t.to(dev)
        return type(self)(data, self.batch_sizes, bind(self.sorted_indices, call_to),
                          bind(self.unsorted_indices, call_to))

    def cuda(self, *args, **kwargs):
        kwargs.setdefault("device", "cuda")
        return self.to(*args, **kwargs)

    def cpu(self, *args, **kwargs):
        kwargs.setdefault("device", "cpu")
        return self.to(*args, **kwargs)

    def double(self):
        return self.to(dtype=_dtype.float64)

    def float(self):
        return self.to(dtype=_dtype.float32)

    def half(self):
        return self.to(dtype=_dtype.float16)

    def long(self):
        return self.to(dtype=_dtype.int64)

    def int(self):
        return self.to(dtype=_dtype.int32)

    def short(self):
        return self.to(dtype=_dtype.int16)

    def char(self):
        return self.to(dtype=_dtype.int8)

    def byte(self):
        return self.to(dtype=_dtype.uint8)

    @property
    def is_cuda(self):
        return self.data.is_cuda

    def is_pinned(self):
        return self.data.is_pinned()


def _packed_sequence_init_args(data, batch_sizes=None, sorted_indices=None,
                               unsorted_indices=None):
    if unsorted_indices is None:
        unsorted_indices = invert_permutation(sorted_indices)
    if batch_sizes is not None:
        if batch_sizes.device.type != "cpu":
            raise ValueError(
                "batch_sizes should always be on CPU. Instances of PackedSequence should never "
                "be created manually. They should be instantiated by functions like "
                "pack_sequence and pack_padded_sequences in nn.utils.rnn. "
                "https://pytorch.org/docs/stable/nn.html#torch.nn.utils.rnn.pack_sequence")
        return data, batch_sizes, sorted_indices, unsorted_indices
    if not (isinstance(data, (list, tuple)) and len(data) == 2):
        raise AssertionError("Expected data to be a list or tuple of length 2")
    return data[0], data[1], sorted_indices, unsorted_indices


def _packed_sequence_init(data, batch_sizes=None, sorted_indices=None, unsorted_indices=None):
    data, batch_sizes, sorted_indices, unsorted_indices = _packed_sequence_init_args(
        data, batch_sizes, sorted_indices, unsorted_indices)
    return PackedSequence(data, batch_sizes, sorted_indices, unsorted_indices)


def invert_permutation(permutation):
    """The inverse of a permutation (None stays None)."""
    if permutation is None:
        return None
    output = _creation.empty_like(permutation)
    output.scatter_(0, permutation, _creation.arange(0, permutation.numel(),
                                                     device=permutation.device))
    return output


# ---- kernels --------------------------------------------------------------------------------
def _pack_k(x, idx, *, batch_first):
    if batch_first:
        x = jnp.swapaxes(x, 0, 1)
    flat = x.reshape((-1,) + x.shape[2:])
    return flat[idx]


def _pad_k(data, idx, value, *, batch_first):
    ext = jnp.concatenate([data, jnp.full((1,) + data.shape[1:], value, data.dtype)])
    out = ext[idx]
    return jnp.swapaxes(out, 0, 1) if batch_first else out


def _pad_seq_k(value, *seqs, length, batch_first, left):
    padded = []
    for s in seqs:
        trailing = seqs[0].shape[1:]
        if s.shape[1:] != trailing:
            s = jnp.broadcast_to(s, (s.shape[0],) + trailing)  # as copy_ broadcasts
        n = length - s.shape[0]
        widths = [(n, 0) if left else (0, n)] + [(0, 0)] * (s.ndim - 1)
        padded.append(jnp.pad(s, widths, constant_values=jnp.asarray(value, s.dtype)))
    return jnp.stack(padded, axis=0 if batch_first else 1)


def _int_array(a, dev):
    return Tensor._from_array(jax.device_put(np.asarray(a, np.int32), dev), dev)


def _host_lengths(lengths):
    if isinstance(lengths, Tensor):
        return [int(v) for v in lengths.to(_dtype.int64).tolist()]
    return [int(v) for v in lengths]


def _cpu_long(values):
    return _creation.tensor(list(values), dtype=_dtype.int64)


# ---- public API -----------------------------------------------------------------------------
def pack_padded_sequence(input, lengths, batch_first=False, enforce_sorted=True):
    """Packs a padded (T, B, *) (or (B, T, *)) batch given each sequence's length."""
    if isinstance(lengths, Tensor):
        lengths_t = lengths.to(_dtype.int64)
    else:
        lengths_t = _cpu_long(_host_lengths(lengths))
    if enforce_sorted:
        sorted_indices = None
    else:
        lengths_t, sorted_indices = lengths_t.sort(descending=True, stable=True)
        sorted_indices = sorted_indices.to(input.device)
        batch_dim = 0 if batch_first else 1
        input = input.index_select(batch_dim, sorted_indices)
    lens = _host_lengths(lengths_t)
    shape = tuple(input.shape)
    if input.numel() == 0:
        raise RuntimeError("Cannot pack empty tensors.")
    if input.dim() < 2:
        raise RuntimeError(f"Dimension out of range (expected to be in range of "
                           f"[-{max(input.dim(), 1)}, {max(input.dim(), 1) - 1}], but got 1)")
    T, B = (shape[1], shape[0]) if batch_first else (shape[0], shape[1])
    if len(lens) != B:
        raise RuntimeError(f"Expected `len(lengths)` to be equal to batch_size, but got "
                           f"{len(lens)} (batch_size={B})")
    if lens[-1] <= 0:
        raise RuntimeError("Length of all samples has to be greater than 0, but found an "
                           "element in 'lengths' that is <= 0")
    for a, b in zip(lens, lens[1:]):
        if a < b:
            raise RuntimeError(
                "`lengths` array must be sorted in decreasing order when `enforce_sorted` is "
                "True. You can pass `enforce_sorted=False` to pack_padded_sequence and/or "
                "pack_sequence to sidestep this requirement if you do not need ONNX "
                "exportability.")
    la = np.asarray(lens, np.int64)
    steps = int(la[0])
    batch_sizes = [int((la > t).sum()) for t in range(steps)]
    idx = [t * B + b for t in range(min(steps, T)) for b in range(batch_sizes[t])]
    dev = input._nd.device
    data = dispatch.record(_pack_k, (input, _int_array(idx, dev)),
                           (("batch_first", bool(batch_first)),), name="pack_padded_sequence",
                           gname="PackPaddedSequenceBackward0")
    return _packed_sequence_init(data, _cpu_long(batch_sizes), sorted_indices, None)


def pad_packed_sequence(sequence, batch_first=False, padding_value=0.0, total_length=None):
    """Pads a PackedSequence back to (T, B, *) (or (B, T, *)); returns (padded, lengths) in the
    original batch order."""
    bs = [int(b) for b in sequence.batch_sizes.tolist()]
    max_seq_length = len(bs)
    if total_length is not None:
        if total_length < max_seq_length:
            raise ValueError("Expected total_length to be at least the length of the longest "
                             f"sequence in input, but got total_length={total_length} and max "
                             f"sequence length being {max_seq_length}")
        max_seq_length = total_length
    B = bs[0] if bs else 0
    data = sequence.data
    N = data.shape[0]
    idx = np.full((max_seq_length, B), N, np.int32)
    off = 0
    for t, n in enumerate(bs):
        idx[t, :n] = np.arange(off, off + n)
        off += n
    lengths = [sum(1 for n in bs if n > b) for b in range(B)]
    dev = data._nd.device
    padded = dispatch.record(_pad_k, (data, _int_array(idx, dev), padding_value),
                             (("batch_first", bool(batch_first)),), name="pad_packed_sequence",
                             gname="TransposeBackward0" if batch_first else "CopySlices")
    lengths_t = _cpu_long(lengths)
    unsorted_indices = sequence.unsorted_indices
    if unsorted_indices is not None:
        batch_dim = 0 if batch_first else 1
        return (padded.index_select(batch_dim, unsorted_indices),
                lengths_t[unsorted_indices.cpu()])
    return padded, lengths_t


def pad_sequence(sequences, batch_first=False, padding_value=0.0, padding_side="right"):
    """Stacks variable-length (L, *) tensors into (T, B, *) (or (B, T, *)), padding with
    padding_value on the right or the left."""
    if not isinstance(sequences, Iterable):
        raise RuntimeError(f"pad_sequence: Expected iterable for input sequences, but got arg "
                           f"of type: {type(sequences)}")
    sequences = tuple(sequences)
    if len(sequences) == 0:
        raise RuntimeError("received an empty list of sequences")
    if padding_side not in ("left", "right"):
        raise RuntimeError(f"Expected padding_side to be one of left or right, but got "
                           f"{padding_side}.")
    first = sequences[0]
    trailing = tuple(first.shape[1:])
    for s in sequences:
        if s.dim() == 0:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        dest = (s.shape[0],) + trailing  # PyTorch copies each sequence into out[:len, i]
        full = broadcast_shapes_cached(dest, tuple(s.shape))
        if full != dest:
            raise RuntimeError(f"output with shape {list(dest)} doesn't match the broadcast "
                               f"shape {list(full)}")
    dt = first.dtype
    seqs = tuple(s if s.dtype == dt else s.to(dt) for s in sequences)
    length = max(s.shape[0] for s in seqs)
    static = (("length", length), ("batch_first", bool(batch_first)),
              ("left", padding_side == "left"))
    return dispatch.record(_pad_seq_k, (padding_value,) + seqs, static, name="pad_sequence",
                           gname="CopySlices")


def unpad_sequence(padded_sequences, lengths, batch_first=False):
    """Splits a padded batch into a list of its sequences (PyTorch transposes a time-major
    input in place first; jtorch does when Tensor.transpose_ exists)."""
    unpadded = []
    if not batch_first:
        if hasattr(padded_sequences, "transpose_"):
            padded_sequences.transpose_(0, 1)
        else:  # (no in-place transpose in jtorch yet: the caller's tensor keeps its layout)
            padded_sequences = padded_sequences.transpose(0, 1)
    for seq, length in zip(padded_sequences, _host_lengths(lengths)):
        unpadded.append(seq[:length])
    return unpadded


def pack_sequence(sequences, enforce_sorted=True):
    """pad_sequence then pack_padded_sequence."""
    lengths = _cpu_long([v.size(0) for v in sequences])
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)


def unpack_sequence(packed_sequences):
    """The list of sequences held by a PackedSequence, in their original order."""
    padded_sequences, lengths = pad_packed_sequence(packed_sequences, batch_first=True)
    return unpad_sequence(padded_sequences, lengths, batch_first=True)
