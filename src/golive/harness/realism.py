"""``golive realism RUN_DIR LOGS``: how close a run's simulated customers are to real ones.

Both sides are read the same way: every customer turn, simulated or logged, goes through
``golive.personas.listening`` (events and emotion from the words), so a simulator's own
labels never flatter it. Per conversation golive measures the customer's

======================  ====================================================  =============
feature                 what                                                  distance
======================  ====================================================  =============
opening_words           words in the first message                            SMD
words_per_turn          mean words per message                                SMD
turns                   customer messages in the conversation                 SMD
questions_per_turn      question marks per message                            SMD
politeness              share of messages saying please or thanks             SMD
start_intensity         emotion intensity read from the first message         SMD
mean_intensity          mean intensity over the conversation                  SMD
intensity_rise          intensity after the agent's replies, per reply        SMD
asked_for_human         asked for a person at all (0/1)                       SMD
asked_turn              share of the conversation gone when they first asked  SMD
gave_up, threatened,    words that give up / threaten / disclose (0/1)        SMD
disclosed
emotion_labels          the six labels over all turns                         TVD
vocabulary              words used (4+ letters)                               1 - Jaccard
======================  ====================================================  =============

SMD is the standardised mean difference ``|mean_sim - mean_real| / pooled SD`` (0 when both
SDs are 0 and the means agree); TVD the total variation distance between two label
distributions. Each distance carries a 90% bootstrap interval (``RESAMPLES`` resamples of
each side's conversations, seeded: the same inputs give the same figures; a resample
holds fewer distinct words, so the vocabulary interval sits above its point value).

**Realism index** per persona::

    realism = 100 × (1 − mean over features of min(1, distance / cap))

with ``cap`` 2 for SMD (two pooled SDs apart counts as entirely unlike) and 1 for TVD and
vocabulary. 100: indistinguishable on every feature; 0: unlike on all. Gaps are listed
largest first (by ``min(1, distance / cap)``), each with the persona setting that moves it.

Example:
    >>> round(smd([1.0, 2.0, 3.0], [1.0, 2.0, 3.0]), 3), round(smd([0.0, 0.0], [1.0, 1.0]), 3)
    (0.0, 2.0)
"""

from __future__ import annotations

import json
import math
import random
import re
import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from golive.errors import InputError
from golive.harness.logged import transcript_of
from golive.logs import LoggedConversation, LoggedMessage, read_logs
from golive.results.models import CustomerEventKind, EmotionLabel, Speaker, Transcript
from golive.results.run_folder import RunFolder

__all__ = ["FEATURES", "Gap", "PersonaRealism", "RealismReport", "realism", "smd"]

RESAMPLES = 200
LEVEL = 0.90
SMD_CAP = 2.0
REALISM_MD, REALISM_JSON = "realism.md", "realism.json"
MIN_CONVERSATIONS = 2  # a persona (or the logs) with fewer cannot be compared
GROUPINGS = ("persona", "intent")

#: Numeric features and the persona setting that moves each (raise/lower by the sign).
FEATURES: dict[str, str] = {
    "opening_words": "verbosity",
    "words_per_turn": "verbosity",
    "turns": "patience / gives_up_after",
    "questions_per_turn": "tech_savvy (more questions back when lower)",
    "politeness": "politeness",
    "start_intensity": "emotion.intensity",
    "mean_intensity": "emotion.intensity / patience",
    "intensity_rise": "patience (sensitivity to unhelpful replies)",
    "asked_for_human": "asks_for_human_after",
    "asked_turn": "asks_for_human_after.turn",
    "gave_up": "patience / gives_up_after",
    "threatened": "threatens / threatens_at",
    "disclosed": "vulnerabilities",
}
_SETTING_LABELS = "emotion.label"
_SETTING_VOCAB = "the scenario's openings and the persona's locale (words customers use)"
_POLITE = re.compile(r"\b(please|thanks?|thank you|cheers)\b")
_WORD = re.compile(r"[a-z]{4,}")


@dataclass(frozen=True)
class Customer:
    """One conversation's customer side, as features."""

    values: dict[str, float]
    labels: Counter[str]
    words: frozenset[str]


