"""Reads of the registry that pages, exports and the API share. Every one starts from what
the acting user may see (`accounts.scoping.visible`)."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import require
from hocvuso.accounts.scoping import scope_of, visible
from hocvuso.people import search_index
from hocvuso.people.models import ELDERLY_AGE, Disability, Household, ImportBatch, Resident
from hocvuso.places.models import ResidentialGroup
from hocvuso.places.queries import group_asked
from hocvuso.text.folding import fold
from hocvuso.text.phones import phone_digits
from hocvuso.web.refusals import Refused

# Age bands the campaign speaks of: VNeID is issued from 14, the elderly are 60+.
AGE_BANDS: dict[str, tuple[int, int | None]] = {
    "0-13": (0, 13),
    "14-17": (14, 17),
    "18-59": (18, 59),
    "60-79": (60, 79),
    "80+": (80, None),
}
FLAGS = {
    "elderly": _("Elderly (60+)"),
    "disability": _("With a disability"),
    "no_smartphone": _("No smartphone"),
    "no_internet": _("No internet"),
    "not_reached": _("Not reached yet"),
}
_MOSTLY_DIGITS = re.compile(r"^[\d\s.+\-()]{3,}$")
SEARCH_MAX = 100
# Control characters (a NUL byte among them) are in no name, address or phone.
_UNSEARCHABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ResidentFilter:
    q: str = ""
    group_id: int | None = None
    age_band: str = ""
    flags: frozenset[str] = field(default_factory=frozenset)

    @property
    def reads_sensitive(self) -> bool:
        return "disability" in self.flags

    def describe(self) -> dict[str, object]:
        return {
            "q": self.q,
            "group": self.group_id,
            "age_band": self.age_band,
            "flags": sorted(self.flags),
        }


def search_text(q: str) -> str:
    """The text typed into a search box, stripped; refused (400) when it is too long or holds
    a control character, rather than cut or dropped into a search for everyone."""
    text = q.strip()
    if len(text) > SEARCH_MAX or _UNSEARCHABLE.search(text):
        raise Refused(
            _("Search for at most 100 letters and digits; this text cannot be searched."),
            status=400,
        )
    return text


def resident_filter(
    user: User,
    *,
    q: str = "",
    group: str | int | None = None,
    age: str = "",
    flags: Iterable[str] = (),
) -> ResidentFilter:
    """The filter asked for, checked against what `user` may see. A foreign or unknown group,
    an unknown age band or flag, or text that cannot be searched is refused, never dropped:
    a dropped filter lists everyone the user sees."""
    chosen = group_asked(groups_for(user), group)
    flags = frozenset(flags)
    if (age and age not in AGE_BANDS) or not flags <= FLAGS.keys():
        raise Refused(_("This filter does not exist; choose one from the list."), status=400)
    return ResidentFilter(
        q=search_text(q), group_id=chosen.pk if chosen else None, age_band=age, flags=flags
    )


def groups_for(user: User) -> QuerySet[ResidentialGroup]:
    """The open residential groups `user` may see, for filters and forms."""
    groups = ResidentialGroup.objects.filter(closed_at__isnull=True, ward__is_active=True)
    return visible(groups.select_related("ward"), user)


def households_for(user: User) -> QuerySet[Household]:
    return visible(Household.objects.all(), user)


def residents_for(user: User) -> QuerySet[Resident]:
    return visible(Resident.objects.all(), user)


def household_for(user: User, pk: int) -> Household:
    """The household, if `user` may see it; otherwise a 404 that says nothing of it."""
    household = (
        households_for(user).select_related("residential_group", "ward").filter(pk=pk).first()
    )
    if household is None:
        raise Http404
    return household


def resident_for(user: User, pk: int) -> Resident:
    """The resident, if `user` may see them; otherwise a 404."""
    resident = (
        residents_for(user)
        .select_related("household", "residential_group", "ward")
        .filter(pk=pk)
        .first()
    )
    if resident is None:
        raise Http404
    return resident


def _birth_years(band: str, today: datetime.date) -> Q:
    low, high = AGE_BANDS[band]
    condition = Q(birth_year__lte=today.year - low)
    if high is not None:
        condition &= Q(birth_year__gte=today.year - high)
    return condition


def _starts_a_word(field: str, term: str) -> Q:
    return Q(**{f"{field}__startswith": term}) | Q(**{f"{field}__contains": " " + term})


def search_condition(q: str, *, ward_ids: Iterable[int] | None = None) -> tuple[Q, str]:
    """The filter on residents for a search box's text, and the folded text to rank by.

    Digits look for a phone (the resident's or the household's); words must each start a
    word of the name or of the household's address and code, with or without diacritics.
    Given the wards searched, the search index narrows the rows first (`search_index`).
    """
    # A resident's household is always in the resident's ward; saying so lets PostgreSQL
    # read the ward's households, not every household of a metropolis, when it joins them
    # for the address terms (the count of a search took 800 ms among 14 million).
    wards = None if ward_ids is None else sorted(ward_ids)
    in_wards = Q() if wards is None else Q(household__ward_id__in=wards)
    if _MOSTLY_DIGITS.match(q):
        digits = phone_digits(q)
        # Numeric household codes ("313-000001") look like phones too.
        code = _starts_a_word("household__search_text", fold(q))
        condition = Q(phone__contains=digits) | Q(household__phone__contains=digits) | code
        indexed = digits and search_index.candidates(
            connection=connection, ward_ids=wards, words=[fold(q)], digits=digits
        )
        return in_wards & (indexed & condition if indexed else condition), ""
    folded = fold(q)
    condition = in_wards
    for term in folded.split(" "):
        condition &= _starts_a_word("name_folded", term) | _starts_a_word(
            "household__search_text", term
        )
    indexed = search_index.candidates(
        connection=connection, ward_ids=wards, words=folded.split(" ")
    )
    return (indexed & condition if indexed else condition), folded


def _searched_wards(user: User) -> frozenset[int] | None:
    """The wards a search by `user` reads; None for every ward."""
    scope = scope_of(user)
    return None if scope.everything else scope.seen_ward_ids


def filter_residents(
    user: User, flt: ResidentFilter, *, today: datetime.date | None = None
) -> QuerySet[Resident]:
    today = today or datetime.date.today()
    residents = residents_for(user)
    ranked_by = ""
    if flt.q.strip():
        condition, ranked_by = search_condition(flt.q.strip(), ward_ids=_searched_wards(user))
        residents = residents.filter(condition)
    if flt.group_id:
        residents = residents.filter(residential_group_id=flt.group_id)
    if flt.age_band in AGE_BANDS:
        residents = residents.filter(_birth_years(flt.age_band, today))
    if "elderly" in flt.flags:
        residents = residents.filter(birth_year__lte=today.year - ELDERLY_AGE)
    if "disability" in flt.flags:
        residents = residents.filter(Exists(Disability.objects.filter(resident=OuterRef("pk"))))
    if "no_smartphone" in flt.flags:
        residents = residents.filter(household__has_smartphone=False)
    if "no_internet" in flt.flags:
        residents = residents.filter(household__has_internet=False)
    if "not_reached" in flt.flags:
        residents = residents.filter(household__first_reached_at__isnull=True)
    residents = residents.select_related("household", "residential_group")
    if ranked_by:
        rank = Case(
            When(name_folded=ranked_by, then=Value(0)),
            When(name_folded__startswith=ranked_by, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return residents.order_by(rank, "name_folded", "id")
    return residents.order_by("name_folded", "id")


def import_batch_for(user: User, pk: int) -> ImportBatch:
    """An import batch, for an officer of its ward: 404 if there is none, else 403 (the
    PermissionDenied every loader raises) if it is not theirs."""
    batch = ImportBatch.objects.select_related("ward", "created_by").filter(pk=pk).first()
    if batch is None:
        raise Http404
    require(user, "record", "data", ward_id=batch.ward_id)
    return batch
