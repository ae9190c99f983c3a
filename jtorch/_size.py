"""torch.Size: a tuple subclass that prints as `torch.Size([2, 3])`."""
from ._classrepr import TorchNamed


class Size(tuple, metaclass=TorchNamed):
    """The shape of a Tensor, as PyTorch's `torch.Size`."""

    def __repr__(self):
        return f"torch.Size([{', '.join(str(int(d)) for d in self)}])"

    __str__ = __repr__

    def numel(self):
        n = 1
        for d in self:
            n *= d
        return n

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __reduce__(self):
        return (Size, (tuple(self),))
