"""PyTorch's argument-parser TypeErrors, found from an op's signatures.

PyTorch checks each call of a native op against its signatures (the ones its error messages
list) and raises a TypeError that names the offending argument ("sum(): argument 'keepdim'
(position 2) must be bool, not int") or, when no single signature fits, lists them all ("sum()
received an invalid combination of arguments - got (float), but expected one of: ...").

An op decorated with `@parsed(...)` keeps its own cheap checks; when it raises a TypeError (a
bad argument type anywhere inside it), the call is matched against the signatures here and
PyTorch's error replaces it. When the signatures accept the call, the op's own error stands.
Nothing here runs on a call that succeeds.

Signatures are written as PyTorch prints them for `torch.X` (with `Tensor input` first and
`Tensor out = None`); the `Tensor.X` method form drops both, and positions and the "got"
list then leave out `self`, as PyTorch's do.
"""
import functools
import os
import sys

import numpy as np

from .. import _dtype
from . import registry

_NUMPY_INT = (int, np.integer)
_NUMPY_BOOL = (bool, np.bool_)


class _Param:
    __slots__ = ("type", "shown", "name", "optional", "kwonly", "none_ok")

    def __init__(self, text, kwonly):
        decl, _, default = text.partition(" = ")
        self.type, _, self.name = decl.rpartition(" ")
        self.shown = _SHOWN.get(self.type, self.type)
        self.optional = bool(default)
        self.none_ok = default == "None"
        self.kwonly = kwonly


# "int[]" is an int list that takes no bare int (PyTorch's int[] without a size); PyTorch
# prints it, like int[1] (which takes one), as "tuple of ints"
_SHOWN = {"int[]": "tuple of ints"}


class Signature:
    """One overload, parsed from PyTorch's printed form (with "int[]" as above)."""

    def __init__(self, text):
        self.source = text
        self.text = text.replace("int[] ", "tuple of ints ")
        self.params = []
        kwonly = False
        for part in _split(text):
            if part == "*":
                kwonly = True
            else:
                self.params.append(_Param(part, kwonly))
        self.min_args = sum(not p.optional for p in self.params)
        self.max_pos = sum(not p.kwonly for p in self.params)

    def method_form(self):
        """The Tensor-method form: no `input`/`self` first, no `out`; None when the first
        parameter is not the tensor the method is called on."""
        ps = self.params
        if not ps or ps[0].type != "Tensor" or ps[0].name not in ("input", "self"):
            return None
        parts = [p for p in _split(self.source)[1:] if not p.endswith(" out = None")]
        if parts and parts[-1] == "*":
            parts.pop()
        return Signature(", ".join(parts))


def _split(text):
    """The comma-separated parts of a signature (commas inside brackets belong to a default)."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([" and 1 or (ch in ")]" and -1 or 0)
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def type_name(v):
    """The name PyTorch's messages give the type of `v` (NumPy scalars as `numpy.float64`)."""
    t = type(v)
    if isinstance(v, np.generic):
        return f"numpy.{t.__name__.rstrip('_')}"
    if isinstance(v, _dtype.dtype):
        return "torch.dtype"
    return t.__name__


def _is_tensor(v):
    return hasattr(v, "_nd") and hasattr(v, "dtype")


def _is_int(v):
    if isinstance(v, _NUMPY_INT) and not isinstance(v, _NUMPY_BOOL):
        return True
    return (_is_tensor(v) and v.dim() == 0 and not v.dtype.is_floating_point
            and not v.dtype.is_complex and v.dtype is not _dtype.bool_)


def _is_number(v):
    return isinstance(v, (int, float, complex, np.number, np.bool_)) or (
        _is_tensor(v) and v.dim() == 0)


def _first_ok(seq, check):
    return len(seq) == 0 or check(seq[0])


