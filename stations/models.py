"""Love stations (爱心驿站) and the people who run them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.models import Region, TimeStampedModel

phone_validator = RegexValidator(
    r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?|400-?\d{3}-?\d{4})$",
    _("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0577-88881234."),
)


class LoveStation(TimeStampedModel):
    """A neighbourhood or village point where families in hardship are found and helped."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("township or village"),
        on_delete=models.PROTECT,
        related_name="stations",
        help_text=_("The township or village/community the station sits in, by its statistical code."),
    )
    address = models.CharField(_("address"), max_length=200)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    activated_at = models.DateTimeField(_("activated at"), null=True, blank=True)
    # Set when the members have been told of the activation, so that a rerun tells nobody twice.
    activation_notified_at = models.DateTimeField(_("members notified at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_reason = models.CharField(_("reason for closing"), max_length=200, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="StationMembership", related_name="stations", verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("love station")
        verbose_name_plural = _("love stations")
        ordering = ["region__code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["proposed", "active", "closed"]), name="station_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="station_location_valid",
            ),
            models.UniqueConstraint(fields=["region", "name"], name="station_unique_name_per_region"),
        ]
        indexes = [models.Index(fields=["status"], name="station_status_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.region_id and not self.region.is_station_level:
            raise ValidationError({"region": _("A station sits in a township or a village/community.")})


class StationMembership(models.Model):
    """A person's role at one station; a coordinator of one station sees nothing of another's."""

    class Role(models.TextChoices):
        LEAD = "lead", _("station lead")
        COORDINATOR = "coordinator", _("station coordinator")

    station = models.ForeignKey(
        LoveStation, verbose_name=_("station"), on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="station_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("station membership")
        verbose_name_plural = _("station memberships")
        ordering = ["station", "role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["station", "user"], name="membership_unique_user_per_station"),
            models.CheckConstraint(condition=models.Q(role__in=["lead", "coordinator"]), name="membership_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.station} · {self.get_role_display()}"
