"""Imports every op family so each registers itself (jtorch/_ops/*), including the nn.functional
families whose ops PyTorch also exposes as torch.X / Tensor.X (softmax, conv2d, dropout, ...)."""
from ._ops import reduction, movement, linalg, random_ops, layout  # noqa: F401
from .nn import functional  # noqa: F401,E402
from ._ops import special_ops  # noqa: F401,E402  (after functional: torch.special uses softmax)
from ._ops import misc_math, strided, windows, tensor_misc, extras  # noqa: F401,E402
