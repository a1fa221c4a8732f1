"""The directory as arrays: built once per directory version, read by every query."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from ..directory.vocab import normalise, vocabulary
from ..style_estimate import estimate_arrays
from .focus import ConcernFocus, build_focus
from .request import STYLE_DIMENSIONS

# List fields the engine filters or scores on (each its own vocabulary's name).
INDEXED_LISTS: tuple[str, ...] = (
    "specialties", "approaches", "gender", "ethnicity", "faith", "identities",
    "languages", "populations", "session_formats", "insurance", "availability",
)  # fmt: skip
# What a profile that leaves these empty is taken to offer.
ASSUMED_WHEN_EMPTY: dict[str, tuple[str, ...]] = {
    "populations": ("adults",),
    "session_formats": ("individual",),
}
EPOCH = dt.date(1970, 1, 1)


@dataclass
class ListColumn:
    """One list field as a boolean matrix: a row per therapist, a column per value."""

    columns: dict[str, int]
    matrix: np.ndarray  # bool, (n, len(columns))
    given: np.ndarray  # bool, (n,): the profile lists at least one value

    def has_any(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Tell, per row, whether the therapist lists at least one of the values."""
        return self.count(values, rows) > 0

    def count(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Count, per row, how many of the values the therapist lists."""
        cols = [self.columns[v] for v in values if v in self.columns]
        if not cols:
            return np.zeros(self.given[rows].shape[0], dtype=np.int32)
        return self.take(rows, cols).sum(axis=1, dtype=np.int32)

    def best_of(self, credit: dict[str, float], rows: np.ndarray | slice) -> np.ndarray:
        """Return, per row, the highest credit among the values listed (0 if none)."""
        known = [(self.columns[v], c) for v, c in credit.items() if v in self.columns]
        if not known:
            return np.zeros(self.given[rows].shape[0])
        cols, credits = zip(*known, strict=True)
        listed = self.take(rows, list(cols))
        best = np.zeros(listed.shape[0])
        for j, credit in enumerate(credits):  # column by column: max is exact
            np.maximum(best, listed[:, j] * credit, out=best)
        return best

    def take(self, rows: np.ndarray | slice, cols: list[int]) -> np.ndarray:
        """Return the given rows of the given columns, copying nothing else."""
        if isinstance(rows, slice):
            return self.matrix[rows, cols]
        # Broadcast indexing: np.ix_ does the same with more Python-level checks.
        return self.matrix[rows[:, None], np.asarray(cols)]


WHOLE = slice(None)  # every row of an index, read as a view
KEPT_VALUES = 64  # values a state's part keeps of each kind, the least recent out first


class KeptValues:
    """The values of the latest ``room`` keys read, the least recent let go first.

    Safe to share between threads: at worst two of them work a value out.
    """

    def __init__(self, room: int = KEPT_VALUES):
        self.room = room
        self._values: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, work: Callable[[], Any]) -> Any:
        """Return the key's value, worked out now if it is not kept."""
        value = self._values.get(key)
        if value is not None:
            with suppress(KeyError):  # another thread may have let it go
                self._values.move_to_end(key)
            return value
        value = self._values[key] = work()
        while len(self._values) > self.room:
            with suppress(KeyError):
                self._values.popitem(last=False)
        return value

    def __len__(self) -> int:
        return len(self._values)


def _whole(rows: np.ndarray | slice) -> bool:
    return isinstance(rows, slice) and rows == WHOLE


class KeptListColumn(ListColumn):
    """A list field that keeps what it has worked out over all its rows.

    A state's part (``DirectoryIndex.part``) is read over all its rows by
    every request of the state, most asking for a few common values: each
    value's column and each credit's best (one per concern) are worked out
    once. Reads of some rows only are not kept.
    """

    def __init__(self, columns, matrix, given):
        super().__init__(columns, matrix, given)
        self._kept: dict[object, np.ndarray] = {}

    def _keep(self, key: object, work: Callable[[], np.ndarray]) -> np.ndarray:
        if key not in self._kept:
            self._kept[key] = work()
        return self._kept[key]

    def count(self, values: tuple[str, ...], rows: np.ndarray | slice) -> np.ndarray:
        """Count, per row, how many of the values the therapist lists."""
        if not _whole(rows):
            return super().count(values, rows)
        total = np.zeros(len(self.given), dtype=np.int32)
        for value in values:
            if value in self.columns:
                column = self.columns[value]
                total += self._keep(value, lambda c=column: self.matrix[:, c].copy())
        return total

    def best_of(self, credit: dict[str, float], rows: np.ndarray | slice) -> np.ndarray:
        """Return, per row, the highest credit among the values listed (0 if none)."""
        if not _whole(rows):
            return super().best_of(credit, rows)
        work = super().best_of
        return self._keep(("best_of", *credit.items()), lambda: work(credit, rows))


def insurance_key(value: str) -> str:
    """Compare payers by key, or by folded text when a payer has no key."""
    return value if value in vocabulary("insurance").entries else normalise(value)


def _text_of(cell: object) -> tuple[str, ...]:
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ()
    return (cell,) if isinstance(cell, str) else tuple(cell)


def build_list_column(
    cells: list[tuple[str, ...]], assumed: tuple[str, ...] = ()
) -> ListColumn:
    """Build the boolean matrix of one list field."""
    columns: dict[str, int] = {}
    for values in cells:
        for value in values:
            columns.setdefault(value, len(columns))
    for value in assumed:
        columns.setdefault(value, len(columns))
    matrix = np.zeros((len(cells), len(columns)), dtype=bool)
    given = np.fromiter((bool(v) for v in cells), dtype=bool, count=len(cells))
    rows, cols = [], []
    for row, values in enumerate(cells):
        for value in values or assumed:
            rows.append(row)
            cols.append(columns[value])
    matrix[rows, cols] = True
    return ListColumn(columns, matrix, given)


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


# The per-therapist arrays of a DirectoryIndex, besides ids, lists and text.
ROW_ARRAYS = (
    "in_person", "telehealth", "accepting", "lgbtq_affirming", "sliding_scale",
    "latitude", "longitude", "latitude_rad", "longitude_rad", "cos_latitude",
    "fee", "updated_day", "style", "style_estimate", "style_confidence",
)  # fmt: skip


@dataclass
class DirectoryIndex:
    """Everything a query needs about every active therapist, as arrays."""

    ids: np.ndarray
    id_hashes: np.ndarray  # uint64 digest of each id, for tie order
    names: list[str]
    columns: dict[str, list]  # every profile field, column by column, for words
    by_state: dict[str, np.ndarray]
    in_person: np.ndarray
    telehealth: np.ndarray
    accepting: np.ndarray
    lgbtq_affirming: np.ndarray
    sliding_scale: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    latitude_rad: np.ndarray  # the office in radians, and its latitude's cosine,
    longitude_rad: np.ndarray  # for distances (geo.km_from_radians)
    cos_latitude: np.ndarray
    fee: np.ndarray
    updated_day: np.ndarray
    style: np.ndarray
    # Estimated where a profile leaves a scale empty (style_estimate package);
    # value and confidence are 0 where it states the scale or nothing bears on it.
    style_estimate: np.ndarray
    style_confidence: np.ndarray
    lists: dict[str, ListColumn]
    text: TextModel | TextPart | None  # a part's text is a TextPart
    focus: ConcernFocus  # each therapist's match for each concern (focus.py)

    def kept(
        self, key: Hashable, rows: np.ndarray | slice, work: Callable[[], np.ndarray]
    ) -> np.ndarray:
        """Return ``work()``, the values ``key`` names over the rows.

        The whole directory keeps nothing; a state's part (``StateIndex``)
        keeps what it works out over all its rows for the next read.
        """
        return work()

    def part(self, state: str) -> StateIndex:
        """Return the index of one state's therapists, with arrays of their own.

        Rows of the part are positions in ``by_state[state]``. ``names`` and
        ``columns`` are left empty: answers are worded from the whole
        directory's rows.
        """
        rows = self.by_state.get(state, np.zeros(0, dtype=np.int64))
        return StateIndex(
            ids=self.ids[rows], id_hashes=self.id_hashes[rows], names=[], columns={},
            by_state={state: np.arange(len(rows))},
            **{name: getattr(self, name)[rows] for name in ROW_ARRAYS},
            lists={
                name: KeptListColumn(c.columns, c.matrix[rows], c.given[rows])
                for name, c in self.lists.items()
            },
            text=None if self.text is None else self.text.part(rows),
            focus=self.focus.part(rows),
        )  # fmt: skip

    @property
    def size(self) -> int:
        """Number of therapists indexed."""
        return len(self.ids)

    def nbytes(self) -> int:
        """Approximate memory held by the arrays (not the profile table)."""
        arrays = [getattr(self, name) for name in ROW_ARRAYS]
        arrays += self.by_state.values()
        total = sum(a.nbytes for a in arrays)
        total += sum(c.matrix.nbytes + c.given.nbytes for c in self.lists.values())
        if self.text is not None:
            docs = self.text.documents
            total += docs.data.nbytes + docs.indices.nbytes + docs.indptr.nbytes
        return total


@dataclass
class StateIndex(DirectoryIndex):
    """One state's part of the index, keeping some values worked out over it.

    Every request of a state reads its part whole: a style answer's closeness
    is read by many of them, and a client's distances by both the distance
    filter and the distance factor. The last ``KEPT_VALUES`` read are kept.
    """

    _kept: KeptValues = field(default_factory=KeptValues, repr=False)

    def kept(
        self, key: Hashable, rows: np.ndarray | slice, work: Callable[[], np.ndarray]
    ) -> np.ndarray:
        """Return the values ``key`` names, worked out once over all rows."""
        return self._kept.get(key, work) if _whole(rows) else work()


def _flags(frame: pd.DataFrame, name: str, default: bool = False) -> np.ndarray:
    return np.array(
        [default if v is None else bool(v) for v in frame[name]], dtype=bool
    )


def _floats(frame: pd.DataFrame, name: str) -> np.ndarray:
    return pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=np.float64)


