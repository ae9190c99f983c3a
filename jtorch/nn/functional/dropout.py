"""nn.functional: dropout ops (being written)."""
__all__ = []
