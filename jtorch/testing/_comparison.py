"""torch.testing.assert_close: PyTorch's comparison rules, tolerances and error messages.

Inputs are matched as PyTorch does: nested sequences and mappings are walked element by
element; each leaf pair is compared as None, booleans, Python numbers or tensor-likes (the
first kind that accepts both). Tensor values are compared with `isclose` and, on a mismatch,
described with PyTorch's message (mismatch count, greatest absolute and relative difference and
where). Comparing values is a sync point, as in PyTorch.
"""
import cmath
import collections.abc
import warnings

import numpy as np

from .. import _dtype
from .._dtype import float16, bfloat16, float32, float64, int64

# {dtype: (rtol, atol)}, PyTorch's defaults
_DTYPE_PRECISIONS = {
    float16: (0.001, 1e-5),
    bfloat16: (0.016, 1e-5),
    float32: (1.3e-6, 1e-5),
    float64: (1e-7, 1e-7),
}


class _ErrorMeta(Exception):
    """An error found while comparing: its type, message and where in the inputs it occurred."""

    def __init__(self, type_, msg, id=()):
        super().__init__(msg)
        self.type = type_
        self.msg = msg
        self.id = id

    def to_error(self, msg=None):
        if not isinstance(msg, str):
            text = self.msg
            if self.id:
                text += "\n\nThe failure occurred for item " + "".join(str([i]) for i in self.id)
            msg = msg(text) if callable(msg) else text
        return self.type(msg)


class _Unsupported(Exception):
    """This kind of pair does not handle these inputs; the next kind is tried."""


def _tolerances(dtypes, rtol, atol, id, precisions=_DTYPE_PRECISIONS):
    if (rtol is None) ^ (atol is None):
        raise _ErrorMeta(ValueError, "Both 'rtol' and 'atol' must be either specified or "
                         f"omitted, but got no {'rtol' if rtol is None else 'atol'}.", id)
    if rtol is not None:
        return rtol, atol
    rtols, atols = zip(*[precisions.get(d, (0.0, 0.0)) for d in dtypes])
    return max(rtols), max(atols)


def _mismatch_msg(default_identifier, identifier, extra, abs_diff, abs_idx, atol, rel_diff,
                  rel_idx, rtol):
    equality = rtol == 0 and atol == 0

    def diff_line(kind, diff, idx, tol):
        line = f"{kind.title()} difference: {diff}" if idx is None else \
            f"Greatest {kind} difference: {diff} at index {idx}"
        return line + ("" if equality else f" (up to {tol} allowed)") + "\n"

    if identifier is None:
        identifier = default_identifier
    elif callable(identifier):
        identifier = identifier(default_identifier)
    msg = f"{identifier} are not {'equal' if equality else 'close'}!\n\n"
    if extra:
        msg += f"{extra.strip()}\n"
    msg += diff_line("absolute", abs_diff, abs_idx, atol)
    msg += diff_line("relative", rel_diff, rel_idx, rtol)
    return msg.strip()


def _scalar_mismatch_msg(actual, expected, rtol, atol, identifier=None):
    abs_diff = abs(actual - expected)
    rel_diff = float("inf") if expected == 0 else abs_diff / abs(expected)
    return _mismatch_msg("Scalars", identifier, f"Expected {expected} but got {actual}.",
                         abs_diff, None, atol, rel_diff, None, rtol)


def _as_numbers(t):
    """A tensor's values as int64 or float64 (exact for every jtorch dtype)."""
    return np.asarray(t.detach()).astype(np.float64 if t.dtype.is_floating_point else np.int64)


def _greatest(values):
    """(value, flat index) of the maximum, NaN winning as in torch.max."""
    nan = np.isnan(values) if values.dtype.kind == "f" else np.zeros(values.shape, bool)
    i = int(np.argmax(nan)) if nan.any() else int(np.argmax(values))
    return values[i].item(), i


def _unravel(i, shape):
    return tuple(int(v) for v in np.unravel_index(i, shape)) if shape else ()


def _tensor_mismatch_msg(actual, expected, matches, rtol, atol):
    import jtorch
    shape = tuple(matches.shape)
    m = np.asarray(matches.numpy()).reshape(-1)
    n = m.size
    bad = n - int(m.sum())
    extra = f"Mismatched elements: {bad} / {n} ({bad / n:.1%})"
    a, e = actual.flatten(), expected.flatten()
    if not actual.dtype.is_floating_point:
        a, e = a.to(int64), e.to(int64)
    abs_diff = jtorch.abs(a - e)
    rel_diff = abs_diff / jtorch.abs(e)
    abs_np = _as_numbers(abs_diff)
    rel_np = _as_numbers(rel_diff)
    abs_np[m] = 0
    rel_np[m] = 0
    abs_v, abs_i = _greatest(abs_np)
    rel_v, rel_i = _greatest(rel_np)
    return _mismatch_msg("Tensor-likes", None, extra, abs_v, _unravel(abs_i, shape), atol,
                         rel_v, _unravel(rel_i, shape), rtol)


