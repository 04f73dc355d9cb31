"""Discovery reports through pages: the public form (no sign-in) and the station's triage pages.

Public: a honeypot field and a limit of ``PUBLIC_REPORTS_PER_HOUR`` submissions per address and
hour; a refusal keeps everything typed. Staff: the queue (paginated), hotline and walk-in entry, and
a report's page with its likely duplicates, its re-routings, the re-routing form and the three
triage forms. Another station's report is a 404.
"""

from datetime import timedelta

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.errors import ApplicationError
from common.privacy import mask_phone
from common.ratelimit import rate_limit_hit
from stations import discovery_services as services
from stations.discovery_forms import (
    DuplicateForm,
    NotACaseForm,
    PublicReportForm,
    ReportQueueFilterForm,
    RerouteForm,
    StaffReportForm,
    VerifiedForm,
    head_form,
)
from stations.discovery_selectors import (
    report_duplicate_suggestions,
    report_find_by_reference,
    report_get_for_user,
    report_queue_for_user,
    report_queue_summary_for_user,
    report_reroute_list,
)
from stations.discovery_services import NewHouseholdInput
from stations.models import DiscoveryReport, HouseholdMember
from stations.permissions import can_enter_reports, can_triage_report
from stations.selectors import household_list_for_user

PUBLIC_REPORTS_PER_HOUR = 5
REPORTS_PER_PAGE = 25
RATE_LIMIT_PERIOD_SECONDS = 3600
THANKS_SESSION_KEY = "aixin_report_thanks"


# --- Public --------------------------------------------------------------------------------------


def _client_ip(request: HttpRequest) -> str:
    # allauth's reading of the address honours ALLAUTH_TRUSTED_PROXY_COUNT behind a reverse proxy.
    return get_adapter(request).get_client_ip(request)


def _thanks_for(*, reference: str, station_name: str, respond_by) -> dict:
    return {"reference": reference, "station_name": station_name, "respond_by": respond_by.isoformat()}


@require_http_methods(["GET", "POST"])
def report_public_create(request: HttpRequest) -> HttpResponse:
    """The public report form; a valid report is saved and the visitor thanked, nothing typed is lost on a refusal."""
    form = PublicReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if rate_limit_hit(
                key=f"report_public:{_client_ip(request)}",
                limit=PUBLIC_REPORTS_PER_HOUR,
                period_seconds=RATE_LIMIT_PERIOD_SECONDS,
            ):
                return render(
                    request, "stations/discovery/public_form.html", {"form": form, "rate_limited": True}, status=429
                )
            try:
                if form.is_honeypot_filled():
                    # Answered like a success so that the bot learns nothing; nothing is saved.
                    place = services.report_place_resolve(
                        region=form.cleaned_data["region"],
                        latitude=form.cleaned_data["latitude"],
                        longitude=form.cleaned_data["longitude"],
                    )
                    now = timezone.now()
                    thanks = _thanks_for(
                        reference=services.report_reference_new(),
                        station_name=place.route.station.name if place.route.station else "",
                        respond_by=now + timedelta(hours=services.response_hours()),
                    )
                else:
                    report = services.report_submit(channel=DiscoveryReport.Channel.WEB, **form.report_arguments())
                    thanks = _thanks_for(
                        reference=report.reference,
                        station_name=report.routed_station.name if report.routed_station else "",
                        respond_by=report.respond_by,
                    )
            except (ApplicationError, ValidationError) as error:
                form.add_error(None, error.message if isinstance(error, ApplicationError) else " ".join(error.messages))
            else:
                request.session[THANKS_SESSION_KEY] = thanks
                return redirect("reports:thanks")
    return render(request, "stations/discovery/public_form.html", {"form": form}, status=status)


@require_GET
def report_public_thanks(request: HttpRequest) -> HttpResponse:
    """Thank the visitor: the reference, the station and its deadline; nothing about anyone else."""
    thanks = request.session.get(THANKS_SESSION_KEY)
    if not thanks:
        return redirect("reports:create")
    return render(
        request,
        "stations/discovery/public_thanks.html",
        {
            "reference": thanks["reference"],
            "station_name": thanks["station_name"],
            "respond_by": parse_datetime(thanks["respond_by"]),
            "response_hours": services.response_hours(),
        },
    )


# --- Staff ---------------------------------------------------------------------------------------


