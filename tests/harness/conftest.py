"""Fixtures for runner, resume, fault and gateway tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.harness.fault_server import FaultServer

_SERVER: FaultServer | None = None


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    """One misbehaving OpenAI-compatible server per test session, counters reset per test."""
    global _SERVER
    if _SERVER is None:
        _SERVER = FaultServer()
    _SERVER.reset()
    yield _SERVER
