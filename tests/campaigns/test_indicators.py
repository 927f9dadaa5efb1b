"""Each indicator against figures worked out by hand on a small ward, with the edge cases the
issue names: a person moving household, a merged residential group, and a record corrected
after its day's snapshot."""

import datetime

from django.utils import timezone

from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import ManualCount, ManualIndicator, Snapshot
from hocvuso.campaigns.snapshots import take_snapshot
from hocvuso.learning import services as learning
from hocvuso.places.services import group_merge
from hocvuso.support.models import ServiceStatus

TODAY = timezone.localdate()
NOW = timezone.now()


def figure(code, ward_ids, group_id=None, ward=None):
    result = INDICATORS[code].compute(ward_ids, TODAY)
    return result.get((ward or ward_ids[0], group_id))


def test_vneid_level2_is_a_share_of_residents_aged_14_and_over(field):
    ward = [field.ward.pk]
    assert figure("vneid_level2", ward, field.group11.pk) == (1, 2)  # An of An and Hường
    assert figure("vneid_level2", ward, field.group12.pk) == (0, 1)  # the child does not count
    assert figure("vneid_level2", ward) == (1, 3)
    assert figure("vneid_level2", [field.other_ward.pk], ward=field.other_ward.pk) == (0, 1)


def test_ihanoi_users_households_reached_and_vulnerable_visited(field):
    ward = [field.ward.pk]
    assert figure("ihanoi_users", ward) == (1, None)
    assert figure("households_reached", ward) == (1, 2)
    # h11 (An, 76) and h12 (a recorded disability) are vulnerable; h11 was visited.
    assert figure("vulnerable_visited", ward) == (1, 2)
    assert figure("first_visit_days", ward) == (3, None)


def test_help_dossiers_members_shifts_and_requests(field):
    ward = [field.ward.pk]
    assert figure("help_given", ward) == (2, None)  # the follow-up is not done yet
    assert figure("dossiers_online", ward) == (1, None)
    assert figure("members_trained", ward, field.group11.pk) == (2, 3)
    assert figure("shifts_staffed", ward) == (1, 2)  # the cancelled shift is not planned
    assert figure("requests_resolved", ward, field.group12.pk) == (1, 2)
    assert figure("resolve_hours", ward) == (5, None)


def test_learning_counts_where_the_learner_lives(field, db):
    from hocvuso.learning.curriculum import load_curriculum
    from hocvuso.learning.models import Course

    load_curriculum()
    course = Course.objects.order_by("position").first()
    an = learning.learner_for_resident(field.an)
    for lesson in learning.published_lessons(course):
        learning.lesson_complete(learner=an, lesson=lesson)
    answers = {
        q.pk: [c.pk for c in q.choices.all() if c.is_correct] for q in course.questions.all()
    }
    learning.quiz_submit(learner=an, course=course, answers=answers)
    learning.certificate_issue(learner=an, course=course)
    ward = [field.ward.pk]
    assert figure("learners", ward, field.group11.pk) == (1, None)
    assert figure("course_completions", ward) == (1, None)
    assert figure("certificates", ward) == (1, None)
    yesterday = INDICATORS["certificates"].compute(ward, TODAY - datetime.timedelta(days=1))
    assert yesterday[(field.ward.pk, None)] == (0, None)


def test_a_snapshot_stores_every_figure_and_the_help_breakdown(field):
    written = take_snapshot([field.ward.pk])
    assert written == Snapshot.objects.count()
    ward_row = Snapshot.objects.get(
        ward=field.ward, residential_group=None, indicator="vneid_level2"
    )
    assert (ward_row.numerator, ward_row.denominator, round(ward_row.value, 1)) == (1, 3, 33.3)
    breakdown = dict(
        Snapshot.objects.filter(indicator__startswith="help:").values_list("indicator", "numerator")
    )
    assert breakdown == {"help:vneid:install": 1, "help:vneid:file_dossier": 1}


def test_a_person_who_moves_household_counts_in_the_new_group_from_then_on(field):
    yesterday = TODAY - datetime.timedelta(days=1)
    take_snapshot([field.ward.pk], yesterday)
    field.an.household = field.h12
    field.an.residential_group = field.group12
    field.an.save(update_fields=["household", "residential_group"])
    take_snapshot([field.ward.pk])
    before = Snapshot.objects.get(
        day=yesterday, residential_group=field.group12, indicator="vneid_level2"
    )
    after = Snapshot.objects.get(
        day=TODAY, residential_group=field.group12, indicator="vneid_level2"
    )
    assert (before.numerator, before.denominator) == (0, 1)
    assert (after.numerator, after.denominator) == (1, 2)


def test_a_merged_group_s_people_count_in_the_group_it_merged_into(field):
    group_merge(source=field.group12, target=field.group11, actor=field.officer, effective_on=TODAY)
    ward = [field.ward.pk]
    assert figure("vneid_level2", ward, field.group11.pk) == (1, 3)
    assert figure("vneid_level2", ward, field.group12.pk) is None
    assert figure("vneid_level2", ward) == (1, 3)  # the ward's total does not change


def test_a_record_corrected_after_its_day_leaves_that_day_s_snapshot_as_it_was(field):
    yesterday = TODAY - datetime.timedelta(days=1)
    take_snapshot([field.ward.pk], yesterday)
    # The level 2 was entered by mistake; it is corrected today.
    ServiceStatus.objects.filter(resident=field.an, service__code="vneid").update(
        level2=False, updated_at=timezone.now()
    )
    assert take_snapshot([field.ward.pk], yesterday) == 0  # a past day is frozen
    kept = Snapshot.objects.get(day=yesterday, residential_group=None, indicator="vneid_level2")
    assert kept.numerator == 1
    take_snapshot([field.ward.pk])
    today = Snapshot.objects.get(day=TODAY, residential_group=None, indicator="vneid_level2")
    assert today.numerator == 0


def test_a_count_entered_by_hand_is_the_latest_for_its_day(field):
    indicator = ManualIndicator.objects.create(
        ward=field.ward, code="ho-so-truc-tuyen", name="Hồ sơ trực tuyến phường tiếp nhận",
        definition="Theo sổ tiếp nhận của bộ phận một cửa.", created_by=field.officer,
    )  # fmt: skip
    for value in (120, 125):  # a correction entered later the same day wins
        ManualCount.objects.create(
            indicator=indicator, counted_on=TODAY, value=value, entered_by=field.officer
        )
    take_snapshot([field.ward.pk])
    row = Snapshot.objects.get(indicator="manual:ho-so-truc-tuyen")
    assert row.numerator == 125 and row.residential_group is None


def test_broadcasts_aired_against_plan(field):
    from hocvuso.outreach.models import Broadcast
    from hocvuso.outreach.services import broadcast_mark, broadcasts_plan

    monday = TODAY - datetime.timedelta(days=TODAY.weekday() + 7)  # last week's Monday
    assert broadcasts_plan(user=field.officer, ward=field.ward, starts_on=monday, weeks=1) == 3
    assert broadcasts_plan(user=field.officer, ward=field.ward, starts_on=monday, weeks=1) == 0
    first, _second, third = Broadcast.objects.order_by("scheduled_at")
    broadcast_mark(user=field.officer, broadcast=first, status="aired")
    broadcast_mark(user=field.officer, broadcast=third, status="cancelled")
    assert figure("broadcasts_aired", [field.ward.pk]) == (1, 2)  # the cancelled one is not planned
