"""A campaign day on the served site: residents on the public pages, learners reading a
course and taking its quiz, volunteers searching the registry and recording help, team
leaders opening their home visits and the officer the campaign dashboard.

Run it with `loadtest/run.py`, never from pytest. Every simulated person sends its own
`X-Forwarded-For`, as residents behind the ward's nginx would: the server must trust
127.0.0.1 as a proxy (`HOCVUSO_TRUSTED_PROXIES=127.0.0.1`) so the per-address throttles
count each person apart. Any answer but 2xx, or a 3xx the flow expects, is an error.

LOADTEST_WAIT=0 makes every person act without pause (to saturate the server); otherwise
they think 1 to 3 seconds between pages. LOADTEST_PAGE=/path/ replaces the mix by that one
page, such as `/bench/bare/`, which only the bench settings serve.
"""

import itertools
import os
import random
import re
import uuid
from urllib.parse import urlencode

from locust import between, constant, task
from locust.contrib.fasthttp import FastHttpUser

WARD = 313
PASSWORD = "hocvuso-demo"  # noqa: S105 (the demo logins README lists)
WAIT = constant(0) if os.environ.get("LOADTEST_WAIT") == "0" else between(1, 3)
ONE_PAGE = os.environ.get("LOADTEST_PAGE", "")
# Given names common in the demo ward: a volunteer types one to find a person.
NAMES = ["Lan", "Hương", "Hùng", "Minh", "Hoa", "Dũng", "Mai", "Nga", "Tuấn", "Hà", "Anh", "Thủy"]
PUBLIC_PAGES = [
    ("/", "/"),
    (f"/points/{WARD}/", "/points/[ward]/"),
    (f"/help/{WARD}/", "/help/[ward]/"),
    ("/learn/", "/learn/"),
    (f"/news/{WARD}/", "/news/[ward]/"),
    ("/ask/", "/ask/?q="),  # with one of QUESTIONS
    ("/privacy/", "/privacy/"),
]
# What residents ask, some from the campaign's links, some typed without accents.
QUESTIONS = [
    "cài VNeID",
    "quên mật khẩu VNeID",
    "cach dang ky tai khoan dinh danh muc 2",
    "nộp thuế trên eTax Mobile",
    "làm sao tích hợp bằng lái xe vào VNeID",
    "đăng ký khai sinh trực tuyến",
    "cach chuyen tien qua ngan hang tren dien thoai",
    "cuộc gọi lạ đòi mã OTP có phải lừa đảo không",
    "iHanoi phản ánh hiện trường",
    "thanh toan tien dien online",
    "đổi số điện thoại trên VNeID",
    "dich vu cong truc tuyen la gi",
]

LOGIN_FORM = 'name="password"'  # the staff login page, where a lost session ends
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# From a random start, so that a run soon after another on the same data does not come from
# addresses whose ten minutes of questions are used up.
_addresses = itertools.count(random.randrange(1, 1 << 23))


def new_address() -> str:
    """A distinct client address for each simulated person (10.0.0.0/8 has room for all)."""
    n = next(_addresses)
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    if found is None:
        raise ValueError("no CSRF token on the page")
    return found.group(1)


