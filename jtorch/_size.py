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

    def __new__(cls, *args, **kwargs):
        if kwargs:
            raise TypeError("tuple() takes no keyword arguments")
        if len(args) > 1:
            raise TypeError(f"tuple expected at most 1 argument, got {len(args)}")
        t = tuple.__new__(cls, *args)
        for d in t:
            if type(d) is not int:   # the common case (shapes of ints) stays a single pass
                return tuple.__new__(cls, [_size_item(d, i) for i, d in enumerate(t)])
        return t

    def __getitem__(self, i):
        r = tuple.__getitem__(self, i)
        return Size(r) if isinstance(i, slice) else r

    def __add__(self, other):
        """Size + tuple is a Size (its items checked); Size + list is refused."""
        if not isinstance(other, tuple):
            raise TypeError(f"can only concatenate tuple (not {type(other).__name__}) to "
                            f"torch.Size")
        return Size(tuple.__add__(self, other))

    def __radd__(self, other):
        """tuple + Size is a Size too."""
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple.__add__(other, self))

    def __mul__(self, n):
        if not hasattr(n, "__index__"):
            raise TypeError(f"can't multiply sequence by non-int of type '{type(n).__name__}'")
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def __reduce__(self):
        return (Size, (tuple(self),))


def _size_item(d, i):
    """One torch.Size item: ints (numpy's included) stay; a bool or an integer one-element
    tensor becomes its int; anything else is refused with PyTorch's message."""
    if isinstance(d, int) and not isinstance(d, bool):
        return d
    if type(d).__module__ == "numpy" and hasattr(d, "dtype") and d.dtype.kind in "iu":
        return d
    if isinstance(d, bool):
        return int(d)
    if hasattr(d, "is_floating_point") and not d.is_floating_point() and d.numel() == 1:
        return int(d.item())   # an integer or bool one-element tensor
    t = type(d)
    name = f"numpy.{t.__name__}" if t.__module__ == "numpy" else t.__name__
    raise TypeError(f"torch.Size() takes an iterable of 'int' (item {i} is '{name}')")
