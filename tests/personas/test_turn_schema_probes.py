"""The LLM customer reports its probe in a JSON turn: the schema must know every trait."""

from __future__ import annotations

import json
import re
from importlib import resources

from golive.personas.models import Adversarial


def test_the_turn_schema_and_the_role_card_list_every_adversarial_trait() -> None:
    prompts = resources.files("golive.personas").joinpath("prompts")
    schema = json.loads(prompts.joinpath("turn.schema.json").read_text("utf-8"))
    enum = set(schema["properties"]["probe"]["enum"]) - {None}
    card = prompts.joinpath("customer.md").read_text("utf-8")
    listed = re.search(r'"probe": <null or ([^>]+)>', card)
    assert listed is not None
    traits = {a.value for a in Adversarial}
    assert enum == traits
    assert set(listed.group(1).split("|")) == traits
