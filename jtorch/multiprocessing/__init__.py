"""torch.multiprocessing: the standard library's multiprocessing, plus PyTorch's sharing-strategy
switches and spawn().

jtorch tensors pickle by value (their data is copied to the child through the pipe), so there is
no shared-memory tensor transport: the sharing strategy is recorded and reported as PyTorch does
on Linux, but does not change how tensors travel. Note that JAX is multithreaded, so the 'fork'
start method is unsafe once JAX has started; spawn() uses 'spawn' by default, as PyTorch does.
"""
import multiprocessing
from multiprocessing import *  # noqa: F401,F403

from .spawn import (  # noqa: F401
    ProcessContext, ProcessExitedException, ProcessRaisedException, spawn, start_processes)

__all__ = ["set_sharing_strategy", "get_sharing_strategy", "get_all_sharing_strategies"]
__all__ += multiprocessing.__all__

_all_sharing_strategies = {"file_descriptor", "file_system"}
_sharing_strategy = ["file_descriptor"]


def set_sharing_strategy(new_strategy):
    """Record 'file_descriptor' or 'file_system'; anything else is PyTorch's AssertionError."""
    if new_strategy not in _all_sharing_strategies:
        raise AssertionError(f"invalid sharing strategy {new_strategy!r}, expected one of "
                             f"{_all_sharing_strategies}")
    _sharing_strategy[0] = new_strategy


def get_sharing_strategy():
    """The current sharing strategy ('file_descriptor' by default on Linux)."""
    return _sharing_strategy[0]


def get_all_sharing_strategies():
    """{'file_descriptor', 'file_system'}, as PyTorch reports on Linux."""
    return set(_all_sharing_strategies)
