"""dtype and device conversion, copies and detaching: to, type, float/long/..., clone, detach."""
import jax.numpy as jnp
import numpy as np

from .. import _device, _dtype
from .dispatch import record, Tensor as _unused  # noqa: F401
from . import dispatch
from .registry import op
from .signatures import parsed
from . import views
from .views import read


def float_to_int(a, npdt):
    """Float -> integer conversion as PyTorch on x86 CPU: truncate; NaN and values out of range
    become INT64_MIN (int64) or INT32_MIN (narrower types, converted through int32 and
    wrapped), where jnp's astype saturates."""
    npdt = jnp.dtype(npdt)
    x = jnp.trunc(a.astype(jnp.float32) if a.dtype.itemsize < 4 else a)
    wide = npdt == jnp.int64 or npdt == jnp.uint64
    bits = 63 if wide else 31
    lo = jnp.asarray(-2.0 ** bits, x.dtype)
    ok = (x >= lo) & (x < -lo)
    it = jnp.int64 if wide else jnp.int32
    r = jnp.where(ok, jnp.where(ok, x, jnp.zeros((), x.dtype)).astype(it),
                  jnp.asarray(jnp.iinfo(it).min, it))
    return r.astype(npdt)


def _cast(a, *, dt):
    if (jnp.issubdtype(a.dtype, jnp.floating) and jnp.issubdtype(dt.np, jnp.integer)):
        return float_to_int(a, dt.np)
    return a.astype(dt.np)


def cast(t, dt):
    """t converted to dtype `dt` (t itself when it already has it)."""
    if t.dtype is dt:
        return t
    return record(_cast, (t,), (("dt", dt),), name="to", gname="ToCopyBackward0")


def _copy(a):
    return jnp.copy(a)


@op("clone")
def clone(input, *, memory_format=None):
    """A copy that does not alias input (a new node, so later writes to input don't show)."""
    return record(_copy, (input,), name="clone")


DETACHED = ("alias", "detach")  # the view step of detach()/.data: writes through it bypass autograd


@op("detach", function=True)
def detach(input):
    """A view of input's value that does not require grad (shares writes, as in PyTorch)."""
    return input._make_view(DETACHED, node=input._node(), detach=True)


_DETACH_VIEW = (
    "Can't detach views in-place. Use detach() instead. If you are using DistributedDataParallel "
    "(DDP) for training, and gradient_as_bucket_view is set as True, gradients are views of DDP "
    "buckets, and hence detach_() cannot be called on these gradients. To fix this error, "
    "please refer to the Optimizer.zero_grad() function in torch/optim/optimizer.py as the "
    "solution.")


@op("detach_", function=False)
def detach_(input):
    if input._is_view():   # (detach() and .data are not views, as in PyTorch)
        raise RuntimeError(_DETACH_VIEW)
    if input._node().grad_fn is not None:
        input._nd = record(views.read, (input._nd,), (("steps", ()),), name="detach",
                           wrap=False)  # the same value without history
    input._rg = False
    return input


