"""Tracing a jtorch.compile'd call for replay (see `_replay`): whether the function qualifies
(straight-line bytecode, only jtorch objects and scalars reachable, only jtorch APIs without
Python-side effects called), what it reads and writes, and the replay `Entry` built from the
one program its call ran."""
import dis
import math
import os
import sys
import sysconfig
import threading
import types
import weakref

from .._runtime import graph, executor
from ._state import state
from ._replay import (Entry, _lazy, _module_gids, _generators, _signed, _MISS, _SCALARS, _U64,
                      grad_mode_key)

# ---- which functions can replay --------------------------------------------------------------
_STRAIGHT_LINE = {
    "RESUME", "NOP", "CACHE", "PUSH_NULL", "COPY_FREE_VARS", "EXTENDED_ARG",
    "LOAD_FAST", "LOAD_FAST_CHECK", "LOAD_FAST_LOAD_FAST", "LOAD_CONST", "LOAD_SMALL_INT",
    "LOAD_GLOBAL", "LOAD_DEREF", "LOAD_ATTR", "LOAD_METHOD",
    "STORE_FAST", "STORE_FAST_STORE_FAST", "STORE_FAST_LOAD_FAST", "POP_TOP",
    "PRECALL", "CALL", "CALL_KW", "KW_NAMES", "CALL_FUNCTION", "CALL_FUNCTION_KW",
    "CALL_METHOD", "CALL_FUNCTION_EX",
    "RETURN_VALUE", "RETURN_CONST",
    "BINARY_OP", "BINARY_SUBSCR", "BINARY_SLICE", "BUILD_SLICE", "COMPARE_OP",
    "UNARY_NEGATIVE", "UNARY_POSITIVE", "UNARY_INVERT",
    "BUILD_TUPLE", "BUILD_LIST", "BUILD_MAP", "BUILD_CONST_KEY_MAP", "LIST_EXTEND",
    "LIST_TO_TUPLE", "UNPACK_SEQUENCE", "COPY", "SWAP", "ROT_TWO", "ROT_THREE", "DUP_TOP",
    "DUP_TOP_TWO", "BEFORE_WITH", "SETUP_WITH", "POP_BLOCK",   # `with` (grad modes only)
    "BINARY_ADD", "BINARY_SUBTRACT", "BINARY_MULTIPLY", "BINARY_TRUE_DIVIDE",
    "BINARY_FLOOR_DIVIDE", "BINARY_POWER", "BINARY_MATRIX_MULTIPLY", "BINARY_MODULO",
    "INPLACE_ADD", "INPLACE_SUBTRACT", "INPLACE_MULTIPLY", "INPLACE_TRUE_DIVIDE",
    "INPLACE_FLOOR_DIVIDE", "INPLACE_POWER", "INPLACE_MATRIX_MULTIPLY", "INPLACE_MODULO",
}


def straight_line(fn):
    """None if `fn`'s bytecode qualifies for replay, else why not."""
    if not isinstance(fn, types.FunctionType):
        return "it is not a plain Python function"
    code = fn.__code__
    if code.co_flags & (0x04 | 0x08 | 0x20 | 0x80 | 0x100 | 0x200):
        return "it takes *args/**kwargs or is a generator or coroutine"
    if code.co_cellvars:
        return "it defines nested functions"
    if fn.__defaults__ or fn.__kwdefaults__:
        return "it has default argument values"
    for i in _normal_path(code):
        if i.opname not in _STRAIGHT_LINE:
            line = getattr(i, "positions", None)
            line = line.lineno if line is not None else i.starts_line
            return f"its line {line} uses {i.opname} (branches, loops and stores outside its " \
                   f"locals need its Python)"
    return None


def _normal_path(code):
    """The instructions a call runs when nothing raises: from the start, over the forward jumps
    a `with` block makes past its exception handler, to the first return (the handler code left
    out runs only when an exception propagates, and then no replay entry is made)."""
    ins = list(dis.get_instructions(code))
    at = {i.offset: k for k, i in enumerate(ins)}
    k = 0
    while k < len(ins):
        i = ins[k]
        if i.opname == "JUMP_FORWARD":
            k = at[i.argval]
            continue
        yield i
        if i.opname in ("RETURN_VALUE", "RETURN_CONST"):
            return
        k += 1


