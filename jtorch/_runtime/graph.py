"""The deferred graph: kernels, nodes and recording (DESIGN.md idea 3).

A `Kernel` is one op's pure JAX function bound to its static arguments. Recording an op makes a
`Node` (kernel, inputs, output shape and dtype) without running anything; the output's shape and
dtype come from a per-kernel cache keyed by the input signature, so an op seen before costs a
dict lookup. A Node's inputs are other Nodes (pending or materialised) or Python scalars, which
stay dynamic program inputs so a changing scalar (a learning rate) never recompiles.
"""
import functools
import itertools
import os
import sys
import weakref

import jax

from .. import _dtype


class Kernel:
    """An op's pure function `fn(*arrays, **static)` with its static arguments bound."""

    __slots__ = ("fn", "static", "name", "avals", "_jit", "check", "compiled", "plain",
                 "projections", "autograd", "shared", "__weakref__")

    def __init__(self, fn, static, name, check):
        self.fn = fn
        self.static = static
        self.name = name
        self.avals = {}
        self._jit = None
        self.check = check
        self.compiled = set()  # input signatures its per-op jit has compiled
        self.plain = False     # run op by op without a jit (picking an output from a tuple)
        self.projections = None  # kernels taking each output of a multi-output kernel
        self.autograd = None     # autograd's per-kernel facts (autograd.graph._grad_info)
        # run op by op through a function compiled once for many kernels (see shared_forms)
        self.shared = None

    def __call__(self, *args):
        return self.fn(*args, **dict(self.static))

    def run(self, *args):
        """Run once, eagerly: through a per-kernel jit, compiled once per signature."""
        if self.plain or config.get("primitive_eager"):
            return self(*args)
        if self.shared is not None:
            return self.shared(*args)
        j = self._jit
        if j is None:
            j = self._jit = jax.jit(functools.partial(self.fn, **dict(self.static)))
            stats["kernels"] += 1
        return j(*args)

    def __repr__(self):
        return f"Kernel({self.name}, {self.static})"


_kernels = {}
# fn -> factory(static) giving a function that runs `fn` with those static arguments op by op
# through a program shared by many kernels of `fn` (None where there is none): a basic index
# read `x[i]` takes its position as an input instead of compiling one program per index, so a
# Dataset's `self.x[idx]` compiles once, not once per sample (views.py registers it)
shared_forms = {}


def kernel(fn, static=(), check=None, name=None):
    """The cached Kernel of `fn` with `static` (a hashable tuple of (name, value) pairs)."""
    key = (fn, static)
    k = _kernels.get(key)
    if k is None:
        k = _kernels[key] = Kernel(fn, static, name or fn.__name__.strip("_"), check)
        form = shared_forms.get(fn)
        if form is not None:
            k.shared = form(static)
    return k


_next_seq = itertools.count().__next__


class Node:
    """One value of the deferred graph: pending (`value is None`) or materialised."""

    __slots__ = ("kernel", "inputs", "shape", "dtype", "device", "value", "seq", "__dict__",
                 "__weakref__")

    def __init__(self, kernel, inputs, shape, dtype, device, value=None):
        self.seq = _next_seq()  # recording order is a topological order
        self.kernel = kernel
        self.device = device
        self.inputs = inputs
        self.shape = shape
        self.dtype = dtype
        self.value = value

    # id() of the node this one replaced in a Tensor (an in-place write): the executor lets a
    # donated input's buffer hold the value that replaces it (see executor._plan)
    prev_id = None
    constant = False  # a shared leaf whose value never changes (a compiled step may keep it)
    keep = False      # kept for compatibility: autograd's GradFns hold their own inputs
    site = None
    grad_fn = None    # the autograd GradFn of this value, when it requires grad
    output_nr = 0

    def __repr__(self):
        state = "pending" if self.value is None else "ready"
        name = self.kernel.name if self.kernel else "leaf"
        return f"<Node {name} {self.shape} {self.dtype} {state}>"


def leaf(array, device=None):
    """A materialised node for a concrete jax.Array (on `device`, a jax.Device, if known)."""
    if device is None:
        device = next(iter(array.devices()))
    return Node(None, (), tuple(array.shape), _dtype.from_numpy_dtype(array.dtype), device, array)


