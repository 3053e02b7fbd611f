"""The measuring bots do what they say: styles keep every value, planted bots plant and record."""

from __future__ import annotations

import asyncio
import re

import pytest

from tests.defects import ledger, planted, styles

KETTLE = [{"role": "user", "content": "Where is my kettle? Order A1001."}]
AMOUNTS = re.compile(r"£[\d.]+|\b\d{1,2} (?:March|days?)\b|A\d{4}|AC-\d{4}")


@pytest.mark.parametrize("style", styles.STYLES)
def test_a_style_rewords_but_keeps_every_value(style: str) -> None:
    said = "I've arranged a full refund of £39.99 for your kettle; it will reach your card within 5 working days."
    styled = styles.restyle(said, style, "ep", 1)
    assert styled != said
    assert AMOUNTS.findall(styled)[:1] == ["£39.99"]
    assert "full refund" in styled.lower()  # what a scripted customer listens for


def test_unknown_sentences_stay_as_acme_v2_wrote_them() -> None:
    assert styles.restyle("Something new.", "warm", "ep", 1) == "Something new."


@pytest.mark.parametrize("kind", ["human", "discount", "callback", "blame", "dismissive",
                                  "other_customer", "whitespace", "language"])
def test_a_first_reply_defect_is_planted_and_recorded(kind: str) -> None:
    ledger.clear()
    bot = getattr(planted, f"bot_{kind}")
    clean = asyncio.run(planted.acme_v2.respond(list(KETTLE)))
    reply = asyncio.run(bot(list(KETTLE), session_id="ep1"))
    assert reply != clean
    assert [o.kind for o in ledger.occurrences("ep1")] == [kind]
    assert ledger.occurrences("ep1")[0].customer_turns == 1


def test_the_date_bot_moves_weekday_and_day_together() -> None:
    ledger.clear()
    reply = asyncio.run(planted.bot_date(list(KETTLE), session_id="ep2"))
    assert isinstance(reply, str) and "14" not in reply
    assert re.search(r"Fri\w*\b.*15|15.*Fri", reply)
    assert ledger.occurrences("ep2")[0].detail.startswith("Thursday 14 March")


def test_a_clean_reply_records_nothing() -> None:
    ledger.clear()
    asyncio.run(planted.bot_advice(list(KETTLE), session_id="ep3"))
    assert ledger.occurrences("ep3") == []


def test_every_kind_has_a_bot_and_rules() -> None:
    assert len(planted.KINDS) == 18
    for name, kind in planted.KINDS.items():
        assert callable(getattr(planted, f"bot_{name}")) and kind.rules