def _method_load(i):
    return i.opname == "LOAD_METHOD" or (i.opname == "LOAD_ATTR" and sys.version_info >= (3, 12)
                                         and i.arg is not None and i.arg & 1)


def _scalar_reads(fn, objs):
    """Why the step could read a Python number no guard covers, or None.

    The numbers a step's Python can see come from its code's constants, its guarded globals,
    closure and arguments, tensor shapes, module attributes (part of each module's structure
    id) -- or from reading into other objects: `opt.param_groups[0]["lr"]`, a scheduler's
    `last_epoch`, a dict. Without such reads (no subscripts but `x.shape[k]`, no attribute of
    an optimizer, scheduler or other non-module object loaded by name) and without a
    Generator of its own, every number in its program is fixed by the guards: the replay may
    keep them as constants."""
    from .._tensor import Tensor
    from ..nn.modules.module import Module
    from ..random import Generator
    for v in objs.values():
        if isinstance(v, Generator):
            return "it uses a Generator of its own"
    prev2 = prev = None
    for i in _normal_path(fn.__code__):
        op = i.opname
        if op in ("BINARY_SUBSCR", "BINARY_SLICE"):
            if not (prev is not None and prev.opname in ("LOAD_CONST", "LOAD_SMALL_INT") and
                    prev2 is not None and prev2.opname == "LOAD_ATTR" and
                    prev2.argval == "shape"):
                return "it indexes into a Python object"
        elif op == "LOAD_ATTR" and not _method_load(i) and prev is not None and \
                prev.opname in ("LOAD_GLOBAL", "LOAD_DEREF"):
            name = prev.argval if isinstance(prev.argval, str) else str(prev.argval)
            v = objs.get(name.replace("NULL + ", ""), _MISS)
            if not isinstance(v, (Module, Tensor, types.ModuleType, type, types.FunctionType,
                                  types.BuiltinFunctionType)):
                return f"it reads an attribute of {name}"
        prev2, prev = prev, i
    return None


def _loaded_names(code):
    """(global names, closure names) the function loads."""
    gl, fr = [], []
    for ins in dis.get_instructions(code):
        if ins.opname == "LOAD_GLOBAL":
            name = ins.argval if isinstance(ins.argval, str) else ins.argrepr.split()[-1]
            if name.startswith("NULL + "):
                name = name[7:]
            gl.append(name)
        elif ins.opname == "LOAD_DEREF":
            fr.append(ins.argval)
    return list(dict.fromkeys(gl)), list(dict.fromkeys(fr))


_JT_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep
_LIB_DIRS = tuple({os.path.abspath(p) + os.sep for k in ("stdlib", "platstdlib", "purelib",
                                                          "platlib")
                   if (p := sysconfig.get_paths().get(k))})
# jtorch files whose functions change Python-side state when a step calls them directly
_STATEFUL_FILES = ("optim/lr_scheduler.py", "random.py", "autograd/grad_mode.py",
                   "serialization.py", "compiler/", "amp/", "utils/", "cuda/", "backends/",
                   "distributed/", "testing/", "hub/", "multiprocessing/")
_STATEFUL_PREFIXES = ("set_", "register_", "load_", "manual_seed", "seed", "requires_grad_",
                      "retain_grad", "share_memory_", "add_param_group", "train", "eval")
_MODULE_OK = {"_call_impl", "__call__", "__getattr__"}
_OPTIM_OK = {"zero_grad", "wrapper", "step"}
_GRAD_MODE_OK = {"__new__", "__init__", "__enter__", "__exit__"}


def _direct_call_ok(code):
    """Why a jtorch function called straight from the step cannot be skipped, or None."""
    rel = code.co_filename[len(_JT_DIR):].replace(os.sep, "/")
    name = code.co_name
    if rel == "optim/lr_scheduler.py" and name == "wrapper":
        return None  # the scheduler's step() counter: replayed as `_opt_called = True`
    if rel == "nn/modules/module.py":
        return None if name in _MODULE_OK else f"Module.{name}"
    if rel == "optim/optimizer.py":
        return None if name in _OPTIM_OK else f"Optimizer.{name}"
    if rel == "autograd/grad_mode.py" and name in _GRAD_MODE_OK:
        return None  # `with no_grad():` (the mode is checked unchanged after the call)
    if rel.startswith(_STATEFUL_FILES) or name.startswith(_STATEFUL_PREFIXES):
        return f"{name} ({rel})"
    return None


