"""One aiohttp client per agent: a shared connection pool, a timeout and bounded retries.

Transient failures (connection errors, timeouts, HTTP 408/409/429/5xx) are retried with
exponential backoff (``Retry-After`` honoured); the last failure becomes an AgentError
whose kind (``unreachable``, ``timeout``, ``http_error``) is what the episode records.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from golive.errors import AgentError

TRANSIENT = {408, 409, 429, 500, 502, 503, 504}


class HttpClient:
    """POSTs JSON to one URL; the headers (secrets included) live only in memory."""

    def __init__(
        self,
        url: str,
        headers: dict[str, str],
        *,
        timeout_s: float = 60.0,
        retries: int = 2,
        backoff_s: float = 0.5,
        method: str = "POST",
        shown_url: str | None = None,
    ) -> None:
        self.url = url
        # What errors name: the URL as the user wrote it, ${ENV_VAR} references unexpanded,
        # because error messages are recorded in results.
        self.shown_url = shown_url or url
        self._headers = {"Content-Type": "application/json", **headers}
        self._timeout_s = timeout_s
        self._retries = retries
        self._backoff_s = backoff_s
        self._method = method
        self._session: Any = None

    def _client(self) -> Any:
        if self._session is None:
            import aiohttp

            connector = aiohttp.TCPConnector(limit=0, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                headers=self._headers,
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self._timeout_s),
            )
        return self._session

    async def post(self, payload: dict[str, Any]) -> str:
        """The response body, after bounded retries on transient errors."""
        async with self.stream(payload) as response:
            text: str = await response.text()
            return text

    @asynccontextmanager
    async def stream(self, payload: dict[str, Any]) -> AsyncIterator[Any]:
        """An open, successful response (for reading server-sent events line by line)."""
        import aiohttp

        yielded = False
        for attempt in range(self._retries + 1):
            last = attempt >= self._retries
            try:
                async with self._client().request(self._method, self.url, json=payload) as response:
                    if response.status in TRANSIENT and not last:
                        await response.read()
                        await asyncio.sleep(_retry_after(response.headers, self._backoff_s, attempt))
                        continue
                    if response.status >= 400:
                        body = await response.text()
                        raise AgentError("http_error", f"HTTP {response.status} from {self.shown_url}: {body[:200]}")
                    yielded = True
                    yield response
                    return
            except (aiohttp.ClientError, TimeoutError) as exc:
                if yielded:  # failed while the caller read the body: not ours to retry
                    raise AgentError("unreachable", f"{type(exc).__name__} reading {self.shown_url}") from exc
                if last:
                    kind = "timeout" if isinstance(exc, TimeoutError) else "unreachable"
                    detail = f"no answer within {self._timeout_s:g}s" if kind == "timeout" else str(exc)
                    detail = detail.replace(self.url, self.shown_url)
                    raise AgentError(kind, f"{type(exc).__name__} from {self.shown_url}: {detail}") from exc
                await asyncio.sleep(_retry_after({}, self._backoff_s, attempt))
        raise AgentError("http_error", f"retries exhausted for {self.shown_url}")

    async def aclose(self) -> None:
        """Close the connection pool (it belongs to the loop that opened it)."""
        if self._session is not None:
            await self._session.close()
            self._session = None


def _retry_after(headers: Any, base: float, attempt: int) -> float:
    # Retry-After wins; otherwise full jitter, so a 429 storm does not return in lockstep.
    from golive.llm.ratelimit import retry_after_of, retry_delay

    return retry_delay(attempt, retry_after=retry_after_of(headers), base_s=base)
