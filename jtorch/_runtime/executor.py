"""The tiered executor: materialises pending nodes at a sync point (DESIGN.md idea 3).

At a sync, the live pending tensors' nodes (and recorded value checks) are the outputs. The
pending subgraph behind them is walked once into a plan whose structure key names every kernel,
the wiring between them and the leaves' shapes and dtypes. A key seen `fuse_after` times runs as
one cached `jax.jit` program; a new key runs node by node through per-kernel jitted functions,
so one-off code never waits for a whole-graph compile.
"""
from .graph import Node, stats, compile_log, pending_tensors, pending_checks, config


class _Plan:
    __slots__ = ("key", "leaves", "steps", "outputs", "nodes")


def _plan(roots):
    """Topologically order the pending nodes behind `roots`; leaves become program inputs."""
    slot = {}
    leaves, steps, key, nodes = [], [], [], []
    stack = [(r, False) for r in reversed(roots)]
    while stack:
        n, expanded = stack.pop()
        if id(n) in slot:
            continue
        if expanded:
            ins = []
            for x in n.inputs:
                if type(x) is Node:
                    ins.append(slot[id(x)])
                else:
                    ins.append(len(leaves))
                    leaves.append(x)
                    key.append(("s", type(x)))
            s = len(leaves) + len(steps) + 1_000_000  # distinguished from leaf slots below
            slot[id(n)] = s
            steps.append((n.kernel, tuple(ins), s))
            nodes.append(n)
            key.append((id(n.kernel), tuple(ins)))
            continue
        if n.value is not None:
            slot[id(n)] = len(leaves)
            leaves.append(n.value)
            key.append(("l", n.shape, n.dtype))
            continue
        stack.append((n, True))
        for x in reversed(n.inputs):
            if type(x) is Node and id(x) not in slot:
                stack.append((x, False))
    p = _Plan()
    p.leaves, p.steps, p.nodes = leaves, steps, nodes
    p.outputs = tuple(slot[id(r)] for r in roots)
    p.key = (tuple(key), p.outputs, roots[0].device)
    return p


def _replay(steps, outputs, leaves, run):
    vals = dict(enumerate(leaves))
    for k, ins, s in steps:
        vals[s] = run(k, [vals[i] for i in ins])
    return [vals[o] for o in outputs]


_programs = {}
_seen = {}


def _program(p):
    import jax
    steps, outputs = p.steps, p.outputs

    def program(*leaves):
        return _replay(steps, outputs, leaves, lambda k, a: k(*a))

    names = sorted({k.name for k, _, _ in steps})
    compile_log.append(f"program #{stats['programs'] + 1}: {len(steps)} ops "
                       f"({', '.join(names[:8])}{', ...' if len(names) > 8 else ''}) "
                       f"repeated {config['fuse_after']} times")
    stats["programs"] += 1
    return jax.jit(program)


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
    import jax
    with jax.default_device(roots[0].device):
        _run(roots)


def _run(roots):
    p = _plan(roots)
    prog = _programs.get(p.key)
    if prog is None:
        count = _seen.get(p.key, 0) + 1
        _seen[p.key] = count
        if count >= config["fuse_after"]:
            prog = _programs[p.key] = _program(p)
    if prog is not None:
        results = prog(*p.leaves)
        stats["fused_runs"] += 1
        for r, v in zip(roots, results):
            r.value = v
    else:
        stats["op_by_op_runs"] += 1
        vals = dict(enumerate(p.leaves))
        for (k, ins, s), n in zip(p.steps, p.nodes):
            v = vals[s] = k.run(*[vals[i] for i in ins])
            n.value = v
    for n in p.nodes:
        if n.value is not None and not n.keep:
            n.inputs = ()  # materialised: free the graph behind it


def sync(*tensors):
    """A sync point: materialise every live pending tensor and raise failed value checks."""
    stats["syncs"] += 1
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
    roots.extend(c.node for c in checks)
    seen = set()
    roots = [r for r in roots if not (id(r) in seen or seen.add(id(r)))]
    run_nodes(roots)
    for c in checks:
        raise_if_failed(c)


def raise_if_failed(c):
    ok, detail = c.node.value
    if not bool(ok):
        exc_type, message = c.error(detail)
        raise exc_type(f"{message} (recorded by {c.node.kernel.name} at {c.site})")
