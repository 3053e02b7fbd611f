"""A guardrail rule in Python: the bot must not call customers "mate" or "pal".

(A pattern rule like this one can also be YAML, see ``examples/team-rules.yaml``; Python is
for detectors that need code.) Importing this module registers the rule.
"""

from __future__ import annotations

from golive.evaluators.rules import Example, Rule, regex, register_rule
from golive.results.models import Severity

register_rule(Rule(
    "brand.slang", Severity.MINOR, "Calls the customer mate, pal or buddy.",
    regex(r"\b(mate|pal|buddy)\b"),
    bad=(Example("No problem, mate."),), good=(Example("No problem at all."),),
))
