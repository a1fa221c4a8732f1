"""The reference scorer: the same rules, one therapist at a time, written for clarity.

It is the test oracle for the vectorised engine and the baseline of its
benchmark. Nothing here is fast on purpose.

Both sides rank by score rounded to six decimals, then in tie order, so they
must agree far below 1e-6 points. The rules' arithmetic is therefore the
engine's where it is coarser than float64: the free-text factor multiplies
float32 TF-IDF weights in float32 (``matcher.engine.index_text``), which moves
a score by up to 1e-5 points from a float64 product. What is left is float64
summation order, about 1e-13 points.

Track records: the classes (effective, neutral, ineffective, too few) are
``matcher.outcomes.TrackRecords``'s, fitted on the outcome records and
checked against planted truth on their own (``tests/test_outcomes_track.py``,
``bench/bench_outcomes.py``); a reimplementation of that fit would copy it
line for line. What the ranking makes of them is written here from its
definition (``docs/matching.md``, the ``track_record`` factor): which of the
client's concerns have data, the match, the importance.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from matcher.engine import focus, focus_approaches
from matcher.engine.evidence import evidence_credit
from matcher.engine.index import ASSUMED_WHEN_EMPTY, id_hash
from matcher.engine.index_lists import insurance_key
from matcher.engine.index_text import make_vectorizer, profile_document
from matcher.engine.request import STYLE_DIMENSIONS, Request, parse_request
from matcher.engine.scoring import (
    COST_MATCH,
    DEFAULT_DISTANCE_KM,
    IMPORTANCE_WEIGHTS,
    STYLE_SPAN,
    TEXT_SATURATION,
    UNKNOWN,
    request_seed,
)
from matcher.style_estimate import estimate_arrays

EARTH_RADIUS_KM = 6371.0088


@dataclass
class OracleScore:
    """One eligible therapist's score, its factor points and their matches."""

    therapist_id: str
    score: float
    points: dict[str, float]
    matches: dict[str, float] = field(default_factory=dict)


def values_of(profile: dict[str, Any], name: str) -> list[str]:
    """Return a list field's values, or what an empty one is taken to offer."""
    value = profile.get(name)
    if isinstance(value, str):
        return [value]
    if value is None or (isinstance(value, float) and math.isnan(value)) or not value:
        return list(ASSUMED_WHEN_EMPTY.get(name, ()))
    return list(value)


def known(value: Any) -> bool:
    """Tell whether a numeric profile value is given."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def distance_km(profile: dict[str, Any], origin: tuple[float, float]) -> float | None:
    """Great-circle distance from the client's ZIP code to the office, if known."""
    lat, lon = profile.get("geo_latitude"), profile.get("geo_longitude")
    if not (known(lat) and known(lon)):
        return None
    p1, p2 = math.radians(origin[0]), math.radians(lat)
    dp, dl = p2 - p1, math.radians(lon - origin[1])
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


