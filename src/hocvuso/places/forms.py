from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import ResidentialGroup, WardContact
from hocvuso.text.phones import InvalidPhone, normalize_phone


class GroupNameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    effective_on = forms.DateField(
        label=_("From (date)"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class GroupMergeForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=ResidentialGroup.objects.none(), label=_("Merge into"), empty_label=None
    )
    effective_on = forms.DateField(
        label=_("From (date)"),
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, source: ResidentialGroup, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        target = cast(forms.ModelChoiceField, self.fields["target"])
        target.queryset = source.ward.groups.filter(closed_at__isnull=True).exclude(pk=source.pk)
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        target.label_from_instance = lambda group: group.name  # type: ignore[method-assign, assignment]


class WardSetupForm(forms.Form):
    group_count = forms.IntegerField(
        label=_("How many residential groups does the ward have?"),
        min_value=0,
        max_value=300,
        initial=0,
        help_text=_(
            "They are named “Tổ dân phố số 1”, “Tổ dân phố số 2”… and can be renamed, added or "
            "merged later. Leave 0 to create them one by one on the groups page."
        ),
    )


def validated_phone(value: str) -> str:
    """A phone typed into a form, in national form; a Vietnamese error if it is not one."""
    try:
        return normalize_phone(value)
    except InvalidPhone:
        raise forms.ValidationError(
            _("“%(value)s” is not a Vietnamese phone number."), params={"value": value}
        ) from None


class WardContactForm(forms.ModelForm):
    """How residents reach the ward: every field may stay empty; phones are checked."""

    class Meta:
        model = WardContact
        fields = ["office_address", "office_phone", "office_hours", "police_phone", "email"]
        help_texts = {
            "office_hours": _("For example: Monday to Friday 7:30–11:30, 13:30–17:00."),
        }

    def clean_office_phone(self) -> str:
        return validated_phone(self.cleaned_data["office_phone"])

    def clean_police_phone(self) -> str:
        return validated_phone(self.cleaned_data["police_phone"])
