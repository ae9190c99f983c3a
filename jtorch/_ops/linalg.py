"""Linear algebra ops with PyTorch's shape rules, dtype rules and error messages.

Products (matmul, mm, bmm, mv, dot, inner, outer, addmm, ..., einsum, tensordot) follow the path
PyTorch's own dispatcher takes, so a bad call raises the message of the kernel PyTorch would have
reached (mm's, mv's, bmm's, dot's). Float32 products use Precision.HIGHEST so they agree with
PyTorch's CPU results; float16/bfloat16 accumulate in float32 and integer products accumulate in
int64 (wrapping like PyTorch's integer kernels). Decompositions run on jax.lax.linalg; failures
that depend on values (a singular matrix, a matrix that is not positive-definite) are recorded
as checks and raise `LinAlgError` at the next sync point.

The `torch.linalg` namespace itself lives in jtorch/linalg.py; the functions it exposes are
defined here (`linalg_*`) so that `torch.det`, `Tensor.inverse`, ... share one definition.
"""
import functools
import math
import warnings

import jax
import jax.numpy as jnp
import numpy as np

from .. import _dtype, return_types
from .._dtype import bool_, int64, float16, bfloat16, float32
from .dispatch import record, record_multi, add_check
from .registry import op
from .._runtime.graph import user_stacklevel
from .elementwise import is_tensor, result_type

HIGHEST = jax.lax.Precision.HIGHEST
_INF = float("inf")


class LinAlgError(RuntimeError):
    """torch.linalg.LinAlgError: a linear algebra routine failed on the values (a RuntimeError)."""


LinAlgError.__module__ = "jtorch.linalg"
# PyTorch's class is torch._C._LinAlgError: `type(e).__name__` says "_LinAlgError"
LinAlgError.__name__ = LinAlgError.__qualname__ = "_LinAlgError"


# ---- names PyTorch prints -------------------------------------------------------------------
_C10 = {"float32": "Float", "float64": "Double", "float16": "Half", "bfloat16": "BFloat16",
        "int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte",
        "bool": "Bool"}
_CPP = {"float32": "float", "float64": "double", "float16": "c10::Half",
        "bfloat16": "c10::BFloat16", "int64": "long int", "int32": "int", "int16": "short int",
        "int8": "signed char", "uint8": "unsigned char", "bool": "bool"}


def _c10(dt):
    return _C10[dt.name]


def _cpp(dt):
    return _CPP[dt.name]


def _x(shape):
    return "x".join(str(s) for s in shape)


def _not_impl(kernel, dt):
    return NotImplementedError(f"\"{kernel}\" not implemented for '{_c10(dt)}'")


def _need_tensor(fname, arg, pos, x):
    if not is_tensor(x):
        raise TypeError(f"{fname}(): argument '{arg}' (position {pos}) must be Tensor, not "
                        f"{type(x).__name__}")


def _scalar(x):
    return x.item() if isinstance(x, np.generic) else x


def _is_low(dt):
    return dt is float16 or dt is bfloat16


def _broadcast(a, b):
    """PyTorch's infer_size for two shapes (dims are counted in the broadcast result)."""
    n = max(len(a), len(b))
    pa = (1,) * (n - len(a)) + tuple(a)
    pb = (1,) * (n - len(b)) + tuple(b)
    out = []
    for i, (x, y) in enumerate(zip(pa, pb)):
        if x != y and x != 1 and y != 1:
            raise RuntimeError(f"The size of tensor a ({x}) must match the size of tensor b ({y}) "
                               f"at non-singleton dimension {i}")
        out.append(y if x == 1 else x)
    return tuple(out)


def _expand_to(shape, target, dt=None):
    """PyTorch's expand_size check of `shape` against `target` (addmm's bias and friends)."""
    name = f"torch.{dt._legacy}" if dt is not None else "torch.FloatTensor"
    if len(target) < len(shape):
        raise RuntimeError(f"expand({name}{{{list(shape)}}}, size={list(target)}): the number "
                           f"of sizes provided ({len(target)}) must be greater or equal to the "
                           f"number of dimensions in the tensor ({len(shape)})")
    lead = len(target) - len(shape)
    for i in range(len(target) - 1, lead - 1, -1):  # PyTorch checks from the last dim
        s, cur = target[i], shape[i - lead]
        if cur != s and cur != 1:
            raise RuntimeError(f"The expanded size of the tensor ({s}) must match the existing "
                               f"size ({cur}) at non-singleton dimension {i}.  Target sizes: "
                               f"{list(target)}.  Tensor sizes: {list(shape)}")


def _wrap(dim, ndim):
    n = max(ndim, 1)
    if not isinstance(dim, int) and hasattr(dim, "__index__"):
        dim = dim.__index__()
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
                         f"but got {dim})")
    return dim + n if dim < 0 else dim


def return_type(name, fields):
    """PyTorch's structseq torch.return_types.<name>, built from its fields' values."""
    cls = return_types.make(name, fields)
    return lambda *values: cls(values)


# ---- product kernels ------------------------------------------------------------------------
def _acc_matmul(a, b):
    """a @ b (NumPy matmul semantics) in the accumulation dtype of a's dtype."""
    if jnp.issubdtype(a.dtype, jnp.integer) or a.dtype == jnp.bool_:
        return jnp.matmul(a.astype(jnp.int64), b.astype(jnp.int64))
    if a.dtype in (jnp.float16, jnp.bfloat16):
        return jnp.matmul(a, b, precision=HIGHEST, preferred_element_type=jnp.float32)
    return jnp.matmul(a, b, precision=HIGHEST)


def _acc_dtype(dt):
    npd = dt.np
    if _is_low(dt):
        return np.dtype(np.float32)
    if not dt.is_floating_point:
        return np.dtype(np.int64)
    return npd


def _k_matmul(a, b):
    return _acc_matmul(a, b).astype(a.dtype)


def _k_mm(a, b):
    return _acc_matmul(a, b).astype(a.dtype)


def _k_bmm(a, b):
    return _acc_matmul(a, b).astype(a.dtype)


def _k_mv(a, b):
    return _acc_matmul(a, b).astype(a.dtype)


def _k_dot(a, b):
    return _acc_matmul(a, b).astype(a.dtype)


def _axpby(c, prod, beta, alpha, odt):
    """beta * c + alpha * prod with BLAS semantics: beta == 0 ignores c, alpha == 0 ignores prod
    (no NaN propagation), integer scalars truncate like PyTorch's conversion."""
    acc = prod.dtype
    if jnp.issubdtype(acc, jnp.integer):
        beta = jnp.asarray(beta).astype(jnp.int64)
        alpha = jnp.asarray(alpha).astype(jnp.int64)
    else:
        beta = jnp.asarray(beta, acc)
        alpha = jnp.asarray(alpha, acc)
    c = c.astype(acc)
    left = jnp.where(beta == 0, jnp.zeros_like(c), beta * c)
    right = jnp.where(alpha == 0, jnp.zeros_like(prod), alpha * prod)
    return (left + right).astype(odt)


def _k_addmm(c, a, b, beta, alpha):
    return _axpby(c, _acc_matmul(a, b), beta, alpha, a.dtype)


def _k_addmv(c, a, b, beta, alpha):
    return _axpby(c, _acc_matmul(a, b), beta, alpha, a.dtype)


def _k_baddbmm(c, a, b, beta, alpha):
    return _axpby(c, _acc_matmul(a, b), beta, alpha, a.dtype)


def _k_addbmm(c, a, b, beta, alpha):
    prod = _acc_matmul(a, b).sum(axis=0)
    return _axpby(c, prod, beta, alpha, a.dtype)


# ---- product checks (run once per input signature) ------------------------------------------
def _mm_checks(s1, s2, d1, d2):
    if s1[1] != s2[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_x(s1)} and {_x(s2)})")
    if d1 is not d2:
        raise RuntimeError(f"expected m1 and m2 to have the same dtype, but got: {_cpp(d1)} != "
                           f"{_cpp(d2)}")
    if d1 is bool_:
        raise _not_impl("addmm_impl_cpu_", d1)


def _mv_checks(sm, sv, dm, dv):
    if sm[1] != sv[0]:
        raise RuntimeError(f"size mismatch, got input ({sm[0]}), mat ({_x(sm)}), vec ({sv[0]})")
    if dm is not dv:
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got {_c10(dv)}, "
                           f"{_c10(dm)}, and {_c10(dv)}")
    if dm is bool_:
        raise _not_impl("addmv_impl_cpu", dm)


def _dot_checks(s1, s2, d1, d2):
    if len(s1) != 1 or len(s2) != 1:
        raise RuntimeError(f"1D tensors expected, but got {len(s1)}D and {len(s2)}D tensors")
    if d1 is not d2:
        raise RuntimeError(f"dot : expected both vectors to have same dtype, but found "
                           f"{_c10(d1)} and {_c10(d2)}")
    if s1[0] != s2[0]:
        raise RuntimeError(f"inconsistent tensor size, expected tensor [{s1[0]}] and src "
                           f"[{s2[0]}] to have the same number of elements, but got {s1[0]} and "
                           f"{s2[0]} elements respectively")
    if d1 is bool_:
        raise _not_impl("dot", d1)


def _bmm_checks(s1, s2, d1, d2, kernel="bmm"):
    if s2[0] != s1[0] or s2[1] != s1[2]:
        raise RuntimeError(f"Expected size for first two dimensions of batch2 tensor to be: "
                           f"[{s1[0]}, {s1[2]}] but got: [{s2[0]}, {s2[1]}].")
    if d1 is bool_:
        raise _not_impl(kernel, d1)
    if d1 is not d2:
        raise RuntimeError(f"expected scalar type {_c10(d1)} but found {_c10(d2)}")


def _check_matmul(static, a, b):
    s1, s2, d1, d2 = a.shape, b.shape, a.dtype, b.dtype
    n1, n2 = len(s1), len(s2)
    if n1 == 0 or n2 == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are "
                           f"{n1}D and {n2}D")
    if n1 == 1 and n2 == 1:
        _dot_checks(s1, s2, d1, d2)
    elif n1 == 2 and n2 == 1:
        _mv_checks(s1, s2, d1, d2)
    elif n1 == 1 and n2 == 2:
        _mm_checks((1,) + s1, s2, d1, d2)
    elif n1 == 2 and n2 == 2:
        _mm_checks(s1, s2, d1, d2)
    elif n1 >= 3 and n2 <= 2:
        folded = (math.prod(s1[:-1]), s1[-1])
        if n2 == 2:
            _mm_checks(folded, s2, d1, d2)
        else:
            _mv_checks(folded, s2, d1, d2)
    else:
        n = s1[-2] if n1 > 1 else 1
        m1 = s1[-1]
        m2 = s2[-2] if n2 > 1 else s2[0]
        p = s2[-1] if n2 > 1 else 1
        batch = _broadcast(s1[:-2], s2[:-2])
        bsz = math.prod(batch)
        _bmm_checks((bsz, n, m1), (bsz, m2, p), d1, d2)


def _check_mm(static, a, b):
    if len(a.shape) != 2:
        raise RuntimeError("self must be a matrix")
    if len(b.shape) != 2:
        raise RuntimeError("mat2 must be a matrix")
    _mm_checks(a.shape, b.shape, a.dtype, b.dtype)


def _check_bmm(static, a, b):
    if len(a.shape) != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if len(b.shape) != 3:
        raise RuntimeError("batch2 must be a 3D tensor")
    _bmm_checks(a.shape, b.shape, a.dtype, b.dtype)


def _check_mv(static, a, b):
    if len(a.shape) != 2 or len(b.shape) != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got 1, {len(a.shape)}, "
                           f"{len(b.shape)}")
    _mv_checks(a.shape, b.shape, a.dtype, b.dtype)


def _check_dot(static, a, b):
    _dot_checks(a.shape, b.shape, a.dtype, b.dtype)


def _check_addmm(static, c, a, b, beta, alpha):
    for name, t in (("mat1", a), ("mat2", b)):
        if len(t.shape) != 2:
            raise RuntimeError(f"{name} must be a matrix, got {len(t.shape)}-D tensor")
    if a.shape[1] != b.shape[0]:
        raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_x(a.shape)} and "
                           f"{_x(b.shape)})")
    if c.dtype is not b.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_c10(c.dtype)} and "
                           f"{_c10(b.dtype)}")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_c10(a.dtype)} and "
                           f"{_c10(b.dtype)}")
    _expand_to(c.shape, (a.shape[0], b.shape[1]), c.dtype)
    if a.dtype is bool_:
        raise _not_impl("addmm_impl_cpu_", a.dtype)


def _check_addmv(static, c, a, b, beta, alpha):
    if len(c.shape) > 1 or len(a.shape) != 2 or len(b.shape) != 1:
        raise RuntimeError(f"vector + matrix @ vector expected, got {len(c.shape)}, "
                           f"{len(a.shape)}, {len(b.shape)}")
    n = c.shape[0] if c.shape else 1
    if a.shape[1] != b.shape[0] or (n != a.shape[0] and n != 1):
        raise RuntimeError(f"size mismatch, got input ({n}), mat ({_x(a.shape)}), vec "
                           f"({b.shape[0]})")
    if not (c.dtype is a.dtype is b.dtype):
        raise RuntimeError(f"addmv input tensors must have the same dtype, but got "
                           f"{_c10(c.dtype)}, {_c10(a.dtype)}, and {_c10(b.dtype)}")
    if a.dtype is bool_:
        raise _not_impl("addmv_impl_cpu", a.dtype)


def _check_batch_dims(a, b):
    if len(a.shape) != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    if len(b.shape) != 3:
        raise RuntimeError("batch2 must be a 3D tensor")


def _size(shape, d):
    """Tensor.size(d) with PyTorch's IndexError for a dim out of range."""
    return shape[_wrap(d, len(shape))]


def _check_addbmm(static, c, a, b, beta, alpha):
    _expand_to(c.shape, (_size(a.shape, 1), _size(b.shape, 2)), c.dtype)
    _check_batch_dims(a, b)
    if a.shape[0] != b.shape[0]:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got "
                           f"{a.shape[0]} and {b.shape[0]}")
    if a.shape[2] != b.shape[1]:
        raise RuntimeError(f"Incompatible matrix sizes for bmm ({_x(a.shape[1:])} and "
                           f"{_x(b.shape[1:])})")
    if c.dtype is not b.dtype:
        raise RuntimeError(f"self and mat2 must have the same dtype, but got {_c10(c.dtype)} and "
                           f"{_c10(b.dtype)}")
    if a.dtype is not b.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {_c10(a.dtype)} and "
                           f"{_c10(b.dtype)}")
    if a.dtype is bool_:
        raise _not_impl("addmm_impl_cpu_", a.dtype)


