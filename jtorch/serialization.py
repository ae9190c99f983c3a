"""torch.save / torch.load in PyTorch's own file format (the zip archive torch.save has written
by default since PyTorch 1.6), both ways.

A checkpoint is a zip archive `<name>/...` holding `data.pkl` (a protocol-2 pickle whose tensors
are `torch._utils._rebuild_tensor_v2(storage, offset, size, stride, requires_grad, hooks)` calls
and whose storages are persistent ids `('storage', torch.FloatStorage, key, location, numel)`),
one raw little-endian entry `data/<key>` per storage (64-byte aligned), `byteorder`, `version`,
`.format_version`, `.storage_alignment` and `.data/serialization_id`, as PyTorch 2.13 writes
them. jtorch writes the same names (so real PyTorch loads jtorch's files with
`weights_only=True`) and maps them back to jtorch objects when loading PyTorch's files.

Storage sharing: tensors that view one storage are saved once; on load, the first tensor that
covers its whole storage becomes the base and the others become jtorch views of it (slices,
reshapes, permutes, expands), so writes through one are seen by the other, as in PyTorch.
Where JAX differs: jtorch tensors have no storage object, so a view that requires grad, or
a strided layout that no chain of jtorch view steps can express, is restored as a copy.

`load` defaults to `weights_only=True` (jtorch._weights_only_unpickler); saving to a path is
atomic (a temporary file in the same directory, then os.replace).
"""
import collections
import functools
import io
import os
import pickle
import re
import secrets
import stat
import struct
import sys
import tarfile
import types
import warnings
import zipfile
import zlib

import numpy as np

from . import _dtype
from . import _weights_only_unpickler
from ._device import device as _Device
from ._size import Size
from ._tensor import Tensor
from ._ops import views as _views

__all__ = ["save", "load", "add_safe_globals", "clear_safe_globals", "get_safe_globals",
           "safe_globals", "get_unsafe_globals_in_checkpoint", "default_restore_location",
           "location_tag", "StorageType", "DEFAULT_PROTOCOL", "UNSAFE_MESSAGE",
           "get_crc32_options", "set_crc32_options", "get_default_load_endianness",
           "set_default_load_endianness", "LoadEndianness", "SourceChangeWarning", "skip_data"]

DEFAULT_PROTOCOL = 2
LONG_SIZE = struct.Struct("=l").size
INT_SIZE = struct.Struct("=i").size
SHORT_SIZE = struct.Struct("=h").size
MAGIC_NUMBER = 0x1950A86A20F9469CFC6C
PROTOCOL_VERSION = 1001
STORAGE_KEY_SEPARATOR = ","
_STORAGE_ALIGNMENT = 64

UNSAFE_MESSAGE = (
    "In PyTorch 2.6, we changed the default value of the `weights_only` argument in `torch.load` "
    "from `False` to `True`. Re-running `torch.load` with `weights_only` set to `False` will "
    "likely succeed, but it can result in arbitrary code execution. Do it only if you got the "
    "file from a trusted source.")

_DOCS_MESSAGE = (
    "\n\nCheck the documentation of torch.load to learn more about types accepted by default with "
    "weights_only https://pytorch.org/docs/stable/generated/torch.load.html.")


class SourceChangeWarning(Warning):
    pass


# ---- the names PyTorch pickles, and jtorch's objects for them ------------------------------
_STORAGE_OF = {"float64": "Double", "float32": "Float", "float16": "Half", "bfloat16": "BFloat16",
               "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
               "bool": "Bool"}
_DTYPE_OF_STORAGE = {v + "Storage": k for k, v in _STORAGE_OF.items()}
_DTYPE_OF_STORAGE.update({"ComplexFloatStorage": "complex64", "ComplexDoubleStorage": "complex128",
                          "QInt8Storage": "qint8", "QUInt8Storage": "quint8",
                          "QInt32Storage": "qint32", "QUInt4x2Storage": "quint4x2",
                          "QUInt2x4Storage": "quint2x4", "UntypedStorage": "uint8",
                          "TypedStorage": "uint8", "ByteStorage": "uint8"})


class _UnsupportedDtype:
    """A PyTorch dtype jtorch has no tensors for (complex, float8, uint16, quantized...)."""

    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_TorchGlobal("torch", self.name), ())


def _dtype_named(name):
    return _dtype._BY_NAME.get(name) or _UnsupportedDtype(name)


def _unsupported_dtype_error(dt):
    return TypeError(f"jtorch does not support tensors of dtype {dt!r}; the checkpoint holds "
                     "one (load it with PyTorch and convert it to a supported dtype first)")


class StorageType:
    """What a pickled storage class (`torch.FloatStorage`, ...) loads as: its dtype."""

    def __init__(self, name):
        self._name = name
        self._dtype = _dtype_named(_DTYPE_OF_STORAGE[name])

    @property
    def dtype(self):
        return self._dtype

    def __str__(self):
        return f"StorageType(dtype={self.dtype})"

    __repr__ = __str__


class _Unsupported:
    """A PyTorch global jtorch cannot rebuild (sparse/quantized/nested tensors...): allowed by the
    weights-only table as in PyTorch, but calling it raises a clear error."""

    def __init__(self, path):
        self.path = path

    def __call__(self, *args, **kwargs):
        raise NotImplementedError(f"jtorch cannot load {self.path} from a checkpoint (sparse, "
                                  "quantized, nested, meta and wrapper-subclass tensors are not "
                                  "supported by jtorch)")

    def __repr__(self):
        return f"<unsupported {self.path}>"


class _TorchGlobal:
    """Pickles as `GLOBAL module name` (PyTorch's own names for what jtorch writes)."""

    __slots__ = ("module", "name")

    def __init__(self, module, name):
        self.module, self.name = module, name

    def __call__(self, *args):
        raise TypeError(f"{self.module}.{self.name} is a pickle marker")

    def __repr__(self):
        return f"{self.module}.{self.name}"


@functools.lru_cache(maxsize=None)
def _G(module, name):
    return _TorchGlobal(module, name)


def _get_layout(name):
    """torch.serialization._get_layout: jtorch knows only the strided layout."""
    import jtorch
    return getattr(jtorch, str(name).rsplit(".", 1)[-1], name)


@functools.lru_cache(maxsize=None)
def _torch_global(module, name):
    """jtorch's object for a global PyTorch pickles (`torch._utils._rebuild_tensor_v2`, ...),
    or None when the name is not one of torch's serialization names."""
    if module == "torch._utils":
        fn = _REBUILDERS.get(name)
        if fn is not None:
            return fn
        if name in _weights_only_unpickler._REBUILD_FUNCTIONS:
            return _Unsupported(f"torch._utils.{name}")
        return None
    if module == "torch._tensor" and name == "_rebuild_from_type_v2":
        return _rebuild_from_type_v2
    if module == "torch.serialization" and name == "_get_layout":
        return _get_layout
    if module == "torch.nn.parameter" and name == "Parameter":
        from .nn.parameter import Parameter
        return Parameter
    if module in ("torch", "torch.cuda", "torch.storage") and name in _DTYPE_OF_STORAGE:
        return StorageType(name)
    import jtorch
    if module == "torch":
        if name in _weights_only_unpickler._DTYPE_NAMES:
            return _dtype_named(name)
        if name == "Size":
            return Size
        if name == "Tensor":
            return Tensor
        if name == "device":
            return _Device
        if name in _weights_only_unpickler._QSCHEMES:
            return _Unsupported(f"torch.{name}")
        if name.endswith("Tensor"):
            return getattr(jtorch, name, None) or _Unsupported(f"torch.{name}")
        return None
    if module in ("torch.cuda", "torch.sparse", "torch.cuda.sparse") and name.endswith("Tensor"):
        sub = getattr(jtorch, module.split(".", 1)[1], None) if module == "torch.cuda" else None
        return getattr(sub, name, None) or _Unsupported(f"{module}.{name}")
    return None


