"""The therapist-matching engine: profiles, the directory store, ranking."""

from .config import DB_ENV_VAR, default_db_path
from .directory.importer import ImportFileError, ImportReport, import_bytes, import_file
from .store import connect, directory_version

__all__ = [
    "DB_ENV_VAR",
    "ImportFileError",
    "ImportReport",
    "connect",
    "default_db_path",
    "directory_version",
    "import_bytes",
    "import_file",
]
