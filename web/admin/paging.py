"""Page numbers for the admin lists."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, redirect, request, url_for
from werkzeug.wrappers import Response


@dataclass(frozen=True)
class Page:
    """One page of a list: its number, size and the list's length."""

    number: int
    size: int
    total: int = 0

    @property
    def offset(self) -> int:
        """Return how many items come before this page."""
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        """Return how many pages the list has (at least one)."""
        return max(1, -(-self.total // self.size))


def requested_page() -> Page:
    """Return the page asked for in ?page= (1 when absent or not a number)."""
    number = request.args.get("page", 1, type=int) or 1
    return Page(max(1, min(number, 1_000_000)), current_app.config["ADMIN_PAGE_SIZE"])


def past_the_end(page: Page) -> Response | None:
    """Redirect a page number beyond the list to its last page, or return None."""
    if page.number <= page.pages:
        return None
    args = {**request.args.to_dict(), "page": page.pages}
    return redirect(url_for(request.endpoint, **(request.view_args or {}), **args))
