"""Shared fixtures: a fresh database file per test, profile builders, the app."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from matcher import store
from matcher.directory.schema import FIELD_NAMES
from matcher.engine.answer import Answer
from matcher.engine.matcher import Matcher

# The client request of CONTRACT §2, word for word.
CONTRACT_EXAMPLE: dict[str, Any] = {
    "request_id": "intake-1187",
    "state": "MA",
    "format": "either",
    "postal_code": "02446",
    "max_distance_km": 25,
    "concerns": ["anxiety", "insomnia"],
    "concerns_text": "I can't switch off at night and panic before meetings",
    "approaches": {"value": ["cbt", "act"], "importance": "high"},
    "session_format": "individual",
    "age_group": "adults",
    "style": {
        "directiveness": 2,
        "intensity": None,
        "orientation": -1,
        "challenge": None,
    },
    "gender": {"value": ["woman", "nonbinary"], "importance": "medium"},
    "ethnicity": {"value": ["black"], "importance": "low"},
    "faith": {"value": ["christian"], "importance": "low"},
    "lgbtq_affirming": {"value": True, "importance": "must"},
    "languages": {"value": ["Spanish"], "importance": "must"},
    "insurance": "Aetna",
    "max_fee": 120,
    "availability": {"value": ["evenings"], "importance": "medium"},
    "include_not_accepting": False,
    "limit": 10,
}

BASE_PROFILE: dict[str, Any] = {
    "id": "ma-0001",
    "name": "Dana Reyes",
    "license_states": "MA",
    "in_person": "true",
    "telehealth": "true",
}


def profile(**fields: Any) -> dict[str, Any]:
    """Return a minimal valid profile (CSV-style text values) with overrides."""
    return {**BASE_PROFILE, **fields}


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    """Render rows as CSV bytes with the given (or all seen) columns."""
    columns = columns or list(dict.fromkeys(c for row in rows for c in row))
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def to_jsonl(rows: list[dict[str, Any]]) -> bytes:
    """Render rows as JSON Lines bytes."""
    return "".join(json.dumps(r) + "\n" for r in rows).encode("utf-8")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Path of a fresh database file for this test."""
    return tmp_path / "directory.db"


@pytest.fixture
def db(db_path: Path):
    """A fresh, real directory database file (WAL mode)."""
    database = store.connect(db_path)
    yield database
    database.conn.close()


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    """Write bytes or text to a file in the test's folder and return its path."""

    def write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(
            content.encode("utf-8") if isinstance(content, str) else content
        )
        return path

    return write


@pytest.fixture
def all_columns() -> list[str]:
    """Every profile column, in contract order."""
    return list(FIELD_NAMES)


# Every way the engine ranks a request: rank() itself, then rank_many on each
# batch path (matrices, a state's own part, one request at a time).
ENGINE_PATHS = ("rank", "matrices", "parts", "single")


class PathMatcher:
    """A fitted Matcher whose ``rank`` goes through one engine path."""

    def __init__(self, matcher: Matcher, path: str):
        self.matcher, self.path = matcher, path

    def rank(self, request: Any, k: int | None = None) -> Answer:
        """Rank one request on this path (rank_many of one, on a batch path)."""
        if self.path == "rank":
            return self.matcher.rank(request, k)
        return self.matcher.rank_many([request], k)[0]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.matcher, name)


@pytest.fixture(scope="session", params=ENGINE_PATHS)
def engine_path(request: pytest.FixtureRequest) -> str:
    """The engine path a contract test runs on (each in turn)."""
    return request.param


@pytest.fixture(scope="session")
def fit_on(engine_path: str) -> Callable[..., PathMatcher]:
    """Fit a Matcher (``Matcher`` options as keywords) that ranks on the path.

    ``outcomes``: outcome records to fit track records on, as ``Matcher.fit``.
    """

    def fit(profiles: Any, outcomes: Any = None, **options: Any) -> PathMatcher:
        batch_path = "auto" if engine_path == "rank" else engine_path
        matcher = Matcher(batch_path=batch_path, **options)
        matcher.fit(profiles, outcomes=outcomes)
        return PathMatcher(matcher, engine_path)

    return fit
