"""An import runs at low CPU priority, in a thread of its own, and loses nothing."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from matcher import store
from matcher.directory import importer, upkeep
from matcher.directory.priority import LOW_NICENESS, at_low_priority
from tests.conftest import profile, to_csv
from tests.test_load_profiles_script import run
from tests.test_storage_faults import script

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="a thread's own niceness is Linux's"
)


def niceness() -> int:
    """Return the calling thread's own niceness."""
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


@linux_only
def test_the_work_runs_lowered_and_the_caller_keeps_its_priority():
    before = niceness()
    seen = at_low_priority(lambda: (niceness(), threading.get_ident()))
    assert seen[0] == min(before + LOW_NICENESS, 19)
    assert seen[1] != threading.get_ident()
    assert niceness() == before


def test_normal_priority_runs_the_work_here_as_it_is():
    before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    seen = at_low_priority(lambda: (niceness(), threading.get_ident()), "normal")
    assert seen == (before, threading.get_ident())


def test_an_error_in_the_work_reaches_the_caller():
    def fails() -> None:
        raise store.StoreError("disk full")

    with pytest.raises(store.StoreError, match="disk full"):
        at_low_priority(fails)


def test_an_unknown_priority_is_refused():
    with pytest.raises(ValueError, match="priority"):
        at_low_priority(lambda: None, "high")


@pytest.fixture
def watched(monkeypatch) -> list[tuple[str, int]]:
    """Record the niceness the import's checks and its write transaction run at."""
    seen: list[tuple[str, int]] = []
    check, write = importer.validate_rows, importer._apply

    def checking(*args, **kwargs):
        seen.append(("check", niceness()))
        return check(*args, **kwargs)

    def writing(*args, **kwargs):
        seen.append(("write", niceness()))
        return write(*args, **kwargs)

    monkeypatch.setattr(importer, "validate_rows", checking)
    monkeypatch.setattr(importer, "_apply", writing)
    return seen


@linux_only
def test_an_admin_upload_is_checked_low_and_written_at_the_workers_priority(
    db, watched
):
    before = niceness()
    data = to_csv([profile(id="a"), profile(id="b")])
    staged = upkeep.stage_upload(db, 1, data, "two.csv", replace=False)
    done = upkeep.confirm_upload(db, 1, staged.token, staged.digest, "admin")
    assert done.applied and done.report.new == 2
    assert store.count_profiles(db) == 2
    low = min(before + LOW_NICENESS, 19)
    checked, written = ("check", low), ("write", before)
    assert watched == [checked, written, checked, written]  # dry run, then import
    assert niceness() == before


@pytest.mark.parametrize("priority", [[], ["--priority", "normal"]])
def test_the_script_imports_the_same_at_either_priority(write_file, db_path, priority):
    path = write_file("good.csv", to_csv([profile(id="a"), profile(id="b")]))
    result = run(str(path), "--db", str(db_path), *priority)
    assert result.returncode == 0, result.stderr
    assert store.count_profiles(store.connect(db_path)) == 2


@linux_only
@pytest.mark.parametrize(("option", "added"), [([], LOW_NICENESS), (["normal"], 0)])
def test_the_script_checks_at_the_priority_asked_and_writes_at_its_own(
    write_file, db_path, monkeypatch, watched, option, added
):
    loader = script("load_profiles", monkeypatch)
    before = niceness()
    path = write_file("good.csv", to_csv([profile(id="a")]))
    priority = ["--priority", *option] if option else []
    assert loader.main([str(path), "--db", str(db_path), *priority]) == 0
    assert watched == [("check", min(before + added, 19)), ("write", before)]
    assert niceness() == before


def test_a_broken_file_at_low_priority_still_writes_nothing(write_file, db_path):
    rows = [profile(id="a"), profile(id="b", fee="cheap")]
    result = run(str(write_file("bad.csv", to_csv(rows))), "--db", str(db_path))
    assert result.returncode == 1 and "row 3, fee:" in result.stderr
    assert store.count_profiles(store.connect(db_path)) == 0


def test_the_script_refuses_an_unknown_priority(write_file, db_path):
    path = write_file("good.csv", to_csv([profile(id="a")]))
    result = run(str(path), "--db", str(db_path), "--priority", "high")
    assert result.returncode == 2 and "--priority" in result.stderr
