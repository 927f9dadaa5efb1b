"""The assistant finds the guide a resident needs however they type, says so when no guide
answers, and serves the ward's own questions and answers."""

import unicodedata

import pytest
from django.urls import reverse

from hocvuso.assistant import retrieval
from hocvuso.assistant.models import FaqEntry
from hocvuso.learning.curriculum import load_curriculum


@pytest.fixture
def guides(db):
    load_curriculum()


@pytest.mark.parametrize(
    "question",
    [
        "lam sao kich hoat vneid muc 2",
        "Làm sao kích hoạt VNeID mức 2?",
        unicodedata.normalize("NFD", "làm sao kích hoạt VNeID mức 2"),
        "lam sao kich hoat vnied muc2",  # a typo and a missing space
        "đăng ký định danh mức 2 ở đâu",
    ],
)
def test_every_way_of_asking_finds_the_level_2_lesson(guides, question):
    result = retrieval.answer(question)
    assert result.best is not None
    assert result.best.guide.key == "vneid/tai-khoan-muc-2"
    assert "<ol>" in result.best.guide.steps_html


def test_a_question_no_guide_answers_gets_no_guess(guides):
    result = retrieval.answer("thoi tiet ha noi ngay mai the nao")
    assert result.best is None


def test_a_question_near_a_lesson_but_off_its_topic_says_where_to_ask(client, guides):
    # "tiền điện" is in the payment lessons; why the bill went up is not.
    result = retrieval.answer("tien dien thang nay tang vot, cong to co van de ko")
    assert result.best is None and result.offtopic.title == "Điện, nước trong nhà"
    page = client.get(reverse("assistant:ask"), {"q": "lich cat dien tuan nay"}).content.decode()
    assert "Xin lỗi, tôi chưa biết câu trả lời" in page
    assert "Công ty điện lực hoặc công ty nước sạch" in page


def test_a_question_sharing_only_syllables_with_a_lesson_gets_no_guess(guides):
    # "chatgpt" and "cho con" are the chatbot lesson's; doing a child's homework is not.
    question = "chatgpt giai bai tap toan lop 5 cho con co dung het ko"
    closest = retrieval.index_for(None).search(question, 1)[0]
    assert closest.guide.key == "tri-tue-nhan-tao/hoi-chatbot-an-toan"
    assert retrieval.answer(question).best is None


def test_a_question_naming_a_lesson_s_app_but_off_its_topic_says_where_to_ask(guides):
    result = retrieval.answer("etax mobile làm quyết toán thuế thu nhập cá nhân thế nào")
    assert result.best is None
    assert result.offtopic.title.startswith("Quyết toán, hoàn thuế thu nhập cá nhân")
    assert "Cơ quan thuế" in result.offtopic.answer
    result = retrieval.answer("zalo bi khoa vi gui tin nhan cho nhieu nguoi la, mo khoa kieu gi")
    assert result.best is None and result.offtopic.title.startswith("Mạng xã hội")


def test_the_shortenings_residents_type_are_read_in_full(guides):
    assert retrieval.normal("Quên MK ko đc") == "quen mat khau khong duoc"
    assert retrieval.answer("quen mk vneid r").best.guide.key == "vneid/quen-mat-khau"


def test_the_off_topic_list_takes_no_lesson_from_its_own_title(guides):
    from hocvuso.learning.models import Lesson

    for lesson in Lesson.objects.select_related("course"):
        result = retrieval.answer(f"{lesson.title} trên điện thoại làm thế nào")
        assert result.offtopic is None, (lesson.title, result.offtopic.title)
        assert result.best is not None, lesson.title


def test_a_ward_s_own_answer_is_found(guides, world):
    FaqEntry.objects.create(
        ward=world.ward,
        question="Bộ phận một cửa của phường làm việc mấy giờ?",
        answer="Từ 7 giờ 30 đến 17 giờ, thứ Hai đến thứ Sáu, và sáng thứ Bảy.",
        keywords="gio lam viec mot cua, mấy giờ mở cửa",
        created_by=world.officer,
    )
    result = retrieval.answer("mot cua phuong may gio mo cua", world.ward.pk)
    assert result.best is not None and result.best.guide.answer.startswith("Từ 7 giờ 30")
    elsewhere = retrieval.answer("mot cua phuong may gio mo cua", world.other_ward.pk).best
    assert elsewhere is None or not elsewhere.guide.is_faq  # another ward's answer stays its own


def test_the_page_answers_with_the_steps_and_a_link(client, guides, world):
    page = client.get(reverse("assistant:ask"), {"q": "quen mat khau vneid"}).content.decode()
    assert "<ol>" in page
    assert reverse("learning:lesson", args=["vneid", "quen-mat-khau"]) in page


def test_the_page_offers_a_help_request_when_it_does_not_know(client, guides, world):
    page = client.get(reverse("assistant:ask"), {"q": "thoi tiet ha noi ngay mai", "ward": 313})
    html = page.content.decode()
    assert "Xin lỗi, tôi chưa biết câu trả lời" in html
    assert reverse("help_request", args=[world.ward.pk]) in html


def test_a_too_long_question_is_refused_in_vietnamese(client, guides):
    page = client.get(reverse("assistant:ask"), {"q": "vneid " * 100})
    assert page.status_code == 400
    assert "tối đa 300 kí tự" in page.content.decode()


def test_questions_are_rate_limited(client, guides):
    for _ in range(30):
        client.get(reverse("assistant:ask"), {"q": "vneid"})
    assert client.get(reverse("assistant:ask"), {"q": "vneid"}).status_code == 429


def test_an_officer_adds_an_answer_and_a_volunteer_may_not(client, guides, world):
    client.force_login(world.officer)
    client.post(
        reverse("assistant:faq"),
        {"question": "Làm thẻ BHYT ở đâu?", "answer": "Tại UBND phường.", "is_active": "on"},
    )
    assert FaqEntry.objects.get().ward == world.ward
    client.force_login(world.volunteer)
    assert client.get(reverse("assistant:faq")).status_code == 403
