"""The autograd graph and the backward engine (DESIGN.md idea 4).

Recording an op whose inputs require grad attaches a `GradFn` to its node: the op's kernel,
its input values as recorded, and its edges (the producers' GradFns, or a leaf's
AccumulateGrad) — the graph deferred execution records *is* the autograd graph.

`backward()` records, it does not run: the GradFns between the outputs and the leaves are
grouped into regions, and each region becomes one recorded node computing `jax.vjp` of the
region's replayed forward. The gradients are pending Tensors that run fused with any pending
forward at the next sync point, and a repeated training step hits the executor's program cache.
A region stops at GradFns that need their gradient as a Tensor in Python: hooks, retain_grad,
custom `autograd.Function`s, and the non-leaf inputs of `autograd.grad`; those are processed
in reverse recording order, so each receives its whole gradient before it is used.
"""
import heapq
import re
import weakref

import jax
import jax.numpy as jnp

from .._dtype import dtype as _DTYPE
from .._runtime.graph import Node, user_site
from .._ops import dispatch
from .. import _tensor as _tensor_module
from . import grad_mode, anomaly_mode

# Ops whose backward needs no saved values: they can run backward twice without retain_graph
# and never trip the in-place version check (as in PyTorch).
NO_SAVE = {"add", "sub", "neg", "sum", "mean", "view", "view_write", "clone", "to", "cat",
           "stack", "alias", "full", "zeros", "ones", "nansum", "flip", "roll", "repeat",
           "tile", "expand", "to_device", "trace", "diag", "tril", "triu", "cumsum"}
# Ops whose backward uses their own output and not their input (so writing to the output in
# place is an error, and writing to the input is not), and ops whose backward uses both
SAVES_OUTPUT = {"exp", "tanh", "sigmoid", "sqrt", "rsqrt", "relu", "exp2", "expm1",
                "reciprocal", "softmax", "log_softmax"}
SAVES_INPUT_AND_OUTPUT = {"linalg_vector_norm", "std", "prod", "cumprod", "logsumexp"}


def _camel(name):
    """PyTorch's CamelCase of an op name: parts split at '_', and a letter after a digit is
    upper case too ('log1p' -> 'Log1P', 'deg2rad' -> 'Deg2Rad', 'avg_pool2d' -> 'AvgPool2D')."""
    return re.sub(r"(?<=[0-9])[a-z]", lambda m: m.group().upper(),
                  "".join(p[:1].upper() + p[1:] for p in name.split("_")))


def grad_name(kernel_name):
    """PyTorch-style grad_fn name for an op: 'mul' -> 'MulBackward0'."""
    name = _grad_names.get(kernel_name)
    if name is None:
        name = _grad_names[kernel_name] = _camel(kernel_name) + "Backward0"
    return name


_grad_names = {}


_classes = {}


def _fn_class(name):
    if name.startswith("torch::autograd::"):   # a name() given back (CopySlices)
        name = name[len("torch::autograd::"):]
    cls = _classes.get(name)
    if cls is None:
        cls = _classes[name] = type(name, (GradFn,), {"__slots__": ()})
    return cls


_CPP_NODES = {"CopySlices", "Error", "NotImplemented", "DelayedError", "GraphRoot"}

# How many GradFns were ever given a tensor hook, a retained grad or a custom backward; while
# none was, backward() need not look for region boundaries.
special_fns = [0]


def note_special():
    special_fns[0] += 1


class GradFn:
    """One recorded op of the autograd graph (PyTorch's `grad_fn`)."""

    __slots__ = ("kernel", "inputs", "edges", "seq", "saves", "saved", "freed", "_node",
                 "__weakref__", "__dict__")
    # rarely set: in the instance dict only once set, so recording an op stays cheap
    hooks = None        # tensor hooks on this fn's output
    retained = None     # weakrefs of non-leaf tensors with retain_grad()
    custom = None       # (ctx, Function subclass, inputs, their shapes): a Function
    n_outputs = 1
    site = None         # the user's line that recorded it (anomaly mode)
    _shown = None       # next_functions, once computed

    def __init__(self, kernel, inputs, edges, seq, node):
        self.kernel = kernel
        self.inputs = inputs
        self.edges = edges
        self.seq = seq
        self.saves = kernel is None or kernel.name not in NO_SAVE
        self.saved = ()
        self.freed = False
        self._node = weakref.ref(node) if node is not None else None

    def name(self):
        n = type(self).__name__
        # PyTorch's hand-written C++ nodes are named with their namespace
        return "torch::autograd::" + n if n in _CPP_NODES else n

    @property
    def next_functions(self):
        """PyTorch's edges: one per differentiable Tensor argument of the op's schema (see
        _shown_edges), computed once so repeated access gives the same objects."""
        if self._shown is None:
            self._shown = tuple((e[0], e[1]) if e is not None else (None, 0)
                                for e in _shown_edges(self))
        return self._shown

    @property
    def metadata(self):
        return {}

    def register_hook(self, fn):
        raise NotImplementedError("grad_fn.register_hook is not supported by jtorch; use "
                                  "Tensor.register_hook")

    def __repr__(self):
        return f"<{type(self).__name__} object at {hex(id(self))}>"


