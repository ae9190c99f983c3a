"""torch.onnx: exporting is not supported.

ONNX export walks TorchScript or torch.export graphs of ATen operators; jtorch's programs are
JAX/XLA graphs, and no JAX-to-ONNX converter is part of jtorch. Export the weights with
torch.save (or safetensors) and rebuild the model in PyTorch to produce an ONNX file.
"""


def export(model, args=(), f=None, *posargs, **kwargs):
    """Not implemented: raises NotImplementedError (see the module docstring)."""
    raise NotImplementedError(
        "torch.onnx.export is not supported in jtorch: ONNX export needs PyTorch's TorchScript/"
        "torch.export graphs, and jtorch's programs are JAX/XLA graphs; save the state_dict with "
        "torch.save and export from PyTorch instead")


def is_in_onnx_export():
    """False: jtorch never runs an ONNX export."""
    return False
