"""Registry forms: what staff type, checked before any service is called."""

import datetime
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.people.models import Gender, Household, Resident
from hocvuso.people.queries import AGE_BANDS, FLAGS
from hocvuso.places.forms import validated_phone
from hocvuso.places.models import ResidentialGroup
from hocvuso.text.folding import clean
from hocvuso.web.fields import PhoneInput

YES_NO_UNKNOWN = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ResidentialGroup) -> str:
        return obj.name


def _nullable_bool(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class HouseholdForm(forms.ModelForm):
    residential_group = GroupChoiceField(
        queryset=ResidentialGroup.objects.none(), label=_("Residential group")
    )
    has_smartphone = forms.TypedChoiceField(
        label=_("Has a smartphone"),
        choices=YES_NO_UNKNOWN,
        coerce=_nullable_bool,
        required=False,
        empty_value=None,
    )
    has_internet = forms.TypedChoiceField(
        label=_("Has internet"),
        choices=YES_NO_UNKNOWN,
        coerce=_nullable_bool,
        required=False,
        empty_value=None,
    )

    class Meta:
        model = Household
        fields = ["key", "residential_group", "address", "phone", "has_smartphone", "has_internet"]
        widgets = {"phone": PhoneInput(own=False)}

    def __init__(self, *args, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the groups the user may see can be chosen; a forged id fails validation.
        cast(forms.ModelChoiceField, self.fields["residential_group"]).queryset = (
            groups if groups is not None else ResidentialGroup.objects.none()
        )
        if self.instance.pk:
            for name in ("has_smartphone", "has_internet"):
                value = getattr(self.instance, name)
                self.initial[name] = "" if value is None else str(value).lower()

    def clean_key(self) -> str:
        return clean(self.cleaned_data["key"])

    def clean_address(self) -> str:
        return clean(self.cleaned_data["address"])

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])

    def service_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("key", "address", "phone", "has_smartphone", "has_internet")
        }


class ResidentForm(forms.ModelForm):
    class Meta:
        model = Resident
        fields = ["full_name", "birth_year", "gender", "relation", "is_head", "phone"]
        widgets = {"phone": PhoneInput(own=False)}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["gender"]).choices = Gender.choices
        self.fields["birth_year"].widget.attrs.update({"inputmode": "numeric", "min": 1900})

    def clean_full_name(self) -> str:
        name = clean(self.cleaned_data["full_name"])
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Enter the resident's full name."))
        return name

    def clean_birth_year(self) -> int | None:
        year = self.cleaned_data["birth_year"]
        if year is not None and not 1900 <= year <= datetime.date.today().year:
            raise forms.ValidationError(
                _("The birth year must be between 1900 and %(year)d."),
                params={"year": datetime.date.today().year},
            )
        return year

    def clean_relation(self) -> str:
        return clean(self.cleaned_data["relation"])

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DisabilityForm(forms.Form):
    description = forms.CharField(
        label=_("What help is needed"),
        max_length=300,
        help_text=_("Only what volunteers need to know to help, e.g. “cannot see small text”."),
    )
    given_by = forms.CharField(label=_("Who agreed to record this"), max_length=150)
    given_on = forms.DateField(
        label=_("Date of consent"), widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm = forms.BooleanField(
        label=_("The person (or their family) agreed that the ward records this to plan help."),
        required=True,
    )


class ResidentFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    group = GroupChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        label=_("Residential group"),
        empty_label=_("All groups"),
    )
    age = forms.ChoiceField(
        label=_("Age"), required=False, choices=[("", _("All ages")), *[(b, b) for b in AGE_BANDS]]
    )
    flags = forms.MultipleChoiceField(
        label=_("Only"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=list(FLAGS.items()),
    )

    def __init__(self, *args, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["group"]).queryset = (
            groups if groups is not None else ResidentialGroup.objects.none()
        )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Resident list (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    default_group = GroupChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        label=_("Residential group, if the file has no group column"),
        empty_label=_("Use the group written in the file"),
    )

    def __init__(self, *args, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["default_group"]).queryset = (
            groups if groups is not None else ResidentialGroup.objects.none()
        )
