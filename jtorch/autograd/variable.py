"""torch.autograd.Variable: the pre-0.4 wrapper, today a function returning a Tensor.

`Variable(t, requires_grad=...)` is `t.detach()` with that flag (a new leaf sharing t's value),
and every Tensor is an instance of Variable, as in PyTorch."""
from .._tensor import Tensor


class _VariableMeta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """Variable(data, requires_grad=False, volatile=False) -> a detached Tensor of `data`."""

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if data is None:
            from .._creation import empty
            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad_(True)
        return out
