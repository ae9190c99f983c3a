"""torch.nn.utils.memory_format: PyTorch converts conv weights to channels_last (or back) in
place; jtorch tensors have a single layout (XLA picks the physical one), so both functions
return the module unchanged."""

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def convert_conv2d_weight_memory_format(module, memory_format):
    """Returns `module` (jtorch has one memory format; nothing to convert)."""
    return module


def convert_conv3d_weight_memory_format(module, memory_format):
    """Returns `module` (jtorch has one memory format; nothing to convert)."""
    return module
