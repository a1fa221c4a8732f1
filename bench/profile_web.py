"""Where a search's time goes, in process: ``python -m bench.profile_web``.

Serves ``POST /api/v1/matches`` and ``POST /results`` through Flask's test
client on the demo directory and on 5,000 generated profiles, and splits each
request's time into parts by timing the functions that do each part:

- ``words``: explaining the matches (``explain_match``, and word caches; the
  word plan and questions worked out once per answer);
- ``ranking``: the rest of ``Matcher.rank`` (filters, factors, top k,
  suggestions, notices);
- ``database``: connections and queries (directory version, profiles for cards);
- ``parsing``: reading the JSON or the form into a request;
- ``serialisation``: the answer to JSON (``to_dict`` and the JSON encoder);
- ``template``: rendering the results page (its helpers included);
- ``framework``: what is left (Flask, Werkzeug, the test client, sessions).

Times are the thread's CPU time (``time.thread_time``), so that other
processes on a shared machine do not count; they are exclusive (a part nested
in another counts once, in the inner one) and are medians per request of
several rounds. ``/healthz`` and a route that
returns a constant are timed too, as the baselines. ``--json`` prints figures;
``--save LABEL`` keeps them under LABEL (``before``, ``after``) in
``bench/results/profile_web.json``, which docs/benchmarks.md quotes.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from matcher import store
from matcher.demo import make_requests

PARTS = (
    "words", "ranking", "database", "parsing", "serialisation", "template",
    "framework",
)  # fmt: skip
ROUNDS, QUICK_ROUNDS = 7, 2
CLOCK = time.thread_time
TOP10_ROUNDS = 15
REQUESTS = 50


class PartTimer:
    """Accumulate exclusive time per part over wrapped functions."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self._children: list[float] = []

    def wrap(self, part: str, function: Callable[..., Any]) -> Callable[..., Any]:
        """Return function timed into part (its nested parts subtracted)."""

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            self._children.append(0.0)
            started = CLOCK()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = CLOCK() - started
                nested = self._children.pop()
                self.totals[part] += elapsed - nested
                if self._children:
                    self._children[-1] += elapsed

        return timed


def _targets() -> list[tuple[Any, str, str]]:
    """Return (owner, attribute, part) for every function timed into a part."""
    import flask

    from matcher.engine import matcher as engine
    from matcher.engine.answer import Answer
    from web import api, db, main, refit, search

    return [
        (engine, "explain_match", "words"),
        (engine, "word_plan", "words"),  # what the words read of the request, once
        (engine, "request_questions", "words"),
        (engine.Matcher, "rank", "ranking"),
        (refit.VersionReader, "version", "database"),
        (db, "get_db", "database"),
        (db, "close_db", "database"),
        (search, "get_db", "database"),
        (main, "get_db", "database"),
        (main, "result_cards", "database"),
        (main.MatchForm, "__init__", "parsing"),
        (search, "parse", "parsing"),
        (api, "read_json_body", "parsing"),
        (main, "to_request", "parsing"),
        (main.MatchForm, "validate", "parsing"),
        (Answer, "to_dict", "serialisation"),
        (flask.json.provider.DefaultJSONProvider, "response", "serialisation"),
        (main, "render_template", "template"),
        *_optional_targets(),
    ]


def _optional_targets() -> list[tuple[Any, str, str]]:
    """Targets of modules that a version of the code may not have."""
    try:
        from matcher.engine import word_parts
    except ImportError:
        return []
    return [(word_parts, "therapist_words", "words")]


@contextlib.contextmanager
def timed_parts(timer: PartTimer) -> Iterator[None]:
    """Wrap every target function with the timer while the block runs."""
    saved = []
    for owner, name, part in _targets():
        if not hasattr(owner, name):
            continue
        original = owner.__dict__.get(name, getattr(owner, name))
        saved.append((owner, name, original))
        setattr(owner, name, timer.wrap(part, getattr(owner, name)))
    try:
        yield
    finally:
        for owner, name, original in reversed(saved):
            setattr(owner, name, original)


def make_app(db_path: Path):
    """Return the app over db_path, with a route returning a constant."""
    from web import create_app

    app = create_app({"DATABASE": str(db_path), "SECRET_KEY": "profile"})
    app.add_url_rule("/profile-constant", "profile_constant", lambda: "ok")
    return app


def _form_token(client) -> str:
    import re

    page = client.get("/").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def endpoints(client, requests: list[dict[str, Any]]) -> dict[str, Callable]:
    """Return one call per endpoint, each taking a request's position."""
    from bench.bench_web import form_body

    token = _form_token(client)
    bodies = [json.dumps(r) for r in requests]
    forms = [form_body(r, token) for r in requests]
    form_type = "application/x-www-form-urlencoded"

    def api_matches(i: int):
        return client.post("/api/v1/matches", data=bodies[i],
                           content_type="application/json")  # fmt: skip

    def results_page(i: int):
        return client.post("/results", data=forms[i], content_type=form_type)

    return {
        "constant": lambda i: client.get("/profile-constant"),
        "healthz": lambda i: client.get("/healthz"),
        "api_matches": api_matches,
        "results_page": results_page,
    }


