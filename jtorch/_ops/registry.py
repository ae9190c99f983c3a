"""One definition per op (DESIGN.md idea 1): `@op` registers a function once and it is bound as
`torch.X`, `Tensor.X` and, when PyTorch has one, the in-place `Tensor.X_`.

The in-place variant is derived: compute the out-of-place result, check it fits the tensor
(shape equal, dtype castable, as PyTorch checks), and write it into the same Python object.
Functions also accept PyTorch's `out=` keyword.
"""
import functools

FUNCTIONS = {}   # name -> callable exposed as torch.<name>
METHODS = {}     # name -> callable bound as Tensor.<name>


def op(*names, method=True, function=True, inplace=False, tensor_first=True):
    """Register `f` under `names` (default: its own name)."""

    def deco(f):
        for name in names or (f.__name__,):
            if function:
                FUNCTIONS[name] = _with_out(f)
            if method:
                METHODS[name] = f
            if inplace:
                METHODS[name + "_"] = make_inplace(f, name + "_")
        return f

    return deco


def make_inplace(f, name):
    @functools.wraps(f)
    def inplace(self, *args, **kwargs):
        return self._assign(f(self, *args, **kwargs), name)

    inplace.__name__ = name
    inplace.__doc__ = f"In-place version of :meth:`Tensor.{name[:-1]}`."
    return inplace


def _with_out(f):
    @functools.wraps(f)
    def fn(*args, out=None, **kwargs):
        result = f(*args, **kwargs)
        if out is None:
            return result
        if isinstance(out, (tuple, list)):
            for o, r in zip(out, result):
                _write_out(o, r)
            return out
        return _write_out(out, result)

    return fn


def _write_out(out, result):
    n = result._node()
    if n.dtype is not out.dtype:
        n = result.to(out.dtype)._node()
    if n.shape != out._nd.shape and out._base is None:
        from .. import _tensor
        _tensor.note_write(out)
        out._nd = n  # out= resizes, as PyTorch does for a resizable tensor
        out._vc[0] += 1
        return out
    out._set_node(n)
    return out
