"""The built-in turn checks, one class per fault kind (see ``base.py``).

Each is written for precision first: honest customers write tersely, angrily, politely, in
broken English or in German, Spanish or French, repeat a short question when ignored, say
"hi" again, and quote what the agent said; none of that is a fault
(``tests/personas/test_fidelity_checks.py`` measures it on look-alikes).

Example:
    >>> from golive.personas.identity import make_identity
    >>> from golive.personas.fidelity.base import EpisodeFacts, TurnContext, run_checks
    >>> facts = EpisodeFacts(make_identity("en_GB", 1, {"order_id": "A1001"}), {"order_id": "A1001"})
    >>> [f.kind for f in run_checks(TurnContext("How can I help you today?", "in_progress", facts))]
    ['role_inversion']
"""

from __future__ import annotations

import re

from golive.personas.dialogue_acts import Act, classify
from golive.personas.fidelity.base import TurnCheck, TurnContext, turn_check, words
from golive.personas.words import fold, read_words, reconcile
from golive.results.models import CustomerEventKind, Speaker

ROLE_INVERSION = "role_inversion"
MALFORMED_OUTPUT = "malformed_output"  # not a check: the JSON parse step records it


def _quote(text: str, match: re.Match[str] | None = None, width: int = 80) -> str:
    if match is None:
        flat = " ".join(text.split())
        return f'"{flat[:width]}{"…" if len(flat) > width else ""}"'
    return f'"{match.group(0)}"'


# ----------------------------------------------------------------------------- role
_AGENT_STRONG = re.compile(
    r"\bhow (can|may|could) i (help|assist) you\b|\bwhat can i do for you\b|"
    r"\bis there anything (else )?(that )?i can (help|do|assist)|"
    r"\bthank(s| you) for (contacting|reaching out to|choosing|calling|being a valued)\b|"
    r"\bas an ai\b|\bi'?m (an ai|an? (ai |virtual |digital )?assistant|a (large )?language model|"
    r"a chatbot|the (support )?(agent|assistant))\b|\b(dear|valued) customer\b|"
    r"\bwie kann ich ihnen helfen\b|\bkann ich ihnen (sonst )?(noch )?(weiter)?helfen\b|"
    r"\ben que (le|te|les) puedo ayudar\b|\bpuedo ayudar(le|te) en algo mas\b|"
    r"\bgracias por (contactar|contactarnos|comunicarse)\b|\bcomment puis-je vous aider\b|"
    r"\bpuis-je vous aider (avec|pour|en) (autre chose|quoi)\b|\bmerci de nous avoir contacte",
)
_AGENT_LABEL = re.compile(r"^\s*(assistant|agent|support|bot|chatbot)\s*:")
_AGENT_WEAK = re.compile(
    r"\blet me (check|look|see|pull|find|look into|verify)\b[^.?!]{0,25}\bfor you\b|"
    r"\blet me (check|look up|pull up|verify|look into) your\b|"
    r"\b(i'?ll|i will|i can) (process|issue|arrange) (that|this|your|a|the) "
    r"(refund|replacement|credit|request|return|cancellation|change)\b|"
    r"\bis there anything (else|more) (you need|i can)\b|"
    r"\byour (order|account|parcel|package|delivery|card|subscription|ticket|request|case|booking|"
    r"refund|replacement) (has been|is being|is now|will be|was) \w+|"
    r"\bthanks? (you )?for your patience\b|\b(i'?m |i am )?happy to help\b|"
    r"\b(hold on|bear with me) while i (check|look|pull|verify|process)\b|"
    r"\bi('ve| have) (checked|looked into|pulled up|located|processed|issued|updated|refunded|"
    r"cancelled) your (order|account|details|request|record|case|refund)\b|"
    r"\b(i|we) apologi[sz]e for (the|any) inconvenience\b",
)


@turn_check
class RoleInversion(TurnCheck):
    """Speaks as the agent: offers help, thanks the customer for contacting, says it is an AI;
    or drifts into the agent's voice (two agent phrases in a message, or one in each of two
    messages in a row)."""

    kind = ROLE_INVERSION
    note = ("You are the CUSTOMER, not the support agent: do not offer help, do not check "
            "things 'for you', do not thank anyone for contacting. Write what the customer says.")

    def check(self, ctx: TurnContext) -> str | None:
        text = ctx.folded
        strong = _AGENT_STRONG.search(text) or _AGENT_LABEL.match(text)
        if strong:
            return f"the customer answered as the assistant ({_quote(text, strong)})"
        weak = list(_AGENT_WEAK.finditer(text))
        before = ctx.customer_before()
        drift = bool(weak) and bool(before) and _AGENT_WEAK.search(fold(before[-1])) is not None
        if len(weak) >= 2 or drift:
            said = ", ".join(_quote(text, m) for m in weak)
            return f"the customer is turning into the agent ({said})"
        return None


