"""The one gateway every LLM call goes through: simulator, prompted agents, judges.

It sits outside ``harness`` because evaluators (the LLM judge) and personas (the LLM
simulator) use it too, and evaluators must not import the harness. Inside a run, get the
run's gateway with ``current_gateway()`` so its cache, rate limits and cost cover the call.

Example:
    >>> from golive.llm import LLMRequest
    >>> len(LLMRequest(model="openai/gpt-4o-mini", messages=[]).cache_key())
    64
"""

from golive.llm.cost import Ledger
from golive.llm.errors import LLMError, Transient
from golive.llm.gateway import (
    Gateway,
    current_gateway,
    episode_ledger,
    installed_gateway,
    use_gateway,
)
from golive.llm.ratelimit import RateLimiter
from golive.llm.request import LLMRequest, LLMResponse

__all__ = [
    "Gateway",
    "LLMError",
    "LLMRequest",
    "LLMResponse",
    "Ledger",
    "RateLimiter",
    "Transient",
    "current_gateway",
    "episode_ledger",
    "installed_gateway",
    "use_gateway",
]