# ---- next_functions as PyTorch shows them --------------------------------------------------
# A jtorch kernel's inputs are not PyTorch's schema: Python scalars and index/mask tensors are
# inputs too, and a composite (linear, cross_entropy, l1_loss) is one kernel where PyTorch
# records several nodes. next_functions shows PyTorch's structure: the edges of the op's
# differentiable Tensor arguments, and display-only GradFns for a composite's inner nodes.

# ops whose Python-scalar operand PyTorch wraps into a Tensor argument (an edge (None, 0)),
# and which keep an integer tensor operand as an edge
_WRAPS_SCALARS = {"add", "sub", "mul", "div", "true_divide", "where"}
_KEEPS_INT = {"add", "sub", "mul", "div", "true_divide", "maximum", "minimum", "atan2", "pow",
              "remainder", "fmod", "copysign", "hypot", "xlogy", "lerp", "dist"}
# how many edges PyTorch's node has (optional Tensor arguments absent in jtorch's kernel are
# (None, 0); non-differentiable ones past them are not edges)
_ARITY = {"batch_norm": 3, "layer_norm": 3, "group_norm": 3, "instance_norm": 3,
          "embedding": 1, "nll_loss": 1, "cross_entropy": 1, "dropout": 2, "rms_norm": 2}


def _shown(fn, name, edges):
    """A display-only GradFn `name` with `edges` (None when no edge requires grad)."""
    if all(e is None for e in edges):
        return None
    node = _fn_class(name)(None, (), tuple(edges), fn.seq, None)
    return (node, 0)


def _shown_linear(fn, edges):
    x = fn.inputs[0]
    ex, ew = edges[0], edges[1]
    eb = edges[2] if len(edges) > 2 else None
    has_bias = len(fn.inputs) > 2
    nx = len(x.shape) if type(x) is Node else 0
    t = _shown(fn, "TBackward0", [ew])
    name = fn.name()
    if name in ("AddmmBackward0", "MmBackward0", "MvBackward0", "DotBackward0"):
        return [eb, ex, t] if has_bias else [ex, t]
    if name == "ViewBackward0" and has_bias:
        return [_shown(fn, "AddmmBackward0", [eb, _shown(fn, "ViewBackward0", [ex]), t])]
    if name == "SqueezeBackward4":
        return [_shown(fn, "MmBackward0", [_shown(fn, "UnsqueezeBackward0", [ex]), t])]
    if name == "UnsafeViewBackward0" and nx > 2:
        # a non-contiguous input (a transposed or expanded view) is cloned before the flatten
        strided = ex is not None and type(ex[0]).__name__ in (
            "TransposeBackward0", "PermuteBackward0", "ExpandBackward0", "TBackward0")
        flat = _shown(fn, "UnsafeViewBackward0", [_shown(fn, "CloneBackward0", [ex])]) \
            if strided else _shown(fn, "ViewBackward0", [ex])
        return [_shown(fn, "MmBackward0", [flat, t])]
    if name == "AddBackward0" and has_bias:
        flat = _shown(fn, "UnsafeViewBackward0", [_shown(fn, "CloneBackward0", [ex])])
        return [_shown(fn, "UnsafeViewBackward0", [_shown(fn, "MmBackward0", [flat, t])]), eb]
    return edges


def _shown_edges(fn):
    k = fn.kernel
    if fn.custom is not None:   # an autograd.Function: an edge per Tensor argument
        return [e for e, shape in zip(fn.edges, fn.custom[3]) if shape is not None]
    if k is not None and k.fn is dispatch._project and fn.edges and fn.edges[0] is not None:
        return _shown_edges(fn.edges[0][0])   # one output of a multi-output op: the op's edges
    if k is None or k.fn is dispatch._project:
        return fn.edges
    op = k.name
    if op == "linear":
        return _shown_linear(fn, fn.edges)
    name = type(fn).__name__
    if op == "matmul" and len(fn.inputs) == 2 and type(fn.inputs[0]) is Node and \
            type(fn.inputs[1]) is Node and len(fn.inputs[1].shape) == 2:
        ea, eb = fn.edges
        if name == "SqueezeBackward4":     # vector @ matrix
            return [_shown(fn, "MmBackward0", [_shown(fn, "UnsqueezeBackward0", [ea]), eb])]
        if name == "UnsafeViewBackward0":  # batch @ matrix: folded into one mm
            strided = ea is not None and type(ea[0]).__name__ in (
                "TransposeBackward0", "PermuteBackward0", "ExpandBackward0", "TBackward0")
            flat = _shown(fn, "UnsafeViewBackward0", [_shown(fn, "CloneBackward0", [ea])]) \
                if strided else _shown(fn, "ViewBackward0", [ea])
            return [_shown(fn, "MmBackward0", [flat, eb])]
    if op in ("add", "mul") and len(fn.inputs) == 2 and type(fn.inputs[0]) is not Node and \
            type(fn.inputs[1]) is Node:
        return [fn.edges[1], None]   # 1 + t is t.__radd__(1): add(t, 1)
    wraps = op in _WRAPS_SCALARS and type(fn).__name__ not in ("RsubBackward1",)
    keeps_int = op in _KEEPS_INT
    edges = []
    for x, e in zip(fn.inputs, fn.edges):
        if type(x) is not Node:
            if wraps and (isinstance(x, (int, float, complex)) and not isinstance(x, bool)
                          or isinstance(x, bool) and op != "where"):
                edges.append(e)
            continue
        dt = x.dtype
        if e is None and type(dt) is _DTYPE and not (dt.is_floating_point or dt.is_complex) \
                and not keeps_int:
            continue   # an index, mask or condition: not differentiable
        edges.append(e)
    name = type(fn).__name__
    n = _ARITY.get(op)
    if n is None and (op.startswith("conv") or name == "ClampBackward0"):
        n = 3
    if n is not None:
        edges = (edges + [None] * n)[:n]
    if op == "cross_entropy" and name.startswith("NllLoss"):
        edges = [_shown(fn, "LogSoftmaxBackward0", edges[:1])]
    elif op == "l1_loss" and len(fn.edges) == 2:
        sub = _shown(fn, "SubBackward0", edges)
        edges = [sub] if name == "AbsBackward0" else [_shown(fn, "AbsBackward0", [sub])]
    return edges


