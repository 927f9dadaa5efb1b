from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from hocvuso.campaigns.models import Report
from hocvuso.places.models import Ward
from hocvuso.web.fields import ModelChoicesField


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(
        label=_("Starts on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(label=_("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))
    wards = ModelChoicesField(
        queryset=Ward.objects.none(), label=_("Wards"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, wards=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["wards"]).queryset = wards

    def clean(self) -> dict:
        data = super().clean()
        assert data is not None  # Form.clean() gives back cleaned_data
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            raise forms.ValidationError(_("The campaign must end after it starts."))
        return data


class ManualIndicatorForm(forms.Form):
    code = forms.SlugField(
        label=_("Short code"),
        max_length=40,
        help_text=_("Letters, digits and dashes, e.g. dossiers-received."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(
        label=_("Definition"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is counted, from which source, as of which date."),
    )


class ManualCountForm(forms.Form):
    counted_on = forms.DateField(label=_("As of"), widget=forms.DateInput(attrs={"type": "date"}))
    value = forms.IntegerField(label=_("Count"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Source"), max_length=200, required=False)


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices)
    as_of = forms.DateField(
        label=_("Figures as of"), widget=forms.DateInput(attrs={"type": "date"})
    )
