"""The metric catalogue: every run-level metric's name, better direction and definition.

Names are an API (dashboards and gates use them) and legal MLflow metric names. One
catalogue feeds MLflow, the reports, the gate and the README's metric table.

Each metric says how it is computed: what one scored episode adds to a few named sums
(``episode``) and the run value from their totals (``value``). Runs aggregate by adding
sums, and the bootstrap in ``golive.reports.stats`` resamples them with the same
``metrics_from_sums``. The catalogue is assembled from registrations: the run-wide metrics
below (``CORE``) plus the ``metrics`` every registered evaluator declares, so a new
evaluator brings its metrics with it. Metrics are grouped by namespace in ``SECTIONS``
order (namespaces no built-in uses come after them, alphabetically), then by declaration.

Example:
    >>> CATALOGUE["handoff.recall"].higher_is_better
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from math import comb

from golive.results.exact_sums import ExactSums
from golive.results.models import EpisodeResult, Termination

Sums = dict[str, float]


def _nothing(result: EpisodeResult) -> Sums:
    return {}


def _undefined(s: Sums) -> float | None:
    return None


@dataclass(frozen=True)
class Metric:
    """One run-level metric and how it is computed from named episode sums.

    ``episode(result)`` gives what one scored episode adds (metrics may share sum names;
    they must then add the same values); ``value(sums)`` gives the run value from the
    totals, or ``None`` where it is undefined (left out, never 0). ``headline`` metrics of
    plugins join the summary's headline table. ``baseline_checked`` False marks a trade-off
    (escalations, staff time, cost) that a better bot may move either way: reported and
    open to thresholds, but a gate's baseline comparison does not call its change a
    regression.
    """

    name: str
    higher_is_better: bool
    definition: str
    episode: Callable[[EpisodeResult], Sums] = field(default=_nothing, compare=False, repr=False)
    value: Callable[[Sums], float | None] = field(default=_undefined, compare=False, repr=False)
    headline: bool = False
    baseline_checked: bool = True


def ratio(num: float, den: float) -> float | None:
    """``num / den``, undefined (None) when ``den`` is 0."""
    return num / den if den else None


def scored(s: Sums) -> float:
    """Episodes the agent is scored on: all but those the simulator failed."""
    return s.get("total", 0.0) - s.get("sim_errors", 0.0)


def mean_of(s: Sums, name: str) -> float | None:
    """The mean of the per-episode values summed as ``sum:name`` / ``count:name``."""
    count = s.get(f"count:{name}", 0.0)
    return s.get(f"sum:{name}", 0.0) / count if count else None


def value_sums(name: str, value: float) -> Sums:
    """What one episode's ``value`` adds to the mean of ``name``."""
    return {f"sum:{name}": value, f"count:{name}": 1.0}


def mean(
    name: str, higher_is_better: bool, definition: str, score: str, headline: bool = False
) -> Metric:
    """The mean, over the episodes that have it, of the per-episode score ``score``.

    Example:
        >>> m = mean("x.mean_y", True, "Mean y.", score="x.y")
        >>> m.value({"sum:x.y": 1.5, "count:x.y": 3.0}), m.value({})
        (0.5, None)
    """

    def episode(result: EpisodeResult) -> Sums:
        return value_sums(score, result.scores[score]) if score in result.scores else {}

    return Metric(name, higher_is_better, definition, episode, lambda s: mean_of(s, score),
                  headline)


def rate(
    name: str, higher_is_better: bool, definition: str, flag: str,
    when: Callable[[EpisodeResult], bool], headline: bool = False,
) -> Metric:
    """The share of scored episodes for which ``when`` holds (counted as the sum ``flag``)."""

    def episode(result: EpisodeResult) -> Sums:
        return {flag: 1.0} if when(result) else {}

    return Metric(name, higher_is_better, definition, episode,
                  lambda s: ratio(s.get(flag, 0.0), scored(s)), headline)


PASS_HAT_K = (1, 2, 3, 4, 5)


def _pass_hat_definition(k: int) -> str:
    tries = "one try" if k == 1 else f"all {k} tries"
    verb = "passes" if k == 1 else "pass"
    return (f"pass^{k} (tau-bench): chance that {tries} of a scenario × persona {verb}; mean over "
            f"pairs of C(passed, {k}) / C(repeats, {k}). Needs --repeats of at least {k}.")


