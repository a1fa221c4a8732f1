"""Loose forms of a label: the words that carry its meaning, spelled one way."""

from __future__ import annotations

import re
import unicodedata

# Words that say how or how far a therapist trained, not what the label means.
TRAINING_WORDS = frozenset(
    "l1 l2 l3 l4 level levels lvl phase part basic advanced intensive certified "
    "certification certificate trained training practitioner license".split()
)
# Words that name the setting rather than the thing: "therapy", "TX", ...
SETTING_WORDS = frozenset(
    "therapy therapies therapist therapists tx psychotherapy counseling "
    "counselling counselor counsellor treatment treatments approach approaches "
    "method model modality intervention interventions issue issues concern "
    "concerns problem problems disorder disorders specialist specialty the "
    "of for with in and".split()
)
BRITISH = {
    "behaviour": "behavior",
    "behavioural": "behavioral",
    "centred": "centered",
    "counselling": "counseling",
    "counsellor": "counselor",
    "desensitisation": "desensitization",
    "mentalisation": "mentalization",
    "colour": "color",
    "programme": "program",
}
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DIGITS = re.compile(r"^\d+$")
_NUMERALS = frozenset("i ii iii iv".split())  # dropped only after a training word


def fold(text: str) -> str:
    """Fold case, width and accents; '&' and '+' become words."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = text.replace("&", " and ").replace("+", " plus ")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """Return the meaningful words of a label, spelled American and singular."""
    out, after_level = [], False
    for word in _NOT_ALNUM.split(fold(text)):
        word = BRITISH.get(word, word)
        numeral = bool(_DIGITS.match(word)) or (after_level and word in _NUMERALS)
        if word in TRAINING_WORDS or numeral:
            after_level = True
            continue
        after_level = after_level and word == "and"
        if word and word not in SETTING_WORDS:
            out.append(_singular(word))
    return out


def loose(text: str) -> str:
    """Return the loose form of a label: its meaningful words run together."""
    return "".join(words(text))


def acronym(text: str) -> str:
    """Return the initials of a label's words, 'and'/'of' left out ('' if short)."""
    parts = [w for w in _NOT_ALNUM.split(fold(text)) if w]
    initials = "".join(w[0] for w in parts if w not in ("and", "of", "for", "the"))
    return initials if len(initials) >= 3 and len(parts) >= 3 else ""
