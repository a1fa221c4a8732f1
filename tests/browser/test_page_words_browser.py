"""How the changed client pages read and look in a real browser (the page review)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_client_browser import submit

# The text lines each cell of the "Why this order?" table breaks into.
LINES_PER_CELL = """table => [
  ...table.querySelectorAll('thead th, td[data-label]')
].map(cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [cell.textContent.trim(), tops.size];
})"""


def test_the_why_table_keeps_numbers_and_headings_on_one_line(
    live_server: str, page: Page
) -> None:
    page.goto(live_server + "/")
    page.get_by_label("State you live in").select_option("CA")
    page.locator("#concerns-1").check()
    submit(page)
    first = page.locator("article.card").first
    first.get_by_text("Why this order?").click()
    table = first.locator(".why table")
    expect(table).to_be_visible()
    cells = table.evaluate(LINES_PER_CELL)
    assert {"Weight", "Met", "Points"} <= {text for text, _ in cells}
    broken = [text for text, lines in cells if lines != 1]
    assert broken == [], f"cells broken over lines: {broken}"
