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


def test_validate_explains_bad_persona_fields(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "italo.yaml").write_text(
        "kind: persona\nid: italo\nlocale: it_IT\nwrite_in_locale: true\n"
        "emotion: {label: calm, intensity: 0.1}\n")
    (tmp_path / "bad.yaml").write_text(
        "kind: persona\nid: bad\nlocale: english\nemotion: {label: grief, intensity: 0.5}\n"
        "typos: 0.9\n")
    result = cli("validate", "italo.yaml", "bad.yaml")
    assert result.returncode == 2
    assert ("italo.yaml:4: write_in_locale: Value error, no phrases for language 'it' of "
            "locale it_IT; supported languages are ['en', 'de', 'es', 'fr']") in result.stderr
    assert "bad.yaml:3: locale: 'english' does not match" in result.stderr
    assert "bad.yaml:4: emotion.label: 'grief' is not one of" in result.stderr
    assert "bad.yaml:5: typos: 0.9 is greater than the maximum of 0.3" in result.stderr
