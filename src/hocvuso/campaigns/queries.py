"""What dashboards and reports read: snapshots only, a bounded number of rows per page,
whatever the number of residents behind them."""

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import scope_of, visible
from hocvuso.campaigns import dashboard_cache
from hocvuso.campaigns.indicators import INDICATORS, Indicator
from hocvuso.campaigns.models import Campaign, ManualCount, ManualIndicator, Snapshot, Target
from hocvuso.campaigns.snapshots import HELP_PREFIX, MANUAL_PREFIX
from hocvuso.places.models import ResidentialGroup, Ward
from hocvuso.places.queries import MAX_ID, wards_seen
from hocvuso.support.models import Service, Task
from hocvuso.web.refusals import Refused


def campaigns_for(user: User) -> QuerySet[Campaign]:
    """Campaigns covering a ward the user works in."""
    return Campaign.objects.filter(wards__in=wards_seen(user)).distinct()


def campaign_for(user: User, pk: int) -> Campaign:
    return get_object_or_404(campaigns_for(user), pk=pk)


def campaign_with_wards(user: User, pk: int) -> tuple[Campaign, list[Ward]]:
    """What `campaign_for` and `wards_of` find, in one query: the campaign (404 unless it
    covers a ward the user works in) and its wards the user sees, by name. Only those are
    read: a city's campaign covers every ward, an officer sees one."""
    seen = list(_links_seen(user, pk).select_related("campaign", "ward").order_by("ward__name"))
    if not seen:
        raise Http404
    return seen[0].campaign, [link.ward for link in seen]


def campaign_seen(user: User, pk: int) -> Campaign:
    """The campaign, 404 unless it covers a ward the user works in, without its wards: for
    the city's page, which reads its own."""
    link = _links_seen(user, pk).select_related("campaign").first()
    if link is None:
        raise Http404
    return link.campaign


def _links_seen(user: User, pk: int) -> QuerySet:
    """The campaign's links to the active wards the user sees."""
    if not 0 < pk <= MAX_ID:  # the campaign's key, read through its wards' links
        raise Http404
    links = Campaign.wards.through.objects.filter(campaign_id=pk, ward__is_active=True)
    scope = scope_of(user)
    if not scope.everything:
        links = links.filter(ward_id__in=sorted(scope.seen_ward_ids))
    return links


def wards_of(campaign: Campaign, user: User) -> list[Ward]:
    return list(campaign.wards.filter(pk__in=wards_seen(user)).order_by("name"))


def report_day(campaign: Campaign, requested: str | None = None) -> datetime.date:
    """The "as of" day: the one asked for, brought inside the campaign, else today or its
    last day. A day that is not a date (YYYY-MM-DD) is refused."""
    today = timezone.localdate()
    day = min(today, campaign.ends_on)
    if requested:
        try:
            day = datetime.date.fromisoformat(requested)
        except ValueError:
            raise Refused(_("Give the day as YYYY-MM-DD."), status=400) from None
    return max(campaign.starts_on, min(day, campaign.ends_on, today))


def value_of(numerator: float, denominator: float | None) -> float | None:
    """A share in percent, or the count itself; None for a share of nothing (0 of 0), which
    is no figure at all rather than 0%."""
    if denominator is None:
        return numerator
    return 100 * numerator / denominator if denominator else None


def progress_of(value: float | None, target: float | None, kind: str) -> float | None:
    """How far a figure is towards its target, 1.0 meaning reached. For a median of days or
    hours lower is better, so the target is a ceiling."""
    if value is None or not target:
        return None
    if kind == "median":
        return min(1.0, target / value) if value else 1.0
    return min(1.0, value / target)


@dataclass
class Figure:
    code: str
    name: str
    kind: str
    numerator: float | None = None
    denominator: float | None = None
    target: float | None = None
    since_start: float | None = None
    trend: list[tuple[datetime.date, float | None]] = field(default_factory=list)  # None: 0 of 0
    manual: ManualCount | None = None
    definition: Indicator | ManualIndicator | None = None

    @property
    def value(self) -> float | None:
        return None if self.numerator is None else value_of(self.numerator, self.denominator)

    @property
    def progress(self) -> float | None:
        return progress_of(self.value, self.target, self.kind)

    @property
    def behind(self) -> bool:
        return self.progress is not None and self.progress < 1.0


