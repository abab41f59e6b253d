"""Running callables at the same moment, each thread on its own database connection (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections


def require_postgres(reason: str = "needs PostgreSQL (row locks, two connections)") -> None:
    if connection.vendor != "postgresql":
        pytest.skip(reason)


def race(fns, *, timeout: float = 60):
    """Start every callable together; returns [("ok", value) | ("error", message) | ("crash", repr)]."""
    barrier = threading.Barrier(len(fns))
    results = [None] * len(fns)

    def run(i, fn):
        try:
            barrier.wait()
            results[i] = ("ok", fn())
        except ValidationError as e:
            results[i] = ("error", " ".join(e.messages))
        except Exception as e:  # noqa: BLE001 - reported to the test
            results[i] = ("crash", repr(e))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(fns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return results
