"""The assistant answers questions about the ward itself from its live data, with links: its
mobile points, help at home, following a request, certificates, classes, news and contact;
never another ward's; fresh after a change; each ward's index kept, not rebuilt in turns."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hocvuso.assistant import retrieval
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.models import Classroom, Organisation
from hocvuso.outreach.models import Article
from hocvuso.teams.models import MobilePoint, OpeningHours
from hocvuso.teams.services import roster_build


@pytest.fixture
def ward_life(db, world):
    """Tương Mai's point open today 8:00–11:00, a class and an article; Hoàng Mai's point."""
    load_curriculum()
    today = timezone.localdate()
    point = MobilePoint.objects.create(
        ward=world.ward, name="Nhà văn hóa tổ 11", address="Số 12, ngõ 168 Trương Định"
    )
    hours = OpeningHours.objects.create(
        point=point, weekday=today.weekday(), starts=datetime.time(8), ends=datetime.time(11)
    )
    roster_build(point=point, first_day=today, days=7)
    other = MobilePoint.objects.create(
        ward=world.other_ward, name="Nhà văn hóa Kim Đồng", address="Số 9 Kim Đồng"
    )
    OpeningHours.objects.create(
        point=other, weekday=today.weekday(), starts=datetime.time(14), ends=datetime.time(17)
    )
    roster_build(point=other, first_day=today, days=7)
    Classroom.objects.create(
        ward=world.ward, residential_group=world.group11, name="Lớp điện thoại cho ông bà",
        organisation=Organisation.ELDERLY_CLUB, coach=world.officer, invite_code="TM11ONG",
    )  # fmt: skip
    article = Article.objects.create(
        ward=world.ward, title="Khai trương điểm hỗ trợ số tổ 11", body_html="<p>Mời bà con.</p>",
        publish_at=timezone.now() - datetime.timedelta(hours=1), author=world.officer,
    )  # fmt: skip
    return hours, article


def ask(client, question, ward):
    page = client.get(reverse("assistant:ask"), {"q": question, "ward": ward.pk})
    assert page.status_code == 200
    return page.content.decode()


def test_the_issue_s_three_questions_get_the_ward_s_answers(ward_life, world):
    points = retrieval.answer("điểm hỗ trợ ở đâu", world.ward.pk)
    assert points.best.guide.key == f"ward:{world.ward.pk}:points" and points.offtopic is None
    home = retrieval.answer("có ai đến nhà giúp không", world.ward.pk)
    assert home.best.guide.url == reverse("help_request", args=[world.ward.pk])
    card = retrieval.answer("làm căn cước cho con", world.ward.pk).best
    assert "Công an Phường Tương Mai" in card.guide.answer or not card.guide.is_ward
    assert "quận" not in card.guide.answer.lower() + card.guide.steps_html.lower()


def test_a_ward_topic_outranks_the_off_topic_list(ward_life, world):
    # "hỗ trợ", "trợ": the pensions and allowances topic ("trợ cấp") is among the matches.
    question = "diem ho tro o dau"
    matches = retrieval.index_for(world.ward.pk).search(question, k=10)
    assert any(m.guide.title.startswith("Lương hưu, trợ cấp") for m in matches)
    result = retrieval.answer(question, world.ward.pk)
    assert result.offtopic is None and result.best.guide.key == f"ward:{world.ward.pk}:points"


@pytest.mark.parametrize(
    ("question", "link", "shown"),
    [
        ("điểm hỗ trợ ở đâu, mấy giờ mở", "/points/313/", "Số 12, ngõ 168 Trương Định"),
        ("hom nay diem ho tro co mo khong", "/points/313/", "08:00–11:00"),
        ("có ai đến nhà giúp không", "/help/313/", "Gửi yêu cầu hỗ trợ"),
        ("gửi yêu cầu rồi mà chưa thấy ai đến", "/help/status/", "mã yêu cầu"),
        ("học xong có được cấp giấy chứng nhận không", "/c/", "Kiểm tra một chứng nhận"),
        ("có lớp dạy dùng điện thoại cho người già không", "/learn/join/", "Lớp điện thoại"),
        ("phường có thông báo gì mới không", "/news/313/", "Khai trương điểm hỗ trợ số tổ 11"),
        ("liên hệ phường thế nào", "/help/313/", "hành chính công Phường Tương Mai"),
    ],
)  # fmt: skip
def test_each_ward_topic_is_answered_from_live_data_with_its_link(
    client, ward_life, world, question, link, shown
):
    html = ask(client, question, world.ward)
    assert f'href="{link}' in html
    assert shown in html
    assert "Mở trang" in html


def test_the_latest_news_links_to_the_article(client, ward_life, world):
    _hours, article = ward_life
    html = ask(client, "tin tuc moi cua phuong", world.ward)
    assert reverse("news_detail", args=[world.ward.pk, article.pk]) in html


def test_another_ward_s_data_never_appears(client, ward_life, world):
    html = ask(client, "điểm hỗ trợ ở đâu", world.ward)
    assert "Số 12, ngõ 168 Trương Định" in html
    assert "Kim Đồng" not in html and "14:00" not in html
    elsewhere = ask(client, "điểm hỗ trợ ở đâu", world.other_ward)
    assert "Số 9 Kim Đồng" in elsewhere and "14:00–17:00" in elsewhere
    assert "Trương Định" not in elsewhere and "Lớp điện thoại cho ông bà" not in elsewhere
    assert "/points/313/" not in elsewhere and "/points/319/" in elsewhere


def test_a_change_of_hours_shows_in_the_next_answer(client, ward_life, world):
    hours, _article = ward_life
    assert "hằng tuần" in ask(client, "điểm hỗ trợ mở mấy giờ", world.ward)
    hours.ends = datetime.time(11, 30)
    hours.save(update_fields=["ends"])
    shift = hours.point.shifts.get(date=timezone.localdate())
    shift.starts = datetime.time(7, 30)
    shift.save(update_fields=["starts"])
    html = ask(client, "điểm hỗ trợ mở mấy giờ", world.ward)
    assert "08:00–11:30" in html  # the weekly hours
    assert "07:30–11:00" in html  # today's session
    assert "08:00–11:00" not in html


def test_a_roster_made_in_bulk_shows_in_the_next_answer(client, ward_life, world):
    point = MobilePoint.objects.create(
        ward=world.ward, name="Đình Tương Mai", address="Số 1 phố Tương Mai"
    )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    OpeningHours.objects.create(
        point=point, weekday=tomorrow.weekday(), starts=datetime.time(18), ends=datetime.time(20)
    )
    made = "Đình Tương Mai (Số 1 phố Tương Mai) 18:00–20:00"
    assert made not in ask(client, "điểm hỗ trợ ở đâu", world.ward)
    roster_build(point=point, first_day=tomorrow, days=1)  # in bulk: no signal
    assert made in ask(client, "điểm hỗ trợ ở đâu", world.ward)


def test_a_scheduled_article_shows_once_its_time_comes(client, ward_life, world, monkeypatch):
    Article.objects.create(
        ward=world.ward, title="Lịch điểm hỗ trợ tuần sau", body_html="<p>…</p>",
        publish_at=timezone.now() + datetime.timedelta(hours=2), author=world.officer,
    )  # fmt: skip
    assert "Lịch điểm hỗ trợ tuần sau" not in ask(client, "tin tức mới của phường", world.ward)
    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Lịch điểm hỗ trợ tuần sau" in ask(client, "tin tức mới của phường", world.ward)


@pytest.fixture
def builds(monkeypatch):
    """How many times a ward's index was built."""
    counted = []
    build = retrieval.ward_index

    def counting(shared, ward_id):
        counted.append(ward_id)
        return build(shared, ward_id)

    monkeypatch.setattr(retrieval, "ward_index", counting)
    return counted


