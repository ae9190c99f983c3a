"""nn.functional: normalization ops (being written)."""
__all__ = []
