"""Words shared by explanations and suggestions: lists, labels and distances.

Display labels are written for a checkbox ("Trauma and PTSD"); in a sentence
a common noun is lower-cased ("Treats trauma and PTSD") and, inside a list,
a label that holds its own "and" or "or" takes a short form so that the list
still reads as one ("Treats anxiety and trauma", "Uses CBT, ACT and EMDR"),
and an approach labelled by an adjective takes a noun ("Uses mindfulness-based
therapy").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from ..directory.vocab import vocabulary
from .request import vocabulary_of

KM_PER_MILE = 1.609344
# Vocabularies whose labels are common nouns, lower-cased mid-sentence.
COMMON_NOUNS = frozenset(
    {"specialties", "gender", "availability", "populations", "session_formats",
     "identities"}
)  # fmt: skip
# Words of those labels that stay capitalised: proper nouns.
PROPER_WORDS = frozenset({"Two-Spirit"})
# Short forms inside a list of two or more, for labels holding "and" or "or".
LIST_FORMS = {
    "specialties": {
        "trauma": "trauma", "grief": "grief", "insomnia": "insomnia",
        "behavioral_addiction": "behavioral addictions",
        "chronic_illness": "chronic illness", "career": "career",
        "perinatal": "perinatal mental health",
    },
    "ethnicity": {
        "hispanic_latino": "Hispanic/Latino",
        "middle_eastern_north_african": "Middle Eastern/North African",
        "native_american": "Native American/Alaska Native",
        "pacific_islander": "Native Hawaiian/Pacific Islander",
    },
    "identities": {"deaf": "deaf/hard of hearing"},
}  # fmt: skip
# Approach labels written as adjectives for a checkbox ("Mindfulness-Based")
# read badly after "Uses": in a sentence they take a noun phrase.
SENTENCE_FORMS = {
    "approaches": {
        "psychodynamic": "psychodynamic therapy",
        "psychoanalytic": "psychoanalytic therapy",
        "jungian": "Jungian therapy", "adlerian": "Adlerian therapy",
        "person_centered": "person-centered therapy",
        "humanistic": "humanistic therapy", "existential": "existential therapy",
        "gestalt": "Gestalt therapy",
        "mindfulness_based": "mindfulness-based therapy",
        "family_systems": "family systems therapy",
        "gottman": "the Gottman Method",
        "attachment_based": "attachment-based therapy",
        "somatic": "somatic therapy", "integrative": "integrative therapy",
        "relational": "relational therapy",
        "strength_based": "strength-based therapy",
        "trauma_informed": "trauma-informed care",
        "multicultural": "multicultural therapy", "feminist": "feminist therapy",
        "faith_based": "faith-based counseling",
    },
}  # fmt: skip
_ACRONYM = re.compile(r"^(?P<name>.+?) \((?P<short>[^)]+)\)$")


def join(words: Sequence[str], last: str = "and") -> str:
    """Join words as a list reads: 'A', 'A and B', 'A, B and C'."""
    words = [w for w in words if w]
    if len(words) < 2:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def join_clauses(parts: Sequence[str]) -> str:
    """Join phrases that may hold an 'or' of their own, setting each one apart.

    'allowing in-person or telehealth sessions, and making OCD or grief
    important,': each 'or' stays inside its own phrase, and the closing comma
    ends the last one before the sentence goes on.
    """
    if len(parts) > 1 and any(" or " in part for part in parts):
        return ", ".join(parts[:-1]) + ", and " + parts[-1] + ","
    return join(parts)


def mid_sentence(text: str) -> str:
    """Lower-case a label's common words, keeping acronyms and proper nouns."""
    return " ".join(_word(word) for word in text.split(" "))


def _word(word: str) -> str:
    if word in PROPER_WORDS or any(ch.isupper() for ch in word[1:]):
        return word
    return word.lower()


def label(vocab_name: str, key: str, in_list: bool = False) -> str:
    """Return a value's label as it reads mid-sentence (its short form in a list)."""
    text = vocabulary(vocab_name).label(key)
    text = SENTENCE_FORMS.get(vocab_name, {}).get(key, text)
    if in_list:
        short = LIST_FORMS.get(vocab_name, {}).get(key)
        found = _ACRONYM.match(text)
        text = short or (found["short"] if found else text)
    return mid_sentence(text) if vocab_name in COMMON_NOUNS else text


def labels(
    name: str, keys: Sequence[str], last: str = "and", short: bool = False
) -> str:
    """Join the labels of keys mid-sentence: 'anxiety, depression and trauma'.

    ``name`` is a vocabulary, or a preference read in its own (``concerns``:
    ``specialties``). ``short`` asks for the short forms even for one value,
    for a sentence that joins phrases of its own with "and".
    """
    return _labels(vocabulary_of(name), tuple(keys), last, short)


@lru_cache(maxsize=8192)
def _labels(vocab_name: str, keys: tuple[str, ...], last: str, short: bool) -> str:
    in_list = short or len(keys) > 1
    return join([label(vocab_name, k, in_list) for k in keys], last)


def capitalised(text: str) -> str:
    """Return text with its first letter in capitals, the rest untouched."""
    return text[:1].upper() + text[1:]


def number(value: float) -> str:
    """Round a distance sensibly: a tenth under 10, whole numbers above."""
    if value < 10:
        return f"{max(value, 0.1):.1f}".removesuffix(".0")
    return f"{value:,.0f}"


def distance(km: float, unit: str = "km") -> str:
    """Word a distance in the client's unit: '3.2 miles', '1 mile', '14 km'."""
    if unit == "mi":
        text = number(km / KM_PER_MILE)
        return f"{text} mile" if text == "1" else f"{text} miles"
    return f"{number(km)} km"


TIME_WORDS = {"weekdays": "weekday", "evenings": "evening", "weekends": "weekend"}


def times(keys: Sequence[str], last: str = "and") -> str:
    """Word appointment times as adjectives: 'evening and weekend'."""
    return join([TIME_WORDS.get(k, k) for k in keys], last)
