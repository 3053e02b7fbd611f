"""Text normalisation for the detectors: lives in ``golive.scenarios.text`` (matching a reply
against a scenario's facts is shared by the evaluators and the simulated customers, who
read the same facts), re-exported here for the evaluators.

Example:
    >>> normalise("A refund of 39.99 pounds") == normalise("a refund of £39.99")
    True
"""

from __future__ import annotations

from golive.scenarios.text import SYNONYMS, contains_phrase, normalise, quote

__all__ = ["SYNONYMS", "contains_phrase", "normalise", "quote"]
