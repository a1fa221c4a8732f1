"""Export the directory as CSV in the import format, safe to open in a spreadsheet.

Every profile becomes one row with the import's columns: list fields joined with
``;``, booleans as ``true``/``false``, numbers as the shortest text that reads
back to the same number, empty cells for values not given. Importing the file
again leaves the directory unchanged.

Spreadsheets run a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in
some, a tab or carriage return) as a formula, and they read it as a spreadsheet
would: after leading spaces or line feeds, and with the full-width forms
``＝＋－＠`` folded to the ASCII ones. Following OWASP's advice on CSV injection,
a cell of a free-text field (name, city, pronouns, gender, bio, email, phone,
website) that begins so is written with a leading apostrophe, which spreadsheets
show as text. In a list field every ``;``-joined item is guarded the same way
(``anxiety;'=HYPERLINK(…)``), since a spreadsheet set to split on ``;`` makes
each item a cell of its own. Such a value changes on a round trip: importing the
file keeps the apostrophe, so edit those cells (or the source data) before
importing an export back. The other fields cannot carry a formula and stay
readable: ids are ``A-Za-z0-9._-`` only, numbers (a longitude of ``-71.09``, a
style of ``-2``) are written by this module, and codes, dates and booleans are
validated formats.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from typing import Any

import sqlite_utils

from .. import store
from .schema import LIST_KINDS, LIST_SEPARATOR, PROFILE_FIELDS, Field

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
FREE_TEXT_KINDS = frozenset({"text", "vocab_text", "email", "url"})
COLUMNS = tuple(spec.name for spec in PROFILE_FIELDS)


def cell_text(spec: Field, value: Any, separator: str = LIST_SEPARATOR) -> str:
    """Write one value as the import reads it back (lists joined, true/false)."""
    if value is None:
        return ""
    if spec.kind in LIST_KINDS:
        return separator.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def starts_formula(text: str) -> bool:
    """Tell whether a spreadsheet could read the text as a formula."""
    # A tab or CR opens a formula in some spreadsheets; other leading
    # whitespace (spaces, line feeds) is skipped before the first character.
    return text.startswith(("\t", "\r")) or text.lstrip().startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Prefix an apostrophe to text a spreadsheet would run as a formula."""
    return "'" + text if starts_formula(text) else text


def neutralise_list(items: Iterable[Any], separator: str = LIST_SEPARATOR) -> str:
    """Join list items, each neutralised: a split on ';' must not expose one."""
    return separator.join(neutralise(str(item)) for item in items)


def export_row(profile: Mapping[str, Any]) -> list[str]:
    """Return one profile's CSV cells, free-text and list cells neutralised.

    A list field whose labels were kept as typed is written as typed, so the
    therapist's own words survive the round trip and map again the same way.
    """
    raw = json.loads(profile.get("raw_labels") or "{}")
    cells = []
    for spec in PROFILE_FIELDS:
        value = raw.get(spec.name, profile.get(spec.name))
        if spec.kind == "list" and value is not None:
            cells.append(neutralise_list(value))
            continue
        text = cell_text(spec, value)
        cells.append(neutralise(text) if spec.kind in FREE_TEXT_KINDS else text)
    return cells


def form_values(profile: Mapping[str, Any]) -> dict[str, str]:
    """Return a profile as the text an edit form shows (lists joined with '; ')."""
    return {
        spec.name: cell_text(spec, profile.get(spec.name), LIST_SEPARATOR + " ")
        for spec in PROFILE_FIELDS
    }


def profiles_csv(profiles: Iterable[Mapping[str, Any]]) -> tuple[str, int]:
    """Return profiles as CSV text in the import format, and how many rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    count = 0
    for profile in profiles:
        writer.writerow(export_row(profile))
        count += 1
    return out.getvalue(), count


def export_directory(
    db: sqlite_utils.Database, *, include_inactive: bool = False
) -> tuple[bytes, int]:
    """Return the directory as UTF-8 CSV bytes (with a BOM for Excel) and row count."""
    text, count = profiles_csv(
        store.upkeep.iter_profiles(db, include_inactive=include_inactive)
    )
    return text.encode("utf-8-sig"), count
