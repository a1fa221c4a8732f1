"""Write generated profiles and requests as CSV and JSON Lines."""

import csv
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .tables import PROFILE_COLUMNS


# ------------------------------------------------------------------- writers
def write_csv(
    rows: Iterable[Mapping[str, str]],
    path: str | Path,
    columns: Sequence[str] = PROFILE_COLUMNS,
) -> None:
    """Write rows as UTF-8 CSV with a header row (LF line ends, git-friendly)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_jsonl(items: Iterable[Mapping[str, Any]], path: str | Path) -> None:
    """Write one JSON object per line, UTF-8."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        for item in items:
            file.write(json.dumps(item, ensure_ascii=False) + "\n")
