"""The household workbench: the ranked list, a household's page, and the forms that change it.

Thin views: authorise (``household_get_for_user`` answers 404 for another station's household,
``can_manage_households`` 403 for a change the user may not make), validate a form, call one
service, redirect. Every rendering of a household's page is written to the access log; showing
the full phone, address, identity numbers and health notes needs a reason and is logged per record.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from common.errors import ApplicationError
from common.models import AccessLog
from common.privacy import mask_id_number, mask_name, mask_phone
from common.services import access_log_record
from stations import services
from stations.hardship import IncomeCircle
from stations.household_forms import (
    AssistanceForm,
    ConsentForm,
    ConsentWithdrawForm,
    HouseholdForm,
    MemberForm,
    RankingCriteriaForm,
    ShockForm,
    TransferForm,
    UnmaskForm,
    WatchedGroupsForm,
)
from stations.models import (
    AssistanceRecord,
    HardshipWeights,
    Household,
    HouseholdMember,
    LoveStation,
)
from stations.permissions import can_list_households, can_manage_households, can_unmask_household
from stations.selectors import (
    RankingCriteria,
    household_get_for_user,
    household_ranked_list,
    station_get_for_user,
)

HOUSEHOLDS_PER_PAGE = 30
HOUSEHOLD_UNMASKED_FIELDS = ("phone", "address_detail")
MEMBER_UNMASKED_FIELDS = ("id_number", "health_notes")


# --- Reads shaped for these pages ------------------------------------------------------------------


def household_ranked_page_list(*, user: User, criteria: RankingCriteria) -> QuerySet[Household]:
    """Return the ranked list with the members and watched groups each row shows, in a fixed number of queries."""
    return household_ranked_list(user=user, criteria=criteria).prefetch_related("members", "watched_groups")


def _require_household_lists(user: User) -> None:
    # Households are kept by stations: their members and the city administrators read the lists.
    if not can_list_households(user):
        raise PermissionDenied(_("Household lists are for station staff and city administrators."))


def _require_manager(user: User, station: LoveStation) -> None:
    if not can_manage_households(user, station):
        raise PermissionDenied(_("Only the station's staff may record or change its households."))


def _household_for_change(request: HttpRequest, household_id: int) -> Household:
    household = household_get_for_user(user=request.user, household_id=household_id)
    _require_manager(request.user, household.station)
    return household


def _head_of(members: list[HouseholdMember]) -> HouseholdMember | None:
    for member in members:
        if member.relation == HouseholdMember.Relation.HEAD:
            return member
    return members[0] if members else None


def _circle_label(circle: str) -> str:
    return IncomeCircle(circle).label if circle in IncomeCircle.values else _("not yet assessed")


# --- The ranked list ----------------------------------------------------------------------------


@login_required
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    """The user's households, hardest first, narrowed by the criteria; wrong criteria are explained, not applied."""
    _require_household_lists(request.user)
    form = RankingCriteriaForm(request.GET or None)
    criteria = form.criteria() if form.is_bound and form.is_valid() else RankingCriteria()
    households = household_ranked_page_list(user=request.user, criteria=criteria)
    page = Paginator(households, HOUSEHOLDS_PER_PAGE).get_page(request.GET.get("page"))
    rows = []
    for household in page.object_list:
        head = _head_of(list(household.members.all()))
        rows.append(
            {
                "household": household,
                "head_name": mask_name(head.name) if head else "—",
                "circle": _circle_label(household.income_circle),
                "groups": [group.get_group_display() for group in household.watched_groups.all()],
            }
        )
    query = request.GET.copy()
    query.pop("page", None)
    stations = LoveStation.objects.filter(
        memberships__user=request.user, status__in=[LoveStation.Status.ACTIVE, LoveStation.Status.PROPOSED]
    ).order_by("name")
    return render(
        request,
        "stations/households/household_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "filter_query": query.urlencode(),
            "stations_to_record_at": stations,
        },
    )


# --- A household's page -------------------------------------------------------------------------


@dataclass(frozen=True)
class ScorePartLine:
    label: str
    explanation: str
    points: float
    weight: int