class _Check:
    """A value-dependent check recorded by an op; raised at the next sync if it fails.

    `node`'s value is the check's (ok, detail) pair, or, for a check replayed inside a
    captured Module call, `node` holds ok and `detail` the detail. `reads`, when set, is
    (kernel, nodes): the check as a kernel of leaf values alone (a loss's target), which a
    replayed compiled step runs before its program, at the call, as PyTorch does."""

    __slots__ = ("node", "error", "site", "detail", "name", "reads")

    def __init__(self, node, error, site, detail=None, name=None, reads=None):
        self.node, self.error, self.site, self.detail = node, error, site, detail
        self.name = name or node.kernel.name
        self.reads = reads

    def nodes(self):
        return (self.node,) if self.detail is None else (self.node, self.detail)

    def values(self):
        return self.node.value if self.detail is None else (self.node.value, self.detail.value)


stats = {"kernels": 0, "programs": 0, "syncs": 0, "fused_runs": 0, "op_by_op_runs": 0,
         "replays": 0}   # replays: compiled steps run without their Python (compiler/_replay)
compile_log = []

# Weak references to Tensors that hold pending nodes, and recorded checks: the executor
# materialises the live ones at the next sync point.
pending_tensors = []
pending_checks = []
# HostDraws of Module calls replayed since the last program ran: the executor draws their next
# samples ahead right after it dispatches a program (random_ops.HostDraws)
prefetch_queue = []
config = {"eager": False, "fuse_after": 2, "compiled_fn": 0,
          # live pending tensors that force a sync (a small JTORCH_MAX_PENDING makes flushes
          # fall everywhere: a stress test for code that records several nodes per op)
          "max_pending": int(os.environ.get("JTORCH_MAX_PENDING", "5000")),
          # where CPU dropout masks come from: PyTorch's stream ("pytorch", drawn on the host)
          # or JAX's threefry inside the program ("threefry": faster, not PyTorch's numbers)
          "dropout_stream": os.environ.get("JTORCH_DROPOUT_STREAM", "pytorch"),
          # draw the next call's host samples (dropout masks) while a program computes
          "prefetch_draws": os.environ.get("JTORCH_PREFETCH_DRAWS", "1") != "0"}
# Set by the compile layer while it captures a Module call: called with a reason when the
# forward does something one recorded node cannot replay (reads a value, a custom
# autograd.Function, a tensor hook), so that module runs op by op for that signature.
capture_break = None
# Set by the compile layer while it captures a Module call: called with each leaf of samples a
# random op drew on the host (with the function that drew them and its generator), so that the
# captured node draws anew on every call instead of keeping the first call's numbers.
host_draw_hook = None


def note_capture_break(reason):
    cb = capture_break
    if cb is not None:
        cb(reason, user_site())
_ref = weakref.ref


def _signature(inputs):
    sig = []
    for x in inputs:
        if type(x) is Node:
            sig.append(x.shape)
            sig.append(x.dtype)
        else:
            sig.append(type(x))
    return tuple(sig)


def _abstract(x):
    if type(x) is Node:
        return jax.ShapeDtypeStruct(x.shape, x.dtype.np)
    return x


def infer(k, inputs):
    """Output (shape, dtype) of kernel `k` on `inputs`, computed once per input signature."""
    sig = _signature(inputs)
    out = k.avals.get(sig)
    if out is None:
        if k.check is not None:
            k.check(dict(k.static), *inputs)
        res = jax.eval_shape(k, *[_abstract(x) for x in inputs])
        out = jax.tree_util.tree_map(
            lambda s: (tuple(s.shape), _dtype.from_numpy_dtype(s.dtype)), res)
        k.avals[sig] = out
    return out


def user_site():
    """'file:line' of the first frame outside jtorch: the user's line that recorded an op."""
    f = sys._getframe(1)
    while f is not None and "/jtorch/" in f.f_code.co_filename.replace("\\", "/"):
        f = f.f_back
    return f"{f.f_code.co_filename}:{f.f_lineno}" if f is not None else "<unknown>"


def user_stacklevel():
    """The `warnings.warn` stacklevel, for the function calling this one, that points at the
    first frame outside jtorch: the user's line, however many jtorch wrappers are between."""
    f = sys._getframe(1)
    level = 1
    while f is not None and "/jtorch/" in f.f_code.co_filename.replace("\\", "/"):
        f = f.f_back
        level += 1
    return level


def track(tensor):
    """Register a Tensor holding a pending node; flush when the pending graph grows too large."""
    pending_tensors.append(_ref(tensor))
    if len(pending_tensors) > config["max_pending"] and capture_break is None:
        from .executor import sync
        sync(defer=True)
