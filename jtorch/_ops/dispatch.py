"""Recording an op call: Tensors in, a Tensor holding a pending node out.

Every op funnels through `record`: it turns Tensor arguments into their nodes, finds the output
shape and dtype (cached per signature, `runtime.infer`), checks devices, and wraps the new node
in a Tensor. In eager debug mode the node runs at once.
"""
import numpy as np

from .._runtime import graph
from .._runtime.graph import Node, kernel, infer, config, _kernels
from .._device import cpu_device

Tensor = None  # bound by jtorch._tensor at import (the Tensor layer sits above ops)


def _device_of(nodes):
    """The one device of an op's tensor inputs. As in PyTorch, a 0-d CPU tensor joins tensors
    on any device (it acts as a scalar); other mixes raise PyTorch's RuntimeError."""
    dev = None
    cpu_scalar = None
    cpu = cpu_device()
    for n in nodes:
        if type(n) is Node:
            if n.shape == () and n.device is cpu:
                cpu_scalar = n.device
            elif dev is None:
                dev = n.device
            elif n.device is not dev:
                # PyTorch names the first device that is not the CPU, then the other one
                from .._device import from_jax
                first, other = from_jax(dev), from_jax(n.device)
                if first.type == "cpu":
                    first, other = other, first
                raise RuntimeError(
                    "Expected all tensors to be on the same device, but found at least two "
                    f"devices, {first} and {other}!")
    return dev if dev is not None else cpu_scalar


def node_of(x):
    """The graph input for an op argument: a Tensor's node, a Node, or a Python scalar."""
    if isinstance(x, Tensor):
        return x._node()
    return x


class _NoGrad:
    enabled = False
    inference = False


grad_state = _NoGrad()      # replaced by autograd's thread-local grad mode at import


def autograd_hook(node, inputs, gname):  # installed by jtorch.autograd
    return False


def autograd_tuple_hook(node, inputs, edges, gname):
    pass


def saved_output_hook(fn, t):
    pass


def record(fn, inputs, static=(), check=None, name=None, device=None, wrap=True, gname=None):
    """Record `fn(*inputs, **static)` and return its Tensor (or the raw Node if not wrap).

    This is the hot path of every op: one kernel lookup, one signature lookup, a Node and a
    Tensor. The signature (input shapes, dtypes, scalar types) keys the shape/dtype cache.
    Inputs are Tensors, Nodes or Python scalars. When grad mode is on and an input requires
    grad, autograd attaches a GradFn (named `gname`, default from the kernel's name)."""
    k = _kernels.get((fn, static))
    if k is None:
        k = kernel(fn, static, check, name)
    ins = []
    sig = []
    dev = device
    rg = False
    for x in inputs:
        if isinstance(x, Tensor):
            n = x._nd if x._base is None else x._node()
            if x._rg:
                rg = True
        elif type(x) is Node:
            n = x
            if n.grad_fn is not None:
                rg = True
        else:
            ins.append(x)
            sig.append(type(x))
            continue
        ins.append(n)
        sig.append(n.shape)
        sig.append(n.dtype)
        if dev is None:
            dev = n.device
        elif n.device is not dev and device is None:
            dev = _device_of(ins)
    ins = tuple(ins)
    out = k.avals.get(tuple(sig))
    if out is None:
        out = infer(k, ins)
    if dev is None:
        dev = cpu_device()
    n = Node(k, ins, out[0], out[1], dev)
    if rg and grad_state.enabled:
        rg = autograd_hook(n, inputs, gname)
    else:
        rg = False
    if config["eager"]:
        from .._runtime.executor import run_nodes
        run_nodes([n])
    if not wrap:
        return n
    t = Tensor._from_node(n)
    if rg:
        t._rg = True
        saved_output_hook(n.grad_fn, t)
    return t


