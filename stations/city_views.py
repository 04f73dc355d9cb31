"""City administrators' pages: the access log, the hardship weights and the income standards."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import ApplicationError
from common.selectors import access_log_list
from stations import services
from stations.city_forms import AccessLogFilterForm, HardshipWeightsForm, IncomeStandardForm
from stations.models import HardshipWeights, IncomeStandard
from stations.permissions import can_administer_stations, can_edit_hardship_weights
from stations.selectors import duplicate_help_cases

ACCESS_LOG_PER_PAGE = 50


def _require_city_administrator(request: HttpRequest) -> None:
    if not can_administer_stations(request.user):
        raise PermissionDenied(_("Only city administrators may do this."))


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Who looked at which private record, when, and which fields they saw in full."""
    _require_city_administrator(request)
    form = AccessLogFilterForm(request.GET or None)
    entries = access_log_list()
    if form.is_valid():
        if form.cleaned_data["email"]:
            entries = entries.filter(user_email__icontains=form.cleaned_data["email"].strip())
        if form.cleaned_data["action"]:
            entries = entries.filter(action=form.cleaned_data["action"])
        if form.cleaned_data["since"]:
            entries = entries.filter(at__date__gte=form.cleaned_data["since"])
        if form.cleaned_data["until"]:
            entries = entries.filter(at__date__lte=form.cleaned_data["until"])
    page = Paginator(entries, ACCESS_LOG_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "stations/city/access_log.html",
        {"form": form, "page": page, "entries": page.object_list, "filter_query": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def hardship_weights(request: HttpRequest) -> HttpResponse:
    """Change the weights of the hardship score; every household is scored again."""
    if not can_edit_hardship_weights(request.user):
        raise PermissionDenied(_("Only city administrators may do this."))
    current = services.hardship_weights_get()
    form = HardshipWeightsForm(request.POST or None, instance=HardshipWeights(pk=1, **current.as_dict()))
    if request.method == "POST" and form.is_valid():
        try:
            services.hardship_weights_update(
                weights={factor: form.cleaned_data[factor] for factor in HardshipWeights.FACTORS},
                updated_by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Weights saved; every household is being scored again."))
            return redirect("staff:city_hardship_weights")
    return render(
        request,
        "stations/city/hardship_weights.html",
        {"form": form, "weights": current},
        status=400 if form.errors else 200,
    )


@login_required
def income_standards(request: HttpRequest) -> HttpResponse:
    """The counties' minimum-living standards over time, and a form to set a new one."""
    _require_city_administrator(request)
    form = IncomeStandardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            standard = services.income_standard_create(
                county=form.cleaned_data["county"],
                monthly_amount=form.cleaned_data["monthly_amount"],
                valid_from=form.cleaned_data["valid_from"],
                near_dibao_multiplier=form.cleaned_data["near_dibao_multiplier"],
                low_income_multiplier=form.cleaned_data["low_income_multiplier"],
                source=form.cleaned_data["source"],
                created_by=request.user,
            )
        except (ApplicationError, ValidationError) as error:
            form.add_error(None, getattr(error, "message", None) or " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Standard for %(county)s from %(date)s saved; its households are being scored again.")
                % {"county": standard.county.short_name, "date": standard.valid_from},
            )
            return redirect("staff:city_income_standards")
    standards = IncomeStandard.objects.select_related("county").order_by("county__code", "-valid_from")
    return render(
        request,
        "stations/city/income_standards.html",
        {"form": form, "standards": standards},
        status=400 if form.errors else 200,
    )


DUPLICATE_HELP_DEFAULT_DAYS = 90


@login_required
def duplicate_help(request: HttpRequest) -> HttpResponse:
    """Help recorded despite a duplicate warning, across all sources, for the city's review (碑林)."""
    _require_city_administrator(request)
    try:
        days = max(1, min(int(request.GET.get("days", DUPLICATE_HELP_DEFAULT_DAYS)), 3660))
    except ValueError:
        days = DUPLICATE_HELP_DEFAULT_DAYS
    since = timezone.localdate() - timedelta(days=days)
    return render(
        request, "stations/city/duplicate_help.html", {"cases": duplicate_help_cases(since=since), "days": days}
    )
