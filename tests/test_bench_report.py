"""bench/report.py writes every section docs/benchmarks.md has, from the results."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from bench import report

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")


def written(lines: list[str]) -> str:
    """Return a section as the report joins it into the page."""
    return "\n".join(lines).strip()


@pytest.mark.parametrize(
    "section",
    [
        lambda: report.quality_section(report.load("quality")),
        lambda: report.batch_paths_section(report.load("batch_paths")),
        report.approaches_section,
    ],
    ids=["quality", "batch_paths", "approaches"],
)
def test_the_page_holds_each_section_as_the_report_writes_it(section):
    text = written(section())
    assert text.startswith("## ")
    assert text in PAGE


def test_the_page_has_no_section_the_report_does_not_write():
    written_titles = {
        line
        for name, render in report.SECTIONS.items()
        if name not in ("engine", "outcomes_gain")  # these two draw plots
        for line in render(report.load(name))
        if line.startswith("## ")
    }
    written_titles |= {
        line for line in report.approaches_section() if line.startswith("## ")
    }
    written_titles |= {
        "## Engine: one request against directories of growing size",
        "## Track records: expected improvement for new clients",
    }
    on_page = {line for line in PAGE.splitlines() if line.startswith("## ")}
    assert on_page <= written_titles, on_page - written_titles


def test_the_approaches_gains_are_worked_out_from_the_variants():
    figures = copy.deepcopy(report.load("focus_approaches")["figures"])
    figures["shipped"]["as_written"]["ndcg_at_5"] = 0.9
    figures["presence only"]["as_written"]["ndcg_at_5"] = 0.5
    figures["without breadth"]["as_written"]["ndcg_at_5"] = 0.75
    figures["shipped"]["approaches_only"]["ndcg_at_5"] = 0.8
    figures["presence only"]["approaches_only"]["ndcg_at_5"] = 0.6
    text = report.approaches_gains(figures, None)
    assert "rises by 0.400 as written and by 0.200 for a client" in text
    assert "without it NDCG@5 falls by 0.150" in text


def test_the_batch_paths_table_signs_a_slower_matrix_path():
    record = copy.deepcopy(report.load("batch_paths"))
    record["figures"]["cases"][0]["matrices_faster_by"] = {"": -0.25, "_explained": 0.5}
    rows = [line for line in report.batch_paths_section(record) if "| 2,000 |" in line]
    assert rows and "| −25% |" in rows[0] and "| 50% |" in rows[0]