class ReferenceScorer:
    """Score every therapist separately with plain Python; rank by score."""

    def __init__(self, weights: dict[str, float] | None = None):
        self.weights = weights or {}

    def fit(
        self, profiles: pd.DataFrame, track_records: pd.DataFrame | None = None
    ) -> ReferenceScorer:
        """Keep the profiles as dicts (by id) and fit the same text model.

        ``track_records``: fitted classes, one row per therapist and domain
        (``TrackRecords.records_``: ``therapist_id``, ``domain``,
        ``track_record``), for the ``track_record`` factor.
        """
        frame = profiles.sort_values("id", kind="stable")
        self.profiles_ = frame.to_dict("records")
        self.classes_ = classified(track_records, {p["id"] for p in self.profiles_})
        documents = [
            profile_document(p["bio"], tuple(values_of(p, "specialties")))
            for p in self.profiles_
        ]
        try:
            self.vectorizer_ = make_vectorizer().fit(documents)
        except ValueError:
            self.vectorizer_ = None
        rows = [p | {"approaches": values_of(p, "approaches")} for p in self.profiles_]
        values, confidences = estimate_arrays(rows)
        self.estimates_ = {
            p["id"]: dict(zip(STYLE_DIMENSIONS, zip(v, c, strict=True), strict=True))
            for p, v, c in zip(rows, values, confidences, strict=True)
        }
        bios = [p["bio"] if isinstance(p["bio"], str) else "" for p in self.profiles_]
        try:
            self.bio_vectorizer_ = focus.bio_vectorizer().fit(bios)
        except ValueError:
            self.bio_vectorizer_ = None
        return self

    def rank(self, request: Request | dict, k: int | None = None) -> list[OracleScore]:
        """Return the k best eligible therapists, best first."""
        if not isinstance(request, Request):
            request = parse_request(request)
        query = self._query(request)
        scored = [
            self.score_one(p, request, query)
            for p in self.profiles_
            if self.eligible(p, request)
        ]
        seed = request_seed(request)
        scored.sort(key=lambda s: (-round(s.score, 6), id_hash(s.therapist_id) ^ seed))
        return scored[: k or request.limit]

    def _query(self, request: Request) -> list[tuple[int, np.float32]] | None:
        """Return the client's words as (term, weight), in the order first written.

        Sublinear tf times the fitted idf, L2-normalised in float64, each
        weight then kept as float32: the engine's query (``TextModel.query``).
        """
        if not request.concerns_text.strip() or self.vectorizer_ is None:
            return None
        terms = self.vectorizer_.vocabulary_
        words = self.vectorizer_.build_analyzer()(request.concerns_text)
        counts = Counter(w for w in words if w in terms)
        if not counts:
            return None
        idf = self.vectorizer_.idf_.astype(np.float64)
        weights = np.array(
            [(1.0 + math.log(n)) * idf[terms[w]] for w, n in counts.items()]
        )
        weights = (weights / np.linalg.norm(weights)).astype(np.float32)
        return list(zip([terms[w] for w in counts], weights, strict=True))

    def eligible(self, p: dict[str, Any], request: Request) -> bool:
        """Apply every hard filter to one therapist."""
        if request.state not in values_of(p, "license_states"):
            return False
        if request.format == "in_person" and not p["in_person"]:
            return False
        if request.format == "telehealth" and not p["telehealth"]:
            return False
        if request.max_distance_km and request.format != "telehealth":
            d = distance_km(p, request.origin)
            near = d is not None and d <= request.max_distance_km
            if not near and not (request.format == "either" and p["telehealth"]):
                return False
        if not request.include_not_accepting and p["accepting_new_clients"] is False:
            return False
        if request.age_group and request.age_group not in values_of(p, "populations"):
            return False
        formats = values_of(p, "session_formats")
        if request.session_format and request.session_format not in formats:
            return False
        return all(self._meets_must(p, request, name) for name in MUST_LISTS)

    def _meets_must(self, p: dict[str, Any], request: Request, name: str) -> bool:
        pref = request.preference(name)
        if pref is None or not pref.must:
            return True
        if name == "lgbtq_affirming":
            return p.get("lgbtq_affirming") is True
        return any(v in values_of(p, MUST_LISTS[name]) for v in pref.values)

    def score_one(self, p: dict[str, Any], request: Request, query: Any) -> OracleScore:
        """Score one therapist: weighted mean of its factor matches, times 100."""
        factors = self.factors(p, request, query)
        weights = {
            name: IMPORTANCE_WEIGHTS[importance] * self.weights.get(name, 1.0)
            for name, (importance, _) in factors.items()
        }
        total = sum(weights.values())
        if not factors or total <= 0:
            factors["requirements"] = ("low", 1.0)
            weights["requirements"], total = 1.0, total + 1.0
        points = {n: 100.0 * weights[n] * m / total for n, (_, m) in factors.items()}
        matches = {n: m for n, (_, m) in factors.items()}
        return OracleScore(p["id"], sum(points.values()), points, matches)

    def factors(self, p: dict, request: Request, query: Any) -> dict[str, tuple]:
        """Return {factor: (importance, match)} for every expressed preference."""
        out: dict[str, tuple[str, float]] = {}
        if request.concerns:
            wanted = request.concerns.values
            out["concerns"] = (
                request.concerns.importance,
                sum(self._concern(p, c) for c in wanted) / len(wanted),
            )
        if request.concerns:
            self._track_record(out, p, request.concerns.values)
        if request.approaches:
            used = set(values_of(p, "approaches")) & set(request.approaches.values)
            best = max((self._approach(p, a) for a in used), default=0.0)
            out["approaches"] = (request.approaches.importance, best)
        elif request.concerns:
            credit = evidence_credit()
            covered = [c for c in request.concerns.values if c in credit]
            if covered:
                used = values_of(p, "approaches")
                per = [
                    max([credit[c].get(a, 0.0) for a in used], default=0.0)
                    for c in covered
                ]
                out["approach_evidence"] = ("low", sum(per) / len(per))
        if request.style:
            out["style"] = (request.style_importance, self._style(p, request))
        for name in ("gender", "ethnicity", "faith"):
            self._listed(out, p, request, name)
        if request.lgbtq_affirming:
            match = 1.0 if p.get("lgbtq_affirming") is True else 0.0
            out["lgbtq_affirming"] = (request.lgbtq_affirming.importance, match)
        for name in ("identities", "languages"):
            self._listed(out, p, request, name)
        if request.availability:
            out["availability"] = (
                request.availability.importance,
                self._availability(p, request),
            )
        if request.insurance or request.max_fee is not None:
            out["cost"] = ("high", self._cost(p, request))
        if request.format == "in_person" and request.origin is not None:
            out["distance"] = ("low", self._distance(p, request))
        if query is not None:
            out["text"] = ("low", self._text(p, query))
        return out

    def _track_record(self, out, p, concerns):
        """1/2, plus 1/(2c) per effective and minus per ineffective record.

        c counts the client's concerns in which some therapist here has a
        classified record; no such concern, no factor.
        """
        with_data = [c for c in concerns if c in self.classes_]
        if with_data:
            kinds = [self.classes_[c].get(p["id"]) for c in with_data]
            balance = kinds.count("effective") - kinds.count("ineffective")
            out["track_record"] = ("medium", 0.5 + balance / (2 * len(with_data)))

    def _concern(self, p, concern):
        """One concern's match: listed, how much of the list it is, the bio's words."""
        listed = set(values_of(p, "specialties"))
        top = [c for c in values_of(p, "top_specialties")[: focus.MAX_TOP]]
        n, k = len(listed), focus.BREADTH_K
        spread = min(1.0, (1 + k) / (1 + k * n / focus.BREADTH_REF))
        if concern in top and concern in listed:
            share = 1.0
        else:
            share = focus.NOT_TOP * spread if top else spread
        listed_part = (focus.LISTED + focus.FOCUS * share) if concern in listed else 0
        return listed_part + focus.WORDS * self._bio(p, concern)

    def _approach(self, p, approach):
        """One listed approach's match: listed, the list's length, the bio's words."""
        n, k = len(set(values_of(p, "approaches"))), focus_approaches.BREADTH_K
        spread = min(1.0, (1 + k) / (1 + k * n / focus_approaches.BREADTH_REF))
        words = self._bio(p, approach, "approaches")
        return (
            focus_approaches.LISTED
            + focus_approaches.BREADTH * spread
            + focus_approaches.WORDS * words
        )

    def _bio(self, p, concern, field="specialties"):
        """The bio's TF-IDF weight on a key's words, as a vector length."""
        bio = p["bio"] if isinstance(p["bio"], str) else ""
        model = self.bio_vectorizer_
        if model is None:
            return 0.0
        vector = model.transform([bio])
        words = model.transform([focus.expansion(field, concern)])
        on = set(words.indices.tolist())
        weights = dict(zip(vector.indices.tolist(), vector.data.tolist(), strict=True))
        length = math.sqrt(sum(float(w) ** 2 for t, w in weights.items() if t in on))
        return min(1.0, round(length, focus.BIO_DECIMALS) / focus.BIO_SATURATION)

    def _listed(self, out, p, request, name):
        pref = request.preference(name)
        if pref is not None:
            has = any(v in values_of(p, name) for v in pref.values)
            out[name] = (pref.importance, 1.0 if has else 0.0)

    def _style(self, p, request):
        closeness = []
        for dim in request.style:
            given = p.get(f"style_{dim}")
            value, confidence = self.estimates_[p["id"]][dim]
            if not known(given):
                # An estimate moves the neutral match by its confidence (0: none).
                near = 1.0 - abs(value - request.style[dim]) / STYLE_SPAN
                closeness.append(UNKNOWN + confidence * (near - UNKNOWN))
            else:
                closeness.append(1.0 - abs(given - request.style[dim]) / STYLE_SPAN)
        return sum(closeness) / len(closeness)

    def _availability(self, p, request):
        offered = p.get("availability") or []
        wanted = request.availability.values
        return sum(1 for v in wanted if v in offered) / len(wanted)

    def _cost(self, p, request):
        takes = request.insurance and insurance_key(request.insurance) in [
            insurance_key(v) for v in values_of(p, "insurance")
        ]
        fee = p.get("fee")
        within = request.max_fee is not None and known(fee) and fee <= request.max_fee
        if takes or within:
            return COST_MATCH["fits"]
        if p.get("sliding_scale") is True:
            return COST_MATCH["sliding_scale"]
        if request.max_fee is not None and not known(fee):
            return COST_MATCH["fee_unknown"]
        return COST_MATCH["over"]

    def _distance(self, p, request):
        d = distance_km(p, request.origin)
        if d is None:
            return UNKNOWN
        scale = request.max_distance_km or DEFAULT_DISTANCE_KM
        return min(1.0, max(0.0, 1.0 - d / scale))

    def _text(self, p, query):
        """Cosine of the words to the profile: float32 products added in float64."""
        document = profile_document(p["bio"], tuple(values_of(p, "specialties")))
        vector = self.vectorizer_.transform([document])
        terms = dict(zip(vector.indices.tolist(), vector.data, strict=True))
        cosine = 0.0
        for term, weight in query:
            if term in terms:
                cosine += float(weight * terms[term])  # a float32 product
        return min(1.0, cosine / TEXT_SATURATION)


def classified(
    track_records: pd.DataFrame | None, ids: set[str]
) -> dict[str, dict[str, str]]:
    """Return {domain: {therapist: class}} for the classified records of these ids.

    A record below the minimum number of episodes (``too_few``) is no data.
    """
    found: dict[str, dict[str, str]] = {}
    if track_records is None:
        return found
    for therapist, domain, kind in zip(
        track_records["therapist_id"], track_records["domain"],
        track_records["track_record"], strict=True,
    ):  # fmt: skip
        if therapist in ids and kind in ("effective", "neutral", "ineffective"):
            found.setdefault(domain, {})[therapist] = kind
    return found


MUST_LISTS = {
    "concerns": "specialties", "approaches": "approaches", "gender": "gender",
    "ethnicity": "ethnicity", "faith": "faith", "lgbtq_affirming": "",
    "identities": "identities", "languages": "languages",
    "availability": "availability",
}  # fmt: skip
