"""torch.utils.hooks: RemovableHandle, the handle every register_*_hook returns."""
import weakref

from ..compiler._state import bump


class RemovableHandle:
    """Removes a hook from the dict(s) it was registered in; usable as a context manager."""

    next_id = 0

    def __init__(self, hooks_dict, *, extra_dict=None):
        bump()  # hooks are part of a captured module call's guard
        self.hooks_dict_ref = weakref.ref(hooks_dict)
        self.id = RemovableHandle.next_id
        RemovableHandle.next_id += 1
        if extra_dict is None:
            extra_dict = []
        elif isinstance(extra_dict, dict):
            extra_dict = [extra_dict]
        self.extra_dict_ref = tuple(weakref.ref(d) for d in extra_dict)

    def remove(self):
        bump()
        hooks_dict = self.hooks_dict_ref()
        if hooks_dict is not None and self.id in hooks_dict:
            del hooks_dict[self.id]
        for ref in self.extra_dict_ref:
            d = ref()
            if d is not None and self.id in d:
                del d[self.id]

    def __getstate__(self):
        """Pickled with the dicts themselves (weak references do not pickle)."""
        return (self.hooks_dict_ref(), self.id, tuple(ref() for ref in self.extra_dict_ref))

    def __setstate__(self, state):
        from collections import OrderedDict
        self.hooks_dict_ref = weakref.ref(state[0] if state[0] is not None else OrderedDict())
        self.id = state[1]
        RemovableHandle.next_id = max(RemovableHandle.next_id, self.id + 1)
        extra = state[2] if len(state) > 2 else ()
        self.extra_dict_ref = tuple(weakref.ref(d) for d in extra if d is not None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


_LEGACY_TYPE = {"float32": "Float", "float64": "Double", "float16": "Half", "uint8": "Byte",
                "int8": "Char", "int16": "Short", "int32": "Int", "int64": "Long"}
_SCALAR_NAME = {"bool": "Bool", "bfloat16": "BFloat16", "complex32": "ComplexHalf",
                "complex64": "ComplexFloat", "complex128": "ComplexDouble"}


def _type_name(t):
    """The type name PyTorch's hook check prints: torch.FloatTensor for the legacy tensor
    types, CPUBoolType-style names for the others."""
    name = str(t.dtype).replace("torch.", "")
    if name in _LEGACY_TYPE:
        return f"torch.{_LEGACY_TYPE[name]}Tensor"
    return f"CPU{_SCALAR_NAME.get(name, name)}Type"


def call_tensor_hook(hook, grad):
    """Run a Tensor.register_hook hook on `grad`; return the gradient to use from then on.

    As in PyTorch, a hook returns None (keep `grad`) or a Tensor of grad's dtype and shape;
    anything else raises PyTorch's error."""
    from .._tensor import Tensor
    result = hook(grad)
    if result is None:
        return grad
    if not isinstance(result, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
    name = getattr(hook, "__name__", "<unknown>")
    if result.dtype != grad.dtype:
        raise RuntimeError(f"hook '{name}' has changed the type of value (was "
                           f"{_type_name(grad)} got {_type_name(result)})")
    if tuple(result.shape) != tuple(grad.shape):
        raise RuntimeError(f"hook '{name}' has changed the size of value")
    return result


def call_post_accumulate_hook(hook, leaf):
    """Run a register_post_accumulate_grad_hook hook; like PyTorch, it must return None."""
    from .._tensor import Tensor
    result = hook(leaf)
    if isinstance(result, Tensor):
        raise RuntimeError("Tensor post accumulate grad hooks should return None.")
    if result is not None:
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