# ----------------------------------------------------------------------------- restart
_GREETING = re.compile(
    r"^\W*(hi|hello|hey|greetings|good (morning|afternoon|evening)|dear (sir|madam|team|support)|"
    r"hallo|guten (tag|morgen|abend)|hola|buen(os|as) (dias|tardes|noches)|buenas|bonjour|bonsoir|"
    r"salut)\b(?! again| once more| nochmal| de nuevo| encore)"
)
_INTRODUCES = re.compile(
    r"\b(my name is|i'?m writing (to you )?(about|because|regarding|to)|i'?m (contacting|messaging|"
    r"reaching out to) you|i (have|'ve got) (a|an) (question|problem|issue) (about|with)|"
    r"i need (some )?help with|i'?d like to (ask|report|enquire|inquire) about|"
    r"ich schreibe (ihnen )?(wegen|weil)|mein name ist|ich habe (ein|eine) (problem|frage) mit|"
    r"me llamo|le escribo (por|porque)|tengo (un|una) (problema|pregunta) con|"
    r"je m'appelle|je vous (ecris|contacte) (car|pour|au sujet)|j'ai (un|une) (probleme|question) "
    r"(avec|concernant))\b"
)


def _similar(a: str, b: str) -> float:
    left, right = set(words(a)), set(words(b))
    return len(left & right) / len(left | right) if left and right else 0.0


def _repeats(message: str, earlier: str) -> bool:
    """Almost the same words, or a long earlier message said again inside this one."""
    if _similar(message, earlier) >= 0.8:
        return True
    before = set(words(earlier))
    return len(before) >= 10 and len(before & set(words(message))) >= 0.9 * len(before)


@turn_check
class Restart(TurnCheck):
    """Greets again and starts over as if the conversation had not begun (after its first
    message): a fresh greeting followed by an introduction or by its opening again."""

    kind = "restart"
    note = ("The conversation is already under way: do not greet again or introduce your "
            "problem from the start. Answer the agent's last message.")

    def check(self, ctx: TurnContext) -> str | None:
        before = ctx.customer_before()
        if not before:
            return None
        text = ctx.folded
        greeting = _GREETING.match(text)
        if greeting is None:
            return None
        rest = text[greeting.end():]
        intro = _INTRODUCES.search(rest)
        if intro or _similar(rest, before[0]) >= 0.5:
            return f"greeted again and started over ({_quote(ctx.message)})"
        return None


# ----------------------------------------------------------------------------- repetition
@turn_check
class Repetition(TurnCheck):
    """Repeats itself whatever the agent says: a message said again almost word for word
    after a different agent reply, once for a long message (15+ words, an opening said
    again), twice for a shorter one. Saying the same to the same agent line is an honest
    answer, and insisting on a person is an honest escalation: neither counts."""

    kind = "repetition"
    note = ("You are repeating an earlier message. React to what the agent just said, in "
            "new words.")

    def check(self, ctx: TurnContext) -> str | None:
        if any(e.kind is CustomerEventKind.ASKED_FOR_HUMAN
               for e in read_words(ctx.message, ctx.human_offered)):
            return None
        turns = list(ctx.transcript)
        now = next((t.text for t in reversed(turns) if t.speaker is Speaker.AGENT), "")
        same = 0
        for i, turn in enumerate(turns):
            if turn.speaker is not Speaker.CUSTOMER or not _repeats(ctx.message, turn.text):
                continue
            then = next((t.text for t in reversed(turns[:i]) if t.speaker is Speaker.AGENT), "")
            same += _similar(then, now) < 0.8 or not then  # a new agent line, the same answer
        needed = 1 if len(words(ctx.message)) >= 15 else 2
        if same >= needed:
            return f"repeated an earlier message word for word ({_quote(ctx.message)})"
        return None


# ----------------------------------------------------------------------------- leak
_LEAK = re.compile(
    r"\bmy (hidden )?(instructions|role card|system prompt|persona|hidden agenda)\b|"
    r"\bhidden agenda\b|\b(i'?m|i am) (role-?playing|playing (a|the) (customer|role|part))\b|"
    r"\b(as|i am|i'?m) an? (simulated|fake|test|virtual) customer\b|"
    r"\b(goal_status|wants_human|in_progress)\b|\"message\"\s*:"
)


