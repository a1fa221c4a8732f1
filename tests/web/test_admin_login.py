"""Login, sessions and logout: same answers, throttling, cookie flags, revocation."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from matcher import accounts, store
from tests.web import admin_fixtures as fixtures
from tests.web.admin_fixtures import (
    ADMIN_NAME,
    ADMIN_PASSWORD,
    HTML,
    build_admin_app,
    csrf_token,
    login,
)
from web.config import env_flag


def session_cookie(response) -> str:
    """Return the Set-Cookie header of the session cookie."""
    headers = [h for h in response.headers.getlist("Set-Cookie") if "session=" in h]
    assert headers, "no session cookie was set"
    return headers[-1]


def page_text(response) -> str:
    """Return a page's HTML with the per-render CSRF token blanked out."""
    return re.sub(r'value="[^"]*"', 'value=""', response.get_data(as_text=True))


def test_login_sets_a_session_and_opens_the_admin_area(admin_client):
    response = login(admin_client)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert admin_client.get("/admin/", headers=HTML).status_code == 200


def test_session_cookie_is_httponly_lax_and_lasts_a_working_day(admin_client):
    cookie = session_cookie(login(admin_client))
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP in development
    expires = re.search(r"Expires=([^;]+)", cookie).group(1)
    lifetime = dt.datetime.strptime(expires, "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=dt.UTC
    ) - dt.datetime.now(dt.UTC)
    assert dt.timedelta(hours=8) < lifetime <= dt.timedelta(hours=10)


def test_session_cookie_is_secure_when_configured_for_https(admin_db, db_path):
    app = build_admin_app(db_path, SESSION_COOKIE_SECURE=True)
    client = app.test_client()
    https = {"base_url": "https://localhost"}
    form = client.get("/admin/login", **https).get_data(as_text=True)
    token = fixtures.CSRF_PATTERN.search(form).group(1)
    response = client.post(
        "/admin/login",
        data={"username": ADMIN_NAME, "password": ADMIN_PASSWORD, "csrf_token": token},
        headers={"Referer": "https://localhost/admin/login"},
        **https,
    )
    assert response.status_code == 302
    assert "Secure" in session_cookie(response)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("YES", True), ("0", False), ("", False)],
)
def test_secure_cookie_setting_reads_the_environment(monkeypatch, value, expected):
    monkeypatch.setenv("MATCHER_SECURE_COOKIES", value)
    assert env_flag("MATCHER_SECURE_COOKIES") is expected


def test_login_renews_the_session(admin_client):
    token_before = csrf_token(admin_client)
    with admin_client.session_transaction() as before:
        assert "admin" not in before
        before["planted"] = "by someone else"
    login(admin_client)
    with admin_client.session_transaction() as after:
        assert set(after) <= {"admin", "_permanent", "csrf_token"}
        assert after.get("csrf_token") != before.get("csrf_token")
    assert csrf_token(admin_client, "/admin/") != token_before


