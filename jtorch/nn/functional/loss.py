"""nn.functional: loss ops (being written)."""
__all__ = []