class AccumulateGrad:
    """The sink of a leaf tensor's gradient (PyTorch's AccumulateGrad)."""

    __slots__ = ("_variable", "hooks", "__weakref__")

    def __init__(self, tensor):
        self._variable = weakref.ref(tensor)
        self.hooks = None

    @property
    def variable(self):
        return self._variable()

    def name(self):
        return "torch::autograd::AccumulateGrad"

    next_functions = ()

    def __repr__(self):
        return f"<AccumulateGrad object at {hex(id(self))}>"


def accumulate_of(t):
    acc = t.__dict__.get("_accumulate")
    if acc is None:
        acc = t.__dict__["_accumulate"] = AccumulateGrad(t)
    return acc


def edge_of(x):
    """The autograd edge of an op argument: (GradFn, output_nr), a leaf's AccumulateGrad, or
    None when it does not require grad."""
    if isinstance(x, dispatch.Tensor):
        if not x._rg:
            return None
        n = x._nd
        fn = n.grad_fn
        if fn is None:
            return (accumulate_of(x), 0)
        return (fn, n.output_nr)
    if type(x) is Node and x.grad_fn is not None:
        return (x.grad_fn, x.output_nr)
    return None


def on_record(node, inputs, gname):
    """Attach a GradFn to `node` if an input requires grad (called by dispatch.record when grad
    mode is on). Returns True when the output requires grad.

    This runs for every op on tensors that require grad: what depends only on the kernel and
    the grad_fn name (the GradFn class, which inputs PyTorch's formula saves) is worked out
    once per kernel (`_grad_info`)."""
    dt = node.dtype
    if type(dt) is not _DTYPE or not dt.is_floating_point:
        return False  # integer/bool results and value checks never require grad
    T = dispatch.Tensor
    edges = []
    for x in inputs:   # edge_of, inlined: this loop is most of the cost of recording
        if isinstance(x, T):
            if x._rg:
                n = x._nd
                f = n.grad_fn
                edges.append((accumulate_of(x), 0) if f is None else (f, n.output_nr))
            else:
                edges.append(None)
        elif type(x) is Node and x.grad_fn is not None:
            edges.append((x.grad_fn, x.output_nr))
        else:
            edges.append(None)
    k = node.kernel
    infos = k.autograd
    if infos is None:
        infos = k.autograd = {}
    info = infos.get(gname)
    if info is None:
        info = infos[gname] = _grad_info(k.name, gname)
    cls, rule, over = info
    if over is not None and len(inputs) > over[0] and isinstance(inputs[over[0]], (T, Node)):
        cls = over[1]
    fn = cls(k, node.inputs, tuple(edges), node.seq, node)
    if rule:
        # (version counter, version, value): the counter, not the Tensor, so saving never keeps
        # a tensor alive (a live tensor is an output of the next program)
        saved = [x for x in inputs if isinstance(x, T)] if rule == 1 else \
            _saved_inputs(k.name, inputs)
        if saved:
            if _tensor_module.inference_made[0]:
                for x in saved:
                    if "_inference" in x.__dict__:
                        raise RuntimeError(_INFERENCE_SAVED)
            fn.saved = tuple([(x._vc, x._vc[0], x._nd, _wref(x)) for x in saved])
    node.grad_fn = fn
    if anomaly_mode.state.enabled:
        fn.site = user_site()
    return True


_wref = weakref.ref


