"""Login, logout and the guard that closes every other admin route."""

from __future__ import annotations

import datetime as dt

from flask import (
    Response,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)

from matcher import accounts

from ..db import get_db
from . import bp
from .audit import client_address, record
from .forms import LoginForm

SESSION_KEY = "admin"
PUBLIC_ENDPOINTS = frozenset({"admin.login"})
FAILURE_STATUS = {"failed": 401, "throttled": 429}


@bp.record_once
def make_dummy_hash(_state) -> None:
    """Hash the dummy password at start-up, so no unknown name pays for it."""
    accounts.dummy_hash()


@bp.before_request
def require_admin() -> Response | tuple[Response, int] | None:
    """Let only a logged-in admin through: pages redirect to login, others get 401."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    lifetime = current_app.permanent_session_lifetime
    g.admin = accounts.admin_for_session(get_db(), session.get(SESSION_KEY), lifetime)
    if g.admin is not None:
        return None
    session.pop(SESSION_KEY, None)
    if request.accept_mimetypes.accept_html:
        wanted = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("admin.login", next=wanted))
    return jsonify(error="log in as an admin to use this"), 401


@bp.after_request
def never_cache(response: Response) -> Response:
    """Keep admin pages out of every cache, so the back button shows nothing."""
    response.headers["Cache-Control"] = "no-store"
    return response


def safe_next() -> str | None:
    """Return ?next= if it is a path inside the admin area, else None."""
    wanted = request.args.get("next", "")
    inside = wanted.startswith("/admin/") and not wanted.startswith("/admin/login")
    return wanted if inside and "\\" not in wanted and "//" not in wanted else None


def throttle_policy() -> accounts.ThrottlePolicy:
    """Return the login limits from the configuration."""
    config = current_app.config
    return accounts.ThrottlePolicy(
        max_per_account=config["ADMIN_LOGIN_MAX_FAILURES_PER_ACCOUNT"],
        max_per_address=config["ADMIN_LOGIN_MAX_FAILURES_PER_ADDRESS"],
        window=dt.timedelta(minutes=config["ADMIN_LOGIN_WINDOW_MINUTES"]),
    )


def start_session(user: dict) -> None:
    """Replace whatever session the browser had with a new admin session."""
    session.clear()
    session[SESSION_KEY] = accounts.session_data(user)
    session.permanent = True


def record_login(result: accounts.LoginResult, typed_name: str) -> None:
    """Audit a login attempt; a name that is no account is not kept (a password?)."""
    name = accounts.normalise_name(typed_name)
    actor = name if result.ok or result.name_known else "(unknown account)"
    action = {"ok": "login"}.get(result.outcome, f"login_{result.outcome}")
    record(action, actor=actor)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Response | tuple[str, int]:
    """Show the login form; log an admin in with a fresh session."""
    form = LoginForm()
    if not form.validate_on_submit():
        status = 400 if form.is_submitted() else 200
        return render_template("admin/login.html", form=form), status
    result = accounts.authenticate(
        get_db(), form.username.data, form.password.data, client_address(),
        throttle_policy(),
    )  # fmt: skip
    record_login(result, form.username.data)
    if not result.ok:
        page = render_template("admin/login.html", form=form, failure=result.outcome)
        return page, FAILURE_STATUS[result.outcome]
    start_session(result.user)
    return redirect(safe_next() or url_for("admin.home"))


@bp.post("/logout")
def logout() -> Response:
    """End the admin's sessions everywhere: the old cookie no longer works."""
    accounts.end_sessions(get_db(), g.admin["id"])
    record("logout")
    session.clear()
    flash("You are logged out.")
    return redirect(url_for("admin.login"))
