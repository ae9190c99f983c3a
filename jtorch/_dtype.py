"""PyTorch's dtypes and type promotion.

`jtorch.float32` etc. are `dtype` objects that print as PyTorch's (`torch.float32`) and map to
NumPy/JAX dtypes. Promotion follows PyTorch (c10's promoteTypes and ResultTypeState): Python
scalars do not upcast tensors of their category, int / int true-divides to the default float
dtype, and 0-dim tensors rank below tensors with dimensions.
"""
import math

import numpy as np
import ml_dtypes

from ._classrepr import TorchNamed


class dtype(metaclass=TorchNamed):
    """A PyTorch dtype: `torch.float32`, `torch.int64`, ..."""

    __slots__ = ("name", "np", "itemsize", "is_floating_point", "is_signed", "_rank", "_legacy",
                 "abbr")

    def __init__(self, name, np_dtype, rank, legacy, abbr):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.itemsize = self.np.itemsize
        self.is_floating_point = name.startswith(("float", "bfloat"))
        self.is_signed = name not in ("bool", "uint8", "uint16", "uint32", "uint64")
        self._rank = rank
        self._legacy = legacy
        self.abbr = abbr

    is_complex = False

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def to_real(self):
        return self

    def to_complex(self):
        if not self.is_floating_point:
            raise RuntimeError(f"Unknown Complex ScalarType for {c10_name(self)}")
        raise NotImplementedError("jtorch does not support complex dtypes")


def _dtype_by_name(name):
    return _BY_NAME[name]


# rank orders dtypes for promotion inside one category
bool_ = dtype("bool", np.bool_, 0, "BoolTensor", "b8")
uint8 = dtype("uint8", np.uint8, 1, "ByteTensor", "u8")
int8 = dtype("int8", np.int8, 2, "CharTensor", "i8")
int16 = dtype("int16", np.int16, 3, "ShortTensor", "i16")
int32 = dtype("int32", np.int32, 4, "IntTensor", "i32")
int64 = dtype("int64", np.int64, 5, "LongTensor", "i64")
float16 = dtype("float16", np.float16, 6, "HalfTensor", "f16")
bfloat16 = dtype("bfloat16", ml_dtypes.bfloat16, 7, "BFloat16Tensor", "bf16")
float32 = dtype("float32", np.float32, 8, "FloatTensor", "f32")
float64 = dtype("float64", np.float64, 9, "DoubleTensor", "f64")

_C10 = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
        "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
        "bool": "Bool"}


def c10_name(d):
    """PyTorch's C++ scalar type name (`Float`, `Long`), used in its error messages."""
    return _C10[d.name]

ALL = (bool_, uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64)
_BY_NAME = {d.name: d for d in ALL}
_BY_NP = {d.np: d for d in ALL}
BY_LEGACY = {d._legacy: d for d in ALL}

# aliases PyTorch exports
ALIASES = {
    "bool": bool_, "uint8": uint8, "int8": int8, "int16": int16, "short": int16, "int32": int32,
    "int": int32, "int64": int64, "long": int64, "float16": float16, "half": float16,
    "bfloat16": bfloat16, "float32": float32, "float": float32, "float64": float64,
    "double": float64,
}

_default_float = [float32]


def get_default_dtype():
    """The dtype Python floats and float factories get (float32 unless changed)."""
    return _default_float[0]


def set_default_dtype(d):
    """torch.set_default_dtype: float16, bfloat16, float32 or float64 (anything else raises
    TypeError with PyTorch's message)."""
    if not isinstance(d, dtype):
        raise TypeError("invalid dtype object: only floating-point types are supported as the "
                        "default type")
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    _default_float[0] = d
    for callback in on_default_change:
        callback()


on_default_change = []  # caches keyed without the default dtype register a clear here


def to_dtype(d):
    """A jtorch dtype from a jtorch dtype or a Python type (`float` is float64, `int` int64,
    `bool` bool, as in PyTorch's argument parser); NumPy dtypes are accepted for internal use."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return float64
    if d is int:
        return int64
    if d is bool:
        return bool_
    try:
        return _BY_NP[np.dtype(d)]
    except (TypeError, KeyError):
        raise TypeError(f"unsupported dtype: {d!r}") from None


def dtype_arg(d, fname, arg="dtype", pos=None):
    """A user's `dtype=` argument checked as PyTorch's argument parser does: a torch dtype or
    the Python types float/int/bool; anything else raises TypeError naming the function."""
    if isinstance(d, dtype):
        return d
    if d is float or d is int or d is bool:
        return to_dtype(d)
    where = f"argument '{arg}'" + (f" (position {pos})" if pos else "")
    raise TypeError(f"{fname}(): {where} must be torch.dtype, not {type(d).__name__}")


_NUMPY_SUPPORTED = ("float64, float32, float16, bfloat16, int64, int32, int16, int8, uint8, "
                    "and bool")


def from_numpy_dtype(npd):
    """The jtorch dtype of a NumPy dtype; TypeError for types jtorch has no dtype for,
    ValueError for a byte order other than the machine's (PyTorch does not swap bytes)."""
    if isinstance(npd, np.dtype) and not npd.isnative and npd.itemsize > 1:
        raise ValueError("given numpy array has byte order different from the native byte "
                         "order. Conversion between byte orders is currently not supported.")
    try:
        return _BY_NP[np.dtype(npd)]
    except (KeyError, TypeError):
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(npd).type.__name__}. The only "
            f"supported types are: {_NUMPY_SUPPORTED}.") from None


