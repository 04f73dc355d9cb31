"""Forms of discovery reports: the public form, staff entry, the queue's filter, re-routing and the triage forms."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from common.geo import distance_km
from common.models import Region
from stations.discovery_services import WHAT_WAS_SEEN_MAX_LENGTH
from stations.household_forms import MemberForm, station_village_list
from stations.models import DiscoveryReport, LoveStation, phone_validator
from stations.selectors import county_list

PLACE_CODE_LENGTHS = (9, 12)


class ReportForm(forms.Form):
    """What was seen and where; the reporter's kind and, if they wish, a name and a phone."""

    what_was_seen = forms.CharField(
        label=_("What did you see?"),
        max_length=WHAT_WAS_SEEN_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Who needs help and why: an elderly person living alone, a child out of school, a family after an accident…"
        ),
    )
    county = forms.ChoiceField(label=_("County or district"), required=False)
    place_code = forms.CharField(
        label=_("Township or village code"),
        required=False,
        max_length=12,
        help_text=_("Optional: the 9-digit township or 12-digit village/community code, if you know it."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, max_digits=9, decimal_places=6
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, max_digits=10, decimal_places=6
    )
    location_note = forms.CharField(
        label=_("Where, in words"),
        required=False,
        max_length=200,
        help_text=_("For example: near the vegetable market, the house behind the school."),
    )
    reporter_kind = forms.ChoiceField(
        label=_("You are"),
        choices=DiscoveryReport.ReporterKind.choices,
        initial=DiscoveryReport.ReporterKind.PUBLIC,
    )
    reporter_name = forms.CharField(label=_("Your name"), required=False, max_length=40, help_text=_("Optional."))
    reporter_contact = forms.CharField(
        label=_("Your phone"),
        required=False,
        max_length=20,
        help_text=_("Optional, so that the station can ask you more. Never shown in public."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        counties: dict[str, str] = {}
        for county in county_list():
            # The newest edition comes first for each code; older editions would repeat the name.
            counties.setdefault(county.code, county.short_name)
        self.fields["county"].choices = [("", _("Choose…")), *counties.items()]

    def clean_reporter_contact(self) -> str:
        value = "".join(self.cleaned_data["reporter_contact"].split())
        if value:
            phone_validator(value)
        return value

    def clean_place_code(self) -> str:
        value = self.cleaned_data["place_code"].strip()
        if value and (not value.isdigit() or len(value) not in PLACE_CODE_LENGTHS):
            raise ValidationError(_("A township code has 9 digits, a village or community code 12."))
        return value

    def clean(self) -> dict:
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if latitude is not None and longitude is None and "longitude" not in self.errors:
            self.add_error("longitude", _("Give the longitude too, or clear the latitude."))
        if longitude is not None and latitude is None and "latitude" not in self.errors:
            self.add_error("latitude", _("Give the latitude too, or clear the longitude."))
        county_code, place_code = cleaned.get("county") or "", cleaned.get("place_code") or ""
        region = None
        if place_code:
            if county_code and not place_code.startswith(county_code):
                self.add_error("place_code", _("This code does not lie in the county chosen."))
            else:
                region = Region.objects.filter(code=place_code).order_by("-edition").first()
                if region is None:
                    self.add_error("place_code", _("No township or village has this code."))
        elif county_code:
            region = Region.objects.filter(code=county_code, level=Region.Level.COUNTY).order_by("-edition").first()
        has_point = latitude is not None or longitude is not None
        if not county_code and not place_code and not has_point:
            self.add_error("county", _("Say where: choose the county, or give a point on the map."))
        cleaned["region"] = region
        return cleaned

    def report_arguments(self) -> dict:
        """Return the report as ``report_submit`` takes it; call only after ``is_valid()``."""
        data = self.cleaned_data
        return {
            "what_was_seen": data["what_was_seen"],
            "region": data["region"],
            "latitude": data["latitude"],
            "longitude": data["longitude"],
            "location_note": data["location_note"],
            "reporter_kind": data["reporter_kind"],
            "reporter_name": data["reporter_name"],
            "reporter_contact": data["reporter_contact"],
        }


class PublicReportForm(ReportForm):
    """The public form, with a honeypot field people never see and simple bots fill in."""

    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    HONEYPOT_FIELD = "homepage"

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != self.HONEYPOT_FIELD]

    def is_honeypot_filled(self) -> bool:
        """Return whether the hidden field was filled: a bot, whose report is discarded without a word."""
        return bool(self.cleaned_data.get(self.HONEYPOT_FIELD, "").strip())


class StaffReportForm(ReportForm):
    """A report taken by staff on the hotline or at the station's door."""

    channel = forms.ChoiceField(
        label=_("Received by"),
        choices=[
            (DiscoveryReport.Channel.HOTLINE, DiscoveryReport.Channel.HOTLINE.label),
            (DiscoveryReport.Channel.WALK_IN, DiscoveryReport.Channel.WALK_IN.label),
            (DiscoveryReport.Channel.STAFF, DiscoveryReport.Channel.STAFF.label),
        ],
    )

    field_order = ["channel"]


# --- The queue and re-routing ------------------------------------------------------------------


class ReportQueueFilterForm(forms.Form):
    """Narrow the triage queue; city administrators look for the reports that only they can route."""

    UNROUTED = "unrouted"

    show = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[("", _("All new reports")), (UNROUTED, _("Only reports no station serves"))],
    )

    def unrouted_only(self) -> bool:
        """Return whether only the reports no station serves are asked for; call only after ``is_valid()``."""
        return self.cleaned_data["show"] == self.UNROUTED


class RerouteForm(forms.Form):
    """Send the report on to another active station, with the reason; the nearest first when the report has a point."""

    to_station = forms.ModelChoiceField(
        label=_("To station"),
        queryset=LoveStation.objects.none(),
        error_messages={
            "invalid_choice": _(
                "Choose an active station other than the one the report is routed to: "
                "reports go only to stations that are open."
            )
        },
    )
    reason = forms.CharField(
        label=_("Why it goes there"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the place lies in another station's community; the point is nearer another station."),
    )

    def __init__(self, *args, report: DiscoveryReport, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        stations = (
            LoveStation.objects.filter(status=LoveStation.Status.ACTIVE)
            .exclude(pk=report.routed_station_id)
            .select_related("region")
            .order_by("region__code", "name")
        )
        field = self.fields["to_station"]
        field.queryset = stations
        if report.latitude is not None:
            # Listed by distance from the point seen, with the distance, so that the nearer station is easy to find.
            ranked = sorted(
                (
                    (distance_km(report.latitude, report.longitude, station.latitude, station.longitude), station)
                    for station in stations
                ),
                key=lambda item: (item[0], item[1].pk),
            )
            field.choices = [
                ("", field.empty_label),
                *(
                    (station.pk, f"{station.name} ({station.region.short_name}, {distance:.1f} km)")
                    for distance, station in ranked
                ),
            ]
        else:
            field.label_from_instance = lambda station: f"{station.name} ({station.region.short_name})"


# --- Triage -------------------------------------------------------------------------------------


class DuplicateForm(forms.Form):
    """Name the report this one repeats: one of the suggestions, or any reference."""

    suggestion = forms.ChoiceField(label=_("Suggested reports"), required=False, widget=forms.RadioSelect, choices=[])
    reference = forms.CharField(label=_("Or the reference of the original report"), required=False, max_length=16)

    def __init__(self, *args, suggestions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["suggestion"].choices = [
            (suggestion.report.reference, f"{suggestion.report.reference} · {suggestion.report.received_at:%Y-%m-%d}")
            for suggestion in suggestions
        ]
        if not suggestions:
            del self.fields["suggestion"]

    def clean(self) -> dict:
        cleaned = super().clean()
        suggestion, reference = cleaned.get("suggestion") or "", (cleaned.get("reference") or "").strip().upper()
        if suggestion and reference and suggestion != reference:
            raise ValidationError(_("Choose a suggested report or type a reference, not both."))
        if not suggestion and not reference:
            raise ValidationError(_("Choose a suggested report or type the reference of the original."))
        cleaned["original_reference"] = suggestion or reference
        return cleaned


class NotACaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is not a case"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the family already receives help; a misunderstanding; nobody found at the place."),
    )


class VerifiedForm(forms.Form):
    """Verified: link a household the station knows, or record a new one with its head (a ``MemberForm`` beside it)."""

    EXISTING = "existing"
    NEW = "new"

    mode = forms.ChoiceField(
        label=_("Household"),
        widget=forms.RadioSelect,
        choices=[(NEW, _("Record a new household")), (EXISTING, _("Link a household the station already keeps"))],
        initial=NEW,
    )
    household_reference = forms.CharField(label=_("Reference of the existing household"), required=False, max_length=16)
    village = forms.ModelChoiceField(label=_("Village or community"), required=False, queryset=Region.objects.none())
    address_detail = forms.CharField(
        label=_("Address"), required=False, max_length=200, help_text=_("Street, building, door. Stored encrypted.")
    )
    phone = forms.CharField(label=_("Phone"), required=False, max_length=20, validators=[phone_validator])

    def __init__(self, *args, station: LoveStation | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        village = self.fields["village"]
        if station is not None:
            village.queryset = station_village_list(station)
        village.label_from_instance = lambda region: f"{region.short_name} ({region.code})"

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("mode") == self.EXISTING:
            if not (cleaned.get("household_reference") or "").strip():
                self.add_error("household_reference", _("Give the household's reference."))
        elif cleaned.get("mode") == self.NEW and not cleaned.get("village"):
            self.add_error("village", _("Choose the household's village or community."))
        return cleaned


def head_form(data=None) -> MemberForm:
    """Return the form of a new household's head, as the household workbench has it."""
    return MemberForm(data, prefix="head", with_relation=False)
