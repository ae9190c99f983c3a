"""torch.nn.utils.init: skip_init, a module built without running its parameter
initialization (its tensors hold unspecified values, as PyTorch's to_empty leaves them).

Where jtorch differs: there is no 'meta' device, so the module is built on its final device
with the random generators' states saved and restored around it -- like PyTorch, skip_init
draws nothing from the global generator."""
import inspect

import jtorch as torch  # attributes are read at call time (jtorch.nn is imported lazily)

from ..modules.module import Module

__all__ = ["skip_init"]


def skip_init(module_cls, *args, **kwargs):
    """module_cls(*args, **kwargs) with uninitialized parameters and buffers."""
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    final_device = kwargs.pop("device", "cpu")
    with torch.random.fork_rng():
        module = module_cls(*args, device=final_device, **kwargs)
    return module.to_empty(device=final_device)
