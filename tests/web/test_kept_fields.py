"""The client form's fields are copied from kept ones, and behave as built anew."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Field, FormField
from wtforms.form import BaseForm
from wtforms.meta import DefaultMeta

from web import forms
from web.forms import MatchForm

WRONG = MultiDict(
    [
        ("state", "XX"),
        ("postal_code", "abc"),
        ("max_distance_miles", "10"),
        ("concerns", "not-a-concern"),
        ("style-directiveness", "9"),
        ("approaches-not_sure", "y"),
        ("approaches-value", "cbt"),
        ("max_fee", "$12.50"),
    ]
)
RIGHT = MultiDict(
    [
        ("state", "MA"),
        ("concerns", "anxiety"),
        ("concerns", "grief"),
        ("style-intensity", "-2"),
        ("languages-value", "Spanish"),
        ("languages-importance", "must"),
        ("max_fee", "1,200"),
    ]
)
EMPTY = MultiDict()


def every_field(form):
    """Yield every field, the subforms' fields included."""
    for field in form:
        yield field
        if isinstance(field, FormField):
            yield from field.form


def seen(formdata) -> list[tuple]:
    """What a form shows and holds for the formdata: markup, data, errors."""
    form = MatchForm(formdata=formdata)
    valid = form.validate()
    fields = [
        (f.name, f.id, str(f.label), str(f()), repr(f.data), f.errors)
        for f in every_field(form)
    ]
    return [valid, form.errors, *fields]


@pytest.fixture
def form_context(app):
    """A request context for building forms, with no fields kept yet."""
    forms.KEPT_FIELDS.clear()
    with app.test_request_context("/results", method="POST"):
        yield


def test_kept_fields_show_and_check_what_fields_built_anew_do(
    form_context, monkeypatch
):
    posts = [WRONG, RIGHT, EMPTY, WRONG, EMPTY, RIGHT]
    kept = [seen(formdata) for formdata in posts]
    assert forms.KEPT_FIELDS  # the forms after the first were bound from kept fields
    monkeypatch.setattr(forms.KeptFieldsMeta, "bind_field", DefaultMeta.bind_field)
    assert kept == [seen(formdata) for formdata in posts]


def test_a_form_after_a_wrong_one_starts_clean(form_context):
    wrong = MatchForm(formdata=WRONG)
    assert not wrong.validate()
    wrong_errors = wrong.errors
    right = MatchForm(formdata=RIGHT)
    assert right.validate(), right.errors
    assert right.concerns.data == ["anxiety", "grief"]
    assert right.style.form.intensity.data == "-2"
    assert right.max_fee.data == 1200
    assert wrong.errors == wrong_errors  # the second form shared nothing with it
    assert wrong.max_fee.data is None and wrong.state.data == "XX"
    assert right.state is not wrong.state and right.style.form is not wrong.style.form


def test_fields_are_built_once_then_copied(form_context, monkeypatch):
    MatchForm(formdata=RIGHT)
    built = []
    original = Field.__init__

    def counted(self, *args, **kwargs):
        built.append(kwargs.get("name"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Field, "__init__", counted)
    form = MatchForm(formdata=WRONG)
    assert not form.validate()
    assert built == []  # no field of the page, nor of its sections, built again
    assert form.style.form.directiveness.errors == ["Not a valid choice."]


def test_kept_fields_hold_no_form_and_no_answers(form_context):
    private = MultiDict([*RIGHT.items(multi=True), ("concerns_text", "my secret")])
    for _ in range(2):
        form = MatchForm(formdata=private)
        assert form.validate(), form.errors
    assert form.concerns_text.data == "my secret"
    for _, _, _, state in forms.KEPT_FIELDS.values():
        assert not {"_form", "meta", "data", "raw_data", "object_data"} & set(state)
        assert not any(isinstance(value, BaseForm) for value in state.values())
        assert "my secret" not in repr(state)
