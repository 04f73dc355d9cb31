"""The staff workbench for stations: thin views that authorise, validate and call one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import User
from common.errors import ApplicationError
from stations import services
from stations.forms import StationCloseForm, StationForm, StationMemberAddForm, VisitRecordForm
from stations.models import LoveStation
from stations.permissions import can_administer_stations, can_manage_station_members, can_open_workbench
from stations.selectors import (
    county_list,
    overdue_items_for_user,
    station_get_for_user,
    station_list_filtered,
    station_list_for_user,
    station_membership_list,
    visit_get_open_for_user,
    visit_list_open_for_user,
)


def _require_city_administrator(user: User) -> None:
    if not can_administer_stations(user):
        raise PermissionDenied(_("Only city administrators may do this."))


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    """List the stations the person works at; the starting page of every staff role."""
    if not can_open_workbench(request.user):
        raise PermissionDenied(_("This page is for station, agency, fund and city staff."))
    return render(
        request,
        "stations/staff_index.html",
        {
            "stations": station_list_for_user(user=request.user),
            "can_administer_stations": can_administer_stations(request.user),
            "overdue": overdue_items_for_user(user=request.user, now=timezone.now()),
        },
    )


@login_required
def station_workbench(request: HttpRequest, station_id: int) -> HttpResponse:
    station = station_get_for_user(user=request.user, station_id=station_id)
    return render(
        request,
        "stations/station_workbench.html",
        {
            "station": station,
            "memberships": station_membership_list(station=station),
            "can_manage_members": can_manage_station_members(request.user, station),
            "member_form": StationMemberAddForm(),
        },
    )


@login_required
def station_members(request: HttpRequest, station_id: int) -> HttpResponse:
    """Add a member (POST); the form shows again with its errors and input when it is wrong."""
    station = station_get_for_user(user=request.user, station_id=station_id)
    if not can_manage_station_members(request.user, station):
        raise PermissionDenied(_("Only the station lead or a city administrator may change the station's members."))
    form = StationMemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.station_member_add(
                station=station, user=form.cleaned_data["email"], role=form.cleaned_data["role"], added_by=request.user
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("%(email)s is now a member of the station.") % {"email": form.cleaned_data["email"].email}
            )
            return redirect("staff:station_workbench", station_id=station.pk)
    return render(
        request,
        "stations/station_workbench.html",
        {
            "station": station,
            "memberships": station_membership_list(station=station),
            "can_manage_members": True,
            "member_form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def station_member_remove(request: HttpRequest, station_id: int, user_id: int) -> HttpResponse:
    station = station_get_for_user(user=request.user, station_id=station_id)
    if not can_manage_station_members(request.user, station):
        raise PermissionDenied(_("Only the station lead or a city administrator may change the station's members."))
    member = get_object_or_404(User, pk=user_id, station_memberships__station=station)
    try:
        services.station_member_remove(station=station, user=member, removed_by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(email)s no longer works at the station.") % {"email": member.email})
    return redirect("staff:station_workbench", station_id=station.pk)


CITY_STATIONS_PER_PAGE = 50


CLOSING_REASON_KEY = "aixin_station_closing_reason"


@login_required
def city_station_list(request: HttpRequest) -> HttpResponse:
    """Every station of the city, filtered by status and county, a page at a time, for a city administrator."""
    _require_city_administrator(request.user)
    status = request.GET.get("status", "")
    county = request.GET.get("county", "")
    stations = station_list_filtered(user=request.user, status=status, county_code=county)
    page = Paginator(stations, CITY_STATIONS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    closing = request.session.pop(CLOSING_REASON_KEY, None) or {}
    return render(
        request,
        "stations/city_station_list.html",
        {
            "closing_station": closing.get("station"),
            "closing_reason": closing.get("reason", ""),
            "page": page,
            "stations": page.object_list,
            "status": status,
            "statuses": LoveStation.Status.choices,
            "county": county,
            "counties": county_list(),
            "filter_query": query.urlencode(),
        },
    )


@login_required
def city_station_create(request: HttpRequest) -> HttpResponse:
    _require_city_administrator(request.user)
    form = StationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            station = services.station_create(
                name=form.cleaned_data["name"],
                region=form.cleaned_data["region_code"],
                address=form.cleaned_data["address"],
                latitude=form.cleaned_data["latitude"],
                longitude=form.cleaned_data["longitude"],
                opening_hours=form.cleaned_data["opening_hours"],
                phone=form.cleaned_data["phone"],
                created_by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Station %(name)s proposed; activate it when it is ready.") % {"name": station.name}
            )
            return redirect("staff:station_workbench", station_id=station.pk)
    return render(request, "stations/city_station_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def city_station_activate(request: HttpRequest, station_id: int) -> HttpResponse:
    _require_city_administrator(request.user)
    station = get_object_or_404(LoveStation, pk=station_id)
    try:
        services.station_activate(station=station, activated_by=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Station %(name)s is active.") % {"name": station.name})
    return redirect("staff:city_station_list")


@login_required
@require_POST
def city_station_close(request: HttpRequest, station_id: int) -> HttpResponse:
    _require_city_administrator(request.user)
    station = get_object_or_404(LoveStation, pk=station_id)
    form = StationCloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for closing the station."))
        return redirect("staff:station_workbench", station_id=station.pk)
    try:
        services.station_close(station=station, closed_by=request.user, reason=form.cleaned_data["reason"])
    except ApplicationError as error:
        messages.error(request, error.message)
        # The list shows the reason again in this station's form, so nothing typed is lost.
        request.session[CLOSING_REASON_KEY] = {"station": station.pk, "reason": form.cleaned_data["reason"]}
    else:
        messages.success(request, _("Station %(name)s is closed.") % {"name": station.name})
    return redirect("staff:city_station_list")


VISITS_PER_PAGE = 50


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    """The planned visits to the households of the person's stations, the earliest first."""
    if not can_open_workbench(request.user):
        raise PermissionDenied(_("This page is for station, agency, fund and city staff."))
    page = Paginator(visit_list_open_for_user(user=request.user), VISITS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/visit_list.html",
        {"page": page, "visits": page.object_list, "today": timezone.localdate()},
    )


@login_required
def visit_record(request: HttpRequest, visit_id: int) -> HttpResponse:
    """Record a visit that took place; the next one is planned by the service."""
    visit = visit_get_open_for_user(user=request.user, visit_id=visit_id)
    form = VisitRecordForm(request.POST or None, initial={"done_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_record(
                visit=visit,
                done_on=form.cleaned_data["done_on"],
                notes=form.cleaned_data["notes"],
                visited_by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Visit recorded; the next one is planned."))
            return redirect("staff:visit_list")
    return render(
        request, "stations/visit_record.html", {"visit": visit, "form": form}, status=400 if form.errors else 200
    )
