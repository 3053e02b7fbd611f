"""``manifest.json``: what produced a run folder, checked again on ``--resume``.

Read and written through ``RunFolder`` (``golive.results.run_folder``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from golive.results.models import SCHEMA_VERSION

# Fields that must match for --resume to continue a run (the rest may differ).
IDENTITY_FIELDS = ("schema_version", "suite_name", "suite_hash", "agent", "agent_fingerprint",
                   "simulator", "seed", "repeats", "max_turns", "scenario_filter", "persona_filter",
                   "clock")


class Manifest(BaseModel):
    """What a run folder holds and what produced it."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    suite_name: str
    suite_source: str
    suite_hash: str
    agent: str
    simulator: str
    seed: int
    repeats: int
    max_turns: int
    scenario_filter: str = "*"
    persona_filter: str = "*"
    episodes: int
    golive_version: str
    versions: dict[str, str] = Field(default_factory=dict)
    simulator_provenance: dict[str, str] = Field(
        default_factory=dict,
        description="What wrote the customers: simulator, model, prompt or phrase hash, "
        "golive version, and a content hash per scenario and persona.",
    )
    agent_fingerprint: str = Field(
        default="",
        description="The agent's code (SHA-256 of a Python agent's module file) or endpoint "
        "(URL without credentials, model): --resume refuses a changed bot.",
    )
    suite_parts: dict[str, str] = Field(
        default_factory=dict,
        description="A short hash per suite field and per scenario and persona field, so a "
        "refused --resume names what changed.",
    )
    mlflow_run_id: str | None = None
    tracking_uri: str | None = None
    gate: dict[str, Any] | None = Field(
        default=None,
        description="The suite's gate: section as it stood when the run started (null: the "
        "suite declared none). The gate decides from this, so editing the suite later does "
        "not change a finished run's verdict. Absent in folders written before golive kept it.",
    )
    origin: dict[str, Any] = Field(
        default_factory=dict,
        description="How the episodes came when they were not played here: empty for a "
        "`golive run`; `golive rescore` names the folder it re-scored and the rules added; "
        "`golive score` names the log files, their formats and the masking applied.",
    )
    clock: str = Field(
        default="simulated",
        description="The conversation clock: simulated (service levels from the suite; "
        "results byte-identical across reruns) or measured (--clock measured: agent "
        "response times are wall-clock latencies).",
    )
    reproducible: bool = Field(
        default=True,
        description="Whether a rerun with the same inputs (and a warm LLM cache) gives "
        "byte-identical results.jsonl; false under --clock measured.",
    )
    stopped: str | None = Field(
        default=None,
        description="Why the run stopped scheduling episodes early (--max-cost), or null. "
        "Kept here so every rebuild of summary.md says so.",
    )

    def mismatch(self, other: Manifest) -> str | None:
        """The first identity field that differs from ``other``, described, or None."""
        for name in IDENTITY_FIELDS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine != theirs:
                changed = self._suite_change(other) if name == "suite_hash" else ""
                return f"{name}: folder has {theirs!r}, this run has {mine!r}{changed}"
        return None

    def _suite_change(self, other: Manifest) -> str:
        """Which suite, scenario or persona fields differ, from the per-part hashes."""
        if not self.suite_parts or not other.suite_parts:
            return ""
        keys = sorted(set(self.suite_parts) | set(other.suite_parts))
        changed = []
        for key in keys:
            mine, theirs = self.suite_parts.get(key), other.suite_parts.get(key)
            if mine == theirs:
                continue
            state = "added" if theirs is None else "removed" if mine is None else "changed"
            changed.append(f"{_describe_part(key)} {state}")
        if not changed:
            return ""
        more = f" (and {len(changed) - 3} more)" if len(changed) > 3 else ""
        return "; the suite changed: " + ", ".join(changed[:3]) + more


def _describe_part(key: str) -> str:
    """``scenario:order-status:customer`` -> ``scenario 'order-status' field 'customer'``."""
    kind, _, rest = key.partition(":")
    if kind == "suite":
        return f"suite field {rest!r}"
    item, _, field = rest.rpartition(":")
    return f"{kind} {item!r} field {field!r}" if item else f"{kind} {rest!r}"
