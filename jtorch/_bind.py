"""Binds the registered ops onto Tensor (methods, Python operators, properties) and exposes
them as `torch.X` functions (DESIGN.md idea 1: one definition, bound everywhere)."""
import numpy as np

from . import _dtype as _dtype_module
from . import _tensor as _tensor_module
from ._tensor import Tensor
from ._runtime.graph import Node, config
from ._ops.registry import FUNCTIONS, METHODS
from ._ops import indexing, shape
from ._ops import dispatch as _dispatch
from ._ops.elementwise import is_tensor

_NUMBER = (bool, int, float, np.generic)


def _operand_ok(o):
    return is_tensor(o) or isinstance(o, _NUMBER)


def _ndarray_operand(name, other):
    """`t == ndarray` compares with the array as a tensor, as PyTorch's `==` does; the other
    operators leave an array to NumPy, whose result comes back as a tensor through
    Tensor.__array_wrap__ (and `t != ndarray` falls back to identity: True, as in PyTorch)."""
    if type(other) is np.ndarray and name == "eq":
        from ._creation import tensor
        return tensor(other)
    return other


# Operators whose checks depend only on the operands' shapes, dtypes and scalar types: for these
# a signature seen before maps straight to its kernel and output (shape, dtype), so `a + b`
# costs a dict lookup plus a Node and a Tensor (DESIGN.md idea 3: recording must be cheap).
_SIGNATURE_ONLY = {"add", "sub", "mul", "div", "eq", "ne", "lt", "le", "gt", "ge",
                   "remainder", "floor_divide", "bitwise_and", "bitwise_or", "bitwise_xor"}
_SCALARS = (bool, int, float)
_MEMOS = []  # cleared when the default dtype changes (Python floats' dtype depends on it)


def _binary(name, reflected=False):
    f = METHODS[name]
    # `1 - x` is PyTorch's rsub(x, 1) (grad_fn RsubBackward1), not sub(1, x)
    scalar_gname = None
    if name == "sub" and reflected:
        f = lambda other, self: FUNCTIONS["rsub"](self, other)  # noqa: E731
        scalar_gname = "RsubBackward1"
    if name not in _SIGNATURE_ONLY:
        def method(self, other):
            if not _operand_ok(other):
                return NotImplemented
            return f(other, self) if reflected else f(self, other)
        return method

    memo = {}
    _MEMOS.append(memo)

    def method(self, other):
        nd = self._nd
        if self._base is None and not config["eager"]:
            to = type(other)
            if to is Tensor:
                if other._base is None:
                    on = other._nd
                    hit = memo.get((nd.shape, nd.dtype, on.shape, on.dtype))
                    if hit is not None and on.device is nd.device:
                        n = Node(hit[0], (on, nd) if reflected else (nd, on), hit[1], hit[2],
                                 nd.device)
                        if (self._rg or other._rg) and _dispatch.grad_state.enabled:
                            return _with_grad(n, (other, self) if reflected else (self, other))
                        return _from_node(n)
            elif to in _SCALARS:
                hit = memo.get((nd.shape, nd.dtype, to))
                if hit is not None:
                    n = Node(hit[0], (other, nd) if reflected else (nd, other), hit[1], hit[2],
                             nd.device)
                    if self._rg and _dispatch.grad_state.enabled:
                        return _with_grad(n, (other, self) if reflected else (self, other),
                                          scalar_gname)
                    return _from_node(n)
        other = _ndarray_operand(name, other)
        if not _operand_ok(other):
            return NotImplemented
        out = f(other, self) if reflected else f(self, other)
        _remember(memo, self, other, out, reflected)
        return out

    return method


def _with_grad(n, inputs, gname=None):
    """The memoised path's Tensor when an operand requires grad: autograd as dispatch.record
    attaches it (the kernel's own grad_fn name unless `gname`). The GradFn is attached before
    the Tensor is made: making it may flush the pending graph (graph-size limit), which runs the
    node and drops its inputs."""
    rg = _dispatch.autograd_hook(n, inputs, gname)
    t = _from_node(n)
    if rg:
        t._rg = True
        _dispatch.saved_output_hook(n.grad_fn, t)
    return t


def _remember(memo, self, other, out, reflected):
    """Memoise the kernel when the op recorded exactly one node on exactly these operands."""
    nd, on = out._nd, (other._nd if type(other) is Tensor else other)
    expected = (on, self._nd) if reflected else (self._nd, on)
    if out._base is not None or len(nd.inputs) != 2 or nd.value is not None:
        return
    if nd.inputs[0] is not expected[0] or nd.inputs[1] is not expected[1]:
        return
    if type(other) is Tensor:
        key = (self._nd.shape, self._nd.dtype, on.shape, on.dtype)
    elif type(other) in _SCALARS:
        key = (self._nd.shape, self._nd.dtype, type(other))
    else:
        return
    memo[key] = (nd.kernel, nd.shape, nd.dtype)


def _pow():
    """Tensor.__pow__, memoised for a Python-number exponent by its value: `x ** 2` records a
    one-input kernel with the exponent static (PyTorch computes 2, 3, 0.5, -1 ... specially),
    so the signature memo of the arithmetic operators (`_binary`) cannot serve it."""
    f = METHODS["pow"]
    memo = {}
    _MEMOS.append(memo)

    def method(self, other):
        if type(other) not in _SCALARS or self._base is not None or config["eager"]:
            return f(self, other) if _operand_ok(other) else NotImplemented
        nd = self._nd
        key = (nd.shape, nd.dtype, type(other), other)
        hit = memo.get(key)
        if hit is not None:
            k, shape, dtype, unary = hit
            n = Node(k, (nd,) if unary else (nd, other), shape, dtype, nd.device)
            if self._rg and _dispatch.grad_state.enabled:
                return _with_grad(n, (self,) if unary else (self, other))
            return _from_node(n)
        out = f(self, other)
        on = out._nd
        ins = on.inputs
        if out._base is None and on.value is None and ins and ins[0] is nd and \
                (len(ins) == 1 or len(ins) == 2 and ins[1] is other):
            if len(memo) >= 1024:
                memo.clear()   # (a loop over many exponents)
            memo[key] = (on.kernel, on.shape, on.dtype, len(ins) == 1)
        return out

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
        setattr(Tensor, f"__{dunder}__", _pow() if name == "pow" else _binary(name))
        setattr(Tensor, f"__r{dunder}__", _binary(name, reflected=True))
        if name + "_" in METHODS:
            setattr(Tensor, f"__i{dunder}__", _inplace(name))
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
    n = value._node()
    if n.grad_fn is not None:  # .data carries the value, never the history
        from ._ops.dispatch import record
        from ._ops import views
        n = record(views.read, (n,), (("steps", ()),), name="detach", wrap=False)
        n.grad_fn = None
    _tensor_module.note_write(self)
    self._nd = n
    self._vc[0] += 1
    if self._nd.value is None:
        from ._runtime.graph import track
        track(self)


_from_node = Tensor._from_node


def _clear_memos():
    for m in _MEMOS:
        m.clear()


_dtype_module.on_default_change.append(_clear_memos)


def torch_functions():
    return dict(FUNCTIONS)


bind()
