"""The tiered executor: materialises pending nodes at a sync point (DESIGN.md idea 3).

At a sync, the live pending tensors' nodes (and recorded value checks) are the outputs. The
pending subgraph behind them is walked once into a plan whose structure key names every kernel,
the wiring between them and the leaves' shapes and dtypes. A key seen `fuse_after` times (more for big graphs) runs as
one cached `jax.jit` program; a new key runs node by node through per-kernel jitted functions,
so one-off code never waits for a whole-graph compile.
"""
import itertools
import math
import sys
import time
import warnings

import numpy as np

from . import gc_freeze, graph
from .graph import Node, stats, compile_log, pending_tensors, pending_checks, config, _signature
from .. import _device


class _Plan:
    __slots__ = ("key", "roots", "leaves", "leaf_nodes", "steps", "outputs", "nodes", "floats",
                 "ints", "bools")


def _plan(roots):
    """Order the pending nodes behind `roots` for replay; leaves become program inputs.

    Nodes are numbered as they are recorded, so sorting the reachable pending nodes by that
    number is a topological order. Leaf slots count up from 0, step slots from _STEP. Python
    scalars are packed by type (one float64, one int64 and one bool array per program call):
    a jitted call with many Python-scalar arguments leaves JAX's fast C++ dispatch path and
    costs about 10 µs per scalar, the packed arrays about 1 µs each."""
    seen = set()
    pending = []
    stack = list(roots)
    pop, extend, add = stack.pop, stack.extend, seen.add
    dev = roots[0].device
    foreign = []
    while stack:
        n = pop()
        if type(n) is not Node or n.value is not None or n in seen:
            continue
        if n.device is not dev:  # pending on another device: its own program runs first
            foreign.append(n)
            continue
        add(n)
        pending.append(n)
        extend(n.inputs)
    if foreign:
        run_nodes(foreign)  # (which may have run some of `roots` too)
        roots = [r for r in roots if r.value is None]
        return _plan(roots) if roots else None
    pending.sort(key=_seq)
    slot = {}
    scalar_slot = {}
    leaves, leaf_nodes, steps, key = [], [], [], []
    floats, ints, bools = [], [], []
    for i, n in enumerate(pending):
        ins = []
        for x in n.inputs:
            tx = type(x)
            if tx is Node:
                j = slot.get(x)
                if j is None:  # a materialised node: a program input
                    j = slot[x] = len(leaves)
                    # a program runs on one device: a value from another (the input of a
                    # .to(device) copy, a 0-d CPU tensor in a GPU op) is copied over first
                    leaves.append(x.value if x.device is dev else _transfer(x.value, dev))
                    leaf_nodes.append(x)
                    key.append(x.shape)
                    key.append(x.dtype)
                ins.append(j)
            elif tx is float or tx is int and -_I64 <= x < _I64 or tx is bool:
                # one slot per Python object: the same number flowing into two nodes (a
                # dropout's RNG offset into its forward and into the vjp that replays it) is
                # one program input, so XLA can see the two computations are the same
                j = scalar_slot.get(id(x))
                if j is None:
                    if tx is float:
                        j = _FLOAT + len(floats)
                        floats.append(x)
                    elif tx is int:
                        j = _INT + len(ints)
                        ints.append(x)
                    else:
                        j = _BOOL + len(bools)
                        bools.append(x)
                    scalar_slot[id(x)] = j
                ins.append(j)
            else:
                ins.append(len(leaves))
                leaves.append(x)
                leaf_nodes.append(None)
                # (a NumPy array and an uncommitted array on the default device, such as
                # constant_array gives, pass alike: one program for both)
                key.append(_ARRAY_KEY.get(tx, tx))
        ins = tuple(ins)
        slot[n] = _STEP + i
        steps.append((n.kernel, ins, _STEP + i))
        key.append(n.kernel)
        key.append(ins)
    roots = _successors_first(roots, leaf_nodes)
    p = _Plan()
    p.roots = roots
    p.leaves, p.leaf_nodes, p.steps, p.nodes = leaves, leaf_nodes, steps, pending
    p.floats, p.ints, p.bools = floats, ints, bools
    p.outputs = tuple([slot[r] for r in roots])
    structure = (tuple(key), p.outputs, dev)
    p.key = _key_ids.get(structure)
    if p.key is None:
        if len(_key_ids) >= 100_000:   # one-off graphs: start over rather than grow without bound
            _key_ids.clear()
            _programs.clear()
            _ready_after.clear()
            _seen.clear()
            _donation_memo.clear()
        p.key = _key_ids[structure] = _next_key_id()
    return p


