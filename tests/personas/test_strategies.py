"""The hypothesis strategies generate personas that pass the shipped JSON Schema."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
from hypothesis import given, settings

from golive.personas.generate import generate_personas
from golive.personas.models import Adversarial, Persona
from golive.personas.strategies import personas
from golive.results.models import EmotionLabel

SCHEMA = json.loads(resources.files("golive.schemas").joinpath("persona.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


@settings(max_examples=80, deadline=None)
@given(persona=personas())
def test_every_generated_persona_validates(persona: Persona) -> None:
    data = persona.model_dump(mode="json")
    VALIDATOR.validate(data)
    assert Persona.model_validate(data) == persona


@settings(max_examples=30, deadline=None)
@given(persona=personas(labels=[EmotionLabel.ANGRY], adversarial=False))
def test_strategy_options_narrow_what_is_generated(persona: Persona) -> None:
    assert persona.emotion.label is EmotionLabel.ANGRY and persona.adversarial == []


def test_seeded_generator_covers_the_space_and_validates() -> None:
    generated = generate_personas(120, seed=3)
    for persona in generated:
        VALIDATOR.validate(persona.model_dump(mode="json"))
    assert {p.emotion.label for p in generated} == set(EmotionLabel)
    assert {a for p in generated for a in p.adversarial} == set(Adversarial)
