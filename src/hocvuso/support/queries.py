"""Reads of help given and service statuses, scoped like the registry."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import visible
from hocvuso.people import queries as people
from hocvuso.people.models import Household, Resident
from hocvuso.support.models import HelpRecord, HelpRequest, ServiceStatus


def resident_to_help(user: User, pk: int) -> Resident:
    """The resident, if `user` may see them (else a 404), with what the help form shows and
    writes: their household and ward. Not their group nor the registry's order, which cost
    a third of reading them on each of the form, its POST and the form again."""
    found = people.residents_for(user).select_related("household", "ward").filter(pk=pk)
    for resident in found.order_by()[:1]:
        return resident
    raise Http404


def household_help(household: Household, *, limit: int = 30) -> list[HelpRecord]:
    """The household's help history, newest first: who was helped with what, by whom."""
    return list(
        HelpRecord.objects.filter(resident__household=household)
        .select_related("service", "resident", "helped_by")
        .order_by("-helped_at")[:limit]
    )


def household_statuses(household: Household) -> QuerySet[ServiceStatus]:
    return (
        ServiceStatus.objects.filter(resident__household=household)
        .select_related("service", "resident", "updated_by")
        .order_by("resident__name_folded", "service__order")
    )


def household_page(household: Household) -> dict[str, Any]:
    """The household page's digital services and help given (people/household_page.py)."""
    return {"statuses": household_statuses(household), "help_given": household_help(household)}


def requests_for(user: User) -> QuerySet[HelpRequest]:
    """The request queue the user may see: their groups', and the ward's unsorted ones for
    officers."""
    return visible(HelpRequest.objects.all(), user).select_related(
        "residential_group", "assigned_to"
    )
