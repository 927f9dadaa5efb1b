"""Every indicator a campaign tracks, each with its written definition, how it is computed
for a day, and which records lie behind it.

A figure counts what had happened by the end of its day (Hà Nội time). `compute` returns, for
every ward asked, one figure per residential group (`group_id` set) and one for the ward as
a whole (`group_id` None); records with no group (a mobile point's shift) count only for the
ward. Snapshots store these figures daily; nothing on a page computes them.
"""

import datetime
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.outreach.models import Broadcast
from hocvuso.people.models import ELDERLY_AGE, Disability, Household, Resident
from hocvuso.support.models import HelpRecord, HelpRequest, HomeVisit, RequestStatus, ServiceStatus
from hocvuso.teams.models import Shift, TeamMember

ADULT_AGE = 14  # the age from which a citizen holds an ID card, hence a VNeID account

Unit = tuple[int, int | None]  # (ward id, group id or None for the whole ward)
Figure = tuple[float, float | None]  # (numerator, denominator or None for a plain count)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: Promise
    kind: str  # "share" (percent), "count", or "median" (days or hours)
    numerator: Promise
    denominator: Promise | None
    compute: Callable[[list[int], datetime.date], dict[Unit, Figure]]
    # The records behind the numerator, for a ward or a group: a queryset of the model in
    # `records_model`, to be narrowed by the viewer's scope.
    records: Callable[[int, int | None, datetime.date], QuerySet] | None = None
    by_group: bool = True
    manual: bool = False
    # Targets set by the national and city plans, by year: a new campaign starts with the
    # one for the year it ends in (the latest year before it, if that year has none), and
    # each ward may change it like any target. `source` says where they come from.
    default_targets: tuple[tuple[int, float], ...] = ()
    source: Promise | None = None

    def default_target(self, year: int) -> float | None:
        earlier = [value for target_year, value in self.default_targets if target_year <= year]
        return earlier[-1] if earlier else None

    @property
    def is_share(self) -> bool:
        return self.kind == "share"


def end_of(day: datetime.date) -> datetime.datetime:
    """The last moment of `day` in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _grouped(
    queryset: QuerySet, ward: str = "ward_id", group: str | None = "residential_group_id"
) -> list[tuple[int, int | None, int]]:
    """Distinct rows per ward and group; `group=None` for records of the ward as a whole."""
    # Counting distinct ids sorts every row (an hour for a metropolis' 3.5 million households
    # on PostgreSQL); it is needed only where a join may repeat a row.
    sql, _params = queryset.query.sql_with_params()  # the joins Django keeps, trimmed ones gone
    count = Count("pk", distinct=" JOIN " in sql)
    if group is None:
        rows = queryset.values(ward).annotate(n=count).values_list(ward, "n")
        return [(ward_id, None, n) for ward_id, n in rows]
    return list(queryset.values(ward, group).annotate(n=count).values_list(ward, group, "n"))


def _tally(
    ward_ids: list[int], numerators: QuerySet, denominators: QuerySet | None, **fields: Any
) -> dict[Unit, Figure]:
    """Numerator and denominator per group, and the ward's totals as their sums."""
    figures: dict[Unit, list[Any]] = defaultdict(  # [numerator, denominator or None]
        lambda: [0.0, 0.0 if denominators is not None else None]
    )
    for ward_id in ward_ids:
        figures[(ward_id, None)]  # every ward has a figure, zero if nothing happened
    for ward_id, group_id, n in _grouped(numerators, **fields):
        figures[(ward_id, group_id)][0] += n
        if group_id is not None:
            figures[(ward_id, None)][0] += n
    if denominators is not None:
        for ward_id, group_id, n in _grouped(denominators, **fields):
            figures[(ward_id, group_id)][1] += n
            if group_id is not None:
                figures[(ward_id, None)][1] += n
    return {unit: (num, den) for unit, (num, den) in figures.items()}


def _in(ward_id: int, group_id: int | None, queryset: QuerySet, group: str = "residential_group"):
    queryset = queryset.filter(ward_id=ward_id)
    return queryset.filter(**{f"{group}_id": group_id}) if group_id else queryset


# The registry and what residents can now do ---------------------------------------------


