"""DataParallel and data_parallel, as PyTorch's CPU build behaves without a GPU."""
from ..modules.module import Module

_NO_DEVICE = "device type could not be determined"


def _gpu_ids(device_ids, output_device):
    from ... import cuda
    if device_ids is None:
        device_ids = list(range(cuda.device_count()))
    if output_device is None:
        output_device = device_ids[0]
    ids = [cuda._device_index(d, optional=True) for d in device_ids]
    return ids, cuda._device_index(output_device, optional=True)


def _check_on(module, src):
    for t in list(module.parameters()) + list(module.buffers()):
        if t.device != src:
            raise RuntimeError(f"module must have its parameters and buffers on device {src} "
                               f"(device_ids[0]) but found one of them on device: {t.device}")


def _move(obj, dev):
    """Tensors (also inside tuples, lists and dicts) moved to dev."""
    from ..._tensor import Tensor
    if isinstance(obj, Tensor):
        return obj.to(dev)
    if isinstance(obj, tuple) and hasattr(obj, "_fields"):
        return type(obj)(*(_move(o, dev) for o in obj))
    if isinstance(obj, (list, tuple)):
        return type(obj)(_move(o, dev) for o in obj)
    if isinstance(obj, dict):
        return type(obj)((k, _move(v, dev)) for k, v in obj.items())
    return obj


def _run(module, inputs, kwargs, ids, output_device):
    from ..._device import device
    src = device("cuda", ids[0])
    _check_on(module, src)
    out = module(*_move(tuple(inputs), src), **_move(dict(kwargs or {}), src))
    return out if len(ids) == 1 else _move(out, device("cuda", output_device))


class DataParallel(Module):
    """DataParallel(module, device_ids=None, output_device=None, dim=0).

    Without a GPU (PyTorch's CPU build): device_ids is [] and calls go to `.module`. With JAX
    GPUs: the module must be on device_ids[0] (moved there when there is one id); the batch runs
    there whole and the output is returned on output_device."""

    def __init__(self, module, device_ids=None, output_device=None, dim=0):
        super().__init__()
        from ... import cuda
        if not cuda.is_available():
            self.module = module
            self.device_ids = []
            return
        from ..._device import device
        self.dim = dim
        self.module = module
        self.device_ids, self.output_device = _gpu_ids(device_ids, output_device)
        self.src_device_obj = device("cuda", self.device_ids[0])
        if len(self.device_ids) == 1:
            self.module.to(self.src_device_obj)

    def forward(self, *inputs, **kwargs):
        if not self.device_ids:
            return self.module(*inputs, **kwargs)
        return _run(self.module, inputs, kwargs, self.device_ids, self.output_device)


def data_parallel(module, inputs, device_ids=None, output_device=None, dim=0,
                  module_kwargs=None):
    """The functional DataParallel: PyTorch's RuntimeError without a GPU."""
    from ... import cuda
    if not isinstance(inputs, tuple):
        inputs = (inputs,) if inputs is not None else ()
    if not cuda.is_available():
        raise RuntimeError(_NO_DEVICE)
    ids, out_dev = _gpu_ids(device_ids, output_device)
    return _run(module, inputs, module_kwargs, ids, out_dev)
