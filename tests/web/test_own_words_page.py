"""The therapist page shows the therapist's own words where they differ."""

from __future__ import annotations

from matcher.labels.own_words import own_words
from tests.engine_helpers import therapist


def test_the_page_shows_labels_as_typed_beside_the_keys(make_app):
    row = therapist(
        "ma-own",
        populations="Adolescents / Teenagers (14 to 19);Adults",
        approaches="Internal Family Sytems;CBT",
        languages="English",
    )
    client = make_app([row]).test_client()
    html = client.get("/therapists/ma-own").get_data(as_text=True)
    assert 'id="own-words-heading"' in html
    assert "<dt>Ages</dt><dd>Adolescents / Teenagers (14 to 19)</dd>" in html
    assert "<dt>Approaches</dt><dd>Internal Family Sytems</dd>" in html  # not CBT
    # a label the page already shows (Adults, English) is not repeated
    assert "<dd>Adolescents / Teenagers (14 to 19); Adults</dd>" not in html
    assert "<dt>Languages</dt><dd>English</dd>" not in html.split("own-words")[1]


def test_no_section_when_the_words_are_the_keys_labels(make_app):
    client = make_app([therapist("ma-keys", populations="Adults")]).test_client()
    html = client.get("/therapists/ma-keys").get_data(as_text=True)
    assert "own-words-heading" not in html


def test_own_words_keeps_only_labels_no_key_label_says():
    stored = {
        "populations": ["adolescents", "adults"],
        "specialties": ["anxiety", "Knitting"],
        "raw_labels": '{"populations": ["Teens (13-17)", "adults"], '
        '"specialties": ["Anxeity", "Knitting"]}',
    }
    assert own_words(stored) == {
        "populations": ["Teens (13-17)"],
        "specialties": ["Anxeity"],
    }
    assert own_words({"populations": ["adults"]}) == {}
