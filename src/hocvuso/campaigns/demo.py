"""The demo ward's 45-day campaign, with targets and a month of daily snapshots (the month
before today taken by the task worker)."""

import datetime

from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.campaigns import services
from hocvuso.campaigns.models import Campaign
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.campaigns.tasks import history_task
from hocvuso.outreach.models import Broadcast
from hocvuso.outreach.services import broadcasts_plan
from hocvuso.people.models import Household, Resident
from hocvuso.places.models import Ward

DEMO_TARGETS = {
    "vneid_level2": 70.0,
    "households_reached": 80.0,
    "vulnerable_visited": 90.0,
    "first_visit_days": 7.0,
    "help_given": 3000.0,
    "learners": 1000.0,
    "certificates": 500.0,
    "members_trained": 100.0,
    "shifts_staffed": 90.0,
    "requests_resolved": 90.0,
    "broadcasts_aired": 100.0,
    "resolve_hours": 48.0,
}


def populate_campaign(*, ward: Ward, officer: User, days_done: int = 30) -> Campaign | None:
    """Once: a campaign that began `days_done` days ago, its targets, and its snapshots."""
    if ward.campaigns.exists():
        return None
    today = timezone.localdate()
    starts = today - datetime.timedelta(days=days_done)
    campaign = services.campaign_create(
        user=officer,
        name="Chiến dịch 45 ngày “Bình dân học vụ số”",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=44),
        wards=[ward],
    )
    services.targets_set(
        user=officer,
        campaign=campaign,
        ward=ward,
        values={(code, None): value for code, value in DEMO_TARGETS.items()},
    )
    # The demo registry is loaded today, but a real ward's was typed in long before its
    # campaign: date it so, or every past day's figures would count nobody.
    before = timezone.now() - datetime.timedelta(days=days_done + 60)
    Household.objects.filter(ward=ward, created_at__gt=before).update(created_at=before)
    Resident.objects.filter(ward=ward, created_at__gt=before).update(created_at=before)
    _demo_broadcasts(ward, officer, starts)
    take_snapshot([ward.pk], today)  # the dashboard's figures, at once
    # The month before, in the task worker: a day of a 70,000-resident ward's figures takes
    # over half a second, and `make run` need not wait twenty seconds for the trend lines.
    history_task.enqueue(
        ward.pk,
        (today - datetime.timedelta(days=days_done + 1)).isoformat(),
        (today - datetime.timedelta(days=1)).isoformat(),
    )
    return campaign


def _demo_broadcasts(ward: Ward, officer: User, starts: datetime.date) -> None:
    """Three broadcasts a week since the campaign began; all but one in eight aired."""
    broadcasts_plan(user=officer, ward=ward, starts_on=starts, weeks=7)
    now = timezone.now()
    for n, broadcast in enumerate(Broadcast.objects.filter(ward=ward, scheduled_at__lt=now)):
        if n % 8 != 7:
            broadcast.status = Broadcast.Status.AIRED
            broadcast.aired_at = broadcast.scheduled_at + datetime.timedelta(minutes=20)
            broadcast.aired_by = officer
            broadcast.save(update_fields=["status", "aired_at", "aired_by"])