def _check_baddbmm(static, c, a, b, beta, alpha):
    _expand_to(c.shape, (_size(a.shape, 0), _size(a.shape, 1), _size(b.shape, 2)), c.dtype)
    _check_batch_dims(a, b)
    if c.dtype is not a.dtype:
        raise RuntimeError(f"Input dtypes must be the same, got: input {_cpp(c.dtype)}, batch1: "
                           f"{_cpp(a.dtype)}, batch2: {_cpp(b.dtype)}")
    _bmm_checks(a.shape, b.shape, a.dtype, b.dtype, kernel="baddbmm")


# ---- products -------------------------------------------------------------------------------
_MATMUL_GNAME = {(2, 2): "MmBackward0", (1, 1): "DotBackward0", (2, 1): "MvBackward0",
                 (1, 2): "SqueezeBackward4"}


def _matmul_gname(n1, n2):
    return _MATMUL_GNAME.get((n1, n2), "CloneBackward0" if n1 <= 2 else "UnsafeViewBackward0")


@op("matmul")
def matmul(input, other):
    """torch.matmul: dot, mv, mm, folded and broadcast batched products, with the errors of the
    kernel PyTorch dispatches to for each case."""
    _need_tensor("matmul", "input", 1, input)
    _need_tensor("matmul", "other", 2, other)
    return record(_k_matmul, (input, other), check=_check_matmul, name="matmul",
                  gname=_matmul_gname(input.dim(), other.dim()))


@op("mm")
def mm(input, mat2):
    """torch.mm: 2-D by 2-D product (integer products accumulate in int64 as in PyTorch)."""
    _need_tensor("mm", "input", 1, input)
    _need_tensor("mm", "mat2", 2, mat2)
    return record(_k_mm, (input, mat2), check=_check_mm, name="mm")


@op("bmm")
def bmm(input, mat2):
    """torch.bmm: batched 3-D by 3-D product, no broadcasting."""
    _need_tensor("bmm", "input", 1, input)
    _need_tensor("bmm", "mat2", 2, mat2)
    return record(_k_bmm, (input, mat2), check=_check_bmm, name="bmm")


@op("mv")
def mv(input, vec):
    """torch.mv: matrix by vector."""
    _need_tensor("mv", "input", 1, input)
    _need_tensor("mv", "vec", 2, vec)
    return record(_k_mv, (input, vec), check=_check_mv, name="mv")


@op("dot")
def dot(input, tensor):
    """torch.dot: 1-D by 1-D of the same dtype (no promotion, as in PyTorch)."""
    _need_tensor("dot", "input", 1, input)
    _need_tensor("dot", "tensor", 2, tensor)
    return record(_k_dot, (input, tensor), check=_check_dot, name="dot")


@op("vdot")
def vdot(input, other):
    """torch.vdot: dot with the first argument conjugated (the same as dot for real dtypes)."""
    _need_tensor("vdot", "input", 1, input)
    _need_tensor("vdot", "other", 2, other)
    return record(_k_dot, (input, other), check=_check_dot, name="vdot")


def _k_inner(a, b, *, dt):
    a, b = a.astype(dt.np), b.astype(dt.np)
    if a.ndim == 0 or b.ndim == 0:
        return (a * b).astype(dt.np)
    acc = _acc_dtype(dt)
    if jnp.issubdtype(acc, jnp.integer):
        r = jnp.tensordot(a.astype(acc), b.astype(acc), axes=([-1], [-1]))
    else:
        r = jnp.tensordot(a, b, axes=([-1], [-1]), precision=HIGHEST,
                          preferred_element_type=acc)
    return r.astype(dt.np)


@op("inner")
def inner(input, other):
    """torch.inner: contraction over the last dims; a 0-d argument multiplies (with promotion)."""
    _need_tensor("inner", "input", 1, input)
    _need_tensor("inner", "other", 2, other)
    s1, s2 = input._nd.shape, other._nd.shape
    if not s1 or not s2:
        return record(_k_inner, (input, other), (("dt", result_type(input, other)),),
                      name="inner")
    if s1[-1] != s2[-1]:
        raise RuntimeError(f"inner() the last dimension must match on both input tensors but got "
                           f"shapes {list(s1)} and {list(s2)}")
    if input.dtype is not other.dtype:
        raise RuntimeError("both inputs should have same dtype")
    if input.dtype is bool_:
        raise _not_impl("dot" if len(s1) == 1 and len(s2) == 1 else "addmm_impl_cpu_", bool_)
    return record(_k_inner, (input, other), (("dt", input.dtype),), name="inner",
                  gname="ViewBackward0")


def _k_outer(a, b, *, dt):
    a, b = a.astype(dt.np), b.astype(dt.np)
    if dt is bool_:
        return a[:, None] & b[None, :]
    return a[:, None] * b[None, :]


@op("outer", "ger")
def outer(input, vec2):
    """torch.outer / torch.ger: outer product of two 1-D tensors, with type promotion."""
    _need_tensor("outer", "input", 1, input)
    _need_tensor("outer", "vec2", 2, vec2)
    for name, t in (("self", input), ("vec2", vec2)):
        if t.dim() != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t.dim()}-D")
    return record(_k_outer, (input, vec2), (("dt", result_type(input, vec2)),), name="outer",
                  gname="MulBackward0")


def _scalar_args(name, beta, alpha):
    beta, alpha = _scalar(beta), _scalar(alpha)
    for n, v in (("beta", beta), ("alpha", alpha)):
        if not isinstance(v, (bool, int, float)) and not is_tensor(v):
            raise TypeError(f"{name}(): argument '{n}' must be Number, not {type(v).__name__}")
    if is_tensor(beta):
        beta = beta.item()
    if is_tensor(alpha):
        alpha = alpha.item()
    return beta, alpha


def _check_fit(dt, *scalars, opmath=False):
    """beta and alpha are converted (checked) to the result dtype, as in PyTorch (to float32
    for half types in the matrix-matrix products, `opmath`)."""
    from .elementwise import check_scalar_fits
    if opmath and dt in (float16, bfloat16):
        dt = float32
    for v in scalars:
        check_scalar_fits(v, dt, bfloat16_too=True)


@op("addmm", inplace=True)
def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """torch.addmm: beta * input + alpha * (mat1 @ mat2); beta == 0 ignores input (NaNs too)."""
    _need_tensor("addmm", "input", 1, input)
    _need_tensor("addmm", "mat1", 2, mat1)
    _need_tensor("addmm", "mat2", 3, mat2)
    beta, alpha = _scalar_args("addmm", beta, alpha)
    _check_fit(input.dtype, beta, alpha, opmath=True)
    return record(_k_addmm, (input, mat1, mat2, beta, alpha), check=_check_addmm, name="addmm")


@op("addmv", inplace=True)
def addmv(input, mat, vec, *, beta=1, alpha=1):
    """torch.addmv: beta * input + alpha * (mat @ vec)."""
    _need_tensor("addmv", "input", 1, input)
    _need_tensor("addmv", "mat", 2, mat)
    _need_tensor("addmv", "vec", 3, vec)
    beta, alpha = _scalar_args("addmv", beta, alpha)
    _check_fit(input.dtype, beta, alpha)
    return record(_k_addmv, (input, mat, vec, beta, alpha), check=_check_addmv, name="addmv")


@op("addbmm", inplace=True)
def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """torch.addbmm: beta * input + alpha * sum_b(batch1[b] @ batch2[b])."""
    _need_tensor("addbmm", "input", 1, input)
    _need_tensor("addbmm", "batch1", 2, batch1)
    _need_tensor("addbmm", "batch2", 3, batch2)
    beta, alpha = _scalar_args("addbmm", beta, alpha)
    _check_fit(input.dtype, beta, alpha, opmath=True)
    return record(_k_addbmm, (input, batch1, batch2, beta, alpha), check=_check_addbmm,
                  name="addbmm")


@op("baddbmm", inplace=True)
def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """torch.baddbmm: beta * input + alpha * (batch1 @ batch2), batch by batch."""
    _need_tensor("baddbmm", "input", 1, input)
    _need_tensor("baddbmm", "batch1", 2, batch1)
    _need_tensor("baddbmm", "batch2", 3, batch2)
    beta, alpha = _scalar_args("baddbmm", beta, alpha)
    _check_fit(input.dtype, beta, alpha, opmath=True)
    return record(_k_baddbmm, (input, batch1, batch2, beta, alpha), check=_check_baddbmm,
                  name="baddbmm")


def _k_addr(c, a, b, beta, alpha, *, dt):
    c, a, b = c.astype(dt.np), a.astype(dt.np), b.astype(dt.np)
    if dt is bool_:
        beta = jnp.asarray(beta) != 0
        alpha = jnp.asarray(alpha) != 0
        return (beta & c) | (alpha & (a[:, None] & b[None, :]))
    return _axpby(c, a[:, None] * b[None, :], beta, alpha, dt.np)


@op("addr", inplace=True)
def addr(input, vec1, vec2, *, beta=1, alpha=1):
    """torch.addr: beta * input + alpha * outer(vec1, vec2), with type promotion."""
    _need_tensor("addr", "input", 1, input)
    _need_tensor("addr", "vec1", 2, vec1)
    _need_tensor("addr", "vec2", 3, vec2)
    for name, t in (("vec1", vec1), ("vec2", vec2)):
        if t.dim() != 1:
            raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {t.dim()}-D")
    dt = result_type(input, vec1, vec2)
    beta, alpha = _scalar_args("addr", beta, alpha)
    _check_fit(dt, beta, alpha)
    _expand_to(input._nd.shape, (vec1._nd.shape[0], vec2._nd.shape[0]), input.dtype)
    if not dt.is_floating_point:
        for n, v in (("beta", beta), ("alpha", alpha)):
            if isinstance(v, float):
                raise RuntimeError(f"For integral input tensors, argument {n} must not be a "
                                   f"floating point number.")
    return record(_k_addr, (input, vec1, vec2, beta, alpha), (("dt", dt),), name="addr")


def _k_kron(a, b, *, dt):
    a, b = a.astype(dt.np), b.astype(dt.np)
    if dt is bool_:
        return jnp.kron(a.astype(jnp.int8), b.astype(jnp.int8)).astype(jnp.bool_)
    return jnp.kron(a, b)


@op("kron")
def kron(input, other):
    """torch.kron: Kronecker product (the smaller rank is padded with leading ones)."""
    _need_tensor("kron", "input", 1, input)
    _need_tensor("kron", "other", 2, other)
    return record(_k_kron, (input, other), (("dt", result_type(input, other)),), name="kron",
                  gname="UnsafeViewBackward0")


def _k_tensordot(a, b, *, da, db, shape_a, shape_b):
    a = jnp.broadcast_to(a, shape_a)
    b = jnp.broadcast_to(b, shape_b)
    acc = _acc_dtype(_dtype.from_numpy_dtype(a.dtype))
    if jnp.issubdtype(acc, jnp.integer):
        r = jnp.tensordot(a.astype(acc), b.astype(acc), axes=(da, db))
    else:
        r = jnp.tensordot(a, b, axes=(da, db), precision=HIGHEST, preferred_element_type=acc)
    return r.astype(a.dtype)


def _dims_list(x):
    if is_tensor(x):
        return [int(v) for v in x.tolist()]
    return list(x)


@op("tensordot", method=False)
def tensordot(a, b, dims=2):
    """torch.tensordot: contract dims of a with dims of b (an int n: a's last n with b's first n);
    contracted sizes of 1 broadcast, as in PyTorch."""
    _need_tensor("tensordot", "a", 1, a)
    _need_tensor("tensordot", "b", 2, b)
    if is_tensor(dims):
        dims = dims.item() if dims.dim() == 0 else dims.tolist()
    if isinstance(dims, bool) or not isinstance(dims, (int, list, tuple)):
        raise RuntimeError(f"tensordot expects dims to be int or tuple[list[int], list[int]] or "
                           f"list[list[int]] containing two lists, but got dims={dims}")
    sa, sb = a._nd.shape, b._nd.shape
    if isinstance(dims, int):
        if dims < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
        if dims > len(sa) or dims > len(sb):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
        da, db = list(range(-dims, 0)), list(range(dims))
    else:
        if len(dims) != 2:
            raise ValueError(f"too many values to unpack (expected 2)" if len(dims) > 2 else
                             f"not enough values to unpack (expected 2, got {len(dims)})")
        da, db = dims
        for name, d in (("dims_self", da), ("dims_other", db)):
            if isinstance(d, int):
                raise TypeError(f"tensordot(): argument '{name}' (position 3) must be tuple of "
                                f"ints, not int")
        da, db = _dims_list(da), _dims_list(db)
    if len(da) != len(db):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    wa = [_wrap(d, len(sa)) for d in da]
    wb = [_wrap(d, len(sb)) for d in db]
    ta, tb = list(sa), list(sb)
    for i, (x, y) in enumerate(zip(wa, wb)):
        if sa[x] == sb[y]:
            continue
        if sa[x] == 1:
            ta[x] = sb[y]
        elif sb[y] == 1:
            tb[y] = sa[x]
        else:
            raise RuntimeError(f"contracted dimensions need to match, but first has size {sa[x]} "
                               f"in dim {da[i]} and second has size {sb[y]} in dim {db[i]}")
    for w in (wa, wb):
        seen = set()
        for d in w:
            if d in seen:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
            seen.add(d)
    if a.dtype is bool_:
        raise _not_impl("addmm_impl_cpu_", bool_)
    return record(_k_tensordot, (a, b), (("da", tuple(wa)), ("db", tuple(wb)),
                                         ("shape_a", tuple(ta)), ("shape_b", tuple(tb))),
                  name="tensordot", gname="ViewBackward0")


def _k_trace(a, *, dt):
    acc = _acc_dtype(dt)
    return jnp.trace(a.astype(acc)).astype(dt.np)


@op("trace")
def trace(input):
    """torch.trace: sum of the main diagonal of a 2-D tensor; integers give int64."""
    _need_tensor("trace", "input", 1, input)
    if input.dim() != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.dim()}")
    dt = input.dtype
    if dt is bool_:
        raise _not_impl("trace", dt)
    out = dt if dt.is_floating_point else int64
    return record(_k_trace, (input,), (("dt", out),), name="trace")


def _k_cross(a, b, *, dim, shape):
    a = jnp.broadcast_to(a, shape)
    b = jnp.broadcast_to(b, shape)
    return jnp.cross(a, b, axis=dim)


