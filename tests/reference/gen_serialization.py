"""Fixtures for tests/test_serialization.py: checkpoints written by real PyTorch.

Run from the repository root:  /work/venv/bin/python tests/reference/gen_serialization.py
It writes tests/reference/serialization/<name>.pt (torch.save of small objects: dtypes, a
state_dict, a training checkpoint, shared-storage views, nested containers, Parameters, the
legacy non-zip format, a whole module, a malicious pickle, unsupported dtypes), an optional
reference .safetensors file (when the `safetensors` package is importable) and expected.json,
which describes every fixture (`describe`: dtype, shape, stride, storage offset, storage-sharing
groups, object identity and the exact bytes of each tensor).

`describe_file(path)` is also the loader the tests use, when torch is installed, to check that
files written by jtorch load in real PyTorch with weights_only=True.
"""
import collections
import json
import os
import pathlib
import sys

import torch

HERE = pathlib.Path(__file__).parent
OUT = HERE / "serialization"
PAYLOAD = "import os; os.environ['JTORCH_SERIALIZATION_PWNED'] = '1'"


def _raw(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes().hex()


def describe(obj, _state=None):
    """A JSON description of a loaded object; jtorch's test builds the same for its load."""
    st = _state if _state is not None else {"storages": {}, "objects": {}}
    if isinstance(obj, torch.Tensor):
        first = st["objects"].setdefault(id(obj), len(st["objects"]))
        n = obj.numel()
        group = None
        if n:
            group = st["storages"].setdefault(obj.untyped_storage().data_ptr(),
                                              len(st["storages"]))
        return {"T": {
            "dtype": str(obj.dtype), "shape": list(obj.shape),
            "stride": [s if d != 1 else None for d, s in zip(obj.shape, obj.stride())] if n
            else None,
            "offset": obj.storage_offset() if n else None,
            "storage": group if not obj.requires_grad else None,
            "object": first, "requires_grad": obj.requires_grad,
            "parameter": isinstance(obj, torch.nn.Parameter), "raw": _raw(obj),
            "attrs": {k: describe(v, st) for k, v in sorted(obj.__dict__.items())
                      if not k.startswith("_")}}}
    if isinstance(obj, collections.OrderedDict):
        d = {"OD": [[describe(k, st), describe(v, st)] for k, v in obj.items()]}
        if hasattr(obj, "_metadata"):
            d["meta"] = describe(obj._metadata, st)
        return d
    if isinstance(obj, dict):
        return {"D": [[describe(k, st), describe(v, st)] for k, v in obj.items()]}
    if isinstance(obj, list):
        return {"L": [describe(v, st) for v in obj]}
    if isinstance(obj, torch.Size):
        return {"Size": list(obj)}
    if isinstance(obj, tuple):
        return {"U": [describe(v, st) for v in obj]}
    if isinstance(obj, set):
        return {"S": sorted(describe(v, st)["V"] for v in obj)}
    if isinstance(obj, torch.dtype):
        return {"dtype": str(obj)}
    if isinstance(obj, torch.device):
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


def describe_file(path):
    """Load with real PyTorch (weights_only=True) and describe the result."""
    return describe(torch.load(path, weights_only=True))


class _Evil:
    def __reduce__(self):
        return (exec, (PAYLOAD,))


def _model():
    torch.manual_seed(0)
    return torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.BatchNorm1d(3), torch.nn.ReLU(),
                               torch.nn.Linear(3, 2))


