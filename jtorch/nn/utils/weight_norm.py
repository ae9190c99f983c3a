"""torch.nn.utils.weight_norm (the deprecated hook-based form): `weight` is recomputed from
`weight_g` and `weight_v` by a forward pre-hook before every call, as in PyTorch (with its
FutureWarning). The parametrization-based form is nn.utils.parametrizations.weight_norm.

A module with a forward pre-hook is not captured as one node by jtorch.compiler (its hooks run
on every call), so it records op by op.
"""
import warnings

from ... import linalg as _linalg
from ..._ops.shape import wrap_dim
from ..parameter import Parameter, UninitializedParameter

__all__ = ["WeightNorm", "weight_norm", "remove_weight_norm"]


def norm_except_dim(v, pow=2, dim=0):
    """torch.norm_except_dim: the `pow`-norm of v over every dim but `dim`, kept as size-1
    dims (dim=-1: the norm of the whole tensor, a 0-d tensor)."""
    if dim == -1:
        return _linalg.vector_norm(v, pow)
    d = wrap_dim(dim, v.dim())
    others = tuple(i for i in range(v.dim()) if i != d)
    if not others:
        return v.abs()
    return _linalg.vector_norm(v, pow, dim=others, keepdim=True)


def _weight_norm(v, g, dim=0):
    """torch._weight_norm: v * (g / norm_except_dim(v, 2, dim)) (PyTorch's CPU formula)."""
    return v * (g / norm_except_dim(v, 2, dim))


class WeightNorm:
    """The forward pre-hook of the deprecated weight_norm: sets module.<name> from <name>_g and
    <name>_v."""

    def __init__(self, name, dim):
        if dim is None:
            dim = -1
        self.name = name
        self.dim = dim

    def compute_weight(self, module):
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return _weight_norm(v, g, self.dim)

    @staticmethod
    def apply(module, name, dim):
        warnings.warn("`torch.nn.utils.weight_norm` is deprecated in favor of "
                      "`torch.nn.utils.parametrizations.weight_norm`.", FutureWarning,
                      stacklevel=3)
        for hook in module._forward_pre_hooks.values():
            if isinstance(hook, WeightNorm) and hook.name == name:
                raise RuntimeError("Cannot register two weight_norm hooks on the same "
                                   f"parameter {name}")
        if dim is None:
            dim = -1
        fn = WeightNorm(name, dim)
        weight = getattr(module, name)
        if isinstance(weight, UninitializedParameter):
            raise ValueError("The module passed to `WeightNorm` can't have uninitialized "
                             "parameters. Make sure to run the dummy forward before applying "
                             "weight normalization")
        del module._parameters[name]
        module.register_parameter(name + "_g", Parameter(norm_except_dim(weight, 2, dim).data))
        module.register_parameter(name + "_v", Parameter(weight.data))
        setattr(module, name, fn.compute_weight(module))
        module.register_forward_pre_hook(fn)
        return fn

    def remove(self, module):
        weight = self.compute_weight(module)
        delattr(module, self.name)
        del module._parameters[self.name + "_g"]
        del module._parameters[self.name + "_v"]
        setattr(module, self.name, Parameter(weight.data))

    def __call__(self, module, inputs):
        setattr(module, self.name, self.compute_weight(module))


def weight_norm(module, name="weight", dim=0):
    """Deprecated weight normalization: module.<name> = g * v / ||v|| (norm over every dim but
    `dim`; dim=None: the whole tensor), with parameters <name>_g and <name>_v."""
    WeightNorm.apply(module, name, dim)
    return module


def remove_weight_norm(module, name="weight"):
    """Undo weight_norm: <name> becomes a Parameter holding the current normalized value."""
    for k, hook in module._forward_pre_hooks.items():
        if isinstance(hook, WeightNorm) and hook.name == name:
            hook.remove(module)
            del module._forward_pre_hooks[k]
            return module
    raise ValueError(f"weight_norm of '{name}' not found in {module}")

