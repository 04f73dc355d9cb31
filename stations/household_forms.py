"""Forms of the household workbench: the ranked list's criteria, a new household, and the small forms on its page."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.identity import id_number_parse
from common.models import Region
from common.privacy import mask_name
from stations.hardship import IncomeCircle
from stations.models import (
    AssistanceRecord,
    Consent,
    ExpenditureShock,
    HelpCategory,
    Household,
    HouseholdMember,
    LoveStation,
    WatchedGroup,
    phone_validator,
)
from stations.selectors import RankingCriteria, county_list
from stations.services import MemberInput

SCORE_MIN = 0
SCORE_MAX = 100


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _with_blank(choices) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


class RankingCriteriaForm(forms.Form):
    """The ranked list's criteria (肥城): every field optional; a wrong value is explained, never a crash."""

    county = forms.ChoiceField(label=_("County"), required=False)
    income_circle = forms.ChoiceField(
        label=_("Income circle"), required=False, choices=_with_blank(IncomeCircle.choices)
    )
    watched_group = forms.ChoiceField(
        label=_("Watched group"), required=False, choices=_with_blank(WatchedGroup.choices)
    )
    score_min = forms.IntegerField(label=_("Score from"), required=False, min_value=SCORE_MIN, max_value=SCORE_MAX)
    score_max = forms.IntegerField(label=_("Score to"), required=False, min_value=SCORE_MIN, max_value=SCORE_MAX)
    category = forms.ChoiceField(
        label=_("Need category"),
        required=False,
        choices=_with_blank(HelpCategory.choices),
        help_text=_("A need of this category in draft, in review, open or partly met."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        counties: dict[str, str] = {}
        for county in county_list():
            # The newest edition comes first for each code; older editions would repeat the name.
            counties.setdefault(county.code, county.short_name)
        self.fields["county"].choices = _with_blank(counties.items())

    def clean(self) -> dict:
        cleaned = super().clean()
        score_min, score_max = cleaned.get("score_min"), cleaned.get("score_max")
        if score_min is not None and score_max is not None and score_min > score_max:
            raise ValidationError(_("The lowest score cannot be above the highest."))
        return cleaned

    def criteria(self) -> RankingCriteria:
        """Return the criteria of a valid form; call only after ``is_valid()``."""
        data = self.cleaned_data
        return RankingCriteria(
            county_code=data["county"],
            income_circle=data["income_circle"],
            watched_group=data["watched_group"],
            score_min=data["score_min"],
            score_max=data["score_max"],
            need_category=data["category"],
        )


class MemberForm(forms.Form):
    """One person of a household. Without ``with_relation`` it is the head of a new household."""

    name = forms.CharField(label=_("Name"), max_length=40)
    relation = forms.ChoiceField(
        label=_("Relation to the head of household"),
        choices=[choice for choice in HouseholdMember.Relation.choices if choice[0] != HouseholdMember.Relation.HEAD],
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=HouseholdMember.Sex.choices)
    birth_date = forms.DateField(label=_("Date of birth"), widget=DateInput())
    id_number = forms.CharField(
        label=_("Identity number"),
        required=False,
        max_length=24,
        help_text=_("Optional. 18 characters; stored encrypted and shown masked."),
    )
    health = forms.ChoiceField(label=_("Health"), choices=HouseholdMember.Health.choices)
    health_notes = forms.CharField(
        label=_("Health notes"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional. Diagnosis, treatment; stored encrypted and shown only on request."),
    )
    disability_grade = forms.TypedChoiceField(
        label=_("Disability grade"),
        coerce=int,
        initial=0,
        choices=[
            (0, _("none")),
            (1, _("grade 1 (most severe)")),
            (2, _("grade 2")),
            (3, _("grade 3")),
            (4, _("grade 4 (mildest)")),
        ],
    )
    schooling = forms.ChoiceField(label=_("Schooling"), choices=HouseholdMember.Schooling.choices)
    work = forms.ChoiceField(label=_("Work"), choices=HouseholdMember.Work.choices)

    def __init__(self, *args, with_relation: bool = True, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not with_relation:
            del self.fields["relation"]

    def clean_id_number(self) -> str:
        value = self.cleaned_data["id_number"].strip()
        if not value:
            return ""
        # The check digit and the date are checked here; whether the number fits the person is the service's call.
        return id_number_parse(value).number

    def member_input(self, *, relation: str | None = None) -> MemberInput:
        """Return the person as the services take it; call only after ``is_valid()``."""
        data = self.cleaned_data
        return MemberInput(
            name=data["name"],
            relation=relation or data["relation"],
            sex=data["sex"],
            birth_date=data["birth_date"],
            id_number=data["id_number"],
            health=data["health"],
            health_notes=data["health_notes"],
            disability_grade=data["disability_grade"],
            schooling=data["schooling"],
            work=data["work"],
        )


def station_village_list(station: LoveStation):
    """Return the villages and communities of the station's township, where its households live."""
    township = station.region
    if township.level == Region.Level.VILLAGE:
        township = township.parent
    return Region.objects.filter(parent=township, level=Region.Level.VILLAGE).order_by("code")


class HouseholdForm(forms.Form):
    """The household itself; its head of household comes from a ``MemberForm`` beside it."""

    village = forms.ModelChoiceField(label=_("Village or community"), queryset=Region.objects.none())
    address_detail = forms.CharField(
        label=_("Address"), required=False, max_length=200, help_text=_("Street, building, door. Stored encrypted.")
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20, validators=[phone_validator])
    monthly_income_per_person = forms.DecimalField(
        label=_("Income per person per month (yuan)"),
        required=False,
        min_value=0,
        max_digits=10,
        decimal_places=2,
        help_text=_("Leave empty until the income has been assessed."),
    )
    income_assessed_on = forms.DateField(label=_("Income assessed on"), required=False, widget=DateInput())
    housing = forms.ChoiceField(label=_("Housing"), choices=Household.Housing.choices)
    official_assistance = forms.ChoiceField(
        label=_("Official assistance"), choices=Household.OfficialAssistance.choices
    )

    def __init__(self, *args, station: LoveStation, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        village.queryset = station_village_list(station)
        village.label_from_instance = lambda region: f"{region.short_name} ({region.code})"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("monthly_income_per_person") is not None and not cleaned.get("income_assessed_on"):
            self.add_error("income_assessed_on", _("Say when the income was assessed."))
        return cleaned


class ShockForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ExpenditureShock.Kind.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), min_value=Decimal("0.01"), max_digits=12, decimal_places=2)
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class WatchedGroupsForm(forms.Form):
    groups = forms.MultipleChoiceField(
        label=_("Watched groups"),
        required=False,
        choices=WatchedGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, member: HouseholdMember) -> str:
        return f"{mask_name(member.name)} · {member.get_relation_display()} · {member.birth_date:%Y}"


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=Consent.Scope.choices)
    version = forms.CharField(label=_("Version of the consent text"), max_length=16)
    given_by = MemberChoiceField(label=_("Given by"), queryset=HouseholdMember.objects.none())
    given_as = forms.ChoiceField(label=_("Given as"), choices=Consent.GivenAs.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())

    def __init__(self, *args, household: Household, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = household.members.all()
        self.fields["given_on"].initial = timezone.localdate()


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())


class AssistanceForm(forms.Form):
    """Help given. ``ask_reason`` adds the reason field once the service has warned of a likely duplicate."""

    source = forms.ChoiceField(label=_("Source"), choices=AssistanceRecord.Source.choices)
    source_detail = forms.CharField(label=_("Given by"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), choices=HelpCategory.choices)
    description = forms.CharField(label=_("What was given"), max_length=200)
    value = forms.DecimalField(
        label=_("Value (yuan)"), required=False, min_value=0, max_digits=12, decimal_places=2, initial=0
    )
    quantity = forms.IntegerField(label=_("Quantity"), required=False, min_value=1)
    given_on = forms.DateField(label=_("Date the help was given"), widget=DateInput())
    override_reason = forms.CharField(
        label=_("Why this is not duplicate help"),
        required=False,
        max_length=200,
        help_text=_("Recorded with the help, for the city's duplicate-help review."),
    )

    def __init__(self, *args, ask_reason: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not ask_reason:
            del self.fields["override_reason"]
        self.fields["given_on"].initial = timezone.localdate()


class UnmaskForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for showing the full details"),
        max_length=200,
        help_text=_("Written to the access log with your name."),
    )


class TransferForm(forms.Form):
    """Move the household to another active station, with the reason."""

    to_station = forms.ModelChoiceField(label=_("To station"), queryset=LoveStation.objects.none())
    reason = forms.CharField(label=_("Reason for the transfer"), max_length=300)

    def __init__(self, *args, household: Household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_station"].queryset = (
            LoveStation.objects.filter(status=LoveStation.Status.ACTIVE)
            .exclude(pk=household.station_id)
            .select_related("region")
            .order_by("region__code", "name")
        )