# ---- rebuilding tensors ------------------------------------------------------------------
def _rebuild_tensor(storage, storage_offset, size, stride):
    return _storage_of(storage)._tensor(storage_offset, size, stride, False)


def _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       metadata=None):
    return _storage_of(storage)._tensor(storage_offset, size, stride, requires_grad)


def _rebuild_tensor_v3(storage, storage_offset, size, stride, requires_grad, backward_hooks,
                       dtype, metadata=None):
    st = _storage_of(storage)
    if isinstance(dtype, _UnsupportedDtype):
        raise _unsupported_dtype_error(dtype)
    return st._as_dtype(dtype)._tensor(storage_offset, size, stride, requires_grad)


def _rebuild_parameter(data, requires_grad, backward_hooks):
    from .nn.parameter import Parameter
    return Parameter(data, requires_grad)


def _rebuild_parameter_with_state(data, requires_grad, backward_hooks, state):
    return _set_obj_state(_rebuild_parameter(data, requires_grad, backward_hooks), state)


def _set_obj_state(obj, state):
    if isinstance(state, tuple):
        if len(state) != 2:
            raise RuntimeError(f"Invalid serialized state: {state}")
        dict_state, slots_state = state
    else:
        dict_state, slots_state = state, None
    for part in (dict_state, slots_state):
        if part:
            for k, v in part.items():
                setattr(obj, k, v)
    return obj


def _rebuild_from_type_v2(func, new_type, args, state):
    """A tensor of a Tensor subclass, or with Python attributes, as PyTorch pickles them."""
    ret = func(*args)
    if new_type is not Tensor and type(ret) is not new_type:
        if not (isinstance(new_type, type) and issubclass(new_type, Tensor)):
            raise TypeError(f"cannot rebuild a tensor as {new_type!r}: not a jtorch Tensor type")
        ret.__class__ = new_type
    setstate = getattr(type(ret), "__setstate__", None)
    if setstate is not None:
        ret.__setstate__(state)
    else:
        _set_obj_state(ret, state)
    return ret


_REBUILDERS = {"_rebuild_tensor": _rebuild_tensor, "_rebuild_tensor_v2": _rebuild_tensor_v2,
               "_rebuild_tensor_v3": _rebuild_tensor_v3,
               "_rebuild_parameter": _rebuild_parameter,
               "_rebuild_parameter_with_state": _rebuild_parameter_with_state}


def _storage_of(storage):
    if not isinstance(storage, _LoadedStorage):
        raise TypeError(f"expected a storage loaded from the checkpoint, got "
                        f"{type(storage).__name__} (a map_location callable must return the "
                        "storage it was given, or storage.cpu()/.cuda()/.to(device), or None)")
    return storage


def _prod(shape):
    n = 1
    for d in shape:
        n *= d
    return n


def _divisors(n):
    small, large = [], []
    i = 1
    while i * i <= n:
        if n % i == 0:
            small.append(i)
            if i * i != n:
                large.append(n // i)
        i += 1
    return small + large[::-1]


def _full(shape):
    return tuple(("s", 0, d, 1) for d in shape)


def _view_steps(root_shape, numel, offset, size, stride):
    """jtorch view steps (index/reshape/permute/expand, see jtorch/_ops/views.py) that read the
    strided layout (offset, size, stride) out of a contiguous base of shape root_shape, or None
    when no chain expresses it (overlapping or negative strides)."""
    steps = []
    shape = tuple(root_shape)
    if shape != (numel,):
        steps.append(("reshape", shape, (numel,)))
        shape = (numel,)
    real = [(i, n, s) for i, (n, s) in enumerate(zip(size, stride)) if n != 1 and s != 0]
    if any(s < 0 for _, _, s in real):
        return None
    order = sorted(real, key=lambda d: -d[2])
    o, length = offset, numel
    if not order:
        steps.append(("index", (("s", o, o + 1, 1),)))
        shape = (1,)
    for k, (_, n, s) in enumerate(order):
        lead = _full(shape[:-1])
        rest = order[k + 1:]
        if not rest:
            stop = o + (n - 1) * s + 1
            if stop > length:
                return None
            if not (o == 0 and s == 1 and n == length):
                steps.append(("index", lead + (("s", o, stop, s),)))
            shape = shape[:-1] + (n,)
            break
        extent = sum((m - 1) * t for _, m, t in rest) + 1
        for row in _divisors(s):
            if row < extent:
                continue
            width = (n - 1) * s + row
            r = max(0, o + width - length)
            if r <= o and r + extent <= row:
                break
        else:
            return None
        a = o - r
        if a != 0 or width != length:
            steps.append(("index", lead + (("s", a, a + width, 1),)))
            shape = shape[:-1] + (width,)
        every = s // row
        rows = (n - 1) * every + 1
        steps.append(("reshape", shape, shape[:-1] + (rows, row)))
        shape = shape[:-1] + (rows, row)
        if every > 1:
            steps.append(("index", _full(shape[:-2]) + (("s", 0, rows, every),)))
            shape = shape[:-2] + (n, row)
        o, length = r, row
    # order the real dims as in `size`, then add its size-1 and broadcast (stride 0) dims
    if order:
        pos = [i for i, _, _ in order]
        perm = tuple(sorted(range(len(pos)), key=lambda j: pos[j]))
        if perm != tuple(range(len(perm))):
            steps.append(("permute", perm))
            shape = tuple(shape[p] for p in perm)
    inter = tuple(1 if (n == 1 or s == 0) else n for n, s in zip(size, stride))
    if inter != shape:
        steps.append(("reshape", shape, inter))
    if inter != tuple(size):
        steps.append(("expand", tuple(size)))
    st, off = _views.strides(tuple(root_shape), tuple(steps))
    if off != offset or any(n != 1 and a != b for n, a, b in zip(size, st, stride)):
        return None
    return tuple(steps)


def _contiguous(size, stride):
    return _views.is_contiguous(tuple(size), tuple(stride))


class _LoadedStorage:
    """A storage read from a checkpoint: a flat NumPy array of `numel` elements, the device its
    tensors go to, and (once built) the base Tensor whose views its tensors are. Also what a
    `map_location` callable receives: `storage.cpu()`, `.cuda(i)`, `.to(device)` return it
    placed on that device."""

    def __init__(self, array, dtype, device=None):
        self._np = array
        self.dtype = dtype
        self.device = _Device("cpu") if device is None else _Device(device)
        self._root = None

    # the UntypedStorage-like surface a map_location callable uses
    def nbytes(self):
        return self._np.nbytes

    def size(self):
        return self._np.size

    __len__ = size

    def element_size(self):
        return self._np.itemsize

    @property
    def is_cuda(self):
        return self.device.type == "cuda"

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None, non_blocking=False):
        if device is None:
            device = "cuda"
        elif isinstance(device, int):
            device = _Device("cuda", device)
        return self.to(device)

    def to(self, device=None, non_blocking=False, **kwargs):
        device = _Device(device if device is not None else kwargs.get("device", "cpu"))
        if device.type == "cuda":
            _validate_cuda(str(device))
        elif device.type != "cpu":
            raise RuntimeError(f"jtorch supports only 'cpu' and 'cuda' devices, got '{device}'")
        if device == self.device:
            return self
        return _LoadedStorage(self._np, self.dtype, device)

    def __repr__(self):
        return (f"jtorch storage of {self._np.size} {self.dtype} elements on {self.device} "
                "(read from a checkpoint)")

    # building tensors
    def _as_dtype(self, dtype):
        if dtype is self.dtype:
            return self
        st = getattr(self, "_retyped", None)
        if st is None:
            st = self._retyped = {}
        if dtype.name not in st:
            st[dtype.name] = _LoadedStorage(self._np.view(np.uint8).view(dtype.np), dtype,
                                            self.device)
        return st[dtype.name]

    def _jdev(self):
        from ._device import to_jax
        return to_jax(self.device)

    def _make(self, array):
        import jax
        jdev = self._jdev()
        return Tensor._from_array(jax.device_put(array, jdev), jdev)

    def _copy(self, offset, size, stride):
        a = np.lib.stride_tricks.as_strided(self._np[offset:], size,
                                            tuple(s * self._np.itemsize for s in stride))
        return self._make(np.ascontiguousarray(a))

    def _tensor(self, offset, size, stride, requires_grad):
        """A tensor with PyTorch's (storage offset, size, stride) over this storage."""
        size = tuple(int(d) for d in size)
        stride = tuple(int(s) for s in stride)
        offset = int(offset)
        numel = self._np.size
        n = _prod(size)
        if len(size) != len(stride):
            raise RuntimeError("mismatch in length of strides and shape")
        if n:
            need = offset + sum((d - 1) * s for d, s in zip(size, stride)) + 1
            if need > numel or offset < 0:
                raise RuntimeError(
                    f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                    f"{offset}, and itemsize {self._np.itemsize} requiring a storage size of "
                    f"{need * self._np.itemsize} are out of bounds for storage of size "
                    f"{numel * self._np.itemsize}")
        full = n == numel and offset == 0 and _contiguous(size, stride)
        if n == 0:
            t = self._make(np.zeros(size, self._np.dtype))
        elif requires_grad:
            # a leaf that requires grad cannot be a jtorch view: restore it as a copy
            t = self._make(self._np.reshape(size)) if full else self._copy(offset, size, stride)
        elif self._root is None and full:
            t = self._root = self._make(self._np.reshape(size))
        else:
            root = self._root
            rshape = (numel,) if root is None else tuple(root._nd.shape)
            if full and rshape == size:
                t = root._make_view(("alias",), node=root._node())
            else:
                steps = ((("reshape", rshape, size),) if full else
                         _view_steps(rshape, numel, offset, size, stride))
                if steps is None:
                    t = self._copy(offset, size, stride)
                else:
                    if root is None:  # the first tensor seen is a view: base the whole storage
                        root = self._root = self._make(self._np)
                    t = root
                    for s in steps:
                        t = t._make_view(s)
        if requires_grad:
            t.requires_grad = True
        return t