def _require_report_entry(request: HttpRequest) -> None:
    if not can_enter_reports(request.user):
        raise PermissionDenied(_("Discovery reports are for station staff and city administrators."))


def _where(report: DiscoveryReport) -> str:
    parts = []
    if report.region_id:
        parts.append(report.region.short_name)
    if report.latitude is not None:
        parts.append(f"{report.latitude:.5f}, {report.longitude:.5f}")
    return " · ".join(parts)


@login_required
@require_GET
def report_queue(request: HttpRequest) -> HttpResponse:
    """The new reports of the user's stations, a page at a time, overdue ones first and marked."""
    _require_report_entry(request)
    now = timezone.now()
    form = ReportQueueFilterForm(request.GET or None)
    unrouted_only = form.is_bound and form.is_valid() and form.unrouted_only()
    reports = report_queue_for_user(user=request.user, now=now, unrouted_only=unrouted_only)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    summary = report_queue_summary_for_user(user=request.user, now=now)
    return render(
        request,
        "stations/discovery/queue.html",
        {
            "page": page,
            "rows": [{"report": report, "where": _where(report)} for report in page.object_list],
            "filter_query": query.urlencode(),
            "filter_form": form,
            "unrouted_only": unrouted_only,
            # Only city administrators have reports that no station serves, so only they get the filter.
            "show_unrouted_filter": summary.unrouted > 0 or unrouted_only,
            "overdue_count": summary.overdue,
            "unrouted_count": summary.unrouted,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_staff_create(request: HttpRequest) -> HttpResponse:
    """A report taken on the hotline or at the door, routed like a public one."""
    _require_report_entry(request)
    form = StaffReportForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_submit(
                channel=form.cleaned_data["channel"], entered_by=request.user, **form.report_arguments()
            )
        except (ApplicationError, ValidationError) as error:
            form.add_error(None, error.message if isinstance(error, ApplicationError) else " ".join(error.messages))
        else:
            messages.success(request, _("Report %(reference)s recorded.") % {"reference": report.reference})
            if can_triage_report(request.user, report):
                return redirect("staff:report_detail", report_id=report.pk)
            return redirect("staff:report_queue")
    return render(
        request,
        "stations/discovery/staff_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _render_detail(
    request: HttpRequest, report: DiscoveryReport, *, status: int = 200, refusals: tuple[str, ...] = (), **forms
) -> HttpResponse:
    suggestions = report_duplicate_suggestions(report=report, user=request.user)
    can_triage = report.status == DiscoveryReport.Status.NEW and can_triage_report(request.user, report)
    context = {
        "report": report,
        "where": _where(report),
        "contact": mask_phone(report.reporter_contact) if report.reporter_contact else "",
        "overdue": report.status == DiscoveryReport.Status.NEW and report.respond_by < timezone.now(),
        "suggestions": suggestions,
        "reroutes": report_reroute_list(report=report),
        "can_triage": can_triage,
        # A household is kept by a station: a report no station serves is routed before it is verified.
        "can_verify": can_triage and report.routed_station_id is not None,
        "duplicate_form": forms.get("duplicate_form") or DuplicateForm(prefix="dup", suggestions=suggestions),
        "not_a_case_form": forms.get("not_a_case_form") or NotACaseForm(prefix="nac"),
        "verified_form": forms.get("verified_form") or VerifiedForm(prefix="ver", station=report.routed_station),
        "head_form": forms.get("head_form") or head_form(),
        "reroute_form": forms.get("reroute_form") or RerouteForm(prefix="route", report=report),
        # A refusal of a report that can no longer be triaged is shown above the outcome, not in a hidden form.
        "refusals": [*refusals]
        if can_triage
        else [*refusals, *(error for form in forms.values() for error in form.non_field_errors())],
    }
    return render(request, "stations/discovery/detail.html", context, status=status)


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int) -> HttpResponse:
    """One report with its likely duplicates and, while it is new, the three triage forms."""
    report = report_get_for_user(user=request.user, report_id=report_id)
    return _render_detail(request, report)


def _report_for_triage(request: HttpRequest, report_id: int) -> DiscoveryReport:
    report = report_get_for_user(user=request.user, report_id=report_id)
    if not can_triage_report(request.user, report):
        raise PermissionDenied(_("Only the staff of the station the report was routed to may triage it."))
    return report


def _refusal(form, error: ApplicationError | ValidationError) -> None:
    form.add_error(None, error.message if isinstance(error, ApplicationError) else " ".join(error.messages))


@login_required
@require_POST
def report_triage_duplicate(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for_triage(request, report_id)
    suggestions = report_duplicate_suggestions(report=report, user=request.user)
    form = DuplicateForm(request.POST, prefix="dup", suggestions=suggestions)
    if form.is_valid():
        original = report_find_by_reference(user=request.user, reference=form.cleaned_data["original_reference"])
        if original is None:
            form.add_error("reference", _("No report you can see has this reference."))
        else:
            try:
                services.report_triage_duplicate(report=report, duplicate_of=original, by=request.user)
            except (ApplicationError, ValidationError) as error:
                _refusal(form, error)
            else:
                messages.success(
                    request,
                    _("Report %(reference)s closed as a duplicate of %(original)s.")
                    % {"reference": report.reference, "original": original.reference},
                )
                return redirect("staff:report_detail", report_id=report.pk)
    return _render_detail(request, report, status=400, duplicate_form=form)


@login_required
@require_POST
def report_triage_not_a_case(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for_triage(request, report_id)
    form = NotACaseForm(request.POST, prefix="nac")
    if form.is_valid():
        try:
            services.report_triage_not_a_case(report=report, reason=form.cleaned_data["reason"], by=request.user)
        except (ApplicationError, ValidationError) as error:
            _refusal(form, error)
        else:
            messages.success(request, _("Report %(reference)s closed: not a case.") % {"reference": report.reference})
            return redirect("staff:report_detail", report_id=report.pk)
    return _render_detail(request, report, status=400, not_a_case_form=form)


@login_required
@require_POST
def report_triage_verified(request: HttpRequest, report_id: int) -> HttpResponse:
    report = _report_for_triage(request, report_id)
    try:
        services.report_household_station(report=report)
    except ApplicationError as error:
        # Without a station there is no village to choose from; say why rather than "not a valid choice".
        return _render_detail(request, report, status=400, refusals=(error.message,))
    form = VerifiedForm(request.POST, prefix="ver", station=report.routed_station)
    head = head_form(request.POST)
    if form.is_valid():
        household = None
        new_household = None
        if form.cleaned_data["mode"] == VerifiedForm.EXISTING:
            reference = form.cleaned_data["household_reference"].strip().upper()
            household = household_list_for_user(user=request.user).filter(reference=reference).first()
            if household is None:
                form.add_error("household_reference", _("No household you can see has this reference."))
        elif head.is_valid():
            new_household = NewHouseholdInput(
                region=form.cleaned_data["village"],
                head=head.member_input(relation=HouseholdMember.Relation.HEAD),
                address_detail=form.cleaned_data["address_detail"],
                phone=form.cleaned_data["phone"],
            )
        if household is not None or new_household is not None:
            try:
                report = services.report_triage_verified(
                    report=report, by=request.user, household=household, new_household=new_household
                )
            except (ApplicationError, ValidationError) as error:
                _refusal(form, error)
            else:
                messages.success(
                    request,
                    _("Report %(reference)s verified: household %(household)s.")
                    % {"reference": report.reference, "household": report.household.reference},
                )
                return redirect("staff:household_detail", household_id=report.household_id)
    else:
        head.is_valid()  # Show the head's errors too, so that one submission reveals every problem.
    return _render_detail(request, report, status=400, verified_form=form, head_form=head)


@login_required
@require_POST
def report_reroute(request: HttpRequest, report_id: int) -> HttpResponse:
    """Send the report on to another active station, with the reason; its staff are told."""
    report = _report_for_triage(request, report_id)
    form = RerouteForm(request.POST, prefix="route", report=report)
    if form.is_valid():
        try:
            reroute = services.report_reroute(
                report=report,
                to_station=form.cleaned_data["to_station"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except (ApplicationError, ValidationError) as error:
            _refusal(form, error)
        else:
            messages.success(
                request,
                _("Report %(reference)s re-routed to %(station)s; its staff were told.")
                % {"reference": report.reference, "station": reroute.to_station.name},
            )
            if can_triage_report(request.user, reroute.report):
                return redirect("staff:report_detail", report_id=report.pk)
            # The report has left the user's stations: they no longer see it.
            return redirect("staff:report_queue")
    return _render_detail(request, report, status=400, reroute_form=form)
