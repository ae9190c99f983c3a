"""PyTorch's dtypes and type promotion.

`jtorch.float32` etc. are `dtype` objects that print as PyTorch's (`torch.float32`) and map to
NumPy/JAX dtypes. Promotion follows PyTorch (c10's promoteTypes and ResultTypeState): Python
scalars do not upcast tensors of their category, int / int true-divides to the default float
dtype, and 0-dim tensors rank below tensors with dimensions.
"""
import numpy as np
import ml_dtypes


class dtype:
    """A PyTorch dtype: `torch.float32`, `torch.int64`, ..."""

    __slots__ = ("name", "np", "itemsize", "is_floating_point", "is_signed", "_rank", "_legacy")

    def __init__(self, name, np_dtype, rank, legacy):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.itemsize = self.np.itemsize
        self.is_floating_point = name.startswith(("float", "bfloat"))
        self.is_signed = name not in ("bool", "uint8", "uint16", "uint32", "uint64")
        self._rank = rank
        self._legacy = legacy

    is_complex = False

    def __repr__(self):
        return "torch." + self.name

    def __reduce__(self):
        return (_dtype_by_name, (self.name,))

    def to_real(self):
        return self

    def to_complex(self):
        raise NotImplementedError("jtorch does not support complex dtypes")


def _dtype_by_name(name):
    return _BY_NAME[name]


# rank orders dtypes for promotion inside one category
bool_ = dtype("bool", np.bool_, 0, "BoolTensor")
uint8 = dtype("uint8", np.uint8, 1, "ByteTensor")
int8 = dtype("int8", np.int8, 2, "CharTensor")
int16 = dtype("int16", np.int16, 3, "ShortTensor")
int32 = dtype("int32", np.int32, 4, "IntTensor")
int64 = dtype("int64", np.int64, 5, "LongTensor")
float16 = dtype("float16", np.float16, 6, "HalfTensor")
bfloat16 = dtype("bfloat16", ml_dtypes.bfloat16, 7, "BFloat16Tensor")
float32 = dtype("float32", np.float32, 8, "FloatTensor")
float64 = dtype("float64", np.float64, 9, "DoubleTensor")

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
    d = to_dtype(d)
    if d not in (float16, bfloat16, float32, float64):
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_float[0] = d


def to_dtype(d):
    """Accept a jtorch dtype, a NumPy/JAX dtype or a Python type and return a jtorch dtype."""
    if isinstance(d, dtype):
        return d
    if d is float:
        return get_default_dtype()
    if d is int:
        return int64
    if d is bool:
        return bool_
    try:
        return _BY_NP[np.dtype(d)]
    except (TypeError, KeyError):
        raise TypeError(f"unsupported dtype: {d!r}") from None


def from_numpy_dtype(npd):
    try:
        return _BY_NP[np.dtype(npd)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type {np.dtype(npd)}. The only supported types are: "
            "float64, float32, float16, int64, int32, int16, int8, uint8, and bool.") from None


def category(d):
    """0 bool, 1 integer, 2 floating."""
    return 0 if d is bool_ else (2 if d.is_floating_point else 1)


def promote_types(a, b):
    """torch.promote_types: the smallest dtype both a and b convert to without losing category."""
    a, b = to_dtype(a), to_dtype(b)
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
        return promote_types(higher, lower)
    return higher


def scalar_dtype(x):
    """The dtype PyTorch gives a Python scalar (a 'wrapped number')."""
    if isinstance(x, bool):
        return bool_
    if isinstance(x, int):
        return int64
    if isinstance(x, float):
        return get_default_dtype()
    if isinstance(x, np.generic):
        return from_numpy_dtype(x.dtype)
    raise TypeError(f"unsupported scalar type {type(x).__name__}")


def result_type_of(dim_dtypes, zero_dim_dtypes, scalars):
    """PyTorch's result_type from the dtypes of dimensioned tensors, 0-dim tensors and scalars."""
    dim = zero = wrapped = None
    for d in dim_dtypes:
        dim = d if dim is None else promote_types(dim, d)
    for d in zero_dim_dtypes:
        zero = d if zero is None else promote_types(zero, d)
    for s in scalars:
        d = scalar_dtype(s)
        if d.is_floating_point and not isinstance(s, np.generic):
            d = get_default_dtype()
        wrapped = d if wrapped is None else promote_types(wrapped, d)
    return _combine(dim, _combine(zero, wrapped))


def can_cast(from_, to):
    """torch.can_cast: False when the cast would lower the category (float->int, int->bool)."""
    return category(to_dtype(from_)) <= category(to_dtype(to))


class finfo:
    """torch.finfo for a floating dtype."""

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
        self.tiny = self.smallest_normal = float(fi.tiny)
        self.resolution = float(fi.resolution)
        self.dtype = d.name

    def __repr__(self):
        return (f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
                f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, "
                f"dtype={self.dtype})")


class iinfo:
    """torch.iinfo for an integer dtype."""

    def __init__(self, type):
        d = to_dtype(type)
        if d.is_floating_point:
            raise TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to "
                            "handle 'torch.iinfo'")
        ii = np.iinfo(d.np) if d is not bool_ else None
        self.bits = d.itemsize * 8
        self.max = int(ii.max) if ii else 1
        self.min = int(ii.min) if ii else 0
        self.dtype = d.name

    def __repr__(self):
        return f"iinfo(min={self.min}, max={self.max}, dtype={self.dtype})"
