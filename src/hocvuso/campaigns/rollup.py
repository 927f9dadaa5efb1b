"""The national table: several deployments' open-data feeds (one deployment per province)
fetched, checked strictly, and summed per indicator and province.

A feed is what `/campaigns/<id>/open-data.json` serves (views.open_data). Each ward's latest
ward-level figure is taken; counts and shares are summed (a share as the sum of its
numerators over the sum of its denominators, never an average of percentages); medians
cannot be summed and are left out. A ward's province comes from the official 2025 list.
"""

import csv
import datetime
import io
import json
from dataclasses import dataclass, field

import httpx
from pydantic import BaseModel, ConfigDict, ValidationError
from vietnam_provinces import Province as OfficialProvince
from vietnam_provinces import ProvinceCode, WardCode
from vietnam_provinces import Ward as OfficialWard

from hocvuso.campaigns.indicators import INDICATORS
from hocvuso.campaigns.queries import value_of

MAX_FEED_BYTES = 64 * 1024 * 1024
TIMEOUT_SECONDS = 30.0
SUMMED_KINDS = ("count", "share")
COLUMNS = [
    "level",
    "province_code",
    "province",
    "indicator",
    "kind",
    "wards",
    "numerator",
    "denominator",
    "value",
    "first_day",
    "last_day",
    "sources",
]


class RollupError(Exception):
    """A source could not be used; the message names its URL."""