def _parse_to(args, kwargs):
    from .._device import device as Device
    dtype = kwargs.pop("dtype", None)
    device = kwargs.pop("device", None)
    copy = kwargs.pop("copy", False)
    kwargs.pop("non_blocking", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument '{next(iter(kwargs))}'")
    for a in args:
        if isinstance(a, dispatch.Tensor):
            dtype, device = a.dtype, a.device
        elif isinstance(a, _dtype.dtype) or a in (float, int, bool):
            dtype = a
        elif isinstance(a, (str, Device, int)) and not isinstance(a, bool):
            device = a
        elif isinstance(a, bool) or a is None:
            pass  # non_blocking positional; None changes nothing (as in PyTorch)
        else:
            raise TypeError(f"to() received an invalid combination of arguments - got "
                            f"({type(a).__name__})")
    return (None if dtype is None else _dtype.to_dtype(dtype)), device, copy


def _put(a, *, dev):
    """A device copy inside a program: the executor hands every program its inputs on the
    program's own device (copying those from another), so here the value passes through."""
    return a


@op("to", function=False)
def to(self, *args, **kwargs):
    """Tensor.to(dtype | device | tensor, copy=False): self when nothing changes, as PyTorch."""
    from .._device import to_jax
    dtype, device, copy = _parse_to(args, dict(kwargs))
    out = self
    if device is not None:
        jdev = to_jax(device)
        if jdev is not self._nd.device:
            out = record(_put, (out,), (("dev", jdev),), name="to_device", device=jdev,
                         gname="ToCopyBackward0")
            if out._rg:   # a device copy is a region boundary: backward() looks for them
                from ..autograd.graph import note_special
                note_special()
    if dtype is not None and dtype is not out.dtype:
        out = cast(out, dtype)
    if copy and out is self:
        out = clone(self)
    return out


@op("cpu", function=False)
def cpu(self, memory_format=None):
    return to(self, "cpu")


@op("cuda", function=False)
def cuda(self, device=None, non_blocking=False, memory_format=None):
    """Tensor.cuda(device): a bare index names the current accelerator (so without one it raises
    PyTorch's accelerator error), and a device of another type is refused."""
    if device is None:
        return to(self, "cuda")
    if not isinstance(device, (str, int, np.integer, _device.device)) or isinstance(device, bool):
        raise TypeError(f"cuda(): argument 'device' (position 1) must be torch.device, not "
                        f"{type(device).__name__}")
    dev = _device.device(device)
    if dev.type != "cuda":
        raise RuntimeError("Invalid device, must be cuda device")
    return to(self, dev)


def _as(dt):
    def method(self, memory_format=None):
        return cast(self, dt)
    return method


for _name, _dt in [("float", _dtype.float32), ("double", _dtype.float64),
                   ("half", _dtype.float16), ("bfloat16", _dtype.bfloat16),
                   ("long", _dtype.int64), ("int", _dtype.int32), ("short", _dtype.int16),
                   ("char", _dtype.int8), ("byte", _dtype.uint8), ("bool", _dtype.bool_)]:
    op(_name, function=False)(_as(_dt))


@op("type", function=False)
def type_(self, dtype=None, non_blocking=False, **kwargs):
    """Tensor.type(): 'torch.FloatTensor'; Tensor.type(t) converts to a dtype, a legacy type
    object or its name."""
    if dtype is None:
        prefix = "torch.cuda." if self.is_cuda else "torch."
        return prefix + self.dtype._legacy
    if isinstance(dtype, str):
        cuda = dtype.startswith("torch.cuda.")
        name = dtype.rsplit(".", 1)[-1]
        if name not in _dtype.BY_LEGACY:
            raise ValueError(f"invalid type: '{dtype}'")
        out = cast(self, _dtype.BY_LEGACY[name])
        return out.cuda() if cuda else out
    if hasattr(dtype, "is_cuda") and hasattr(dtype, "dtype") and isinstance(dtype, type):
        out = cast(self, dtype.dtype)
        return out.cuda() if dtype.is_cuda else out
    return cast(self, _dtype.to_dtype(dtype))


@op("type_as", function=False)
def type_as(self, other):
    return cast(self, other.dtype)


@op("contiguous", function=False)
def contiguous(self, memory_format=None):
    """self when already contiguous, else a contiguous copy."""
    if self.is_contiguous():
        return self
    return clone(self)


@op("copy_", function=False)
def copy_(self, src, non_blocking=False):
    """Copy src (broadcast, any dtype) into self, in place."""
    from .shape import expand
    from .elementwise import is_tensor
    if not is_tensor(src):
        src = dispatch.Tensor._from_node(dispatch.node_of(_scalar_tensor(src, self)))
    if src.device != self.device:
        src = to(src, self.device)
    if tuple(src.shape) != tuple(self.shape):
        from .elementwise import broadcast_shapes_cached
        shape = broadcast_shapes_cached(tuple(self.shape), tuple(src.shape))
        if shape != tuple(self.shape):
            raise RuntimeError(f"output with shape {list(self.shape)} doesn't match the "
                               f"broadcast shape {list(shape)}")
        src = expand(src, *self.shape)
    return self._set_node(cast(src, self.dtype)._node()) or self


def _scalar_tensor(x, like):
    from .._creation import full
    return full((), x, dtype=like.dtype)


@op("requires_grad_", function=False)
def requires_grad_(self, requires_grad=True):
    if requires_grad and not (self.dtype.is_floating_point):
        raise RuntimeError("only Tensors of floating point dtype can require gradients")
    if not requires_grad and not self.is_leaf:
        raise RuntimeError("you can only change requires_grad flags of leaf variables. If you "
                           "want to use a computed variable in a subgraph that doesn't require "
                           "differentiation use var_no_grad = var.detach().")
    self.requires_grad = requires_grad
    return self


__all__ = ["cast", "clone", "detach", "to", "read"]


def _fill_kernel(a, value):
    return jnp.full(a.shape, value, a.dtype)


@op("fill_", function=False)
@parsed("Tensor input, Tensor value", "Tensor input, Number value", function=False)
def fill_(self, value):
    """Fill with a scalar or a 0-d tensor, in place."""
    if isinstance(value, dispatch.Tensor):
        if value.dim() != 0:
            raise RuntimeError(f"fill_ only supports 0-dimension value tensor but got tensor "
                               f"with {value.dim()} dimensions.")
        value = cast(value, self.dtype)
    elif isinstance(value, (int, float, complex)):
        from .elementwise import check_scalar_fits, real_scalar, _scalar
        value = real_scalar(_scalar(value), self.dtype)
        if self.numel() != 1 or not self.dtype.is_floating_point or self.dtype.itemsize != 2:
            # (a one-element half/bfloat16 tensor is filled unchecked, as in PyTorch)
            check_scalar_fits(value, self.dtype, bfloat16_too=True)
    self._set_node(record(_fill_kernel, (self, value), name="fill_")._node())
    return self


@op("zero_", function=False)
def zero_(self):
    return fill_(self, 0)
