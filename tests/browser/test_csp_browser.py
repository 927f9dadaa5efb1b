"""Under the Content-Security-Policy every page still works, and the browser reports no
violation: the learning scripts, read-aloud, offline reading, printing, Swagger UI."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login
from tests.campaigns.conftest import field  # noqa: F401 (fixtures)
from tests.campaigns.test_pages import campaign  # noqa: F401
from tests.learning.conftest import course, sample_root  # noqa: F401

PASSWORD = "mật-khẩu-cán-bộ-2026"
WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
window.print = () => { window.__printed = true; };
"""


@pytest.fixture
def violations(page):
    """What the browser refused on the pages opened: events and console errors alike."""
    found: list[str] = []
    page.add_init_script(WATCH)
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield found


def opened(page, url: str, violations: list[str]) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return violations + page.evaluate("window.__csp")


@pytest.fixture
def officer(transactional_db, world):
    world.officer.set_password(PASSWORD)
    world.officer.save()
    return world.officer


def test_public_pages_and_a_lesson_work_with_no_violation(
    page,
    live_server,
    transactional_db,
    world,
    course,  # noqa: F811
    violations,
):
    ward = world.ward.pk
    for path in ("/", f"/points/{ward}/", f"/help/{ward}/", "/help/status/", f"/news/{ward}/",
                 "/learn/", "/learn/mau/", "/ask/?q=cai+vneid"):  # fmt: skip
        assert opened(page, live_server.url + path, violations) == [], path
    page.goto(f"{live_server.url}/points/{world.ward.pk}/")
    page.get_by_role("button", name="In").click()
    assert page.evaluate("window.__printed") is True

    assert opened(page, f"{live_server.url}/learn/mau/bai-mot/", violations) == []
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    assert page.evaluate("document.documentElement.classList.contains('js')")
    read_aloud = page.locator("[data-readaloud-start]")
    if read_aloud.count():  # removed by learn.js on a browser with no speech at all
        read_aloud.click()
        expect(page.locator("[data-readaloud-stop]")).to_be_visible()
        page.locator("[data-readaloud-stop]").click()
    page.get_by_role("button", name="A+").click()
    page.reload()  # the size comes back before the first paint, from textsize.js
    assert page.evaluate("document.documentElement.style.fontSize") == "125%"
    assert page.evaluate("window.__csp") == [] and violations == []

    # And what the policy is for: a script slipped into the page does not run, and is seen.
    page.evaluate("""() => { const s = document.createElement("script");
        s.textContent = "window.__ran = true"; document.body.append(s); }""")
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("window.__ran") is None
    assert page.evaluate("window.__csp") == ["script-src-elem inline"]


def test_the_learners_account_is_not_kept_for_offline_reading(
    page,
    live_server,
    context,
    transactional_db,
    course,  # noqa: F811
    violations,
):
    page.goto(f"{live_server.url}/learn/mau/bai-mot/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(f"{live_server.url}/learn/account/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Không có mạng")
    context.set_offline(True)
    page.goto(f"{live_server.url}/learn/mau/bai-mot/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Không có mạng")
    page.goto(f"{live_server.url}/learn/account/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Không có mạng")
    context.set_offline(False)
    assert violations == []


def test_staff_pages_and_the_api_docs_work_with_no_violation(
    page,
    live_server,
    officer,
    field,  # noqa: F811
    campaign,  # noqa: F811
    violations,
):
    login(page, live_server, "officer", PASSWORD)
    for path in ("/registry/", f"/registry/households/{field.h11.pk}/",
                 f"/campaigns/{campaign.pk}/", "/support/caseload/"):  # fmt: skip
        assert opened(page, live_server.url + path, violations) == [], path
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("hocvuso")
    page.get_by_text("/api/registry/residents").first.click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__csp") == [] and violations == []
