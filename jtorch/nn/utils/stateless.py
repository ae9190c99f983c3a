"""torch.nn.utils.stateless: functional_call, a module's forward run with some parameters and
buffers swapped for given tensors (restored afterwards), with PyTorch's tie_weights/strict
rules and messages. The deprecated `functional_call` warns as PyTorch does;
torch.func.functional_call is the same without the warning."""
import contextlib
import warnings

from ..._tensor import Tensor
from ...compiler._state import state as _cstate
from ..modules.module import Module

__all__ = ["functional_call"]

_MISSING = object()


def _swap_tensor(module, name, tensor, allow_missing=False):
    """Put `tensor` at module.<name> (a parameter, buffer or plain attribute); return what was
    there (_MISSING if nothing and allow_missing)."""
    if not isinstance(module, Module):
        raise TypeError(f"{module} is not an instance of torch.nn.Module")
    if tensor is not _MISSING and not isinstance(tensor, Tensor) and tensor is not None:
        raise TypeError(f"{tensor} is not an instance of torch.Tensor")
    if "." in name:
        raise KeyError('tensor name can\'t contain "."')
    if name == "":
        raise KeyError('tensor name can\'t be empty string ""')
    if name in module._parameters:
        orig = module._parameters[name]
        if tensor is not _MISSING:
            module._parameters[name] = tensor
        else:
            del module._parameters[name]
    elif name in module._buffers:
        orig = module._buffers[name]
        if tensor is not _MISSING:
            module._buffers[name] = tensor
        else:
            del module._buffers[name]
    else:
        if hasattr(module, name):
            orig = getattr(module, name)
        else:
            if not allow_missing:
                raise AttributeError(f"{module._get_name()} has no attribute `{name}`")
            orig = _MISSING
        if orig is not _MISSING and not isinstance(orig, Tensor) and orig is not None:
            raise TypeError(f"attribute `{name}`: {orig} is not an instance of torch.Tensor")
        if tensor is not _MISSING:
            setattr(module, name, tensor)
        elif hasattr(module, name):
            delattr(module, name)
    return orig


def _get_submodule(module, memo, name):
    if not name:
        return module
    if name in memo:
        return memo[name]
    prefix, _, attr = name.rpartition(".")
    parent = _get_submodule(module, memo, prefix)
    try:
        sub = getattr(parent, attr)
    except AttributeError as ex:
        raise AttributeError(f"{parent._get_name()} has no attribute `{attr}`") from ex
    if not isinstance(sub, Module):
        raise TypeError(f"submodule `{name}`: {sub} is not an instance of torch.nn.Module")
    memo[name] = sub
    return sub


def _swap_dict(module, named, memo):
    """Swap every name -> tensor in `named`; returns the originals (all restored on error)."""
    orig = {}
    try:
        for name, tensor in named.items():
            prefix, _, attr = name.rpartition(".")
            orig[name] = _swap_tensor(_get_submodule(module, memo, prefix), attr, tensor,
                                      allow_missing=True)
    except Exception:
        for name, t in orig.items():
            prefix, _, attr = name.rpartition(".")
            _swap_tensor(_get_submodule(module, memo, prefix), attr, t, allow_missing=True)
        raise
    return orig


def _tied_names(module):
    """{name: every name of the same tensor} for tensors the module holds under several names."""
    all_named = {}
    all_named.update(module.named_parameters(remove_duplicate=False))
    all_named.update(module.named_buffers(remove_duplicate=False))
    by_tensor = {}
    for name, tensor in all_named.items():
        by_tensor.setdefault(id(tensor), set()).add(name)
    tied = {}
    for names in by_tensor.values():
        if len(names) > 1:
            for n in names:
                tied[n] = names
    return tied