class _Pair:
    def __init__(self, actual, expected, id):
        self.actual = actual
        self.expected = expected
        self.id = id

    def fail(self, type_, msg):
        raise _ErrorMeta(type_, msg, self.id)


class _NonePair(_Pair):
    def __init__(self, actual, expected, id, **options):
        if not (actual is None or expected is None):
            raise _Unsupported
        super().__init__(actual, expected, id)

    def compare(self):
        if not (self.actual is None and self.expected is None):
            self.fail(AssertionError, f"None mismatch: {self.actual} is not {self.expected}")


class _BooleanPair(_Pair):
    def __init__(self, actual, expected, id, **options):
        if not all(isinstance(x, (bool, np.bool_)) for x in (actual, expected)):
            raise _Unsupported
        super().__init__(bool(actual), bool(expected), id)

    def compare(self):
        if self.actual is not self.expected:
            self.fail(AssertionError, f"Booleans mismatch: {self.actual} is not {self.expected}")


class _NumberPair(_Pair):
    _DTYPES = {int: int64, float: float64, complex: "complex128"}
    _COMPLEX = {"complex128": (1e-7, 1e-7)}

    def __init__(self, actual, expected, id, rtol=None, atol=None, equal_nan=False,
                 check_dtype=False, **options):
        if not all(isinstance(x, (int, float, complex, np.number)) and not isinstance(x, bool)
                   for x in (actual, expected)):
            raise _Unsupported
        actual, expected = (x.item() if isinstance(x, np.number) else x
                            for x in (actual, expected))
        super().__init__(actual, expected, id)
        self.rtol, self.atol = _tolerances([self._DTYPES[type(x)] for x in (actual, expected)],
                                           rtol, atol, id, {**_DTYPE_PRECISIONS, **self._COMPLEX})
        self.equal_nan = equal_nan
        self.check_dtype = check_dtype

    def compare(self):
        a, e = self.actual, self.expected
        if self.check_dtype and type(a) is not type(e):
            self.fail(AssertionError, f"The (d)types do not match: {type(a)} != {type(e)}.")
        if a == e:
            return
        if self.equal_nan and cmath.isnan(a) and cmath.isnan(e):
            return
        diff = abs(a - e)
        if cmath.isfinite(diff) and diff <= self.atol + self.rtol * abs(e):
            return
        self.fail(AssertionError, _scalar_mismatch_msg(a, e, self.rtol, self.atol))


class _TensorLikePair(_Pair):
    def __init__(self, actual, expected, id, allow_subclasses=True, rtol=None, atol=None,
                 equal_nan=False, check_device=True, check_dtype=True, check_layout=True,
                 check_stride=False, **options):
        related = isinstance(actual, type(expected)) or isinstance(expected, type(actual))
        if not related or (not allow_subclasses and type(actual) is not type(expected)):
            raise _Unsupported
        actual, expected = self._to_tensor(actual), self._to_tensor(expected)
        super().__init__(actual, expected, id)
        self.rtol, self.atol = _tolerances([actual.dtype, expected.dtype], rtol, atol, id)
        self.equal_nan = equal_nan
        self.check_device = check_device
        self.check_dtype = check_dtype
        self.check_stride = check_stride

    @staticmethod
    def _to_tensor(x):
        import jtorch
        if isinstance(x, jtorch.Tensor):
            return x
        try:
            return jtorch.as_tensor(x)
        except Exception:
            raise _Unsupported from None

    def _attribute_mismatch(self, name, a, e):
        self.fail(AssertionError, f"The values for attribute '{name}' do not match: {a} != {e}.")

    def compare(self):
        a, e = self.actual, self.expected
        if a.shape != e.shape:
            self._attribute_mismatch("shape", a.shape, e.shape)
        if self.check_stride and a.stride() != e.stride():
            self._attribute_mismatch("stride()", a.stride(), e.stride())
        if self.check_device and a.device != e.device:
            self._attribute_mismatch("device", a.device, e.device)
        if self.check_dtype and a.dtype != e.dtype:
            self._attribute_mismatch("dtype", a.dtype, e.dtype)
        a, e = a.detach(), e.detach()
        if a.device != e.device:
            a, e = a.cpu(), e.cpu()
        if a.dtype != e.dtype:
            dt = _dtype.promote_types(a.dtype, e.dtype)
            a, e = a.to(dt), e.to(dt)
        self._compare_values(a, e)

    def _compare_values(self, a, e):
        import jtorch
        matches = jtorch.isclose(a, e, rtol=self.rtol, atol=self.atol, equal_nan=self.equal_nan)
        if bool(matches.all()):
            return
        if a.shape == ():
            msg = _scalar_mismatch_msg(a.item(), e.item(), self.rtol, self.atol)
        else:
            msg = _tensor_mismatch_msg(a, e, matches, self.rtol, self.atol)
        self.fail(AssertionError, msg)


