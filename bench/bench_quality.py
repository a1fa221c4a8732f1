"""Match quality: planted ideal therapists and near misses in a realistic directory.

For each client request of the demo mix, an ideal therapist (meeting every
expressed preference) and its near misses (one preference unmet each) are
planted in a 2,000-profile generated directory. The report gives hit@1, hit@5
and NDCG@10 of the ideal, how often no therapist outscores it (ties at the top
are common for short requests: other therapists meet everything too), the
share of near misses ranked below the ideal, the share of those owed a caveat
whose caveats say what a correct caveat says (the unmet value as the engine
words it, or the office's distance; an office inside the client's own distance
limit is owed none), and hard-filter violations (must be 0).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from bench.planted import ideal_for, near_misses
from bench.reference import ReferenceScorer, distance_km
from matcher.demo import make_profiles, make_requests
from matcher.directory.importer import stored_row
from matcher.directory.schema import parse_profile
from matcher.directory.vocab import vocabulary
from matcher.engine import words
from matcher.engine.explain import STYLE_WORDS
from matcher.engine.geo import zip_centroid
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


# Factors whose caveat names the unmet value by its label, and its vocabulary.
NAMED_BY_LABEL = {
    "concerns": "specialties", "approaches": "approaches", "languages": "languages",
}  # fmt: skip
FIXED_WORDS = {
    "gender": "gender", "ethnicity": "background", "faith": "faith",
    "identities": "lived experience", "lgbtq_affirming": "LGBTQ+",
    "availability": "appointments", "text": "own words",
}  # fmt: skip


def label_forms(vocab_name: str, key: str) -> tuple[str, ...]:
    """Return the ways the engine words a value: its label, in a sentence, in a list.

    One approach asked reads by its label ("Cognitive Behavioral Therapy
    (CBT)"), several by their short names ("Doesn't list CBT or CFT").
    """
    forms = (
        vocabulary(vocab_name).label(key),
        words.label(vocab_name, key),
        words.label(vocab_name, key, in_list=True),
    )
    return tuple(dict.fromkeys(forms))


def planted_km(request: dict[str, Any], row: dict[str, str]) -> float:
    """Return the great-circle distance from the client's ZIP code to an office."""
    office = {"geo_latitude": float(row["latitude"])}
    office["geo_longitude"] = float(row["longitude"])
    return distance_km(office, zip_centroid(request["postal_code"]))


def caveat_due(
    factor: str, request: dict[str, Any], row: dict[str, str]
) -> tuple[str, ...]:
    """Return the words of which a correct caveat holds one; () when none is due.

    ``row`` is the near miss as planted. A distance inside the client's own
    limit is a fact, not a caveat (none due); past it, or with no limit of
    the client's, the caveat gives the distance in the client's unit.
    """
    if factor in NAMED_BY_LABEL:
        return label_forms(NAMED_BY_LABEL[factor], _first(request[factor]))
    if factor == "style":
        dim, value = next((d, v) for d, v in request["style"].items() if v is not None)
        return (STYLE_WORDS[dim][value < 0],)
    if factor == "cost":
        return ("budget",) if request.get("max_fee") is not None else ("take",)
    if factor == "distance":
        km, limit = planted_km(request, row), request.get("max_distance_km")
        if limit and km <= limit:
            return ()
        return (words.distance(km, request.get("distance_unit", "km")),)
    return (FIXED_WORDS[factor],)


def names_unmet(caveats: Sequence[str], due: Sequence[str]) -> bool:
    """Tell whether one of the caveats holds one of the words due (any case)."""
    return any(w.lower() in c.lower() for c in caveats for w in due)


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
        due = caveat_due(factor, request, row)
        if not due:
            continue  # a distance inside the client's own limit: no caveat due
        named.append(names_unmet(match.caveats, due))
        if not named[-1]:
            print(f"  caveats of {row['id']} miss {due!r}: {match.caveats}")
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
        "near_misses_caveat_due": len(named),
        "near_miss_caveat_names_preference": round(sum(named) / max(1, len(named)), 3),
        "hard_filter_violations": broken,
    }
    print(figures)
    return figures