# ---- locations --------------------------------------------------------------------------
def location_tag(storage):
    """The location string PyTorch stores for a tensor's storage: 'cpu' or 'cuda:<index>'."""
    d = storage.device
    if d.type == "cpu":
        return "cpu"
    return f"{d.type}:{d.index or 0}"


def _validate_cuda(location):
    from . import cuda
    dev = _Device(location)
    index = dev.index or 0
    if not cuda.is_available():
        raise RuntimeError(
            "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
            "False. If you are running on a CPU-only machine, please use torch.load with "
            "map_location=torch.device('cpu') to map your storages to the CPU.")
    count = cuda.device_count()
    if index >= count:
        raise RuntimeError(
            f"Attempting to deserialize object on CUDA device {index} but "
            f"torch.cuda.device_count() is {count}. Please use torch.load with map_location to "
            "map your storages to an existing device.")
    return _Device("cuda", index)


def default_restore_location(storage, location):
    """Place a loaded storage on the device its location tag names ('cpu', 'cuda:1')."""
    if location == "cpu":
        return storage.to("cpu")
    if location == "meta" or location.startswith("meta:"):
        raise NotImplementedError("jtorch has no meta device: cannot load a checkpoint's tensors "
                                  "onto 'meta' (load them with map_location='cpu')")
    if location == "cuda" or re.match("cuda(:|[0-9]+)", location):
        return storage.to(_validate_cuda(location))
    raise RuntimeError("don't know how to restore data location of "
                       f"torch.storage.UntypedStorage (tagged with {location})")


def _get_restore_location(map_location):
    if map_location is None:
        return default_restore_location
    if isinstance(map_location, dict):
        return lambda storage, location: default_restore_location(
            storage, str(map_location.get(location, location)))
    if isinstance(map_location, bytes):
        map_location = map_location.decode()
    if isinstance(map_location, (str, _Device)):
        loc = str(map_location)
        return lambda storage, location: default_restore_location(storage, loc)

    def restore(storage, location):
        result = map_location(storage, location)
        if result is None:
            result = default_restore_location(storage, location)
        return result
    return restore


# ---- the zip container ----------------------------------------------------------------------
_U32 = 0xFFFFFFFF


class _ZipWriter:
    """Writes PyTorch's archive layout: stored (uncompressed) records under `<name>/`, each
    record's data aligned to 64 bytes with a padding extra field, a data descriptor after each
    record and a ZIP64 end record, as PyTorch's writer does. Works on non-seekable streams."""

    def __init__(self, f, archive_name, crc32=True):
        self.f = f
        self.pos = 0
        self.prefix = archive_name + "/"
        self.entries = []
        self.crc32 = crc32

    def _write(self, b):
        mv = memoryview(b)
        n = self.f.write(mv)
        while n is not None and n < mv.nbytes:  # raw streams may write partially
            k = self.f.write(mv[n:])
            n = mv.nbytes if k is None else n + k
        self.pos += mv.nbytes

    def write_record(self, name, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        mv = memoryview(data)
        if mv.ndim != 1 or mv.format != "B":
            mv = mv.cast("B")
        size = mv.nbytes
        fname = (self.prefix + name).encode("utf-8")
        crc = None
        if not self.crc32 and name.startswith("data/"):
            crc = 0
        elif size < (1 << 20):
            crc = zlib.crc32(mv)
        else:  # zlib releases the GIL: checksum on a second core while the data is written
            crc = _crc_pool().submit(zlib.crc32, mv)
        off = self.pos
        big = size >= _U32 or off >= _U32
        extra = b""
        if big:
            fields = ([size, size] if size >= _U32 else []) + ([off] if off >= _U32 else [])
            extra = struct.pack(f"<HH{len(fields)}Q", 1, 8 * len(fields), *fields)
        pad = -(off + 30 + len(fname) + len(extra)) % _STORAGE_ALIGNMENT
        if pad:
            if pad < 4:
                pad += _STORAGE_ALIGNMENT
            extra += b"FB" + struct.pack("<H", pad - 4) + b"Z" * (pad - 4)
        self._write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if big else 20, 0x0808, 0, 0, 0,
                                0, 0, 0, len(fname), len(extra)))
        self._write(fname)
        self._write(extra)
        if size:
            self._write(mv)
        if not isinstance(crc, int):
            crc = crc.result()
        if big:
            self._write(struct.pack("<IIQQ", 0x08074B50, crc, size, size))
        else:
            self._write(struct.pack("<IIII", 0x08074B50, crc, size, size))
        self.entries.append((fname, crc, size, off))

    def finish(self):
        cd_start = self.pos
        for fname, crc, size, off in self.entries:
            fields = ([size, size] if size >= _U32 else []) + ([off] if off >= _U32 else [])
            extra = struct.pack(f"<HH{len(fields)}Q", 1, 8 * len(fields), *fields) \
                if fields else b""
            big = bool(fields)
            s32 = _U32 if size >= _U32 else size
            self._write(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45 if big else 20,
                                    45 if big else 20, 0x0808, 0, 0, 0, crc, s32, s32,
                                    len(fname), len(extra), 0, 0, 0, 0, min(off, _U32)))
            self._write(fname)
            self._write(extra)
        cd_size = self.pos - cd_start
        n = len(self.entries)
        eocd64 = self.pos
        self._write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, cd_size,
                                cd_start))
        self._write(struct.pack("<IIQI", 0x07064B50, 0, eocd64, 1))
        self._write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, min(n, 0xFFFF), min(n, 0xFFFF),
                                min(cd_size, _U32), min(cd_start, _U32), 0))


