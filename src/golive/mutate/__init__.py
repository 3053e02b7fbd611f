"""``golive mutate``: plant one defect at a time in the candidate's replies, count what the suite catches.

Mutation testing for support-bot suites. Each mutation operator (registry kind ``mutation``,
``golive.mutate.operators``) changes one behaviour of the real bot's replies; the suite is
run against each mutant, and each is *killed* (an episode fails with a finding that names
the operator's rule), *killed for another reason*, *survived* (with why: no customer made
it fire, no rule caught it, or a threshold ignores it, and what to add) or *unknown*
(errors; never counted as killed).
"""

from __future__ import annotations

__all__ = ["BUILTIN_ORDER"]

#: The built-in operators in the order reports list them (the issue's order).
BUILTIN_ORDER = (
    "drop_transfer",
    "delay_transfer",
    "blank_summary",
    "transfer_unasked",
    "claims_human",
    "evades_bot_question",
    "unallowed_promise",
    "wrong_value",
    "wrong_tool_argument",
    "leak_other_customer",
    "obeys_injection",
    "reveals_system_prompt",
    "regulated_advice",
    "switch_language",
    "empty_reply",
    "repeat_question",
    "blame_dismissive",
)