class Person(FastHttpUser):
    """A browser behind the ward's proxy: its own address, its own cookies."""

    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        self.address = new_address()

    def new_visitor(self) -> None:
        """Another person on another phone: a new address and no cookies."""
        self.address = new_address()
        self.client.cookiejar.clear()

    def get(self, path: str, name: str | None = None, **kwargs):
        headers = {"X-Forwarded-For": self.address, **kwargs.pop("headers", {})}
        return self.client.get(path, name=name or path, headers=headers, **kwargs)

    def post(self, path: str, data: dict, name: str | None = None, **kwargs):
        headers = {
            "X-Forwarded-For": self.address,
            "Referer": f"{self.host}{path}",
            **kwargs.pop("headers", {}),
        }
        return self.client.post(path, data=data, name=name or path, headers=headers, **kwargs)

    def page(self, path: str, name: str | None = None, *, refuse: str = "") -> str:
        """GET a page that must answer 200 (after redirects) and not show `refuse`."""
        with self.get(path, name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {path}")
                return ""
            if refuse and refuse in (response.text or ""):
                response.failure(f"{path} showed {refuse!r}")
                return ""
            return response.text or ""


class Staff(Person):
    abstract = True
    username = ""

    def on_start(self) -> None:
        super().on_start()
        token = csrf_token(self.page("/accounts/login/"))
        with self.post(
            "/accounts/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/accounts/login/ (POST)",
            catch_response=True,
        ) as response:
            if LOGIN_FORM in (response.text or ""):
                response.failure(f"{self.username} could not log in")

    def staff_page(self, path: str, name: str | None = None) -> str:
        return self.page(path, name, refuse=LOGIN_FORM)


if ONE_PAGE:

    class OnePage(Person):
        """One page again and again, such as the bench's yardstick, a bare 7 KB page."""

        @task
        def one(self) -> None:
            self.page(ONE_PAGE)

else:

    class Resident(Person):
        """Opens two or three public pages, as one does from a Zalo link, and leaves."""

        weight = 70

        @task
        def visit(self) -> None:
            self.new_visitor()
            for path, name in random.sample(PUBLIC_PAGES, k=random.randint(2, 3)):
                if path == "/ask/":
                    path = f"/ask/?{urlencode({'q': random.choice(QUESTIONS)})}"
                self.page(path, name)

    class Learner(Person):
        """Reads every lesson of a course, marking each done, then takes its quiz."""

        weight = 20

        @task
        def course(self) -> None:
            self.new_visitor()
            catalogue = self.page("/learn/")
            slugs = sorted(set(re.findall(r'href="/learn/([a-z0-9-]+)/"', catalogue)))
            slugs = [s for s in slugs if s not in ("account", "household", "join", "offline")]
            if not slugs:
                return
            slug = random.choice(slugs)
            course = self.page(f"/learn/{slug}/", "/learn/[course]/")
            token = csrf_token(course)
            # The course page links the next lesson only; marking a lesson done leads on to
            # the next one, and after the last one to the quiz.
            first = re.search(rf'href="(/learn/{slug}/[a-z0-9-]+/)"', course)
            if first is None:
                return
            page = self.page(first.group(1), "/learn/[course]/[lesson]/")
            for _ in range(40):
                done = re.search(r'action="(/learn/[a-z0-9-]+/[a-z0-9-]+/done/)"', page)
                if done is None:
                    break
                with self.post(
                    done.group(1),
                    {"csrfmiddlewaretoken": token},
                    name="/learn/[course]/[lesson]/done/ (POST), then the next page",
                    catch_response=True,
                ) as response:
                    page = response.text or ""
                    if response.status_code != 200:
                        response.failure(f"{response.status_code} from {done.group(1)}")
                        return
            quiz = page
            answers: dict[str, str] = {}
            for name, value in re.findall(r'name="(q\d+)" value="(\d+)"', quiz):
                answers.setdefault(name, value)
            with self.post(
                f"/learn/{slug}/quiz/",
                {"csrfmiddlewaretoken": token, **answers},
                name="/learn/[course]/quiz/ (POST)",
                catch_response=True,
            ) as response:
                if response.status_code != 200 or 'class="figure"' not in (response.text or ""):
                    response.failure(f"no quiz result: {response.status_code}")

    class Volunteer(Staff):
        """Finds a resident of the group by name and records the help given."""

        weight = 5
        username = "tinhnguyen11"

        @task
        def record_help(self) -> None:
            found = self.staff_page(
                f"/support/record/?q={random.choice(NAMES)}", "/support/record/?q="
            )
            residents = re.findall(r'href="\?resident=(\d+)"', found)
            if not residents:
                return
            path = f"/support/record/?resident={random.choice(residents)}"
            form = self.staff_page(path, "/support/record/?resident=")
            data = {"csrfmiddlewaretoken": csrf_token(form), "client_id": str(uuid.uuid4())}
            for field in ("service", "task", "outcome", "place"):
                values = re.findall(rf'name="{field}" value="([^"]+)"', form)
                data[field] = values[0] if values else ""
            with self.post(
                path, data, name="/support/record/?resident= (POST)", catch_response=True
            ) as response:
                if response.status_code != 200 or "errorlist" in (response.text or ""):
                    response.failure(f"help was not recorded: {response.status_code}")

    class TeamLeader(Staff):
        weight = 3
        username = "totruong11"

        @task
        def caseload(self) -> None:
            self.staff_page("/support/caseload/")

    class Officer(Staff):
        weight = 2
        username = "canbo"

        @task
        def dashboard(self) -> None:
            campaigns = self.staff_page("/campaigns/")
            ids = sorted(set(re.findall(r'href="/campaigns/(\d+)/"', campaigns)))
            if ids:
                self.staff_page(f"/campaigns/{ids[0]}/", "/campaigns/[id]/")
