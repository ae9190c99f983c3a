"""The runtime layer: deferred graph, tiered executor, sync points (DESIGN.md idea 3)."""
from .graph import Node, Kernel, kernel, leaf, infer, track, stats, compile_log, config, user_site
from .executor import sync, run_nodes
