"""DataLoader throughput, in one process run (DESIGN.md: benchmarks print, never assert).

1. One epoch over TensorDataset(60000x784 float32, int64 labels), batch 64, shuffle=True:
   batches/s (best of 5 epochs, the three loops taking turns) for jtorch's DataLoader,
   PyTorch's DataLoader (when torch is installed) and a NumPy permutation-and-slice loop.
   Every jtorch batch is waited for (block_until_ready), so the figure counts finished
   batches, as PyTorch's are.
2. Per-sample work in __getitem__, batch 64: workers=0 vs 2 thread workers (the default) vs
   2 process workers started by the fork server or spawned (multiprocessing_context=
   "forkserver" / "spawn"; the first epoch includes starting them, later epochs reuse them via
   persistent_workers), for
   - a pure-Python loop (holds the GIL),
   - NumPy work on a 128x128 image (releases the GIL inside each ufunc),
   - jtorch.vision's CIFAR-style augmentation pipeline (RandomCrop, flip, ColorJitter, ...).

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


class VisionAug(Dataset):
    """jtorch.vision CIFAR-style augmentation of 32x32 RGB images.

    ToTensor, RandomCrop(32, padding=4), RandomHorizontalFlip, ColorJitter, Normalize."""

    def __init__(self, n):
        from jtorch.vision import transforms as T
        self.n = n
        self.images = np.random.default_rng(0).integers(0, 256, (256, 32, 32, 3), np.uint8)
        self.transform = T.Compose([T.ToTensor(), T.RandomCrop(32, padding=4),
                                    T.RandomHorizontalFlip(), T.ColorJitter(0.4, 0.4, 0.4),
                                    T.Normalize((0.5, 0.5, 0.5), (0.25, 0.25, 0.25))])

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return self.transform(self.images[i % 256]), i % 10


def tensor_epoch():
    n = 60000
    rng = np.random.default_rng(0)
    Xn = rng.random((n, 784), dtype=np.float32)
    yn = rng.integers(0, 10, n)

    X, y = jtorch.tensor(Xn), jtorch.tensor(yn)
    loader = DataLoader(TensorDataset(X, y), batch_size=64, shuffle=True)

    def jtorch_epoch():
        nb = 0
        for xb, yb in loader:
            xb._nd.value.block_until_ready()
            yb._nd.value.block_until_ready()
            nb += 1
        return nb

    def numpy_epoch():
        nb = 0
        perm = rng.permutation(n)
        for i in range(0, n, 64):
            idx = perm[i:i + 64]
            xb, yb = Xn[idx], yn[idx]
            nb += 1
        return nb

    epochs = {"jtorch DataLoader": jtorch_epoch, "NumPy permutation+slice": numpy_epoch}
    try:
        import torch
        import torch.utils.data as tud
        torch.set_num_threads(1)
        tl = tud.DataLoader(tud.TensorDataset(torch.from_numpy(Xn), torch.from_numpy(yn)),
                            batch_size=64, shuffle=True)

        def torch_epoch():
            nb = 0
            for xb, yb in tl:
                nb += 1
                if QUICK and nb == 200:
                    break
            return nb
        epochs["PyTorch DataLoader"] = torch_epoch
    except ImportError:
        pass

    jtorch_epoch()   # warm-up
    # the loaders take turns, epoch by epoch, so that a change in the machine's load (it may be
    # shared) affects them alike; each one's best epoch counts
    best = {k: float("inf") for k in epochs}
    counts = {}
    for _ in range(REPEAT + 2):
        for k, f in epochs.items():
            t0 = time.perf_counter()
            counts[k] = f()
            best[k] = min(best[k], time.perf_counter() - t0)
    results = {k: counts[k] / best[k] for k in epochs}
    results.setdefault("PyTorch DataLoader", None)

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
    configs = [("workers=0", {}), ("2 threads", {"num_workers": 2}),
               ("2 forkserver processes", {"num_workers": 2,
                                           "multiprocessing_context": "forkserver",
                                           "persistent_workers": True}),
               ("2 spawned processes", {"num_workers": 2, "multiprocessing_context": "spawn",
                                        "persistent_workers": True})]
    loaders = {label: DataLoader(ds, batch_size=64, **kw) for label, kw in configs}
    first, best = {}, {label: float("inf") for label in loaders}
    # the loaders take turns, epoch by epoch (a change in the machine's load affects them
    # alike); a process loader's first epoch includes starting its workers, which are kept
    for r in range(1 + REPEAT):
        for label, loader in loaders.items():
            t0 = time.perf_counter()
            count = sum(len(b[1]) for b in loader)
            dt = time.perf_counter() - t0
            assert count == n
            if r == 0:
                first[label] = dt
            if r or not loader.persistent_workers:
                best[label] = min(best[label], dt)
    for loader in loaders.values():
        if loader.persistent_workers:
            loader._iterator._shutdown_workers()
    print(f"{ds_cls.__name__}: {ds_cls.__doc__.splitlines()[0]} {n} samples, batch 64, "
          f"samples/s (best epoch of {1 + REPEAT}; processes: of the {REPEAT} after the first):")
    base = n / best["workers=0"]
    rows = []
    for label, loader in loaders.items():
        rate = n / best[label]
        extra = f"   (first epoch, starting them: {n / first[label]:6.0f}, " \
                f"{n / first[label] / base:.2f}x)" if loader.persistent_workers else ""
        print(f"  {label:24s} {rate:8.0f}  {rate / base:.2f}x{extra}")
        rows.append((label, rate, n / first[label]))
    return rows


def main():
    tensor_epoch()
    n = 1024 if QUICK else 4096
    heavy(PyHeavy, n)
    heavy(NumpyHeavy, n)
    heavy(VisionAug, n // 4)


if __name__ == "__main__":
    main()