def _grad_info(kernel_name, gname):
    """(GradFn class, save rule, overload) of a kernel's grad_fn: rule 0 saves nothing, 1 every
    tensor input, 2 asks _saved_inputs; overload is (argument position, class) when a Tensor
    at that position makes PyTorch name another overload."""
    name = gname or grad_name(kernel_name)
    over = None
    if gname is None and name in _TENSOR_OVERLOADS:
        pos, other = _TENSOR_OVERLOADS[name]
        over = (pos, _fn_class(other))
    if kernel_name in NO_SAVE:
        rule = 0
    elif kernel_name in ("mul", "div") or kernel_name in SAVES_OUTPUT or \
            kernel_name in _SAVES_INDICES_ONLY:
        rule = 2
    else:
        rule = 1
    return _fn_class(name), rule, over


# ops whose grad_fn name is that of a different overload when an argument is a Tensor
# (PyTorch's lerp.Tensor, masked_fill.Tensor): gname -> (argument position, name)
_TENSOR_OVERLOADS = {"LerpBackward0": (2, "LerpBackward1"),
                     "MaskedFillBackward0": (2, "MaskedFillBackward1")}


_INFERENCE_SAVED = (
    "Inference tensors cannot be saved for backward. Please do not use Tensors created in "
    "inference mode in computation tracked by autograd. To work around this, you can make a "
    "clone to get a normal tensor and use it in autograd, or use `torch.no_grad()` instead of "
    "`torch.inference_mode()`.")


def _saved_inputs(name, inputs):
    """The tensor inputs PyTorch's backward formula saves (for the in-place version check):
    mul saves each operand only when the other requires grad, div saves the divisor (and the
    dividend when the divisor requires grad); other ops save their tensor inputs."""
    T = dispatch.Tensor
    if name in ("mul", "div") and len(inputs) == 2:
        a, b = inputs
        a_rg = isinstance(a, T) and a._rg
        b_rg = isinstance(b, T) and b._rg
        keep = []
        if isinstance(a, T) and b_rg:
            keep.append(a)
        if isinstance(b, T) and (a_rg if name == "mul" else True):
            keep.append(b)
        return keep
    if name in SAVES_OUTPUT:
        return []
    if name == "div" and len(inputs) == 2 and not isinstance(inputs[0], T):
        return []   # number / tensor is reciprocal(tensor) * number: its output is saved
    if name in _SAVES_INDICES_ONLY:
        return [x for x in inputs if isinstance(x, T) and not x._nd.dtype.is_floating_point]
    return [x for x in inputs if isinstance(x, T)]


# indexing reads and writes keep only their index tensors, not the values they index
_SAVES_INDICES_ONLY = {"index", "index_put", "gather", "scatter", "scatter_add", "index_select",
                       "masked_fill", "index_add", "index_copy", "index_fill", "take"}


def on_record_tuple(node, inputs, edges, gname):
    """The hidden GradFn of a multi-output kernel; each float output gets its own GradFn
    (a projection) whose edge is this one."""
    if edges is None:
        edges = tuple(edge_of(x) for x in inputs)
    fn = _fn_class(gname or grad_name(node.kernel.name))(node.kernel, node.inputs, edges,
                                                         node.seq, node)
    node.grad_fn = fn


def on_record_projection(node, tuple_node, gname):
    """The GradFn of one float output of a multi-output kernel: its edge is the kernel's
    hidden GradFn (on_record for this case, without the generic input scan)."""
    fn = _fn_class(gname)(node.kernel, node.inputs, ((tuple_node.grad_fn, 0),), node.seq, node)
    node.grad_fn = fn
    if anomaly_mode.state.enabled:
        fn.site = user_site()


def saved_output(fn, t):
    """Record the output tensor's version when the op's backward uses its output."""
    k = fn.kernel
    if k is not None and (k.name in _OUTPUT_SAVERS or type(fn).__name__ in _OUTPUT_SAVER_FNS):
        fn.saved = fn.saved + ((t._vc, t._vc[0], t._nd, None),)


_OUTPUT_SAVERS = SAVES_OUTPUT | SAVES_INPUT_AND_OUTPUT
_OUTPUT_SAVER_FNS = {"MaxBackward1", "MinBackward1"}


# ---- the engine -----------------------------------------------------------------------------
_FREED = ("Trying to backward through the graph a second time (or directly access saved "
          "tensors after they have already been freed). Saved intermediate values of the graph "
          "are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if "
          "you need to backward through the graph a second time or if you need to access saved "
          "tensors after calling backward.")


def _check_usable(fn):
    if fn.freed:
        raise RuntimeError(_FREED)
    for vc, version, node, ref in fn.saved:
        if vc[0] != version:
            # PyTorch names the tensor's producer now (an input: the in-place op that changed
            # it; a saved output: the op that saved it); a leaf has none
            t = ref() if ref is not None else None
            producer = t._nd.grad_fn if t is not None else node.grad_fn
            what = "" if producer is None else \
                f", which is output 0 of {re.sub(r'Backward(0$)?', '', type(producer).__name__)}"
            raise RuntimeError(
                "one of the variables needed for gradient computation has been modified by an "
                f"inplace operation: [torch.{node.dtype._legacy} {list(node.shape)}]{what}, "
                f"is at version {vc[0]}; expected version {version} instead. Hint: enable anomaly "
                "detection to find the operation that failed to compute its gradient, with "
                "torch.autograd.set_detect_anomaly(True, check_nan=False).")