def linalg_cross(input, other, *, dim=-1):
    """torch.linalg.cross: 3-vector cross product along `dim`, broadcasting the other dims."""
    _need_tensor("linalg_cross", "input", 1, input)
    _need_tensor("linalg_cross", "other", 2, other)
    s1, s2 = input._nd.shape, other._nd.shape
    if len(s1) != len(s2):
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    d = _wrap(dim, len(s1))
    if s1[d] != 3 or s2[d] != 3:
        raise RuntimeError(f"linalg.cross: inputs dimension {dim} must have length 3. Got "
                           f"{s1[d]} and {s2[d]}")
    shape = _broadcast(s1, s2)
    if input.dtype is not other.dtype:
        raise RuntimeError(f"expected scalar type {_c10(input.dtype)} but found "
                           f"{_c10(other.dtype)}")
    if input.dtype is bool_:
        raise _not_impl("cross", bool_)
    return record(_k_cross, (input, other), (("dim", d), ("shape", shape)), name="linalg_cross")


_warned = set()


def _warn_once(key, message):
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, UserWarning, stacklevel=user_stacklevel())


@op("cross")
def cross(input, other, dim=None):
    """torch.cross: like linalg.cross; without dim, the first dim of size 3 (deprecated)."""
    _need_tensor("cross", "input", 1, input)
    _need_tensor("cross", "other", 2, other)
    if dim is None:
        _warn_once("cross", "Using torch.cross without specifying the dim arg is deprecated.\n"
                   "Please either pass the dim explicitly or simply use torch.linalg.cross.\n"
                   "The default value of dim will change to agree with that of linalg.cross in "
                   "a future release.")
        for i, s in enumerate(input._nd.shape):
            if s == 3:
                dim = i
                break
        else:
            raise RuntimeError("no dimension of size 3 in input")
    return linalg_cross(input, other, dim=dim)


# ---- cdist ----------------------------------------------------------------------------------
def _k_cdist(x1, x2, *, p, mm, shape1, shape2):
    out = x1.dtype
    x1 = jnp.broadcast_to(x1, shape1)
    x2 = jnp.broadcast_to(x2, shape2)
    if mm:
        # PyTorch's _euclidean_dist: |x|^2 + |y|^2 - 2 x.y through one matmul, clamped at 0
        n1 = jnp.sum(x1 * x1, axis=-1, keepdims=True)
        n2 = jnp.sum(x2 * x2, axis=-1, keepdims=True)
        a = jnp.concatenate([-2 * x1, n1, jnp.ones_like(n1)], axis=-1)
        b = jnp.concatenate([x2, jnp.ones_like(n2), n2], axis=-1)
        r = jnp.matmul(a, jnp.swapaxes(b, -1, -2), precision=HIGHEST)
        return jnp.sqrt(jnp.maximum(r, 0)).astype(out)
    d = jnp.abs(x1[..., :, None, :] - x2[..., None, :, :])
    if p == 0:
        r = jnp.sum((d != 0).astype(out), axis=-1)
    elif p == 1:
        r = jnp.sum(d, axis=-1)
    elif p == 2:
        r = jnp.sqrt(jnp.sum(d * d, axis=-1))
    elif p == _INF:
        r = jnp.max(d, axis=-1, initial=0)
    else:
        r = jnp.sum(d ** p, axis=-1) ** (1.0 / p)
    return r.astype(out)


_CDIST_MODES = {"use_mm_for_euclid_dist_if_necessary": 0, "use_mm_for_euclid_dist": 1,
                "donot_use_mm_for_euclid_dist": 2}


@op("cdist", method=False)
def cdist(x1, x2, p=2.0, compute_mode="use_mm_for_euclid_dist_if_necessary"):
    """torch.cdist: batched p-norm distances between row sets; for p=2 and more than 25 rows
    (or compute_mode='use_mm_for_euclid_dist') it uses PyTorch's matmul formula, as PyTorch."""
    _need_tensor("cdist", "x1", 1, x1)
    _need_tensor("cdist", "x2", 2, x2)
    if compute_mode is None:
        compute_mode = "use_mm_for_euclid_dist_if_necessary"
    if compute_mode not in _CDIST_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    mode = _CDIST_MODES[compute_mode]
    s1, s2 = x1._nd.shape, x2._nd.shape
    for name, s in (("X1", s1), ("X2", s2)):
        if len(s) < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {len(s)}D")
    if s1[-1] != s2[-1]:
        raise RuntimeError(f"X1 and X2 must have the same number of columns. X1: {s1[-1]} X2: "
                           f"{s2[-1]}")
    for name, t in (("X1", x1), ("X2", x2)):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: "
                               f"{_c10(t.dtype)}")
    p = float(_scalar(p))
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    batch = _broadcast(s1[:-2], s2[:-2])
    if x1.dtype is not x2.dtype:
        raise RuntimeError(f"expected scalar type {_c10(x1.dtype)} but found {_c10(x2.dtype)}")
    if _is_low(x1.dtype):
        raise _not_impl("cdist", x1.dtype)
    r1, r2 = s1[-2], s2[-2]
    empty = math.prod(s1) == 0 or math.prod(s2) == 0
    mm = (not empty and p == 2 and (mode == 1 or (mode == 0 and (r1 > 25 or r2 > 25))))
    return record(_k_cdist, (x1, x2), (("p", p), ("mm", mm), ("shape1", batch + s1[-2:]),
                                       ("shape2", batch + s2[-2:])), name="cdist")


# ---- einsum ---------------------------------------------------------------------------------
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _sublist(sub):
    out = []
    for s in sub:
        if s is Ellipsis:
            out.append("...")
        elif isinstance(s, int) and 0 <= s < 52:
            out.append(_LETTERS[s])
        else:
            raise ValueError("einsum(): subscript in subscript list is not within the valid "
                             "range [0, 52)")
    return "".join(out)


def _einsum_args(args):
    if len(args) < 2:
        raise ValueError("einsum(): must specify the equation string and at least one operand, "
                         "or at least one operand and its subscripts list")
    if isinstance(args[0], str):
        eq, ops = args[0], args[1:]
        if len(ops) == 1 and isinstance(ops[0], (list, tuple)):
            ops = tuple(ops[0])
    else:
        ops, subs = args[0::2], args[1::2]
        out = None
        if len(args) % 2 == 1:
            out = args[-1]
            ops = ops[:-1]
        eq = ",".join(_sublist(s) for s in subs)
        if out is not None:
            eq += "->" + _sublist(out)
    for i, o in enumerate(ops):
        if not is_tensor(o):
            raise TypeError(f"expected Tensor as element {i} in argument 1, but got "
                            f"{type(o).__name__}")
    return eq, tuple(ops)


def _einsum_plan(eq, shapes):
    """Parse and check an einsum equation like PyTorch; returns an explicit equation over
    letters only (ellipses replaced) and the broadcast shape of each operand."""
    nops = len(shapes)
    arrow = eq.find("->")
    lhs = eq if arrow < 0 else eq[:arrow]
    terms = [[]]
    ell_seen = [False]
    i = 0
    while i < len(lhs):
        c = lhs[i]
        if c == " ":
            pass
        elif c == ".":
            k = len(terms) - 1
            if ell_seen[k]:
                raise RuntimeError(f"einsum(): found '.' for operand {k} for which an ellipsis "
                                   f"was already found")
            if lhs[i:i + 3] != "...":
                raise RuntimeError(f"einsum(): found '.' for operand {k} that is not part of any "
                                   f"ellipsis")
            terms[k].append("...")
            ell_seen[k] = True
            i += 2
        elif c == ",":
            if len(terms) >= nops:
                raise RuntimeError("einsum(): fewer operands were provided than specified in the "
                                   "equation")
            terms.append([])
            ell_seen.append(False)
        elif c in _LETTERS:
            terms[-1].append(c)
        else:
            raise RuntimeError(f"einsum(): invalid subscript given at index {i} in the equation "
                               f"string, subscripts must be in [a-zA-Z]")
        i += 1
    if len(terms) < nops:
        raise RuntimeError("einsum(): more operands were provided than specified in the "
                           "equation")
    ell_dims = 0
    counts = {}
    for k, (t, s) in enumerate(zip(terms, shapes)):
        n = sum(1 for x in t if x != "...")
        if "..." in t:
            if n > len(s):
                raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) is "
                                   f"more than the number of dimensions ({len(s)}) for operand "
                                   f"{k}")
            ell_dims = max(ell_dims, len(s) - n)
        elif n != len(s):
            raise RuntimeError(f"einsum(): the number of subscripts in the equation ({n}) does "
                               f"not match the number of dimensions ({len(s)}) for operand {k} "
                               f"and no ellipsis was given")
        for x in t:
            if x != "...":
                counts[x] = counts.get(x, 0) + 1
    if arrow >= 0:
        rhs = eq[arrow + 2:]
        out = []
        ell_out = False
        i = 0
        while i < len(rhs):
            c = rhs[i]
            if c == " ":
                pass
            elif c == ".":
                if ell_out:
                    raise RuntimeError("einsum(): found '.' for output but an ellipsis (...) was "
                                       "already found")
                if rhs[i:i + 3] != "...":
                    raise RuntimeError("einsum(): found '.' for output that is not part of any "
                                       "ellipsis (...)")
                out.append("...")
                ell_out = True
                i += 2
            elif c in _LETTERS:
                if c in out:
                    raise RuntimeError(f"einsum(): output subscript {c} appears more than once in "
                                       f"the output")
                if c not in counts:
                    raise RuntimeError(f"einsum(): output subscript {c} does not appear in the "
                                       f"equation for any input operand")
                out.append(c)
            else:
                raise RuntimeError(f"einsum(): invalid subscript given at index "
                                   f"{len(lhs) + 2 + i} in the equation string, subscripts must "
                                   f"be in [a-zA-Z]")
            i += 1
    else:
        out = ["..."] + sorted(c for c, n in counts.items() if n == 1)
    # sizes: repeated labels must agree within an operand; across operands sizes broadcast
    size = {}
    ell_size = [1] * ell_dims
    ell_known = [False] * ell_dims
    free = [c for c in _LETTERS if c not in counts]
    ell_letters = free[:ell_dims] if ell_dims else []
    if len(ell_letters) < ell_dims:
        raise RuntimeError("einsum(): too many dimensions for the letters available")
    op_labels = []
    for k, (t, s) in enumerate(zip(terms, shapes)):
        labels = []
        j = 0
        local = {}
        for x in t:
            if x == "...":
                n_ell = len(s) - (len(t) - 1)
                for e in range(n_ell):
                    pos = ell_dims - n_ell + e
                    d = s[j]
                    if ell_known[pos] and d != ell_size[pos] and d != 1 and ell_size[pos] != 1:
                        raise RuntimeError(
                            f"einsum(): dimension {pos} covered by ellipsis in operand {k}has "
                            f"size {d} which does not broadcast with previously seen ellipsis "
                            f"with size {ell_size[pos]} for the respective dimension")
                    if not ell_known[pos] or ell_size[pos] == 1:
                        ell_size[pos] = d
                    ell_known[pos] = True
                    labels.append(ell_letters[pos])
                    j += 1
                continue
            d = s[j]
            if x in local:
                if d != local[x]:
                    raise RuntimeError(f"einsum(): subscript {x} is repeated for operand {k} but "
                                       f"the sizes don't match, {d} != {local[x]}")
            else:
                local[x] = d
                if x in size and d != size[x] and d != 1 and size[x] != 1:
                    raise RuntimeError(f"einsum(): subscript {x} has size {d} for operand {k} "
                                       f"which does not broadcast with previously seen size "
                                       f"{size[x]}")
                if x not in size or size[x] == 1:
                    size[x] = d
            labels.append(x)
            j += 1
        op_labels.append(labels)
    for pos, letter in enumerate(ell_letters):
        size[letter] = ell_size[pos]
    out_labels = []
    for x in out:
        if x == "...":
            out_labels.extend(ell_letters)
        else:
            out_labels.append(x)
    targets = []
    for labels, s in zip(op_labels, shapes):
        # operands with fewer ellipsis dims get them as leading size-1 dims first
        targets.append(tuple(size[x] for x in labels))
    explicit = ",".join("".join(l) for l in op_labels) + "->" + "".join(out_labels)
    contracted = any(c not in out_labels for labels in op_labels for c in labels)
    return explicit, tuple(targets), contracted


def _k_einsum(*ops, eq, targets, cast=None):
    if cast is not None:
        ops = [o.astype(cast.np) for o in ops]
    dt = ops[0].dtype
    ops = [jnp.broadcast_to(o, t) if o.shape != t else o for o, t in zip(ops, targets)]
    acc = _acc_dtype(_dtype.from_numpy_dtype(dt))
    if jnp.issubdtype(acc, jnp.integer):
        return jnp.einsum(eq, *[o.astype(acc) for o in ops]).astype(dt)
    return jnp.einsum(eq, *ops, precision=HIGHEST, preferred_element_type=acc).astype(dt)


def _k_einsum_bool(*ops, eq, targets, sums):
    ops = [jnp.broadcast_to(o, t) if o.shape != t else o for o, t in zip(ops, targets)]
    r = jnp.einsum(eq, *[o.astype(jnp.int64) for o in ops])
    return r if sums else r != 0


def _einsum_gname(n_ops, contracted):
    """PyTorch's last einsum step: a sum or a permute of one operand; a batched matmul (then a
    view) when labels are summed over several, else a broadcast multiply."""
    if n_ops == 1:
        return "SumBackward1" if contracted else "PermuteBackward0"
    return "ViewBackward0" if contracted else "MulBackward0"


def _einsum_mixed_dtype(explicit, ops):
    """Operands of different dtypes: PyTorch multiplies them with promotion when no label is
    summed over two operands, and otherwise fails in its batched matmul."""
    lhs, out = explicit.split("->")
    terms = lhs.split(",")
    if any(c not in out and sum(c in t for t in terms) > 1 for c in set(lhs) - {","}):
        dt = ops[0].dtype
        other = next(o.dtype for o in ops[1:] if o.dtype is not dt)
        raise RuntimeError(f"expected scalar type {_c10(dt)} but found {_c10(other)}")
    return functools.reduce(_dtype.promote_types, (o.dtype for o in ops))


