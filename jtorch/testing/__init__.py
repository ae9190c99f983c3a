"""torch.testing: `assert_close` (PyTorch's tolerances and messages), `make_tensor` (random test
tensors drawn from jtorch's RNG over PyTorch's per-dtype ranges) and the deprecated
`assert_allclose`."""
from ._comparison import assert_close, assert_allclose
from ._creation import make_tensor

__all__ = ["assert_close", "assert_allclose", "make_tensor"]
