"""nn.functional: pooling ops (being written)."""
__all__ = []
