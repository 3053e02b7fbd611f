"""The built-in persona library: at least 16 files, every label and adversarial kind."""

from __future__ import annotations

from importlib import resources

from golive.harness.suite import load_persona
from golive.personas.models import Adversarial
from golive.results.models import EmotionLabel, Vulnerability
from golive.validation import validate_files

FOLDER = resources.files("golive.personas").joinpath("library")
FILES = sorted((f for f in FOLDER.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)
PERSONAS = [load_persona(f) for f in FILES]


def test_at_least_sixteen_personas_with_ids_matching_file_names() -> None:
    assert len(PERSONAS) >= 16
    assert [p.id for p in PERSONAS] == [f.name[:-5] for f in FILES]


def test_library_spans_every_emotion_vulnerability_and_adversarial_kind() -> None:
    assert {p.emotion.label for p in PERSONAS} == set(EmotionLabel)
    assert {v for p in PERSONAS for v in p.vulnerabilities} == set(Vulnerability)
    assert {a for p in PERSONAS for a in p.adversarial} == set(Adversarial)
    assert {p.locale for p in PERSONAS} >= {"en_US", "en_GB", "de_DE", "es_ES", "fr_FR"}


def test_demo_personas_are_kept() -> None:
    ids = {p.id for p in PERSONAS}
    assert {"calm-carla", "angry-alex", "anxious-anna", "frustrated-frank", "confused-conor"} <= ids


def test_every_library_file_passes_golive_validate() -> None:
    from pathlib import Path

    assert validate_files([Path(str(f)) for f in FILES]) == []
