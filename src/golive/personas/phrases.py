"""Phrase templates for the scripted simulator, one YAML file per language (package data).

Each file under ``personas/phrases/`` holds the same keys; ``en.yaml`` is complete and
is the fallback for any key a translation leaves out.

Example:
    >>> book = phrase_book("de")
    >>> "Menschen" in book.ask_human[0]
    True
    >>> sorted(LANGUAGES)
    ['de', 'en', 'es', 'fr']
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from golive.errors import InputError

LANGUAGES = ("en", "de", "es", "fr")
_LISTS = ("greeting", "greeting_short", "sign_off", "ask_human", "accept_human", "reluctant", "already_gave",
          "dont_know", "thanks", "accept_refusal", "give_up", "jargon")
_MAPS = ("prefix", "context", "give_slot", "threat", "disclose", "probe")


@dataclass(frozen=True)
class PhraseBook:
    """Every template the scripted customer speaks in one language."""

    language: str
    greeting: tuple[str, ...]
    greeting_short: tuple[str, ...]
    sign_off: tuple[str, ...]
    ask_human: tuple[str, ...]
    accept_human: tuple[str, ...]
    reluctant: tuple[str, ...]
    already_gave: tuple[str, ...]
    dont_know: tuple[str, ...]
    thanks: tuple[str, ...]
    accept_refusal: tuple[str, ...]
    give_up: tuple[str, ...]
    jargon: tuple[str, ...]
    prefix: dict[str, tuple[str, ...]]
    context: dict[str, tuple[str, ...]]
    give_slot: dict[str, tuple[str, ...]]
    threat: dict[str, tuple[str, ...]]
    disclose: dict[str, tuple[str, ...]]
    probe: dict[str, tuple[str, ...]]


def _raw(language: str) -> dict[str, Any]:
    path = resources.files("golive.personas").joinpath("phrases", f"{language}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise InputError("expected a mapping of phrase lists", file=f"phrases/{language}.yaml")
    return data


def _as_tuple(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in (value if isinstance(value, list) else [value]))


@cache
def phrase_book(language: str) -> PhraseBook:
    """The phrases for ``language`` (en, de, es, fr), English filling any gap."""
    if language not in LANGUAGES:
        raise InputError(
            f"no scripted phrases for language {language!r}",
            field="locale",
            hint=f"write_in_locale works for locales of {list(LANGUAGES)}; "
            "set write_in_locale: false to keep English",
        )
    english, own = _raw("en"), _raw(language) if language != "en" else {}
    fields: dict[str, Any] = {"language": language}
    for key in _LISTS:
        fields[key] = _as_tuple(own.get(key) or english[key])
    for key in _MAPS:
        merged = {**english[key], **(own.get(key) or {})}
        fields[key] = {k: _as_tuple(v) for k, v in merged.items()}
    return PhraseBook(**fields)


def phrases_hash() -> str:
    """A content hash of every phrase file (part of the scripted simulator's provenance)."""
    digest = hashlib.sha256()
    for language in LANGUAGES:
        path = resources.files("golive.personas").joinpath("phrases", f"{language}.yaml")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
