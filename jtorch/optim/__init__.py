"""torch.optim on optax: PyTorch's optimizers and lr schedulers (DESIGN.md idea 8)."""
from .optimizer import Optimizer
from .sgd import SGD
from .adam import Adam
from .adamw import AdamW
from .rmsprop import RMSprop
from .adagrad import Adagrad
from .adadelta import Adadelta
from .adamax import Adamax
from .nadam import NAdam
from .radam import RAdam
from .lbfgs import LBFGS
from .asgd import ASGD
from .rprop import Rprop
from .adafactor import Adafactor
from .sparse_adam import SparseAdam

__all__ = ["Optimizer", "SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta", "Adamax",
           "NAdam", "RAdam", "LBFGS", "ASGD", "Rprop", "Adafactor", "SparseAdam", "lr_scheduler",
           "swa_utils"]
from . import lr_scheduler  # noqa: E402
from . import swa_utils  # noqa: E402

from .._runtime import gc_freeze as _gc_freeze  # noqa: E402
_gc_freeze.freeze()  # this package's classes and functions live until exit
