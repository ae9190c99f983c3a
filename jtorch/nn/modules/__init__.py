"""torch.nn.modules: Module, containers and every layer family (one file per family)."""
from .module import Module  # noqa: F401
from . import (activation, adaptive, attention, batchnorm, container, conv, cross_map_lrn,
               distance, dropout, flatten, fold, instancenorm, lazy, linear, loss, normalization,
               padding, pixelshuffle, pooling, rnn, sparse, transformer, upsampling)

_FAMILIES = (activation, adaptive, attention, batchnorm, container, conv, cross_map_lrn, distance,
             dropout, flatten, fold, instancenorm, lazy, linear, loss, normalization, padding,
             pixelshuffle, pooling, rnn, sparse, transformer, upsampling)
for _family in _FAMILIES:
    globals().update({_name: getattr(_family, _name) for _name in _family.__all__})

__all__ = sorted({"Module"} | {n for f in _FAMILIES for n in f.__all__})
