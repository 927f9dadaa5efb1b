"""The ward's news: sanitising what editors write, saving and publishing articles, and the
public reads."""

import nh3
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import administers
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record
from hocvuso.outreach.models import Article
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


def published(ward: Ward) -> QuerySet[Article]:
    """What the public sees: articles whose publication time has come."""
    return Article.objects.filter(ward=ward, publish_at__lte=timezone.now()).select_related(
        "category"
    )


@transaction.atomic
def article_save(*, user: User, article: Article) -> Article:
    if not administers(user, article.ward_id):
        raise PermissionError
    creating = article.pk is None
    article.body_html = sanitise(article.body_html)
    article.author_id = article.author_id or user.pk
    article.save()
    record(
        actor=user,
        action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
        obj=article,
        summary=_("News: %(title)s") % {"title": article.title},
    )
    return article