# A plan's structure (every kernel, the wiring between them, the leaves' shapes and dtypes, the
# outputs, the device) -> a small int, its key in the tables below: the structure, a tuple of
# hundreds of items for a training step, is hashed and compared once per run instead of once
# per table.
_key_ids = {}
_next_key_id = itertools.count().__next__


def _seq(n):
    return n.seq


_ARRAY_KEY = {np.ndarray: "array"}


def _note_array_type():
    import jax.numpy as jnp
    _ARRAY_KEY[type(jnp.zeros(()))] = "array"


def _transfer(array, dev):
    import jax
    return jax.device_put(array, dev)


def _successors_first(roots, leaf_nodes):
    """The outputs, those that replace an input in its Tensor first, in input order.

    jax.jit gives a donated input's buffer to the first output of the same shape and dtype not
    yet paired, in output order. Pairing a parameter with its own new value (not with, say, a
    gradient of the same shape) lets XLA update it in place; a mismatched pairing made XLA copy
    every parameter and optimizer state aside each step."""
    for r in roots:
        if r.prev_id is not None:
            break
    else:
        return roots
    pos = {id(n): j for j, n in enumerate(leaf_nodes) if n is not None}
    succ, rest = [], []
    for r in roots:
        j = pos.get(r.prev_id)
        if j is None:
            rest.append(r)
        else:
            succ.append((j, r))
    if not succ:
        return roots
    succ.sort(key=_first)
    return [r for _, r in succ] + rest


def _first(pair):
    return pair[0]


_STEP = 1 << 40
_FLOAT, _INT, _BOOL = 1 << 37, 2 << 37, 3 << 37
_I64 = 1 << 63


def _scalar_slots(p):
    """slot -> Python scalar, for running a plan op by op."""
    vals = {}
    for base, xs in ((_FLOAT, p.floats), (_INT, p.ints), (_BOOL, p.bools)):
        for i, x in enumerate(xs):
            vals[base + i] = x
    return vals


def _packed_args(p):
    dev = p.roots[0].device
    args = []
    if p.floats:
        args.append(scalar_array(p.floats, np.float64, dev))
    if p.ints:
        args.append(scalar_array(p.ints, np.int64, dev))
    if p.bools:
        args.append(scalar_array(p.bools, np.bool_, dev))
    return args


# Packed Python scalars as arrays already on their device, by value. A jitted call copies a
# NumPy argument to the device on every call (about 25 µs more than an array already there),
# while a loop's numbers (an op's constants, a learning rate) are the same every step. Values
# seen once (an RNG offset that grows every call) go as NumPy arrays: putting them on the
# device first costs more than letting the call copy them (about 45-80 µs right after a
# program ran, when the CPU client's transfer threads have gone to sleep).
_scalar_arrays = {}
_seen_once = {}


def scalar_array(values, np_dtype, device):
    """The list of Python scalars `values` as a 1-d `np_dtype` array: on jax device `device`
    once these values were seen before, else (on the default device) a NumPy array for the
    call to copy. Arrays on the default device are uncommitted, as a NumPy argument is, so
    that a program is compiled once for both."""
    if np_dtype is np.float64 and 0.0 in values:   # (-0.0 == 0.0: keyed by their bits)
        return constant_array(np.array(values, np_dtype), device)
    key = (tuple(values), np_dtype, device)
    a = _scalar_arrays.get(key)
    if a is None:
        a = _cached(key, np.array(values, np_dtype), device)
    return a


def constant_array(a, device):
    """NumPy array `a` as a program argument, by value as scalar_array does: on `device` once
    its bytes were seen before, else `a` itself (an optimizer's hyperparameter rows)."""
    key = (a.tobytes(), a.shape, a.dtype, device)
    v = _scalar_arrays.get(key)
    return _cached(key, a, device) if v is None else v


def _cached(key, a, device):
    default = device is _default_device()
    if default and key not in _seen_once:
        if len(_seen_once) >= 4096:
            _seen_once.clear()   # numbers that change every call (RNG offsets)
        _seen_once[key] = True
        return a
    a = _device.put(a, device, committed=not default)
    if len(_ARRAY_KEY) == 1:
        _note_array_type()
    if len(_scalar_arrays) >= 4096:
        _scalar_arrays.clear()
    _scalar_arrays[key] = a
    return a