def _user_code(filename, direct):
    """Whether code from `filename` is the user's (generated code, `<string>`, counts as the
    library's unless the step calls it itself)."""
    if filename.startswith("<"):
        return direct and not filename.startswith("<frozen")
    return not (filename.startswith(_JT_DIR) or filename.startswith(_LIB_DIRS))


# ---- the objects a step can reach ------------------------------------------------------------
def _reachable(fn):
    """(guards, state tensors, optimizers) for what `fn` loads, or a string saying why not."""
    from .._tensor import Tensor
    from ..nn.modules.module import Module
    from ..optim.optimizer import Optimizer, _FusedOptimizer
    gl, fr = _loaded_names(fn.__code__)
    guards, objs = [], []
    for name in gl:
        d = fn.__globals__
        if name not in d:
            d = fn.__builtins__ if isinstance(fn.__builtins__, dict) else vars(fn.__builtins__)
        v = d.get(name, _MISS)
        guards.append((d, name, v, type(v) in _SCALARS))
        objs.append((name, v))
    cells = dict(zip(fn.__code__.co_freevars, fn.__closure__ or ()))
    for name in fr:
        cell = cells.get(name)
        if cell is None:
            return f"its closure variable {name} is not a cell"
        try:
            v = cell.cell_contents
        except ValueError:
            return f"its closure variable {name} is empty"
        guards.append((cell, None, v, type(v) in _SCALARS))
        objs.append((name, v))
    tensors, opts, seen = [], [], set()
    modules = []
    boxes = []   # (dict, key, tensor): where each state tensor is held, checked per replay

    def add(t, d, k):
        boxes.append((d, k, t))
        if id(t) not in seen:
            seen.add(id(t))
            tensors.append(t)
    for name, v in objs:
        if type(v) in _SCALARS or v is _MISS:
            continue
        if isinstance(v, Module):
            modules.append(v)
            for m in v.modules():
                for d in (m._parameters, m._buffers):
                    for k, t in d.items():
                        if t is not None:
                            add(t, d, k)
        elif isinstance(v, Optimizer):
            if type(v)._fused_step is not _FusedOptimizer._fused_step:
                return f"{name} is a {type(v).__name__}, whose step() is not one fused update"
            opts.append(v)
            for g in v.param_groups:
                ps = g["params"]
                for i, p in enumerate(ps):
                    add(p, ps, i)
                    st = v.state.get(p)
                    if st:
                        for k, t in st.items():
                            if isinstance(t, Tensor):
                                add(t, st, k)
        elif isinstance(v, Tensor):
            add(v, {0: v}, 0)
        elif isinstance(v, types.ModuleType):
            if not v.__name__.startswith("jtorch"):
                return f"it uses the module {v.__name__}"
        elif not str(getattr(v, "__module__", "")).startswith("jtorch") or \
                isinstance(v, (list, dict, set)):
            return f"it reads {name}, a {type(v).__name__} (not a jtorch object or a scalar)"
    for t in tensors:
        if t._base is not None:
            return "a state tensor is a view"
    # optimizers: the same groups holding the same number of parameters, the same state dicts
    layout = []
    for o in opts:
        layout.append((o.param_groups, len(o.param_groups)))
        for g in o.param_groups:
            layout.append((g["params"], len(g["params"])))
        layout.append((o.state, len(o.state)))
    return guards, tensors, opts, boxes, layout, modules, dict(objs)


def _state_holds(boxes, layout, tensors, rgs):
    """The state tensors are where they were, with no tensor hook and requires_grad `rgs`."""
    for holder, n in layout:
        if len(holder) != n:
            return False
    for d, k, t in boxes:
        if d[k] is not t:
            return False
    for t, rg in zip(tensors, rgs):
        if t._rg is not rg:
            return False
        if rg:
            acc = t.__dict__.get("_accumulate")
            if acc is not None and acc.hooks:
                return False
    return True


def _unique_boxes(boxes):
    seen, out = set(), []
    for d, k, t in boxes:
        if (id(d), k) not in seen:
            seen.add((id(d), k))
            out.append((d, k, t))
    return out


