"""safetensors for jtorch, written directly on the format (no dependency): `save_file`,
`load_file`, `save`, `load`, `safe_open`, `save_model`, `load_model` as in
`safetensors.torch`.

The format: an 8-byte little-endian header length N, N bytes of JSON
`{"__metadata__": {str: str}, name: {"dtype": "F32", "shape": [...], "data_offsets": [b, e]}}`
(padded with spaces to a multiple of 8), then the tensors' raw little-endian bytes, laid out
by dtype alignment (largest first) then name, as the reference implementation writes them.
"""
import json
import os
import struct
import sys

import numpy as np

__all__ = ["save_file", "load_file", "save", "load", "safe_open", "save_model", "load_model",
           "SafetensorError"]

_CODE = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "int32": "I32",
         "int64": "I64", "float16": "F16", "bfloat16": "BF16", "float32": "F32",
         "float64": "F64"}
_DTYPE = {v: k for k, v in _CODE.items()}
_UNSUPPORTED = ("U16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "C64", "F4", "F6_E2M3",
                "F6_E3M2", "E8M0")
_MAX_HEADER = 100_000_000


class SafetensorError(Exception):
    """A malformed or unsupported safetensors file (the safetensors package's error type)."""


def _jtorch():
    import jtorch
    return jtorch


def _check(tensors):
    Tensor = _jtorch().Tensor
    if not isinstance(tensors, dict):
        raise TypeError(f"argument 'tensor_dict': '{type(tensors).__name__}' object cannot be "
                        "converted to 'PyDict'")
    for k, v in tensors.items():
        if not isinstance(k, str):
            raise TypeError(f"argument 'tensor_dict': '{type(k).__name__}' object is not an "
                            "instance of 'str'")
        if not isinstance(v, Tensor):
            raise ValueError(f"Key `{k}` is invalid, expected torch.Tensor but received {type(v)}")
        if not v.is_contiguous():
            raise ValueError(
                f"You are trying to save a non contiguous tensor: `{k}` which is not allowed. It "
                "either means you are trying to save tensors which are reference of each other in "
                "which case it's recommended to save only the full tensors, and reslice at load "
                "time, or simply call `.contiguous()` on your tensor to pack it before saving.")
    groups = {}
    for k, v in tensors.items():
        if v.numel() == 0:
            continue
        root = v._base if v._base is not None else v
        groups.setdefault(id(root), set()).add(k)
    shared = [names for names in groups.values() if len(names) > 1]
    if shared:
        raise RuntimeError(
            "\n            Some tensors share memory, this will lead to duplicate memory on disk "
            f"and potential differences when loading them again: {shared}.\n            A "
            "potential way to correctly save your model is to use `save_model`.\n            More "
            "information at https://huggingface.co/docs/safetensors/torch_shared_tensors\n"
            "            ")


def _serialize(tensors, metadata):
    """(header bytes, [(name, array)]) for a flat dict of tensors."""
    _check(tensors)
    if metadata is not None:
        if not isinstance(metadata, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()):
            raise TypeError("argument 'metadata': expected a dict of str to str")
    items = []
    for name, t in tensors.items():
        if t.dtype.name not in _CODE:
            raise SafetensorError(f"dtype {t.dtype} is not supported by safetensors")
        items.append((name, t))
    items.sort(key=lambda it: (-it[1].dtype.itemsize, it[0]))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    arrays = []
    offset = 0
    for name, t in items:
        a = t.detach()._host()
        if a.dtype.byteorder == ">" or (a.dtype.byteorder == "=" and sys.byteorder == "big"):
            a = a.astype(a.dtype.newbyteorder("<"))
        a = np.ascontiguousarray(a).reshape(-1).view(np.uint8)
        header[name] = {"dtype": _CODE[t.dtype.name], "shape": [int(d) for d in t.shape],
                        "data_offsets": [offset, offset + a.nbytes]}
        offset += a.nbytes
        arrays.append(a)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-(8 + len(h)) % 8)
    return struct.pack("<Q", len(h)) + h, arrays


def save(tensors, metadata=None):
    """The safetensors bytes of a flat {name: tensor} dict (tensors must be contiguous and must
    not share memory)."""
    head, arrays = _serialize(tensors, metadata)
    return b"".join([head] + [a.tobytes() for a in arrays])


def save_file(tensors, filename, metadata=None):
    """Write a flat {name: tensor} dict to a .safetensors file (atomically)."""
    head, arrays = _serialize(tensors, metadata)
    from ..serialization import _AtomicFile
    with _AtomicFile(os.fspath(filename)) as f:
        f.write(head)
        for a in arrays:
            f.write(memoryview(a))


