"""The coverage page on a 360-px phone: a coach finds it from the classes page, reads which
lessons teach a competence and which are gaps, and nothing scrolls sideways but the table."""

from playwright.sync_api import expect

from hocvuso.accounts.models import Role
from hocvuso.learning.curriculum import load_curriculum
from tests import factories
from tests.browser.conftest import PHONE, axe_violations, login

PASSWORD = "mật-khẩu-hướng-dẫn-2026"


def test_a_coach_reads_the_coverage_of_the_shipped_courses_on_a_phone(
    page, live_server, transactional_db
):
    load_curriculum()
    ward = factories.ward(factories.TUONG_MAI)
    coach = factories.user("huongdan", role=Role.COACH, ward_=ward)
    coach.set_password(PASSWORD)
    coach.save()
    login(page, live_server, "huongdan", PASSWORD)
    page.goto(f"{live_server.url}/learn/classes/")
    page.get_by_role("link", name="Các khóa học dạy những gì").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Các khóa học dạy những gì")
    item = page.locator("#c-vn757-2-2")
    expect(item).to_contain_text("Chia sẻ qua công nghệ số")
    expect(item.get_by_role("link", name="Chụp, chỉnh và gửi ảnh, tài liệu")).to_be_visible()
    expect(page.locator("#c-vn757-3-4")).to_contain_text("Chưa có bài học")
    skills = page.get_by_role("region", name="Năm kỹ năng số cơ bản")
    shopping = skills.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Mua sắm trực tuyến", exact=True)
    )
    expect(shopping.get_by_role("link")).to_have_text(["Mua sắm trực tuyến an toàn"])
    # Only the wide table scrolls, inside its labelled region; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    matrix = page.get_by_role("region", name="Bảng năng lực và khóa học")
    assert matrix.evaluate("e => e.scrollWidth > e.clientWidth")
    assert axe_violations(page) == []
