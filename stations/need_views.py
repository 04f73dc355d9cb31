"""The needs workbench: the list, the review queue, a new need, editing a draft, and a need's page with its actions.

Thin views: authorise (``need_get_for_user`` answers 404 for another station's need,
``can_edit_need`` / ``can_moderate_need`` 403 for an action the user may not take), validate a form,
call one service, redirect. A refusal from a service is shown on the page, word for word.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import User
from common.errors import ApplicationError
from stations.models import DiscoveryReport, LoveStation, Need
from stations.need_forms import (
    NeedCancelForm,
    NeedCommentForm,
    NeedExtendForm,
    NeedForm,
    NeedProgressForm,
    NeedStatusFilterForm,
    NeedSubmitForm,
    need_form_initial,
)
from stations.need_services import (
    EXPIRED_COMMENT,
    EXTENDED_COMMENT,
    need_approve,
    need_close,
    need_create,
    need_event_edited_fields,
    need_extend,
    need_met_add,
    need_refuse_unless_editable,
    need_reject,
    need_submit,
    need_update,
)
from stations.permissions import can_edit_need, can_list_households, can_moderate_need
from stations.public_links import need_public_url
from stations.public_selectors import need_public_state
from stations.selectors import need_get_for_user, need_list_for_user, need_list_moderated_by, station_get_for_user

NEEDS_PER_PAGE = 50


def _require_need_lists(user: User) -> None:
    # Needs are kept by stations, like households: their members and the city administrators read the lists.
    if not can_list_households(user):
        raise PermissionDenied(_("Needs are for station staff and city administrators."))


def _require_editor(user: User, station: LoveStation) -> None:
    if not can_edit_need(user, station):
        raise PermissionDenied(_("Only the station's staff may change its needs."))


def _require_moderator(user: User, station: LoveStation) -> None:
    if not can_moderate_need(user, station):
        raise PermissionDenied(_("Only the station lead or a city administrator may review needs."))


def need_is_overdue(need: Need, today) -> bool:
    return need.status in Need.UNFINISHED_STATUSES and need.due_on < today


def _rows(needs) -> list[dict]:
    today = timezone.localdate()
    return [
        {"need": need, "remaining": need.remaining_text(), "overdue": need_is_overdue(need, today)} for need in needs
    ]


# --- Lists --------------------------------------------------------------------------------------


@login_required
@require_GET
def need_list(request: HttpRequest) -> HttpResponse:
    """The user's needs, soonest due first, narrowed by status; an unknown status is ignored."""
    _require_need_lists(request.user)
    form = NeedStatusFilterForm(request.GET or None)
    needs = need_list_for_user(user=request.user)
    if form.is_bound and form.is_valid() and form.cleaned_data["status"]:
        needs = needs.filter(status=form.cleaned_data["status"])
    page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    stations = [station for station in _stations_of(request.user) if can_edit_need(request.user, station)]
    return render(
        request,
        "stations/needs/need_list.html",
        {
            "form": form,
            "page": page,
            "rows": _rows(page.object_list),
            "filter_query": query.urlencode(),
            "stations_to_record_at": stations,
        },
    )


def _stations_of(user: User) -> list[LoveStation]:
    return list(
        LoveStation.objects.filter(
            memberships__user=user, status__in=[LoveStation.Status.ACTIVE, LoveStation.Status.PROPOSED]
        ).order_by("name")
    )


@login_required
@require_GET
def need_review_queue(request: HttpRequest) -> HttpResponse:
    """The needs in review that the user may approve or send back, oldest first."""
    _require_need_lists(request.user)
    needs = need_list_moderated_by(user=request.user).filter(status=Need.Status.IN_REVIEW).order_by("created_at", "pk")
    page = Paginator(needs, NEEDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "stations/needs/need_review_queue.html",
        {"page": page, "rows": _rows(page.object_list), "filter_query": ""},
    )


