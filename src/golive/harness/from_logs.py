"""``golive suite from-logs LOGS``: a suite that replays what real customers brought.

Offline and deterministic: every logged conversation is read (``golive.harness.logged``),
scored by the run's evaluators, and put in a cluster keyed by

- **intent**: the first support intent (``INTENTS``, in order) the customer's first message
  names (cancel, refund, billing, delivery, order, account, complaint, person), else ``other``;
- **outcome**: the rule of the worst finding the conversation drew (critical before major
  before minor, then the rule most common in the cluster), or ``passes``.

Each cluster becomes a scenario (the customers' real openings, what they knew, whether they
asked for a person, and, when ``--suite``/``--scenario``/``--policy`` says what the business
allows, that scenario's policy, handoff expectation, tools and fixtures) and a persona (start
emotion and intensity, patience, when they asked for a person, verbosity, politeness), all
written as YAML that ``golive validate`` accepts and ``golive run`` plays. ``clusters.md``
lists the failing clusters first, each with the conversations it came from.

Example:
    >>> intent_of("Hi, I was charged twice for my order, I want a refund")
    'refund'
"""

from __future__ import annotations

import json
import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from golive.errors import InputError
from golive.harness.logged import (
    LogScope,
    episode_of,
    no_policy_scenario,
    pick_scenario,
    scope_scenarios,
)
from golive.harness.scoring import Stored, score_stored
from golive.logs import LoggedConversation, read_logs
from golive.results.models import (
    CustomerEventKind,
    EpisodeResult,
    Severity,
    Speaker,
)
from golive.scenarios.models import Scenario

__all__ = ["INTENTS", "Cluster", "SuiteFromLogs", "build_suite", "intent_of"]

#: Support intents, the first that matches a customer's opening wins.
INTENTS: tuple[tuple[str, str], ...] = (
    ("cancel", r"\bcancel|\bclose (my|his|her|the) account|\bterminat"),
    ("refund", r"\brefund|money back|reimburs|charged twice|billed twice|double charge"),
    ("billing", r"\bbill|\binvoice|\bcharge|\bpayment|\boverchar"),
    ("delivery", r"\btrack|\bwhere is|\bparcel|\bdeliver|\bshipp|\barriv"),
    ("order", r"\border"),
    ("account", r"\bpassword|\blog ?in\b|\baccount|\baddress|\bemail"),
    ("complaint", r"\bcomplain|\bbroken|\bdamaged|\bfaulty|\bcrack"),
    ("person", r"\bperson\b|\bhuman\b|\bsomeone\b|\bagent\b"),
)
_SEVERITY = {Severity.CRITICAL: 0, Severity.MAJOR: 1, Severity.MINOR: 2}
OPENINGS = 5  # real openings kept per scenario
LISTED = 20  # conversation ids listed per cluster in clusters.md (all are in clusters.json)


def intent_of(text: str) -> str:
    """The support intent a customer message names first (see ``INTENTS``), or ``other``."""
    lowered = text.lower()
    for name, pattern in INTENTS:
        if re.search(pattern, lowered):
            return name
    return "other"


@dataclass
class Cluster:
    """Logged conversations with one intent and one outcome."""

    intent: str
    outcome: str
    members: list[tuple[LoggedConversation, EpisodeResult, Scenario | None]] = field(
        default_factory=list
    )

    @property
    def id(self) -> str:
        """The scenario id it becomes."""
        return re.sub(r"[^a-z0-9_.-]+", "-", f"{self.intent}-{self.outcome}".lower()).strip("-")

    @property
    def failing(self) -> bool:
        """Whether its conversations drew a finding."""
        return self.outcome != "passes"

    def severity(self) -> int:
        """0 critical, 1 major, 2 minor, 3 passing (for ordering)."""
        worst = [
            min((_SEVERITY[f.severity] for f in r.findings), default=3) for _, r, _ in self.members
        ]
        return min(worst, default=3)


@dataclass(frozen=True)
class SuiteFromLogs:
    """What ``build_suite`` wrote."""

    folder: Path
    suite: Path
    clusters: list[Cluster]


