"""The ward's news: sanitised rich text, drafts and scheduled publishing, public pages and a
valid Atom feed."""

import datetime
import io
from html.parser import HTMLParser

import feedparser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from hocvuso.outreach import news
from hocvuso.outreach.models import Article


def _article(world, title, publish_at, body="<p>Nội dung</p>"):
    return news.article_save(
        user=world.officer,
        article=Article(ward=world.ward, title=title, body_html=body, publish_at=publish_at),
    )


def test_no_script_gets_through_an_editor_s_text(world):
    article = _article(
        world,
        "Lịch trực tuần này",
        timezone.now(),
        body=(
            '<p onclick="steal()">Bà con <strong>chú ý</strong></p><script>alert(1)</script>'
            '<a href="javascript:alert(1)">bấm</a><img src="x" onerror="alert(1)" alt="ảnh">'
            '<a href="https://dichvucong.gov.vn">Cổng DVC</a>'
        ),
    )
    body = article.body_html
    assert "<script" not in body and "onclick" not in body and "onerror" not in body
    assert "javascript:" not in body
    assert "<strong>chú ý</strong>" in body
    assert 'href="https://dichvucong.gov.vn"' in body


def test_drafts_and_scheduled_articles_stay_hidden_until_their_time(client, world):
    now = timezone.now()
    _article(world, "Đã đăng", now - datetime.timedelta(hours=1))
    _article(world, "Bản nháp", None)
    later = _article(world, "Đăng ngày mai", now + datetime.timedelta(days=1))
    page = client.get(reverse("news_list", args=[world.ward.pk])).content.decode()
    assert "Đã đăng" in page and "Bản nháp" not in page and "Đăng ngày mai" not in page
    assert client.get(reverse("news_detail", args=[world.ward.pk, later.pk])).status_code == 404
    Article.objects.filter(pk=later.pk).update(publish_at=now - datetime.timedelta(minutes=1))
    assert client.get(reverse("news_detail", args=[world.ward.pk, later.pk])).status_code == 200


def test_the_feed_is_valid_atom_with_the_published_articles(client, world):
    article = _article(
        world, "Điểm lưu động mới ở tổ 11", timezone.now() - datetime.timedelta(hours=2)
    )
    _article(world, "Bản nháp", None)
    response = client.get(reverse("news_feed", args=[world.ward.pk]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Điểm lưu động mới ở tổ 11"]
    assert feed.entries[0].link.endswith(reverse("news_detail", args=[world.ward.pk, article.pk]))


class _Tags(HTMLParser):
    """The elements and attributes a feed reader would build from an entry's HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attributes: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _value in attrs]


def _tags_in(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    return parser


def test_no_script_or_event_handler_reaches_a_feed_reader(client, world):
    published = timezone.now() - datetime.timedelta(hours=1)
    article = _article(world, "Tóm tắt độc", published)
    summary = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    Article.objects.filter(pk=article.pk).update(summary=summary)
    # A body written around `article_save` (the admin, an older row) is sanitised on the way out.
    Article.objects.create(
        ward=world.ward, title="Thân bài cũ", publish_at=published, author=world.officer,
        body_html='<p onclick="steal()">Bà con chú ý</p><script>alert(3)</script>',
    )  # fmt: skip
    response = client.get(reverse("news_feed", args=[world.ward.pk]))
    # Parsed as a reader that trusts the feed would: feedparser's own cleaning turned off.
    entries = {e.title: e for e in feedparser.parse(response.content, sanitize_html=False).entries}
    for entry in entries.values():
        tags = _tags_in(entry.summary)
        assert "script" not in tags.tags and "img" not in tags.tags
        assert not [name for name in tags.attributes if name.startswith("on")]
    assert entries["Tóm tắt độc"].summary.startswith("&lt;img src=x onerror=alert(1)&gt;")
    assert "<p>Bà con chú ý</p>" in entries["Thân bài cũ"].summary


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


def test_an_officer_writes_an_article_with_an_image(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.officer)
    client.post(
        reverse("outreach:news_new"),
        {
            "title": "Khai giảng lớp học số",
            "summary": "Lớp cho người cao tuổi",
            "body_source": "Mời bà con",
            "image": SimpleUploadedFile("lop.png", _png(), content_type="image/png"),
            "image_alt": "Lớp học",
            "publish_at": "2026-11-01T08:00",
        },
    )
    article = Article.objects.get()
    assert article.image.name.startswith("news/") and article.author == world.officer
    page = client.get(reverse("news_detail", args=[world.ward.pk, article.pk])).content.decode()
    assert article.image.url in page


def test_a_file_that_is_not_an_image_is_refused(client, world):
    client.force_login(world.officer)
    page = client.post(
        reverse("outreach:news_new"),
        {
            "title": "Sai",
            "body_source": "x",
            "image": SimpleUploadedFile("x.png", b"not an image", content_type="image/png"),
        },
    )
    assert page.status_code == 200 and not Article.objects.exists()


def test_a_volunteer_may_not_write_news(client, world):
    client.force_login(world.volunteer)
    assert client.get(reverse("outreach:news_new")).status_code == 403


def test_blank_lines_and_dashes_publish_as_paragraphs_and_a_list(client, world):
    client.force_login(world.officer)
    written = (
        "Bà con chú ý:\n\nTuần này điểm hỗ trợ mở:\n\n- Thứ Hai tại nhà văn hóa tổ 11\n"
        "- Thứ Tư tại trường tiểu học\n\n**Mang theo căn cước.**\n\n<script>alert(1)</script>"
    )
    client.post(
        reverse("outreach:news_new"),
        {"title": "Lịch hỗ trợ", "body_source": written, "publish_at": "2026-11-01T08:00"},
    )
    article = Article.objects.get()
    assert article.body_source == written  # what the officer wrote is kept to edit again
    page = client.get(reverse("news_detail", args=[world.ward.pk, article.pk])).content.decode()
    assert "<p>Bà con chú ý:</p>" in page
    assert "<li>Thứ Hai tại nhà văn hóa tổ 11</li>" in page and "<ul>" in page
    assert "<strong>Mang theo căn cước.</strong>" in page
    assert "<script>alert(1)" not in page


def test_the_preview_shows_the_article_and_saves_nothing(client, world):
    client.force_login(world.officer)
    page = client.post(
        reverse("outreach:news_new"),
        {"title": "Nháp", "body_source": "Đoạn một\n\n- một\n- hai", "preview": "1"},
    ).content.decode()
    assert "Xem trước" in page and "<li>một</li>" in page
    assert not Article.objects.exists()


def test_an_article_written_as_html_before_keeps_its_text_when_edited(client, world):
    article = news.article_save(
        user=world.officer,
        article=Article(ward=world.ward, title="Cũ", body_html="<p>Đoạn <em>cũ</em></p>"),
    )
    client.force_login(world.officer)
    form = client.get(reverse("outreach:news_edit", args=[article.pk])).content.decode()
    assert "&lt;p&gt;Đoạn &lt;em&gt;cũ&lt;/em&gt;&lt;/p&gt;" in form
    client.post(
        reverse("outreach:news_edit", args=[article.pk]),
        {"title": "Cũ", "body_source": "<p>Đoạn <em>cũ</em></p>"},
    )
    article.refresh_from_db()
    assert "<em>cũ</em>" in article.body_html


def test_a_ward_s_news_starts_with_its_categories(client, world):
    client.force_login(world.officer)
    page = client.get(reverse("outreach:news_new")).content.decode()
    for name in ("Thông báo", "Lịch hỗ trợ tuần này", "Hướng dẫn", "Chiến dịch"):
        assert f">{name}</option>" in page