def test_two_wards_taking_turns_never_rebuild_their_indexes(ward_life, world, builds):
    for _ in range(5):
        assert retrieval.answer("diem ho tro o dau", world.ward.pk).best.guide.is_ward
        assert retrieval.answer("diem ho tro o dau", world.other_ward.pk).best.guide.is_ward
    assert sorted(builds) == [world.ward.pk, world.other_ward.pk]


def test_past_the_limit_the_least_recently_asked_ward_is_dropped(
    ward_life, world, builds, settings
):
    settings.ASSISTANT_WARD_INDEXES = 1
    for ward in (world.ward, world.other_ward, world.ward):
        retrieval.answer("diem ho tro o dau", ward.pk)
    assert builds == [world.ward.pk, world.other_ward.pk, world.ward.pk]
    retrieval.answer("diem ho tro o dau", world.ward.pk)
    assert len(builds) == 3


def test_only_the_changed_ward_is_built_again(ward_life, world, builds):
    hours, _article = ward_life
    for ward in (world.ward, world.other_ward):
        retrieval.answer("diem ho tro o dau", ward.pk)
    hours.ends = datetime.time(12)
    hours.save(update_fields=["ends"])
    for ward in (world.ward, world.other_ward):
        retrieval.answer("diem ho tro o dau", ward.pk)
    assert builds == [world.ward.pk, world.other_ward.pk, world.ward.pk]
