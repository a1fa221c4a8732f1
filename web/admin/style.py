"""Accept a profile's estimated style as its stated value (issue 19).

The edit page shows, beside each empty style field, what the engine estimates
from the profile's approaches and words. Accepting writes the estimate,
rounded to a whole point, into the field through the same validated edit as
the form, and the audit log records it; from then on it is a stated value.
"""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response
from wtforms import HiddenField
from wtforms.validators import DataRequired

from matcher import store
from matcher.directory import export, upkeep
from matcher.style_estimate import as_stated, profile_estimates

from ..db import get_db
from ..style_words import SCALE_NAMES, estimated_style
from . import bp
from .audit import record
from .forms import EDITABLE_FIELDS

DIMENSIONS = "any(directiveness, intensity, orientation, challenge)"


class AcceptStyleForm(FlaskForm):
    """The accept button: the CSRF token and the version of the profile shown."""

    content_hash = HiddenField(validators=[DataRequired()])


def _with_style(profile: dict, dimension: str, value: int) -> dict[str, str]:
    """Return the profile's editable fields as form text, one style field set."""
    values = export.form_values(profile) | {f"style_{dimension}": str(value)}
    return {spec.name: values[spec.name] for spec in EDITABLE_FIELDS}


@bp.post(f"/therapists/<therapist_id>/accept-style/<{DIMENSIONS}:dimension>")
def accept_style(therapist_id: str, dimension: str) -> Response:
    """Store a profile's estimated style on one scale as its stated value."""
    db = get_db()
    profile = store.get_profile(db, therapist_id) or abort(404)
    back = redirect(url_for("admin.edit_form", therapist_id=therapist_id))
    form = AcceptStyleForm()
    estimate = profile_estimates(profile).get(dimension)
    if not form.validate_on_submit() or estimate is None:
        flash(f"Nothing accepted: {therapist_id} has no estimate to accept there.")
        return back
    value = as_stated(estimate.value)
    raw = _with_style(profile, dimension, value)
    try:
        result = upkeep.edit_profile(db, therapist_id, raw, form.content_hash.data)
    except store.upkeep.EditConflictError:
        flash("Nothing accepted: someone changed this profile meanwhile. Look again.")
        return back
    if not result.ok:
        flash(f"Nothing accepted: {'; '.join(result.errors.values())}")
        return back
    record(
        "accept_style_estimate", target=therapist_id, field=f"style_{dimension}",
        value=value, estimate=estimate.value, confidence=estimate.confidence,
    )  # fmt: skip
    flash(f"{SCALE_NAMES[dimension]}: the estimate {value:+d} is now stated.")
    return back


def estimate_notes(profile: dict) -> dict[str, dict]:
    """Return, by style field name, the estimate the edit page shows beside it."""
    return {f"style_{item['dimension']}": item for item in estimated_style(profile)}
