"""torchvision.transforms on jtorch: `from jtorch.vision import transforms`."""
from .transforms import *  # noqa: F401,F403
from .transforms import __all__  # noqa: F401
from . import functional  # noqa: F401