@op("einsum", method=False)
def einsum(*args):
    """torch.einsum(equation, *operands), einsum(equation, [operands]) and the sublist form;
    labels of size 1 broadcast, as in PyTorch."""
    eq, ops = _einsum_args(args)
    shapes = tuple(o._nd.shape for o in ops)
    explicit, targets, contracted = _einsum_plan(eq, shapes)
    dt = ops[0].dtype
    cast = None
    if any(o.dtype is not dt for o in ops[1:]):
        dt = cast = _einsum_mixed_dtype(explicit, ops)
    if dt is bool_:
        if len(ops) > 1 and contracted:
            raise _not_impl("bmm", bool_)
        return record(_k_einsum_bool, ops, (("eq", explicit), ("targets", targets),
                                            ("sums", contracted)), name="einsum")
    return record(_k_einsum, ops, (("eq", explicit), ("targets", targets), ("cast", cast)),
                  name="einsum", gname=_einsum_gname(len(ops), contracted))


@op("chain_matmul", method=False)
def chain_matmul(*matrices):
    """torch.chain_matmul (deprecated): the product of 2-D matrices, like linalg.multi_dot."""
    if len(matrices) == 1 and isinstance(matrices[0], (list, tuple)):
        matrices = tuple(matrices[0])
    if len(matrices) == 0:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    if len(matrices) == 1:
        from .conversion import clone
        return clone(matrices[0])
    return linalg_multi_dot(list(matrices))


# ---- linalg: common checks ------------------------------------------------------------------
def _matrix_checks(fname, A, *, square=True, arg="A", half=None, float_msg=None):
    """PyTorch's checks for linalg inputs: >= 2 dims, square, floating, not low precision."""
    nd = A.dim()
    if nd < 2:
        raise RuntimeError(f"{fname}: The input tensor {arg} must have at least 2 dimensions.")
    s = A._nd.shape
    if square and s[-1] != s[-2]:
        raise RuntimeError(f"{fname}: A must be batches of square matrices, but they are "
                           f"{s[-2]} by {s[-1]} matrices")
    dt = A.dtype
    if not dt.is_floating_point:
        raise RuntimeError(float_msg or f"{fname}: Expected a floating point or complex tensor "
                           f"as input. Got {_c10(dt)}")
    if _is_low(dt):
        if half is None:
            raise RuntimeError(f"{fname}: Low precision dtypes not supported. Got {_c10(dt)}")
        raise _not_impl(half, dt)


def _k_info_ok(info):
    flat = info.reshape(-1).astype(jnp.int64)
    if flat.size == 0:
        return jnp.asarray(True), jnp.zeros((2,), jnp.int64)
    bad = flat != 0
    i = jnp.argmax(bad)
    return jnp.logical_not(jnp.any(bad)), jnp.stack([i.astype(jnp.int64), flat[i]])


def _info_error(prefix, batched, message, detail):
    idx, val = (int(v) for v in np.asarray(detail))
    where = f"(Batch element {idx}): " if batched else ""
    return LinAlgError, f"{prefix}: {where}{message.format(val)}"


def _named_check(name):
    def check(info):
        return _k_info_ok(info)
    check.__name__ = name
    return check


# one check kernel per op, so a failure names the op that recorded it
_CHECKS = {p: _named_check(p.replace("torch.", "").replace(".", "_"))
           for p in ("linalg.inv", "linalg.inv_ex", "torch.linalg.solve", "torch.linalg.solve_ex",
                     "linalg.cholesky", "linalg.cholesky_ex", "cholesky")}


def _check_info(info, prefix, batched, message):
    add_check(_CHECKS[prefix], (info,), functools.partial(_info_error, prefix, batched, message))


_SINGULAR = ("The diagonal element {} is zero, the inversion could not be completed because the "
             "input matrix is singular.")
_SOLVE_SINGULAR = "The solver failed because the input matrix is singular."
_NOT_PD = ("The factorization could not be completed because the input is not positive-definite "
           "(the leading minor of order {} is not positive-definite).")


# ---- LU-based: inv, det, slogdet, solve -----------------------------------------------------
def _lu_info(lu):
    d = jnp.diagonal(lu, axis1=-2, axis2=-1)
    z = d == 0
    return jnp.where(jnp.any(z, axis=-1), jnp.argmax(z, axis=-1) + 1, 0).astype(jnp.int32)


def _lu_solve(lu, perm, b):
    """Solve A X = B from A's LU factors (PA = LU); b has the batch shape of lu."""
    idx = jnp.broadcast_to(perm[..., :, None], perm.shape + (b.shape[-1],))
    pb = jnp.take_along_axis(b, idx, axis=-2)
    y = jax.lax.linalg.triangular_solve(lu, pb, left_side=True, lower=True, unit_diagonal=True)
    return jax.lax.linalg.triangular_solve(lu, y, left_side=True, lower=False)


def _k_inv(a):
    n = a.shape[-1]
    if n == 0:
        return a, jnp.zeros(a.shape[:-2], jnp.int32)
    lu, _, perm = jax.lax.linalg.lu(a)
    eye = jnp.broadcast_to(jnp.eye(n, dtype=a.dtype), a.shape)
    return _lu_solve(lu, perm, eye), _lu_info(lu)


def linalg_inv_ex(A, *, check_errors=False):
    """torch.linalg.inv_ex: (inverse, info); info is the 1-based index of a zero pivot."""
    _need_tensor("linalg_inv_ex", "A", 1, A)
    _matrix_checks("linalg.inv", A)
    inv, info = record_multi(_k_inv, (A,), name="linalg_inv", gname="LinalgInvExBackward0")
    if check_errors:
        _check_info(info, "linalg.inv_ex", A.dim() > 2, _SINGULAR)
    return linalg_inv_ex_type(inv, info)


def linalg_inv(A):
    """torch.linalg.inv: LU-based inverse; a singular matrix raises LinAlgError at the next sync
    point, with PyTorch's message (the zero pivot and the batch element)."""
    _need_tensor("linalg_inv", "A", 1, A)
    _matrix_checks("linalg.inv", A)
    inv, info = record_multi(_k_inv, (A,), name="linalg_inv", gname="LinalgInvExBackward0")
    _check_info(info, "linalg.inv", A.dim() > 2, _SINGULAR)
    return inv


@op("inverse")
def inverse(input):
    """torch.inverse: torch.linalg.inv."""
    return linalg_inv(input)


def _k_det(a):
    n = a.shape[-1]
    if n == 0:
        return jnp.ones(a.shape[:-2], a.dtype)
    lu, piv, _ = jax.lax.linalg.lu(a)
    d = jnp.diagonal(lu, axis1=-2, axis2=-1)
    swaps = jnp.sum(piv != jnp.arange(n, dtype=piv.dtype), axis=-1)
    sign = jnp.where(swaps % 2 == 1, -1, 1).astype(a.dtype)
    return sign * jnp.prod(d, axis=-1)


def linalg_det(A):
    """torch.linalg.det: determinant through LU (a singular matrix gives 0, no error)."""
    _need_tensor("linalg_det", "A", 1, A)
    _matrix_checks("linalg.det", A, half="lu_cpu")
    return record(_k_det, (A,), name="linalg_det")


@op("det")
def det(input):
    """torch.det: torch.linalg.det."""
    return linalg_det(input)


def _k_slogdet(a):
    n = a.shape[-1]
    if n == 0:
        return jnp.ones(a.shape[:-2], a.dtype), jnp.zeros(a.shape[:-2], a.dtype)
    lu, piv, _ = jax.lax.linalg.lu(a)
    d = jnp.diagonal(lu, axis1=-2, axis2=-1)
    swaps = jnp.sum(piv != jnp.arange(n, dtype=piv.dtype), axis=-1)
    sign = jnp.where(swaps % 2 == 1, -1, 1).astype(a.dtype) * jnp.prod(jnp.sign(d), axis=-1)
    return sign, jnp.sum(jnp.log(jnp.abs(d)), axis=-1)


def linalg_slogdet(A):
    """torch.linalg.slogdet: (sign, logabsdet); a singular matrix gives (0, -inf)."""
    _need_tensor("linalg_slogdet", "A", 1, A)
    _matrix_checks("linalg.slogdet", A)
    return linalg_slogdet_type(*record_multi(_k_slogdet, (A,), name="linalg_slogdet"))


@op("slogdet")
def slogdet(input):
    """torch.slogdet: torch.linalg.slogdet (a torch.return_types.slogdet)."""
    _need_tensor("slogdet", "input", 1, input)
    _matrix_checks("linalg.slogdet", input)
    return slogdet_type(*record_multi(_k_slogdet, (input,), name="slogdet"))


def _k_logdet(a):
    sign, logabs = _k_slogdet(a)
    return jnp.where(sign < 0, jnp.asarray(jnp.nan, a.dtype), logabs)


@op("logdet")
def logdet(input):
    """torch.logdet: log det(A); nan for a negative determinant, -inf for a singular matrix."""
    _need_tensor("logdet", "input", 1, input)
    if input.dim() >= 2 and not input.dtype.is_floating_point:
        raise RuntimeError(f"logdet: Expected a floating point or complex tensor as input. Got "
                           f"{_c10(input.dtype)}")
    _matrix_checks("linalg.slogdet", input)
    return record(_k_logdet, (input,), name="logdet")


def _k_solve(a, b, *, vector, left, batch):
    if vector:
        b = b[..., None]
    if not left:
        a = jnp.swapaxes(a, -1, -2)
        b = jnp.swapaxes(b, -1, -2)
    n = a.shape[-1]
    a = jnp.broadcast_to(a, batch + (n, n))
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    if n == 0:
        x = b
        info = jnp.zeros(batch, jnp.int32)
    else:
        lu, _, perm = jax.lax.linalg.lu(a)
        x = _lu_solve(lu, perm, b)
        info = _lu_info(lu)
    if not left:
        x = jnp.swapaxes(x, -1, -2)
    if vector:
        x = x[..., 0]
    return x, info


def _solve_record(A, B, left, name):
    _need_tensor(name, "A", 1, A)
    _need_tensor(name, "B", 2, B)
    sa, sb = A._nd.shape, B._nd.shape
    if A.dtype is not B.dtype:
        raise RuntimeError(f"linalg.solve: Expected A and B to have the same dtype, but found A "
                           f"of type {_c10(A.dtype)} and B of type {_c10(B.dtype)} instead")
    _matrix_checks("linalg.solve", A, half="lu_cpu")
    vector = len(sb) == 1 or (len(sb) == len(sa) - 1 and sb == sa[:-1])
    if len(sb) < (1 if vector else 2):
        raise RuntimeError("linalg.solve: The input tensor B must have at least 2 dimensions.")
    n = sa[-1]
    bm = (sb[-1], 1) if vector else sb[-2:]
    if (bm[0] if left else bm[1]) != n:
        eqn = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve: Incompatible shapes of A and B for the equation {eqn} "
                           f"({n}x{n} and {_x(bm)})")
    batch = _broadcast(sb[:-1] if vector else sb[:-2], sa[:-2])
    return record_multi(_k_solve, (A, B), (("vector", vector), ("left", left),
                                           ("batch", batch)), name="linalg_solve",
                        gname="LinalgSolveExBackward0"), batch


def linalg_solve(A, B, *, left=True):
    """torch.linalg.solve: AX = B (or XA = B with left=False) with PyTorch's rule for when B is
    a (batch of) vector(s); a singular A raises LinAlgError at the next sync point."""
    (x, info), batch = _solve_record(A, B, left, "linalg_solve")
    _check_info(info, "torch.linalg.solve", len(batch) > 0, _SOLVE_SINGULAR)
    return x


def linalg_solve_ex(A, B, *, left=True, check_errors=False):
    """torch.linalg.solve_ex: (result, info)."""
    (x, info), batch = _solve_record(A, B, left, "linalg_solve_ex")
    if check_errors:
        _check_info(info, "torch.linalg.solve_ex", len(batch) > 0, _SOLVE_SINGULAR)
    return linalg_solve_ex_type(x, info)


# ---- cholesky -------------------------------------------------------------------------------
def _chol_fail_order(a):
    """1-based order of the first leading minor that is not positive-definite (0 if none), by
    an unblocked Cholesky over the lower triangle (only run when LAPACK's failed)."""
    n = a.shape[-1]
    idx = jnp.arange(n)

    def body(j, carry):
        L, fail = carry
        row = jnp.where(idx < j, L[j, :], 0)
        d = a[j, j] - jnp.sum(row * row)
        ok = d > 0
        fail = jnp.where((fail == 0) & ~ok, j + 1, fail)
        ljj = jnp.sqrt(jnp.where(ok, d, 1))
        col = (a[:, j] - L @ row) / ljj
        col = jnp.where(idx > j, col, jnp.where(idx == j, ljj, 0))
        return L.at[:, j].set(col), fail

    with jax.default_matmul_precision("highest"):
        _, fail = jax.lax.fori_loop(0, n, body, (jnp.zeros_like(a), jnp.int32(0)))
    return fail


@jax.custom_jvp
def _lower_sym(a):
    """The symmetric matrix a's lower triangle stands for (what LAPACK reads). Its derivative is
    the symmetric part of the perturbation, so gradients come out symmetric, as PyTorch's."""
    return jnp.tril(a) + jnp.swapaxes(jnp.tril(a, -1), -1, -2)


@_lower_sym.defjvp
def _lower_sym_jvp(primals, tangents):
    (a,), (t,) = primals, tangents
    return _lower_sym(a), (t + jnp.swapaxes(t, -1, -2)) / 2


def _sym_from(a, lower=True):
    return _lower_sym(a if lower else jnp.swapaxes(a, -1, -2))


def _k_cholesky(a, *, upper):
    if upper:
        a = jnp.swapaxes(a, -1, -2)
    if a.shape[-1] == 0:
        return a, jnp.zeros(a.shape[:-2], jnp.int32)
    a = _lower_sym(a)
    L = jax.lax.linalg.cholesky(a, symmetrize_input=False)
    bad = jnp.any(jnp.isnan(L), axis=(-2, -1))
    flat = a.reshape((-1,) + a.shape[-2:])

    def orders():
        return jax.vmap(_chol_fail_order)(flat).reshape(a.shape[:-2]).astype(jnp.int32)

    info = jax.lax.cond(jnp.any(bad), orders,
                        lambda: jnp.zeros(a.shape[:-2], jnp.int32))
    info = jnp.where(bad & (info == 0), a.shape[-1], info).astype(jnp.int32)
    L = jnp.tril(L)
    if upper:
        L = jnp.swapaxes(L, -1, -2)
    return L, info


def _cholesky_record(A, upper, fname):
    _matrix_checks(fname, A, half="cholesky_cpu")
    return record_multi(_k_cholesky, (A,), (("upper", bool(upper)),), name="linalg_cholesky",
                        gname="LinalgCholeskyExBackward0")


