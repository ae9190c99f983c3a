"""Printing tensors exactly as PyTorch does: `repr(t)`, `set_printoptions`, `get_printoptions`.

The tensor's value is brought to the host once (a sync point) and formatted there with NumPy and
Python's float formatting, following PyTorch's rules: one formatter per tensor choosing integer
mode / fixed / scientific notation and a common width from the (summarised) finite non-zero
values, line wrapping at `linewidth`, `...` summarisation past `threshold`, and the suffixes
(`device=`, `size=`, `dtype=`, `grad_fn=` / `requires_grad=True`).
"""
import contextlib
import math
import re

import numpy as np

from . import _dtype

_PROFILES = {
    "default": dict(precision=4, threshold=1000, edgeitems=3, linewidth=80),
    "short": dict(precision=2, threshold=1000, edgeitems=2, linewidth=80),
    "full": dict(precision=4, threshold=math.inf, edgeitems=3, linewidth=80),
}

# current print options (the keys and order of PyTorch's get_printoptions())
_OPTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80, "sci_mode": None}


class _PrinterOptions:
    """torch._tensor_str.PRINT_OPTS: the current options as attributes (read and written
    through to the options set_printoptions changes)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return _OPTS[name]
        except KeyError:
            raise AttributeError(f"'__PrinterOptions' object has no attribute '{name}'") from None

    def __setattr__(self, name, value):
        if name not in _OPTS:
            raise AttributeError(f"'__PrinterOptions' object has no attribute '{name}'")
        _OPTS[name] = value

    def __repr__(self):
        return "__PrinterOptions(" + ", ".join(f"{k}={v!r}" for k, v in _OPTS.items()) + ")"


_PrinterOptions.__name__ = _PrinterOptions.__qualname__ = "__PrinterOptions"
PRINT_OPTS = _PrinterOptions()


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None,
                     profile=None, sci_mode=None):
    """torch.set_printoptions: a profile first, then explicit options; sci_mode always reset."""
    if profile is not None and profile in _PROFILES:
        _OPTS.update(_PROFILES[profile])
    if precision is not None:
        _OPTS["precision"] = precision
    if threshold is not None:
        _OPTS["threshold"] = threshold
    if edgeitems is not None:
        _OPTS["edgeitems"] = edgeitems
    if linewidth is not None:
        _OPTS["linewidth"] = linewidth
    _OPTS["sci_mode"] = sci_mode


def get_printoptions():
    """torch.get_printoptions: the current options as set_printoptions keyword arguments."""
    return dict(_OPTS)


@contextlib.contextmanager
def printoptions(**kwargs):
    """Temporarily change the print options (torch._tensor_str.printoptions)."""
    old = get_printoptions()
    set_printoptions(**kwargs)
    try:
        yield
    finally:
        set_printoptions(**old)


# ---- the element formatter ----------------------------------------------------------------

class _Formatter:
    """Chooses PyTorch's number style and common width from the values that will be shown."""

    def __init__(self, values, floating):
        self.floating = floating
        self.int_mode = True
        self.sci_mode = False
        self.width = 1
        prec = _OPTS["precision"]
        v = values.reshape(-1)
        if not floating:
            if v.size:
                if v.dtype == np.bool_:
                    self.width = max([len(str(bool(x))) for x in np.unique(v)] + [1])
                else:
                    self.width = max(1, len(str(int(v.min()))), len(str(int(v.max()))))
            return
        v = v[np.isfinite(v) & (v != 0)]
        if v.size == 0:
            return
        a = np.abs(v)
        lo, hi = float(a.min()), float(a.max())
        self.int_mode = bool(np.all(v == np.ceil(v)))
        sci = _OPTS["sci_mode"]
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4) if sci is None else sci
        # a string's length only grows with |value| within one sign, except for the exponent
        # digits of scientific notation, which are widest at either end: so the widest string
        # is that of the smallest or largest magnitude of either sign.
        cands = []
        for part in (v[v < 0], v[v > 0]):
            if part.size:
                pa = np.abs(part)
                cands += [float(part[np.argmin(pa)]), float(part[np.argmax(pa)])]
        if self.sci_mode:
            spec, extra = f".{prec}e", 0
        elif self.int_mode:
            spec, extra = ".0f", 1  # room for the trailing '.'
        else:
            spec, extra = f".{prec}f", 0
        self.width = max([self.width] + [len(format(x, spec)) + extra for x in cands])

    def format(self, x):
        if self.floating:
            x = float(x)
            if self.sci_mode:
                s = format(x, f"{self.width}.{_OPTS['precision']}e")
            elif self.int_mode:
                s = format(x, ".0f")
                if math.isfinite(x):
                    s += "."
            else:
                s = format(x, f".{_OPTS['precision']}f")
        elif isinstance(x, (bool, np.bool_)):
            s = str(bool(x))
        else:
            s = str(int(x))
        return s.rjust(self.width)


_DEVICE_GATHER = 1 << 20  # summarised tensors larger than this are cut on the device first


def _edge_index(n, edge):
    """Indices printing keeps along an axis of length n, or None when it keeps all of them."""
    if n > 2 * edge:
        return np.concatenate((np.arange(edge), np.arange(n - edge, n)))
    return None


