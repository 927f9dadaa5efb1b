"""“Tôi đã học xong bài này” asks before it marks the lesson done and leaves it; without
scripts the question is a page of its own."""

from django.urls import reverse

from hocvuso.learning import devices
from hocvuso.learning.models import Learner, LessonProgress

QUESTION = "Bạn đã đọc hết bài này chưa?"


def test_the_lesson_s_button_asks_in_the_page_before_marking_it_done(client, course):
    page = client.get(reverse("learning:lesson", args=[course.slug, "bai-mot"])).content.decode()
    assert 'name="step" value="ask"' in page and "Tôi đã học xong bài này" in page
    assert "<div data-confirm-step hidden>" in page and QUESTION in page


def test_without_scripts_the_first_tap_asks_and_changes_nothing(client, course):
    done_url = reverse("learning:lesson_done", args=[course.slug, "bai-mot"])
    asked = client.post(done_url, {"step": "ask"})
    assert asked.status_code == 200
    page = asked.content.decode()
    assert QUESTION in page and "Vâng, tôi đã học xong" in page
    assert reverse("learning:lesson", args=[course.slug, "bai-mot"]) in page  # "Chưa, đọc tiếp"
    assert not LessonProgress.objects.exists() and not Learner.objects.exists()
    assert devices.COOKIE not in asked.cookies

    confirmed = client.post(done_url)
    assert confirmed.url == reverse("learning:lesson", args=[course.slug, "bai-hai"])
    assert LessonProgress.objects.get().lesson.slug == "bai-mot"


def test_a_lesson_already_done_goes_on_without_asking(client, course):
    client.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    page = client.get(reverse("learning:lesson", args=[course.slug, "bai-mot"])).content.decode()
    assert '<button type="submit">Trang sau</button>' in page
    assert 'value="ask"' not in page