def _score_part_explanation(factor: str, detail: dict) -> str:
    if factor == "income":
        return _circle_label(detail.get("circle") or "")
    if factor == "dependants":
        members = detail.get("members", 0)
        return ngettext(
            "%(dependants)s of %(members)s member is a child, elderly or unable to work",
            "%(dependants)s of %(members)s members are children, elderly or unable to work",
            members,
        ) % {"dependants": detail.get("dependants", 0), "members": members}
    if factor == "illness":
        count = detail.get("ill_members", 0)
        return ngettext("%(count)s member ill", "%(count)s members ill", count) % {"count": count}
    if factor == "disability":
        count = detail.get("disabled_members", 0)
        return ngettext(
            "%(count)s member with a certified disability", "%(count)s members with a certified disability", count
        ) % {"count": count}
    if factor == "shocks":
        return _("%(amount)s yuan of sudden expenses in the last 12 months") % {
            "amount": detail.get("shocks_12_months", "0")
        }
    if factor == "housing":
        housing = detail.get("housing", "")
        return Household.Housing(housing).label if housing in Household.Housing.values else housing
    if factor == "recent_help":
        return _("%(amount)s yuan of help in the last 90 days") % {"amount": detail.get("help_90_days", "0")}
    return ""


def hardship_parts_explained(household: Household) -> list[ScorePartLine]:
    """Return each part of the household's score in words, in the order the score lists them."""
    labels = {factor: HardshipWeights._meta.get_field(factor).verbose_name for factor in HardshipWeights.FACTORS}
    return [
        ScorePartLine(
            label=str(labels.get(part["factor"], part["factor"])).capitalize(),
            explanation=_score_part_explanation(part["factor"], part.get("detail") or {}),
            points=part["points"],
            weight=part["weight"],
        )
        for part in household.hardship_parts
    ]


@dataclass(frozen=True)
class MemberLine:
    member: HouseholdMember
    name: str
    id_number: str
    age: int
    health_notes: str | None


def _member_lines(members: list[HouseholdMember], *, unmasked: bool, today) -> list[MemberLine]:
    return [
        MemberLine(
            member=member,
            name=member.name if unmasked else mask_name(member.name),
            id_number=(member.id_number if unmasked else mask_id_number(member.id_number)) if member.id_number else "",
            age=member.age_on(today),
            health_notes=member.health_notes if unmasked else None,
        )
        for member in members
    ]


def _render_detail(
    request: HttpRequest,
    household: Household,
    *,
    status: int = 200,
    unmasked: bool = False,
    duplicates: list[AssistanceRecord] | None = None,
    **forms,
) -> HttpResponse:
    """Render the household's page with the given forms (the others fresh), and log that it was seen."""
    if not unmasked:
        # Showing the unmasked page is logged field by field in ``household_unmask``.
        access_log_record(user=request.user, record=household, action=AccessLog.Action.VIEW)
    today = timezone.localdate()
    members = list(household.members.all())
    watched = {row.group for row in household.watched_groups.all()}
    phone = household.phone
    context = {
        "household": household,
        "unmasked": unmasked,
        "phone": (phone if unmasked else mask_phone(phone)) if phone else "",
        "address": (household.address_detail if unmasked else "***") if household.address_detail else "",
        "circle": _circle_label(household.income_circle),
        "members": _member_lines(members, unmasked=unmasked, today=today),
        "score_parts": hardship_parts_explained(household),
        "shocks": list(household.shocks.all()),
        "watched_groups": list(household.watched_groups.all()),
        "consents": list(household.consents.all()),
        "help": list(household.assistance_records.select_related("recorded_by")),
        "duplicates": duplicates or [],
        "can_manage": can_manage_households(request.user, household.station),
        "unmask_form": forms.get("unmask_form") or UnmaskForm(),
        "member_form": forms.get("member_form") or MemberForm(prefix="member"),
        "shock_form": forms.get("shock_form") or ShockForm(prefix="shock"),
        "groups_form": forms.get("groups_form")
        or WatchedGroupsForm(prefix="groups", initial={"groups": sorted(watched)}),
        "consent_form": forms.get("consent_form") or ConsentForm(prefix="consent", household=household),
        "withdraw_form": forms.get("withdraw_form") or ConsentWithdrawForm(prefix="withdraw"),
        "withdraw_errors_for": forms.get("withdraw_errors_for"),
        "help_form": forms.get("help_form") or AssistanceForm(prefix="help"),
        "transfer_form": forms.get("transfer_form") or TransferForm(prefix="transfer", household=household),
    }
    member_names = {member.pk: mask_name(member.name) if not unmasked else member.name for member in members}
    context["consent_rows"] = [
        {"consent": consent, "given_by": member_names.get(consent.given_by_id, "—")} for consent in context["consents"]
    ]
    return render(request, "stations/households/household_detail.html", context, status=status)


