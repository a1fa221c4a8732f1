"""The profiles' text as TF-IDF vectors, and a client's words as a query."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..directory.vocab import vocabulary
from .index_lists import text_of


def profile_document(bio: str | None, specialties: tuple[str, ...]) -> str:
    """Return the text a client's own words are compared with: bio and specialties."""
    vocab = vocabulary("specialties")
    labels = [f"{vocab.label(k)} {vocab.plain(k)}" for k in specialties]
    return " ".join([bio if isinstance(bio, str) else "", *labels])


def make_vectorizer() -> TfidfVectorizer:
    """Return the TF-IDF settings used for the free-text factor."""
    return TfidfVectorizer(
        stop_words="english", sublinear_tf=True, dtype=np.float32, max_features=50_000
    )


@dataclass(frozen=True)
class TextQuery:
    """A client's own words as TF-IDF weights over the directory's terms."""

    columns: np.ndarray
    weights: np.ndarray


@dataclass
class TextModel:
    """TF-IDF vectors of every profile's text (bio and specialties).

    A query is weighted here exactly as scikit-learn's TfidfVectorizer
    (sublinear tf, smoothed idf, L2 norm) would, without its per-call overhead;
    the documents are kept by column so a query reads only its own terms.
    """

    documents: sparse.csc_matrix
    analyzer: Callable[[str], list[str]]
    vocabulary: dict[str, int]
    idf: np.ndarray
    blocks: dict[str, sparse.csc_matrix] = field(default_factory=dict, repr=False)

    def block(self, key: str, rows: np.ndarray) -> sparse.csc_matrix:
        """Return the documents of some rows (a state's), kept for the next call.

        The batch path reads a state's profiles many times; a term's entries in
        this block are only that state's, not the whole directory's.
        """
        if key not in self.blocks:
            self.blocks[key] = sparse.csc_matrix(self.documents[rows])
        return self.blocks[key]

    def part(self, rows: np.ndarray) -> TextPart:
        """Return the documents of some rows, each term read when first asked."""
        return TextPart(self, rows)

    def entries(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        """Return the profiles using a term and the term's weight in each."""
        docs = self.documents
        start, end = docs.indptr[column], docs.indptr[column + 1]
        return docs.indices[start:end], docs.data[start:end]

    def query(self, text: str) -> TextQuery | None:
        """Return the weighted terms of a text, or None if it has no known term."""
        counts = Counter(t for t in self.analyzer(text) if t in self.vocabulary)
        if not counts:
            return None
        columns = np.array([self.vocabulary[t] for t in counts], dtype=np.int64)
        tf = 1.0 + np.log(np.array(list(counts.values()), dtype=np.float64))
        weights = tf * self.idf[columns]
        return TextQuery(columns, weights / np.linalg.norm(weights))

    def similarity(self, query: TextQuery, rows: np.ndarray) -> np.ndarray:
        """Return the cosine similarity of the query to the given profiles."""
        entries = [self.entries(c) for c in query.columns.tolist()]
        return cosines(query, entries, self.documents.shape[0])[rows]


def cosines(
    query: TextQuery, entries: list[tuple[np.ndarray, np.ndarray]], size: int
) -> np.ndarray:
    """Sum each profile's products of query and document weights, term by term.

    ``entries`` are each query term's (profiles, weights). bincount adds each
    profile's float32 products in the query's term order, in float64.
    """
    if not entries:
        return np.zeros(size)
    weights = query.weights.tolist()
    profiles = np.concatenate([found for found, _ in entries])
    products = np.concatenate(
        [w * data for w, (_, data) in zip(weights, entries, strict=True)]
    )
    return np.bincount(profiles, weights=products, minlength=size)


class TextPart:
    """Some rows' share of a TextModel (a state's), as a batch reads it.

    Each term's entries are narrowed to the rows the first time a query uses
    the term, and kept: a state's clients use a few hundred terms at most.
    """

    def __init__(self, model: TextModel, rows: np.ndarray):
        self.model, self.size = model, len(rows)
        self._position = np.full(model.documents.shape[0], -1, dtype=np.int64)
        self._position[rows] = np.arange(len(rows))
        self._terms: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def _entries(self, column: int) -> tuple[np.ndarray, np.ndarray]:
        if column not in self._terms:
            found, data = self.model.entries(column)
            position = self._position[found]
            inside = position >= 0
            self._terms[column] = (position[inside], data[inside])
        return self._terms[column]

    def similarity(self, query: TextQuery, rows: np.ndarray | slice) -> np.ndarray:
        """Return the cosine similarity of the query to the given rows of the part."""
        entries = [self._entries(c) for c in query.columns.tolist()]
        return cosines(query, entries, self.size)[rows]


def build_text_model(frame: pd.DataFrame) -> TextModel | None:
    documents = [
        profile_document(bio, text_of(specialties))
        for bio, specialties in zip(frame["bio"], frame["specialties"], strict=True)
    ]
    vectorizer = make_vectorizer()
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no words at all: the free-text factor has nothing to use
        return None
    return TextModel(
        documents=matrix.tocsc(),
        analyzer=vectorizer.build_analyzer(),
        vocabulary=vectorizer.vocabulary_,
        idf=vectorizer.idf_.astype(np.float64),
    )