def shingles(text: str, size: int = 7) -> frozenset[str]:
    """Every run of ``size`` words in ``text`` (folded)."""
    tokens = words(text)
    return frozenset(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@turn_check
class InstructionLeak(TurnCheck):
    """Leaks its instructions: recites its role card or talks about being a role-played or
    simulated customer."""

    kind = "instruction_leak"
    note = ("Never mention your instructions, your role, the JSON fields or that you are "
            "simulated. Write only what the customer says.")

    def check(self, ctx: TurnContext) -> str | None:
        found = _LEAK.search(ctx.folded)
        if found:
            return f"talked about its instructions ({_quote(ctx.folded, found)})"
        recited = shingles(ctx.message) & ctx.facts.role_card
        if recited:
            return f'recited its role card ("{sorted(recited)[0]}")'
        return None


# ----------------------------------------------------------------------------- markup
_MARKUP = re.compile(
    r"```|^#{1,6} \S|\*\*[^*\n]+\*\*|__[^_\n]+__|`[^`\n]+`|\|\s*-{3,}\s*\||"
    r"</?(b|i|p|br|div|span|strong|em|ul|li|code|pre|h\d|a)\b[^>]*>|"
    r"(^|\n)\s*[-*+] [^\n]+\n\s*[-*+] |(^|\n)\s*\d+\. [^\n]+\n\s*\d+\. |"
    r"\b(def|function|import|console\.log)\b[^\n]{0,30}[({]|=>|\{\s*\"\w+\"\s*:",
    re.MULTILINE,
)
_PLACEHOLDER = re.compile(
    r"\{\{?\s*[a-z_][a-z_ ]*\s*\}?\}|"
    r"\[(your|insert|customer|order|name|account|email|date|address|phone|number|amount)[^\]]{0,30}\]|"
    r"<(your|insert|customer|order|name|account|email|date|address|phone)[^>]{0,30}>|"
    r"\$\{?[a-z_]{2,}\}?|\b(lorem ipsum|placeholder|todo)\b|^\s*customer\s*:",
    re.IGNORECASE | re.MULTILINE,
)


@turn_check
class Markup(TurnCheck):
    """Markdown, HTML or code inside the message, template placeholders left unfilled, or a
    speaker label: a chat customer types plain text."""

    kind = "markup"
    note = ("Write plain chat text: no markdown, no lists, no code, no HTML, no placeholders "
            "like [your name] or {order_id}, no speaker label. Fill in real values.")

    def check(self, ctx: TurnContext) -> str | None:
        found = _MARKUP.search(ctx.message) or _PLACEHOLDER.search(ctx.message)
        if found:
            return f"markup or placeholder in the message ({_quote(ctx.message, found)})"
        return None


# ----------------------------------------------------------------------------- ends
@turn_check
class GaveUpWithoutCause(TurnCheck):
    """Gives up with nothing to give up over: calm, patience left, and the agent neither
    refused nor stalled (a model that quits after one turn)."""

    kind = "gave_up_without_cause"
    note = ("Do not give up yet: nothing the agent did gives you a reason. Keep going with "
            "goal_status in_progress and answer the agent.")

    def check(self, ctx: TurnContext) -> str | None:
        if ctx.goal_status != "abandoned" or ctx.give_up_due or ctx.intensity >= 0.5:
            return None
        replies = ctx.agent_replies()
        refused = any(Act.REFUSAL in classify(t.text).acts for t in replies)
        if refused or len(replies) >= 3:
            return None
        return (f"gave up while calm (intensity {ctx.intensity:.2f}) after {len(replies)} "
                f"agent replies, none a refusal ({_quote(ctx.message)})")


@turn_check
class AchievedWithoutCause(TurnCheck):
    """Says "achieved" when no agent reply held what the goal needs: before any reply, in a
    scenario whose goal cannot be met, or with no resolution fact, required fact, expected
    tool call or done action in any reply."""

    kind = "achieved_without_cause"
    note = ("The agent has not yet given you what you came for: keep goal_status in_progress "
            "(or abandoned if you accept a refusal) until it has.")

    def check(self, ctx: TurnContext) -> str | None:
        if ctx.goal_status != "achieved":
            return None
        if not ctx.agent_replies():
            return "declared the goal achieved before the agent replied"
        support = ctx.facts.resolution.supports_achieved(ctx.transcript)
        if not ctx.facts.goal_achievable and support is not True:
            # A bot that claims it did the forbidden thing gives the customer a cause; the
            # bot's claim is the accuracy evaluator's business, not the simulator's fault.
            return ("declared the goal achieved in a scenario where it cannot be "
                    "(expected.goal_achievable: false) and no agent reply claimed it was")
        if support is False:
            return "declared the goal achieved, but no agent reply held what the goal needs"
        return None


# ----------------------------------------------------------------------------- identity
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_MY_NAME = re.compile(
    r"\b(?:my name is|mein name ist|ich heisse|me llamo|mi nombre es|je m'appelle|mon nom est) "
    r"([a-z][\w'-]+)"
)
_MY_ID = re.compile(r"\bmy (order|account)( number| no\.?| id| reference)? is:? #?([a-z0-9-]*\d[a-z0-9-]*)")
_MY_PHONE = re.compile(r"\bmy (phone|mobile|telephone)( number)? is:? (\+?[\d][\d ()-]{6,}\d)")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@turn_check
class IdentityContradiction(TurnCheck):
    """Contradicts its own identity or the fixtures: another email, name, phone, or order or
    account number than its own (values the agent or the scenario mention are fine)."""

    kind = "identity_contradiction"
    note = ("Use only your own details exactly as given in 'Who you are' and 'What you know'; "
            "do not give other names, emails, phone numbers or order/account numbers.")

    def check(self, ctx: TurnContext) -> str | None:
        facts, text, seen = ctx.facts, ctx.folded, ctx.seen
        own = {facts.identity.email.lower(), *(v.lower() for v in facts.knows.values())}
        for email in _EMAIL.findall(text):
            if email.rstrip(".") not in own and email not in seen:
                return f"gave email {email}, but the customer's is {facts.identity.email}"
        name = _MY_NAME.search(text)
        allowed = {*fold(facts.identity.name).split(), *facts.other_names}
        if name and name.group(1) not in allowed and name.group(1) not in seen.split():
            return f"said their name is {name.group(1)}, but it is {facts.identity.name}"
        for found in _MY_ID.finditer(text):
            value = found.group(3)
            key = f"{found.group(1)}_id"
            mine = fold(facts.knows.get(key, getattr(facts.identity, key)))
            if value != mine and value not in seen:
                return f"said its {found.group(1)} number is {value.upper()}, but it is {mine.upper()}"
        phone = _MY_PHONE.search(text)
        if phone and _digits(phone.group(3)) not in _digits(facts.identity.phone + " " + seen):
            return f"gave phone {phone.group(3)}, but the customer's is {facts.identity.phone}"
        return None


# ----------------------------------------------------------------------------- invented
_ID_LIKE = re.compile(r"(?<![\w-])(?:[A-Z]{1,4}-?\d{3,}|#\d{4,})(?![\w-])")
_MONEY = re.compile(r"[£$€]\s?(\d+(?:[.,]\d{2}))\b|\b(\d+(?:[.,]\d{2}))\s?(?:€|eur|euros?|pounds|dollars)\b",
                    re.IGNORECASE)


@turn_check
class InventedFact(TurnCheck):
    """Invents facts outside its scenario: an order, account or reference number, or an exact
    amount, that neither the scenario, the fixtures, its identity nor the agent ever gave."""

    kind = "invented_fact"
    note = ("Do not invent order numbers, references or amounts: mention only values from "
            "'What you know' or that the agent said. If you do not know one, say so.")

    def check(self, ctx: TurnContext) -> str | None:
        seen = ctx.seen
        for found in _ID_LIKE.finditer(ctx.message):
            token = found.group(0).lower()
            if token not in seen and token.lstrip("#") not in seen:
                return f"mentioned {found.group(0)}, which the scenario does not hold"
        for found in _MONEY.finditer(ctx.message):
            amount = float((found.group(1) or found.group(2)).replace(",", "."))
            if amount not in ctx.facts.numbers and f"{amount:.2f}" not in seen:
                return f"mentioned the amount {found.group(0)}, which the scenario does not hold"
        return None


# ----------------------------------------------------------------------------- flags
@turn_check
class FlagsDisagree(TurnCheck):
    """The model's own flags (wants_human, disclosed, threat, abandoned) say something its
    words do not, or miss what they say. The words decide the events; this only records."""

    kind = "flags_disagree"
    note = "Set wants_human, disclosed and threat to match exactly what your message says."
    repairable = False

    def check(self, ctx: TurnContext) -> str | None:
        _, problems = reconcile(ctx.message, ctx.flagged, ctx.disclosed, ctx.human_offered)
        return "; ".join(problems) or None
