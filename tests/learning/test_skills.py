"""The skills self-check (no account), a volunteer's confirmation and VNeID status, the
facts recorded in one tap, and the campaign indicators that count them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.audit.models import AuditEvent
from hocvuso.campaigns import services as campaigns
from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import Target
from hocvuso.learning import skills
from hocvuso.learning.curriculum import CurriculumError, load_curriculum, read_curriculum
from hocvuso.learning.models import (
    Competence,
    Course,
    CourseProgress,
    Learner,
    Lesson,
    ResidentFact,
    SelfCheck,
    SkillConfirmation,
)

ALL_ALONE = {q.key: "2" for q in skills.QUESTIONS}


def _course(slug: str, position: int, codes: list[str], *, basic: bool = False) -> Course:
    course = Course.objects.create(
        slug=slug, title=f"Khóa {slug}", summary="Tóm tắt", position=position, basic=basic
    )
    lesson = Lesson.objects.create(course=course, slug="bai-1", title="Bài 1", body_html="<p>x</p>")
    lesson.competences.set(
        [Competence.objects.get_or_create(framework="vn757", code=c, defaults={"name": c})[0]
         for c in codes]
    )  # fmt: skip
    return course


@pytest.fixture
def courses(db) -> dict[str, Course]:
    return {
        "safety": _course("an-toan", 1, ["4.1", "4.2"], basic=True),
        "services": _course("dich-vu-cong", 2, ["2.3", "2.6"], basic=True),
    }


def _passed(resident, *courses: Course) -> Learner:
    learner, _ = Learner.objects.get_or_create(
        resident=resident, defaults={"ward": resident.ward, "first_name": "An"}
    )
    now = timezone.now()
    for course in courses:
        CourseProgress.objects.create(
            learner=learner, course=course, started_at=now, passed_at=now, best_score=100
        )
    return learner


# The self-check --------------------------------------------------------------------------


def test_a_resident_takes_the_self_check_without_an_account(client, courses):
    catalogue = client.get(reverse("learning:catalogue")).content.decode()
    assert "Chưa biết bắt đầu từ đâu?" in catalogue and reverse("learning:self_check") in catalogue
    page = client.get(reverse("learning:self_check"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Bạn có tự mở khóa điện thoại và gọi video được không?" in text
    assert "data-readaloud-start" in text
    answers = {**ALL_ALONE, "scam": "0"}
    response = client.post(reverse("learning:self_check"), answers)
    assert response.status_code == 302
    assert response["Location"] == reverse("learning:self_check_result")
    check = SelfCheck.objects.get()
    assert check.learner.resident is None and not check.learner.has_account
    assert check.met_basic is False and check.answers["scam"] == 0
    shown = client.get(response["Location"])
    assert "no-store" in shown["Cache-Control"]  # a shared phone keeps no one's result
    result = shown.content.decode()
    assert "Tự khai" in result
    assert "An toàn, quyền riêng tư và sức khỏe" in result
    assert "Khóa an-toan" in result and "Khóa dich-vu-cong" not in result


def test_the_proposed_courses_follow_the_answers(client, courses):
    client.post(reverse("learning:self_check"), {**ALL_ALONE, "scam": "1"})
    first = client.get(reverse("learning:self_check_result")).content.decode()
    assert "Khóa an-toan" in first and "Khóa dich-vu-cong" not in first
    client.post(reverse("learning:self_check"), {**ALL_ALONE, "public_service": "0"})
    second = client.get(reverse("learning:self_check_result")).content.decode()
    assert "Khóa dich-vu-cong" in second and "Khóa an-toan" not in second
    assert SelfCheck.objects.count() == 2 and Learner.objects.count() == 1
    client.post(reverse("learning:self_check"), ALL_ALONE)
    third = client.get(reverse("learning:self_check_result")).content.decode()
    assert "Bạn tự làm được mọi kỹ năng số cơ bản" in third
    assert SelfCheck.objects.first().met_basic is True


def test_a_course_the_learner_completed_is_not_proposed_again(courses, world):
    learner = _passed(world.an, courses["safety"])
    CourseProgress.objects.filter(learner=learner).update(completed_at=timezone.now())
    placement = skills.place({"scam": 0, "public_service": 0})
    assert [c.slug for c in skills.proposals(placement.gaps, learner)] == ["dich-vu-cong"]
    assert [c.slug for c in skills.proposals(placement.gaps)] == ["an-toan", "dich-vu-cong"]


def test_a_self_check_with_a_question_unanswered_is_refused(client, courses):
    answers = {**ALL_ALONE}
    del answers["ai"]
    page = client.post(reverse("learning:self_check"), answers)
    assert page.status_code == 400
    assert "Một số câu chưa có câu trả lời:" in page.content.decode()
    assert not SelfCheck.objects.exists()


def test_the_self_check_paths_are_not_course_slugs(sample_root):
    course_file = sample_root / "01-mau" / "course.md"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("slug: mau", "slug: self-check", 1), encoding="utf-8")
    with pytest.raises(CurriculumError) as error:
        read_curriculum(sample_root)
    assert "slug self-check is taken by a page of its own" in str(error.value)


def test_the_basic_flag_is_read_from_the_course_front_matter(db, sample_root):
    course_file = sample_root / "01-mau" / "course.md"
    text = course_file.read_text(encoding="utf-8")
    course_file.write_text(text.replace("---\n", "---\nbasic: true\n", 1), encoding="utf-8")
    load_curriculum(sample_root)
    assert Course.objects.get(slug="mau").basic is True
    course_file.write_text(text.replace("---\n", "---\nbasic: có\n", 1), encoding="utf-8")
    with pytest.raises(CurriculumError) as error:
        read_curriculum(sample_root)
    assert "basic must be true or false" in str(error.value)


# Confirmation and VNeID -------------------------------------------------------------------


def test_a_volunteer_confirms_a_resident_who_passed_the_basic_courses(client, world, courses):
    url = reverse("learning:resident_confirm", args=[world.an.pk])
    client.force_login(world.volunteer)
    refused = client.post(url, follow=True)
    assert "Chỉ xác nhận khi người dân đã đạt mọi khóa học cơ bản." in refused.content.decode()
    assert not SkillConfirmation.objects.exists()
    _passed(world.an, *courses.values())
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("people:household", args=[world.h11.pk]) + (
        f"#skills-{world.an.pk}"
    )
    confirmation = SkillConfirmation.objects.get(resident=world.an)
    assert confirmation.confirmed_by == world.volunteer
    event = AuditEvent.objects.get(object_type="skillconfirmation")
    assert event.actor == world.volunteer and event.ward_id == world.ward.pk
    page = client.get(reverse("people:household", args=[world.h11.pk])).content.decode()
    assert "Đã xác nhận" in page and f"bởi {world.volunteer} ngày" in page


def test_a_confirmation_outside_the_scope_is_refused(client, world, courses):
    _passed(world.an, *courses.values())
    url = reverse("learning:resident_confirm", args=[world.an.pk])
    client.force_login(world.outsider)  # the officer of another ward
    assert client.post(url).status_code == 404
    client.force_login(world.nobody)
    assert client.post(url).status_code == 404
    client.force_login(world.volunteer)  # group 11, not the other ward's resident
    other = world.h_other.residents.get()
    _passed(other, *courses.values())
    assert client.post(reverse("learning:resident_confirm", args=[other.pk])).status_code == 404
    assert client.get(url).status_code == 405
    assert not SkillConfirmation.objects.exists()


def test_the_volunteer_records_the_vneid_status_with_its_date(client, world, courses):
    _passed(world.an, *courses.values())
    client.force_login(world.volunteer)
    url = reverse("learning:resident_vneid", args=[world.an.pk])
    early = client.post(url, {"recorded": "1", "day": "2026-11-20"}, follow=True)
    assert "Hãy xác nhận kỹ năng trước khi ghi nhận trên VNeID." in early.content.decode()
    client.post(reverse("learning:resident_confirm", args=[world.an.pk]))
    client.post(url, {"recorded": "1", "day": "2026-11-20"})
    assert SkillConfirmation.objects.get().vneid_recorded_on == datetime.date(2026, 11, 20)
    page = client.get(reverse("people:household", args=[world.h11.pk])).content.decode()
    assert "Đã ghi lên VNeID ngày 20/11/2026" in page
    client.post(url, {"recorded": "0"})
    assert SkillConfirmation.objects.get().vneid_recorded_on is None


# One-tap facts ----------------------------------------------------------------------------


def test_one_tap_on_the_household_page_records_a_fact(client, world):
    client.force_login(world.volunteer)
    household = reverse("people:household", args=[world.h11.pk])
    page = client.get(household).content.decode()
    assert page.count("Có điện thoại thông minh riêng: <strong>chưa rõ") == 2  # two adults
    url = reverse("learning:resident_fact", args=[world.an.pk])
    response = client.post(url, {"fact": "smartphone", "value": "yes", "next": household})
    assert response.status_code == 302 and response["Location"].startswith(household)
    fact = ResidentFact.objects.get(resident=world.an)
    assert fact.value is True and fact.recorded_by == world.volunteer
    event = AuditEvent.objects.filter(object_type="resident").latest("at")
    assert event.summary == "Có điện thoại thông minh riêng của Nguyễn Văn An: có"
    page = client.get(household).content.decode()
    assert "Có điện thoại thông minh riêng: <strong>có" in page
    client.post(url, {"fact": "smartphone", "value": "no", "next": household})
    assert ResidentFact.objects.get(resident=world.an).value is False
    client.post(url, {"fact": "password", "value": "yes"})
    assert ResidentFact.objects.count() == 1


def test_the_help_form_records_the_facts_in_one_tap(client, world):
    client.force_login(world.volunteer)
    form = f"{reverse('support:record')}?resident={world.an.pk}"
    page = client.get(form).content.decode()
    assert "Có tài khoản thanh toán" in page and "Có chữ ký số" in page
    url = reverse("learning:resident_fact", args=[world.an.pk])
    response = client.post(url, {"fact": "payment_account", "value": "yes", "next": form})
    assert response["Location"] == f"{form}#skills-{world.an.pk}"
    assert ResidentFact.objects.get(fact="payment_account").value is True


def test_a_fact_about_someone_outside_the_scope_is_refused(client, world):
    client.force_login(world.volunteer)
    other = world.h12.residents.get()  # group 12
    url = reverse("learning:resident_fact", args=[other.pk])
    assert client.post(url, {"fact": "smartphone", "value": "yes"}).status_code == 404
    page = client.post(url, {"fact": "smartphone", "value": "yes", "next": "https://evil.example/"})
    assert page.status_code == 404 and not ResidentFact.objects.exists()


def test_an_unsafe_next_address_goes_back_to_the_household(client, world):
    client.force_login(world.volunteer)
    url = reverse("learning:resident_fact", args=[world.an.pk])
    response = client.post(
        url, {"fact": "smartphone", "value": "yes", "next": "https://x.example/"}
    )
    assert response["Location"].startswith(reverse("people:household", args=[world.h11.pk]))


# The indicators ---------------------------------------------------------------------------


def _fact(resident, fact: str, value: bool, user) -> None:
    skills.fact_set(actor=user, resident=resident, fact=fact, value=value)


def test_the_indicators_count_adults_by_group(world, courses):
    hương = world.h11.residents.get(full_name="Đỗ Thị Hường")
    thang = world.h12.residents.get()
    child = world.h12.residents.create(
        ward=world.ward, residential_group=world.group12, full_name="Trần Minh", birth_year=2015
    )
    _fact(world.an, "smartphone", True, world.officer)
    _fact(hương, "smartphone", False, world.officer)
    _fact(thang, "payment_account", True, world.officer)
    _fact(child, "smartphone", True, world.officer)  # not an adult: not counted
    learner = _passed(world.an, *courses.values())
    skills.self_check_record(learner=learner, answers={q.key: 2 for q in skills.QUESTIONS})
    skills.skills_confirm(actor=world.volunteer, resident=world.an)
    today = timezone.localdate()
    ward, g11, g12 = (world.ward.pk, None), (world.ward.pk, world.group11.pk), (
        world.ward.pk, world.group12.pk)  # fmt: skip

    def figures(code: str) -> dict:
        return INDICATORS[code].compute([world.ward.pk], today)

    assert figures("adults_smartphone")[ward] == (1, 3)
    assert figures("adults_smartphone")[g11] == (1, 2)
    assert figures("adults_payment_account")[g12] == (1, 1)
    assert figures("adults_digital_signature")[ward] == (0, 3)
    assert figures("basic_skills_self")[ward] == (1, 3)
    assert figures("basic_skills_confirmed")[g11] == (1, 2)
    yesterday = today - datetime.timedelta(days=1)
    assert INDICATORS["basic_skills_confirmed"].compute([world.ward.pk], yesterday)[ward][0] == 0
    # The latest self-check counts: An now says some skills need help.
    skills.self_check_record(learner=learner, answers={"phone": 1})
    assert figures("basic_skills_self")[ward] == (0, 3)
    records = INDICATORS["adults_smartphone"].records(world.ward.pk, None, today)
    assert list(records) == [world.an]


def test_a_new_campaign_starts_with_the_plans_targets(world):
    campaign = campaigns.campaign_create(
        user=world.officer,
        name="Bình dân học vụ số 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
        wards=[world.ward],
    )
    targets = dict(Target.objects.filter(campaign=campaign).values_list("indicator", "value"))
    assert targets == {
        "basic_skills_self": 100.0,
        "basic_skills_confirmed": 100.0,
        "adults_smartphone": 100.0,
        "adults_payment_account": 100.0,
        "adults_digital_signature": 50.0,
    }
    campaigns.targets_set(
        user=world.officer,
        campaign=campaign,
        ward=world.ward,
        values={("basic_skills_confirmed", None): 60.0},
    )
    assert Target.objects.get(indicator="basic_skills_confirmed").value == 60.0
