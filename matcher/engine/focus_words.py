"""Words for the concerns factor: which concerns are listed, and how much focus.

They read the parts ``focus.py`` adds up: the profile's specialties and top
specialties, and how much its bio speaks of each concern (``bio_focus``, read
from the same table as the score). Every shortfall below a full match is
named in the caveat (the concerns not listed first and alone), so the words
never tell a different story from the points. ``approach_words`` does the
same for the approaches asked (``focus_approaches.py``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from . import words
from .focus import BREADTH_REF, MAX_TOP
from .focus_approaches import BREADTH_REF as BREADTH_REF_APPROACHES
from .request import vocabulary_of

SPEAKS = 0.6  # a bio part at or above this "speaks of" the concern
FULLY = 0.999  # a bio part at or above this leaves nothing to ask about


def _label(*concerns: str) -> str:
    return words.labels(vocabulary_of("concerns"), concerns, "and")


def _values(profile: dict[str, Any], name: str) -> list[str]:
    value = profile.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def main_specialties(profile: dict[str, Any]) -> list[str]:
    """Return the concerns that count fully: top specialties, or a short list."""
    top = _values(profile, "top_specialties")[:MAX_TOP]
    listed = list(dict.fromkeys(_values(profile, "specialties")))
    if top:
        return [c for c in top if c in listed]
    return listed if len(listed) <= BREADTH_REF else []


def bio_part(profile: dict[str, Any], concern: str) -> float:
    """Return how much the bio speaks of a concern (0..1), as the score read it."""
    return float((profile.get("bio_focus") or {}).get(concern, 0.0))


def _kinds(profile: dict[str, Any], concern: str) -> tuple[str | None, str | None]:
    """Return how a concern shows (main, broad, words) and its shortfall, if any."""
    listed = list(dict.fromkeys(_values(profile, "specialties")))
    bio = bio_part(profile, concern)
    speaks = "+speaks" if bio >= SPEAKS else ""
    if concern not in listed:
        return ("words" if speaks else None), None  # not listed: named apart
    if concern in main_specialties(profile):
        if bio >= FULLY:
            return "main" + speaks, None
        # Speaking of it only briefly, the detail says so itself ("mentions
        # it briefly"), beside the caveat, rather than "speaks of it".
        return ("main+briefly", "brief") if speaks else ("main", "little")
    return "broad" + speaks, "not_top" if _values(
        profile, "top_specialties"
    ) else "broad"


def _grouped(kinds: list[tuple[str, str | None]]) -> dict[str, list[str]]:
    """Group concerns by kind, in the client's order."""
    groups: dict[str, list[str]] = {}
    for concern, kind in kinds:
        if kind:
            groups.setdefault(kind, []).append(concern)
    return groups


def _showing(kind: str, concerns: list[str], profile: dict[str, Any]) -> str:
    label, many = _label(*concerns), len(concerns) > 1
    main = main_specialties(profile)
    listed = len(dict.fromkeys(_values(profile, "specialties")))
    it = "them" if many else "it"
    if kind == "words":
        return f"Doesn't list {label}, but their description speaks of {it}"
    if kind.startswith("main"):
        head = _main_head(label, many, len(main))
    else:
        head = f"Lists {label} among {listed} specialties"
    if kind.endswith("+speaks"):
        return f"{head}, and their description speaks of {it}"
    if kind.endswith("+briefly"):
        return f"{head}, and their description mentions {it} briefly"
    return head


def _main_head(label: str, many: bool, main: int) -> str:
    if main == 1:
        return f"{label} is their main specialty"
    if many:
        return f"{label} are among their {main} main specialties"
    return f"{label} is one of their {main} main specialties"


def _mains_joined(groups: dict[str, list[str]], main: list[str], count: int) -> str:
    """Join main specialties the bio speaks of differently into one clause.

    "Anxiety and depression are among their 3 main specialties; their
    description speaks of anxiety and mentions depression briefly", rather
    than repeating "is one of their 3 main specialties" for each.
    """
    # Named again in the sentence: the short forms ("trauma", not "trauma and
    # PTSD"), so that no clause reads "and … and".
    short = {
        k: words.labels("concerns", g, "and", short=True) for k, g in groups.items()
    }
    clauses = [f"speaks of {short['main+speaks']}"] if "main+speaks" in groups else []
    if "main+briefly" in groups:
        clauses.append(f"mentions {short['main+briefly']} briefly")
    joiner = "; " if len(clauses) > 1 else ", and "
    return f"{_main_head(_label(*main), True, count)}{joiner}their description " + (
        " and ".join(clauses)
    )


def _lacking(kind: str, concerns: list[str], profile: dict[str, Any]) -> str:
    label, be = _label(*concerns), "are" if len(concerns) > 1 else "is"
    listed = len(dict.fromkeys(_values(profile, "specialties")))
    return {
        "not_top": f"{label} {be} not among their top specialties",
        "broad": f"lists {listed} specialties, so {label} may not be a main focus",
        "brief": f"their description speaks of {label} only briefly",
        "little": f"their description says little about {label}",
    }[kind]


def _sentence(parts: list[str]) -> str:
    """Join clauses with semicolons, capitalising only the first."""
    lowered = [p if p[1:2].isupper() else p[:1].lower() + p[1:] for p in parts[1:]]
    return "; ".join([words.capitalised(parts[0]), *lowered])


