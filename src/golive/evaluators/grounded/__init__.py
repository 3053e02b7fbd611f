"""Grounded checks: what a reply asserts, compared with what is true in the episode.

- ``values``: the checkable values in a text (amounts, dates, ids, e-mails, phones...);
- ``sources``: what the bot could know at a turn (scenario, fixtures, tool results,
  customer identity, what the customer said);
- ``facts``: values that contradict the truth (``accuracy.wrong_fact``) or that no source
  supports (``accuracy.unsupported_value``);
- ``actions``: words against actions, a claimed refund, cancellation or change checked
  against the tool calls (``accuracy.unbacked_claim.*``, ``accuracy.action_mismatch.*``);
- ``records``: personal data by record, never by shape (``pii.other_customer``,
  ``pii.before_verification``);
- ``canary``: secrets the agent was given, found by overlapping word runs (``secrets.canary``).

The accuracy evaluator runs ``facts`` and ``actions``; ``records`` and ``canary`` are
guardrail rules (listed by ``golive rules``, disabled or re-weighted per scenario).
"""