def test_unknown_user_and_wrong_password_get_the_same_answer(admin_client):
    unknown = login(admin_client, "nobody.here", ADMIN_PASSWORD)
    wrong = login(admin_client, ADMIN_NAME, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert "Wrong account name or password" in unknown.get_data(as_text=True)
    unknown_page = page_text(unknown).replace("nobody.here", "NAME")
    assert unknown_page == page_text(wrong).replace(ADMIN_NAME, "NAME")


def test_unknown_user_is_verified_against_a_dummy_hash(admin_db, monkeypatch):
    verified = []
    real_verify = accounts.verify_password
    monkeypatch.setattr(
        accounts,
        "verify_password",
        lambda stored, password: (
            verified.append(stored) or real_verify(stored, password)
        ),
    )
    result = accounts.authenticate(admin_db, "nobody.here", "guess", "10.0.0.1")
    assert result.outcome == "failed" and not result.name_known
    assert verified == [accounts.dummy_hash()]
    assert verified[0].startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_unknown_user_and_wrong_password_do_the_same_work(admin_db, monkeypatch):
    # The same answer in about the same time: both paths verify one Argon2id
    # hash of the production cost (the unknown name against a dummy hash).
    policy = accounts.ThrottlePolicy(max_per_account=1000, max_per_address=1000)
    checked: list[str] = []
    real_verify = accounts.verify_password

    def counting_verify(stored: str, password: str) -> bool:
        checked.append(stored.split("$")[3])  # the cost parameters
        return real_verify(stored, password)

    monkeypatch.setattr(accounts, "verify_password", counting_verify)
    for name in ("nobody.here", ADMIN_NAME):
        checked.clear()
        result = accounts.authenticate(
            admin_db, name, "not the password", "10.0.0.2", policy
        )
        assert checked == ["m=19456,t=2,p=1"], name
        assert not getattr(result, "ok", result)


def test_failed_logins_per_account_are_throttled_with_a_clear_message(admin_client):
    for _ in range(5):
        assert login(admin_client, password="wrong guess").status_code == 401
    throttled = login(admin_client)  # even the right password waits now
    assert throttled.status_code == 429
    assert "Too many failed logins" in throttled.get_data(as_text=True)
    assert admin_client.get("/admin/").status_code == 401


def test_a_throttled_account_is_named_in_the_audit_log(admin_client, admin_db):
    for _ in range(6):
        login(admin_client, password="wrong guess")
    rows = admin_db.execute(
        "SELECT actor FROM audit_log WHERE action = 'login_throttled'"
    ).fetchall()
    assert rows == [(ADMIN_NAME,)]
    login(admin_client, name="no-such-admin", password="wrong guess")
    actors = {r[0] for r in admin_db.execute("SELECT actor FROM audit_log")}
    assert "no-such-admin" not in actors  # a typed non-account may be a password


def test_an_empty_login_form_says_what_is_missing_beside_each_field(admin_client):
    response = login(admin_client, name="", password="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="username-error"' in page and 'id="password-error"' in page
    assert page.count('aria-invalid="true"') == 2


def test_throttling_per_address_spans_account_names(admin_client, admin_app):
    for number in range(20):
        login(admin_client, f"guess{number}", "wrong guess")
    assert login(admin_client).status_code == 429
    elsewhere = admin_app.test_client()
    response = login(elsewhere, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert response.status_code == 302


def test_throttling_is_counted_in_the_database_across_workers(admin_db, db_path):
    first_worker = build_admin_app(db_path).test_client()
    second_worker = build_admin_app(db_path).test_client()
    for _ in range(5):
        login(first_worker, password="wrong guess")
    assert login(second_worker).status_code == 429


ATTACKER = {"environ_base": {"REMOTE_ADDR": "203.0.113.9"}}
ADMIN_DESK = {"environ_base": {"REMOTE_ADDR": "198.51.100.7"}}


def test_failing_a_known_name_elsewhere_does_not_lock_its_admin_out(admin_app):
    attacker, admin = admin_app.test_client(), admin_app.test_client()
    for _ in range(5):
        assert login(attacker, password="wrong guess", **ATTACKER).status_code == 401
    # The limits hold for the address that has been failing, right password or not.
    assert login(attacker, password="wrong guess", **ATTACKER).status_code == 429
    assert login(attacker, **ATTACKER).status_code == 429
    # The admin, from an address that has not been failing, gets in.
    assert login(admin, **ADMIN_DESK).status_code == 302
    assert admin.get("/admin/", headers=HTML, **ADMIN_DESK).status_code == 200
    # And the admin's success does not reopen the account to the attacker.
    assert login(attacker, **ATTACKER).status_code == 429


def test_a_clean_address_gets_one_guess_at_a_locked_account(admin_db):
    now = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    policy = accounts.ThrottlePolicy()
    for _ in range(5):
        accounts.authenticate(admin_db, ADMIN_NAME, "wrong", "203.0.113.9", policy, now)
    first = accounts.authenticate(
        admin_db, ADMIN_NAME, "wrong", "192.0.2.1", policy, now
    )
    assert first.outcome == "failed"  # counted: that address is failing now
    again = accounts.authenticate(
        admin_db, ADMIN_NAME, ADMIN_PASSWORD, "192.0.2.1", policy, now
    )
    assert again.outcome == "throttled"
    fresh = accounts.authenticate(
        admin_db, ADMIN_NAME, ADMIN_PASSWORD, "192.0.2.2", policy, now
    )
    assert fresh.ok


def test_throttling_ends_after_the_window_and_success_resets_it(admin_db):
    start = dt.datetime(2030, 1, 1, 9, 0, tzinfo=dt.UTC)
    policy = accounts.ThrottlePolicy()
    for _ in range(5):
        accounts.authenticate(admin_db, ADMIN_NAME, "wrong", "10.0.0.3", policy, start)
    later = start + dt.timedelta(minutes=5)
    locked = accounts.authenticate(
        admin_db, ADMIN_NAME, ADMIN_PASSWORD, "10.0.0.3", policy, later
    )
    assert locked.outcome == "throttled"
    after_window = start + policy.window + dt.timedelta(seconds=1)
    result = accounts.authenticate(
        admin_db, ADMIN_NAME, ADMIN_PASSWORD, "10.0.0.3", policy, after_window
    )
    assert result.ok
    for _ in range(4):
        accounts.authenticate(
            admin_db, ADMIN_NAME, "wrong", "10.0.0.3", policy, after_window
        )
    again = accounts.authenticate(
        admin_db, ADMIN_NAME, ADMIN_PASSWORD, "10.0.0.3", policy, after_window
    )
    assert again.ok  # the success before cleared the count


def test_typed_names_are_not_kept_in_the_attempt_counter(admin_db):
    accounts.authenticate(admin_db, "MySecretPassw0rd!", "x", "10.0.0.4")
    dump = "\n".join(admin_db.conn.iterdump())
    assert "mysecretpassw0rd" not in dump.casefold()


def test_logout_ends_the_session_and_the_old_cookie_fails(logged_in, admin_app):
    with logged_in.session_transaction() as stolen:
        stolen_session = dict(stolen)
    response = logged_in.post(
        "/admin/logout", data={"csrf_token": csrf_token(logged_in, "/admin/")}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login"
    assert logged_in.get("/admin/", headers=HTML).status_code == 302
    replay = admin_app.test_client()
    with replay.session_transaction() as session:
        session.update(stolen_session)
    response = replay.get("/admin/", headers=HTML)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login")


def test_logout_is_not_possible_with_get(logged_in):
    assert logged_in.get("/admin/logout").status_code == 405
    assert logged_in.get("/admin/", headers=HTML).status_code == 200


def test_sessions_end_after_a_working_day(logged_in):
    with logged_in.session_transaction() as session:
        started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=9, minutes=1)
        session["admin"]["at"] = started.isoformat(timespec="seconds")
    assert logged_in.get("/admin/").status_code == 401


@pytest.mark.parametrize(
    "forged",
    [{"uid": 1, "ver": 2}, {"uid": 2, "ver": 1}, {"uid": "1", "ver": 1}, "admin", None],
)
def test_forged_session_contents_are_refused(logged_in, forged):
    with logged_in.session_transaction() as session:
        if isinstance(forged, dict):
            session["admin"] = session["admin"] | forged
        else:
            session["admin"] = forged
    assert logged_in.get("/admin/").status_code == 401


def test_a_tampered_cookie_is_refused(logged_in, admin_app):
    cookie = logged_in.get_cookie("session")
    other = admin_app.test_client()
    other.set_cookie("session", cookie.value[:-2] + "xx", domain="localhost")
    assert other.get("/admin/").status_code == 401


def test_login_returns_to_the_page_asked_for_but_never_elsewhere(admin_client):
    first = admin_client.get("/admin/therapists?q=dana", headers=HTML)
    assert first.headers["Location"] == "/admin/login?next=/admin/therapists?q%3Ddana"
    for wanted, expected in [
        ("/admin/therapists?q=dana", "/admin/therapists?q=dana"),
        ("//evil.example/admin/", "/admin/"),
        ("https://evil.example/", "/admin/"),
        ("/admin//evil.example", "/admin/"),
    ]:
        token = csrf_token(admin_client)
        response = admin_client.post(
            "/admin/login",
            query_string={"next": wanted},
            data={"username": ADMIN_NAME, "password": ADMIN_PASSWORD,
                  "csrf_token": token},
        )  # fmt: skip
        assert response.headers["Location"] == expected


def test_a_disabled_account_cannot_log_in_and_its_sessions_end(admin_app, logged_in):
    result = admin_app.test_cli_runner().invoke(
        args=["admin", "disable-user", ADMIN_NAME]
    )
    assert result.exit_code == 0, result.output
    assert logged_in.get("/admin/").status_code == 401
    assert login(logged_in).status_code == 401


def test_a_stronger_hash_setting_rehashes_at_the_next_login(admin_db, monkeypatch):
    stronger = accounts.make_hasher(time_cost=3)
    monkeypatch.setattr(accounts, "HASHER", stronger)
    result = accounts.authenticate(admin_db, ADMIN_NAME, ADMIN_PASSWORD, "10.0.0.5")
    assert result.ok
    stored = store.accounts.admin_by_name(admin_db, ADMIN_NAME)["password_hash"]
    assert ",t=3," in stored
