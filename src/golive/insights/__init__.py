"""Finding and explaining failures: patterns across episodes, minimal failing conversations.

Example:
    >>> from golive.insights import find_patterns
    >>> find_patterns([]).failed
    0
"""

from golive.insights.models import AnalystNote, Change, Insights, Mode, Pattern
from golive.insights.patterns import find_patterns, wilson
from golive.insights.render import compare, markdown

__all__ = [
    "AnalystNote",
    "Change",
    "Insights",
    "Mode",
    "Pattern",
    "compare",
    "find_patterns",
    "markdown",
    "wilson",
]
