"""The skill cards a volunteer sees on the help form and the household page: what each one
shows in every state, written out in full, so a cheaper way of reading or drawing them
cannot change a character of it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.learning.models import (
    Course,
    CourseProgress,
    Learner,
    ResidentFact,
    SelfCheck,
    SkillConfirmation,
)
from hocvuso.people.models import Resident

CARDS = re.compile(r'<div class="cards">.*?</section>\n</div>', re.S)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _cards(client, url: str) -> str:
    page = client.get(url)
    assert page.status_code == 200
    found = CARDS.search(page.content.decode())
    assert found, "no skill cards on the page"
    return TOKEN.sub('name="csrfmiddlewaretoken" value="TOKEN"', found.group(0))


def _fact_forms(pk: int, next_url: str, values: dict[str, str]) -> str:
    """The three one-tap facts as the card draws them; `values` gives "yes"/"no" by fact."""
    labels = {
        "smartphone": "Có điện thoại thông minh riêng",
        "payment_account": "Có tài khoản thanh toán",
        "digital_signature": "Có chữ ký số",
    }
    html = ""
    for code, label in labels.items():
        value = values.get(code)
        shown = {"yes": "có", "no": "không"}.get(value, "chưa rõ")  # type: ignore[arg-type]
        yes = (
            ""
            if value == "yes"
            else f'<button type="submit" name="value" value="yes" class="secondary">Có'
            f'<span class="visually-hidden"> · {label}</span></button>'
        )
        no = (
            ""
            if value == "no"
            else f'<button type="submit" name="value" value="no" class="secondary">Không'
            f'<span class="visually-hidden"> · {label}</span></button>'
        )
        html += (
            f'\n  <form method="post" action="/learn/skills/{pk}/fact/" class="actions">'
            '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">\n'
            f'    <input type="hidden" name="fact" value="{code}">'
            f'<input type="hidden" name="next" value="{next_url}">\n'
            f"    <span>{label}: <strong>{shown}</strong></span>\n"
            f"    {yes}\n    {no}\n  </form>\n"
        )
    return html


@pytest.fixture
def basic(db) -> list[Course]:
    return [
        Course.objects.create(slug=f"co-ban-{n}", title=f"Cơ bản {n}", summary="x", basic=True)
        for n in (1, 2)
    ]


def _learner(resident: Resident) -> Learner:
    return Learner.objects.create(resident=resident, ward=resident.ward, first_name="An")


def _progress(learner: Learner, course: Course, *, passed: bool) -> None:
    now = timezone.now()
    CourseProgress.objects.create(
        learner=learner, course=course, started_at=now, passed_at=now if passed else None
    )


def _self_check(learner: Learner, *, met: bool, at: datetime.datetime) -> None:
    check = SelfCheck.objects.create(learner=learner, met_basic=met)
    SelfCheck.objects.filter(pk=check.pk).update(created_at=at)


def test_a_card_with_nothing_recorded_yet(client, world, basic):
    client.force_login(world.volunteer)
    form = f"{reverse('support:record')}?resident={world.an.pk}"
    pk = world.an.pk
    assert _cards(client, form) == (
        f'<div class="cards"><section class="card skill-card" id="skills-{pk}" '
        f'aria-labelledby="skills-h-{pk}">\n<h3 id="skills-h-{pk}">Nguyễn Văn An</h3>\n<div>\n'
        + _fact_forms(pk, f"/support/record/?resident={pk}", {})
        + "\n</div>\n<p>Tự đánh giá (tự khai):\nchưa làm</p>\n"
        '<p class="muted">Chưa xác nhận: chưa đạt hết các khóa học cơ bản.</p>\n</section>\n</div>'
    )


def test_a_card_with_the_latest_self_check_facts_and_basic_courses_passed(client, world, basic):
    an = world.an
    learner = _learner(an)
    # Late in the evening UTC is the next morning in Hanoi: the card shows Hanoi's date.
    _self_check(learner, met=True, at=datetime.datetime(2026, 11, 20, 20, 30, tzinfo=datetime.UTC))
    _self_check(learner, met=False, at=datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC))
    for course in basic:
        _progress(learner, course, passed=True)
    Course.objects.create(slug="khac", title="Khác", summary="x")  # not basic: not needed
    ResidentFact.objects.create(
        resident=an, fact="smartphone", value=True, recorded_at=timezone.now()
    )
    ResidentFact.objects.create(
        resident=an, fact="digital_signature", value=False, recorded_at=timezone.now()
    )
    client.force_login(world.volunteer)
    form = f"{reverse('support:record')}?resident={an.pk}"
    pk = an.pk
    assert _cards(client, form) == (
        f'<div class="cards"><section class="card skill-card" id="skills-{pk}" '
        f'aria-labelledby="skills-h-{pk}">\n<h3 id="skills-h-{pk}">Nguyễn Văn An</h3>\n<div>\n'
        + _fact_forms(
            pk,
            f"/support/record/?resident={pk}",
            {"smartphone": "yes", "digital_signature": "no"},
        )
        + "\n</div>\n<p>Tự đánh giá (tự khai):\n"
        "<strong>tự khai đã có kỹ năng số cơ bản</strong> (21/11/2026)\n</p>\n\n"
        f'<form method="post" action="/learn/skills/{pk}/confirm/" class="actions">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
        f'<input type="hidden" name="next" value="/support/record/?resident={pk}">\n'
        '  <button type="submit">Xác nhận kỹ năng số cơ bản (đã kiểm tra thực hành)</button>'
        "</form>\n\n</section>\n</div>"
    )


@pytest.mark.parametrize("missing", ["unpassed", "unstarted"])
def test_a_basic_course_not_passed_leaves_the_skills_unconfirmable(client, world, basic, missing):
    learner = _learner(world.an)
    _self_check(learner, met=False, at=datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC))
    _progress(learner, basic[0], passed=True)
    if missing == "unpassed":
        _progress(learner, basic[1], passed=False)
    client.force_login(world.volunteer)
    cards = _cards(client, f"{reverse('support:record')}?resident={world.an.pk}")
    assert "<strong>tự khai còn cần giúp một số kỹ năng cơ bản</strong> (01/11/2026)" in cards
    assert '<p class="muted">Chưa xác nhận: chưa đạt hết các khóa học cơ bản.</p>' in cards
    # An unpublished basic course is not asked for.
    basic[1].is_published = False
    basic[1].save()
    cards = _cards(client, f"{reverse('support:record')}?resident={world.an.pk}")
    assert "Xác nhận kỹ năng số cơ bản (đã kiểm tra thực hành)" in cards


def test_with_no_basic_course_nobody_can_be_confirmed(client, world):
    learner = _learner(world.an)
    Course.objects.create(slug="khac", title="Khác", summary="x")
    _progress(learner, Course.objects.get(), passed=True)
    client.force_login(world.volunteer)
    cards = _cards(client, f"{reverse('support:record')}?resident={world.an.pk}")
    assert '<p class="muted">Chưa xác nhận: chưa đạt hết các khóa học cơ bản.</p>' in cards


def test_the_household_page_shows_a_confirmed_and_a_recorded_card_per_adult(client, world, basic):
    an = world.an
    wife = world.h11.residents.exclude(pk=an.pk).get()
    Resident.objects.create(
        ward=world.ward,
        residential_group=world.group11,
        household=world.h11,
        full_name="Nguyễn Văn Cháu",
        birth_year=timezone.localdate().year - 5,  # a child: no card
    )
    world.officer.full_name = "Lê Thị Cán Bộ"
    world.officer.save()
    world.volunteer.full_name = ""
    world.volunteer.save()
    SkillConfirmation.objects.create(
        resident=an,
        confirmed_by=world.officer,
        confirmed_at=datetime.datetime(2026, 11, 20, 18, 0, tzinfo=datetime.UTC),
    )
    SkillConfirmation.objects.create(
        resident=wife,
        confirmed_by=world.volunteer,  # no full name: the card names the username
        confirmed_at=datetime.datetime(2026, 11, 2, 3, 0, tzinfo=datetime.UTC),
        vneid_recorded_on=datetime.date(2026, 11, 25),
        vneid_recorded_by=world.volunteer,
    )
    _self_check(  # the wife's, not An's
        _learner(wife), met=True, at=datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
    )
    client.force_login(world.officer)
    household = reverse("people:household", args=[world.h11.pk])
    cards = _cards(client, household)
    today = timezone.localdate().strftime("%Y-%m-%d")
    assert "Nguyễn Văn Cháu" not in cards
    assert cards.count('<section class="card skill-card"') == 2
    assert (
        "<p>Tự đánh giá (tự khai):\nchưa làm</p>\n\n"
        '<p><span class="tag ok">Đã xác nhận</span> '
        "bởi Lê Thị Cán Bộ ngày 21/11/2026</p>\n"
        f'<form method="post" action="/learn/skills/{an.pk}/vneid/" class="actions">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
        f'<input type="hidden" name="next" value="{household}">\n\n'
        f'  <label for="vneid-{an.pk}">Ngày ghi lên VNeID</label>\n'
        f'  <input type="date" id="vneid-{an.pk}" name="day" value="{today}">\n'
        '  <button type="submit" name="recorded" value="1">Đã ghi lên VNeID</button>\n'
        "</form>\n\n</section>\n"
        f'<section class="card skill-card" id="skills-{wife.pk}"'
    ) in cards
    assert (
        "<p>Tự đánh giá (tự khai):\n"
        "<strong>tự khai đã có kỹ năng số cơ bản</strong> (03/11/2026)\n</p>\n\n"
        '<p><span class="tag ok">Đã xác nhận</span> bởi volunteer11 ngày 02/11/2026</p>\n'
        f'<form method="post" action="/learn/skills/{wife.pk}/vneid/" class="actions">'
        '<input type="hidden" name="csrfmiddlewaretoken" value="TOKEN">'
        f'<input type="hidden" name="next" value="{household}">\n\n'
        "  <span>Đã ghi lên VNeID ngày 25/11/2026</span>\n"
        '  <button type="submit" name="recorded" value="0" class="secondary">'
        "Chưa ghi lên VNeID</button>\n</form>\n\n</section>\n</div>"
    ) in cards
