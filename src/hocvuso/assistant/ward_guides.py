"""The ward's own guides: answers to what residents ask about the ward itself (where and when
the mobile points open, help at home, following a request, certificates, classes, news,
contact), written from its live data with links to its pages.

Each topic of `ward_topics.yaml` becomes one guide per ward, indexed by its title and the
ways residents ask it. They are built again when the ward's data changes: saving or deleting
a point, its hours or shifts, an article, a class, a question and answer, the ward itself or
its contact gives the ward a new version stamp in the shared cache (`version`, `versions.py`),
which every process reads before answering; so does a roster made in bulk, without signals
(`teams.signals.shifts_made`). And they are built again when time alone changes them
(`Built.expires_at`): at midnight, when "today" moves on, and when a scheduled article's time
comes.

Which wards are active, and so may be asked about, is kept in each process the same way
(`active_wards`), under a stamp a ward's saving or deleting replaces.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Min, Model
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import format_html, format_html_join

from hocvuso.assistant import versions
from hocvuso.assistant.guides import Guide
from hocvuso.assistant.models import FaqEntry
from hocvuso.learning.models import Classroom
from hocvuso.outreach import news
from hocvuso.outreach.models import Article
from hocvuso.places.models import Ward, WardContact
from hocvuso.teams import queries as team_queries
from hocvuso.teams.models import MobilePoint, OpeningHours, Shift, Weekday
from hocvuso.teams.signals import shifts_made
from hocvuso.web import stamps

TOPICS = Path(__file__).with_name("ward_topics.yaml")
NEWS_SHOWN = 3
WEEK = 7

# A link and what it says, or a line without a link.
Item = tuple[str, str]


@cache
def _topics() -> dict[str, dict]:
    return yaml.safe_load(TOPICS.read_text(encoding="utf-8"))["topics"]


def version(ward_id: int) -> str:
    """Changes each time the ward's data that its guides show is written (`forget`)."""
    return stamps.read(versions.ward(ward_id))


def forget(ward_id: int) -> None:
    stamps.bump(versions.ward(ward_id))


_active: tuple[str, dict[int, Ward]] | None = None


def active_wards() -> dict[int, Ward]:
    """The active wards by number, read again only after a ward is saved or deleted."""
    global _active
    stamp = stamps.read(versions.WARDS)
    kept = _active
    if kept is None or kept[0] != stamp:
        kept = _active = (stamp, {ward.pk: ward for ward in Ward.objects.filter(is_active=True)})
    return kept[1]


@dataclass(frozen=True)
class Built:
    guides: list[Guide]
    expires_at: datetime.datetime  # when time alone makes them out of date


def build(ward_id: int) -> Built:
    """One guide per topic, in Vietnamese whatever the visitor's language: the lessons are."""
    ward = Ward.objects.get(pk=ward_id)
    today = timezone.localdate()
    midnight = datetime.datetime.combine(
        today + datetime.timedelta(days=1), datetime.time(), tzinfo=timezone.get_current_timezone()
    )
    scheduled = Article.objects.filter(ward=ward, publish_at__gt=timezone.now()).aggregate(
        first=Min("publish_at")
    )["first"]
    with translation.override("vi"):
        sections = {
            "points": _points(ward, today),
            "home_help": _link(reverse("help_request", args=[ward.pk]), "Gửi yêu cầu hỗ trợ"),
            "request_status": _link(reverse("help_status"), "Theo dõi yêu cầu"),
            "certificate": (
                [
                    (reverse("learning:catalogue"), "Các khóa học"),
                    (reverse("verify_lookup"), "Kiểm tra một chứng nhận bằng mã số"),
                ],
                reverse("learning:catalogue"),
            ),
            "classes": _classes(ward),
            "news": _news(ward),
            "contact": _contact(ward),
        }
    names = {"ward": ward.name}
    guides = [
        _guide(ward, topic, _topics()[topic], names, items, url)
        for topic, (items, url) in sections.items()
    ]
    return Built(guides, min(midnight, scheduled or midnight))


def _guide(ward: Ward, topic: str, spec: dict, names: dict, items: list[Item], url: str) -> Guide:
    title = spec["title"].format(**names)
    intro = spec["intro"].format(**names)
    asks = " ".join(spec["asks"])
    # Indexed without the ward's name: "phường" in every title would draw any question
    # that says it, residents seldom name their own ward, and so every ward's guide on a
    # topic reads alike and is weighed once (`tfidf.Vectorizer.vector`).
    generic = spec["title"].format(ward="")
    indexed = spec["intro"].format(ward="")
    listed = format_html_join(
        "",
        "<li>{}</li>",
        ((format_html('<a href="{}">{}</a>', h, t) if h else t,) for h, t in items),
    )
    return Guide(
        key=f"ward:{ward.pk}:{topic}",
        title=title,
        url=url,
        steps_html=format_html("<p>{}</p><ul>{}</ul>", intro, listed),
        # As a lesson's: the title and the ways of asking weigh more than the rest.
        text=" ".join((generic, generic, asks, asks, indexed)),
        anchor=f"{generic} {asks}",
        answer="\n".join([intro, *(f"- {text}" for _link, text in items)]),
    )


def _link(url: str, text: str) -> tuple[list[Item], str]:
    return [(url, text)], url


