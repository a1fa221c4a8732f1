"""A client's answers are never stored, logged, put in a URL or kept in a cookie."""

from __future__ import annotations

import logging
import re

from tests.web.helpers import form_data, hidden_value

MARKER = "zebra-lantern-4417"
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def search_every_way(client) -> list:
    """Search with the marker by the form, a suggestion, a re-edit, the results
    rebuilt from the tab, and the API."""
    token = CSRF_FIELD.search(client.get("/").get_data(as_text=True)).group(1)
    fields = form_data(
        {"languages-value": ["Spanish"]},
        concerns_text=f"I worry at night {MARKER}",
        csrf_token=token,
    )
    fields["languages-importance"] = "must"
    page = client.post("/results", data=fields)
    carried = {
        "csrf_token": token,
        "request_json": hidden_value(page.get_data(as_text=True), "request_json"),
        "change": "languages.importance=high",
    }
    return [
        page,
        client.post("/results/relaxed", data=carried),
        client.post("/", data=carried),
        client.post("/results/again", data=carried | {"relaxed": "1"}),
        client.post(
            "/api/v1/matches",
            json={"state": "MA", "concerns_text": f"panic {MARKER}"},
        ),
    ]


def test_answers_leave_no_trace_in_database_logs_urls_or_cookies(
    make_app, db_path, caplog
):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    with caplog.at_level(logging.DEBUG):
        responses = search_every_way(client)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 200]
    assert MARKER in responses[0].get_data(as_text=True)  # the page itself has it

    for path in db_path.parent.glob(db_path.name + "*"):  # the file, -wal, -shm
        assert MARKER.encode() not in path.read_bytes(), path
    assert MARKER not in caplog.text
    for response in responses:
        assert MARKER not in response.request.url
        assert MARKER not in response.headers.get("Location", "")
        for cookie in response.headers.getlist("Set-Cookie"):
            assert MARKER not in cookie
    session_cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    serializer = app.session_interface.get_signing_serializer(app)
    assert set(serializer.loads(session_cookie.value)) == {"csrf_token"}


def test_results_page_links_carry_no_answers(client):
    html = client.post(
        "/results", data=form_data(concerns_text=MARKER, concerns=["anxiety"])
    ).get_data(as_text=True)
    for link in re.findall(r'(?:href|action)="([^"]*)"', html):
        assert MARKER not in link
    assert 'method="get"' not in html.lower()
