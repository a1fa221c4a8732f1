"""Saved searches: kept only when the client ticks the box, opened by a private link.

The results page posts its ``request_json`` with a ``consent`` checkbox to
``POST /saved``; without the box nothing is stored. Saving shows the private
link ``/saved/<token>`` once: only the token's digest is stored. The link shows
fresh matches and, after a re-score run, how many are new since the client last
looked; one click on its button deletes the search.

The token travels in the link's path, so a server's access log would record it.
This module logs nothing of it, and it installs a filter that redacts the token
from the request logs of Werkzeug's server and Gunicorn; a server that writes
its own access log elsewhere should be set not to log ``/saved/`` paths.
"""

from __future__ import annotations

import logging
import os
import re

from flask import Blueprint, Flask, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField
from wtforms.validators import DataRequired

from matcher.engine.answer import Answer
from matcher.engine.request import RequestError, parse_request
from matcher.store import runs, saved

from .db import get_db
from .search import find_matches, load_request, result_cards

bp = Blueprint("saved", __name__, url_prefix="/saved")
TTL_ENV_VAR = "MATCHER_SAVED_TTL_DAYS"
ACCESS_LOGGERS = ("werkzeug", "gunicorn.access")
TOKEN_IN_PATH = re.compile(r"(/saved/)[A-Za-z0-9_-]{16,}")
PRIVATE_HEADERS = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex, nofollow"}


class SaveForm(FlaskForm):
    """The save box of the results page: the request it shows, and consent."""

    request_json = HiddenField()
    consent = BooleanField(
        "Save my answers so I can see fresh matches later",
        validators=[DataRequired("Tick the box to save your answers.")],
    )


class RedactSavedTokens(logging.Filter):
    """Replace the token of a /saved/ link in a log line with [private]."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message when it holds a private link."""
        message = record.getMessage()
        if "/saved/" in message:
            record.msg, record.args = TOKEN_IN_PATH.sub(r"\1[private]", message), ()
        return True


def redact_access_logs(_state: object = None) -> None:
    """Attach the redacting filter to the servers' request loggers, once."""
    for name in ACCESS_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactSavedTokens) for f in logger.filters):
            logger.addFilter(RedactSavedTokens())


bp.record_once(redact_access_logs)


def ttl_days(app: Flask) -> int:
    """Return how long a saved search lives: config, then environment, then 90."""
    configured = app.config.get("SAVED_TTL_DAYS") or os.environ.get(TTL_ENV_VAR)
    return int(configured) if configured else saved.DEFAULT_TTL_DAYS


def private(body: str, status: int = 200) -> ResponseReturnValue:
    """Answer with a page that no cache or search engine may keep."""
    return body, status, PRIVATE_HEADERS


@bp.post("")
def save() -> ResponseReturnValue:
    """Store the request only when the consent box is ticked; show the link once."""
    form = SaveForm()
    if not form.validate():
        return private(render_template("saved/not_saved.html", form=form), 400)
    try:
        data = load_request(form.request_json.data or "")
        answer = find_matches(data)
    except ValueError:  # RequestError too: the carried answers are not a request
        return private(render_template("saved/not_saved.html", form=None), 400)
    token = saved.save_request(
        get_db(), data, ttl_days(current_app), seen_ids=_ids(answer)
    )
    # Each save also removes searches past their expiry (or deleted), so none
    # outlives it on an installation that never runs a re-score or a purge.
    saved.purge(get_db())
    entry = saved.get_saved(get_db(), token)
    page = render_template("saved/saved.html", token=token, entry=entry)
    return private(page, 201)


@bp.get("/<token>")
def view(token: str) -> ResponseReturnValue:
    """Show fresh matches, and how many are new since the client last looked."""
    db = get_db()
    entry = saved.get_saved(db, token)
    if entry is None:
        return private(render_template("saved/gone.html"), 404)
    try:
        answer = find_matches(entry.request)
    except RequestError:
        page = render_template("saved/gone.html", unreadable=True, token=token)
        return private(page, 410)
    shown = parse_request(entry.request).limit
    new_ids, last_run = runs.new_since_viewed(db, entry, shown)
    saved.mark_viewed(db, entry.id, last_run, _ids(answer))
    page = render_template(
        "saved/view.html", token=token, entry=entry, answer=answer,
        cards=result_cards(answer), new_ids=set(new_ids), new_count=len(new_ids),
    )  # fmt: skip
    return private(page)


@bp.post("/<token>/delete")
def delete(token: str) -> ResponseReturnValue:
    """Delete a saved search and everything kept for it, in one click."""
    if not saved.delete_saved(get_db(), token):
        return private(render_template("saved/gone.html"), 404)
    return private(render_template("saved/deleted.html"))


def _ids(answer: Answer) -> list[str]:
    return [match.therapist_id for match in answer.matches]
