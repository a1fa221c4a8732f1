"""Read a therapist's own words: normalise, tokenise and mark negated phrases."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

NEGATED = "not_"
MUTED = "~"
_APOSTROPHES = re.compile(r"['\u2018\u2019`]")
_TOKENS = re.compile(r"[a-z0-9]+|[.,;:!?()]")


def tokens(text: str) -> list[str]:
    """Return lower-case words and clause punctuation; hyphens split words."""
    return _TOKENS.findall(_APOSTROPHES.sub("", text.lower()))


def phrase_key(phrase: str) -> str:
    """Return a cue phrase as the space-joined words the vectoriser counts."""
    return " ".join(t for t in tokens(phrase) if t.isalnum())


@dataclass(frozen=True)
class NegationRules:
    """Which words open a negation, which mute it and where its scope ends."""

    words: frozenset[str]
    pairs: frozenset[tuple[str, str]]
    muted_by_next: frozenset[str]
    scope_ends: frozenset[str]
    starters: frozenset[str]  # words that may open a scope
    openers: frozenset[str]  # words that may open or close one

    @classmethod
    def from_data(cls, data: dict[str, list[str]]) -> NegationRules:
        """Build the rules from the cue file's ``negation`` block."""
        single = [w for w in data["words"] if " " not in w]
        pairs = [tuple(w.split()) for w in data["words"] if " " in w]
        starters = frozenset(single) | {first for first, _ in pairs}
        return cls(
            words=frozenset(single),
            pairs=frozenset(pairs),  # type: ignore[arg-type]
            muted_by_next=frozenset(data["muted_by_next"]),
            scope_ends=frozenset(data["scope_ends"]),
            starters=starters,
            openers=starters | frozenset(data["scope_ends"]),
        )

    def opens(self, words: list[str], i: int) -> tuple[int, str]:
        """Return how many words open a scope at position i, and its prefix.

        "not" opens a negation (prefix "not_"); "not just", "not only" open a
        muted scope (prefix "~", matching no cue): "I don't just teach
        skills" says that skills are part of the work, not all of it.
        """
        word = words[i]
        after = words[i + 1] if i + 1 < len(words) else ""
        if (word, after) in self.pairs:
            return 2, NEGATED
        if word in self.words:
            return (2, MUTED) if after in self.muted_by_next else (1, NEGATED)
        return 0, ""


def marked(text: str, rules: NegationRules) -> list[str]:
    """Return the words of text, each inside a negation's scope prefixed 'not_'.

    A scope runs from a negation word ("not", "no", "without", "rather than")
    to the end of its clause (punctuation or "but", "instead", ...); after
    "not just" the words are prefixed "~" instead and count for nothing. Clause
    ends are dropped so that no phrase spans two clauses; they stay as a
    separator token that matches no cue.
    """
    words, out, prefix, i = tokens(text), [], "", 0
    if rules.starters.isdisjoint(words):
        return words  # no scope; punctuation and "but" match no cue anyway
    openers = rules.openers
    while i < len(words):
        word = words[i]
        if word not in openers:
            out.append(prefix + word)
            i += 1
        elif word in rules.scope_ends:
            prefix = ""
            out.append("|")
            i += 1
        else:
            opened, scope = rules.opens(words, i)
            if opened:
                prefix = scope
                i += opened
            else:
                out.append(prefix + word)
                i += 1
    return out


@dataclass(frozen=True)
class PhraseFinder:
    """Find the cue phrases a text uses, trying only n-grams that start a phrase.

    Generating every n-gram of every bio is the slow part of counting; most
    words start no phrase, so only the lengths that some phrase beginning
    with that word has are tried.
    """

    rules: NegationRules
    phrases: frozenset[str]
    lengths: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, phrases: Iterable[str], rules: NegationRules) -> PhraseFinder:
        """Index phrases by their first word."""
        phrases = frozenset(phrases)
        lengths: dict[str, set[int]] = {}
        for phrase in phrases:
            words = phrase.split()
            lengths.setdefault(words[0], set()).add(len(words))
        by_first = {w: tuple(sorted(n)) for w, n in lengths.items()}
        return cls(rules=rules, phrases=phrases, lengths=by_first)

    def __call__(self, text: str) -> list[str]:
        """Return the phrases found in text, negated ones with 'not_' words."""
        words, found = marked(text, self.rules), []
        for i, word in enumerate(words):
            for size in self.lengths.get(word, ()):
                phrase = " ".join(words[i : i + size]) if size > 1 else word
                if phrase in self.phrases:
                    found.append(phrase)
        return found
