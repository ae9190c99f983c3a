"""The restricted unpickler behind `torch.load(..., weights_only=True)` (PyTorch 2.6+ default).

It interprets the pickle opcodes itself (protocol 2, what torch.save writes) and never imports
anything by name: a GLOBAL is looked up in a fixed table of what PyTorch allows by default
(tensor rebuild functions, storage types, dtypes, torch.Size, torch.device, OrderedDict,
Counter, set, bytes, bytearray, complex) plus what the user allowlisted with
`torch.serialization.add_safe_globals`. REDUCE/NEWOBJ may only call those, BUILD may only set
state on allowlisted types, APPEND only targets lists, SETITEM(S) only dicts: a pickle that
would run code (os.system, eval, ...) raises pickle.UnpicklingError with PyTorch's message.
The table names PyTorch's globals (`torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`)
and maps them to jtorch's equivalents, so files written by real PyTorch load unchanged.
"""
import functools as _functools
import warnings
from _codecs import encode
from collections import Counter, OrderedDict
from pickle import (
    APPEND, APPENDS, BINFLOAT, BINGET, BININT, BININT1, BININT2, BINPERSID, BINPUT, BINUNICODE,
    BUILD, EMPTY_DICT, EMPTY_LIST, EMPTY_SET, EMPTY_TUPLE, GLOBAL, LONG1, LONG_BINGET,
    LONG_BINPUT, MARK, NEWFALSE, NEWOBJ, NEWTRUE, NONE, PROTO, REDUCE, SETITEM, SETITEMS,
    SHORT_BINSTRING, STOP, TUPLE, TUPLE1, TUPLE2, TUPLE3, UnpicklingError, bytes_types,
    decode_long)
from struct import unpack
from sys import maxsize

# opcode values as ints (the load loop compares each opcode byte with them)
_APPEND = APPEND[0]
_APPENDS = APPENDS[0]
_BINFLOAT = BINFLOAT[0]
_BINGET = BINGET[0]
_BININT = BININT[0]
_BININT1 = BININT1[0]
_BININT2 = BININT2[0]
_BINPERSID = BINPERSID[0]
_BINPUT = BINPUT[0]
_BINUNICODE = BINUNICODE[0]
_BUILD = BUILD[0]
_EMPTY_DICT = EMPTY_DICT[0]
_EMPTY_LIST = EMPTY_LIST[0]
_EMPTY_SET = EMPTY_SET[0]
_EMPTY_TUPLE = EMPTY_TUPLE[0]
_GLOBAL = GLOBAL[0]
_LONG1 = LONG1[0]
_LONG_BINGET = LONG_BINGET[0]
_LONG_BINPUT = LONG_BINPUT[0]
_MARK = MARK[0]
_NEWFALSE = NEWFALSE[0]
_NEWOBJ = NEWOBJ[0]
_NEWTRUE = NEWTRUE[0]
_NONE = NONE[0]
_PROTO = PROTO[0]
_REDUCE = REDUCE[0]
_SETITEM = SETITEM[0]
_SETITEMS = SETITEMS[0]
_SHORT_BINSTRING = SHORT_BINSTRING[0]
_STOP = STOP[0]
_TUPLE = TUPLE[0]
_TUPLE1 = TUPLE1[0]
_TUPLE2 = TUPLE2[0]
_TUPLE3 = TUPLE3[0]

# modules that can never be allowlisted
_blocklisted_modules = ["sys", "os", "posix", "nt"]

_marked_safe_globals_set = set()


def _add_safe_globals(safe_globals):
    global _marked_safe_globals_set
    _marked_safe_globals_set = _marked_safe_globals_set.union(set(safe_globals))


def _get_safe_globals():
    return list(_marked_safe_globals_set)


def _clear_safe_globals():
    global _marked_safe_globals_set
    _marked_safe_globals_set = set()


def _remove_safe_globals(globals_to_remove):
    global _marked_safe_globals_set
    _marked_safe_globals_set = _marked_safe_globals_set - set(globals_to_remove)


