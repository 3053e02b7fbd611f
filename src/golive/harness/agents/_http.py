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

from golive._redact import redact, register_secret, register_url_credentials
from golive.errors import AgentError
from golive.harness.agents.size import MAX_REPLY_BYTES, too_large

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
        max_bytes: int | None = None,
    ) -> None:
        url, headers = _credentials_to_header(url, headers)
        self.url = url
        # What errors name: the URL as the user wrote it, ${ENV_VAR} references unexpanded
        # and credentials masked, because error messages are recorded in results.
        self.shown_url = redact(shown_url or url)
        self._headers = {"Content-Type": "application/json", **headers}
        self._timeout_s = timeout_s
        self._retries = retries
        self._backoff_s = backoff_s
        self._method = method
        self._session: Any = None
        # Read no more than this from a response (default: the run's --max-reply-bytes):
        # a bot answering 10 MB must not cost minutes of scoring and a huge results file.
        self._max_bytes = max_bytes

    @property
    def max_bytes(self) -> int:
        """The most bytes read from one response."""
        return self._max_bytes if self._max_bytes is not None else MAX_REPLY_BYTES.get()

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

    async def post(self, payload: dict[str, Any] | bytes) -> str:
        """The response body, after bounded retries on transient errors.

        ``payload`` is a JSON value, or its encoding already (see ``openai_http.ChatBody``).
        """
        async with self.stream(payload) as response:
            body = await self._read_capped(response)
            return body.decode(response.charset or "utf-8", "replace")

    async def _read_capped(self, response: Any) -> bytes:
        limit = self.max_bytes
        if (response.content_length or 0) > limit:
            raise too_large(response.content_length, self.shown_url)
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.content.iter_chunked(65536):
            size += len(chunk)
            if size > limit:
                raise too_large(None, self.shown_url)
            chunks.append(chunk)
        return b"".join(chunks)

    async def lines(self, response: Any) -> AsyncIterator[bytes]:
        """A streamed response's lines, stopping with an AgentError past ``max_bytes``."""
        limit, size = self.max_bytes, 0
        try:
            async for line in response.content:
                size += len(line)
                if size > limit:
                    raise too_large(None, self.shown_url)
                yield line
        except ValueError as exc:  # aiohttp: one line longer than its buffer
            raise too_large(None, self.shown_url) from exc

    @asynccontextmanager
    async def stream(self, payload: dict[str, Any] | bytes) -> AsyncIterator[Any]:
        """An open, successful response (for reading server-sent events line by line)."""
        import aiohttp

        yielded = False
        for attempt in range(self._retries + 1):
            last = attempt >= self._retries
            try:
                # Pre-encoded bytes go as they are (the session's Content-Type is JSON).
                body = {"data": payload} if isinstance(payload, bytes) else {"json": payload}
                async with self._client().request(self._method, self.url, **body) as response:
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


def _credentials_to_header(url: str, headers: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Move ``user:pass@`` out of the URL into a Basic ``Authorization`` header.

    aiohttp refuses a URL with credentials when an ``Authorization`` header is also set
    (``GOLIVE_AGENT_API_KEY`` or an agent file's header): that header wins, and the URL's
    credentials are not sent. Either way they are registered for redaction.
    """
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, headers
    register_url_credentials(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    if any(k.lower() == "authorization" for k in headers):
        return bare, headers
    import base64

    pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
    token = base64.b64encode(pair.encode()).decode()
    register_secret(token)
    return bare, {**headers, "Authorization": f"Basic {token}"}


def _retry_after(headers: Any, base: float, attempt: int) -> float:
    # Retry-After wins; otherwise full jitter, so a 429 storm does not return in lockstep.
    from golive.llm.ratelimit import retry_after_of, retry_delay

    return retry_delay(attempt, retry_after=retry_after_of(headers), base_s=base)

