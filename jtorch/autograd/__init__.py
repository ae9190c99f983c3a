"""torch.autograd on the deferred graph (DESIGN.md idea 4): backward() and grad() record the
gradient computation as `jax.vjp` nodes that run fused with the forward at the next sync."""
from .._ops import dispatch as _dispatch
from .._creation import ones_like, zeros_like
from .._tensor import Tensor as _Tensor
from . import grad_mode, graph as _graph, anomaly_mode
from .grad_mode import (no_grad, enable_grad, set_grad_enabled, inference_mode,  # noqa: F401
                        is_grad_enabled, is_inference_mode_enabled,
                        set_multithreading_enabled, is_multithreading_enabled)
from .anomaly_mode import detect_anomaly, set_detect_anomaly  # noqa: F401
from .function import Function, FunctionCtx, once_differentiable  # noqa: F401
from . import functional, forward_ad  # noqa: F401
from .variable import Variable  # noqa: F401
from .gradcheck import gradcheck, gradgradcheck  # noqa: F401
from ..utils.hooks import call_post_accumulate_hook

_dispatch.grad_state = grad_mode.state
_dispatch.autograd_hook = _graph.on_record
_dispatch.autograd_tuple_hook = _graph.on_record_tuple
_dispatch.projection_hook = _graph.on_record_projection
_dispatch.saved_output_hook = _graph.saved_output


def _tensor_list(x):
    if x is None:
        return []
    if isinstance(x, _Tensor):
        return [x]
    return list(x)


_ONES = {}


def _ones_of(out):
    """The implicit gradient of a scalar output: a Tensor of one ready array per shape, dtype
    and device (shared, never written: an in-place op gives a Tensor a new value), so
    backward() records no ones_like op and its program has one step fewer."""
    nd = out._nd
    key = (nd.shape, nd.dtype, nd.device)
    leaf = _ONES.get(key)
    if leaf is None:
        import numpy as np
        from .._device import put
        leaf = _ONES[key] = _graph.Node(None, (), nd.shape, nd.dtype, nd.device,
                                        put(np.ones(nd.shape, nd.dtype.np), nd.device))
        leaf.constant = True
    return _Tensor._from_node(leaf)


def _make_grads(outputs, grad_outputs, create_graph):
    grads = []
    for i, (out, g) in enumerate(zip(outputs, grad_outputs)):
        if g is None:
            if out.numel() != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            if not out.dtype.is_floating_point:
                raise RuntimeError(f"grad can be implicitly created only for real scalar "
                                   f"outputs but got {out.dtype}")
            g = _ones_of(out)
        else:
            if tuple(g.shape) != tuple(out.shape):
                raise RuntimeError(f"Mismatch in shape: grad_output[{i}] has a shape of "
                                   f"{g.shape} and output[{i}] has a shape of {out.shape}.")
            if not create_graph:
                g = g.detach()
        grads.append(g)
    return grads


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False,
             grad_variables=None, inputs=None):
    """Accumulate the gradients of `tensors` into the leaves' .grad (recorded, not run)."""
    if type(tensors) is _Tensor and grad_tensors is None and grad_variables is None and \
            not create_graph and inputs is None:
        result = _graph.simple_backward(tensors, retain_graph)
        if result is not None:   # `loss.backward()`: the common case, on its own short path
            for acc, g in result.items():
                leaf = acc.variable
                if leaf is not None:
                    _accumulate(leaf, acc, g, False, fresh=True)
            return
    tensors = _tensor_list(tensors)
    if grad_tensors is None:
        grad_tensors = grad_variables
    grads = _tensor_list(grad_tensors) if grad_tensors is not None else [None] * len(tensors)
    if len(grads) != len(tensors):
        raise RuntimeError(f"got {len(tensors)} tensors and {len(grads)} gradients")
    if retain_graph is None:
        retain_graph = create_graph
    for i, t in enumerate(tensors):
        if not t.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")
    grads = _make_grads(tensors, grads, create_graph)
    if inputs is not None and not _tensor_list(inputs):
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    inputs = _tensor_list(inputs)
    if inputs:
        for t in inputs:
            if not t.requires_grad:
                # PyTorch's engine retains the grad of each input of backward(inputs=...)
                raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
            if not t.is_leaf:
                t.retain_grad()   # as PyTorch: later backward passes accumulate into it too
    result = _graph.run_backward(tensors, grads, retain_graph, create_graph, inputs=inputs)
    wanted = None
    if inputs:
        wanted = {id(t) for t in inputs}
    for acc, g in result.items():
        if not isinstance(acc, _graph.AccumulateGrad):
            continue
        leaf = acc.variable
        if leaf is None or (wanted is not None and id(leaf) not in wanted):
            continue
        _accumulate(leaf, acc, g, create_graph)


