"""Bots golive has never seen, for measuring its verdicts (``tools/measure_verdicts.py``).

- ``styles``: clean bots that behave exactly like ``acme_v2`` in three styles of wording
  (plain, terse, warm); a fair gate fails none of them more often than another.
- ``planted``: ``acme_v2`` with exactly one defect planted, in several ordinary phrasings,
  each occurrence recorded in ``ledger`` (episode id, reply number, defect kind) so the
  measurement can ask whether golive caught it with the right rule at the right turn.

These are shared test fixtures: helpers working on issue 14 read the same bots.
"""
