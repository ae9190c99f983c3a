"""torch.layout and torch.memory_format: the type objects programs pass as arguments.

jtorch tensors have one layout (strided, row-major): `layout=torch.strided` and every
`memory_format=` are accepted and change nothing (README: Differences from PyTorch)."""


class layout:
    """torch.layout: torch.strided (jtorch's only layout) or a sparse layout name."""

    __module__ = "torch"

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"

    def __reduce__(self):
        return _by_name, (self._name,)


class memory_format:
    """torch.memory_format: contiguous_format, channels_last, channels_last_3d, preserve_format."""

    __module__ = "torch"

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return f"torch.{self._name}"

    def __reduce__(self):
        return _by_name, (self._name,)


strided = layout("strided")
sparse_coo = layout("sparse_coo")
sparse_csr = layout("sparse_csr")
sparse_csc = layout("sparse_csc")
sparse_bsr = layout("sparse_bsr")
sparse_bsc = layout("sparse_bsc")
_mkldnn = layout("_mkldnn")
jagged = layout("jagged")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")
preserve_format = memory_format("preserve_format")

LAYOUTS = ("strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc",
           "_mkldnn", "jagged")
MEMORY_FORMATS = ("contiguous_format", "channels_last", "channels_last_3d", "preserve_format")


def _by_name(name):
    """The layout or memory format called `name` (what pickling one stores)."""
    return globals()[name]
