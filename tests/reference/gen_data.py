"""Reference for jtorch.utils.data: what PyTorch's default_collate / default_convert build from
each input (container types, tensor dtypes, shapes and values), the exception type and message
of each error case, and deterministic sampler / random_split / DataLoader structure (lengths,
batch index lists). Run with real torch: python tests/reference/gen_data.py

Each case is an expression evaluated by tests/test_data.py with `import jtorch as torch`; names
available: torch, np, C (default_collate), V (default_convert), Point (a namedtuple), and the
samplers/datasets of torch.utils.data.
"""
import collections

import numpy as np

from refutil import record, write

COLLATE = [
    "C([0, 1, 2, 3])", "C([True, False])", "C([1.5, 2.5])", "C([1, 2.5])", "C([2.5, 1])",
    "C(['a', 'b'])", "C([b'a', b'b'])",
    "C([np.float32(1), np.float32(2)])", "C([np.int32(1), np.int32(7)])",
    "C([np.float32(1), np.float64(2)])", "C([np.bool_(True), np.bool_(False)])",
    "C([np.arange(3), np.arange(3) + 1])", "C([np.zeros((2, 2), np.float32), np.ones((2, 2), np.float32)])",
    "C([np.zeros(2, np.float32), np.ones(2, np.float64)])", "C([np.array(1.0), np.array(2)])",
    "C([np.zeros(3, np.uint8), np.ones(3, np.uint8)])",
    "C([torch.tensor([1, 2]), torch.tensor([3, 4])])",
    "C([torch.tensor(1.5), torch.tensor(2.5)])",
    "C([torch.tensor([1, 2]), torch.tensor([3.0, 4.0])])",
    "C([torch.zeros(2, 3, dtype=torch.float64), torch.ones(2, 3, dtype=torch.float64)])",
    "C([{'A': 0, 'B': 1}, {'A': 100, 'B': 100}])",
    "C([{'x': np.zeros(2), 'y': 'a'}, {'x': np.ones(2), 'y': 'b'}])",
    "C([Point(0, 0), Point(1, 1)])", "C([Point(np.array(0.5), 1), Point(np.array(1.5), 2)])",
    "C([(0, 1), (2, 3)])", "C([[0, 1], [2, 3]])",
    "C([(torch.tensor([1.0]), 3), (torch.tensor([2.0]), 4)])",
    "C([[{'a': 1}, (2.0, 'z')], [{'a': 3}, (4.0, 'w')]])",
    "C([(np.zeros((2,), np.float32), [1, 2]), (np.ones((2,), np.float32), [3, 4])])",
    "V(0)", "V(np.array([0, 1]))", "V(np.float32(2.5))", "V(Point(0, 0))",
    "V(Point(np.array(0), np.array(0)))", "V([np.array([0, 1]), np.array([2, 3])])",
    "V((np.array([1.5]), 'a'))", "V({'a': np.arange(2), 'b': 'c'})", "V('text')",
    "V(np.array(['a', 'b']))", "V(torch.tensor([1, 2]))",
]

COLLATE_ERRORS = [
    "C([np.zeros(3), np.zeros(4)])",
    "C([torch.zeros(2, 3), torch.zeros(3, 2)])",
    "C([torch.zeros(3), torch.zeros(3), torch.zeros(5)])",
    "C([np.array(['a']), np.array(['b'])])",
    "C([object(), object()])",
    "C([[1, 2], [1]])",
    "C([None, None])",
]

STRUCTURE = [
    "list(BatchSampler(SequentialSampler(range(10)), 3, False))",
    "list(BatchSampler(SequentialSampler(range(10)), 3, True))",
    "len(BatchSampler(range(10), 4, False))", "len(BatchSampler(range(10), 4, True))",
    "list(SequentialSampler(range(5)))", "len(RandomSampler(range(7)))",
    "len(RandomSampler(range(7), replacement=True, num_samples=20))",
    "[len(s) for s in random_split(range(10), [0.3, 0.3, 0.4])]",
    "[len(s) for s in random_split(range(11), [0.5, 0.5])]",
    "[len(s) for s in random_split(range(10), [3, 7])]",
    "[len(s) for s in random_split(range(5), [0.1, 0.9])]",
    "len(DataLoader(range(10), batch_size=3))", "len(DataLoader(range(10), batch_size=3, drop_last=True))",
    "len(DataLoader(range(10), batch_size=None))",
    "[b.tolist() for b in DataLoader(range(7), batch_size=3)]",
    "[b.tolist() for b in DataLoader(range(7), batch_size=3, drop_last=True)]",
    "list(DataLoader(range(4), batch_size=None))", "[b.tolist() for b in DataLoader(np.arange(4.0), batch_size=None)]",
    "[b for b in DataLoader(['a', 'b', 'c'], batch_size=2)]",
    "[[t.tolist() for t in b] for b in DataLoader(TensorDataset(torch.arange(6).reshape(3, 2), torch.tensor([1.5, 2.5, 3.5])), batch_size=2)]",
    "[b.tolist() for b in DataLoader(range(6), batch_sampler=[[0, 1], [5], [2, 3, 4]])]",
    "[type(b).__name__ for b in DataLoader(TensorDataset(torch.zeros(4, 1)), batch_size=2)]",
    "len(ConcatDataset([range(3), range(4)]))", "ConcatDataset([range(3), range(4)])[4]",
    "ConcatDataset([range(3), range(4)])[-1]", "ConcatDataset([range(3), range(4)]).cumulative_sizes",
    "StackDataset(range(3), range(10, 13))[1]", "StackDataset(a=range(3), b=range(10, 13))[2]",
    "StackDataset(range(3), range(10, 13)).__getitems__([0, 2])",
    "Subset(range(10), [9, 3, 5])[1]", "Subset(range(10), [9, 3, 5]).__getitems__([0, 2])",
    "len(Subset(range(10), [9, 3, 5]))",
    "list(DistributedSampler(range(10), num_replicas=3, rank=1, shuffle=False))",
    "list(DistributedSampler(range(10), num_replicas=3, rank=2, shuffle=False, drop_last=True))",
    "len(DistributedSampler(range(10), num_replicas=4, rank=0))",
]

