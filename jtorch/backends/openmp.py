"""torch.backends.openmp: PyTorch's CPU wheels are built with OpenMP and report it available."""


def is_available():
    """True, as PyTorch's CPU build reports."""
    return True