def linalg_cholesky(A, *, upper=False):
    """torch.linalg.cholesky: reads only the lower (upper=True: upper) triangle; a matrix that
    is not positive-definite raises LinAlgError at the next sync point."""
    _need_tensor("linalg_cholesky", "A", 1, A)
    L, info = _cholesky_record(A, upper, "linalg.cholesky")
    _check_info(info, "linalg.cholesky", A.dim() > 2, _NOT_PD)
    return L


def linalg_cholesky_ex(A, *, upper=False, check_errors=False):
    """torch.linalg.cholesky_ex: (L, info); jtorch's L is NaN where the factorization failed."""
    _need_tensor("linalg_cholesky_ex", "A", 1, A)
    L, info = _cholesky_record(A, upper, "linalg.cholesky")
    if check_errors:
        _check_info(info, "linalg.cholesky_ex", A.dim() > 2, _NOT_PD)
    return linalg_cholesky_ex_type(L, info)


@op("cholesky")
def cholesky(input, upper=False):
    """torch.cholesky (deprecated): linalg.cholesky(input, upper=upper)."""
    _need_tensor("cholesky", "input", 1, input)
    _warn_once("cholesky", "torch.cholesky is deprecated in favor of torch.linalg.cholesky and "
               "will be removed in a future PyTorch release.")
    L, info = _cholesky_record(input, upper, "linalg.cholesky")
    _check_info(info, "cholesky", input.dim() > 2, _NOT_PD)
    return L


def _k_cholesky_solve(b, L, *, upper, batch):
    n = L.shape[-1]
    L = jnp.broadcast_to(L, batch + (n, n))
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    if upper:
        L = jnp.swapaxes(L, -1, -2)
    y = jax.lax.linalg.triangular_solve(L, b, left_side=True, lower=True)
    return jax.lax.linalg.triangular_solve(L, y, left_side=True, lower=True, transpose_a=True)


@op("cholesky_solve")
def cholesky_solve(input, input2, upper=False):
    """torch.cholesky_solve(B, L): solves A X = B given A's Cholesky factor."""
    _need_tensor("cholesky_solve", "input", 1, input)
    _need_tensor("cholesky_solve", "input2", 2, input2)
    for t, n in ((input, "b"), (input2, "A")):
        if t.dim() < 2:
            raise RuntimeError(f"cholesky_solve: The input tensor {'A' if n == 'A' else 'B'} "
                               f"must have at least 2 dimensions.")
    if input.dtype is not input2.dtype:
        raise RuntimeError(f"cholesky_solve: Expected b and A to have the same dtype, but "
                           f"found b of type {_c10(input.dtype)} and A of type "
                           f"{_c10(input2.dtype)} instead.")
    _matrix_checks("cholesky_solve", input2, half="cholesky_solve_cpu")
    sb, sl = input._nd.shape, input2._nd.shape
    if sb[-2] != sl[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for cholesky_solve: each A matrix is "
                           f"{sl[-1]} by {sl[-1]} but each b matrix is {sb[-2]} by {sb[-1]}")
    batch = _broadcast(sb[:-2], sl[:-2])
    return record(_k_cholesky_solve, (input, input2), (("upper", bool(upper)), ("batch", batch)),
                  name="cholesky_solve")


def _k_cholesky_inverse(L, *, upper):
    n = L.shape[-1]
    eye = jnp.broadcast_to(jnp.eye(n, dtype=L.dtype), L.shape)
    return _k_cholesky_solve(eye, L, upper=upper, batch=L.shape[:-2])


@op("cholesky_inverse")
def cholesky_inverse(input, upper=False):
    """torch.cholesky_inverse(L): the inverse of A = L L^T (or U^T U)."""
    _need_tensor("cholesky_inverse", "input", 1, input)
    _matrix_checks("cholesky_inverse", input, half="cholesky_inverse_out_cpu")
    return record(_k_cholesky_inverse, (input,), (("upper", bool(upper)),),
                  name="cholesky_inverse")


# ---- qr, eigh, svd --------------------------------------------------------------------------
def _k_qr(a, *, mode):
    m, n = a.shape[-2:]
    if mode == "r":
        r = jnp.linalg.qr(a, mode="r") if min(m, n) else jnp.zeros(a.shape[:-2] + (0, n),
                                                                  a.dtype)
        return jnp.zeros((0,), a.dtype), r
    if min(m, n) == 0:
        k = m if mode == "complete" else min(m, n)
        q = jnp.broadcast_to(jnp.eye(m, k, dtype=a.dtype), a.shape[:-2] + (m, k))
        return q, jnp.zeros(a.shape[:-2] + (k, n), a.dtype)
    return jnp.linalg.qr(a, mode=mode)


def _qr_record(A, mode, fname):
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           f"'reduced' (default), 'r', or 'complete'")
    _matrix_checks("linalg.qr", A, square=False, half="geqrf_cpu")
    return record_multi(_k_qr, (A,), (("mode", mode),), name=fname)


def linalg_qr(A, mode="reduced"):
    """torch.linalg.qr: (Q, R) for mode 'reduced', 'complete' or 'r' (Q empty)."""
    _need_tensor("linalg_qr", "A", 1, A)
    return linalg_qr_type(*_qr_record(A, mode, "linalg_qr"))


@op("qr")
def qr(input, some=True):
    """torch.qr (deprecated): linalg.qr with mode 'reduced' if some else 'complete'."""
    _need_tensor("qr", "input", 1, input)
    return qr_type(*_qr_record(input, "reduced" if some else "complete", "qr"))


def _k_eigh(a, *, uplo, vectors):
    if a.shape[-1] == 0:
        w = jnp.zeros(a.shape[:-1], a.dtype)
        return (w, a) if vectors else w
    v, w = jax.lax.linalg.eigh(_sym_from(a, uplo == "L"), symmetrize_input=False)
    return (w, v) if vectors else w


def _eigh_checks(A, UPLO):
    if UPLO not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    if A.dim() < 2:
        raise RuntimeError("linalg.eigh: The input tensor A must have at least 2 dimensions.")
    s = A._nd.shape
    if s[-1] != s[-2]:
        raise RuntimeError(f"linalg.eigh: A must be batches of square matrices, but they are "
                           f"{s[-2]} by {s[-1]} matrices")
    if not A.dtype.is_floating_point or _is_low(A.dtype):
        raise _not_impl("linalg_eigh_cpu", A.dtype)
    return UPLO.upper()


def linalg_eigh(A, UPLO="L"):
    """torch.linalg.eigh: ascending eigenvalues and eigenvectors, reading only the UPLO
    triangle (eigenvector signs are LAPACK's, as in PyTorch)."""
    _need_tensor("linalg_eigh", "A", 1, A)
    uplo = _eigh_checks(A, UPLO)
    return linalg_eigh_type(*record_multi(_k_eigh, (A,), (("uplo", uplo), ("vectors", True)),
                                          name="linalg_eigh"))


def linalg_eigvalsh(A, UPLO="L"):
    """torch.linalg.eigvalsh: ascending eigenvalues of a symmetric matrix."""
    _need_tensor("linalg_eigvalsh", "A", 1, A)
    uplo = _eigh_checks(A, UPLO)
    return record(_k_eigh, (A,), (("uplo", uplo), ("vectors", False)), name="linalg_eigvalsh",
                  gname="LinalgEighBackward0")


def _k_svd(a, *, full):
    m, n = a.shape[-2:]
    if min(m, n) == 0:
        k = min(m, n)
        u = jnp.broadcast_to(jnp.eye(m, m if full else k, dtype=a.dtype),
                             a.shape[:-2] + (m, m if full else k))
        vh = jnp.broadcast_to(jnp.eye(n if full else k, n, dtype=a.dtype),
                              a.shape[:-2] + (n if full else k, n))
        return u, jnp.zeros(a.shape[:-2] + (k,), a.dtype), vh
    u, s, vh = jnp.linalg.svd(a, full_matrices=False)
    if full and m != n:
        # JAX cannot differentiate a full SVD; as PyTorch, gradients flow through the first
        # min(m, n) singular vectors and the orthonormal complement is a constant
        k = min(m, n)
        if m > k:
            q = jnp.linalg.qr(jax.lax.stop_gradient(u), mode="complete")[0]
            u = jnp.concatenate([u, q[..., k:]], axis=-1)
        else:
            q = jnp.linalg.qr(jax.lax.stop_gradient(jnp.swapaxes(vh, -1, -2)),
                              mode="complete")[0]
            vh = jnp.concatenate([vh, jnp.swapaxes(q[..., k:], -1, -2)], axis=-2)
    return u, s, vh


def _k_svdvals(a):
    if min(a.shape[-2:]) == 0:
        return jnp.zeros(a.shape[:-2] + (0,), a.dtype)
    return jnp.linalg.svd(a, compute_uv=False)


def _svd_checks(A):
    _matrix_checks("linalg.svd", A, square=False, half="linalg_svd_cpu")


def linalg_svd(A, full_matrices=True, *, driver=None):
    """torch.linalg.svd: (U, S, Vh), S descending (signs of U/Vh columns are LAPACK's)."""
    _need_tensor("linalg_svd", "A", 1, A)
    _svd_checks(A)
    return linalg_svd_type(*record_multi(_k_svd, (A,), (("full", bool(full_matrices)),),
                                         name="linalg_svd"))


def linalg_svdvals(A, *, driver=None):
    """torch.linalg.svdvals: singular values, descending."""
    _need_tensor("linalg_svdvals", "A", 1, A)
    _svd_checks(A)
    return record(_k_svdvals, (A,), name="linalg_svdvals", gname="LinalgSvdBackward0")


def _k_svd_old(a, *, some, compute_uv):
    m, n = a.shape[-2:]
    if not compute_uv:
        s = _k_svdvals(a)
        return (jnp.zeros(a.shape[:-2] + (m, m), a.dtype), s,
                jnp.zeros(a.shape[:-2] + (n, n), a.dtype))
    u, s, vh = _k_svd(a, full=not some)
    return u, s, jnp.swapaxes(vh, -1, -2)


@op("svd")
def svd(input, some=True, compute_uv=True):
    """torch.svd (deprecated): (U, S, V) with V = Vh^T; compute_uv=False gives zero U and V."""
    _need_tensor("svd", "input", 1, input)
    _svd_checks(input)
    return svd_type(*record_multi(_k_svd_old, (input,), (("some", bool(some)),
                                                          ("compute_uv", bool(compute_uv))),
                                  name="svd"))


# ---- pinv, matrix_rank, lstsq ---------------------------------------------------------------
def _k_pinv(a, atol, rtol, *, hermitian, has_atol, has_rtol, default_rtol):
    m, n = a.shape[-2:]
    dt = a.dtype
    if min(m, n) == 0:
        return jnp.zeros(a.shape[:-2] + (n, m), dt)
    if hermitian:
        v, w = jax.lax.linalg.eigh(_lower_sym(a), symmetrize_input=False)
        s = jnp.abs(w)
        smax = jnp.max(s, axis=-1)
    else:
        u, s, vh = jnp.linalg.svd(a, full_matrices=False)
        smax = s[..., 0]
    tol = _tolerance(smax, atol, rtol, has_atol, has_rtol, default_rtol, dt)
    keep = s > tol[..., None]
    sinv = jnp.where(keep, 1 / jnp.where(keep, s, 1), 0).astype(dt)
    if hermitian:
        sinv = jnp.where(keep, 1 / jnp.where(keep, w, 1), 0).astype(dt)
        return jnp.matmul(v * sinv[..., None, :], jnp.swapaxes(v, -1, -2), precision=HIGHEST)
    return jnp.matmul(jnp.swapaxes(vh, -1, -2) * sinv[..., None, :], jnp.swapaxes(u, -1, -2),
                      precision=HIGHEST)


def _tolerance(smax, atol, rtol, has_atol, has_rtol, default_rtol, dt):
    if has_rtol:
        rt = jnp.asarray(rtol, dt)
    elif has_atol:
        rt = jnp.asarray(0, dt)
    else:
        rt = jnp.asarray(default_rtol, dt)
    at = jnp.asarray(atol, dt) if has_atol else jnp.asarray(0, dt)
    return jnp.maximum(at, rt * smax)


def _tol_args(A, atol, rtol):
    has_atol, has_rtol = atol is not None, rtol is not None
    m, n = A._nd.shape[-2:]
    default = _dtype.finfo(A.dtype).eps * max(m, n)
    atol = 0.0 if atol is None else _scalar(atol)
    rtol = 0.0 if rtol is None else _scalar(rtol)
    return atol, rtol, has_atol, has_rtol, default


def linalg_pinv(A, rcond=None, hermitian=False, *, atol=None, rtol=None):
    """torch.linalg.pinv: pseudo-inverse by SVD (eigh when hermitian), singular values at or
    below max(atol, rtol * largest) dropped; rtol defaults to eps * max(m, n)."""
    _need_tensor("linalg_pinv", "A", 1, A)
    if A.dim() < 2 or not A.dtype.is_floating_point or _is_low(A.dtype):
        raise RuntimeError(f"linalg.pinv({_c10(A.dtype)}{{{list(A._nd.shape)}}}): expected a "
                           f"tensor with 2 or more dimensions of float, double, cfloat or cdouble "
                           f"types")
    if rcond is not None:
        rtol = rcond
    atol, rtol, has_atol, has_rtol, default = _tol_args(A, atol, rtol)
    return record(_k_pinv, (A, atol, rtol), (("hermitian", bool(hermitian)),
                                             ("has_atol", has_atol), ("has_rtol", has_rtol),
                                             ("default_rtol", default)), name="linalg_pinv")


@op("pinverse")
def pinverse(input, rcond=1e-15):
    """torch.pinverse: linalg.pinv with rtol=rcond."""
    return linalg_pinv(input, rtol=rcond)


def _k_rank(a, atol, rtol, *, hermitian, has_atol, has_rtol, default_rtol):
    dt = a.dtype
    if min(a.shape[-2:]) == 0:
        return jnp.zeros(a.shape[:-2], jnp.int64)
    if hermitian:
        _, w = jax.lax.linalg.eigh(_lower_sym(a), symmetrize_input=False)
        s = jnp.abs(w)
    else:
        s = jnp.linalg.svd(a, compute_uv=False)
    smax = jnp.max(s, axis=-1)
    atol = jnp.asarray(atol, dt)
    rtol = jnp.asarray(rtol, dt)
    tol = _tolerance(smax, atol, rtol, has_atol, has_rtol, default_rtol, dt)
    return jnp.sum(s > tol[..., None], axis=-1).astype(jnp.int64)


