"""Module calls as one node (DESIGN.md idea 5).

Calling a top-level Module the first time for a signature runs its forward as usual: every op
records into the deferred graph (that call's results come from those ops). The capture then
reads the subgraph the forward recorded -- from its outputs and the state it wrote back to the
values it read (parameters, buffers, tensor attributes, arguments, the RNG's key and offset) --
and turns it into one kernel: a pure function of those values. Later calls with the same
signature skip the Python forward and record that kernel as a single node, whose outputs are
the results, the new buffer values (BatchNorm's running stats), the tensors the forward stores
on modules, while the RNG offset advances by the number of draws the forward made (so dropout
masks differ call to call and follow torch.manual_seed). Autograd differentiates the node with
`jax.vjp` of the kernel like any other op; the executor fuses it with the loss, backward and
optimizer update of the step.

The cache key: the module tree's structure (checked against a global epoch that every
structural change bumps, so the steady state costs one comparison), the training flags, the
non-tensor attributes and hooks of every submodule, the arguments' shapes, dtypes, devices and
requires_grad flags (non-tensor arguments by value), grad mode and the default dtype; the
values read are checked against the shapes and dtypes they had when captured.

A forward that does something one node cannot replay is a graph break: it reads a value
(`.item()`, printing a tensor, `if x.sum() > 0`, a boolean mask), prints, changes a module's
non-tensor attributes, applies a custom autograd.Function, registers tensor hooks, keeps a
tensor it computed anywhere but its outputs and module attributes (appends it to a list), or
reads a tensor that is not module state or an argument (a global). That module then runs op by
op for that signature, with one warning naming the reason and the line. A module tree with
forward or backward hooks is not captured at all (a hook that collects features must run on
every call), nor is anything under anomaly detection or the eager debug mode.
"""
import gc
import io
import sys
import threading
import warnings
import weakref

from .. import _dtype, _tensor, random as _random
from .._tensor import Tensor
from .._ops import dispatch, random_ops as _random_ops
from .._runtime import executor, graph
from .._runtime.graph import Node
from ..autograd import grad_mode, anomaly_mode
from ._state import state, note_compile

_U64 = 1 << 64
_I63 = 1 << 63
_SIMPLE = (int, float, bool, str, type(None))
_BREAK = "break"
_RETRY = "retry"
_caches = weakref.WeakKeyDictionary()
_guard_ids = {}


class _Cache:
    """Per-module: the flattened module tree (checked at `epoch`) and the captured entries."""

    __slots__ = ("epoch", "gid", "boxes", "capturable", "entries", "warned", "__weakref__")

    def __init__(self):
        self.epoch = -1
        self.entries = {}
        self.warned = set()

    def refresh(self, module):
        """Walk the module tree once: the guard (structure, flags, simple attributes, hooks)
        and the places its tensors live (looked up by name on every call)."""
        from ..nn.modules import module as M
        guard = [len(M._global_forward_hooks), len(M._global_forward_pre_hooks),
                 tuple(M._global_forward_hooks), tuple(M._global_forward_pre_hooks)]
        boxes = []
        # hooks need the per-call Python (a hook collecting features runs on every call):
        # a tree with any module hook records op by op
        capturable = not (M._global_backward_hooks or M._global_backward_pre_hooks or
                          M._global_forward_hooks or M._global_forward_pre_hooks)
        for mod in module.modules():
            d = mod.__dict__
            if d.get("_backward_hooks") or d.get("_backward_pre_hooks") or \
                    d.get("_forward_hooks") or d.get("_forward_pre_hooks"):
                capturable = False
            item = [type(mod), tuple(d.get("_forward_hooks", ())),
                    tuple(d.get("_forward_pre_hooks", ()))]
            for name, p in d["_parameters"].items():
                item.append(("p", name, p is None))
                if p is not None:
                    boxes.append((d["_parameters"], name))
            for name, b in d["_buffers"].items():
                item.append(("b", name, b is None))
                if b is not None:
                    boxes.append((d["_buffers"], name))
            for name, v in d.items():
                if isinstance(v, Tensor):
                    item.append(("t", name))
                    boxes.append((d, name))
                elif type(v) in _SIMPLE or type(v) is tuple and _simple_tuple(v):
                    item.append((name, type(v), v))
            guard.append(tuple(item))
        # which places hold the same tensor (tied weights): the captured node reads a shared
        # tensor once, so untying them must select another capture
        first = {}
        guard.append(tuple([first.setdefault(id(box[name]), i)
                            for i, (box, name) in enumerate(boxes)]))
        guard = tuple(guard)
        gid = _guard_ids.get(guard)
        if gid is None:
            gid = _guard_ids[guard] = len(_guard_ids)
        self.gid, self.boxes, self.capturable = gid, boxes, capturable
        self.epoch = state.epoch


