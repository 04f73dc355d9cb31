"""Forms of the needs workbench: the list's status filter, a new need, and the action forms on a need's page."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from stations.models import DiscoveryReport, HelpCategory, Household, LoveStation, Need
from stations.need_services import REASON_MAX_LENGTH


class NeedStatusFilterForm(forms.Form):
    """The list's filter; an unknown status is ignored, never a crash."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All")), *Need.Status.choices])


class ResponsibleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user: User) -> str:
        return str(user)


class NeedForm(forms.Form):
    """A new need at a station, or a draft being edited (``need``).

    The household and the report are named by their references, as staff know them. A draft keeps what it
    already has (its responsible person, household and report) even if they would no longer be offered;
    whether they still fit is the service's call.
    """

    kind = forms.ChoiceField(label=_("Kind"), choices=Need.Kind.choices)
    category = forms.ChoiceField(label=_("Category"), choices=HelpCategory.choices)
    title = forms.CharField(label=_("Public title"), max_length=80)
    public_description = forms.CharField(
        label=_("Public description"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown on the public site: no names, phones, ID numbers or addresses."),
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Staff only. Encrypted."),
    )
    quantity = forms.IntegerField(label=_("Quantity needed"), required=False, min_value=1)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=12, help_text=_("e.g. 床, 件, 次"))
    amount = forms.DecimalField(
        label=_("Amount needed (yuan)"), required=False, min_value=Decimal("0.01"), max_digits=12, decimal_places=2
    )
    tier = forms.ChoiceField(label=_("Tier"), choices=Need.Tier.choices, initial=Need.Tier.SINGLE_DEPARTMENT)
    urgency = forms.TypedChoiceField(
        label=_("Urgency"), coerce=int, choices=Need.Urgency.choices, initial=Need.Urgency.NORMAL
    )
    responsible = ResponsibleChoiceField(label=_("Responsible person"), queryset=User.objects.none())
    household_reference = forms.CharField(
        label=_("Household reference"),
        required=False,
        max_length=16,
        help_text=_("Optional. The reference of one of the station's households."),
    )
    origin_report_reference = forms.CharField(
        label=_("Began with report"),
        required=False,
        max_length=16,
        help_text=_("Optional. The reference of the discovery report this need came from."),
    )

    def __init__(self, *args, station: LoveStation, need: Need | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.station = station
        self.need = need
        people = Q(station_memberships__station=station)
        if need is not None:
            people |= Q(pk=need.responsible_id)
        self.fields["responsible"].queryset = User.objects.filter(people).distinct().order_by("display_name", "email")

    def clean_household_reference(self) -> Household | None:
        reference = self.cleaned_data["household_reference"].strip().upper()
        if not reference:
            return None
        if self.need is not None and self.need.household is not None and self.need.household.reference == reference:
            return self.need.household
        household = self.station.households.filter(reference=reference).first()
        if household is None:
            raise ValidationError(_("The station keeps no household with this reference."))
        return household

    def clean_origin_report_reference(self) -> DiscoveryReport | None:
        reference = self.cleaned_data["origin_report_reference"].strip().upper()
        if not reference:
            return None
        if (
            self.need is not None
            and self.need.origin_report is not None
            and self.need.origin_report.reference == reference
        ):
            return self.need.origin_report
        report = DiscoveryReport.objects.filter(routed_station=self.station, reference=reference).first()
        if report is None:
            raise ValidationError(_("No report with this reference was routed to the station."))
        return report

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("quantity") is None and cleaned.get("amount") is None:
            raise ValidationError(_("Say how many are needed (quantity and unit) or how much (amount)."))
        if cleaned.get("quantity") is not None and not cleaned.get("unit", "").strip():
            self.add_error("unit", _("Say what the quantity counts."))
        return cleaned

    def need_fields(self) -> dict:
        """Return the cleaned values as ``need_create`` and ``need_update`` take them."""
        data = self.cleaned_data
        fields = ("kind", "category", "title", "public_description", "private_notes", "quantity", "unit", "amount")
        return {
            **{name: data[name] for name in (*fields, "tier", "urgency", "responsible")},
            "household": data["household_reference"],
            "origin_report": data["origin_report_reference"],
        }


def need_form_initial(need: Need) -> dict:
    """Return a draft's values as ``NeedForm`` shows them, for the edit page."""
    return {
        "kind": need.kind,
        "category": need.category,
        "title": need.title,
        "public_description": need.public_description,
        "private_notes": need.private_notes,
        "quantity": need.quantity,
        "unit": need.unit,
        "amount": need.amount,
        "tier": need.tier,
        "urgency": need.urgency,
        "responsible": need.responsible_id,
        "household_reference": need.household.reference if need.household is not None else "",
        "origin_report_reference": need.origin_report.reference if need.origin_report is not None else "",
    }


class NeedCommentForm(forms.Form):
    """Approve, send back or cancel, with a comment; whether one is required is the service's call."""

    comment = forms.CharField(label=_("Comment"), required=False, max_length=300)


class NeedProgressForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity given"), required=False, min_value=0)
    amount = forms.DecimalField(
        label=_("Amount given (yuan)"), required=False, min_value=Decimal("0"), max_digits=12, decimal_places=2
    )


class NeedCancelForm(forms.Form):
    comment = forms.CharField(
        label=_("Why the need is cancelled"),
        required=False,
        max_length=300,
        help_text=_("Recorded in the need's history."),
    )


class NeedSubmitForm(forms.Form):
    """No fields: it carries the service's refusal back to the page."""


class NeedExtendForm(forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Why it needs more time"),
        max_length=REASON_MAX_LENGTH,
        help_text=_("Recorded in the need's history."),
    )
