"""nn.functional: distance ops (being written)."""
__all__ = []
