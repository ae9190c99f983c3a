"""torch.save / torch.load in PyTorch's own format (jtorch/serialization.py), the weights-only
unpickler and the safetensors helpers.

Parity: the fixtures in tests/reference/serialization/ were written by real PyTorch 2.13
(tests/reference/gen_serialization.py); expected.json describes what PyTorch itself loads from
them (values as exact bytes, dtypes, shapes, strides, storage offsets, which tensors share a
storage, which are the same object). jtorch must load the same description, and files jtorch
writes must describe the same way when read back, by jtorch always and by real PyTorch
(weights_only=True) when it is installed.
"""
import collections
import importlib.util
import io
import json
import os
import pathlib
import pickle
import pickletools
import struct
import tarfile
import zipfile

import numpy as np
import pytest
from hypothesis import given, settings, strategies as hst

import jtorch
import jtorch.nn as nn
import jtorch.optim as optim
from jtorch import serialization as S
from jtorch import _weights_only_unpickler as W
from jtorch.utils import safetensors as jst

FIX = pathlib.Path(__file__).parent / "reference" / "serialization"
with open(FIX / "expected.json") as _f:
    EXPECTED = json.load(_f)
PWNED = "JTORCH_SERIALIZATION_PWNED"


# ---- describing loaded objects the way the generator describes PyTorch's ----------------------
def _raw(t):
    return np.ascontiguousarray(np.asarray(t.detach()._array())).tobytes().hex()


