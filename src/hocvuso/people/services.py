"""Writes to the household registry. Each is one transaction and logs itself for audit."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.audit.services import diff, record
from hocvuso.people.models import Consent, Disability, Household, HouseholdMove, Resident
from hocvuso.places.models import ResidentialGroup
from hocvuso.text.folding import fold

HOUSEHOLD_FIELDS = ("key", "address", "phone", "has_smartphone", "has_internet")
RESIDENT_FIELDS = ("full_name", "birth_year", "gender", "relation", "is_head", "phone")


def household_search_text(*, key: str, address: str, phone: str) -> str:
    """What search matches on a household (and so on each of its residents)."""
    # Codes are nearly always plain ASCII ("TM-011-001"): lower-casing is their whole fold.
    key = key.lower() if key.isascii() else fold(key)
    return " ".join(part for part in (phone, fold(address), key) if part)


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _check_group(group: ResidentialGroup) -> None:
    if not group.is_open:
        raise ValidationError(_("This residential group was merged; choose the group it joined."))


@transaction.atomic
def household_save(
    *, actor: User, household: Household, group: ResidentialGroup, data: dict[str, Any]
) -> Household:
    """Create or change a household; moving it to another group is remembered."""
    _check_group(group)
    creating = household.pk is None
    # Read the stored row: a bound form has already copied the new values onto `household`.
    stored = None if creating else Household.objects.get(pk=household.pk)
    before = {} if stored is None else _snapshot(stored, HOUSEHOLD_FIELDS)
    old_group_id = None if stored is None else stored.residential_group_id
    for name, value in data.items():
        setattr(household, name, value)
    household.ward_id = group.ward_id
    household.residential_group = group
    household.search_text = household_search_text(
        key=household.key, address=household.address, phone=household.phone
    )
    if (
        Household.objects.filter(ward_id=group.ward_id, key=household.key)
        .exclude(pk=household.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "key": _("Another household of this ward has the code “%(key)s”.")
                % {"key": household.key}
            }
        )
    household.save()
    changes = diff(before, _snapshot(household, HOUSEHOLD_FIELDS))
    if old_group_id is not None and old_group_id != group.pk:
        HouseholdMove.objects.create(
            household=household,
            from_group_id=old_group_id,
            to_group=group,
            effective_on=timezone.localdate(),
            reason="correction",
        )
        changes["residential_group"] = [old_group_id, group.pk]
    _refresh_residents(household)
    if creating or changes:
        record(
            actor=actor,
            action="create" if creating else "update",
            obj=household,
            summary=(_("Created household %(key)s") if creating else _("Changed household %(key)s"))
            % {"key": household.key},
            changes=changes,
        )
    return household


def _refresh_residents(household: Household) -> None:
    """Keep the residents' copy of the group in step with the household."""
    household.residents.exclude(residential_group_id=household.residential_group_id).update(
        residential_group_id=household.residential_group_id
    )


@transaction.atomic
def resident_save(
    *, actor: User, resident: Resident, household: Household, data: dict[str, Any]
) -> Resident:
    creating = resident.pk is None
    before = {} if creating else _snapshot(Resident.objects.get(pk=resident.pk), RESIDENT_FIELDS)
    for name, value in data.items():
        setattr(resident, name, value)
    resident.household = household
    resident.ward_id = household.ward_id
    resident.residential_group_id = household.residential_group_id
    resident.name_folded = fold(resident.full_name)
    resident.save()
    if resident.is_head:
        # A household has one head: naming a new one demotes the old.
        household.residents.filter(is_head=True).exclude(pk=resident.pk).update(is_head=False)
    changes = diff(before, _snapshot(resident, RESIDENT_FIELDS))
    if creating or changes:
        record(
            actor=actor,
            action="create" if creating else "update",
            obj=resident,
            summary=(
                _("Added %(name)s to household %(key)s")
                if creating
                else _("Changed the record of %(name)s (household %(key)s)")
            )
            % {"name": resident.full_name, "key": household.key},
            changes=changes,
        )
    return resident


@transaction.atomic
def resident_delete(*, actor: User, resident: Resident) -> None:
    record(
        actor=actor,
        action="delete",
        obj=resident,
        summary=_("Removed %(name)s from household %(key)s")
        % {"name": resident.full_name, "key": resident.household.key},
    )
    resident.delete()


@transaction.atomic
def disability_record(
    *,
    actor: User,
    resident: Resident,
    description: str,
    given_by: str,
    given_on: datetime.date,
) -> Disability:
    """Store a disability together with the consent that allows it; never one without the other."""
    if not given_by.strip():
        raise ValidationError({"given_by": _("Say who agreed to record this.")})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": _("The date of consent cannot be in the future.")})
    consent = Consent.objects.create(
        resident=resident,
        purpose=Consent.Purpose.DISABILITY,
        given_by=given_by.strip(),
        given_on=given_on,
        recorded_by=actor,
    )
    disability, created = Disability.objects.update_or_create(
        resident=resident, defaults={"description": description.strip(), "consent": consent}
    )
    record(
        actor=actor,
        action="create" if created else "update",
        obj=resident,
        object_type="disability",
        summary=_("Recorded a disability of %(name)s with consent from %(given_by)s")
        % {"name": resident.full_name, "given_by": consent.given_by},
    )
    return disability


@transaction.atomic
def disability_remove(*, actor: User, resident: Resident) -> None:
    """Erase the disability record and mark its consent withdrawn."""
    disability = Disability.objects.filter(resident=resident).first()
    if disability is None:
        return
    Consent.objects.filter(pk=disability.consent_id).update(withdrawn_at=timezone.now())
    disability.delete()
    record(
        actor=actor,
        action="delete",
        obj=resident,
        object_type="disability",
        summary=_("Erased the disability record of %(name)s") % {"name": resident.full_name},
    )


def disability_read(*, actor: User, resident: Resident) -> Disability | None:
    """Sensitive data is read through here, so every read is logged."""
    disability = Disability.objects.filter(resident=resident).first()
    if disability is not None:
        record(
            actor=actor,
            action="read_sensitive",
            obj=resident,
            object_type="disability",
            summary=_("Viewed the disability record of %(name)s") % {"name": resident.full_name},
        )
    return disability


def move_group_households(
    *,
    source: ResidentialGroup,
    target: ResidentialGroup,
    effective_on: datetime.date,
    reason: str,
) -> int:
    """Move every household of `source` to `target`, remembering each move. Caller holds the
    transaction (a group merge)."""
    household_ids = list(source.households.values_list("pk", flat=True))
    HouseholdMove.objects.bulk_create(
        [
            HouseholdMove(
                household_id=pk,
                from_group=source,
                to_group=target,
                effective_on=effective_on,
                reason=reason,
            )
            for pk in household_ids
        ],
        batch_size=1000,
    )
    Household.objects.filter(residential_group=source).update(residential_group=target)
    Resident.objects.filter(residential_group=source).update(residential_group=target)
    return len(household_ids)