def _parse_header(buf):
    """(header dict, data start) from the first bytes of a safetensors buffer."""
    if len(buf) < 8:
        raise SafetensorError("Error while deserializing header: HeaderTooSmall")
    n = struct.unpack("<Q", bytes(buf[:8]))[0]
    if n > _MAX_HEADER or 8 + n > len(buf):
        raise SafetensorError("Error while deserializing header: HeaderTooLarge")
    try:
        header = json.loads(bytes(buf[8:8 + n]).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise SafetensorError(f"Error while deserializing header: InvalidHeaderDeserialization"
                              f" ({e})") from None
    if not isinstance(header, dict):
        raise SafetensorError("Error while deserializing header: InvalidHeaderDeserialization")
    meta = header.pop("__metadata__", None)
    data_len = len(buf) - 8 - n
    end_max = 0
    for name, info in header.items():
        try:
            code, shape, (b, e) = info["dtype"], info["shape"], info["data_offsets"]
        except (KeyError, TypeError, ValueError):
            raise SafetensorError(f"Error while deserializing header: InvalidHeaderDeserialization"
                                  f" (entry {name!r})") from None
        if code in _UNSUPPORTED:
            raise SafetensorError(f"jtorch does not support safetensors dtype {code} (tensor "
                                  f"{name!r})")
        if code not in _DTYPE:
            raise SafetensorError(f"Error while deserializing header: invalid dtype {code!r}")
        itemsize = np.dtype(_np_dtype(code)).itemsize
        n_el = 1
        for d in shape:
            if not isinstance(d, int) or d < 0:
                raise SafetensorError(f"Error while deserializing header: invalid shape for "
                                      f"{name!r}")
            n_el *= d
        if not (isinstance(b, int) and isinstance(e, int)) or b < 0 or e < b or e > data_len:
            raise SafetensorError(f"Error while deserializing header: InvalidOffset({name})")
        if (e - b) != n_el * itemsize:
            raise SafetensorError(f"Error while deserializing header: TensorInvalidInfo "
                                  f"({name}: shape {shape} needs {n_el * itemsize} bytes, "
                                  f"offsets give {e - b})")
        end_max = max(end_max, e)
    if end_max != data_len:
        raise SafetensorError("Error while deserializing header: MetadataIncompleteBuffer")
    return header, meta, 8 + n


def _np_dtype(code):
    from .. import _dtype
    return _dtype._BY_NAME[_DTYPE[code]].np


def _tensor(buf, start, info, device):
    import jax
    from .._device import to_jax
    from .._tensor import Tensor
    b, e = info["data_offsets"]
    dt = np.dtype(_np_dtype(info["dtype"]))
    a = np.frombuffer(buf, np.uint8, e - b, start + b).view(dt)
    if sys.byteorder == "big" and dt.itemsize > 1:
        a = a.view(f"u{dt.itemsize}").byteswap().view(dt)
    a = a.reshape(info["shape"])
    jdev = to_jax(device)
    return Tensor._from_array(jax.device_put(a, jdev), jdev)


def load(data, device="cpu"):
    """The {name: tensor} dict stored in safetensors bytes."""
    header, _, start = _parse_header(memoryview(data))
    return {name: _tensor(data, start, info, device) for name, info in
            sorted(header.items(), key=lambda it: it[1]["data_offsets"][0])}


def load_file(filename, device="cpu"):
    """The {name: tensor} dict stored in a .safetensors file (read through a memory map)."""
    with safe_open(filename, framework="pt", device=device) as f:
        return {k: f.get_tensor(k) for k in f._order}


class safe_open:
    """Lazy access to a .safetensors file: keys(), get_tensor(name), metadata(); a context
    manager, as safetensors.safe_open (framework "pt"/"torch")."""

    def __init__(self, filename, framework="pt", device="cpu"):
        if framework not in ("pt", "torch", "jtorch", "numpy", "np"):
            raise SafetensorError(f"framework {framework!r} is not supported by jtorch's "
                                  "safetensors (use 'pt')")
        self._framework = framework
        self._device = device if isinstance(device, str) else str(device)
        path = os.fspath(filename)
        if os.path.getsize(path) == 0:
            self._buf = b""
        else:
            # copy-on-write: JAX may adopt aligned pages without a copy; writes stay private
            self._buf = np.memmap(path, dtype=np.uint8, mode="c")
        self._header, self._meta, self._start = _parse_header(self._buf)
        self._order = [k for k, _ in sorted(self._header.items(),
                                            key=lambda it: it[1]["data_offsets"][0])]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def keys(self):
        return sorted(self._header)

    def offset_keys(self):
        return list(self._order)

    def metadata(self):
        return self._meta

    def get_tensor(self, name):
        if name not in self._header:
            raise SafetensorError(f"File does not contain tensor {name}")
        t = _tensor(self._buf, self._start, self._header[name], self._device)
        if self._framework in ("numpy", "np"):
            return t._host()
        return t


def _shared_groups(state):
    groups = {}
    for k, v in state.items():
        root = v._base if v._base is not None else v
        groups.setdefault(id(root), []).append(k)
    return [sorted(g) for g in groups.values() if len(g) > 1]


def save_model(model, filename, metadata=None, force_contiguous=False):
    """Save a Module's state_dict, keeping one name per group of tensors that share memory
    (tied weights), as safetensors.torch.save_model."""
    state = model.state_dict()
    drop = set()
    for group in _shared_groups(state):
        drop.update(group[1:])
    state = {k: v for k, v in state.items() if k not in drop}
    if force_contiguous:
        state = {k: v.contiguous() for k, v in state.items()}
    if metadata is None:
        metadata = {}
    metadata = dict(metadata)
    metadata.setdefault("format", "pt")
    save_file(state, filename, metadata=metadata)


def load_model(model, filename, strict=True, device="cpu"):
    """Load a file written by save_model into `model` (tied names restored from their twin).
    Returns (missing, unexpected) key lists."""
    state = load_file(filename, device=device)
    own = model.state_dict()
    for group in _shared_groups(own):
        present = [k for k in group if k in state]
        if present:
            for k in group:
                state.setdefault(k, state[present[0]])
    missing = sorted(set(own) - set(state))
    unexpected = sorted(set(state) - set(own))
    if strict and (missing or unexpected):
        msg = f"Error(s) in loading state_dict for {type(model).__name__}:"
        if missing:
            msg += "\n    Missing key(s) in state_dict: " + ", ".join(f'"{k}"' for k in missing)
        if unexpected:
            msg += "\n    Unexpected key(s) in state_dict: " + ", ".join(
                f'"{k}"' for k in unexpected)
        raise RuntimeError(msg)
    model.load_state_dict(state, strict=False)
    return missing, unexpected