class _safe_globals:
    """Context manager adding globals to the allowlist for its duration."""

    def __init__(self, safe_globals):
        self.safe_globals = safe_globals

    def __enter__(self):
        _add_safe_globals(self.safe_globals)

    def __exit__(self, type, value, tb):
        _remove_safe_globals(self.safe_globals)


def _get_user_allowed_globals():
    """{full path: object} for the user's allowlist. A jtorch object also answers to the path
    PyTorch would give it (`jtorch.nn.modules.linear.Linear` to `torch.nn.modules.linear.Linear`)
    so files written by real PyTorch load after allowlisting the jtorch class."""
    rc = {}
    for f in _marked_safe_globals_set:
        if isinstance(f, tuple):
            if len(f) != 2:
                raise ValueError(f"Expected tuple of length 2 (global, str of callable full path), "
                                 f"but got tuple of length: {len(f)}")
            if type(f[1]) is not str:
                raise TypeError(f"Expected second item in tuple to be str of callable full path, "
                                f"but got: {type(f[1])}")
            f, name = f
            rc[name] = f
        else:
            name = f"{f.__module__}.{f.__qualname__}"
            rc[name] = f
        if name.startswith("jtorch."):
            rc.setdefault(name[1:], f)
            from .serialization import _torch_path  # the name jtorch's torch.save writes
            path = _torch_path(f, 4)
            if path is not None:
                rc.setdefault(f"{path[0]}.{path[1]}", f)
    return rc


# ---- the default allowlist: PyTorch's names, jtorch's objects ------------------------------
_DTYPE_NAMES = (
    "bool", "uint8", "int8", "int16", "int32", "int64", "float16", "bfloat16", "float32",
    "float64", "complex32", "complex64", "complex128", "qint8", "quint8", "qint32", "quint4x2",
    "quint2x4", "bits1x8", "bits2x4", "bits4x2", "bits8", "bits16", "float8_e5m2",
    "float8_e4m3fn", "float8_e5m2fnuz", "float8_e4m3fnuz", "float8_e8m0fnu", "float4_e2m1fn_x2",
    "uint16", "uint32", "uint64") + tuple(f"uint{i}" for i in range(1, 8)) + \
    tuple(f"int{i}" for i in range(1, 8))
_TENSOR_TYPES = ("Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte",
                 "Bool")
_SPARSE_TENSOR_TYPES = ("Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char",
                        "Byte")
_STORAGE_TYPES = ("Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char", "Byte",
                  "Bool", "ComplexDouble", "ComplexFloat")
_QSTORAGE_TYPES = ("QInt8", "QUInt8", "QInt32", "QUInt4x2", "QUInt2x4")
_QSCHEMES = ("per_tensor_affine", "per_tensor_symmetric", "per_channel_affine",
             "per_channel_symmetric", "per_channel_affine_float_qparams")
_REBUILD_FUNCTIONS = (
    "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_tensor",
    "_rebuild_tensor_v2", "_rebuild_tensor_v3", "_rebuild_sparse_tensor",
    "_rebuild_meta_tensor_no_storage", "_rebuild_nested_tensor", "_rebuild_wrapper_subclass",
    "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor")


