"""Form fields the apps' forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_noop

from hocvuso.places.queries import is_id

# Django's own form messages that its Vietnamese catalogue leaves empty, named here so that
# `make messages` keeps them in ours, which Django reads before its own.
DJANGO_MESSAGES = (gettext_noop("Null characters are not allowed."),)


class ModelChoicesField(forms.ModelMultipleChoiceField):
    """Several rows chosen by their ids (check boxes). Each id must be one a row can have
    before any query: Django checks the choices with `pk__in`, which sends a number past
    what the database holds to it, and SQLite then overflows (a server error) instead of
    finding nothing."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else ():
            if not is_id(str(pk).strip()):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class PhoneInput(forms.TextInput):
    """A phone number field: phones open their number keypad (`tel`, not `number`, which
    would drop the leading 0 and offer a spinner). A resident's own number may be filled in
    by the browser; on staff forms, where the number is someone else's, it may not (the
    browser would offer the volunteer's own)."""

    input_type = "tel"

    def __init__(self, attrs: dict | None = None, *, own: bool = True) -> None:
        autocomplete = "tel" if own else "off"
        super().__init__({"inputmode": "tel", "autocomplete": autocomplete, **(attrs or {})})
