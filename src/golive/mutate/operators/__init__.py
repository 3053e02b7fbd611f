"""The built-in mutation operators (registry kind ``mutation``), one small class each.

Importing this package registers them; ``golive.registry.kind("mutation")`` imports it on
first read. A team adds its own in Python (a class with ``name`` and ``mutate``, registered
with ``golive.registry.MUTATION.register``) or in YAML (``golive.mutate.yaml_operators``).
"""

from __future__ import annotations

from golive.mutate.operators import facts, handoff, identity, words
from golive.mutate.operators.base import MutationOperator

__all__ = ["MutationOperator", "facts", "handoff", "identity", "words"]