_programs = {}
_seen = {}


# Compile-cost model, measured on CPU (jax 0.10): compiling one per-op kernel costs about as
# much as the fixed cost of compiling a whole program (~40-70 ms), and each op adds ~2 ms to a
# whole program's compile. So a new graph with several never-compiled kernels is compiled whole
# at once; a graph whose kernels are all compiled already runs op by op until it repeats.
KERNEL_COMPILE = 1.0
PROGRAM_COMPILE = 1.0
PER_OP_COMPILE = 0.03


MAX_FIRST_SIGHT_OPS = 200
# A big graph must repeat more often before it is compiled whole (its compile costs ~2 ms per
# op, a few seconds at 1000+ ops): one more repeat per this many ops.
FUSE_EXTRA_REPEATS_PER = 100  # a bigger new graph runs op by op until it repeats


def _whole_is_cheaper(p):
    if len(p.steps) > MAX_FIRST_SIGHT_OPS or _varies_by_position(p):
        return False
    new = set()
    for (k, _, _), n in zip(p.steps, p.nodes):
        if k.shared is not None:   # (its program is shared with kernels compiled before)
            continue
        sig = _signature(n.inputs)
        if sig not in k.compiled:
            new.add((k, sig))  # one compile per distinct kernel signature
    return PROGRAM_COMPILE + PER_OP_COMPILE * len(p.steps) < KERNEL_COMPILE * len(new)


# Plans that differ only in the positions their index reads take (a DataLoader batch of
# `dataset[i]` rows) -> how often seen: such a plan rarely repeats as a whole, so from its
# second variant on it runs op by op, where each kernel compiles once for every position.
_position_variants = {}


def _varies_by_position(p):
    """Whether a plan of the same structure but other read positions was seen before."""
    steps = p.steps
    for k, _, _ in steps:
        if k.shared is not None:
            break
    else:
        return False
    shape = (tuple([(k.fn if k.shared is not None else k, ins) for k, ins, _ in steps]),
             tuple([n.shape for n in p.leaf_nodes if n is not None]), p.outputs)
    seen = _position_variants.get(shape, 0)
    if len(_position_variants) >= 4096:
        _position_variants.clear()
    _position_variants[shape] = seen + 1
    return seen > 0


# Donation (DESIGN.md idea 3): a program input array that nothing outside the pending graph
# still refers to -- a parameter, gradient or optimizer state the step overwrites -- is donated
# to the program, so XLA can write its outputs into that memory instead of allocating. On the
# CPU, arrays smaller than this are not worth it. On a GPU every one is: XLA runs a program as
# a CUDA graph and re-records it whenever an input or output buffer moves, and a donated
# buffer stays where it is from step to step.
DONATE_MIN_BYTES = 1 << 12
_getrefcount = sys.getrefcount
_prod = math.prod


def donate_min_bytes(device):
    """The smallest array worth donating on `device` (a jax.Device)."""
    return DONATE_MIN_BYTES if device.platform == "cpu" else 0


def _uses(nodes):
    """How many times each Node is an input of `nodes` (a function of its own, so that no
    loop variable of the caller keeps a reference that would spoil the counts)."""
    uses = {}
    for n in nodes:
        for x in n.inputs:
            if type(x) is Node:
                uses[x] = uses.get(x, 0) + 1
    return uses


