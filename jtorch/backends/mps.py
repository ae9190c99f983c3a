"""torch.backends.mps: Apple's Metal backend, which JAX (and so jtorch) does not drive."""


def is_built():
    """False: jtorch has no MPS backend."""
    return False


def is_available():
    """False: jtorch has no MPS backend."""
    return False
