"""OptimizedModule: what `torch.compile(model)` returns (PyTorch's wrapper, same layout).

The wrapped model is the child `_orig_mod` (so `state_dict()` keys carry the `_orig_mod.`
prefix, as in PyTorch); calls run through jtorch.compile's deferred-sync scope, and the model's
forward is one captured node as every top-level Module call is. Attributes the wrapper does not
have are read from the wrapped model."""
from .module import Module


class OptimizedModule(Module):
    """A compiled Module (torch._dynamo.eval_frame.OptimizedModule)."""

    def __init__(self, mod, fullgraph=False):
        super().__init__()
        self._orig_mod = mod
        from ...compiler._compiled_fn import CompiledFunction
        self.__dict__["_compiled_call"] = CompiledFunction(mod, fullgraph)
        self.__dict__["_compiled_call"].name = f"{type(mod).__name__}.forward"

    def forward(self, *args, **kwargs):
        return self._compiled_call(*args, **kwargs)

    def _call_impl(self, *args, **kwargs):
        # not captured itself: the wrapped model's call inside is the captured node
        return self._call_plain(*args, **kwargs)

    __call__ = _call_impl

    def __getattr__(self, name):
        try:
            return super().__getattr__(name)
        except AttributeError:
            return getattr(self.__dict__["_modules"]["_orig_mod"], name)
