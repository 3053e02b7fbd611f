"""Hypothesis strategies for property-based suites: valid personas and emotions.

Example:
    >>> from hypothesis import given
    >>> @given(personas())
    ... def test_patience_is_positive(persona):
    ...     assert persona.patience >= 1
    >>> test_patience_is_positive()
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from golive.personas.models import Adversarial, Disclosure, Persona, Threat, Verbosity
from golive.results.models import Emotion, EmotionLabel, Vulnerability

__all__ = ["emotions", "personas"]

LOCALES = ("en_US", "en_GB", "de_DE", "es_ES", "fr_FR")
_unit = st.floats(0.0, 1.0, allow_nan=False)


def emotions(labels: list[EmotionLabel] | None = None) -> st.SearchStrategy[Emotion]:
    """Any emotion (optionally only some labels), intensity in [0, 1]."""
    return st.builds(Emotion, label=st.sampled_from(labels or list(EmotionLabel)), intensity=_unit)


def _unique(values: list[Any]) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=len(values))


def personas(
    *, labels: list[EmotionLabel] | None = None, adversarial: bool = True
) -> st.SearchStrategy[Persona]:
    """Valid personas; ``adversarial=False`` leaves out adversarial traits."""
    adversaries = _unique(list(Adversarial)) if adversarial else st.just([])
    fields = st.fixed_dictionaries({
        "id": st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True),
        "locale": st.sampled_from(LOCALES),
        "write_in_locale": st.booleans(),
        "emotion": emotions(labels),
        "patience": st.integers(1, 50),
        "patience_minutes": st.none() | st.floats(0.1, 600.0, allow_nan=False),
        "typing_wpm": st.floats(5.0, 200.0, allow_nan=False),
        "politeness": _unit,
        "verbosity": st.sampled_from(list(Verbosity)),
        "tech_savvy": _unit,
        "disclosure": st.sampled_from(list(Disclosure)),
        "typos": st.floats(0.0, 0.3, allow_nan=False),
        "non_native": st.booleans(),
        "asks_for_human_after": st.none() | st.fixed_dictionaries(
            {"turn": st.none() | st.integers(1, 20), "intensity": st.none() | _unit}),
        "gives_up_after": st.none() | st.integers(1, 20),
        "threatens": _unique(list(Threat)),
        "threatens_at": _unit,
        "vulnerabilities": _unique(list(Vulnerability)),
        "adversarial": adversaries,
    })
    return fields.map(Persona.model_validate)