def mean_progress(figures: dict[str, "Figure"]) -> float | None:
    """A group's or ward's mean progress over the indicators that have a target."""
    values = [p for p in (f.progress for f in figures.values()) if p is not None]
    return sum(values) / len(values) if values else None


@dataclass
class GroupRow:
    group: ResidentialGroup
    figures: dict[str, Figure]

    @cached_property
    def progress(self) -> float | None:
        return mean_progress(self.figures)


@dataclass
class WardDashboard:
    campaign: Campaign
    ward: Ward
    day: datetime.date
    snapshot_day: datetime.date | None
    figures: list[Figure]
    groups: list[GroupRow]
    help: list[tuple[str, str, int]]  # service, task, count


def _latest_day(ward_ids: list[int], day: datetime.date) -> datetime.date | None:
    """The last day with a snapshot of these wards. Every ward is snapshotted together, so
    the newest day of all (one step down an index) is nearly always theirs too."""
    newest = (
        Snapshot.objects.filter(day__lte=day).order_by("-day").values_list("day", flat=True)
    ).first()
    if newest is None:
        return None
    if Snapshot.objects.filter(day=newest, ward_id__in=ward_ids).exists():
        return newest
    return (
        Snapshot.objects.filter(ward_id__in=ward_ids, day__lte=day)
        .order_by("-day")
        .values_list("day", flat=True)
        .first()
    )


def _targets(campaign: Campaign, ward_ids: list[int]) -> dict[tuple[int, int | None, str], float]:
    rows = Target.objects.filter(campaign=campaign, ward_id__in=ward_ids).values_list(
        "ward_id", "residential_group_id", "indicator", "value"
    )
    return {(ward_id, group_id, code): value for ward_id, group_id, code, value in rows}


def _manual_definitions(ward_ids: list[int]) -> dict[str, ManualIndicator]:
    return {
        f"{MANUAL_PREFIX}{m.code}": m for m in ManualIndicator.objects.filter(ward_id__in=ward_ids)
    }


def _figure(code: str, manual: dict[str, ManualIndicator]) -> Figure:
    if code in INDICATORS:
        indicator = INDICATORS[code]
        return Figure(code, str(indicator.name), indicator.kind, definition=indicator)
    definition = manual.get(code)
    return Figure(code, definition.name if definition else code, "count", definition=definition)


def ward_dashboard(campaign: Campaign, ward: Ward, user: User, day: datetime.date) -> WardDashboard:
    """The ward's figures on `day`, their trend since the campaign began, and its groups
    ranked with those furthest from their targets first."""
    snapshot_day = _latest_day([ward.pk], day)
    manual = _manual_definitions([ward.pk])
    targets = _targets(campaign, [ward.pk])
    figures: dict[str, Figure] = {code: _figure(code, manual) for code in [*INDICATORS, *manual]}
    # The days named one by one rather than as a range: SQLite then reads each day's rows of
    # the ward through the unique index, not every snapshot of the ward and of its groups.
    eve = campaign.starts_on - datetime.timedelta(days=1)
    days = [eve + datetime.timedelta(days=n) for n in range((day - eve).days + 1)]
    ward_rows = Snapshot.objects.filter(
        ward=ward, residential_group__isnull=True, day__in=days
    ).exclude(indicator__startswith=HELP_PREFIX)
    first: dict[str, float] = {}
    for code, snap_day, num, den in ward_rows.order_by("day").values_list(
        "indicator", "day", "numerator", "denominator"
    ):
        figure = figures.get(code)
        if figure is None:
            continue
        if snap_day < campaign.starts_on:
            first[code] = num
            continue
        first.setdefault(code, num)
        figure.trend.append((snap_day, value_of(num, den)))
        if snap_day == snapshot_day:
            figure.numerator, figure.denominator = num, den
    for code, figure in figures.items():
        figure.target = targets.get((ward.pk, None, code))
        if figure.numerator is not None and figure.kind == "count" and code in first:
            figure.since_start = figure.numerator - first[code]
    for count in (
        ManualCount.objects.filter(indicator__ward=ward, counted_on__lte=day)
        .select_related("entered_by", "indicator")
        .order_by("counted_on", "entered_at")
    ):
        figures[f"{MANUAL_PREFIX}{count.indicator.code}"].manual = count
    groups = _group_rows(campaign, ward, user, snapshot_day, targets, figures)
    help_rows = []
    if snapshot_day:
        services = dict(Service.objects.values_list("code", "name"))
        tasks = dict(Task.choices)
        for code, num in Snapshot.objects.filter(
            ward=ward, day=snapshot_day, indicator__startswith=HELP_PREFIX
        ).values_list("indicator", "numerator"):
            service, task = code.removeprefix(HELP_PREFIX).split(":", 1)
            help_rows.append((services.get(service, service), str(tasks.get(task, task)), int(num)))
        help_rows.sort(key=lambda row: -row[2])
    return WardDashboard(
        campaign, ward, day, snapshot_day, list(figures.values()), groups, help_rows
    )


