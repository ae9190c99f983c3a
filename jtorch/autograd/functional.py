"""torch.autograd.functional: vjp, jvp, jacobian, hessian, vhp, hvp (PyTorch's signatures and
output structure), built on autograd.grad."""
from .._tensor import Tensor
from . import grad_mode


def _as_tuple(x):
    if isinstance(x, Tensor):
        return (x,), True
    return tuple(x), False


def _prepare(inputs, create_graph=False):
    """The inputs the function is called with: with create_graph, an input that requires grad
    stays in its graph (a view of it), so the result can be differentiated back to it, as
    PyTorch's _grad_preprocess; otherwise a detached leaf that requires grad."""
    return tuple(t.view_as(t) if create_graph and t.requires_grad else
                 t.detach().requires_grad_(True) for t in inputs)


def _grad(outputs, inputs, grad_outputs, create_graph):
    from . import grad
    res = grad(outputs, inputs, grad_outputs, retain_graph=True, create_graph=create_graph,
               allow_unused=True)
    from .._creation import zeros_like
    return tuple(g if g is not None else zeros_like(i) for g, i in zip(res, inputs))


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J)."""
    inputs, single_in = _as_tuple(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        outputs = func(*xs)
        outs, single_out = _as_tuple(outputs)
        if v is None:
            if any(o.numel() != 1 for o in outs):
                raise RuntimeError("The vector v can only be None if the user-provided function "
                                   "returns a single Tensor with a single element.")
            vs = None
        else:
            vs, _ = _as_tuple(v)
        diff = [o for o in outs if o.requires_grad]
        if diff:
            grads = _grad(diff, xs, vs, create_graph)
        else:
            from .._creation import zeros_like
            grads = tuple(zeros_like(x) for x in xs)
    outputs = outs[0] if single_out else outs
    if not create_graph:
        outputs = outputs.detach() if single_out else tuple(o.detach() for o in outs)
        grads = tuple(g.detach() for g in grads)
    return outputs, (grads[0] if single_in else grads)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v), by the double-vjp identity."""
    from .._creation import zeros_like
    inputs, single_in = _as_tuple(inputs)
    if v is None:
        if any(i.numel() != 1 for i in inputs):
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        from .._creation import ones_like
        vs = tuple(ones_like(i) for i in inputs)
    else:
        vs, _ = _as_tuple(v)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        outs, single_out = _as_tuple(func(*xs))
        us = tuple(zeros_like(o).requires_grad_(True) for o in outs)
        g = _grad(outs, xs, us, create_graph=True)
        jv = _grad(g, us, vs, create_graph)
    outputs = outs[0] if single_out else outs
    if not create_graph:
        outputs = outputs.detach() if single_out else tuple(o.detach() for o in outs)
        jv = tuple(j.detach() for j in jv)
    return outputs, (jv[0] if single_out else jv)


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian: for one input and one output, a tensor of shape out.shape + in.shape;
    tuples of tuples otherwise, as PyTorch."""
    from .._creation import zeros
    from .._ops.registry import FUNCTIONS
    stack = FUNCTIONS["stack"]
    inputs, single_in = _as_tuple(inputs)
    with grad_mode.enable_grad():
        xs = _prepare(inputs, create_graph)
        outs, single_out = _as_tuple(func(*xs))
        jac = []
        for o in outs:
            flat = o.reshape(-1)
            rows = [[] for _ in xs]
            for k in range(flat.numel()):
                if flat.requires_grad:
                    gs = _grad((flat[k],), xs, None, create_graph)
                else:
                    gs = tuple(zeros(x.shape, dtype=x.dtype) for x in xs)
                for r, g in zip(rows, gs):
                    r.append(g)
            per_input = []
            for x, r in zip(xs, rows):
                j = stack(r).reshape(tuple(o.shape) + tuple(x.shape)) if r else \
                    zeros(tuple(o.shape) + tuple(x.shape), dtype=x.dtype)
                per_input.append(j if create_graph else j.detach())
            jac.append(per_input[0] if single_in else tuple(per_input))
    return jac[0] if single_out else tuple(jac)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the Jacobian of its gradient."""
    inputs_t, single_in = _as_tuple(inputs)

    def gradient(*xs):
        out = func(*xs)
        if not isinstance(out, Tensor) or out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single Tensor "
                               "with a single element.")
        g = _grad((out.reshape(()),), xs, None, create_graph=True)
        return g[0] if single_in else g

    return jacobian(gradient, inputs_t[0] if single_in else inputs_t, create_graph=create_graph)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H)."""
    inputs_t, single_in = _as_tuple(inputs)
    vs, _ = _as_tuple(v)
    with grad_mode.enable_grad():
        xs = _prepare(inputs_t, create_graph)
        out = func(*xs)
        g = _grad((out,), xs, None, create_graph=True)
        res = _grad(g, xs, vs, create_graph)
    out = out if create_graph else out.detach()
    res = res if create_graph else tuple(r.detach() for r in res)
    return out, (res[0] if single_in else res)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v): equal to vhp for the symmetric Hessian."""
    return vhp(func, inputs, v, create_graph, strict)