def _replaced(
    kinds: list[str], phrases: list[str], merged: set[str], joined: str
) -> list[str]:
    """Put ``joined`` where the first merged kind's phrase was, dropping the rest."""
    first = next(i for i, k in enumerate(kinds) if k in merged)
    return [
        joined if i == first else phrase
        for i, (kind, phrase) in enumerate(zip(kinds, phrases, strict=True))
        if i == first or kind not in merged
    ]


def concern_words(
    profile: dict[str, Any], wanted: tuple[str, ...], missing_caveat: str | None
) -> tuple[str | None, str | None]:
    """Return (detail or None, caveat or None) for the concerns a client named.

    ``missing_caveat`` names the concerns not listed: the plainest gap, the
    caveat when there is one. Otherwise the caveat names each listed concern's
    shortfall (a broad list, or a description that says little of it).
    """
    kinds = [(c, *_kinds(profile, c)) for c in wanted]
    shows = _grouped([(c, show) for c, show, _ in kinds])
    short = _grouped([(c, lack) for c, _, lack in kinds])
    phrases = [_showing(kind, group, profile) for kind, group in shows.items()]
    mains = {k: g for k, g in shows.items() if k.startswith("main")}
    # One clause for all main specialties, where the first was, when the bio
    # speaks of one of them each way (more would read "and … and").
    if len(mains) > 1 and all(len(g) == 1 for k, g in mains.items() if k != "main"):
        main = [c for c, show, _ in kinds if show in mains]
        joined = _mains_joined(mains, main, len(main_specialties(profile)))
        phrases = _replaced(list(shows), phrases, set(mains), joined)
    lacks = [_lacking(kind, group, profile) for kind, group in short.items()]
    caveats = [missing_caveat] if missing_caveat else lacks
    detail = _sentence(phrases) if phrases else None
    return detail, _sentence(caveats) if caveats else None


def _approaches(*keys: str, again: bool = False) -> str:
    # Named again in the same sentence: the short forms ("CBT", not its name).
    return words.labels("approaches", keys, "and", short=again)


def approach_words(
    profile: dict[str, Any], have: tuple[str, ...], wanted: tuple[str, ...]
) -> tuple[str, str | None, str | None]:
    """Return (detail, reason or None, caveat or None) for the approaches asked.

    Read from the parts ``focus_approaches.py`` adds up: whether the bio
    speaks of each approach used (``approach_focus``), and how many
    approaches the profile lists.
    """
    if not have:
        text = f"Doesn't list {words.labels('approaches', wanted, 'or')}"
        return "None of them", None, text
    bio = profile.get("approach_focus") or {}
    parts = tuple(float(bio.get(a, 0.0)) for a in have)
    count = len(dict.fromkeys(_values(profile, "approaches")))
    return _approach_sentences(have, parts, count, len(wanted))


@lru_cache(maxsize=4096)
def _approach_sentences(
    have: tuple[str, ...], parts: tuple[float, ...], count: int, asked: int
) -> tuple[str, str | None, str | None]:
    speaking = tuple(a for a, p in zip(have, parts, strict=True) if p >= SPEAKS)
    uses = f"Uses {_approaches(*have)}"
    the = "the approaches" if len(have) > 1 else "an approach"
    reason = f"{uses}, {'the approach' if asked == 1 else the} you asked for"
    if speaking:
        words_part = _approach_speaking(have, speaking, parts)
        detail, reason = uses + words_part, reason + words_part
    elif count > BREADTH_REF_APPROACHES:
        detail = f"Lists {_approaches(*have)} among {count} approaches"
    else:
        detail = uses
    return detail, reason, _approach_caveat(have, parts, count)


def _approach_speaking(
    have: tuple[str, ...], speaking: tuple[str, ...], parts: tuple[float, ...]
) -> str:
    """Return the clause saying how the bio speaks of the approaches it names.

    One it speaks of only briefly "mentions it briefly", beside the caveat
    "speaks of … only briefly", rather than "speaks of it".
    """
    part = dict(zip(have, parts, strict=True))
    fully = tuple(a for a in speaking if part[a] >= FULLY)
    briefly = tuple(a for a in speaking if part[a] < FULLY)
    it = "them" if len(speaking) > 1 else "it"
    named = {
        group: it if group == have else _approaches(*group, again=True)
        for group in (fully, briefly)
    }
    clauses = [f"speaks of {named[fully]}"] if fully else []
    clauses += [f"mentions {named[briefly]} briefly"] if briefly else []
    # "and" only once a clause: approaches named again, or two ways, take ";".
    named_again = len(speaking) > 1 and speaking != have
    joiner = "; " if named_again or len(clauses) > 1 else ", and "
    return f"{joiner}their description {' and '.join(clauses)}"


def _approach_caveat(
    have: tuple[str, ...], parts: tuple[float, ...], count: int
) -> str | None:
    """Name what keeps the best approach used below a full match, if anything."""
    best, bio = have[parts.index(max(parts))], max(parts)
    # A caveat names the list's length once it costs a third of the breadth
    # share or more (8 approaches and up); a few more than 4 cost little.
    many = count >= 2 * BREADTH_REF_APPROACHES
    if bio >= FULLY:
        lack = ""
    elif bio >= SPEAKS:
        lack = (
            f"their description speaks of {_approaches(best, again=many)} only briefly"
        )
    else:
        lack = f"their description says little about {_approaches(*have, again=many)}"
    if many and lack:
        return f"Lists {count} approaches; {lack}"
    if many:
        return (
            f"Lists {count} approaches, so {_approaches(best)} may not be a main method"
        )
    return words.capitalised(lack) if lack else None