@functools.lru_cache(maxsize=1)
def _crc_pool():
    from concurrent.futures import ThreadPoolExecutor
    return ThreadPoolExecutor(1, thread_name_prefix="jtorch-save-crc32")


def _locating_error(name):
    """PyTorch's message for a record missing from a checkpoint archive (it blames corruption)."""
    return (f"PytorchStreamReader failed locating file {name}: file not found. This is an "
            "internal miniz error. If you are seeing this error, there is a high likelihood that "
            "your checkpoint file is corrupted. This can happen if the checkpoint was not saved "
            "properly, was transferred incorrectly, or the file was modified after saving.")


class _ZipReader:
    """Reads a PyTorch archive: the central directory through zipfile, record data straight
    from the file (or a memory map of it) at the offsets the local headers give."""

    def __init__(self, f, mm=None):
        self.f = f
        self.mm = mm
        self.zf = zipfile.ZipFile(f)
        infos = self.zf.infolist()
        if not infos:
            raise RuntimeError("PytorchStreamReader failed reading zip archive: no records")
        names = [i.filename for i in infos]
        prefix = names[0].split("/", 1)[0] + "/" if "/" in names[0] else ""
        if prefix + "data.pkl" not in names and prefix + "constants.pkl" not in names:
            cands = [n for n in names if n.endswith("/data.pkl") and n.count("/") == 1]
            if not cands:
                raise RuntimeError(_locating_error("data.pkl"))
            prefix = cands[0][:-len("data.pkl")]
        self.records = {i.filename[len(prefix):]: i for i in infos
                        if i.filename.startswith(prefix)}

    def has_record(self, name):
        return name in self.records

    def _data_offset(self, info):
        self.f.seek(info.header_offset)
        h = self.f.read(30)
        if len(h) != 30 or h[:4] != b"PK\x03\x04":
            raise RuntimeError(f"PytorchStreamReader failed reading zip archive: bad local "
                               f"header for {info.filename}")
        n, m = struct.unpack("<HH", h[26:30])
        return info.header_offset + 30 + n + m

    def get_record(self, name):
        info = self.records.get(name)
        if info is None:
            raise RuntimeError(_locating_error(name))
        if info.compress_type != zipfile.ZIP_STORED:
            return self.zf.read(info)
        off = self._data_offset(info)
        self.f.seek(off)
        return self.f.read(info.file_size)

    def get_array(self, name, nbytes):
        """The first nbytes of record `name` as a uint8 array (a view of the map with mmap)."""
        info = self.records.get(name)
        if info is None:
            raise RuntimeError(_locating_error(name))
        if info.file_size < nbytes:
            raise RuntimeError(f"record {name} holds {info.file_size} bytes but the checkpoint "
                               f"needs {nbytes}: the file is truncated or corrupt")
        if info.compress_type != zipfile.ZIP_STORED:
            return np.frombuffer(self.zf.read(info), np.uint8, nbytes)
        off = self._data_offset(info)
        if self.mm is not None:
            return np.frombuffer(self.mm, np.uint8, nbytes, off)
        buf = _aligned_empty(nbytes)
        self.f.seek(off)
        _readinto(self.f, buf)
        return buf


def _aligned_empty(nbytes):
    """A 64-byte aligned uint8 buffer: JAX's CPU client adopts such NumPy memory without a
    copy, so a loaded tensor's data is read from the file exactly once."""
    raw = np.empty(nbytes + _STORAGE_ALIGNMENT, np.uint8)
    start = -raw.ctypes.data % _STORAGE_ALIGNMENT
    return raw[start:start + nbytes]


def _readinto(f, buf):
    mv = memoryview(buf).cast("B")
    got = 0
    readinto = getattr(f, "readinto", None)
    while got < len(mv):
        if readinto is not None:
            k = readinto(mv[got:])
        else:
            chunk = f.read(len(mv) - got)
            k = len(chunk)
            mv[got:got + k] = chunk
        if not k:
            raise RuntimeError("unexpected end of file while reading a checkpoint")
        got += k


# ---- saving -------------------------------------------------------------------------------
class _StorageRef:
    __slots__ = ("key", "root")

    def __init__(self, key, root):
        self.key, self.root = key, root


class _TensorData:
    """A Parameter's data: pickled as a plain tensor over the Parameter's storage."""

    __slots__ = ("t",)

    def __init__(self, t):
        self.t = t


_INTERNAL_ATTRS = frozenset(("persistent",))


def _user_state(t):
    """A tensor's Python attributes set by the user (jtorch keeps its own under `_` names)."""
    d = t.__dict__
    if not d:
        return {}
    return {k: v for k, v in d.items()
            if not k.startswith("_") and not (k in _INTERNAL_ATTRS and d.get("_is_buffer"))}


# jtorch modules whose classes PyTorch defines in another module (PyTorch's names are pickled)
_TORCH_MODULE_RENAMES = {
    ("jtorch.nn.modules.attention", "MultiheadAttention"): "torch.nn.modules.activation",
    ("jtorch.nn.modules.attention", "NonDynamicallyQuantizableLinear"): "torch.nn.modules.linear",
    ("jtorch.nn.modules.cross_map_lrn", "CrossMapLRN2d"): "torch.nn.modules.normalization",
    ("jtorch.optim.adafactor", "Adafactor"): "torch.optim._adafactor",
    ("jtorch.optim.adafactor", "adafactor"): "torch.optim._adafactor",
    ("jtorch.nn.modules.pixelshuffle", "ChannelShuffle"): "torch.nn.modules.channelshuffle",
}


def _jtorch_only_module(module):
    """A jtorch module PyTorch has no counterpart of: private ones (`jtorch._creation`) and the
    submodules of the jtorch.nn.functional package (a single module in PyTorch)."""
    return module.startswith("jtorch.nn.functional.") or \
        any(part.startswith("_") for part in module.split("."))


def _torch_path(obj, proto):
    """(module, name) PyTorch's pickle names for a class or function jtorch defines
    (`jtorch.nn.modules.linear.Linear` -> `torch.nn.modules.linear.Linear`), else None. An
    object of a jtorch-only module is named after the nearest package that exports it
    (`jtorch._creation.arange` -> `torch.arange`)."""
    if not isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
        return None
    module = getattr(obj, "__module__", None)
    if type(module) is not str or not (module == "jtorch" or module.startswith("jtorch.")):
        return None
    name = getattr(obj, "__qualname__", None) or getattr(obj, "__name__", None)
    if type(name) is not str or "<" in name or ("." in name and proto < 4) or \
            (module == __name__ and name in _STANDIN_NAMES):
        return None
    target = sys.modules.get(module)
    for part in name.split("."):
        target = getattr(target, part, None)
    if target is not obj:
        return None
    renamed = _TORCH_MODULE_RENAMES.get((module, name))
    if renamed is not None:
        return renamed, name
    if _jtorch_only_module(module) and "." not in name:
        while "." in module:
            module = module.rsplit(".", 1)[0]
            if not _jtorch_only_module(module) and \
                    getattr(sys.modules.get(module), name, None) is obj:
                break
        else:
            return None
    return module[1:], name


