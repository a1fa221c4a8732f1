"""Teaching the vocabulary: unrecognised values, accepting aliases, removing them."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from werkzeug.wrappers import Response

from matcher import store
from matcher.directory import upkeep
from matcher.directory.vocab import vocabulary
from matcher.labels import MAPPED_FIELDS
from matcher.labels.report import stored_unrecognised

from ..db import get_db
from . import bp
from .audit import client_address
from .forms import AliasForm, RemoveAliasForm

SHOWN_VALUES = 300  # unrecognised values listed, most used first within a field


def vocabulary_page(status: int = 200, errors: dict | None = None, typed=None):
    """Render the unrecognised values and the stored aliases."""
    db = get_db()
    lines = stored_unrecognised(store.upkeep.iter_profiles(db))
    page = render_template(
        "admin/vocabulary.html",
        lines=lines[:SHOWN_VALUES], more=max(0, len(lines) - SHOWN_VALUES),
        aliases=store.aliases.stored_aliases(db),
        version=store.aliases.vocabulary_version(db),
        keys={name: vocabulary(name).keys for name in sorted(MAPPED_FIELDS)},
        errors=errors or {}, typed=typed or {}, no_key=upkeep.NO_KEY,
    )  # fmt: skip
    return page, status


@bp.get("/vocabulary")
def vocabulary_list():
    """List the stored values no key was found for, and the aliases taught."""
    return vocabulary_page()


@bp.post("/vocabulary/accept")
def vocabulary_accept() -> Response | tuple[str, int]:
    """Store an alias for a value and re-map the profiles carrying it."""
    form = AliasForm()
    field, value = form.field.data or "", form.value.data or ""
    if not form.validate_on_submit():
        reason = "; ".join(m for messages in form.errors.values() for m in messages)
        return vocabulary_page(400, {(field, value): reason}, {(field, value): ""})
    try:
        change = upkeep.accept_alias(
            get_db(), field, value, form.key.data.strip(), g.admin["name"],
            address=client_address(),
        )  # fmt: skip
    except upkeep.AliasError as error:
        typed = {(field, value): form.key.data}
        return vocabulary_page(400, {(field, value): str(error)}, typed)
    flash(
        f"{field}: {value!r} now stands for {form.key.data.strip()}; "
        f"{len(change.profiles)} profiles re-mapped."
    )
    return redirect(url_for("admin.vocabulary_list"), 303)


@bp.post("/vocabulary/remove")
def vocabulary_remove() -> Response | tuple[str, int]:
    """Remove an alias and restore the profiles it re-mapped."""
    form = RemoveAliasForm()
    if not form.validate_on_submit():
        return vocabulary_page(400)
    try:
        change = upkeep.remove_alias(
            get_db(), form.field.data, form.value.data, g.admin["name"],
            address=client_address(),
        )  # fmt: skip
    except upkeep.AliasError as error:
        return vocabulary_page(400, {("alias", form.value.data): str(error)})
    flash(
        f"{form.field.data}: alias {change.alias['raw']!r} removed; "
        f"{len(change.profiles)} profiles restored."
    )
    return redirect(url_for("admin.vocabulary_list"), 303)
