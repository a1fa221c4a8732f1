"""Write the focus evaluation's fictional directory: ``python -m bench.focus.build``.

The profiles imitate what large directories hold: most therapists tick many
specialty boxes, some list a handful, and the bios range from devoted to one
problem through generalist to vague. Every sentence (``phrases.json``) was
written for this evaluation; names, ids and e-mail addresses are fictional. The
output (``profiles.jsonl``) is kept in the repository, so this script only
needs to run again when the data is meant to change; the grades
(``grades.csv``) must then be made again too, before looking at any ranking.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20
STATES = {"WA": 240, "OR": 120}
CITIES = {
    "WA": [("Seattle", "98103"), ("Tacoma", "98402"), ("Spokane", "99201"),
           ("Olympia", "98501"), ("Bellingham", "98225"), ("Everett", "98201")],
    "OR": [("Portland", "97205"), ("Eugene", "97401"), ("Salem", "97301"),
           ("Bend", "97701")],
}  # fmt: skip
PHRASES = json.loads((HERE / "phrases.json").read_text(encoding="utf-8"))
FIRST, LAST = PHRASES["first_names"], PHRASES["last_names"]
CREDENTIALS = PHRASES["credentials"]
# A concern's own words: sentences that speak of it alone (its "lead"), one
# that says how the work goes, and the short phrase a list uses.
CONCERNS: dict[str, dict[str, Any]] = PHRASES["concerns"]
# The short phrases that box-tickers' bios string together.
LIST_PHRASES = {
    **{key: spec["phrase"] for key, spec in CONCERNS.items()},
    **PHRASES["list_phrases"],
}
ALL_SPECIALTIES = PHRASES["specialties"]
# What a focused therapist tends to list beside their main concern, and the
# approaches they tend to practise; what generalists list.
NEIGHBOURS, METHODS = PHRASES["neighbours"], PHRASES["methods"]
GENERAL_METHODS, METHOD_WORDS = PHRASES["general_methods"], PHRASES["method_words"]
GENERALIST_OPENINGS, VAGUE = PHRASES["generalist_openings"], PHRASES["vague"]
CLOSINGS = PHRASES["closings"]


def pick_specialties(rng: random.Random, core: list[str], size: int) -> list[str]:
    """Return a specialty list of the given size that starts from the core."""
    chosen = list(dict.fromkeys(core))
    others = [s for s in ALL_SPECIALTIES if s not in chosen]
    rng.shuffle(others)
    chosen += others[: max(0, size - len(chosen))]
    return chosen


def methods_sentence(approaches: list[str]) -> str:
    """Say which methods the therapist uses, in their words."""
    named = [METHOD_WORDS[a] for a in approaches if a in METHOD_WORDS][:2]
    if not named:
        return ""
    return f"I am trained in {' and '.join(named)}."


def focused_bio(rng: random.Random, focus: list[str], approaches: list[str]) -> str:
    """Write a bio devoted to one or two concerns."""
    parts = [rng.choice(CONCERNS[c]["lead"]) for c in focus]
    parts.append(rng.choice(CONCERNS[focus[0]]["how"]))
    parts += [methods_sentence(approaches), rng.choice(CLOSINGS)]
    return " ".join(p for p in parts if p)


def generalist_bio(rng: random.Random, specialties: list[str]) -> str:
    """Write a generalist's bio that names a few listed concerns in passing."""
    named = [LIST_PHRASES[s] for s in specialties if s in LIST_PHRASES]
    rng.shuffle(named)
    named = named[: rng.randint(3, 6)]
    listed = ", ".join(named[:-1]) + f" and {named[-1]}"
    parts = [rng.choice(GENERALIST_OPENINGS), f"I often help with {listed}."]
    parts += rng.sample(VAGUE, 2) + [rng.choice(CLOSINGS)]
    return " ".join(parts)


def vague_bio(rng: random.Random) -> str:
    """Write a bio that names no concern at all."""
    return " ".join(rng.sample(VAGUE, rng.randint(1, 4)))


def choose_focus(rng: random.Random, kind: str) -> list[str]:
    """Pick the concern(s) a focused profile is devoted to."""
    weighted = [c for c in CONCERNS for _ in range(3 if c == "trauma" else 1)]
    weighted += ["anxiety", "depression", "insomnia", "ocd", "grief", "perinatal"] * 2
    weighted += ["eating_disorders", "adhd", "relationships", "trauma"]
    first = rng.choice(weighted)
    if kind != "duo":
        return [first]
    second = [n for n in NEIGHBOURS[first] if n in CONCERNS] or [first]
    return [first, rng.choice(second)]


KINDS = [("devoted", 25), ("duo", 14), ("devoted_broad", 9), ("box_ticker", 25),
         ("moderate", 16), ("vague", 11)]  # fmt: skip


