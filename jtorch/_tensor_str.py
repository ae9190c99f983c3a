"""Printing tensors exactly as PyTorch does (placeholder until the printing module lands)."""
import numpy as np


def tensor_repr(t):
    return f"tensor({np.asarray(t._array())!r})"
