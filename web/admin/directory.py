"""Directory upkeep: overview, search, edit, (de)activate and export profiles."""

from __future__ import annotations

import dataclasses
import datetime as dt

from flask import (
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)

from matcher import store
from matcher.directory import export, upkeep
from matcher.directory.schema import FIELDS_BY_NAME
from matcher.labels.checks import directory_blind_filters

from ..db import get_db
from . import bp
from .audit import record
from .forms import (
    EDITABLE_FIELDS,
    ActionForm,
    ExportForm,
    ProfileForm,
    profile_form_data,
)
from .paging import past_the_end, requested_page
from .style import estimate_notes

ORDER_LABELS = {"stale": "Stale first", "name": "Name", "id": "Id",
                "changed": "Recently changed"}  # fmt: skip


def stale_before() -> str:
    """Return the date before which a confirmation counts as stale."""
    days = current_app.config["STALE_AFTER_DAYS"]
    return (dt.date.today() - dt.timedelta(days=days)).isoformat()


def back_to(default: str) -> str:
    """Return the form's next= if it stays in the admin area, else the default."""
    wanted = request.form.get("next", "")
    inside = wanted.startswith("/admin/") and "//" not in wanted and "\\" not in wanted
    return wanted if inside else default


@bp.get("/")
def home() -> str:
    """Show the directory's size, stale profiles and the latest imports."""
    db = get_db()
    return render_template(
        "admin/home.html",
        counts=store.upkeep.directory_counts(db, stale_before()),
        version=store.directory_version(db),
        runs=store.import_runs(db, limit=10),
        export_form=ExportForm(),
        blind_filters=directory_blind_filters(db),
    )


@bp.get("/therapists")
def therapists() -> str | Response:
    """List profiles matching a search, stale ones first unless asked otherwise."""
    query = request.args.get("q", "")[:200]
    status = request.args.get("status", "all")
    status = status if status in store.upkeep.STATUSES else "all"
    order = request.args.get("order", "stale")
    order = order if order in ORDER_LABELS else "stale"
    page = requested_page()
    rows, total = store.upkeep.search_profiles(
        get_db(), query=query, status=status, stale_before=stale_before(),
        order=order, limit=page.size, offset=page.offset,
    )  # fmt: skip
    page = dataclasses.replace(page, total=total)
    return past_the_end(page) or render_template(
        "admin/therapists.html", rows=rows, page=page,
        query=query, status=status, order=order, orders=ORDER_LABELS,
        action_form=ActionForm(), export_form=ExportForm(),
    )  # fmt: skip


def edit_page(profile: dict, form: ProfileForm, status: int = 200, **extra):
    """Render the edit form for one profile."""
    page = render_template(
        "admin/edit.html", profile=profile, form=form, fields=EDITABLE_FIELDS,
        stale=(profile.get("updated_at") or "") < stale_before(),
        action_form=ActionForm(), specs=FIELDS_BY_NAME,
        estimates=estimate_notes(profile), **extra,
    )  # fmt: skip
    return page, status


@bp.get("/therapists/<therapist_id>")
def edit_form(therapist_id: str):
    """Show one profile in an edit form."""
    profile = store.get_profile(get_db(), therapist_id) or abort(404)
    data = export.form_values(profile) | {"content_hash": profile["content_hash"]}
    return edit_page(profile, ProfileForm(data=data))


@bp.post("/therapists/<therapist_id>")
def edit_save(therapist_id: str):
    """Validate an edited profile with the import's rules and save it."""
    db = get_db()
    profile = store.get_profile(db, therapist_id) or abort(404)
    form = ProfileForm()
    if not form.validate_on_submit():
        return edit_page(profile, form, 400)
    try:
        result = upkeep.edit_profile(
            db, therapist_id, profile_form_data(form), form.content_hash.data
        )
    except store.upkeep.EditConflictError:
        return edit_page(profile, form, 409, conflict=True)
    if not result.ok:
        return edit_page(profile, form, 422, errors=result.errors)
    if result.changed:
        record("edit", target=therapist_id, fields=result.changed)
    flash(f"Saved {therapist_id}: " + (", ".join(result.changed) or "no changes"))
    for name, characters in result.cleaned:
        flash(f"Invisible formatting characters removed from {name}: {characters}")
    return redirect(url_for("admin.edit_form", therapist_id=therapist_id))


@bp.post("/therapists/<therapist_id>/<any(deactivate, reactivate):action>")
def set_active(therapist_id: str, action: str) -> Response:
    """Deactivate a profile (it leaves the matches) or reactivate it."""
    db = get_db()
    store.get_profile(db, therapist_id) or abort(404)
    if upkeep.set_active(db, therapist_id, active=action == "reactivate"):
        record(action, target=therapist_id)
        flash(f"{therapist_id} {action}d.")
    default = url_for("admin.edit_form", therapist_id=therapist_id)
    return redirect(back_to(default))


@bp.post("/export")
def export_csv() -> Response:
    """Download the directory as CSV in the import format, formulas neutralised."""
    form = ExportForm()
    data, count = export.export_directory(
        get_db(), include_inactive=bool(form.include_inactive.data)
    )
    record("export", rows=count, include_inactive=bool(form.include_inactive.data))
    name = f"therapists-{dt.date.today():%Y%m%d}.csv"
    return Response(
        data,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
