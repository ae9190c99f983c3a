"""Module full backward hooks: identity autograd Functions around a module call.

The outputs pass through one identity whose backward sees grad_output (and runs backward
pre-hooks); the tensor inputs pass through another whose backward sees grad_input and calls
`hook(module, grad_input, grad_output)`, as PyTorch's BackwardHook does.
"""
from ..._tensor import Tensor
from ...autograd.function import Function


def _is_grad_tensor(x):
    return isinstance(x, Tensor) and x.requires_grad


class _InputHook(Function):
    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + ctx.state.run_hooks(grads)


class _OutputHook(Function):
    @staticmethod
    def forward(ctx, state, *tensors):
        ctx.state = state
        return tuple(t.view_as(t) for t in tensors)

    @staticmethod
    def backward(ctx, *grads):
        return (None,) + ctx.state.capture(grads)


class BackwardHook:
    """Per-call state linking the output gradients to the input gradients."""

    def __init__(self, module):
        self.module = module
        self.grad_output = None
        self.n_inputs = 0
        self.has_input_hook = False

    def setup_input_hook(self, args):
        positions = [i for i, a in enumerate(args) if _is_grad_tensor(a)]
        self.n_inputs = sum(isinstance(a, Tensor) for a in args)
        if not positions:
            return args
        self.has_input_hook = True
        self.positions = positions
        self.tensor_slots = [i for i, a in enumerate(args) if isinstance(a, Tensor)]
        wrapped = _InputHook.apply(self, *(args[i] for i in positions))
        args = list(args)
        for i, w in zip(positions, wrapped):
            args[i] = w
        return tuple(args)

    def setup_output_hook(self, result):
        single = isinstance(result, Tensor)
        outs = (result,) if single else result
        if not isinstance(outs, tuple):
            return result
        positions = [i for i, o in enumerate(outs) if _is_grad_tensor(o)]
        if not positions:
            return result
        self.n_outputs = len(outs)
        self.out_positions = positions
        wrapped = _OutputHook.apply(self, *(outs[i] for i in positions))
        outs = list(outs)
        for i, w in zip(positions, wrapped):
            outs[i] = w
        return outs[0] if single else tuple(outs)

    def capture(self, grads):
        full = [None] * self.n_outputs
        for i, g in zip(self.out_positions, grads):
            full[i] = g
        grad_output = tuple(full)
        for hook in self.module._backward_pre_hooks.values():
            out = hook(self.module, grad_output)
            if out is not None:
                grad_output = tuple(out) if isinstance(out, (tuple, list)) else (out,)
        self.grad_output = grad_output
        if not self.has_input_hook:  # no input needs grad: hooks see grad_input of Nones
            self._call_hooks((None,) * self.n_inputs)
        return tuple(grad_output[i] for i in self.out_positions)

    def run_hooks(self, grads):
        by_pos = dict(zip(self.positions, grads))
        grad_input = tuple(by_pos.get(i) for i in self.tensor_slots)
        grad_input = self._call_hooks(grad_input)
        slot_of = {p: k for k, p in enumerate(self.tensor_slots)}
        return tuple(grad_input[slot_of[p]] for p in self.positions)

    def _call_hooks(self, grad_input):
        for hook in self.module._backward_hooks.values():
            out = hook(self.module, grad_input, self.grad_output)
            if out is None:
                continue
            out = tuple(out) if isinstance(out, (tuple, list)) else (out,)
            if len(out) != len(grad_input):
                raise RuntimeError(f"Backward hook returned an invalid number of grad_input, "
                                   f"got {len(out)}, but expected {len(grad_input)}")
            grad_input = out
        return grad_input
