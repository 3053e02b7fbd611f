"""Random personas from a seed: ``golive personas sample`` and quick what-if suites.

Every generated persona validates against the persona schema; the same seed gives the
same personas (and identities).

Example:
    >>> [p.id for p in generate_personas(2, seed=7)] == [p.id for p in generate_personas(2, seed=7)]
    True
"""

from __future__ import annotations

import random

from golive.personas.identity import Identity, make_identity
from golive.personas.models import (
    Adversarial,
    AskForHuman,
    Disclosure,
    Persona,
    Threat,
    Verbosity,
)
from golive.results.models import Emotion, EmotionLabel, Vulnerability

LOCALES = ("en_US", "en_GB", "de_DE", "es_ES", "fr_FR")


def _subset(rng: random.Random, items: list[str], chance: float) -> list[str]:
    return [item for item in items if rng.random() < chance]


def generate_persona(rng: random.Random, index: int) -> tuple[Persona, Identity]:
    """One random persona and the identity it would have with seed ``index``."""
    locale = rng.choice(LOCALES)
    identity = make_identity(locale, rng.randrange(2**32))
    label = rng.choice(list(EmotionLabel))
    patience = rng.randint(2, 10)
    persona = Persona.model_validate({
        "id": f"gen-{index:03d}-{label.value}",
        "description": f"Generated: {identity.name}, {label.value}, patience {patience}.",
        "locale": locale,
        "write_in_locale": not locale.startswith("en") and rng.random() < 0.3,
        "emotion": Emotion(label=label, intensity=round(rng.uniform(0.05, 0.9), 2)),
        "patience": patience,
        "politeness": round(rng.random(), 2),
        "verbosity": rng.choice(list(Verbosity)),
        "tech_savvy": round(rng.random(), 2),
        "disclosure": rng.choice(list(Disclosure)),
        "typos": round(rng.choice((0.0, 0.0, 0.05, 0.1)), 2),
        "non_native": rng.random() < 0.15,
        "asks_for_human_after": (
            AskForHuman(turn=rng.randint(1, 6)) if rng.random() < 0.3 else None
        ),
        "threatens": _subset(rng, [t.value for t in Threat], 0.15),
        "vulnerabilities": _subset(rng, [v.value for v in Vulnerability], 0.1),
        "adversarial": _subset(rng, [a.value for a in Adversarial], 0.1),
    })
    return persona, identity


def generate_personas(n: int, seed: int) -> list[Persona]:
    """``n`` random personas from ``seed``."""
    rng = random.Random(seed)
    return [generate_persona(rng, i + 1)[0] for i in range(n)]


def generate_with_identities(n: int, seed: int) -> list[tuple[Persona, Identity]]:
    """``n`` random personas from ``seed``, each with a sample identity."""
    rng = random.Random(seed)
    return [generate_persona(rng, i + 1) for i in range(n)]
