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
    `t` already requires grad, a fresh leaf otherwise (PyTorch's errors for a non-Tensor or
    an integer Tensor)."""
    if not isinstance(t, Tensor):
        raise ValueError(f"Thing passed to transform API must be Tensor, got {type(t)}")
    return t.view_as(t) if t.requires_grad else t.detach().requires_grad_(True)


def _track_tree(tree):
    if not isinstance(tree, (Tensor, list, tuple, dict)):
        return _track(tree)
    return _tree_map(_track, _check_leaves(tree, _track))


def _check_leaves(tree, complain):
    """Call complain(leaf) on each leaf of tree that is not a Tensor (lists, tuples, dicts
    are containers); returns tree."""
    if isinstance(tree, (list, tuple)):
        for x in tree:
            _check_leaves(x, complain)
    elif isinstance(tree, dict):
        for x in tree.values():
            _check_leaves(x, complain)
    elif not isinstance(tree, Tensor):
        complain(tree)
    return tree


def _only_tensors(tree, api):
    """PyTorch's error when a transformed function returns a non-Tensor leaf."""
    def complain(x):
        raise RuntimeError(f"{api}: expected f(*primals) to return only tensors, got "
                           f"unsupported type {type(x)}")
    return _check_leaves(tree, complain)


def _split_aux(res, has_aux, api):
    """(output, aux) of a has_aux function, PyTorch's checks included."""
    if not has_aux:
        return res, None
    if not (isinstance(res, tuple) and len(res) == 2):
        raise RuntimeError(f"{api}: output of function f should be a tuple: (output, aux) if "
                           "has_aux is True")

    def complain(x):
        raise RuntimeError(f"Expected tensors, got unsupported type {type(x)}")
    _check_leaves(res[1], complain)
    return res


def _finish(tree):
    """Results (and aux outputs) of a top-level transform come back detached, as PyTorch's
    functorch levels unwrap them."""
    return _tree_map(lambda t: t.detach(), tree) if _depth[0] == 0 else tree


def _argnums(argnums, n):
    """(positions, whether argnums was one int), with PyTorch's argnums errors."""
    single = isinstance(argnums, int)
    nums = (argnums,) if single else argnums
    if not isinstance(nums, tuple) or not all(isinstance(a, int) for a in nums):
        bad = argnums if not isinstance(nums, tuple) else \
            next(a for a in nums if not isinstance(a, int))
        raise RuntimeError(f"argnums must be int or Tuple[int, ...], got: {type(bad)}")
    if not nums:
        raise RuntimeError("argnums must be non-empty")
    for a in nums:
        if not -n <= a < n:
            raise RuntimeError(f"Got argnum={a}, but only {n} positional inputs")
    if len(set(a % n for a in nums)) != len(nums):
        raise RuntimeError(f"argnums elements must be unique, got {argnums}")
    return tuple(a % n for a in nums), single


def grad_and_value(func, argnums=0, has_aux=False):
    """A function returning (gradient of func's scalar output w.r.t. args[argnums], output)."""
    def wrapper(*args, **kwargs):
        nums, single = _argnums(argnums, len(args))
        args = list(args)
        inner = {}
        for a in nums:
            args[a] = _track_tree(args[a])
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


def _spec(tree):
    """A pytree's structure as PyTorch prints it in errors: `*` for a leaf."""
    if isinstance(tree, tuple):
        inner = ", ".join(_spec(x) for x in tree)
        return f"({inner},)" if len(tree) == 1 else f"({inner})"
    if isinstance(tree, list):
        return "[" + ", ".join(_spec(x) for x in tree) + "]"
    if isinstance(tree, dict):
        return "{" + ", ".join(f"{k!r}: {_spec(v)}" for k, v in tree.items()) + "}"
    return "*"


def _treespec(tree, indent=0):
    """repr of PyTorch's pytree TreeSpec of `tree` (in jvp's structure error)."""
    if isinstance(tree, (tuple, list)):
        kind, context, kids = type(tree).__name__, None, list(tree)
    elif isinstance(tree, dict):
        kind, context, kids = "dict", list(tree), list(tree.values())
    else:
        return "*"
    body = (",\n" + " " * (indent + 2)).join(_treespec(k, indent + 2) for k in kids)
    return f"TreeSpec({kind}, {context!r}, [{body}])"


def _pull(outs, cots, flat_p):
    """Sum of cotangent-weighted gradients of the output leaves w.r.t. each primal leaf
    (create_graph, so transforms nest); zeros where an output does not depend on a primal."""
    from .._creation import zeros_like
    pairs = [(o, c) for o, c in zip(outs, cots) if o.requires_grad]
    with _autograd.enable_grad():
        if pairs:
            gs = _autograd.grad([o for o, _ in pairs], flat_p, [c for _, c in pairs],
                                retain_graph=True, create_graph=True, allow_unused=True)
        else:
            gs = (None,) * len(flat_p)
    return [g if g is not None else zeros_like(t) for g, t in zip(gs, flat_p)]


def _rebuild(tree, values):
    it = iter(values)
    return _tree_map(lambda t: next(it), tree)


def _call(func, args, has_aux, api):
    """func(*args) with grad enabled, one transform level deeper; (output, aux)."""
    _depth[0] += 1
    try:
        with _autograd.enable_grad():
            res = func(*args)
    finally:
        _depth[0] -= 1
    out, aux = _split_aux(res, has_aux, api)
    return _only_tensors(out, api), aux


