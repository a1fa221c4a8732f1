"""Notices the client must see before any match: a crisis, or no coverage.

The own-words check is a short list of phrases about ending one's life or
self-harm, matched clause by clause. It is a safety net, not a diagnosis:

- it reads English only, and only the phrasings listed in ``CRISIS_PHRASES``;
  a person can say they are in danger in words it does not know;
- a phrase counts as denied when "not", "never", "no", "don't", "didn't" or
  "without" comes at most ``NEGATION_WINDOW`` words before it in the same
  clause ("I'm not suicidal", "no thoughts of self-harm"); so "I don't want
  to die" raises no notice, while "I can't stop thinking about killing
  myself" does, and so does "I'm not saying I want to die" (a word of saying
  or knowing after the negation, ``HEDGES``, lifts it);
- "going to die" is left out on purpose: people with panic attacks write "I
  feel like I'm going to die", and that is an anxiety request;
- a phrase about someone else ("my brother died by suicide") still raises
  it: the notice is calm information, and a wrong alarm costs less than a
  missed one;
- figures of speech such as "my job is killing me" or "dying to get better
  sleep" are not in the list, so they raise nothing.
"""

from __future__ import annotations

import re
import unicodedata

from ..directory.vocab import US_STATES
from .request import Request

CRISIS_CONCERNS = ("suicidal_thoughts", "self_harm")
_BODY = r"(?:arms?|wrists?|legs?|skin|thighs?|stomach|body)"
# Each phrase is a regular expression over lower-cased text with plain quotes.
CRISIS_PHRASES: tuple[str, ...] = (
    r"\bsuicid(?:e|al|ality)\b",
    r"\bkill(?:ing|ed)? (?:my ?self|me self)\b",
    r"\b(?:end|ending|ended|take|taking|took) (?:it all|my (?:own )?life)\b",
    r"\b(?:want|wanted|wanting|trying) to die\b",
    r"\bwish (?:i (?:was|were) dead|i could die|i (?:wasn't|weren't) alive)\b",
    r"\bbetter off (?:dead|without me)\b",
    r"\b(?:don't|do not|dont) want to (?:be alive|live|exist|wake up)\b",
    r"\b(?:don't|do not|dont) want to be here (?:anymore|any more|at all)\b",
    r"\bno (?:reason|point) (?:to|in) (?:live|living|going on|being alive)\b",
    r"\b(?:have|got|made) a plan(?= *(?:[.;!?]|$|to (?:die|end|kill|hurt)))",
    r"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burning) (?:my ?self)\b",
    r"\bself[- ]?(?:harm|harming|injury|injuring)\b",
    r"\b(?:been|started|start|keep|kept|still|stop) cutting(?= *(?:[.,;!?]|$|again))",
    rf"\bcut(?:ting)? (?:my|on my) {_BODY}\b",
    r"\b(?:hang|hanging|shoot|shooting|drown|drowning) my ?self\b",
    r"\b(?:overdose|overdosing|od) on\b",
    r"\b(?:take|took|taking) an overdose\b",
)
NEGATIONS = frozenset({"not", "never", "no", "don't", "didn't", "without", "dont"})
NEGATION_WINDOW = 3
# "I'm not saying I want to die" denies nothing: a word of saying or knowing
# between the negation and the phrase lifts the negation.
HEDGES = frozenset({"saying", "say", "said", "sure", "know", "mean", "think"})
_PATTERNS = tuple(re.compile(phrase) for phrase in CRISIS_PHRASES)
_ANY = re.compile("|".join(f"(?:{phrase})" for phrase in CRISIS_PHRASES))
_CLAUSES = re.compile(r"[.;!?\n]+|,| but | though | although ")

CRISIS_TEXT = (
    "If you are thinking about ending your life or hurting yourself, you do not "
    "have to wait for a therapist. Call or text 988, the Suicide and Crisis "
    "Lifeline, at any hour. If you are in immediate danger, call 911. You can "
    "also text HOME to 741741 to reach the Crisis Text Line. Your search results "
    "follow, whenever you are ready."
)
NO_COVERAGE_TEXT = (
    "This directory has no therapist licensed in {state} yet. A therapist must "
    "be licensed in the state where you are during each session, and that holds "
    "for telehealth too, so changing your other answers here will not help. "
    "What you can do: look up licensed therapists with the {state} licensing "
    "boards (the boards for psychologists, counselors and social workers each "
    "have a license lookup on their website); search other therapist "
    "directories for {state}; ask your health insurer for therapists in its "
    "network; or, if you will attend sessions in person in another state, "
    "search for that state instead."
)


def plain_text(text: str) -> str:
    """Lower-case text with plain quotes and single spaces, for phrase matching."""
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.replace("\u2019", "'").replace("\u2018", "'")
    return re.sub(r"[ \t]+", " ", folded)


def _denied(clause: str, start: int) -> bool:
    before = [w.strip("\"'()") for w in clause[:start].split()[-NEGATION_WINDOW:]]
    negated = [i for i, word in enumerate(before) if word in NEGATIONS]
    return bool(negated) and not HEDGES.intersection(before[negated[-1] + 1 :])


def speaks_of_crisis(text: str) -> bool:
    """Tell whether own words speak of ending one's life or self-harm, undenied."""
    for clause in _CLAUSES.split(plain_text(text)):
        if not _ANY.search(clause):  # one scan for the many clauses with none
            continue
        for pattern in _PATTERNS:
            for found in pattern.finditer(clause):
                if not _denied(clause, found.start()):
                    return True
    return False


def names_crisis(request: Request) -> bool:
    """Tell whether a request names a crisis concern or speaks of one."""
    concerns = request.concerns.values if request.concerns else ()
    if any(c in CRISIS_CONCERNS for c in concerns):
        return True
    return bool(request.concerns_text) and speaks_of_crisis(request.concerns_text)


def notices(request: Request, licensed_in_state: int) -> list[tuple[str, str]]:
    """Return (kind, text) for each notice that applies, the crisis first."""
    found = []
    if names_crisis(request):
        found.append(("crisis", CRISIS_TEXT))
    if licensed_in_state == 0:
        state = US_STATES.get(request.state, request.state)
        found.append(("no_coverage", NO_COVERAGE_TEXT.format(state=state)))
    return found
