"""scatter / gather / scatter_kwargs: split inputs across GPUs and concatenate outputs.

Splitting needs GPUs: on CPU, scatter of a tensor raises "Torch not compiled with CUDA enabled"
(PyTorch's CPU build fails there on a missing CUDA binding), and gather raises PyTorch's
"Gather function not implemented for CPU tensors".
"""
import warnings


def _is_namedtuple(obj):
    return isinstance(obj, tuple) and hasattr(obj, "_asdict") and hasattr(obj, "_fields")


def _scatter_tensor(t, target_gpus, dim):
    from ... import cuda
    from ..._device import device
    if not cuda.is_available():
        raise AssertionError("Torch not compiled with CUDA enabled")
    chunks = t.chunk(len(target_gpus), dim)
    return tuple(c.to(device("cuda", cuda._device_index(d, optional=True)))
                 for c, d in zip(chunks, target_gpus))


def scatter(inputs, target_gpus, dim=0):
    """Split tensors along dim into one chunk per GPU (recursing into tuples, lists, dicts);
    other objects are repeated for each GPU."""
    from ..._tensor import Tensor

    def split(obj):
        if isinstance(obj, Tensor):
            return _scatter_tensor(obj, target_gpus, dim)
        if _is_namedtuple(obj):
            return [type(obj)(*parts) for parts in zip(*map(split, obj))]
        if isinstance(obj, tuple) and obj:
            return list(zip(*map(split, obj)))
        if isinstance(obj, list) and obj:
            return [list(parts) for parts in zip(*map(split, obj))]
        if isinstance(obj, dict) and obj:
            return [type(obj)(parts) for parts in zip(*map(split, obj.items()))]
        return [obj for _ in target_gpus]
    return split(inputs)


def scatter_kwargs(inputs, kwargs, target_gpus, dim=0):
    """scatter() for positional and keyword arguments, padded to the same length."""
    ins = scatter(inputs, target_gpus, dim) if inputs else []
    kws = scatter(kwargs, target_gpus, dim) if kwargs else []
    if len(ins) < len(kws):
        ins.extend(() for _ in range(len(kws) - len(ins)))
    elif len(kws) < len(ins):
        kws.extend({} for _ in range(len(ins) - len(kws)))
    return tuple(ins), tuple(kws)


def _gather_tensors(target_device, dim, tensors):
    from ... import cat, cuda
    from ..._device import device
    if not all(t.device.type != "cpu" for t in tensors):
        raise AssertionError("Gather function not implemented for CPU tensors")
    target = "cpu" if str(target_device) == "cpu" else device(
        "cuda", cuda._device_index(target_device, optional=True))
    if dim == 0 and all(t.dim() == 0 for t in tensors):
        tensors = [t.view(1) for t in tensors]
        warnings.warn("Was asked to gather along dimension 0, but all input tensors were "
                      "scalars; will instead unsqueeze and return a vector.", stacklevel=3)
    return cat([t.to(target) for t in tensors], dim)


def gather(outputs, target_device, dim=0):
    """Concatenate per-GPU outputs along dim on target_device (recursing into containers)."""
    from ..._tensor import Tensor

    def join(outs):
        out = outs[0]
        if isinstance(out, Tensor):
            return _gather_tensors(target_device, dim, outs)
        if out is None:
            return None
        if isinstance(out, dict):
            if not all(len(out) == len(d) for d in outs):
                raise ValueError("All dicts must have the same number of keys")
            return type(out)((k, join([d[k] for d in outs])) for k in out)
        if _is_namedtuple(out):
            return type(out)._make(map(join, zip(*outs)))
        return type(out)(map(join, zip(*outs)))
    return join(outputs)
