"""torch.amp: autocast regions and dynamic loss scaling (GradScaler).

Autocast's state (enabled, dtype, per device type) is kept as PyTorch keeps it, but jtorch has no
per-op autocast casting: an autocast that would really be enabled on a device jtorch runs on
(CPU, or a GPU JAX sees) raises NotImplementedError. CUDA autocast without a GPU warns and
disables itself exactly as in PyTorch, so PyTorch AMP programs run unchanged on CPU in full
precision. GradScaler's loss scaling is implemented in full.
"""
from .autocast_mode import (  # noqa: F401
    autocast, custom_bwd, custom_fwd, get_autocast_dtype, is_autocast_available,
    is_autocast_cache_enabled, is_autocast_enabled)
from .grad_scaler import GradScaler, OptState  # noqa: F401

__all__ = ["autocast", "custom_bwd", "custom_fwd", "GradScaler", "is_autocast_available"]