def _matches(typ, v, numbers=False):
    """Whether PyTorch's parser takes `v` for a parameter of type `typ` (lists are checked on
    their first element only, as PyTorch does before unpacking them). With `numbers`, a Tensor
    parameter also takes a Python number (PyTorch's binary arithmetic ops)."""
    if typ == "Tensor":
        return _is_tensor(v) or numbers and isinstance(v, (int, float, complex))
    if typ == "bool":
        return type(v) is bool
    if typ == "int":
        return _is_int(v)
    if typ == "float":
        return isinstance(v, (int, float, np.integer, np.floating, np.bool_)) or (
            _is_tensor(v) and v.dim() == 0)
    if typ == "Number":
        return _is_number(v)
    if typ == "tuple of ints" or typ == "int[]":
        if isinstance(v, (tuple, list)):
            return _first_ok(v, _is_int)
        return typ == "tuple of ints" and _is_int(v)
    if typ == "tuple of Tensors":
        return isinstance(v, (tuple, list)) and _first_ok(v, _is_tensor)
    if typ == "torch.dtype":
        return isinstance(v, _dtype.dtype)
    if typ == "str":
        return isinstance(v, str)
    return True   # (types these signatures do not check)


def _type_error(fname, p, v, pos):
    where = f" (position {pos})" if pos else ""
    head = f"{fname}(): argument '{p.name}'{where} must be {p.shown}"
    if p.shown == "tuple of ints" and isinstance(v, (tuple, list)) and v:
        return TypeError(f"{head}, but found element of type {type_name(v[0])} at pos 0")
    return TypeError(f"{head}, not {type_name(v)}")


def _bind(sig, args, kwargs):
    """[(param, value, position or 0)] for the arguments given, or the TypeError PyTorch's
    parser raises for this one signature."""
    ps = sig.params
    if len(args) > 1 and sig.max_pos == 1 and ps[0].shown == "tuple of ints" and \
            not ps[0].optional:
        args = (args,)   # the one int list given as varargs (`x.permute(1, 0)`)
    if len(args) > sig.max_pos:
        return None, ("positional", len(args))
    bound = []
    for i, p in enumerate(sig.params):
        if i < len(args) and not p.kwonly:
            if p.name in kwargs:
                return None, ("multiple", p.name)
            bound.append((p, args[i], i + 1))
        elif p.name in kwargs:
            bound.append((p, kwargs[p.name], 0))
        elif not p.optional:
            return None, ("missing", p.name)
    names = {p.name for p in sig.params}
    for k in kwargs:
        if k not in names:
            return None, ("unexpected", k)
    return bound, None


def _bad_type(bound, numbers=False):
    for p, v, pos in bound:
        if v is None and p.none_ok:
            continue
        if not _matches(p.type, v, numbers):
            return p, v, pos
    return None


def _unpack_error(fname, bound):
    """PyTorch's error for a later element of an int list that is not an int."""
    for p, v, _ in bound:
        if p.shown == "tuple of ints" and isinstance(v, (tuple, list)):
            for i, e in enumerate(v[1:], 1):
                if not _is_int(e):
                    return TypeError(f"{fname}(): argument '{p.name}' failed to unpack the object "
                                     f"at pos {i + 1} with error \"type must be tuple of ints,but "
                                     f"got {type_name(e)}\"")
    return None


def _parse_error(fname, sig, args, kwargs, numbers=False):
    """The error PyTorch raises when `sig` is the one signature the call could mean."""
    bound, why = _bind(sig, args, kwargs)
    if why is not None:
        kind, what = why
        if kind == "positional":
            lo, hi = sig.min_args, sig.max_pos   # (PyTorch's: "from 1 to 0" can happen)
            takes = f"{hi} positional argument{'s' if hi != 1 else ''}" if lo == hi else \
                f"from {lo} to {hi} positional arguments"
            return TypeError(f"{fname}() takes {takes} but {what} were given")
        if kind == "multiple":
            return TypeError(f"{fname}() got multiple values for argument '{what}'")
        if kind == "missing":
            return TypeError(f"{fname}() missing 1 required positional arguments: \"{what}\"")
        return TypeError(f"{fname}() got an unexpected keyword argument '{what}'")
    bad = _bad_type(bound, numbers)
    if bad is not None:
        return _type_error(fname, *bad)
    return _unpack_error(fname, bound)


def _got(args, kwargs):
    """PyTorch's "got (...)" list: positional types, then keywords (latest first)."""
    pos = [type_name(a) for a in args]
    kws = [f"{k}={type_name(v)}" for k, v in reversed(list(kwargs.items()))]
    if pos:
        return ", ".join(pos + kws)
    return "".join(k + ", " for k in kws)


