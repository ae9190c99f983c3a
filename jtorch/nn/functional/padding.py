"""nn.functional: padding ops (being written)."""
__all__ = []
