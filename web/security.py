"""Security headers on every response, and no caching of anyone's answers."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, request

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=()"
    ),
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
SMALL_BODY_BYTES = 64 * 1024
SMALL_BODY_BLUEPRINTS = ("main", "api")  # the admin area takes large uploads


def limit_body(_endpoint: str | None, _values: dict[str, Any] | None) -> None:
    """Cap the body of client and API requests before anything reads it."""
    if request.blueprint in SMALL_BODY_BLUEPRINTS:
        request.max_content_length = SMALL_BODY_BYTES


def add_security_headers(response: Response) -> Response:
    """Set the security headers, and no-store on anything that may hold answers."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if request.method != "GET" or request.path.startswith("/api/"):
        # Answers travel in POST bodies and API replies: never keep them in a cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    """Register the body limit, and the headers for every response and error page."""
    # URL value preprocessors run before every before_request function, so the
    # limit holds even when CSRF protection reads the form first.
    app.url_value_preprocessor(limit_body)
    app.after_request(add_security_headers)
