"""Benchmark: save and load of a ~100 MB state_dict, jtorch vs PyTorch (when installed).

Run: python bench/serialization.py [--quick]
Prints MB/s for torch.save / torch.load (also mmap=True) and for the safetensors helpers, each
jtorch number next to PyTorch's measured in this same process run (ratio = jtorch time /
PyTorch time: below 1.0 means jtorch is faster). Files go to a temporary directory.
"""
import os
import sys
import tempfile
import time

import numpy as np

import jtorch
from jtorch import serialization as S
from jtorch.utils import safetensors as jst

try:
    import torch
except ImportError:  # PyTorch is optional: a reference, never a dependency
    torch = None

QUICK = "--quick" in sys.argv
MB = 1 << 20


def best_of(fn, n):
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    total_mb = 20 if QUICK else 100
    repeat = 2 if QUICK else 3
    rng = np.random.default_rng(0)
    arrays = {f"layer{i}.weight": rng.standard_normal((512, 512), dtype=np.float32)
              for i in range(total_mb)}  # 1 MiB each
    arrays.update({f"layer{i}.bias": rng.standard_normal(512, dtype=np.float32)
                   for i in range(total_mb)})
    nbytes = sum(a.nbytes for a in arrays.values())
    sd_j = {k: jtorch.from_numpy(a) for k, a in arrays.items()}
    jtorch.sync()
    sd_t = {k: torch.from_numpy(a) for k, a in arrays.items()} if torch is not None else None
    print(f"state_dict: {len(arrays)} tensors, {nbytes / MB:.1f} MiB; best of {repeat}")

    with tempfile.TemporaryDirectory() as d:
        pj, pt = os.path.join(d, "j.pt"), os.path.join(d, "t.pt")
        sj, stp = os.path.join(d, "j.safetensors"), os.path.join(d, "t.safetensors")

        def load_j(path, **kw):
            r = S.load(path, **kw)
            jtorch.sync()
            return r

        rows = [
            ("torch.save", lambda: S.save(sd_j, pj),
             (lambda: torch.save(sd_t, pt)) if torch else None),
            ("torch.load", lambda: load_j(pj), (lambda: torch.load(pt)) if torch else None),
            ("torch.load(mmap=True)", lambda: load_j(pj, mmap=True),
             (lambda: torch.load(pt, mmap=True)) if torch else None),
            ("safetensors save_file", lambda: jst.save_file(sd_j, sj), None),
            ("safetensors load_file", lambda: jst.load_file(sj), None),
        ]
        print(f"{'operation':26s} {'jtorch MB/s':>12s} {'torch MB/s':>12s} {'ratio':>7s}")
        for name, fj, ft in rows:
            tj = best_of(fj, repeat)
            line = f"{name:26s} {nbytes / MB / tj:12.0f}"
            if ft is not None:
                tt = best_of(ft, repeat)
                line += f" {nbytes / MB / tt:12.0f} {tj / tt:7.2f}"
            print(line)
        if torch is not None:  # cross-check: each side reads the other's file
            a = torch.load(pj, weights_only=True)
            b = S.load(pt)
            k = "layer0.weight"
            assert np.array_equal(a[k].numpy(), arrays[k])
            assert np.array_equal(b[k].numpy(), arrays[k])
            print("cross-check: PyTorch loads jtorch's file and jtorch loads PyTorch's: OK")


if __name__ == "__main__":
    main()
