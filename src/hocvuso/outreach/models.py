"""The ward's loudspeaker broadcasts: planned on a schedule, each with its script, marked
aired once read out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import Ward


class Broadcast(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        AIRED = "aired", _("Aired")
        CANCELLED = "cancelled", _("Cancelled")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="broadcasts")
    scheduled_at = models.DateTimeField(_("scheduled for"))
    title = models.CharField(_("title"), max_length=200)
    script = models.TextField(_("script"), blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    aired_at = models.DateTimeField(_("aired at"), null=True, blank=True)
    aired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["scheduled_at"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "scheduled_at"], name="one_broadcast_per_slot")
        ]
        indexes = [models.Index(fields=["ward", "scheduled_at"], name="broadcast_ward_time")]

    def __str__(self) -> str:
        return f"{self.scheduled_at:%d/%m/%Y %H:%M} {self.title}"


class NewsCategory(models.Model):
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="news_categories")
    name = models.CharField(_("name"), max_length=100)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "name"], name="unique_news_category")
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    """A news article of the ward's e-portal: a draft until it has a publication time, then
    public from that time on (a time ahead schedules it)."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="articles")
    category = models.ForeignKey(
        NewsCategory, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles",
        verbose_name=_("category"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=400, blank=True)
    # Sanitised when saved (outreach.news.sanitise): only harmless tags and attributes.
    body_html = models.TextField(_("text"))
    image = models.ImageField(_("image"), upload_to="news/", blank=True)
    image_alt = models.CharField(_("image description"), max_length=200, blank=True)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["-publish_at", "-created_at"]
        indexes = [models.Index(fields=["ward", "publish_at"], name="article_ward_published")]

    def __str__(self) -> str:
        return self.title
