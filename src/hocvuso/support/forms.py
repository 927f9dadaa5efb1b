import uuid
from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.places.forms import validated_phone
from hocvuso.places.models import ResidentialGroup
from hocvuso.support.models import Outcome, Place, Service, Task
from hocvuso.teams.models import MobilePoint
from hocvuso.teams.pickers import MemberChoiceField
from hocvuso.text.folding import clean
from hocvuso.web.fields import PhoneInput


class BigChoices(forms.RadioSelect):
    """Django's radio buttons, drawn by one template rather than four includes an option:
    the help form shows twenty options on every load."""

    template_name = "support/widgets/big_choices.html"


class PlainSelect(forms.Select):
    """Django's select, drawn by one template rather than two includes an option."""

    template_name = "support/widgets/select.html"


class PlainTextInput(forms.TextInput):
    template_name = "support/widgets/input.html"  # Django's input, without two includes


class PlainHiddenInput(forms.HiddenInput):
    template_name = "support/widgets/input.html"


class PlainCheckbox(forms.CheckboxInput):
    template_name = "support/widgets/input.html"


class HelpForm(forms.Form):
    """Everything has a sensible default or a big button: a volunteer on a phone taps four
    times and saves."""

    client_id = forms.UUIDField(widget=PlainHiddenInput, initial=uuid.uuid4)
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        widget=BigChoices,
        label=_("Service"),
        empty_label=None,
    )
    task = forms.ChoiceField(choices=Task.choices, widget=BigChoices, label=_("Task"))
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=BigChoices, initial=Outcome.DONE, label=_("Outcome")
    )
    place = forms.ChoiceField(
        choices=Place.choices, widget=BigChoices, initial=Place.POINT, label=_("Where")
    )
    point = forms.ModelChoiceField(
        queryset=MobilePoint.objects.none(),
        required=False,
        label=_("Mobile point"),
        widget=PlainSelect,
    )
    dossier_code = forms.CharField(
        label=_("Dossier code, if any"), max_length=40, required=False, widget=PlainTextInput
    )
    verified = forms.BooleanField(
        label=_("I saw the result on the resident's phone"), required=False, widget=PlainCheckbox
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False, widget=PlainTextInput)
    walk_in_name = forms.CharField(
        label=_("Name"), max_length=150, required=False, widget=PlainTextInput
    )
    walk_in_phone = forms.CharField(
        label=_("Phone"), max_length=20, required=False, widget=PhoneInput(own=False)
    )

    def __init__(self, *args, services, points, walk_in: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["service"]).queryset = services
        point = cast(forms.ModelChoiceField, self.fields["point"])
        point.queryset = points
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        point.label_from_instance = lambda p: p.name  # type: ignore[method-assign, assignment]
        if walk_in:
            self.fields["walk_in_name"].required = True
        else:
            del self.fields["walk_in_name"], self.fields["walk_in_phone"]

    def clean_walk_in_name(self) -> str:
        return clean(self.cleaned_data["walk_in_name"])

    def clean_walk_in_phone(self) -> str:
        return validated_phone(self.cleaned_data["walk_in_phone"])


class RequestForm(forms.Form):
    """The public help-request form: few fields, plain words, every one checked."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    phone = forms.CharField(
        label=_("Phone number to call you back"), max_length=20, widget=PhoneInput()
    )
    group = forms.ModelChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        label=_("Residential group"),
        empty_label=_("I don't know"),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    need = forms.CharField(
        label=_("What do you need help with?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: install VNeID for my mother, who is 80."),
    )
    convenient_time = forms.CharField(
        label=_("When is a good time?"), max_length=150, required=False
    )
    # Hidden from people, filled in by bots.
    website = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = groups
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        group.label_from_instance = lambda g: g.name  # type: ignore[method-assign, assignment]

    def clean_name(self) -> str:
        name = clean(self.cleaned_data["name"])
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean_phone(self) -> str:
        phone = validated_phone(self.cleaned_data["phone"])
        if not phone:
            raise forms.ValidationError(_("Write a phone number so a volunteer can call you."))
        return phone

    def clean_need(self) -> str:
        return clean(self.cleaned_data["need"])

    def clean_address(self) -> str:
        return clean(self.cleaned_data["address"])

    def clean_convenient_time(self) -> str:
        return clean(self.cleaned_data["convenient_time"])


class StatusForm(forms.Form):
    reference = forms.CharField(label=_("Your request code"), max_length=12)
    phone = forms.CharField(
        label=_("The phone number you gave"), max_length=20, widget=PhoneInput()
    )

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])


class RequestUpdateForm(forms.Form):
    status = forms.CharField(widget=forms.HiddenInput)  # as shown, to detect a concurrent change
    assigned_to = MemberChoiceField(required=False, label=_("Assigned to"))
    scheduled_for = forms.DateTimeField(
        label=_("Planned for"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    resolution = forms.CharField(label=_("What was done"), max_length=300, required=False)

    def __init__(self, *args, members, ward_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(MemberChoiceField, self.fields["assigned_to"]).offer(members, ward_id=ward_id)


class VisitPlanForm(forms.Form):
    planned_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    assigned_to = MemberChoiceField(label=_("Visitor"))
    partner = MemberChoiceField(required=False, label=_("Second visitor (optional)"))

    def __init__(self, *args, members, ward_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in ("assigned_to", "partner"):
            cast(MemberChoiceField, self.fields[name]).offer(members, ward_id=ward_id)


class ServiceForm(forms.Form):
    name = forms.CharField(label=_("Name of the service"), max_length=150)

    def clean_name(self) -> str:
        return clean(self.cleaned_data["name"])
