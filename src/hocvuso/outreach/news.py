"""The ward's news: sanitising what editors write, saving and publishing articles, and the
public reads."""

import nh3
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.models import User
from hocvuso.accounts.permissions import require
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.outreach.models import Article, NewsCategory
from hocvuso.places.models import Ward

# What a rich-text editor may keep: structure, emphasis, links, images and simple tables.
ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "ul", "ol", "li", "blockquote",
    "a", "img", "figure", "figcaption", "table", "thead", "tbody", "tr", "th", "td", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
MAX_IMAGE_BYTES = 2 * 1024 * 1024


def sanitise(html: str) -> str:
    """Only harmless markup survives: no script, no event handler, no javascript: link."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )


# The categories a ward's news starts with; an officer may add others in the admin.
DEFAULT_CATEGORIES = (
    gettext_lazy("Announcements"),
    gettext_lazy("Help points this week"),
    gettext_lazy("Guides"),
    gettext_lazy("Campaign"),
)


def render_markdown(source: str) -> str:
    """An editor's Markdown as sanitised HTML: blank lines make paragraphs, "- " a list,
    "## " a heading. HTML written inside it (older articles were HTML) goes through the same
    sanitiser, so nothing harmful survives either way."""
    from markdown_it import MarkdownIt

    return sanitise(MarkdownIt("commonmark", {"html": True}).enable("table").render(source))


def ensure_categories(ward: Ward) -> None:
    """Give a ward the default categories the first time its news is written."""
    if not NewsCategory.objects.filter(ward=ward).exists():
        NewsCategory.objects.bulk_create(
            NewsCategory(ward=ward, name=str(name)) for name in DEFAULT_CATEGORIES
        )


def published(ward: Ward) -> QuerySet[Article]:
    """What the public sees: articles whose publication time has come."""
    return Article.objects.filter(ward=ward, publish_at__lte=timezone.now()).select_related(
        "category"
    )


@transaction.atomic
def article_save(*, user: User, article: Article) -> Article:
    require(user, "edit", "news", ward_id=article.ward_id)
    creating = article.pk is None
    article.body_html = (
        render_markdown(article.body_source) if article.body_source else sanitise(article.body_html)
    )
    article.author_id = article.author_id or user.pk
    article.save()
    record(
        actor=user,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=article,
        summary=_("News: %(title)s") % {"title": article.title},
    )
    return article