def _hours(starts: datetime.time, ends: datetime.time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def _day(date: datetime.date) -> str:
    return f"{Weekday(date.weekday()).label} {date:%d/%m}"


def _points(ward: Ward, today: datetime.date) -> tuple[list[Item], str]:
    url = reverse("public_points", args=[ward.pk])
    days = defaultdict(list)
    for shift in team_queries.public_week(ward, today, days=WEEK):
        place = f"{shift.point.name} ({shift.point.address})"
        days[shift.date].append(f"{place} {_hours(shift.starts, shift.ends)}")
    items: list[Item] = [
        ("", f"Hôm nay, {_day(today)}: " + ("; ".join(days[today]) or "không có điểm nào mở."))
    ]
    items += [
        ("", f"{_day(day)}: " + "; ".join(opening))
        for day, opening in sorted(days.items())
        if day != today
    ]
    hours = defaultdict(list)
    for opening in OpeningHours.objects.filter(point__ward=ward, point__is_active=True):
        hours[opening.point_id].append(
            f"{Weekday(opening.weekday).label} {_hours(opening.starts, opening.ends)}"
        )
    for point in MobilePoint.objects.filter(ward=ward, is_active=True):
        weekly = ", ".join(hours[point.pk]) or "chưa có giờ cố định"
        items.append(("", f"{point.name}, {point.address}: hằng tuần {weekly}"))
    items.append((url, "Lịch cả tuần, in được"))
    return items, url


def _classes(ward: Ward) -> tuple[list[Item], str]:
    url = reverse("learning:class_join")
    open_classes = Classroom.objects.filter(ward=ward, closed_at__isnull=True).select_related(
        "residential_group"
    )
    items: list[Item] = [("", _class_line(c)) for c in open_classes.order_by("name")]
    if not items:
        items.append(("", "Phường chưa mở lớp nào; bạn vẫn tự học được các khóa trên điện thoại."))
    items += [(url, "Vào lớp bằng mã lớp"), (reverse("learning:catalogue"), "Các khóa học")]
    return items, url


def _class_line(classroom: Classroom) -> str:
    """The class, who it is for, where and when it meets."""
    group = classroom.residential_group
    who = ", ".join(
        filter(None, [classroom.get_organisation_display(), group.name if group else None])
    )
    where = f"học tại {classroom.meets_at}" if classroom.meets_at else "chưa ghi nơi học"
    when = classroom.schedule or "hỏi hướng dẫn viên giờ học"
    return f"{classroom.name} ({who}): {where}; {when}"


def _news(ward: Ward) -> tuple[list[Item], str]:
    items: list[Item] = [
        (
            reverse("news_detail", args=[ward.pk, article.pk]),
            f"{timezone.localtime(article.publish_at):%d/%m/%Y}: {article.title}",
        )
        for article in news.published(ward)[:NEWS_SHOWN]
    ]
    if not items:
        items.append(("", "Chưa có tin nào."))
    return items, reverse("news_list", args=[ward.pk])


def _contact(ward: Ward) -> tuple[list[Item], str]:
    help_url = reverse("help_request", args=[ward.pk])
    contact = WardContact.objects.filter(ward=ward).first() or WardContact(ward=ward)
    police = f"Công an {ward.name}" + (
        f", điện thoại {contact.police_phone}" if contact.police_phone else ""
    )
    office = "; ".join(
        filter(
            None,
            [
                f"Trung tâm Phục vụ hành chính công {ward.name}",
                contact.office_address and f"địa chỉ {contact.office_address}",
                contact.office_phone and f"điện thoại {contact.office_phone}",
                contact.office_hours and f"giờ làm việc {contact.office_hours}",
                contact.email and f"thư điện tử {contact.email}",
            ],
        )
    )
    return [
        (reverse("public_points", args=[ward.pk]),
         "Hỏi cách dùng điện thoại, ứng dụng: tổ công nghệ số cộng đồng, ở các điểm hỗ trợ"),
        (help_url, "Nhờ tổ công nghệ số đến nhà: gửi yêu cầu hỗ trợ"),
        ("", f"Làm, cấp đổi, cấp lại căn cước, cả căn cước cho trẻ em: {police}"),
        ("", f"Thủ tục, giấy tờ: {office}"),
        (reverse("news_list", args=[ward.pk]), f"Tin tức và thông báo của {ward.name}"),
    ], help_url  # fmt: skip


def _ward_of(sender: type[Model], instance: Any) -> int | None:
    if sender is Ward:
        return instance.pk
    if sender is OpeningHours:
        try:
            return instance.point.ward_id
        except ObjectDoesNotExist:  # deleted with its point, which said so itself
            return None
    return instance.ward_id


def _changed(sender: type[Model], instance: Model, **_: object) -> None:
    ward_id = _ward_of(sender, instance)
    if ward_id is not None:
        forget(ward_id)
    if sender is Ward:
        stamps.bump(versions.WARDS)


def _shifts_made(sender: object, ward_id: int, **_: object) -> None:
    forget(ward_id)


def connect_signals() -> None:
    for model in (
        Ward,
        WardContact,
        MobilePoint,
        OpeningHours,
        Shift,
        Article,
        Classroom,
        FaqEntry,
    ):
        uid = f"assistant-ward:{model._meta.label}"
        post_save.connect(_changed, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"{uid}:delete")
    shifts_made.connect(_shifts_made, dispatch_uid="assistant-ward:shifts-made")
