"""The one gateway every LLM call goes through: simulator, prompted agents, judges.

It sits outside ``harness`` because evaluators (the LLM judge) and personas (the LLM
simulator) use it too, and evaluators must not import the harness.

Example:
    >>> from golive.llm import LLMRequest
    >>> len(LLMRequest(model="openai/gpt-4o-mini", messages=[]).cache_key())
    64
"""

from golive.llm.gateway import Gateway, LLMError, LLMRequest, LLMResponse

__all__ = ["Gateway", "LLMError", "LLMRequest", "LLMResponse"]
