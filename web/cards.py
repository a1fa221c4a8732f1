"""What a result card shows of the therapist alone, rendered once and kept.

A card's header line (credentials, pronouns, years), its facts (sessions,
cost, consultation, contact) and its link to the full profile depend on the
stored profile only, not on the search: each is rendered once from
``_card_profile.html`` and kept while the same stored profile is handed out
(``web.refit.ProfileCards`` keeps one per directory version), instead of
being rendered again on every results page. Nothing here holds a client's
answers: keys are therapist ids, values are markup from their profiles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, request, url_for
from markupsafe import Markup, escape

from matcher.directory.schema import FIELD_NAMES

from . import present

# Cards kept per worker at most (past this, rendered again as pages need them).
MARKUP_KEPT = 5_000


@dataclass(frozen=True)
class CardMarkup:
    """A card's therapist-only markup: the profile link, header line and facts."""

    href: Markup
    meta: Markup
    facts: Markup


class CardProfile(dict):
    """A card's profile fields, with the markup worked out from them alone."""

    markup: CardMarkup


def public_profile(profile: dict[str, Any]) -> dict[str, Any]:
    """Keep the contract's profile fields, dropping the store's bookkeeping."""
    return {name: profile.get(name) for name in FIELD_NAMES}


def card_markups() -> CardMarkups:
    """Return this app's kept card markup (made on first use)."""
    markups = current_app.extensions.get("card_markups")
    if markups is None:  # two threads at once: one of theirs is kept
        markups = current_app.extensions.setdefault(
            "card_markups", CardMarkups(current_app._get_current_object())
        )
    return markups


class CardMarkups:
    """Keep each therapist's card markup while its stored profile stays the same."""

    def __init__(self, app: Flask, max_kept: int = MARKUP_KEPT):
        self.app, self.max_kept = app, max_kept
        self._module: Any = None
        # script root -> therapist id -> (stored profile it came from, card profile)
        self._kept: dict[str, dict[str, tuple[dict, CardProfile]]] = {}

    def card(self, therapist_id: str, stored: dict[str, Any]) -> CardProfile:
        """Return the card profile of a therapist from their stored profile."""
        root = request.script_root
        kept = self._kept.get(root)
        found = kept.get(therapist_id) if kept is not None else None
        if found is not None and found[0] is stored:
            return found[1]
        card = self._render(therapist_id, stored)
        if kept is None or len(kept) >= self.max_kept:
            kept = {}  # start afresh: one assignment, safe for readers
            self._kept = {root: kept}
        kept[therapist_id] = (stored, card)
        return card

    def _render(self, therapist_id: str, stored: dict[str, Any]) -> CardProfile:
        card = CardProfile(public_profile(stored))
        parts = self._parts()
        card.markup = CardMarkup(
            href=escape(url_for("main.therapist", therapist_id=therapist_id)),
            meta=parts.meta(card),
            facts=parts.facts(card),
        )
        return card

    def _parts(self) -> Any:
        if self._module is None:
            template = self.app.jinja_env.get_template("_card_profile.html")
            self._module = template.make_module(present.HELPERS)
        return self._module