ERRORS = [
    "DataLoader(range(3), batch_size=0)", "DataLoader(range(3), batch_size=-1)",
    "DataLoader(range(3), num_workers=-1)", "DataLoader(range(3), timeout=-1)",
    "DataLoader(range(3), prefetch_factor=2)", "DataLoader(range(3), num_workers=1, prefetch_factor=-1)",
    "DataLoader(range(3), persistent_workers=True)",
    "DataLoader(range(3), sampler=SequentialSampler(range(3)), shuffle=True)",
    "DataLoader(range(3), batch_sampler=[[0]], batch_size=2)",
    "DataLoader(range(3), batch_sampler=[[0]], drop_last=True)",
    "DataLoader(range(3), batch_size=None, drop_last=True)",
    "DataLoader(range(3), multiprocessing_context='spawn')",
    "DataLoader(range(3), num_workers=1, multiprocessing_context='nope')",
    "DataLoader(range(3), num_workers=1, multiprocessing_context=3)",
    "DataLoader(It(), shuffle=True)", "DataLoader(It(), sampler=[0])", "DataLoader(It(), batch_sampler=[[0]])",
    "setattr(DataLoader(range(3)), 'batch_size', 2)",
    "RandomSampler(range(3), replacement=1)", "RandomSampler(range(3), num_samples=0)",
    "RandomSampler(range(3), num_samples=1.5)",
    "BatchSampler(range(3), 2, drop_last=1)", "BatchSampler(range(3), True, False)",
    "WeightedRandomSampler([0.5, 0.5], 0)", "WeightedRandomSampler([0.5, 0.5], True)",
    "WeightedRandomSampler([0.5, 0.5], 2, replacement=1)", "WeightedRandomSampler([[0.5, 0.5]], 2)",
    "TensorDataset(torch.zeros(3), torch.zeros(4))", "TensorDataset(torch.zeros(3))[3]",
    "TensorDataset(torch.zeros(3))[-4]",
    "ConcatDataset([])", "ConcatDataset([It()])", "ConcatDataset([range(3)])[-4]",
    "list(ChainDataset([range(3)]))",
    "StackDataset()", "StackDataset(range(2), range(3))", "StackDataset(range(2), b=range(2))",
    "StackDataset(a=range(2), b=range(3))",
    "random_split(range(10), [3, 3])", "random_split(range(10), [1.5, -0.5])",
    "DistributedSampler(range(3), num_replicas=2, rank=2)",
    "Dataset()[0]", "It2()",
    "BadSubset(range(3), [0])",
]


def describe(x):
    """A JSON description of a collate result: containers by type name, tensors recorded."""
    import torch
    if isinstance(x, torch.Tensor):
        return {"tensor": record(x)}
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return {"namedtuple": type(x).__name__, "items": [describe(v) for v in x]}
    if isinstance(x, dict):
        return {"dict": {k: describe(v) for k, v in x.items()}}
    if isinstance(x, (list, tuple)):
        return {type(x).__name__: [describe(v) for v in x]}
    if isinstance(x, np.ndarray):
        return {"ndarray": x.tolist(), "dtype": str(x.dtype)}
    if isinstance(x, bytes):
        return {"bytes": x.decode()}
    return {"py": x, "type": type(x).__name__}


def namespace():
    import torch
    from torch.utils import data
    from torch.utils.data import default_collate, default_convert

    class It(data.IterableDataset):
        def __iter__(self):
            return iter(range(3))

    class It2(data.IterableDataset):
        pass

    class BadSubset(data.Subset):
        def __getitem__(self, i):
            return 0

    ns = {"torch": torch, "np": np, "C": default_collate, "V": default_convert,
          "Point": collections.namedtuple("Point", ["x", "y"]), "It": It, "It2": It2,
          "BadSubset": BadSubset}
    ns.update({k: getattr(data, k) for k in data.__all__ if not k.startswith("_")})
    return ns


def main():
    import warnings
    warnings.simplefilter("ignore")
    ns = namespace()
    out = {"collate": {}, "collate_errors": {}, "structure": {}, "errors": {}}
    for e in COLLATE:
        out["collate"][e] = describe(eval(e, ns))
    for group, cases in (("collate_errors", COLLATE_ERRORS), ("errors", ERRORS)):
        for e in cases:
            try:
                eval(e, ns)
            except Exception as exc:
                out[group][e] = [type(exc).__name__, str(exc)]
            else:
                raise AssertionError(f"{e} did not raise")
    for e in STRUCTURE:
        out["structure"][e] = describe(eval(e, ns))
    write("data", out)


if __name__ == "__main__":
    main()
