"""The demo ward's news and channels: the campaign's launch, the week's mobile points and a
guide as the ward's portal publishes them; a Zalo group for every residential group, and
group 11's SMS list from its households' phones, with one message already sent."""

import datetime

from django.utils import timezone
from django.utils.formats import date_format

from hocvuso.accounts.models import User
from hocvuso.outreach import drafts, messaging
from hocvuso.outreach.models import Article, Channel, Message, NewsCategory
from hocvuso.outreach.news import sanitise
from hocvuso.places.models import Ward
from hocvuso.teams.models import Shift


def populate_outreach(*, ward: Ward, officer: User) -> None:
    """Once: nothing is added where the ward already has channels."""
    if Channel.objects.filter(ward=ward).exists():
        return
    populate_news(ward=ward, officer=officer)
    groups = list(ward.groups.filter(closed_at__isnull=True).order_by("pk"))
    Channel.objects.bulk_create(
        Channel(ward=ward, residential_group=g, kind=Channel.Kind.ZALO_GROUP,
                name=f"Nhóm Zalo {g.name}")
        for g in groups
    )  # fmt: skip
    group11 = next((g for g in groups if g.name.endswith(" 11")), groups[0])
    sms = messaging.channel_save(
        user=officer, group=group11, kind=Channel.Kind.SMS, name=f"SMS {group11.name}"
    )
    messaging.members_from_registry(user=officer, channel=sms)
    subject, body = drafts.draft_message(Message.Template.SCHEDULE, ward, [group11])
    messaging.message_send(
        user=officer, groups=[group11], kinds={Channel.Kind.ZALO_GROUP}, subject=subject,
        body=body, template=Message.Template.SCHEDULE,
    )  # fmt: skip


def populate_news(*, ward: Ward, officer: User) -> None:
    """The ward's own kind of news: the campaign's launch on its first day, this week's
    mobile points, a guide, one article scheduled for tomorrow and one draft."""
    if ward.articles.exists():
        return
    now = timezone.now()
    campaign = ward.campaigns.order_by("-starts_on").first()
    launched = campaign.starts_on if campaign else now.date() - datetime.timedelta(days=30)
    categories = {
        name: NewsCategory.objects.create(ward=ward, name=name)
        for name in ("Chiến dịch", "Lịch hỗ trợ", "Hướng dẫn")
    }
    monday = now.date() - datetime.timedelta(days=now.date().weekday())
    shifts = Shift.objects.filter(
        ward=ward, is_cancelled=False, date__gte=monday, date__lt=monday + datetime.timedelta(7)
    ).select_related("point")
    points = "".join(
        f"<li>{date_format(s.date, 'l d/m')}, {s.starts:%H:%M}–{s.ends:%H:%M}: "
        f"{s.point.name} ({s.point.address})</li>"
        for s in shifts.order_by("date", "starts")
    )

    def at(day: datetime.date, hour: int) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    articles = (
        ("Chiến dịch", f"{ward.name} phát động chiến dịch 45 ngày “Bình dân học vụ số”",
         "Mỗi tổ dân phố có một tổ công nghệ số cộng đồng; điểm hỗ trợ lưu động mở cửa hằng tuần.",
         "<p>Sáng nay, UBND phường phát động chiến dịch 45 ngày “Bình dân học vụ số”. Mục tiêu: "
         "70% người từ 14 tuổi kích hoạt VNeID mức 2, 80% hộ gia đình được tổ công nghệ số "
         "hỗ trợ ít nhất một lần, mọi hộ có người cao tuổi được đến thăm tại nhà.</p>"
         "<ul><li>Đăng ký học miễn phí tại các điểm hỗ trợ lưu động.</li>"
         "<li>Học trên điện thoại: mở trang Học tập số và quét mã QR trên thẻ học tập của hộ.</li>"
         "<li>Cần giúp tại nhà: gửi yêu cầu hỗ trợ trên cổng của phường.</li></ul>",
         at(launched, 8)),
        ("Lịch hỗ trợ", f"Lịch điểm hỗ trợ lưu động tuần {date_format(monday, 'd/m')}",
         "Các điểm hỗ trợ cài VNeID, iHanoi, dịch vụ công trong tuần này.",
         f"<p>Mang theo căn cước và điện thoại. Các điểm mở trong tuần:</p><ul>{points}</ul>",
         at(monday, 7)),
        ("Hướng dẫn", "Kích hoạt tài khoản định danh điện tử mức 2: cần chuẩn bị gì?",
         "Căn cước gắn chip, điện thoại chính chủ và đến công an phường hoặc điểm hỗ trợ.",
         "<p>Tài khoản VNeID mức 2 được kích hoạt sau khi xác thực trực tiếp.</p><ol>"
         "<li>Mang căn cước gắn chip.</li><li>Mang điện thoại đứng tên mình.</li>"
         "<li>Tổ công nghệ số giúp cài ứng dụng và đăng ký.</li></ol>",
         at(launched + datetime.timedelta(days=3), 9)),
        ("Hướng dẫn", "Cảnh giác cuộc gọi giả danh công an yêu cầu cài ứng dụng",
         "Không cài ứng dụng theo đường link lạ; hỏi tổ công nghệ số khi nghi ngờ.",
         "<p>Công an phường không gọi điện yêu cầu cài ứng dụng hay chuyển tiền.</p>",
         now + datetime.timedelta(days=1)),
        ("Chiến dịch", "Sơ kết tuần: các tổ dân phố dẫn đầu (bản nháp)", "",
         "<p>Đang tổng hợp số liệu.</p>", None),
    )  # fmt: skip
    Article.objects.bulk_create(
        Article(
            ward=ward, category=categories[category], title=title, summary=summary,
            body_html=sanitise(body), publish_at=publish_at, author=officer,
        )
        for category, title, summary, body, publish_at in articles
    )  # fmt: skip
