"""Builders for the web tests: a small directory and the form as a page posts it."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from tests.engine_helpers import therapist

XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
# A small directory whose order for a given request is easy to see.
DIRECTORY = [
    therapist(
        "ma-cbt",
        name="Dana Reyes",
        specialties=["anxiety", "insomnia"],
        approaches=["cbt", "act"],
        style_directiveness=2,
        languages=["English", "Spanish"],
        fee=120,
        insurance=["Aetna"],
        free_consultation=True,
        email="dana@example.org",
        phone="0123 456",
        website="https://dana.example.org",
        bio="I help people with worry and sleep.",
    ),
    therapist(
        "ma-dyn",
        name="Sam Okafor",
        specialties=["depression", "grief"],
        approaches=["psychodynamic"],
        style_directiveness=-2,
        fee=200,
        sliding_scale=True,
    ),
    therapist(
        "ma-xss",
        name=f"Evil {XSS}",
        specialties=["anxiety"],
        bio=f"Bio {XSS}",
        city=XSS,
        pronouns="<b>they</b>",
        website="https://evil.example.org/?q=<script>",
    ),
    therapist("ma-full", name="Full Waitlist", accepting_new_clients=False),
    therapist("ny-only", name="New York Only", license_states="NY", state="NY"),
]


PREFERENCES = (
    "approaches", "gender", "ethnicity", "faith", "lgbtq_affirming", "identities",
    "languages", "availability",
)  # fmt: skip
CARD_LINK = re.compile(r'class="card-title".*?href="/therapists/([^"]+)"', re.S)


def form_data(extra: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
    """Return the client form as the page posts it, with overrides.

    ``extra`` holds fields whose names are not Python names, such as
    ``style-directiveness``.
    """
    data = {"state": "MA", "format": "either", "limit": "10"}
    data["style-importance"] = "medium"
    data |= {f"{name}-importance": "high" for name in PREFERENCES}
    return data | (extra or {}) | fields


def field_errors(html: str, field_id: str) -> list[str]:
    """Return the messages listed next to one field (by the field's id)."""
    block = re.search(rf'id="{re.escape(field_id)}-error">(.*?)</ul>', html, re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


def ranked_ids(html: str) -> list[str]:
    """Return the therapist ids of the result cards, in rank order."""
    return CARD_LINK.findall(html)


def hidden_value(html: str, name: str) -> str:
    """Return the (unescaped) value of the first hidden input with this name."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return unescape(found.group(1))
