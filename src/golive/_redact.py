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

import json
import os
import re
import threading
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote, urlsplit

MASK = "***"
MIN_SECRET_LEN = 8  # shorter values ("admin", "1") would mask ordinary words
_SECRET_NAME = re.compile(
    r"(?i)(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSWORD|PASSWD|PASS|CREDENTIALS?|AUTH)($|_)"
)
_USERINFO = re.compile(r"://[^/@\s\"'<>]+@")  # a literal first: re scans for it fast
_QUERY_VALUE = re.compile(r"=(?!\$\{)[^&\s\"'<>]+")  # a ${NAME} reference names a secret
_QUERY_NAME = re.compile(
    r"(?i)(?:^|[^A-Za-z0-9])(?:api[_-]?key|access[_-]?token|token|secret|password|passwd|key|"
    r"sig|signature)$"
)
# Key shapes as (literal start, rest, keep the start?). Each pattern begins with its
# literal, so re scans for it at C speed and nothing runs on text without it; the word
# boundary before it is checked in ``_shape`` (a leading \b or one combined
# case-insensitive pattern cost milliseconds per results line).
_SHAPE_TABLE: tuple[tuple[str, str, bool], ...] = (
    *((b, r"\s+[A-Za-z0-9._~+/=-]{8,}", True) for b in ("Bearer", "bearer", "BEARER")),
    *((k, r"[A-Za-z0-9_-]{8,}", True) for k in ("sk-", "pk-", "rk-")),  # OpenAI, Anthropic
    *((g, r"[A-Za-z0-9]{20,}", False) for g in ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    ("github_pat_", r"[A-Za-z0-9_]{20,}", False),
    ("xox", r"[abposr]-[A-Za-z0-9-]{10,}", False),  # Slack
    ("AKIA", r"[0-9A-Z]{16}\b", False),  # AWS access key ids
    ("ASIA", r"[0-9A-Z]{16}\b", False),
    ("AIza", r"[0-9A-Za-z_-]{35}", False),  # Google API keys
    ("hf_", r"[A-Za-z0-9]{30,}", False),  # Hugging Face
    ("eyJ", r"[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}", False),  # JWT
    ("-----BEGIN ", r"[A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----", False),
)
_SHAPES = tuple((start, re.compile(re.escape(start) + rest), keep)
                for start, rest, keep in _SHAPE_TABLE)

_lock = threading.Lock()
_registered: set[str] = set()
_known: re.Pattern[str] | None = None
_env_seen: tuple[tuple[str, str], ...] | None = None
_env_checked = 0.0
ENV_RECHECK_S = 0.5  # the environment is rescanned at most this often (redact is hot)


def register_secret(value: str | None) -> None:
    """Mask ``value`` wherever it appears from now on (an expanded ``${ENV}``, a key)."""
    global _known
    if not value or len(value) < MIN_SECRET_LEN:
        return
    with _lock:
        if value not in _registered:
            _registered.add(value)
            _known = None  # rebuilt (with the environment) on the next redact


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
        if _SECRET_NAME.search(name) and len(value) >= MIN_SECRET_LEN and not _is_path(value)
    ))


def _is_path(value: str) -> bool:
    # SSH_AUTH_SOCK, PASSWORD_STORE_DIR, GOOGLE_APPLICATION_CREDENTIALS name files, not
    # secrets; masking them would corrupt paths in manifests and reports.
    return value.startswith(("/", "~", "./")) and os.path.exists(os.path.expanduser(value))


_NOTHING = re.compile(r"(?!)")


def _known_pattern() -> re.Pattern[str]:
    global _known, _env_seen, _env_checked
    now = time.monotonic()
    if _known is not None and now - _env_checked < ENV_RECHECK_S:
        return _known
    env = _env_secrets()  # rescanned: a wrapper may set a key mid-process
    with _lock:
        _env_checked = now
        if _known is None or env != _env_seen:
            values = {v for _, v in env} | _registered
            # Also as they appear inside JSON strings (results lines are redacted as text).
            values |= {json.dumps(v)[1:-1] for v in values}
            # Longest first, so a secret that contains another is masked whole.
            ordered = sorted(values, key=len, reverse=True)
            _known = re.compile("|".join(map(re.escape, ordered))) if ordered else _NOTHING
            _env_seen = env
        return _known


def _masker(start: str, keep: bool) -> Callable[[re.Match[str]], str]:
    def mask(match: re.Match[str]) -> str:
        at = match.start()
        text = match.string
        if at and start[0].isalnum() and (text[at - 1].isalnum() or text[at - 1] == "_"):
            return match.group(0)  # inside a longer word: not a key (e.g. "desk-...")
        return (start + (" " if start.lower() == "bearer" else "") + MASK) if keep else MASK

    return mask


def _query_value(text: str) -> str:
    def mask(match: re.Match[str]) -> str:
        before = text[max(0, match.start() - 24) : match.start()]
        return "=" + MASK if _QUERY_NAME.search(before) else match.group(0)

    return _QUERY_VALUE.sub(mask, text)


def redact(text: str) -> str:
    """``text`` with every known secret, URL credential and key-shaped string masked."""
    if not text:
        return text
    known = _known_pattern()
    if known is not _NOTHING:
        text = known.sub(MASK, text)
    if "://" in text and "@" in text:
        text = _USERINFO.sub("://" + MASK + "@", text)
    if "=" in text:
        text = _query_value(text)
    for start, pattern, keep in _SHAPES:
        if start in text:
            text = pattern.sub(_masker(start, keep), text)
    return text


def redact_json(text: str) -> str:
    """A JSON document with every secret masked, in one pass over its text.

    Much faster than ``redact_data`` on the parsed value (one regex pass instead of one per
    string); if masking ever broke the JSON (a secret right after a backslash escape), the
    value is redacted string by string instead.
    """
    masked = redact(text)
    if masked == text:
        return text
    try:
        json.loads(masked)
    except ValueError:
        return json.dumps(redact_data(json.loads(text)), sort_keys=True, ensure_ascii=False)
    return masked


def redact_data(value: Any) -> Any:
    """Every string inside ``value`` (dicts, lists, keys too) passed through ``redact``."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_data(k): redact_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_data(v) for v in value]
    return value