def _adults(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return Resident.objects.filter(
        ward_id__in=ward_ids, created_at__lte=end_of(day), birth_year__lte=day.year - ADULT_AGE
    )


def _with_status(service: str, flag: str, day: datetime.date) -> Q:
    """Residents whose status for the national `service` said `flag` by the end of `day`.
    A list the database builds once, not a lookup per resident: a ward has tens of
    thousands of both."""
    return Q(
        pk__in=ServiceStatus.objects.filter(
            service__code=service,
            service__ward__isnull=True,
            updated_at__lte=end_of(day),
            **{flag: True},
        ).values("resident_id")
    )


def vneid_level2(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    adults = _adults(ward_ids, day)
    return _tally(ward_ids, adults.filter(_with_status("vneid", "level2", day)), adults)


def vneid_level2_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _in(
        ward_id, group_id, _adults([ward_id], day).filter(_with_status("vneid", "level2", day))
    )


def ihanoi_users(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    residents = Resident.objects.filter(ward_id__in=ward_ids, created_at__lte=end_of(day))
    return _tally(ward_ids, residents.filter(_with_status("ihanoi", "has_account", day)), None)


def ihanoi_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    residents = Resident.objects.filter(created_at__lte=end_of(day))
    return _in(ward_id, group_id, residents.filter(_with_status("ihanoi", "has_account", day)))


def _households(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return Household.objects.filter(ward_id__in=ward_ids, created_at__lte=end_of(day))


def households_reached(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    households = _households(ward_ids, day)
    return _tally(ward_ids, households.filter(first_reached_at__lte=end_of(day)), households)


def households_reached_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    reached = _households([ward_id], day).filter(first_reached_at__lte=end_of(day))
    return _in(ward_id, group_id, reached)


def _vulnerable(ward_ids: list[int], day: datetime.date) -> QuerySet:
    """Households with a resident aged 60 or more, or one whose disability is recorded."""
    elderly = Resident.objects.filter(
        ward_id__in=ward_ids, birth_year__lte=day.year - ELDERLY_AGE
    ).values("household_id")
    disabled = Disability.objects.filter(resident__ward_id__in=ward_ids).values(
        "resident__household_id"
    )
    return _households(ward_ids, day).filter(Q(pk__in=elderly) | Q(pk__in=disabled))


def _visited(day: datetime.date) -> Q:
    return Q(
        pk__in=HomeVisit.objects.filter(status="done", done_at__lte=end_of(day)).values(
            "household_id"
        )
    )


def vulnerable_visited(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    vulnerable = _vulnerable(ward_ids, day)
    return _tally(ward_ids, vulnerable.filter(_visited(day)), vulnerable)


def vulnerable_visited_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _in(ward_id, group_id, _vulnerable([ward_id], day).filter(_visited(day)))


def _median_by_unit(rows: Sequence[tuple[int, int | None, float]], ward_ids: list[int]):
    values: dict[Unit, list[float]] = defaultdict(list)
    for ward_id, group_id, value in rows:
        values[(ward_id, group_id)].append(value)
        values[(ward_id, None)].append(value)
    return {
        (ward_id, group_id): (float(statistics.median(vals)), None)
        for (ward_id, group_id), vals in values.items()
        if ward_id in ward_ids
    }


def first_visit_days(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    """Days from a vulnerable household's first planned visit to its first visit done."""
    end = end_of(day)
    visits = (
        HomeVisit.objects.filter(ward_id__in=ward_ids, created_at__lte=end)
        .filter(household__in=_vulnerable(ward_ids, day))
        .values("ward_id", "household__residential_group_id", "household_id")
        .annotate(
            planned=Min("created_at"),
            done=Min("done_at", filter=Q(status="done", done_at__lte=end)),
        )
        .filter(done__isnull=False)
    )
    rows = [
        (v["ward_id"], v["household__residential_group_id"], (v["done"] - v["planned"]).days)
        for v in visits
    ]
    return _median_by_unit(rows, ward_ids)


# Basic digital skills and what the national targets count -------------------------------


def _digital_adults(ward_ids: list[int], day: datetime.date) -> QuerySet:
    from hocvuso.learning.skills import ADULT_AGE

    return Resident.objects.filter(
        ward_id__in=ward_ids, created_at__lte=end_of(day), birth_year__lte=day.year - ADULT_AGE
    )


def _self_reported(day: datetime.date) -> Q:
    """Residents whose latest self-check by the end of `day` says every basic skill is done
    on their own."""
    from hocvuso.learning.models import SelfCheck

    end = end_of(day)
    later = SelfCheck.objects.filter(
        learner=OuterRef("learner"), created_at__gt=OuterRef("created_at"), created_at__lte=end
    )
    latest_met = SelfCheck.objects.filter(
        met_basic=True, created_at__lte=end, learner__resident__isnull=False
    ).filter(~Exists(later))
    return Q(pk__in=latest_met.values("learner__resident_id"))


def _confirmed(day: datetime.date) -> Q:
    from hocvuso.learning.models import SkillConfirmation

    return Q(
        pk__in=SkillConfirmation.objects.filter(confirmed_at__lte=end_of(day)).values("resident_id")
    )


def _has(fact: str) -> Callable[[datetime.date], Q]:
    def condition(day: datetime.date) -> Q:
        from hocvuso.learning.models import ResidentFact

        return Q(
            pk__in=ResidentFact.objects.filter(
                fact=fact, value=True, recorded_at__lte=end_of(day)
            ).values("resident_id")
        )

    return condition


# The denominator every adult share counts.
ADULTS_IN_REGISTRY = _(
    "Residents aged 15 or more (born 15 or more years before the day), in the registry."
)


def _adult_share(
    condition: Callable[[datetime.date], Q],
) -> tuple[
    Callable[[list[int], datetime.date], dict[Unit, Figure]],
    Callable[[int, int | None, datetime.date], QuerySet],
]:
    """The compute and records functions of a share of adults meeting `condition`."""

    def compute(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
        adults = _digital_adults(ward_ids, day)
        return _tally(ward_ids, adults.filter(condition(day)), adults)

    def records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
        return _in(ward_id, group_id, _digital_adults([ward_id], day).filter(condition(day)))

    return compute, records


# Quyết định 757/QĐ-BKHCN sets the framework; the movement's plans ask 80% of adults with
# basic digital skills by the end of 2025 and every adult in 2026.
SKILLS_TARGETS = ((2025, 80.0), (2026, 100.0))
SKILLS_SOURCE = _(
    "Kế hoạch 01-KH/BCĐTW (21/3/2025) on the “Bình dân học vụ số” movement, as the "
    "provinces carry it out: 80 per cent of adults with basic digital skills by the end of "
    "2025, every adult in 2026. Hà Nội's Kế hoạch 138/KH-UBND (15/5/2025) asks more than 85 "
    "per cent in 2025; change the target here to follow it. The skills are those of "
    "Quyết định 757/QĐ-BKHCN (2025)."
)


# Field work -----------------------------------------------------------------------------


def _help_done(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return HelpRecord.objects.filter(
        ward_id__in=ward_ids, outcome="done", helped_at__lte=end_of(day)
    )


def help_given(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    return _tally(ward_ids, _help_done(ward_ids, day), None)


def help_given_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _in(ward_id, group_id, _help_done([ward_id], day))


def help_breakdown(ward_ids: list[int], day: datetime.date) -> dict[tuple[int, str, str], int]:
    """Help given per ward, service and task: the ward-level detail of `help_given`."""
    rows = (
        _help_done(ward_ids, day)
        .values("ward_id", "service__code", "task")
        .annotate(n=Count("pk"))
        .values_list("ward_id", "service__code", "task", "n")
    )
    return {(ward_id, service, task): n for ward_id, service, task, n in rows}


def dossiers_online(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    return _tally(ward_ids, _help_done(ward_ids, day).filter(task="file_dossier"), None)


def dossiers_online_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _in(ward_id, group_id, _help_done([ward_id], day).filter(task="file_dossier"))


def _members(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return TeamMember.objects.filter(ward_id__in=ward_ids, joined_on__lte=day).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def members_trained(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    members = _members(ward_ids, day)
    trained = members.filter(trainings__held_on__lte=day)
    return _tally(ward_ids, trained, members)


def members_trained_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    trained = _members([ward_id], day).filter(trainings__held_on__lte=day).distinct()
    return _in(ward_id, group_id, trained)


def _shifts(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return Shift.objects.filter(ward_id__in=ward_ids, date__lte=day, is_cancelled=False)


def _staffed(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(rostered=Count("assignments")).filter(
        rostered__gte=F("point__min_staff")
    )


def shifts_staffed(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    shifts = _shifts(ward_ids, day)
    staffed = Shift.objects.filter(pk__in=_staffed(shifts).values("pk"))
    return _tally(ward_ids, staffed, shifts, group=None)


def shifts_staffed_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _staffed(_shifts([ward_id], day)).select_related("point")


def _requests(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return HelpRequest.objects.filter(ward_id__in=ward_ids, created_at__lte=end_of(day)).exclude(
        status=RequestStatus.CANCELLED
    )


def requests_resolved(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    requests = _requests(ward_ids, day)
    return _tally(ward_ids, requests.filter(resolved_at__lte=end_of(day)), requests)


def requests_resolved_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _in(ward_id, group_id, _requests([ward_id], day).filter(resolved_at__lte=end_of(day)))


def resolve_hours(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    """Median hours from a help request to its resolution."""
    rows = [
        (ward_id, group_id, (resolved - created).total_seconds() / 3600)
        for ward_id, group_id, created, resolved in _requests(ward_ids, day)
        .filter(resolved_at__lte=end_of(day))
        .values_list("ward_id", "residential_group_id", "created_at", "resolved_at")
    ]
    return _median_by_unit(rows, ward_ids)


def _broadcasts(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return Broadcast.objects.filter(ward_id__in=ward_ids, scheduled_at__lte=end_of(day)).exclude(
        status=Broadcast.Status.CANCELLED
    )


def _aired(ward_ids: list[int], day: datetime.date) -> QuerySet:
    return Broadcast.objects.filter(
        ward_id__in=ward_ids, status=Broadcast.Status.AIRED, aired_at__lte=end_of(day)
    )


def broadcasts_aired(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
    return _tally(ward_ids, _aired(ward_ids, day), _broadcasts(ward_ids, day), group=None)


def broadcasts_aired_records(ward_id: int, group_id: int | None, day: datetime.date) -> QuerySet:
    return _aired([ward_id], day)


# Learning -------------------------------------------------------------------------------


def _learning(field: str) -> Callable[[list[int], datetime.date], dict[Unit, Figure]]:
    def compute(ward_ids: list[int], day: datetime.date) -> dict[Unit, Figure]:
        from hocvuso.learning.queries import counts_by_group

        figures: dict[Unit, Figure] = {}
        for ward_id in ward_ids:
            total = 0
            for group_id, counts in counts_by_group([ward_id], as_of=end_of(day)).items():
                value = getattr(counts, field)
                total += value
                if group_id is not None:
                    figures[(ward_id, group_id)] = (float(value), None)
            figures[(ward_id, None)] = (float(total), None)
        return figures

    return compute


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in (
        Indicator(
            "vneid_level2",
            _("Residents aged 14+ with VNeID level 2"),
            "share",
            _("Residents born 14 or more years before the day, whose VNeID status says level 2."),
            _("Residents born 14 or more years before the day, in the registry on that day."),
            vneid_level2,
            vneid_level2_records,
        ),
        Indicator(
            "ihanoi_users",
            _("iHanoi users"),
            "count",
            _("Residents whose iHanoi status says they have an account."),
            None,
            ihanoi_users,
            ihanoi_records,
        ),
        Indicator(
            "households_reached",
            _("Households reached"),
            "share",
            _("Households that the community team has helped at least once."),
            _("Households in the registry on that day."),
            households_reached,
            households_reached_records,
        ),
        Indicator(
            "vulnerable_visited",
            _("Elderly and disabled households visited"),
            "share",
            _("Households with someone aged 60+ or a recorded disability, visited at home."),
            _("Households with someone aged 60+ or a recorded disability."),
            vulnerable_visited,
            vulnerable_visited_records,
        ),
        Indicator(
            "first_visit_days",
            _("Median days to a first visit"),
            "median",
            _("Days from the first visit planned for such a household to its first visit done."),
            None,
            first_visit_days,
        ),
        Indicator(
            "help_given",
            _("Help given"),
            "count",
            _("Help records marked done, for any service and task."),
            None,
            help_given,
            help_given_records,
        ),
        Indicator(
            "dossiers_online",
            _("Dossiers filed online with help"),
            "count",
            _("Help records of the task “file a dossier online”, marked done."),
            None,
            dossiers_online,
            dossiers_online_records,
        ),
        Indicator(
            "learners",
            _("Learners"),
            "count",
            _("People who finished at least one lesson, counted where they live."),
            None,
            _learning("learners"),
        ),
        Indicator(
            "course_completions",
            _("Course completions"),
            "count",
            _("Courses completed: every lesson done and the quiz passed."),
            None,
            _learning("completions"),
        ),
        Indicator(
            "certificates",
            _("Certificates"),
            "count",
            _("Certificates issued and not revoked on that day."),
            None,
            _learning("certificates"),
        ),
        Indicator(
            "members_trained",
            _("Team members trained"),
            "share",
            _("Active team members who attended at least one training."),
            _("Active team members."),
            members_trained,
            members_trained_records,
        ),
        Indicator(
            "shifts_staffed",
            _("Mobile-point shifts staffed"),
            "share",
            _("Shifts held with at least the point's planned number of people on the roster."),
            _("Shifts planned up to that day and not cancelled."),
            shifts_staffed,
            shifts_staffed_records,
            by_group=False,
        ),
        Indicator(
            "requests_resolved",
            _("Help requests resolved"),
            "share",
            _("Help requests resolved."),
            _("Help requests received, except those cancelled."),
            requests_resolved,
            requests_resolved_records,
        ),
        Indicator(
            "broadcasts_aired",
            _("Broadcasts aired"),
            "share",
            _("Loudspeaker broadcasts marked aired."),
            _("Broadcasts planned up to that day and not cancelled."),
            broadcasts_aired,
            broadcasts_aired_records,
            by_group=False,
        ),
        Indicator(
            "resolve_hours",
            _("Median hours to resolve a request"),
            "median",
            _("Hours from a help request to its resolution."),
            None,
            resolve_hours,
        ),
        Indicator(
            "basic_skills_self",
            _("Adults with basic digital skills (self-reported)"),
            "share",
            _(
                "Residents aged 15 or more whose latest self-check says they do every basic "
                "digital skill on their own: the phone, apps, VNeID, online public services, "
                "payment, shopping, staying safe and iHanoi. What they say, not checked."
            ),
            ADULTS_IN_REGISTRY,
            *_adult_share(_self_reported),
            default_targets=SKILLS_TARGETS,
            source=SKILLS_SOURCE,
        ),
        Indicator(
            "basic_skills_confirmed",
            _("Adults with basic digital skills (confirmed)"),
            "share",
            _(
                "Residents aged 15 or more who passed every basic course and whose skills a "
                "volunteer or coach confirmed after a practical check."
            ),
            ADULTS_IN_REGISTRY,
            *_adult_share(_confirmed),
            default_targets=SKILLS_TARGETS,
            source=SKILLS_SOURCE,
        ),
        Indicator(
            "adults_smartphone",
            _("Adults with a smartphone"),
            "share",
            _("Residents aged 15 or more recorded as having a smartphone of their own."),
            ADULTS_IN_REGISTRY,
            *_adult_share(_has("smartphone")),
            default_targets=((2025, 85.0), (2026, 100.0)),
            source=_(
                "Quyết định 411/QĐ-TTg (31/3/2022), the national strategy for the digital "
                "economy and society, aims at a smartphone for every adult. Hà Nội's Kế hoạch "
                "138/KH-UBND (15/5/2025) asks more than 85 per cent of adults to own one by the "
                "end of 2025; 100 per cent from 2026 follows the movement's aim of every adult."
            ),
        ),
        Indicator(
            "adults_payment_account",
            _("Adults with a payment account"),
            "share",
            _(
                "Residents aged 15 or more recorded as having a payment account at a bank or "
                "another licensed provider (e-wallets included)."
            ),
            ADULTS_IN_REGISTRY,
            *_adult_share(_has("payment_account")),
            default_targets=((2025, 80.0), (2026, 100.0)),
            source=_(
                "Quyết định 411/QĐ-TTg (31/3/2022) aims at more than 80 per cent of adults with a "
                "payment account by 2025 (figure not checked against the text); the national "
                "digital transformation plans count it from age 15. 100 per cent in 2026 follows "
                "the movement's aim of every adult; change it if the city sets another."
            ),
        ),
        Indicator(
            "adults_digital_signature",
            _("Adults with a digital signature"),
            "share",
            _(
                "Residents aged 15 or more recorded as having a personal digital signature, "
                "including a remote digital signature on the phone."
            ),
            ADULTS_IN_REGISTRY,
            *_adult_share(_has("digital_signature")),
            default_targets=((2025, 50.0), (2030, 70.0)),
            source=_(
                "Quyết định 411/QĐ-TTg (31/3/2022) aims at more than half of adults with a "
                "personal digital signature by 2025 (figure not checked against the text); the "
                "National Electronic Authentication Centre aims at 70 per cent by 2030 (reported "
                "August 2025)."
            ),
        ),
    )
}
