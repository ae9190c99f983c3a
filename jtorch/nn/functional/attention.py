"""nn.functional: attention ops (being written)."""
__all__ = []
