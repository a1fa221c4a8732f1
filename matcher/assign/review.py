"""What changed between two assignment runs, client by client, for the review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Change:
    """One client whose outcome differs from the previous run."""

    request_id: str
    before: str  # therapist id, "unplaced" or "not on the waitlist"
    after: str


def _outcome(row: Mapping[str, Any] | None) -> str:
    if row is None:
        return "not on the waitlist"
    return row.get("therapist_id") or "unplaced"


def changes_since(
    previous: Sequence[Mapping[str, Any]], current: Sequence[Mapping[str, Any]]
) -> list[Change]:
    """Return each client whose therapist (or placement) changed, current order first.

    Rows are keyed by ``request_id``; clients only in the previous run come
    last, as having left the waitlist.
    """
    before = {row["request_id"]: row for row in previous}
    now = {row["request_id"]: row for row in current}
    found = [
        Change(key, _outcome(before.get(key)), _outcome(row))
        for key, row in now.items()
        if _outcome(before.get(key)) != _outcome(row)
    ]
    found += [
        Change(key, _outcome(row), "not on the waitlist")
        for key, row in before.items()
        if key not in now
    ]
    return found
