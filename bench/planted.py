"""Planted profiles for the match-quality report: an ideal and its near misses.

For a client request, the ideal therapist meets every preference the request
expresses; each near miss is the ideal with exactly one preference unmet.
Rows are CSV-style (text cells, lists joined with ';') like any import.
"""

from __future__ import annotations

from typing import Any

from matcher.engine.geo import zip_centroid
from matcher.engine.request import STYLE_DIMENSIONS

OTHER = {
    "gender": {"woman": "man", "man": "woman", "nonbinary": "man", "two_spirit": "man"},
}
FAR_ZIPS = {
    "MA": "01201", "NY": "14201", "CA": "96001", "TX": "79901",
    "IL": "62701", "WA": "99201", "GA": "31401",
}  # fmt: skip


def _values(pref: Any) -> list[str]:
    if pref is None:
        return []
    raw = pref.get("value") if isinstance(pref, dict) else pref
    return [raw] if isinstance(raw, str) else list(raw or [])


def ideal_for(request: dict[str, Any], therapist_id: str) -> dict[str, str]:
    """Return a profile that meets every preference of the request."""
    state = request["state"]
    style = request.get("style") or {}
    row = {
        "id": therapist_id,
        "name": "Planted Ideal",
        "license_states": state,
        "state": state,
        "postal_code": request.get("postal_code") or "",
        "in_person": "true",
        "telehealth": "true",
        "accepting_new_clients": "true",
        "specialties": ";".join(_values(request.get("concerns")) or ["stress"]),
        "approaches": ";".join(
            _values(request.get("approaches")) or _evidence(request)
        ),
        "gender": (_values(request.get("gender")) or ["woman"])[0],
        "ethnicity": ";".join(_values(request.get("ethnicity"))),
        "faith": ";".join(_values(request.get("faith"))),
        "identities": ";".join(_values(request.get("identities"))),
        "languages": ";".join(["English", *_values(request.get("languages"))]),
        "lgbtq_affirming": "true",
        "availability": ";".join(_values(request.get("availability")) or ["weekdays"]),
        "populations": request.get("age_group") or "adults",
        "session_formats": request.get("session_format") or "individual",
        "insurance": request.get("insurance") or "",
        "fee": str(min(100, request.get("max_fee", 100))),
        "bio": _bio(request),
        "updated_at": "2026-10-01",
    }
    for dim in STYLE_DIMENSIONS:
        row[f"style_{dim}"] = "" if style.get(dim) is None else str(style[dim])
    if request.get("postal_code"):
        lat, lon = zip_centroid(request["postal_code"])
        row["latitude"], row["longitude"] = f"{lat:.4f}", f"{lon:.4f}"
    return row


def _bio(request: dict[str, Any]) -> str:
    """The client's own words, then the concerns and approaches asked by name.

    A concern's and an approach's match are graded by the bio too (focus.py,
    focus_approaches.py), so the ideal says in its own words what it treats
    and that it practises the approaches asked.
    """
    from matcher.directory.vocab import vocabulary

    bio = request.get("concerns_text") or "I offer a calm and steady space."
    concerns = [
        vocabulary("specialties").label(c) for c in _values(request.get("concerns"))
    ]
    if concerns:
        bio = f"{bio} My work centres on {' and '.join(concerns)}."
    asked = [
        vocabulary("approaches").label(a) for a in _values(request.get("approaches"))
    ]
    return f"{bio} I practise {' and '.join(asked)}." if asked else bio


def _evidence(request: dict[str, Any]) -> list[str]:
    from matcher.engine.evidence import evidence_credit

    credit = evidence_credit()
    best = []
    for concern in _values(request.get("concerns")):
        ranked = sorted(credit.get(concern, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        best += [a for a, _ in ranked[:1]]
    return list(dict.fromkeys(best)) or ["cbt"]


def near_misses(request: dict[str, Any], ideal: dict[str, str]) -> dict[str, dict]:
    """Return {factor: profile} for each soft preference, that one left unmet."""
    out = {}
    for factor, change in _changes(request, ideal).items():
        out[factor] = {**ideal, **change, "id": f"{ideal['id']}-near-{factor}"}
    return out


def _soft(request: dict[str, Any], name: str) -> bool:
    pref = request.get(name)
    if pref is None:
        return False
    return not (isinstance(pref, dict) and pref.get("importance") == "must")


def _changes(request: dict[str, Any], ideal: dict[str, str]) -> dict[str, dict]:
    changes: dict[str, dict] = {}
    concerns = _values(request.get("concerns"))
    if _soft(request, "concerns") and concerns:
        other = "grief" if "career" in concerns else "career"
        changes["concerns"] = {"specialties": ";".join(concerns[1:]) or other}
    if _soft(request, "approaches"):
        changes["approaches"] = {"approaches": "art_therapy"}
    style = {d: v for d, v in (request.get("style") or {}).items() if v is not None}
    if style:
        dim, value = next(iter(style.items()))
        changes["style"] = {f"style_{dim}": str(-3 if value >= 0 else 3)}
    if _soft(request, "gender"):
        wanted = _values(request["gender"])
        other = [g for g in ("man", "woman", "nonbinary") if g not in wanted]
        if other:
            changes["gender"] = {"gender": other[0]}
    for name in ("ethnicity", "faith", "identities"):
        if _soft(request, name):
            changes[name] = {name: ""}
    if _soft(request, "languages") and "English" not in _values(request["languages"]):
        changes["languages"] = {"languages": "English"}
    if _soft(request, "lgbtq_affirming"):
        changes["lgbtq_affirming"] = {"lgbtq_affirming": "false"}
    if _soft(request, "availability"):
        wanted = _values(request["availability"])
        other = [a for a in ("weekdays", "evenings", "weekends") if a not in wanted]
        if other:
            changes["availability"] = {"availability": other[0]}
    if request.get("insurance") or request.get("max_fee") is not None:
        fee = str(request.get("max_fee", 150) + 80)
        changes["cost"] = {"insurance": "", "fee": fee, "sliding_scale": "false"}
    if request.get("concerns_text"):
        changes["text"] = {"bio": "Gardening, chess and birdwatching fill my weekends."}
    if request.get("format") == "in_person" and request.get("postal_code"):
        changes.update(_farther(request, ideal))
    return changes


def _farther(request: dict[str, Any], ideal: dict[str, str]) -> dict[str, dict]:
    if request.get("max_distance_km"):
        lat, lon = float(ideal["latitude"]), float(ideal["longitude"])
        shift = request["max_distance_km"] * 0.6 / 111.0  # degrees of latitude
        return {
            "distance": {"latitude": f"{lat + shift:.4f}", "longitude": f"{lon:.4f}"}
        }
    far = FAR_ZIPS[request["state"]]
    lat, lon = zip_centroid(far)
    return {
        "distance": {"postal_code": far, "latitude": f"{lat}", "longitude": f"{lon}"}
    }