def build_suite(
    sources: Sequence[str],
    out: Path,
    *,
    fmt: str | None = None,
    scope: LogScope | None = None,
    name: str = "from-logs",
) -> SuiteFromLogs:
    """Cluster the logged conversations and write a suite that replays them.

    Raises:
        InputError: bad logs (file, line, field), no conversations, or a folder that holds
            files already (never overwritten).
    """
    scope = scope or LogScope()
    scenarios = scope_scenarios(scope)
    if out.exists() and any(out.iterdir()):
        raise InputError(
            f"{out} already holds files",
            field="--out",
            hint="name a new folder: a suite is never written over another",
        )
    clusters: dict[tuple[str, str], Cluster] = {}
    scored = []
    for conversation in read_logs(sources, fmt):
        base = pick_scenario(conversation, scenarios)
        result = score_stored(Stored(episode_of(conversation, base), base or no_policy_scenario()))
        scored.append((conversation, result, base))
    if not scored:
        raise InputError(f"no conversations in {', '.join(sources)}", field="LOGS")
    common = Counter(f.rule_id for _, r, _ in scored for f in r.findings)
    for conversation, result, base in scored:
        opening = next((m.text for m in conversation.messages if m.role == "user"), "")
        key = (intent_of(opening), _outcome(result, common))
        clusters.setdefault(key, Cluster(*key)).members.append((conversation, result, base))
    ordered = sorted(
        clusters.values(), key=lambda c: (not c.failing, c.severity(), -len(c.members), c.id)
    )
    suite = _write(out, name, ordered, scope)
    from golive.harness.suite import load_suite

    load_suite(suite)  # what was written validates, or this is golive's bug: fail loudly
    return SuiteFromLogs(out, suite, ordered)


def _outcome(result: EpisodeResult, common: Counter[str]) -> str:
    if not result.findings:
        return "passes"
    worst = min(
        result.findings, key=lambda f: (_SEVERITY[f.severity], -common[f.rule_id], f.rule_id)
    )
    return worst.rule_id


