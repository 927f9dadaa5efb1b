"""Questions and answers a ward adds to the shipped guides, for the assistant to find."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hocvuso.places.models import Ward


class FaqEntry(models.Model):
    """One answer the ward gives again and again; found by the assistant like a lesson."""

    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="faq_entries")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"), max_length=3000)
    keywords = models.CharField(
        _("other ways people ask"), max_length=500, blank=True,
        help_text=_("Separated by commas, with or without accents."),
    )  # fmt: skip
    is_active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    scope_fields = ("ward", None)

    class Meta:
        ordering = ["question"]
        verbose_name = _("question and answer")

    def __str__(self) -> str:
        return self.question
