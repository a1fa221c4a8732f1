"""A therapist's profile as the words read it, with what they work out from it.

``WordParts`` (word_parts.py) keeps one ``KeptProfile`` per indexed row for a
directory version. Words that work something out from the profile alone (its
style estimates, the key of its concern sentences) keep it here with
``derived``, once per version instead of once per match. A plain dict (tests,
the reference) works it out on every call: the answers are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")
# Values a kept profile keeps at most (those kept by what a request asks, such
# as its concerns, are many); past this it starts afresh.
MAX_DERIVED = 64


class KeptProfile(dict):
    """A profile's fields (a dict) and what words derived from them alone."""

    __slots__ = ("derived_",)

    def __init__(self, fields: dict[str, Any]):
        super().__init__(fields)
        self.derived_: dict[Hashable, Any] = {}


def derived(profile: dict[str, Any], key: Hashable, work: Callable[[], T]) -> T:
    """Return ``work()``, kept under key with a kept profile (worked out once)."""
    kept = getattr(profile, "derived_", None)
    if kept is None:
        return work()
    found = kept.get(key)
    if found is None:
        found = work()
        if len(kept) >= MAX_DERIVED:
            kept.clear()  # one call: safe while other threads read and add
        kept[key] = found
    return found