def _untie_named_tensors_map(module, parameters_and_buffers):
    """Extend the given names to every name tied to the same tensor (tie_weights=True)."""
    tied = _tied_names(module)
    given = set(parameters_and_buffers)
    given_tied = {n for n in given if n in tied}
    for g in given_tied:
        names = tied[g]
        if len(names & given_tied) > 1 and \
                len({id(parameters_and_buffers[n]) for n in names if n in given}) != 1:
            raise ValueError(f"functional_call got multiple values for keys {sorted(names)}, "
                             "which are tied. Consider using tie_weights=False")
    untied = dict(parameters_and_buffers)
    for g in given_tied:
        for n in tied[g]:
            untied[n] = parameters_and_buffers[g]
    return untied


@contextlib.contextmanager
def _reparametrize_module(module, parameters_and_buffers, tie_weights=False, strict=False):
    """Within the context, module's named tensors are the given ones."""
    named = (_untie_named_tensors_map(module, parameters_and_buffers) if tie_weights
             else parameters_and_buffers)
    if strict:
        valid = {n for n, _ in module.named_parameters(remove_duplicate=False)}
        valid |= {n for n, _ in module.named_buffers(remove_duplicate=False)}
        keys = set(named)
        missing, unexpected = sorted(valid - keys), sorted(keys - valid)
        msgs = []
        if unexpected:
            msgs.append(f"Unexpected key(s): {', '.join(map(repr, unexpected))}.")
        if missing:
            msgs.append(f"Missing key(s): {', '.join(map(repr, missing))}.")
        if msgs:
            raise RuntimeError("Error(s) in reparametrizing for {}:\n\t{}".format(
                module._get_name(), "\n\t".join(msgs)))
    memo = {}
    orig = {}
    try:
        orig = _swap_dict(module, named, memo)
        yield
    finally:
        new = _swap_dict(module, orig, memo)
        parameters_and_buffers.update({k: new[k] for k in parameters_and_buffers if k in new})


def _functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                     tie_weights=True, strict=False):
    from ..parallel import DataParallel
    if isinstance(module, DataParallel):
        raise RuntimeError("The stateless API can't be used with nn.DataParallel module")
    if isinstance(parameters_and_buffers, (list, tuple)):  # torch.func's several dicts
        parameters_and_buffers = _merge_dicts(parameters_and_buffers)
    if kwargs is None:
        kwargs = {}
    if args is None:
        args = ()
    elif not isinstance(args, tuple):
        args = (args,)
    unties = not tie_weights and any(n in parameters_and_buffers for n in _tied_names(module))
    with _reparametrize_module(module, parameters_and_buffers, tie_weights=tie_weights,
                               strict=strict):
        if unties:
            # a captured module call reads a tied tensor once, so a call that gives the tied
            # names different tensors runs uncaptured (see the report on _module_call)
            saved, _cstate.enabled = _cstate.enabled, False
            try:
                return module(*args, **kwargs)
            finally:
                _cstate.enabled = saved
        return module(*args, **kwargs)


def _merge_dicts(dicts):
    """torch.func.functional_call's tuple of dicts as one dict (a key may appear once)."""
    merged = {}
    seen = {}
    for d in dicts:
        for k in d:
            seen[k] = seen.get(k, 0) + 1
    repeated = [k for k, c in seen.items() if c > 1]
    if repeated:
        raise ValueError(f"{repeated} appeared in multiple dictionaries; behavior of "
                         "functional call is ambiguous")
    for d in dicts:
        merged.update(d)
    return merged


def functional_call(module, parameters_and_buffers, args=None, kwargs=None, *,
                    tie_weights=True, strict=False):
    """Deprecated torch.nn.utils.stateless.functional_call (FutureWarning; use
    torch.func.functional_call): module(*args, **kwargs) with the given tensors in place of
    its parameters and buffers."""
    warnings.warn("`torch.nn.utils.stateless.functional_call` is deprecated as of PyTorch "
                  "2.0 and will be removed in a future version of PyTorch. Please use "
                  "`torch.func.functional_call` instead which is a drop-in replacement.",
                  FutureWarning, stacklevel=2)
    return _functional_call(module, parameters_and_buffers, args, kwargs,
                            tie_weights=tie_weights, strict=strict)
