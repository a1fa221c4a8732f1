"""Focus: how much of a profile a concern is, not only whether it is listed.

A concern's match for one therapist (0..1) adds three parts:

- **listed** (``LISTED``): the concern is among the profile's specialties;
- **focus** (``FOCUS`` x 0..1): how much of the list it is. Among ``BREADTH_REF``
  specialties or fewer it counts fully; a longer list dilutes it smoothly, as
  BM25 dilutes a term in a long document: ``(1 + k) / (1 + k x n / REF)``,
  with ``k = BREADTH_K`` (no cliff: 6 -> 1.0, 7 -> 0.92, 12 -> 0.67,
  30 -> 0.33). When the profile gives ``top_specialties`` the therapist has
  said what counts most: a top specialty counts fully whatever its list's
  length, any other listed one half its breadth (``NOT_TOP``);
- **own words** (``WORDS`` x 0..1): how much the bio speaks of the concern:
  in a TF-IDF model fitted on the directory's bios (once per fit; the same
  settings as the free-text factor's), the length of the bio's vector on
  the concern's words (its vocabulary label and aliases and the synonyms of
  ``data/focus/terms.json``), full at ``BIO_SATURATION``.

Everything is worked out once per fit into a (therapists x concerns) table;
a query averages the columns of the concerns it names. The approaches' table
(``focus_approaches.py``) is worked out in the same fit, over the same bio
model, and kept beside it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..directory.vocab import DATA_DIR, vocabulary
from .focus_approaches import (
    ApproachFocus,
    build_approach_focus,
    listed_matrix,
    row_count,
)

TERMS_FILE = DATA_DIR / "focus" / "terms.json"
WORD = re.compile(r"\w+")
LISTED = 0.40  # share of a concern's match for listing it at all
FOCUS = 0.35  # share for how much of the list it is
WORDS = 0.25  # share for the bio speaking of it
BREADTH_K = 1.0  # BM25's k1: how strongly a longer list dilutes each entry
BREADTH_REF = 6  # a list this short or shorter counts as wholly focused
NOT_TOP = 0.5  # a listed concern that the profile's top specialties leave out
BIO_SATURATION = 0.35  # share at which the bio counts as speaking of it fully
BIO_DECIMALS = 4  # shares are kept to this many decimals (last bits aside)
MAX_TOP = 5  # top_specialties holds at most this many


def breadth(count: np.ndarray | int) -> np.ndarray:
    """Return how fully one listed specialty counts among ``count`` (0..1)."""
    count = np.asarray(count, dtype=np.float64)
    return np.minimum(1.0, (1.0 + BREADTH_K) / (1.0 + BREADTH_K * count / BREADTH_REF))


@cache
def _terms() -> dict[str, dict[str, list[str]]]:
    return json.loads(TERMS_FILE.read_text(encoding="utf-8"))


def expansion(field: str, key: str) -> str:
    """Return the words that speak of one concern or approach key, as one text.

    ``field`` is ``specialties`` or ``approaches``: the key's label and
    aliases in the vocabulary, then its synonyms in ``data/focus/terms.json``,
    without the file's generic words ("disorder", "issues", ...) and, for
    approaches, its ``approaches_generic`` words ("family", "present", ...).
    """
    vocab = vocabulary(field)
    entry = vocab.entries.get(key)
    own = [entry.label, *entry.aliases] if entry else [key]
    text = " ".join([*own, *_terms()[field].get(key, ())])
    generic = {*_terms()["generic"], *_terms().get(f"{field}_generic", ())}
    return " ".join(w for w in WORD.findall(text) if w.casefold() not in generic)


@dataclass
class ConcernFocus:
    """Each therapist's match for each concern, and its bio's part of it."""

    keys: dict[str, int]  # concern key -> column
    match: np.ndarray  # float64 (therapists, concerns), 0..1
    bio: np.ndarray  # float64 (therapists, concerns), 0..1
    approaches: ApproachFocus  # the same for approaches (focus_approaches.py)

    def part(self, rows: np.ndarray) -> ConcernFocus:
        """Return the focus of some rows (a state's), in their order."""
        return ConcernFocus(
            self.keys, self.match[rows], self.bio[rows], self.approaches.part(rows)
        )

    def concerns_match(
        self, concerns: Sequence[str], rows: np.ndarray | slice
    ) -> np.ndarray:
        """Return, per row, the mean match over the concerns (in their order)."""
        total = np.zeros(row_count(self.match, rows))  # no copy of the rows
        for concern in concerns:
            if concern in self.keys:
                total += self.match[rows, self.keys[concern]]
        return total / len(concerns)

    def bio_words(self, row: int) -> dict[str, float]:
        """Return one row's bio part per concern, where the bio speaks of it."""
        found = np.flatnonzero(self.bio[row])
        names = list(self.keys)
        return {names[c]: float(self.bio[row, c]) for c in found.tolist()}


def concern_keys(listed: dict[str, int]) -> dict[str, int]:
    """Return every concern key: the vocabulary's, then any other listed value."""
    keys = list(vocabulary("specialties").entries)
    keys += [k for k in listed if k not in vocabulary("specialties").entries]
    return {k: j for j, k in enumerate(keys)}


def bio_vectorizer() -> TfidfVectorizer:
    """Return the TF-IDF settings for bios: those of the free-text factor."""
    return TfidfVectorizer(stop_words="english", sublinear_tf=True, dtype=np.float32)


def bio_model(bios: Sequence[Any]) -> tuple[TfidfVectorizer | None, Any]:
    """Fit the TF-IDF model of the bios alone; return it and the bios' vectors.

    Bios alone, not the free-text factor's documents (bio and specialty
    labels): a profile's specialties must not change how its words are read.
    """
    texts = [bio if isinstance(bio, str) else "" for bio in bios]
    vectorizer = bio_vectorizer()
    try:
        return vectorizer, vectorizer.fit_transform(texts)
    except ValueError:  # no words at all
        return None, None


def bio_projection(vectorizer: TfidfVectorizer, documents: Any, field: str, keys):
    """Return how much each bio speaks of each key of a field (0..1).

    The bio's TF-IDF vector (unit length) is projected onto the key's
    words; the projection's length is the cosine between the bio and its own
    part about the key: 1 when it speaks of nothing else, whatever the
    number of words the key has.
    """
    words = vectorizer.transform([expansion(field, k) for k in keys])
    uses = (words > 0).astype(np.float64).T  # (terms, keys): 1 where a word
    squares = documents.astype(np.float64).power(2)
    share = np.sqrt((squares @ uses).toarray())
    return np.minimum(1.0, np.round(share, BIO_DECIMALS) / BIO_SATURATION)


def bio_projector(bios: Sequence[Any]):
    """Fit the bios' model once; return ``project(field, keys)`` over it."""
    vectorizer, documents = bio_model(bios)

    def project(field: str, keys: Sequence[str]) -> np.ndarray:
        if vectorizer is None:
            return np.zeros((len(bios), len(keys)))
        return bio_projection(vectorizer, documents, field, keys)

    return project


def bio_shares(bios: Sequence[Any], keys: Sequence[str]) -> np.ndarray:
    """Return how much each bio speaks of each concern (0..1)."""
    return bio_projector(bios)("specialties", keys)


def listed_focus(
    listed: np.ndarray, top: np.ndarray, gives_top: np.ndarray
) -> np.ndarray:
    """Return the listed and focus parts (0..LISTED + FOCUS) per row and concern.

    ``listed`` is the (rows, concerns) bool matrix; ``top`` tells which
    listed concerns are among the row's top specialties; ``gives_top`` which
    rows give top specialties at all.
    """
    count = listed.sum(axis=1, keepdims=True)
    spread = breadth(np.maximum(count, 1))
    plain = np.where(gives_top[:, None], NOT_TOP * spread, spread)
    focus = np.where(top, 1.0, plain)
    return listed * (LISTED + FOCUS * focus)


def top_matrix(
    cells: Sequence[Sequence[str]], keys: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Return which concerns are each row's top specialties, and who gives any."""
    top = np.zeros((len(cells), len(keys)), dtype=bool)
    for row, values in enumerate(cells):
        top[row, [keys[k] for k in list(values)[:MAX_TOP] if k in keys]] = True
    gives = np.fromiter((bool(v) for v in cells), dtype=bool, count=len(cells))
    return top, gives


def build_focus(
    specialties: Sequence[Sequence[str]],
    top: Sequence[Sequence[str]],
    bios: Sequence[Any],
    approaches: Sequence[Sequence[str]] | None = None,
) -> ConcernFocus:
    """Work out every therapist's match for every concern and approach, once."""
    keys = concern_keys({v: 0 for values in specialties for v in values})
    listed = listed_matrix(specialties, keys)
    chosen, gives = top_matrix(top, keys)
    project = bio_projector(bios)  # one TF-IDF fit for concerns and approaches
    bio = project("specialties", list(keys))
    # A top specialty counts only when also listed (the import insists on it).
    match = listed_focus(listed, chosen & listed, gives) + WORDS * bio
    cells = [()] * len(specialties) if approaches is None else approaches
    return ConcernFocus(keys, match, bio, build_approach_focus(cells, project))