def _collect(root_fns):
    """All GradFns reachable from root_fns (for boundary detection)."""
    seen, stack = set(), list(root_fns)
    while stack:
        fn = stack.pop()
        if fn in seen:
            continue
        seen.add(fn)
        for e in fn.edges:
            if e is not None and isinstance(e[0], GradFn) and e[0] not in seen:
                stack.append(e[0])
    return seen


def _is_tuple_fn(fn):
    n = fn._node() if fn._node is not None else None
    return n is not None and n.shape is None


def _is_projection(fn):
    return fn.kernel is not None and fn.kernel.fn is dispatch._project and \
        fn.edges and fn.edges[0] is not None


def _split_shared(starts, boundary):
    """Make every GradFn that two regions would both reach a boundary (its own region), so
    each GradFn is replayed and freed exactly once. Regions start at the roots and at the
    boundary GradFns (hooks, retain_grad, custom Functions, targets)."""
    starts = list(dict.fromkeys(starts))
    changed = True
    while changed:
        changed = False
        owner = {}
        for start in starts:
            stack = [start]
            while stack:
                fn = stack.pop()
                for e in fn.edges:
                    if e is None or not isinstance(e[0], GradFn) or e[0] in boundary:
                        continue
                    t = e[0]
                    o = owner.get(t)
                    if o is not None and o is not start and _is_tuple_fn(t):
                        continue  # its projections run as one region (see _Engine.region)
                    if o is None:
                        owner[t] = start
                        stack.append(t)
                    elif o is not start:
                        boundary.add(t)
                        starts.append(t)
                        changed = True
                        break
                if changed:
                    break
            if changed:
                break


def _region_vjp(*args, steps, outs, nd, nc):
    """vjp of a region's replayed forward: (diff inputs, consts, cotangents) -> input grads."""
    diffs, consts, cots = args[:nd], args[nd:nd + nc], args[nd + nc:]

    def forward(*d):
        vals = []
        for k, refs in steps:
            a = [d[i] if t == 0 else consts[i] if t == 1 else vals[i] for t, i in refs]
            vals.append(k(*a))
        return tuple(vals[o] for o in outs)

    primals, pull = jax.vjp(forward, *diffs)
    cots = tuple(jnp.asarray(c, p.dtype) for c, p in zip(cots, primals))
    return tuple(pull(cots))


# create_graph gradients: PyTorch names a gradient's grad_fn after the last op of the backward
# formula of the op that read the input (read off PyTorch 2.13 for these ops and positions);
# a value read by two ops of the region gets the sum of two gradients.
_GRADIENT_NAMES = {
    ("PowBackward0", 0): "MulBackward0", ("PowBackward1", 0): "WhereBackward0",
    ("PowBackward1", 1): "MulBackward0", ("MulBackward0", 0): "MulBackward0",
    ("MulBackward0", 1): "MulBackward0", ("DivBackward0", 0): "DivBackward0",
    ("DivBackward0", 1): "MulBackward0", ("LogBackward0", 0): "DivBackward0",
    ("SqrtBackward0", 0): "DivBackward0", ("Log1PBackward0", 0): "DivBackward0",
    ("AtanBackward0", 0): "DivBackward0", ("TanhBackward0", 0): "TanhBackwardBackward0",
    ("SigmoidBackward0", 0): "SigmoidBackwardBackward0",
    ("ReluBackward0", 0): "ThresholdBackwardBackward0",
    ("GeluBackward0", 0): "GeluBackwardBackward0",
    ("SoftplusBackward0", 0): "SoftplusBackwardBackward0",
    ("LeakyReluBackward0", 0): "LeakyReluBackwardBackward0",
    ("SoftmaxBackward0", 0): "SoftmaxBackwardDataBackward0",
    ("LogSoftmaxBackward0", 0): "LogSoftmaxBackwardDataBackward0",
    ("MmBackward0", 0): "MmBackward0", ("MmBackward0", 1): "MmBackward0",
    ("MvBackward0", 0): "MulBackward0", ("MvBackward0", 1): "MvBackward0",
    ("DotBackward0", 0): "MulBackward0", ("DotBackward0", 1): "MulBackward0",
    ("SumBackward0", 0): "ExpandBackward0", ("MeanBackward0", 0): "DivBackward1",
    **{(f"{op}Backward0", 0): "MulBackward0" for op in (
        "Sin", "Cos", "Exp", "Abs", "Rsqrt", "Expm1", "Reciprocal", "Sinh", "Cosh", "Erf",
        "Silu")},
}


# the gradient names of a create_graph region's outputs, by its hidden GradFn: a gradient
# of a gradient is named like the gradient it differentiates (PyTorch: the double backward of
# `grad * 3 * x**2` ends in MulBackward0 as the first backward did)
_region_names = weakref.WeakKeyDictionary()


