"""Internals of jtorch.utils.data (collate, fetch, workers), as in torch.utils.data._utils."""
from . import collate, fetch, worker  # noqa: F401
from .worker import MP_STATUS_CHECK_INTERVAL  # noqa: F401
