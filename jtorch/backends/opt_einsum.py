"""torch.backends.opt_einsum: jtorch's einsum runs through jnp.einsum, which orders its
contractions with the opt_einsum package that JAX depends on."""
import importlib.util

enabled = True
strategy = "auto"


def is_available():
    """Whether the opt_einsum package can be imported (as PyTorch reports)."""
    return importlib.util.find_spec("opt_einsum") is not None


def get_opt_einsum():
    """The opt_einsum module, or None when it is not installed."""
    if not is_available():
        return None
    import opt_einsum as oe
    return oe
