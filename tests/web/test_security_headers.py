"""Security headers on every response, friendly errors, CSRF, no caching of answers."""

from __future__ import annotations

import re

import pytest

from tests.web.helpers import form_data, hidden_value
from web.security import CONTENT_SECURITY_POLICY

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def boom() -> str:
    """A view that fails, to see what a 500 looks like."""
    raise RuntimeError("forced failure for the test")


@pytest.fixture
def failing_client(make_app):
    """A client of an app with two failing routes, errors handled as in production."""
    app = make_app(PROPAGATE_EXCEPTIONS=False)
    app.add_url_rule("/boom", "boom", boom)
    app.add_url_rule("/api/v1/boom", "api_boom", boom)
    return app.test_client()


def assert_security_headers(response) -> None:
    """Check the headers every response must carry."""
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ):
        assert directive in csp
    assert csp == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in headers["Permissions-Policy"]


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/", 200),
        ("get", "/results", 200),
        ("get", "/therapists/ma-cbt", 200),
        ("get", "/therapists/nobody", 404),
        ("get", "/no/such/page", 404),
        ("get", "/static/style.css", 200),
        ("get", "/api/v1/openapi.json", 200),
        ("get", "/api/v1/therapists/ma-cbt", 200),
        ("get", "/api/v1/therapists/nobody", 404),
        ("get", "/api/v1/matches", 405),
        ("delete", "/", 405),
    ],
)
def test_every_response_carries_the_security_headers(client, method, path, status):
    response = getattr(client, method)(path)
    response.close()  # static files are streamed from an open file
    assert response.status_code == status
    assert_security_headers(response)


def test_posted_pages_carry_the_headers_and_are_never_cached(client):
    responses = [
        client.post("/results", data=form_data(concerns=["anxiety"])),
        client.post("/results", data=form_data(state="")),
        client.post("/api/v1/matches", json={"state": "MA"}),
        client.post("/api/v1/matches", json={"state": "ZZ"}),
    ]
    for response in responses:
        assert_security_headers(response)
        assert response.headers["Cache-Control"] == "no-store"


def test_relaxed_results_are_never_cached(client):
    page = client.post("/results", data=form_data(concerns=["anxiety"]))
    carried = hidden_value(page.get_data(as_text=True), "request_json")
    response = client.post(
        "/results/relaxed",
        data={"request_json": carried, "change": "include_not_accepting=true"},
    )
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert "ma-full" in response.get_data(as_text=True)


def test_not_found_is_a_friendly_page_for_people_and_json_for_programs(client):
    page = client.get("/therapists/nobody")
    assert "We couldn&#39;t find that page" in page.get_data(as_text=True)
    assert page.mimetype == "text/html"
    api = client.get("/api/v1/nothing")
    assert api.mimetype == "application/json"
    assert set(api.get_json()) == {"errors"}


def test_a_failure_is_a_friendly_500_with_the_headers(failing_client, caplog):
    page = failing_client.get("/boom")
    assert page.status_code == 500
    assert_security_headers(page)
    html = page.get_data(as_text=True)
    assert "Something went wrong on our side" in html
    assert "forced failure" not in html and "Traceback" not in html
    api = failing_client.get("/api/v1/boom")
    assert api.status_code == 500
    assert_security_headers(api)
    assert list(api.get_json()["errors"]) == ["request"]


def test_csrf_is_enforced_on_every_client_form(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    for path in ("/results", "/results/relaxed", "/"):
        response = client.post(path, data=form_data())
        assert response.status_code == 400
        assert "This form has expired" in response.get_data(as_text=True)
        assert_security_headers(response)
    token = CSRF_FIELD.search(client.get("/").get_data(as_text=True)).group(1)
    response = client.post("/results", data=form_data(csrf_token=token))
    assert response.status_code == 200
    assert "Your matches" in response.get_data(as_text=True)


def test_the_api_takes_json_without_a_csrf_token(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    assert client.post("/api/v1/matches", json={"state": "MA"}).status_code == 200


def test_results_and_suggestions_post_with_a_token(make_app):
    client = make_app(WTF_CSRF_ENABLED=True).test_client()
    token = CSRF_FIELD.search(client.get("/").get_data(as_text=True)).group(1)
    fields = form_data({"languages-value": ["Spanish"]}, csrf_token=token)
    fields["languages-importance"] = "must"
    html = client.post("/results", data=fields).get_data(as_text=True)
    assert "Want more options?" in html
    change = hidden_value(html, "change")
    relaxed = client.post(
        "/results/relaxed",
        data={
            "csrf_token": hidden_value(html, "csrf_token"),
            "request_json": hidden_value(html, "request_json"),
            "change": change,
        },
    )
    assert relaxed.status_code == 200
    assert change == "languages.importance=high"
    assert "ma-dyn" in relaxed.get_data(as_text=True)


def test_an_oversize_form_gets_the_friendly_413_page(client):
    response = client.post("/results", data=form_data(concerns_text="x" * 70_000))
    assert response.status_code == 413
    assert "That was more than we can take" in response.get_data(as_text=True)
    assert_security_headers(response)
