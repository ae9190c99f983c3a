"""Module full backward hooks: identity autograd Functions around a module call.

The outputs pass through one identity whose backward sees grad_output (and runs backward
pre-hooks); the tensor inputs pass through another whose backward sees grad_input and calls
`hook(module, grad_input, grad_output)`, as PyTorch's BackwardHook does: grad_input and
grad_output have one entry per positional argument / output (None for non-tensors and for
tensors without a gradient), and when no input requires grad the hooks run from the output
side with an all-None grad_input.
"""
import warnings

from ..._tensor import Tensor
from ...autograd import grad_mode
from ...autograd.function import Function

_NO_INPUT_GRAD = ("Full backward hook is firing when gradients are computed with respect to "
                  "module outputs since no inputs require gradients. See https://docs.pytorch."
                  "org/docs/main/generated/torch.nn.Module.html#torch.nn.Module."
                  "register_full_backward_hook for more details.")


class _InputHook(Function):
    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state  # an input the forward did not use gets a zero grad_input
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + ctx.state.run_hooks(grads)


class _OutputHook(Function):
    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        ctx.set_materialize_grads(False)  # an unused output's grad_output is None
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + ctx.state.capture(grads)


def _wrap(function, state, values):
    """Pass the tensors of `values` that require grad through `function`; returns the new
    values and the positions of every tensor (None when nothing requires grad)."""
    tensor_pos = [i for i, v in enumerate(values) if isinstance(v, Tensor)]
    grad_pos = [i for i in tensor_pos if values[i].requires_grad]
    if not grad_pos or not grad_mode.is_grad_enabled():
        return values, None, None
    wrapped = function.apply(state, *(values[i] for i in grad_pos))
    values = list(values)
    for i, w in zip(grad_pos, wrapped):
        values[i] = w
    return tuple(values), tensor_pos, grad_pos


class BackwardHook:
    """Per-call state linking the output gradients to the input gradients."""

    def __init__(self, module, user_hooks, user_pre_hooks):
        self.module = module
        self.user_hooks = user_hooks
        self.user_pre_hooks = user_pre_hooks
        self.grad_outputs = None
        self.n_inputs = 0
        self.input_pos = None

    def setup_input_hook(self, args):
        self.n_inputs = len(args)
        args, self.input_pos, self.input_grad_pos = _wrap(_InputHook, self, tuple(args))
        if self.input_pos is not None:  # tensors without grad get zeros, as in PyTorch
            self.no_grad_inputs = {i: (args[i].shape, args[i].dtype, args[i].device)
                                   for i in self.input_pos if i not in self.input_grad_pos}
        return args

    def setup_output_hook(self, result):
        single = not isinstance(result, tuple)
        outs = (result,) if single else result
        self.n_outputs = len(outs)
        outs, self.output_pos, self.output_grad_pos = _wrap(_OutputHook, self, outs)
        return outs[0] if single else outs

    def capture(self, grads):
        full = [None] * self.n_outputs
        for i, g in zip(self.output_grad_pos, grads):
            full[i] = g
        self.grad_outputs = tuple(full)
        for hook in self.user_pre_hooks:
            out = hook(self.module, self.grad_outputs)
            if out is None:
                continue
            if len(out) != self.n_outputs:
                raise RuntimeError("Backward pre hook returned an invalid number of grad_output, "
                                   f"got {len(out)}, but expected {self.n_outputs}")
            self.grad_outputs = out
        grad_outputs = self.grad_outputs
        if self.input_pos is None:  # no input requires grad: the hooks run from here
            warnings.warn(_NO_INPUT_GRAD, stacklevel=2)
            grad_inputs = (None,) * self.n_inputs
            for hook in self.user_hooks:
                res = hook(self.module, grad_inputs, self.grad_outputs)
                if res is not None and not (isinstance(res, tuple) and
                                            all(r is None for r in res)):
                    raise RuntimeError("Backward hook for Modules where no input requires "
                                       "gradient should always return None or None for all "
                                       "gradients.")
            self.grad_outputs = None
        return tuple(grad_outputs[i] for i in self.output_grad_pos)

    def run_hooks(self, grads):
        if self.grad_outputs is None:  # the gradient did not flow through the outputs
            return grads
        full = [None] * self.n_inputs
        for i, g in zip(self.input_grad_pos, grads):
            full[i] = g
        if self.no_grad_inputs:
            from ... import _creation
            for i, (shape, dtype, device) in self.no_grad_inputs.items():
                full[i] = _creation.zeros(shape, dtype=dtype, device=device)
        res = tuple(full)
        for hook in self.user_hooks:
            out = hook(self.module, res, self.grad_outputs)
            if out is None:
                continue
            if len(out) != len(res):
                raise RuntimeError("Backward hook returned an invalid number of grad_input, "
                                   f"got {len(out)}, but expected {len(res)}")
            res = out
        self.grad_outputs = None
        return tuple(_fresh(res[i]) for i in self.input_grad_pos)


def _fresh(g):
    """A new box for the same value: the engine may keep what backward returns as an input's
    .grad and accumulate into it in place, which must not change what the hooks saw."""
    if not isinstance(g, Tensor):
        return g
    t = Tensor._from_node(g._node())
    t._rg = g._rg
    return t
