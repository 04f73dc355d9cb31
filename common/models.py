"""The shared kernel's models: a timestamped base and the administrative region tree."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# Committee suffixes of village-level names, longest first: 鼓楼社区居委会 → 鼓楼社区, 双溪村委会 → 双溪村.
_SHORT_NAME_SUFFIXES = (
    ("社区居委会", "社区"),
    ("村民委员会", "村"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
)


def region_short_name(name: str) -> str:
    """Return the name a person reads: village committees lose their committee suffix."""
    for suffix, replacement in _SHORT_NAME_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + replacement
    return name


class Region(models.Model):
    """One unit of the NBS statistical division code tree (统计用区划代码), in one edition.

    Codes are looked up by code, never by name: 301 village names repeat within Wenzhou.
    Every code starts with its parent's code; codes change between editions, so the edition
    is part of the key.
    """

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province")
        CITY = 2, _("city")
        COUNTY = 3, _("county")
        TOWNSHIP = 4, _("township")
        VILLAGE = 5, _("village or community")

    edition = models.CharField(_("edition"), max_length=8)
    code = models.CharField(_("code"), max_length=12)
    name = models.CharField(_("official name"), max_length=64)
    short_name = models.CharField(_("name"), max_length=64)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Centre of a county or city where a public source gives one (GCJ-02, the datum of Chinese maps).
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="region_unique_code_per_edition"),
        ]
        indexes = [models.Index(fields=["level", "edition"], name="region_level_edition_idx")]

    def __str__(self) -> str:
        return f"{self.short_name} ({self.code})"

    @property
    def is_station_level(self) -> bool:
        """Return whether a love station may sit here: a township or a village/community."""
        return self.level in (self.Level.TOWNSHIP, self.Level.VILLAGE)


class AccessLog(models.Model):
    """One look at a private record by staff: who, when, which record, which sensitive fields.

    Rows are only ever added (common.services.access_log_record); the city administrator reads
    them. Nothing here repeats the record's content: the log must not become a copy of the data.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        UNMASK = "unmask", _("unmasked")
        EXPORT = "export", _("exported")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="access_logs",
    )
    # Kept when the account is deleted, so that the log still says who it was.
    user_email = models.EmailField(_("user email"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("record type"), on_delete=models.PROTECT)
    object_id = models.CharField(_("record id"), max_length=64)
    fields = models.JSONField(_("sensitive fields"), default=list, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="accesslog_record_idx"),
            models.Index(fields=["user", "at"], name="accesslog_user_at_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(action__in=["view", "unmask", "export"]), name="accesslog_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_email} {self.action} {self.content_type.model}#{self.object_id} {self.at:%Y-%m-%d %H:%M}"
