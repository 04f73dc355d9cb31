"""Forms of the city administrators' pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from common.models import AccessLog, Region
from stations.models import HardshipWeights, IncomeStandard
from stations.selectors import county_list


class AccessLogFilterForm(forms.Form):
    email = forms.CharField(label=_("Person (email)"), required=False, max_length=254)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + list(AccessLog.Action.choices)
    )
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("since") and cleaned.get("until") and cleaned["since"] > cleaned["until"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return cleaned


class HardshipWeightsForm(forms.ModelForm):
    class Meta:
        model = HardshipWeights
        fields = list(HardshipWeights.FACTORS)
        widgets = {factor: forms.NumberInput(attrs={"min": 0, "max": 100}) for factor in HardshipWeights.FACTORS}

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(factor) for factor in HardshipWeights.FACTORS):
            raise forms.ValidationError(_("At least one weight must be above zero."))
        return cleaned


class IncomeStandardForm(forms.ModelForm):
    county = forms.ModelChoiceField(label=_("County"), queryset=Region.objects.none())

    class Meta:
        model = IncomeStandard
        fields = ["county", "monthly_amount", "near_dibao_multiplier", "low_income_multiplier", "valid_from", "source"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = county_list()
        self.fields["county"].label_from_instance = lambda region: region.short_name

    def clean_monthly_amount(self):
        amount = self.cleaned_data["monthly_amount"]
        if amount <= 0:
            raise forms.ValidationError(_("A standard is more than zero yuan."))
        return amount

    def validate_unique(self):
        # The service says it in words the administrator understands.
        pass