def _write(out: Path, name: str, clusters: list[Cluster], scope: LogScope) -> Path:
    (out / "scenarios").mkdir(parents=True, exist_ok=True)
    (out / "personas").mkdir(exist_ok=True)
    longest = 1
    for cluster in clusters:
        scenario, persona = scenario_of(cluster), persona_of(cluster)
        _dump(out / "scenarios" / f"{cluster.id}.yaml", scenario)
        _dump(out / "personas" / f"{cluster.id}-customer.yaml", persona)
        longest = max(longest, *(_customer_turns(r) for _, r, _ in cluster.members))
    suite = {
        "kind": "suite",
        "name": name,
        "description": f"Built by `golive suite from-logs` from {sum(len(c.members) for c in clusters)} "
        f"logged conversations in {len(clusters)} clusters (judged against "
        f"{scope.describe()}); failing clusters first in clusters.md.",
        "seed": 0,
        "scenarios": ["scenarios/*.yaml"],
        "personas": ["personas/*.yaml"],
        "repeats": 1,
        "max_turns": min(100, max(8, longest + 2)),
        "simulator": "scripted",
    }
    path = out / "suite.yaml"
    _dump(path, suite)
    (out / "clusters.md").write_text(clusters_markdown(clusters), encoding="utf-8")
    (out / "clusters.json").write_text(
        json.dumps([_cluster_json(c) for c in clusters], indent=2, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    return path


def scenario_of(cluster: Cluster) -> dict[str, Any]:
    """The cluster as a scenario (YAML data): real openings, the business's side if known."""
    bases = Counter(b.id for _, _, b in cluster.members if b is not None)
    base = (
        next(
            (
                b
                for _, _, b in cluster.members
                if b is not None and b.id == min(bases, key=lambda k: (-bases[k], k))
            ),
            None,
        )
        if bases
        else None
    )
    data: dict[str, Any] = {}
    if base is not None:
        data = base.model_dump(mode="json", exclude_defaults=True)
        data.pop("id", None)
    openings = _openings(cluster)
    asked = sum(_asked(r) for _, r, _ in cluster.members) * 2 >= len(cluster.members)
    customer = dict(data.get("customer", {}))
    customer.update(
        {
            "goal": customer.get("goal") or f"{cluster.intent} (as the logged customers asked)",
            "opening": openings,
            "asks_for_human": asked,
        }
    )
    ids = [c.id for c, _, _ in cluster.members]
    data.pop("kind", None)
    return {
        "kind": "scenario",
        "id": cluster.id,
        "title": f"{cluster.intent}: {cluster.outcome} ({len(ids)} logged conversations)",
        "description": "Built from logged conversations "
        + ", ".join(ids[:LISTED])
        + (f" and {len(ids) - LISTED} more" if len(ids) > LISTED else "")
        + ".",
        **data,
        "customer": customer,
        "tags": sorted({*data.get("tags", []), "from-logs", cluster.intent}),
    }


def persona_of(cluster: Cluster) -> dict[str, Any]:
    """The cluster's customers as one persona (YAML data)."""
    results = [r for _, r, _ in cluster.members]
    firsts = [
        t.emotion
        for r in results
        for t in r.transcript.turns[:2]
        if t.speaker is Speaker.CUSTOMER and t.emotion is not None
    ][: len(results) or 1]
    labels = Counter(e.label.value for e in firsts)
    label = min(labels, key=lambda k: (-labels[k], k)) if labels else "calm"
    intensity = round(statistics.median([e.intensity for e in firsts]), 2) if firsts else 0.2
    texts = [t.text for r in results for t in r.transcript.turns if t.speaker is Speaker.CUSTOMER]
    words = statistics.mean(len(t.split()) for t in texts) if texts else 10.0
    polite = sum(bool(re.search(r"\b(please|thanks?|thank you)\b", t.lower())) for t in texts)
    persona: dict[str, Any] = {
        "kind": "persona",
        "id": f"{cluster.id}-customer",
        "description": f"The customers of cluster {cluster.id} ({len(results)} logged "
        "conversations), as their words read.",
        "locale": "en_GB",
        "emotion": {"label": label, "intensity": intensity},
        "patience": _patience(results),
        "politeness": round(polite / len(texts), 2) if texts else 0.5,
        "verbosity": "terse" if words < 8 else "verbose" if words > 30 else "normal",
    }
    asked_at = [n for r in results if (n := _asked_turn(r)) is not None]
    if asked_at and len(asked_at) * 2 >= len(results):
        persona["asks_for_human_after"] = {"turn": max(1, int(statistics.median(asked_at)))}
    return persona


def clusters_markdown(clusters: list[Cluster]) -> str:
    """``clusters.md``: failing clusters first, each with the conversations it came from."""
    lines = [
        "# Clusters of logged conversations",
        "",
        "Failing clusters first (worst severity, then size); each became a scenario and a "
        "persona of the suite.",
        "",
    ]
    for cluster in clusters:
        state = "FAILING" if cluster.failing else "passing"
        ids = [f"`{c.id}` ({c.source})" for c, _, _ in cluster.members]
        lines += [
            f"## {cluster.id}: {state}, {len(ids)} conversations",
            "",
            f"- intent: {cluster.intent}; outcome: {cluster.outcome}",
            f"- scenario: scenarios/{cluster.id}.yaml; persona: "
            f"personas/{cluster.id}-customer.yaml",
            "- from: "
            + ", ".join(ids[:LISTED])
            + (f" and {len(ids) - LISTED} more (clusters.json)" if len(ids) > LISTED else ""),
            "",
        ]
    return "\n".join(lines)


def _cluster_json(cluster: Cluster) -> dict[str, Any]:
    return {
        "id": cluster.id,
        "intent": cluster.intent,
        "outcome": cluster.outcome,
        "failing": cluster.failing,
        "conversations": [{"id": c.id, "at": c.source} for c, _, _ in cluster.members],
    }


def _openings(cluster: Cluster) -> list[str]:
    texts = [
        next((m.text for m in c.messages if m.role == "user"), "") for c, _, _ in cluster.members
    ]
    texts = sorted({t.strip() for t in texts if t.strip()})
    if not texts:
        return ["Hello"]
    middle = statistics.median(len(t) for t in texts)
    chosen = sorted(texts, key=lambda t: (abs(len(t) - middle), t))[:OPENINGS]
    # The scripted customer fills {placeholders} in its lines: real braces are literal.
    return [t.replace("{", "{{").replace("}", "}}") for t in sorted(chosen)]


def _asked(result: EpisodeResult) -> bool:
    return _asked_turn(result) is not None


def _asked_turn(result: EpisodeResult) -> int | None:
    """The customer turn (1-based) where they first asked for a person."""
    number = 0
    for turn in result.transcript.turns:
        if turn.speaker is Speaker.CUSTOMER:
            number += 1
            if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in turn.events):
                return number
    return None


def _patience(results: list[EpisodeResult]) -> int:
    """Customer turns before giving up, for those who gave up; else the default 6."""
    gave_up = [
        _customer_turns(r)
        for r in results
        if any(e.kind is CustomerEventKind.GAVE_UP for t in r.transcript.turns for e in t.events)
    ]
    return max(1, min(50, int(statistics.median(gave_up)) - 1)) if gave_up else 6


def _customer_turns(result: EpisodeResult) -> int:
    return sum(t.speaker is Speaker.CUSTOMER for t in result.transcript.turns)


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(
        yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
    )