class FeedRow(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    day: datetime.date
    ward_code: int
    ward: str
    residential_group: str
    indicator: str
    numerator: float
    denominator: float | None
    value: float | None  # None for a share of nothing (0 of 0)


class Feed(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    campaign: str
    starts_on: datetime.date
    ends_on: datetime.date
    figures: list[FeedRow]


@dataclass
class Source:
    url: str
    fetched_at: datetime.datetime
    feed: Feed
    # (ward code, indicator) -> the ward's latest ward-level row
    latest: dict[tuple[int, str], FeedRow] = field(default_factory=dict)

    @property
    def wards(self) -> set[int]:
        return {ward for ward, _ in self.latest}

    @property
    def day(self) -> datetime.date | None:
        return max((row.day for row in self.latest.values()), default=None)


@dataclass
class Missing:
    url: str
    error: str


def fetch(url: str, client: httpx.Client, day: datetime.date | None = None) -> Source:
    """One deployment's feed, refused with a message naming the URL unless it is ours."""
    params = {"day": day.isoformat()} if day else None
    try:
        with client.stream("GET", url, params=params) as response:
            if response.status_code != 200:
                raise RollupError(f"{url}: answered HTTP {response.status_code}")
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_FEED_BYTES:
                    raise RollupError(f"{url}: larger than {MAX_FEED_BYTES} bytes")
    except httpx.HTTPError as error:
        raise RollupError(f"{url}: could not be fetched ({error})") from None
    fetched_at = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    try:
        feed = Feed.model_validate_json(bytes(body))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the document"
        raise RollupError(
            f"{url}: does not look like a hocvuso open-data feed "
            f"(/campaigns/<id>/open-data.json): {where}: {first['msg']}"
        ) from None
    source = Source(url, fetched_at, feed)
    for row in feed.figures:
        check_row(url, feed, row)
        if row.residential_group:
            continue  # a group's figure is inside its ward's
        key = (row.ward_code, row.indicator)
        if key not in source.latest or row.day > source.latest[key].day:
            source.latest[key] = row
    return source


def check_row(url: str, feed: Feed, row: FeedRow) -> None:
    """What pydantic cannot see: our indicators, the official wards, figures that agree."""
    indicator = INDICATORS.get(row.indicator)
    if indicator is None:
        raise RollupError(f"{url}: unknown indicator {row.indicator!r}")
    if province_of(row.ward_code) is None:
        raise RollupError(f"{url}: ward code {row.ward_code} is not in the official list")
    if not feed.starts_on <= row.day <= feed.ends_on:
        raise RollupError(f"{url}: a figure of {row.day} is outside the campaign")
    if (row.denominator is None) == (indicator.kind == "share"):
        raise RollupError(f"{url}: {row.indicator} has the wrong kind of figure")
    value = value_of(row.numerator, row.denominator)
    if (value is None) != (row.value is None) or (
        value is not None and row.value is not None and abs(round(value, 2) - row.value) > 0.011
    ):
        raise RollupError(f"{url}: {row.indicator} of ward {row.ward_code} does not add up")


def province_of(ward_code: int) -> tuple[int, str] | None:
    try:
        ward = OfficialWard.from_code(WardCode(ward_code))
    except (ValueError, KeyError):
        return None
    code = int(ward.province_code)
    return code, OfficialProvince.from_code(ProvinceCode(code)).name


def roll_up(sources: list[Source]) -> list[dict]:
    """One row per province and indicator, then the country's, from every source's wards."""
    seen: dict[int, str] = {}
    for source in sources:
        for ward in source.wards:
            if ward in seen:
                raise RollupError(
                    f"{source.url}: ward {ward} is also published by {seen[ward]}; "
                    "each ward must be counted once"
                )
            seen[ward] = source.url
    totals: dict[tuple[int | None, str], dict] = {}
    for source in sources:
        for (ward, code), row in source.latest.items():
            if INDICATORS[code].kind not in SUMMED_KINDS:
                continue
            province = province_of(ward)
            for level, key in (("province", province), ("country", None)):
                total = totals.setdefault(
                    (key and key[0], code),
                    {
                        "level": level,
                        "province_code": key[0] if key else "",
                        "province": key[1] if key else "",
                        "indicator": code,
                        "kind": INDICATORS[code].kind,
                        "wards": 0,
                        "numerator": 0.0,
                        "denominator": None,
                        "days": set(),
                        "sources": {},
                    },
                )
                total["wards"] += 1
                total["numerator"] += row.numerator
                if row.denominator is not None:
                    total["denominator"] = (total["denominator"] or 0.0) + row.denominator
                total["days"].add(row.day)
                total["sources"][source.url] = source.fetched_at.isoformat()
    order = list(INDICATORS)
    rows = sorted(
        totals.values(),
        key=lambda t: (
            t["level"] == "country",
            t["province_code"] or 0,
            order.index(t["indicator"]),
        ),
    )
    for total in rows:
        days = total.pop("days")
        total["first_day"], total["last_day"] = min(days).isoformat(), max(days).isoformat()
        value = value_of(total["numerator"], total["denominator"])
        total["value"] = None if value is None else round(value, 2)
    return rows


def rollup(
    urls: list[str],
    *,
    allow_missing: bool = False,
    day: datetime.date | None = None,
    client: httpx.Client | None = None,
) -> tuple[list[Source], list[Missing], list[dict]]:
    """Fetch every URL and sum them; any failing source fails the whole rollup unless
    `allow_missing`, when it is listed instead."""
    sources: list[Source] = []
    missing: list[Missing] = []
    with client or httpx.Client(
        timeout=TIMEOUT_SECONDS,
        follow_redirects=True,
        headers={"Accept": "application/json", "User-Agent": "hocvuso-rollup"},
    ) as http:
        for url in urls:
            try:
                sources.append(fetch(url, http, day))
            except RollupError as error:
                if not allow_missing:
                    raise
                missing.append(Missing(url, str(error)))
    if not sources:
        raise RollupError("no source could be used")
    return sources, missing, roll_up(sources)


def as_json(sources: list[Source], missing: list[Missing], rows: list[dict]) -> str:
    return json.dumps(
        {
            "generated_at": datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat(),
            "sources": [
                {
                    "url": s.url,
                    "fetched_at": s.fetched_at.isoformat(),
                    "campaign": s.feed.campaign,
                    "day": s.day.isoformat() if s.day else None,
                    "wards": len(s.wards),
                }
                for s in sources
            ],
            "missing": [{"url": m.url, "error": m.error} for m in missing],
            "figures": rows,
        },
        ensure_ascii=False,
        indent=1,
    )


def as_csv(rows: list[dict]) -> str:
    """The table, each row naming its sources as "URL fetched-at" joined by " | "."""
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads Vietnamese correctly only with it
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for row in rows:
        sources = " | ".join(f"{url} {at}" for url, at in row["sources"].items())
        writer.writerow({**row, "sources": sources})
    return out.getvalue()
