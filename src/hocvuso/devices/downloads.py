"""The residents a phone keeps for offline search, downloaded a page at a time and then
kept up to date with only what changed: new, changed, and gone (removed from the registry,
moved out of the person's groups, erased) as `removed`.

Each download remembers which residents it sent and in which group, so the next one can
tell what left the scope without any record of deletions."""

import datetime

from django.core import signing
from django.db.models import Q
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.devices.models import ResidentDownload
from hocvuso.people.models import Resident
from hocvuso.people.queries import residents_for

_SALT = "hocvuso.devices.download"
KEEP = 3  # downloads kept per person: the newest and the ones a phone may still resume from
MAX_AGE = datetime.timedelta(days=45)  # a phone that has not synced for this long starts over


class BadCursor(Exception):
    pass


def _current(person: User) -> dict[int, int]:
    rows = residents_for(person).filter(erased_at__isnull=True)
    return dict(rows.values_list("pk", "residential_group_id"))


def start(person: User, since: ResidentDownload | None) -> ResidentDownload:
    """A new download: everyone in scope, or only the changes since `since`."""
    now = timezone.now()
    members = _current(person)
    if since is None:
        changed, removed = sorted(members), []
    else:
        before = {int(pk): group for pk, group in since.members.items()}
        removed = sorted(set(before) - set(members))
        touched = set(
            residents_for(person)
            .filter(
                Q(updated_at__gte=since.started_at) | Q(household__updated_at__gte=since.started_at)
            )
            .values_list("pk", flat=True)
        )
        changed = sorted(
            pk for pk, group in members.items() if before.get(pk) != group or pk in touched
        )
    download = ResidentDownload.objects.create(
        person=person, started_at=now, members=members, removed=removed, changed=changed
    )
    old = ResidentDownload.objects.filter(person=person).order_by("-started_at", "-id")
    stale = list(old.values_list("pk", flat=True)[KEEP:]) + list(
        old.filter(started_at__lt=now - MAX_AGE).values_list("pk", flat=True)
    )
    ResidentDownload.objects.filter(pk__in=stale).exclude(pk=download.pk).delete()
    return download


def cursor(**values: int) -> str:
    return signing.dumps(values, salt=_SALT, compress=True)


def resume(person: User, text: str) -> tuple[ResidentDownload, int]:
    """The download and offset a cursor points to; a `since` cursor starts a new download of
    the changes. A cursor of someone else, altered or too old is a BadCursor."""
    try:
        values = signing.loads(text, salt=_SALT)
    except signing.BadSignature:
        raise BadCursor from None
    if not isinstance(values, dict):
        raise BadCursor
    pk = values.get("since", values.get("download"))
    if not isinstance(pk, int):
        raise BadCursor
    found = ResidentDownload.objects.filter(pk=pk, person=person).first()
    if found is None:
        raise BadCursor
    if "since" in values:
        return start(person, found), 0
    return found, int(values.get("offset", 0))


def page(person: User, download: ResidentDownload, offset: int, limit: int) -> list[dict]:
    """The items of one page: removals first, then the residents to send. A resident who
    left the scope since the download began is sent as removed."""
    entries = [(pk, True) for pk in download.removed] + [(pk, False) for pk in download.changed]
    chosen = entries[offset : offset + limit]
    wanted = [pk for pk, removed in chosen if not removed]
    found = {
        r.pk: r
        for r in residents_for(person)
        .filter(pk__in=wanted, erased_at__isnull=True)
        .select_related("household")
        .only(
            "pk",
            "full_name",
            "birth_year",
            "residential_group_id",
            "household__key",
            "household__address",
        )
    }
    items = []
    for pk, removed in chosen:
        resident = found.get(pk)
        if removed or resident is None:
            items.append(gone(pk))
        else:
            items.append(item(resident))
    return items


def total(download: ResidentDownload) -> int:
    return len(download.removed) + len(download.changed)


def gone(pk: int) -> dict:
    return {
        "id": pk,
        "name": "",
        "birth_year": None,
        "household_code": "",
        "address": "",
        "group_id": None,
        "removed": True,
    }


def item(resident: Resident) -> dict:
    """What the phone keeps of a resident: no phone number, nothing sensitive."""
    return {
        "id": resident.pk,
        "name": resident.full_name,
        "birth_year": resident.birth_year,
        "household_code": resident.household.key,
        "address": resident.household.address,
        "group_id": resident.residential_group_id,
        "removed": False,
    }
