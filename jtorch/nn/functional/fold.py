"""nn.functional: fold ops (being written)."""
__all__ = []
