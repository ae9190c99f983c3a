"""torch.func (functorch's transforms) over jtorch's autograd: grad, grad_and_value, vjp, jvp,
jacrev, jacfwd, hessian, vmap and functional_call.

vmap runs the function once per slice along the mapped dimension and stacks the results: the
values and shapes are PyTorch's, the speed is a loop's (README: Differences from PyTorch).
Derivatives use autograd.grad with create_graph, so the transforms compose (grad of grad)."""
from .. import autograd as _autograd
from .._tensor import Tensor

__all__ = ["grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "vmap",
           "functional_call"]


def _tree_map(f, tree):
    if isinstance(tree, Tensor):
        return f(tree)
    if isinstance(tree, tuple) and hasattr(tree, "_fields"):
        return type(tree)(*[_tree_map(f, x) for x in tree])
    if isinstance(tree, (list, tuple)):
        return type(tree)(_tree_map(f, x) for x in tree)
    if isinstance(tree, dict):
        return {k: _tree_map(f, v) for k, v in tree.items()}
    return tree


def _leaves(tree):
    out = []
    _tree_map(out.append, tree)
    return out


# How many torch.func transforms are running: the outermost one returns detached results (as
# PyTorch's do); inner ones keep their graph so an outer transform can differentiate them.
_depth = [0]


def _track(t):
    """A differentiable stand-in for input `t`: connected to an outer transform's graph when
    `t` already requires grad, a fresh leaf otherwise."""
    if not t.dtype.is_floating_point:
        return t
    return t.view_as(t) if t.requires_grad else t.detach().requires_grad_(True)


def _finish(tree):
    """Results (and aux outputs) of a top-level transform come back detached, as PyTorch's
    functorch levels unwrap them."""
    return _tree_map(lambda t: t.detach(), tree) if _depth[0] == 0 else tree


