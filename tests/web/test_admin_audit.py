"""The audit log: every admin action with who and when, never a secret."""

from __future__ import annotations

import pytest

from matcher import store
from tests.conftest import profile, to_csv
from tests.web.admin_fixtures import (
    ADMIN_NAME,
    ADMIN_PASSWORD,
    build_admin_app,
    confirm,
    csrf_token,
    edit_data,
    hidden_value,
    login,
    post,
    upload,
)

NEWCOMER = profile(id="vt-0001", name="Ari Lindqvist", license_states="VT")


def events(db) -> list[dict]:
    """Return every audit event, oldest first."""
    rows, _ = store.audit.audit_events(db, limit=1000)
    return rows[::-1]


def do_everything(client, db) -> str:
    """Run every audited action once; return the upload token that was used."""
    login(client, password="wrong guess")
    login(client, "no.such.admin", "wrong guess")
    login(client)
    html = upload(client, to_csv([NEWCOMER])).get_data(as_text=True)
    confirm(client, html)
    post(client, "/admin/therapists/vt-0001", edit_data(db, "vt-0001", city="Barre"))
    post(client, "/admin/therapists/vt-0001/deactivate")
    post(client, "/admin/therapists/vt-0001/reactivate")
    post(client, "/admin/export")
    post(client, "/admin/logout")
    return hidden_value(html, "token")


def test_every_admin_action_is_recorded_with_who_and_when(admin_client, admin_db):
    do_everything(admin_client, admin_db)
    recorded = [(e["actor"], e["action"], e["target"]) for e in events(admin_db)]
    assert recorded == [
        (ADMIN_NAME, "login_failed", None),
        ("(unknown account)", "login_failed", None),
        (ADMIN_NAME, "login", None),
        (ADMIN_NAME, "import_checked", "profiles.csv"),
        (ADMIN_NAME, "import", "profiles.csv"),
        (ADMIN_NAME, "edit", "vt-0001"),
        (ADMIN_NAME, "deactivate", "vt-0001"),
        (ADMIN_NAME, "reactivate", "vt-0001"),
        (ADMIN_NAME, "export", None),
        (ADMIN_NAME, "logout", None),
    ]
    assert all(e["at"] and e["address"] == "127.0.0.1" for e in events(admin_db))


def test_imports_are_recorded_with_their_counts(admin_client, admin_db):
    do_everything(admin_client, admin_db)
    applied = next(e for e in events(admin_db) if e["action"] == "import")
    assert applied["detail"]["new"] == 1
    assert applied["detail"]["outcome"] == "imported"
    assert applied["detail"]["replace"] is False
    assert len(applied["detail"]["sha256"]) == 64
    edit = next(e for e in events(admin_db) if e["action"] == "edit")
    assert edit["detail"] == {"fields": ["city"]}
    export = next(e for e in events(admin_db) if e["action"] == "export")
    assert export["detail"] == {"include_inactive": False, "rows": 4}


def test_throttled_logins_are_recorded(admin_client, admin_db):
    for _ in range(6):
        login(admin_client, password="wrong guess")
    assert events(admin_db)[-1]["action"] == "login_throttled"


def test_no_password_token_or_typed_name_reaches_the_database(admin_client, admin_db):
    login(admin_client, "a-Password-typed-as-name", "wrong guess")
    token = do_everything(admin_client, admin_db)
    session_cookie = admin_client.get_cookie("session").value
    dump = "\n".join(admin_db.conn.iterdump())
    for secret in [ADMIN_PASSWORD, "wrong guess", token, session_cookie,
                   "a-password-typed-as-name", csrf_token(admin_client)]:  # fmt: skip
        assert secret not in dump


@pytest.mark.parametrize("key", ["password", "token", "csrf_token", "answers"])
def test_the_log_refuses_secrets_by_name(admin_db, key):
    with pytest.raises(ValueError, match="never stores"):
        store.audit.record_event(admin_db, "x", "test", detail={key: "secret"})


def test_admins_can_read_the_log_page_by_page(admin_db, db_path):
    client = build_admin_app(db_path, ADMIN_PAGE_SIZE=3).test_client()
    do_everything(client, admin_db)
    login(client)  # the eleventh event
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 4" in first
    what = '<td data-label="What">{}</td>'.format
    assert what("login") in first and what("logout") in first  # newest first
    last = client.get("/admin/audit?page=4").get_data(as_text=True)
    assert last.count(what("login_failed")) == 2
    assert "(unknown account)" in last
