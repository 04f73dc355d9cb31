"""Forms of the station workbench."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from common.models import Region
from stations.models import LoveStation, StationMembership


class StationForm(forms.ModelForm):
    """A city administrator proposes a station; the place is given by its statistical code."""

    region_code = forms.CharField(
        label=_("Township or village code"),
        max_length=12,
        help_text=_("9-digit township or 12-digit village/community code, e.g. 330302006044."),
    )

    class Meta:
        model = LoveStation
        fields = ["name", "address", "latitude", "longitude", "opening_hours", "phone"]

    def clean_region_code(self) -> Region:
        code = self.cleaned_data["region_code"].strip()
        if not code.isdigit():
            raise forms.ValidationError(_("A region code has digits only."))
        region = Region.objects.filter(code=code).order_by("-edition").first()
        if region is None:
            raise forms.ValidationError(_("No region has the code %(code)s.") % {"code": code})
        if not region.is_station_level:
            raise forms.ValidationError(
                _("A station sits in a township or a village/community, not in %(name)s.") % {"name": region.short_name}
            )
        return region

    def clean_latitude(self):
        latitude = self.cleaned_data["latitude"]
        if not -90 <= latitude <= 90:
            raise forms.ValidationError(_("Latitude lies between -90 and 90."))
        return latitude

    def clean_longitude(self):
        longitude = self.cleaned_data["longitude"]
        if not -180 <= longitude <= 180:
            raise forms.ValidationError(_("Longitude lies between -180 and 180."))
        return longitude


class StationMemberAddForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=StationMembership.Role.choices)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip().lower()
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No active account uses %(email)s: ask the person to sign up first.") % {"email": email}
            )
        return user


class StationCloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing"), max_length=200)


class VisitRecordForm(forms.Form):
    done_on = forms.DateField(label=_("Visited on"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=_("What you found"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_("Stored encrypted. Needs you noticed belong in the household's record or a new need."),
    )
