"""Admin routes are closed without a session, forms need CSRF, GET changes nothing."""

from __future__ import annotations

import re

import pytest

from matcher import store
from tests.web.admin_fixtures import HTML, csrf_token

SAMPLE_VALUES = {"therapist_id": "ma-0001", "action": "deactivate", "run_id": "1",
                 "dimension": "directiveness"}  # fmt: skip
OPEN_ENDPOINTS = {"admin.login"}


def admin_routes(app) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, url) for every admin rule, variables filled in."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin") or rule.endpoint in OPEN_ENDPOINTS:
            continue
        url = rule.rule
        for name in rule.arguments:
            url = re.sub(rf"<[^>]*{name}>", SAMPLE_VALUES[name], url)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule.endpoint, method, url))
    return routes


def test_the_route_list_covers_the_whole_admin_area(admin_app):
    endpoints = {endpoint for endpoint, _, _ in admin_routes(admin_app)}
    assert {
        "admin.home", "admin.logout", "admin.upload_form", "admin.upload_check",
        "admin.upload_confirm", "admin.upload_cancel", "admin.therapists",
        "admin.edit_form", "admin.edit_save", "admin.set_active", "admin.export_csv",
        "admin.audit_log",
    } <= endpoints  # fmt: skip


def test_every_admin_route_redirects_pages_to_login_without_a_session(admin_client):
    token = csrf_token(admin_client)  # so CSRF passes and the guard itself answers
    for endpoint, method, url in admin_routes(admin_client.application):
        response = admin_client.open(
            url, method=method, headers=HTML, data={"csrf_token": token}
        )
        assert response.status_code == 302, (endpoint, method)
        assert response.headers["Location"].startswith("/admin/login"), endpoint


def test_every_admin_route_returns_401_to_programs_without_a_session(admin_client):
    token = csrf_token(admin_client)
    for endpoint, method, url in admin_routes(admin_client.application):
        response = admin_client.open(url, method=method, data={"csrf_token": token})
        assert response.status_code == 401, (endpoint, method)
        assert response.get_json() == {"error": "log in as an admin to use this"}


def test_nothing_is_done_for_a_request_without_a_session(admin_client, admin_db):
    token = csrf_token(admin_client)
    admin_client.post(
        "/admin/therapists/ma-0001/deactivate", data={"csrf_token": token}
    )
    assert store.get_profile(admin_db, "ma-0001")["active"] == 1


def test_every_admin_form_post_needs_a_csrf_token(logged_in):
    for endpoint, method, url in admin_routes(logged_in.application):
        if method == "POST":
            response = logged_in.post(url, headers=HTML, data={})
            assert response.status_code == 400, endpoint
            assert "This form has expired" in response.get_data(as_text=True)
    assert logged_in.post("/admin/login", data={}).status_code == 400


def test_every_form_on_every_admin_page_carries_a_csrf_token(logged_in):
    pages = ["/admin/", "/admin/therapists", "/admin/therapists/ma-0001",
             "/admin/upload", "/admin/audit", "/admin/login"]  # fmt: skip
    for path in pages:
        html = logged_in.get(path, headers=HTML).get_data(as_text=True)
        forms = re.findall(r"<form[^>]*>.*?</form>", html, flags=re.S)
        posts = [f for f in forms if 'method="post"' in f]
        assert posts, path
        assert all('name="csrf_token"' in form for form in posts), path


def snapshot(db) -> str:
    """Return the whole database as SQL text."""
    return "\n".join(db.conn.iterdump())


def test_get_requests_change_nothing(logged_in, admin_db):
    before = snapshot(admin_db)
    for _, method, url in admin_routes(logged_in.application):
        if method == "GET":
            assert logged_in.get(url, headers=HTML).status_code in (200, 404)
    for url in ["/admin/therapists?q=dana&status=stale&order=name&page=2",
                "/admin/audit?page=3", "/admin/logout", "/admin/upload/confirm",
                "/admin/export", "/admin/therapists/ma-0001/deactivate"]:  # fmt: skip
        logged_in.get(url, headers=HTML)
    assert snapshot(admin_db) == before


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/therapists", "/admin/audit", "/admin/upload"]
)
def test_admin_pages_are_never_cached(logged_in, path):
    assert logged_in.get(path).headers["Cache-Control"] == "no-store"


def test_unknown_admin_paths_are_404_not_500(logged_in):
    assert logged_in.get("/admin/nothing-here", headers=HTML).status_code == 404
    assert logged_in.get("/admin/therapists/no-such-id").status_code == 404