def _group_rows(
    campaign: Campaign,
    ward: Ward,
    user: User,
    snapshot_day: datetime.date | None,
    targets: dict,
    ward_figures: dict[str, Figure],
) -> list[GroupRow]:
    if snapshot_day is None:
        return []
    groups = {g.pk: g for g in visible(ward.groups.filter(closed_at__isnull=True), user)}
    rows = {pk: GroupRow(group, {}) for pk, group in groups.items()}
    names = {code: str(indicator.name) for code, indicator in INDICATORS.items()}
    for group_id, code, num, den in Snapshot.objects.filter(
        ward=ward, day=snapshot_day, residential_group_id__in=list(groups)
    ).values_list("residential_group_id", "indicator", "numerator", "denominator"):
        indicator = INDICATORS.get(code)
        if indicator is None:
            continue
        # A group without a target of its own is held to the ward's target for a share.
        target = targets.get((ward.pk, group_id, code))
        if target is None and indicator.is_share:
            target = ward_figures[code].target
        rows[group_id].figures[code] = Figure(code, names[code], indicator.kind, num, den, target)
    ranked = list(rows.values())
    ranked.sort(key=lambda row: (row.progress is None, row.progress or 0, row.group.sort_name))
    return ranked


class WardName(NamedTuple):
    pk: int
    name: str


@dataclass
class WardRow:
    ward: WardName
    figures: dict[str, Figure]

    @cached_property
    def progress(self) -> float | None:
        return mean_progress(self.figures)


@dataclass
class CityDashboard:
    campaign: Campaign
    day: datetime.date
    snapshot_day: datetime.date | None
    figures: list[Figure]
    shown_wards: list[WardRow]  # furthest behind first: all, or the first CITY_ROWS
    ward_count: int
    key: str  # what the board was kept under: the same key, the same board


CITY_CACHE_SECONDS = 24 * 3600
CITY_ROWS = 25  # wards listed before "show all": those furthest behind
CITY_COLUMNS = ("vneid_level2", "households_reached", "learners", "help_given")


def city_dashboard(
    campaign: Campaign, user: User, day: datetime.date, *, show_all: bool = False
) -> CityDashboard:
    """The campaign's wards compared: the city's figures and trend (sums of the wards'),
    and the wards ranked with those furthest from their targets first.

    The comparison changes only when a snapshot is taken or a target set or cleared, so it
    is kept in the shared cache under the newest snapshot's and target's ids and the
    dashboards' version (campaigns/dashboard_cache.py): a city of a hundred wards then costs
    a page view about what one ward does.
    """
    ward_ids = sorted(campaign.wards.filter(pk__in=wards_seen(user)).values_list("pk", flat=True))
    newest_snapshot = Snapshot.objects.order_by("-pk").values_list("pk", flat=True).first()
    newest_target = (
        Target.objects.filter(campaign=campaign).order_by("-pk").values_list("pk", flat=True)
    ).first()
    digest = hashlib.sha256(",".join(map(str, ward_ids)).encode()).hexdigest()[:16]
    key = ":".join(
        map(
            str,
            ("campaigns:city:v2", campaign.pk, digest, day, translation.get_language(),
             newest_snapshot, newest_target, dashboard_cache.version(), show_all),
        )
    )  # fmt: skip
    board = cache.get(key)
    if board is None:
        board = _city_board(campaign, ward_ids, day)
        # Only the rows the page lists are kept: a smaller entry is quicker to read back.
        board = (*board[:2], board[2] if show_all else board[2][:CITY_ROWS], len(board[2]))
        cache.set(key, board, CITY_CACHE_SECONDS)
    snapshot_day, figures, shown, count = board
    return CityDashboard(campaign, day, snapshot_day, figures, shown, count, key)


