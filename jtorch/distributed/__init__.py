"""torch.distributed: answers as PyTorch gives before a process group exists.

jtorch has no process groups: multi-device work on JAX goes through jax.sharding and
jax.distributed, not c10d's collectives. So is_available() is False (PyTorch's CPU wheels say
True), is_initialized() is False, init_process_group raises NotImplementedError, and every call
that needs the default group raises PyTorch's own "not initialized" ValueError.
"""
import enum
import os

_NOT_INIT = ("Default process group has not been initialized, please make sure to call "
             "init_process_group.")


def is_available():
    """False: jtorch has no c10d process groups (PyTorch's CPU build says True)."""
    return False


def is_initialized():
    """False: no default process group can exist in jtorch."""
    return False


def is_torchelastic_launched():
    """Whether this process was started by torchelastic (TORCHELASTIC_RUN_ID is set)."""
    return os.getenv("TORCHELASTIC_RUN_ID") is not None


def is_nccl_available():
    """False: no NCCL backend."""
    return False


def is_gloo_available():
    """False: no Gloo backend."""
    return False


def is_mpi_available():
    """False: no MPI backend."""
    return False


def is_ucc_available():
    """False: no UCC backend."""
    return False


def is_xccl_available():
    """False: no XCCL backend."""
    return False


def init_process_group(backend=None, init_method=None, timeout=None, world_size=-1, rank=-1,
                       store=None, group_name="", pg_options=None, device_id=None):
    """Not implemented: jtorch has no c10d process groups (use JAX's sharding/distributed)."""
    raise NotImplementedError(
        "torch.distributed.init_process_group is not implemented in jtorch: it has no c10d "
        "process groups or collective backends (gloo/nccl/mpi); multi-device and multi-host "
        "programs on JAX use jax.sharding and jax.distributed instead")


def destroy_process_group(group=None):
    """PyTorch's AssertionError: there is no process group to destroy."""
    raise AssertionError("Process group cannot be None")


def _needs_default_group(name):
    def fn(*args, **kwargs):
        raise ValueError(_NOT_INIT)
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = "Raises PyTorch's ValueError: the default process group is not initialized."
    return fn


for _name in ("get_rank", "get_world_size", "get_backend", "barrier", "monitored_barrier",
              "new_group", "get_process_group_ranks", "all_reduce", "broadcast", "all_gather",
              "all_gather_object", "broadcast_object_list", "reduce", "gather", "gather_object",
              "scatter", "scatter_object_list", "reduce_scatter", "all_to_all",
              "all_to_all_single", "send", "recv", "isend", "irecv", "all_gather_into_tensor",
              "reduce_scatter_tensor"):
    globals()[_name] = _needs_default_group(_name)
del _name


def get_node_local_rank(fallback_rank=None):
    """LOCAL_RANK from the environment, else fallback_rank, else PyTorch's RuntimeError."""
    if "LOCAL_RANK" in os.environ:
        return int(os.environ["LOCAL_RANK"])
    if fallback_rank is not None:
        return int(fallback_rank)
    raise RuntimeError("LOCAL_RANK is not in the environment. Consider passing fallback_rank to "
                       "allow `get_node_local_rank` to work, assuming you are not running in a "
                       "multi-device context and want the code to run locally instead.")


class ReduceOp:
    """Reduction kinds, as c10d's ReduceOp (ReduceOp.SUM is RedOpType.SUM)."""

    class RedOpType(enum.Enum):
        SUM = 0
        AVG = 1
        PRODUCT = 2
        MIN = 3
        MAX = 4
        BAND = 5
        BOR = 6
        BXOR = 7
        PREMUL_SUM = 8


for _op in ReduceOp.RedOpType:
    setattr(ReduceOp, _op.name, _op)
del _op


class Backend(str):
    """Backend names ('gloo', 'nccl', ...): Backend('GLOO') == 'gloo'."""

    UNDEFINED, GLOO, NCCL, XCCL, UCC, MPI = "undefined", "gloo", "nccl", "xccl", "ucc", "mpi"
    backend_list = ["undefined", "gloo", "nccl", "xccl", "ucc", "mpi", "fake"]

    def __new__(cls, name):
        if not isinstance(name, str):
            raise ValueError("Backend constructor parameter must be string-ish")
        return getattr(Backend, name.upper(), name.lower())


class GroupMember:
    """The WORLD group handle (None until a process group exists: always, in jtorch)."""
    WORLD = None
    NON_GROUP_MEMBER = -100


class group:
    """torch.distributed.group.WORLD (None: no process group)."""
    WORLD = None
