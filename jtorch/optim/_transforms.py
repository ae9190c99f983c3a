"""Small helpers shared by the optax transformations that reproduce PyTorch's update rules.

Hyperparameters arrive as float64 scalars (Python floats or traced arrays). PyTorch computes
derived scalars (1 - beta, bias corrections, step sizes) in Python double precision and casts
them to the tensor's dtype where a tensor op uses them; `cast` does that last step, so derived
scalars are computed in float64 first, exactly as PyTorch does.
"""
import jax.numpy as jnp
import optax

EMPTY = optax.EmptyState()


def f64(x):
    """A hyperparameter as a float64 scalar (PyTorch's Python double)."""
    return jnp.asarray(x, dtype=jnp.float64)


def cast(x, dtype):
    """A float64 scalar cast to the tensor dtype, as PyTorch casts a Python scalar argument."""
    return jnp.asarray(x, dtype=jnp.float64).astype(dtype)


def lerp(start, end, weight):
    """PyTorch's lerp: start + w * (end - start) for |w| < 0.5, else end - (end - start) * (1-w)."""
    # end - diff * (1 - w) == end + (w - 1) * diff exactly, so one fused expression serves
    # both branches: the scalar weight picks the anchor and the coefficient.
    diff = end - start
    small = jnp.abs(weight) < 0.5
    return jnp.where(small, start, end) + jnp.where(small, weight, weight - 1) * diff


def addcmul(x, t1, t2, value):
    """PyTorch's addcmul: x + value * t1 * t2 (evaluated left to right)."""
    return x + value * t1 * t2


def addcdiv(x, t1, t2, value):
    """PyTorch's addcdiv: x + value * (t1 / t2)."""
    return x + value * (t1 / t2)


def negate_if(flag, grads, dtype):
    """maximize=True: ascend (optax.scale by -1, an exact negation)."""
    if not flag:
        return grads
    return optax.scale(cast(-1.0, dtype)).update(grads, EMPTY)[0]


def l2(flag, grads, params, weight_decay, dtype):
    """PyTorch's coupled weight decay grad + weight_decay * param (optax.add_decayed_weights)."""
    if not flag:
        return grads
    return optax.add_decayed_weights(cast(weight_decay, dtype)).update(grads, EMPTY, params)[0]


def delta(new_params, params):
    """Updates that take `params` exactly to `new_params` under optax.apply_updates.

    Used where PyTorch's rule is not `param + something` in one rounding (a multiplicative
    weight decay before the update, two successive addcdiv_): new - old is exact whenever the
    two are within a factor of two of each other (Sterbenz), so old + (new - old) == new."""
    return tuple(n - p for n, p in zip(new_params, params))


def zeros_state(params, keys, scalar_dtype, ones=()):
    """Initial per-parameter state: a 0-d `step` (and other 0-d scalars) plus zero tensors."""
    out = []
    for p in params:
        st = {}
        for k in keys:
            if k == "step":
                st[k] = jnp.zeros((), scalar_dtype)
            elif k in ones:
                st[k] = jnp.ones((), scalar_dtype)
            else:
                st[k] = jnp.zeros_like(p)
        out.append(st)
    return tuple(out)

