"""torch.nn.modules.utils: the int-or-tuple helpers layers use for their size arguments."""
import collections.abc
from itertools import repeat

__all__ = []


def _ntuple(n, name="parse"):
    def parse(x):
        if isinstance(x, collections.abc.Iterable):
            return tuple(x)
        return tuple(repeat(x, n))

    parse.__name__ = name
    return parse


_single = _ntuple(1, "_single")
_pair = _ntuple(2, "_pair")
_triple = _ntuple(3, "_triple")
_quadruple = _ntuple(4, "_quadruple")


def _torch_type(obj):
    """`str(type(obj))` as PyTorch's messages print it: jtorch's own classes under their torch
    path (`<class 'torch.nn.modules.activation.ReLU'>`)."""
    return str(type(obj)).replace("<class 'jtorch.", "<class 'torch.", 1)


def _reverse_repeat_tuple(t, n):
    """Reverse the order of `t` and repeat each element `n` times (conv padding -> F.pad)."""
    return tuple(x for x in reversed(t) for _ in range(n))
