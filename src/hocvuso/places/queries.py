"""Reads of the map, scoped to the acting user."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, QuerySet

from hocvuso.accounts.models import Role, User
from hocvuso.accounts.scoping import administered_ward_ids, scope_of
from hocvuso.places.models import ResidentialGroup, Ward


def wards_seen(user: User) -> QuerySet[Ward]:
    """The active wards `user` works in, whole or in part."""
    scope = scope_of(user)
    wards = Ward.objects.filter(is_active=True)
    return wards if scope.everything else wards.filter(pk__in=sorted(scope.seen_ward_ids))


def working_ward(user: User, requested: str | None = None) -> Ward:
    """The ward a page acts on: the one asked for among the user's, else their first; a
    user who works in no ward gets a 403."""
    wards = wards_seen(user)
    ward = wards.filter(pk=int(requested)).first() if requested and requested.isdigit() else None
    ward = ward or wards.order_by("pk").first()
    if ward is None:
        raise PermissionDenied
    return ward


def wards_administered(user: User) -> QuerySet[Ward]:
    ward_ids = administered_ward_ids(user)
    wards = Ward.objects.filter(is_active=True).select_related("province")
    return wards if ward_ids is None else wards.filter(pk__in=sorted(ward_ids))


def officer_ward(user: User, requested: str | None = None) -> Ward:
    """The ward an officer acts on: the one asked for, if they administer it, else their first.

    A user who administers no ward gets a 403.
    """
    wards = wards_administered(user)
    if requested and requested.isdigit():
        ward = wards.filter(pk=int(requested)).first()
        if ward is not None:
            return ward
    ward = wards.first()
    if ward is None:
        raise PermissionDenied
    return ward


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
