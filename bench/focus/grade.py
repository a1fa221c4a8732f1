"""Grade each vignette's candidates by RUBRIC.md: ``python -m bench.focus.grade``.

Reads only the profiles' own fields (specialties, top specialties, approaches,
bio, LGBTQ+-affirming), the vignettes' concerns and ``terms.json``; it never
imports the engine, so the grades cannot lean on its ranking. Writes
``grades.csv`` (vignette, therapist_id, grade) for every profile licensed in
the vignette's state, a superset of the candidates any ranking can return.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FOCUSED_LIST = 6  # a list this short is a focus in itself
SHORT_LIST = 8  # one focused sentence in a list this short shows devotion
FEW_APPROACHES = 4  # an approach among this many or fewer is a main method


@cache
def rubric_terms() -> dict[str, Any]:
    """Return the rubric's words per concern and fitting methods per concern."""
    return json.loads((HERE / "terms.json").read_text(encoding="utf-8"))


@cache
def term_pattern(concern: str) -> re.Pattern[str]:
    """Return a pattern finding any of a concern's words at the start of a word."""
    words = rubric_terms()["terms"][concern]
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.I)


def speaks_of(text: str, concern: str) -> bool:
    """Tell whether a text uses any of the concern's words."""
    return bool(term_pattern(concern).search(text))


def concerns_in(sentence: str) -> set[str]:
    """Return every concern a sentence speaks of."""
    return {c for c in rubric_terms()["terms"] if speaks_of(sentence, c)}


def sentences(bio: str) -> list[str]:
    """Split a bio into sentences."""
    return [s for s in re.split(r"(?<=[.!?])\s+", bio.strip()) if s]


def fitting(profile: dict[str, Any], concern: str) -> bool:
    """Tell whether the profile practises a method that fits the concern."""
    if concern == "lgbtq_issues":
        return bool(profile.get("lgbtq_affirming"))
    methods = rubric_terms()["fitting_methods"].get(concern)
    if methods is None:  # no method stands out for it: focus alone decides
        return True
    return bool(set(methods) & set(profile.get("approaches") or ()))


def concern_grade(profile: dict[str, Any], concern: str) -> int:
    """Grade one profile 0-3 for one concern by the rubric's rules."""
    said = [s for s in sentences(profile.get("bio") or "") if speaks_of(s, concern)]
    focused = [s for s in said if len(concerns_in(s)) <= 2]
    listed = concern in (profile.get("specialties") or ())
    top = concern in (profile.get("top_specialties") or ())
    breadth = len(profile.get("specialties") or ())
    if not listed and not said:
        return 0
    leads = bool(focused) and focused[0] == sentences(profile["bio"])[0]
    devoted = len(focused) >= 2 or leads or (focused and (top or breadth <= SHORT_LIST))
    if devoted:
        return 3 if fitting(profile, concern) else 2
    short_and_fitting = breadth <= FOCUSED_LIST and fitting(profile, concern)
    if focused or top or (listed and short_and_fitting):
        return 2
    return 1


def names_approach(bio: str, approach: str) -> bool:
    """Tell whether a bio names an approach (the rubric's ``approach_terms``)."""
    words = rubric_terms()["approach_terms"][approach]
    pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + ")"
    return bool(re.search(pattern, bio, re.I))


def approach_grade(profile: dict[str, Any], approach: str) -> int:
    """Grade one profile 0-3 for one approach the client asks for (RUBRIC.md)."""
    used = profile.get("approaches") or ()
    named = names_approach(profile.get("bio") or "", approach)
    if approach not in used:
        return 2 if named else 0
    if named:
        return 3
    return 2 if len(used) <= FEW_APPROACHES else 1


def grade(
    profile: dict[str, Any], concerns: list[str], approaches: Sequence[str] = ()
) -> int:
    """Grade a profile for a vignette: its first need counts twice the second.

    The needs are the concerns, then the approaches asked (any one will do:
    the best of them counts).
    """
    grades = [concern_grade(profile, c) for c in concerns[:2]]
    if approaches:
        grades.append(max(approach_grade(profile, a) for a in approaches))
    if len(grades) == 1:
        return grades[0]
    return int((2 * grades[0] + grades[1]) / 3 + 0.5)


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Read a JSON Lines file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def asked_approaches(vignette: dict[str, Any]) -> list[str]:
    """Return the approaches an approach vignette asks for (none for the others)."""
    return list((vignette.get("approaches") or {}).get("value", ()))


def all_grades(
    vignettes: str = "vignettes.jsonl", with_approaches: bool = False
) -> list[tuple[str, str, int]]:
    """Grade every profile licensed in each vignette's state.

    The concern vignettes are graded on their concerns alone (RUBRIC.md); the
    approach vignettes (``with_approaches``) on their approaches too.
    """
    profiles = read_jsonl(HERE / "profiles.jsonl")
    out = []
    for vignette in read_jsonl(HERE / vignettes):
        asked = asked_approaches(vignette) if with_approaches else []
        for profile in profiles:
            if vignette["state"] in profile["license_states"]:
                value = grade(profile, vignette.get("concerns") or [], asked)
                out.append((vignette["request_id"], profile["id"], value))
    return out


def write_grades(rows: list[tuple[str, str, int]], name: str) -> None:
    """Write one grades file next to this script."""
    with (HERE / name).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["vignette", "therapist_id", "grade"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} grades to {HERE / name}")


def main() -> int:
    """Write grades.csv and approach_grades.csv next to this script."""
    write_grades(all_grades(), "grades.csv")
    approach = all_grades("approach_vignettes.jsonl", with_approaches=True)
    write_grades(approach, "approach_grades.csv")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
