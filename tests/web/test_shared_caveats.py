"""A caveat on every card of the results page is said once, above the cards."""

from __future__ import annotations

import re
from html import unescape

from tests.engine_helpers import therapist
from tests.web.helpers import form_data, ranked_ids
from web.present import shared_caveats

# Nobody lists an approach with strong evidence for insomnia (CBT-I).
NO_CBT_I = [
    therapist("a", specialties=["insomnia"], approaches=["psychodynamic"]),
    therapist("b", specialties=["insomnia", "grief"], approaches=["narrative"]),
    therapist("c", specialties=["insomnia"], approaches=["gestalt"],
              languages=["English", "Spanish"]),
]  # fmt: skip
EVIDENCE = "Doesn't list an approach with strong research evidence for your concerns"


def card_caveats(html: str) -> list[list[str]]:
    """Return each card's own "Worth checking" list, in rank order."""
    cards = html.split('<article class="card"')[1:]
    found = [re.search(r'class="caveats">(.*?)</section>', c, re.S) for c in cards]
    return [re.findall(r"<li>(.*?)</li>", f.group(1)) if f else [] for f in found]


def test_a_caveat_every_card_shares_is_said_once_above_them(make_app):
    client = make_app(NO_CBT_I).test_client()
    fields = form_data(concerns=["insomnia"])
    fields["languages-value"] = ["Spanish"]
    html = unescape(client.post("/results", data=fields).get_data(as_text=True))
    assert sorted(ranked_ids(html)) == ["a", "b", "c"]
    notice = re.search(r'class="notice shared-caveats".*?</section>', html, re.S)
    assert notice and EVIDENCE in notice.group(0)
    assert html.count(EVIDENCE) == 1
    own = card_caveats(html)
    assert all(EVIDENCE not in caveats for caveats in own)
    # the Spanish caveat is on two cards of three: it stays on those cards
    assert sum(any("Spanish" in c for c in caveats) for caveats in own) == 2


def test_the_api_keeps_the_caveat_on_every_match(make_app):
    client = make_app(NO_CBT_I).test_client()
    answer = client.post(
        "/api/v1/matches", json={"state": "MA", "concerns": ["insomnia"]}
    ).get_json()
    assert [EVIDENCE in m["caveats"] for m in answer["matches"]] == [True] * 3


class Match:
    def __init__(self, *caveats: str):
        self.caveats = caveats


def test_only_caveats_on_every_match_are_shared_and_keep_their_order():
    matches = [Match("x", "y", "z"), Match("z", "x"), Match("x", "w", "z")]
    assert shared_caveats(matches) == ["x", "z"]
    assert shared_caveats(matches[:1]) == []  # one card's caveats are its own
    assert shared_caveats([]) == []
