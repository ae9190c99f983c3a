"""torch.return_types: the named tuples ops such as `max(dim)`, `sort` and `topk` return.

Each type is a tuple subclass that behaves like PyTorch's structseq: fields by name or position,
`n_fields`, construction from one sequence, and a repr such as
`torch.return_types.max(\\nvalues=...,\\nindices=...)`. Types are JAX pytree nodes, so they can
cross a traced function's boundary.
"""
import operator

import jax

from ._classrepr import TorchNamed

__all__ = []
all_return_types = []


class _StructSeq(tuple, metaclass=TorchNamed):
    """Base of the return types: a fixed-length tuple with named fields."""

    __slots__ = ()
    _fields = ()
    n_fields = n_sequence_fields = 0
    n_unnamed_fields = 0

    def __new__(cls, sequence, dict=None):  # noqa: A002  (PyTorch's parameter name)
        if isinstance(sequence, (str, bytes)) or not hasattr(sequence, "__iter__"):
            raise TypeError("constructor requires a sequence")
        items = tuple(sequence)
        if len(items) != cls.n_fields:
            raise TypeError(f"torch.return_types.{cls.__name__}() takes a {cls.n_fields}-sequence "
                            f"({len(items)}-sequence given)")
        return tuple.__new__(cls, items)

    def __repr__(self):
        body = ",\n".join(f"{name}={value!r}" for name, value in zip(self._fields, self))
        return f"torch.return_types.{type(self).__name__}(\n{body})"

    def __getattr__(self, name):  # (only for names not found: PyTorch's type name in the error)
        raise AttributeError(f"'torch.return_types.{type(self).__name__}' object has no "
                             f"attribute '{name}'")

    def __reduce__(self):
        return (type(self), (tuple(self),))

    def __copy__(self):
        return self

    def _asdict(self):
        return dict(zip(self._fields, self))


def _flatten(seq):
    return tuple(seq), None


def make(name, fields):
    """Define (once) and return the return type `name` with `fields`."""
    existing = globals().get(name)
    if isinstance(existing, type) and issubclass(existing, _StructSeq):
        return existing
    ns = {"__slots__": (), "_fields": tuple(fields), "n_fields": len(fields),
          "n_sequence_fields": len(fields), "__module__": __name__, "__qualname__": name,
          "_torch_name": f"return_types.{name}"}
    for i, f in enumerate(fields):
        ns[f] = property(operator.itemgetter(i), doc=f"Alias for field number {i}")
    cls = type(name, (_StructSeq,), ns)
    jax.tree_util.register_pytree_node(cls, _flatten,
                                       lambda _, children, cls=cls: cls(children))
    globals()[name] = cls
    __all__.append(name)
    all_return_types.append(cls)
    return cls


_VALUES_INDICES = ("values", "indices")
for _name, _fields in [
        ("max", _VALUES_INDICES), ("min", _VALUES_INDICES), ("sort", _VALUES_INDICES),
        ("topk", _VALUES_INDICES), ("kthvalue", _VALUES_INDICES), ("mode", _VALUES_INDICES),
        ("median", _VALUES_INDICES), ("nanmedian", _VALUES_INDICES),
        ("cummax", _VALUES_INDICES), ("cummin", _VALUES_INDICES), ("aminmax", ("min", "max")),
        ("frexp", ("mantissa", "exponent")), ("histogram", ("hist", "bin_edges")),
        ("histogramdd", ("hist", "bin_edges")), ("slogdet", ("sign", "logabsdet")),
        ("qr", ("Q", "R")), ("svd", ("U", "S", "V")), ("geqrf", ("a", "tau")),
        ("triangular_solve", ("solution", "cloned_coefficient")),
        ("lu_unpack", ("P", "L", "U")),
        ("linalg_slogdet", ("sign", "logabsdet")), ("linalg_qr", ("Q", "R")),
        ("linalg_svd", ("U", "S", "Vh")), ("linalg_eig", ("eigenvalues", "eigenvectors")),
        ("linalg_eigh", ("eigenvalues", "eigenvectors")),
        ("linalg_cholesky_ex", ("L", "info")), ("linalg_inv_ex", ("inverse", "info")),
        ("linalg_solve_ex", ("result", "info")), ("linalg_lu", ("P", "L", "U")),
        ("linalg_lu_factor", ("LU", "pivots")), ("linalg_lu_factor_ex", ("LU", "pivots", "info")),
        ("linalg_ldl_factor", ("LD", "pivots")),
        ("linalg_ldl_factor_ex", ("LD", "pivots", "info")),
        ("linalg_lstsq", ("solution", "residuals", "rank", "singular_values"))]:
    make(_name, _fields)
