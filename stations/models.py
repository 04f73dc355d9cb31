"""Love stations (爱心驿站) and the people who run them."""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.identity import validate_id_number
from common.models import Region, TimeStampedModel
from common.privacy import EncryptedTextField

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


# --- Households (private) --------------------------------------------------------------------------


class IncomeStandard(models.Model):
    """A county's minimum-living standard (低保标准) from a date, and the bands built on it.

    Zhejiang's regulation (浙江省社会救助条例 art. 13) puts near-dibao (低保边缘) at 1.5 times the
    standard; the low-income band (碑林's fourth circle) at twice it. Counties may change both.
    """

    county = models.ForeignKey(
        Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="income_standards"
    )
    monthly_amount = models.DecimalField(_("standard per person per month (yuan)"), max_digits=8, decimal_places=2)
    near_dibao_multiplier = models.DecimalField(
        _("near-dibao limit (times the standard)"), max_digits=4, decimal_places=2, default=Decimal("1.50")
    )
    low_income_multiplier = models.DecimalField(
        _("low-income limit (times the standard)"), max_digits=4, decimal_places=2, default=Decimal("2.00")
    )
    valid_from = models.DateField(_("valid from"))
    source = models.CharField(_("source"), max_length=200, blank=True, help_text=_("The notice that set it."))

    class Meta:
        verbose_name = _("income standard")
        verbose_name_plural = _("income standards")
        ordering = ["county__code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "valid_from"],
                name="incomestandard_one_per_county_and_date",
                violation_error_message=_("This county already has a standard from that date."),
            ),
            models.CheckConstraint(
                condition=models.Q(monthly_amount__gt=0),
                name="incomestandard_amount_positive",
                violation_error_message=_("A standard is more than zero yuan."),
            ),
            models.CheckConstraint(
                condition=models.Q(
                    near_dibao_multiplier__gte=1, low_income_multiplier__gte=models.F("near_dibao_multiplier")
                ),
                name="incomestandard_bands_ordered",
                violation_error_message=_("The bands must grow: 1 ≤ near-dibao limit ≤ low-income limit."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county.short_name} {self.monthly_amount} ({self.valid_from})"

    def clean(self) -> None:
        if self.county_id and self.county.level != Region.Level.COUNTY:
            raise ValidationError({"county": _("Income standards are set per county.")})


class Household(TimeStampedModel):
    """A family in hardship, known to one station. Private: never shown to the public as such."""

    class Housing(models.TextChoices):
        ADEQUATE = "adequate", _("adequate")
        POOR = "poor", _("poor repair")
        DANGEROUS = "dangerous", _("dangerous (危房)")
        NONE = "none", _("no stable home")

    class OfficialAssistance(models.TextChoices):
        NONE = "none", _("none")
        DIBAO = "dibao", _("minimum living allowance (低保)")
        NEAR_DIBAO = "near_dibao", _("near-dibao (低保边缘)")
        TEKUN = "tekun", _("destitute support (特困供养)")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        CLOSED = "closed", _("closed")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    station = models.ForeignKey(
        LoveStation, verbose_name=_("station"), on_delete=models.PROTECT, related_name="households"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("village or community"), on_delete=models.PROTECT, related_name="households"
    )
    address_detail = EncryptedTextField(_("address"), blank=True, help_text=_("Street, building, door. Encrypted."))
    pseudonym = models.CharField(
        _("public pseudonym"),
        max_length=12,
        blank=True,
        editable=False,
        help_text=_("The 化名 under which the household's needs appear in public; never any member's name."),
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    phone_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    monthly_income_per_person = models.DecimalField(
        _("income per person per month (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    income_assessed_on = models.DateField(_("income assessed on"), null=True, blank=True)
    housing = models.CharField(_("housing"), max_length=16, choices=Housing.choices, default=Housing.ADEQUATE)
    official_assistance = models.CharField(
        _("official assistance"), max_length=16, choices=OfficialAssistance.choices, default=OfficialAssistance.NONE
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    # Kept up to date by stations.services.household_score_refresh after every change that feeds it.
    income_circle = models.CharField(_("income circle"), max_length=16, blank=True, db_index=True)
    hardship_score = models.PositiveSmallIntegerField(_("hardship score"), default=0, db_index=True)
    hardship_parts = models.JSONField(_("hardship score parts"), default=list, blank=True)
    hardship_scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["-hardship_score", "reference"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hardship_score__lte=100), name="household_score_at_most_100"),
            models.CheckConstraint(
                condition=models.Q(monthly_income_per_person__isnull=True) | models.Q(monthly_income_per_person__gte=0),
                name="household_income_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["station", "status"], name="household_station_status_idx")]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        if self.region_id and self.region.level != Region.Level.VILLAGE:
            raise ValidationError({"region": _("A household lives in a village or community.")})


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        HEAD = "head", _("head of household")
        SPOUSE = "spouse", _("spouse")
        CHILD = "child", _("child")
        PARENT = "parent", _("parent")
        GRANDCHILD = "grandchild", _("grandchild")
        GRANDPARENT = "grandparent", _("grandparent")
        SIBLING = "sibling", _("sibling")
        OTHER = "other", _("other relative")

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")

    class Health(models.TextChoices):
        HEALTHY = "healthy", _("healthy")
        CHRONIC = "chronic", _("chronic illness")
        SERIOUS = "serious", _("serious illness (大病)")
        MENTAL = "mental", _("mental illness")

    class Schooling(models.TextChoices):
        NOT_APPLICABLE = "n/a", _("not in education")
        PRESCHOOL = "preschool", _("preschool")
        PRIMARY = "primary", _("primary school")
        JUNIOR = "junior", _("junior secondary")
        SENIOR = "senior", _("senior secondary or vocational")
        HIGHER = "higher", _("college or university")
        OUT_OF_SCHOOL = "out_of_school", _("of school age, not in school")

    class Work(models.TextChoices):
        EMPLOYED = "employed", _("employed")
        FARMING = "farming", _("farming or self-employed")
        UNEMPLOYED = "unemployed", _("unemployed")
        UNABLE = "unable", _("unable to work")
        RETIRED = "retired", _("retired")
        STUDENT = "student", _("student")
        CHILD = "child", _("child")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("name"), max_length=40)
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    birth_date = models.DateField(_("date of birth"))
    id_number = EncryptedTextField(_("identity number"), blank=True, validators=[validate_id_number])
    id_number_index = models.CharField(max_length=64, blank=True, editable=False)
    health = models.CharField(_("health"), max_length=16, choices=Health.choices, default=Health.HEALTHY)
    health_notes = EncryptedTextField(_("health notes"), blank=True, help_text=_("Diagnosis, treatment. Encrypted."))
    # 残疾等级: 1 is the most severe, 4 the mildest; 0 means no certified disability.
    disability_grade = models.PositiveSmallIntegerField(
        _("disability grade"), default=0, help_text=_("0 none; 1 (most severe) to 4.")
    )
    schooling = models.CharField(
        _("schooling"), max_length=16, choices=Schooling.choices, default=Schooling.NOT_APPLICABLE
    )
    work = models.CharField(_("work"), max_length=16, choices=Work.choices, default=Work.EMPLOYED)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        ordering = ["household", "birth_date"]
        constraints = [
            models.CheckConstraint(condition=models.Q(disability_grade__lte=4), name="member_disability_grade_0_to_4"),
            # One person belongs to one household: the same identity number cannot be entered twice.
            models.UniqueConstraint(
                fields=["id_number_index"], condition=~models.Q(id_number_index=""), name="member_unique_id_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.reference} · {self.get_relation_display()}"

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


class ExpenditureShock(models.Model):
    """A sudden expense that pushes a family under: from income poverty to expenditure poverty (盐城)."""

    class Kind(models.TextChoices):
        MEDICAL = "medical", _("medical bills")
        DISASTER = "disaster", _("natural disaster")
        ACCIDENT = "accident", _("accident")
        EDUCATION = "education", _("education costs")
        FUNERAL = "funeral", _("funeral")
        OTHER = "other", _("other")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="shocks"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    occurred_on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("expenditure shock")
        verbose_name_plural = _("expenditure shocks")
        ordering = ["-occurred_on"]
        constraints = [models.CheckConstraint(condition=models.Q(amount__gt=0), name="shock_amount_positive")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} ({self.occurred_on})"


class WatchedGroup(models.TextChoices):
    """The groups screened periodically (南昌's eight), each with scheduled visits."""

    SERIOUSLY_ILL = "seriously_ill", _("seriously ill")
    SEVERELY_DISABLED = "severely_disabled", _("severely disabled")
    EMPTY_NEST_ELDERLY = "empty_nest_elderly", _("empty-nest elderly")
    SOLITARY_ELDERLY = "solitary_elderly", _("solitary elderly")
    ORPHAN = "orphan", _("orphan")
    LEFT_BEHIND_CHILD = "left_behind_child", _("left-behind child")
    MENTALLY_ILL = "mentally_ill", _("mentally ill")
    CHILD_IN_DIFFICULTY = "child_in_difficulty", _("child in difficulty")


class HouseholdWatchedGroup(models.Model):
    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="watched_groups"
    )
    group = models.CharField(_("group"), max_length=32, choices=WatchedGroup.choices)
    member = models.ForeignKey(
        HouseholdMember, verbose_name=_("member"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateField(_("since"))

    class Meta:
        verbose_name = _("watched group")
        verbose_name_plural = _("watched groups")
        constraints = [
            models.UniqueConstraint(fields=["household", "group"], name="watchedgroup_once_per_household"),
        ]

    def __str__(self) -> str:
        return f"{self.household.reference} · {self.get_group_display()}"


class Consent(models.Model):
    """A household's consent to one use of its data, versioned, dated and withdrawable.

    Without consent a household can still be helped; its data is not shared with agencies or
    donors and no public story is told (issue 3, PIPL art. 13–14, 28–31).
    """

    class Scope(models.TextChoices):
        PROCESSING = "processing", _("keep and use the household's record")
        SENSITIVE = "sensitive", _("sensitive data: health, identity numbers, children under 14")
        SHARE_AGENCIES = "share_agencies", _("share the case with a social-work agency")
        SHARE_DONORS = "share_donors", _("share what the consent allows with a committed donor")
        PUBLIC_STORY = "public_story", _("publish a pseudonymised story")

    class GivenAs(models.TextChoices):
        SELF = "self", _("in person")
        GUARDIAN = "guardian", _("as guardian")
        HEAD = "head", _("as head of household")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    version = models.CharField(_("version of the consent text"), max_length=16)
    given_by = models.ForeignKey(
        HouseholdMember, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="consents_given"
    )
    given_as = models.CharField(_("given as"), max_length=16, choices=GivenAs.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["household", "scope", "-given_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.reference} · {self.get_scope_display()} · v{self.version}"

    def is_in_force(self, day: date) -> bool:
        return self.given_on <= day and (self.withdrawn_on is None or self.withdrawn_on > day)


class HardshipWeights(models.Model):
    """The weights of the hardship score, edited by the city administrator; one row for the city."""

    income = models.PositiveSmallIntegerField(_("income circle"), default=30)
    dependants = models.PositiveSmallIntegerField(_("dependants"), default=15)
    illness = models.PositiveSmallIntegerField(_("illness"), default=15)
    disability = models.PositiveSmallIntegerField(_("disability"), default=10)
    shocks = models.PositiveSmallIntegerField(_("expenditure shocks"), default=15)
    housing = models.PositiveSmallIntegerField(_("housing"), default=5)
    recent_help = models.PositiveSmallIntegerField(_("little recent help"), default=10)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hardship score weights")
        verbose_name_plural = _("hardship score weights")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="hardshipweights_single_row"),
            models.CheckConstraint(
                condition=models.Q(income__gt=0)
                | models.Q(dependants__gt=0)
                | models.Q(illness__gt=0)
                | models.Q(disability__gt=0)
                | models.Q(shocks__gt=0)
                | models.Q(housing__gt=0)
                | models.Q(recent_help__gt=0),
                name="hardshipweights_not_all_zero",
            ),
        ]

    FACTORS = ("income", "dependants", "illness", "disability", "shocks", "housing", "recent_help")

    def __str__(self) -> str:
        return ", ".join(f"{factor} {weight}" for factor, weight in self.as_dict().items())

    def as_dict(self) -> dict[str, int]:
        return {factor: getattr(self, factor) for factor in self.FACTORS}


class HelpCategory(models.TextChoices):
    """What a need is for, and what help was given: the assistance statutes' chapters, then practical kinds.

    The first eight follow 社会救助暂行办法 and 浙江省社会救助条例 (see common/data/policy); the
    rest are what stations hand out day to day.
    """

    LIVING_ALLOWANCE = "living_allowance", _("basic living (低保 / 特困)")
    DISASTER = "disaster", _("disaster relief")
    MEDICAL = "medical", _("medical")
    EDUCATION = "education", _("education")
    HOUSING = "housing", _("housing")
    EMPLOYMENT = "employment", _("employment")
    TEMPORARY = "temporary", _("temporary assistance")
    FOOD = "food", _("food")
    CLOTHING_BEDDING = "clothing_bedding", _("clothing and bedding")
    WINTER_SUPPLIES = "winter_supplies", _("winter supplies")
    ELDERLY_CARE = "elderly_care", _("elderly care")
    CHILD_CARE = "child_care", _("child care")
    DISABILITY_AIDS = "disability_aids", _("disability aids")
    HOME_REPAIR = "home_repair", _("home repair")
    PSYCHOLOGICAL = "psychological", _("psychological support")
    LEGAL_AID = "legal_aid", _("legal aid")
    FUNERAL = "funeral", _("funeral")
    OTHER = "other", _("other")


class AssistanceRecord(models.Model):
    """Help actually given to a household, from any source: its history and the duplicate-help check."""

    class Source(models.TextChoices):
        STATION_GOODS = "station_goods", _("station goods")
        FUND_GRANT = "fund_grant", _("fund grant")
        VOLUNTEER_SERVICE = "volunteer_service", _("volunteer service")
        AGENCY_SERVICE = "agency_service", _("social-work agency")
        GOVERNMENT = "government", _("government department")
        OTHER = "other", _("other organisation")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.PROTECT, related_name="assistance_records"
    )
    station = models.ForeignKey(
        LoveStation, verbose_name=_("station"), on_delete=models.PROTECT, related_name="assistance_records"
    )
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    source_detail = models.CharField(_("given by"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=HelpCategory.choices)
    description = models.CharField(_("what was given"), max_length=200)
    # Money, or the value of goods and services where known; the "recent help" factor sums it.
    value = models.DecimalField(_("value (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    given_on = models.DateField(_("given on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    # Set when the person recording it was warned of similar help and went ahead.
    duplicate_warning_overridden = models.BooleanField(_("recorded despite a duplicate warning"), default=False)
    override_reason = models.CharField(_("why it is not a duplicate"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("assistance record")
        verbose_name_plural = _("assistance records")
        ordering = ["-given_on", "-pk"]
        indexes = [models.Index(fields=["household", "category", "given_on"], name="assistance_dup_check_idx")]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="assistance_value_not_negative"),
            models.CheckConstraint(
                condition=models.Q(duplicate_warning_overridden=False) | ~models.Q(override_reason=""),
                name="assistance_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.reference} · {self.get_category_display()} · {self.given_on}"


# --- Discovery reports (发现报告) ---------------------------------------------------------------------


class DiscoveryReport(TimeStampedModel):
    """Someone in need, seen by a member of the public or by staff, waiting for a station to respond.

    Routed on arrival to the nearest active station of the county (stations.routing); that station's
    staff triage it: a duplicate of another report, not a case, or verified into a household. Until
    then its staff, or a city administrator, may send it on to another station (``reroutes``).
    Nothing here is public: the reporter's contact is encrypted and shown masked.
    """

    class ReporterKind(models.TextChoices):
        # 黑龙江's seven kinds of people who find families in crisis, and 南昌's channels.
        PUBLIC = "public", _("member of the public")
        VOLUNTEER = "volunteer", _("volunteer")
        POLICE = "police", _("police officer")
        HOSPITAL = "hospital", _("hospital staff")
        SCHOOL = "school", _("school staff")
        TAXI_DRIVER = "taxi_driver", _("taxi driver")
        SANITATION_WORKER = "sanitation_worker", _("sanitation worker")
        COMMUNITY_WORKER = "community_worker", _("community worker")
        RETIRED_PARTY_MEMBER = "retired_party_member", _("retired party member")
        OTHER = "other", _("other")

    class Channel(models.TextChoices):
        WEB = "web", _("public web form")
        HOTLINE = "hotline", _("hotline")
        WALK_IN = "walk_in", _("walk-in")
        STAFF = "staff", _("staff")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        TRIAGED = "triaged", _("triaged")

    class Outcome(models.TextChoices):
        DUPLICATE = "duplicate", _("duplicate of another report")
        NOT_A_CASE = "not_a_case", _("not a case")
        VERIFIED = "verified", _("verified: a household")

    class RoutingMethod(models.TextChoices):
        DISTANCE = "distance", _("nearest by distance")
        REGION = "region", _("by region")
        REROUTED = "rerouted", _("re-routed by staff")

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    what_was_seen = models.TextField(_("what was seen"))
    region = models.ForeignKey(
        Region,
        verbose_name=_("where"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discovery_reports",
        help_text=_("A county, township or village; may be left out when a point on the map is given."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_note = models.CharField(_("place in words"), max_length=200, blank=True)
    reporter_kind = models.CharField(_("reported by"), max_length=24, choices=ReporterKind.choices)
    reporter_name = models.CharField(_("reporter's name"), max_length=40, blank=True)
    reporter_contact = EncryptedTextField(_("reporter's phone"), blank=True)
    contact_index = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    routed_station = models.ForeignKey(
        LoveStation,
        verbose_name=_("routed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discovery_reports",
    )
    routing_method = models.CharField(_("routing"), max_length=16, choices=RoutingMethod.choices)
    routing_distance_km = models.DecimalField(
        _("distance to the station (km)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    received_at = models.DateTimeField(_("received at"))
    respond_by = models.DateTimeField(_("respond by"))
    # Set by the overdue scan when it has told the station, so that it tells them once.
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.NEW)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("duplicate of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    not_a_case_reason = models.CharField(_("why it is not a case"), max_length=300, blank=True)
    household = models.ForeignKey(
        Household,
        verbose_name=_("household"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="discovery_reports",
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("triaged by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("discovery report")
        verbose_name_plural = _("discovery reports")
        ordering = ["respond_by", "pk"]
        indexes = [
            models.Index(fields=["routed_station", "status", "respond_by"], name="report_queue_idx"),
            models.Index(fields=["region", "received_at"], name="report_region_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="report_point_both_or_neither",
                violation_error_message=_("Give both the latitude and the longitude, or neither."),
            ),
            models.CheckConstraint(
                condition=models.Q(region__isnull=False) | models.Q(latitude__isnull=False),
                name="report_has_a_place",
                violation_error_message=_("A report says where: a region, a point on the map, or both."),
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True)
                | models.Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="report_point_valid",
                violation_error_message=_("Latitude lies between -90 and 90, longitude between -180 and 180."),
            ),
            models.CheckConstraint(
                condition=models.Q(respond_by__gte=models.F("received_at")),
                name="report_deadline_after_receipt",
                violation_error_message=_("The response deadline cannot come before the report was received."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="new", outcome="", triaged_at__isnull=True)
                | models.Q(
                    status="triaged", outcome__in=["duplicate", "not_a_case", "verified"], triaged_at__isnull=False
                ),
                name="report_outcome_matches_status",
                violation_error_message=_("A new report has no outcome; a triaged one has an outcome and a time."),
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="duplicate", duplicate_of__isnull=False)
                | (~models.Q(outcome="duplicate") & models.Q(duplicate_of__isnull=True)),
                name="report_duplicate_has_original",
                violation_error_message=_("A duplicate names the report it repeats, and only a duplicate does."),
            ),
            models.CheckConstraint(
                condition=~models.Q(duplicate_of=models.F("pk")),
                name="report_not_duplicate_of_itself",
                violation_error_message=_("A report cannot be a duplicate of itself."),
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="not_a_case") & ~models.Q(not_a_case_reason="")
                | ~models.Q(outcome="not_a_case") & models.Q(not_a_case_reason=""),
                name="report_not_a_case_has_reason",
                violation_error_message=_("A report that is not a case says why, and only such a report does."),
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="verified", household__isnull=False)
                | (~models.Q(outcome="verified") & models.Q(household__isnull=True)),
                name="report_verified_has_household",
                violation_error_message=_("A verified report names its household, and only a verified one does."),
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def clean(self) -> None:
        if self.region_id and self.region.level < Region.Level.COUNTY:
            raise ValidationError({"region": _("Choose a county, a township or a village, not a whole city.")})


class DiscoveryReportReroute(models.Model):
    """A report sent on by staff to another station: from which (none while no station served it), to which, why."""

    report = models.ForeignKey(
        DiscoveryReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="reroutes"
    )
    from_station = models.ForeignKey(
        LoveStation,
        verbose_name=_("from station"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_station = models.ForeignKey(
        LoveStation, verbose_name=_("to station"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    rerouted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("re-routed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("re-routing of a report")
        verbose_name_plural = _("re-routings of reports")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(from_station__isnull=True) | ~models.Q(from_station=models.F("to_station")),
                name="report_reroute_to_another_station",
                violation_error_message=_("A report is re-routed to another station."),
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="report_reroute_has_reason",
                violation_error_message=_("A re-routing says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report.reference}: {self.from_station or '—'} → {self.to_station}"


class Visit(models.Model):
    """A scheduled visit to a household in a watched group (南昌's periodic screening); missed ones are overdue."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="visits"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    visited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("visited by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # What was seen at home may touch on health: kept encrypted like the household's other notes.
    notes = EncryptedTextField(_("notes"), blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(done_on__isnull=True),
                name="visit_one_open_per_household",
                violation_error_message=_("This household already has a visit planned."),
            ),
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True) | models.Q(visited_by__isnull=False),
                name="visit_done_says_by_whom",
                violation_error_message=_("A visit that took place says who made it."),
            ),
        ]
        indexes = [models.Index(fields=["due_on"], condition=models.Q(done_on__isnull=True), name="visit_open_due_idx")]

    def __str__(self) -> str:
        return f"{self.household.reference} · {self.due_on}"


def _yuan(amount: Decimal) -> str:
    """Return yuan with thousands separated by commas, as both Chinese and English readers write money."""
    return f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"


class Need(TimeStampedModel):
    """One verified need of a household (or of a station's community), the centre of all matching.

    The public sees only the title, the public description and the village: both texts are checked
    for names, phones and identity numbers before the need is published (DESIGN.md §6).
    """

    class Kind(models.TextChoices):
        GOODS = "goods", _("goods")
        MONEY = "money", _("money")
        VOLUNTEER_SERVICE = "volunteer_service", _("volunteer service")
        PROFESSIONAL_SERVICE = "professional_service", _("professional service")

    class Tier(models.TextChoices):
        """张家界's tiers: one department, several jointly, or special-urgent (help first, papers after)."""

        SINGLE_DEPARTMENT = "single_department", _("single department")
        JOINT = "joint", _("joint")
        SPECIAL_URGENT = "special_urgent", _("special-urgent")

    class Urgency(models.IntegerChoices):
        LOW = 1, _("low")
        NORMAL = 2, _("normal")
        HIGH = 3, _("high")
        CRITICAL = 4, _("critical")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        IN_REVIEW = "in_review", _("in review")
        OPEN = "open", _("open")
        PARTLY_MET = "partly_met", _("partly met")
        MET = "met", _("met")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")
        EXPIRED = "expired", _("expired")

    # Still waiting for help (overdue after the due date, moved with a transfer, keeping a station open).
    UNFINISHED_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.OPEN, Status.PARTLY_MET)
    # Shown on the public site once approved (with the household's consent in force).
    PUBLIC_STATUSES = (Status.OPEN, Status.PARTLY_MET)

    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    station = models.ForeignKey(LoveStation, verbose_name=_("station"), on_delete=models.PROTECT, related_name="needs")
    household = models.ForeignKey(
        Household, verbose_name=_("household"), null=True, blank=True, on_delete=models.PROTECT, related_name="needs"
    )
    origin_report = models.ForeignKey(
        "DiscoveryReport",
        verbose_name=_("began with report"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="needs",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=24, choices=HelpCategory.choices)
    title = models.CharField(_("public title"), max_length=80)
    public_description = models.TextField(
        _("public description"), help_text=_("Shown on the public site: no names, phones, ID numbers or addresses.")
    )
    private_notes = EncryptedTextField(_("private notes"), blank=True, help_text=_("Staff only. Encrypted."))
    quantity = models.PositiveIntegerField(_("quantity needed"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=12, blank=True, help_text=_("e.g. 床, 件, 次"))
    amount = models.DecimalField(_("amount needed (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True)
    quantity_met = models.PositiveIntegerField(_("quantity met"), default=0)
    amount_met = models.DecimalField(_("amount met (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0"))
    tier = models.CharField(_("tier"), max_length=24, choices=Tier.choices, default=Tier.SINGLE_DEPARTMENT)
    urgency = models.PositiveSmallIntegerField(_("urgency"), choices=Urgency.choices, default=Urgency.NORMAL)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        on_delete=models.PROTECT,
        related_name="needs_responsible",
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    review_comment = models.CharField(_("review comment"), max_length=300, blank=True)
    overdue_notified_at = models.DateTimeField(_("overdue notice sent at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["due_on", "-urgency", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"], name="need_status_due_idx"),
            models.Index(fields=["station", "status"], name="need_station_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                # NULL passes a SQL CHECK: say IS NOT NULL, or a money need without an amount would slip by.
                condition=models.Q(kind="money", amount__isnull=False, amount__gt=0)
                | (~models.Q(kind="money") & models.Q(amount__isnull=True)),
                name="need_money_has_an_amount",
                violation_error_message=_("A money need has an amount above zero; other needs have none."),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="goods") | models.Q(quantity__isnull=False, quantity__gt=0),
                name="need_goods_have_a_quantity",
                violation_error_message=_("A goods need says how many are needed."),
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | models.Q(status__in=["open", "partly_met", "met", "closed", "cancelled", "expired"]),
                name="need_published_only_once_approved",
                violation_error_message=_("Only an approved need is published."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    @property
    def remaining_quantity(self) -> int | None:
        return None if self.quantity is None else max(self.quantity - self.quantity_met, 0)

    @property
    def remaining_amount(self) -> Decimal | None:
        return None if self.amount is None else max(self.amount - self.amount_met, Decimal("0"))

    def remaining_text(self) -> str:
        """Say what is still needed: "3 of 5 床 still needed", the yuan still to raise, or that help is wanted."""
        if self.quantity is not None:
            return gettext("%(remaining)s of %(total)s %(unit)s still needed") % {
                "remaining": self.remaining_quantity,
                "total": self.quantity,
                "unit": self.unit,
            }
        if self.amount is not None:
            return gettext("%(remaining)s of %(total)s yuan still needed") % {
                "remaining": _yuan(self.remaining_amount),
                "total": _yuan(self.amount),
            }
        return gettext("Help still needed")

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES and self.published_at is not None


class NeedEvent(models.Model):
    """One change of a need's status: who, when, from what to what, and why."""

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, blank=True)
    to_status = models.CharField(_("to"), max_length=16)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("need event")
        verbose_name_plural = _("need events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.need.reference}: {self.from_status or '—'} → {self.to_status}"


class HouseholdTransfer(models.Model):
    """A household moved, with its open needs, from one station to another (碑林's transfer of cases)."""

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="transfers"
    )
    from_station = models.ForeignKey(
        LoveStation, verbose_name=_("from station"), on_delete=models.PROTECT, related_name="+"
    )
    to_station = models.ForeignKey(
        LoveStation, verbose_name=_("to station"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)
    needs_moved = models.PositiveIntegerField(_("open needs moved"), default=0)
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("transferred by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("household transfer")
        verbose_name_plural = _("household transfers")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_station=models.F("to_station")),
                name="transfer_to_another_station",
                violation_error_message=_("A transfer goes to another station."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.household.reference}: {self.from_station} → {self.to_station}"
