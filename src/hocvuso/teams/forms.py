import datetime
import re
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hocvuso.accounts.models import User
from hocvuso.places.forms import validated_phone
from hocvuso.places.models import ResidentialGroup
from hocvuso.places.queries import is_id
from hocvuso.teams import pickers
from hocvuso.teams.models import MobilePoint, TeamMember, Training, Weekday
from hocvuso.teams.pickers import _ID_AT_END, PICKER_LIMIT
from hocvuso.text.folding import clean, fold
from hocvuso.web.fields import ModelChoicesField, PhoneInput


class MemberForm(forms.ModelForm):
    class Meta:
        model = TeamMember
        fields = [
            "full_name",
            "phone",
            "user",
            "organisation",
            "skills",
            "is_leader",
            "joined_on",
            "left_on",
        ]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}),
            "left_on": forms.DateInput(attrs={"type": "date"}),
            "phone": PhoneInput(own=False),
        }

    def __init__(self, *args, ward_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["joined_on"].initial = datetime.date.today
        # An account can be linked only if it holds a role in the team's ward.
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            roles__ward_id=ward_id
        ).distinct()
        self.fields["user"].required = False

    def clean_full_name(self) -> str:
        name = clean(self.cleaned_data["full_name"])
        if not any(ch.isalpha() for ch in name):
            raise forms.ValidationError(_("Enter the member's full name."))
        return name

    def clean_phone(self) -> str:
        return validated_phone(self.cleaned_data["phone"])

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TrainingForm(forms.ModelForm):
    attendees = ModelChoicesField(
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Who attended"),
    )

    class Meta:
        model = Training
        fields = ["held_on", "topic", "trainer", "place"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, members=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Only the ward's active members can be ticked; a forged id fails validation.
        attendees = cast(forms.ModelChoiceField, self.fields["attendees"])
        attendees.queryset = members if members is not None else TeamMember.objects.none()
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        attendees.label_from_instance = lambda m: f"{m.full_name} · {m.team.name}"  # type: ignore[method-assign, assignment]
        if self.instance.pk:
            self.initial["attendees"] = list(self.instance.attendees.values_list("pk", flat=True))

    def clean_topic(self) -> str:
        return clean(self.cleaned_data["topic"])

    def clean_trainer(self) -> str:
        return clean(self.cleaned_data["trainer"])

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PointForm(forms.ModelForm):
    class Meta:
        model = MobilePoint
        fields = ["name", "address", "latitude", "longitude", "min_staff", "is_active"]

    def clean_name(self) -> str:
        return clean(self.cleaned_data["name"])

    def clean_address(self) -> str:
        return clean(self.cleaned_data["address"])

    def service_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class HoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=Weekday.choices, coerce=int)
    starts = forms.TimeField(
        label=pgettext_lazy("opening hours", "From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=pgettext_lazy("opening hours", "To"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts = forms.TimeField(
        label=pgettext_lazy("opening hours", "From"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends = forms.TimeField(
        label=pgettext_lazy("opening hours", "To"), widget=forms.TimeInput(attrs={"type": "time"})
    )


class RosterForm(forms.Form):
    members = ModelChoicesField(
        queryset=TeamMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("On this shift"),
    )

    add = forms.CharField(
        label=_("Add people: search by name"),
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_(
            "Type a few letters of the name and press Add, or type the whole name and Save."
        ),
    )

    def __init__(self, *args, members: QuerySet[TeamMember], **kwargs) -> None:
        """`members` are those the user may put on the shift. Past `PICKER_LIMIT` of them,
        only who is on the shift is listed, and `add` finds the others by name."""
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["members"])
        field.queryset = members
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        field.label_from_instance = lambda m: f"{m.full_name} · {m.team.name}"  # type: ignore[method-assign, assignment]
        self.offered = members
        self.searching = members.count() > PICKER_LIMIT
        self.candidates: list[TeamMember] = []  # several matched a name: the user picks one
        self.added: list[TeamMember] = []
        if not self.searching:
            del self.fields["add"]

    def on_shift(self) -> list[TeamMember]:
        """Who the list shows ticked: those sent back (and found by name), else the shift's."""
        if self.is_bound:
            sent = self.data.getlist("members") if hasattr(self.data, "getlist") else []
            ids = {int(v) for v in sent if is_id(str(v))}
        else:
            ids = {m.pk for m in self.initial.get("members", [])}
        ids |= {m.pk for m in self.added}
        return list(self.offered.filter(pk__in=ids).order_by("full_name", "pk"))

    def matches(self, text: str) -> list[TeamMember]:
        """Those among `members` a typed name means: its number, its exact name, else every
        name with a word starting with each word typed."""
        numbered = _ID_AT_END.search(text)
        if numbered and is_id(numbered.group(1)):
            return list(self.offered.filter(pk=int(numbered.group(1))))
        found = pickers.search(self.offered, text)
        exact = [m for m in found if fold(m.full_name) == fold(text)]
        return exact or found

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("add") or ""
        if not self.searching or not text.strip() or "members" not in cleaned:
            return cleaned
        chosen = list(cleaned["members"])
        for name in (part.strip() for part in re.split(r"[,;\n]", text)):
            if not name:
                continue
            found = self.matches(name)
            if len(found) == 1:
                self.added.append(found[0])
            elif not found:
                self.add_error(
                    "add", _("No one named “%(name)s” may be put on this shift.") % {"name": name}
                )
            else:
                self.candidates += [m for m in found if m not in self.candidates + chosen]
                listed = ", ".join(f"{m.full_name} ({m.team.name})" for m in found)
                self.add_error(
                    "add",
                    _(
                        "Several people match “%(name)s”: %(people)s. Tick the one you mean below, "
                        "or type more of the name."
                    )
                    % {"name": name, "people": listed},
                )
        cleaned["members"] = chosen + [m for m in self.added if m not in chosen]
        return cleaned


class TeamForm(forms.Form):
    name = forms.CharField(label=_("Name of the team"), max_length=150)
    group = forms.ModelChoiceField(
        queryset=ResidentialGroup.objects.none(),
        required=False,
        label=_("Residential group"),
        empty_label=_("The whole ward"),
    )

    def __init__(self, *args, groups, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        group = cast(forms.ModelChoiceField, self.fields["group"])
        group.queryset = groups
        # Django's documented way to relabel choices; mypy refuses any assignment to a method.
        group.label_from_instance = lambda g: g.name  # type: ignore[method-assign, assignment]

    def clean_name(self) -> str:
        return clean(self.cleaned_data["name"])
