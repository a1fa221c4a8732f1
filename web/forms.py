"""The client form: WTForms classes for every section of the page."""

from __future__ import annotations

import math
import re
from collections.abc import Set

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from matcher.directory.vocab import US_STATES, vocabulary
from matcher.engine.request import MAX_TEXT

IMPORTANCE = [("must", "Must have"), ("high", "Important"), ("low", "Nice to have")]
STYLE_IMPORTANCE = [
    ("high", "A lot"),
    ("medium", "Somewhat"),
    ("low", "A little"),
]
STYLE_POINTS = ["-3", "-2", "-1", "0", "1", "2", "3"]
# Each C-NIP scale: the question, then the -3 end and the +3 end in everyday words.
STYLE_SCALES = {
    "directiveness": (
        "Who should lead the sessions?",
        "I lead and we work it out together: the therapist follows my pace",
        "The therapist leads: structure, advice and things to practise",
    ),
    "intensity": (
        "How much should sessions dig into strong feelings?",
        "Keep it calm and steady",
        "Go deep into strong feelings, even when it's hard",
    ),
    "orientation": (
        "Where should the focus be?",
        "On now and what comes next",
        "On my past and how it shaped me",
    ),
    "challenge": (
        "What kind of push do you want?",
        "Warm support and encouragement",
        "Straight talk that challenges me",
    ),
}
# The form speaks miles to US clients; the request (and the API) stays in km.
KM_PER_MILE = 1.609344
MILE_CHOICES = ("5", "10", "15", "30", "60")
MAX_MILES = 500
DISTANCES = [("", "Any distance")] + [(m, f"Within {m} miles") for m in MILE_CHOICES]
# Shown first; the rest of each list sits in a "more" section of the form.
COMMON_CONCERNS = (
    "anxiety", "depression", "trauma", "stress", "relationships", "family_conflict",
    "grief", "self_esteem", "adhd", "addiction", "suicidal_thoughts", "self_harm",
)  # fmt: skip
COMMON_LANGUAGES = (
    "English", "Spanish", "American Sign Language", "Mandarin", "Cantonese",
    "Vietnamese", "Arabic", "French", "Haitian Creole", "Portuguese",
)  # fmt: skip
FORMAT_CHOICES = [
    ("either", "Either is fine"),
    ("in_person", "In person, at an office"),
    ("telehealth", "By video or phone (telehealth)"),
]
MAX_FEE = 10_000
DISTANCE_MESSAGE = "Choose a distance from the list"
ZIP_MESSAGE = "Enter a 5-digit ZIP code, like 02139"


def miles_to_km(miles: str | None) -> float | None:
    """Convert a distance chosen in whole miles to km for the request."""
    return round(int(miles) * KM_PER_MILE, 2) if miles else None


def km_to_miles(km: float | None) -> str:
    """Show a request's km limit as whole miles, rounded up so nobody drops out."""
    # Less than the km's own rounding is no real difference: 8.05 km is 5 miles.
    return "" if km is None else str(max(1, math.ceil((km - 0.005) / KM_PER_MILE)))


def distance_choice(miles: str) -> tuple[str, str]:
    """Return the (value, words) choice for a limit in miles."""
    return (miles, f"Within {miles} miles") if miles else DISTANCES[0]


class Choices(list):
    """A field's choices that remember the set of values they accept.

    ``options`` builds them once per process, and nothing changes them in
    place (a field offered other choices is given a new list), so the set,
    worked out on first use, stays true.
    """

    def accepted(self, coerce) -> frozenset:
        """Return the values these choices accept, as ``coerce`` reads them."""
        kept = self.__dict__.get("_accepted")
        if kept is None or kept[0] is not coerce:
            kept = (coerce, frozenset(coerce(choice.value) for choice in self))
            self._accepted = kept
        return kept[1]


