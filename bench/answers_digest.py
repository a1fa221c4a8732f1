"""One digest of the engine's answers on the demo directory and requests.

A change meant to leave behaviour alone (a refactor) must leave this digest
unchanged: run ``python -m bench.answers_digest`` before and after. It ranks
every demo request with ``rank`` and with ``rank_many`` (explained and not),
in kilometres and in miles, plus crisis, no-coverage and dead-end requests,
on each batch path (matrices, a state's part, one at a time), and prints the
SHA-256 of all the answers as JSON. ``--verbose`` prints one digest per run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Any

from matcher import store
from matcher.directory.importer import import_file
from matcher.engine.matcher import Matcher

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 6, 1)  # fixed, so stale-profile caveats do not drift
EXTRA_REQUESTS = [
    {"request_id": "crisis", "state": "CA", "concerns": ["suicidal_thoughts"]},
    {
        "request_id": "crisis-words",
        "state": "NY",
        "concerns_text": "Some days I feel I'd be better off dead.",
    },
    {"request_id": "no-coverage", "state": "WY", "concerns": ["anxiety"]},
    {
        "request_id": "dead-end",
        "state": "CA",
        "format": "in_person",
        "postal_code": "94706",
        "max_distance_km": 1,
        "concerns": {"value": ["eating_disorders"], "importance": "must"},
        "languages": {"value": ["Tagalog"], "importance": "must"},
        "gender": {"value": ["nonbinary"], "importance": "must"},
        "session_format": "couples",
        "age_group": "children",
    },
    {
        "request_id": "musts",
        "state": "TX",
        "approaches": {"value": ["cbt"], "importance": "must"},
        "lgbtq_affirming": {"value": True, "importance": "must"},
        "availability": {"value": ["weekends"], "importance": "must"},
        "faith": {"value": ["christian"], "importance": "low"},
        "identities": {"value": ["veteran"], "importance": "medium"},
        "ethnicity": {"value": ["black"], "importance": "high"},
    },
]


def demo_requests() -> list[dict[str, Any]]:
    """Return the demo requests, the extra ones, and all of them again in miles."""
    path = ROOT / "data" / "demo" / "requests.jsonl"
    base = [json.loads(line) for line in path.read_text().splitlines() if line]
    base += EXTRA_REQUESTS
    miles = [{**r, "request_id": f"{r['request_id']}-mi", "distance_unit": "mi"}
             for r in base]  # fmt: skip
    return base + miles


def demo_matcher(**settings: Any) -> Matcher:
    """Return a Matcher fitted on the demo directory (``settings``: its options)."""
    folder = Path(tempfile.mkdtemp(prefix="digest-"))
    db = store.connect(folder / "demo.db")
    report = import_file(db, ROOT / "data" / "demo" / "therapists.csv")
    if not report.ok:
        raise RuntimeError(f"demo directory did not import: {report.message}")
    return Matcher(today=TODAY, **settings).fit(store.load_directory(db), 1)


def answers_json(answers) -> str:
    """Return the answers as one canonical JSON text."""
    return json.dumps([a.to_dict() for a in answers], sort_keys=True, default=typed)


def typed(value: Any) -> dict[str, Any]:
    """Encode a NumPy number with its type, so a change of type changes the digest."""
    return {"numpy": type(value).__name__, "value": value.item()}


def runs(requests: list[dict[str, Any]]) -> dict[str, str]:
    """Return each run's answers as JSON, by run name."""
    matcher = demo_matcher()
    out = {"rank": answers_json([matcher.rank(r) for r in requests])}
    many = requests * 4  # enough requests per state for the matrix path
    for explain in (True, False):
        out[f"many-{explain}"] = answers_json(matcher.rank_many(many, explain=explain))
    # Every state scored over its own part, then one request at a time.
    parts = demo_matcher(batch_path="parts").rank_many(many * 4, explain=False)
    out["parts"] = answers_json(parts)
    single = demo_matcher(batch_path="single").rank_many(many, explain=False)
    out["single"] = answers_json(single)
    return out


def main() -> None:
    """Print the digest of every answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    verbose = parser.parse_args().verbose
    total = hashlib.sha256()
    for name, text in runs(demo_requests()).items():
        total.update(name.encode() + b"\0" + text.encode() + b"\0")
        if verbose:
            print(name, hashlib.sha256(text.encode()).hexdigest())
    print(total.hexdigest())


if __name__ == "__main__":
    main()
