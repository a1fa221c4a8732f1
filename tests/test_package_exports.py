"""The package's own names: `from matcher import Matcher` works in a fresh process."""

from __future__ import annotations

import subprocess
import sys

import pytest

import matcher
from matcher.engine.matcher import Matcher


def fresh(code: str) -> subprocess.CompletedProcess:
    """Run code in a new interpreter, where nothing of matcher is imported yet."""
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )


def test_matcher_imports_from_the_package_first_thing():
    done = fresh(
        "from matcher import Matcher\n"
        "from matcher.engine.matcher import Matcher as Engine\n"
        "assert Matcher is Engine\n"
        "print(Matcher().fit.__name__)\n"
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "fit\n", "")


def test_star_import_gives_every_name_in_all():
    done = fresh("from matcher import *\nprint(Matcher.__name__, import_file.__name__)")
    assert done.stdout == "Matcher import_file\n", done.stderr


def test_the_lazy_name_is_the_engine_class_and_is_listed():
    assert matcher.Matcher is Matcher
    assert "Matcher" in matcher.__all__
    assert "Matcher" in dir(matcher)


def test_an_unknown_name_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Ranker'"):
        matcher.Ranker  # noqa: B018
