"""A pack's pack.yaml gives every scenario the business's contacts and shared records."""

from __future__ import annotations

from pathlib import Path

import pytest

from golive.errors import InputError
from golive.harness.suite import load_scenario, load_suite, suite_path

SCENARIO = """kind: scenario
id: s1
title: t
customer: {goal: g, opening: hi, knows: {order_id: A1}}
fixtures: {orders: {A1: {item: lamp}}, customers: {C1: {name: Own Override}}}
"""


def pack(tmp_path: Path, shared: str) -> Path:
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "pack.yaml").write_text(shared, encoding="utf-8")
    path = tmp_path / "scenarios" / "s1.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    return path


def test_pack_defaults_merge_under_the_scenario(tmp_path: Path) -> None:
    path = pack(tmp_path, "kind: pack\nbusiness: {name: Acme, contacts: ['0161 496 0000']}\n"
                          "fixtures: {customers: {C9: {name: Maria Lopez}}, policy: {x: 1}}\n")
    scenario = load_scenario(path)
    assert scenario.business.contacts == ["0161 496 0000"]
    assert scenario.fixtures["policy"] == {"x": 1}
    assert scenario.fixtures["customers"] == {"C1": {"name": "Own Override"}}  # the scenario wins
    assert scenario.fixtures["orders"] == {"A1": {"item": "lamp"}}


@pytest.mark.parametrize(("shared", "says"), [
    ("kind: pack\ntitle: nope\n", "pack.yaml holds only kind, business and fixtures"),
    ("kind: pack\nbusiness: {contacts: [150]}\n", "business.contacts.0"),
    ("kind: pack\nfixtures: [1, 2]\n", "fixtures must be a mapping"),
])
def test_a_bad_pack_file_is_reported_with_its_file(tmp_path: Path, shared: str, says: str) -> None:
    path = pack(tmp_path, shared)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    assert says in str(err.value) or says == err.value.field
    assert "pack.yaml" in str(err.value.file)


def test_every_bundled_scenario_gets_its_packs_business_contacts() -> None:
    for name in ("demo", "retail", "telecom", "banking"):
        loaded = load_suite(suite_path(Path(f"pack:{name}")))
        assert all(s.business.contacts and "customers" in s.fixtures for s in loaded.scenarios)
