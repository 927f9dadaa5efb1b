"""The error pages on a 360-px phone: Vietnamese, in the site's layout, nothing sideways,
nothing axe-core objects to."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations

PAGES = [
    ("/khong-co-trang-nay/", 404, "Không tìm thấy trang"),
    ("/fails/forbidden/", 403, "Bạn không có quyền mở trang này"),
    ("/fails/malformed/", 400, "Không thực hiện được"),
    ("/fails/refused/", 404, "Không thể hiển thị"),
    ("/fails/throttled/", 429, "Vui lòng chờ"),
    ("/fails/broken/", 500, "Đã có lỗi xảy ra"),
]


@pytest.mark.urls("tests.web.error_urls")
def test_each_error_page_reads_on_a_phone_and_offers_the_next_step(page, live_server, world):
    for path, status, heading in PAGES:
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == status, path
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        expect(page.get_by_role("link", name="Về trang chủ")).to_be_visible()
        expect(page.get_by_role("link", name="Hỏi trợ lý về dịch vụ số")).to_be_visible()
        width = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert width <= 1, path
        assert axe_violations(page) == [], path
    page.goto(f"{live_server.url}/fails/forbidden/")
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
