"""The form's choice fields accept and refuse exactly as WTForms' own check."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import ValidationError

from web.forms import KnownChoiceField, MatchForm, MultiCheckboxField, choice_values


def choice_fields(form):
    """Yield every choice field of the form, sections' fields included."""
    for field in form:
        if hasattr(field, "form"):
            yield from choice_fields(field.form)
        elif isinstance(field, KnownChoiceField | MultiCheckboxField):
            yield field


def verdict(check, field, form):
    try:
        check(field, form)
    except ValidationError as error:
        return str(error)
    return None


@pytest.mark.parametrize("posted", ["", "MA", "x", "-3", "high", "10", "telehealth"])
def test_each_choice_field_judges_a_value_as_wtforms_does(app, posted):
    with app.test_request_context(method="POST"):
        form = MatchForm(formdata=MultiDict(), meta={"csrf": False})
        for field in choice_fields(form):
            stock = (
                SelectMultipleField
                if field.type == "MultiCheckboxField"
                else SelectField
            )
            values = [posted] if stock is SelectMultipleField else posted
            for value in (values, *[c.value for c in field.choices][:3]):
                field.data = (
                    value
                    if stock is SelectField or isinstance(value, list)
                    else [value]
                )
                ours = verdict(type(field).pre_validate, field, form)
                assert ours == verdict(stock.pre_validate, field, form), field.name


def test_choices_work_out_the_values_they_accept_once(app):
    with app.test_request_context(method="POST"):
        form = MatchForm(formdata=MultiDict(), meta={"csrf": False})
        for field in choice_fields(form):
            if not field.validate_choice:
                continue
            stock = {field.coerce(c.value) for c in field.iter_choices()}
            accepted = choice_values(field)
            assert accepted == stock
            assert choice_values(field) is accepted  # kept, not built again
