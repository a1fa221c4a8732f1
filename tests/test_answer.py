"""The answer's factor tables: stored by column, read as FactorPoints."""

from __future__ import annotations

import gc

import pytest

from matcher.engine.answer import FactorPoints, FactorTable

TABLE = FactorTable(
    ("concerns", "cost"), (3.0, 3.0), (1.0, 0.5), (66.67, 33.33), ("Anxiety", "")
)


def test_a_factor_table_reads_as_a_list_of_factor_points():
    expected = [
        FactorPoints("concerns", 3.0, 1.0, 66.67, "Anxiety"),
        FactorPoints("cost", 3.0, 0.5, 33.33, ""),
    ]
    assert list(TABLE) == expected
    assert TABLE == expected
    assert len(TABLE) == 2
    assert TABLE[1] == expected[1]
    assert TABLE[-1] == expected[-1]
    assert TABLE[:1] == expected[:1]
    assert [f.factor for f in TABLE] == ["concerns", "cost"]
    assert TABLE != expected[:1]
    with pytest.raises(IndexError):
        TABLE[2]


def test_a_factor_table_refuses_columns_of_different_lengths():
    with pytest.raises(ValueError, match="one value a factor"):
        FactorTable(("concerns", "cost"), (3.0,), (1.0, 0.5), (66.67, 33.33), ("", ""))


def test_its_columns_leave_the_garbage_collector_nothing_to_walk():
    # The reason the table is stored by column: only the table itself stays
    # tracked once a collection has passed over its tuples of plain values.
    table = FactorTable(
        ("concerns",), (3.0,), (float(len("x")),), (100.0,), (str(len("x")),)
    )
    gc.collect()
    assert gc.is_tracked(table)
    assert not any(
        gc.is_tracked(column)
        for column in (
            table.names, table.weights, table.matches, table.points, table.details
        )
    )  # fmt: skip
