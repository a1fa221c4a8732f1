"""Aliases admins teach: stored, versioned, audit-logged, re-mapping profiles."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from matcher import store
from matcher.directory.export import form_values
from matcher.directory.importer import import_bytes
from matcher.directory.upkeep import (
    AliasError,
    accept_alias,
    edit_profile,
    export_vocabulary,
    remapped_columns,
    remove_alias,
)
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from matcher.labels import map_label, teach
from tests.conftest import profile, to_csv

ROWS = [
    profile(id="p1", populations="Youth;Adults", specialties="Anxeity"),
    profile(id="p2", populations="youth", approaches="CBT"),
    profile(id="p3", populations="Adults"),
    profile(id="p4", populations="Currently accepting new clients;Children"),
]


@pytest.fixture
def loaded(db):
    report = import_bytes(db, to_csv(ROWS), "d.csv")
    assert report.outcome == "imported"
    yield db
    teach([])


def rows_of(db) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT * FROM therapists ORDER BY id")]


def aliases_table(db) -> list[tuple]:
    return [tuple(r) for r in db.execute("SELECT * FROM label_aliases ORDER BY id")]


def adolescents_request() -> dict:
    return {"state": "MA", "format": "telehealth", "age_group": "adolescents"}


def eligible(db, body: dict) -> int:
    matcher = Matcher().fit(store.load_directory(db), store.directory_version(db))
    return matcher.rank(parse_request(body)).eligible


def test_accepting_re_maps_every_carrier_and_bumps_the_version(loaded):
    db = loaded
    version = store.directory_version(db)
    assert eligible(db, adolescents_request()) == 0
    change = accept_alias(db, "populations", "YOUTH", "adolescents", "ana")
    assert change.profiles == ["p1", "p2"]
    assert change.directory_version == version + 1 == store.directory_version(db)
    assert store.get_profile(db, "p1")["populations"] == ["adolescents", "adults"]
    assert store.get_profile(db, "p2")["populations"] == ["adolescents"]
    assert store.get_profile(db, "p3")["populations"] == ["adults"]
    # what the therapists typed is kept beside the keys
    raw = json.loads(store.get_profile(db, "p2")["raw_labels"])
    assert raw["populations"] == ["youth"]
    assert eligible(db, adolescents_request()) == 2


def test_the_alias_is_stored_versioned_and_audit_logged(loaded):
    db = loaded
    accept_alias(db, "populations", "Youth", "adolescents", "ana", address="1.2.3.4")
    [alias] = store.aliases.stored_aliases(db)
    assert (alias["field"], alias["raw"], alias["key"]) == (
        "populations",
        "Youth",
        "adolescents",
    )
    assert alias["version"] == 1 == store.aliases.vocabulary_version(db)
    remove_alias(db, "populations", "youth", "bo")
    assert store.aliases.stored_aliases(db) == []
    [old] = store.aliases.stored_aliases(db, include_removed=True)
    assert (old["removed_by"], old["removed_version"]) == ("bo", 2)
    events, _ = store.audit.audit_events(db)
    assert [(e["action"], e["actor"], e["target"]) for e in events] == [
        ("vocab.alias_remove", "bo", "Youth"),
        ("vocab.alias_accept", "ana", "Youth"),
    ]
    assert events[1]["detail"] == {
        "field": "populations",
        "key": "adolescents",
        "profiles": 2,
    }
    assert events[1]["address"] == "1.2.3.4"


def test_removing_restores_byte_identical_rows(loaded):
    db = loaded
    before = rows_of(db)
    accept_alias(db, "populations", "Youth", "adolescents", "ana")
    accept_alias(db, "specialties", "Anxeity", "anxiety", "ana")
    assert rows_of(db) != before
    remove_alias(db, "specialties", "Anxeity", "ana")
    remove_alias(db, "populations", "Youth", "ana")
    assert rows_of(db) == before


def test_a_none_alias_drops_a_value_that_is_no_label(loaded):
    db = loaded
    accept_alias(db, "populations", "Currently accepting new clients", "none", "ana")
    assert store.get_profile(db, "p4")["populations"] == ["children"]
    assert map_label("populations", "currently accepting NEW clients").stage == "admin"
    report = import_bytes(db, to_csv(ROWS), "d.csv", dry_run=True)
    assert ("populations", "Currently accepting new clients") not in {
        (u["field"], u["value"]) for u in report.unrecognised
    }


def test_a_re_import_maps_with_the_alias_and_changes_nothing(loaded):
    db = loaded
    accept_alias(db, "populations", "Youth", "adolescents", "ana")
    teach([])  # as in another process: the import reads the stored aliases
    report = import_bytes(db, to_csv(ROWS), "d.csv")
    assert (report.new, report.updated, report.unchanged) == (0, 0, 4)
    made = {(m["value"], m["stage"]) for m in report.mapped}
    assert ("Youth", "admin") in made


def test_stored_hash_is_the_import_hash(loaded):
    # remapped_columns recomputes a row's digest as the import does
    row = store.aliases.profile_row(loaded, "p3")
    row["populations"] = json.dumps(["Adults"])  # as if typed, to force a re-map
    columns = remapped_columns(row, "populations", "now")
    assert (
        columns["content_hash"]
        == store.aliases.profile_row(loaded, "p3")["content_hash"]
    )


def test_a_failure_mid_way_leaves_profiles_and_aliases_unchanged(loaded, monkeypatch):
    db = loaded
    before, aliases, version = (
        rows_of(db),
        aliases_table(db),
        store.directory_version(db),
    )
    real = store.aliases.update_columns
    calls = []

    def fail_second(*args, **kwargs):
        calls.append(args[1])
        if len(calls) == 2:
            raise OSError("injected failure")
        real(*args, **kwargs)

    monkeypatch.setattr(store.aliases, "update_columns", fail_second)
    with pytest.raises(OSError, match="injected"):
        accept_alias(db, "populations", "Youth", "adolescents", "ana")
    assert calls == ["p1", "p2"]
    assert rows_of(db) == before
    assert aliases_table(db) == aliases
    assert store.directory_version(db) == version
    assert store.audit.audit_events(db)[1] == 0
    # and the mapper does not keep the alias that was never stored
    assert map_label("populations", "Youth").keys == ()


def test_a_failure_while_removing_keeps_the_alias_and_the_re_map(loaded, monkeypatch):
    db = loaded
    accept_alias(db, "populations", "Youth", "adolescents", "ana")
    before, aliases = rows_of(db), aliases_table(db)

    def fail(*args, **kwargs):
        raise OSError("injected failure")

    monkeypatch.setattr(store.aliases, "forget_undo", fail)
    with pytest.raises(OSError):
        remove_alias(db, "populations", "Youth", "ana")
    assert (rows_of(db), aliases_table(db)) == (before, aliases)
    assert map_label("populations", "Youth").keys == ("adolescents",)


@pytest.mark.parametrize(
    ("field", "raw", "key", "words"),
    [
        ("insurance", "Aetna PPO", "aetna", "not a list field"),
        ("populations", " -- ", "adolescents", "letter or digit"),
        ("populations", "Youth", "teenagers", "not a key"),
    ],
)
def test_bad_aliases_are_refused_and_nothing_is_written(loaded, field, raw, key, words):
    before = rows_of(loaded)
    with pytest.raises(AliasError, match=words):
        accept_alias(loaded, field, raw, key, "ana")
    assert rows_of(loaded) == before and aliases_table(loaded) == []


def test_a_taught_value_cannot_be_taught_twice_nor_an_unknown_removed(loaded):
    accept_alias(loaded, "populations", "Youth", "adolescents", "ana")
    with pytest.raises(AliasError, match="remove it first"):
        accept_alias(loaded, "populations", "youth!", "children", "ana")
    with pytest.raises(AliasError, match="no alias"):
        remove_alias(loaded, "populations", "Kiddos", "ana")
    assert len(aliases_table(loaded)) == 1


def test_a_profile_imported_after_the_alias_is_re_mapped_on_removal(loaded):
    db = loaded
    accept_alias(db, "populations", "Youth", "adolescents", "ana")
    import_bytes(db, to_csv([profile(id="p5", populations="Youth")]), "e.csv")
    assert store.get_profile(db, "p5")["populations"] == ["adolescents"]
    change = remove_alias(db, "populations", "Youth", "ana")
    assert sorted(change.profiles) == ["p1", "p2", "p5"]
    assert store.get_profile(db, "p5")["populations"] == ["Youth"]


def test_export_is_a_vocabulary_file_the_mapper_can_read(loaded, tmp_path):
    accept_alias(loaded, "populations", "Youth", "adolescents", "ana")
    accept_alias(loaded, "populations", "Currently accepting new clients", "none", "a")
    exported = export_vocabulary(loaded, "populations")
    assert exported["entries"] == [
        {"key": "adolescents", "label": "Teens", "aliases": ["Youth"]}
    ]
    assert exported["not_labels"] == ["Currently accepting new clients"]
    from matcher.directory.vocab import _read

    path = tmp_path / "populations.json"
    path.write_text(json.dumps(exported))
    assert _read(path).canonical("youth") == "adolescents"


def test_an_admin_edit_maps_with_the_stored_aliases(loaded):
    db = loaded
    accept_alias(db, "specialties", "Knitting", "none", "ana")
    teach([])  # as in another process that has not imported since
    old = store.get_profile(db, "p3")
    result = edit_profile(
        db, "p3", form_values(old) | {"specialties": "Knitting;Anxiety"},
        old["content_hash"],
    )  # fmt: skip
    assert result.ok and result.unrecognised == []
    assert store.get_profile(db, "p3")["specialties"] == ["anxiety"]


def test_an_alias_maps_its_part_of_a_split_cell_and_its_removal_restores_it(db):
    cells = [
        profile(id="k1", populations="Teens / Adolescents / Kupuna"),
        profile(id="k2", populations="Kupuna, Adults"),
        profile(id="k3", populations="Kupuna"),
        profile(id="k4", populations="Teens / Kupuna Hale"),
    ]
    import_bytes(db, to_csv(cells), "k.csv")
    before = rows_of(db)
    kept = ["Teens / Adolescents / Kupuna"]
    assert store.get_profile(db, "k1")["populations"] == kept
    try:
        change = accept_alias(db, "populations", "Kupuna", "older_adults", "ana")
        assert change.profiles == ["k1", "k2", "k3"]  # not "Kupuna Hale"
        assert store.get_profile(db, "k1")["populations"] == [
            "adolescents",
            "older_adults",
        ]
        assert store.get_profile(db, "k2")["populations"] == ["older_adults", "adults"]
        raw = json.loads(store.get_profile(db, "k1")["raw_labels"])
        assert raw["populations"] == ["Teens / Adolescents / Kupuna"]
        older = {"state": "MA", "format": "telehealth", "age_group": "older_adults"}
        assert eligible(db, older) == 3
        remove_alias(db, "populations", "kupuna", "bo")
        assert rows_of(db) == before
    finally:
        teach([])


# Accepts an alias, and stops for good half-way through the re-map (after the
# first profile is written) once the marker file says it got there.
HALF_WAY = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from matcher import store
    from matcher.directory import upkeep

    db_path, marker = sys.argv[1], Path(sys.argv[2])
    kept = store.aliases.save_undo

    def save_then_stop(*args):
        kept(*args)
        marker.write_text("half-way")
        time.sleep(60)

    store.aliases.save_undo = save_then_stop
    db = store.connect(db_path)
    upkeep.accept_alias(db, "populations", "Youth", "adolescents", "kill")
    """
)


def test_a_kill_half_way_through_the_re_map_leaves_nothing_changed(
    loaded, db_path: Path, tmp_path: Path
):
    before, version = rows_of(loaded), store.directory_version(loaded)
    marker = tmp_path / "half-way"
    child = subprocess.Popen(
        [sys.executable, "-c", HALF_WAY, str(db_path), str(marker)],
        cwd=Path(__file__).resolve().parents[1],
    )
    deadline = time.monotonic() + 60
    while not marker.exists() and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert marker.exists() and child.returncode == -signal.SIGKILL
    db = store.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert rows_of(db) == before
    assert aliases_table(db) == [] and store.directory_version(db) == version
    assert db.execute("SELECT count(*) FROM label_alias_undo").fetchone()[0] == 0
