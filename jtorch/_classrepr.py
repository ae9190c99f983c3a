"""A metaclass giving jtorch's public classes PyTorch's printed names (`<class 'torch.Size'>`)
while their `__module__` stays jtorch's own, so pickles of them never name the real torch."""


class TorchNamed(type):
    """`repr(cls)` is `<class 'torch.<_torch_name>'>` (the class name unless set)."""

    def __repr__(cls):
        return f"<class 'torch.{cls.__dict__.get('_torch_name', cls.__name__)}'>"


def torch_object_repr(obj):
    """`object.__repr__` as PyTorch prints it: `<torch.utils.data.dataloader.DataLoader object
    at 0x...>` (jtorch's module path shown under PyTorch's name)."""
    cls = type(obj)
    mod = cls.__module__
    if mod == "jtorch" or mod.startswith("jtorch."):
        mod = mod[1:]
    return f"<{mod}.{cls.__qualname__} object at {hex(id(obj))}>"
