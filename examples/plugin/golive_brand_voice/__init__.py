"""Brand voice: a support bot of ours never signs off casually ("All sorted!", "No worries").

A golive evaluator in one module: it declares its metric, and registering the class (the
``@register`` line) is all golive needs, so this package touches no golive table.

Example:
    >>> import re
    >>> bool(CASUAL.search("Done! I've cancelled it. All sorted!"))
    True
"""

from __future__ import annotations

import re

from golive.evaluators import Episode, Evaluation, register
from golive.results.metrics import rate
from golive.results.models import Finding, Severity, Speaker

NAME = "brand_voice"
RULE = "brand_voice.casual_signoff"
CASUAL = re.compile(r"\b(all sorted|no worries|cheers|laters|ta-ra)\b[!.]*", re.IGNORECASE)


@register
class BrandVoice:
    """Flags agent replies that sign off casually; one minor finding per such reply."""

    name = NAME
    metrics = (
        rate("brand_voice.casual_rate", False,
             "Share of episodes where the bot signed off casually (off-brand).",
             "casual_signoff", lambda r: r.scores.get("brand_voice.casual_signoffs", 0.0) > 0,
             headline=True),
    )

    def evaluate(self, episode: Episode) -> Evaluation:
        findings = []
        for turn in episode.transcript.turns:
            match = CASUAL.search(turn.text) if turn.speaker is Speaker.AGENT else None
            if match is not None:
                findings.append(Finding(
                    evaluator=NAME, rule_id=RULE, severity=Severity.MINOR, turn=turn.index,
                    evidence=match.group(0),
                    explanation="signs off casually; our voice is warm but not chummy"))
        return Evaluation(scores={"brand_voice.casual_signoffs": float(len(findings))},
                          findings=tuple(findings))
