"""Writes to the map: the official list, a ward's activation, its residential groups."""

import datetime
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.audit.services import record
from hocvuso.places.models import GroupEvent, Province, ResidentialGroup, Ward, WardContact
from hocvuso.places.signals import group_merging
from hocvuso.text.folding import clean, fold

if TYPE_CHECKING:
    from hocvuso.accounts.models import User
    from hocvuso.places.forms import WardContactForm

_NUMBER = re.compile(r"\d+")


@transaction.atomic
def load_official_units() -> tuple[int, int]:
    """Load or refresh the 34 provinces and 3,321 wards of the 2025 list; safe to repeat.

    Returns how many provinces and wards the database then holds.
    """
    # The official list is 7 MB in memory: loaded where it is used, never by a web process.
    from vietnam_provinces import Province as OfficialProvince
    from vietnam_provinces import Ward as OfficialWard

    Province.objects.bulk_create(
        [
            Province(
                code=int(p.code),
                name=p.name,
                division_type=p.division_type.value,
                codename=p.codename,
            )
            for p in OfficialProvince.iter_all()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "division_type", "codename"],
    )
    Ward.objects.bulk_create(
        [
            Ward(
                code=int(w.code),
                province_id=int(w.province_code),
                name=w.name,
                division_type=w.division_type.value,
                codename=w.codename,
            )
            for w in OfficialWard.iter_all()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "division_type", "codename"],
        batch_size=500,
    )
    return Province.objects.count(), Ward.objects.count()


@transaction.atomic
def activate_ward(
    *, ward: Ward, actor: "User | None" = None, group_names: Iterable[str] = ()
) -> Ward:
    """Set a ward up for the campaign, with its residential groups if given."""
    if not ward.is_active:
        ward.is_active = True
        ward.activated_at = timezone.now()
        ward.save(update_fields=["is_active", "activated_at"])
        record(
            actor=actor,
            action="update",
            obj=ward,
            ward_id=ward.pk,
            summary=_("Set %(ward)s up for the campaign") % {"ward": ward.name},
        )
    existing = set(ward.groups.filter(closed_at__isnull=True).values_list("name_folded", flat=True))
    for name in group_names:
        if fold(name) not in existing:
            group_create(ward=ward, name=name, actor=actor)
    return ward


def _check_name_free(ward: Ward, name: str, *, exclude: ResidentialGroup | None = None) -> str:
    name = clean(name)
    if not name:
        raise ValidationError(_("Enter the group's name."))
    clash = ward.groups.filter(closed_at__isnull=True, name_folded=fold(name))
    if exclude is not None:
        clash = clash.exclude(pk=exclude.pk)
    if clash.exists():
        raise ValidationError(_("The ward already has a group named “%(name)s”.") % {"name": name})
    return name


@transaction.atomic
def group_create(
    *, ward: Ward, name: str, actor: "User | None" = None, effective_on: datetime.date | None = None
) -> ResidentialGroup:
    name = _check_name_free(ward, name)
    group = ResidentialGroup.objects.create(ward=ward, name=name)
    GroupEvent.objects.create(
        group=group,
        kind=GroupEvent.Kind.CREATED,
        new_name=name,
        effective_on=effective_on or timezone.localdate(),
        recorded_by=actor,
    )
    return group


@transaction.atomic
def group_rename(
    *, group: ResidentialGroup, name: str, actor: "User", effective_on: datetime.date
) -> ResidentialGroup:
    if not group.is_open:
        raise ValidationError(_("This group was merged and can no longer be renamed."))
    name = _check_name_free(group.ward, name, exclude=group)
    old_name = group.name
    if name == old_name:
        return group
    group.name = name
    group.save(update_fields=["name"])
    GroupEvent.objects.create(
        group=group,
        kind=GroupEvent.Kind.RENAMED,
        old_name=old_name,
        new_name=name,
        effective_on=effective_on,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="update",
        obj=group,
        summary=_("Renamed group “%(old)s” to “%(new)s”") % {"old": old_name, "new": name},
    )
    return group


@transaction.atomic
def group_merge(
    *,
    source: ResidentialGroup,
    target: ResidentialGroup,
    actor: "User",
    effective_on: datetime.date,
) -> int:
    """Merge `source` into `target`: its households move and remember where they came from.

    Returns the number of households moved. `source` is closed, not deleted.
    """
    source = ResidentialGroup.objects.select_for_update().get(pk=source.pk)
    if source.pk == target.pk:
        raise ValidationError(_("A group cannot be merged into itself."))
    if source.ward_id != target.ward_id:
        raise ValidationError(_("Only groups of the same ward can be merged."))
    if not source.is_open or not target.is_open:
        raise ValidationError(_("One of these groups was already merged."))
    # Each app moves what it holds of the group (people: its households; outreach: its
    # channels), in this transaction; places imports none of them.
    answers = group_merging.send(
        sender=ResidentialGroup, source=source, target=target, effective_on=effective_on
    )
    # django-stubs types a receiver's answer as str; ours answer a dict of what they moved.
    moved = sum(cast(dict, answer or {}).get("households", 0) for _receiver, answer in answers)
    source.merged_into = target
    source.closed_at = timezone.now()
    source.save(update_fields=["merged_into", "closed_at"])
    GroupEvent.objects.create(
        group=source,
        kind=GroupEvent.Kind.MERGED,
        old_name=source.name,
        other_group=target,
        households_moved=moved,
        effective_on=effective_on,
        recorded_by=actor,
    )
    GroupEvent.objects.create(
        group=target,
        kind=GroupEvent.Kind.ABSORBED,
        new_name=target.name,
        other_group=source,
        households_moved=moved,
        effective_on=effective_on,
        recorded_by=actor,
    )
    record(
        actor=actor,
        action="merge",
        obj=source,
        summary=_("Merged group “%(source)s” into “%(target)s”. Households moved: %(count)d")
        % {"source": source.name, "target": target.name, "count": moved},
    )
    return moved


def group_key(text: str) -> str:
    """How a group is recognised in a list: its number if it has one ("Tổ 11", "TDP số 11",
    "11" are all "11"), else its folded name."""
    folded = fold(text)
    number = _NUMBER.search(folded)
    return str(int(number.group())) if number else folded


def group_resolver(ward: Ward) -> Callable[[str], ResidentialGroup | None]:
    """A lookup from a group as written in a list to one of the ward's open groups."""
    by_key = {group_key(g.name): g for g in ward.groups.filter(closed_at__isnull=True)}
    return lambda text: by_key.get(group_key(text)) if text else None


@transaction.atomic
def contact_save(*, form: "WardContactForm", actor: "User") -> WardContact:
    """The officer's edit of how residents reach the ward, logged with what changed."""
    contact = form.save()
    record(
        actor=actor,
        action="update",
        obj=contact,
        ward_id=contact.ward_id,
        summary=_("Changed the contact details of %(ward)s") % {"ward": contact.ward.name},
        changes={name: form.cleaned_data[name] for name in form.changed_data},
    )
    return contact
