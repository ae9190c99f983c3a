"""The Tensor: a mutable box whose value is a graph node (DESIGN.md ideas 3 and 6).

A Tensor holds `_nd`, a pending or materialised Node. In-place ops give the box a new node and
keep the Python object. A view keeps its root base and the chain of view steps from it: a write
through the view is scattered into the base (bumping the shared version counter), and a view
whose base changed re-reads itself from the base before its value is used.

Operators and most methods are bound onto this class from the op definitions (jtorch._ops).
"""
import warnings
import sys as _sys
import weakref
import numpy as np

from . import _dtype
from ._size import Size
from ._runtime import graph, executor
from ._ops import dispatch, views
from ._ops.signatures import parsed


class _RemovableHandle:
    def __init__(self, owner, hook):
        self.owner, self.hook = owner, hook

    def remove(self):
        if self.owner.hooks and self.hook in self.owner.hooks:
            self.owner.hooks.remove(self.hook)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


_RemovableHandle.__name__ = _RemovableHandle.__qualname__ = "RemovableHandle"
_RemovableHandle.__module__ = "torch.utils.hooks"

_DETACHED = ("alias", "detach")


def _move_retain(t, old, new):
    """retain_grad() follows a tensor written in place: its .grad is the gradient of its new
    value (PyTorch moves the retains-grad hook to the new grad_fn)."""
    if old is new or new is None:
        return
    if old is not None and old.retained:
        old.retained = tuple(r for r in old.retained if r() is not t)
    new.retained = (new.retained or ()) + (_weakref(t),)


def _view_grad_name(step):
    kind = step[0]
    if kind == "index":
        if any(type(i) is int for i in step[1]):
            return "SelectBackward0"
        if any(i is None for i in step[1]):
            return "UnsqueezeBackward0"
        return "SliceBackward0"
    return {"reshape": "ViewBackward0", "permute": "PermuteBackward0",
            "expand": "ExpandBackward0", "diagonal": "DiagonalBackward0",
            "alias": "AliasBackward0"}.get(kind, "ViewBackward0")


def _autograd():
    return _sys.modules["jtorch.autograd"]   # (imported after this module)


_new = object.__new__
_track = graph.track
write_log = None  # a list while the compile layer captures a Module call
_weakref = weakref.ref


def note_write(box):
    """Log a box whose value is about to be replaced (while a Module call is captured)."""
    if write_log is not None:
        write_log.append((_weakref(box), box._nd))


_warned_float = []
inference_made = [0]   # 1 once any tensor was made under inference_mode (autograd checks then)