def describe(obj, st=None):
    """The generator's `describe`, for jtorch objects."""
    st = st if st is not None else {"storages": {}, "objects": {}}
    if isinstance(obj, jtorch.Tensor):
        first = st["objects"].setdefault(id(obj), len(st["objects"]))
        n = obj.numel()
        root = obj._base if obj._base is not None else obj
        group = st["storages"].setdefault(id(root), len(st["storages"])) if n else None
        return {"T": {
            "dtype": str(obj.dtype), "shape": list(obj.shape),
            "stride": [s if d != 1 else None for d, s in zip(obj.shape, obj.stride())] if n
            else None,
            "offset": obj.storage_offset() if n else None,
            "storage": group if not obj.requires_grad else None,
            "object": first, "requires_grad": obj.requires_grad,
            "parameter": isinstance(obj, nn.Parameter), "raw": _raw(obj),
            "attrs": {k: describe(v, st) for k, v in sorted(S._user_state(obj).items())}}}
    if isinstance(obj, collections.OrderedDict):
        d = {"OD": [[describe(k, st), describe(v, st)] for k, v in obj.items()]}
        if hasattr(obj, "_metadata"):
            d["meta"] = describe(obj._metadata, st)
        return d
    if isinstance(obj, dict):
        return {"D": [[describe(k, st), describe(v, st)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return {"L": [describe(v, st) for v in obj]}
    if isinstance(obj, jtorch.Size):
        return {"Size": list(obj)}
    if isinstance(obj, tuple):
        return {"U": [describe(v, st) for v in obj]}
    if isinstance(obj, set):
        return {"S": sorted(describe(v, st)["V"] for v in obj)}
    if isinstance(obj, jtorch.dtype):
        return {"dtype": str(obj)}
    if isinstance(obj, jtorch.device):
        return {"device": str(obj)}
    if isinstance(obj, bytes):
        return {"B": obj.hex()}
    if isinstance(obj, complex):
        return {"C": [obj.real, obj.imag]}
    if obj is None or isinstance(obj, (bool, int, float, str)):
        if isinstance(obj, int) and not isinstance(obj, bool) and abs(obj) >= 2 ** 53:
            return {"I": str(obj)}
        return {"V": obj}
    raise TypeError(f"describe: {type(obj)}")


def _nan_safe(d):
    """JSON round trip (nan != nan in a direct comparison of Python floats)."""
    return json.loads(json.dumps(d))


PARITY = ["dtypes", "state_dict", "checkpoint", "views", "nested", "params", "legacy"]


@pytest.mark.parametrize("name", PARITY)
def test_load_pytorch_fixture(name, mode):
    """Files written by real PyTorch load with PyTorch's values, dtypes, shapes, strides,
    storage sharing and object identity (weights_only=True, the default)."""
    got = S.load(FIX / f"{name}.pt")
    assert _nan_safe(describe(got)) == EXPECTED[name]


@pytest.mark.parametrize("name", PARITY)
def test_jtorch_resave_describes_the_same(name, tmp_path):
    """PyTorch file -> jtorch load -> jtorch save -> jtorch load keeps every property."""
    obj = S.load(FIX / f"{name}.pt")
    S.save(obj, tmp_path / "x.pt")
    assert _nan_safe(describe(S.load(tmp_path / "x.pt"))) == EXPECTED[name]


def test_jtorch_files_load_in_real_pytorch(tmp_path):
    """Files jtorch writes load in real PyTorch with weights_only=True and give exactly what
    PyTorch's own files give (checked with the generator's loader). Needs the real PyTorch:
    without it, `import torch` would resolve to jtorch itself (jtorch/_alias.py)."""
    import importlib.machinery
    if importlib.machinery.PathFinder.find_spec("torch") is None:
        pytest.skip("real PyTorch is not installed")
    spec = importlib.util.spec_from_file_location(
        "gen_serialization", FIX.parent / "gen_serialization.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    for name in PARITY:
        S.save(S.load(FIX / f"{name}.pt"), tmp_path / f"{name}.pt")
        assert _nan_safe(gen.describe_file(tmp_path / f"{name}.pt")) == EXPECTED[name], name
    # a jtorch Parameter, views of a jtorch base and a bfloat16 tensor, built in jtorch
    base = jtorch.arange(12.0).reshape(3, 4)
    obj = {"p": nn.Parameter(jtorch.ones(2)), "base": base, "v": base[1:, ::2], "t": base.t(),
           "h": jtorch.tensor([1.5, -2.0], dtype=jtorch.bfloat16)}
    S.save(obj, tmp_path / "j.pt")
    assert _nan_safe(gen.describe_file(tmp_path / "j.pt")) == _nan_safe(describe(obj))


def test_views_share_storage_after_load():
    """Views saved once come back as views: a write through either side is seen by the other."""
    r = S.load(FIX / "views.pt")
    base = r["base"]
    assert r["same"][0] is base and r["same"][1] is base
    for k in ("row", "col", "block", "T", "step", "expand", "unsq", "flat"):
        assert r[k]._base is base, k
    base[1, 2] = -1.0
    assert r["row"][2].item() == -1.0
    assert r["T"][2, 1].item() == -1.0
    assert r["block"][0, 1].item() == -1.0
    assert r["flat"][8].item() == -1.0
    r["col"][3] = -7.0
    assert base[3, 2].item() == -7.0
    r["c_view"][0, 1] = 5.0
    assert r["c"][1, 2].item() == 5.0
    assert r["partial"].tolist() == [2, 3, 4, 5, 6]


class Tagged(jtorch.Tensor):
    """A user Tensor subclass (module-level so pickle can find it)."""


def test_tensor_subclass_and_attributes_roundtrip():
    t = jtorch.arange(3.0)
    t.note = {"unit": "m"}
    sub = jtorch.ones(2)
    sub.__class__ = Tagged
    buf = io.BytesIO()
    S.save({"t": t, "sub": sub}, buf)
    buf.seek(0)
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL .*Tagged was not an allowed"):
        S.load(buf)
    buf.seek(0)
    with S.safe_globals([Tagged]):
        r = S.load(buf)
    assert r["t"].note == {"unit": "m"} and r["t"].tolist() == [0.0, 1.0, 2.0]
    assert type(r["sub"]) is Tagged and r["sub"].tolist() == [1.0, 1.0]


def test_rebuild_tensor_v3_reinterprets_untyped_storage():
    raw = np.array([1.5, -2.0, 4.0], np.float32).view(np.uint8)
    st = S._LoadedStorage(raw.copy(), jtorch.uint8)
    t = S._rebuild_tensor_v3(st, 1, (2,), (1,), False, collections.OrderedDict(), jtorch.float32)
    assert t.dtype is jtorch.float32 and t.tolist() == [-2.0, 4.0]


def test_view_layouts_no_chain_expresses_are_copied():
    """A diagonal of a 3-d tensor (strides 5, 26 over 50 elements) has no jtorch view chain:
    it is restored as a copy with the right values."""
    assert S._view_steps((2, 5, 5), 50, 0, (5, 2), (5, 26)) is None
    st = S._LoadedStorage(np.arange(50, dtype=np.float32), jtorch.float32)
    t = st._tensor(0, (5, 2), (5, 26), False)
    want = np.lib.stride_tricks.as_strided(np.arange(50, dtype=np.float32), (5, 2), (20, 104))
    assert t.tolist() == want.tolist()
    assert t._base is None


# ---- property test: jtorch round trip of random views -------------------------------------
@hst.composite
def _view_case(draw):
    shape = tuple(draw(hst.lists(hst.integers(1, 4), min_size=1, max_size=3)))
    dt = draw(hst.sampled_from(["float32", "int64", "bfloat16", "bool", "float16", "uint8"]))
    ops = draw(hst.lists(hst.sampled_from(["slice", "T", "select", "unsqueeze", "expand"]),
                         max_size=3))
    picks = draw(hst.lists(hst.integers(0, 10 ** 6), min_size=12, max_size=12))
    return shape, dt, ops, picks


def _apply_view(t, op, p):
    if op == "slice" and t.dim():
        d = p % t.dim()
        n = t.shape[d]
        start = p % n
        step = 1 + p % 2
        idx = [slice(None)] * t.dim()
        idx[d] = slice(start, n, step)
        return t[tuple(idx)]
    if op == "T" and t.dim() >= 2:
        return t.transpose(0, t.dim() - 1)
    if op == "select" and t.dim() >= 2:
        return t[p % t.shape[0]]
    if op == "unsqueeze":
        return t.unsqueeze(p % (t.dim() + 1))
    if op == "expand":
        return t.unsqueeze(0).expand(2, *t.shape)
    return t


@settings(max_examples=20, deadline=None)
@given(_view_case())
def test_roundtrip_random_views(case):
    """Random views of a random base keep values, dtypes, strides, offsets and sharing."""
    shape, dt, ops, picks = case
    n = int(np.prod(shape))
    data = (np.arange(n) % 7 - 3).reshape(shape)
    base = jtorch.tensor(data.astype(np.float64)).to(getattr(jtorch, dt))
    v = base
    for op, p in zip(ops, picks):
        v = _apply_view(v, op, p)
    obj = [v, base] if picks[-1] % 2 else [base, v]
    buf = io.BytesIO()
    S.save(obj, buf)
    buf.seek(0)
    got = S.load(buf)
    assert describe(got) == describe(obj)


# ---- weights_only -----------------------------------------------------------------------------
def test_weights_only_refuses_whole_module_with_pytorch_message():
    with pytest.raises(pickle.UnpicklingError) as e:
        S.load(FIX / "module.pt")
    msg = str(e.value)
    assert msg.startswith("Weights only load failed. This file can still be loaded")
    assert "Unsupported global: GLOBAL torch.nn.modules.container.Sequential was not an allowed "\
           "global by default" in msg
    assert "torch.serialization.add_safe_globals([torch.nn.modules.container.Sequential])" in msg


def test_whole_pytorch_module_loads_with_weights_only_false():
    m = S.load(FIX / "module.pt", weights_only=False)
    assert isinstance(m, nn.Sequential) and isinstance(m[0], nn.Linear)
    probe = jtorch.linspace(-1, 1, 8).reshape(2, 4)
    out = m(probe).detach()
    want = EXPECTED["module_output"]["T"]
    got = np.asarray(out.numpy(), np.float32)
    ref = np.frombuffer(bytes.fromhex(want["raw"]), np.float32).reshape(want["shape"])
    np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-6)


def test_malicious_pickle_is_refused_and_runs_no_code():
    os.environ.pop(PWNED, None)
    with pytest.raises(pickle.UnpicklingError, match="GLOBAL exec was not an allowed global"):
        S.load(FIX / "malicious.pt")
    assert PWNED not in os.environ
    # the fixture really is malicious: without the restriction its payload runs
    try:
        S.load(FIX / "malicious.pt", weights_only=False)
        assert os.environ.get(PWNED) == "1"
    finally:
        os.environ.pop(PWNED, None)


def _archive(pkl, records=()):
    buf = io.BytesIO()
    w = S._ZipWriter(buf, "archive")
    w.write_record("data.pkl", pkl)
    for name, data in records:
        w.write_record(name, data)
    w.finish()
    buf.seek(0)
    return buf


def test_blocked_module_message():
    pkl = b"\x80\x02cposix\nsystem\nX\x04\x00\x00\x00trueq\x00\x85R."
    with pytest.raises(pickle.UnpicklingError) as e:
        S.load(_archive(pkl))
    assert "Trying to load unsupported GLOBAL posix.system whose module posix is blocked." in \
        str(e.value)
    assert "Please file an issue" not in str(e.value)


@pytest.mark.parametrize("pkl,match", [
    (b"\x80\x02]q\x00(K\x01K\x02e}q\x01K\x03K\x04sK\x05a.", "Can only append to lists"),
    (b"\x80\x02K\x00K\x01K\x02s.", "Can only SETITEM for dict"),
    (b"\x80\x02\x8c\x01a.", "Unsupported operand 140"),
    (b"\x80\x02X\x01\x00\x00\x00aQ.", "persistent_load id must be tuple or int"),
    (b"\x80\x02X\x04\x00\x00\x00evilq\x00\x85Q.", "Only persistent_load of storage is allowed"),
])
def test_weights_only_opcode_restrictions(pkl, match):
    with pytest.raises(pickle.UnpicklingError, match=match):
        S.load(_archive(pkl))


class Point:
    """A user class for the allowlist tests (module-level so pickle can find it)."""

    def __init__(self, x, y):
        self.x, self.y = x, y


def test_safe_globals_allowlist(tmp_path):
    S.save({"pt": Point(1, jtorch.ones(2))}, tmp_path / "p.pt")
    path = f"{Point.__module__}.Point"
    with pytest.raises(pickle.UnpicklingError, match=f"GLOBAL {path} was not an allowed"):
        S.load(tmp_path / "p.pt")
    assert S.get_unsafe_globals_in_checkpoint(tmp_path / "p.pt") == [path]
    with S.safe_globals([Point]):
        assert S.get_safe_globals() == [Point]
        r = S.load(tmp_path / "p.pt")
    assert S.get_safe_globals() == []
    assert r["pt"].x == 1 and r["pt"].y.tolist() == [1.0, 1.0]
    S.add_safe_globals([(Point, path)])
    try:
        assert S.load(tmp_path / "p.pt")["pt"].x == 1
    finally:
        S.clear_safe_globals()
    assert S.get_safe_globals() == []
    with pytest.raises(ValueError, match="Expected tuple of length 2"):
        with S.safe_globals([(Point, path, 3)]):
            S.load(tmp_path / "p.pt")


def test_unsafe_globals_in_checkpoint():
    assert S.get_unsafe_globals_in_checkpoint(FIX / "state_dict.pt") == []
    found = S.get_unsafe_globals_in_checkpoint(FIX / "module.pt")
    assert "torch.nn.modules.container.Sequential" in found
    assert "torch.nn.modules.linear.Linear" in found
    with pytest.raises(ValueError, match="Expected input to be a checkpoint"):
        S.get_unsafe_globals_in_checkpoint(FIX / "legacy.pt")


def test_pickle_module_and_weights_only_arguments(tmp_path):
    with pytest.raises(RuntimeError, match="Can not safely load weights when explicit "
                                           "pickle_module is specified"):
        S.load(FIX / "module.pt", pickle_module=pickle, weights_only=True)
    m = S.load(FIX / "module.pt", pickle_module=pickle)
    assert isinstance(m, nn.Sequential)
    with pytest.warns(UserWarning, match="pickle_load_args only works if `weights_only=False`"):
        S.load(FIX / "dtypes.pt", errors="strict")


def test_unsupported_dtypes_raise():
    with pytest.raises(TypeError, match="does not support tensors of dtype torch.uint16"):
        S.load(FIX / "uint16.pt")
    with pytest.raises(TypeError, match="does not support tensors of dtype torch.complex64"):
        S.load(FIX / "complex.pt")


# ---- map_location, devices, mmap, file objects -------------------------------------------
def _cuda_file(tmp_path, monkeypatch):
    monkeypatch.setattr(S, "location_tag", lambda t: "cuda:0")
    S.save({"w": jtorch.arange(4.0)}, tmp_path / "c.pt")
    monkeypatch.undo()
    return tmp_path / "c.pt"


def test_map_location_forms(tmp_path, monkeypatch):
    path = _cuda_file(tmp_path, monkeypatch)
    if jtorch.cuda.is_available():
        assert S.load(path)["w"].is_cuda
    else:
        with pytest.raises(RuntimeError, match="Attempting to deserialize object on a CUDA "
                                               "device but torch.cuda.is_available\\(\\) is False"):
            S.load(path)
    seen = []

    def keep(storage, loc):
        seen.append((loc, storage.device.type, storage.nbytes()))
        return storage

    for ml in ("cpu", jtorch.device("cpu"), {"cuda:0": "cpu"}, keep,
               lambda s, loc: None if loc == "cpu" else s.cpu()):
        w = S.load(path, map_location=ml)["w"]
        assert w.device == jtorch.device("cpu") and w.tolist() == [0.0, 1.0, 2.0, 3.0]
    assert seen == [("cuda:0", "cpu", 16)]
    with pytest.raises(RuntimeError, match="don't know how to restore data location of "
                                           "torch.storage.UntypedStorage \\(tagged with xpu:0\\)"):
        S.load(path, map_location="xpu:0")
    with pytest.raises(TypeError, match="map_location callable must return"):
        S.load(path, map_location=lambda s, loc: 3)


def test_saves_device_location(tmp_path):
    dev = "cuda" if jtorch.cuda.is_available() else "cpu"
    t = jtorch.arange(3.0, device=dev)
    S.save(t, tmp_path / "t.pt")
    with zipfile.ZipFile(tmp_path / "t.pt") as z:
        ops = list(pickletools.genops(z.read("t/data.pkl")))
    locations = [a for op, a, _ in ops if op.name == "BINUNICODE" and a in ("cpu", "cuda:0")]
    assert locations == (["cuda:0"] if dev == "cuda" else ["cpu"])
    assert S.load(tmp_path / "t.pt").device == t.device


def test_mmap(tmp_path):
    sd = {"a": jtorch.arange(1000.0), "b": jtorch.ones(3, 3, dtype=jtorch.bfloat16)}
    S.save(sd, tmp_path / "m.pt")
    r = S.load(tmp_path / "m.pt", mmap=True)
    assert r["a"].tolist() == sd["a"].tolist() and r["b"].dtype is jtorch.bfloat16
    assert r["b"].tolist() == [[1.0] * 3] * 3
    with pytest.raises(ValueError, match="f must be a file path in order to use the mmap "
                                         "argument"):
        S.load(io.BytesIO((tmp_path / "m.pt").read_bytes()), mmap=True)
    with pytest.raises(RuntimeError, match="mmap can only be used with files saved with"):
        S.load(str(FIX / "legacy.pt"), mmap=True)


def test_mmap_maps_instead_of_reading(tmp_path, monkeypatch):
    S.save({"a": jtorch.arange(64.0)}, tmp_path / "m.pt")
    reads = []
    real = S._readinto
    monkeypatch.setattr(S, "_readinto", lambda f, buf: (reads.append(len(buf)), real(f, buf)))
    S.load(tmp_path / "m.pt")
    assert reads == [256]
    reads.clear()
    assert S.load(tmp_path / "m.pt", mmap=True)["a"].sum().item() == 2016.0
    assert reads == []


class _WriteOnly:
    def __init__(self):
        self.chunks = []

    def write(self, b):
        self.chunks.append(bytes(b))


class _ReadOnly:
    def __init__(self, data):
        self.data = data

    def read(self, n=-1):
        return self.data


def test_file_objects_and_paths(tmp_path):
    t = jtorch.tensor([1, 2, 3])
    for target in (str(tmp_path / "a.pt"), tmp_path / "b.pt"):
        S.save(t, target)
        assert S.load(target).tolist() == [1, 2, 3]
        assert S.load(os.fspath(target)).tolist() == [1, 2, 3]
    with open(tmp_path / "c.pt", "wb") as f:
        S.save(t, f)
    with open(tmp_path / "c.pt", "rb") as f:
        assert S.load(f).tolist() == [1, 2, 3]
    with zipfile.ZipFile(tmp_path / "c.pt") as z:
        assert z.namelist()[0] == "archive/data.pkl"
    w = _WriteOnly()  # a non-seekable stream is fine for saving
    S.save(t, w)
    assert S.load(io.BytesIO(b"".join(w.chunks))).tolist() == [1, 2, 3]
    with pytest.raises(AttributeError, match="You can only torch.load from a file that is "
                                             "seekable"):
        S.load(_ReadOnly(b"".join(w.chunks)))
    buf = io.BytesIO(b"junk")  # loading from the middle of a stream
    buf.seek(0, 2)
    S.save(t, buf)
    buf.seek(4)
    assert S.load(buf).tolist() == [1, 2, 3]


def test_save_argument_errors(tmp_path):
    with pytest.raises(AttributeError, match="expected 'f' to be string, path, or a file-like "
                                             "object with a 'write' attribute"):
        S.save(jtorch.ones(1), 5)
    with pytest.raises(RuntimeError, match="Parent directory .*nope does not exist"):
        S.save(jtorch.ones(1), tmp_path / "nope" / "x.pt")
    with pytest.raises(NotImplementedError, match="zip-based"):
        S.save(jtorch.ones(1), tmp_path / "x.pt", _use_new_zipfile_serialization=False)


def test_legacy_tar_and_garbage_errors(tmp_path):
    with tarfile.open(tmp_path / "old.tar", "w") as tf:
        info = tarfile.TarInfo("pickle")
        info.size = 3
        tf.addfile(info, io.BytesIO(b"abc"))
    with pytest.raises(RuntimeError, match="legacy .tar format"):
        S.load(tmp_path / "old.tar")
    (tmp_path / "bad.pt").write_bytes(pickle.dumps(12345, protocol=2))
    with pytest.raises(RuntimeError, match="Invalid magic number; corrupt file\\?"):
        S.load(tmp_path / "bad.pt")


def test_big_endian_archive():
    """A checkpoint whose byteorder record says big-endian is byte-swapped on load."""
    src = io.BytesIO()
    S.save({"a": jtorch.tensor([1.5, -2.0]), "b": jtorch.tensor([1, 258], dtype=jtorch.int16)},
           src)
    src.seek(0)
    z = zipfile.ZipFile(src)
    recs = []
    for name in z.namelist():
        short = name.split("/", 1)[1]
        data = z.read(name)
        if short == "byteorder":
            data = b"big"
        elif short.startswith("data/"):
            itemsize = 4 if short == "data/0" else 2
            data = np.frombuffer(data, f"u{itemsize}").byteswap().tobytes()
        recs.append((short, data))
    r = S.load(_archive(recs[0][1], recs[1:]))
    assert r["a"].tolist() == [1.5, -2.0] and r["b"].tolist() == [1, 258]


# ---- the archive jtorch writes, checked without PyTorch -----------------------------------
_WO_OPCODES = {"PROTO", "GLOBAL", "BINPUT", "LONG_BINPUT", "BINGET", "LONG_BINGET", "MARK",
               "TUPLE", "TUPLE1", "TUPLE2", "TUPLE3", "EMPTY_TUPLE", "EMPTY_DICT", "EMPTY_LIST",
               "BINUNICODE", "BININT", "BININT1", "BININT2", "BINFLOAT", "LONG1", "NEWTRUE",
               "NEWFALSE", "NONE", "REDUCE", "BINPERSID", "SETITEM", "SETITEMS", "APPEND",
               "APPENDS", "BUILD", "STOP"}


def test_archive_structure(tmp_path):
    sd = S.load(FIX / "checkpoint.pt")
    S.save(sd, tmp_path / "model.v2.pth")
    path = tmp_path / "model.v2.pth"
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None  # every CRC-32 checks
        names = z.namelist()
        n = len([x for x in names if "/data/" in x])
        assert names == ["model.v2/data.pkl", "model.v2/.format_version",
                         "model.v2/.storage_alignment", "model.v2/byteorder"] + \
            [f"model.v2/data/{i}" for i in range(n)] + \
            ["model.v2/version", "model.v2/.data/serialization_id"]
        assert z.read("model.v2/.format_version") == b"1"
        assert z.read("model.v2/.storage_alignment") == b"64"
        assert z.read("model.v2/byteorder") == b"little"
        assert z.read("model.v2/version") == b"3\n"
        sid = z.read("model.v2/.data/serialization_id")
        assert len(sid) == 40 and sid.isdigit()
        pkl = z.read("model.v2/data.pkl")
        raw = path.read_bytes()
        for info in z.infolist():
            assert info.compress_type == zipfile.ZIP_STORED
            k, m = struct.unpack("<HH", raw[info.header_offset + 26:info.header_offset + 30])
            assert (info.header_offset + 30 + k + m) % 64 == 0, info.filename
        ops = list(pickletools.genops(pkl))
        assert {op.name for op, _, _ in ops} <= _WO_OPCODES
        allowed = set(W._get_allowed_globals())
        globals_ = {a.replace(" ", ".") for op, a, _ in ops if op.name == "GLOBAL"}
        assert globals_ <= allowed | {"collections.OrderedDict"}
        assert "torch._utils._rebuild_tensor_v2" in globals_
        keys = [a for op, a, _ in ops if op.name == "BINUNICODE" and a.isdigit()]
        for key in sorted(set(keys), key=int):
            assert f"model.v2/data/{key}" in names
    assert S.get_unsafe_globals_in_checkpoint(path) == []


def test_fast_and_pure_picklers_agree():
    """The C pickler path (stand-in globals renamed) writes exactly the pure-Python pickler's
    bytes; user data that contains a stand-in's bytes falls back to the pure pickler."""
    a = jtorch.arange(6.0).reshape(2, 3)
    t = jtorch.ones(2)
    t.note = "n"
    obj = collections.OrderedDict(a=a, v=a[:, 1], p=nn.Parameter(jtorch.ones(1)), t=t,
                                  d=[jtorch.bool, jtorch.bfloat16, jtorch.Size([1]),
                                     jtorch.device("cpu")], r=jtorch.ones(1, requires_grad=True))
    fast, _ = S._pickle(obj, pickle, 2)
    buf = io.BytesIO()
    S._Pickler(buf, 2).dump(obj)
    assert fast == buf.getvalue()
    assert b"jtorch" not in fast
    standin = f"c{S.__name__}\n{S._standin('torch._utils', '_rebuild_tensor_v2').__name__}\n"
    tricky = {"x": a, "s": standin}
    data, _ = S._pickle(tricky, pickle, 2)
    buf = io.BytesIO()
    S._Pickler(buf, 2).dump(tricky)
    assert data == buf.getvalue()
    r = S.load(_archive(data, [("data/0", np.asarray(a.numpy()).tobytes())]))
    assert r["s"] == standin and r["x"].tolist() == a.tolist()


def test_crc32_option(tmp_path):
    S.set_crc32_options(False)
    try:
        assert S.get_crc32_options() is False
        S.save(jtorch.arange(5.0), tmp_path / "n.pt")
    finally:
        S.set_crc32_options(True)
    with zipfile.ZipFile(tmp_path / "n.pt") as z:
        assert z.getinfo("n/data/0").CRC == 0
    assert S.load(tmp_path / "n.pt").tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]


# ---- atomic save ---------------------------------------------------------------------------
class _Boom:
    def __reduce__(self):
        raise RuntimeError("boom while pickling")


def test_save_interrupted_by_exception_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "ckpt.pt"
    S.save({"w": jtorch.arange(4.0)}, path)
    before = path.read_bytes()
    with pytest.raises(RuntimeError, match="boom while pickling"):
        S.save({"w": jtorch.zeros(4), "bad": [1, _Boom()]}, path)
    assert path.read_bytes() == before

    real = S._ZipWriter.write_record

    def failing(self, name, data):
        if name == "data/1":
            raise OSError("disk full")
        return real(self, name, data)

    monkeypatch.setattr(S._ZipWriter, "write_record", failing)
    with pytest.raises(OSError, match="disk full"):
        S.save({"a": jtorch.zeros(1000), "b": jtorch.ones(1000)}, path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert S.load(path)["w"].tolist() == [0.0, 1.0, 2.0, 3.0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ckpt.pt"]  # no temp file left


def test_save_keeps_mode_and_follows_symlink(tmp_path):
    path = tmp_path / "w.pt"
    S.save(jtorch.ones(1), path)
    os.chmod(path, 0o640)
    S.save(jtorch.zeros(1), path)
    assert (os.stat(path).st_mode & 0o777) == 0o640
    link = tmp_path / "link.pt"
    os.symlink(path, link)
    S.save(jtorch.full((1,), 3.0), link)
    assert os.path.islink(link)
    assert S.load(path).tolist() == [3.0]


# ---- training resumes bit-identically ------------------------------------------------------
def _setup(opt_name):
    jtorch.manual_seed(0)
    model = nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))
    opt = (optim.Adam(model.parameters(), lr=0.01) if opt_name == "adam" else
           optim.SGD(model.parameters(), lr=0.05, momentum=0.9))
    return model, opt


def _train(model, opt, steps, start):
    g = np.random.default_rng(123)
    data = [(g.standard_normal((16, 6)).astype(np.float32),
             g.standard_normal((16, 3)).astype(np.float32)) for _ in range(10)]
    loss = None
    for i in range(start, start + steps):
        x, y = jtorch.from_numpy(data[i][0]), jtorch.from_numpy(data[i][1])
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    return loss


@pytest.mark.parametrize("opt_name,how,half", [("adam", "checkpoint", 5),
                                               ("adam", "state_dict", 5), ("adam", "whole", 5)])
def test_resume_training_bit_identical(opt_name, how, half, tmp_path, no_fusion):
    """The seeds' save/load recipes: training `half` steps, saving, loading into fresh objects
    and training `half` more gives bit-identical parameters to training 2*half steps."""
    straight, opt = _setup(opt_name)
    _train(straight, opt, 2 * half, 0)

    model, opt = _setup(opt_name)
    loss = _train(model, opt, half, 0)
    if how == "checkpoint":
        S.save({"epoch": 5, "model_state_dict": model.state_dict(),
                "optimizer_state_dict": opt.state_dict(), "loss": loss}, tmp_path / "c.pth")
        ck = S.load(tmp_path / "c.pth")
        model, opt = _setup(opt_name)
        model.load_state_dict(ck["model_state_dict"])
        opt.load_state_dict(ck["optimizer_state_dict"])
        assert ck["epoch"] == 5 and ck["loss"].item() == loss.item()
    elif how == "state_dict":
        S.save(model.state_dict(), tmp_path / "m.pth")
        S.save(opt.state_dict(), tmp_path / "o.pth")
        model, opt = _setup(opt_name)
        model.load_state_dict(S.load(tmp_path / "m.pth"))
        opt.load_state_dict(S.load(tmp_path / "o.pth"))
    else:
        S.save(model, tmp_path / "full.pth")
        S.save(opt.state_dict(), tmp_path / "o.pth")
        model = S.load(tmp_path / "full.pth", weights_only=False)
        _, opt = _setup(opt_name)
        opt = type(opt)(model.parameters(), **{k: v for k, v in opt.defaults.items()})
        opt.load_state_dict(S.load(tmp_path / "o.pth"))
    _train(model, opt, half, half)
    for (k, a), (_, b) in zip(straight.state_dict().items(), model.state_dict().items()):
        assert _raw(a) == _raw(b), k


# ---- safetensors ----------------------------------------------------------------------------
def _st_tensors():
    g = np.random.default_rng(5)
    return {"w": jtorch.tensor(g.standard_normal((3, 2)), dtype=jtorch.float32),
            "ids": jtorch.tensor([3, 1, 4]), "mask": jtorch.tensor([True, False]),
            "half": jtorch.tensor([0.5, -1.0], dtype=jtorch.bfloat16),
            "scalar": jtorch.tensor(7, dtype=jtorch.int16), "none": jtorch.zeros(0, 2)}


def test_safetensors_reference_file():
    """A file written by the safetensors package loads with the same tensors; jtorch writes
    the identical bytes for the same tensors."""
    got = jst.load_file(FIX / "reference.safetensors")
    assert sorted(got) == sorted(EXPECTED["safetensors"])
    for k, want in EXPECTED["safetensors"].items():
        d = describe(got[k])["T"]
        for field in ("dtype", "shape", "raw"):
            assert d[field] == want["T"][field], (k, field)
    ref = jst.load_file(FIX / "reference.safetensors")
    assert jst.save(ref, metadata={"format": "pt"}) == \
        (FIX / "reference.safetensors").read_bytes()
    with jst.safe_open(FIX / "reference.safetensors", framework="pt") as f:
        assert f.keys() == sorted(got)
        assert f.metadata() == {"format": "pt"}
        assert f.get_tensor("ids").tolist() == got["ids"].tolist()
    assert S.load(str(FIX / "reference.safetensors"))["mask"].tolist() == [True, False]


def test_safetensors_roundtrip_all_dtypes(tmp_path):
    ts = {d.name: jtorch.tensor([[0, 1], [2, 3]]).to(d) for d in jtorch._dtype.ALL}
    jst.save_file(ts, tmp_path / "a.safetensors", metadata={"k": "v"})
    for got in (jst.load_file(tmp_path / "a.safetensors"),
                jst.load(jst.save(ts))):
        assert sorted(got) == sorted(ts)
        for k, t in ts.items():
            assert got[k].dtype is t.dtype and _raw(got[k]) == _raw(t)
    header_len = struct.unpack("<Q", (tmp_path / "a.safetensors").read_bytes()[:8])[0]
    header = json.loads((tmp_path / "a.safetensors").read_bytes()[8:8 + header_len])
    assert header["bfloat16"]["dtype"] == "BF16" and header["bool"]["dtype"] == "BOOL"
    assert header["int64"]["dtype"] == "I64" and header["__metadata__"] == {"k": "v"}
    assert (8 + header_len) % 8 == 0


def test_safetensors_errors(tmp_path):
    a = jtorch.ones(4)
    with pytest.raises(RuntimeError, match="Some tensors share memory"):
        jst.save({"x": a, "y": a[:2]})
    with pytest.raises(ValueError, match="You are trying to save a non contiguous tensor: `t`"):
        jst.save({"t": jtorch.ones(2, 3).t()})
    with pytest.raises(ValueError, match="Key `x` is invalid, expected torch.Tensor but "
                                         "received <class 'int'>"):
        jst.save({"x": 1})
    good = jst.save({"x": a})
    with pytest.raises(jst.SafetensorError, match="HeaderTooLarge"):
        jst.load(good[:20])
    bad = bytearray(good)
    bad[8] = ord("[")
    with pytest.raises(jst.SafetensorError, match="InvalidHeaderDeserialization"):
        jst.load(bytes(bad))


def test_safetensors_model_with_tied_weights(tmp_path):
    jtorch.manual_seed(0)
    m = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    m[1].weight = m[0].weight
    jst.save_model(m, tmp_path / "m.safetensors")
    with jst.safe_open(tmp_path / "m.safetensors") as f:
        assert f.keys() == ["0.bias", "0.weight", "1.bias"]
    jtorch.manual_seed(1)
    m2 = nn.Sequential(nn.Linear(3, 3), nn.Linear(3, 3))
    m2[1].weight = m2[0].weight
    assert jst.load_model(m2, tmp_path / "m.safetensors") == ([], [])
    for (k, a), (_, b) in zip(m.state_dict().items(), m2.state_dict().items()):
        assert _raw(a) == _raw(b), k
