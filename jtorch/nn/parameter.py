"""torch.nn.Parameter, Buffer and the uninitialized placeholders of lazy modules.

A Parameter is a leaf Tensor that requires grad (by default) and that Modules register when it
is assigned as an attribute. As in PyTorch, ops on a Parameter return plain Tensors.
"""
import sys
from collections import OrderedDict

from .._tensor import Tensor, _new, _DETACHED
from .. import _creation


def _leaf_like(cls, data, requires_grad):
    """A new `cls` box holding data's current value, detached (a leaf), as PyTorch's
    `_make_subclass` does."""
    if data is None:
        data = _creation.empty(0)
    if not isinstance(data, Tensor):  # PyTorch fails on data.detach()
        raise AttributeError(f"'{type(data).__name__}' object has no attribute 'detach'")
    if requires_grad and not (data.dtype.is_floating_point or data.dtype.is_complex):
        raise RuntimeError("Only Tensors of floating point and complex dtype can require "
                           "gradients")
    t = _new(cls)
    node = data._node()
    if node.grad_fn is not None:  # a non-leaf's value, without its history
        from .._ops import dispatch, views
        from ..autograd.grad_mode import no_grad
        with no_grad():
            node = dispatch.record(views.read, (node,), (("steps", ()),), name="detach",
                                   wrap=False)
    t._nd = node
    t._vc = [0]
    if not data._rg:
        _share_storage(t, data)
    if t._nd.value is None:
        from .._runtime import graph
        graph.track(t)
    if requires_grad:
        t.requires_grad = True
    return t


def _share_storage(p, data):
    """Make data an alias of the new Parameter p, as PyTorch's Parameter(data) shares data's
    storage: p stays a root (no cost on the hot paths: forward reads, optimizer writes) and data
    becomes a detached view of p, so a write through either is seen by the other.

    Done when nothing else can see data's old storage: data is a root whose version counter
    nobody else holds (no views of it, no saved autograd references), or a view of a root that
    only data refers to (`Parameter(torch.zeros(3).unsqueeze(0))`). Otherwise p keeps a copy
    of data's current value."""
    # `one`: the count of an object held in exactly one place (p's fresh version counter), as
    # sys.getrefcount reports it here; the counts below are compared with it
    one = sys.getrefcount(p._vc)
    if data._base is None:
        if sys.getrefcount(data._vc) > one:  # held by views or saved autograd references
            return
        p._vc = data._vc
    elif (data._base._rg or sys.getrefcount(data._base) > one
          or sys.getrefcount(data._base._vc) > one + 1):
        return  # the base is held beyond data's `_base`, or has other views than data
    data._base = p
    data._view = (_DETACHED,)
    data._vc = p._vc
    data._bver = p._vc[0]


class Parameter(Tensor):
    """A Tensor that is a module parameter: requires grad and prints "Parameter containing:"."""

    __module__ = "torch.nn.parameter"   # as PyTorch prints its type (pickles use a function)

    def __new__(cls, data=None, requires_grad=True):
        return _leaf_like(cls, data, requires_grad)

    def __init__(self, *args, **kwargs):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.detach(), self.requires_grad, OrderedDict()))


def _rebuild_parameter(data, requires_grad, backward_hooks):
    return Parameter(data, requires_grad)


class _BufferMeta(type):
    def __instancecheck__(cls, instance):
        if cls is Buffer:
            return isinstance(instance, Tensor) and getattr(instance, "_is_buffer", False)
        return super().__instancecheck__(instance)


class Buffer(Tensor, metaclass=_BufferMeta):
    """torch.nn.Buffer: a plain Tensor marked so that assigning it to a Module registers a
    buffer (`persistent` as in register_buffer)."""

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            data = _creation.empty(0)
        t = data.detach()
        t.requires_grad_(data.requires_grad)
        t.persistent = persistent
        t._is_buffer = True
        return t


class UninitializedTensorMixin:
    """Shared by UninitializedParameter/UninitializedBuffer: shape unknown until materialize()."""

    def materialize(self, shape, device=None, dtype=None):
        """Give the placeholder real (uninitialised: zero) storage of `shape` and turn it into
        a Parameter / plain Tensor, as PyTorch does."""
        if device is None:
            device = self.device
        if dtype is None:
            dtype = self.dtype
        if isinstance(shape, int):
            shape = (shape,)
        self._nd = _creation.empty(*shape, device=device, dtype=dtype)._node()
        self._vc[0] += 1
        self.__class__ = self.cls_to_become

    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing "
            "their attributes.")

    def share_memory_(self):
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. Call `forward` to "
            "initialize the parameters before calling `module.share_memory()`.")

    def __repr__(self):
        return f"<{self.__class__.__name__}>"

    __str__ = __repr__

    def __reduce_ex__(self, proto):
        return (self.__class__, (self.requires_grad,))


