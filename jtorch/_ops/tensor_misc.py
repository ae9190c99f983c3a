"""Tensor methods whose answer is fixed on jtorch: memory placement (pin_memory, share_memory_),
PyTorch's complex-number API on real tensors (jtorch has no complex dtypes: conj and real are
the tensor itself, imag raises as PyTorch does for a real tensor), the legacy `Tensor.new`,
post-accumulate-grad hooks, and torch.fill / torch.zero_ / torch.scalar_tensor."""
import jax.numpy as jnp
import numpy as np

from .. import _dtype, _layouts
from .._size import Size
from .dispatch import Tensor, record
from .registry import FUNCTIONS, METHODS, op
from .signatures import parsed


# ---- memory placement -------------------------------------------------------------------------
@op("pin_memory", function=False)
def pin_memory(self, device=None):
    """A copy in page-locked host memory for fast GPU transfers. JAX manages host buffers
    itself, so this is a new Tensor with the same value; like PyTorch it needs an accelerator."""
    from .. import cuda
    if not cuda.is_available():
        raise RuntimeError("Cannot access accelerator device when none is available.")
    return Tensor._from_node(self._node())


@op("is_pinned", function=False)
def is_pinned(self, device=None):
    """False: jtorch never exposes page-locked host memory."""
    return False


def _storage_root(t):
    """The tensor whose buffer `t` views (itself when it is not a view)."""
    return t._base if t._base is not None else t


@op("share_memory_", function=False)
def share_memory_(self):
    """Marks the storage as shared and returns self (nothing moves: jtorch's worker processes
    receive tensors by value); `is_shared()` is then True for it and every view of it."""
    _storage_root(self)._shared_storage = True
    return self


@op("is_shared", function=False)
def is_shared(self):
    """Whether `share_memory_()` was called on this tensor's storage (PyTorch's answer for CPU
    tensors)."""
    return getattr(_storage_root(self), "_shared_storage", False)


# ---- complex-number API on real tensors -----------------------------------------------------
def _self(input):
    """The tensor itself (PyTorch returns `input` for a real tensor)."""
    return input


for _name in ("conj", "resolve_conj", "resolve_neg", "conj_physical"):
    op(_name)(_self)


@op("is_conj")
def is_conj(input):
    return False


@op("is_neg")
def is_neg(input):
    return False


@op("real", method=False)
def real(input):
    """torch.real: a real tensor is its own real part."""
    return input


def _imag_error(*_):
    raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")


op("imag", method=False)(_imag_error)
Tensor.real = property(_self)
Tensor.imag = property(_imag_error)


def _angle_kernel(a, *, dt):
    x = a.astype(dt)
    return jnp.where(x < 0, jnp.asarray(np.pi, dt), jnp.where(jnp.isnan(x), x, jnp.zeros((), dt)))


@op("angle")
def angle(input):
    """torch.angle of a real tensor: pi where negative, NaN where NaN, else 0 (integers and
    bools give the default float dtype)."""
    dt = input.dtype if input.dtype.is_floating_point else _dtype.get_default_dtype()
    return record(_angle_kernel, (input,), (("dt", dt.np),), name="angle")


# ---- the legacy constructor -------------------------------------------------------------------
@op("new", function=False)
def new(self, *args, device=None):
    """Tensor.new: `new()` is empty, `new(2, 3)` / `new(torch.Size)` a tensor of that size,
    `new(data)` a tensor of `data` in self's dtype, `new(tensor)` that tensor (same dtype)."""
    from .. import _creation
    dev = device or self.device
    if not args:
        return _creation.empty(0, dtype=self.dtype, device=dev)
    if len(args) == 1 and isinstance(args[0], Tensor):
        t = args[0]
        if t.dtype is not self.dtype:
            raise TypeError(f"expected {self.dtype._legacy[:-6]} (got {t.dtype._legacy[:-6]})")
        return t
    if len(args) == 1 and not isinstance(args[0], Size) and \
            isinstance(args[0], (list, tuple, np.ndarray)):
        return _creation.tensor(args[0], dtype=self.dtype, device=dev)
    if len(args) == 1 and isinstance(args[0], Size):
        args = tuple(args[0])
    return _creation.empty(*args, dtype=self.dtype, device=dev)


Tensor.layout = property(lambda self: _layouts.strided)
Tensor.output_nr = property(lambda self: self._nd.output_nr if self._rg else 0)
Tensor.name = None


# ---- post-accumulate-grad hooks -----------------------------------------------------------------
class _PostAccumulateHandle:
    def __init__(self, hooks, hook):
        self.hooks, self.hook = hooks, hook

    def remove(self):
        if self.hook in self.hooks:
            self.hooks.remove(self.hook)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


@op("register_post_accumulate_grad_hook", function=False)
def register_post_accumulate_grad_hook(self, hook):
    """hook(tensor) runs after backward() has accumulated into this leaf's .grad."""
    if not self._rg:
        raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
    if not self.is_leaf:
        raise RuntimeError("post accumulate grad hooks cannot be registered on non-leaf "
                           "tensors")
    hooks = self.__dict__.setdefault("_post_accumulate_hooks", [])
    hooks.append(hook)
    return _PostAccumulateHandle(hooks, hook)


# ---- torch.fill / torch.zero_ / torch.scalar_tensor -----------------------------------------
@op("fill", method=False)
@parsed("Tensor input, Tensor value", "Tensor input, Number value", function=True)
def fill(input, value):
    """torch.fill: a new tensor of input's shape and dtype filled with a scalar or 0-d tensor."""
    return METHODS["fill_"](input.clone(), value)


FUNCTIONS["zero_"] = METHODS["zero_"]
FUNCTIONS["fill_"] = METHODS["fill_"]


@op("scalar_tensor", method=False)
def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=False,
                  requires_grad=False):
    """torch.scalar_tensor: a 0-d tensor of `s`, float (the default dtype) unless `dtype`."""
    from .. import _creation
    return _creation.tensor(s, dtype=dtype or _dtype.get_default_dtype(), device=device,
                            requires_grad=requires_grad)