def _gradient_name(consumers, root):
    if len(consumers) > 1:
        return "AddBackward0"
    if len(consumers) == 1:
        fn, pos = consumers[0]
        names = _region_names.get(fn)
        if names is not None:
            return names[pos] if pos < len(names) else root.name()
        if fn.kernel is not None and fn.kernel.name.startswith("linear") and pos < 2:
            return ("MmBackward0", "TBackward0")[pos]   # x @ weight.T
        name = _GRADIENT_NAMES.get((type(fn).__name__, pos))
        if name is not None:
            return name
    return root.name()


_dependence = {}


def _grad_dependence(static, args):
    """For each gradient a create_graph region computes, the positions of the region's
    arguments it depends on in the vjp's jaxpr. PyTorch decides by its graph in the same way
    which gradients require grad (`grad((2 * x).sum(), x, create_graph=True)` is a constant)
    and which inputs a gradient's own gradient reaches (d/dy of d/dx of x**3 + y**3 is None)."""
    from .._runtime.graph import _abstract
    nodes = [dispatch.node_of(a) for a in args]
    key = (static, tuple((n.shape, n.dtype) if type(n) is Node else type(n) for n in nodes))
    hit = _dependence.get(key)
    if hit is not None:
        return hit
    traced = [i for i, n in enumerate(nodes) if type(n) is Node]
    fixed = {i: n for i, n in enumerate(nodes) if type(n) is not Node}

    def run(*arrays):
        full = list(fixed.get(i) for i in range(len(nodes)))
        for i, a in zip(traced, arrays):
            full[i] = a
        return _region_vjp(*full, **dict(static))
    jaxpr = jax.make_jaxpr(run)(*[_abstract(nodes[i]) for i in traced]).jaxpr
    reads = {v: frozenset((i,)) for v, i in zip(jaxpr.invars, traced)}
    none = frozenset()
    for eqn in jaxpr.eqns:   # (a call or custom-derivative equation: all outputs, to be safe)
        dep = none.union(*[reads.get(v, none) for v in eqn.invars
                           if type(v).__name__ != "Literal"])
        for v in eqn.outvars:
            reads[v] = dep
    hit = tuple(none if type(v).__name__ == "Literal" else reads.get(v, none)
                for v in jaxpr.outvars)
    if len(_dependence) > 4096:
        _dependence.clear()
    _dependence[key] = hit
    return hit


