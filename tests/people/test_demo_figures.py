"""The demo shows every page at work: no indicator of the demo ward reads zero for lack of
demo data, and every state a page lists has examples."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from hocvuso.accounts.models import User
from hocvuso.campaigns.demo import populate_campaign
from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.models import Snapshot
from hocvuso.demo.ward import DEMO_WARD_CODE, demo_examples, load_demo_ward
from hocvuso.learning.curriculum import load_curriculum
from hocvuso.learning.demo import populate_learning, populate_skills
from hocvuso.outreach.demo import populate_outreach
from hocvuso.outreach.models import Article
from hocvuso.support.catalog import load_national_catalog
from hocvuso.support.models import HelpRequest, HomeVisit, RequestStatus, Service
from hocvuso.teams.models import Shift


def _load_small_demo():
    """What `manage.py load_demo` does, with 800 residents."""
    load_curriculum()
    ward = load_demo_ward(residents=800)
    populate_learning(ward=ward, coach=User.objects.get(username="huongdan"), seed=DEMO_WARD_CODE)
    volunteer = User.objects.get(username="tinhnguyen11")
    populate_skills(ward=ward, volunteer=volunteer, seed=DEMO_WARD_CODE)
    officer = User.objects.get(username="canbo")
    populate_campaign(ward=ward, officer=officer)
    populate_outreach(ward=ward, officer=officer)
    return ward


def test_every_indicator_of_the_demo_ward_is_non_zero_and_every_state_has_examples(db):
    ward = _load_small_demo()
    today = timezone.localdate()
    figures = {
        code: (numerator, denominator)
        for code, numerator, denominator in Snapshot.objects.filter(
            ward=ward, day=today, residential_group__isnull=True
        ).values_list("indicator", "numerator", "denominator")
    }
    assert set(INDICATORS) <= set(figures)
    zero = {code for code in INDICATORS if not figures[code][0]}
    assert not zero, f"indicators at zero in the demo: {zero}"
    adults_level2, adults = figures["vneid_level2"]
    assert 0.4 < adults_level2 / adults < 0.7, "VNeID level 2 in a believable share"
    smartphone, adults = figures["adults_smartphone"]
    assert 0.4 < smartphone / adults < 0.6, "about half the adults known to have a smartphone"
    signature, _adults = figures["adults_digital_signature"]
    assert (
        signature < smartphone
        and figures["basic_skills_confirmed"][0] < (figures["basic_skills_self"][0])
    ), "fewer confirmed than self-reported"
    staffed, shifts = figures["shifts_staffed"]
    assert shifts > 10 and 0.75 < staffed / shifts < 1

    group11 = HelpRequest.objects.filter(residential_group__name="Tổ dân phố số 11")
    assert set(group11.values_list("status", flat=True)) == set(RequestStatus), (
        "the demo team leader sees a request in every state"
    )
    visits = HomeVisit.objects.filter(ward=ward)
    assert visits.filter(status="done").exists()
    assert visits.filter(status="planned", planned_on__lt=today).exists(), "overdue visits"
    assert visits.filter(status="planned", planned_on__gte=today).exists()
    for shift in Shift.objects.filter(ward=ward, date__gte=today):
        assert 7 <= shift.assignments.count() <= 10
    titles = list(Article.objects.filter(ward=ward).values_list("title", flat=True))
    assert any("phát động chiến dịch" in t for t in titles)
    assert any("Lịch điểm hỗ trợ lưu động tuần" in t for t in titles)


def test_load_demo_prints_a_household_card_and_a_certificate_to_open(db, client, capsys):
    ward = _load_small_demo()
    card, certificate = demo_examples(ward)
    assert client.get(f"/learn/household/{card}/").status_code == 200
    page = client.get(f"/c/{certificate}/")
    assert page.status_code == 200 and certificate in page.content.decode()
    call_command("load_demo", residents=800)
    printed = capsys.readouterr().out
    assert f"/learn/household/{card}/" in printed and f"/c/{certificate}/" in printed


@pytest.mark.django_db(transaction=True)  # `work` closes the connection when it is done
def test_the_demo_campaigns_month_is_taken_by_the_task_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # Transactional tests flush the tables after each test, the migration's catalogue too.
    load_national_catalog(Service)
    ward = _load_small_demo()
    today = timezone.localdate()
    days = Snapshot.objects.filter(ward=ward).values_list("day", flat=True).distinct
    assert set(days()) == {today}, "load_demo waits for today's figures only"
    call_command("work", once=True)
    month = {today - datetime.timedelta(days=back) for back in range(32)}
    assert set(days()) == month, "every day of the month before, taken in the background"
    call_command("work", once=True)  # again: the days taken stay as they are
    assert set(days()) == month
