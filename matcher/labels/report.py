"""What the import reports about labels: mappings, unknown values, blind filters."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from ..directory.schema import FIELDS_BY_NAME, ParsedProfile
from ..directory.vocab import vocabulary
from . import MAPPED_FIELDS, map_label

EXCLUDE_SHARE = 0.9
# Fields a client can make a hard filter of (credentials are not asked about).
FILTER_FIELDS = tuple(sorted(MAPPED_FIELDS - {"credentials"}))


def label_report(found: dict[tuple, list[int]], *, mapped: bool) -> list[dict]:
    """List each distinct label with its count and first rows.

    A mapped label says its keys and the stage that made them; an unrecognised
    one carries up to three suggested keys with scores (0-100).
    """
    lines = []
    for found_key, rows in sorted(found.items()):
        name, value = found_key[0], found_key[1]
        line = {"field": name, "value": value, "count": len(rows), "rows": rows[:10]}
        if mapped:
            line |= {"keys": list(found_key[2]), "stage": found_key[3]}
        else:
            vocab = FIELDS_BY_NAME[name].vocab
            suggested = map_label(vocab, value).suggestions if vocab else ()
            line["suggestions"] = [{"key": k, "score": s} for k, s in suggested]
        lines.append(line)
    return lines


class FilterCoverage:
    """Count, per state and field, the profiles a hard filter could never select."""

    def __init__(self) -> None:
        self.therapists: Counter[str] = Counter()
        self.excluded: Counter[tuple[str, str]] = Counter()
        self.blamed: Counter[tuple[str, str]] = Counter()

    def add(self, parsed: ParsedProfile) -> None:
        """Count one valid profile being imported."""
        self.add_values(parsed.values, set(parsed.unrecognised))

    def add_stored(self, profile: Mapping[str, Any]) -> None:
        """Count one stored profile: a value that is not a key is unrecognised."""
        unknown = {
            (name, value)
            for name in FILTER_FIELDS
            for value in profile.get(name) or ()
            if value not in vocabulary(name).entries
        }
        self.add_values(profile, unknown)

    def add_values(self, values: Mapping[str, Any], unknown: set) -> None:
        """Count a profile in every state it is licensed in."""
        blind = {}  # field -> has unrecognised values, for fields with no key
        for name in FILTER_FIELDS:
            items = values.get(name) or []
            if all((name, v) in unknown for v in items):
                blind[name] = bool(items)
        for state in values.get("license_states") or ():
            self.therapists[state] += 1
            for name, has_unknown in blind.items():
                self.excluded[state, name] += 1
                self.blamed[state, name] += has_unknown

    def warnings(self) -> list[dict[str, Any]]:
        """Return the fields whose unknown values alone blind a state's filter.

        A filter is blind when more than 90% of a state's therapists have no
        recognised value in the field, and would not be if their unrecognised
        values were recognised.
        """
        out = []
        for (state, name), excluded in sorted(self.excluded.items()):
            total, blamed = self.therapists[state], self.blamed[state, name]
            if excluded > EXCLUDE_SHARE * total >= excluded - blamed:
                out.append(
                    {"state": state, "field": name, "therapists": total,
                     "excluded": excluded, "unrecognised_only": blamed}
                )  # fmt: skip
        return out


def stored_blind_filters(profiles: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Return the blind filters of a stored directory (for the admin overview)."""
    coverage = FilterCoverage()
    for profile in profiles:
        coverage.add_stored(profile)
    return coverage.warnings()


def stored_unrecognised(profiles: Iterable[Mapping[str, Any]]) -> list[dict]:
    """Count each stored list value that is not a key, with suggested keys.

    Most used first within a field; each line is ``field``, ``value``, ``count``
    and ``suggestions`` (up to three ``{"key", "score"}``).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for profile in profiles:
        for name in sorted(MAPPED_FIELDS):
            keys = vocabulary(name).entries
            counts.update((name, v) for v in profile.get(name) or () if v not in keys)
    ordered = sorted(counts.items(), key=lambda i: (i[0][0], -i[1], i[0][1]))
    return [
        {"field": name, "value": value, "count": count,
         "suggestions": [{"key": k, "score": s}
                         for k, s in map_label(name, value).suggestions]}
        for (name, value), count in ordered
    ]  # fmt: skip


def label_lines(report: Any) -> list[str]:
    """Render the label parts of an import report as text lines."""
    lines = [
        f"filters will exclude almost everyone: {w['field']} in {w['state']}: "
        f"{w['excluded']:,} of {w['therapists']:,} therapists have no recognised "
        f"value, {w['unrecognised_only']:,} of them only unrecognised ones"
        for w in report.blind_filters
    ]
    if report.mapped:
        lines.append("labels mapped beyond an exact alias (check them):")
        lines += [
            f"  {m['field']}: {m['value']!r} -> {', '.join(m['keys'])} "
            f"({m['stage']}) x{m['count']}"
            for m in report.mapped
        ]
    if report.unrecognised:
        lines.append("unrecognised values, kept as written:")
        for u in report.unrecognised:
            hint = ", ".join(f"{s['key']} {s['score']:g}" for s in u["suggestions"])
            lines.append(
                f"  {u['field']}: {u['value']!r} x{u['count']} (row {u['rows'][0]} "
                f"first)" + (f"; suggested: {hint}" if hint else "")
            )
    return lines