class _Engine:
    def __init__(self, retain_graph, create_graph, boundary, anomaly):
        self.retain_graph = retain_graph
        self.create_graph = create_graph
        self.boundary = boundary
        self.anomaly = anomaly
        self.cot = {}        # (GradFn, output_nr) -> gradient Tensor
        self.leaf = {}       # AccumulateGrad -> gradient Tensor
        self.targets = set()
        self.target_grads = {}

    def add(self, table, key, g):
        if g is None:
            return
        old = table.get(key)
        table[key] = g if old is None else old + g

    def route(self, edge, g):
        if edge is None or g is None:
            return
        target, nr = edge
        if isinstance(target, AccumulateGrad):
            self.add(self.leaf, target, g)
        else:
            self.add(self.cot, (target, nr), g)

    def region(self, root):
        """Record one vjp node for the GradFns reachable from `root` up to the boundary.

        Sibling outputs of one multi-output op that also have gradients waiting join the
        region, so the op's backward runs once with all their cotangents."""
        if _is_copy(root):
            return self.copy_back(root)
        roots = [root]
        if _is_projection(root):
            tuple_fn = root.edges[0][0]
            roots += [k[0] for k in self.cot if k[1] == 0 and k[0] is not root and
                      k[0] not in self.boundary and _is_projection(k[0]) and
                      k[0].edges[0][0] is tuple_fn]
        members, order, stack = set(), [], list(roots)
        while stack:
            fn = stack.pop()
            if fn in members:
                continue
            _check_usable(fn)
            members.add(fn)
            order.append(fn)
            for e in fn.edges:
                if e is not None and isinstance(e[0], GradFn) and e[0] not in members and \
                        e[0] not in self.boundary:
                    stack.append(e[0])
        order.sort(key=_seq)
        step_of, steps, consts, diff_vals, diff_edges, consumers = _region_steps(
            order, self.anomaly)
        cots = [self.cot.pop((r, 0)) for r in roots]
        static = (("steps", tuple(steps)), ("outs", tuple(step_of[r] for r in roots)),
                  ("nd", len(diff_vals)), ("nc", len(consts)))
        args = (*diff_vals, *consts, *cots)
        if self.create_graph:
            grads = self.graph_region(args, static, diff_edges, consumers, root)
        else:
            grads = dispatch.record_multi(_region_vjp, args, static, name="backward")
        if self.anomaly:
            _check_nan(grads, order, consumers)
        for e, g in zip(diff_edges, grads):
            self.route(e, g)
        if not self.retain_graph:
            for fn in order:
                if fn.saves:
                    fn.freed = True
                    fn.inputs = ()

    def graph_region(self, args, static, diff_edges, consumers, root):
        """A create_graph region's gradients, each with autograd edges to just the arguments
        it depends on: one node when they all depend on the same ones, else one node per
        gradient (the same computation: XLA computes it once when they run fused)."""
        nd, nc = len(diff_edges), dict(static)["nc"]
        edges = tuple(diff_edges) + (None,) * nc + tuple(edge_of(c) for c in args[nd + nc:])
        deps = _grad_dependence(static, args)
        reach = [frozenset(j for j in dep if edges[j] is not None) for dep in deps]
        diff = tuple(bool(r) for r in reach)
        gnames = [_gradient_name(c, root) for c in consumers]

        def record(edges):
            grads = dispatch.record_multi(_region_vjp, args, static, name="backward",
                                          edges=edges, gname=root.name(), gnames=gnames,
                                          diff=diff)
            for g in grads:   # (a later create_graph backward names its gradients alike)
                fn = g._nd.grad_fn
                if fn is not None and fn.edges and fn.edges[0] is not None:
                    _region_names[fn.edges[0][0]] = gnames
                    break
            return grads
        if len(set(r for r in reach if r)) <= 1:
            return record(edges)
        return [record(tuple(e if j in r else None for j, e in enumerate(edges)))[i]
                for i, r in enumerate(reach)]

    def copy_back(self, fn):
        """ToCopyBackward0 across devices: the gradient is copied to the input's device (a
        program runs on one device, so the copy is never part of a vjp region)."""
        from .._ops.conversion import _put
        g = self.cot.pop((fn, 0))
        src = fn.inputs[0].device
        if g._nd.device is not src:
            g = dispatch.record(_put, (g,), (("dev", src),), name="to_device", device=src,
                                gname="ToCopyBackward0")
        self.route(fn.edges[0], g)

    def custom(self, fn):
        from .function import run_custom_backward
        grads = run_custom_backward(fn, [self.cot.pop((fn, i), None)
                                         for i in range(fn.n_outputs)])
        for e, g in zip(fn.edges, grads):
            self.route(e, g)
        if not self.retain_graph and fn.custom[0].saved_tensors_:
            # only what it saved is freed: a Function that saved nothing can run again
            fn.custom[0].saved_tensors_ = None

    def run(self):
        heap = [(-fn.seq, id(fn), fn) for fn in {k[0] for k in self.cot}]
        heapq.heapify(heap)
        queued = {fn for _, _, fn in heap}
        while heap:
            _, _, fn = heapq.heappop(heap)
            queued.discard(fn)
            if fn.custom is None:
                g = self.cot.get((fn, 0))
                if g is None:
                    continue
                g = _apply_tensor_hooks(fn, g)
                self.cot[(fn, 0)] = g
                _retain(fn, g)
                if fn in self.targets:
                    self.target_grads[fn] = g
                self.region(fn)
            else:
                self.custom(fn)
            for key in list(self.cot):
                nxt = key[0]
                if nxt not in queued:
                    queued.add(nxt)
                    heapq.heappush(heap, (-nxt.seq, id(nxt), nxt))


def _seq(fn):
    return fn.seq


def _is_copy(fn):
    """Whether `fn` is a device copy's GradFn (ToCopyBackward0 of Tensor.to(device))."""
    return fn.kernel is not None and fn.kernel.name == "to_device"


def _apply_tensor_hooks(fn, g):
    from ..utils.hooks import call_tensor_hook
    for hook in list(fn.hooks or ()):
        g = call_tensor_hook(hook, g)
    return g


def _retain(fn, g):
    for ref in fn.retained or ():
        t = ref()
        if t is not None:
            gd = g.detach() if not g.requires_grad else g
            t._grad = gd if t._grad is None else t._grad + gd


def _check_nan(grads, order, consumers):
    """Anomaly mode's NaN check of one op's input gradients, run now (anomaly mode is a
    debugging mode: each op's backward is computed and checked before the next, as in
    PyTorch), naming the op and its first NaN output."""
    fn = order[-1]
    bad = []
    for g, users in zip(grads, consumers):
        if g is not None and bool(jnp.any(jnp.isnan(g._array()))):
            bad.append(min(_tensor_position(f, p) for f, p in users))
    if bad:
        raise RuntimeError(f"Function '{fn.name()}' returned nan values in its {min(bad)}th "
                           "output.")


def _tensor_position(fn, pos):
    """The index of input `pos` among the op's tensor inputs (its backward's outputs)."""
    return sum(1 for x in fn.inputs[:pos] if type(x) is Node)


