"""Match quality: planted ideal therapists and near misses in a realistic directory.

For each client request of the demo mix, an ideal therapist (meeting every
expressed preference) and its near misses (one preference unmet each) are
planted in a 2,000-profile generated directory. The report gives hit@1, hit@5
and NDCG@10 of the ideal, how often no therapist outscores it (ties at the top
are common for short requests: other therapists meet everything too), the
share of near misses ranked below the ideal and whose caveats name the unmet
preference, and hard-filter violations (must be 0).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd

from bench.planted import ideal_for, near_misses
from bench.reference import ReferenceScorer
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import stored_row
from matcher.directory.schema import parse_profile
from matcher.directory.vocab import vocabulary
from matcher.engine.explain import STYLE_WORDS
from matcher.engine.matcher import Matcher
from matcher.engine.request import parse_request
from matcher.store import from_row

TODAY = dt.date(2026, 11, 1)
K = 10


def profiles_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    """Validate CSV-style rows as the import does and return the store's frame."""
    records = []
    for row in rows:
        parsed = parse_profile(row)
        if parsed.errors:
            raise ValueError(f"{row['id']}: {parsed.errors}")
        records.append({**from_row(stored_row(parsed.values)), "active": 1})
    return pd.DataFrame.from_records(records)


def _first(pref: Any) -> str:
    raw = pref.get("value") if isinstance(pref, dict) else pref
    return raw if isinstance(raw, str) else raw[0]


def caveat_words(factor: str, request: dict[str, Any]) -> str:
    """Return the words a caveat about an unmet factor must contain."""
    if factor == "concerns":
        return vocabulary("specialties").label(_first(request["concerns"]))
    if factor == "approaches":
        return vocabulary("approaches").label(_first(request["approaches"]))
    if factor == "languages":
        return vocabulary("languages").label(_first(request["languages"]))
    if factor == "style":
        dim, value = next((d, v) for d, v in request["style"].items() if v is not None)
        return STYLE_WORDS[dim][value < 0]
    fixed = {
        "gender": "gender", "ethnicity": "background", "faith": "faith",
        "identities": "lived experience", "lgbtq_affirming": "LGBTQ+",
        "availability": "appointments", "text": "own words", "distance": "km",
    }  # fmt: skip
    if factor == "cost":
        return "budget" if request.get("max_fee") is not None else "take"
    return fixed[factor]


def ndcg_at(rank: int | None, k: int = K) -> float:
    """NDCG@k with the planted ideal as the only relevant therapist."""
    return 1.0 / math.log2(rank + 1) if rank is not None and rank <= k else 0.0


def one_request(background: pd.DataFrame, request: dict[str, Any]) -> dict[str, Any]:
    """Plant, rank and score one request; return its measurements."""
    request = {**request, "limit": K}
    ideal = ideal_for(request, f"{request['state'].lower()}-planted-ideal")
    misses = near_misses(request, ideal)
    planted = profiles_frame([ideal, *misses.values()])
    frame = pd.concat([background, planted], ignore_index=True)
    matcher = Matcher(today=TODAY).fit(frame)
    every = matcher.rank(request, k=len(frame)).matches
    answer = matcher.rank(request, k=K)
    ids = [m.therapist_id for m in every]
    rank = ids.index(ideal["id"]) + 1 if ideal["id"] in ids else None
    local = Matcher(today=TODAY).fit(planted).rank(request, k=len(planted))
    by_id = {m.therapist_id: m for m in local.matches}
    top = by_id.get(ideal["id"])
    below, named = [], []
    for factor, row in misses.items():
        match = by_id.get(row["id"])
        if match is None or top is None:
            continue
        below.append(match.score < top.score)
        words = caveat_words(factor, request).lower()
        named.append(any(words in c.lower() for c in match.caveats))
        if not named[-1]:
            print(f"  caveats of {row['id']} miss {words!r}: {match.caveats}")
    best = answer.matches[0].score if answer.matches else None
    ideal_score = top.score if top else None
    return {
        "rank": rank,
        "top_score": best is not None
        and ideal_score is not None
        and ideal_score >= best,
        "below": below,
        "named": named,
        "answer": answer,
        "frame": frame,
    }


def violations(answer, frame: pd.DataFrame, request: dict[str, Any]) -> int:
    """Count matches that break a hard filter, judged by the reference scorer."""
    records = frame.set_index("id", drop=False).to_dict("index")
    parsed, judge = parse_request(request), ReferenceScorer()
    return sum(
        not judge.eligible(records[m.therapist_id], parsed) for m in answer.matches
    )


def run(quick: bool = False) -> dict[str, Any]:
    """Measure ranking quality on planted profiles for the demo request mix."""
    background = profiles_frame(make_profiles(2_000))
    requests = make_requests(40 if quick else 300)
    ranks, tops, below, named, broken = [], [], [], [], 0
    for request in requests:
        found = one_request(background, request)
        ranks.append(found["rank"])
        tops.append(found["top_score"])
        below += found["below"]
        named += found["named"]
        broken += violations(found["answer"], found["frame"], request)
    figures = {
        "requests": len(requests),
        "hit_at_1": round(sum(r == 1 for r in ranks) / len(ranks), 3),
        "hit_at_5": round(sum(r is not None and r <= 5 for r in ranks) / len(ranks), 3),
        "ideal_has_top_score": round(sum(tops) / len(tops), 3),
        "ndcg_at_10": round(sum(ndcg_at(r) for r in ranks) / len(ranks), 3),
        "near_misses": len(below),
        "near_misses_below_ideal": round(sum(below) / max(1, len(below)), 3),
        "near_miss_caveat_names_preference": round(sum(named) / max(1, len(named)), 3),
        "hard_filter_violations": broken,
    }
    print(figures)
    return figures
