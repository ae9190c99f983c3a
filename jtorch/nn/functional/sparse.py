"""nn.functional: sparse ops (being written)."""
__all__ = []
