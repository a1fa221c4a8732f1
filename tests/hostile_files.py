"""A small corpus of hostile profile files, and what the import must say of each.

Each file is built here, in a few lines, so the reader sees what makes it
hostile. ``outcome`` is the report's outcome: "unreadable" for a per-file error
(the script exits 2), "invalid" for a per-row error (exit 1); ``says`` is a
phrase the report must hold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tests.conftest import profile, to_csv

DEPTH = 10_000
GOOD = profile(id="ok-1")


@dataclass(frozen=True)
class HostileFile:
    """One hostile file: its name, its bytes and the answer expected."""

    name: str
    data: bytes
    outcome: str
    says: str
    row: int | None = None  # the row the error is on, for a per-row error

    @property
    def exit_code(self) -> int:
        """Return the exit status load_profiles.py must give for this file."""
        return {"unreadable": 2, "invalid": 1}[self.outcome]


def _json_with(raw_value: str, field: str = "bio") -> str:
    """Return one profile as JSON text with a field's value written verbatim."""
    text = json.dumps(profile(id="bad-1"))
    return text[:-1] + f', "{field}": {raw_value}}}'


NESTED_ARRAY = "[" * DEPTH + "]" * DEPTH
NESTED_OBJECT = '{"a": ' * DEPTH + "1" + "}" * DEPTH
BIG_INT = "7" * 5_000
GOOD_LINE = json.dumps(GOOD)
LONE_SURROGATE = '"Ann \\ud800 Lee"'  # JSON text: the escape, not the character
SURROGATE_KEY = "x-\\udc00"


def corpus() -> list[HostileFile]:
    """Return every hostile file of the corpus."""
    big_csv = to_csv([GOOD, profile(id="bad-1", years_experience=BIG_INT)])
    return [
        HostileFile("deep-array.json", NESTED_ARRAY.encode(), "unreadable", "nested"),
        HostileFile("deep-object.json", NESTED_OBJECT.encode(), "unreadable", "nested"),
        HostileFile(
            "deep-bio.json", f"[{_json_with(NESTED_ARRAY)}]".encode(), "unreadable",
            "nested",
        ),
        HostileFile(
            "deep-line.jsonl", f"{GOOD_LINE}\n{_json_with(NESTED_ARRAY)}\n".encode(),
            "invalid", "nested", row=2,
        ),
        HostileFile(
            "deep-object-line.jsonl", f"{GOOD_LINE}\n{NESTED_OBJECT}\n".encode(),
            "invalid", "nested", row=2,
        ),
        HostileFile(
            "half-deep-bio.json",
            f"[{_json_with('[' * 500 + ']' * 500)}]".encode(), "invalid",
            "expected a single value, got list", row=1,
        ),
        HostileFile(
            "big-int.json", f"[{_json_with(BIG_INT, 'fee')}]".encode(), "unreadable",
            "4,300 digits",
        ),
        HostileFile(
            "big-int.jsonl", f"{GOOD_LINE}\n{_json_with(BIG_INT, 'fee')}\n".encode(),
            "invalid", "4,300 digits", row=2,
        ),
        HostileFile(
            "big-int-in-range-of-json.json",
            f"[{_json_with('9' * 4_000, 'style_intensity')}]".encode(), "invalid",
            "4,000-digit number", row=1,
        ),
        HostileFile("big-int.csv", big_csv, "invalid", "5,000-digit number", row=3),
        HostileFile(
            "surrogate.json", f"[{_json_with(LONE_SURROGATE, 'name')}]".encode(),
            "invalid", "lone UTF-16 surrogate", row=1,
        ),
        HostileFile(
            "surrogate-list.jsonl",
            f"{GOOD_LINE}\n{_json_with(f'[{LONE_SURROGATE}]', 'specialties')}\n"
            .encode(), "invalid", "lone UTF-16 surrogate", row=2,
        ),
        HostileFile(
            "surrogate-key.jsonl",
            (GOOD_LINE + "\n" + _json_with("1", SURROGATE_KEY) + "\n").encode(),
            "invalid", "lone surrogate", row=2,
        ),
        HostileFile(
            "surrogate-bytes.csv",
            to_csv([GOOD]).replace(b"Dana", b"Dana \xed\xa0\x80"), "unreadable",
            "not UTF-8",
        ),
    ]  # fmt: skip
