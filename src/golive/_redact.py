"""Masking credentials before text leaves golive's run folder (MLflow params, artifacts, reports).

Example:
    >>> redact("https://bob:s3cret@bots.example.com/v1?api_key=abc")
    'https://***@bots.example.com/v1?api_key=***'
    >>> redact("Authorization: Bearer sk-abcdef1234567890")
    'Authorization: Bearer sk-***'
"""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?<=://)[^/@\s]+@")
_SECRET_QUERY = re.compile(r"(?i)((?:api[_-]?key|token|secret|password|key)=)[^&\s]+")
_KEY_LIKE = re.compile(r"\b(sk|pk|rk)-[A-Za-z0-9_-]{8,}")


def redact(text: str) -> str:
    """Mask credentials in a URL or spec before it becomes a param, tag or artifact."""
    text = _USERINFO.sub("***@", text)
    text = _SECRET_QUERY.sub(r"\1***", text)
    return _KEY_LIKE.sub(r"\1-***", text)