def features(transcript: Transcript) -> Customer | None:
    """The customer's features in one transcript (None: the customer never spoke)."""
    turns = transcript.turns
    said = [t for t in turns if t.speaker is Speaker.CUSTOMER]
    if not said:
        return None
    intensities = [t.emotion.intensity if t.emotion else 0.0 for t in said]
    rises = [b - a for a, b in zip(intensities, intensities[1:], strict=False)]
    asked = next(
        (
            i
            for i, t in enumerate(said)
            if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN for e in t.events)
        ),
        None,
    )

    def has(kind: CustomerEventKind) -> float:
        return float(any(e.kind is kind for t in said for e in t.events))

    values = {
        "opening_words": float(len(said[0].text.split())),
        "words_per_turn": statistics.mean(len(t.text.split()) for t in said),
        "turns": float(len(said)),
        "questions_per_turn": statistics.mean(t.text.count("?") for t in said),
        "politeness": statistics.mean(float(bool(_POLITE.search(t.text.lower()))) for t in said),
        "start_intensity": intensities[0],
        "mean_intensity": statistics.mean(intensities),
        "intensity_rise": statistics.mean(rises) if rises else 0.0,
        "asked_for_human": float(asked is not None),
        "asked_turn": (asked + 1) / len(said) if asked is not None else 1.0,
        "gave_up": has(CustomerEventKind.GAVE_UP),
        "threatened": has(CustomerEventKind.THREATENED),
        "disclosed": has(CustomerEventKind.DISCLOSED_VULNERABILITY),
    }
    labels = Counter(t.emotion.label.value for t in said if t.emotion is not None)
    words = frozenset(w for t in said for w in _WORD.findall(t.text.lower()))
    return Customer(values, labels, words)


def smd(a: Sequence[float], b: Sequence[float]) -> float:
    """Standardised mean difference ``|mean a - mean b| / pooled SD`` (capped at ``SMD_CAP``
    when the SDs are 0 but the means differ)."""
    if not a or not b:
        return math.nan
    diff = abs(statistics.fmean(a) - statistics.fmean(b))
    var = (statistics.pvariance(a) + statistics.pvariance(b)) / 2
    if var <= 1e-12:
        return 0.0 if diff <= 1e-12 else SMD_CAP
    return diff / math.sqrt(var)


def tvd(a: Sequence[Customer], b: Sequence[Customer]) -> float:
    """Total variation distance between the emotion labels of two groups' turns."""
    ca, cb = Counter[str](), Counter[str]()
    for c in a:
        ca.update(c.labels)
    for c in b:
        cb.update(c.labels)
    na, nb = sum(ca.values()) or 1, sum(cb.values()) or 1
    return 0.5 * sum(abs(ca[k.value] / na - cb[k.value] / nb) for k in EmotionLabel)


def vocabulary(a: Sequence[Customer], b: Sequence[Customer]) -> float:
    """1 − Jaccard overlap of the words two groups used."""
    wa = frozenset().union(*(c.words for c in a))
    wb = frozenset().union(*(c.words for c in b))
    union = wa | wb
    return 1.0 - len(wa & wb) / len(union) if union else 0.0


@dataclass(frozen=True)
class Gap:
    """One feature's distance between a persona and the real customers."""

    feature: str
    simulated: float | None
    real: float | None
    distance: float
    low: float
    high: float
    cap: float
    setting: str

    @property
    def share(self) -> float:
        """Its share of the index's shortfall: ``min(1, distance / cap)``."""
        return min(1.0, self.distance / self.cap)

    def advice(self) -> str:
        """Which way the simulated customers are off, and the setting that moves it."""
        if self.simulated is None or self.real is None or abs(self.simulated - self.real) < 1e-9:
            return f"adjust {self.setting}"
        way = "too high" if self.simulated > self.real else "too low"
        return (
            f"{way} (simulated {self.simulated:.2f}, real {self.real:.2f}): adjust {self.setting}"
        )


@dataclass(frozen=True)
class PersonaRealism:
    """A persona's realism index and its gaps, largest first."""

    persona: str
    conversations: int
    index: float
    gaps: list[Gap] = field(default_factory=list)