class Tensor:
    """A PyTorch tensor on JAX."""

    __module__ = "torch"   # `type(t)` prints <class 'torch.Tensor'> (pickles use _rebuild)
    __slots__ = ("_nd", "_vc", "__weakref__", "__dict__")
    # rarely-set state lives in the instance dict only once set: creating a Tensor is cheap
    _base = None          # the root base of a view
    _view = ()            # view steps from the base
    _bver = 0             # base version this view's node was read at
    _rg = False           # requires_grad (read directly by the hot recording path)
    _grad = None
    _retains_grad = False
    __array_priority__ = 1000  # numpy defers to Tensor's reflected operators, as in PyTorch

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def _from_node(cls, node):
        t = _new(cls)
        t._nd = node
        t._vc = [0]
        if node.value is None:
            _track(t)
        if dispatch.grad_state.inference:
            t.__dict__["_inference"] = True   # made under inference_mode (Tensor.is_inference)
            inference_made[0] = 1
        return t

    @classmethod
    def _from_array(cls, array, device=None):
        return cls._from_node(graph.leaf(array, device))

    def __new__(cls, *args, **kwargs):
        from . import _creation
        return _creation.legacy_constructor(cls, args, kwargs)

    # ---- value and views ----------------------------------------------------------------
    def _node(self):
        """The current node; a view whose base was written re-reads itself from the base."""
        b = self._base
        if b is not None and self._bver != b._vc[0]:
            state = dispatch.grad_state
            saved = state.enabled
            if _DETACHED in self._view:   # detach()/.data: the value, never the base's history
                state.enabled = False
            try:
                self._nd = dispatch.record(views.read, (b,), (("steps", self._view),),
                                           name="view", wrap=False)
            finally:
                state.enabled = saved
            self._bver = b._vc[0]
            if self._nd.value is None:
                graph.track(self)
        return self._nd

    def _array(self):
        """The concrete jax.Array (a sync point if pending)."""
        n = self._node()
        if n.value is None:
            executor.sync(self)
        elif executor.deferred_checks:   # a GPU step's value checks: raised before a read
            executor.check_deferred()
        return n.value

    def _host(self):
        """The value as a NumPy array (a sync point if pending)."""
        return executor.host(self._array())

    def _make_view(self, step, node=None, gname=None, detach=False):
        """A view of self through one more view step (`node` given: an alias of self's value).

        A view of a tensor that requires grad gets its own GradFn (`gname`, PyTorch's name)."""
        root = self._base if self._base is not None else self
        if node is not None and self._rg and dispatch.grad_state.enabled and not detach:
            node = None  # an alias that requires grad is a new non-leaf: record it
        if node is None:
            node = dispatch.record(views.read, (self,), (("steps", (step,)),), name="view",
                                   wrap=False, gname=gname or _view_grad_name(step))
        v = Tensor._from_node(node)
        if node.grad_fn is not None and not detach:
            v._rg = True
        v._base = root
        v._view = self._view + (step,)
        v._vc = root._vc
        v._bver = root._vc[0]
        return v

    def _set_node(self, node):
        """Give this box a new value (an in-place write); writes through views into the base.

        As in PyTorch, a leaf that requires grad (or a view of one) cannot be written in place
        while grad mode is on; a write of a value that requires grad makes the tensor a
        non-leaf with that value's history."""
        root = self._base
        if write_log is not None:  # a Module call is being captured: note state writes
            note_write(self if root is None else root)
        detached = root is not None and _DETACHED in self._view
        if dispatch.grad_state.enabled and not detached:
            if root is None and self._rg and self._nd.grad_fn is None:
                raise RuntimeError("a leaf Variable that requires grad is being used in an "
                                   "in-place operation.")
            if root is not None and root._rg and root._nd.grad_fn is None:
                raise RuntimeError("a view of a leaf Variable that requires grad is being used "
                                   "in an in-place operation.")
        if root is not None:
            if detached:  # a write through detach()/.data changes the value, not the history
                saved, dispatch.grad_state.enabled = dispatch.grad_state.enabled, False
            new_base = dispatch.record(views.write, (root, node), (("steps", self._view),),
                                       name="view_write", wrap=False, gname="CopySlices")
            if detached:
                dispatch.grad_state.enabled = saved
                # the base keeps its history (`z.data.mul_(2)` on a non-leaf `z`): only its
                # value changed, and the version counter tells backward if that matters
                new_base.grad_fn, new_base.output_nr = root._nd.grad_fn, root._nd.output_nr
            new_base.prev_id = id(root._nd)
            root._nd = new_base
            if new_base.grad_fn is not None:
                root._rg = True
            if new_base.value is None:
                graph.track(root)
            root._vc[0] += 1
            self._bver = root._vc[0]
        else:
            self._vc[0] += 1
            node.prev_id = id(self._nd)
        if self._retains_grad:
            _move_retain(self, self._nd.grad_fn, node.grad_fn)
        self._nd = node
        fn = node.grad_fn
        if fn is not None:
            self._rg = True
            if fn.saved:  # an in-place op saved the value it overwrote, not this new version
                vc = self._vc
                fn.saved = tuple((c, vc[0], n, r) if c is vc else (c, v, n, r)
                                 for c, v, n, r in fn.saved)
        if node.value is None:
            graph.track(self)

    def _assign(self, other, op_name="copy_"):
        """In-place result assignment with PyTorch's checks (shape and cast)."""
        n = other._node()
        if n.shape != self._nd.shape:
            raise RuntimeError(f"output with shape {list(self._nd.shape)} doesn't match the "
                               f"broadcast shape {list(n.shape)}")
        if n.dtype is not self._nd.dtype:
            if not _dtype.can_cast(n.dtype, self._nd.dtype):
                raise RuntimeError(f"result type {_c10_name(n.dtype)} can't be cast to the "
                                   f"desired output type {_c10_name(self._nd.dtype)}")
            n = other.to(self._nd.dtype)._node()
        self._set_node(n)
        return self

    # ---- attributes ---------------------------------------------------------------------
    @property
    def shape(self):
        return Size(self._nd.shape)

    @parsed("Tensor input, int dim = None", function=False)
    def size(self, dim=None):
        if dim is None:
            return Size(self._nd.shape)
        if not self._nd.shape:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return self._nd.shape[_wrap_dim(dim, len(self._nd.shape))]

    @property
    def dtype(self):
        return self._nd.dtype

    @property
    def ndim(self):
        return len(self._nd.shape)

    def dim(self):
        return len(self._nd.shape)

    ndimension = dim

    def numel(self):
        n = 1
        for d in self._nd.shape:
            n *= d
        return n

    nelement = numel

    def element_size(self):
        return self._nd.dtype.itemsize

    @property
    def itemsize(self):
        return self._nd.dtype.itemsize

    @property
    def nbytes(self):
        return self.numel() * self._nd.dtype.itemsize

    @property
    def device(self):
        from ._device import from_jax
        return from_jax(self._nd.device)

    @property
    def is_cuda(self):
        return self._nd.device.platform != "cpu"

    is_cpu = property(lambda self: self._nd.device.platform == "cpu")
    is_sparse = False
    is_quantized = False
    is_meta = False
    is_complex = lambda self: False  # noqa: E731

    def is_floating_point(self):
        return self._nd.dtype.is_floating_point

    def get_device(self):
        return -1 if self._nd.device.platform == "cpu" else self.device.index

    # ---- autograd ---------------------------------------------------------------------
    @property
    def requires_grad(self):
        return self._rg

    @requires_grad.setter
    def requires_grad(self, value):
        value = bool(value)
        if value and not self._nd.dtype.is_floating_point:
            raise RuntimeError("only Tensors of floating point and complex dtype can require "
                               "gradients")
        if value and "_inference" in self.__dict__ and not dispatch.grad_state.inference:
            raise RuntimeError("Setting requires_grad=True on inference tensor outside "
                               "InferenceMode is not allowed.")
        if not value and self._rg and self._node().grad_fn is not None:
            raise RuntimeError("you can only change requires_grad flags of leaf variables. If "
                               "you want to use a computed variable in a subgraph that doesn't "
                               "require differentiation use var_no_grad = var.detach().")
        self._rg = value

    @property
    def is_leaf(self):
        return not self._rg or self._node().grad_fn is None

    @property
    def grad_fn(self):
        return self._node().grad_fn if self._rg else None

    @property
    def grad(self):
        if self._grad is None and self._rg and not self._retains_grad and not self.is_leaf:
            import warnings
            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. "
                "Its .grad attribute won't be populated during autograd.backward(). If you "
                "indeed want the .grad field to be populated for a non-leaf Tensor, use "
                ".retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
                "mistake, make sure you access the leaf Tensor instead. See "
                "github.com/pytorch/pytorch/pull/30531 for more information.", UserWarning,
                stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value):
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(f"assigned grad expected to be a Tensor or None but got grad "
                                f"of type {type(value).__name__}")
            if tuple(value.shape) != tuple(self.shape):
                raise RuntimeError(f"attempting to assign a gradient of size "
                                   f"'{list(value.shape)}' to a tensor of size "
                                   f"'{list(self.shape)}'. Please ensure that the gradient and "
                                   "the tensor are the same size")
            if value.dtype is not self.dtype:
                from ._ops.linalg import _CPP
                cpp = _CPP.get(value.dtype.name, f"c10::complex<"
                               f"{'float' if value.dtype.name == 'complex64' else 'double'}>")
                c10 = _C10.get(self.dtype.name, self.dtype.name)
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{cpp}' to a tensor with "
                    f"grad_dtype '{c10}'. The gradient must match the tensor's grad_dtype "
                    "(defaults to the tensor's dtype). You can set the tensor's grad_dtype "
                    "attribute with a specific dtype, or None to allow any dtype. Set grad_dtype "
                    "with caution. Diverging the dtypes of a tensor and its gradient may break "
                    "downstream systems that assume they match.")
        self._grad = value

    @grad.deleter
    def grad(self):
        self._grad = None

    @property
    def retains_grad(self):
        return self._retains_grad

    def retain_grad(self):
        """Populate .grad of this non-leaf tensor during backward."""
        if not self._rg:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        fn = self._node().grad_fn
        if fn is None or self._retains_grad:
            return
        graph.note_capture_break("it calls retain_grad()")
        import weakref
        from .autograd.graph import note_special
        note_special()
        fn.retained = (fn.retained or ()) + (weakref.ref(self),)
        self._retains_grad = True

    def register_hook(self, hook):
        """Call hook(grad) when this tensor's gradient is computed; a returned tensor replaces
        the gradient. Returns a handle with remove()."""
        if not self._rg:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require "
                               "gradient")
        from .autograd.graph import accumulate_of, note_special
        graph.note_capture_break("it registers a tensor hook")
        fn = self._node().grad_fn
        if fn is not None:
            note_special()
        owner = fn if fn is not None else accumulate_of(self)
        owner.hooks = list(owner.hooks or ()) + [hook]
        return _RemovableHandle(owner, hook)

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        """Accumulate d(self)/d(leaf) into each leaf's .grad — recorded, not run: the gradients
        are pending until observed or until the next sync point."""
        _autograd().backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    @property
    def _version(self):
        return self._vc[0]

    @property
    def _is_view_(self):
        return self._base is not None

    def _is_view(self):
        # (detach() and .data share the source's values but are not views in PyTorch)
        return self._base is not None and any(step != _DETACHED for step in self._view)

    @parsed("Tensor input, int dim = None", function=False)
    def stride(self, dim=None):
        st = self._strides()[0]
        if dim is None:
            return st
        if not st:
            raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
        return st[_wrap_dim(dim, len(st))]

    def storage_offset(self):
        return self._strides()[1]

    def _strides(self):
        if self._base is None:
            return views.contiguous_strides(self._nd.shape), 0
        return views.strides(self._base._nd.shape, self._view)

    def is_contiguous(self, memory_format=None):
        if self.numel() == 0:
            return True
        return views.is_contiguous(self._nd.shape, self._strides()[0])

    def data_ptr(self):
        return id(self._base if self._base is not None else self)

    def untyped_storage(self):
        raise NotImplementedError("jtorch tensors have no storage object: JAX arrays are "
                                  "immutable buffers (see README, Differences from PyTorch)")

    # ---- conversions (sync points) ------------------------------------------------------
    def item(self):
        if self.numel() != 1:
            raise RuntimeError(f"a Tensor with {self.numel()} elements cannot be converted to "
                               "Scalar")
        return self._host().reshape(()).item()

    def tolist(self):
        a = self._host()
        if a.dtype == _dtype.bfloat16.np:
            a = a.astype(np.float32)
        return a.tolist()

    def numpy(self, *, force=False):
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use "
                               "tensor.detach().numpy() instead.")
        if self.is_cuda and not force:
            raise TypeError("can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() "
                            "to copy the tensor to host memory first.")
        if self._nd.dtype is _dtype.bfloat16:   # (NumPy has no bfloat16 of its own)
            raise TypeError("Got unsupported ScalarType BFloat16")
        return np.array(self._host())

    def __array__(self, dtype=None, copy=None):
        a = self._host()
        return a if dtype is None else a.astype(dtype)

    def __array_wrap__(self, array, context=None, return_scalar=False):
        """A NumPy ufunc's result on a tensor (`np.sin(t)`, `t * ndarray` computed by NumPy)
        comes back as a tensor, as in PyTorch, which returns bool results as uint8."""
        if array.dtype == np.bool_:
            array = array.astype(np.uint8)
        from ._creation import from_numpy
        return from_numpy(np.asarray(array))

    def __jax_array__(self):
        return self._array()

    def jax(self):
        """The value as a jax.Array (zero-copy; a sync point if pending)."""
        return self._array()

    def __dlpack__(self, *args, **kwargs):
        return self._array().__dlpack__(*args, **kwargs)

    def __dlpack_device__(self):
        return self._array().__dlpack_device__()

    def __bool__(self):
        n = self.numel()
        if n != 1:
            raise RuntimeError("Boolean value of Tensor with "
                               f"{'no values' if n == 0 else 'more than one value'} is ambiguous")
        return bool(self.item())

    def __float__(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        if self._rg and not _warned_float:   # PyTorch warns once per process (float() only)
            _warned_float.append(True)
            warnings.warn("Converting a tensor with requires_grad=True to a scalar may lead to "
                          "unexpected behavior.\nConsider using tensor.detach() first.",
                          UserWarning, stacklevel=2)
        return float(self.item())

    def __int__(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return int(self.item())

    def __complex__(self):
        if self.numel() != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")
        return complex(self.item())

    def __index__(self):
        if self._nd.dtype.is_floating_point or self._nd.dtype is _dtype.bool_ or \
                self.numel() != 1:
            raise TypeError("only integer tensors of a single element can be converted to an "
                            "index")
        return int(self.item())

    def __len__(self):
        if not self._nd.shape:
            raise TypeError("len() of a 0-d tensor")
        return self._nd.shape[0]

    def __iter__(self):
        if not self._nd.shape:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    __hash__ = object.__hash__

    def __reversed__(self):
        return self.flip(0)

    def __contains__(self, element):
        return bool((element == self).any())  # PyTorch's operand order (in error messages)

    def __repr__(self, *, tensor_contents=None):
        from . import _tensor_str
        return _tensor_str.tensor_repr(self)

    __str__ = __repr__

    def __format__(self, spec):
        if self.dim() == 0 and type(self) is Tensor:
            return self.item().__format__(spec)
        if spec:
            raise TypeError("unsupported format string passed to Tensor.__format__")
        return repr(self)

    def __reduce_ex__(self, proto):
        a = self._host()
        return (_rebuild, (a, self.requires_grad))

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        t = self.detach().clone()
        t._rg = self._rg
        if self._grad is not None:
            t._grad = self._grad.detach().clone()
        if hasattr(self, "__dict__"):
            import copy
            for k, v in self.__dict__.items():
                t.__dict__[k] = copy.deepcopy(v, memo)
        memo[id(self)] = t
        return t


def _rebuild(array, requires_grad):
    from ._creation import tensor
    return tensor(array, requires_grad=requires_grad)


_C10 = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
        "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
        "bool": "Bool"}


def _c10_name(d):
    return _C10[d.name]


def _wrap_dim(dim, ndim):
    """PyTorch's dim wrapping: -1 is the last dim; 0-d tensors accept 0 and -1."""
    if type(dim) is not int:
        if isinstance(dim, (str, bool)) or not hasattr(dim, "__index__"):
            raise TypeError("dim must be an int")   # (size/stride's signature names it)
        dim = dim.__index__()
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim + n if dim < 0 else dim


dispatch.Tensor = Tensor
