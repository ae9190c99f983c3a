"""DataLoader throughput, in one process run (DESIGN.md: benchmarks print, never assert).

1. One epoch over TensorDataset(60000x784 float32, int64 labels), batch 64, shuffle=True:
   batches/s (best of 3 epochs) for jtorch's DataLoader, PyTorch's DataLoader (when torch is
   installed) and a NumPy permutation-and-slice loop. Every jtorch batch is waited for
   (block_until_ready), so the figure counts finished batches, as PyTorch's are.
2. Per-sample work in __getitem__, batch 64: workers=0 vs 2 thread workers (the default) vs
   2 spawned process workers (multiprocessing_context="spawn"; first epoch includes starting
   them, later epochs reuse them via persistent_workers), for
   - a pure-Python loop (holds the GIL),
   - NumPy work on a 128x128 image (releases the GIL inside each ufunc).

Run: /work/venv/bin/python bench/dataloader.py [--quick]
"""
import os
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # per-sample work is single-threaded
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import numpy as np  # noqa: E402

import jtorch  # noqa: E402
from jtorch.utils.data import DataLoader, Dataset, TensorDataset  # noqa: E402

QUICK = "--quick" in sys.argv
REPEAT = 1 if QUICK else 3


class PyHeavy(Dataset):
    """pure-Python per-sample work (a GIL-bound loop)."""

    def __init__(self, n, work=4000):
        self.n, self.work = n, work

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        s = 0
        for k in range(self.work):
            s += (k * i) % 7
        return np.full(16, s, np.float32), i


class NumpyHeavy(Dataset):
    """NumPy per-sample work (ufunc passes over a 128x128 float32 image)."""

    def __init__(self, n, passes=12):
        self.n, self.passes = n, passes
        self.img = np.random.default_rng(0).random((128, 128), dtype=np.float32)

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        x = self.img + np.float32(i)
        for _ in range(self.passes):
            x = np.sqrt(np.exp(np.sin(x)) + np.float32(1.0))
        return x[::8, ::8].copy(), i


def tensor_epoch():
    n = 60000
    rng = np.random.default_rng(0)
    Xn = rng.random((n, 784), dtype=np.float32)
    yn = rng.integers(0, 10, n)
    results = {}

    X, y = jtorch.tensor(Xn), jtorch.tensor(yn)
    loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)
    best = float("inf")
    for _ in range(1 + REPEAT):   # the first epoch compiles the gather for the batch shapes
        t0 = time.perf_counter()
        nb = 0
        for xb, yb in loader:
            xb._nd.value.block_until_ready()
            yb._nd.value.block_until_ready()
            nb += 1
        best = min(best, time.perf_counter() - t0) if _ else best
    results["jtorch DataLoader"] = nb / best

    best = float("inf")
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        nb = 0
        perm = rng.permutation(n)
        for i in range(0, n, 64):
            idx = perm[i:i + 64]
            xb, yb = Xn[idx], yn[idx]
            nb += 1
        best = min(best, time.perf_counter() - t0)
    results["NumPy permutation+slice"] = nb / best

    try:
        import torch
        import torch.utils.data as tud
        torch.set_num_threads(1)
        tl = tud.DataLoader(tud.TensorDataset(torch.from_numpy(Xn), torch.from_numpy(yn)),
                            batch_size=64, shuffle=True)
        best = float("inf")
        for _ in range(REPEAT):
            t0 = time.perf_counter()
            nb = 0
            for xb, yb in tl:
                nb += 1
                if QUICK and nb == 200:
                    break
            best = min(best, time.perf_counter() - t0)
        results["PyTorch DataLoader"] = nb / best
    except ImportError:
        results["PyTorch DataLoader"] = None

    print(f"TensorDataset(60000x784 float32), batch 64, shuffle=True: one epoch "
          f"({(n + 63) // 64} batches)")
    for k, v in results.items():
        print(f"  {k:28s} " + ("not installed" if v is None else f"{v:10.0f} batches/s"))
    if results["PyTorch DataLoader"]:
        ratio = results["jtorch DataLoader"] / results["PyTorch DataLoader"]
        print(f"  jtorch / PyTorch: {ratio:.1f}x")
    return results


def heavy(ds_cls, n):
    ds = ds_cls(n)
    rows = []
    for label, kw in [("workers=0", {}), ("2 threads", {"num_workers": 2}),
                      ("2 spawned processes", {"num_workers": 2,
                                               "multiprocessing_context": "spawn",
                                               "persistent_workers": True})]:
        loader = DataLoader(ds, batch_size=64, **kw)
        times = []
        for _ in range(REPEAT + (1 if "persistent_workers" in kw else 0)):
            t0 = time.perf_counter()
            count = sum(len(b[1]) for b in loader)
            times.append(time.perf_counter() - t0)
            assert count == n
        if "persistent_workers" in kw:   # first epoch starts the processes; then best of rest
            loader._iterator._shutdown_workers()
            rows.append((label, n / times[0], n / min(times[1:])))
        else:
            rows.append((label, n / min(times), None))
    print(f"{ds_cls.__name__}: {ds_cls.__doc__.splitlines()[0]} {n} samples, batch 64, "
          f"samples/s (best of {REPEAT}):")
    base = rows[0][1]
    for label, first, second in rows:
        extra = "" if second is None else \
            f"   (2nd epoch, workers kept: {second:8.0f}, {second / base:.2f}x)"
        print(f"  {label:22s} {first:8.0f}  {first / base:.2f}x{extra}")
    return rows


def main():
    tensor_epoch()
    n = 1024 if QUICK else 4096
    heavy(PyHeavy, n)
    heavy(NumpyHeavy, n)


if __name__ == "__main__":
    main()
