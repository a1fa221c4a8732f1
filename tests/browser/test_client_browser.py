"""A person uses the client pages in a real browser, on the demo directory."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
LEADS = "Mostly: The therapist leads"


def eligible_count(page: Page) -> int:
    """Read how many therapists the results page says are eligible."""
    summary = page.locator("#summary").inner_text()
    return int(re.search(r"therapists\.\s+([\d,]+)", summary).group(1).replace(",", ""))


def submit(page: Page) -> None:
    """Send the form and wait for the results page."""
    page.get_by_role("button", name="Show my matches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    page.wait_for_load_state("load")


def test_person_finds_ranked_matches_and_opens_a_profile(
    live_server: str, page: Page, artifacts: Path
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("State you live in").select_option("MA")
    page.get_by_label("Worry, nerves, panic or fear").check()
    page.get_by_text("More concerns").click()
    page.get_by_label("Trouble falling asleep").check()
    page.get_by_label("In your own words").fill(
        "I can't switch off at night and panic before meetings"
    )
    page.get_by_label(LEADS).check()
    expect(page.get_by_label(LEADS)).to_be_checked()
    page.get_by_text("Cost and insurance").click()
    page.get_by_label("Most you could pay per session").fill("150")
    submit(page)

    cards = page.locator("article.card")
    expect(cards.first).to_be_visible()
    assert cards.count() == 10
    first = cards.first
    expect(first.locator(".reasons li").first).to_be_visible()
    expect(page.locator(".caveats li").first).to_be_visible()
    expect(first.locator(".fit-score")).to_have_text(re.compile(r"^\d+/100$"))
    expect(
        first.get_by_text("Questions to ask in your free consultation")
    ).to_be_visible()

    first.get_by_text("Why this order?").click()
    table = first.locator(".why table")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="What brings you")).to_be_visible()
    expect(table.get_by_role("rowheader", name="How sessions feel")).to_be_visible()

    page.screenshot(path=artifacts / "results.png")
    if os.environ.get("UPDATE_DOC_IMAGES"):  # the README's picture, when asked
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(artifacts / "results.png", DOCS_IMAGES / "results.png")

    link = first.locator(".card-title a")
    name = link.evaluate("a => a.firstChild.textContent")  # without the hidden note
    link.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.get_by_role("heading", name="How they work")).to_be_visible()

    page.get_by_role("link", name="Back to your results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    expect(page.locator("article.card")).to_have_count(10)
    page.locator("article.card .card-title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    page.go_back()  # no "Confirm form resubmission": the tab rebuilds the results
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    expect(page.locator("article.card")).to_have_count(10)
    assert page.url.endswith("/results")


def test_person_follows_a_suggestion_to_relax_a_requirement(
    live_server: str, page: Page
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("State you live in").select_option("VT")
    page.get_by_label("In person, at an office").check()
    languages = page.get_by_role("group", name="Language of therapy")
    languages.get_by_label("Spanish", exact=True).check()
    page.locator("#languages-importance-0").check()
    submit(page)
    before = eligible_count(page)
    assert before < 10

    suggestions = page.locator(".suggestions button")
    expect(suggestions.first).to_be_visible()
    suggestions.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    assert eligible_count(page) > before
    assert "/results" in page.url and "Spanish" not in page.url


UNLABELLED = """() => [...document.querySelectorAll('input, select, textarea')]
  .filter((el) => el.type !== 'hidden' && el.labels.length === 0)
  .map((el) => el.name)"""
OUTSIDE_FIELDSET = """() => [...document.querySelectorAll('input[type=radio]')]
  .filter((el) => !el.closest('fieldset'))
  .map((el) => el.name)"""


def test_pages_fit_a_phone_label_every_control_and_break_no_policy(
    browser, live_server
):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text))
    page.goto(live_server + "/")
    assert page.evaluate(UNLABELLED) == []
    assert page.evaluate(OUTSIDE_FIELDSET) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.get_by_label("State you live in").select_option("CA")
    page.get_by_label("Worry, nerves, panic or fear").check()
    submit(page)
    page.locator(".why summary").first.click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.locator(".card-title a").first.click()
    page.wait_for_load_state("load")  # measure the styled page, not a half-loaded one
    assert "/therapists/" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.go_back()
    expect(page.locator(".card").first).to_be_visible()  # the results come back
    assert not [text for text in blocked if "Content Security Policy" in text]
    context.close()
