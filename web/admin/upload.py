"""Upload a profile file: dry run and report first, then apply on confirmation."""

from __future__ import annotations

import datetime as dt

from flask import (
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    url_for,
)

from matcher import store
from matcher.directory import upkeep
from matcher.directory.importer import ImportReport, clean_file_name

from ..db import get_db
from . import bp
from .audit import record
from .forms import ConfirmUploadForm, UploadForm

REPORT_STATUS = {"invalid": 422, "unreadable": 422}


def report_page(report: ImportReport, confirm: ConfirmUploadForm | None, **extra):
    """Render an import report, with the confirm buttons when it can be applied."""
    page = render_template("admin/report.html", report=report, confirm=confirm, **extra)
    return page, REPORT_STATUS.get(report.outcome, 200)


def counts(report: ImportReport) -> dict[str, int | str]:
    """Return what the audit log keeps of a report: outcome and counts."""
    keys = ("rows", "new", "updated", "unchanged", "deactivated", "reactivated")
    kept = {"outcome": report.outcome, "replace": report.replace}
    return (
        kept
        | {"invalid_rows": report.invalid_rows}
        | {key: getattr(report, key) for key in keys}
    )


def storage_page(error: Exception):
    """Say that the database could not be written, and why: a 503, not a 500."""
    fault = store.faults.storage_fault(error)
    cause = fault.cause if fault else "the database cannot be written"
    form = UploadForm()
    form.file.errors = [f"Nothing was applied: {cause}. Tell whoever runs the server."]
    return render_template("admin/upload.html", form=form), 503


@bp.get("/upload")
def upload_form() -> str:
    """Show the upload form."""
    return render_template("admin/upload.html", form=UploadForm())


@bp.post("/upload")
def upload_check():
    """Dry-run an uploaded file and show its full report."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("admin/upload.html", form=form), 400
    name = clean_file_name(form.file.data.filename or "upload")
    config = current_app.config
    lifetime = dt.timedelta(minutes=config["ADMIN_UPLOAD_LIFETIME_MINUTES"])
    try:
        staged = upkeep.stage_upload(
            get_db(), g.admin["id"], form.file.data.read(), name,
            replace=form.replace.data, lifetime=lifetime,
            per_admin=config["ADMIN_UPLOADS_PER_ADMIN"],
            total=config["ADMIN_UPLOADS_TOTAL"],
        )  # fmt: skip
    except store.StoreError as error:
        return storage_page(error)
    report, digest = staged.report, staged.digest
    record("import_checked", target=name, sha256=digest, **counts(report))
    confirm = staged.token and ConfirmUploadForm(token=staged.token, digest=digest)
    return report_page(report, confirm or None, digest=digest)


@bp.post("/upload/confirm")
def upload_confirm():
    """Apply the checked file in one transaction, or re-check it if the store moved."""
    form = ConfirmUploadForm()
    if not form.validate_on_submit():
        return redirect(url_for("admin.upload_form"))
    try:
        done = upkeep.confirm_upload(
            get_db(), g.admin["id"], form.token.data, form.digest.data, g.admin["name"]
        )
    except store.StoreError as error:
        return storage_page(error)
    except (upkeep.UploadNotFoundError, upkeep.UploadMismatchError) as error:
        flash(f"Nothing was applied: {error}. Please upload the file again.")
        return redirect(url_for("admin.upload_form"))
    if not done.applied:
        return report_page(done.report, form, digest=done.digest, moved=True)
    report = done.report
    record("import", target=report.file_name, sha256=done.digest, **counts(report))
    return report_page(report, None, digest=done.digest)


@bp.post("/upload/cancel")
def upload_cancel() -> Response:
    """Forget a checked file without applying it."""
    form = ConfirmUploadForm()
    if form.validate_on_submit():
        upkeep.cancel_upload(get_db(), g.admin["id"], form.token.data)
        flash("The checked file was discarded; nothing was applied.")
    return redirect(url_for("admin.upload_form"))
