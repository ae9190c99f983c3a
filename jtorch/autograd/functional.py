"""torch.autograd.functional: vjp, jvp, jacobian, hessian, vhp, hvp (PyTorch's signatures,
output structure, argument checks and strict-mode errors), built on autograd.grad.

Each call goes through a `_Call`: it validates the inputs, calls the user function on
differentiable stand-ins of them, validates its outputs, takes vector-Jacobian products with
PyTorch's strict-mode checks, and hands back results detached unless create_graph=True."""
from .._tensor import Tensor
from . import grad_mode

_STRATEGIES = ("forward-mode", "reverse-mode")
_OUTPUTS = "outputs of the user-provided function"

# strict-mode errors, formatted with the index of the offending input (or output)
_NOT_DIFFERENTIABLE = ("Output {} of the user-provided function does not require gradients. The "
                       "outputs must be computed in a differentiable manner from the input when "
                       "running in strict mode.")
_OUTPUT_INDEPENDENT = ("The output of the user-provided function is independent of input {}. "
                       "This is not allowed in strict mode.")
_OUTPUT_I_INDEPENDENT = ("Output {} of the user-provided function is independent of input {}. "
                         "This is not allowed in strict mode.")
_JACOBIAN_INDEPENDENT = ("The jacobian of the user-provided function is independent of input {}. "
                         "This is not allowed in strict mode.")
_JACOBIAN_CONSTANT = ("The jacobian of the user-provided function is independent of input {}. "
                      "This is not allowed in strict mode when create_graph=True.")
_HESSIAN_CONSTANT = ("The hessian of the user-provided function is independent of input {}. "
                     "This is not allowed in strict mode when create_graph=True.")
_LINEAR_FUNCTION = ("While computing the hessian, found that the jacobian of the user-provided "
                    "function with respect to input {} is independent of the input. This is not "
                    "allowed in strict mode. You should ensure that your function is twice "
                    "differentiable and that the jacobian depends on the inputs (this would be "
                    "violated by a linear function for example).")
_JVP_TRICK = ("The gradient with respect to the input is independent of entry {} in the "
              "grad_outputs when using the double backward trick to compute forward mode "
              "gradients. This is not allowed in strict mode.")
_HVP_TRICK = ("The hessian of the user-provided function is independent of entry {} in the "
              "grad_jacobian. This is not allowed in strict mode as it prevents from using the "
              "double backward trick to replace forward mode AD.")


def _tensor_tuple(obj, what, api):
    """(tuple of Tensors, whether obj was a tuple): PyTorch takes a Tensor or a tuple of
    Tensors for the inputs, v and the function's outputs, and raises TypeError otherwise."""
    if isinstance(obj, Tensor):
        return (obj,), False
    head = f"The {what} given to {api} must be either a Tensor or a tuple of Tensors but the"
    if not isinstance(obj, tuple):
        raise TypeError(f"{head} given {what} has type {type(obj)}.")
    for i, t in enumerate(obj):
        if not isinstance(t, Tensor):
            raise TypeError(f"{head} value at index {i} has type {type(t)}.")
    return obj, True


def _zeros_like(t, requires_grad=False):
    from .._creation import zeros_like
    return zeros_like(t, requires_grad=requires_grad)


