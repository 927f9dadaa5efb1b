"""Give a migrated hocvuso database one campaign over some wards, with ward and group
snapshots for yesterday and today, as one province's deployment would publish them.

Run in another process: `python rollup_instance.py '{"313": {"help_given": [40, null]}}'`
(ward code -> indicator -> [numerator, denominator] for today; yesterday's are smaller).
"""

import datetime
import json
import sys

import django

django.setup()

from django.utils import timezone  # noqa: E402

from hocvuso.accounts.models import User  # noqa: E402
from hocvuso.campaigns.models import Campaign, Snapshot  # noqa: E402
from hocvuso.places.models import ResidentialGroup  # noqa: E402
from hocvuso.places.services import load_official_units  # noqa: E402

load_official_units()
figures = {int(ward): values for ward, values in json.loads(sys.argv[1]).items()}
today = timezone.localdate()
yesterday = today - datetime.timedelta(days=1)
officer = User.objects.create(username="officer")
campaign = Campaign.objects.create(
    name="Chiến dịch 45 ngày",
    starts_on=today - datetime.timedelta(days=5),
    ends_on=today + datetime.timedelta(days=39),
    created_by=officer,
)
campaign.wards.set(figures)
snapshots = []
for ward, values in figures.items():
    group = ResidentialGroup.objects.create(ward_id=ward, name="Tổ dân phố số 1")
    for code, (numerator, denominator) in values.items():
        for day, scale in ((yesterday, 0.5), (today, 1)):
            snapshots.append(
                Snapshot(day=day, ward_id=ward, indicator=code, numerator=numerator * scale,
                         denominator=denominator)
            )  # fmt: skip
        # The group's figure is inside the ward's: summing both would count it twice.
        snapshots.append(
            Snapshot(day=today, ward_id=ward, residential_group=group, indicator=code,
                     numerator=numerator, denominator=denominator)
        )  # fmt: skip
Snapshot.objects.bulk_create(snapshots)
print(campaign.pk)
