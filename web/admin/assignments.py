"""Waitlist assignment runs: review one, see what changed, confirm it once.

A run comes from ``scripts/assign.py --store`` or from a waitlist uploaded
here; nothing in the directory changes until an admin confirms it, which
lowers the assigned therapists' ``open_slots`` (``store.assignments.confirm``).
"""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response

from matcher import store
from matcher.assign import assign, parse_waitlist
from matcher.assign.review import changes_since
from matcher.directory.importer import clean_file_name

from ..db import get_db, get_matcher
from . import bp
from .audit import client_address, record
from .forms import checked

RUNS_SHOWN = 50


class WaitlistForm(FlaskForm):
    """A waitlist file to assign."""

    file = FileField(
        "Waitlist (JSON Lines, as scripts/assign.py reads)", [FileRequired()]
    )


class ConfirmForm(FlaskForm):
    """Confirm a stored run (the CSRF token is all it carries)."""


def list_page(form: WaitlistForm, status: int = 200, errors=()):
    """Render the list of runs with the upload form."""
    runs = store.assignments.list_runs(get_db(), RUNS_SHOWN)
    page = render_template(
        "admin/assignments.html", runs=runs, form=form, errors=errors,
        ttl_days=store.assignments.DEFAULT_TTL_DAYS,
    )  # fmt: skip
    return page, status


@bp.get("/assignments")
def assignments():
    """List the stored assignment runs, newest first, with the upload form."""
    return list_page(WaitlistForm())


@bp.post("/assignments")
@checked(WaitlistForm, list_page)
def assignment_upload(form: WaitlistForm):
    """Assign an uploaded waitlist and store the run for review (no slot changes)."""
    waitlist = parse_waitlist(form.file.data.read())
    problem = _refusal(waitlist)
    if problem:
        form.file.errors = [problem]
        return list_page(form, 400, [e.describe() for e in waitlist.errors])
    db, name = get_db(), clean_file_name(form.file.data.filename or "waitlist")
    result = assign(get_matcher(), waitlist.clients, store.assignments.open_slots(db))
    run_id = store.assignments.save_run(
        db, [vars(row) for row in result.placements], result.summary.to_dict(),
        result.greedy.to_dict(), source="upload", file_name=name,
        directory_version=store.directory_version(db),
    )  # fmt: skip
    record("assignment-run", target=f"assignment run {run_id}",
           clients=len(waitlist.clients), file_name=name)  # fmt: skip
    return redirect(url_for("admin.assignment", run_id=run_id))


def _refusal(waitlist) -> str | None:
    if waitlist.errors:
        return f"{len(waitlist.errors)} lines cannot be read; nothing was assigned."
    if not waitlist.clients:
        return "The file holds no waiting client."
    if not store.assignments.open_slots(get_db()):
        return "No therapist has open slots (set open_slots); nothing was assigned."
    return None


@bp.get("/assignments/<int:run_id>")
def assignment(run_id: int) -> str:
    """Show one run: the summary against greedy, what changed, every client's row."""
    db = get_db()
    run = store.assignments.get_run(db, run_id) or abort(404)
    rows = store.assignments.run_rows(db, run_id)
    previous = store.assignments.previous_run_id(db, run_id)
    changes = None
    if previous is not None:
        changes = changes_since(store.assignments.run_rows(db, previous), rows)
    return render_template("admin/assignment.html", run=run, rows=rows,
                           previous=previous, changes=changes,
                           form=ConfirmForm())  # fmt: skip


@bp.post("/assignments/<int:run_id>/confirm")
def assignment_confirm(run_id: int) -> Response:
    """Confirm a run: lower the slots once; a second click changes nothing."""
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        done = store.assignments.confirm(
            get_db(), run_id, g.admin["name"], client_address()
        )
    except store.assignments.ConfirmRefused as error:
        flash(f"Not confirmed: {error}. Nothing changed.")
        return redirect(url_for("admin.assignments"))
    if done.already:
        flash(f"Already confirmed by {done.confirmed_by} at {done.confirmed_at}; "
              "nothing changed.")  # fmt: skip
    else:
        flash(f"Confirmed: open slots lowered for {len(done.lowered)} therapists "
              f"({sum(done.lowered.values())} clients).")  # fmt: skip
    return redirect(url_for("admin.assignment", run_id=run_id))
