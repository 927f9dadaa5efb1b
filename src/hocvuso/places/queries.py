"""Reads of the map, scoped to the acting user."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet
from django.http import Http404
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.models import Role, User
from hocvuso.accounts.permissions import require
from hocvuso.accounts.scoping import administered_ward_ids, scope_of
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.web.refusals import Refused

MAX_ID = 2**63 - 1  # the largest primary key; a larger number cannot name anything
WARD_REFUSED = _("This ward does not exist, or it is not one you work in.")
GROUP_REFUSED = _("This residential group does not exist, or it is not one you may see.")
NOT_A_NUMBER = _("A ward or a residential group is asked for by its number.")


def is_id(text: str) -> bool:
    """Whether `text` can name a row: ASCII digits making 1 to MAX_ID. `str.isdigit()` alone
    takes "²", which int() refuses, and numbers past what the database holds."""
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


def asked_id(
    requested: str | int | None,
    refusal: str | Promise,
    *,
    malformed: str | Promise = NOT_A_NUMBER,
) -> int | None:
    """The number in a `?ward=`, a `?group=` or a form's choice: None when none was asked
    for; refused (400, with `malformed`) when it is not a whole number, and (404, with
    `refusal`) when nothing can have it."""
    if requested is None or requested == "":
        return None
    text = str(requested).strip()
    if not text.isascii() or not text.isdigit():
        raise Refused(malformed, status=400)
    number = int(text)
    if not 0 < number <= MAX_ID:
        raise Refused(refusal)
    return number


def ward_asked(wards: QuerySet[Ward], requested: str | int | None) -> Ward | None:
    """The ward asked for among `wards`, None when none was asked for; any other is refused."""
    return _one_asked(wards, requested, WARD_REFUSED)


def group_asked(
    groups: QuerySet[ResidentialGroup], requested: str | int | None
) -> ResidentialGroup | None:
    """The group asked for among `groups`, None when none was asked for; any other (another
    ward's, another team's, an unknown number) is refused, never replaced by the user's own."""
    return _one_asked(groups, requested, GROUP_REFUSED)


def _one_asked(objects: QuerySet, requested: str | int | None, refused: Promise) -> Any:
    pk = asked_id(requested, refused)
    if pk is None:
        return None
    found = objects.filter(pk=pk).first()
    if found is None:
        raise Refused(refused)
    return found


def wards_seen(user: User) -> QuerySet[Ward]:
    """The active wards `user` works in, whole or in part."""
    scope = scope_of(user)
    wards = Ward.objects.filter(is_active=True)
    return wards if scope.everything else wards.filter(pk__in=sorted(scope.seen_ward_ids))


def working_ward(user: User, requested: str | None = None) -> Ward:
    """The ward a page acts on: the one asked for, which must be one of the user's (else
    refused), or without one their first; a user who works in no ward gets a 403."""
    wards = wards_seen(user)
    first = wards.order_by("pk").first()
    if first is None:
        raise PermissionDenied
    return ward_asked(wards, requested) or first


def wards_administered(user: User) -> QuerySet[Ward]:
    ward_ids = administered_ward_ids(user)
    wards = Ward.objects.filter(is_active=True).select_related("province")
    return wards if ward_ids is None else wards.filter(pk__in=sorted(ward_ids))


def officer_ward(user: User, requested: str | None = None) -> Ward:
    """The ward an officer acts on: the one asked for, which they must administer (else
    refused, so a form never writes into another ward than the one named), or without one
    their first. A user who administers no ward gets a 403."""
    wards = wards_administered(user)
    first = wards.first()
    if first is None:
        raise PermissionDenied
    return ward_asked(wards, requested) or first


def staff_ward(request: AuthenticatedHttpRequest, *, administer: bool = False) -> Ward:
    """The ward a staff page acts on, the one way every staff page finds it: `?ward=` (or a
    form's `ward` field), which must be one the user works in (with `administer`: one they
    administer), else refused, never replaced; without one, their first. A user with no
    such ward gets a 403."""
    requested = request.POST.get("ward") or request.GET.get("ward")
    if administer:
        return officer_ward(request.user, requested)
    return working_ward(request.user, requested)


def wards_to_set_up(user: User) -> QuerySet[Ward]:
    """Wards where `user` is the officer and which are not yet set up for the campaign."""
    return Ward.objects.filter(
        is_active=False, role_assignments__user=user, role_assignments__role=Role.OFFICER
    ).distinct()


def groups_with_counts(ward: Ward) -> QuerySet[ResidentialGroup]:
    """The ward's groups, open first, each with its number of households."""
    return (
        ward.groups.annotate(household_count=Count("households"))
        .select_related("merged_into")
        .order_by(F("closed_at").asc(nulls_first=True), "sort_name")
    )


def group_for(user: User, pk: int) -> ResidentialGroup:
    """A residential group, for an officer of its ward to rename or merge: 404 if there is
    none, else 403 (PermissionDenied) if it is not theirs."""
    group = ResidentialGroup.objects.select_related("ward", "merged_into").filter(pk=pk).first()
    if group is None:
        raise Http404
    require(user, "administer", "residents", ward_id=group.ward_id)
    return group


def public_ward(code: int) -> Ward:
    """The ward a public page (no login) is about, named by its code in the address: the
    one way those pages find it; 404 for a ward that is not (or not yet) served."""
    ward = Ward.objects.select_related("province").filter(pk=code, is_active=True).first()
    if ward is None:
        raise Http404
    return ward
