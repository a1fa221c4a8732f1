"""Questions for a free consultation, never one the profile already answers.

Each question a match can raise has a generator: given the profile and the
request it returns the question, or None when the profile answers it (a
therapist whose profile says whether they offer telehealth is not asked
"Do you also offer telehealth sessions?").
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from .request import Request
from .words import capitalised, labels

Profile = dict[str, Any]
Question = Callable[[Profile, Request], str | None]
MAX_QUESTIONS = 4
GENERIC_QUESTION = "What would our first few sessions look like?"
HELPING_QUESTION = "How will we know if therapy is helping, and what if it isn't?"
STYLE_QUESTIONS = {
    ("directiveness", 1): "How do you structure sessions, and do you suggest "
    "exercises or practice between them?",
    ("directiveness", -1): "How do you follow my lead on what we talk about?",
    ("intensity", 1): "How do you help people go into strong feelings safely?",
    ("intensity", -1): "How do you keep sessions calm when things get hard?",
    ("orientation", 1): "How much time do we spend on my past and childhood?",
    ("orientation", -1): "How do you keep the focus on what I can change now?",
    ("challenge", 1): "Will you tell me when you think I'm avoiding something?",
    ("challenge", -1): "How do you support someone who is going through a hard time?",
}


def stated(profile: Profile, name: str) -> bool:
    """Tell whether a profile gives a value for a field (a list counts if not empty)."""
    value = profile.get(name)
    if isinstance(value, float) and value != value:
        return False
    return value is not None and value != [] and value != ""


def fixed(text: str) -> Question:
    """Return a question that is always asked as it is."""
    return lambda profile, request: text


def telehealth_question(profile: Profile, request: Request) -> str | None:
    if stated(profile, "telehealth"):
        return None  # the card says whether they do
    return "Do you also offer telehealth sessions?"


def cost_question(profile: Profile, request: Request) -> str | None:
    asks = []
    if request.insurance and not stated(profile, "insurance"):
        asks.append("do you take my insurance")
    if not stated(profile, "fee"):
        asks.append("what would sessions cost me")
    if not stated(profile, "sliding_scale"):
        asks.append("do you offer a sliding scale")
    if not asks:
        return None
    joined = asks[0] if len(asks) == 1 else ", ".join(asks[:-1]) + ", and " + asks[-1]
    return capitalised(joined) + "?"


def concerns_question(profile: Profile, request: Request) -> str | None:
    wanted = list(request.concerns.values) if request.concerns else []
    listed = profile.get("specialties") or []
    missing = [c for c in wanted if c not in listed] or wanted
    if not missing:
        return None
    return (
        "Have you worked with people dealing with "
        f"{labels('specialties', tuple(missing), 'or')}?"
    )


def approaches_question(profile: Profile, request: Request) -> str | None:
    if stated(profile, "approaches"):
        return "How would the way you work help someone like me?"
    return "Which approaches do you use, and why for someone like me?"


def languages_question(profile: Profile, request: Request) -> str | None:
    if stated(profile, "languages"):
        return None  # the profile lists the languages they work in
    return "Could we work in the language I'm most comfortable in?"


# The profile fields that, when given, answer each question (tests walk these).
ANSWERED_BY = {
    "distance": ("telehealth",),
    "cost": ("fee", "sliding_scale", "insurance"),
    "languages": ("languages",),
    "approaches": ("approaches",),
}


@cache
def _unmet_questions() -> dict:
    # The registry names each factor's question; it imports this module, so it
    # is read on first use (once: an import statement per call costs 2 us).
    from .factors import UNMET_QUESTIONS

    return UNMET_QUESTIONS


def request_questions(request: Request) -> tuple[str, ...]:
    """Return the questions every match of a request ends with (style, concerns)."""
    questions = []
    for dim, wanted in request.style.items():
        if wanted:
            questions.append(STYLE_QUESTIONS[(dim, 1 if wanted > 0 else -1)])
    if request.concerns:
        first = labels("specialties", request.concerns.values[:1])
        questions.append(f"How do you usually work with people dealing with {first}?")
    questions.append(HELPING_QUESTION)
    return tuple(questions)


def consultation_questions(
    request: Request,
    unmet: list[str],
    profile: Profile,
    asked: tuple[str, ...] | None = None,
) -> list[str]:
    """Return questions for a free consultation, led by what is not (fully) met.

    ``asked``: ``request_questions(request)``, when worked out already.
    """
    questions = []
    for name in unmet:  # the first two that the profile does not answer
        question = _unmet_questions().get(name, _generic)(profile, request)
        if question:
            questions.append(question)
            if len(questions) == 2:
                break
    questions += request_questions(request) if asked is None else asked
    return list(dict.fromkeys(questions))[:MAX_QUESTIONS]


def _generic(profile: Profile, request: Request) -> str:
    return GENERIC_QUESTION