def _shown_values(t, summarize, edge):
    """The values printing shows, as a NumPy array (the sync point), and which axes were cut.

    When summarising, only the first and last `edge` entries of each long axis are shown; they
    are also exactly the values PyTorch's formatter looks at (its get_summarized_data), so the
    array is cut to them first (on the device for big tensors, so they are all that moves).
    Floats are widened exactly to float64 for formatting.
    """
    arr = t._array()
    shape = tuple(arr.shape)
    cuts = [False] * len(shape)
    if summarize:
        idx = [_edge_index(n, edge) for n in shape]
        cuts = [i is not None for i in idx]
        if math.prod(shape) > _DEVICE_GATHER:
            import jax.numpy as jnp
            for axis, i in enumerate(idx):
                if i is not None:
                    arr = jnp.take(arr, jnp.asarray(i), axis=axis)
            a = np.asarray(arr)
        else:
            a = np.asarray(arr)
            for axis, i in enumerate(idx):
                if i is not None:
                    a = np.take(a, i, axis=axis)
    else:
        a = np.asarray(arr)
    if t.dtype.is_floating_point:
        a = a.astype(np.float64)
    return a, cuts


def _vector_str(a, cut, indent, fmt, edge):
    per_line = max(1, math.floor((_OPTS["linewidth"] - indent) / (fmt.width + 2)))
    if cut:
        data = ([fmt.format(x) for x in a[:edge].tolist()] + [" ..."]
                + [fmt.format(x) for x in a[edge:].tolist()])
    else:
        data = [fmt.format(x) for x in a.tolist()]
    lines = [", ".join(data[i:i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _array_str(a, cuts, indent, fmt, edge):
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector_str(a, cuts[0], indent, fmt, edge)
    rows = [_array_str(a[i], cuts[1:], indent + 1, fmt, edge) for i in range(a.shape[0])]
    if cuts[0]:
        rows = rows[:edge] + ["..."] + rows[edge:]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(rows) + "]"


def _contents_str(t, indent):
    shape = tuple(t.shape)
    numel = math.prod(shape)
    if numel == 0:
        return "[]"
    summarize = numel > _OPTS["threshold"]
    edge = _OPTS["edgeitems"]
    if summarize and not edge and shape:
        return "[...]"  # nothing but the ellipsis is shown, whatever the rank
    a, cuts = _shown_values(t, summarize, edge)
    fmt = _Formatter(a, t.dtype.is_floating_point)
    return _array_str(a, cuts, indent, fmt, edge)


def _add_suffixes(body, suffixes, indent):
    out = [body]
    last = len(body) - body.rfind("\n") + 1  # PyTorch's (slightly generous) line length
    width = _OPTS["linewidth"]
    for s in suffixes:
        if last + len(s) + 2 > width:
            out.append(",\n" + " " * indent + s)
            last = indent + len(s)
        else:
            out.append(", " + s)
            last += len(s) + 2
    out.append(")")
    return "".join(out)


def _default_device_type():
    import jtorch
    get = getattr(jtorch, "get_default_device", None)
    if get is None:
        return "cpu"
    try:
        return get().type
    except Exception:  # pragma: no cover - a default-device hook that cannot answer
        return "cpu"


def _grad_fn_name(gf):
    name = type(gf).__name__
    if name == "CppFunction" or (not re.search(r"Backward\d*$", name)
                                 and callable(getattr(gf, "name", None))):
        try:
            name = str(gf.name()).rsplit("::", 1)[-1]
        except Exception:  # pragma: no cover - keep the class name
            pass
    return name


def tensor_repr(t):
    """repr(t) / str(t) as PyTorch prints it."""
    cls = type(t)
    from ._tensor import Tensor
    plain = cls is Tensor or cls.__name__ == "Parameter"
    prefix = "tensor(" if plain else f"{cls.__name__}("
    indent = len(prefix)
    suffixes = []

    dev = t.device
    if dev.type != _default_device_type() or (dev.type == "cuda" and _current_cuda() != dev.index):
        suffixes.append(f"device='{dev}'")

    dt = t.dtype
    default_float = _dtype.get_default_dtype()
    shape = tuple(t.shape)
    numel = math.prod(shape)
    if numel == 0:
        if len(shape) != 1:
            suffixes.append(f"size={shape}")
        if dt is not default_float:
            suffixes.append(f"dtype={dt}")
        body = "[]"
    else:
        if not _OPTS["edgeitems"]:
            suffixes.append(f"size={shape}")
        if dt not in (default_float, _dtype.int64, _dtype.bool_):
            suffixes.append(f"dtype={dt}")
        body = _contents_str(t, indent)

    gf = t.grad_fn
    if gf is not None:
        suffixes.append(f"grad_fn=<{_grad_fn_name(gf)}>")
    elif t.requires_grad:
        suffixes.append("requires_grad=True")
    return _add_suffixes(prefix + body, suffixes, indent)


def _current_cuda():
    try:
        from . import cuda
        return cuda.current_device()
    except Exception:  # pragma: no cover - no GPU: a cuda tensor cannot exist anyway
        return 0