def _region_steps(order, anomaly=False):
    """The replay of a region's GradFns (`order`, in recording order) for _region_vjp: each
    step's kernel and argument refs -- (2, step) an earlier step's value, (0, i) the i-th
    differentiable value from outside the region (its gradient is an output), (1, i) the i-th
    constant. Returns (step_of, steps, consts, diff values, their edges, their consumers: the
    (GradFn, input position) pairs reading each)."""
    step_of, steps, consts = {}, [], []
    diff_index, diff_vals, diff_edges, consumers = {}, [], [], []
    for fn in order:
        refs = []
        for pos, (x, e) in enumerate(zip(fn.inputs, fn.edges)):
            if e is None:
                refs.append((1, len(consts)))
                consts.append(x)
                continue
            j = step_of.get(e[0])   # (a producer in the region is recorded before its users)
            if j is not None:
                refs.append((2, j))
                continue
            # (anomaly mode: one gradient per input position, to name the first NaN)
            key = (e[0], e[1], id(x), pos if anomaly else 0)
            j = diff_index.get(key)
            if j is None:
                j = diff_index[key] = len(diff_vals)
                diff_vals.append(x)
                diff_edges.append(e)
                consumers.append([])
            consumers[j].append((fn, pos))
            refs.append((0, j))
        step_of[fn] = len(steps)
        steps.append((fn.kernel, tuple(refs)))
    return step_of, steps, consts, diff_vals, diff_edges, consumers


def simple_backward(t, retain_graph):
    """`t.backward()` in the common case, or None when it is not that case: `t` is one scalar
    float output of an op (or of a captured Module call), no GradFn anywhere has a hook, a
    retained grad or a custom backward, and neither anomaly mode nor create_graph is on. The
    whole graph behind `t` is then one region (as _Engine.region records it, without the
    engine's queue and bookkeeping); returns {AccumulateGrad: gradient}."""
    if not t._rg or special_fns[0] or anomaly_mode.state.enabled:
        return None
    nd = t._nd
    root = nd.grad_fn
    if root is None or nd.shape != () or nd.output_nr or t._base is not None or \
            type(nd.dtype) is not _DTYPE or not nd.dtype.is_floating_point:
        return None
    k = root.kernel
    if k is None or k.name == "to_device":
        return None   # a custom Function's output, a device copy
    members = {root}
    order = [root]
    stack = [root]
    while stack:   # every GradFn behind the root (edges end at GradFns or AccumulateGrads)
        fn = stack.pop()
        if fn.freed or fn.saved:
            _check_usable(fn)
        for e in fn.edges:
            if e is not None:
                nxt = e[0]
                if nxt not in members and type(nxt) is not AccumulateGrad:
                    members.add(nxt)
                    order.append(nxt)
                    stack.append(nxt)
    order.sort(key=_seq)
    _, steps, consts, diff_vals, diff_edges, _ = _region_steps(order)
    static = (("steps", tuple(steps)), ("outs", (len(order) - 1,)), ("nd", len(diff_vals)),
              ("nc", len(consts)))
    from .. import autograd
    state = grad_mode.state
    prev = state.enabled
    state.enabled = False
    try:
        grads = dispatch.record_multi(_region_vjp, (*diff_vals, *consts, autograd._ones_of(t)),
                                      static, name="backward")
    finally:
        state.enabled = prev
    leaf = {}
    for e, g in zip(diff_edges, grads):
        acc = e[0]
        old = leaf.get(acc)
        leaf[acc] = g if old is None else old + g
    if not retain_graph:
        for fn in order:
            if fn.saves:
                fn.freed = True
                fn.inputs = ()
    return leaf


def run_backward(tensors, grad_tensors, retain_graph, create_graph, inputs=None,
                 accumulate=True):
    """The engine behind Tensor.backward, autograd.backward and autograd.grad.

    Returns {AccumulateGrad or (GradFn, nr): grad} for the leaves/targets reached."""
    state = grad_mode.state
    roots, root_grads = [], []
    for i, (t, g) in enumerate(zip(tensors, grad_tensors)):
        if not t.requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not "
                               "have a grad_fn")
        roots.append(edge_of(t))
        root_grads.append(g)
    target_fns = set()
    for t in inputs or ():
        e = edge_of(t)
        if e is not None and isinstance(e[0], GradFn):
            target_fns.add(e[0])
    anomaly = anomaly_mode.state.enabled
    starts = [r[0] for r in roots if isinstance(r[0], GradFn)]
    if not (target_fns or special_fns[0] or anomaly):
        # no GradFn anywhere has a hook, a retained grad or a custom backward: the regions
        # start at the roots only, and the walk looking for boundaries is skipped
        boundary = set()
    else:
        all_fns = _collect(starts)
        boundary = set(target_fns)
        for fn in all_fns:
            if fn.hooks or fn.retained or fn.custom is not None or _is_copy(fn):
                boundary.add(fn)
            if fn.custom is not None:
                for e in fn.edges:
                    if e is not None and isinstance(e[0], GradFn):
                        boundary.add(e[0])
        if anomaly:
            boundary |= all_fns  # one region per op, so a NaN names its op
        else:
            starts += [fn for fn in boundary if fn in all_fns]
    if not anomaly and len(starts) > 1:
        _split_shared(starts, boundary)
    engine = _Engine(retain_graph, create_graph, boundary, anomaly)
    engine.targets = target_fns
    prev = state.enabled
    state.enabled = bool(create_graph)
    try:
        for e, g in zip(roots, root_grads):
            engine.route(e, g)
        engine.run()
    finally:
        state.enabled = prev
    result = dict(engine.leaf)
    for fn, g in engine.target_grads.items():
        result[(fn, 0)] = g
    return result