def _donation(p, roots):
    """The leaf slots whose arrays can be donated to the program running plan `p`.

    A leaf is donated when its array is held only by its leaf Node, the Node only by pending
    nodes of this plan, and no plan node that outlives the run (one that stays pending because
    something outside the plan, such as a retained autograd graph, holds it) can reach it --
    such a node would need the array again when it is recomputed. Reference counts are exact
    in CPython, so the test is precise: whatever else holds the array or its Node (a Tensor, a
    saved value, a user's variable) keeps it."""
    leaves, leaf_nodes = p.leaves, p.leaf_nodes
    least = donate_min_bytes(roots[0].device)
    # the array's references: its Node's value, p.leaves, the call's argument
    # (a tuple node's value -- a multi-output op run by an earlier flush -- is never donated)
    big = [j for j, n in enumerate(leaf_nodes) if n is not None and n.shape is not None and
           _getrefcount(leaves[j]) == 3 and _prod(n.shape) * n.dtype.itemsize >= least]
    if not big:
        return ()
    uses = _uses(p.nodes)
    # the Node's references: its uses by plan nodes, p.leaf_nodes, the `uses` key, the argument
    candidates = {id(leaf_nodes[j]): j for j in big
                  if _getrefcount(leaf_nodes[j]) == uses[leaf_nodes[j]] + 3}
    if not candidates:
        return ()
    # plan nodes that stay pending after the run because something else holds them; the
    # references a plan node has: its uses, p.nodes, the `uses` key, the loop variable, the
    # argument
    root_ids = {id(r) for r in roots}
    stack = [n for n in p.nodes if id(n) not in root_ids and
             _getrefcount(n) != uses.get(n, 0) + 3 + (n in uses)]
    seen = set()
    while stack and candidates:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        for x in n.inputs:
            if type(x) is Node:
                if x.value is not None:
                    candidates.pop(id(x), None)
                elif id(x) not in root_ids:
                    stack.append(x)
    return tuple(sorted(candidates.values()))


def _program(p, why, donate=()):
    import jax
    from jax._src.lax.lax import _convert_element_type
    steps, outputs = p.steps, p.outputs
    n_leaves = len(p.leaves)
    packs = [(base, len(xs), weak) for base, xs, weak in ((_FLOAT, p.floats, True),
                                                          (_INT, p.ints, True),
                                                          (_BOOL, p.bools, False)) if xs]

    def program(*args):
        vals = dict(enumerate(args[:n_leaves]))
        for (base, count, weak), packed in zip(packs, args[n_leaves:]):
            for i in range(count):  # Python scalars stay weakly typed, as jit would make them
                vals[base + i] = _convert_element_type(packed[i], weak_type=weak)
        for k, ins, s in steps:
            vals[s] = k(*[vals[i] for i in ins])
        return [vals[o] for o in outputs]

    names = sorted({k.name for k, _, _ in steps})
    compile_log.append(f"program #{stats['programs'] + 1}: {len(steps)} ops "
                       f"({', '.join(names[:8])}{', ...' if len(names) > 8 else ''}): {why}")
    stats["programs"] += 1
    return jax.jit(program, donate_argnums=donate)


def run_nodes(roots):
    """Materialise `roots` (Nodes); returns nothing, sets each node's value."""
    roots = [r for r in roots if r.value is None]
    if not roots:
        return
    devices = {r.device for r in roots}
    if len(devices) > 1:
        for d in devices:
            run_nodes([r for r in roots if r.device is d])
        return
    dev = roots[0].device
    if dev is _default_device():
        _run(roots)
    else:
        import jax
        with jax.default_device(dev):  # places kernels that have no array inputs (factories)
            _run(roots)


_default = []


def _default_device():
    if not _default:
        import jax
        _default.append(jax.devices()[0])
    return _default[0]


def _run(roots):
    p = _plan(roots)
    if p is None:
        return
    roots = p.roots
    prog = _programs.get(p.key)
    new = prog is None
    if prog is not None:
        prog = _donating(prog, p, roots)
    else:
        count = _seen[p.key] = _seen.get(p.key, 0) + 1
        if config["eager"] or len(p.steps) == 1:
            pass  # debug mode, or a single op: its per-op kernel is already the program
        elif config["compiled_fn"]:
            prog = _new_program(p, roots, "a jtorch.compile'd function")
        elif count >= config["fuse_after"] + len(p.steps) // FUSE_EXTRA_REPEATS_PER:
            prog = _new_program(p, roots, f"repeated {count} times")
        elif _whole_is_cheaper(p):
            prog = _new_program(p, roots, "cheaper than compiling its new kernels")
    if prog is not None:
        if run_hook is not None:
            run_hook(p, prog)
        results = prog(*p.leaves, *_packed_args(p))
        _last_run[0], _last_run[1] = prog, _clock()
        stats["fused_runs"] += 1
        if graph.prefetch_queue:   # while XLA computes: the next call's dropout masks
            queue = list({id(d): d for d in graph.prefetch_queue}.values())
            graph.prefetch_queue.clear()
            if config["prefetch_draws"]:
                for draws in queue:
                    draws.prefetch()
        for r, v in zip(roots, results):
            r.value = v
        retired.append(p.leaves)
        if new:
            gc_freeze.freeze()  # the compile grew JAX's caches: keep them out of full GCs
    else:
        if run_hook is not None:
            run_hook(p, None)
        stats["op_by_op_runs"] += 1
        graph.prefetch_queue.clear()   # (nothing computes meanwhile: no draws ahead)
        vals = _scalar_slots(p)
        vals.update(enumerate(p.leaves))
        compiled = 0
        for (k, ins, s), n in zip(p.steps, p.nodes):
            v = vals[s] = k.run(*[vals[i] for i in ins])
            n.value = v
            if k.shared is not None:   # (nothing compiled for this kernel of its own)
                continue
            seen = k.compiled
            size = len(seen)
            seen.add(_signature(n.inputs))
            compiled += len(seen) - size
        if compiled:
            gc_freeze.freeze()
    for n in p.nodes:
        if n.value is not None and not n.keep:
            n.inputs = ()  # materialised: free the graph behind it


