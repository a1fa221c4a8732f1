"""The directory as arrays: built once per directory version, read by every query.

Its parts live beside it: list fields in ``index_lists``, text in
``index_text``, and what a state's part keeps in ``index_kept``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..style_estimate import estimate_arrays
from .focus import ConcernFocus, build_focus
from .index_kept import KeptListColumn, KeptValues, whole
from .index_lists import ListColumn, build_list_column, insurance_key, text_of
from .index_text import TextModel, TextPart, build_text_model
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
        return self._kept.get(key, work) if whole(rows) else work()


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
        for state in dict.fromkeys(text_of(states)):  # a state listed twice: once
            members.setdefault(state, []).append(row)
    return {s: np.asarray(rows, dtype=np.int64) for s, rows in members.items()}


def _focus(frame: pd.DataFrame) -> ConcernFocus:
    top = frame["top_specialties"] if "top_specialties" in frame else [()] * len(frame)
    return build_focus(
        [text_of(v) for v in frame["specialties"]],
        [text_of(v) for v in top],
        frame["bio"].tolist(),
        [text_of(v) for v in frame["approaches"]],
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
        row["approaches"] = text_of(approaches)
    return estimate_arrays(rows)


def build_index(profiles: pd.DataFrame) -> DirectoryIndex:
    """Turn a directory DataFrame (one row per active profile) into arrays."""
    frame = profiles.sort_values("id", kind="stable").reset_index(drop=True)
    style_columns = [f"style_{d}" for d in STYLE_DIMENSIONS]
    style_estimate, style_confidence = _style_estimates(frame)
    lists = {
        name: build_list_column(
            [text_of(v) for v in frame[name]], ASSUMED_WHEN_EMPTY.get(name, ())
        )
        for name in INDEXED_LISTS
        if name != "insurance"
    }
    lists["insurance"] = build_list_column(
        [tuple(map(insurance_key, text_of(v))) for v in frame["insurance"]]
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
    approach_bio = focus.approaches.bio_words
    columns["approach_focus"] = [approach_bio(row) for row in range(len(frame))]
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
        text=build_text_model(frame),
        focus=focus,
    )
