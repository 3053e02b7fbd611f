"""Faker identities: seeded per episode, consistent with the scenario's fixtures."""

from __future__ import annotations

import pytest

from golive.personas.identity import make_identity

LOCALES = ["en_US", "en_GB", "de_DE", "es_ES", "fr_FR"]


@pytest.mark.parametrize("locale", LOCALES)
def test_same_seed_same_identity_other_seed_another(locale: str) -> None:
    assert make_identity(locale, 11) == make_identity(locale, 11)
    names = {make_identity(locale, seed).name for seed in range(20)}
    assert len(names) >= 15


def test_scenario_facts_win_over_generated_ones() -> None:
    knows = {"order_id": "A1001", "email": "sam.taylor@example.com", "name": "Sam Taylor"}
    identity = make_identity("de_DE", 5, knows)
    assert (identity.order_id, identity.email, identity.name) == ("A1001", knows["email"], "Sam Taylor")
    assert identity.first_name == "Sam" and identity.last_name == "Taylor"
    assert identity.other_order != "A1001" and len(identity.other_order) == 5


def test_generated_email_is_ascii_and_matches_the_name() -> None:
    identity = make_identity("fr_FR", 3)
    assert identity.email.isascii() and "@" in identity.email
    assert identity.last_name.lower()[:2] in identity.email or identity.first_name.lower()[:2] in identity.email