# Called with (plan, program or None) before each run while a compiled function is traced for
# replay (compiler/_replay.py); None otherwise.
run_hook = None


def donated_slots(p, prog):
    """The leaf slots `prog` (a compiled variant of plan `p`) donates."""
    for donate, variant in _programs.get(p.key, {}).items():
        if variant is prog:
            return donate
    return None


def program_variant(p, donate, why=None):
    """The compiled variant of plan `p` that donates the leaf slots `donate` (compiled once)."""
    variants = _programs.setdefault(p.key, {})
    prog = variants.get(donate)
    if prog is None:
        prog = variants[donate] = _program(p, why or f"donating {len(donate)} inputs", donate)
    return prog


def _new_program(p, roots, why):
    donate = _donation(p, roots)
    prog = _program(p, why + (f", {len(donate)} inputs donated" if donate else ""), donate)
    _programs[p.key] = {donate: prog}
    return prog


def _refcounts(p, nodes_at):
    """The reference counts `_donation` decides from: of the Node leaves' arrays and Nodes, and
    of the plan's nodes. Taken here, in one fixed context, so equal tuples mean equal counts."""
    rc, leaves, leaf_nodes = _getrefcount, p.leaves, p.leaf_nodes
    return (tuple([rc(leaves[j]) for j in nodes_at]), tuple([rc(leaf_nodes[j]) for j in nodes_at]),
            tuple(map(rc, p.nodes)))


# plan key -> (leaf slots holding Nodes, reference counts, donated slots) of its last run: a
# training step repeats the same counts, so the donation walk runs only when they change
_donation_memo = {}


def _donating(variants, p, roots):
    """The compiled variant of a plan for the inputs donatable this time (usually the same
    every step of a loop; a new set compiles one more variant).

    `_donation` is a function of the plan's structure (its key) and reference counts only, so
    when this key's counts equal those of its last run, its last answer stands."""
    memo = _donation_memo.get(p.key)
    if memo is not None:
        nodes_at, counts, donate = memo
        if _refcounts(p, nodes_at) != counts:
            donate = _donation(p, roots)
            _donation_memo[p.key] = (nodes_at, _refcounts(p, nodes_at), donate)
    else:
        donate = _donation(p, roots)
        nodes_at = [j for j, n in enumerate(p.leaf_nodes) if n is not None]
        _donation_memo[p.key] = (nodes_at, _refcounts(p, nodes_at), donate)
    prog = variants.get(donate)
    if prog is None:
        prog = program_variant(
            p, donate, f"donating {len(donate)} inputs instead of {len(next(iter(variants)))}")
    return prog


# XLA warns when a donated buffer has no output of its shape to reuse; it is still freed early.
warnings.filterwarnings("ignore", message="Some donated buffers were not usable")


def end_of_iteration():
    """optimizer.step()'s sync point: the end of a training iteration, unless a compiled
    function is running (jtorch.compile), whose own end is the sync."""
    if not config["compiled_fn"]:
        sync(defer=True)


# The input arrays of the last program run, kept until the next sync point. Freeing them right
# after the dispatch (old parameters, gradients, the plan's nodes) is Python work on a core that
# XLA's threads are computing on; at the next sync point the cores are usually idle. This moved
# about 40 µs of thread time off the busy part of a 2-core MLP step.
retired = []


