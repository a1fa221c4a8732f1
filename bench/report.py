"""Write docs/benchmarks.md and its plots from the result files in bench/results/.

Run after the benchmarks: ``python -m bench.report`` (``make bench`` does both).
Only full runs are reported; quick runs (``--quick``) are smoke tests.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DOC = ROOT / "docs" / "benchmarks.md"
IMAGES = ROOT / "docs" / "images"


def load(name: str) -> dict[str, Any] | None:
    """Return a full run's record, or None when the benchmark has not been run."""
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def machine_line(record: dict[str, Any]) -> str:
    """Describe where and when a benchmark ran."""
    m = record["machine"]
    return (
        f"Ran {record['ran_at']} in {record['seconds']:,} s on {m['cpus']} CPUs "
        f"({m['processor']}, Python {m['python']})."
    )


def plot_engine(record: dict[str, Any]) -> str:
    """Plot query time against directory size; return the image's doc path."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = record["figures"]["sizes"]
    n = [row["profiles"] for row in sizes]
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=120)
    for key, label in (
        ("reference", "reference scorer (one therapist at a time)"),
        ("engine", "engine (vectorised)"),
        ("floor", "floor: one NumPy pass, n x factors"),
    ):
        ax.plot(n, [row[key]["median_ms"] for row in sizes], marker="o", label=label)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("therapists in the directory")
    ax.set_ylabel("median time per request (ms)")
    ax.set_title("Query time against directory size")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    IMAGES.mkdir(parents=True, exist_ok=True)
    fig.tight_layout()
    fig.savefig(IMAGES / "engine_scaling.png")
    plt.close(fig)
    return "images/engine_scaling.png"


def heading(title: str, record: dict[str, Any], needs: str = "") -> list[str]:
    """Return a section's title and the command and machine its figures came from."""
    command = f"`.venv/bin/python -m bench {record['benchmark']}`"
    if needs:
        command += f" {needs}"
    return [f"## {title}", "", f"{command} — {machine_line(record)}", ""]


