"""An admin teaches a label in a real browser, and a must-have search finds them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from matcher import accounts, store
from matcher.directory import importer, upkeep
from tests.browser.test_admin_browser import ADMIN, PASSWORD, log_in
from tests.conftest import profile, to_csv

VALUE = "Self-leadership parts therapy"
TAUGHT = [
    profile(id=f"mo-parts-{i}", name=f"Parts Therapist {i}", license_states="MO",
            approaches=VALUE, specialties="anxiety")
    for i in range(3)
]  # fmt: skip
# A typo short enough to get no fuzzy match, so the page suggests a key for it.
TYPO = profile(id="mo-typo-0", name="Typo Therapist", license_states="MO",
               specialties="Anxeity")  # fmt: skip


@pytest.fixture
def parts_db(demo_db_path: Path) -> Iterator[object]:
    """The live server's database with three MO profiles whose approach is unknown."""
    db = store.connect(demo_db_path)
    try:
        accounts.create_admin(db, ADMIN, PASSWORD)
    except store.accounts.AccountExistsError:
        pass
    assert importer.import_bytes(db, to_csv([*TAUGHT, TYPO]), "parts.csv").ok
    yield db
    if store.aliases.stored_aliases(db):  # leave the demo as it was
        upkeep.remove_alias(db, "approaches", VALUE, "test")
    for row in [*TAUGHT, TYPO]:
        upkeep.set_active(db, row["id"], False)
    db.conn.close()


def must_have_ifs_in_missouri(page: Page, base: str) -> str:
    """Search as a client who must have IFS in Missouri; return the cards' titles."""
    page.goto(base + "/")
    page.get_by_label("State you live in").select_option("MO")
    page.evaluate("document.querySelectorAll('details').forEach((d) => d.open = true)")
    group = page.get_by_role("group", name="Approaches you would like")
    group.get_by_label(re.compile(r"^Internal Family Systems \(IFS\)")).check()
    page.locator("#approaches-importance-0").check()
    page.get_by_role("button", name="Show my matches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your matches")
    return " | ".join(page.locator(".cards .card-title").all_inner_texts())


def teach_button_sits_by_its_box(page: Page) -> None:
    """Each Teach button is beside its key box, level with it and as tall."""
    for item in page.locator("#unrecognised > li").all():
        box = item.get_by_role("combobox").bounding_box()
        button = item.get_by_role("button", name="Teach").bounding_box()
        assert 0 < button["x"] - (box["x"] + box["width"]) <= 16
        assert abs(button["y"] - box["y"]) <= 2
        assert abs(button["height"] - box["height"]) <= 4


def test_admin_teaches_a_label_and_a_must_have_search_finds_them(
    live_server: str, page: Page, parts_db, artifacts: Path
) -> None:
    names = [row["name"] for row in TAUGHT]
    shown = must_have_ifs_in_missouri(page, live_server)
    assert not any(name in shown for name in names)

    log_in(page, live_server)
    page.goto(live_server + "/admin/vocabulary")
    item = page.locator(f'li[data-field="approaches"][data-value="{VALUE}"]')
    expect(item).to_contain_text("3 profiles")
    typo = page.locator('li[data-value="Anxeity"]')
    expect(typo.get_by_role("button", name="Accept anxiety")).to_have_accessible_name(
        "Accept anxiety for Anxeity (score 85.7)"
    )
    for width, name in ((390, "admin-vocabulary-phone.png"),
                        (1200, "admin-vocabulary.png")):  # fmt: skip
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=artifacts / name, full_page=True)
        teach_button_sits_by_its_box(page)
    item.get_by_label(f"Key for “{VALUE}”").fill("ifs")
    item.get_by_role("button", name="Teach").click()
    expect(page.locator(".flash")).to_contain_text("3 profiles re-mapped")
    expect(page.locator("#aliases")).to_contain_text(VALUE)
    page.screenshot(path=artifacts / "admin-vocabulary-taught.png", full_page=True)
    assert store.get_profile(parts_db, "mo-parts-0")["approaches"] == ["ifs"]

    shown = must_have_ifs_in_missouri(page, live_server)
    assert all(name in shown for name in names), shown

    page.goto(live_server + "/admin/vocabulary")
    page.get_by_role("button", name=f"Remove {VALUE}").click()
    expect(page.locator(".flash")).to_contain_text("3 profiles restored")
    assert store.get_profile(parts_db, "mo-parts-0")["approaches"] == [VALUE]
    shown = must_have_ifs_in_missouri(page, live_server)
    assert not any(name in shown for name in names)