def _simple_tuple(t):
    return all(type(v) in _SIMPLE or type(v) is tuple and _simple_tuple(v) for v in t)


# ---- argument keys ---------------------------------------------------------------------------
class _Unsupported(Exception):
    pass


def _arg_key(x, tensors):
    """A hashable key of one argument; Tensor leaves are appended to `tensors`."""
    if isinstance(x, Tensor):
        tensors.append(x)
        n = x._nd if x._base is None else x._node()
        return (n.shape, n.dtype, n.device, x._rg, type(x))
    tx = type(x)
    if tx in _SIMPLE:
        return (tx, x)
    if tx is tuple or tx is list:
        return (tx, tuple(_arg_key(v, tensors) for v in x))
    if tx is dict:
        return (tx, tuple((k, _arg_key(v, tensors)) for k, v in x.items()))
    raise _Unsupported(tx.__name__)


class _Boxes:
    """The module's tensors by position (an output that is a parameter or buffer itself)."""

    __slots__ = ("boxes",)

    def __init__(self, boxes):
        self.boxes = boxes

    def __getitem__(self, i):
        d, nm = self.boxes[i]
        return d[nm]


class _Slot:
    """An output position: the i-th kernel output, or the i-th argument tensor."""

    __slots__ = ("kind", "i")

    def __init__(self, kind, i):
        self.kind, self.i = kind, i

    def get(self, values):
        if self.kind == "view":   # (base output, view steps, the last step's grad_fn name)
            j, steps, gname = self.i
            v = values["out"][j]
            for step in steps[:-1]:
                v = v._make_view(step)
            return v._make_view(steps[-1], gname=gname)
        return values[self.kind][self.i]


def _remade_view(x, root, start, arg_ids, box_ids):
    """Whether output `x`, a view of `root`, is returned as its base and made again on each
    replay: `root` was computed by the forward, the view reads its current value, and no step
    is a detach or `.data` alias."""
    rn = root._nd
    return (rn.seq >= start and rn.kernel is not None and rn.value is None and
            id(root) not in arg_ids and id(root) not in box_ids and x._bver == root._vc[0] and
            all(step[0] != "alias" for step in x._view))


# ---- the entry point ------------------------------------------------------------------------
def call(module, args, kwargs):
    """Module(...) with capture: replay a captured kernel, or run and capture the forward."""
    if anomaly_mode.state.enabled or graph.config["eager"]:
        return module._call_plain(*args, **kwargs)
    cache = _caches.get(module)
    if cache is None:
        cache = _caches[module] = _Cache()
    if cache.epoch != state.epoch:
        cache.refresh(module)
    if not cache.capturable:
        return module._call_plain(*args, **kwargs)
    tensors = []
    try:
        if kwargs:
            akey = (tuple(_arg_key(a, tensors) for a in args),
                    tuple((k, _arg_key(v, tensors)) for k, v in kwargs.items()))
        else:
            akey = tuple(_arg_key(a, tensors) for a in args)
    except _Unsupported:
        return module._call_plain(*args, **kwargs)
    gs = grad_mode.state
    key = (cache.gid, akey, gs.enabled, gs.inference, _dtype.get_default_dtype(),
           graph.config["dropout_stream"])
    entry = cache.entries.get(key)
    if entry is not None:
        if entry is _BREAK:
            return module._call_plain(*args, **kwargs)
        if entry is _RETRY:
            return _capture(module, cache, key, args, kwargs, tensors, "retry")
        out = entry.replay(cache, tensors)
        if out is not None:
            return out
        why = "a parameter, buffer or attribute changed shape, dtype or requires_grad"
    elif not cache.entries:
        why = "first call"
    else:
        why = _why_new(cache, key)
    return _capture(module, cache, key, args, kwargs, tensors, why)