def engine_section(record: dict[str, Any]) -> list[str]:
    """Render the engine benchmark."""
    lines = [
        *heading("Engine: one request against directories of growing size", record),
        "| therapists | engine median / p95 (ms) | reference median (ms) "
        "| floor median (ms) | engine vs reference | engine / floor "
        "| fit (s) | index (MB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in record["figures"]["sizes"]:
        e, r, f = row["engine"], row["reference"], row["floor"]
        lines.append(
            f"| {row['profiles']:,} | {e['median_ms']:.2f} / {e['p95_ms']:.2f} "
            f"| {r['median_ms']:,.1f} | {f['median_ms']:.3f} "
            f"| {row['speedup_vs_reference']:,}x faster | {row['times_floor']}x "
            f"| {row['fit_seconds']} | {row['index_mb']} |"
        )
    lines += [
        "",
        "Targets at 100,000 profiles: at least 100x faster than the reference "
        "scorer, within 20x of the floor, an index under 300 MB.",
        "",
        growth_sentence(record["figures"]["sizes"]),
        "",
    ]
    lines += [f"![Query time against directory size]({plot_engine(record)})", ""]
    return lines


def growth_sentence(sizes: list[dict[str, Any]]) -> str:
    """Say how the engine's median time grows from one size to the next."""
    steps = [
        f"{b['engine']['median_ms'] / a['engine']['median_ms']:.1f}x from "
        f"{a['profiles']:,} to {b['profiles']:,}"
        for a, b in zip(sizes, sizes[1:], strict=False)
    ]
    return (
        "How time grows with n: each step multiplies the directory by 10 and the "
        "engine's median time by " + ", ".join(steps) + ". Fixed costs (parsing, "
        "the explanations of the top matches) dominate small directories; only "
        "the therapists licensed in the client's state are scored, so time grows "
        "more slowly than the directory until the arrays themselves dominate."
    )


def import_section(record: dict[str, Any]) -> list[str]:
    """Render the import benchmark."""
    f = record["figures"]
    base, ours = f["baseline_insert_all"], f["validated_import"]
    return [
        *heading("Import: validated, all-or-nothing, against a plain insert", record),
        "| | profiles/s | seconds | peak Python memory (MB) |",
        "|---|---:|---:|---:|",
        f"| plain `insert_all` (baseline) | {base['profiles_per_second']:,} "
        f"| {base['seconds']} | {base['peak_python_mb']} |",
        f"| validated import | {ours['profiles_per_second']:,} | {ours['seconds']} "
        f"| {ours['peak_python_mb']} |",
        "",
        f"{f['profiles']:,} generated profiles; the validated import takes "
        f"**{f['time_ratio']}x** the baseline's time (target: at most 3x).",
        "",
    ]


def web_section(record: dict[str, Any]) -> list[str]:
    """Render the web benchmark."""
    lines = [
        *heading(
            "Web: the match API and the results page under load",
            record,
            needs="(needs `wrk`)",
        ),
        "| connections | endpoint | requests/s | p50 (ms) | p95 (ms) | errors "
        "| share of /healthz |",
        "|---:|---|---:|---:|---:|---:|---:|",
    ]
    for key, row in record["figures"].items():
        if not key.startswith("connections_"):
            continue
        connections = key.removeprefix("connections_")
        for name, figures in row.items():
            share = figures.get("share_of_trivial", 1.0)
            lines.append(
                f"| {connections} | {name} | {figures['requests_per_second']:,} "
                f"| {figures['p50_ms']} | {figures['p95_ms']} | {figures['errors']} "
                f"| {share:.0%} |"
            )
    lines += [
        "",
        "Target: the match endpoint at half of `/healthz`'s throughput or more, "
        "with no errors. It is not met: a match request ranks the directory, "
        "words ten matches and serialises them, about 1-2 ms of Python, against "
        "about a quarter of a millisecond for the trivial endpoint. Caching "
        "answers would close the gap but would keep clients' answers in memory.",
    ]
    change = record["figures"].get("change_under_load")
    return [*lines, "", *change_section(change), ""] if change else [*lines, ""]


DESIGN_NAMES = {
    "inline": "inline (former: refit inside the first request)",
    "background": "background (refit off the request path)",
}


def change_section(figures: dict[str, Any]) -> list[str]:
    """Render the change-under-load run: steady, then during an import."""
    lines = [
        "### While the directory changes",
        "",
        f"The match API at {figures['connections']} connections on "
        f"{figures['profiles']:,} generated profiles: steady, then while the "
        f"import script loads a file changing all {figures['profiles']:,} "
        "(`bench/web_change.py`). Latencies in ms.",
        "",
        "| design | phase | requests/s | p50 | p95 | p99 | max | errors |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for design, name in DESIGN_NAMES.items():
        for phase in ("steady", "during_change"):
            row = figures[design][phase]
            lines.append(
                f"| {name} | {phase.replace('_', ' ')} "
                f"| {row['requests_per_second']:,} | {row['p50_ms']} "
                f"| {row['p95_ms']} | {row['p99_ms']} | {row['max_ms']:,} "
                f"| {row['errors']} |"
            )
    verdicts = [
        f"{design} {figures[design]['worst_vs_steady_p99']}x (import "
        f"{figures[design]['import_seconds']} s, then every search on the new "
        f"version {figures[design]['new_version_everywhere_after_import_s']} s "
        "later)"
        for design in DESIGN_NAMES
    ]
    return [
        *lines,
        "",
        "Target: the worst latency during a change within 2x the steady p99. "
        f"Worst during the change against the steady p99: {'; '.join(verdicts)}.",
        "",
        CHANGE_DESIGN,
    ]


CHANGE_DESIGN = (
    "The design (`web/refit.py`): each worker fits the new directory in a "
    "background thread and swaps it in with one assignment, answering from the "
    "previous one meanwhile; workers take turns through a lock file beside the "
    "database, so one core keeps serving; the fitting thread lets the request "
    "thread take the interpreter back every 0.5 ms instead of 5 ms; the "
    "garbage collector is off during a fit and the new index is frozen after "
    "it (full collections walking the index paused every thread for up to "
    "1.5 s at 50,000 profiles). The worst case left is not explained yet: "
    "the import, a fitting worker, a serving worker and wrk share the two "
    "cores, and the fit may hold the interpreter in long C calls (candidates, "
    "not measured). A fitted "
    "index built once per version and loaded by each worker was measured and "
    "left aside: at 50,000 profiles it is an 81 MB pickle whose loading took "
    "5.4 s against 4.3 s to read the directory and 7.6 s to fit it, in the "
    "same process, so loading would save little and still hold the "
    "interpreter as long."
)


def quality_section(record: dict[str, Any]) -> list[str]:
    """Render the match-quality report."""
    f = record["figures"]
    return [
        *heading("Match quality: planted ideal therapists", record),
        quality_table(f),
        "",
    ]


def quality_table(f: dict[str, Any]) -> str:
    """Return the quality figures as a Markdown table (also quoted in matching.md)."""
    rows = [
        ("requests (demo mix)", f"{f['requests']}"),
        ("hit@1: the ideal ranked first", f"{f['hit_at_1']:.1%}"),
        ("hit@5", f"{f['hit_at_5']:.1%}"),
        ("no therapist scores above the ideal", f"{f['ideal_has_top_score']:.1%}"),
        ("NDCG@10 of the ideal", f"{f['ndcg_at_10']:.3f}"),
        ("near misses ranked below the ideal", f"{f['near_misses_below_ideal']:.1%}"),
        (
            "near misses whose caveats name the unmet preference",
            f"{f['near_miss_caveat_names_preference']:.1%}",
        ),
        ("near misses checked", f"{f['near_misses']:,}"),
        ("hard-filter violations", f"{f['hard_filter_violations']}"),
    ]
    return "\n".join(
        ["| measure | value |", "|---|---:|", *(f"| {a} | {b} |" for a, b in rows)]
    )


def batch_section(record: dict[str, Any]) -> list[str]:
    """Render the batch re-score benchmark."""
    lines = [
        *heading("Batch re-scoring: rank_many against rank in a loop", record),
        "| therapists | requests | loop of `rank` (req/s) | `rank_many` batch (req/s) "
        "| batch vs loop | peak Python memory, batch (MB) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for case in record["figures"]["cases"]:
        lines.append(
            f"| {case['profiles']:,} | {case['requests']:,} "
            f"| {case['rank_loop']['per_second']:,} "
            f"| {case['rank_many_batch']['per_second']:,} "
            f"| {case['ratio_vs_loop']['rank_many_batch']}x "
            f"| {case['peak_python_mb']['rank_many_batch']} |"
        )
    verdicts = [
        f"{'met' if case['ratio_vs_loop']['rank_many_batch'] >= 3 else 'not met'} "
        f"at {case['profiles']:,} therapists"
        for case in record["figures"]["cases"]
    ]
    lines += [
        "",
        f"Target: the batch path at 3x the loop or more: {', '.join(verdicts)}. "
        "Requests of a state of fewer than 2,000 therapists are scored together, "
        "each factor as one (requests x therapists) table worked out for the "
        "requests that ask for it; each request's totals give the few rows that "
        "can reach its top k, and only those are ranked and kept. A larger "
        "state's requests are scored one at a time over the state's own part of "
        "the index: its rows as arrays of their own, with each list value's "
        "column, each concern's best evidence credit and each text term's "
        "entries worked out once for the state. The single path's own filter "
        "and factor code runs on the part, so every value is the same. Chunks "
        "are cut by state, as a re-score cuts them, and each pass starts with "
        "nothing kept, as a new re-score process would. Peak memory is the "
        "group's tables (at most 2^21 cells, 16 MB, each) or the latest two "
        "states' parts.",
    ]
    return [*lines, ""]


SECTIONS = {
    "engine": engine_section,
    "import": import_section,
    "batch": batch_section,
    "web": web_section,
    "quality": quality_section,
}
INTRO = """# Benchmarks

Every figure below comes from a benchmark in `bench/`, run on this project's
usual machine (2 cores, shared with other work, so absolute times are noisy).
Each benchmark measures its baseline **in the same run**, and the tables lead
with those ratios. `make bench` runs them all and rewrites this page
(`.venv/bin/python -m bench NAME` runs one; `--quick` is a small smoke run
that does not touch this page; `.venv/bin/python -m bench.report` rewrites the
page from `bench/results/`).
"""


def render() -> str:
    """Return the whole page from the result files present."""
    lines = [INTRO]
    for name, section in SECTIONS.items():
        record = load(name)
        if record is None:
            lines += [f"## {name}", "", f"Not run yet: `python -m bench {name}`.", ""]
        else:
            lines += section(record)
    return "\n".join(lines).rstrip() + "\n"


MATCHING = ROOT / "docs" / "matching.md"
QUALITY_BLOCK = re.compile(
    r"(<!-- quality-table: [^>]*-->\n).*?(<!-- /quality-table -->)", re.S
)


def update_matching_guide() -> None:
    """Rewrite the quality table that docs/matching.md quotes."""
    record = load("quality")
    if record is None:
        return
    text = MATCHING.read_text(encoding="utf-8")
    table = quality_table(record["figures"])
    new = QUALITY_BLOCK.sub(lambda m: m.group(1) + table + "\n" + m.group(2), text)
    MATCHING.write_text(new, encoding="utf-8")


def main() -> int:
    """Rewrite docs/benchmarks.md and the figures docs/matching.md quotes."""
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render(), encoding="utf-8")
    update_matching_guide()
    print(f"wrote {DOC.relative_to(ROOT)} and the table in docs/matching.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
