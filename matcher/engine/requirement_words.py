"""Words for a match whose request asked only for requirements (hard filters).

Such a request expresses no factor, so its one factor, ``requirements``, is
met by every therapist shown; its words say what was met ("Sees teenagers and
offers family sessions") rather than only that something was.
"""

from __future__ import annotations

from .request import Request
from .words import join

AGE_GROUPS = {
    "children": "children",
    "adolescents": "teenagers",
    "adults": "adults",
    "older_adults": "older adults",
}
FORMATS = {"in_person": "sees clients in person", "telehealth": "offers telehealth"}


def requirements_words(request: Request) -> str:
    """Say what every therapist shown meets: age group, session format, format."""
    met = []
    if request.age_group:
        ages = AGE_GROUPS.get(request.age_group, request.age_group.replace("_", " "))
        met.append(f"sees {ages}")
    if request.session_format:
        met.append(f"offers {request.session_format.replace('_', ' ')} sessions")
    if request.format in FORMATS:
        met.append(FORMATS[request.format])
    if not met:
        return "Licensed in your state"  # the one requirement every request has
    said = join(met)
    return said[:1].upper() + said[1:]
