import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.people.forms import validated_phone
from hocvuso.support.models import Outcome, Place, Service, Task
from hocvuso.teams.models import MobilePoint
from hocvuso.text.folding import clean


class HelpForm(forms.Form):
    """Everything has a sensible default or a big button: a volunteer on a phone taps four
    times and saves."""

    client_id = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)
    service = forms.ModelChoiceField(
        queryset=Service.objects.none(),
        widget=forms.RadioSelect,
        label=_("Service"),
        empty_label=None,
    )
    task = forms.ChoiceField(choices=Task.choices, widget=forms.RadioSelect, label=_("Task"))
    outcome = forms.ChoiceField(
        choices=Outcome.choices, widget=forms.RadioSelect, initial=Outcome.DONE, label=_("Outcome")
    )
    place = forms.ChoiceField(
        choices=Place.choices, widget=forms.RadioSelect, initial=Place.POINT, label=_("Where")
    )
    point = forms.ModelChoiceField(
        queryset=MobilePoint.objects.none(), required=False, label=_("Mobile point")
    )
    dossier_code = forms.CharField(label=_("Dossier code, if any"), max_length=40, required=False)
    verified = forms.BooleanField(
        label=_("I saw the result on the resident's phone"), required=False
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    walk_in_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    walk_in_phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args, services, points, walk_in: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["point"].queryset = points
        self.fields["point"].label_from_instance = lambda p: p.name
        if walk_in:
            self.fields["walk_in_name"].required = True
        else:
            del self.fields["walk_in_name"], self.fields["walk_in_phone"]

    def clean_walk_in_name(self) -> str:
        return clean(self.cleaned_data["walk_in_name"])

    def clean_walk_in_phone(self) -> str:
        return validated_phone(self.cleaned_data["walk_in_phone"])
