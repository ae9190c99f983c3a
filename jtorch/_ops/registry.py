"""One definition per op (DESIGN.md idea 1): `@op` registers a function once and it is bound as
`torch.X`, `Tensor.X` and, when PyTorch has one, the in-place `Tensor.X_`.

The in-place variant is derived: compute the out-of-place result, check it fits the tensor
(shape equal, dtype castable, as PyTorch checks), and write it into the same Python object.
Functions also accept PyTorch's `out=` keyword.
"""
import functools
import inspect

FUNCTIONS = {}   # name -> callable exposed as torch.<name>
METHODS = {}     # name -> callable bound as Tensor.<name>


def op(*names, method=True, function=True, inplace=False, tensor_first=True):
    """Register `f` under `names` (default: its own name)."""

    def deco(f):
        g = _numpy_spellings(f)
        for name in names or (f.__name__,):
            if function:
                FUNCTIONS[name] = _with_out(g)
            if method:
                METHODS[name] = g
            if inplace:
                METHODS[name + "_"] = make_inplace(g, name + "_")
        return g   # (what the module re-exports, as torch.nn.functional does, takes them too)

    return deco


# PyTorch's argument parser takes NumPy's spellings of two keywords for every op that has them
_NUMPY_NAMES = (("axis", "dim"), ("keepdims", "keepdim"))


def unavailable(name, message):
    """A public function `name` that raises NotImplementedError(message): a PyTorch API jtorch
    cannot build on JAX (complex results, a missing factorisation), saying why."""
    def fn(*args, **kwargs):
        raise NotImplementedError(message)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{message} (raises NotImplementedError)"
    return fn


def _numpy_spellings(f):
    """`f`, also accepting `axis=` for its `dim` and `keepdims=` for its `keepdim` (as
    `torch.stack(ts, axis=0)`, `x.softmax(axis=1)`); `f` itself when it has neither or already
    names them."""
    try:
        params = inspect.signature(f).parameters
    except (TypeError, ValueError):
        return f
    aliases = tuple((a, n) for a, n in _NUMPY_NAMES if n in params and a not in params)
    if not aliases:
        return f

    @functools.wraps(f)
    def spelled(*args, **kwargs):
        if kwargs:
            for alias, name in aliases:
                if alias in kwargs:
                    if name in kwargs:   # (PyTorch's words for both spellings at once)
                        raise TypeError(f"{f.__name__}() got an unexpected keyword argument "
                                        f"'{alias}'")
                    kwargs[name] = kwargs.pop(alias)
        return f(*args, **kwargs)

    return spelled


def make_inplace(f, name):
    @functools.wraps(f)
    def inplace(self, *args, **kwargs):
        return self._assign(f(self, *args, **kwargs), name)

    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name[:-1]}`."
    return inplace


def _with_out(f):
    # elementwise ops run through PyTorch's TensorIterator, which refuses an `out=` tensor of a
    # lower category than the result (float into long); reductions and others cast freely
    elementwise = f.__module__ == "jtorch._ops.elementwise"

    @functools.wraps(f)
    def fn(*args, out=None, **kwargs):
        result = f(*args, **kwargs)
        if out is None:
            return result
        if isinstance(out, (tuple, list)):
            for o, r in zip(out, result):
                _write_out(o, r, elementwise)
            return out
        return _write_out(out, result, elementwise)

    return fn


def _write_out(out, result, check_cast=False):
    n = result._node()
    if n.dtype is not out.dtype:
        from .. import _dtype
        if check_cast and not _dtype.can_cast(n.dtype, out.dtype):
            raise RuntimeError(f"result type {_dtype.c10_name(n.dtype)} can't be cast to the "
                               f"desired output type {_dtype.c10_name(out.dtype)}")
        n = result.to(out.dtype)._node()
    if n.shape != out._nd.shape and out._base is None:
        from .. import _tensor
        _tensor.note_write(out)
        out._nd = n  # out= resizes, as PyTorch does for a resizable tensor
        out._vc[0] += 1
        return out
    out._set_node(n)
    return out