@_functools.lru_cache(maxsize=1)
def _get_allowed_globals():
    from . import serialization as S
    resolve = S._torch_global
    rc = {
        "collections.OrderedDict": OrderedDict,
        "collections.Counter": Counter,
        "torch.nn.parameter.Parameter": resolve("torch.nn.parameter", "Parameter"),
        "torch.serialization._get_layout": resolve("torch.serialization", "_get_layout"),
        "torch.Size": resolve("torch", "Size"),
        "torch.Tensor": resolve("torch", "Tensor"),
        "torch.device": resolve("torch", "device"),
        "_codecs.encode": encode,
        "builtins.bytearray": bytearray,
        "builtins.set": set,
        "builtins.complex": complex,
    }
    for name in _DTYPE_NAMES:
        rc[f"torch.{name}"] = resolve("torch", name)
    for prefix in ("torch", "torch.cuda"):
        for t in _TENSOR_TYPES:
            rc[f"{prefix}.{t}Tensor"] = resolve(prefix, f"{t}Tensor")
    for prefix in ("torch.sparse", "torch.cuda.sparse"):
        for t in _SPARSE_TENSOR_TYPES:
            rc[f"{prefix}.{t}Tensor"] = resolve(prefix, f"{t}Tensor")
    for prefix in ("torch", "torch.cuda"):
        for t in _STORAGE_TYPES:
            rc[f"{prefix}.{t}Storage"] = resolve(prefix, f"{t}Storage")
    for t in _QSTORAGE_TYPES:
        rc[f"torch.{t}Storage"] = resolve("torch", f"{t}Storage")
    rc["torch.storage.TypedStorage"] = resolve("torch.storage", "TypedStorage")
    rc["torch.storage.UntypedStorage"] = resolve("torch.storage", "UntypedStorage")
    for q in _QSCHEMES:
        rc[f"torch.{q}"] = resolve("torch", q)
    for f in _REBUILD_FUNCTIONS:
        rc[f"torch._utils.{f}"] = resolve("torch._utils", f)
    rc["torch._tensor._rebuild_from_type_v2"] = resolve("torch._tensor", "_rebuild_from_type_v2")
    return rc


@_functools.lru_cache(maxsize=1)
def _allowed_ids():
    return {id(v) for v in _get_allowed_globals().values()}


@_functools.lru_cache(maxsize=1)
def _compat_mappings():
    from _compat_pickle import IMPORT_MAPPING, NAME_MAPPING
    return IMPORT_MAPPING, NAME_MAPPING


def _read_global_instruction(readline):
    module = readline()[:-1].decode("utf-8")
    name = readline()[:-1].decode("utf-8")
    import_mapping, name_mapping = _compat_mappings()
    # protocol 2 pickles name Python 2 modules (`__builtin__`)
    if (module, name) in name_mapping:
        module, name = name_mapping[(module, name)]
    elif module in import_mapping:
        module = import_mapping[module]
    return module, name


_SKIP = {op[0]: 0 for op in (NEWOBJ, REDUCE, BUILD, APPEND, APPENDS, SETITEM, SETITEMS, MARK,
                             TUPLE, TUPLE1, TUPLE2, TUPLE3, NONE, NEWFALSE, NEWTRUE, EMPTY_TUPLE,
                             EMPTY_LIST, EMPTY_DICT, EMPTY_SET, BINPERSID)}
_SKIP.update({BININT[0]: 4, BININT1[0]: 1, BININT2[0]: 2, BINFLOAT[0]: 8, BINGET[0]: 1,
              LONG_BINGET[0]: 4, BINPUT[0]: 1, LONG_BINPUT[0]: 4})


def get_globals_in_pkl(file):
    """The set of `module.name` GLOBALs a pickle references (read statically, nothing runs)."""
    found = set()
    read, readline = file.read, file.readline
    while True:
        key = read(1)
        if not key:
            raise EOFError
        op = key[0]
        if op == GLOBAL[0]:
            module, name = _read_global_instruction(readline)
            found.add(f"{module}.{name}")
        elif op in _SKIP:
            if _SKIP[op]:
                read(_SKIP[op])
        elif op == BINUNICODE[0]:
            strlen = unpack("<I", read(4))[0]
            if strlen > maxsize:
                raise UnpicklingError("String is too long")
            read(strlen)
        elif op in (SHORT_BINSTRING[0], LONG1[0]):
            read(read(1)[0])
        elif op == PROTO[0]:
            read(1)
        elif op == STOP[0]:
            return found
        else:
            raise UnpicklingError(f"Unsupported operand {op}")


def _tensor_classes():
    from ._tensor import Tensor
    return Tensor