def profile_endpoint(call: Callable, count: int, rounds: int) -> dict[str, float]:
    """Return median milliseconds per request, in all and per part."""
    per_round: list[dict[str, float]] = []
    for _ in range(rounds):
        timer = PartTimer()
        with timed_parts(timer):
            started = CLOCK()
            for i in range(count):
                response = call(i)
                if response.status_code != 200:
                    raise RuntimeError(f"status {response.status_code}")
            total = CLOCK() - started
        parts = {p: timer.totals.get(p, 0.0) for p in PARTS if p != "framework"}
        parts["framework"] = total - sum(parts.values())
        parts["total"] = total
        per_round.append({k: v * 1000 / count for k, v in parts.items()})
    return {
        name: round(statistics.median(r[name] for r in per_round), 3)
        for name in (*PARTS, "total")
    }


def explained_top10_ms(db_path: Path, requests: list[dict[str, Any]]) -> float:
    """Return Matcher.rank's median time with words, top 10, in ms (best round)."""
    from matcher.engine.matcher import Matcher

    db = store.connect(db_path)
    matcher = Matcher().fit(store.load_directory(db), store.directory_version(db))
    db.conn.close()
    asked = [{**r, "limit": 10} for r in requests]
    for request in asked:
        matcher.rank(request)  # warm: caches filled once per version
    medians = []
    for _ in range(TOP10_ROUNDS):
        times = []
        for request in asked:
            started = CLOCK()
            matcher.rank(request)
            times.append((CLOCK() - started) * 1000)
        medians.append(statistics.median(times))
    # The least disturbed round: other work on a shared machine only adds.
    return round(min(medians), 3)


def directory(name: str) -> Path:
    """Return a database holding the named directory: 'demo' or a size."""
    from bench.bench_web import demo_db
    from bench.common import generated_directory

    if name == "demo":
        return demo_db()
    folder = Path(tempfile.mkdtemp(prefix="profile-web-"))
    _, db = generated_directory(int(name), folder)
    db.conn.close()
    return folder / f"directory-{name}.db"


def run(quick: bool = False, sizes: tuple[str, ...] = ("demo", "5000")) -> dict:
    """Profile each endpoint on each directory."""
    rounds = QUICK_ROUNDS if quick else ROUNDS
    requests = make_requests(REQUESTS)
    figures: dict[str, Any] = {}
    for size in sizes:
        db_path = directory(size)
        client = make_app(db_path).test_client()
        calls = endpoints(client, requests)
        for call in calls.values():  # warm up: the fit, caches, templates
            for i in range(len(requests)):
                call(i)
        row: dict[str, Any] = {
            name: profile_endpoint(call, len(requests), rounds)
            for name, call in calls.items()
        }
        row["explained_top10_ms"] = explained_top10_ms(db_path, requests)
        figures[size] = row
    return figures


def table(figures: dict[str, Any]) -> str:
    """Return the figures as a Markdown table (ms per request)."""
    lines = [
        "| directory | endpoint | " + " | ".join(PARTS) + " | total |",
        "|---" * (len(PARTS) + 3) + "|",
    ]
    for size, row in figures.items():
        for name in ("api_matches", "results_page", "healthz", "constant"):
            parts = row[name]
            cells = " | ".join(f"{parts[p]:.3f}" for p in (*PARTS, "total"))
            lines.append(f"| {size} | {name} | {cells} |")
    for size, row in figures.items():
        top10 = row["explained_top10_ms"]
        lines.append(f"\nExplained top-10 answer, {size}: {top10} ms")
    return "\n".join(lines)


def save(label: str, figures: dict[str, Any]) -> Path:
    """Keep figures under label in bench/results/profile_web.json (others stay)."""
    from bench.__main__ import RESULTS, machine

    path = RESULTS / "profile_web.json"
    record = json.loads(path.read_text()) if path.exists() else {"figures": {}}
    record.update(benchmark="profile_web", machine=machine())
    record["figures"][label] = {
        "ran_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        **figures,
    }
    path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return path


def main() -> None:
    """Print the per-part profile; with --save, keep it for docs/benchmarks.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--json", action="store_true", help="print JSON figures")
    parser.add_argument("--sizes", default="demo,5000", help="e.g. demo,5000")
    parser.add_argument("--save", metavar="LABEL", help="e.g. before or after")
    args = parser.parse_args()
    figures = run(args.quick, tuple(args.sizes.split(",")))
    print(json.dumps(figures, indent=2) if args.json else table(figures))
    if args.save:
        print(f"kept as {args.save!r} in {save(args.save, figures)}")


if __name__ == "__main__":
    main()
