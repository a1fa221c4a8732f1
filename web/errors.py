"""Friendly error pages for people, JSON errors under /api."""

from __future__ import annotations

import errno
import sqlite3

from flask import (
    Flask,
    Response,
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from matcher.store import StoreError

from .security import SMALL_BODY_BYTES

API_PREFIX = "/api/"
PAGE_TEXT = {
    400: ("Something in that request was not right", "Please go back and try again."),
    404: (
        "We couldn't find that page",
        "The link may be old, or the therapist may have left the directory.",
    ),
    405: ("That page can't be used this way", "Please start again from the form."),
    413: ("That was more than we can take", "Please send less text and try again."),
    500: (
        "Something went wrong on our side",
        "Nothing you typed was kept. Please try again in a moment.",
    ),
    503: (
        "The directory is not available just now",
        "Nothing you typed was kept. Please try again in a few minutes.",
    ),
}
API_FIELD = {405: "method", 413: "request", 415: "content_type", 503: "storage"}
API_TEXT = {
    413: f"the request body is larger than {SMALL_BODY_BYTES:,} bytes, the most "
    "this API accepts; send one request at a time and keep concerns_text under "
    "2,000 characters",
}
STORAGE_UNAVAILABLE = "the directory database is not available; try again later"
RETRY_AFTER_SECONDS = "60"
# Errors of the disk or file rather than of the program: the service is
# unavailable until an operator acts (see /healthz), not broken.
STORAGE_ERRNOS = frozenset(
    {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.EIO}
)


def _error_response(code: int, description: str) -> tuple[Response | str, int]:
    if request.path.startswith(API_PREFIX):
        message = API_TEXT.get(code, description)
        return jsonify(errors={API_FIELD.get(code, "request"): message}), code
    title, advice = PAGE_TEXT.get(code, PAGE_TEXT[400 if code < 500 else 500])
    return render_template("error.html", code=code, title=title, advice=advice), code


def http_error(error: HTTPException) -> Response:
    """Answer an HTTP error as a page, or as JSON under /api (keeping e.g. Allow)."""
    response = make_response(
        _error_response(error.code or 500, error.description or error.name)
    )
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def csrf_error(_error: CSRFError) -> tuple[Response | str, int]:
    """Explain an expired or missing form token in words a person can act on."""
    title = "This form has expired"
    advice = "For your privacy we don't keep answers. Please fill in the form again."
    page = render_template("error.html", code=400, title=title, advice=advice)
    return page, 400


def server_error(_error: Exception) -> tuple[Response | str, int]:
    """Answer an unexpected failure without showing any detail of it."""
    return _error_response(500, InternalServerError.description)


def storage_error(error: Exception) -> Response:
    """Answer a database or disk failure with 503: a calm page, or JSON under /api."""
    if not is_storage_failure(error):
        raise error  # a bug: the usual 500 (or the traceback, in tests)
    # The message names the fault (disk I/O error, readonly database), never
    # anything the client sent.
    current_app.logger.error("storage failure: %s: %s", type(error).__name__, error)
    response = make_response(_error_response(503, STORAGE_UNAVAILABLE))
    response.headers["Retry-After"] = RETRY_AFTER_SECONDS
    return response


def is_storage_failure(error: Exception) -> bool:
    """Tell a fault of the database file or disk from a bug in the program."""
    if isinstance(error, sqlite3.IntegrityError | sqlite3.ProgrammingError):
        return False  # a broken constraint or a misused API: the code is at fault
    if isinstance(error, OSError):
        return error.errno in STORAGE_ERRNOS
    return isinstance(error, sqlite3.DatabaseError | StoreError)


def init_app(app: Flask) -> None:
    """Register the error handlers on the app."""
    app.register_error_handler(CSRFError, csrf_error)
    for failure in (sqlite3.DatabaseError, StoreError, OSError):
        app.register_error_handler(failure, storage_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(InternalServerError, server_error)
