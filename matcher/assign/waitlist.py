"""A waitlist: requests with a priority and the date the client started waiting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..batch.batch_input import LineError, json_line
from ..engine.request import Request, RequestError, parse_request

PRIORITIES: tuple[str, ...] = ("urgent", "high", "normal")
WAITLIST_FIELDS = ("priority", "waiting_since")


@dataclass(frozen=True)
class WaitingClient:
    """One waiting client: the request, its priority and since when they wait."""

    request_id: str
    request: Request
    priority: str = "normal"
    waiting_since: dt.date | None = None


@dataclass
class Waitlist:
    """The waiting clients of a file, and the lines that could not be read."""

    clients: list[WaitingClient] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


def parse_waiting(data: Any, default_id: str) -> WaitingClient:
    """Validate one waitlist entry; raise RequestError with a message per field."""
    if not isinstance(data, Mapping):
        raise RequestError({"request": "expected a JSON object"})
    errors: dict[str, str] = {}
    priority = _priority(data.get("priority"), errors)
    since = _date(data.get("waiting_since"), errors)
    request_part = {k: v for k, v in data.items() if k not in WAITLIST_FIELDS}
    try:
        request = parse_request(request_part)
    except RequestError as error:
        raise RequestError(error.errors | errors) from None
    if errors:
        raise RequestError(errors)
    key = request.request_id if request.request_id is not None else default_id
    return WaitingClient(key, request, priority, since)


def _priority(value: Any, errors: dict[str, str]) -> str:
    if value is None or value == "":
        return "normal"
    if isinstance(value, str) and value.strip().casefold() in PRIORITIES:
        return value.strip().casefold()
    errors["priority"] = "must be urgent, high or normal"
    return "normal"


def _date(value: Any, errors: dict[str, str]) -> dt.date | None:
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        pass
    errors["waiting_since"] = "must be a date, YYYY-MM-DD"
    return None


def read_waitlist(path: str | Path) -> Waitlist:
    """Read a JSON Lines waitlist; malformed lines become LineErrors.

    A client's id is its ``request_id``, or its line number; an id used twice
    is an error on the later line. Blank lines are ignored.
    """
    return parse_waitlist(Path(path).read_bytes())


def parse_waitlist(data: bytes) -> Waitlist:
    """Read a JSON Lines waitlist from bytes, as ``read_waitlist`` does a file."""
    waitlist = Waitlist()
    first_line: dict[str, int] = {}
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            client = parse_waiting(json_line(raw, number), str(number))
        except RequestError as error:
            waitlist.errors.append(LineError(number, error.errors))
            continue
        if client.request_id in first_line:
            first = first_line[client.request_id]
            reason = (
                f"duplicate request_id {client.request_id!r}, first on line {first}"
            )
            waitlist.errors.append(LineError(number, {"request_id": reason}))
            continue
        first_line[client.request_id] = number
        waitlist.clients.append(client)
    return waitlist