class _TorchNamesMixin:
    """Pickling of jtorch objects under PyTorch's names: tensors as
    torch._utils._rebuild_tensor_v2 over persistent storages, Parameters as
    _rebuild_parameter, Size/device as torch.Size/torch.device. `_g(module, name)` gives the
    object that pickles as `GLOBAL module name` (it differs between the two picklers below)."""

    def persistent_id(self, obj):
        if type(obj) is _StorageRef:
            root = obj.root
            dt = root._nd.dtype
            return ("storage", self._g("torch", _STORAGE_OF[dt.name] + "Storage"), obj.key,
                    location_tag(root), root.numel())
        return None

    def _storage(self, root):
        ref = self.storages.get(id(root))
        if ref is None:
            ref = self.storages[id(root)] = _StorageRef(str(len(self.storages)), root)
        return ref

    def _tensor_reduce(self, t, requires_grad):
        root = t._base if t._base is not None else t
        stride, offset = t._strides()
        return (self._g("torch._utils", "_rebuild_tensor_v2"),
                (self._storage(root), int(offset), tuple(int(d) for d in t._nd.shape),
                 tuple(int(s) for s in stride), bool(requires_grad), collections.OrderedDict()))

    def _reduce(self, obj):
        if isinstance(obj, Tensor):
            from .nn.parameter import Parameter, is_lazy
            if is_lazy(obj):
                return NotImplemented
            state = _user_state(obj)
            if isinstance(obj, Parameter):
                args = (_TensorData(obj), obj.requires_grad, collections.OrderedDict())
                if state:
                    return (self._g("torch._utils", "_rebuild_parameter_with_state"),
                            args + (state,))
                return (self._g("torch._utils", "_rebuild_parameter"), args)
            func, args = self._tensor_reduce(obj, obj.requires_grad)
            if type(obj) is Tensor and not state:
                return (func, args)
            new_type = self._g("torch", "Tensor") if type(obj) is Tensor else type(obj)
            return (self._g("torch._tensor", "_rebuild_from_type_v2"),
                    (func, new_type, args, state))
        t = type(obj)
        if t is _TensorData:
            return self._tensor_reduce(obj.t, False)
        if t is Size:
            return (self._g("torch", "Size"), (tuple(obj),))
        if t is _Device:
            return (self._g("torch", "device"),
                    (obj.type,) if obj.index is None else (obj.type, obj.index))
        return NotImplemented


class _Pickler(_TorchNamesMixin, pickle._Pickler):
    """The pure-Python pickler: writes `GLOBAL module name` for _TorchGlobal markers and
    dtypes directly (any protocol, any pickle_module built on pickle._Pickler)."""

    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.storages = {}

    _g = staticmethod(_G)

    def reducer_override(self, obj):
        return self._reduce(obj)

    def save(self, obj, save_persistent_id=True):
        t = type(obj)
        if t is _TorchGlobal or t is _dtype.dtype:
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(self.get(x[0]))
                return
            module, name = (obj.module, obj.name) if t is _TorchGlobal else ("torch", obj.name)
            self._write_global(obj, module, name)
            return
        path = _torch_path(obj, self.proto)
        if path is not None:
            x = self.memo.get(id(obj))
            if x is not None:
                self.write(self.get(x[0]))
                return
            self._write_global(obj, *path)
            return
        super().save(obj, save_persistent_id)

    def _write_global(self, obj, module, name):
        self.framer.commit_frame()
        self.write(pickle.GLOBAL + module.encode("utf-8") + b"\n" + name.encode("utf-8") + b"\n")
        self.memoize(obj)


# The C pickler (protocol 2, the default) is ~10x faster but only writes GLOBALs of objects it
# can import: it pickles stand-in functions of this module (and dtypes as jtorch._dtype
# globals), and the GLOBAL opcodes are then renamed to PyTorch's names. pickle memoizes
# globals, so each stand-in's GLOBAL occurs exactly once; if its bytes occur more than once
# (user data containing them), the pure-Python pickler is used instead.
_STANDINS = {}
_STANDIN_NAMES = {}


def _standin(module, name):
    f = _STANDINS.get((module, name))
    if f is None:
        pname = f"_torch_global_{len(_STANDINS)}"

        def f(*args):
            raise TypeError(f"{module}.{name} stand-in for pickling")
        f.__name__ = f.__qualname__ = pname
        f.__module__ = __name__
        globals()[pname] = f
        _STANDINS[(module, name)] = f
        _STANDIN_NAMES[pname] = (module, name)
    return f


def _dtype_global(d):
    return "bool_" if d is _dtype.bool_ else d.name


class _FastPickler(_TorchNamesMixin, pickle.Pickler):
    def __init__(self, file, protocol):
        super().__init__(file, protocol)
        self.storages = {}
        self.used = set()
        self._proto = protocol

    def _g(self, module, name):
        f = _standin(module, name)
        self.used.add(f.__name__)
        return f

    def reducer_override(self, obj):
        if type(obj) is _dtype.dtype:
            self.used.add(obj)
            return _dtype_global(obj)
        path = _torch_path(obj, self._proto)
        if path is not None:
            # pickled as jtorch's own GLOBAL, renamed to PyTorch's in renamed()
            self.used.add(("j" + path[0], path[1]))
            return NotImplemented
        return self._reduce(obj)

    def renamed(self, data):
        """data with the stand-in GLOBALs renamed to PyTorch's, or None if ambiguous."""
        pairs = []
        for u in self.used:
            if isinstance(u, str):
                old = f"c{__name__}\n{u}\n".encode()
                module, name = _STANDIN_NAMES[u]
            elif isinstance(u, tuple):
                old = f"c{u[0]}\n{u[1]}\n".encode()
                module, name = u[0][1:], u[1]
            else:
                old = f"c{_dtype.__name__}\n{_dtype_global(u)}\n".encode()
                module, name = "torch", u.name
            if data.count(old) != 1:
                return None
            pairs.append((old, f"c{module}\n{name}\n".encode()))
        for old, new in pairs:
            data = data.replace(old, new)
        return data


def _pickle(obj, pickle_module, protocol):
    """(data.pkl bytes, {root id: _StorageRef}) for obj."""
    if pickle_module is pickle and protocol == 2:
        buf = io.BytesIO()
        p = _FastPickler(buf, protocol)
        p.dump(obj)
        data = p.renamed(buf.getvalue())
        if data is not None:
            return data, p.storages
    base = pickle._Pickler
    pm_pickler = getattr(pickle_module, "Pickler", pickle.Pickler)
    if pm_pickler is not pickle.Pickler and isinstance(pm_pickler, type) and \
            issubclass(pm_pickler, pickle._Pickler):
        base = pm_pickler
    cls = _Pickler if base is pickle._Pickler else type("_Pickler", (_Pickler, base), {})
    buf = io.BytesIO()
    p = cls(buf, protocol)
    p.dump(obj)
    return buf.getvalue(), p.storages


