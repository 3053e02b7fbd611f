"""The insights format (``insights.json``): failure modes, the patterns behind them, notes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from golive.results.run_folder import INSIGHTS_JSON, INSIGHTS_MD

__all__ = ["INSIGHTS_JSON", "INSIGHTS_MD", "AnalystNote", "Change", "Insights", "Mode", "Pattern"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Pattern(_Model):
    """Where one failure mode concentrates: a set of features and how strongly."""

    mode: str = Field(description="The failure: a rule id, handoff.<outcome> or error.<kind>.")
    features: list[str] = Field(description="What these episodes share, e.g. tag=bereavement.")
    episodes: int = Field(description="Episodes in the run with these features.")
    failures: int = Field(description="Of those, how many failed this way.")
    rate: float = Field(description="failures / episodes.")
    ci_low: float = Field(description="Wilson 95% interval, lower bound.")
    ci_high: float
    rest_rate: float = Field(description="The same failure's rate in the rest of the run.")
    coverage: float = Field(description="Share of this mode's failures the pattern explains.")
    enough_data: bool = Field(description="False: too few episodes to mean anything.")
    examples: list[str] = Field(description="Episode ids, shortest transcripts first.")
    at_failure: dict[str, float] = Field(
        default_factory=dict,
        description="Share of the failing episodes by emotion, intensity band and turn at failure.",
    )
    same_as: list[str] = Field(
        default_factory=list,
        description="Features that mark exactly the same episodes in this run as one of "
        "``features`` (so they cannot be told apart from it).",
    )
    personas: list[str] = Field(
        default_factory=list,
        description="The personas the failing episodes come from.",
    )

    def describe(self) -> str:
        """One sentence a CX lead can read."""
        pct = round(100 * self.rate)
        where = " and ".join(self.features) or "all episodes"
        text = (
            f"{self.mode} when {where}: {self.failures} of {self.episodes} episodes ({pct}%, "
            f"95% CI {round(100 * self.ci_low)}–{round(100 * self.ci_high)}%) against "
            f"{round(100 * self.rest_rate)}% in the rest of the run"
        )
        if self.same_as:
            text += f" (the same episodes as {', '.join(self.same_as)})"
        if (
            self.personas
            and len(self.personas) <= 2
            and not any(f.startswith("persona=") for f in [*self.features, *self.same_as])
        ):
            # A pattern carried by one or two customers may be about them, not the feature.
            text += f"; all from {' and '.join(self.personas)}"
        return text + ("" if self.enough_data else " — too few episodes to be sure")


class Mode(_Model):
    """One way episodes failed, how often, and the patterns behind it."""

    mode: str
    failures: int
    share_of_failed: float
    patterns: list[Pattern]


class AnalystNote(_Model):
    """What an analyst model read in a pattern's failing transcripts (never changes a score)."""

    mode: str
    features: list[str]
    customers_wanted: str
    why_it_failed: str
    change_kind: str
    change: str
    citations: list[str] = Field(description="episode_id:turn references.")


class Insights(_Model):
    """Everything ``golive insights`` found in one run."""

    run: str
    episodes: int
    failed: int
    modes: list[Mode]
    analyst_notes: list[AnalystNote] = Field(default_factory=list)
    analyst_errors: list[str] = Field(default_factory=list)


class Change(_Model):
    """How one pattern moved between two runs."""

    mode: str
    features: list[str]
    status: str = Field(description="appeared, grew, shrank, vanished or steady.")
    before: float | None
    after: float | None