def record_multi(fn, inputs, static=(), check=None, name=None, edges=None, gname=None,
                 gnames=None, diff=None):
    """Record a kernel with a tuple of outputs; returns one Tensor per output.

    `edges` overrides the autograd edges of the inputs (the backward engine uses it to record
    differentiable gradient computations for create_graph). `gnames` names each output's
    grad_fn, and `diff` (one bool per output) says which outputs may require grad."""
    k = _kernels.get((fn, static))
    if k is None:
        k = kernel(fn, static, check, name)
    ins = []
    sig = []
    dev = None
    rg = False
    for x in inputs:  # as in record: one pass for nodes, signature, device and requires_grad
        if isinstance(x, Tensor):
            n = x._nd if x._base is None else x._node()
            if x._rg:
                rg = True
        elif type(x) is Node:
            n = x
            if n.grad_fn is not None:
                rg = True
        else:
            ins.append(x)
            sig.append(type(x))
            continue
        ins.append(n)
        sig.append(n.shape)
        sig.append(n.dtype)
        if dev is None:
            dev = n.device
        elif n.device is not dev:
            dev = _device_of(ins)
    ins = tuple(ins)
    avals = k.avals.get(tuple(sig))
    if avals is None:
        avals = infer(k, ins)
    if dev is None:
        dev = cpu_device()
    n = Node(k, ins, None, None, dev)
    if grad_state.enabled:
        if edges is not None:
            rg = any(e is not None for e in edges)
        if rg:
            autograd_tuple_hook(n, inputs, edges, gname)
    else:
        rg = False
    projs = k.projections
    if projs is None or len(projs) < len(avals):
        projs = k.projections = [_projection(k, i) for i in range(len(avals))]
    outs = []
    for i, (shape, dt) in enumerate(avals):
        pn = Node(projs[i], (n,), shape, dt, dev)
        # the GradFn first: making the Tensor may flush the pending graph (graph-size limit),
        # which runs the node and drops its inputs
        prg = rg and dt.is_floating_point and (diff is None or diff[i])
        if prg:
            projection_hook(pn, n, gnames[i] if gnames else gname or n.grad_fn.name())
        t = Tensor._from_node(pn)
        if prg:
            t._rg = True
        outs.append(t)
    if config["eager"]:
        from .._runtime.executor import run_nodes
        run_nodes([t._nd for t in outs])
    return outs


def _projection(k, i):
    pk = kernel(_project, (("i", i),), name=f"{k.name}[{i}]")
    pk.plain = True  # indexing a computed tuple needs no compiled program
    return pk


def projection_hook(node, tuple_node, gname):  # installed by jtorch.autograd
    pass


def _project(t, i):
    return t[i]


def add_check(fn, inputs, error, static=()):
    """Record a value-dependent check `fn(*inputs) -> (ok, detail)`; `error(detail)` gives
    (exception type, message).

    When every input is already computed on the CPU (a tensor made from data, a batch from a
    DataLoader), the check runs at once and raises at the call with PyTorch's own message, as
    PyTorch does. Otherwise (pending inputs, a GPU, a Module forward being captured, a
    jtorch.compile'd step) it runs inside the program and raises at the next sync point, with
    " (recorded by <op> at <file:line>)" naming the user's line."""
    n = record(fn, inputs, static, wrap=False)
    c = graph._Check(n, error, None)
    if config["eager"] or _inputs_ready(n):
        from .._runtime.executor import run_nodes, raise_if_failed
        run_nodes([n])
        raise_if_failed(c)
        if graph.capture_break is None:
            return
        # a Module call being captured: its replays must check too, so the captured node
        # gets a pending copy of the check (this one already ran)
        n = record(fn, inputs, static, wrap=False)
        c = graph._Check(n, error, None)
    if config["compiled_fn"] and all(type(x) is Node for x in n.inputs):
        c.reads = (n.kernel, list(n.inputs))   # (a replayed step runs it at the call)
    c.site = graph.user_site()
    graph.pending_checks.append(c)


def _inputs_ready(n):
    """Whether `n` can run now without waiting: its inputs are computed arrays on the CPU, and
    no Module capture or compiled function is recording (they replay the check themselves)."""
    if config["compiled_fn"] or n.device is not cpu_device():
        return False
    for x in n.inputs:
        if type(x) is Node:
            v = x.value
            if v is None or not v.is_ready():
                return False
    return True


def scalar_value(x):
    """A Python/NumPy scalar as a Python number (NumPy scalars keep their dtype elsewhere)."""
    if isinstance(x, np.generic):
        return x.item()
    return x