def _days(frame: pd.DataFrame) -> np.ndarray:
    dates = pd.to_datetime(frame["updated_at"], format="%Y-%m-%d", errors="coerce")
    days = (dates - pd.Timestamp(EPOCH)).dt.days
    return days.to_numpy(dtype=np.float64, na_value=np.nan)


def _by_state(frame: pd.DataFrame) -> dict[str, np.ndarray]:
    members: dict[str, list[int]] = {}
    for row, states in enumerate(frame["license_states"]):
        for state in dict.fromkeys(_text_of(states)):  # a state listed twice: once
            members.setdefault(state, []).append(row)
    return {s: np.asarray(rows, dtype=np.int64) for s, rows in members.items()}


def _text_model(frame: pd.DataFrame) -> TextModel | None:
    documents = [
        profile_document(bio, _text_of(specialties))
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


def _focus(frame: pd.DataFrame) -> ConcernFocus:
    top = frame["top_specialties"] if "top_specialties" in frame else [()] * len(frame)
    return build_focus(
        [_text_of(v) for v in frame["specialties"]],
        [_text_of(v) for v in top],
        frame["bio"].tolist(),
    )


def id_hash(therapist_id: str) -> int:
    """Return a fixed 64-bit digest of a therapist id."""
    digest = hashlib.blake2b(therapist_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _plain_list(column: pd.Series) -> list:
    return [None if isinstance(v, float) and v != v else v for v in column.tolist()]


def profile_at(
    index: DirectoryIndex, row: int, fields: tuple[str, ...] | None = None
) -> dict:
    """Return one indexed profile (or some of its fields), None where missing."""
    columns = index.columns
    if fields is None:
        return {name: values[row] for name, values in columns.items()}
    return {name: columns[name][row] for name in fields if name in columns}


def _style_estimates(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Estimate, once per fit, the style scales each profile leaves empty."""
    fields = ["bio", *(f"style_{d}" for d in STYLE_DIMENSIONS)]
    rows = frame[fields].to_dict("records")
    for row, approaches in zip(rows, frame["approaches"], strict=True):
        row["approaches"] = _text_of(approaches)
    return estimate_arrays(rows)


def build_index(profiles: pd.DataFrame) -> DirectoryIndex:
    """Turn a directory DataFrame (one row per active profile) into arrays."""
    frame = profiles.sort_values("id", kind="stable").reset_index(drop=True)
    style_columns = [f"style_{d}" for d in STYLE_DIMENSIONS]
    style_estimate, style_confidence = _style_estimates(frame)
    lists = {
        name: build_list_column(
            [_text_of(v) for v in frame[name]], ASSUMED_WHEN_EMPTY.get(name, ())
        )
        for name in INDEXED_LISTS
        if name != "insurance"
    }
    lists["insurance"] = build_list_column(
        [tuple(map(insurance_key, _text_of(v))) for v in frame["insurance"]]
    )
    latitude = (
        _floats(frame, "geo_latitude")
        if "geo_latitude" in frame
        else _floats(frame, "latitude")
    )
    focus = _focus(frame)
    columns = {name: _plain_list(frame[name]) for name in frame.columns}
    # Words read how much each bio speaks of each concern from the same table.
    columns["bio_focus"] = [focus.bio_words(row) for row in range(len(frame))]
    longitude = (
        _floats(frame, "geo_longitude")
        if "geo_longitude" in frame
        else _floats(frame, "longitude")
    )
    return DirectoryIndex(
        ids=frame["id"].to_numpy(dtype=object),
        id_hashes=np.array([id_hash(i) for i in frame["id"]], dtype=np.uint64),
        names=frame["name"].tolist(),
        columns=columns,
        by_state=_by_state(frame),
        in_person=_flags(frame, "in_person"),
        telehealth=_flags(frame, "telehealth"),
        accepting=_flags(frame, "accepting_new_clients", default=True),
        lgbtq_affirming=_flags(frame, "lgbtq_affirming"),
        sliding_scale=_flags(frame, "sliding_scale"),
        latitude=latitude,
        longitude=longitude,
        latitude_rad=np.radians(latitude),
        longitude_rad=np.radians(longitude),
        cos_latitude=np.cos(np.radians(latitude)),
        fee=_floats(frame, "fee"),
        updated_day=_days(frame),
        style=np.column_stack([_floats(frame, c) for c in style_columns]).astype(
            np.float32
        ),
        style_estimate=style_estimate,
        style_confidence=style_confidence,
        lists=lists,
        text=_text_model(frame),
        focus=focus,
    )