def _city_board(campaign: Campaign, ward_ids: list[int], day: datetime.date) -> tuple:
    snapshot_day = _latest_day(ward_ids, day)
    summable = [code for code, i in INDICATORS.items() if i.kind != "median"]
    totals = (
        Snapshot.objects.filter(
            ward_id__in=ward_ids,
            residential_group__isnull=True,
            indicator__in=summable,
            day__gte=campaign.starts_on,
            day__lte=day,
        )
        .values("day", "indicator")
        .annotate(num=Sum("numerator"), den=Sum("denominator"))
        .order_by("day")
        .values_list("day", "indicator", "num", "den")
    )
    targets = _targets(campaign, ward_ids)
    # Plain figures, without their definitions' functions: the result is cached.
    figures = {code: Figure(code, str(i.name), i.kind) for code, i in INDICATORS.items()}
    for total_day, code, num, den in totals:
        figure = figures[code]
        figure.trend.append((total_day, value_of(num, den)))
        if total_day == snapshot_day:
            figure.numerator, figure.denominator = num, den
    for code, figure in figures.items():
        ward_targets = [targets.get((w, None, code)) for w in ward_ids]
        if figure.kind == "count" and ward_targets and all(t is not None for t in ward_targets):
            figure.target = sum(t for t in ward_targets if t is not None)
    # Plain names rather than model instances: unpickling a hundred models is slow.
    rows = {
        pk: WardRow(WardName(pk, name), {})
        for pk, name in Ward.objects.filter(pk__in=ward_ids).values_list("pk", "name")
    }
    if snapshot_day:
        names = {code: str(indicator.name) for code, indicator in INDICATORS.items()}
        for ward_id, code, num, den in Snapshot.objects.filter(
            ward_id__in=ward_ids,
            residential_group__isnull=True,
            day=snapshot_day,
            indicator__in=list(INDICATORS),
        ).values_list("ward_id", "indicator", "numerator", "denominator"):
            target = targets.get((ward_id, None, code))
            rows[ward_id].figures[code] = Figure(
                code, names[code], INDICATORS[code].kind, num, den, target
            )
    ranked = sorted(rows.values(), key=lambda r: (r.progress is None, r.progress or 0, r.ward.name))
    for row in ranked:  # keep what the page shows; the progress is already worked out
        row.figures = {code: row.figures[code] for code in CITY_COLUMNS if code in row.figures}
    return snapshot_day, [figures[c] for c in INDICATORS], ranked


def drill_down(
    user: User, ward: Ward, code: str, group_id: int | None, day: datetime.date
) -> QuerySet | None:
    """The records behind a figure, as the viewer may see them; None when the indicator has
    no list of records (a median, or a count entered by hand)."""
    indicator = INDICATORS.get(code)
    if indicator is None or indicator.records is None:
        return None
    return visible(indicator.records(ward.pk, group_id, day), user)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def open_data(campaign: Campaign, day: datetime.date) -> list[dict]:
    """Aggregate figures only, per ward and group and day: no person can be told apart."""
    # Ids, not a subquery: the snapshots may be read from a replica (campaigns/replica.py).
    rows = Snapshot.objects.filter(
        ward_id__in=list(campaign.wards.values_list("pk", flat=True)),
        day__gte=campaign.starts_on,
        day__lte=day,
        indicator__in=list(INDICATORS),
    ).filter(Q(residential_group__isnull=True) | Q(residential_group__closed_at__isnull=True))
    return [
        {
            "day": r["day"].isoformat(),
            "ward_code": r["ward_id"],
            "ward": r["ward__name"],
            "residential_group": r["residential_group__name"] or "",
            "indicator": r["indicator"],
            "numerator": r["numerator"],
            "denominator": r["denominator"],
            "value": _rounded(value_of(r["numerator"], r["denominator"])),
        }
        for r in rows.order_by(
            "day", "ward_id", "residential_group__sort_name", "indicator"
        ).values(
            "day",
            "ward_id",
            "ward__name",
            "residential_group__name",
            "indicator",
            "numerator",
            "denominator",
        )
    ]
