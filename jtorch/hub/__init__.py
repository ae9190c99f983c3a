"""torch.hub: the hub cache directory and loading from a local hubconf.py.

jtorch never opens network connections, so fetching from GitHub or a URL (load with
source='github', list, help, download_url_to_file, and load_state_dict_from_url for a file not
already in the cache) raises NotImplementedError. A checkpoint already in
`get_dir()/checkpoints` loads, as PyTorch loads a cached download, and `load(dir, name,
source='local')` runs a local hubconf.py entrypoint.
"""
import importlib.util
import os
import sys
import warnings
from urllib.parse import urlparse

_hub_dir = [None]
_NO_NETWORK = ("jtorch does not access the network (no downloads by design); place the files "
               "locally and use source='local' or the hub cache directory instead")


def _torch_home():
    xdg = os.getenv("XDG_CACHE_HOME", "~/.cache")
    return os.path.expanduser(os.getenv("TORCH_HOME", os.path.join(xdg, "torch")))


def get_dir():
    """The hub cache directory: set_dir()'s, else $TORCH_HOME/hub (~/.cache/torch/hub)."""
    if os.getenv("TORCH_HUB"):
        warnings.warn("TORCH_HUB is deprecated, please use env TORCH_HOME instead", stacklevel=2)
    if _hub_dir[0] is not None:
        return _hub_dir[0]
    return os.path.join(_torch_home(), "hub")


def set_dir(d):
    """Set the hub cache directory (user paths expanded, as in PyTorch)."""
    _hub_dir[0] = os.path.expanduser(d)


def _import_hubconf(hubconf_dir):
    path = os.path.join(hubconf_dir, "hubconf.py")
    spec = importlib.util.spec_from_file_location("hubconf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # FileNotFoundError when there is no hubconf.py
    return module


def _entry(module, model):
    if not isinstance(model, str):
        raise ValueError("Invalid input: model should be a string of function name")
    deps = getattr(module, "dependencies", None)
    if deps is not None:
        missing = [p for p in deps if importlib.util.find_spec(p) is None]
        if missing:
            raise RuntimeError(f"Missing dependencies: {', '.join(missing)}")
    fn = getattr(module, model, None)
    if fn is None or not callable(fn):
        raise RuntimeError(f"Cannot find callable {model} in hubconf")
    return fn


def load(repo_or_dir, model, *args, source="github", trust_repo="check", force_reload=False,
         verbose=True, skip_validation=False, **kwargs):
    """source='local': call `model` from repo_or_dir/hubconf.py; 'github' needs the network."""
    source = source.lower()
    if source not in ("github", "local"):
        raise ValueError(f'Unknown source: "{source}". Allowed values: "github" | "local".')
    if source == "github":
        raise NotImplementedError(f"torch.hub.load from GitHub is not supported: {_NO_NETWORK}")
    sys.path.insert(0, repo_or_dir)
    try:
        module = _import_hubconf(repo_or_dir)
        return _entry(module, model)(*args, **kwargs)
    finally:
        sys.path.remove(repo_or_dir)


def list(github, force_reload=False, skip_validation=False, trust_repo="check",  # noqa: A001
         verbose=True):
    """Needs GitHub: NotImplementedError."""
    raise NotImplementedError(f"torch.hub.list reads a GitHub repository: {_NO_NETWORK}")


def help(github, model, force_reload=False, skip_validation=False,  # noqa: A001
         trust_repo="check"):
    """Needs GitHub: NotImplementedError."""
    raise NotImplementedError(f"torch.hub.help reads a GitHub repository: {_NO_NETWORK}")


def download_url_to_file(url, dst, hash_prefix=None, progress=True):
    """Needs the network: NotImplementedError."""
    raise NotImplementedError(f"torch.hub.download_url_to_file({url!r}): {_NO_NETWORK}")


def load_state_dict_from_url(url, model_dir=None, map_location=None, progress=True,
                             check_hash=False, file_name=None, weights_only=False):
    """torch.load the cached copy in model_dir (default get_dir()/checkpoints) if present;
    downloading a missing one raises NotImplementedError."""
    if model_dir is None:
        model_dir = os.path.join(get_dir(), "checkpoints")
    filename = file_name or os.path.basename(urlparse(url).path)
    cached = os.path.join(model_dir, filename)
    if not os.path.exists(cached):
        raise NotImplementedError(f"torch.hub.load_state_dict_from_url: {cached} is not in the "
                                  f"cache and downloading {url!r} is not supported: {_NO_NETWORK}")
    from ..serialization import load as _load
    return _load(cached, map_location=map_location, weights_only=weights_only)
