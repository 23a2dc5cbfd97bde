"""Counting round trips to Redis (not timing them): every command, pipeline or script sent by any
redis-py connection of this process is one write to the socket."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from redis.connection import AbstractConnection

from portal.cache import redis_client


@contextmanager
def counted_round_trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """The packed commands sent while the block runs, one per round trip. Skips the test when
    the cache is not Redis (the round trips counted are Redis's)."""
    if redis_client() is None:
        pytest.skip("needs the Redis cache (REDIS_URL)")
    sent: list[bytes] = []
    original = AbstractConnection.send_packed_command

    def counting(self: AbstractConnection, command: object, check_health: bool = True) -> None:
        sent.append(command if isinstance(command, bytes) else b"".join(command))  # type: ignore[arg-type]
        original(self, command, check_health)

    with monkeypatch.context() as patch:
        patch.setattr(AbstractConnection, "send_packed_command", counting)
        yield sent