def _check_save_filelike(f):
    if not isinstance(f, (str, os.PathLike)) and not hasattr(f, "write"):
        raise AttributeError("expected 'f' to be string, path, or a file-like object with a "
                             "'write' attribute")


def _archive_name(path):
    base = os.path.basename(path)
    stem = base.rsplit(".", 1)[0] if "." in base else base
    return stem or "archive"


class _AtomicFile:
    """Write to a temporary file beside `path`, then os.replace it over `path`: an exception
    (or a crash) mid-write leaves whatever was at `path` untouched."""

    def __init__(self, path):
        if os.path.islink(path):
            path = os.path.realpath(path)
        self.path = path
        d = os.path.dirname(path) or "."
        if not os.path.isdir(d):
            raise RuntimeError(f"Parent directory {d} does not exist.")
        if os.path.isdir(path):
            raise RuntimeError(f"File {path} cannot be opened: Is a directory")
        self.tmp = os.path.join(d, f".{os.path.basename(path)}.{secrets.token_hex(6)}.tmp")

    def __enter__(self):
        try:
            mode = stat.S_IMODE(os.stat(self.path).st_mode)  # overwriting keeps the mode
        except FileNotFoundError:
            mode = None  # a new file gets 0o666 less the umask, as open() gives
        fd = os.open(self.tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o666 if mode is None else mode)
        self.file = os.fdopen(fd, "wb")
        if mode is not None and hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        return self.file

    def __exit__(self, exc_type, exc, tb):
        try:
            self.file.close()
            if exc_type is None:
                os.replace(self.tmp, self.path)
                return False
        except BaseException:
            _unlink(self.tmp)
            raise
        _unlink(self.tmp)
        return False


def _unlink(p):
    try:
        os.unlink(p)
    except OSError:
        pass


_crc32_enabled = [True]


def get_crc32_options():
    """Whether torch.save computes the CRC-32 of each record (default True)."""
    return _crc32_enabled[0]


def set_crc32_options(compute_crc32):
    """Turn off (or on) computing CRC-32s of the storage records when saving."""
    _crc32_enabled[0] = bool(compute_crc32)


def _storage_bytes(root):
    a = root._host()
    if a.dtype.byteorder == ">" or (a.dtype.byteorder == "=" and sys.byteorder == "big"):
        a = a.astype(a.dtype.newbyteorder("<"))
    return np.ascontiguousarray(a).reshape(-1).view(np.uint8)


_skip_data_depth = 0


class skip_data:
    """Context manager: torch.save inside it writes every storage record as zero bytes of the
    storage's size (to be filled in later); torch.load inside it does not read tensor data
    (jtorch's tensors come back zero-filled, PyTorch's uninitialized)."""

    def __init__(self, materialize_fake_tensors: bool = False):
        self.materialize_fake_tensors = materialize_fake_tensors

    def __enter__(self):
        global _skip_data_depth
        _skip_data_depth += 1

    def __exit__(self, *exc):
        global _skip_data_depth
        _skip_data_depth -= 1


def save(obj, f, pickle_module=pickle, pickle_protocol=DEFAULT_PROTOCOL,
         _use_new_zipfile_serialization=True, _disable_byteorder_record=False):
    """torch.save: write `obj` (tensors, state_dicts, checkpoints, whole modules) to a path or a
    writable file object in PyTorch's zip format; real PyTorch loads the result. Saving to a
    path is atomic (temporary file + os.replace)."""
    _check_save_filelike(f)
    if not _use_new_zipfile_serialization:
        raise NotImplementedError("jtorch writes only PyTorch's zip-based checkpoint format (the "
                                  "default since PyTorch 1.6); "
                                  "_use_new_zipfile_serialization=False is not supported")
    data_pkl, refs = _pickle(obj, pickle_module, pickle_protocol)
    if _skip_data_depth:
        storages = [(ref.key, bytes(ref.root.numel() * ref.root._nd.dtype.itemsize))
                    for ref in refs.values()]
    else:
        storages = [(ref.key, _storage_bytes(ref.root)) for ref in refs.values()]
    del refs

    def write(fobj, name):
        w = _ZipWriter(fobj, name, get_crc32_options())
        w.write_record("data.pkl", data_pkl)
        w.write_record(".format_version", "1")
        w.write_record(".storage_alignment", str(_STORAGE_ALIGNMENT))
        if not _disable_byteorder_record:
            w.write_record("byteorder", "little")
        for key, data in storages:
            w.write_record(f"data/{key}", data)
        w.write_record("version", "3\n")
        w.write_record(".data/serialization_id", _serialization_id())
        w.finish()

    if isinstance(f, (str, os.PathLike)):
        path = os.fspath(f)
        with _AtomicFile(path) as fobj:
            write(fobj, _archive_name(path))
    else:
        write(f, "archive")
        if hasattr(f, "flush"):
            f.flush()


def _serialization_id():
    return str(secrets.randbits(128)).zfill(40)


# ---- loading ------------------------------------------------------------------------------
class LoadEndianness:
    NATIVE = 1
    LITTLE = 2
    BIG = 3


_default_load_endianness = [None]


def get_default_load_endianness():
    """The byte order assumed for checkpoints without a byteorder record (None: little)."""
    return _default_load_endianness[0]


def set_default_load_endianness(endianness):
    if endianness is not None and endianness not in (1, 2, 3):
        raise TypeError("Invalid argument type in function set_default_load_endianness")
    _default_load_endianness[0] = endianness


def _is_zipfile(f):
    start = f.tell()
    magic = f.read(4)
    f.seek(start)
    return magic == b"PK\x03\x04"


def _check_seekable(f):
    try:
        f.seek(f.tell())
        return True
    except (io.UnsupportedOperation, AttributeError) as e:
        for p in ("seek", "tell"):
            if p in str(e):
                raise type(e)(str(e) + ". You can only torch.load from a file that is seekable. "
                              "Please pre-load the data into a buffer like io.BytesIO and try to "
                              "load from it instead.") from None
        raise


def _get_wo_message(message):
    if re.search(r"GLOBAL (\S+) was not an allowed global by default.", message):
        return ("Weights only load failed. This file can still be loaded, to do so you have two "
                "options, \033[1mdo those steps only if you trust the source of the "
                f"checkpoint\033[0m. \n\t(1) {UNSAFE_MESSAGE}\n\t(2) Alternatively, to load with "
                "`weights_only=True` please check the recommended steps in the following error "
                "message.\n\tWeightsUnpickler error: " + message + _DOCS_MESSAGE)
    if re.search(r"(\S+) must be (\S+) to load", message):
        return f"Weights only load failed. {message}\n {UNSAFE_MESSAGE}\n"
    out = f"Weights only load failed. {UNSAFE_MESSAGE}\n"
    if not re.search(r"whose module (\S+) is blocked", message):
        out += ("Please file an issue with the following so that we can make `weights_only=True` "
                "compatible with your use case: WeightsUnpickler error: ")
    return out + "\n\n" + message + _DOCS_MESSAGE


def _decode_ascii(s):
    return s.decode("ascii") if isinstance(s, bytes) else s


def _storage_dtype(storage_type):
    dt = storage_type.dtype if hasattr(storage_type, "dtype") else None
    if isinstance(dt, _UnsupportedDtype):
        raise _unsupported_dtype_error(dt)
    if not isinstance(dt, _dtype.dtype):
        raise RuntimeError(f"unknown storage type in checkpoint: {storage_type!r}")
    return dt


