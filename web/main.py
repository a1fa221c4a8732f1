"""Client-facing pages: the form, the results and a page per therapist."""

from __future__ import annotations

import json
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    render_template,
    request,
)
from werkzeug.exceptions import RequestEntityTooLarge

from matcher import store
from matcher.engine.answer import Answer
from matcher.engine.request import RequestError
from matcher.labels.own_words import own_words

from . import present
from .convert import add_request_errors, form_data, to_request
from .db import get_db
from .forms import MatchForm
from .match_card import match_card
from .saved import ttl_days
from .search import (
    active_profile,
    apply_change,
    find_matches,
    load_request,
    parse,
    result_cards,
)
from .style_words import estimated_style

bp = Blueprint("main", __name__)
bp.add_app_template_global(match_card)
FORM_EXPIRED = "We couldn't read your earlier answers. Please fill in the form again."
TOO_LARGE = (
    "That was more than we can take",
    "Your answers were too long to send: this form takes up to about {size:,} "
    "characters in all. Nothing was kept. Go back, shorten the text you typed "
    "(for example in your own words) and send the form again.",
)


@bp.app_context_processor
def template_helpers() -> dict[str, Any]:
    """Give every template the plain-words helpers (the card is shared)."""
    return present.HELPERS


def form_page(form: MatchForm, status: int = 200) -> tuple[str, int]:
    """Render the form with whatever it holds, errors included."""
    therapists = store.count_profiles(get_db())
    return render_template("index.html", form=form, therapists=therapists), status


def results_page(data: dict[str, Any], answer: Answer, relaxed: bool = False) -> str:
    """Render ranked cards; the answers ride along only inside the page's forms."""
    return render_template(
        "results.html",
        answer=answer,
        cards=result_cards(answer),
        request_json=json.dumps(data, sort_keys=True),
        state=data.get("state"),
        relaxed=relaxed,
        saved_days=ttl_days(current_app),
    )


def expired_form() -> tuple[str, int]:
    """Render an empty form saying the carried answers could not be read."""
    form = MatchForm(formdata=None)
    form.form_errors.append(FORM_EXPIRED)
    return form_page(form, 400)


@bp.get("/")
def index() -> tuple[str, int]:
    """Show the empty form."""
    return form_page(MatchForm(formdata=None))


@bp.post("/")
def edit() -> tuple[str, int]:
    """Show the form again, filled in with the answers carried by a results page."""
    try:
        answers = parse(load_request(request.form.get("request_json", "")))
    except ValueError:
        return expired_form()
    return form_page(MatchForm(formdata=None, data=form_data(answers)))


@bp.get("/results")
def results_address() -> str:
    """Serve the page that rebuilds this tab's results (Back, or the profile's link).

    The answers come back from the tab's own sessionStorage with a fresh POST;
    the address carries none, and the server keeps none.
    """
    return render_template("rebuild.html")


@bp.post("/results/again")
def rebuilt_results() -> tuple[str, int] | str:
    """Run a search again from the answers the tab kept, as on its results page."""
    try:
        data = load_request(request.form.get("request_json", ""))
        answer = find_matches(data)
    except ValueError:
        return expired_form()
    return results_page(data, answer, relaxed=bool(request.form.get("relaxed")))


@bp.post("/results")
def results() -> tuple[str, int] | str:
    """Validate the form, rank the directory and show the matches."""
    form = MatchForm()
    if not form.validate():
        return form_page(form, 400)
    data = to_request(form)
    try:
        answer = find_matches(data)
    except RequestError as error:
        add_request_errors(form, error.errors)
        return form_page(form, 400)
    return results_page(data, answer)


@bp.post("/results/relaxed")
def relaxed_results() -> tuple[str, int] | str:
    """Run the search again with a suggested change (one or several) applied."""
    try:
        data = load_request(request.form.get("request_json", ""))
        data = apply_change(data, request.form.get("change", ""))
        answer = find_matches(data)
    except ValueError:
        return expired_form()
    return results_page(data, answer, relaxed=True)


@bp.get("/therapists/<therapist_id>")
def therapist(therapist_id: str) -> str:
    """Show one therapist's full profile in plain words."""
    profile = active_profile(therapist_id)
    if profile is None:
        abort(404)
    words = own_words(store.get_profile(get_db(), therapist_id) or {})
    return render_template(
        "therapist.html", profile=profile, own_words=words,
        style_estimates=estimated_style(profile),
    )  # fmt: skip


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_error: RequestEntityTooLarge) -> tuple[str, int]:
    """Say in plain words that the answers were too long, and what to do."""
    title, advice = TOO_LARGE
    size = request.max_content_length or 0
    page = render_template(
        "error.html", code=413, title=title, advice=advice.format(size=size)
    )
    return page, 413
