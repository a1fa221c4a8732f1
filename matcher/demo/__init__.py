"""Generate realistic synthetic therapist profiles and client requests for demos.

Everything is drawn from a seeded ``numpy.random.Generator`` so the same seed
gives byte-identical files. Profile columns are generated as whole arrays (one
vectorised draw per field) so a million profiles take seconds, not minutes;
only the joins into ``;``-separated strings and the bios loop over rows.

The tables the draws follow are in ``tables`` (profiles) and
``request_tables`` (requests); ``profiles`` and ``requests`` draw from them.
"""

from .files import write_csv, write_jsonl
from .profiles import make_profiles
from .requests import make_requests
from .tables import DEMO_STATES, PROFILE_COLUMNS, REFERENCE_DATE, REQUEST_KEYS

__all__ = [
    "DEMO_STATES",
    "PROFILE_COLUMNS",
    "REFERENCE_DATE",
    "REQUEST_KEYS",
    "make_profiles",
    "make_requests",
    "write_csv",
    "write_jsonl",
]
