"""Re-score runs: what each batch run found, for the admins who keep the directory."""

from __future__ import annotations

from flask import abort, render_template

from matcher import store

from ..db import get_db
from . import bp

RUNS_SHOWN = 50


@bp.get("/runs")
def runs() -> str:
    """List the latest re-score runs with their counts and changes."""
    return render_template(
        "admin/runs.html", runs=store.runs.list_runs(get_db(), RUNS_SHOWN)
    )


@bp.get("/runs/<int:run_id>")
def run(run_id: int) -> str:
    """Show one run: its settings and every request whose matches changed."""
    db = get_db()
    record = store.runs.get_run(db, run_id)
    if record is None:
        abort(404)
    changes = store.runs.run_changes(db, run_id)
    return render_template("admin/run.html", run=record, changes=changes)