def _why_new(cache, key):
    """Which part of the key differs from the last captured one (for the recompile log)."""
    last = next(reversed(cache.entries))
    names = ("module structure, training flag, attributes or hooks", "argument signature",
             "grad mode", "inference mode", "default dtype", "dropout stream")
    diff = [n for n, a, b in zip(names, key, last) if a != b]
    return "new " + (", ".join(diff) or "key")


# ---- capture --------------------------------------------------------------------------------
class _Capture:
    """What one capturing forward did that a recorded node cannot replay."""

    def __init__(self):
        self.reason = None

    def brk(self, reason, site):
        if self.reason is None:
            self.reason = (reason, site)


class _Tee(io.TextIOBase):
    """sys.stdout while a forward is captured: passes text through and notes that it did."""

    def __init__(self, out):
        self.out = out
        self.wrote = False

    def write(self, s):
        if s:
            self.wrote = True
        return self.out.write(s)

    def flush(self):
        self.out.flush()


def _generators():
    return [_random.default_generator] + list(_random._cuda_generators.values())


def _capture(module, cache, key, args, kwargs, tensors, why):
    name = f"{type(module).__name__}.forward"
    cap = _Capture()
    # where each value the forward may read comes from
    src_of = {}
    live_boxes = []
    for i, (d, nm) in enumerate(cache.boxes):
        t = d[nm]
        live_boxes.append(t)
        src_of.setdefault(id(t._node()), ("box", i))
    for i, t in enumerate(tensors):
        src_of.setdefault(id(t._node()), ("arg", i))
    gens = _generators()
    offsets0 = []
    for gi, g in enumerate(gens):
        o0 = g._offset
        offsets0.append(o0)
        signed = o0 - _U64 if o0 >= _I63 else o0
        off = Tensor._from_array(_offset_array(signed, g._jdev), g._jdev)
        g._offset = off
        src_of[id(off._nd)] = ("offset", gi)
        src_of.setdefault(id(g.key()), ("key", gi))
    attrs_before = [(d, nm, d[nm]) for d, nm in cache.boxes]
    # random samples drawn on the host become inputs the replay draws anew, in this order
    host_draws = []
    # test mode replays the captured node after this run: it must draw the same samples again
    engines0 = [(g, g._mt.state_bytes(g._seed) if g._mt is not None else None)
                for g in gens] if state.replay_first_call else ()

    owner = threading.get_ident()

    def note_host_draw(leaf, host, jdev, g):
        if threading.get_ident() != owner:  # a DataLoader thread drawing meanwhile
            return
        src_of[id(leaf)] = ("host", len(host_draws))
        host_draws.append((host, jdev, g))
    saved_hook, graph.host_draw_hook = graph.host_draw_hook, note_host_draw
    checks0 = len(graph.pending_checks)
    start = graph._next_seq()
    epoch0 = state.epoch
    pending0 = len(graph.pending_tensors)
    writes = []
    tee = _Tee(sys.stdout)
    saved_stdout, sys.stdout = sys.stdout, tee
    state.active = cap
    outer_break = graph.capture_break  # a compiled function around this call
    if outer_break is not None:
        def brk(reason, site):
            cap.brk(reason, site)
            outer_break(reason, site)
        graph.capture_break = brk
    else:
        graph.capture_break = cap.brk
    _tensor.write_log = writes
    try:
        result = module._call_plain(*args, **kwargs)
    finally:
        _tensor.write_log = None
        graph.host_draw_hook = saved_hook
        graph.capture_break = outer_break
        state.active = None
        if sys.stdout is tee:
            sys.stdout = saved_stdout
        draws = []
        for g, o0 in zip(gens, offsets0):
            n = _draws(g._offset)
            g._offset = (o0 + n) % _U64
            draws.append(n)
    fsite = _forward_site(module)
    if cap.reason is None:
        if tee.wrote:
            cap.brk("it prints", fsite)
        elif state.epoch != epoch0:
            if cache.entries.get(key) is not _RETRY:
                # e.g. a lazy module materialising its parameters: the next call captures
                cache.entries[key] = _RETRY
                note_compile(name, f"{why}; not captured: the module changed while running")
                return result
            cap.brk("it changes a module's attributes, submodules or hooks", fsite)
        elif len(_generators()) != len(gens):
            if cache.entries.get(key) is not _RETRY:
                # the first draw on a GPU created its default generator: the next call captures
                cache.entries[key] = _RETRY
                note_compile(name, f"{why}; not captured: a device's generator was created")
                return result
            cap.brk("it draws random numbers on a new device", fsite)
    entry = None
    if cap.reason is None:
        # value checks the forward recorded (an index range): outputs of the captured node,
        # raised from each replay
        checks = [c for c in graph.pending_checks[checks0:]
                  if c.node.seq >= start and c.node.value is None and c.detail is None]
        entry = _build(module, cache, name, result, tensors, src_of, live_boxes, attrs_before,
                       writes, start, pending0, draws, cap, fsite, checks)
        if entry is not None:
            entry.host_draws = _random_ops.HostDraws(host_draws) if host_draws else None
    if entry is None:
        cache.entries[key] = _BREAK
        reason, site = cap.reason
        note_compile(name, f"{why}; graph break: runs op by op because {reason} ({site})")
        if reason not in cache.warned:
            cache.warned.add(reason)
            warnings.warn(f"jtorch: {name} runs op by op (no single compiled node) because "
                          f"{reason} at {site}", stacklevel=4)
    else:
        cache.entries[key] = entry
        note_compile(name, why)
        if state.replay_first_call:
            # test mode: undo what the captured run wrote and return the replayed node's
            # results instead, so every first call exercises the compiled path
            for ref, old in reversed(writes):
                box = ref()
                if box is not None:
                    box._nd = old
            for d, nm, before in attrs_before:
                d[nm] = before
            for g, o0 in zip(gens, offsets0):
                g._offset = o0
            for g, st in engines0:
                if st is not None:
                    g._mt.load_state_bytes(st)
                else:
                    g._mt = None
            out = entry.replay(cache, tensors)
            if out is not None:
                return out
    return result