def content(rng: random.Random, kind: str) -> dict[str, object]:
    """Draw the specialties, approaches, bio and top specialties of one profile."""
    if kind in ("box_ticker", "moderate", "vague"):
        size = {"box_ticker": (22, 30), "moderate": (8, 15), "vague": (3, 12)}[kind]
        specialties = pick_specialties(rng, [], rng.randint(*size))
        approaches = rng.sample(GENERAL_METHODS, rng.randint(3, 9))
        approaches += rng.sample(["cbt", "dbt", "act", "emdr"], rng.randint(0, 2))
        bio = vague_bio(rng) if kind == "vague" else generalist_bio(rng, specialties)
        return {"specialties": specialties, "approaches": approaches, "bio": bio}
    focus = choose_focus(rng, kind)
    core = focus + NEIGHBOURS[focus[0]][: rng.randint(1, 3)]
    size = rng.randint(20, 28) if kind == "devoted_broad" else rng.randint(3, 8)
    specialties = pick_specialties(rng, core, max(size, len(core)))
    fitting = [m for c in focus for m in METHODS[c]]
    approaches = rng.sample(fitting, min(len(fitting), rng.randint(1, 2)))
    if rng.random() < 0.2:  # devoted, but without a method that fits the problem
        approaches = rng.sample(GENERAL_METHODS, 2)
    approaches += rng.sample(GENERAL_METHODS, rng.randint(0, 2))
    profile = {
        "specialties": specialties,
        "approaches": list(dict.fromkeys(approaches)),
        "bio": focused_bio(rng, focus, approaches),
    }
    if rng.random() < 0.4:
        profile["top_specialties"] = list(dict.fromkeys(core))[:3]
    return profile


def populations(rng: random.Random, specialties: list[str]) -> list[str]:
    """Return who the therapist sees; child-focused concerns add the young."""
    out = ["adults"]
    young = {"adhd", "autism", "parenting", "eating_disorders", "behavioral_issues"}
    if young & set(specialties[:3]) or rng.random() < 0.3:
        out = ["adolescents", *out]
    if {"adhd", "autism", "parenting"} & set(specialties[:3]) and rng.random() < 0.7:
        out = ["children", *out]
    if rng.random() < 0.2:
        out.append("older_adults")
    return out


def formats(rng: random.Random, specialties: list[str]) -> list[str]:
    """Return the session formats; couples work is offered by its specialists."""
    out = ["individual"]
    if "relationships" in specialties[:3] or rng.random() < 0.2:
        out.append("couples")
    if {"family_conflict", "parenting"} & set(specialties) and rng.random() < 0.5:
        out.append("family")
    return out


def profile(rng: random.Random, state: str, number: int) -> dict[str, object]:
    """Write one fictional profile of the given state."""
    kind = rng.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    first, last = rng.choice(FIRST), rng.choice(LAST)
    city, postal = rng.choice(CITIES[state])
    in_person = rng.random() < 0.6
    body = content(rng, kind)
    record: dict[str, object] = {
        "id": f"{state.lower()}-f{number:03d}",
        "name": f"{first} {last}",
        "credentials": rng.sample(CREDENTIALS, rng.choice([1, 1, 2])),
        "license_states": [state],
        "city": city,
        "state": state,
        "postal_code": postal,
        "in_person": in_person,
        "telehealth": (not in_person) or rng.random() < 0.8,
        "accepting_new_clients": rng.random() < 0.92,
        "gender": rng.choice(["woman", "woman", "woman", "man", "nonbinary"]),
        "languages": ["English"] + (["Spanish"] if rng.random() < 0.1 else []),
        "lgbtq_affirming": rng.random() < 0.6
        or "lgbtq_issues" in body["specialties"][:2],
        "populations": populations(rng, body["specialties"]),
        "session_formats": formats(rng, body["specialties"]),
        "fee": rng.choice([110, 125, 140, 150, 160, 175, 190, 200]),
        "sliding_scale": rng.random() < 0.3,
        "years_experience": rng.randint(1, 32),
        "email": f"{first.lower()}.{last.lower()}@example.org",
        "updated_at": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
        **body,
    }
    if rng.random() < 0.1:  # a few directories publish a stated style
        record["style_directiveness"] = rng.randint(-3, 3)
    return record


def build() -> list[dict[str, object]]:
    """Return every profile of the evaluation directory, in a fixed order."""
    rng = random.Random(SEED)
    return [
        profile(rng, state, number)
        for state, count in STATES.items()
        for number in range(1, count + 1)
    ]


def main() -> int:
    """Write profiles.jsonl next to this script."""
    lines = [json.dumps(p, ensure_ascii=False) for p in build()]
    (HERE / "profiles.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} profiles to {HERE / 'profiles.jsonl'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
