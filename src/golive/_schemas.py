"""The JSON Schemas golive ships, generated from the pydantic models.

``python -m golive._schemas`` rewrites them; a test fails when they drift from the models.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from pydantic import BaseModel

from golive.gate import GateSpec
from golive.harness.suite import Suite
from golive.personas.models import Persona
from golive.results.models import EpisodeResult, Transcript
from golive.scenarios.models import Scenario

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "scenario": Scenario,
    "persona": Persona,
    "suite": Suite,
    "transcript": Transcript,
    "episode_result": EpisodeResult,
    "gate": GateSpec,
}


def generate(kind: str) -> str:
    """The schema text for ``kind`` as it should be on disk."""
    schema = SCHEMA_MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://golive.dev/schemas/{kind}.schema.json"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"


def write_all() -> list[Path]:
    """Regenerate every schema file in the source tree."""
    folder = Path(str(resources.files("golive.schemas")))
    written = []
    for kind in SCHEMA_MODELS:
        path = folder / f"{kind}.schema.json"
        path.write_text(generate(kind), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for p in write_all():
        print(p)
