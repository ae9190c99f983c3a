"""Imports every op family so each registers itself (jtorch/_ops/*)."""
from ._ops import reduction, movement, linalg, random_ops  # noqa: F401