def _to_native(arr, little):
    """The array in native byte order, given the byte order it was written in."""
    if arr.itemsize > 1 and little != (sys.byteorder == "little"):
        u = arr.view(f"u{arr.itemsize}").byteswap()
        return u.view(arr.dtype)
    return arr


def _byteorder_little(reader):
    if reader.has_record("byteorder"):
        data = reader.get_record("byteorder")
        if data not in (b"little", b"big"):
            raise ValueError("Unknown endianness type: " + data.decode())
        return data == b"little"
    e = get_default_load_endianness()
    if e == LoadEndianness.BIG:
        return False
    if e == LoadEndianness.NATIVE:
        return sys.byteorder == "little"
    return True


def _find_class_factory(base_find_class):
    """find_class for weights_only=False: PyTorch's serialization names map to jtorch's objects,
    any other `torch.X` to `jtorch.X`, everything else as pickle does."""
    def find_class(self, module, name):
        if module == "torch.tensor":
            module = "torch._tensor"
        if module == "torch" or module.startswith("torch."):
            obj = _torch_global(module, name)
            if obj is not None:
                return obj
            jmodule = "j" + module
            import importlib
            try:
                mod = importlib.import_module(jmodule)
                obj = mod
                for part in name.split("."):
                    obj = getattr(obj, part)
                return obj
            except (ImportError, AttributeError):
                # a class jtorch defines elsewhere (torch.nn.modules.channelshuffle.ChannelShuffle):
                # the nearest parent package that exports it
                parent = jmodule
                while "." not in name and "." in parent:
                    parent = parent.rsplit(".", 1)[0]
                    try:
                        obj = getattr(importlib.import_module(parent), name, None)
                    except ImportError:
                        obj = None
                    if obj is not None and not isinstance(obj, types.ModuleType):
                        return obj
                raise AttributeError(
                    f"the checkpoint references {module}.{name}, which jtorch does not provide "
                    f"(looked for {jmodule}.{name})") from None
        return base_find_class(self, module, name)
    return find_class


def _load_zip(reader, map_location, pickle_module, weights_only, pickle_load_args):
    restore = _get_restore_location(map_location)
    little = _byteorder_little(reader)
    loaded = {}

    def persistent_load(saved_id):
        if not isinstance(saved_id, tuple):
            raise AssertionError(f"saved_id must be a tuple, got {type(saved_id).__name__}")
        typename = _decode_ascii(saved_id[0])
        if typename != "storage":
            raise AssertionError("Unknown typename for persistent_load, expected 'storage' but "
                                 f"got '{typename}'")
        storage_type, key, location, numel = saved_id[1:5]
        if key in loaded:
            return loaded[key]
        dt = _storage_dtype(storage_type)
        nbytes = int(numel) * dt.itemsize
        if _skip_data_depth:
            arr = np.zeros(int(numel), dt.np)
        else:
            arr = reader.get_array(f"data/{key}", nbytes).view(dt.np)
        storage = _LoadedStorage(_to_native(arr, little), dt)
        storage = restore(storage, _decode_ascii(location))
        loaded[key] = storage
        return storage

    data = io.BytesIO(reader.get_record("data.pkl"))
    if weights_only:
        unpickler = _weights_only_unpickler.Unpickler(data, **pickle_load_args)
    else:
        base = pickle_module.Unpickler
        cls = type("_UnpicklerWrapper", (base,),
                   {"find_class": _find_class_factory(base.find_class)})
        unpickler = cls(data, **pickle_load_args)
    unpickler.persistent_load = persistent_load
    return unpickler.load()


def _is_path(f):
    return isinstance(f, (str, os.PathLike))


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **pickle_load_args):
    """torch.load: read a checkpoint written by torch.save (real PyTorch's or jtorch's).

    weights_only=True (the default, as in PyTorch 2.6+) refuses anything but tensors,
    containers, primitive types and allowlisted globals; map_location may be a string,
    torch.device, dict or callable; mmap=True maps the file instead of reading it."""
    weights_only_not_set = weights_only is None
    if weights_only_not_set:
        weights_only = pickle_module is None
    true_values = ("1", "y", "yes", "true")
    force_wo = os.getenv("TORCH_FORCE_WEIGHTS_ONLY_LOAD", "0").lower() in true_values
    force_no_wo = os.getenv("TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD", "0").lower() in true_values
    if force_wo and force_no_wo:
        raise RuntimeError("Only one of `TORCH_FORCE_WEIGHTS_ONLY_LOAD` or "
                           "`TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD` should be set, but both were set.")
    elif force_wo:
        weights_only = True
    elif force_no_wo and weights_only_not_set:
        warnings.warn("Environment variable TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD detected, since the"
                      "`weights_only` argument was not explicitly passed to `torch.load`, forcing "
                      "weights_only=False.", UserWarning, stacklevel=2)
        weights_only = False
    if weights_only:
        if pickle_module is not None:
            raise RuntimeError("Can not safely load weights when explicit pickle_module is "
                               "specified")
    elif pickle_module is None:
        pickle_module = pickle
    if pickle_load_args and weights_only:
        warnings.warn("pickle_load_args only works if `weights_only=False`.")
    mmap = bool(mmap)
    pickle_load_args.setdefault("encoding", "utf-8")
    if weights_only:
        pickle_load_args = {"encoding": pickle_load_args["encoding"]}

    if _is_path(f) and os.fspath(f).endswith(".safetensors"):
        if isinstance(map_location, dict) or (callable(map_location) and
                                              not isinstance(map_location, _Device)):
            kind = "dict" if isinstance(map_location, dict) else "callable"
            raise RuntimeError(f"Loading safetensors file with {kind} map_location is not "
                               "supported. Use a device string or torch.device instead.")
        from .utils import safetensors as _st
        return _st.load_file(os.fspath(f),
                             device="cpu" if map_location is None else str(map_location))

    opened = open(f, "rb") if _is_path(f) else f
    try:
        if not _is_path(f):
            _check_seekable(opened)
        if _is_zipfile(opened):
            mm = None
            if mmap:
                if not _is_path(f):
                    raise ValueError("f must be a file path in order to use the mmap argument")
                # copy-on-write (MAP_PRIVATE, as PyTorch maps): JAX may adopt the mapped
                # pages without a copy, and a later in-place update never reaches the file
                mm = np.memmap(os.fspath(f), dtype=np.uint8, mode="c")
            reader = _ZipReader(opened, mm)
            if reader.has_record("constants.pkl"):
                raise RuntimeError("'torch.load' received a zip file that looks like a "
                                   "TorchScript archive; jtorch cannot load TorchScript "
                                   "(torch.jit) archives")
            if weights_only:
                try:
                    return _load_zip(reader, map_location, None, True, pickle_load_args)
                except pickle.UnpicklingError as e:
                    raise pickle.UnpicklingError(_get_wo_message(str(e))) from None
            return _load_zip(reader, map_location, pickle_module, False, pickle_load_args)
        if mmap:
            f_name = "" if not isinstance(f, str) else f"{f}, "
            raise RuntimeError(
                "mmap can only be used with files saved with "
                f"`torch.save({f_name}_use_new_zipfile_serialization=True), please torch.save "
                "your checkpoint with this option in order to use mmap.")
        if weights_only:
            try:
                return _legacy_load(opened, map_location, None, True, pickle_load_args)
            except pickle.UnpicklingError as e:
                raise pickle.UnpicklingError(_get_wo_message(str(e))) from None
        return _legacy_load(opened, map_location, pickle_module, False, pickle_load_args)
    finally:
        if opened is not f:
            opened.close()