class _Call:
    """One differentiated call of a user function (PyTorch's autograd.functional protocol)."""

    def __init__(self, api, inputs, create_graph, strict):
        self.api, self.create_graph, self.strict = api, create_graph, strict
        self.inputs, self.inputs_tuple = _tensor_tuple(inputs, "inputs", api)
        self.outputs, self.outputs_tuple, self.xs = (), False, None

    def stand_ins(self):
        """Differentiable copies of the inputs: with create_graph an input that requires grad
        stays in its graph (a view of it) so results differentiate back to it; otherwise a
        fresh leaf that requires grad."""
        if self.xs is None:
            with grad_mode.enable_grad():
                self.xs = tuple(t.view_as(t) if self.create_graph and t.requires_grad
                                else t.detach().requires_grad_(True) for t in self.inputs)
        return self.xs

    def run(self, func, what=_OUTPUTS, api=""):
        """Call func on the stand-ins (grad enabled) and validate what it returns (PyTorch's
        forward-mode Jacobian names neither the outputs' origin nor the API: api=None)."""
        with grad_mode.enable_grad():
            res = func(*self.stand_ins())
        self.outputs, self.outputs_tuple = _tensor_tuple(res, what,
                                                         self.api if api == "" else api)
        return self.outputs

    def require_differentiable_outputs(self):
        if self.strict:
            for i, o in enumerate(self.outputs):
                if not o.requires_grad:
                    raise RuntimeError(_NOT_DIFFERENTIABLE.format(i))

    def vectors(self, v, against, against_tuple):
        """v as a tuple matching `against` in count and shapes (PyTorch's messages)."""
        vs, _ = _tensor_tuple(v, "v", self.api)
        if len(vs) != len(against):
            if against_tuple:
                raise RuntimeError(f"v is a tuple of invalid length: should be {len(against)} "
                                   f"but got {len(vs)}.")
            raise RuntimeError("The given v should contain a single Tensor.")
        for t, ref in zip(vs, against):
            if t.shape != ref.shape:
                raise RuntimeError(f"v has invalid size: should be {ref.shape} but got "
                                   f"{t.shape}.")
        return vs

    def pullback(self, outputs, wrt, cotangents, create_graph, unused=None, constant=None):
        """Sum of cotangent-weighted gradients of `outputs` w.r.t. each of `wrt`. In strict
        mode a missing gradient raises `unused` and (when given) one that does not require
        grad raises `constant`, formatted with the position; otherwise missing ones are zeros."""
        from . import grad
        pairs = [(o, c) for o, c in zip(outputs, cotangents) if o.requires_grad]
        with grad_mode.enable_grad():
            if pairs:
                gs = grad([o for o, _ in pairs], wrt, [c for _, c in pairs], retain_graph=True,
                          create_graph=create_graph, allow_unused=True)
            else:
                gs = (None,) * len(wrt)
        out = []
        for i, (g, w) in enumerate(zip(gs, wrt)):
            if self.strict and g is None and unused is not None:
                raise RuntimeError(unused.format(i))
            if self.strict and constant is not None and g is not None and not g.requires_grad:
                raise RuntimeError(constant.format(i))
            out.append(_zeros_like(w) if g is None else g)
        return tuple(out)

    def finish(self, tensors, as_tuple):
        """Results come back detached unless create_graph=True; a tuple when the matching
        argument was one."""
        if not self.create_graph:
            tensors = tuple(t.detach() for t in tensors)
        return tuple(tensors) if as_tuple else tensors[0]


def _ones(ts):
    from .._creation import ones_like
    return tuple(ones_like(t) for t in ts)


def _constant_if(create_graph, message):
    return message if create_graph else None


def vjp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T J)."""
    call = _Call("vjp", inputs, create_graph, strict)
    outs = call.run(func)
    call.require_differentiable_outputs()
    if v is None:
        if len(outs) != 1 or outs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the user-provided function "
                               "returns a single Tensor with a single element.")
        vs = _ones(outs)
    else:
        vs = call.vectors(v, outs, call.outputs_tuple)
    grads = call.pullback(outs, call.xs, vs, create_graph, _OUTPUT_INDEPENDENT,
                          _constant_if(create_graph, _JACOBIAN_CONSTANT))
    return call.finish(outs, call.outputs_tuple), call.finish(grads, call.inputs_tuple)


def _input_vectors(call, v):
    """v for jvp/hvp/vhp: shaped like the inputs; None only for one single-element input."""
    if v is None:
        if len(call.inputs) != 1 or call.inputs[0].numel() != 1:
            raise RuntimeError("The vector v can only be None if the input to the user-provided "
                               "function is a single Tensor with a single element.")
        return _ones(call.inputs)
    return call.vectors(v, call.inputs, call.inputs_tuple)


def jvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), J v), by the double-vjp identity: J v is the gradient, w.r.t. dummy
    output cotangents u, of (u^T J) v."""
    call = _Call("jvp", inputs, create_graph, strict)
    vs = _input_vectors(call, v)
    outs = call.run(func)
    call.require_differentiable_outputs()
    us = tuple(_zeros_like(o, requires_grad=True) for o in outs)
    back = call.pullback(outs, call.xs, us, True, _OUTPUT_INDEPENDENT)
    jv = call.pullback(back, us, vs, create_graph, _JVP_TRICK,
                       _constant_if(create_graph, _JACOBIAN_CONSTANT))
    return call.finish(outs, call.outputs_tuple), call.finish(jv, call.outputs_tuple)


