"""Choosing a team member: only the members the user may choose, each named once.

A short list (at most `PICKER_LIMIT`) is a plain select grouped by team, the team named
once as the group's label. A longer one is a search that narrows on the server within
the same scope: a text field with a datalist that `teams/picker.js` fills from
`teams:member_search` as the user types; without script, the name typed is looked up
when the form is sent.
"""

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hocvuso.teams.models import TeamMember
from hocvuso.text.folding import fold

PICKER_LIMIT = 30  # longer than this, a picker becomes a search
SEARCH_RESULTS = 20
_ID_AT_END = re.compile(r"#(\d+)\s*$")


def member_label(member: TeamMember) -> str:
    """What the search field shows and sends back: the name, and its number to tell apart
    two people of the same name."""
    return f"{member.full_name} #{member.pk}"


def grouped_choices(members: Iterable[TeamMember]) -> list[tuple[Any, Any]]:
    """`(team name, [(id, member name), ...])` groups, the team named once."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for member in members:
        groups.setdefault(member.team.name, []).append((member.pk, member.full_name))
    return list(groups.items())


def search(members: QuerySet[TeamMember], text: str) -> list[TeamMember]:
    """Members whose name has a word starting with each word of `text`, accents or not."""
    words = fold(text).split()
    if not words:
        return []
    found = []
    for member in members.select_related("team").order_by("full_name", "pk"):
        name = fold(member.full_name).split()
        if all(any(part.startswith(word) for part in name) for word in words):
            found.append(member)
            if len(found) == SEARCH_RESULTS:
                break
    return found


class MemberSearchInput(forms.TextInput):
    template_name = "teams/widgets/member_search.html"

    class Media:
        js = ["teams/picker.js"]

    def __init__(self, *, search_url: str, members: QuerySet[TeamMember], count: int) -> None:
        super().__init__(attrs={"autocomplete": "off", "data-member-search": search_url})
        self.members, self.count = members, count

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            member = self.members.filter(pk=int(value)).first()
            return member_label(member) if member else None
        return super().format_value(value)

    def get_context(self, name: str, value: Any, attrs: dict | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["count"] = self.count
        return context


class MemberChoiceField(forms.ModelChoiceField):
    """A team member among `members`, set by the view with `offer()`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=TeamMember.objects.none(), **kwargs)

    def offer(self, members: QuerySet[TeamMember], *, ward_id: int) -> None:
        members = members.select_related("team").order_by("team__name", "team_id", "full_name")
        self.queryset = members
        count = members.count()
        if count > PICKER_LIMIT:
            url = reverse("teams:member_search") + f"?ward={ward_id}"
            self.widget = MemberSearchInput(search_url=url, members=members, count=count)
            self.help_text = _("Type a few letters of the name, then choose from the list.")
        else:
            self.widget = forms.Select()
            self.choices = [("", "---------"), *grouped_choices(members)]

    def to_python(self, value: Any) -> TeamMember | None:
        if isinstance(self.widget, MemberSearchInput) and isinstance(value, str):
            value = value.strip()
            if value in self.empty_values:
                return None
            numbered = _ID_AT_END.search(value)
            if numbered:
                value = numbered.group(1)
            elif not value.isdigit():
                offered = self.queryset
                assert offered is not None  # set in __init__, narrowed by `offer`
                matches = [m for m in search(offered, value) if fold(m.full_name) == fold(value)]
                if len(matches) != 1:
                    raise forms.ValidationError(
                        _("Choose one person from the list; type a few letters of the name."),
                        code="invalid_choice",
                    )
                return matches[0]
        return super().to_python(value)
