"""The labelled evaluation set: the mapper stays precise, and the set stays broad."""

from __future__ import annotations

from collections import Counter

from bench.bench_labels import evaluate, load_set
from matcher.directory.vocab import vocabulary

FIELDS = {
    "specialties",
    "approaches",
    "populations",
    "session_formats",
    "languages",
    "credentials",
    "ethnicity",
    "faith",
    "identities",
}


def test_the_set_covers_every_list_field_and_every_kind_of_label():
    rows = load_set()
    assert len(rows) >= 400
    assert {r["field"] for r in rows} == FIELDS
    kinds = Counter(r["kind"] for r in rows)
    for kind in ("variant", "typo", "multi", "suffix", "trap", "free_text"):
        assert kinds[kind] >= 10, kind
    assert len({(r["field"], r["label"]) for r in rows}) == len(rows)


def test_every_expected_key_exists_in_its_vocabulary():
    for row in load_set():
        assert row["keys"] <= set(vocabulary(row["field"]).keys), row


def test_precision_on_the_set_is_at_least_99_percent():
    figures = evaluate(load_set())
    assert figures["precision"] >= 0.99, figures["wrong"]


def test_a_wrong_key_counts_against_precision_and_is_listed():
    rows = [
        {
            "field": "approaches",
            "label": "Family Systems",
            "keys": {"ifs"},
            "kind": "trap",
        },
        {"field": "approaches", "label": "Anxiety", "keys": set(), "kind": "trap"},
    ]
    figures = evaluate(rows)  # the mapper says family_systems: a wrong key
    assert figures["precision"] == 0.0 and figures["recall"] == 0.0
    assert figures["wrong"] == [
        ["approaches", "Family Systems", "family_systems", "exact"]
    ]