def _pass_hat(k: int) -> Metric:
    def value(s: Sums) -> float | None:
        return None if s.get(f"pairs_short:{k}") else ratio(s.get(f"passhat:{k}", 0.0),
                                                            s.get("pairs", 0.0))

    return Metric(f"reliability.pass_hat_{k}", True, _pass_hat_definition(k), value=value)


def _judge_sums(result: EpisodeResult) -> Sums:
    row: Sums = {}
    if "judge.calls" in result.scores:
        row["judged"] = 1.0
    if result.scores.get("judge.errors", 0.0) > 0:
        row["judge_failed"] = 1.0
    return row


def _tokens(result: EpisodeResult) -> Sums:
    turns = result.transcript.turns
    return {"tokens": float(sum(t.tokens.prompt + t.tokens.completion for t in turns))}


#: Run-wide metrics no evaluator owns: reliability, errors, cost and the run's size.
CORE: tuple[Metric, ...] = (
    rate("reliability.pass_rate", True, "Share of scored episodes that passed.",
         "passed", lambda r: r.passed),
    *(_pass_hat(k) for k in PASS_HAT_K),
    rate("errors.agent_rate", False,
         "Share of episodes the agent crashed, timed out or answered garbage.",
         "agent_errors", lambda r: r.termination is Termination.AGENT_ERROR),
    Metric("errors.simulator_rate", False,
           "Share of episodes the simulator failed (kept out of agent scores).",
           value=lambda s: ratio(s.get("sim_errors", 0.0), s.get("total", 0.0))),
    # Fidelity counts include excluded episodes (their sums come from every episode).
    Metric("fidelity.faults", False, "Simulator faults found on customer turns (asked again, "
           "recorded, or excluding the episode); see the report's fidelity section for kinds.",
           value=lambda s: s.get("faults", 0.0)),
    Metric("fidelity.repaired_turns", False,
           "Customer turns the simulator wrote again after a turn check failed.",
           value=lambda s: s.get("repaired_turns", 0.0)),
    Metric("fidelity.flag_disagreements", False, "Customer turns whose simulator flags "
           "disagreed with the words (the words decided).",
           value=lambda s: s.get("flag_disagreements", 0.0)),
    Metric("fidelity.excluded_episodes", False, "Episodes excluded from every agent score "
           "because the simulator failed (errors.simulator_rate as a count).",
           value=lambda s: s.get("sim_errors", 0.0)),
    Metric("errors.judge_rate", False, "Share of judged episodes where the LLM judge failed at "
           "least once (kept out of agent scores).", _judge_sums,
           lambda s: ratio(s.get("judge_failed", 0.0), s.get("judged", 0.0))),
    Metric("cost.tokens", False, "Tokens spent (prompt + completion) by all roles.", _tokens,
           lambda s: s.get("tokens", 0.0)),
    Metric("run.episodes", True, "Episodes in the run.", value=lambda s: s.get("total", 0.0)),
)

#: Namespace order in the catalogue; namespaces not listed go between these and ``_LAST``.
SECTIONS = ("reliability", "accuracy", "guardrails", "handoff", "experience")
_LAST = ("errors", "cost", "run")


def _section(name: str) -> tuple[int, str]:
    space = name.split(".", 1)[0]
    if space in SECTIONS:
        return SECTIONS.index(space), ""
    if space in _LAST:
        return len(SECTIONS) + 1 + _LAST.index(space), ""
    return len(SECTIONS), space