@login_required
@require_GET
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    """A household's record, masked; every look is written to the access log."""
    household = household_get_for_user(user=request.user, household_id=household_id)
    return _render_detail(request, household)


@login_required
@require_POST
def household_unmask(request: HttpRequest, household_id: int) -> HttpResponse:
    """Show the full phone, address, identity numbers and health notes for this response only, with a reason."""
    household = household_get_for_user(user=request.user, household_id=household_id)
    if not can_unmask_household(request.user, household):
        raise PermissionDenied(_("Only the station's staff may see a household's full details."))
    form = UnmaskForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, household, status=400, unmask_form=form)
    reason = form.cleaned_data["reason"]
    fields = [field for field in HOUSEHOLD_UNMASKED_FIELDS if getattr(household, field)]
    if fields:
        access_log_record(
            user=request.user, record=household, action=AccessLog.Action.UNMASK, fields=fields, reason=reason
        )
    for member in household.members.all():
        member_fields = [field for field in MEMBER_UNMASKED_FIELDS if getattr(member, field)]
        if member_fields:
            access_log_record(
                user=request.user, record=member, action=AccessLog.Action.UNMASK, fields=member_fields, reason=reason
            )
    return _render_detail(request, household, unmasked=True)


# --- Recording a household ----------------------------------------------------------------------


