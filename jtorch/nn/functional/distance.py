"""nn.functional: cosine_similarity, pairwise_distance, pdist (also torch.cosine_similarity,
torch.pairwise_distance, torch.pdist, which PyTorch's F re-exports).

One kernel each. Norms have PyTorch's gradients (0 at a zero vector); cosine_similarity clamps
the norms to eps without differentiating the clamp, exactly as PyTorch's implementation does
(its clamp runs under no_grad), so the gradients match at tiny norms too.
"""
import jax
import jax.numpy as jnp
import numpy as np

from ... import _dtype
from ..._dtype import float16, bfloat16, float32
from ..._ops.dispatch import record
from ..._ops.elementwise import broadcast_shapes_cached, result_type
from ..._ops.registry import op
from ..._ops.shape import wrap_dim
from ..._tensor import Tensor
from .normalization import vector_norm

__all__ = ["cosine_similarity", "pairwise_distance", "pdist"]


def _opmath(dt):
    return float32 if dt is float16 or dt is bfloat16 else dt


def _check(fname, *ts):
    for i, t in enumerate(ts):
        if not isinstance(t, Tensor):
            raise TypeError(f"{fname}(): argument 'x{i + 1}' (position {i + 1}) must be Tensor, "
                            f"not {type(t).__name__}")


def _cosine_kernel(a, b, eps, *, dim, shape, cdt):
    m = _opmath(cdt).np
    a = jnp.broadcast_to(a.astype(cdt.np).astype(m), shape)
    b = jnp.broadcast_to(b.astype(cdt.np).astype(m), shape)
    e = jnp.asarray(eps, m)

    def clamped(n):  # clamp_min(eps) under no_grad: the clamp passes the gradient straight on
        return n + jax.lax.stop_gradient(jnp.maximum(n, e) - n)

    na = clamped(vector_norm(a, 2, dim, True))
    nb = clamped(vector_norm(b, 2, dim, True))
    return jnp.sum((a / na) * (b / nb), dim).astype(cdt.np)


@op("cosine_similarity", method=False)
def cosine_similarity(x1, x2, dim=1, eps=1e-08):
    """torch.cosine_similarity / F.cosine_similarity: x1.x2 / (max(|x1|, eps) max(|x2|, eps))
    along dim, after broadcasting."""
    _check("cosine_similarity", x1, x2)
    cdt = result_type(x1, x2)
    if not cdt.is_floating_point:
        raise RuntimeError(f"expected common dtype to be floating point, yet common dtype is "
                           f"{_dtype.c10_name(cdt)}")
    shape = broadcast_shapes_cached(tuple(x1._nd.shape), tuple(x2._nd.shape))
    d = wrap_dim(dim, len(shape))
    return record(_cosine_kernel, (x1, x2, float(eps)),
                  (("dim", d if shape else None), ("shape", shape), ("cdt", cdt)),
                  name="cosine_similarity", gname="SumBackward1")


def _pairwise_kernel(a, b, eps, *, p, keepdim, cdt):
    m = _opmath(cdt).np
    d = a.astype(cdt.np).astype(m) - b.astype(cdt.np).astype(m) + jnp.asarray(eps, m)
    return vector_norm(d, p, -1 if d.ndim else None, keepdim).astype(cdt.np)


@op("pairwise_distance", method=False)
def pairwise_distance(x1, x2, p=2.0, eps=1e-06, keepdim=False):
    """torch.pairwise_distance / F.pairwise_distance: ||x1 - x2 + eps||_p over the last dim."""
    _check("pairwise_distance", x1, x2)
    broadcast_shapes_cached(tuple(x1._nd.shape), tuple(x2._nd.shape))
    cdt = result_type(x1, x2, float(eps))
    return record(_pairwise_kernel, (x1, x2, float(eps)),
                  (("p", float(p)), ("keepdim", bool(keepdim)), ("cdt", cdt)),
                  name="pairwise_distance", gname="NormBackward1")


def _pdist_kernel(x, *, p, cdt):
    m = _opmath(cdt).np
    i, j = np.triu_indices(x.shape[0], 1)
    xf = x.astype(m)
    d = xf[jnp.asarray(i, jnp.int64)] - xf[jnp.asarray(j, jnp.int64)]
    return vector_norm(d, p, 1, False).astype(cdt.np)


@op("pdist", method=False)
def pdist(input, p=2):
    """torch.pdist / F.pdist: p-norm distances between the rows of a 2-D input (upper
    triangle, row by row)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"pdist(): argument 'input' (position 1) must be Tensor, not "
                        f"{type(input).__name__}")
    shape = input._nd.shape
    if len(shape) != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {len(shape)}D")
    dt = input._nd.dtype
    if not dt.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return record(_pdist_kernel, (input,), (("p", float(p)), ("cdt", dt)), name="pdist",
                  gname="PdistBackward0")
