"""An anonymous learner takes the sample course on their phone: lessons in order, the quiz,
the certificate; then claims the progress with a phone number."""

import pytest
from django.urls import reverse

from hocvuso.learning import devices
from hocvuso.learning.models import (
    Certificate,
    CourseProgress,
    Learner,
    LessonProgress,
    QuizAttempt,
)


def _lesson_url(course, slug):
    return reverse("learning:lesson", args=[course.slug, slug])


def _finish_lessons(client, course):
    for slug in ("bai-mot", "bai-hai"):
        client.post(reverse("learning:lesson_done", args=[course.slug, slug]))


def _right_answers(course):
    return {
        f"q{q.pk}": [str(c.pk) for c in q.choices.all() if c.is_correct]
        for q in course.questions.all()
    }


def test_a_first_visit_needs_no_account_and_stores_nothing(client, course):
    page = client.get(reverse("learning:catalogue"))
    assert page.status_code == 200
    assert "Khóa học mẫu" in page.content.decode()
    assert devices.COOKIE not in page.cookies
    assert not Learner.objects.exists()


def test_a_course_taken_in_order_opens_lessons_one_after_another(client, course):
    second = client.get(_lesson_url(course, "bai-hai")).content.decode()
    assert "Khóa học này học theo thứ tự" in second and "Tôi đã học xong bài này" not in second
    early = client.post(reverse("learning:lesson_done", args=[course.slug, "bai-hai"]))
    assert early.url == reverse("learning:course", args=[course.slug])
    assert not LessonProgress.objects.exists()
    done = client.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    assert done.url == _lesson_url(course, "bai-hai")
    assert devices.COOKIE in client.cookies  # progress now lives with this phone
    assert client.get(_lesson_url(course, "bai-hai")).status_code == 200


def test_the_quiz_waits_for_the_lessons(client, course):
    assert client.get(reverse("learning:quiz", args=[course.slug])).status_code == 302
    _finish_lessons(client, course)
    assert client.get(reverse("learning:quiz", args=[course.slug])).status_code == 200


def test_an_unanswered_question_is_named_and_the_answers_are_kept(client, course):
    _finish_lessons(client, course)
    first = course.questions.get(position=1)
    right = next(c for c in first.choices.all() if c.is_correct)
    page = client.post(reverse("learning:quiz", args=[course.slug]), {f"q{first.pk}": [right.pk]})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Một số câu chưa có câu trả lời" in html and "câu 2" in html
    assert f'value="{right.pk}" checked' in html
    assert not QuizAttempt.objects.exists()


def test_a_multiple_choice_question_needs_every_right_answer(client, course):
    _finish_lessons(client, course)
    answers = _right_answers(course)
    multiple = course.questions.get(kind="multiple")
    answers[f"q{multiple.pk}"] = answers[f"q{multiple.pk}"][:1]  # one of the two right ones
    result = client.post(reverse("learning:quiz", args=[course.slug]), answers)
    attempt = QuizAttempt.objects.get()
    assert (attempt.correct, attempt.score, attempt.passed) == (1, 50, False)  # pass mark 60
    page = client.get(result.url).content.decode()
    assert "Chưa đạt" in page and "Chỉ cài ứng dụng từ cửa hàng chính thức." in page


def test_passing_earns_a_certificate_that_anyone_can_verify(client, course):
    _finish_lessons(client, course)
    result = client.post(reverse("learning:quiz", args=[course.slug]), _right_answers(course))
    assert "Nhận giấy chứng nhận" in client.get(result.url).content.decode()
    claim = reverse("learning:certificate_claim", args=[course.slug])
    assert client.post(claim, {"name": "  "}).status_code == 200  # a name is needed
    issued = client.post(claim, {"name": "Nguyễn Thị  Lan"})
    certificate = Certificate.objects.get()
    assert certificate.name == "Nguyễn Thị Lan" and certificate.score == 100
    assert issued.url == reverse("verify", args=[certificate.code])
    stranger = client.__class__()
    page = stranger.get(issued.url).content.decode()
    assert "Giấy chứng nhận này hợp lệ" in page and "Nguyễn Thị Lan" in page
    progress = CourseProgress.objects.get()
    assert progress.completed_at is not None and progress.lessons_done == 2


def test_an_unknown_certificate_number_is_said_plainly(client, db):
    page = client.get(reverse("verify", args=["ZZZZZZZZZZ"]))
    assert page.status_code == 404
    assert "Không có giấy chứng nhận nào mang số ZZZZZZZZZZ" in page.content.decode()


def test_saving_progress_with_a_phone_keeps_it_on_another_device(client, course):
    client.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    saved = client.post(
        reverse("learning:account_create"),
        {"full_name": "Lê Văn Tám", "phone": "0912 345 678", "password": "hoc-tap-1"},
    )
    assert saved.status_code == 302
    learner = Learner.objects.get()
    assert learner.phone == "0912345678" and learner.password.startswith("argon2")
    assert "hoc-tap-1" not in learner.password

    other_phone = client.__class__()
    other_phone.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    other_phone.post(reverse("learning:lesson_done", args=[course.slug, "bai-hai"]))
    login = other_phone.post(
        reverse("learning:account_login"), {"phone": "0912345678", "password": "hoc-tap-1"}
    )
    assert login.status_code == 302
    assert Learner.objects.count() == 1  # the second phone's progress joined the account
    assert CourseProgress.objects.get(learner=learner).lessons_done == 2


def test_a_wrong_password_is_refused_in_vietnamese(client, course):
    client.post(reverse("learning:lesson_done", args=[course.slug, "bai-mot"]))
    client.post(
        reverse("learning:account_create"),
        {"full_name": "Lê Văn Tám", "phone": "0912345678", "password": "hoc-tap-1"},
    )
    page = client.__class__().post(
        reverse("learning:account_login"), {"phone": "0912345678", "password": "sai"}
    )
    assert page.status_code == 400
    assert "Số điện thoại và mật khẩu không khớp" in page.content.decode()


def test_an_account_phone_must_be_a_vietnamese_number(client, course):
    page = client.post(
        reverse("learning:account_create"),
        {"full_name": "Lê Văn Tám", "phone": "12", "password": "hoc-tap-1"},
    )
    assert page.status_code == 400
    assert "không phải số điện thoại Việt Nam" in page.content.decode()


def test_a_forged_cookie_is_nobody(client, course):
    client.cookies[devices.COOKIE] = "not-signed"
    page = client.get(reverse("learning:course", args=[course.slug]))
    assert page.status_code == 200
    assert not Learner.objects.exists()


@pytest.mark.parametrize("name", ["lesson", "course"])
def test_pages_of_a_hidden_course_are_gone(client, course, name):
    course.is_published = False
    course.save(update_fields=["is_published"])
    args = [course.slug, "bai-mot"] if name == "lesson" else [course.slug]
    assert client.get(reverse(f"learning:{name}", args=args)).status_code == 404