def _numpy_names(kwargs):
    """`axis=`/`keepdims=` read as `dim=`/`keepdim=` (PyTorch's parser takes both spellings)."""
    if "axis" not in kwargs and "keepdims" not in kwargs:
        return kwargs
    return {("dim" if k == "axis" else "keepdim" if k == "keepdims" else k): v
            for k, v in kwargs.items()}


class Table:
    """An op's signatures (function and method forms) and the errors they imply."""

    def __init__(self, fname, sigs, hidden=False, method_sigs=None, numbers=False):
        self.fname = fname
        self.function = [Signature(s) for s in sigs]
        if method_sigs is not None:
            self.method = [Signature(s) for s in method_sigs]
        else:
            self.method = [m for m in (s.method_form() for s in self.function) if m is not None]
        self.hidden = hidden   # PyTorch has other overloads it does not list
        self.numbers = numbers   # Tensor parameters take Python numbers

    def error(self, args, kwargs, form):
        """PyTorch's TypeError for this call (`form` as `call_form` says), or None when the
        signatures accept it."""
        sigs = self.function if form == "function" else self.method
        if form != "function":
            args = args[1:]
        kwargs = _numpy_names(kwargs)
        fname = self.fname + "_" if form == "inplace" else self.fname
        for s in sigs:   # a signature that takes the call: only an int list may still fail
            bound, why = _bind(s, args, kwargs)
            if why is None and _bad_type(bound, self.numbers) is None:
                return _unpack_error(fname, bound)
        if len(sigs) == 1 and not self.hidden:
            return _parse_error(fname, sigs[0], args, kwargs, self.numbers)
        n = len(args) + len(kwargs)
        plausible = [s for s in sigs if s.min_args <= n <= len(s.params)]
        if len(plausible) == 1:
            err = _parse_error(fname, plausible[0], args, kwargs, self.numbers)
            if err is not None:
                return err
        head = (f"{fname}() received an invalid combination of arguments - got "
                f"({_got(args, kwargs)}), but expected")
        if len(sigs) == 1:
            return TypeError(f"{head} ({sigs[0].text})")
        listed = []
        for s in sigs:
            if _bind(s, args, kwargs)[1] is None:
                break   # (PyTorch may note why this one did not match: the list stops here)
            listed.append(f" * ({s.text})\n")
        return TypeError(f"{head} one of:\n" + "".join(listed))


_WITH_OUT_CODE = registry._with_out(lambda: None).__code__
_INPLACE_CODE = registry.make_inplace(lambda: None, "_").__code__
_REGISTRY_FILE = registry.__file__
_OPS_DIR = os.path.dirname(_REGISTRY_FILE)


def call_form(depth=2):
    """How the op running `depth` frames up was called: "function" (`torch.X`, through
    registry's out= wrapper), "inplace" (`Tensor.X_`) or "method" (error path only)."""
    f = sys._getframe(depth)
    if f.f_code.co_name == "inplace" and f.f_code.co_filename.startswith(_OPS_DIR):
        return "inplace"   # (an op's own in-place wrapper, as clamp_'s)
    while f is not None and f.f_code.co_filename == _REGISTRY_FILE:
        if f.f_code is _WITH_OUT_CODE:
            return "function"
        if f.f_code is _INPLACE_CODE:
            return "inplace"
        f = f.f_back
    return "method"


def parsed(*sigs, name=None, hidden=False, method_sigs=None, function=None, numbers=False):
    """Decorate an op so that a TypeError it raises becomes PyTorch's parser error for the call.
    `function` fixes the form (True for function-only ops, False for method-only ones); the
    other arguments are Table's."""

    def deco(f):
        table = Table(name or f.__name__, sigs, hidden, method_sigs, numbers)

        @functools.wraps(f)
        def checked(*args, **kwargs):
            try:
                return f(*args, **kwargs)
            except TypeError:
                form = call_form() if function is None else "function" if function else "method"
                err = table.error(args, kwargs, form)
                if err is None:
                    raise
                raise err from None

        checked.signatures = table
        return checked

    return deco


def check_bool(v):
    """`v` when it is a Python bool (PyTorch's parser takes no other type for a bool), else a
    TypeError for `parsed` to replace with PyTorch's message."""
    if v is True or v is False:
        return v
    raise TypeError("bool expected")