def _forward_site(module):
    code = getattr(type(module).forward, "__code__", None)
    if code is None:
        return f"{type(module).__name__}.forward"
    return f"{code.co_filename}:{code.co_firstlineno} ({type(module).__name__}.forward)"


def _offset_array(signed, jdev):
    import jax
    import numpy as np
    return jax.device_put(np.asarray(signed, np.int64), jdev)


def _draws(off):
    """How many `+ 1` steps the generator offset took from its captured leaf."""
    if not isinstance(off, Tensor):
        return 0
    n, node = 0, off._nd
    while node.kernel is not None:
        n += 1
        node = node.inputs[0]
    return n


def _build(module, cache, name, result, tensors, src_of, live_boxes, attrs_before, writes,
           start, pending0, draws, cap, fsite, checks=()):
    """The replayable entry of a captured forward, or None (cap.reason says why)."""
    arg_ids = {id(t): i for i, t in enumerate(tensors)}
    outs = []   # (node, requires grad, grad_fn name)

    box_ids = {id(t): i for i, t in enumerate(live_boxes)}
    based = {}      # id(base) -> its output index, for the views returned
    view_outs = []  # the views returned (replays make them again from their base's output)

    def out_slot(x):
        if not isinstance(x, Tensor):
            return x
        if id(x) in arg_ids:  # an argument itself (perhaps written in place, as by
            return _Slot("arg", arg_ids[id(x)])  # Dropout(inplace=True)): the same object
        if id(x) in box_ids:
            return _Slot("box", box_ids[id(x)])
        root = x._base
        if root is not None and _remade_view(x, root, start, arg_ids, box_ids):
            # a view of a tensor the forward computed (MultiheadAttention's batch_first
            # transpose): its base is the output, and each replay takes the same view of it,
            # so strides, contiguity and the memory order of later draws stay PyTorch's
            j = based.get(id(root))
            if j is None:
                rn = root._nd
                fn = rn.grad_fn
                outs.append((rn, root._rg, fn.name() if fn is not None else None, root))
                j = based[id(root)] = len(outs) - 1
            view_outs.append(x)
            fn = x._nd.grad_fn
            return _Slot("view", (j, x._view, fn.name() if fn is not None else None))
        n = x._node()
        if n.seq < start:
            cap.brk("it returns a tensor it did not compute", fsite)
            return x
        fn = n.grad_fn
        outs.append((n, x._rg, fn.name() if fn is not None else None, x))
        return _Slot("out", len(outs) - 1)

    spec = _map_structure(result, out_slot)
    if cap.reason is not None:
        return None
    # state the forward wrote in place (buffers updated with add_/copy_, a written argument)
    box_index = box_ids
    written = {}
    for ref, old in writes:
        box = ref()
        if box is None or id(box) in written or old.seq >= start:
            continue  # a tensor the forward created itself
        written[id(box)] = box
    wbacks = []
    for box in written.values():
        if box._rg:
            cap.brk("it writes in place to a tensor that requires grad", fsite)
            return None
        if id(box) in box_index:
            src = ("box", box_index[id(box)])
        elif id(box) in arg_ids:
            src = ("arg", arg_ids[id(box)])
        else:
            cap.brk("it writes in place to a tensor that is not module state or an argument",
                    fsite)
            return None
        outs.append((box._node(), False, None, box))
        wbacks.append((src, len(outs) - 1))
    # tensors the forward stored on modules (`self.running_mean = ...`, `self.attn = w`)
    stores = []
    rewrapped = []
    for d, nm, before in attrs_before:
        after = d.get(nm)
        if after is before or id(before) in written:
            continue
        if isinstance(after, Tensor) and isinstance(before, Tensor) and \
                after._node() is before._node() and after._rg == before._rg:
            rewrapped.append(after)  # the value it held (`self.buf = self.buf.data`): a replay
            continue                 # leaves the attribute as it is
        if not isinstance(after, Tensor) or after._node().seq < start:
            cap.brk(f"it stores a value it did not compute as attribute '{nm}'", fsite)
            return None
        n = after._node()
        outs.append((n, after._rg, n.grad_fn.name() if n.grad_fn is not None else None, after))
        stores.append((d, nm, len(outs) - 1))
    n_regular = len(outs)
    for c in checks:   # two outputs each: ok and detail
        outs.append((c.node, False, None, None))
        outs.append((c.node, False, None, None))
    if _escaped(outs, pending0, rewrapped + view_outs):
        cap.brk("it keeps a tensor it computed outside its outputs and module attributes "
                "(a hook or a global)", fsite)
        return None
    # the subgraph between the outputs and the values read
    internal, frontier, consts = {}, {}, {}
    stack = [o[0] for o in outs]
    while stack:
        n = stack.pop()
        if id(n) in internal or id(n) in frontier or id(n) in consts:
            continue
        if n.seq >= start and n.kernel is not None:
            if n.value is not None:
                cap.brk("it computes a value eagerly", fsite)
                return None
            internal[id(n)] = n
            stack.extend(x for x in n.inputs if type(x) is Node)
        elif n.seq >= start and src_of.get(id(n), ("",))[0] == "host":
            frontier[id(n)] = (n, src_of[id(n)])   # random samples: drawn anew each call
        elif n.seq >= start:
            consts[id(n)] = n   # a tensor the forward made from Python data: a constant
        else:
            src = src_of.get(id(n))
            if src is None:
                cap.brk("it reads a tensor that is not a parameter, buffer, tensor attribute "
                        "or argument of the module (a global?)", fsite)
                return None
            frontier[id(n)] = (n, src)
    entry = _Entry(name, spec, outs, wbacks, stores, sorted(internal.values(), key=_seq),
                   list(frontier.values()), list(consts.values()), draws, live_boxes, tensors,
                   n_regular)
    entry.checks = [(c.error, c.name, n_regular + 2 * i, _on_arguments(c, src_of))
                    for i, c in enumerate(checks)]
    return entry


