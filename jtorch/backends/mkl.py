"""torch.backends.mkl: PyTorch's x86 CPU wheels are built with MKL and report it available."""


def is_available():
    """True, as PyTorch's CPU build reports."""
    return True