def vjp(func, *primals, has_aux=False):
    """torch.func.vjp: (func(*primals), vjp_fn) where vjp_fn(cotangents) gives one gradient
    per primal."""
    ps = [_track_tree(p) for p in primals]
    out, aux = _call(func, ps, has_aux, "vjp(f, *primals)")
    flat_p = [t for p in ps for t in _leaves(p)]
    outs = _leaves(out)

    def vjp_fn(cotangents, retain_graph=True, create_graph=None):
        if _spec(cotangents) != _spec(out):
            raise RuntimeError("Expected pytree structure of cotangents to be the same as pytree "
                               "structure of outputs to the function. cotangents: "
                               f"{_spec(cotangents)}, primal output: {_spec(out)}")
        gs = _pull(outs, _leaves(cotangents), flat_p)
        return _finish(tuple(_rebuild(p, gs[sum(len(_leaves(q)) for q in ps[:i]):])
                             for i, p in enumerate(ps)))

    out = _finish(out)
    return (out, vjp_fn, _finish(aux)) if has_aux else (out, vjp_fn)


def _jvp_args(primals, tangents):
    """PyTorch's checks of jvp's primals and tangents."""
    head = "jvp(f, primals, tangents):"
    if not isinstance(primals, tuple):
        raise RuntimeError(f"{head} Expected primals to be a tuple. E.g. it should be valid to "
                           "call f(*primals).")
    if not _leaves(primals):
        raise RuntimeError(f"{head} Expected primals to contain at least one Tensor.")

    def complain(x):
        raise RuntimeError(f"{head} Expected tangents to only contain Tensors, got {type(x)}")
    _check_leaves(tangents, complain)
    if _spec(primals) != _spec(tangents):
        raise RuntimeError(f"{head} Expected primals and tangents to have the same python "
                           "structure. For example, if primals is a tuple of 3 tensors, tangents "
                           f"also must be. Got primals with structure {_treespec(primals)} and "
                           f"tangents with structure {_treespec(tangents)}")
    for p, t in zip(_leaves(primals), _leaves(tangents)):
        if not (p.dtype.is_floating_point or p.dtype.is_complex):
            raise ValueError(f"Expected primal to be floating point or complex, but got: "
                             f"{p.dtype}")
        if p.shape != t.shape:
            raise RuntimeError("Trying to set a forward gradient that has a different size than "
                               "that of the original Tensor, this is not supported. Tensor is of "
                               f"size {list(p.shape)} while the given forward gradient is of size "
                               f"{list(t.shape)}.")


def _jvp_leaves(outs, flat_p, flat_t):
    """J @ tangents per output leaf, by the double-vjp identity: the gradient, w.r.t. dummy
    cotangents u, of (u^T J) @ tangents (zeros for integer outputs)."""
    from .._creation import zeros_like
    real = [o.dtype.is_floating_point or o.dtype.is_complex for o in outs]
    with _autograd.enable_grad():
        us = [zeros_like(o, requires_grad=True) for o, r in zip(outs, real) if r]
        back = _pull([o for o, r in zip(outs, real) if r], us, flat_p)
        jv = iter(_pull(back, flat_t, us) if us else ())
    return [next(jv) if r else zeros_like(o) for o, r in zip(outs, real)]


def jvp(func, primals, tangents, *, strict=False, has_aux=False):
    """torch.func.jvp: (func(*primals), J @ tangents) for pytrees of Tensors."""
    _jvp_args(primals, tangents)
    ps = [_track_tree(p) for p in primals]
    out, aux = _call(func, ps, has_aux, "jvp(f, primals, tangents)")
    flat_p = [t for p in ps for t in _leaves(p)]
    jv = _jvp_leaves(_leaves(out), flat_p, _leaves(tangents))
    res = (_finish(out), _finish(_rebuild(out, jv)))
    return res + (_finish(aux),) if has_aux else res


def _jacobian(func, argnums, has_aux, kind):
    """jacrev / jacfwd: for each output leaf, its Jacobian w.r.t. each leaf of
    args[argnums], shaped output.shape + input.shape, in the structure of args[argnums]
    (a tuple of them for a tuple argnums) nested in the structure of the output."""
    api = "vjp(f, *primals)" if kind == "rev" else "jvp(f, primals, tangents)"

    def wrapper(*args):
        nums, single = _argnums(argnums, len(args))
        args = list(args)
        for a in nums:
            args[a] = _track_tree(args[a])
        out, aux = _call(func, args, has_aux, api)
        flat_p = [t for a in nums for t in _leaves(args[a])]
        blocks = [_blocks(o, flat_p, kind) for o in _leaves(out)]

        def arrange(bs):
            it = iter(bs)
            per = tuple(_tree_map(lambda t: next(it), args[a]) for a in nums)
            return per[0] if single else per
        jac = _rebuild(out, [arrange(b) for b in blocks])
        return (_finish(jac), _finish(aux)) if has_aux else _finish(jac)
    return wrapper


def _blocks(out, flat_p, kind):
    """The Jacobian blocks of one output leaf: one pullback per standard basis cotangent."""
    from .. import eye, stack, zeros
    if kind == "rev" and not (out.dtype.is_floating_point or out.dtype.is_complex):
        raise RuntimeError("vjp(f, ...): All outputs of f must be floating-point or complex "
                           f"Tensors, got Tensor with dtype {out.dtype}")
    n = out.numel()
    if n == 0:
        return [zeros(tuple(out.shape) + tuple(p.shape), dtype=p.dtype) for p in flat_p]
    basis = eye(n, dtype=out.dtype if out.dtype.is_floating_point else None)
    rows = [_pull([out], [basis[k].view(out.shape)], flat_p) for k in range(n)]
    return [stack(list(r)).view(tuple(out.shape) + tuple(p.shape))
            for r, p in zip(zip(*rows), flat_p)]


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