def _on_arguments(check, src_of):
    """[kernel, argument indices, the arrays it last passed on] when `check` reads only the
    call's own tensor arguments (a loss's target, an embedding's indices), so a replay can run
    it at the call, as PyTorch does; else None."""
    at = []
    for x in check.node.inputs:
        src = src_of.get(id(x)) if type(x) is Node else None
        if src is None or src[0] != "arg":
            return None
        at.append(src[1])
    return [check.node.kernel, tuple(at), ()]


def _seq(n):
    return n.seq


def _map_structure(x, f, leaf=Tensor):
    """`x` (tuples, lists, dicts, namedtuples) with f applied to every `leaf`-type item: the
    outputs' structure with Tensors turned into slots at capture, and back at replay."""
    if isinstance(x, leaf):
        return f(x)
    tx = type(x)
    if tx is tuple or tx is list:
        return tx(_map_structure(v, f, leaf) for v in x)
    if tx is dict:
        return {k: _map_structure(v, f, leaf) for k, v in x.items()}
    if isinstance(x, tuple) and hasattr(x, "_fields"):
        return tx(*[_map_structure(v, f, leaf) for v in x])
    return x


def _escaped(outs, pending0, kept=()):
    """Whether a tensor the forward computed is still alive outside its outputs and state
    (`kept`: tensors it stored that re-wrap the value an attribute held)."""
    allowed = set()
    for t in [o[3] for o in outs] + list(kept):
        while t is not None:
            allowed.add(id(t))
            t = t._base
    refs = graph.pending_tensors[pending0:]

    def alive():
        return [t for t in (r() for r in refs) if t is not None and id(t) not in allowed]

    if not alive():
        return False
    gc.collect()  # only at capture: reference cycles may still hold temporaries
    return bool(alive())