@login_required
def household_create(request: HttpRequest, station_id: int) -> HttpResponse:
    """Record a household and its head at a station; a refusal is shown on the form with everything kept."""
    station = station_get_for_user(user=request.user, station_id=station_id)
    _require_manager(request.user, station)
    data = request.POST if request.method == "POST" else None
    form = HouseholdForm(data, station=station)
    head_form = MemberForm(data, prefix="head", with_relation=False)
    if request.method == "POST" and form.is_valid() and head_form.is_valid():
        try:
            household = services.household_create(
                station=station,
                region=form.cleaned_data["village"],
                members=[head_form.member_input(relation=HouseholdMember.Relation.HEAD)],
                created_by=request.user,
                address_detail=form.cleaned_data["address_detail"],
                phone=form.cleaned_data["phone"],
                monthly_income_per_person=form.cleaned_data["monthly_income_per_person"],
                income_assessed_on=form.cleaned_data["income_assessed_on"],
                housing=form.cleaned_data["housing"],
                official_assistance=form.cleaned_data["official_assistance"],
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Household %(reference)s recorded.") % {"reference": household.reference})
            return redirect("staff:household_detail", household_id=household.pk)
    return render(
        request,
        "stations/households/household_form.html",
        {"station": station, "form": form, "head_form": head_form},
        status=400 if request.method == "POST" else 200,
    )


# --- The small forms on a household's page ---------------------------------------------------------


def _back(household: Household, anchor: str) -> HttpResponse:
    response = redirect("staff:household_detail", household_id=household.pk)
    response["Location"] += f"#{anchor}"
    return response


def _refusal(form, error: ApplicationError | ValidationError) -> None:
    form.add_error(None, error.message if isinstance(error, ApplicationError) else " ".join(error.messages))


def _change(request: HttpRequest, household: Household, form, *, name: str, anchor: str, act, done: str, **extra):
    """Validate the form, run ``act`` (a service call), and go back to the household's section with ``done``;
    otherwise show the page again (400) with the form, what was typed, and the reason."""
    if form.is_valid():
        try:
            act()
        except (ApplicationError, ValidationError) as error:
            _refusal(form, error)
        else:
            messages.success(request, done)
            return _back(household, anchor)
    return _render_detail(request, household, status=400, **{f"{name}_form": form}, **extra)


@login_required
@require_POST
def household_member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_change(request, household_id)
    form = MemberForm(request.POST, prefix="member")
    return _change(
        request,
        household,
        form,
        name="member",
        anchor="members",
        act=lambda: services.household_member_add(
            household=household, member=form.member_input(), added_by=request.user
        ),
        done=_("Member added; the hardship score was updated."),
    )


@login_required
@require_POST
def household_shock_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_change(request, household_id)
    form = ShockForm(request.POST, prefix="shock")
    return _change(
        request,
        household,
        form,
        name="shock",
        anchor="shocks",
        act=lambda: services.household_shock_add(household=household, added_by=request.user, **form.cleaned_data),
        done=_("Expense recorded; the hardship score was updated."),
    )


@login_required
@require_POST
def household_watched_groups_set(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_change(request, household_id)
    form = WatchedGroupsForm(request.POST, prefix="groups")
    return _change(
        request,
        household,
        form,
        name="groups",
        anchor="watched-groups",
        act=lambda: services.household_watched_groups_set(
            household=household,
            groups=set(form.cleaned_data["groups"]),
            since=timezone.localdate(),
            changed_by=request.user,
        ),
        done=_("Watched groups saved."),
    )


@login_required
@require_POST
def household_consent_record(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _household_for_change(request, household_id)
    form = ConsentForm(request.POST, prefix="consent", household=household)
    return _change(
        request,
        household,
        form,
        name="consent",
        anchor="consents",
        act=lambda: services.consent_record(household=household, recorded_by=request.user, **form.cleaned_data),
        done=_("Consent recorded."),
    )


@login_required
@require_POST
def household_consent_withdraw(request: HttpRequest, household_id: int, consent_id: int) -> HttpResponse:
    household = _household_for_change(request, household_id)
    consent = get_object_or_404(household.consents.all(), pk=consent_id)
    form = ConsentWithdrawForm(request.POST, prefix="withdraw")
    return _change(
        request,
        household,
        form,
        name="withdraw",
        anchor="consents",
        act=lambda: services.consent_withdraw(
            consent=consent, withdrawn_on=form.cleaned_data["withdrawn_on"], recorded_by=request.user
        ),
        done=_("Consent withdrawn."),
        withdraw_errors_for=consent.pk,
    )


@login_required
@require_POST
def household_assistance_record(request: HttpRequest, household_id: int) -> HttpResponse:
    """Record help given; a likely duplicate brings the form back with the earlier help and a reason to give."""
    household = _household_for_change(request, household_id)
    asked = "help-override_reason" in request.POST
    form = AssistanceForm(request.POST, prefix="help", ask_reason=asked)
    duplicates: list[AssistanceRecord] = []
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.assistance_record_create(
                household=household,
                source=data["source"],
                source_detail=data["source_detail"],
                category=data["category"],
                description=data["description"],
                value=data["value"] if data["value"] is not None else Decimal("0"),
                quantity=data["quantity"],
                given_on=data["given_on"],
                override_reason=data.get("override_reason", ""),
                recorded_by=request.user,
            )
        except (ApplicationError, ValidationError) as error:
            duplicate_ids = error.extra.get("duplicates", []) if isinstance(error, ApplicationError) else []
            if duplicate_ids:
                duplicates = list(household.assistance_records.filter(pk__in=duplicate_ids))
                # Ask for the reason in the same form, keeping what was typed.
                form = AssistanceForm(request.POST, prefix="help", ask_reason=True)
                form.is_valid()
            _refusal(form, error)
        else:
            messages.success(request, _("Help recorded; the hardship score was updated."))
            return _back(household, "help")
    return _render_detail(request, household, status=400, help_form=form, duplicates=duplicates)


@login_required
@require_POST
def household_transfer(request: HttpRequest, household_id: int) -> HttpResponse:
    """Move the household and its open needs to another station; the sending staff then no longer see it."""
    household = _household_for_change(request, household_id)
    form = TransferForm(request.POST, prefix="transfer", household=household)
    if form.is_valid():
        try:
            transfer = services.household_transfer(
                household=household,
                to_station=form.cleaned_data["to_station"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Household %(reference)s moved to %(station)s with %(count)s open needs; both stations were told.")
                % {
                    "reference": household.reference,
                    "station": transfer.to_station.name,
                    "count": transfer.needs_moved,
                },
            )
            return redirect("staff:household_list")
    return _render_detail(request, household, status=400, transfer_form=form)
