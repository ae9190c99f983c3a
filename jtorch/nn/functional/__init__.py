"""torch.nn.functional: the functional form of every layer.

Each family lives in its own file (mirroring jtorch/nn/modules/) and lists its public names in
`__all__`; this package gathers them. Ops PyTorch also exposes as `torch.X` / `Tensor.X`
(softmax, conv2d, dropout, ...) are registered once with `@op` in their family file.
"""
from . import (activation, attention, conv, distance, dropout, fold, gumbel, linear, loss,
               normalization, padding, pooling, sparse, vision)

_FAMILIES = (activation, attention, conv, distance, dropout, fold, gumbel, linear, loss,
             normalization, padding, pooling, sparse, vision)
for _family in _FAMILIES:
    globals().update({_name: getattr(_family, _name) for _name in _family.__all__})

from ..._ops.movement import one_hot  # noqa: E402,F401
native_channel_shuffle = vision.channel_shuffle

__all__ = sorted({n for f in _FAMILIES for n in f.__all__} | {"one_hot", "native_channel_shuffle"})
