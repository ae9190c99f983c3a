"""default_collate / default_convert: PyTorch's batching rules, built without the deferred graph.

The rules (which element type becomes what, the error messages) are PyTorch's. What differs is
how a batch is built: samples that are NumPy arrays, or jtorch Tensors whose value is already
computed, are stacked on the host with one `np.stack` (or one `jnp.stack` for device arrays)
and wrapped as a materialised Tensor. Nothing is recorded in the deferred graph, so collating
is safe in worker threads and a batch is ready (on its device) when the loader yields it.
Samples that are still pending, or that require grad, go through `jtorch.stack` (recorded,
differentiable), exactly as PyTorch's collate calls `torch.stack`.
"""
import collections
import copy
import re
import threading

import jax.numpy as jnp
import numpy as np

from .... import _dtype
from ...._tensor import Tensor

np_str_obj_array_pattern = re.compile(r"[SaUO]")

default_collate_err_msg_format = (
    "default_collate: batch must contain tensors, numpy arrays, numbers, "
    "dicts or lists; found {}"
)

__all__ = ["default_collate", "default_convert", "collate", "default_collate_fn_map",
           "collate_tensor_fn", "collate_numpy_array_fn", "collate_numpy_scalar_fn",
           "collate_float_fn", "collate_int_fn", "collate_str_fn"]


# ---- host <-> Tensor helpers ------------------------------------------------------------------
def concrete(t):
    """The computed jax.Array behind Tensor `t`, or None when it is pending, requires grad or
    is a view whose base changed since it was read (those go through recorded ops)."""
    if t._rg:
        return None
    b = t._base
    if b is not None and t._bver != b._vc[0]:
        return None
    return t._nd.value


from ...._device import put as put_host  # noqa: E402  (the fast host-to-device transfer)


def _cpu():
    from ...._device import cpu_device
    return cpu_device()


_host = threading.local()   # _host.on: collating in a worker process (NumPy results)
_host.on = False


def from_host(arr, jdev=None):
    """A materialised Tensor with NumPy array `arr`'s values on jax device `jdev` (the CPU by
    default, as torch.as_tensor places it). Never recorded in the graph. As with
    jax.device_put, JAX may adopt an aligned array's memory on the CPU instead of copying it:
    pass arrays that nothing writes to afterwards (fresh results, as collate's stacks are)."""
    _dtype.from_numpy_dtype(arr.dtype)  # unsupported dtypes raise as torch.as_tensor does
    if getattr(_host, "on", False):
        from .worker import HostArray
        return HostArray(np.ascontiguousarray(arr))
    jdev = jdev or _cpu()
    if not arr.flags.c_contiguous:   # (np.ascontiguousarray would make a 0-d array 1-d)
        arr = arr.copy()
    return Tensor._from_array(put_host(arr, jdev), jdev)


def _stack_error(shapes):
    first = shapes[0]
    for i, s in enumerate(shapes):
        if s != first:
            return RuntimeError(f"stack expects each tensor to be equal size, but got "
                                f"{list(first)} at entry 0 and {list(s)} at entry {i}")
    return None


def stack_tensors(batch):
    """torch.stack(batch, 0) for collate: one host/device stack when every sample is computed,
    else the recorded jtorch.stack."""
    arrays = []
    dev = None
    dt = None
    for t in batch:
        a = concrete(t)
        if a is None:
            break
        d = t._nd.device
        if dev is None:
            dev, dt = d, t._nd.dtype
        elif d is not dev or t._nd.dtype is not dt:
            break
        arrays.append(a)
    else:
        err = _stack_error([tuple(a.shape) for a in arrays])
        if err is not None:
            raise err
        if dev.platform == "cpu":
            return from_host(np.stack([np.asarray(a) for a in arrays]), dev)
        return Tensor._from_array(jnp.stack(arrays), dev)
    from .... import stack
    return stack(list(batch), 0)


# ---- default_convert --------------------------------------------------------------------------
def _is_numpy_type(t):
    return t.__module__ == "numpy" and t.__name__ not in ("str_", "string_")


def default_convert(data):
    """Convert NumPy arrays/scalars (also inside mappings, namedtuples and sequences) into
    Tensors; everything else is returned unchanged (PyTorch's rules)."""
    elem_type = type(data)
    if isinstance(data, Tensor):
        return data
    if _is_numpy_type(elem_type):
        if elem_type.__name__ == "ndarray" and \
                np_str_obj_array_pattern.search(data.dtype.str) is not None:
            return data
        from .... import as_tensor
        return as_tensor(data)
    if isinstance(data, collections.abc.Mapping):
        try:
            if isinstance(data, collections.abc.MutableMapping):
                clone = copy.copy(data)
                clone.update({key: default_convert(data[key]) for key in data})
                return clone
            return elem_type({key: default_convert(data[key]) for key in data})
        except TypeError:
            return {key: default_convert(data[key]) for key in data}
    if isinstance(data, tuple) and hasattr(data, "_fields"):  # namedtuple
        return elem_type(*(default_convert(d) for d in data))
    if isinstance(data, tuple):
        return [default_convert(d) for d in data]  # a list, as in PyTorch
    if isinstance(data, collections.abc.Sequence) and not isinstance(data, (str, bytes)):
        try:
            if isinstance(data, collections.abc.MutableSequence):
                clone = copy.copy(data)
                for i, d in enumerate(data):
                    clone[i] = default_convert(d)
                return clone
            return elem_type([default_convert(d) for d in data])
        except TypeError:
            return [default_convert(d) for d in data]
    return data