@dataclass(frozen=True)
class RealismReport:
    """Every persona ranked, most realistic first."""

    real_conversations: int
    personas: list[PersonaRealism]
    by: str = "persona"  # or intent: each group against the logged ones of its intent

    def markdown(self) -> str:
        """``realism.md``."""
        lines = [
            f"# Realism: simulated customers against {self.real_conversations} real ones",
            "",
            "realism = 100 × (1 − mean of min(1, distance / cap)); cap 2 for "
            "standardised mean differences, 1 for label (TVD) and vocabulary distances. "
            f"Intervals: {LEVEL:.0%} bootstrap.",
            "",
            f"Grouped by {self.by}: "
            + (
                "each persona against every logged customer."
                if self.by == "persona"
                else "simulated and logged conversations of one intent."
            ),
            "",
            f"| rank | {self.by} | conversations | realism | largest gap |",
            "| ---: | --- | ---: | ---: | --- |",
        ]
        for rank, p in enumerate(self.personas, start=1):
            top = p.gaps[0] if p.gaps else None
            gap = f"{top.feature} {top.distance:.2f}" if top else "–"
            lines.append(f"| {rank} | `{p.persona}` | {p.conversations} | {p.index:.1f} | {gap} |")
        lines += [
            "",
            "## Largest gaps first",
            "",
            f"| {self.by} | feature | simulated | real | distance | interval | to close it |",
            "| --- | --- | ---: | ---: | ---: | --- | --- |",
        ]
        gaps = sorted(
            ((p, g) for p in self.personas for g in p.gaps),
            key=lambda pg: (-pg[1].share, pg[0].persona, pg[1].feature),
        )
        for p, g in gaps[:40]:
            sim = "–" if g.simulated is None else f"{g.simulated:.2f}"
            real = "–" if g.real is None else f"{g.real:.2f}"
            lines.append(
                f"| `{p.persona}` | {g.feature} | {sim} | {real} | {g.distance:.2f} | "
                f"[{g.low:.2f}, {g.high:.2f}] | {g.advice()} |"
            )
        return "\n".join(lines) + "\n"

    def json(self) -> str:
        """``realism.json`` (sorted keys: the same inputs, the same bytes)."""
        data = {
            "real_conversations": self.real_conversations,
            "by": self.by,
            "personas": [
                {
                    "persona": p.persona,
                    "conversations": p.conversations,
                    "index": round(p.index, 4),
                    "gaps": [
                        {
                            "feature": g.feature,
                            "simulated": g.simulated,
                            "real": g.real,
                            "distance": round(g.distance, 6),
                            "low": round(g.low, 6),
                            "high": round(g.high, 6),
                            "setting": g.setting,
                        }
                        for g in p.gaps
                    ],
                }
                for p in self.personas
            ],
        }
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    def metrics(self) -> dict[str, float]:
        """``realism.<persona>.index`` per persona (``realism.intent.<intent>.index`` per
        intent cluster), for MLflow."""
        prefix = "realism." if self.by == "persona" else "realism.intent."
        return {
            f"{prefix}{re.sub(r'[^A-Za-z0-9_.-]', '_', p.persona)}.index": round(p.index, 4)
            for p in self.personas
        }