# ---- tracing ---------------------------------------------------------------------------------
class Tracer:
    """Watches one compiled call and, if it qualifies, builds its replay `Entry`."""

    def __init__(self, fn, args):
        self.fn, self.args = fn, args
        self.why = None
        reach = _reachable(fn)
        if isinstance(reach, str):
            self.why = reach
            return
        (self.guards, self.tensors, self.opts, self.boxes, self.layout, self.modules,
         self.objs) = reach
        ts = self.tensors
        if not _state_holds(self.boxes, self.layout, ts, [t._rg for t in ts]):
            self.why = "a state tensor has a hook"
            return
        if sys.getprofile() is not None:
            self.why = "a profiler is running"
            return
        # weak references only: a strong one would keep the old arrays alive and so stop the
        # executor from donating them to the step's program
        _ref = weakref.ref
        self.nodes0 = [_ref(t._nd) for t in ts]
        self.vcs0 = [t._vc[0] for t in ts]
        grads = [t._grad for t in ts]
        self.no_grad0 = [g is None for g in grads]
        self.grads0 = [_ref(g) if g is not None else None for g in grads]
        self.gnodes0 = [_ref(g._nd) if g is not None else None for g in grads]
        self.gvcs0 = [g._vc[0] if g is not None else 0 for g in grads]
        self.arrays0 = {id(t._nd.value) for t in ts if t._nd.value is not None}
        self.arrays0 |= {id(g._nd.value) for g in grads
                         if g is not None and g._nd.value is not None}
        del grads
        self.opt_attrs0 = [dict(o.__dict__) for o in self.opts]
        self.gens = _generators()
        self.offsets0 = [g._offset for g in self.gens]
        self.epoch = state.epoch
        self.mode0 = grad_mode_key()
        self.syncs0 = graph.stats["syncs"]
        self.host = {}     # id(leaf node) -> draw index
        self.host_draws = []
        self.hp = {}       # id(array) -> (optimizer index, "hp" | "pf")
        self.opt_specs = {}
        self.runs = []
        self.start = graph._next_seq()
        self.code = fn.__code__
        self.thread = threading.get_ident()

    def unsafe(self, why):
        if self.why is None:
            self.why = why

    # hooks
    def _profile(self, frame, event, arg):
        code = self.code
        if event == "call":
            c = frame.f_code
            if c is code:
                return
            fname = c.co_filename
            direct = frame.f_back is not None and frame.f_back.f_code is code
            if _user_code(fname, direct):
                self.unsafe(f"it runs Python of its own ({c.co_name} at {fname}:"
                            f"{c.co_firstlineno})")
            elif direct and fname.startswith(_JT_DIR):
                why = _direct_call_ok(c)
                if why is not None:
                    self.unsafe(f"it calls {why}, which changes Python-side state")
        elif event == "c_call" and frame.f_code is code:
            self.unsafe(f"it calls {getattr(arg, '__qualname__', arg)}")

    def _host_draw(self, leaf, host, jdev, g):
        if self.saved_host is not None:
            self.saved_host(leaf, host, jdev, g)
        if threading.get_ident() != self.thread:   # a DataLoader thread drawing meanwhile
            return
        self.host[id(leaf)] = len(self.host_draws)
        self.host_draws.append((leaf, host, jdev, g))

    def _opt_hook(self, opt, hp, pf, spec):
        for i, o in enumerate(self.opts):
            if o is opt:
                with_grad = frozenset(id(p) for grp in opt.param_groups for p in grp["params"]
                                      if p._grad is not None)
                self.hp[id(hp)] = (i, 0, hp)
                self.hp[id(pf)] = (i, 1, pf)
                if i in self.opt_specs:
                    self.unsafe("an optimizer steps twice")
                self.opt_specs[i] = (with_grad, spec)
                return
        self.unsafe(f"it steps an optimizer ({type(opt).__name__}) it does not load by name")

    def _run_hook(self, p, prog):
        self.runs.append((p, prog))

    def begin(self):
        from ..optim import optimizer as _optimizer
        self.saved_host = graph.host_draw_hook
        graph.host_draw_hook = self._host_draw
        _optimizer.trace_hook = self._opt_hook
        sys.setprofile(self._profile)

    def end_python(self):
        sys.setprofile(None)

    def before_sync(self):
        """Just before the call's closing sync: the live pending tensors and checks."""
        self.live = [t for t in (r() for r in graph.pending_tensors)
                     if t is not None and t._nd.value is None]
        self.checks = list(graph.pending_checks)
        executor.run_hook = self._run_hook

    def end(self):
        from ..optim import optimizer as _optimizer
        sys.setprofile(None)
        graph.host_draw_hook = self.saved_host
        _optimizer.trace_hook = None
        executor.run_hook = None

    # the entry
    def build(self, result, broke):
        """The replay Entry of this call, or None (self.why says why)."""
        if self.why is not None:
            return None
        if broke:
            return self._no("it has a graph break")
        if state.epoch != self.epoch:
            return self._no("a module changed structure while it ran")
        if grad_mode_key() != self.mode0:
            return self._no("it leaves grad mode or a runtime switch changed")
        if graph.stats["syncs"] != self.syncs0 + 1 or len(self.runs) != 1 or \
                self.runs[0][1] is None:
            return self._no("it ran as more than one program")
        reach = _reachable(self.fn)
        if isinstance(reach, str) or [id(t) for t in reach[1]] != [id(t) for t in self.tensors] \
                or reach[4] != self.layout and [n for _, n in reach[4]] != \
                [n for _, n in self.layout]:
            return self._no("it created state (a first optimizer step)")
        if len(_generators()) != len(self.gens):
            return self._no("it drew random numbers on a new device")
        for o, before in zip(self.opts, self.opt_attrs0):
            for k, v in o.__dict__.items():
                if k != "_opt_called" and before.get(k, _MISS) is not v:
                    return self._no(f"it changed optimizer attribute {k}")
        p, prog = self.runs[0]
        return _build_entry(self, p, prog, result)

    def _no(self, why):
        self.why = why
        return None

    def release(self):
        """Drop the traced call's graph: a reference kept here (a cycle through a closure)
        would keep its arrays alive and stop the next call donating them."""
        self.runs = self.live = self.checks = self.host_draws = ()
        self.args = self.host = self.hp = self.objs = None