def linalg_matrix_rank(A, *, atol=None, rtol=None, hermitian=False, tol=None):
    """torch.linalg.matrix_rank: number of singular values above max(atol, rtol * largest)."""
    _need_tensor("linalg_matrix_rank", "A", 1, A)
    if A.dim() < 2:
        raise RuntimeError("torch.linalg.matrix_rank: The input tensor input must have at least "
                           "2 dimensions.")
    if not A.dtype.is_floating_point or _is_low(A.dtype):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if tol is not None:
        atol, rtol = tol, 0.0
    atol, rtol, has_atol, has_rtol, default = _tol_args(A, atol, rtol)
    return record(_k_rank, (A, atol, rtol), (("hermitian", bool(hermitian)),
                                             ("has_atol", has_atol), ("has_rtol", has_rtol),
                                             ("default_rtol", default)),
                  name="linalg_matrix_rank")


def _k_lstsq(a, b, rcond, *, vector, batch, driver, residuals, has_rcond):
    dt = a.dtype
    if vector:
        b = b[..., None]
    m, n = a.shape[-2:]
    k = b.shape[-1]
    a = jnp.broadcast_to(a, batch + (m, n))
    b = jnp.broadcast_to(b, batch + (m, k))
    eps = jnp.finfo(dt).eps
    rc = jnp.asarray(rcond, dt) if has_rcond else jnp.asarray(eps * max(m, n), dt)
    if min(m, n) == 0:
        x = jnp.zeros(batch + (n, k), dt)
        s = jnp.zeros(batch + (0,), dt)
        rank = jnp.zeros(batch, jnp.int64)
    else:
        u, s, vh = jnp.linalg.svd(a, full_matrices=False)
        keep = s > rc * s[..., :1]
        rank = jnp.sum(keep, axis=-1).astype(jnp.int64)
        sinv = jnp.where(keep, 1 / jnp.where(keep, s, 1), 0)
        utb = jnp.matmul(jnp.swapaxes(u, -1, -2), b, precision=HIGHEST)
        x = jnp.matmul(jnp.swapaxes(vh, -1, -2), sinv[..., :, None] * utb, precision=HIGHEST)
    if residuals:
        res = jnp.sum(jnp.square(jnp.matmul(a, x, precision=HIGHEST) - b), axis=-2)
        if vector:
            res = res[..., 0]
    else:
        res = jnp.zeros((0,), dt)
    if vector:
        x = x[..., 0]
    if driver in ("gelsd", "gelss"):
        return x, res, rank, s
    if driver == "gels":
        return x, res, jnp.zeros((0,), jnp.int64), jnp.zeros((0,), dt)
    return x, res, rank, jnp.zeros((0,), dt)


def linalg_lstsq(A, B, rcond=None, *, driver=None):
    """torch.linalg.lstsq: (solution, residuals, rank, singular_values), filled per driver as on
    PyTorch's CPU (default 'gelsy'); solved through the SVD (minimum-norm solution)."""
    _need_tensor("linalg_lstsq", "A", 1, A)
    _need_tensor("linalg_lstsq", "B", 2, B)
    sa, sb = A._nd.shape, B._nd.shape
    if len(sa) < 2:
        raise RuntimeError("torch.linalg.lstsq: input must have at least 2 dimensions.")
    if len(sb) < 1:
        raise RuntimeError("torch.linalg.lstsq: other must have at least 1 dimension.")
    if len(sb) > len(sa) or len(sa) - len(sb) > 1:
        raise RuntimeError("torch.linalg.lstsq: input.dim() must be greater or equal to "
                           "other.dim() and (input.dim() - other.dim()) <= 1")
    if A.dtype is not B.dtype:
        raise RuntimeError(f"torch.linalg.lstsq: Expected input and other to have the same "
                           f"dtype, but got input's dtype {_c10(A.dtype)} and other's dtype "
                           f"{_c10(B.dtype)}")
    vector = len(sb) == 1 or (len(sb) == len(sa) - 1 and sb == sa[:-1])
    if (sb[-1] if vector else sb[-2]) != sa[-2]:
        raise RuntimeError("torch.linalg.lstsq: input.size(-2) should match other.size(-1)"
                           if vector else
                           "torch.linalg.lstsq: input.size(-2) should match other.size(-2)")
    if driver is not None and driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError("torch.linalg.lstsq: parameter `driver` should be one of (gels, "
                           "gelsy, gelsd, gelss)")
    if not A.dtype.is_floating_point or _is_low(A.dtype):
        raise RuntimeError("This function doesn't handle types other than float and double")
    # with one dim less, other's batch dims are all but its last (even for a matrix rhs)
    batch = _broadcast(sa[:-2], sb[:-1] if len(sb) == len(sa) - 1 else sb[:-2])
    driver = driver or "gelsy"
    m, n = sa[-2:]
    residuals = driver != "gelsy" and m > n
    rc = 0.0 if rcond is None else float(_scalar(rcond))
    static = (("vector", vector), ("batch", batch), ("driver", driver),
              ("residuals", residuals), ("has_rcond", rcond is not None))
    x, res, rank, s = record_multi(_k_lstsq, (A, B, rc), static, name="linalg_lstsq")
    if residuals and driver in ("gelsd", "gelss"):
        # residuals exist only when every matrix has full rank: a data-dependent shape (sync)
        if int(np.asarray(rank.numpy()).min(initial=n)) < n:
            res = _empty_like_dtype(A.dtype)
    return linalg_lstsq_type(x, res, rank, s)


def _k_empty(*, dt):
    return jnp.zeros((0,), dt.np)


def _empty_like_dtype(dt):
    return record(_k_empty, (), (("dt", dt),), name="empty")


# ---- matrix_power, matrix_exp, multi_dot ----------------------------------------------------
def _k_eye_like(a):
    n = a.shape[-1]
    return jnp.broadcast_to(jnp.eye(n, dtype=a.dtype), a.shape)


def linalg_matrix_power(A, n):
    """torch.linalg.matrix_power: A**n by repeated squaring (exact for integers); n < 0 inverts
    first (floating dtypes only, singular raises LinAlgError)."""
    _need_tensor("linalg_matrix_power", "A", 1, A)
    if isinstance(n, bool) or not isinstance(n, int):
        if hasattr(n, "__index__") and not isinstance(n, float):
            n = n.__index__()
        else:
            raise TypeError(f"linalg_matrix_power(): argument 'n' (position 2) must be int, not "
                            f"{type(n).__name__}")
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_power: The input tensor A must have at least 2 "
                           "dimensions.")
    s = A._nd.shape
    if s[-1] != s[-2]:
        raise RuntimeError(f"linalg.matrix_power: A must be batches of square matrices, but they "
                           f"are {s[-2]} by {s[-1]} matrices")
    if n == 0:
        return record(_k_eye_like, (A,), name="matrix_power")
    if n == 1:
        from .conversion import clone
        return clone(A)
    if n < 0:
        A = linalg_inv(A)
        n = -n
        if n == 1:
            return A
    # binary decomposition: z holds A^(2^k), result accumulates the set bits
    result = None
    z = A
    while n:
        if n & 1:
            result = z if result is None else matmul(result, z)
        n >>= 1
        if n:
            z = matmul(z, z)
    return result


@op("matrix_power")
def matrix_power(input, n):
    """torch.matrix_power: torch.linalg.matrix_power."""
    return linalg_matrix_power(input, n)


def _k_expm(a):
    if a.shape[-1] == 0:
        return a
    with jax.default_matmul_precision("highest"):  # no TF32 passes on GPUs
        return jax.scipy.linalg.expm(a)


def linalg_matrix_exp(A):
    """torch.linalg.matrix_exp: the matrix exponential (JAX's Pade approximant)."""
    _need_tensor("linalg_matrix_exp", "A", 1, A)
    _matrix_checks("linalg.matrix_exp", A, half="linalg_matrix_exp")
    return record(_k_expm, (A,), name="linalg_matrix_exp")


@op("matrix_exp")
def matrix_exp(input):
    """torch.matrix_exp: torch.linalg.matrix_exp."""
    return linalg_matrix_exp(input)


def linalg_multi_dot(tensors):
    """torch.linalg.multi_dot: chained product in the cheapest order; the first and last may be
    1-D, the others must be 2-D, all of one dtype."""
    tensors = list(tensors)
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    for i, t in enumerate(tensors):
        if not is_tensor(t):
            raise TypeError(f"linalg_multi_dot(): argument 'tensors' (position 1) must be tuple "
                            f"of Tensors, not {type(t).__name__}")
    d0, dl = tensors[0].dim(), tensors[-1].dim()
    if d0 not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {d0}D")
    if dl not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {dl}D")
    for i in range(1, n - 1):
        if tensors[i].dim() != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got "
                               f"{tensors[i].dim()}D")
    dt = tensors[0].dtype
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype is not dt:
            raise RuntimeError(f"multi_dot(): all tensors must have be the same dtype but tensor "
                               f"0 is {_cpp(dt)} and tensor {i} {_cpp(t.dtype)}")
    shapes = [t._nd.shape for t in tensors]
    mats = [s if len(s) == 2 else None for s in shapes]
    mats[0] = shapes[0] if d0 == 2 else (1, shapes[0][0])
    mats[-1] = shapes[-1] if dl == 2 else (shapes[-1][0], 1)
    for i in range(n - 1):
        if mats[i][1] != mats[i + 1][0]:
            raise RuntimeError(f"multi_dot(): tensors {i} and {i + 1} with shapes "
                               f"{list(shapes[i])} and {list(shapes[i + 1])} cannot be "
                               f"multiplied")
    if dt is bool_:
        raise _not_impl("addmm_impl_cpu_", dt)
    ops = list(tensors)
    if d0 == 1:
        ops[0] = ops[0].unsqueeze(0)
    if dl == 1:
        ops[-1] = ops[-1].unsqueeze(-1)
    order = _chain_order([m[0] for m in mats] + [mats[-1][1]])
    result = _chain_apply(ops, order, 0, n - 1)
    if d0 == 1 and dl == 1:
        return result.reshape(())
    if d0 == 1:
        return result.squeeze(0)
    if dl == 1:
        return result.squeeze(-1)
    return result


def _chain_order(p):
    """Matrix-chain dynamic programme: split[i][j] for the cheapest parenthesisation."""
    n = len(p) - 1
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + p[i] * p[k + 1] * p[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain_apply(ops, split, i, j):
    if i == j:
        return ops[i]
    k = split[i][j]
    return mm(_chain_apply(ops, split, i, k), _chain_apply(ops, split, k + 1, j))


# ---- triangular solves, LU ------------------------------------------------------------------
def _k_solve_triangular(a, b, *, upper, left, unit, batch):
    n = a.shape[-1]
    a = jnp.broadcast_to(a, batch + (n, n))
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    return jax.lax.linalg.triangular_solve(a, b, left_side=left, lower=not upper,
                                           unit_diagonal=unit)


def linalg_solve_triangular(A, B, *, upper, left=True, unitriangular=False):
    """torch.linalg.solve_triangular: solve with a triangular A (the other triangle unread)."""
    _need_tensor("linalg_solve_triangular", "A", 1, A)
    _need_tensor("linalg_solve_triangular", "B", 2, B)
    for name, t in (("A", A), ("B", B)):
        if t.dim() < 2:
            raise RuntimeError(f"linalg.solve_triangular: The input tensor {name} must have at "
                               f"least 2 dimensions.")
    sa, sb = A._nd.shape, B._nd.shape
    n = sa[-1]
    if sa[-1] != sa[-2]:
        raise RuntimeError(f"linalg.solve_triangular: A must be batches of square matrices, but "
                           f"they are {sa[-2]} by {sa[-1]} matrices")
    if (sb[-2] if left else sb[-1]) != n:
        eqn = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.solve_triangular: Incompatible shapes of A and B for the "
                           f"equation {eqn} ({n}x{n} and {_x(sb[-2:])})")
    dt = result_type(A, B)
    if not dt.is_floating_point or _is_low(dt):
        raise _not_impl("triangular_solve_cpu", dt)
    batch = _broadcast(sb[:-2], sa[:-2])
    from .conversion import cast
    A, B = cast(A, dt), cast(B, dt)
    return record(_k_solve_triangular, (A, B), (("upper", bool(upper)), ("left", bool(left)),
                                                ("unit", bool(unitriangular)),
                                                ("batch", batch)),
                  name="solve_triangular")


def _k_triangular_solve(b, a, *, upper, transpose, unit, batch):
    n = a.shape[-1]
    a = jnp.broadcast_to(a, batch + (n, n))
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    x = jax.lax.linalg.triangular_solve(a, b, left_side=True, lower=not upper,
                                        transpose_a=transpose, unit_diagonal=unit)
    return x, a


@op("triangular_solve")
def triangular_solve(input, A, upper=True, transpose=False, unitriangular=False):
    """torch.triangular_solve (deprecated): (solution, cloned_coefficient)."""
    _need_tensor("triangular_solve", "input", 1, input)
    _need_tensor("triangular_solve", "A", 2, A)
    if input.dtype is not A.dtype:
        raise RuntimeError(f"triangular_solve: Expected b and A to have the same dtype, but "
                           f"found b of type {_c10(input.dtype)} and A of type {_c10(A.dtype)} "
                           f"instead.")
    _matrix_checks("triangular_solve", A, half="triangular_solve_cpu")
    sb, sa = input._nd.shape, A._nd.shape
    if len(sb) < 2:
        raise RuntimeError("triangular_solve: The input tensor b must have at least 2 "
                           "dimensions.")
    if sb[-2] != sa[-1]:
        raise RuntimeError(f"Incompatible matrix sizes for triangular_solve: each A matrix is "
                           f"{sa[-1]} by {sa[-1]} but each b matrix is {sb[-2]} by {sb[-1]}")
    batch = _broadcast(sb[:-2], sa[:-2])
    return triangular_solve_type(*record_multi(
        _k_triangular_solve, (input, A), (("upper", bool(upper)), ("transpose", bool(transpose)),
                                          ("unit", bool(unitriangular)), ("batch", batch)),
        name="triangular_solve"))


def _k_lu_factor(a):
    lu, piv, _ = jax.lax.linalg.lu(a)
    return lu, (piv + 1).astype(jnp.int32)


def _lu_checks(A, fname):
    if A.dim() < 2:
        raise RuntimeError(f"{fname}: The input tensor A must have at least 2 dimensions.")
    if not A.dtype.is_floating_point:
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got "
                           f"{_c10(A.dtype)}")
    if _is_low(A.dtype):
        raise _not_impl("lu_cpu", A.dtype)


