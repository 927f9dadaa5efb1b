"""News pages: the public list, article and Atom feed; the editors' list and form."""

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import may, require, requires
from hocvuso.accounts.scoping import visible
from hocvuso.outreach import news
from hocvuso.outreach.models import Article, NewsCategory
from hocvuso.places.models import Ward
from hocvuso.places.queries import public_ward, staff_ward
from hocvuso.web.public_pages import shared_page

FEED_ITEMS = 30


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "category", "summary", "body_source", "image", "image_alt", "publish_at"]
        widgets = {
            "body_source": forms.Textarea(attrs={"rows": 14}),
            "publish_at": forms.DateTimeInput(attrs={"type": "datetime-local"}),
        }
        help_texts = {
            "body_source": gettext_lazy(
                "Write as in a message: an empty line starts a new paragraph, a line starting "
                "with “- ” is a list item, “## ” a small heading, **two stars** make bold."
            ),
            "publish_at": gettext_lazy("Empty: a draft. A time ahead: published then."),
        }

    def __init__(self, *args, ward: Ward, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body_source"].required = True
        if self.instance.pk and not self.instance.body_source:
            # Written as HTML before Markdown: it goes on as it is, through the sanitiser.
            self.initial["body_source"] = self.instance.body_html
        cast(
            forms.ModelChoiceField, self.fields["category"]
        ).queryset = NewsCategory.objects.filter(ward=ward)
        cast(forms.DateTimeField, self.fields["publish_at"]).input_formats = ["%Y-%m-%dT%H:%M"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and getattr(image, "size", 0) > news.MAX_IMAGE_BYTES:
            raise forms.ValidationError(_("The image is over 2 MB; choose a smaller one."))
        return image


@shared_page
def news_list(request: HttpRequest, code: int) -> HttpResponse:
    ward = public_ward(code)
    articles = news.published(ward)[:50]
    return render(request, "outreach/news_list.html", {"ward": ward, "articles": articles})


@shared_page
def news_detail(request: HttpRequest, code: int, pk: int) -> HttpResponse:
    ward = public_ward(code)
    article = get_object_or_404(news.published(ward), pk=pk)
    return render(request, "outreach/news_detail.html", {"ward": ward, "article": article})


class WardFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, code: int) -> Ward:
        return public_ward(code)

    def title(self, ward: Ward) -> str:
        return f"{ward.name} · Bình dân học vụ số"

    def link(self, ward: Ward) -> str:
        return reverse("news_list", args=[ward.pk])

    def subtitle(self, ward: Ward) -> str:
        return _("News of %(ward)s") % {"ward": ward.name}

    def items(self, ward: Ward):
        return news.published(ward)[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        """What a feed reader renders as HTML. The summary is plain text, escaped on the
        pages, so it is escaped here too and `<img onerror=…>` shows as those characters; the
        body is sanitised again on the way out, whoever wrote it (the admin, an older row)."""
        return escape(item.summary) if item.summary else news.sanitise(item.body_html)

    def item_link(self, item: Article) -> str:
        return reverse("news_detail", args=[item.ward_id, item.pk])

    def item_pubdate(self, item: Article):
        return item.publish_at

    def item_updateddate(self, item: Article):
        return item.updated_at


@requires("see", "news")
def editor_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    ward = staff_ward(request)
    articles = visible(Article.objects.filter(ward=ward), request.user).select_related("category")
    context = {"ward": ward, "articles": articles[:100], "now": timezone.now(),
               "can_edit": may(request.user, "record", "news", ward_id=ward.pk)}  # fmt: skip
    return render(request, "outreach/news_editor_list.html", context)


@requires("see", "news")
def editor_form(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    ward = staff_ward(request)
    article = get_object_or_404(Article, pk=pk, ward=ward) if pk else Article(ward=ward)
    require(request.user, "edit" if pk else "record", "news", ward_id=ward.pk)
    news.ensure_categories(ward)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=article, ward=ward)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = news.render_markdown(form.cleaned_data["body_source"])
        else:
            news.article_save(user=request.user, article=form.save(commit=False))
            messages.success(request, _("Article saved."))
            return redirect("outreach:news")
    context = {"form": form, "article": article, "preview": preview}
    return render(request, "outreach/news_form.html", context)
