"""torch.backends.mkldnn: PyTorch's CPU wheels are built with oneDNN and report it available.

The flag is recorded only: XLA chooses its own CPU kernels."""
enabled = True


def is_available():
    """True, as PyTorch's CPU build reports."""
    return True
