"""The shipped JSON Schemas agree with the models, and the bundled data validates."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive._schemas import SCHEMA_MODELS, generate
from golive._yamlfile import load_schema
from golive.harness.suite import demo_suite_path, load_suite
from golive.results.models import Emotion, EmotionLabel, EpisodeResult


@pytest.mark.parametrize("kind", sorted(SCHEMA_MODELS))
def test_shipped_schema_matches_model(kind: str) -> None:
    shipped = resources.files("golive.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")
    assert shipped == generate(kind), f"run `python -m golive._schemas` to refresh {kind}"


@pytest.mark.parametrize("kind", sorted(SCHEMA_MODELS))
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    jsonschema.Draft202012Validator.check_schema(load_schema(kind))


def test_demo_suite_loads_with_at_least_four_scenarios_and_personas() -> None:
    loaded = load_suite(demo_suite_path())
    assert len(loaded.scenarios) >= 4 and len(loaded.personas) >= 4
    tags = {t for s in loaded.scenarios for t in s.tags}
    assert {"routine", "human-request", "policy-trap", "emotional"} <= tags


def test_bundled_episode_results_validate_against_schema(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from golive.harness.rehearsal import RunConfig, run_suite
    from golive.results import RunFolder

    outcome = run_suite(RunConfig(agent="acme_v1", mlflow=False, quiet=True, out=tmp_path / "r"))
    validator = jsonschema.Draft202012Validator(load_schema("episode_result"))
    results = RunFolder(outcome.folder).load_results()
    assert results
    for result in results:
        validator.validate(json.loads(result.model_dump_json()))


@given(
    label=st.sampled_from(list(EmotionLabel)),
    intensity=st.floats(min_value=0, max_value=1, allow_nan=False),
)
def test_emotion_round_trips_through_json_and_schema(label: EmotionLabel, intensity: float) -> None:
    emotion = Emotion(label=label, intensity=intensity)
    data = json.loads(emotion.model_dump_json())
    schema = load_schema("transcript")
    sub = {"$defs": schema["$defs"], **schema["$defs"]["Emotion"]}
    jsonschema.validate(data, sub)
    assert Emotion.model_validate(data) == emotion


def test_episode_result_rejects_out_of_range_intensity() -> None:
    with pytest.raises(ValueError):
        Emotion(label=EmotionLabel.CALM, intensity=1.5)
    assert "episode_id" in EpisodeResult.model_json_schema()["required"]