# --- A new need ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def need_create_view(request: HttpRequest, station_id: int) -> HttpResponse:
    """Record a need as a draft; ``?household=<id>`` fills in one of the station's households."""
    station = station_get_for_user(user=request.user, station_id=station_id)
    _require_editor(request.user, station)
    if request.method == "POST":
        form = NeedForm(request.POST, station=station)
        if form.is_valid():
            try:
                need = need_create(station=station, created_by=request.user, **form.need_fields())
            except (ApplicationError, ValidationError) as error:
                _refusal(form, error)
            else:
                messages.success(request, _("Need %(reference)s recorded as a draft.") % {"reference": need.reference})
                return redirect("staff:need_detail", need_id=need.pk)
    else:
        initial = {"responsible": request.user.pk if can_edit_need(request.user, station) else None}
        household_id = request.GET.get("household", "")
        if household_id.isdigit():
            household = station.households.filter(pk=int(household_id)).first()
            if household is not None:
                initial["household_reference"] = household.reference
                # A household found through a report: its first need began with that report (the scorecards
                # count them), unless staff clear the field.
                report = (
                    household.discovery_reports.filter(outcome=DiscoveryReport.Outcome.VERIFIED, needs__isnull=True)
                    .order_by("-triaged_at")
                    .first()
                )
                if report is not None:
                    initial["origin_report_reference"] = report.reference
        form = NeedForm(station=station, initial=initial)
    return render(
        request,
        "stations/needs/need_form.html",
        {"station": station, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- Editing a draft ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def need_edit_view(request: HttpRequest, need_id: int) -> HttpResponse:
    """Change a draft, also one the moderator sent back; a need in review or published is refused."""
    need = need_get_for_user(user=request.user, need_id=need_id)
    _require_editor(request.user, need.station)
    if request.method == "POST":
        form = NeedForm(request.POST, station=need.station, need=need)
        if form.is_valid():
            try:
                need_update(need=need, by=request.user, **form.need_fields())
            except (ApplicationError, ValidationError) as error:
                _refusal(form, error)
            else:
                messages.success(request, _("Need %(reference)s saved.") % {"reference": need.reference})
                return redirect("staff:need_detail", need_id=need.pk)
        else:
            # Wrong input matters less than a need that can no longer be edited at all: say that too.
            try:
                need_refuse_unless_editable(need)
            except ApplicationError as error:
                _refusal(form, error)
    else:
        try:
            need_refuse_unless_editable(need)
        except ApplicationError as error:
            # Nothing to fill in: say why on the need's page, where its actions are.
            messages.error(request, error.message)
            return redirect("staff:need_detail", need_id=need.pk)
        form = NeedForm(station=need.station, need=need, initial=need_form_initial(need))
    return render(
        request,
        "stations/needs/need_form.html",
        {"station": need.station, "need": need, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- A need's page and its actions -----------------------------------------------------------------


_NEED_FIELD_NAMES = {field.name for field in Need._meta.concrete_fields}


def _event_comment(event) -> str:
    """Return the event's comment; an edit's is the changed fields' names, shown in the reader's language."""
    if event.comment == EXPIRED_COMMENT:
        return _("Expired: long past its due date, it left the public site.")
    if event.comment.startswith(EXTENDED_COMMENT + ":"):
        return _("Due date moved: %(change)s") % {"change": event.comment.removeprefix(EXTENDED_COMMENT + ":").strip()}
    fields = need_event_edited_fields(event)
    if fields is None:
        return event.comment
    labels = [str(Need._meta.get_field(name).verbose_name) for name in fields if name in _NEED_FIELD_NAMES]
    return _("Edited: %(fields)s") % {"fields": ", ".join(labels)} if labels else _("Edited")


def _refusal(form, error: ApplicationError | ValidationError) -> None:
    form.add_error(None, error.message if isinstance(error, ApplicationError) else " ".join(error.messages))


def _render_detail(request: HttpRequest, need: Need, *, status: int = 200, **forms) -> HttpResponse:
    """Render the need's page with the given bound forms and the others fresh."""
    user = request.user
    context = {
        "need": need,
        "remaining": need.remaining_text(),
        "overdue": need_is_overdue(need, timezone.localdate()),
        "events": [
            {
                "event": event,
                "from_label": Need.Status(event.from_status).label if event.from_status else "—",
                "to_label": Need.Status(event.to_status).label,
                "comment": _event_comment(event),
            }
            for event in need.events.all()
        ],
        "can_edit": can_edit_need(user, need.station),
        "can_moderate": can_moderate_need(user, need.station),
        "submit_form": forms.get("submit_form") or NeedSubmitForm(prefix="submit"),
        "approve_form": forms.get("approve_form") or NeedCommentForm(prefix="approve"),
        "reject_form": forms.get("reject_form") or NeedCommentForm(prefix="reject"),
        "progress_form": forms.get("progress_form") or NeedProgressForm(prefix="progress"),
        "close_form": forms.get("close_form") or NeedCommentForm(prefix="close"),
        "cancel_form": forms.get("cancel_form") or NeedCancelForm(prefix="cancel"),
        "extend_form": forms.get("extend_form") or NeedExtendForm(prefix="extend"),
        "unfinished": need.status in Need.UNFINISHED_STATUSES,
        "finished": need.status in (Need.Status.CLOSED, Need.Status.CANCELLED, Need.Status.EXPIRED),
    }
    context["public"], context["public_state"] = need_public_state(need=need, today=timezone.localdate())
    context["public_url"] = need_public_url(need) if context["public"] else ""
    return render(request, "stations/needs/need_detail.html", context, status=status)


@login_required
@require_GET
def need_detail(request: HttpRequest, need_id: int) -> HttpResponse:
    """A need with all its fields, its history and the actions its status allows."""
    return _render_detail(request, need_get_for_user(user=request.user, need_id=need_id))


def _act(request: HttpRequest, need_id: int, *, name: str, form_class, moderate: bool, act, done: str):
    """Run one action on a need: authorise, validate, call the service, redirect; else the page with the reason."""
    need = need_get_for_user(user=request.user, need_id=need_id)
    if moderate:
        _require_moderator(request.user, need.station)
    else:
        _require_editor(request.user, need.station)
    form = form_class(request.POST, prefix=name)
    if form.is_valid():
        try:
            act(need, form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            _refusal(form, error)
        else:
            messages.success(request, done)
            return redirect("staff:need_detail", need_id=need.pk)
    # The service may have refused after reading the need; show it as it is now.
    need = need_get_for_user(user=request.user, need_id=need_id)
    return _render_detail(request, need, status=400, **{f"{name}_form": form})


@login_required
@require_POST
def need_submit_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="submit",
        form_class=NeedSubmitForm,
        moderate=False,
        act=lambda need, data: need_submit(need=need, by=request.user),
        done=_("Need sent for review."),
    )


@login_required
@require_POST
def need_approve_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="approve",
        form_class=NeedCommentForm,
        moderate=True,
        act=lambda need, data: need_approve(need=need, by=request.user, comment=data["comment"]),
        done=_("Need approved and published."),
    )


@login_required
@require_POST
def need_reject_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="reject",
        form_class=NeedCommentForm,
        moderate=True,
        act=lambda need, data: need_reject(need=need, by=request.user, comment=data["comment"]),
        done=_("Need sent back to draft."),
    )


@login_required
@require_POST
def need_progress_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="progress",
        form_class=NeedProgressForm,
        moderate=False,
        act=lambda need, data: need_met_add(
            need=need,
            by=request.user,
            quantity=data["quantity"] or 0,
            amount=data["amount"] if data["amount"] is not None else Decimal("0"),
        ),
        done=_("Progress recorded."),
    )


@login_required
@require_POST
def need_close_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="close",
        form_class=NeedCommentForm,
        moderate=False,
        act=lambda need, data: need_close(need=need, by=request.user, comment=data["comment"]),
        done=_("Need closed."),
    )


@login_required
@require_POST
def need_cancel_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="cancel",
        form_class=NeedCancelForm,
        moderate=False,
        act=lambda need, data: need_close(need=need, by=request.user, cancel=True, comment=data["comment"]),
        done=_("Need cancelled."),
    )


@login_required
@require_POST
def need_extend_view(request: HttpRequest, need_id: int) -> HttpResponse:
    return _act(
        request,
        need_id,
        name="extend",
        form_class=NeedExtendForm,
        moderate=False,
        act=lambda need, data: need_extend(need=need, by=request.user, due_on=data["due_on"], reason=data["reason"]),
        done=_("Due date moved."),
    )
