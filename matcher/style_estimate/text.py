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

    @classmethod
    def from_data(cls, data: dict[str, list[str]]) -> NegationRules:
        """Build the rules from the cue file's ``negation`` block."""
        single = [w for w in data["words"] if " " not in w]
        pairs = [tuple(w.split()) for w in data["words"] if " " in w]
        return cls(
            words=frozenset(single),
            pairs=frozenset(pairs),  # type: ignore[arg-type]
            muted_by_next=frozenset(data["muted_by_next"]),
            scope_ends=frozenset(data["scope_ends"]),
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
    while i < len(words):
        word = words[i]
        if word in rules.scope_ends:
            prefix = ""
            out.append("|")
            i += 1
            continue
        opened, scope = rules.opens(words, i)
        if opened:
            prefix = scope
            i += opened
            continue
        out.append(prefix + word)
        i += 1
    return out


def all_marked(texts: Iterable[str], rules: NegationRules) -> Iterable[list[str]]:
    """Mark every text (a generator, for the vectoriser)."""
    return (marked(text, rules) for text in texts)
