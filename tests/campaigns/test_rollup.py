"""`manage.py rollup` against two real deployments on loopback, each serving its own SQLite
database through granian with the production middleware: one for Hà Nội, one for Hồ Chí Minh
City. The national table must be the sum of the two."""

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command

from hocvuso.campaigns.rollup import RollupError, rollup
from tests.campaigns.conftest import ROOT, copy_sqlite, env_for

PREPARE = str(Path(__file__).with_name("rollup_instance.py"))

HANOI = {  # province 1: Tương Mai and Hoàng Mai
    "313": {"help_given": [40, None], "vneid_level2": [30, 100], "first_visit_days": [3, None]},
    "319": {"help_given": [10, None], "vneid_level2": [20, 50], "first_visit_days": [5, None]},
}
HCMC = {  # province 79: Vũng Tàu and Tam Thắng, in the city since the 2025 merger
    "26506": {"help_given": [7, None], "vneid_level2": [5, 20]},
    "26526": {"help_given": [3, None], "vneid_level2": [15, 30]},
}

pytestmark = pytest.mark.timeout(120)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(data_dir: Path, figures: dict) -> tuple[subprocess.Popen, str]:
    campaign = subprocess.run(
        [sys.executable, PREPARE, json.dumps(figures)],
        env=env_for(data_dir), cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "hocvuso.wsgi:application"],
        env=env_for(data_dir), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/campaigns/{int(campaign)}/open-data.json"
    return server, url


def wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while True:
        assert server.poll() is None, "the server stopped"
        try:
            if httpx.get(url).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"{url} never answered"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def deployments(tmp_path_factory, migrated_sqlite):
    """Two provinces' deployments, each with its copy of one migrated database."""
    hanoi, hcmc = (tmp_path_factory.mktemp(name) for name in ("hanoi", "hcmc"))
    for data_dir in (hanoi, hcmc):
        copy_sqlite(migrated_sqlite, data_dir / "hocvuso.sqlite3")
    servers = [serve(hanoi, HANOI), serve(hcmc, HCMC)]
    try:
        for server, url in servers:
            wait_for(url, server)
        yield [url for _, url in servers]
    finally:
        for server, _ in servers:
            server.terminate()
            server.wait(10)


def run_rollup(tmp_path, *args: str, format: str = "json"):
    out = tmp_path / f"national.{format}"
    call_command("rollup", *args, "--out", str(out), "--format", format)
    return out.read_text(encoding="utf-8")


def figures_of(table: dict) -> dict[tuple, tuple]:
    return {
        (row["province_code"], row["indicator"]): (row["wards"], row["numerator"], row["value"])
        for row in table["figures"]
    }


def test_the_national_table_is_the_sum_of_the_provinces(deployments, tmp_path):
    table = json.loads(run_rollup(tmp_path, *deployments))

    assert figures_of(table) == {
        # Today's ward figures; yesterday's and the groups' are not added in.
        (1, "vneid_level2"): (2, 50, 33.33),
        (1, "help_given"): (2, 50, 50),
        (79, "vneid_level2"): (2, 20, 40.0),
        (79, "help_given"): (2, 10, 10),
        # The country's share is its numerators over its denominators: 70 / 200.
        ("", "vneid_level2"): (4, 70, 35.0),
        ("", "help_given"): (4, 60, 60),
    }  # a median of days cannot be summed: first_visit_days is left out
    provinces = {row["province_code"]: row["province"] for row in table["figures"]}
    assert provinces[1] == "Thành phố Hà Nội" and provinces[79] == "Thành phố Hồ Chí Minh"
    assert [(s["url"], s["wards"]) for s in table["sources"]] == [
        (deployments[0], 2),
        (deployments[1], 2),
    ]
    assert all(s["fetched_at"] and s["campaign"] == "Chiến dịch 45 ngày" for s in table["sources"])
    assert table["missing"] == []
    country_help = next(
        r for r in table["figures"] if r["level"] == "country" and r["indicator"] == "help_given"
    )
    assert sorted(country_help["sources"]) == sorted(deployments)
    assert country_help["first_day"] == country_help["last_day"] == table["sources"][0]["day"]


def test_the_csv_table_names_each_source_and_its_fetch_time(deployments, tmp_path):
    text = run_rollup(tmp_path, *deployments, format="csv")

    lines = text.lstrip("\ufeff").splitlines()
    assert lines[0] == (
        "level,province_code,province,indicator,kind,wards,numerator,denominator,value,"
        "first_day,last_day,sources"
    )
    country = [line for line in lines if line.startswith("country,,,vneid_level2,")]
    assert len(country) == 1 and ",4,70.0,200.0,35.0," in country[0]
    assert deployments[0] in country[0] and deployments[1] in country[0]


def test_one_deployment_down_fails_the_rollup_unless_allowed(deployments, tmp_path):
    down = f"http://127.0.0.1:{free_port()}/campaigns/1/open-data.json"

    with pytest.raises(
        CommandError, match=re.escape(f"Rollup refused: {down}: could not be fetched")
    ):
        run_rollup(tmp_path, deployments[0], down)
    assert not (tmp_path / "national.json").exists()

    table = json.loads(run_rollup(tmp_path, deployments[0], down, "--allow-missing"))
    assert [m["url"] for m in table["missing"]] == [down]
    assert figures_of(table)[("", "help_given")] == (2, 50, 50)
    assert [s["url"] for s in table["sources"]] == [deployments[0]]


def test_a_page_that_is_not_our_feed_is_refused_by_its_url(deployments, tmp_path):
    page = deployments[0].split("/campaigns/")[0] + "/privacy/"

    with pytest.raises(
        CommandError, match=re.escape(f"{page}: does not look like a hocvuso open-data")
    ):
        run_rollup(tmp_path, deployments[1], page)


def test_a_ward_published_twice_is_refused(deployments, tmp_path):
    with pytest.raises(CommandError, match=r"ward \d+ is also published by"):
        run_rollup(tmp_path, deployments[0], deployments[1], deployments[0] + "?again")


def feed_with(**row_changes) -> dict:
    row = {"day": "2026-11-02", "ward_code": 313, "ward": "Phường Tương Mai",
           "residential_group": "", "indicator": "vneid_level2", "numerator": 30,
           "denominator": 100, "value": 30.0, **row_changes}  # fmt: skip
    return {"campaign": "C", "starts_on": "2026-11-01", "ends_on": "2026-12-15", "figures": [row]}


@pytest.mark.parametrize(
    ("feed", "refusal"),
    [
        (feed_with(value=45.0), "vneid_level2 of ward 313 does not add up"),
        (feed_with(ward_code=99999999), "ward code 99999999 is not in the official list"),
        (feed_with(indicator="happiness"), "unknown indicator 'happiness'"),
        (feed_with(denominator=None, value=30.0), "vneid_level2 has the wrong kind of figure"),
        (feed_with(day="2026-10-01"), "a figure of 2026-10-01 is outside the campaign"),
        (feed_with(numerator="30"), "does not look like a hocvuso open-data feed"),
        (feed_with(password="x"), "figures.0.password: Extra inputs are not permitted"),
    ],
)
def test_a_feed_that_does_not_hold_together_is_refused(feed, refusal):
    url = "http://province.test/campaigns/1/open-data.json"
    client = httpx.Client(
        transport=httpx.MockTransport(lambda request: httpx.Response(200, json=feed))
    )

    with pytest.raises(RollupError, match=re.escape(f"{url}: ") + ".*" + re.escape(refusal)):
        rollup([url], client=client)
