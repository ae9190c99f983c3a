"""torch.distributions.utils: argument broadcasting, probs <-> logits, lazy properties and the
lower-triangular <-> vector conversions, with PyTorch's semantics."""
import functools

import numpy as np

import jtorch as torch
from . import _functional as _F

__all__ = ["broadcast_all", "logits_to_probs", "clamp_probs", "probs_to_logits",
           "lazy_property", "tril_matrix_to_vec", "vec_to_tril_matrix"]

euler_constant = 0.57721566490153286060  # Euler-Mascheroni constant

_Number = (int, float, bool)


def _is_tensor(x):
    return isinstance(x, torch.Tensor)


def broadcast_all(*values):
    """Broadcast Tensors and Python numbers together; numbers become tensors with the dtype and
    device of the first Tensor argument (the default dtype when there is none)."""
    if not all(_is_tensor(v) or isinstance(v, _Number) for v in values):
        raise ValueError("Input arguments must all be instances of Number, torch.Tensor or "
                         "objects implementing __torch_function__.")
    if not all(_is_tensor(v) for v in values):
        opts = {"dtype": torch.get_default_dtype()}
        for v in values:
            if _is_tensor(v):
                opts = {"dtype": v.dtype, "device": v.device}
                break
        values = [v if _is_tensor(v) else torch.tensor(v, **opts) for v in values]
    # as torch.broadcast_tensors: a tensor already of the common shape comes back as itself
    try:
        shape = torch.broadcast_shapes(*(tuple(v.shape) for v in values))
    except RuntimeError:
        torch.broadcast_tensors(*values)  # raises broadcast_tensors' own message
        raise
    return tuple(v if tuple(v.shape) == tuple(shape) else v.expand(shape) for v in values)


def _standard_normal(shape, dtype, device):
    """Standard normal samples of `shape` (from jtorch's default generator)."""
    return torch.randn(tuple(shape), dtype=dtype, device=device)


def _sum_rightmost(value, dim):
    """Sum out the `dim` rightmost dimensions of `value`."""
    if dim == 0:
        return value
    return value.reshape(tuple(value.shape[:-dim]) + (-1,)).sum(-1)


def logits_to_probs(logits, is_binary=False):
    """Probabilities from logits: sigmoid (binary) or softmax over the last dim."""
    if is_binary:
        return torch.sigmoid(logits)
    return _F.softmax(logits, dim=-1)


def clamp_probs(probs):
    """Clamp probabilities into [eps, 1 - eps] (eps of probs' dtype)."""
    eps = torch.finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs, is_binary=False):
    """Logits from probabilities: log-odds (binary) or log-probabilities."""
    p = clamp_probs(probs)
    if is_binary:
        return torch.log(p) - torch.log1p(-p)
    return torch.log(p)


class lazy_property:
    """A non-data descriptor computing a value on first access (under enable_grad) and storing
    it on the instance, so later reads are plain attribute reads."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        functools.update_wrapper(self, wrapped)

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return _lazy_property_and_property(self.wrapped)
        with torch.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


class _lazy_property_and_property(lazy_property, property):
    """What a lazy_property looks like on the class: both a lazy_property and a property."""

    def __init__(self, wrapped):
        property.__init__(self, wrapped)


@functools.lru_cache(maxsize=256)
def _tril_index(n, diag):
    rows, cols = np.nonzero(np.arange(n)[None, :] < np.arange(n)[:, None] + (diag + 1))
    return rows.tolist(), cols.tolist()


def tril_matrix_to_vec(mat, diag=0):
    """The lower-triangular entries (below diagonal `diag`) of a batch of D x D matrices, in
    row order."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    rows, cols = _tril_index(n, diag)
    return mat[..., torch.tensor(rows), torch.tensor(cols)]


def vec_to_tril_matrix(vec, diag=0):
    """A batch of D x D lower-triangular matrices holding `vec`'s entries in row order."""
    m = vec.shape[-1]
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * m + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    eps = torch.finfo(vec.dtype).eps
    if round(n) - n > eps:
        raise ValueError(f"The size of last dimension is {m} which cannot be expressed as the "
                         "lower triangular part of a square D x D matrix.")
    n = round(n)
    rows, cols = _tril_index(n, diag)
    flat = torch.tensor([r * n + c for r, c in zip(rows, cols)])
    out = vec.new_zeros(tuple(vec.shape[:-1]) + (n * n,))
    idx = flat.expand(tuple(vec.shape[:-1]) + (len(rows),))
    out = out.scatter(-1, idx, vec)
    return out.reshape(tuple(vec.shape[:-1]) + (n, n))
