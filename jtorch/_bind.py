"""Binds the registered ops onto Tensor (methods, Python operators, properties) and exposes
them as `torch.X` functions (DESIGN.md idea 1: one definition, bound everywhere)."""
import numpy as np

from ._tensor import Tensor
from ._ops.registry import FUNCTIONS, METHODS
from ._ops import indexing, shape
from ._ops.elementwise import is_tensor

_NUMBER = (bool, int, float, np.generic)


def _operand_ok(o):
    return is_tensor(o) or isinstance(o, _NUMBER)


def _binary(name, reflected=False):
    f = METHODS[name]

    def method(self, other):
        if not _operand_ok(other):
            return NotImplemented
        return f(other, self) if reflected else f(self, other)

    return method


def _inplace(name):
    f = METHODS[name + "_"]

    def method(self, other):
        if not _operand_ok(other):
            return NotImplemented
        return f(self, other)

    return method


def _invert(self):
    if self.dtype.is_floating_point:
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type "
                        "tensors")
    return METHODS["bitwise_not"](self)


def _imatmul(self, other):
    return self._assign(METHODS["matmul"](self, other), "matmul_")


def bind():
    for name, f in METHODS.items():
        setattr(Tensor, name, f)
    for dunder, name in [("add", "add"), ("sub", "sub"), ("mul", "mul"), ("truediv", "div"),
                         ("floordiv", "floor_divide"), ("mod", "remainder"), ("pow", "pow"),
                         ("matmul", "matmul"), ("and", "bitwise_and"), ("or", "bitwise_or"),
                         ("xor", "bitwise_xor"), ("lshift", "bitwise_left_shift"),
                         ("rshift", "bitwise_right_shift")]:
        if name not in METHODS:
            continue
        setattr(Tensor, f"__{dunder}__", _binary(name))
        setattr(Tensor, f"__r{dunder}__", _binary(name, reflected=True))
        if name + "_" in METHODS:
            setattr(Tensor, f"__i{dunder}__", _inplace(name))
    Tensor.__imatmul__ = _imatmul
    for dunder, name in [("eq", "eq"), ("ne", "ne"), ("lt", "lt"), ("le", "le"), ("gt", "gt"),
                         ("ge", "ge")]:
        setattr(Tensor, f"__{dunder}__", _binary(name))
    Tensor.__hash__ = object.__hash__
    Tensor.__neg__ = METHODS["neg"]
    Tensor.__pos__ = lambda self: self
    Tensor.__abs__ = METHODS["abs"]
    Tensor.__invert__ = _invert
    Tensor.__getitem__ = indexing.getitem
    Tensor.__setitem__ = indexing.setitem
    for name, f in shape.PROPERTIES.items():
        setattr(Tensor, name, property(f))
    Tensor.data = property(_get_data, _set_data)


def _get_data(self):
    from ._ops.conversion import detach
    return detach(self)


def _set_data(self, value):
    """`t.data = v`: t takes v's value, shape and dtype (no autograd history)."""
    if not isinstance(value, Tensor):
        raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
    self._nd = value._node()
    self._vc[0] += 1
    if self._nd.value is None:
        from ._runtime.graph import track
        track(self)


def torch_functions():
    return dict(FUNCTIONS)


bind()