def build():
    """{name: object} saved to <name>.pt by real torch.save."""
    g = torch.Generator().manual_seed(1)
    objs = {}
    nan, inf = float("nan"), float("inf")
    objs["dtypes"] = collections.OrderedDict([
        ("float32", torch.tensor([[0.0, -0.0, 1.5], [nan, inf, -inf]])),
        ("float64", torch.tensor([1e-300, -2.5, 3.141592653589793], dtype=torch.float64)),
        ("float16", torch.tensor([65504.0, -1e-4, 0.5], dtype=torch.float16)),
        ("bfloat16", torch.tensor([1.0, -3.0e38, 0.0078125, nan], dtype=torch.bfloat16)),
        ("int64", torch.tensor([-2 ** 63, 2 ** 63 - 1, 0])),
        ("int32", torch.tensor([[-2 ** 31, 7]], dtype=torch.int32)),
        ("int16", torch.tensor([-32768, 32767], dtype=torch.int16)),
        ("int8", torch.tensor([-128, 127], dtype=torch.int8)),
        ("uint8", torch.tensor([0, 255, 17], dtype=torch.uint8)),
        ("bool", torch.tensor([[True, False], [False, True]])),
        ("scalar", torch.tensor(2.5)),
        ("empty", torch.zeros(0, 3)),
        ("randn", torch.randn(3, 5, generator=g)),
    ])

    model = _model()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x = torch.randn(8, 4, generator=g)
    y = torch.randn(8, 2, generator=g)
    for _ in range(2):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    objs["state_dict"] = model.state_dict()
    objs["checkpoint"] = {"epoch": 5, "model_state_dict": model.state_dict(),
                          "optimizer_state_dict": opt.state_dict(), "loss": loss.detach()}

    a = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    b = torch.arange(10, dtype=torch.int64)
    c = torch.linspace(0, 1, 12).reshape(3, 4)
    objs["views"] = collections.OrderedDict([
        ("base", a), ("row", a[1]), ("col", a[:, 2]), ("block", a[1:, 1:4]), ("T", a.t()),
        ("step", a[::2, ::3]), ("expand", a[0].expand(3, 6)), ("unsq", a[None]),
        ("flat", a.view(-1)), ("partial", b[2:7]), ("c_view", c[1:, ::2]), ("c", c),
        ("same", [a, a]),
    ])

    t1 = torch.randn(2, 2, generator=g)
    objs["nested"] = {
        "list": [t1, 1, "two", 3.5, None, True],
        "tuple": (torch.ones(3, dtype=torch.int32), (torch.zeros(1), [])),
        "odict": collections.OrderedDict([("z", 1), ("a", torch.tensor([1, 2]))]),
        "int_keys": {0: torch.tensor(1.0), 7: "x"},
        "big": 2 ** 70, "neg": -5, "bytes": b"\x00\xffab", "set": {3, 1, 2},
        "size": torch.Size([2, 3]), "dtype": torch.bfloat16, "device": torch.device("cpu"),
        "complex": 1 + 2j, "same": [t1, t1], "empty": {},
    }

    p = torch.nn.Parameter(torch.randn(3, generator=g))
    q = torch.nn.Parameter(torch.randn(2, generator=g), requires_grad=False)
    rg = torch.randn(2, generator=g).requires_grad_()
    attr = torch.arange(3.0)
    attr.note = "hello"
    objs["params"] = {"p": p, "p_frozen": q, "rg": rg, "attr": attr, "p_again": p}
    return objs


def main():
    OUT.mkdir(exist_ok=True)
    expected = {}
    for name, obj in build().items():
        path = OUT / f"{name}.pt"
        torch.save(obj, path)
        expected[name] = describe(torch.load(path, weights_only=True))

    a = torch.arange(12, dtype=torch.float32).reshape(3, 4)
    legacy = {"a": a, "v": a[1:, 1:3], "p": torch.nn.Parameter(torch.ones(2)),
              "h": torch.tensor([1.5, -2.0], dtype=torch.bfloat16)}
    torch.save(legacy, OUT / "legacy.pt", _use_new_zipfile_serialization=False)
    expected["legacy"] = describe(torch.load(OUT / "legacy.pt", weights_only=True))

    torch.save({"w": torch.ones(2), "evil": _Evil()}, OUT / "malicious.pt")
    torch.save({"u": torch.tensor([1, 2], dtype=torch.uint16)}, OUT / "uint16.pt")
    torch.save({"c": torch.tensor([1 + 2j], dtype=torch.complex64)}, OUT / "complex.pt")

    torch.manual_seed(3)
    module = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 2))
    torch.save(module, OUT / "module.pt")
    probe = torch.linspace(-1, 1, 8).reshape(2, 4)
    expected["module_output"] = describe(module(probe).detach())

    try:  # the reference writer is optional (pip install --target DIR safetensors, then
        # SAFETENSORS_PATH=DIR): without it the committed reference file is kept
        sys.path.insert(0, os.environ.get("SAFETENSORS_PATH", "/tmp/stpkg"))
        import safetensors.torch as st
    except ImportError:
        print("safetensors not importable: keeping the existing reference.safetensors")
        with open(OUT / "expected.json") as f:
            expected["safetensors"] = json.load(f)["safetensors"]
    else:
        tensors = {"w": torch.randn(3, 2, generator=torch.Generator().manual_seed(5)),
                   "ids": torch.tensor([3, 1, 4]), "mask": torch.tensor([True, False]),
                   "half": torch.tensor([0.5, -1.0], dtype=torch.bfloat16),
                   "scalar": torch.tensor(7, dtype=torch.int16), "none": torch.zeros(0, 2)}
        st.save_file(tensors, OUT / "reference.safetensors", metadata={"format": "pt"})
        expected["safetensors"] = {k: describe(v) for k, v in
                                   sorted(st.load_file(OUT / "reference.safetensors").items())}

    with open(OUT / "expected.json", "w") as f:
        json.dump(expected, f, indent=0, sort_keys=True)
    total = sum(p.stat().st_size for p in OUT.iterdir())
    print(f"wrote {len(list(OUT.iterdir()))} files, {total} bytes")


if __name__ == "__main__":
    main()
