"""Every page of every staff role's menu, and the record pages one click from them, fits a
360-px phone (nothing scrolls sideways) and passes axe, on a small copy of the demo ward."""

import re

import pytest
from django.core.management import call_command

from hocvuso.accounts.models import User
from hocvuso.campaigns.demo import populate_campaign
from hocvuso.demo.ward import DEMO_PASSWORD, DEMO_WARD_CODE, load_demo_ward
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.demo import populate_learning
from hocvuso.outreach.demo import populate_outreach
from hocvuso.support.catalog import load_national_catalog
from hocvuso.support.models import Service
from tests.browser.conftest import PHONE, axe_violations, login

ROLES = ("tinhnguyen11", "totruong11", "canbo", "huongdan")
# Files, feeds, the API and the admin are not pages to read on a phone.
NOT_PAGES = re.compile(r"\.(pdf|xlsx|csv|json|ics|atom)$|^/admin/|^/api/|/logout/")
MENU_LINKS = "[...document.querySelectorAll('header nav a[href]')].map(a => a.pathname + a.search)"
MAIN_LINKS = "[...document.querySelectorAll('main a[href]')].map(a => a.origin + ' ' + a.pathname + a.search)"  # noqa: E501


def kind_of(path: str) -> str:
    """One page of each kind: `/teams/11/` and `/teams/12/` are the same page."""
    bare = path.split("?")[0]
    return "/".join("#" if re.search(r"\d|^[A-Z0-9]{6,}$", seg) else seg for seg in bare.split("/"))


@pytest.fixture
def demo_ward(transactional_db):
    # Transactional tests flush the tables after each test, the migration's catalogue too.
    load_national_catalog(Service)
    load_curriculum()
    ward = load_demo_ward(residents=600)
    officer = User.objects.get(username="canbo")
    populate_learning(ward=ward, coach=User.objects.get(username="huongdan"), seed=DEMO_WARD_CODE)
    populate_campaign(ward=ward, officer=officer)
    call_command("work", once=True)  # the campaign's month before today, as the worker takes it
    populate_outreach(ward=ward, officer=officer)
    return ward


def pages_of(page, origin: str) -> list[str]:
    """The role's menu, then one page of each kind linked from the menu's pages."""
    menu = [p for p in dict.fromkeys(page.evaluate(MENU_LINKS)) if not NOT_PAGES.search(p)]
    seen = {kind_of(p) for p in menu}
    found = []
    for path in menu:
        page.goto(origin + path)
        for link in page.evaluate(MAIN_LINKS):
            where, linked = link.split(" ", 1)
            if where != origin or NOT_PAGES.search(linked.split("?")[0]):
                continue
            if kind_of(linked) not in seen:
                seen.add(kind_of(linked))
                found.append(linked)
    return menu + found


def test_every_page_of_every_role_fits_a_phone(page, live_server, demo_ward):
    problems = []
    for username in ROLES:
        login(page, live_server, username, DEMO_PASSWORD)
        paths = pages_of(page, live_server.url)
        # The coach works in learning alone (README's rights table): fewer pages.
        least = 5 if username == "huongdan" else 10
        assert len(paths) > least, f"{username} has a menu of {len(paths)} pages"
        for path in paths:
            answer = page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if answer.status >= 500:
                problems.append(f"{username} {path}: {answer.status}")
            if width > PHONE["width"]:
                problems.append(f"{username} {path}: {width} px wide")
            for violation in axe_violations(page):
                problems.append(f"{username} {path}: axe {violation['id']}")
        page.context.clear_cookies()
    assert problems == []


def test_a_quiz_with_a_long_web_address_fits_a_phone(page, live_server, transactional_db):
    load_curriculum()
    page.goto(f"{live_server.url}/learn/an-toan-tren-mang/quiz/")
    for question in page.locator("fieldset.question").all():
        question.locator("input").first.check()
    page.get_by_label("dichvucong.gov.vn.xacminh.top").check()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Nộp bài").click()
    page.get_by_role("heading", name="Câu trả lời của bạn").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(page) == []