def choice_values(field: SelectField) -> Set:
    """Return the values a choice field accepts, as its data reads them."""
    if isinstance(field.choices, Choices):
        return field.choices.accepted(field.coerce)
    choices = field._choices_from_input(field.choices) or []
    return {field.coerce(choice.value) for choice in choices}


class KeepsChoices:
    """A choice field that holds its ``Choices`` as given (WTForms copies them)."""

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, choices=choices, **kwargs)
        if isinstance(choices, Choices):
            self._choices = choices  # the one list, which remembers its values


class KnownChoiceField(KeepsChoices, SelectField):
    """A select whose posted value is checked against a set of its choices.

    WTForms builds a ``Choice`` per option to check one value; this keeps its
    rule and message while looking the value up once (the form has hundreds
    of options, checked on every results page).
    """

    def pre_validate(self, form) -> None:
        """Refuse a value that is not one of the choices, as WTForms does."""
        if self.process_errors or not self.validate_choice:
            return
        if self.choices is None:
            raise TypeError(self.gettext("Choices cannot be None."))
        if self.data not in choice_values(self):
            raise ValidationError(
                self.invalid_choice_message or self.gettext("Not a valid choice.")
            )


class KnownRadioField(KnownChoiceField, RadioField):
    """Radio buttons whose posted value is looked up once (``KnownChoiceField``)."""