# ---- the legacy (pre-1.6, non-zip) format -------------------------------------------------
def _pickle_storage_ids(f):
    """Walk one pickle without running it and return the persistent ids it builds out of
    primitives and GLOBALs (the legacy format's storages), leaving f after its STOP."""
    import pickletools
    stack, metastack, memo, pids = [], [], {}, []
    for op, arg, _ in pickletools.genops(f):
        name = op.name
        if name == "STOP":
            break
        if name == "PROTO" or name == "FRAME":
            continue
        if name == "MARK":
            metastack.append(stack)
            stack = []
        elif name in ("GLOBAL",):
            stack.append(("__global__",) + tuple(arg.split(" ", 1)))
        elif name in ("BINPUT", "LONG_BINPUT", "PUT"):
            memo[arg] = stack[-1]
        elif name == "MEMOIZE":
            memo[len(memo)] = stack[-1]
        elif name in ("BINGET", "LONG_BINGET", "GET"):
            stack.append(memo.get(arg))
        elif name == "TUPLE":
            items = tuple(stack)
            stack = metastack.pop()
            stack.append(items)
        elif name in ("TUPLE1", "TUPLE2", "TUPLE3"):
            k = int(name[-1])
            items = tuple(stack[-k:])
            del stack[-k:]
            stack.append(items)
        elif name == "EMPTY_TUPLE":
            stack.append(())
        elif name in ("BINPERSID", "PERSID"):
            pid = stack.pop() if name == "BINPERSID" else arg
            pids.append(pid)
            stack.append(None)
        elif op.stack_before == [] and len(op.stack_after) == 1:
            stack.append(arg)  # a constant (ints, strings, None, True/False, floats, bytes)
        else:
            before = op.stack_before
            if pickletools.markobject in before:
                stack = metastack.pop()
                before = before[:before.index(pickletools.markobject)]
            if before:
                del stack[len(stack) - len(before):]
            stack.extend([None] * len(op.stack_after))
    return pids


def _legacy_load(f, map_location, pickle_module, weights_only, pickle_load_args):
    """PyTorch's pre-1.6 format: pickles of (magic, version, sys_info, obj, storage keys) then
    each storage's raw data. The tar variant (PyTorch < 0.4) is not supported."""
    start = f.tell()
    if start == 0 and hasattr(f, "fileno"):
        try:
            is_tar = tarfile.is_tarfile(f)
        except Exception:
            is_tar = False
        f.seek(start)
        if is_tar:
            raise RuntimeError("jtorch cannot load checkpoints in PyTorch's legacy .tar format "
                               "(written by PyTorch < 0.4); load it with PyTorch and save it "
                               "again with torch.save")

    def small_load():
        if weights_only:
            return _weights_only_unpickler.Unpickler(f, **pickle_load_args).load()
        return pickle_module.Unpickler(f, **pickle_load_args).load()

    magic_number = small_load()
    if magic_number != MAGIC_NUMBER:
        raise RuntimeError("Invalid magic number; corrupt file?")
    protocol_version = small_load()
    if protocol_version != PROTOCOL_VERSION:
        raise RuntimeError(f"Invalid protocol version: {protocol_version}")
    sys_info = small_load()
    little = bool(sys_info.get("little_endian", True)) if isinstance(sys_info, dict) else True
    obj_start = f.tell()
    pids = _pickle_storage_ids(f)
    keys = small_load()
    meta = {}
    for pid in pids:
        if isinstance(pid, tuple) and pid and _decode_ascii(pid[0]) == "storage":
            g = pid[1]
            if isinstance(g, tuple) and g and g[0] == "__global__":
                meta[pid[2]] = g[2].strip()
    arrays = {}
    for key in keys:
        if key not in meta:
            raise RuntimeError(f"storage key {key!r} of the checkpoint has no storage type")
        dt = _storage_dtype(StorageType(meta[key]) if meta[key] in _DTYPE_OF_STORAGE else None)
        numel = struct.unpack("<q", f.read(8))[0]
        buf = _aligned_empty(numel * dt.itemsize)
        _readinto(f, buf)
        arrays[key] = _to_native(buf.view(dt.np), little)
    end = f.tell()
    restore = _get_restore_location(map_location)
    roots, views = {}, {}

    def persistent_load(saved_id):
        if not isinstance(saved_id, tuple):
            raise AssertionError(f"saved_id must be a tuple, got {type(saved_id).__name__}")
        typename = _decode_ascii(saved_id[0])
        data = saved_id[1:]
        if typename == "module":
            return data[0]
        if typename != "storage":
            raise RuntimeError(f"Unknown saved id type: {saved_id[0]}")
        storage_type, root_key, location, numel, view_metadata = data
        dt = _storage_dtype(storage_type)
        if root_key not in roots:
            roots[root_key] = restore(_LoadedStorage(arrays[root_key], dt),
                                      _decode_ascii(location))
        root = roots[root_key]
        if view_metadata is None:
            return root
        view_key, offset, view_size = view_metadata
        if view_key not in views:
            views[view_key] = _StorageView(root, offset)
        return views[view_key]

    f.seek(obj_start)
    if weights_only:
        unpickler = _weights_only_unpickler.Unpickler(f, **pickle_load_args)
    else:
        base = pickle_module.Unpickler
        cls = type("_UnpicklerWrapper", (base,),
                   {"find_class": _find_class_factory(base.find_class)})
        unpickler = cls(f, **pickle_load_args)
    unpickler.persistent_load = persistent_load
    result = unpickler.load()
    f.seek(end)
    return result


class _StorageView(_LoadedStorage):
    """A legacy-format storage that is a slice of another (tensors on it share the root)."""

    def __init__(self, root, offset):
        self._base_storage, self._offset = root, int(offset)
        super().__init__(root._np, root.dtype, root.device)

    def _tensor(self, offset, size, stride, requires_grad):
        return self._base_storage._tensor(self._offset + int(offset), size, stride,
                                          requires_grad)


# ---- allowlisting ---------------------------------------------------------------------------
def clear_safe_globals():
    """Clear the list of globals that are safe for weights_only load."""
    _weights_only_unpickler._clear_safe_globals()


def get_safe_globals():
    """The list of user-added globals that are safe for weights_only load."""
    return _weights_only_unpickler._get_safe_globals()


def add_safe_globals(safe_globals):
    """Mark globals (classes/functions, or (object, "module.qualname") pairs) as safe for
    weights_only load."""
    _weights_only_unpickler._add_safe_globals(safe_globals)


class safe_globals(_weights_only_unpickler._safe_globals):
    """Context manager that adds globals as safe for weights_only load inside its block."""


def get_unsafe_globals_in_checkpoint(f):
    """The GLOBALs in a torch.save checkpoint that weights_only would refuse (read statically)."""
    safe = set(_weights_only_unpickler._get_allowed_globals()) | \
        set(_weights_only_unpickler._get_user_allowed_globals())
    opened = open(f, "rb") if _is_path(f) else f
    try:
        if not _is_zipfile(opened):
            raise ValueError("Expected input to be a checkpoint returned by torch.save")
        reader = _ZipReader(opened)
        if reader.has_record("constants.pkl"):
            raise ValueError("Expected input to be a checkpoint returned by torch.save but got a "
                             "torchscript checkpoint")
        found = _weights_only_unpickler.get_globals_in_pkl(io.BytesIO(reader.get_record(
            "data.pkl")))
        return list(found - safe)
    finally:
        if opened is not f:
            opened.close()
