"""Daily snapshots: every indicator's figure for every ward and group, kept as taken.

A day's snapshot may be taken again while the day lasts (figures grow during the day); once
the day is over it is frozen, so a trend or an "as of" report never changes afterwards, even
when a record behind it is corrected.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from hocvuso.campaigns.dashboard_cache import dashboards_changed
from hocvuso.campaigns.indicators import INDICATORS, help_breakdown
from hocvuso.campaigns.models import ManualCount, Snapshot

HELP_PREFIX = "help:"  # help:<service>:<task>, ward level
MANUAL_PREFIX = "manual:"  # manual:<code>, entered by hand


def _rows(ward_ids: list[int], day: datetime.date) -> list[Snapshot]:
    rows = []
    for code, indicator in INDICATORS.items():
        for (ward_id, group_id), (num, den) in indicator.compute(ward_ids, day).items():
            rows.append(
                Snapshot(
                    day=day,
                    ward_id=ward_id,
                    residential_group_id=group_id,
                    indicator=code,
                    numerator=num,
                    denominator=den,
                )
            )
    for (ward_id, service, task), n in help_breakdown(ward_ids, day).items():
        rows.append(
            Snapshot(
                day=day, ward_id=ward_id, indicator=f"{HELP_PREFIX}{service}:{task}", numerator=n
            )
        )
    latest: dict[tuple[int, str], int] = {}
    counts = ManualCount.objects.filter(
        indicator__ward_id__in=ward_ids, counted_on__lte=day
    ).order_by("counted_on", "entered_at")
    for ward_id, code, value in counts.values_list(
        "indicator__ward_id", "indicator__code", "value"
    ):
        latest[(ward_id, code)] = value  # the last count entered for the latest date wins
    for (ward_id, code), value in latest.items():
        rows.append(
            Snapshot(day=day, ward_id=ward_id, indicator=f"{MANUAL_PREFIX}{code}", numerator=value)
        )
    return rows


def frozen_wards(ward_ids: list[int], day: datetime.date) -> set[int]:
    """The wards whose snapshot of `day` may no longer change."""
    if day >= timezone.localdate():
        return set()
    return set(
        Snapshot.objects.filter(day=day, ward_id__in=ward_ids).values_list("ward_id", flat=True)
    )


@transaction.atomic
def take_snapshot(ward_ids: list[int], day: datetime.date | None = None) -> int:
    """Compute and store `day`'s figures (today by default) for these wards, all at once.
    Past days already taken are left as they are. Returns the rows written."""
    day = day or timezone.localdate()
    ward_ids = sorted(set(ward_ids) - frozen_wards(ward_ids, day))
    if not ward_ids:
        return 0
    rows = _rows(ward_ids, day)
    Snapshot.objects.filter(day=day, ward_id__in=ward_ids).delete()
    Snapshot.objects.bulk_create(rows, batch_size=2000)
    dashboards_changed()  # written in bulk: no signal says so
    return len(rows)
