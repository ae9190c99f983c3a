"""A metaclass giving jtorch's public classes PyTorch's printed names (`<class 'torch.Size'>`)
while their `__module__` stays jtorch's own, so pickles of them never name the real torch."""


class TorchNamed(type):
    """`repr(cls)` is `<class 'torch.<_torch_name>'>` (the class name unless set)."""

    def __repr__(cls):
        return f"<class 'torch.{cls.__dict__.get('_torch_name', cls.__name__)}'>"
