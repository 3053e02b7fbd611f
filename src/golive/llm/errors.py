"""Gateway errors: ``LLMError`` is final (an episode error); ``Transient`` is retried."""

from __future__ import annotations


class LLMError(Exception):
    """A model call failed for good; ``kind`` is rate_limit, server_error, timeout,
    unreachable, malformed, auth, bad_request, budget or error."""

    def __init__(self, kind: str, message: str) -> None:
        self.kind = kind
        super().__init__(message)


class Transient(LLMError):
    """A failure worth retrying (429, 5xx, timeout, connection); may carry Retry-After."""

    def __init__(self, kind: str, message: str, retry_after: str | None = None) -> None:
        self.retry_after = retry_after
        super().__init__(kind, message)
