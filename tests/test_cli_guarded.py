"""The scripts' shared error handling: a message and an exit status, no traceback."""

from __future__ import annotations

import importlib
import sqlite3
from pathlib import Path

import pytest

from matcher.store import StoreError

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


class Refusal(Exception):
    """A script's own refusal of its input."""


@pytest.fixture
def cli(monkeypatch):
    """The scripts' shared module, imported as the scripts import it."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    return importlib.import_module("_cli")


def failing(error: BaseException):
    def work() -> int:
        raise error

    return work


@pytest.mark.parametrize(
    ("error", "status", "said"),
    [
        (Refusal("no waiting client"), 2, "error: no waiting client"),
        (ModuleNotFoundError("No module named 'dask'"), 2,
         "error: --dask needs dask[distributed] (No module named 'dask')"),
        (StoreError("not a directory database"), 2, "not a directory database"),
        (sqlite3.DatabaseError("file is not a database"), 2, "file is not a database"),
        (KeyError("state"), 2, "error: KeyError: 'state'"),
    ],
)  # fmt: skip
def test_each_kind_of_error_has_its_message_and_status(
    cli, capsys, tmp_path, error, status, said
):
    found = cli.guarded(
        failing(error), tmp_path / "x.db", refused=(Refusal,), missing=cli.DASK_MISSING
    )
    assert found == status
    assert said in capsys.readouterr().err


def test_an_import_error_names_its_type_where_no_extra_is_missing(cli, capsys):
    assert cli.guarded(failing(ImportError("broken")), None) == 2
    assert capsys.readouterr().err == "error: ImportError: broken\n"


def test_work_that_ends_returns_its_own_status(cli, capsys):
    assert cli.guarded(lambda: 3, None, refused=(Refusal,)) == 3
    assert capsys.readouterr().err == ""


def test_an_interrupt_is_left_to_the_script(cli):
    with pytest.raises(KeyboardInterrupt):
        cli.guarded(failing(KeyboardInterrupt()), None)