_shared_kernels = {}


def _const_key(v):
    """A constant captured from Python data, as part of a kernel's structure key."""
    if v.size <= 256:
        import numpy as np
        return (v.shape, str(v.dtype), np.asarray(v).tobytes())
    return ("id", id(v))  # big constants: this kernel is not shared


def _make_kernel(plan, const_vals, out_slots, name):
    from jax.lax import stop_gradient

    def module_forward(*xs):
        vals = list(xs) + const_vals
        for k, ins, stop in plan:
            v = k(*[vals[i] if t == "v" else i for t, i in ins])
            vals.append(stop_gradient(v) if stop else v)
        return tuple(vals[s] if type(s) is int else vals[s[0]][s[1]] for s in out_slots)

    module_forward.__qualname__ = module_forward.__name__ = name.replace(".", "_")
    return module_forward


class _Entry:
    """A captured forward: its kernel, where its inputs come from, where its outputs go."""

    host_draws = None  # HostDraws: (sampler, device, generator) of each draw, in order
    checks = ()       # (error, name, index of its ok output, _on_arguments) of each value check

    def __init__(self, name, spec, outs, wbacks, stores, steps, frontier, consts, draws,
                 live_boxes, tensors, n_regular=None):
        self.spec = spec
        self.wbacks = wbacks
        self.stores = stores
        self.draws = [(gi, n) for gi, n in enumerate(draws) if n]
        self.sources = [src for _, src in frontier]
        self.gnames = [o[2] or "ModuleBackward0" for o in outs]
        self.diff = [bool(o[1]) for o in outs]
        slot = {}
        for i, (n, _) in enumerate(frontier):
            slot[id(n)] = i
        const_vals = []
        for n in consts:
            slot[id(n)] = len(frontier) + len(const_vals)
            const_vals.append(n.value)
        base = len(frontier) + len(const_vals)
        plan = []
        for j, n in enumerate(steps):
            slot[id(n)] = base + j
            # a value computed without history (under no_grad, detach()) passes no gradient
            # inside the kernel either
            stop = n.grad_fn is None and n.shape is not None and \
                getattr(n.dtype, "is_floating_point", False)
            plan.append((n.kernel, tuple(("v", slot[id(x)]) if type(x) is Node else ("c", x)
                                         for x in n.inputs), stop))
        if n_regular is None:
            n_regular = len(outs)
        # a check's node returns (ok, detail): its two outputs pick one each
        out_slots = tuple(slot[id(o[0])] if j < n_regular else (slot[id(o[0])], (j - n_regular) % 2)
                          for j, o in enumerate(outs))
        n_front = len(frontier)
        # models built alike (a new instance, the same layers) share one kernel, and so the
        # executor's compiled programs
        struct = (n_front, tuple(_const_key(v) for v in const_vals), out_slots,
                  tuple((k, tuple(i if t == "v" else ("c", type(i), i) for t, i in ins), stop)
                        for k, ins, stop in plan))
        try:
            module_forward = _shared_kernels.get(struct)
        except TypeError:  # an unhashable constant: a kernel of its own
            struct, module_forward = None, None
        if module_forward is None:
            module_forward = _make_kernel(plan, const_vals, out_slots, name)
            if struct is not None:
                _shared_kernels[struct] = module_forward
        self.kernel_fn = module_forward
        k = graph.kernel(module_forward, (), name=name.split(".")[0])
        # the signature record_multi will compute on replay, and its known output avals
        sample = []
        self.sig = []
        for n, (kind, i) in frontier:
            if kind == "offset":
                sample.append(0)
                self.sig.append(None)
            else:
                sample.append(n)
                t = live_boxes[i] if kind == "box" else tensors[i] if kind == "arg" else None
                self.sig.append((n.shape, n.dtype, t._rg if t is not None else False))
        k.avals[graph._signature(sample)] = [
            (o[0].shape, o[0].dtype) if j < n_regular else
            ((o[0].shape if (j - n_regular) % 2 == 0 else o[0].dtype))
            for j, o in enumerate(outs)]

    def replay(self, cache, tensors):
        """Record the captured kernel as one node; None if an input's signature changed."""
        ins = []
        boxes = cache.boxes
        gens = None
        for (kind, i), sig in zip(self.sources, self.sig):
            if kind == "box":
                d, nm = boxes[i]
                t = d[nm]
                n = t._nd if t._base is None else t._node()
                if (n.shape, n.dtype, t._rg) != sig:
                    return None
                ins.append(t)
            elif kind == "arg":
                t = tensors[i]
                ins.append(t)
            elif kind == "offset":
                if gens is None:
                    gens = _generators()
                o = gens[i]._offset
                ins.append(o - _U64 if o >= _I63 else o)
            elif kind == "host":
                ins.append(None)  # drawn below, once every input has been checked
            else:
                if gens is None:
                    gens = _generators()
                ins.append(gens[i].key())
        if self.host_draws is not None:
            drawn = self.host_draws.draw()
            graph.prefetch_queue.append(self.host_draws)
            for j, (kind, i) in enumerate(self.sources):
                if kind == "host":
                    ins[j] = drawn[i]
        outs = dispatch.record_multi(self.kernel_fn, ins, gnames=self.gnames, diff=self.diff)
        site = None
        for error, name, j, on_args in self.checks:
            if on_args is not None:
                # the check reads only computed CPU arguments: it runs now and raises here
                # with PyTorch's message (and the program that follows has nothing to wait for)
                arrays = None if graph.config["compiled_fn"] else \
                    executor.cpu_arrays([tensors[i]._node() for i in on_args[1]])
                if arrays is not None:
                    on_args[2] = executor.check_now(on_args[0], arrays, on_args[2], error)
                    if graph.capture_break is None:
                        continue   # (a capture around this call keeps the check, below)
            if site is None:
                site = graph.user_site()
            reads = None if on_args is None or not graph.config["compiled_fn"] else \
                (on_args[0], [tensors[i]._node() for i in on_args[1]])
            graph.pending_checks.append(
                graph._Check(outs[j]._nd, error, site, outs[j + 1]._nd, name, reads))
        if self.draws:
            if gens is None:
                gens = _generators()
            for gi, n in self.draws:
                g = gens[gi]
                g._offset = (g._offset + n) % _U64
        if self.wbacks:
            saved, grad_mode.state.enabled = grad_mode.state.enabled, False
            try:
                for (kind, i), j in self.wbacks:
                    if kind == "box":
                        d, nm = boxes[i]
                        box = d[nm]
                    else:
                        box = tensors[i]
                    box._set_node(outs[j]._nd)
            finally:
                grad_mode.state.enabled = saved
        for d, nm, j in self.stores:
            d[nm] = outs[j]
        values = {"out": outs, "arg": tensors, "box": _Boxes(boxes)}
        return _map_structure(self.spec, lambda slot: slot.get(values), _Slot)
