"""First drafts in the plain Vietnamese a ward speaks to its residents: the loudspeaker
script and the group messages' templates, filled from the ward's own records. Staff edit
every draft before it goes out."""

import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from hocvuso.outreach.models import Broadcast, Message
from hocvuso.places.models import ResidentialGroup, Ward

WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
SAFETY = (
    "Tuyệt đối không cung cấp mã OTP, mật khẩu cho bất kỳ ai gọi điện tự xưng là cán bộ, công an."
)


def coming_sessions(ward_id: int, start: datetime.date, days: int = 7) -> QuerySet:
    from hocvuso.teams.models import Shift

    return (
        Shift.objects.filter(
            ward_id=ward_id,
            is_cancelled=False,
            point__is_active=True,
            date__gte=start,
            date__lt=start + datetime.timedelta(days=days),
        )
        .select_related("point")
        .order_by("date", "starts")
    )


def session_lines(ward_id: int, start: datetime.date, days: int = 7) -> list[str]:
    """One line per coming session of the ward's mobile help points."""
    return [
        f"- {WEEKDAYS[s.date.weekday()]} ngày {s.date:%d/%m}, từ {s.starts:%H:%M} đến "
        f"{s.ends:%H:%M}, tại {s.point.name}, {s.point.address}."
        for s in coming_sessions(ward_id, start, days)
    ]


def draft_script(broadcast: Broadcast, *, days: int = 7, news_items: int = 3) -> str:
    """A first draft for the loudspeaker: the mobile points' sessions of the coming days
    and the latest news."""
    from hocvuso.outreach.news import published

    start = timezone.localtime(broadcast.scheduled_at).date()
    lines = [
        "Kính thưa bà con nhân dân!",
        "",
        f"Thực hiện phong trào “Bình dân học vụ số”, {broadcast.ward.name} thông báo lịch "
        "hỗ trợ người dân sử dụng dịch vụ công trực tuyến trong tuần như sau:",
    ]
    lines += session_lines(broadcast.ward_id, start, days) or [
        "- Lịch các điểm hỗ trợ lưu động sẽ được thông báo sau."
    ]
    recent = list(published(broadcast.ward)[:news_items])
    if recent:
        lines += ["", "Tin đáng chú ý:"]
        lines += [f"- {a.title}. {a.summary}".rstrip() for a in recent]
    lines += [
        "",
        f"Bà con nhớ mang theo thẻ căn cước và điện thoại. {SAFETY}",
        "Xin trân trọng thông báo!",
    ]
    return "\n".join(lines)


def _schedule(ward: Ward, to: str, today: datetime.date) -> tuple[str, str]:
    lines = session_lines(ward.pk, today, 7)
    body = [
        f"Kính gửi bà con {to}!",
        "",
        "Lịch các điểm hỗ trợ lưu động của phường trong 7 ngày tới:",
        *(lines or ["- Lịch sẽ được thông báo sau."]),
        "",
        "Cán bộ, đoàn viên sẽ hướng dẫn cài đặt, kích hoạt VNeID mức 2, dùng iHanoi, nộp hồ "
        "sơ và thanh toán trực tuyến. Bà con mang theo thẻ căn cước và điện thoại.",
        SAFETY,
    ]
    return f"Lịch hỗ trợ lưu động tuần từ {today:%d/%m}", "\n".join(body)


def _campaign(
    ward: Ward, groups: list[ResidentialGroup], to: str, today: datetime.date, site: str
) -> tuple[str, str]:
    from hocvuso.campaigns.models import Campaign, Snapshot
    from hocvuso.outreach.news import published

    campaign = (
        Campaign.objects.filter(wards=ward, starts_on__lte=today, ends_on__gte=today)
        .order_by("ends_on")
        .first()
    )
    body = [f"Kính gửi bà con {to}!", ""]
    subject = "Tin phong trào Bình dân học vụ số"
    if campaign:
        subject = f"Tin chiến dịch “{campaign.name}”"
        left = (campaign.ends_on - today).days
        body.append(
            f"Chiến dịch “{campaign.name}” còn {left} ngày (đến {campaign.ends_on:%d/%m/%Y})."
        )
        # One group hears its own figure; several hear the ward's.
        one = groups[0] if len(groups) == 1 else None
        latest = (
            Snapshot.objects.filter(
                ward=ward, residential_group=one, indicator="vneid_level2", day__lte=today
            )
            .order_by("-day")
            .first()
        )
        if latest and latest.denominator:
            share = round(100 * latest.numerator / latest.denominator)
            whose = "của tổ" if one else f"của {ward.name}"
            body.append(
                f"Đến ngày {latest.day:%d/%m}, {share}% người từ 14 tuổi trở lên {whose} đã kích "
                "hoạt tài khoản VNeID mức 2. Gia đình nào chưa kích hoạt, xin đến điểm hỗ trợ "
                "gần nhất hoặc báo tổ trưởng để được giúp tại nhà."
            )
    news = list(published(ward)[:2])
    if news:
        body += ["", "Tin mới trên cổng thông tin của phường:"]
        body += [f"- {a.title}: {site}{reverse('news_detail', args=[ward.pk, a.pk])}" for a in news]
    body += ["", SAFETY]
    return subject, "\n".join(body)


def _visits(groups: list[ResidentialGroup], to: str, today: datetime.date) -> tuple[str, str]:
    from hocvuso.support.models import HomeVisit, VisitStatus

    # Only the days go in a message to the whole group: who is visited is nobody else's business.
    days = sorted(
        set(
            HomeVisit.objects.filter(
                residential_group__in=groups,
                status=VisitStatus.PLANNED,
                planned_on__gte=today,
                planned_on__lt=today + datetime.timedelta(days=14),
            ).values_list("planned_on", flat=True)
        )
    )
    when = ", ".join(f"{WEEKDAYS[d.weekday()]} {d:%d/%m}" for d in days) or "trong tuần tới"
    body = [
        f"Kính gửi bà con {to}!",
        "",
        "Tổ công nghệ số cộng đồng sẽ đến tận nhà hỗ trợ người cao tuổi, người khuyết tật cài "
        f"đặt và sử dụng VNeID, dịch vụ công trực tuyến vào: {when}.",
        "Gia đình có người cần hỗ trợ tại nhà mà chưa được hẹn, xin báo tổ trưởng tổ dân phố.",
        "Người đến hỗ trợ sẽ xuất trình thẻ đoàn viên hoặc giấy giới thiệu của phường. " + SAFETY,
    ]
    return "Lịch hỗ trợ tại nhà", "\n".join(body)


def draft_message(
    template: str, ward: Ward, groups: list[ResidentialGroup], *, site: str = ""
) -> tuple[str, str]:
    """The subject and text of a group message from one of the templates. For several
    groups the greeting holds GROUP_PLACEHOLDER, which sending replaces with each group's
    name. `site` is what links to the ward's news start with."""
    from hocvuso.outreach.messaging import GROUP_PLACEHOLDER

    today = timezone.localdate()
    to = groups[0].name if len(groups) == 1 else GROUP_PLACEHOLDER
    if template == Message.Template.SCHEDULE:
        return _schedule(ward, to, today)
    if template == Message.Template.CAMPAIGN:
        return _campaign(ward, groups, to, today, site)
    if template == Message.Template.VISIT:
        return _visits(groups, to, today)
    return "", ""