class Unpickler:
    """An opcode-level unpickler that only builds allowlisted objects."""

    def __init__(self, file, *, encoding="bytes"):
        self.encoding = encoding
        self.readline = file.readline
        self.read = file.read
        self.memo = {}
        self.proto = -1

    def load(self):
        """Read one pickled object from the file and return it."""
        from .nn.parameter import Parameter
        Tensor = _tensor_classes()
        allowed = _get_allowed_globals()
        allowed_ids = _allowed_ids()
        user = _get_user_allowed_globals()
        user_ids = {id(v) for v in user.values()}

        def is_allowed(obj):
            return id(obj) in allowed_ids or id(obj) in user_ids

        self.metastack = []
        self.stack = []
        self.append = self.stack.append
        read = self.read
        while True:
            key = read(1)
            if not key:
                raise EOFError
            if not isinstance(key, bytes_types):
                raise AssertionError(f"Expected bytes, got {type(key).__name__}")
            op = key[0]
            # the most frequent opcodes first
            if op == _BINPUT or op == _LONG_BINPUT:
                i = (read(1) if op == _BINPUT else unpack("<I", read(4)))[0]
                self.memo[i] = self.stack[-1]
            elif op == _BINGET or op == _LONG_BINGET:
                idx = (read(1) if op == _BINGET else unpack("<I", read(4)))[0]
                self.append(self.memo[idx])
            # risky operators
            elif op == _GLOBAL:
                module, name = _read_global_instruction(self.readline)
                full_path = f"{module}.{name}"
                if module in _blocklisted_modules:
                    raise UnpicklingError(f"Trying to load unsupported GLOBAL {full_path} whose "
                                          f"module {module} is blocked.")
                if full_path in allowed:
                    self.append(allowed[full_path])
                elif full_path in user:
                    self.append(user[full_path])
                else:
                    if full_path.startswith("builtins"):
                        rest = full_path[len("builtins"):]
                        full_path = rest[1:] if rest.startswith(".") else "builtins" + rest
                    raise UnpicklingError(
                        f"Unsupported global: GLOBAL {full_path} was not an allowed global by "
                        f"default. Please use `torch.serialization.add_safe_globals([{full_path}])`"
                        f" or the `torch.serialization.safe_globals([{full_path}])` context "
                        "manager to allowlist this global if you trust this class/function.")
            elif op == _NEWOBJ:
                args = self.stack.pop()
                cls = self.stack.pop()
                if cls is Parameter:
                    self.append(Parameter(*args))
                elif is_allowed(cls):
                    self.append(cls.__new__(cls, *args))
                else:
                    raise UnpicklingError("Can only create new object for nn.Parameter or classes "
                                          f"allowlisted via `add_safe_globals` but got {cls}")
            elif op == _REDUCE:
                args = self.stack.pop()
                func = self.stack[-1]
                if not is_allowed(func):
                    msg = f"Trying to call reduce for unrecognized function {func}"
                    if hasattr(func, "__self__"):
                        msg += f" which belongs to {func.__self__}"
                    raise UnpicklingError(msg)
                self.stack[-1] = func(*args)
            elif op == _BUILD:
                state = self.stack.pop()
                inst = self.stack[-1]
                if type(inst) is Tensor:
                    raise UnpicklingError("jtorch cannot restore the legacy Tensor state "
                                          "(Tensor.set_) of this checkpoint")
                elif type(inst) is Parameter or type(inst) is OrderedDict:
                    _set_state(inst, state)
                elif is_allowed(type(inst)):
                    if hasattr(inst, "__setstate__"):
                        inst.__setstate__(state)
                    else:
                        _set_state(inst, state)
                else:
                    raise UnpicklingError(
                        "Can only build Tensor, Parameter, OrderedDict or types allowlisted via "
                        f"`add_safe_globals`, but got {type(inst)}")
            # stack manipulation
            elif op == _APPEND:
                item = self.stack.pop()
                list_obj = self.stack[-1]
                if type(list_obj) is not list:
                    raise UnpicklingError(f"Can only append to lists, but got {type(list_obj)}")
                list_obj.append(item)
            elif op == _APPENDS:
                items = self.pop_mark()
                list_obj = self.stack[-1]
                if type(list_obj) is not list:
                    raise UnpicklingError(f"Can only extend lists, but got {type(list_obj)}")
                list_obj.extend(items)
            elif op == _SETITEM:
                v, k = self.stack.pop(), self.stack.pop()
                self._check_set_item_target("SETITEM")
                self.stack[-1][k] = v
            elif op == _SETITEMS:
                items = self.pop_mark()
                self._check_set_item_target("SETITEMS")
                target = self.stack[-1]
                for i in range(0, len(items), 2):
                    target[items[i]] = items[i + 1]
            elif op == _MARK:
                self.metastack.append(self.stack)
                self.stack = []
                self.append = self.stack.append
            elif op == _TUPLE:
                items = self.pop_mark()
                self.append(tuple(items))
            elif op == _TUPLE1:
                self.stack[-1] = (self.stack[-1],)
            elif op == _TUPLE2:
                self.stack[-2:] = [(self.stack[-2], self.stack[-1])]
            elif op == _TUPLE3:
                self.stack[-3:] = [(self.stack[-3], self.stack[-2], self.stack[-1])]
            # basic types
            elif op == _NONE:
                self.append(None)
            elif op == _NEWFALSE:
                self.append(False)
            elif op == _NEWTRUE:
                self.append(True)
            elif op == _EMPTY_TUPLE:
                self.append(())
            elif op == _EMPTY_LIST:
                self.append([])
            elif op == _EMPTY_DICT:
                self.append({})
            elif op == _EMPTY_SET:
                self.append(set())
            elif op == _BININT:
                self.append(unpack("<i", read(4))[0])
            elif op == _BININT1:
                self.append(read(1)[0])
            elif op == _BININT2:
                self.append(unpack("<H", read(2))[0])
            elif op == _BINFLOAT:
                self.append(unpack(">d", read(8))[0])
            elif op == _BINUNICODE:
                strlen = unpack("<I", read(4))[0]
                if strlen > maxsize:
                    raise UnpicklingError("String is too long")
                self.append(str(read(strlen), "utf-8", "surrogatepass"))
            elif op == _SHORT_BINSTRING:
                strdata = read(read(1)[0])
                if self.encoding != "bytes":
                    strdata = strdata.decode(self.encoding, "strict")
                self.append(strdata)
            elif op == _BINPERSID:
                pid = self.stack.pop()
                if type(pid) is not tuple and type(pid) is not int:
                    raise UnpicklingError(f"persistent_load id must be tuple or int, but got "
                                          f"{type(pid)}")
                if type(pid) is tuple and len(pid) > 0 and _decode_ascii(pid[0]) != "storage":
                    raise UnpicklingError(f"Only persistent_load of storage is allowed, but got "
                                          f"{type(pid[0])}")
                self.append(self.persistent_load(pid))
            elif op == _LONG1:
                self.append(decode_long(read(read(1)[0])))
            # first and last opcodes
            elif op == _PROTO:
                self.proto = read(1)[0]
                if self.proto != 2:
                    warnings.warn(
                        f"Detected pickle protocol {self.proto} in the checkpoint, which was not "
                        "the default pickle protocol used by `torch.load` (2). The weights_only "
                        "Unpickler might not support all instructions implemented by this "
                        "protocol, please file an issue for adding support if you encounter this.",
                        stacklevel=2)
            elif op == _STOP:
                return self.stack.pop()
            else:
                raise UnpicklingError(f"Unsupported operand {op}")

    def pop_mark(self):
        items = self.stack
        self.stack = self.metastack.pop()
        self.append = self.stack.append
        return items

    def _check_set_item_target(self, opcode):
        if type(self.stack[-1]) not in (dict, OrderedDict, Counter):
            raise UnpicklingError(f"Can only {opcode} for dict, collections.OrderedDict, "
                                  f"collections.Counter, but got {type(self.stack[-1])}")

    def persistent_load(self, pid):
        raise UnpicklingError("unsupported persistent id encountered")


def _set_state(inst, state):
    """pickle's BUILD without __setstate__: update __dict__, then slot state."""
    slotstate = None
    if isinstance(state, tuple) and len(state) == 2:
        state, slotstate = state
    if state:
        inst.__dict__.update(state)
    if slotstate:
        for k, v in slotstate.items():
            setattr(inst, k, v)


def _decode_ascii(s):
    return s.decode("ascii") if isinstance(s, bytes) else s


def load(file, *, encoding="ASCII"):
    return Unpickler(file, encoding=encoding).load()