def realism(
    run_dir: Path, sources: Sequence[str], *, fmt: str | None = None, by: str = "persona"
) -> RealismReport:
    """Compare the run's simulated customers with the logged ones, per persona (``by``
    ``persona``: each against every logged customer) or per intent cluster (``by``
    ``intent``: the simulated and logged conversations whose first message names the same
    support intent, ``golive.harness.from_logs.intent_of``).

    Raises:
        InputError: no run, bad logs, an unknown ``by``, or too few conversations.
    """
    if by not in GROUPINGS:
        raise InputError(f"unknown grouping {by!r}", field="--by", hint="use persona or intent")
    folder = RunFolder.open(run_dir)
    # Both sides read without a scenario: the same reader, the same knowledge.
    real: dict[str, list[Customer]] = {}
    for conversation in read_logs(sources, fmt):
        found = features(transcript_of(conversation, None))
        if found is not None:
            real.setdefault(_intent(conversation), []).append(found)
    everyone = [c for group in real.values() for c in group]
    if len(everyone) < MIN_CONVERSATIONS:
        raise InputError(
            f"{len(everyone)} logged conversations with a customer message: too few to compare",
            field="LOGS",
            hint=f"pass logs with at least {MIN_CONVERSATIONS} conversations",
        )
    simulated: dict[str, list[Customer]] = {}
    for result in folder.results():
        # Read the simulated words as the logged ones: the simulator's own labels are not used.
        conversation = LoggedConversation(
            result.episode_id, _messages(result.transcript), "run", str(folder.results_path)
        )
        found = features(transcript_of(conversation, None))
        if found is not None:
            key = result.persona_id if by == "persona" else _intent(conversation)
            simulated.setdefault(key, []).append(found)
    groups = []
    for name, sims in sorted(simulated.items()):
        against = everyone if by == "persona" else real.get(name, [])
        if len(sims) >= MIN_CONVERSATIONS and len(against) >= MIN_CONVERSATIONS:
            groups.append(_persona(name, sims, against))
    if not groups:
        raise InputError(
            f"no {by} in {run_dir} has {MIN_CONVERSATIONS} or more conversations"
            + ("" if by == "persona" else " on both sides"),
            field="RUN_DIR",
            hint="run the suite with more scenarios or --repeats"
            + ("" if by == "persona" else ", or compare --by persona"),
        )
    groups.sort(key=lambda p: (-p.index, p.persona))
    return RealismReport(len(everyone), groups, by)


def _intent(conversation: LoggedConversation) -> str:
    from golive.harness.from_logs import intent_of

    return intent_of(next((m.text for m in conversation.messages if m.role == "user"), ""))


def write_realism(run_dir: Path, report: RealismReport) -> list[Path]:
    """Write ``realism.md`` and ``realism.json`` into the run folder (results untouched)."""
    folder = RunFolder.open(run_dir)
    folder.write_text(REALISM_MD, report.markdown())
    folder.write_text(REALISM_JSON, report.json())
    return [folder.file(REALISM_MD), folder.file(REALISM_JSON)]


def _messages(transcript: Transcript) -> tuple[LoggedMessage, ...]:
    return tuple(
        LoggedMessage("user" if t.speaker is Speaker.CUSTOMER else "assistant", t.text)
        for t in transcript.turns
    )


def _persona(name: str, sims: list[Customer], real: list[Customer]) -> PersonaRealism:
    rng = random.Random(f"realism:{name}:{len(sims)}:{len(real)}")
    gaps: list[Gap] = []
    for feature, setting in FEATURES.items():
        a = [c.values[feature] for c in sims]
        b = [c.values[feature] for c in real]
        low, high = _interval(rng, sims, real, _smd_of(feature))
        gaps.append(
            Gap(
                feature,
                statistics.fmean(a),
                statistics.fmean(b),
                smd(a, b),
                low,
                high,
                SMD_CAP,
                setting,
            )
        )
    low, high = _interval(rng, sims, real, tvd)
    gaps.append(Gap("emotion_labels", None, None, tvd(sims, real), low, high, 1.0, _SETTING_LABELS))
    low, high = _interval(rng, sims, real, vocabulary)
    gaps.append(
        Gap("vocabulary", None, None, vocabulary(sims, real), low, high, 1.0, _SETTING_VOCAB)
    )
    index = 100.0 * (1.0 - statistics.fmean(g.share for g in gaps))
    gaps.sort(key=lambda g: (-g.share, g.feature))
    return PersonaRealism(name, len(sims), index, gaps)


def _smd_of(feature: str) -> Callable[[list[Customer], list[Customer]], float]:
    def distance(a: list[Customer], b: list[Customer]) -> float:
        return smd([c.values[feature] for c in a], [c.values[feature] for c in b])

    return distance


def _interval(
    rng: random.Random,
    sims: list[Customer],
    real: list[Customer],
    distance: Callable[[list[Customer], list[Customer]], float],
) -> tuple[float, float]:
    """A percentile bootstrap interval, each side resampled on its own."""
    draws = sorted(
        distance(rng.choices(sims, k=len(sims)), rng.choices(real, k=len(real)))
        for _ in range(RESAMPLES)
    )
    tail = (1.0 - LEVEL) / 2
    return draws[int(tail * (RESAMPLES - 1))], draws[int((1 - tail) * (RESAMPLES - 1))]
