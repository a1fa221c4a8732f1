"""The admin area's forms; every one carries a CSRF token."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from matcher.directory.schema import PROFILE_FIELDS

BOOL_CHOICES = [
    SelectChoice("", "not given"),
    SelectChoice("true", "yes"),
    SelectChoice("false", "no"),
]
# The id is the key: it is shown, never edited.
EDITABLE_FIELDS = tuple(spec for spec in PROFILE_FIELDS if spec.name != "id")


class LoginForm(FlaskForm):
    """Account name and password."""

    username = StringField(
        "Account name",
        validators=[DataRequired(), Length(max=64)],
        render_kw={"autocomplete": "username", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token and where to go next."""

    next = HiddenField()


class UploadForm(FlaskForm):
    """A profile file and whether it is the whole directory."""

    file = FileField("Profile file (CSV, JSON or JSON Lines)", [FileRequired()])
    replace = BooleanField(
        "This file is the whole directory: deactivate every profile not in it"
    )


class ConfirmUploadForm(FlaskForm):
    """Apply (or cancel) the checked file, named by its token and digest."""

    token = HiddenField(validators=[DataRequired()])
    digest = HiddenField(validators=[DataRequired()])


class ExportForm(FlaskForm):
    """Download the directory as CSV."""

    include_inactive = BooleanField("Include inactive profiles")


class ProfileForm(FlaskForm):
    """Every editable profile field as text; the import's rules validate it."""

    content_hash = HiddenField(validators=[DataRequired()])


def _profile_field(spec) -> StringField | SelectField | TextAreaField:
    label = spec.name.replace("_", " ")
    if spec.kind == "bool":
        return SelectField(
            label, choices=BOOL_CHOICES, description=spec.doc, validate_choice=False
        )
    if spec.name == "bio":
        return TextAreaField(label, description=spec.doc, render_kw={"rows": 8})
    return StringField(label, description=spec.doc)


for _spec in EDITABLE_FIELDS:
    setattr(ProfileForm, _spec.name, _profile_field(_spec))


def profile_form_data(form: ProfileForm) -> dict[str, str]:
    """Return the submitted profile fields as raw text for validation."""
    return {spec.name: form[spec.name].data or "" for spec in EDITABLE_FIELDS}


class AliasForm(FlaskForm):
    """Teach an alias: the value of a list field stands for a key (or none)."""

    field = HiddenField(validators=[DataRequired()])
    value = HiddenField(validators=[DataRequired(), Length(max=500)])
    key = StringField(
        "Key",
        validators=[DataRequired("Type a key, or none"), Length(max=64)],
        render_kw={"autocapitalize": "none", "spellcheck": "false"},
    )


class RemoveAliasForm(FlaskForm):
    """Remove an alias, named by its field and value."""

    field = HiddenField(validators=[DataRequired()])
    value = HiddenField(validators=[DataRequired(), Length(max=500)])


def checked(
    form_class: type[FlaskForm], page: Callable[[Any, int], Any]
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a POST view its validated form; an invalid one gets its page, 400.

    ``page(form, status)`` renders the page the form is on, with its errors.
    """

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def checked_view(*args: Any, **kwargs: Any) -> Any:
            form = form_class()
            if not form.validate_on_submit():
                return page(form, 400)
            return view(form, *args, **kwargs)

        return checked_view

    return decorate
