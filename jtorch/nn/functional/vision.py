"""nn.functional: vision ops (being written)."""
__all__ = []
