"""Times on the admin pages as people read them: "29 Nov 2026, 22:44 UTC".

The store keeps ISO 8601 text (``2026-11-29T22:44:15+00:00``); the pages show
the day, the month's short name, the year and the minute in UTC, inside a
``<time>`` element whose ``datetime`` keeps the stored value to the second.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from . import bp

# Written out, so that the server's locale cannot change them.
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def when_words(stamp: str | None) -> str:
    """Write a stored time (or date) as a person reads it; "" when there is none."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp  # not a time the store wrote: shown as it is
    if len(stamp) == 10:  # a date alone, such as a profile's updated_at
        return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    day = f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"
    return f"{day}, {moment:%H:%M} UTC"


@bp.app_template_filter("when")
def when(stamp: str | None) -> Markup:
    """Return a stored time as a ``<time>`` element a person reads."""
    if not stamp:
        return Markup("")
    day, comma, clock = when_words(stamp).partition(", ")
    if not comma:  # a date alone, or text that is not a time
        return Markup('<time datetime="{}">{}</time>').format(stamp, day)
    # A narrow table breaks the line between the day and the time, not inside.
    return Markup(
        '<time datetime="{}"><span class="nowrap">{},</span> '
        '<span class="nowrap">{}</span></time>'
    ).format(stamp, day, clock)