# ---- collate ----------------------------------------------------------------------------------
def collate(batch, *, collate_fn_map=None):
    """Collate a list of samples, dispatching on the first element's type through
    `collate_fn_map` (exact type first, then isinstance in insertion order), then recursing
    into mappings, namedtuples and sequences (PyTorch's torch.utils.data._utils.collate.collate).
    """
    if isinstance(batch, GatheredBatch):
        return batch.collated(collate_fn_map)
    elem = batch[0]
    elem_type = type(elem)
    if collate_fn_map is not None:
        if elem_type in collate_fn_map:
            return collate_fn_map[elem_type](batch, collate_fn_map=collate_fn_map)
        for collate_type in collate_fn_map:
            if isinstance(elem, collate_type):
                return collate_fn_map[collate_type](batch, collate_fn_map=collate_fn_map)
    if isinstance(elem, collections.abc.Mapping):
        try:
            if isinstance(elem, collections.abc.MutableMapping):
                clone = copy.copy(elem)
                clone.update({key: collate([d[key] for d in batch],
                                           collate_fn_map=collate_fn_map) for key in elem})
                return clone
            return elem_type({key: collate([d[key] for d in batch],
                                           collate_fn_map=collate_fn_map) for key in elem})
        except TypeError:
            return {key: collate([d[key] for d in batch], collate_fn_map=collate_fn_map)
                    for key in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):  # namedtuple
        return elem_type(*(collate(samples, collate_fn_map=collate_fn_map)
                           for samples in zip(*batch)))
    if isinstance(elem, collections.abc.Sequence):
        it = iter(batch)
        elem_size = len(next(it))
        if not all(len(e) == elem_size for e in it):
            raise RuntimeError("each element in list of batch should be of equal size")
        transposed = list(zip(*batch))
        if isinstance(elem, tuple):
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
        try:
            if isinstance(elem, collections.abc.MutableSequence):
                clone = copy.copy(elem)
                for i, samples in enumerate(transposed):
                    clone[i] = collate(samples, collate_fn_map=collate_fn_map)
                return clone
            return elem_type([collate(samples, collate_fn_map=collate_fn_map)
                              for samples in transposed])
        except TypeError:
            return [collate(samples, collate_fn_map=collate_fn_map) for samples in transposed]
    raise TypeError(default_collate_err_msg_format.format(elem_type))


def collate_tensor_fn(batch, *, collate_fn_map=None):
    """Tensors: stacked along a new first dim (PyTorch's size-mismatch message)."""
    return stack_tensors(batch)


def collate_numpy_array_fn(batch, *, collate_fn_map=None):
    """NumPy arrays: one host stack into a Tensor (string/object arrays raise TypeError)."""
    elem = batch[0]
    if np_str_obj_array_pattern.search(elem.dtype.str) is not None:
        raise TypeError(default_collate_err_msg_format.format(elem.dtype))
    dt = elem.dtype
    if all(type(b) is np.ndarray and b.dtype == dt for b in batch):
        err = _stack_error([b.shape for b in batch])
        if err is not None:
            raise err
        return from_host(np.stack(batch))
    from .... import as_tensor
    return collate([as_tensor(b) for b in batch], collate_fn_map=collate_fn_map)


def collate_numpy_scalar_fn(batch, *, collate_fn_map=None):
    """NumPy scalars: torch.as_tensor(batch) (their common NumPy dtype, PyTorch's promotion)."""
    from .... import as_tensor
    return as_tensor(batch)


def collate_float_fn(batch, *, collate_fn_map=None):
    """Python floats: torch.tensor(batch, dtype=torch.float64), as PyTorch's collate gives."""
    if all(type(x) is float for x in batch):
        return from_host(np.asarray(batch, dtype=np.float64))
    from .... import tensor, float64
    return tensor(batch, dtype=float64)


def collate_int_fn(batch, *, collate_fn_map=None):
    """Python ints (and bools): torch.tensor(batch) -> int64 (bool for all-bool batches)."""
    if all(type(x) is int for x in batch):
        try:
            return from_host(np.asarray(batch, dtype=np.int64))
        except OverflowError:
            pass
    from .... import tensor
    return tensor(batch)


def collate_str_fn(batch, *, collate_fn_map=None):
    """Strings and bytes are left as a list."""
    return batch


default_collate_fn_map = {Tensor: collate_tensor_fn,
                          np.ndarray: collate_numpy_array_fn,
                          (np.bool_, np.number, np.object_): collate_numpy_scalar_fn,
                          float: collate_float_fn,
                          int: collate_int_fn,
                          str: collate_str_fn,
                          bytes: collate_str_fn}


def default_collate(batch):
    """Put each field of a list of samples into a Tensor with a new outer batch dimension
    (PyTorch's rules: Tensor/ndarray -> stacked Tensor, float -> float64, int -> int64,
    str/bytes unchanged, mappings/namedtuples/sequences collated field by field)."""
    return collate(batch, collate_fn_map=default_collate_fn_map)


# ---- pre-gathered batches (the fast path) -----------------------------------------------------
class GatheredBatch:
    """A whole batch that a dataset produced with one vectorised gather (TensorDataset, and
    Subset/StackDataset over such datasets). `structure` is exactly what default_collate would
    have built from the per-sample list (a list of Tensors for TensorDataset, as PyTorch's
    collate turns tuples into lists), so default_collate returns it unchanged."""

    __slots__ = ("structure", "n")

    def __init__(self, structure, n):
        self.structure, self.n = structure, n

    def collated(self, collate_fn_map):
        return self.structure

    def __len__(self):
        return self.n
