"""``golive score LOGS``: real conversations judged by the evaluators a run uses.

Each logged conversation becomes an episode: its turns a transcript (system messages
dropped, an agent's tool rounds folded into the reply they led to, ``transfer_to_human``
or ``consult_human`` calls, and τ-bench's ``transfer_to_human_agents``, a handoff), its
customer turns read for events and emotion as simulated ones are
(``golive.personas.listening``), and scored through ``golive.harness.scoring`` into an
ordinary run folder. Every episode's ``attributes`` say ``source: log`` and where it came from.

What the business allows comes from ``--scenario`` (one scenario YAML for every
conversation), ``--suite`` (a suite or ``pack:NAME``: each conversation's ``scenario`` key
in the log picks one, else the scenario whose goal and opening share most words with the
customer's first message), or ``--policy`` (a scenario without a customer: policy,
handoff, business, expected...). Without any, only what needs no scenario is judged and
``UNJUDGED`` lists the rest (written to ``score.md`` and the manifest).

Example:
    >>> from golive.logs import LoggedConversation, LoggedMessage
    >>> c = LoggedConversation("c1", (LoggedMessage("user", "Hi, where is my order?"),
    ...     LoggedMessage("assistant", "Let me check.")), "jsonl", "x.jsonl:1")
    >>> [t.speaker.value for t in transcript_of(c, None).turns]
    ['customer', 'agent']
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from golive import __version__
from golive.errors import InputError, ToolRefused
from golive.harness.agents.base import RequestedToolCall
from golive.harness.agents.pattern import compile_pattern
from golive.harness.environment import Environment
from golive.harness.rehearsal import RunOutcome
from golive.harness.scoring import ScoreSettings, Stored, score_into
from golive.logs import LoggedConversation, LoggedMessage, read_logs
from golive.logs.mask import PiiMask
from golive.personas.listening import CustomerListener
from golive.results.manifest import Manifest
from golive.results.models import (
    EpisodeResult,
    Handoff,
    HandoffKind,
    Speaker,
    Termination,
    ToolCall,
    Transcript,
    Turn,
)
from golive.results.run_folder import RunFolder
from golive.scenarios.models import Scenario

__all__ = ["UNJUDGED", "LogScope", "ScoreLogsOutcome", "score_logs", "transcript_of"]

SCORE_MD = "score.md"
NO_POLICY = "log-no-policy"
#: What cannot be judged without a scenario or policy (printed, and kept in the manifest).
UNJUDGED = (
    "accuracy against the truth: facts to convey, forbidden claims, expected tool calls and "
    "end state (scenario `expected:`); accuracy.score is not reported",
    "refund and credit limits (policy `refunds_allowed`, `max_refund`, `credits_allowed`)",
    "competitors and forbidden advice topics (policy `competitors`, `forbidden_advice`)",
    "the business's own contact details (scenario `business:`): a number in a reply is "
    "judged only against the tool results in the log",
    "handoff triggers other than a request for a person (vulnerability, threats, emotion, "
    "no progress: scenario `handoff.triggers`), and handoffs the business requires or forbids",
    "identity and verification rules that read the customer's known details (scenario "
    "`customer.knows`)",
)
#: Scores that would read as a pass when nothing was checked (unknown is not pass).
VACUOUS = frozenset({"accuracy.score", "accuracy.passed", "accuracy.facts_recall"})
_TRANSFER = re.compile(r"^transfer_to_human")
_CONSULT = "consult_human"
_EPISODE_ID = re.compile(r"[0-9a-f]{12}")


@dataclass(frozen=True)
class LogScope:
    """What the logged conversations are judged against (at most one of the three)."""

    scenario: Path | None = None
    suite: Path | None = None
    policy: Path | None = None

    def describe(self) -> str:
        """How it reads in the manifest and the summary."""
        for name in ("scenario", "suite", "policy"):
            value = getattr(self, name)
            if value is not None:
                return f"{name} {value}"
        return "no policy"


@dataclass(frozen=True)
class ScoreLogsOutcome:
    """The run folder and what could not be judged."""

    run: RunOutcome
    unjudged: tuple[str, ...]
    conversations: int


def score_logs(
    sources: Sequence[str],
    *,
    fmt: str | None = None,
    scope: LogScope | None = None,
    mask_pii: bool = False,
    agent: str = "logged",
    handoff_pattern: str | None = None,
    settings: ScoreSettings | None = None,
) -> ScoreLogsOutcome:
    """Read, judge and write the logged conversations as a run folder.

    Raises:
        InputError: a bad log row (file, line, field, fix), an unreadable scope file, no
            conversations, or a conversation naming a scenario the suite lacks.
    """
    scope = scope or LogScope()
    scenarios = scope_scenarios(scope)
    pattern = compile_pattern(handoff_pattern) if handoff_pattern else None
    mask = PiiMask() if mask_pii else None
    todo: list[tuple[LoggedConversation, Scenario | None, re.Pattern[str] | None]] = []
    for conversation in read_logs(sources, fmt):
        if mask is not None:
            conversation = mask.conversation(conversation)
        todo.append((conversation, pick_scenario(conversation, scenarios), pattern))
    if not todo:
        raise InputError(
            f"no conversations in {', '.join(sources)}",
            field="LOGS",
            hint="check the files hold conversations (see `golive score --help`)",
        )
    unjudged = UNJUDGED if not scenarios else ()
    manifest = _manifest(sources, scope, agent, [c for c, _, _ in todo], mask, unjudged)
    settings = settings or ScoreSettings()
    if not scenarios:  # nothing to check them against: absent, never a vacuous 1.0
        settings = replace(settings, drop_scores=VACUOUS)
    run = score_into(todo, manifest, settings, prepare_logged)
    RunFolder(run.folder).write_text(SCORE_MD, score_note(len(todo), scope, unjudged, mask))
    return ScoreLogsOutcome(run, unjudged, len(todo))


def prepare_logged(
    item: tuple[LoggedConversation, Scenario | None, re.Pattern[str] | None],
) -> Stored:
    """One logged conversation ready to score (run in ``score_into``'s worker processes)."""
    conversation, scenario, pattern = item
    return Stored(
        episode_of(conversation, scenario, pattern), scenario or instructed_scenario(conversation)
    )


def instructed_scenario(conversation: LoggedConversation) -> Scenario:
    """The no-policy scenario, knowing what the log says the bot was told.

    Without a policy, the bot's own instructions in the log (its system messages) are the
    best statement of the business's rules: a value the bot repeats from them ("each extra
    bag costs $50") is supported, not invented. They join the scenario's truth sources
    (as the answers a supervisor would give); with a policy, the policy decides.
    """
    base = no_policy_scenario()
    told = "\n".join(m.text for m in conversation.messages if m.role == "system" and m.text)
    if not told:
        return base
    return base.model_copy(update={"supervisor": {"the bot's instructions (log)": told}})


def score_note(count: int, scope: LogScope, unjudged: Sequence[str], mask: PiiMask | None) -> str:
    """``score.md``: what was scored against what, and what could not be judged."""
    lines = [f"# Scored logs: {count} conversations", "", f"Judged against: {scope.describe()}."]
    if mask is not None:
        lines.append(f"Personal data masked on the way in: {mask.describe()}.")
    if unjudged:
        lines += ["", "## Not judged (no scenario or policy given)", ""]
        lines += [f"- {item}" for item in unjudged]
        lines += ["", "Pass `--policy FILE`, `--scenario FILE` or `--suite SUITE` to judge them."]
    return "\n".join(lines) + "\n"


def episode_of(
    conversation: LoggedConversation,
    scenario: Scenario | None,
    handoff_pattern: re.Pattern[str] | None = None,
) -> EpisodeResult:
    """The conversation as an unscored episode, with ``source: log`` provenance.

    ``handoff_pattern``: a reply matching it is a transfer (text-only bots, as
    ``--handoff-pattern`` for a run).
    """
    transcript = transcript_of(conversation, scenario, handoff_pattern)
    turns = transcript.turns
    termination = _termination(turns)
    scenario_id = scenario.id if scenario is not None else NO_POLICY
    persona = conversation.meta.get("persona")
    first = next((t for t in turns if t.speaker is Speaker.CUSTOMER and t.emotion), None)
    attributes: dict[str, Any] = {
        "source": "log",
        "log": {
            "format": conversation.format,
            "at": conversation.source,
            "conversation_id": conversation.id,
        },
        "domain": scenario.domain if scenario else "unknown",
        "stakes": scenario.stakes.value if scenario else "unknown",
        "tags": list(scenario.tags) if scenario else [],
        "emotion": first.emotion.label.value if first and first.emotion else "calm",
    }
    return EpisodeResult(
        episode_id=log_episode_id(conversation.id),
        scenario_id=scenario_id,
        persona_id=str(persona) if persona else "logged-customer",
        repeat=0,
        seed=0,
        termination=termination,
        transcript=transcript,
        passed=False,
        attributes=attributes,
        end_state=replayed_end_state(scenario, transcript),
    )


def replayed_end_state(scenario: Scenario | None, transcript: Transcript) -> dict[str, Any] | None:
    """The scenario's fixtures as the logged tool calls leave them, replayed in its environment.

    None when there is no scenario, or a call names a tool the scenario lacks (the log's
    world is not the scenario's, so its end state says nothing about it).
    """
    if scenario is None:
        return None
    environment = Environment(scenario)
    known = {t["function"]["name"] for t in environment.tools}
    calls = [c for t in transcript.turns for c in t.tool_calls]
    if any(c.name not in known for c in calls):
        return None
    for call in calls:
        try:
            environment.execute(RequestedToolCall(call.id, call.name, dict(call.arguments)))
        except ToolRefused:
            continue  # refused then as now: the state did not change
    return environment.end_state


def log_episode_id(conversation_id: str) -> str:
    """A stable episode id for a logged conversation (12 hex digits, as a run's).

    A conversation a golive run logged keeps its episode id, so ``golive compare`` pairs the
    scored log with the run it came from.

    Example:
        >>> log_episode_id("c1"), log_episode_id("3bfc90a6a455")
        ('94418b57e2ce', '3bfc90a6a455')
    """
    if _EPISODE_ID.fullmatch(conversation_id):
        return conversation_id
    return hashlib.sha256(f"log:{conversation_id}".encode()).hexdigest()[:12]


def transcript_of(
    conversation: LoggedConversation,
    scenario: Scenario | None,
    handoff_pattern: re.Pattern[str] | None = None,
) -> Transcript:
    """Turns from messages: customer words read for events and emotion, tool rounds folded."""
    listener = CustomerListener.for_scenario(scenario)
    turns: list[Turn] = []
    pending: list[LoggedMessage] = []

    def flush() -> None:
        if pending:
            turn = _agent_turn(len(turns), pending, handoff_pattern)
            listener.agent(turn.text, turn.tool_calls)
            turns.append(turn)
            pending.clear()

    for message in conversation.messages:
        if message.role == "user":
            flush()
            heard = listener.customer(message.text)
            turns.append(
                Turn(
                    index=len(turns),
                    speaker=Speaker.CUSTOMER,
                    text=message.text,
                    emotion=heard.emotion,
                    events=list(heard.events),
                )
            )
        elif message.role == "assistant":
            pending.append(message)
    flush()
    return Transcript(turns=turns)


def _agent_turn(
    index: int, messages: list[LoggedMessage], pattern: re.Pattern[str] | None = None
) -> Turn:
    text = "\n".join(m.text for m in messages if m.text)
    calls: list[ToolCall] = []
    handoff: Handoff | None = None
    for message in messages:
        for call in message.tool_calls:
            error = None
            result = call.result
            if isinstance(result, dict) and set(result) == {"error"}:
                error, result = str(result["error"]), None
            calls.append(
                ToolCall(
                    id=call.id, name=call.name, arguments=call.arguments, result=result, error=error
                )
            )
            if handoff is None and _TRANSFER.match(call.name):
                handoff = Handoff(
                    kind=HandoffKind.TRANSFER,
                    reason=str(call.arguments.get("reason", "")),
                    summary=str(call.arguments.get("summary", "")),
                )
            elif handoff is None and call.name == _CONSULT:
                handoff = Handoff(
                    kind=HandoffKind.CONSULT, reason=str(call.arguments.get("question", ""))
                )
    match = pattern.search(text) if pattern is not None and handoff is None else None
    if match is not None:
        handoff = Handoff(kind=HandoffKind.TRANSFER, reason=match.group(0), source="pattern")
    return Turn(index=index, speaker=Speaker.AGENT, text=text, tool_calls=calls, handoff=handoff)


def _termination(turns: Sequence[Turn]) -> Termination:
    """How a logged conversation ended, as far as its turns tell."""
    if any(t.handoff is not None and t.handoff.kind is HandoffKind.TRANSFER for t in turns):
        return Termination.HANDOFF
    last = next((t for t in reversed(turns) if t.speaker is Speaker.CUSTOMER), None)
    kinds = {e.kind.value for e in last.events} if last is not None else set()
    if "gave_up" in kinds:
        return Termination.CUSTOMER_GAVE_UP
    if "goal_achieved" in kinds:
        return Termination.GOAL_ACHIEVED
    return Termination.MAX_TURNS  # the log ends without saying how: no goal is claimed


def scope_scenarios(scope: LogScope) -> dict[str, Scenario]:
    if scope.scenario is not None:
        from golive.harness.suite import load_scenario

        scenario = load_scenario(scope.scenario)
        return {scenario.id: scenario}
    if scope.suite is not None:
        from golive.harness.suite import load_suite, suite_path

        return {s.id: s for s in load_suite(suite_path(scope.suite)).scenarios}
    if scope.policy is not None:
        return {"policy": load_policy(scope.policy)}
    return {}


def load_policy(path: Path) -> Scenario:
    """A policy file: a scenario's business side (``policy``, ``handoff``, ``business``,
    ``expected``, ``fixtures``, ``domain``, ``stakes``...) without a customer.

    Raises:
        InputError: the file is missing or a field is wrong (file, line and field named).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(
            f"cannot read policy file {path}: {exc.strerror}",
            field="--policy",
            hint="pass a YAML file with policy:, handoff:, business: ...",
        ) from exc
    import yaml
    from pydantic import ValidationError

    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(
            f"not YAML: {getattr(exc, 'problem', exc)}",
            file=str(path),
            line=mark.line + 1 if mark else None,
            field="--policy",
            hint="check the indentation and quoting",
        ) from exc
    if not isinstance(data, dict):
        raise InputError(
            "a policy file is a mapping",
            file=str(path),
            line=1,
            hint="write policy:, handoff:, business: ... at the top level",
        )
    base = {
        "kind": "scenario",
        "id": "policy",
        "title": f"policy {path.name}",
        "customer": {"goal": "(from the logs)", "opening": "(from the logs)"},
    }
    try:
        return Scenario.model_validate({**base, **data})
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"])
        top = str(error["loc"][0]) if error["loc"] else ""
        line = next(
            (i for i, row in enumerate(text.splitlines(), start=1) if row.startswith(f"{top}:")),
            None,
        )
        raise InputError(
            error["msg"],
            file=str(path),
            line=line,
            field=field,
            hint="a policy file holds a scenario's business side: policy, "
            "handoff, business, expected, fixtures, domain, stakes "
            "(docs: the scenario schema)",
        ) from exc


def pick_scenario(
    conversation: LoggedConversation, scenarios: dict[str, Scenario]
) -> Scenario | None:
    if not scenarios:
        return None
    if len(scenarios) == 1:
        return next(iter(scenarios.values()))
    named = conversation.meta.get("scenario") or conversation.meta.get("scenario_id")
    if named is not None:
        if str(named) not in scenarios:
            raise InputError(
                f"conversation {conversation.id!r} names scenario {named!r}, which the suite "
                "does not define",
                file=conversation.source.rsplit(":", 1)[0],
                field="scenario",
                hint=f"scenarios: {', '.join(sorted(scenarios))}",
            )
        return scenarios[str(named)]
    opening = next((m.text for m in conversation.messages if m.role == "user"), "")
    return max(
        sorted(scenarios.values(), key=lambda s: s.id),
        key=lambda s: len(_words(opening) & _words(_scenario_text(s))),
    )


def _scenario_text(scenario: Scenario) -> str:
    opening = scenario.customer.opening
    return " ".join(
        [
            scenario.customer.goal,
            scenario.title,
            *(opening if isinstance(opening, list) else [opening]),
        ]
    )


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def no_policy_scenario() -> Scenario:
    return Scenario.model_validate(
        {
            "id": NO_POLICY,
            "title": "no policy given",
            "customer": {"goal": "(from the logs)", "opening": "(from the logs)"},
        }
    )


def _manifest(
    sources: Sequence[str],
    scope: LogScope,
    agent: str,
    conversations: Sequence[LoggedConversation],
    mask: PiiMask | None,
    unjudged: Sequence[str],
) -> Manifest:
    digest = hashlib.sha256()
    for source in sources:
        path = Path(source)
        digest.update(path.read_bytes() if path.is_file() else source.encode())
    longest = max(sum(m.role == "user" for m in c.messages) for c in conversations)
    return Manifest(
        suite_name="logs",
        suite_source=", ".join(sources),
        suite_hash=digest.hexdigest()[:16],
        agent=agent,
        simulator="log",
        seed=0,
        repeats=1,
        max_turns=max(1, longest),
        episodes=len(conversations),
        golive_version=__version__,
        origin={
            "kind": "log",
            "sources": list(sources),
            "formats": sorted({c.format for c in conversations}),
            "scope": scope.describe(),
            "mask_pii": mask.summary() if mask else None,
            "unjudged": list(unjudged),
        },
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.]+", "-", text).strip("-")[:40] or "logged"
