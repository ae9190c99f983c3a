"""torch.nn.utils.parameters_to_vector / vector_to_parameters."""
from ..._functions import typename
from ..._ops import dispatch

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def _check_param_device(param, old):
    """PyTorch's check that all parameters live on one device (TypeError otherwise)."""
    dev = param.get_device() if param.device.type != "cpu" else -1
    if old is None:
        return dev
    if dev != old:
        raise TypeError("Found two parameters on different devices, this is currently not "
                        "supported.")
    return old


def parameters_to_vector(parameters):
    """Concatenate the flattened parameters into one vector (differentiable, as PyTorch)."""
    from ..._ops.movement import cat
    device = None
    vec = []
    for param in parameters:
        device = _check_param_device(param, device)
        vec.append(param.view(-1))
    return cat(vec)


def vector_to_parameters(vec, parameters):
    """Copy consecutive slices of `vec` into the parameters' data (the parameters alias `vec`,
    as PyTorch's `param.data = vec[...].view_as(param).data`)."""
    if not isinstance(vec, dispatch.Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {typename(vec)}")
    device = None
    pointer = 0
    for param in parameters:
        device = _check_param_device(param, device)
        n = param.numel()
        param.data = vec[pointer:pointer + n].view_as(param).data
        pointer += n