def sync(*tensors, defer=False):
    """A sync point: materialise every live pending tensor and raise failed value checks.

    With `defer` (the end of a training step), the checks of a program running on a GPU are
    read at the next sync point or value read instead of waiting for the program now: as in
    PyTorch, where a CUDA device-side assert surfaces at a later call."""
    if deferred_checks:
        check_deferred()
    retired.clear()
    stats["syncs"] += 1
    if graph.capture_break is not None:
        graph.note_capture_break("it reads a tensor's value (.item(), print, bool(), "
                                 "a data-dependent shape)")
    roots = []
    for ref in pending_tensors:
        t = ref()
        if t is not None:
            n = t._nd
            if n.value is None:
                roots.append(n)
    pending_tensors.clear()
    for t in tensors:
        n = t._nd
        if n.value is None:
            roots.append(n)
    checks = list(pending_checks)
    pending_checks.clear()
    for c in checks:
        roots.extend(c.nodes())
    seen = set()
    roots = [r for r in roots if not (id(r) in seen or seen.add(id(r)))]
    run_nodes(roots)
    for c in checks:
        settle(c, defer)


# Value checks of programs on an accelerator whose results are on their way to the host
deferred_checks = []


def settle(c, defer):
    """Raise check `c`'s error if it failed; with `defer`, a check computed on a GPU is only
    queued (its result copied to the host in the background) for check_deferred()."""
    dev = c.node.device
    if defer and dev is not _device.cpu_device() and _device.from_jax(dev).type != "cpu":
        for n in c.nodes():
            for v in (n.value if type(n.value) is tuple else (n.value,)):
                v.copy_to_host_async()
        deferred_checks.append(c)
    else:
        raise_if_failed(c)


def check_deferred():
    """Raise the first failed deferred check (the next sync point or value read calls this)."""
    checks = deferred_checks[:]
    deferred_checks.clear()
    for c in checks:
        raise_if_failed(c)


def raise_if_failed(c):
    """Raise the check's error if it failed: as PyTorch words it when raised at the call (no
    site), with the op and the user's line that recorded it when raised at a sync point."""
    ok, detail = c.values()
    if not host(ok):
        exc_type, message = c.error(detail)
        if c.site is None:
            raise exc_type(message)
        raise exc_type(f"{message} (recorded by {c.name} at {c.site})")


def cpu_arrays(nodes):
    """The values of `nodes` when all are computed on the CPU and ready, else None: a check on
    them can run at the call without waiting for a program."""
    arrays = []
    cpu = _device.cpu_device()
    for n in nodes:
        v = n.value
        if v is None or n.device is not cpu or not v.is_ready():
            return None
        arrays.append(v)
    return arrays


def check_now(kernel, arrays, passed, error):
    """Run a value check's `kernel` on computed `arrays` and raise its error as PyTorch words
    it at the call; `passed`, the arrays it was last run on, skips a repeat (the same batch).
    Returns the arrays to remember."""
    if len(passed) == len(arrays) and all(a is b for a, b in zip(arrays, passed)):
        return passed
    ok, detail = kernel.run(*arrays)
    if not host(ok):
        exc_type, message = error(detail)
        raise exc_type(message)
    return arrays


# ---- reading a value on the host ------------------------------------------------------------
# Blocking on a result that XLA:CPU computes on a worker thread costs a thread wake-up when it
# completes (about 90 µs on a 2-core VM, more than a small program's whole run). Polling
# `is_ready()` instead returns as soon as the result exists; it is done only for programs that
# finished within SPIN_S last time (a long program's cores are better left to XLA).
SPIN_S = 250e-6
_clock = time.perf_counter
_last_run = [None, 0.0]    # the last program dispatched, and when
_ready_after = {}          # program -> seconds from its dispatch to its result, last seen


def host(a):
    """The value of jax array `a` as a NumPy array (waits for it; see SPIN_S)."""
    if not a.is_ready():
        prog, start = _last_run
        took = _ready_after.get(prog)
        if took is None or took < SPIN_S:
            end = _clock() + SPIN_S
            while not a.is_ready() and _clock() < end:
                pass
        a.block_until_ready()
        if prog is not None:
            if len(_ready_after) >= 4096:
                _ready_after.clear()
            _ready_after[prog] = _clock() - start
    return np.asarray(a)