class MultiCheckboxField(KeepsChoices, SelectMultipleField):
    """Several choices shown as checkboxes."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form) -> None:
        """Refuse values that are not choices, as WTForms does, in one pass."""
        if self.process_errors or not self.validate_choice or not self.data:
            return
        if self.choices is None:
            raise TypeError(self.gettext("Choices cannot be None."))
        acceptable = choice_values(self)
        if any(data not in acceptable for data in self.data):
            super().pre_validate(form)  # its own message for the values refused


class KeptFieldsMeta(DefaultMeta):
    """Bind a form's fields by copying ones built once, not by building each anew.

    WTForms builds every field of a form on every request: its label, flags,
    validators and, for choices, a check of every option. Those depend only on
    the form class, the field's name and prefix and the translations, so the
    first field built for each is kept as it stood before any data reached it,
    and later forms get a copy of it bound to themselves. Per-request state
    (data, raw data, errors, a subform) is set afresh by processing, as for a
    field built anew. Fields added per form (the CSRF token) are built as usual.
    """

    def bind_field(self, form, unbound_field, options):
        """Return a copy of the kept field for this place, or build (and keep) it."""
        key = (type(form), options["name"], options["prefix"])
        kept = KEPT_FIELDS.get(key)
        if (
            kept is not None
            and kept[0] is unbound_field
            and kept[1] is options["translations"]
        ):
            field = object.__new__(kept[2])  # Field.__new__ would not bind
            field.__dict__.update(kept[3])
            field._form, field.meta = form, form.meta
            return field
        field = super().bind_field(form, unbound_field, options)
        if unbound_field in _class_fields(type(form)):
            # Its class and settings, not the field nor its form: those go on to
            # hold this request's answers, which nothing may keep.
            state = {k: v for k, v in vars(field).items() if k not in PER_FORM}
            KEPT_FIELDS[key] = (
                unbound_field,
                options["translations"],
                type(field),
                state,
            )
        return field


# (form class, field name, prefix) -> (unbound field, translations, class, state)
PER_FORM = frozenset({"_form", "meta"})  # set on each copy, never kept
KEPT_FIELDS: dict[tuple[type, str, str], tuple] = {}


class KeptFieldsForm(Form):
    """A subform whose fields are bound from kept ones (``KeptFieldsMeta``)."""

    Meta = KeptFieldsMeta


def _class_fields(cls) -> frozenset:
    # The fields the class declares (not the per-form CSRF token), kept once.
    found = cls.__dict__.get("_declared_fields")
    if found is None:
        found = frozenset(field for _, field in cls._unbound_fields or ())
        cls._declared_fields = found
    return found


def options(pairs: list[tuple[str, str]]) -> Choices:
    """Turn (value, label) pairs into WTForms choices."""
    return Choices(SelectChoice(value, label) for value, label in pairs)


def vocab_choices(name: str, words: str = "plain") -> list[tuple[str, str]]:
    """Return (key, words) pairs for every key of a vocabulary."""
    vocab = vocabulary(name)
    describe = vocab.plain if words == "plain" else vocab.label
    return [(key, describe(key)) for key in vocab.keys]


def state_choices() -> list[tuple[str, str]]:
    """Return the states and territories sorted by name, after a prompt."""
    by_name = sorted(US_STATES.items(), key=lambda item: item[1])
    return [("", "Choose your state"), *by_name]


def scale_field() -> RadioField:
    """Return one -3..+3 scale with 'no preference' as its default."""
    points = [(point, point) for point in STYLE_POINTS]
    choices = options([("", "No preference"), *points])
    return KnownRadioField(choices=choices, default="")


class StyleForm(KeptFieldsForm):
    """The four C-NIP scales, each optional, and how much style matters."""

    directiveness = scale_field()
    intensity = scale_field()
    orientation = scale_field()
    challenge = scale_field()
    importance = KnownRadioField(
        "How much does this matter?",
        choices=options(STYLE_IMPORTANCE),
        default="medium",
    )


def preference_form(vocab_name: str, words: str = "plain") -> type[Form]:
    """Build a subform: values from a vocabulary and how much they matter."""

    class PreferenceForm(KeptFieldsForm):
        value = MultiCheckboxField(choices=options(vocab_choices(vocab_name, words)))
        importance = KnownRadioField(choices=options(IMPORTANCE), default="high")

    return PreferenceForm


class ApproachesForm(KeptFieldsForm):
    """Therapy approaches the client would like, or 'not sure'."""

    not_sure = BooleanField(
        "I'm not sure: favour approaches with good research evidence for what brings me"
    )
    value = MultiCheckboxField(choices=options(vocab_choices("approaches", "label")))
    importance = KnownRadioField(choices=options(IMPORTANCE), default="high")

    def validate_value(self, field: MultiCheckboxField) -> None:
        """Refuse 'not sure' together with chosen approaches."""
        if field.data and self.not_sure.data:
            raise ValidationError("Choose approaches or 'not sure', not both")


class AffirmingForm(KeptFieldsForm):
    """A wish for LGBTQ+-affirming care and how much it matters."""

    value = BooleanField("I'd like a therapist who practises LGBTQ+-affirming care")
    importance = KnownRadioField(choices=options(IMPORTANCE), default="high")


class DollarsField(IntegerField):
    """Whole dollars as people type them: 120, $120, 1,200 or 120.00.

    A text box (numeric keyboard on phones) rather than a number input, which
    browsers send empty when it holds "1,200", so the answer would vanish.
    """

    widget = widgets.TextInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[str]) -> None:
        """Read the typed amount, or say in plain words what to type."""
        text = (valuelist[0] if valuelist else "").strip()
        self.raw_data = valuelist
        if not text:
            self.data = None
            return
        plain = text.removeprefix("$").replace(",", "").strip()
        self.data = None
        if len(plain) > 12 or not re.fullmatch(r"\d+(\.\d{1,2})?", plain):
            raise ValueError("Enter an amount in dollars, for example 120")
        whole, _, cents = plain.partition(".")
        if cents.strip("0"):
            raise ValueError("Enter whole dollars, for example 120")
        self.data = int(whole)


class MatchForm(FlaskForm):
    """Everything a client can tell us, in the order of the page."""

    class Meta(KeptFieldsMeta):
        """Bind the fields from kept ones, as the subforms do."""

    state = KnownChoiceField(
        "State you live in",
        choices=options(state_choices()),
        validators=[DataRequired("Choose the state you live in")],
    )
    format = KnownRadioField(
        "How would you like to meet?",
        choices=options(FORMAT_CHOICES),
        default="either",
    )
    postal_code = StringField(
        "Your ZIP code",
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        validators=[Optional(), Regexp(r"^\d{5}$", message=ZIP_MESSAGE)],
    )
    max_distance_miles = KnownChoiceField(
        "How far could you travel?",
        choices=options(DISTANCES),
        default="",
        validate_choice=False,  # a carried limit may be any whole number of miles
    )
    concerns = MultiCheckboxField(choices=options(vocab_choices("specialties")))
    concerns_text = TextAreaField(
        "In your own words (optional)",
        validators=[
            Optional(),
            Length(
                max=MAX_TEXT, message=f"Please keep this under {MAX_TEXT:,} characters"
            ),
        ],
    )
    style = FormField(StyleForm)
    approaches = FormField(ApproachesForm)
    gender = FormField(preference_form("gender"))
    ethnicity = FormField(preference_form("ethnicity"))
    faith = FormField(preference_form("faith"))
    lgbtq_affirming = FormField(AffirmingForm)
    identities = FormField(preference_form("identities"))
    languages = FormField(preference_form("languages", "label"))
    insurance = StringField(
        "Insurance plan",
        validators=[
            Optional(),
            Length(max=100, message="Please keep this under 100 characters"),
        ],
    )
    max_fee = DollarsField(
        "Most you could pay per session, in dollars", validators=[Optional()]
    )
    availability = FormField(preference_form("availability"))
    age_group = KnownChoiceField(
        "Who is the therapy for?",
        choices=options([("", "No preference"), *vocab_choices("populations")]),
        default="",
    )
    session_format = KnownRadioField(
        "Who will come to sessions?",
        choices=options([("", "No preference"), *vocab_choices("session_formats")]),
        default="",
    )
    include_not_accepting = BooleanField(
        "Also show therapists who are not taking new clients right now"
    )
    limit = KnownChoiceField(
        "How many matches to show",
        choices=options([("10", "10"), ("20", "20"), ("50", "50")]),
        default="10",
    )

    def answered(self, *names: str) -> bool:
        """Say whether any of these fields holds an answer or an error.

        An optional section of the page opens when it does, so nothing typed
        (or wrong) is ever hidden from the person.
        """
        return any(_answered(self._field(name)) for name in names)

    def _field(self, name: str):
        # "style.intensity" names a field of a section's subform.
        section, _, part = name.partition(".")
        field = self._fields[section]
        return getattr(field.form, part) if part else field

    def validate_max_fee(self, field: IntegerField) -> None:
        """Keep the budget within what a session can cost."""
        if field.data is not None and not 0 <= field.data <= MAX_FEE:
            raise ValidationError(f"Enter an amount from 0 to {MAX_FEE:,} dollars")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        miles = self.max_distance_miles.data or ""
        if _whole_number(miles) and miles not in dict(DISTANCES):
            # A limit carried back from a search (or a suggestion) keeps its value.
            self.max_distance_miles.choices = options(
                sorted([*DISTANCES, distance_choice(miles)], key=_miles_order)
            )

    def validate_max_distance_miles(self, field: SelectField) -> None:
        """Take whole miles only, and ask for a ZIP code when a limit needs one."""
        if field.data and not (
            _whole_number(field.data) and 1 <= int(field.data) <= MAX_MILES
        ):
            raise ValidationError(DISTANCE_MESSAGE)
        if field.data and not self.postal_code.data:
            raise ValidationError(
                "Enter your ZIP code above so we can measure distance"
            )


def _answered(field) -> bool:
    if isinstance(field, FormField):
        return any(
            _answered(sub)
            for sub in field.form
            if sub.name != field.name + "-importance"
        )
    empty = field.data in (None, "", [], False) or field.data == field.default
    return bool(field.errors) or not empty


def _whole_number(text: str) -> bool:
    # ASCII digits only: str.isdigit() also takes '¹', which int() refuses.
    return text.isascii() and text.isdigit()


def _miles_order(choice: tuple[str, str]) -> int:
    return int(choice[0] or 0)