def _build_entry(tr, p, prog, result):
    from .._tensor import Tensor
    fn = tr.fn
    ts = tr.tensors
    e = Entry()
    e.fn_name = getattr(fn, "__qualname__", "step")
    e.guards, e.tensors, e.opts = tr.guards, ts, tr.opts
    e.boxes, e.layout = _unique_boxes(tr.boxes), tr.layout
    e.tensor_guards = [(t, t._rg, none) for t, none in zip(ts, tr.no_grad0)]
    e.epoch = tr.epoch
    e.modules, e.module_gids = tr.modules, _module_gids(tr.modules)
    e.prog = prog
    e.device = p.roots[0].device
    # --- inputs ---
    src = {}
    for i, r in enumerate(tr.nodes0):
        n = r()
        if n is not None:
            src.setdefault(id(n), ("u", i))
    for i, r in enumerate(tr.gnodes0):
        n = r() if r is not None else None
        if n is not None:
            src.setdefault(id(n), ("g", i))
    for i, a in enumerate(tr.args):
        if isinstance(a, Tensor):
            src.setdefault(id(a._nd), ("a", i))
    gens = tr.gens
    for gi, g in enumerate(gens):
        if g._key is not None:
            src.setdefault(id(g._key), ("k", gi))
    for k, (leaf, _, _, _) in enumerate(tr.host_draws):
        src.setdefault(id(leaf), ("h", k))
    known_arrays = tr.arrays0
    sources = []
    for j, (v, n) in enumerate(zip(p.leaves, p.leaf_nodes)):
        if n is None:
            hit = tr.hp.get(id(v))
            if hit is None:
                return tr._no("its program reads an array it cannot attribute")
            sources.append(("hp", hit[0], hit[1]))
            continue
        s = src.get(id(n))
        if s is None:
            if n.seq < tr.start and not n.constant:
                return tr._no("it reads a tensor that is not module, optimizer or argument "
                              "state it loads by name")
            if id(n.value) in known_arrays:
                return tr._no("it reads state through an alias")
            s = ("c", v)   # made inside the step from Python data: a constant
        if s[0] in ("u", "g", "a"):
            s = s + ((n.shape, n.dtype),)
        sources.append(s)
    e.sources = sources
    e.template = [src[1] if src[0] == "c" else None for src in sources]
    e.state_slots = [(j, ts[src[1]]) + src[2] for j, src in enumerate(sources) if src[0] == "u"]
    e.grad_slots = [(j, ts[src[1]]) + src[2] for j, src in enumerate(sources) if src[0] == "g"]
    e.arg_slots = [(j, src[1]) + src[2] for j, src in enumerate(sources) if src[0] == "a"]
    e.key_slots = [(j, src[1]) for j, src in enumerate(sources) if src[0] == "k"]
    e.host_slots = [(j, src[1]) for j, src in enumerate(sources) if src[0] == "h"]
    e.hyper_slots = [(j, src[1], src[2]) for j, src in enumerate(sources) if src[0] == "hp"]
    e.host_draws = _lazy.random_ops.HostDraws(
        [(host, jdev, g) for _, host, jdev, g in tr.host_draws]) if tr.host_draws else None
    # scalars: RNG offsets, or constants of the function's code
    consts = fn.__code__.co_consts
    arg_scalars = [a for a in tr.args if type(a) in _SCALARS]
    offs = []
    for g, o0 in zip(gens, tr.offsets0):
        o1 = g._offset
        if type(o1) is not int or type(o0) is not int:
            return tr._no("an RNG offset is traced")
        offs.append((o0, (o1 - o0) % _U64))
    e.draws = [d for _, d in offs]
    scalars = []
    fixed_numbers = _scalar_reads(fn, tr.objs) if (p.floats or p.ints or p.bools) else None
    for kind, xs in (("f", p.floats), ("i", p.ints), ("b", p.bools)):
        out = []
        for x in xs:
            where = None
            if kind == "i":
                for gi, (o0, d) in enumerate(offs):
                    k = (x - _signed(o0)) % _U64
                    if k < d:
                        where = ("off", gi, k)
                        break
            if where is None:
                if any(x is c for c in consts) or any(x is c for c in arg_scalars) or \
                        fixed_numbers is None:
                    where = ("c", x)
                else:
                    return tr._no(f"its program reads the Python number {x!r}, and {fixed_numbers}"
                                  " (a number no guard covers)")
            out.append(where)
        scalars.append(out)
    e.floats, e.ints, e.bools = scalars
    e.has_scalars = any(scalars)
    # RNG: offsets advanced, keys or host draws read (the generator list is then checked)
    e.uses_generators = any(e.draws) or e.has_scalars or any(
        src[0] in ("k", "h") for src in sources)
    e.opt_specs = [tr.opt_specs.get(i) for i in range(len(tr.opts))]
    e.hyper_cache = [None] * len(tr.opts)
    # --- outputs ---
    out_of = {id(r): j for j, r in enumerate(p.roots)}
    e.out_meta = [(r.shape, r.dtype) for r in p.roots]
    claimed = set()
    writes = []      # (tensor index, output index, version delta)
    for i, t in enumerate(ts):
        if t._nd is not tr.nodes0[i]():
            j = out_of.get(id(t._nd))
            if j is None:
                return tr._no("it wrote state it did not compute in its program")
            writes.append((i, j, t._vc[0] - tr.vcs0[i]))
            claimed.add(j)
    grads = []       # (tensor index, kind, output index, version delta)
    fresh, inplace = set(), set()
    for i, t in enumerate(ts):
        g0 = tr.grads0[i]() if tr.grads0[i] is not None else None
        g1 = t._grad
        if g1 is g0:
            if g1 is not None and g1._nd is not tr.gnodes0[i]():
                j = out_of.get(id(g1._nd))
                if j is None:
                    return tr._no("it wrote a gradient it did not compute in its program")
                grads.append((i, "inplace", j, g1._vc[0] - tr.gvcs0[i]))
                claimed.add(j)
                inplace.add(id(g1))
        elif g1 is None:
            grads.append((i, "none", None, 0))
        else:
            j = out_of.get(id(g1._nd))
            if j is None or g1._base is not None or g1._rg or id(g1) in fresh or \
                    any(g1 is u for u in ts):
                return tr._no("it left a gradient it cannot replay")
            fresh.add(id(g1))
            grads.append((i, "new", j, 0))
            claimed.add(j)
    e.writes, e.grads = writes, grads

    def out_spec(x):
        if isinstance(x, Tensor):
            for i, u in enumerate(ts):
                if x is u:
                    return ("u", i)
            for i, a in enumerate(tr.args):
                if x is a:
                    return ("a", i)
            j = out_of.get(id(x._nd))
            if j is None or x._base is not None or id(x) in fresh:
                raise _Unreplayable("it returns a tensor it did not compute")
            fn_ = x._nd.grad_fn
            if fn_ is not None and not _graph_freed(fn_):
                raise _Unreplayable("it returns a tensor whose autograd graph is still live")
            fresh.add(id(x))
            claimed.add(j)
            return ("new", j, x._rg, fn_, x._nd.output_nr)
        if type(x) in (tuple, list):
            return (type(x), [out_spec(y) for y in x])
        if type(x) in _SCALARS:
            return ("py", x)
        raise _Unreplayable(f"it returns a {type(x).__name__}")
    try:
        e.result = out_spec(result)
    except _Unreplayable as exc:
        return tr._no(str(exc))
    finally:
        out_spec = None   # (it refers to itself: break the cycle)
    check_outs = []
    e.prechecks = []
    written = {i for i, _, _ in writes}
    for c in tr.checks:
        js = [out_of.get(id(n)) for n in c.nodes()]
        if None in js:
            return tr._no("a value check is not part of its program")
        claimed.update(js)
        pre = _precheck(c, src, written)
        c.reads = None   # (its nodes would keep the traced call's arrays alive)
        if pre is not None:
            e.prechecks.append(pre + [c, js])
        else:
            check_outs.append((c, js))
    e.checks = check_outs
    if len(claimed) != len(p.roots):
        return tr._no("its program computes values held somewhere it cannot follow")
    known = {id(t) for t in ts} | fresh | inplace
    for t in tr.live:
        if id(t) not in known:
            return tr._no("it keeps a computed tensor somewhere it cannot follow")
    donate = executor.donated_slots(p, prog) or ()
    for j in donate:
        if sources[j][0] not in ("u", "g"):
            return tr._no("its program donates an input that is not state")
    # Replays donate every state array the step replaces, whatever held it during the traced
    # call (a first Module call's capture, say): each replay checks that the tensor alone
    # holds it. Stable buffers matter most on GPUs, where XLA's command buffers (CUDA graphs)
    # are re-recorded when an input or output buffer moves.
    # (a gradient only when accumulated in place: a replaced .grad tensor may live on elsewhere)
    replaced = {("u", i) for i, _, _ in writes}
    replaced |= {("g", i) for i, kind, _, _ in grads if kind == "inplace"}
    least = executor.donate_min_bytes(e.device)
    full = set(donate)
    for j, src in enumerate(sources):
        if src[0] in ("u", "g") and src[:2] in replaced:
            shape, dtype = src[2]
            if math.prod(shape) * dtype.itemsize >= least:
                full.add(j)
    full = tuple(sorted(full))
    if full != tuple(donate):
        e.prog = executor.program_variant(p, full)
    e.donated_slots = [(j, ts[sources[j][1]], sources[j][0] == "g") for j in full]
    e.opt_called = [o for o in tr.opts if o.__dict__.get("_opt_called", False)]
    meta = e.out_meta
    e.write_slots = [(ts[i], j, dvc) + meta[j] for i, j, dvc in writes]
    e.grad_none = [ts[i] for i, kind, _, _ in grads if kind == "none"]
    e.grad_new = [(ts[i], j) + meta[j] for i, kind, j, _ in grads if kind == "new"]
    e.grad_inplace = [(ts[i], j, dvc) + meta[j] for i, kind, j, dvc in grads
                      if kind == "inplace"]
    return e


def _precheck(c, src, written):
    """[kernel, sources, error, arrays last checked] when check `c` reads only the step's
    arguments or state it does not write (a loss's target): a replay runs it before the
    program, raising at the call as PyTorch does, and skips it for the arrays it last passed;
    else None (the check stays in the program, read when the step ends)."""
    if c.reads is None:
        return None
    kernel, nodes = c.reads
    at = []
    for n in nodes:
        s = src.get(id(n))
        if s is None or s[0] not in ("u", "a") or (s[0] == "u" and s[1] in written):
            return None
        at.append(s[:2])
    return [kernel, at, c.error, ()]


class _Unreplayable(Exception):
    pass


def _graph_freed(fn):
    """Whether backward freed the graph behind `fn` (some op in it dropped its saved values):
    a second backward through the traced graph then fails as it would through the replayed
    call's own, so the replayed result may share it."""
    seen, stack = set(), [fn]
    while stack:
        f = stack.pop()
        if f is None or id(f) in seen:
            continue
        seen.add(id(f))
        if getattr(f, "freed", False):
            return True
        stack.extend(e[0] for e in getattr(f, "edges", ()) if e is not None)
    return False


