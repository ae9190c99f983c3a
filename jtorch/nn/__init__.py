"""torch.nn: Parameter, Module and the layers, functional, init and utils."""
from .parameter import Parameter, UninitializedParameter, UninitializedBuffer, Buffer  # noqa: F401
from .modules import *  # noqa: F401,F403
from .modules import Module  # noqa: F401
from . import functional, init, utils  # noqa: F401
from .modules.module import register_module_forward_hook, register_module_forward_pre_hook  # noqa
from . import parallel  # noqa: F401,E402
from .parallel import DataParallel  # noqa: F401,E402

from .._runtime import gc_freeze as _gc_freeze  # noqa: E402
_gc_freeze.freeze()  # this package's classes and functions live until exit
