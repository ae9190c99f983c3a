"""torch.autograd.forward_ad: not provided.

PyTorch's forward-mode AD attaches a tangent to every dual tensor and propagates it through
each op as the op runs. jtorch records ops into a deferred graph and differentiates recorded
regions with JAX (reverse mode for autograd, `jax.jvp` inside `torch.func.jvp` and
`torch.autograd.functional.jvp`); it does not yet carry per-tensor tangents through recording.
Every entry point raises NotImplementedError naming the functional alternatives.
"""
from collections import namedtuple

_WHY = ("torch.autograd.forward_ad (dual tensors) is not implemented in jtorch: its ops do not "
        "carry tangents while they are recorded. Use torch.func.jvp(f, primals, tangents) or "
        "torch.autograd.functional.jvp, which compute the same Jacobian-vector products.")

UnpackedDualTensor = namedtuple("UnpackedDualTensor", ["primal", "tangent"])


def _unavailable(*args, **kwargs):
    raise NotImplementedError(_WHY)


enter_dual_level = exit_dual_level = make_dual = unpack_dual = _unavailable


class dual_level:
    """The forward-AD context manager: entering it raises NotImplementedError (see above)."""

    def __enter__(self):
        _unavailable()

    def __exit__(self, *exc):
        return False