_PAIR_TYPES = (_NonePair, _BooleanPair, _NumberPair, _TensorLikePair)


def _originate_pairs(actual, expected, id=(), **options):
    seq = collections.abc.Sequence
    if isinstance(actual, seq) and not isinstance(actual, str) and \
            isinstance(expected, seq) and not isinstance(expected, str):
        if len(actual) != len(expected):
            raise _ErrorMeta(AssertionError, f"The length of the sequences mismatch: "
                             f"{len(actual)} != {len(expected)}", id)
        pairs = []
        for i in range(len(actual)):
            pairs.extend(_originate_pairs(actual[i], expected[i], (*id, i), **options))
        return pairs
    mapping = collections.abc.Mapping
    if isinstance(actual, mapping) and isinstance(expected, mapping):
        ka, ke = set(actual.keys()), set(expected.keys())
        if ka != ke:
            raise _ErrorMeta(AssertionError, "The keys of the mappings do not match:\n"
                             f"Missing keys in the actual mapping: {sorted(ke - ka)}\n"
                             f"Additional keys in the actual mapping: {sorted(ka - ke)}", id)
        keys = ka
        try:
            keys = sorted(keys)
        except Exception:
            pass
        pairs = []
        for k in keys:
            pairs.extend(_originate_pairs(actual[k], expected[k], (*id, k), **options))
        return pairs
    for pair_type in _PAIR_TYPES:
        try:
            return [pair_type(actual, expected, id, **options)]
        except _Unsupported:
            continue
    raise _ErrorMeta(TypeError, f"No comparison pair was able to handle inputs of type "
                     f"{type(actual)} and {type(expected)}.", id)


def assert_close(actual, expected, *, allow_subclasses=True, rtol=None, atol=None,
                 equal_nan=False, check_device=True, check_dtype=True, check_layout=True,
                 check_stride=False, msg=None):
    """torch.testing.assert_close: raises AssertionError (PyTorch's message) unless `actual` and
    `expected` match in structure, attributes and values (|a - e| <= atol + rtol * |e|, with
    per-dtype default tolerances)."""
    __tracebackhide__ = True
    try:
        pairs = _originate_pairs(actual, expected, allow_subclasses=allow_subclasses, rtol=rtol,
                                 atol=atol, equal_nan=equal_nan, check_device=check_device,
                                 check_dtype=check_dtype, check_layout=check_layout,
                                 check_stride=check_stride)
    except _ErrorMeta as meta:
        raise meta.to_error() from None
    for pair in pairs:
        try:
            pair.compare()
        except _ErrorMeta as meta:
            raise meta.to_error(msg) from None


_ALLCLOSE_PRECISIONS = {float16: (1e-3, 1e-3), float32: (1e-4, 1e-5), float64: (1e-5, 1e-8)}


def assert_allclose(actual, expected, rtol=None, atol=None, equal_nan=True, msg=""):
    """Deprecated torch.testing.assert_allclose (FutureWarning): assert_close with its own
    looser defaults, NaNs equal and no dtype check."""
    import jtorch
    warnings.warn("`torch.testing.assert_allclose()` is deprecated since 1.12 and will be removed "
                  "in a future release. Please use `torch.testing.assert_close()` instead. You "
                  "can find detailed upgrade instructions in "
                  "https://github.com/pytorch/pytorch/issues/61844.", FutureWarning, stacklevel=2)
    if not isinstance(actual, jtorch.Tensor):
        actual = jtorch.tensor(actual)
    if not isinstance(expected, jtorch.Tensor):
        expected = jtorch.tensor(expected, dtype=actual.dtype)
    if rtol is None and atol is None:
        rtol, atol = _tolerances([actual.dtype, expected.dtype], None, None, (),
                                 _ALLCLOSE_PRECISIONS)
    assert_close(actual, expected, rtol=rtol, atol=atol, equal_nan=equal_nan, check_device=True,
                 check_dtype=False, check_stride=False, msg=msg or None)