def _argnums(argnums, n):
    single = isinstance(argnums, int)
    nums = (argnums,) if single else tuple(argnums)
    for a in nums:
        if not isinstance(a, int) or not -n <= a < n:
            raise RuntimeError(f"Got argnums={argnums} but only {n} positional inputs")
    return tuple(a % n for a in nums), single


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (gradient of func's scalar output w.r.t. args[argnums], output)."""
    def wrapper(*args, **kwargs):
        nums, single = _argnums(argnums, len(args))
        args = list(args)
        inner = {}
        for a in nums:
            args[a] = _tree_map(_track, args[a])
            inner[a] = args[a]
        _depth[0] += 1
        try:
            with _autograd.enable_grad():
                res = func(*args, **kwargs)
        finally:
            _depth[0] -= 1
        with _autograd.enable_grad():
            out, aux = (res if has_aux else (res, None))
            if has_aux and not (isinstance(res, tuple) and len(res) == 2):
                raise RuntimeError("grad_and_value(f)(*args): output of function f should be a "
                                   "tuple: (output, aux) if has_aux is True")
            if not isinstance(out, Tensor) or out.numel() != 1:
                raise RuntimeError("grad_and_value(f)(*args): Expected f(*args) to return a "
                                   "scalar Tensor, got tensor with "
                                   f"{out.dim() if isinstance(out, Tensor) else 0} dims. Maybe "
                                   "you wanted to use the vjp or jacrev APIs instead?")
            flat = [t for a in nums for t in _leaves(inner[a])]
            if out.requires_grad:
                gs = _autograd.grad(out, flat, create_graph=True, allow_unused=True)
            else:
                gs = (None,) * len(flat)
        from .._creation import zeros_like
        gs = iter([g if g is not None else zeros_like(t) for g, t in zip(gs, flat)])
        grads = tuple(_tree_map(lambda t: next(gs), inner[a]) for a in nums)
        grads = _finish(grads[0] if single else grads)
        out = _finish(out)
        return (grads, (out, _finish(aux))) if has_aux else (grads, out)
    return wrapper


def grad(func, argnums=0, has_aux=False):
    """torch.func.grad: a function returning the gradient of func's scalar output."""
    gv = grad_and_value(func, argnums, has_aux)

    def wrapper(*args, **kwargs):
        g, (value) = gv(*args, **kwargs)
        return (g, value[1]) if has_aux else g
    return wrapper


def vjp(func, *primals, has_aux=False):
    """torch.func.vjp: (func(*primals), vjp_fn) where vjp_fn(cotangents) gives one gradient
    per primal."""
    ps = [_tree_map(_track, p) for p in primals]
    _depth[0] += 1
    try:
        with _autograd.enable_grad():
            res = func(*ps)
    finally:
        _depth[0] -= 1
    out, aux = res if has_aux else (res, None)
    flat_p = [t for p in ps for t in _leaves(p)]
    outs = _leaves(out)

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        cots = _leaves(cotangents)
        pairs = [(o, c) for o, c in zip(outs, cots) if o.requires_grad]
        from .._creation import zeros_like
        if pairs:
            gs = _autograd.grad([o for o, _ in pairs], flat_p, [c for _, c in pairs],
                                retain_graph=True, create_graph=True, allow_unused=True)
        else:
            gs = (None,) * len(flat_p)
        it = iter([g if g is not None else zeros_like(t) for g, t in zip(gs, flat_p)])
        return _finish(tuple(_tree_map(lambda t: next(it), p) for p in ps))

    out = _finish(out)
    return (out, vjp_fn, _finish(aux)) if has_aux else (out, vjp_fn)


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """torch.func.jvp: (func(*primals), J @ tangents), by the double-vjp identity."""
    from ..autograd import functional as F
    if has_aux:
        aux_box = []

        def f(*xs):
            out, aux = func(*xs)
            aux_box.append(aux)
            return out
        out, t = _nested(F.jvp, f, tuple(primals), tuple(tangents), create_graph=True)
        return _finish(out), _finish(t), _finish(aux_box[-1])
    return _finish(_nested(F.jvp, func, tuple(primals), tuple(tangents), create_graph=True))


def _nested(transform, *args, **kwargs):
    _depth[0] += 1
    try:
        return transform(*args, **kwargs)
    finally:
        _depth[0] -= 1


def _jacobian(func, argnums, has_aux, kind):
    from ..autograd import functional as F

    def wrapper(*args):
        nums, single = _argnums(argnums, len(args))
        aux_box = []

        def f(*xs):
            full = list(args)
            for a, x in zip(nums, xs):
                full[a] = x
            res = func(*full)
            if has_aux:
                res, aux = res
                aux_box.append(aux)
            return res
        jac = _nested(F.jacobian, f, tuple(_track(args[a]) for a in nums), create_graph=True)
        if isinstance(jac, tuple) and not isinstance(jac, Tensor):
            # autograd.functional: per output, per input; torch.func keeps input structure
            jac = tuple(j[0] if single else j for j in jac) if _is_nested(jac) else \
                (jac[0] if single else jac)
        return (_finish(jac), _finish(aux_box[-1])) if has_aux else _finish(jac)
    return wrapper


def _is_nested(jac):
    return bool(jac) and isinstance(jac[0], tuple)


def jacrev(func, argnums=0, *, has_aux=False, chunk_size=None):
    """torch.func.jacrev: the Jacobian of func w.r.t. args[argnums]."""
    return _jacobian(func, argnums, has_aux, "rev")


def jacfwd(func, argnums=0, has_aux=False, *, randomness="error"):
    """torch.func.jacfwd: the same Jacobian (computed by reverse mode here)."""
    return _jacobian(func, argnums, has_aux, "fwd")


def hessian(func, argnums=0):
    """torch.func.hessian: jacfwd(jacrev(func))."""
    return jacfwd(jacrev(func, argnums), argnums)


def vmap(func, in_dims=0, out_dims=0, randomness="error", *, chunk_size=None):
    """torch.vmap / torch.func.vmap: func mapped over a dimension of its inputs."""
    def wrapper(*args, **kwargs):
        dims = in_dims if isinstance(in_dims, tuple) else (in_dims,) * len(args)
        if len(dims) != len(args):
            raise ValueError(f"vmap(func, in_dims={in_dims}, ...)(<inputs>): in_dims is not "
                             f"compatible with the structure of `inputs`. in_dims has structure "
                             f"of length {len(dims)} but inputs has length {len(args)}.")
        sizes = []

        def note(t, d):
            if d is not None:
                sizes.append(t.shape[d])
        for a, d in zip(args, dims):
            _pairwise(a, d, note)
        if not sizes:
            raise ValueError(f"vmap(func, in_dims={in_dims}, ...)(<inputs>): at least one input "
                             "must be a Tensor mapped over a dimension (in_dims not all None)")
        if len(set(sizes)) != 1:
            raise ValueError(f"vmap(func, in_dims={in_dims}, ...)(<inputs>): Expected all tensors "
                             f"to have the same size in the mapped dimension, got sizes {sizes} "
                             "for the mapped dimension")
        results = []
        for i in range(sizes[0]):
            sliced = [_pairwise(a, d, lambda t, dd: t.select(dd, i) if dd is not None else t,
                                rebuild=True) for a, d in zip(args, dims)]
            results.append(func(*sliced, **kwargs))
        return _stack_results(results, out_dims)
    return wrapper


def _pairwise(tree, dims, f, rebuild=False):
    """Apply f(tensor, dim) to each tensor of `tree`, with `dims` an int/None or a matching
    structure."""
    if isinstance(tree, Tensor):
        out = f(tree, dims)
        return out if rebuild else None
    if isinstance(tree, (list, tuple)):
        ds = dims if isinstance(dims, (list, tuple)) else (dims,) * len(tree)
        res = [_pairwise(x, d, f, rebuild) for x, d in zip(tree, ds)]
        return type(tree)(res) if rebuild else None
    if isinstance(tree, dict):
        ds = dims if isinstance(dims, dict) else {k: dims for k in tree}
        res = {k: _pairwise(v, ds[k], f, rebuild) for k, v in tree.items()}
        return res if rebuild else None
    return tree if rebuild else None


def _stack_results(results, out_dims):
    from .. import stack
    first = results[0]
    if isinstance(first, Tensor):
        d = out_dims if not isinstance(out_dims, (tuple, list)) else out_dims[0]
        return stack(results, d) if d is not None else first
    if isinstance(first, (list, tuple)):
        ds = out_dims if isinstance(out_dims, (tuple, list)) else (out_dims,) * len(first)
        return type(first)(_stack_results([r[j] for r in results], ds[j])
                           for j in range(len(first)))
    if isinstance(first, dict):
        return {k: _stack_results([r[k] for r in results], out_dims) for k in first}
    raise ValueError(f"vmap: `{type(first).__name__}` is not a Tensor output; vmap(f) requires "
                     "f to return Tensors (or nested tuples/lists/dicts of them)")


def functional_call(module, parameter_and_buffer_dicts, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """torch.func.functional_call: module's forward with the given parameters and buffers."""
    from ..nn.utils.stateless import _functional_call as call
    return call(module, parameter_and_buffer_dicts, args, kwargs, tie_weights=tie_weights,
                strict=strict)