def category(d):
    """0 bool, 1 integer, 2 floating."""
    return 0 if d is bool_ else (2 if d.is_floating_point else 1)


def promote_types(type1, type2):
    """torch.promote_types: the smallest dtype both convert to without losing category."""
    a = dtype_arg(type1, "promote_types", "type1", 1)
    b = dtype_arg(type2, "promote_types", "type2", 2)
    return _promote_pair(a, b)


def _promote_pair(a, b):
    if a is b:
        return a
    ca, cb = category(a), category(b)
    if ca != cb:
        return a if ca > cb else b
    if ca == 2:
        if {a, b} == {float16, bfloat16}:
            return float32
        return a if a._rank > b._rank else b
    if ca == 1:
        if uint8 in (a, b):
            other = b if a is uint8 else a
            return int16 if other is int8 else other
        return a if a._rank > b._rank else b
    return a


def _combine(higher, lower):
    # c10 combine_categories
    if higher is None:
        return lower
    if lower is None:
        return higher
    if higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return _promote_pair(higher, lower)
    return higher


def scalar_dtype(x):
    """The dtype PyTorch gives a Python scalar standing alone (`torch.tensor(x)`, `full`)."""
    if isinstance(x, bool):
        return bool_
    if isinstance(x, int):
        return int64
    if isinstance(x, float):
        return get_default_dtype()
    if isinstance(x, np.generic):
        return from_numpy_dtype(x.dtype)
    raise TypeError(f"unsupported scalar type {type(x).__name__}")


def wrapped_kind(x):
    """The Python type a scalar operand promotes as (PyTorch's 'wrapped number'): NumPy scalars
    count as Python numbers of their kind; NumPy bools are read as floats, as PyTorch does."""
    if isinstance(x, bool):
        return bool
    if isinstance(x, int):
        return int
    if isinstance(x, float):
        return float
    if isinstance(x, np.generic):
        if isinstance(x, (np.integer,)):
            return int
        if isinstance(x, (np.floating, np.bool_)):
            return float
    raise TypeError(f"unsupported scalar type {type(x).__name__}")


_WRAPPED = {bool: bool_, int: int64}


def result_type_of(dim_dtypes, zero_dim_dtypes, scalar_kinds):
    """PyTorch's result_type (c10 ResultTypeState) from the dtypes of dimensioned tensors,
    0-dim tensors and the kinds (`bool`/`int`/`float`) of Python scalars."""
    dim = zero = wrapped = None
    for d in dim_dtypes:
        dim = d if dim is None else _promote_pair(dim, d)
    for d in zero_dim_dtypes:
        zero = d if zero is None else _promote_pair(zero, d)
    for k in scalar_kinds:
        d = _WRAPPED.get(k) or get_default_dtype()
        wrapped = d if wrapped is None else _promote_pair(wrapped, d)
    return _combine(dim, _combine(zero, wrapped))


def can_cast(from_, to):
    """torch.can_cast: False when the cast would lower the category (float->int, int->bool)."""
    a = dtype_arg(from_, "can_cast", "from_", 1)
    b = dtype_arg(to, "can_cast", "to", 2)
    return category(a) <= category(b)


def _g(x):
    return format(x, "g")


class finfo(metaclass=TorchNamed):
    """torch.finfo for a floating dtype (`resolution` is 10**-precision, as PyTorch)."""

    def __init__(self, type=None):
        d = get_default_dtype() if type is None else to_dtype(type)
        if not d.is_floating_point:
            raise TypeError("torch.finfo() requires a floating point input type. Use torch.iinfo "
                            "to handle 'torch.finfo'")
        fi = ml_dtypes.finfo(d.np)
        self.bits = d.itemsize * 8
        self.eps = float(fi.eps)
        self.max = float(fi.max)
        self.min = float(fi.min)
        self.tiny = self.smallest_normal = float(fi.smallest_normal)
        self.resolution = 10.0 ** -int(math.floor(-math.log10(self.eps)))
        self.dtype = d.name

    def __repr__(self):
        return (f"finfo(resolution={_g(self.resolution)}, min={_g(self.min)}, max={_g(self.max)}, "
                f"eps={_g(self.eps)}, smallest_normal={_g(self.smallest_normal)}, "
                f"tiny={_g(self.tiny)}, dtype={self.dtype})")

    __str__ = __repr__


class iinfo(metaclass=TorchNamed):
    """torch.iinfo for an integer dtype (its repr prints min/max with %g, as PyTorch)."""

    def __init__(self, type):
        d = to_dtype(type)
        if d.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        if d is bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        ii = np.iinfo(d.np)
        self.bits = d.itemsize * 8
        self.max = int(ii.max)
        self.min = int(ii.min)
        self.dtype = d.name

    def __repr__(self):
        return f"iinfo(min={_g(float(self.min))}, max={_g(float(self.max))}, dtype={self.dtype})"

    __str__ = __repr__
