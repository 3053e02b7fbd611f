"""The one redaction layer: every string that leaves the process passes ``redact``.

What leaves: results and timings lines, ``manifest.json``, every report, and everything
sent to MLflow (params, tags, run names, artifacts, assessments, traces). What is masked:

- known secret values: environment variables whose names say they are secrets (``*_KEY``,
  ``*TOKEN*``, ``*SECRET*``, ``*PASSWORD*``...), values golive expanded itself from
  ``${ENV}`` in agent files, URL credentials and API keys the adapters were given
  (``register_secret``);
- URL credentials (``https://user:pass@host``) and secret query parameters;
- common key shapes (OpenAI/Anthropic ``sk-``, GitHub, Slack, AWS, Google, Hugging Face
  tokens, JWTs, bearer tokens, PEM private keys).

A value golive cannot recognise by name or shape is not found: never put a secret in a
scenario's text.

Example:
    >>> redact("https://bob:s3cret@bots.example.com/v1?api_key=abc")
    'https://***@bots.example.com/v1?api_key=***'
    >>> redact("Authorization: Bearer sk-abcdef1234567890")
    'Authorization: Bearer ***'
    >>> register_secret("hunter2-correct-horse"); redact("pw is hunter2-correct-horse!")
    'pw is ***!'
"""

from __future__ import annotations

import os
import re
import threading
from typing import Any
from urllib.parse import unquote, urlsplit

MASK = "***"
MIN_SECRET_LEN = 8  # shorter values ("admin", "1") would mask ordinary words
_SECRET_NAME = re.compile(
    r"(?i)(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|PWD|CREDENTIALS?|AUTH)($|_)"
)
_USERINFO = re.compile(r"(?<=://)[^/@\s\"'<>]+@")
_SECRET_QUERY = re.compile(
    r"(?i)((?:api[_-]?key|access[_-]?token|token|secret|password|passwd|key|sig|signature)=)"
    r"(?!\$\{)[^&\s\"'<>]+"  # a ${NAME} reference is not the secret: it names one
)
_SHAPES = re.compile(
    "|".join(
        [
            r"(?i)\bbearer\s+[A-Za-z0-9._~+/=-]{8,}",
            r"\b(?:sk|pk|rk)-[A-Za-z0-9_-]{8,}",  # OpenAI, Anthropic (sk-ant-...), Stripe-like
            r"\bgh[pousr]_[A-Za-z0-9]{20,}",  # GitHub tokens
            r"\bgithub_pat_[A-Za-z0-9_]{20,}",
            r"\bxox[abposr]-[A-Za-z0-9-]{10,}",  # Slack
            r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",  # AWS access key ids
            r"\bAIza[0-9A-Za-z_-]{35}",  # Google API keys
            r"\bhf_[A-Za-z0-9]{30,}",  # Hugging Face
            r"\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}",  # JWT
            r"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----",
        ]
    )
)

_lock = threading.Lock()
_registered: set[str] = set()
_known: re.Pattern[str] | None = None
_env_seen: tuple[tuple[str, str], ...] | None = None


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears from now on (an expanded ``${ENV}``, a key)."""
    global _known
    if not value or len(value) < MIN_SECRET_LEN:
        return
    with _lock:
        if value not in _registered:
            _registered.add(value)
            _known = None


def register_url_credentials(url: str) -> None:
    """Register the password (and a long user name) in ``url``'s credentials, if any."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    for part in (parts.password, parts.username):
        if part:
            register_secret(part)
            register_secret(unquote(part))


def _env_secrets() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(
        (name, value) for name, value in os.environ.items()
        if _SECRET_NAME.search(name) and len(value) >= MIN_SECRET_LEN
    ))


_NOTHING = re.compile(r"(?!)")


def _known_pattern() -> re.Pattern[str]:
    global _known, _env_seen
    env = _env_secrets()  # read each time: a test or a wrapper may set a key mid-process
    with _lock:
        if _known is None or env != _env_seen:
            values = {v for _, v in env} | _registered
            # Longest first, so a secret that contains another is masked whole.
            ordered = sorted(values, key=len, reverse=True)
            _known = re.compile("|".join(map(re.escape, ordered))) if ordered else _NOTHING
            _env_seen = env
        return _known


def _shape(match: re.Match[str]) -> str:
    text = match.group(0)
    if text[:6].lower() == "bearer":
        return text.split()[0] + " " + MASK
    if text[:3].lower() in ("sk-", "pk-", "rk-"):
        return text[:3] + MASK  # the prefix says which kind of key it was
    return MASK


def redact(text: str) -> str:
    """``text`` with every known secret, URL credential and key-shaped string masked."""
    if not text:
        return text
    known = _known_pattern()
    if known is not _NOTHING:
        text = known.sub(MASK, text)
    text = _USERINFO.sub(MASK + "@", text)
    text = _SECRET_QUERY.sub(r"\1" + MASK, text)
    return _SHAPES.sub(_shape, text)


def redact_data(value: Any) -> Any:
    """Every string inside ``value`` (dicts, lists, keys too) passed through ``redact``."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_data(k): redact_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(v) for v in value]
    return value
