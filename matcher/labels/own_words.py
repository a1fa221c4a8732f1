"""The therapist's own words for a list field, where they differ from the keys'."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..directory.vocab import normalise, vocabulary
from . import MAPPED_FIELDS


def own_words(profile: Mapping[str, Any]) -> dict[str, list[str]]:
    """Return, per mapped list field, the labels as typed that no key's label says.

    ``profile`` is a stored profile (with ``raw_labels``). A typed label that
    folds to its key or to a key's display label is left out: the page shows
    that label already. Fields in vocabulary order of the stored words.
    """
    typed = json.loads(profile.get("raw_labels") or "{}")
    found: dict[str, list[str]] = {}
    for name, labels in typed.items():
        if name not in MAPPED_FIELDS:
            continue
        vocab = vocabulary(name)
        shown = {
            normalise(text)
            for key in profile.get(name) or ()
            for text in (key, vocab.label(key))
        }
        differ = [w for w in labels if normalise(w) not in shown]
        if differ:
            found[name] = list(dict.fromkeys(differ))
    return found