def linalg_lu_factor(A, *, pivot=True):
    """torch.linalg.lu_factor: (LU, pivots) with LAPACK's 1-based int32 pivots."""
    _need_tensor("linalg_lu_factor", "A", 1, A)
    _lu_checks(A, "torch.lu_factor")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    return linalg_lu_factor_type(*record_multi(_k_lu_factor, (A,), name="linalg_lu_factor"))


def _k_lu(a):
    m, n = a.shape[-2:]
    k = min(m, n)
    lu, _, perm = jax.lax.linalg.lu(a)
    L = jnp.tril(lu[..., :, :k], -1) + jnp.eye(m, k, dtype=a.dtype)
    U = jnp.triu(lu[..., :k, :])
    # P A = L U with rows permuted by perm: A = P^T L U
    P = (perm[..., None, :] == jnp.arange(m)[:, None]).astype(a.dtype)
    return P, L, U


def linalg_lu(A, *, pivot=True):
    """torch.linalg.lu: (P, L, U) with A = P @ L @ U."""
    _need_tensor("linalg_lu", "A", 1, A)
    _lu_checks(A, "linalg.lu")
    if not pivot:
        raise RuntimeError("linalg.lu: LU without pivoting is not implemented on the CPU")
    return linalg_lu_type(*record_multi(_k_lu, (A,), name="linalg_lu"))


def _k_lu_solve(lu, piv, b, *, left, adjoint, batch):
    n = lu.shape[-1]
    lu = jnp.broadcast_to(lu, batch + (n, n))
    piv = jnp.broadcast_to(piv, batch + (n,)) - 1
    b = jnp.broadcast_to(b, batch + b.shape[-2:])
    perm = jax.lax.linalg.lu_pivots_to_permutation(piv, n)
    if not left:
        b = jnp.swapaxes(b, -1, -2)
        adjoint = not adjoint
    if not adjoint:
        x = _lu_solve(lu, perm, b)
    else:
        y = jax.lax.linalg.triangular_solve(lu, b, left_side=True, lower=False, transpose_a=True)
        z = jax.lax.linalg.triangular_solve(lu, y, left_side=True, lower=True, transpose_a=True,
                                            unit_diagonal=True)
        inv = jnp.argsort(perm, axis=-1)
        x = jnp.take_along_axis(z, jnp.broadcast_to(inv[..., :, None], z.shape), axis=-2)
    if not left:
        x = jnp.swapaxes(x, -1, -2)
    return x


def linalg_lu_solve(LU, pivots, B, *, left=True, adjoint=False):
    """torch.linalg.lu_solve: solve from lu_factor's (LU, pivots)."""
    _need_tensor("linalg_lu_solve", "LU", 1, LU)
    _need_tensor("linalg_lu_solve", "pivots", 2, pivots)
    _need_tensor("linalg_lu_solve", "B", 3, B)
    if LU.dtype is not B.dtype:
        raise RuntimeError(f"linalg.lu_solve: Expected LU and B to have the same dtype, but "
                           f"found LU of type {_c10(LU.dtype)} and B of type {_c10(B.dtype)} "
                           f"instead")
    _matrix_checks("linalg.lu_solve", LU, arg="LU", half="lu_solve_cpu")
    sl, sb = LU._nd.shape, B._nd.shape
    n = sl[-1]
    if (sb[-2] if left else sb[-1]) != n:
        eqn = "AX = B" if left else "XA = B"
        raise RuntimeError(f"linalg.lu_solve: Incompatible shapes of A and B for the equation "
                           f"{eqn} ({n}x{n} and {_x(sb[-2:])})")
    batch = _broadcast(sb[:-2], sl[:-2])
    return record(_k_lu_solve, (LU, pivots, B), (("left", bool(left)),
                                                 ("adjoint", bool(adjoint)), ("batch", batch)),
                  name="lu_solve")


# ---- norms ----------------------------------------------------------------------------------
def _norm_dims(dim, ndim, fname=None):
    if dim is None:
        return None
    if isinstance(dim, int) or (hasattr(dim, "__index__") and not isinstance(dim, (list, tuple))):
        dims = (dim,)
    else:
        dims = tuple(dim)
    out = []
    for d in dims:
        w = _wrap(d, ndim)
        if w in out:
            raise RuntimeError(f"dim {w} appears multiple times in the list of dims")
        out.append(w)
    return tuple(out)


def _fmt_ord(o):
    if isinstance(o, float) and o.is_integer() and math.isfinite(o):
        return str(int(o))
    return str(o)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2))
def _l2(x, axis, keepdims):
    """sqrt(sum(x^2)) whose derivative at a zero norm is 0, as PyTorch's norm backward."""
    return jnp.sqrt(jnp.sum(x * x, axis=axis, keepdims=keepdims))


@_l2.defjvp
def _l2_jvp(axis, keepdims, primals, tangents):
    (x,), (t,) = primals, tangents
    n = _l2(x, axis, keepdims)
    nk = n if keepdims else jnp.sqrt(jnp.sum(x * x, axis=axis, keepdims=True))
    unit = jnp.where(nk == 0, jnp.zeros_like(x), x / jnp.where(nk == 0, 1, nk))
    return n, jnp.sum(unit * t, axis=axis, keepdims=keepdims)


@functools.partial(jax.custom_jvp, nondiff_argnums=(1, 2, 3))
def _pnorm(x, p, axis, keepdims):
    """(sum |x|^p)^(1/p) with PyTorch's derivative: sign(x)|x|^(p-1) / norm^(p-1), and 0 where
    x == 0 or the norm is 0."""
    return jnp.sum(jnp.abs(x) ** p, axis=axis, keepdims=keepdims) ** (1.0 / p)


@_pnorm.defjvp
def _pnorm_jvp(p, axis, keepdims, primals, tangents):
    (x,), (t,) = primals, tangents
    n = _pnorm(x, p, axis, keepdims)
    nk = n if keepdims else _pnorm(x, p, axis, True)
    ax = jnp.abs(x)
    w = jnp.where(ax == 0, 0, jnp.sign(x) * jnp.where(ax == 0, 1, ax) ** (p - 1))
    scale = jnp.where(nk == 0, 0, jnp.where(nk == 0, 1, nk) ** (1 - p))
    return n, jnp.sum(w * scale * t, axis=axis, keepdims=keepdims)


def _abs0(x):
    """|x| whose derivative at 0 is 0 (PyTorch's sign subgradient; JAX's abs gives 1)."""
    return x * jax.lax.stop_gradient(jnp.sign(x))


def _k_vector_norm(x, *, ord, dims, keepdim, cdt, odt):
    x = x.astype(cdt.np)
    if x.ndim == 0:
        dims = None
    if ord == 2:
        r = _l2(x, dims, keepdim)
    elif ord == 1:
        r = jnp.sum(_abs0(x), axis=dims, keepdims=keepdim)
    elif ord == 0:
        r = jnp.sum((jax.lax.stop_gradient(x) != 0).astype(cdt.np), axis=dims, keepdims=keepdim)
    elif ord == _INF:
        r = jnp.max(_abs0(x), axis=dims, keepdims=keepdim, initial=0)
    elif ord == -_INF:
        r = jnp.min(_abs0(x), axis=dims, keepdims=keepdim)
    else:
        r = _pnorm(x, ord, dims, keepdim)
    return r.astype(odt.np)


def _norm_dtype(fname, A, dtype):
    dt = A.dtype
    if not dt.is_floating_point:
        raise RuntimeError(f"{fname}: Expected a floating point or complex tensor as input. Got "
                           f"{_c10(dt)}")
    if dtype is None:
        return dt
    dtype = _dtype.to_dtype(dtype)
    if not dtype.is_floating_point:
        raise RuntimeError(f"{fname}: dtype should be floating point or complex, but got "
                           f"{_c10(dtype)}")
    if _dtype.promote_types(dt, dtype) is not dtype:
        raise RuntimeError(f"{fname}: the dtype of the input ({_c10(dt)}) should be convertible "
                           f"without narrowing to the specified dtype ({_c10(dtype)})")
    return dtype


def linalg_vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None):
    """torch.linalg.vector_norm: the ord-norm over `dim` (all dims when None or ()); ord 0
    counts nonzeros, +-inf are max/min of |x|; half types accumulate in float32."""
    _need_tensor("linalg_vector_norm", "input", 1, x)
    if isinstance(ord, str) or not isinstance(_scalar(ord), (int, float)) or \
            isinstance(ord, bool):
        raise TypeError(f"linalg_vector_norm(): argument 'ord' must be Number, not "
                        f"{type(ord).__name__}")
    ord = float(_scalar(ord))
    odt = _norm_dtype("linalg.vector_norm", x, dtype)
    shape = x._nd.shape
    dims = _norm_dims(dim, len(shape))
    if dims == ():
        dims = None
    if ord < 0 or ord == _INF:
        if dims is None:
            if math.prod(shape) == 0:
                raise RuntimeError(f"linalg.vector_norm cannot compute the {_fmt_ord(ord)} norm "
                                   f"on an empty tensor because the operation does not have an "
                                   f"identity")
        else:
            for d in dims:
                if shape[d] == 0:
                    raise RuntimeError(f"linalg.vector_norm cannot compute the {_fmt_ord(ord)} "
                                       f"norm on the dimension {d}because this dimension is "
                                       f"empty and the operation does not have an identity")
    cdt = float32 if _is_low(odt) else odt
    return record(_k_vector_norm, (x,), (("ord", ord), ("dims", dims), ("keepdim", bool(keepdim)),
                                         ("cdt", cdt), ("odt", odt)), name="linalg_vector_norm")


def _k_matrix_norm(x, *, ord, dims, keepdim, cdt, odt):
    x = x.astype(cdt.np)
    d0, d1 = dims
    if ord == "fro":
        r = _l2(x, dims, keepdim)
    elif ord == "nuc" or ord in (2.0, -2.0):
        y = jnp.moveaxis(x, (d0, d1), (-2, -1))
        s = jnp.linalg.svd(y, compute_uv=False) if min(y.shape[-2:]) else \
            jnp.zeros(y.shape[:-2] + (0,), y.dtype)
        if ord == "nuc":
            r = jnp.sum(s, axis=-1)
        elif ord == 2.0:
            r = jnp.max(s, axis=-1, initial=0)
        else:
            r = jnp.min(s, axis=-1)
        if keepdim:
            r = jnp.expand_dims(r, (min(d0, d1), max(d0, d1)))
    else:
        if abs(ord) == _INF:
            d0, d1 = d1, d0
        s = jnp.sum(_abs0(x), axis=d0, keepdims=True)
        r = jnp.max(s, axis=d1, keepdims=True, initial=0) if ord > 0 else \
            jnp.min(s, axis=d1, keepdims=True)
        if not keepdim:
            r = jnp.squeeze(r, axis=(d0, d1))
    return r.astype(odt.np)


_MATRIX_NORM_GNAME = {"fro": "LinalgVectorNormBackward0", "nuc": "SumBackward1"}


def linalg_matrix_norm(A, ord="fro", dim=(-2, -1), keepdim=False, *, dtype=None):
    """torch.linalg.matrix_norm: 'fro', 'nuc', +-1, +-2, +-inf over the two dims `dim`."""
    _need_tensor("linalg_matrix_norm", "A", 1, A)
    if isinstance(dim, int):
        raise TypeError(f"linalg_matrix_norm() received an invalid combination of arguments - "
                        f"got (Tensor, dim=int), but expected one of:\n * (Tensor input, Number "
                        f"ord, tuple of ints dim = {{-2,-1}}, bool keepdim = False, *, "
                        f"torch.dtype dtype = None, Tensor out = None)\n * (Tensor input, str ord "
                        f"= \"fro\", tuple of ints dim = {{-2,-1}}, bool keepdim = False, *, "
                        f"torch.dtype dtype = None, Tensor out = None)\n")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    else:
        ord = float(_scalar(ord))
        if abs(ord) not in (1.0, 2.0, _INF):
            raise RuntimeError(f"linalg.matrix_norm: Order {_fmt_ord(ord)} not supported.")
    if A.dim() < 2:
        raise RuntimeError("linalg.matrix_norm: The input tensor A must have at least 2 "
                           "dimensions.")
    odt = _norm_dtype("linalg.matrix_norm", A, dtype)
    if (ord == "nuc" or ord in (2.0, -2.0)) and _is_low(A.dtype):
        raise RuntimeError(f"linalg.matrix_norm: Low precision dtypes not supported. Got "
                           f"{_c10(A.dtype)}")
    dim = tuple(dim)
    if len(dim) != 2:
        raise RuntimeError(f"linalg.matrix_norm: dim must be a 2-tuple. Got "
                           f"{' '.join(str(d) for d in dim)}")
    nd = A.dim()
    dims = (_wrap(dim[0], nd), _wrap(dim[1], nd))
    if dims[0] == dims[1]:
        raise RuntimeError(f"linalg.matrix_norm: dims must be different. Got ({dim[0]}, "
                           f"{dim[1]})")
    shape = A._nd.shape
    if ord == -2.0 and min(shape[dims[0]], shape[dims[1]]) == 0:
        raise IndexError("amin(): Expected reduction dim -1 to have non-zero size.")
    if ord in (-1.0, -_INF):
        d0, d1 = dims
        if ord == -_INF:
            d0, d1 = d1, d0
        red = d1 - 1 if (not keepdim and d0 < d1) else d1
        if shape[d1] == 0:
            raise IndexError(f"amin(): Expected reduction dim {red} to have non-zero size.")
    cdt = float32 if _is_low(odt) else odt
    return record(_k_matrix_norm, (A,), (("ord", ord), ("dims", dims),
                                         ("keepdim", bool(keepdim)), ("cdt", cdt),
                                         ("odt", odt)), name="linalg_matrix_norm",
                  gname=_MATRIX_NORM_GNAME.get(ord, "AmaxBackward0" if ord > 0 else "AminBackward0")
                  if not isinstance(ord, str) else _MATRIX_NORM_GNAME[ord])


def linalg_norm(A, ord=None, dim=None, keepdim=False, *, dtype=None):
    """torch.linalg.norm: a vector norm (1-D, an int dim, or no ord/dim: all elements) or a
    matrix norm (2-D, a 2-tuple dim, or a string ord), as PyTorch decides."""
    _need_tensor("linalg_norm", "input", 1, A)
    if dim is not None:
        dims = (dim,) if isinstance(dim, int) else tuple(dim)
        if len(dims) not in (1, 2):
            raise RuntimeError(f"linalg.norm: If dim is specified, it must be of length 1 or 2. "
                               f"Got {list(dims)}")
    elif ord is not None and A.dim() not in (1, 2):
        raise RuntimeError(f"linalg.norm: If dim is not specified but ord is, the input must be "
                           f"1D or 2D. Got {A.dim()}D.")
    if dim is not None:
        is_matrix = len(dims) == 2 or isinstance(ord, str)
    else:
        is_matrix = ord is not None and (A.dim() == 2 or isinstance(ord, str))
    if is_matrix:
        mdim = (-2, -1) if dim is None else dims
        return linalg_matrix_norm(A, "fro" if ord is None else ord, mdim, keepdim, dtype=dtype)
    return linalg_vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype)


