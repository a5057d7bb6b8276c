"""Corrections to a SpatialGraph, applied as a list of operations (pure Python, no Django).

graph, changes = apply_operations(graph, [{"op": "set_scale", "text": "1:50"}, ...])

The input graph is never modified; the result is a new graph plus one sentence per
operation saying what changed. A bad operation raises InvalidOperation naming it.
"""

from .apply import MAX_OPERATIONS, OPERATIONS, InvalidOperation, apply_operations

__all__ = ["MAX_OPERATIONS", "OPERATIONS", "InvalidOperation", "apply_operations"]
