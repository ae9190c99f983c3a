"""torch.utils on jtorch. Submodules (data, hooks, ...) load on first attribute access, so
`jtorch.utils.data` works after `import jtorch.utils` without importing every utility."""
import importlib as _importlib


def __getattr__(name):
    if not name.startswith("_"):
        try:
            return _importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
