"""The docs keep up with the code: every field, factor, option and setting named."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from matcher.evidence import evidence_sources
from matcher.request import REQUEST_FIELDS
from matcher.schema import FIELD_NAMES
from matcher.scoring import FACTOR_NAMES

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = sorted(p.name for p in (ROOT / "scripts").glob("*.py") if p.name[0] != "_")
# Every setting is named MATCHER_*; catch it wherever its name is written.
ENV_NAME = re.compile(r"""["'](MATCHER_[A-Z_]+)["']""")


def doc(name: str) -> str:
    """Return a document's text."""
    return (ROOT / name).read_text(encoding="utf-8")


def all_docs() -> str:
    """Return the README and every page under docs/ as one text."""
    pages = [doc("README.md"), *(p.read_text() for p in (ROOT / "docs").glob("*.md"))]
    return "\n".join(pages)


@pytest.mark.parametrize("field", FIELD_NAMES)
def test_every_profile_field_is_in_the_admin_guide(field):
    assert f"`{field}`" in doc("docs/admin.md")


@pytest.mark.parametrize("field", REQUEST_FIELDS)
def test_every_request_field_is_in_the_api_guide(field):
    assert f"`{field}`" in doc("docs/api.md")


@pytest.mark.parametrize("factor", FACTOR_NAMES)
def test_every_engine_factor_is_in_the_matching_guide(factor):
    assert f"`{factor}`" in doc("docs/matching.md")


def test_every_evidence_source_is_cited_in_the_matching_guide():
    text = doc("docs/matching.md")
    missing = {e.source for e in evidence_sources() if e.source not in text}
    assert not missing


def options_of(script: str) -> set[str]:
    """Read a script's options from its own --help."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / script), "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(re.findall(r"(--[a-z][a-z0-9-]+)", result.stdout)) - {"--help"}


@pytest.mark.parametrize("script", SCRIPTS)
def test_every_script_and_option_is_documented(script):
    text = all_docs()
    assert f"scripts/{script}" in text
    missing = {option for option in options_of(script) if option not in text}
    assert not missing, f"{script}: {sorted(missing)}"


def test_every_environment_variable_is_documented():
    sources = [*ROOT.glob("matcher/**/*.py"), *ROOT.glob("web/**/*.py")]
    sources += [*ROOT.glob("scripts/*.py")]
    names = {name for path in sources for name in ENV_NAME.findall(path.read_text())}
    assert "MATCHER_DB" in names
    text = all_docs()
    assert not {name for name in names if f"`{name}`" not in text}


def test_the_readme_holds_the_two_commands_and_ci_runs_the_second():
    readme = doc("README.md")
    assert "make run" in readme and "make test" in readme
    assert "make test" in doc(".ci/run")


def test_the_matching_guide_quotes_the_latest_quality_figures():
    from bench.report import load, quality_table

    record = load("quality")
    assert record is not None, "bench/results/quality.json is missing"
    assert quality_table(record["figures"]) in doc("docs/matching.md")
