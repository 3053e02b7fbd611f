"""``manifest.json``: what produced a run folder, checked again on ``--resume``.

Read and written through ``RunFolder`` (``golive.results.run_folder``).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from golive.results.models import SCHEMA_VERSION

# Fields that must match for --resume to continue a run (the rest may differ).
IDENTITY_FIELDS = ("schema_version", "suite_name", "suite_hash", "agent", "simulator", "seed",
                   "repeats", "max_turns", "scenario_filter", "persona_filter")


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
    mlflow_run_id: str | None = None
    tracking_uri: str | None = None
    gate: dict[str, Any] | None = Field(
        default=None,
        description="The suite's gate: section as it stood when the run started (null: the "
        "suite declared none). The gate decides from this, so editing the suite later does "
        "not change a finished run's verdict. Absent in folders written before golive kept it.",
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
                return f"{name}: folder has {theirs!r}, this run has {mine!r}"
        return None
