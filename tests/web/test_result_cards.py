"""A card's therapist-only markup: rendered once, kept, and never stale."""

from __future__ import annotations

from tests.engine_helpers import therapist
from tests.web.conftest import load
from tests.web.helpers import form_data, ranked_ids
from web.cards import CardMarkups

ADA = therapist("ma-1", name="Ada", phone="0123 456", pronouns="she/her", fee=90)


def search(client, **headers) -> str:
    """Post the plain form and return the results page."""
    response = client.post("/results", data=form_data(), **headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_card_markup_is_rendered_once_per_stored_profile(make_app, monkeypatch):
    app = make_app([ADA], MATCHER_REFIT="inline")
    rendered, render = [], CardMarkups._render

    def counted(self, therapist_id, stored):
        rendered.append(therapist_id)
        return render(self, therapist_id, stored)

    monkeypatch.setattr(CardMarkups, "_render", counted)
    client = app.test_client()
    first, second = search(client), search(client)
    assert first == second
    assert rendered == ["ma-1"]  # the second page reused the kept markup
    assert 'href="tel:0123 456"' in first and "she/her" in first
    assert "$90 per session" in first


def test_an_edited_profile_shows_on_the_next_page(make_app, db_path):
    app = make_app([ADA], MATCHER_REFIT="inline")
    client = app.test_client()
    assert 'href="tel:0123 456"' in search(client)
    load(db_path, [{**ADA, "phone": "0999 000", "fee": 150}], replace=True)
    page = search(client)
    assert 'href="tel:0999 000"' in page and "$150 per session" in page
    assert "0123 456" not in page and "$90 " not in page


def test_profile_links_follow_the_address_the_app_is_served_under(make_app):
    app = make_app([ADA], MATCHER_REFIT="inline")
    client = app.test_client()
    assert ranked_ids(search(client)) == ["ma-1"]
    mounted = search(client, environ_overrides={"SCRIPT_NAME": "/find"})
    assert 'href="/find/therapists/ma-1"' in mounted
    assert 'href="/therapists/ma-1"' in search(client)


def test_card_markup_starts_afresh_when_full(make_app):
    rows = [ADA, therapist("ma-2", name="Bo"), therapist("ma-3", name="Cy")]
    app = make_app(rows, MATCHER_REFIT="inline")
    markups = CardMarkups(app, max_kept=2)
    app.extensions["card_markups"] = markups
    search(app.test_client())
    assert 0 < len(markups._kept[""]) <= 2
