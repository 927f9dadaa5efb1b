"""Forms of the learning pages; every message in the learner's language."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.learning.models import Classroom, Course, Organisation
from hocvuso.people.forms import GroupChoiceField
from hocvuso.places.forms import validated_phone
from hocvuso.web.fields import PhoneInput

PASSWORD_MIN = 6


class AccountForm(forms.Form):
    """Keep this device's progress under a phone number and a password."""

    full_name = forms.CharField(label=_("Your full name"), max_length=150)
    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        widget=PhoneInput(),
    )
    password = forms.CharField(
        label=_("Choose a password"),
        min_length=PASSWORD_MIN,
        max_length=128,
        help_text=_("At least 6 characters. Not your VNeID or bank password."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])


class LoginForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        widget=PhoneInput(),
    )
    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])


class MemberPasswordForm(forms.Form):
    """The password a household member's progress is kept under."""

    password = forms.CharField(
        label=_("Password"),
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Household learning code"),
        max_length=20,
        help_text=_("The code printed on your household's learning card."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )

    def clean_code(self) -> str:
        return "".join(self.cleaned_data["code"].upper().split()).replace("-", "")


class JoinClassForm(forms.Form):
    code = forms.CharField(
        label=_("Class invite code"),
        max_length=10,
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Your name"), max_length=150, required=False)


class NameForm(forms.Form):
    name = forms.CharField(
        label=_("Name to print on the certificate"),
        max_length=150,
        help_text=_("Write it with its accents, as on your ID card."),
    )


class ClassroomForm(forms.ModelForm):
    residential_group = GroupChoiceField(
        queryset=None, required=False, label=_("Residential group"), empty_label=_("Whole ward")
    )

    class Meta:
        model = Classroom
        fields = ["name", "organisation", "residential_group", "meets_at", "schedule"]

    def __init__(self, *args, groups=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["residential_group"]).queryset = groups
        cast(forms.ChoiceField, self.fields["organisation"]).choices = Organisation.choices


class ClassroomEditForm(forms.ModelForm):
    """A class's name, organisation, place and time; its group stays as it was opened."""

    class Meta:
        model = Classroom
        fields = ["name", "organisation", "meets_at", "schedule"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organisation"]).choices = Organisation.choices


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=Course.objects.filter(is_published=True), label=_("Course")
    )
    due_on = forms.DateField(
        label=_("Due date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)