def linalg_vecdot(x, y, *, dim=-1):
    """torch.linalg.vecdot: sum(x * y, dim) over broadcast inputs (floating dtypes only)."""
    _need_tensor("linalg_vecdot", "x", 1, x)
    _need_tensor("linalg_vecdot", "y", 2, y)
    for t in (x, y):
        if not t.dtype.is_floating_point:
            raise RuntimeError(f"linalg.vecdot: Expected a floating point or complex tensor as "
                               f"input. Got {_c10(t.dtype)}")
    if x.dtype is not y.dtype:
        raise RuntimeError(f"linalg.vecdot: Expected x and y to have the same dtype, but found "
                           f"x of type {_c10(x.dtype)} and y of type {_c10(y.dtype)} instead")
    shape = _broadcast(x._nd.shape, y._nd.shape)
    d = _wrap(dim, len(shape))
    return record(_k_vecdot, (x, y), (("dim", d), ("shape", shape)), name="vecdot")


def _k_vecdot(x, y, *, dim, shape):
    dt = x.dtype
    acc = jnp.float32 if dt in (jnp.float16, jnp.bfloat16) else dt
    x = jnp.broadcast_to(x, shape).astype(acc)
    y = jnp.broadcast_to(y, shape).astype(acc)
    return jnp.sum(x * y, axis=dim).astype(dt)


def linalg_diagonal(A, *, offset=0, dim1=-2, dim2=-1):
    """torch.linalg.diagonal: torch.diagonal with dim1=-2, dim2=-1 defaults (a view)."""
    from .shape import diagonal
    return diagonal(A, offset, dim1, dim2)


def _k_vander(x, *, n):
    return jnp.power(x[..., :, None], jnp.arange(n, dtype=jnp.int64).astype(x.dtype))


def linalg_vander(x, *, N=None):
    """torch.linalg.vander: columns x**0, x**1, ..., x**(N-1) (increasing powers)."""
    _need_tensor("linalg_vander", "x", 1, x)
    if x.dim() < 1:
        raise RuntimeError("linalg.vander: x must have at least one dimension.")
    n = x._nd.shape[-1] if N is None else N
    if n <= 1 and N is not None and n < 1:
        raise RuntimeError("N must be greater than 1.")
    dt = int64 if x.dtype is bool_ else x.dtype
    from .conversion import cast
    return record(_k_vander, (cast(x, dt),), (("n", n),), name="vander")


def linalg_cond(A, p=None):
    """torch.linalg.cond: the p-norm condition number (2 by default: ratio of singular values;
    'nuc' from the singular values; 1, inf, 'fro' from the inverse, inf where A is singular)."""
    _need_tensor("linalg_cond", "A", 1, A)
    svd_based = p is None or p in (2, -2, "nuc")
    _cond_checks(A, p, svd_based)
    if svd_based:
        _svd_checks(A)
    else:
        _matrix_checks("linalg.inv", A)
    if A.numel() == 0:
        return A.new_zeros(A.shape[:-2])
    if p == "nuc":
        s = linalg_svdvals(A)
        return s.sum(-1) * s.reciprocal().sum(-1)
    if svd_based:
        return record(_k_cond_svd, (A,), (("p", float(p or 2)),), name="linalg_cond",
                      gname="SqueezeBackward1")
    inv, info = linalg_inv_ex(A)
    r = linalg_matrix_norm(A, p) * linalg_matrix_norm(inv, p)
    return r.masked_fill(info > 0, math.nan).nan_to_num(math.inf, math.inf)


def _cond_checks(A, p, svd_based):
    """linalg.cond's argument checks, in PyTorch's order (string orders name themselves)."""
    where = f"linalg.cond(ord={p})" if isinstance(p, str) else "linalg.cond"
    if A.dim() < 2:
        raise RuntimeError(f"{where}: The input tensor{' A' if isinstance(p, str) else ''} must "
                           f"have at least 2 dimensions.")
    valid = svd_based or p in (1, -1, math.inf, -math.inf, "fro")
    if not valid and not isinstance(p, str):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    s = A._nd.shape
    if not (p is None or p in (2, -2)) and s[-1] != s[-2]:
        raise RuntimeError(f"linalg.cond(ord={p}): A must be batches of square matrices, but "
                           f"they are {s[-2]} by {s[-1]} matrices")
    if not valid:
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")


def _k_cond_svd(a, *, p):
    s = jnp.linalg.svd(a, compute_uv=False)
    r = s[..., 0] / s[..., -1]
    return r if p == 2 else 1 / r


# ---- return types ---------------------------------------------------------------------------
slogdet_type = return_type("slogdet", ("sign", "logabsdet"))
linalg_slogdet_type = return_type("linalg_slogdet", ("sign", "logabsdet"))
linalg_inv_ex_type = return_type("linalg_inv_ex", ("inverse", "info"))
linalg_solve_ex_type = return_type("linalg_solve_ex", ("result", "info"))
linalg_cholesky_ex_type = return_type("linalg_cholesky_ex", ("L", "info"))
qr_type = return_type("qr", ("Q", "R"))
linalg_qr_type = return_type("linalg_qr", ("Q", "R"))
linalg_eigh_type = return_type("linalg_eigh", ("eigenvalues", "eigenvectors"))
svd_type = return_type("svd", ("U", "S", "V"))
linalg_svd_type = return_type("linalg_svd", ("U", "S", "Vh"))
linalg_lstsq_type = return_type("linalg_lstsq", ("solution", "residuals", "rank",
                                                 "singular_values"))
linalg_lu_factor_type = return_type("linalg_lu_factor", ("LU", "pivots"))
linalg_lu_type = return_type("linalg_lu", ("P", "L", "U"))
triangular_solve_type = return_type("triangular_solve", ("solution", "cloned_coefficient"))


# ---- LU: lu_factor_ex and the legacy torch.lu / lu_solve / lu_unpack ----------------------------
linalg_lu_factor_ex_type = return_type("linalg_lu_factor_ex", ("LU", "pivots", "info"))
lu_with_info_type = return_type("_lu_with_info", ("LU", "pivots", "info"))
lu_unpack_type = return_type("lu_unpack", ("P", "L", "U"))


def _k_lu_factor_ex(a):
    lu, piv = _k_lu_factor(a)
    return lu, piv, _lu_info(lu)


def linalg_lu_factor_ex(A, *, pivot=True, check_errors=False):
    """torch.linalg.lu_factor_ex: (LU, pivots, info); info > 0 names a zero pivot of U."""
    _need_tensor("linalg_lu_factor_ex", "A", 1, A)
    _lu_checks(A, "torch.lu_factor_ex")
    if not pivot:
        raise RuntimeError("linalg.lu_factor: LU without pivoting is not implemented on the CPU")
    return linalg_lu_factor_ex_type(*record_multi(_k_lu_factor_ex, (A,),
                                                  name="linalg_lu_factor_ex"))


@op("lu")
def lu(A, pivot=True, get_infos=False, out=None):
    """Deprecated torch.lu: linalg.lu_factor's (LU, pivots), plus info with get_infos."""
    warnings.warn("torch.lu is deprecated in favor of torch.linalg.lu_factor / "
                  "torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.",
                  UserWarning, stacklevel=2)
    res = linalg_lu_factor_ex(A, pivot=pivot)
    if get_infos:
        return lu_with_info_type(res.LU, res.pivots, res.info)
    return res.LU, res.pivots


@op("lu_solve")
def lu_solve(b, LU_data, LU_pivots):
    """Deprecated torch.lu_solve(B, LU, pivots): linalg.lu_solve with its arguments reversed."""
    warnings.warn("torch.lu_solve is deprecated in favor of torch.linalg.lu_solve and will be "
                  "removed in a future PyTorch release.", UserWarning, stacklevel=2)
    return linalg_lu_solve(LU_data, LU_pivots, b)


def _k_lu_unpack(lu, piv, *, data, pivots):
    m, n = lu.shape[-2:]
    k = min(m, n)
    out = []
    if pivots:
        perm = jax.lax.linalg.lu_pivots_to_permutation(piv.astype(jnp.int32) - 1, m)
        out.append((perm[..., None, :] == jnp.arange(m)[:, None]).astype(lu.dtype))
    else:
        out.append(jnp.zeros((0,), lu.dtype))
    if data:
        out.append(jnp.tril(lu[..., :, :k], -1) + jnp.eye(m, k, dtype=lu.dtype))
        out.append(jnp.triu(lu[..., :k, :]))
    else:
        out += [jnp.zeros((0,), lu.dtype), jnp.zeros((0,), lu.dtype)]
    return tuple(out)


@op("lu_unpack", method=False)
def lu_unpack(LU_data, LU_pivots, unpack_data=True, unpack_pivots=True):
    """torch.lu_unpack: (P, L, U) from lu_factor's (LU, pivots), A = P @ L @ U."""
    _need_tensor("lu_unpack", "LU_data", 1, LU_data)
    _need_tensor("lu_unpack", "LU_pivots", 2, LU_pivots)
    if LU_pivots.dtype is not _dtype.int32:
        raise RuntimeError(f"torch.lu_unpack: LU_pivots is expected to be a contiguous tensor "
                           f"of torch.int32 dtype. Note: this function is intended to be used "
                           f"with the output produced by torch.linalg.lu_factor")
    return lu_unpack_type(*record_multi(
        _k_lu_unpack, (LU_data, LU_pivots),
        (("data", bool(unpack_data)), ("pivots", bool(unpack_pivots))), name="lu_unpack"))


# ---- householder_product (orgqr), tensorinv, tensorsolve ---------------------------------------
def _k_householder(a, tau):
    """The first n columns of H_0 H_1 ... H_{k-1}, H_i = I - tau_i v_i v_i^T with v_i = e_i
    below which sit a[i+1:, i] (LAPACK's orgqr), applied to I[:, :n] from the last reflection
    to the first as rank-1 updates (differentiable, unlike lax.linalg.householder_product)."""
    m, n = a.shape[-2:]
    k = tau.shape[-1]
    rows = jnp.arange(m)
    q = jnp.broadcast_to(jnp.eye(m, n, dtype=a.dtype), a.shape)

    def reflect(j, q):
        i = k - 1 - j
        col = jnp.take(a, i, axis=-1)                       # (..., m)
        v = jnp.where(rows > i, col, (rows == i).astype(a.dtype))
        t = jnp.take(tau, i, axis=-1)[..., None, None]
        return q - t * v[..., :, None] * jnp.einsum("...m,...mn->...n", v, q)[..., None, :]
    return jax.lax.fori_loop(0, k, reflect, q)


def linalg_householder_product(A, tau):
    """torch.linalg.householder_product (torch.orgqr): the m x n matrix with orthonormal columns
    that A's Householder vectors and the scalars tau stand for (as geqrf returns them)."""
    name = "torch.linalg.householder_product"
    _need_tensor("linalg_householder_product", "input", 1, A)
    _need_tensor("linalg_householder_product", "tau", 2, tau)
    if A.dim() < 2:
        raise RuntimeError(f"{name}: input must have at least 2 dimensions.")
    m, n = A.shape[-2:]
    if m < n:
        raise RuntimeError(f"{name}: input.shape[-2] must be greater than or equal to "
                           "input.shape[-1]")
    if tau.dim() >= 1 and n < tau.shape[-1]:
        raise RuntimeError(f"{name}: input.shape[-1] must be greater than or equal to "
                           "tau.shape[-1]")
    if tau.dim() != A.dim() - 1:
        raise RuntimeError(f"{name}: Expected tau to have one dimension less than input, but got "
                           f"tau.ndim equal to {tau.dim()} and input.ndim is equal to {A.dim()}")
    if tuple(tau.shape[:-1]) != tuple(A.shape[:-2]):
        raise RuntimeError(f"{name}: Expected batch dimensions of tau to be equal to "
                           f"input.shape[:-2], but got {list(tau.shape[:-1])}")
    if tau.dtype is not A.dtype:
        raise RuntimeError(f"{name}: tau dtype {_dtype.c10_name(tau.dtype)} does not match input "
                           f"dtype {_dtype.c10_name(A.dtype)}")
    if A.dtype not in (float32, _dtype.float64):
        raise NotImplementedError(f'"orgqr_cpu" not implemented for '
                                  f"'{_dtype.c10_name(A.dtype)}'")
    return record(_k_householder, (A, tau), name="linalg_householder_product",
                  gname="LinalgHouseholderProductBackward0")


@op("orgqr")
def orgqr(input, tau):
    """torch.orgqr: torch.linalg.householder_product."""
    return linalg_householder_product(input, tau)


def linalg_tensorinv(A, ind=2):
    """torch.linalg.tensorinv: the inverse of A seen as a prod(A.shape[:ind]) square matrix,
    shaped A.shape[ind:] + A.shape[:ind]."""
    _need_tensor("linalg_tensorinv", "input", 1, A)
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    end, start = tuple(A.shape[ind:]), tuple(A.shape[:ind])
    if math.prod(end) != math.prod(start):
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[ind:]) == "
                           f"prod(self.shape[:ind]), but got {math.prod(end)} != "
                           f"{math.prod(start)}")
    return linalg_inv(A.reshape(math.prod(end), math.prod(end))).reshape(end + start)


def linalg_tensorsolve(A, B, dims=None):
    """torch.linalg.tensorsolve: X with tensordot(A, X, X.ndim) == B; `dims` of A are moved to
    the end first."""
    _need_tensor("linalg_tensorsolve", "input", 1, A)
    _need_tensor("linalg_tensorsolve", "other", 2, B)
    if dims is not None:
        dims = [d % A.dim() for d in dims]
        A = A.movedim(dims, list(range(A.dim() - len(dims), A.dim())))
    result = tuple(A.shape[B.dim():])
    if math.prod(result) != B.numel():
        raise RuntimeError("Expected self to satisfy the requirement prod(self.shape[other.ndim:]) "
                           f"== prod(self.shape[:other.ndim]), but got {math.prod(result)} != "
                           f"{B.numel()}")
    n = math.prod(result)
    return linalg_solve(A.reshape(n, n), B.flatten()).reshape(result)
