"""The ward's loudspeaker broadcasts: planned on a schedule, each with its script, marked
aired once read out."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import ResidentialGroup, Ward


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
    # What the editor wrote, in Markdown (blank lines make paragraphs, "- " a list); empty
    # for articles written as HTML before it.
    body_source = models.TextField(_("text"), blank=True)
    # Rendered from it and sanitised when saved (outreach.news): only harmless markup.
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


class Channel(models.Model):
    """One way of reaching a residential group: its Zalo group, the ward's Zalo Official
    Account, an SMS list or an email list."""

    class Kind(models.TextChoices):
        ZALO_GROUP = "zalo_group", _("Zalo group")
        ZALO_OA = "zalo_oa", _("Zalo Official Account")
        SMS = "sms", _("SMS list")
        EMAIL = "email", _("Email list")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="channels")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="channels",
        verbose_name=_("residential group"),
    )  # fmt: skip
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    # A Zalo group's invitation link (zalo.me/g/…), so staff open the right chat to paste into.
    link = models.URLField(_("link"), blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["residential_group__name", "kind", "name"]
        indexes = [models.Index(fields=["residential_group", "kind"], name="channel_group_kind")]

    def __str__(self) -> str:
        return self.name

    @property
    def has_members(self) -> bool:
        """A Zalo group is one chat; the other channels send to each member."""
        return self.kind != self.Kind.ZALO_GROUP


class ChannelMember(models.Model):
    """Someone on a channel's list: a phone number, an email address or a Zalo user id."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="members")
    address = models.CharField(_("address"), max_length=254)
    name = models.CharField(_("name"), max_length=150, blank=True)
    household = models.ForeignKey(
        "people.Household", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Someone who asked to receive nothing more stays listed, so a re-import cannot add them.
    opted_out_at = models.DateTimeField(_("opted out"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    scope_fields = ("channel__ward", "channel__residential_group")

    class Meta:
        ordering = ["name", "address"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "address"], name="one_member_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>" if self.name else self.address


class Message(models.Model):
    """A message to one residential group, sent on the channels chosen."""

    class Template(models.TextChoices):
        FREE = "free", _("Free text")
        SCHEDULE = "schedule", _("Mobile help point schedule")
        CAMPAIGN = "campaign", _("Campaign news")
        VISIT = "visit", _("Home visit reminder")

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="messages")
    residential_group = models.ForeignKey(
        ResidentialGroup, on_delete=models.PROTECT, related_name="messages",
        verbose_name=_("residential group"),
    )  # fmt: skip
    template = models.CharField(max_length=10, choices=Template.choices, default=Template.FREE)
    subject = models.CharField(_("subject"), max_length=150)
    body = models.TextField(_("message"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["ward", "created_at"], name="message_ward_time")]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One message on one channel to one member (or, for a Zalo group or a channel with no
    provider configured, once for the whole channel: the text to copy)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to send")
        SENDING = "sending", _("Sending")
        RETRYING = "retrying", _("Will try again")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        TO_COPY = "to_copy", _("Ready to copy")
        POSTED = "posted", _("Posted by hand")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="deliveries")
    member = models.ForeignKey(
        ChannelMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.CharField(max_length=254, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    provider_ref = models.CharField(max_length=100, blank=True)  # the provider's message id
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )  # fmt: skip

    scope_fields = ("message__ward", "message__residential_group")

    class Meta:
        ordering = ["channel_id", "address", "id"]
        indexes = [models.Index(fields=["message", "status"], name="delivery_message_status")]

    def __str__(self) -> str:
        return f"{self.message} → {self.address or self.channel}"
