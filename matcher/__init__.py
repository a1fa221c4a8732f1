"""The therapist-matching engine: profiles, the directory store, ranking."""

from typing import Any

from .config import DB_ENV_VAR, default_db_path
from .directory.importer import ImportFileError, ImportReport, import_bytes, import_file
from .store import connect, directory_version

__all__ = [
    "DB_ENV_VAR",
    "ImportFileError",
    "ImportReport",
    "Matcher",
    "connect",
    "default_db_path",
    "directory_version",
    "import_bytes",
    "import_file",
]


def __getattr__(name: str) -> Any:
    """Import ``Matcher`` when it is first asked for (PEP 562).

    ``matcher.engine.matcher`` imports the store and the importer, which import
    this package: importing ``Matcher`` here at once would be circular.
    """
    if name == "Matcher":
        from .engine.matcher import Matcher

        return Matcher
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """List the package's names, ``Matcher`` among them."""
    return sorted(set(globals()) | set(__all__))
