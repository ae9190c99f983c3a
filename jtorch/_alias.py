"""`import torch...` resolved to jtorch, so a program's other imports run unchanged.

After `import jtorch as torch`, a program's later `import torch.nn as nn`,
`from torch.utils.data import DataLoader` or `from torchvision import transforms` would look for
the real packages. When PyTorch is not installed (or JTORCH_ALIAS_TORCH=1), importing jtorch
installs a finder that maps `torch`/`torch.X` to `jtorch`/`jtorch.X` and `torchvision` to
`jtorch.vision`. With PyTorch installed it stays off unless asked for (`jtorch.alias_torch()`),
so the real package is never shadowed by surprise.
"""
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys

_PREFIXES = {"torch": "jtorch", "torchvision": "jtorch.vision"}


class _AliasLoader(importlib.abc.Loader):
    def __init__(self, target):
        self.target = target

    def create_module(self, spec):
        module = importlib.import_module(self.target)
        self.saved = {k: module.__dict__.get(k) for k in ("__spec__", "__loader__", "__name__",
                                                          "__package__", "__path__", "__file__")
                      if k in module.__dict__}
        return module

    def exec_module(self, module):
        module.__dict__.update(self.saved)  # the module stays jtorch's own, under both names


class _AliasFinder(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        head, _, rest = fullname.partition(".")
        if head not in _PREFIXES:
            return None
        name = _PREFIXES[head] + ("." + rest if rest else "")
        try:
            found = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            return None
        if found is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, _AliasLoader(name),
                                              is_package=found.submodule_search_locations
                                              is not None)


_finder = _AliasFinder()


def alias_torch(enable=True):
    """Resolve `import torch...` (and torchvision) to jtorch from now on (or stop doing so)."""
    if enable and _finder not in sys.meta_path:
        sys.meta_path.insert(0, _finder)
    elif not enable and _finder in sys.meta_path:
        sys.meta_path.remove(_finder)


def install_default():
    """Called by `import jtorch`: alias when PyTorch is absent, or as JTORCH_ALIAS_TORCH says."""
    flag = os.environ.get("JTORCH_ALIAS_TORCH", "")
    if flag:
        alias_torch(flag not in ("0", "false", "False"))
        return
    if "torch" in sys.modules:
        return
    if importlib.machinery.PathFinder.find_spec("torch") is None:
        alias_torch(True)