def _accumulate(leaf, acc, g, create_graph, fresh=False):
    """Add gradient `g` into `leaf.grad` as PyTorch's AccumulateGrad does. `fresh`: `g` is a
    Tensor no one else holds (a backward output), so it may become .grad itself when no hook
    has seen it."""
    if acc is not None and acc.hooks:
        fresh = False
        g = _graph._apply_tensor_hooks(acc, g)
    if not create_graph and g.requires_grad:
        g = g.detach()
    if leaf._grad is None:
        # a fresh box (never the user's gradient, a hook's argument or a view): later
        # in-place accumulation must not show through any other reference
        if create_graph or fresh and type(g) is _Tensor and not g._rg:
            leaf._grad = g
        else:
            leaf._grad = _Tensor._from_node(g._node())
    elif create_graph or leaf._grad.requires_grad:
        leaf._grad = leaf._grad + g
    else:
        with grad_mode.no_grad():
            leaf._grad.add_(g)  # in place: .grad keeps its identity, as in PyTorch
    for hook in list(leaf.__dict__.get("_post_accumulate_hooks", ())):
        call_post_accumulate_hook(hook, leaf)  # Tensor.register_post_accumulate_grad_hook


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False,
         only_inputs=True, allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of outputs with respect to inputs (a tuple; .grad is untouched)."""
    outputs = _tensor_list(outputs)
    single = not isinstance(inputs, (list, tuple))
    inputs = _tensor_list(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    if materialize_grads and allow_unused is False:
        raise ValueError("Expected allow_unused to be True or not passed when "
                         "materialize_grads=True, but got: allow_unused=False.")
    if allow_unused is None:
        allow_unused = materialize_grads
    grads = _tensor_list(grad_outputs) if grad_outputs is not None else [None] * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    if is_grads_batched:
        return _batched_grad(outputs, inputs, grads, retain_graph, create_graph, allow_unused,
                             materialize_grads)
    if retain_graph is None:
        retain_graph = create_graph
    for i, t in enumerate(outputs):
        if not t.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")
    for t in inputs:
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    grads = _make_grads(outputs, grads, create_graph)
    result = _graph.run_backward(outputs, grads, retain_graph, create_graph, inputs=inputs,
                                 accumulate=False)
    out = []
    for i, t in enumerate(inputs):
        e = _graph.edge_of(t)
        key = e[0] if isinstance(e[0], _graph.AccumulateGrad) else (e[0], 0)
        g = result.get(key)
        if g is not None and key is e[0] and e[0].hooks:
            g = _graph._apply_tensor_hooks(e[0], g)  # a leaf's tensor hooks see its grad
        if g is None:
            if not allow_unused:
                raise RuntimeError(f"The differentiated Tensor at index {i} appears to not have "
                                   "been used in the graph. Set allow_unused=True if this is "
                                   "the desired behavior.")
            if materialize_grads:
                g = zeros_like(t)
        elif not create_graph:
            g = g.detach()
        out.append(g)
    return tuple(out)


def _batched_grad(outputs, inputs, grads, retain_graph, create_graph, allow_unused,
                  materialize_grads):
    """grad(..., is_grads_batched=True): the first dimension of each grad_output is a batch;
    one vector-Jacobian product per batch entry (PyTorch vmaps them), stacked."""
    from .._ops.registry import FUNCTIONS
    for i, (out, g) in enumerate(zip(outputs, grads)):
        if g is not None and tuple(g.shape[1:]) != tuple(out.shape):
            raise RuntimeError(f"If `is_grads_batched=True`, we interpret the first dimension of "
                               f"each grad_output as the batch dimension. The sizes of the "
                               f"remaining dimensions are expected to match the shape of "
                               f"corresponding output, but a mismatch was detected: "
                               f"grad_output[{i}] has a shape of {g.shape} and output[{i}] has a "
                               f"shape of {out.shape}. If you only want some tensors in "
                               f"`grad_output` to be considered batched, consider using vmap.")
    n = next(g.shape[0] for g in grads if g is not None)
    rows = []
    for b in range(n):
        rows.append(grad(outputs, inputs, [g[b] if g is not None else None for g in grads],
                         retain_graph=True if b < n - 1 else retain_graph,
                         create_graph=create_graph, allow_unused=allow_unused,
                         materialize_grads=materialize_grads))
    stack = FUNCTIONS["stack"]
    return tuple(None if r[0] is None else stack(list(r)) for r in zip(*rows))


__all__ = ["backward", "grad", "Function", "no_grad", "enable_grad", "set_grad_enabled",
           "inference_mode", "detect_anomaly", "set_detect_anomaly", "functional", "Variable",
           "gradcheck", "gradgradcheck"]