class Catalogue(Mapping[str, Metric]):
    """Every metric by name: ``CORE`` plus the registered evaluators' declarations.

    Built on first use (the registry imports the evaluators by name then, so this module
    imports no evaluator) and again whenever an evaluator is registered or removed.
    """

    def __init__(self) -> None:
        self._built: dict[str, Metric] = {}
        self._episode_sums: list[Callable[[EpisodeResult], Sums]] = []
        self._version = -1

    def _metrics(self) -> dict[str, Metric]:
        from golive import registry

        evaluators = registry.kind("evaluator")
        rows = evaluators.rows()
        if self._version != evaluators.version:
            declared = [*CORE]
            owner = dict.fromkeys((m.name for m in CORE), "golive")
            for name in sorted(rows):
                for metric in getattr(rows[name], "metrics", ()):
                    if metric.name in owner:
                        raise ValueError(f"metric {metric.name!r} is declared by both "
                                         f"{owner[metric.name]!r} and evaluator {name!r}")
                    owner[metric.name] = name
                    declared.append(metric)
            ordered = sorted(enumerate(declared), key=lambda im: (_section(im[1].name), im[0]))
            self._built = {m.name: m for _, m in ordered}
            # Metrics that share their sums share the function: each runs once per episode.
            self._episode_sums = list(dict.fromkeys(m.episode for m in self._built.values()))
            self._version = evaluators.version
        return self._built

    def episode_functions(self) -> list[Callable[[EpisodeResult], Sums]]:
        """Each distinct ``Metric.episode`` of the catalogue, once."""
        self._metrics()
        return self._episode_sums

    def current(self) -> dict[str, Metric]:
        """The catalogue as it stands now (one lookup for loops over every metric)."""
        return self._metrics()

    def __getitem__(self, name: str) -> Metric:
        return self._metrics()[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._metrics())

    def __len__(self) -> int:
        return len(self._metrics())


CATALOGUE = Catalogue()


def episode_sums(result: EpisodeResult) -> Sums:
    """What one episode adds to every run metric, as named sums.

    Every run metric is a function of such sums (counts, sums and counts of values), so
    runs aggregate by adding them, and the bootstrap in ``golive.gate.stats`` resamples
    them with the very same ``metrics_from_sums`` as ``aggregate`` uses.
    """
    row: Sums = {"total": 1.0}
    turns = result.transcript.turns
    faults = [f for t in turns for f in t.faults]
    row["faults"] = float(len(faults))
    row["repaired_turns"] = float(sum(any(f.action.value == "repaired" for f in t.faults) for t in turns))
    row["flag_disagreements"] = float(sum(f.kind == "flags_disagree" for f in faults))
    if result.termination is Termination.SIMULATOR_ERROR:
        row["sim_errors"] = 1.0
        row["faults"] += 1.0  # the fault that excluded it
        return row  # the simulator's fault says nothing about the agent
    for sums in CATALOGUE.episode_functions():
        row.update(sums(result))
    return row


def pair_sums(runs: int, passed: int) -> Sums:
    """What one scenario × persona pair adds to pass^k (not a sum over its episodes)."""
    row: Sums = {"pairs": 1.0}
    for k in PASS_HAT_K:
        if runs < k:
            row[f"pairs_short:{k}"] = 1.0
        else:
            row[f"passhat:{k}"] = comb(passed, k) / comb(runs, k)
    return row


def metrics_from_sums(s: Sums) -> dict[str, float]:
    """Every catalogue metric that has a value (undefined ratios are left out)."""
    values = ((name, metric.value(s)) for name, metric in CATALOGUE.current().items())
    return {name: round(x, 6) for name, x in values if x is not None}


@dataclass
class Aggregator:
    """Run metrics from episodes fed one at a time (memory stays flat over big runs).

    The sums are exact (``ExactSums``), so the metrics do not depend on the episodes' order.
    """

    sums: ExactSums = field(default_factory=ExactSums)
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def add(self, result: EpisodeResult) -> None:
        """Count one episode."""
        self.sums.add(episode_sums(result))
        if result.termination is not Termination.SIMULATOR_ERROR:
            pair = self.pairs.setdefault((result.scenario_id, result.persona_id), [0, 0])
            pair[0] += 1
            pair[1] += result.passed

    def all_sums(self) -> Sums:
        """The episode sums plus each scenario × persona pair's pass^k terms."""
        total = ExactSums()
        total.add(self.sums.totals())
        for runs, passed in self.pairs.values():
            total.add(pair_sums(runs, passed))
        return total.totals()

    def metrics(self) -> dict[str, float]:
        """Every catalogue metric that has a value."""
        return metrics_from_sums(self.all_sums())


def aggregate(results: Iterable[EpisodeResult]) -> dict[str, float]:
    """Run-level metrics over episodes.

    Example:
        >>> aggregate([])["run.episodes"]
        0.0
    """
    agg = Aggregator()
    for result in results:
        agg.add(result)
    return agg.metrics()


def fmt(value: float) -> str:
    """A metric value as people read it: counts as integers, rates with two decimals.

    Example:
        >>> fmt(3.0), fmt(0.8333)
        ('3', '0.83')
    """
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"
