"""The overview's blind-filter check is worked out once per directory version."""

from __future__ import annotations

import pytest

from matcher import store
from matcher.directory.importer import import_bytes
from matcher.directory.upkeep import accept_alias
from matcher.labels import checks, teach
from matcher.labels.report import stored_blind_filters
from tests.conftest import profile, to_csv

YOUTH = [
    profile(id=f"y{i}", license_states="VT", populations="Youth") for i in range(3)
]


@pytest.fixture
def youth(db):
    assert import_bytes(db, to_csv(YOUTH), "youth.csv").outcome == "imported"
    checks.forget()
    yield db
    checks.forget()
    teach([])


def fields_flagged(found: list[dict]) -> list[tuple[str, str]]:
    return [(w["state"], w["field"]) for w in found]


def no_reading(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("the profiles were read again")

    monkeypatch.setattr(store.upkeep, "iter_profiles", refuse)


def test_the_check_is_read_back_without_reading_the_profiles(youth, monkeypatch):
    first = checks.directory_blind_filters(youth)
    assert first == stored_blind_filters(store.upkeep.iter_profiles(youth))
    assert fields_flagged(first) == [("VT", "populations")]
    no_reading(monkeypatch)
    assert checks.directory_blind_filters(youth) == first


def test_a_new_directory_version_is_checked_afresh(youth):
    assert fields_flagged(checks.directory_blind_filters(youth)) == [
        ("VT", "populations")
    ]
    accept_alias(youth, "populations", "Youth", "adolescents", "ana")
    assert checks.directory_blind_filters(youth) == []
    rows = [profile(id="z1", license_states="NH", faith="Pastafarian")]
    import_bytes(youth, to_csv(rows), "nh.csv")
    assert fields_flagged(checks.directory_blind_filters(youth)) == [("NH", "faith")]


def test_new_vocabulary_files_are_checked_afresh(youth, monkeypatch):
    checks.directory_blind_filters(youth)
    monkeypatch.setattr(checks, "vocabulary_stamp", lambda: "a-new-release")
    monkeypatch.setattr(checks, "stored_blind_filters", lambda profiles: [])
    assert checks.directory_blind_filters(youth) == []


def test_a_check_overtaken_by_a_change_is_not_kept(youth, monkeypatch):
    fingerprints = iter([(1, 3, "a"), (2, 3, "b")])
    monkeypatch.setattr(
        store.aliases, "directory_fingerprint", lambda db: next(fingerprints)
    )
    checks.directory_blind_filters(youth)
    assert checks._KEPT == {}


def test_a_page_load_writes_nothing_to_the_database(youth):
    before = list(youth.conn.iterdump())
    checks.directory_blind_filters(youth)
    checks.directory_blind_filters(youth)
    assert list(youth.conn.iterdump()) == before


def test_a_restored_backup_with_a_version_seen_before_is_checked_afresh(youth):
    assert checks.directory_blind_filters(youth) != []
    version = store.directory_version(youth)
    accept_alias(youth, "populations", "Youth", "adolescents", "ana")
    youth.execute(
        "UPDATE meta SET value = ? WHERE key = 'directory_version'", [version]
    )
    assert checks.directory_blind_filters(youth) == []
