"""Outcome records: upload (all or nothing), the clinic overview, report cards.

Report cards are for the clinic's own admins and clinical leads (see
docs/admin.md, "Outcome records and report cards"): never shown to clients.
"""

from __future__ import annotations

from flask import abort, g, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from matcher import store
from matcher.directory.importer import clean_file_name
from matcher.outcomes import import_outcomes
from matcher.outcomes.report import (
    clinic_overview,
    report_card,
    therapists_with_records,
)
from matcher.store.outcomes import last_outcome_import

from ..db import get_db, get_matcher
from . import bp
from .audit import record
from .forms import checked

REPORT_STATUS = {"invalid": 422, "unreadable": 422}


class OutcomeUploadForm(FlaskForm):
    """An outcome file, imported whole, or only checked."""

    file = FileField("Outcome file (CSV, JSON or JSON Lines)", [FileRequired()])
    dry_run = BooleanField("Only check the file: change nothing")


def _overview(form: OutcomeUploadForm, status: int = 200):
    records = get_matcher().track_records_
    page = render_template(
        "admin/outcomes.html",
        form=form,
        last_import=last_outcome_import(get_db()),
        domains=clinic_overview(records) if records is not None else [],
        therapists=therapists_with_records(records) if records is not None else [],
    )
    return page, status


@bp.get("/outcomes")
def outcomes_overview():
    """Show the clinic overview, the last import's date and the upload form."""
    return _overview(OutcomeUploadForm())


@bp.post("/outcomes")
@checked(OutcomeUploadForm, _overview)
def outcomes_upload(form: OutcomeUploadForm):
    """Import (or only check) an outcome file and show its full report."""
    name = clean_file_name(form.file.data.filename or "outcomes")
    try:
        report = import_outcomes(
            get_db(), form.file.data.read(), name,
            dry_run=form.dry_run.data, actor=g.admin["name"],
        )  # fmt: skip
    except store.StoreError as error:
        fault = store.faults.storage_fault(error)
        cause = fault.cause if fault else "the database cannot be written"
        form.file.errors = [f"Nothing was imported: {cause}. Tell whoever runs it."]
        return _overview(form, 503)
    record(
        "outcomes_checked" if report.dry_run else "outcomes_upload", target=name,
        outcome=report.outcome, rows=report.rows, invalid_rows=report.invalid_rows,
    )  # fmt: skip
    page = render_template("admin/outcome_report.html", report=report)
    return page, REPORT_STATUS.get(report.outcome, 200)


@bp.get("/outcomes/<therapist_id>")
def outcome_card(therapist_id: str) -> str:
    """Show one therapist's report card: every domain with records."""
    records = get_matcher().track_records_
    card = report_card(records, therapist_id) if records is not None else []
    if not card:
        abort(404)
    profile = store.get_profile(get_db(), therapist_id)
    return render_template(
        "admin/outcome_card.html", therapist_id=therapist_id, card=card,
        name=profile["name"] if profile else None,
        min_episodes=records.min_episodes, min_effect=records.min_effect,
        level=records.level,
    )  # fmt: skip
