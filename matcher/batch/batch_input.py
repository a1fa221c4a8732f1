"""Where a re-score run's requests come from: a JSON Lines file or saved requests."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlite_utils

from ..engine.request import Request, RequestError, parse_request
from ..store import saved

SAVED_SOURCE = saved.SAVED_SOURCE


@dataclass(frozen=True)
class Item:
    """One request to score: its key in runs, its id in output, its input order."""

    key: str
    request_id: str
    position: int
    request: Request


@dataclass(frozen=True)
class LineError:
    """An input line (or saved request) that cannot be scored, with field errors."""

    line: int
    errors: dict[str, str]
    label: str = "line"

    def describe(self) -> str:
        """Say where the bad request is and what is wrong with each field."""
        fields = "; ".join(f"{name}: {reason}" for name, reason in self.errors.items())
        return f"{self.label} {self.line}: {fields}"


@dataclass
class Batch:
    """The requests of one run's source, and the ones that have to be skipped."""

    source: str
    items: list[Item]
    errors: list[LineError] = field(default_factory=list)
    input_digest: str | None = None
    read_at: dt.datetime | None = None
    max_saved_id: int | None = None


def read_input(path: str | Path) -> Batch:
    """Read a JSON Lines file of requests; malformed lines become LineErrors.

    A request's key is its ``request_id``, or its line number when it has none;
    a key used twice is an error on the later line. Blank lines are ignored.
    """
    data = Path(path).read_bytes()
    batch = Batch(Path(path).name, [], input_digest=hashlib.sha256(data).hexdigest())
    first_line: dict[str, int] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            request = parse_request(json_line(raw, number))
        except RequestError as error:
            batch.errors.append(LineError(number, error.errors))
            continue
        key = request.request_id if request.request_id is not None else str(number)
        if key in first_line:
            reason = f"duplicate request_id {key!r}, first on line {first_line[key]}"
            batch.errors.append(LineError(number, {"request_id": reason}))
            continue
        first_line[key] = number
        batch.items.append(Item(key, key, number, request))
    return batch


def json_line(raw: bytes, number: int) -> Any:
    """Read one JSON Lines line (numbered from 1), as a request error if unreadable."""
    try:
        text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError:
        raise RequestError({"request": "is not UTF-8 text"}) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"is not valid JSON ({error.msg} at column {error.colno})"
        raise RequestError({"request": message}) from None


def read_saved(
    db: sqlite_utils.Database,
    now: dt.datetime | None = None,
    max_id: int | None = None,
) -> Batch:
    """Collect the saved requests live at ``now`` (up to ``max_id``), by id."""
    now = now or dt.datetime.now(dt.UTC)
    max_id = saved.max_saved_id(db) if max_id is None else max_id
    batch = Batch(SAVED_SOURCE, [], read_at=now, max_saved_id=max_id)
    for entry in saved.live_saved(db, now, max_id):
        try:
            request = parse_request(entry.request)
        except RequestError as error:
            batch.errors.append(LineError(entry.id, error.errors, "saved request"))
            continue
        batch.items.append(Item(entry.key, entry.key, entry.id, request))
    return batch