def _scalar_output(call, func):
    """Run a function that must return one single-element Tensor (hvp, vhp, hessian)."""
    outs = call.run(func)
    if call.outputs_tuple:
        raise RuntimeError(f"The function given to {call.api} should return a single Tensor")
    if outs[0].numel() != 1:
        raise RuntimeError(f"The Tensor returned by the function given to {call.api} should "
                           "contain a single element")
    call.require_differentiable_outputs()
    return outs


def _gradient(call, out, unused=_OUTPUT_INDEPENDENT):
    """The first derivatives of a scalar output, kept differentiable, with PyTorch's
    strict checks before a second derivative is taken."""
    return call.pullback((out,), call.xs, _ones((out,)), True, unused, _LINEAR_FUNCTION)


def vhp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), v^T H)."""
    call = _Call("vhp", inputs, create_graph, strict)
    vs = _input_vectors(call, v)
    (out,) = _scalar_output(call, func)
    g = _gradient(call, out)
    res = call.pullback(g, call.xs, vs, create_graph, _JACOBIAN_INDEPENDENT,
                        _constant_if(create_graph, _HESSIAN_CONSTANT))
    return call.finish((out,), False), call.finish(res, call.inputs_tuple)


def hvp(func, inputs, v=None, create_graph=False, strict=False):
    """(func(inputs), H v): the gradient, w.r.t. dummy cotangents w of the gradient, of
    (w^T H) v (the double backward trick, so H need not be symmetric)."""
    call = _Call("hvp", inputs, create_graph, strict)
    vs = _input_vectors(call, v)
    (out,) = _scalar_output(call, func)
    g = _gradient(call, out)
    if not strict:
        # H is symmetric: v^T H is H v with one backward pass fewer (the trick only matters
        # for strict mode's checks)
        res = call.pullback(g, call.xs, vs, create_graph)
        return call.finish((out,), False), call.finish(res, call.inputs_tuple)
    ws = tuple(_zeros_like(x, requires_grad=True) for x in call.xs)
    wh = call.pullback(g, call.xs, ws, True, _HVP_TRICK)
    res = call.pullback(wh, ws, vs, create_graph, None,
                        _constant_if(create_graph, _HESSIAN_CONSTANT))
    return call.finish((out,), False), call.finish(res, call.inputs_tuple)


def _check_strategy(strategy, create_graph, strict, message):
    if strategy not in _STRATEGIES:
        raise AssertionError(message)
    if strategy == "forward-mode" and create_graph:
        raise NotImplementedError(
            "torch.autograd.functional.jacobian: `create_graph=True` and "
            "`strategy=\"forward-mode\"` are not supported together (yet). Please either set "
            "`create_graph=False` or `strategy=\"reverse-mode\"`.")
    if strategy == "forward-mode" and strict:
        raise RuntimeError(
            "torch.autograd.functional.jacobian: `strict=True` and `strategy=\"forward-mode\"` "
            "are not supported together (yet). Please either set `strict=False` or "
            "`strategy=\"reverse-mode\"`.")


def _forward_mode_needs_vectorize(vectorize):
    if not vectorize:
        raise NotImplementedError("Computing Jacobian using forward-AD or forward-over-reverse "
                                  "Hessian isonly implemented for `vectorize=True`.")


def _jacobian_of(call, i, out, vectorize):
    """The Jacobian blocks of one output w.r.t. every input: one pullback of each standard
    basis cotangent (a row), stacked and shaped out.shape + input.shape."""
    from .._creation import eye, zeros
    from .._ops.registry import FUNCTIONS
    n = out.numel()
    if n == 0:
        if not vectorize:
            raise RuntimeError("stack expects a non-empty TensorList")
        return tuple(zeros(tuple(out.shape) + tuple(x.shape), dtype=x.dtype) for x in call.xs)
    basis = eye(n, dtype=out.dtype, device=out.device).view((n,) + tuple(out.shape))
    unused = _OUTPUT_I_INDEPENDENT.format(i, "{}")
    constant = _constant_if(call.create_graph, _JACOBIAN_CONSTANT)
    rows = [call.pullback((out,), call.xs, (e,), call.create_graph, unused, constant)
            for e in basis.unbind(0)]
    stack = FUNCTIONS["stack"]
    with grad_mode.enable_grad():
        return tuple(stack(list(r)).view(tuple(out.shape) + tuple(x.shape))
                     for r, x in zip(zip(*rows), call.xs))


def _empty_vectorized(outs):
    """PyTorch's vectorized Jacobian indexes its first basis row: it fails when the
    differentiable outputs have no elements at all."""
    diff = [o for o in outs if o.requires_grad]
    if diff and sum(o.numel() for o in diff) == 0:
        raise IndexError("index 0 is out of bounds for dimension 0 with size 0")


def jacobian(func, inputs, create_graph=False, strict=False, vectorize=False,
             strategy="reverse-mode"):
    """The Jacobian: for one input and one output, a tensor of shape out.shape + in.shape;
    per output (outer) and per input (inner) tuples otherwise. strategy="forward-mode" (which
    needs vectorize=True) gives the same values, in lists when the inputs are a tuple."""
    _check_strategy(strategy, create_graph, strict,
                    'Expected strategy to be either "forward-mode" or "reverse-mode". Hint: If '
                    'your function has more outputs than inputs, "forward-mode" tends to be more '
                    'performant. Otherwise, prefer to use "reverse-mode".')
    call = _Call("jacobian", inputs, create_graph, strict)
    forward = strategy == "forward-mode"
    if forward:
        _forward_mode_needs_vectorize(vectorize)
        outs = call.run(func, "outputs", None)
    else:
        outs = call.run(func)
        call.require_differentiable_outputs()
        if strict and vectorize:
            raise RuntimeError("torch.autograd.functional.jacobian: `strict=True` and "
                               "`vectorized=True` are not supported together. Please either "
                               "set `strict=False` or `vectorize=False`.")
    if not call.inputs or not outs:
        raise IndexError("tuple index out of range")
    if vectorize and not forward:
        _empty_vectorized(outs)
    blocks = [call.finish(_jacobian_of(call, i, o, vectorize), True) for i, o in enumerate(outs)]
    inner = list if forward and call.inputs_tuple else tuple
    blocks = [inner(b) if call.inputs_tuple else b[0] for b in blocks]
    if not call.outputs_tuple:
        return blocks[0]
    return (list if forward and call.inputs_tuple else tuple)(blocks)


def hessian(func, inputs, create_graph=False, strict=False, vectorize=False,
            outer_jacobian_strategy="reverse-mode"):
    """The Hessian of a scalar function: the Jacobian of its gradient (same structure rules
    as jacobian, with the inputs on both sides)."""
    call = _Call("hessian", inputs, create_graph, strict)
    if outer_jacobian_strategy not in _STRATEGIES:
        raise AssertionError('Expected strategy to be either "forward-mode" or "reverse-mode".')

    def gradient(*xs):
        inner = _Call("hessian", xs, True, strict)
        inner.xs = xs
        (out,) = _scalar_output(inner, func)
        g = _gradient(inner, out.reshape(()), _LINEAR_FUNCTION)
        return g if call.inputs_tuple else g[0]

    return jacobian(gradient, call.inputs if call.inputs_tuple else call.inputs[0],
                    create_graph, strict, vectorize, outer_jacobian_strategy)