# What an uninitialized placeholder still answers, as PyTorch's UninitializedTensorMixin allows
# (its properties, such as dtype, device, requires_grad and data, answer too)
_ALLOWED_METHODS = {"size", "copy_", "is_complex", "is_floating_point", "half", "float", "double",
                    "char", "short", "int", "long", "cuda", "cpu", "to", "get_device"}
# the special methods Python itself relies on (identity, printing, copying, pickling) stay
_KEPT_DUNDERS = {"__init__", "__new__", "__hash__", "__eq__", "__ne__", "__repr__", "__str__",
                 "__format__", "__reduce__", "__reduce_ex__", "__deepcopy__", "__copy__",
                 "__getattribute__", "__getattr__", "__setattr__", "__delattr__", "__dir__",
                 "__init_subclass__", "__subclasshook__", "__class_getitem__", "__sizeof__",
                 "__getstate__", "__setstate__", "__array_wrap__"}
# operator special methods -> the op PyTorch's message names (`__rmul__` and `__imul__`: mul)
_OPERATOR_NAMES = {"truediv": "div", "floordiv": "floor_divide", "mod": "remainder",
                   "and": "bitwise_and", "or": "bitwise_or", "xor": "bitwise_xor",
                   **{op: op for op in ("add", "sub", "mul", "pow", "matmul", "lshift", "rshift")}}


def _uninitialized_error(what):
    return ValueError(
        f"Attempted to use an uninitialized parameter in {what}. This error happens when you "
        "are using a `LazyModule` or explicitly manipulating "
        "`torch.nn.parameter.UninitializedParameter` objects. When using LazyModules Call "
        "`forward` with a dummy batch to initialize the parameters before calling torch "
        "functions")


# special methods PyTorch's Tensor defines in Python (torch/_tensor.py), named as functions
_PYTHON_DUNDERS = {"__len__", "__iter__", "__reversed__", "__contains__", "__array__",
                   "__rsub__", "__rdiv__", "__rtruediv__", "__rpow__", "__floordiv__",
                   "__rfloordiv__", "__rmod__", "__rmatmul__", "__rlshift__", "__rrshift__",
                   "__dlpack__", "__dlpack_device__"}


def _refused(name):
    if name in _PYTHON_DUNDERS:
        what = f"<function Tensor.{name} at {hex(id(Tensor))}>"
    elif name.startswith("__"):
        op = name.strip("_")
        if op[:1] in "ri" and op[1:] in _OPERATOR_NAMES:
            op = op[1:]
        what = f"<method '{_OPERATOR_NAMES.get(op, op)}' of 'torch._C.TensorBase' objects>"
    else:
        what = f"<method '{name}' of 'torch._C.TensorBase' objects>"

    def refuse(self, *args, **kwargs):
        raise _uninitialized_error(what)
    refuse.__name__ = name
    return refuse


def _refuse_tensor_methods(mixin):
    """Every Tensor method but the allowed ones raises PyTorch's ValueError on a placeholder:
    `sum(p.numel() for p in lazy.parameters())` before the first forward is an error."""
    import inspect
    import types
    for name in dir(Tensor):
        if name in _ALLOWED_METHODS or name in mixin.__dict__ or name in _KEPT_DUNDERS:
            continue
        attr = inspect.getattr_static(Tensor, name)
        if isinstance(attr, (types.FunctionType, types.BuiltinFunctionType)) and \
                (not name.startswith("_") or name.startswith("__") and name.endswith("__")):
            setattr(mixin, name, _refused(name))


def is_lazy(param):
    """Whether `param` is an uninitialized placeholder of a lazy module."""
    return isinstance(param, UninitializedTensorMixin)


_refusing = []


def _placeholder(cls, requires_grad, device, dtype):
    """A new placeholder (the Tensor methods it refuses are installed at the first: Tensor's
    methods are bound after this module is imported)."""
    if not _refusing:
        _refuse_tensor_methods(UninitializedTensorMixin)
        _refusing.append(True)
    return _leaf_like(cls, _creation.empty(0, device=device, dtype=dtype), requires_grad)


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is not known yet (lazy modules)."""

    cls_to_become = Parameter

    def __new__(cls, requires_grad=True, device=None, dtype=None):
        return _placeholder(cls, requires_grad, device, dtype)

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.requires_grad, self.device, self.dtype)
        memo[id(self)] = result
        return result


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (lazy modules)."""

    cls_to_become = Tensor

    def __new__(cls, requires_grad=False, device=None, dtype=None):
        return _placeholder(cls, requires_grad, device, dtype)
