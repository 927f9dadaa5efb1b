"""What changes campaigns: creating one, setting targets, counts entered by hand, reports."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import may
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import Campaign, ManualCount, ManualIndicator, Report, Target
from hocvuso.places.models import Ward
from hocvuso.text.folding import clean

MAX_CAMPAIGN_DAYS = 366


class CampaignError(ValueError):
    """A change that cannot be made; the message says why, in the user's language."""


def may_run(user: User, campaign: Campaign) -> bool:
    """Officers of every ward in the campaign may change it."""
    ward_ids = campaign.wards.values_list("pk", flat=True)
    return all(may(user, "administer", "campaigns", ward_id=ward_id) for ward_id in ward_ids)


@transaction.atomic
def campaign_create(
    *, user: User, name: str, starts_on: datetime.date, ends_on: datetime.date, wards: list[Ward]
) -> Campaign:
    if not wards or not all(may(user, "administer", "campaigns", ward_id=w.pk) for w in wards):
        raise PermissionDenied
    if ends_on < starts_on:
        raise CampaignError(_("The campaign must end after it starts."))
    if (ends_on - starts_on).days >= MAX_CAMPAIGN_DAYS:
        raise CampaignError(_("A campaign lasts at most a year."))
    campaign = Campaign.objects.create(
        name=clean(name)[:200], starts_on=starts_on, ends_on=ends_on, created_by=user
    )
    campaign.wards.set(wards)
    defaults = default_targets(ends_on.year)
    for ward in wards:
        Target.objects.bulk_create(
            Target(campaign=campaign, ward=ward, indicator=code, value=value)
            for code, value in defaults.items()
        )
        record(
            actor=user,
            action=AuditEvent.Action.CREATE,
            obj=campaign,
            ward_id=ward.pk,
            summary=_("Campaign %(name)s, from %(start)s to %(end)s")
            % {
                "name": campaign.name,
                "start": f"{starts_on:%d/%m/%Y}",
                "end": f"{ends_on:%d/%m/%Y}",
            },
            changes={"targets": defaults},
        )
    return campaign


def default_targets(year: int) -> dict[str, float]:
    """The targets the national and city plans set for `year`, by indicator: where a new
    campaign starts; each ward may change them."""
    targets = {code: i.default_target(year) for code, i in INDICATORS.items()}
    return {code: value for code, value in targets.items() if value is not None}


@transaction.atomic
def targets_set(
    *,
    user: User,
    campaign: Campaign,
    ward: Ward,
    values: dict[tuple[str, int | None], float | None],
) -> int:
    """Set (or clear, with None) targets by indicator and group (None: the ward), all at
    once. Returns how many targets the ward now has."""
    if not may(user, "edit", "campaigns", ward_id=ward.pk):
        raise PermissionDenied
    if not campaign.wards.filter(pk=ward.pk).exists():
        raise PermissionDenied
    group_ids = set(ward.groups.values_list("pk", flat=True))
    manual = {f"manual:{c}" for c in ward.manual_indicators.values_list("code", flat=True)}
    for (code, group_id), value in values.items():
        if code not in INDICATORS and code not in manual:
            raise CampaignError(_("Unknown indicator: %(code)s") % {"code": code})
        if group_id is not None and group_id not in group_ids:
            raise CampaignError(_("This group is not in the ward."))
        if value is not None and value < 0:
            raise CampaignError(_("A target cannot be negative."))
        if value is not None and code in INDICATORS and INDICATORS[code].is_share and value > 100:
            raise CampaignError(_("A share cannot be over 100%."))
        # Replaced rather than updated: a new row tells cached dashboards to refresh.
        Target.objects.filter(
            campaign=campaign, ward=ward, indicator=code, residential_group_id=group_id
        ).delete()
        if value is not None:
            Target.objects.create(
                campaign=campaign,
                ward=ward,
                indicator=code,
                residential_group_id=group_id,
                value=value,
            )
    record(
        actor=user,
        action=AuditEvent.Action.UPDATE,
        obj=campaign,
        ward_id=ward.pk,
        summary=_("Set the targets of %(name)s") % {"name": campaign.name},
        changes={f"{code}@{group or 'ward'}": value for (code, group), value in values.items()},
    )
    return Target.objects.filter(campaign=campaign, ward=ward).count()


@transaction.atomic
def manual_indicator_create(
    *, user: User, ward: Ward, code: str, name: str, definition: str
) -> ManualIndicator:
    if not may(user, "record", "campaigns", ward_id=ward.pk):
        raise PermissionDenied
    if ManualIndicator.objects.filter(ward=ward, code=code).exists():
        raise CampaignError(_("The ward already has an indicator with this code."))
    indicator = ManualIndicator.objects.create(
        ward=ward, code=code, name=clean(name)[:200], definition=definition.strip(), created_by=user
    )
    record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=indicator,
        summary=_("Indicator entered by hand: %(name)s") % {"name": indicator.name},
    )
    return indicator


@transaction.atomic
def manual_count_add(
    *, user: User, indicator: ManualIndicator, counted_on: datetime.date, value: int, note: str = ""
) -> ManualCount:
    """A count entered by hand, kept with who entered it and when; a later count for the
    same day supersedes it without erasing it."""
    if not may(user, "record", "campaigns", ward_id=indicator.ward_id):
        raise PermissionDenied
    count = ManualCount.objects.create(
        indicator=indicator,
        counted_on=counted_on,
        value=value,
        note=clean(note)[:200],
        entered_by=user,
    )
    record(
        actor=user,
        action=AuditEvent.Action.CREATE,
        obj=count,
        ward_id=indicator.ward_id,
        summary=f"{indicator.name}: {value} ({counted_on:%d/%m/%Y})",
    )
    return count


def report_request(
    *, user: User, campaign: Campaign, ward: Ward, kind: str, as_of: datetime.date
) -> Report:
    """Queue a report; the task worker writes its .xlsx and PDF."""
    from hocvuso.campaigns.tasks import build_report_task

    if not may(user, "edit", "campaigns", ward_id=ward.pk):
        raise PermissionDenied
    if not campaign.wards.filter(pk=ward.pk).exists():
        raise PermissionDenied
    report = Report.objects.create(
        campaign=campaign, ward=ward, kind=kind, as_of=as_of, requested_by=user
    )
    transaction.on_commit(lambda: build_report_task.enqueue(report.pk))
    return report
