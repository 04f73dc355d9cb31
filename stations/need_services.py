"""Every write to needs: drafts recorded and edited, submitted, approved (published) or sent back, met, closed.

Each change of status, and each edit of a draft, is recorded as a NeedEvent with who, when and why (南昌's
first-ask responsibility: every need has a responsible person and a due date set from its tier).
"""

import secrets
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import ApplicationError
from common.privacy import pii_findings
from stations.models import Consent, DiscoveryReport, Household, LoveStation, Need, NeedEvent, StationMembership
from stations.permissions import can_edit_need, can_moderate_need
from stations.services import HOUSEHOLD_REFERENCE_ALPHABET, household_has_consent


def need_due_on(*, tier: str, today: date) -> date:
    """Return the due date a tier gives (same day, a week, two weeks by default; AIXIN_NEED_DUE_DAYS)."""
    return today + timedelta(days=settings.AIXIN_NEED_DUE_DAYS[tier])


def _reference() -> str:
    while True:
        reference = "ND" + "".join(secrets.choice(HOUSEHOLD_REFERENCE_ALPHABET) for _ in range(8))
        if not Need.objects.filter(reference=reference).exists():
            return reference


def _event(need: Need, *, from_status: str, by: User | None, now: datetime, comment: str = "") -> None:
    NeedEvent.objects.create(
        need=need, from_status=from_status, to_status=need.status, by=by, at=now, comment=comment.strip()
    )


def _refuse_wrong_parts(*, station: LoveStation, household: Household | None, responsible: User, tier: str) -> None:
    """Refuse a household of another station, a responsible person from elsewhere, or an unknown tier."""
    if household is not None and household.station_id != station.pk:
        raise ApplicationError(_("The household is kept by another station."))
    if not can_edit_need(responsible, station):
        raise ApplicationError(_("The responsible person must work at the station."))
    if tier not in Need.Tier.values:
        raise ApplicationError(_("Unknown tier."))


@transaction.atomic
def need_create(
    *,
    station: LoveStation,
    kind: str,
    category: str,
    title: str,
    public_description: str,
    responsible: User,
    created_by: User,
    household: Household | None = None,
    origin_report: DiscoveryReport | None = None,
    private_notes: str = "",
    quantity: int | None = None,
    unit: str = "",
    amount: Decimal | None = None,
    tier: str = Need.Tier.SINGLE_DEPARTMENT,
    urgency: int = Need.Urgency.NORMAL,
    now: datetime | None = None,
) -> Need:
    """Record a need as a draft, due by its tier's deadline, with a responsible person of the station."""
    now = now or timezone.now()
    if not can_edit_need(created_by, station):
        raise ApplicationError(_("Only the station's staff may record its needs."))
    _refuse_wrong_parts(station=station, household=household, responsible=responsible, tier=tier)
    need = Need(
        reference=_reference(),
        station=station,
        household=household,
        origin_report=origin_report,
        kind=kind,
        category=category,
        title=title.strip(),
        public_description=public_description.strip(),
        private_notes=private_notes.strip(),
        quantity=quantity,
        unit=unit.strip(),
        amount=amount,
        tier=tier,
        urgency=urgency,
        responsible=responsible,
        due_on=need_due_on(tier=tier, today=timezone.localdate(now)),
        created_by=created_by,
    )
    need.full_clean(exclude=["reference", "private_notes"])
    need.save()
    _event(need, from_status="", by=created_by, now=now)
    return need


# An edit of a draft is recorded in the history as draft → draft, with this word and the changed fields' names.
EDITED_COMMENT = "edited"


def need_refuse_unless_editable(need: Need) -> None:
    """Refuse to change a need that is no longer a draft; one sent back by the moderator is a draft again."""
    if need.status != Need.Status.DRAFT:
        raise ApplicationError(
            _("Only a draft can be edited; this need is %(status)s.") % {"status": need.get_status_display()}
        )


def _recorded_on(need: Need) -> date:
    # The first event carries the clock need_create was given; created_at is the wall clock.
    recorded_at = need.events.filter(from_status="").values_list("at", flat=True).first() or need.created_at
    return timezone.localdate(recorded_at)


@transaction.atomic
def need_update(
    *,
    need: Need,
    by: User,
    kind: str,
    category: str,
    title: str,
    public_description: str,
    responsible: User,
    household: Household | None,
    origin_report: DiscoveryReport | None,
    private_notes: str,
    quantity: int | None,
    unit: str,
    amount: Decimal | None,
    tier: str,
    urgency: int,
    now: datetime | None = None,
) -> Need:
    """Change a draft under the rules of a new need, and record who changed which fields in its history.

    Every field is given, as the edit form shows them all, so that none left out is silently cleared. A new
    tier moves the due date, counted from the day the need was recorded, so that editing cannot restart a
    deadline; a need that keeps its tier keeps its due date. Saving without a change writes nothing.
    """
    now = now or timezone.now()
    need = _locked(need)
    if not can_edit_need(by, need.station):
        raise ApplicationError(_("Only the station's staff may change its needs."))
    need_refuse_unless_editable(need)
    _refuse_wrong_parts(station=need.station, household=household, responsible=responsible, tier=tier)
    values = {
        "kind": kind,
        "category": category,
        "title": title.strip(),
        "public_description": public_description.strip(),
        "private_notes": private_notes.strip(),
        "quantity": quantity,
        "unit": unit.strip(),
        "amount": amount,
        "tier": tier,
        "urgency": urgency,
        "responsible": responsible,
        "household": household,
        "origin_report": origin_report,
    }
    if tier != need.tier:
        values["due_on"] = need_due_on(tier=tier, today=_recorded_on(need))
    changed = [name for name, value in values.items() if _differs(need, name, value)]
    if not changed:
        return need
    for name in changed:
        setattr(need, name, values[name])
    need.full_clean(exclude=["reference", "private_notes"])
    update_fields = [*changed, "updated_at"]
    if "due_on" in changed:
        # The notice was about the old date; the new one earns its own.
        need.overdue_notified_at = None
        update_fields.append("overdue_notified_at")
    need.save(update_fields=update_fields)
    _event(need, from_status=Need.Status.DRAFT, by=by, now=now, comment=f"{EDITED_COMMENT}: {', '.join(changed)}")
    return need


def _differs(need: Need, name: str, value) -> bool:
    field = Need._meta.get_field(name)
    if field.is_relation:
        # Compare ids: reading the related row would cost a query per relation.
        return getattr(need, field.attname) != (value.pk if value is not None else None)
    return getattr(need, name) != value


def need_event_edited_fields(event: NeedEvent) -> list[str] | None:
    """Return the names of the fields an edit changed, or None when the event is a change of status."""
    if event.from_status != event.to_status or not event.comment.startswith(EDITED_COMMENT):
        return None
    names = event.comment.removeprefix(EDITED_COMMENT).lstrip(":")
    return [name.strip() for name in names.split(",") if name.strip()]


def need_public_text_findings(need: Need) -> list:
    """Return the personal data found in the need's public title and description.

    The names looked for are the household's members' and the reporter's, if the need began with a report.
    """
    names = []
    if need.household_id:
        names += list(need.household.members.values_list("name", flat=True))
    if need.origin_report_id and need.origin_report.reporter_name:
        names.append(need.origin_report.reporter_name)
    return pii_findings(f"{need.title}\n{need.public_description}", names=names)


def _refuse_personal_data(need: Need) -> None:
    findings = need_public_text_findings(need)
    if findings:
        kinds = {"phone": _("a phone number"), "id_number": _("an identity number"), "name": _("a name")}
        found = "; ".join(f"{kinds[finding.kind]} ({finding.masked})" for finding in findings)
        raise ApplicationError(
            _("The public text contains %(found)s. Remove it before the need is published.") % {"found": found},
            extra={"findings": [finding.kind for finding in findings]},
        )


def _locked(need: Need) -> Need:
    return Need.objects.select_for_update(of=("self",)).select_related("household", "origin_report").get(pk=need.pk)


@transaction.atomic
def need_submit(*, need: Need, by: User, now: datetime | None = None) -> Need:
    """Send a draft for review; refused while the public text holds personal data."""
    now = now or timezone.now()
    need = _locked(need)
    if not can_edit_need(by, need.station):
        raise ApplicationError(_("Only the station's staff may submit its needs."))
    if need.status != Need.Status.DRAFT:
        raise ApplicationError(
            _("Only a draft can be submitted; this need is %(status)s.") % {"status": need.get_status_display()}
        )
    _refuse_personal_data(need)
    need.status = Need.Status.IN_REVIEW
    need.save(update_fields=["status", "updated_at"])
    _event(need, from_status=Need.Status.DRAFT, by=by, now=now)
    return need


@transaction.atomic
def need_approve(*, need: Need, by: User, comment: str = "", now: datetime | None = None) -> Need:
    """Approve a need in review and publish it; the station lead or a city administrator decides."""
    now = now or timezone.now()
    need = _locked(need)
    if not can_moderate_need(by, need.station):
        raise ApplicationError(_("Only the station lead or a city administrator may approve needs."))
    if need.status != Need.Status.IN_REVIEW:
        raise ApplicationError(_("Only a need in review can be approved."))
    _refuse_personal_data(need)
    if need.household_id and not household_has_consent(
        household=need.household, scope=Consent.Scope.PUBLIC_STORY, on=timezone.localdate(now)
    ):
        raise ApplicationError(
            _("The household has not consented to a public story: record its consent, or help without publishing.")
        )
    need.status = Need.Status.OPEN
    need.published_at = now
    need.review_comment = comment.strip()
    need.save(update_fields=["status", "published_at", "review_comment", "updated_at"])
    _event(need, from_status=Need.Status.IN_REVIEW, by=by, now=now, comment=comment)
    return need


@transaction.atomic
def need_reject(*, need: Need, by: User, comment: str, now: datetime | None = None) -> Need:
    """Send a need in review back to draft, saying what to change."""
    now = now or timezone.now()
    need = _locked(need)
    if not can_moderate_need(by, need.station):
        raise ApplicationError(_("Only the station lead or a city administrator may review needs."))
    if need.status != Need.Status.IN_REVIEW:
        raise ApplicationError(_("Only a need in review can be sent back."))
    if not comment.strip():
        raise ApplicationError(_("Say what should change before the need can be approved."))
    need.status = Need.Status.DRAFT
    need.review_comment = comment.strip()
    need.save(update_fields=["status", "review_comment", "updated_at"])
    _event(need, from_status=Need.Status.IN_REVIEW, by=by, now=now, comment=comment)
    return need


@transaction.atomic
def need_met_add(
    *, need: Need, by: User, quantity: int = 0, amount: Decimal = Decimal("0"), now: datetime | None = None
) -> Need:
    """Count help towards an open need; it becomes partly met, then met."""
    now = now or timezone.now()
    need = _locked(need)
    if not can_edit_need(by, need.station):
        raise ApplicationError(_("Only the station's staff may record help towards its needs."))
    if need.status not in Need.PUBLIC_STATUSES:
        raise ApplicationError(_("Only an open need can be met."))
    if quantity < 0 or amount < 0 or (quantity == 0 and amount == 0):
        raise ApplicationError(_("Say how much of the need was met."))
    previous = need.status
    need.quantity_met += quantity
    need.amount_met += amount
    fully = (need.quantity is None or need.quantity_met >= need.quantity) and (
        need.amount is None or need.amount_met >= need.amount
    )
    need.status = Need.Status.MET if fully else Need.Status.PARTLY_MET
    need.save(update_fields=["quantity_met", "amount_met", "status", "updated_at"])
    if need.status != previous:
        _event(need, from_status=previous, by=by, now=now)
    return need


@transaction.atomic
def need_close(*, need: Need, by: User, cancel: bool = False, comment: str = "", now: datetime | None = None) -> Need:
    """Close a met need, or cancel one that is no longer needed (with a reason)."""
    now = now or timezone.now()
    need = _locked(need)
    if not can_edit_need(by, need.station):
        raise ApplicationError(_("Only the station's staff may close its needs."))
    if need.status in (Need.Status.CLOSED, Need.Status.CANCELLED, Need.Status.EXPIRED):
        raise ApplicationError(_("This need is already %(status)s.") % {"status": need.get_status_display()})
    if cancel and not comment.strip():
        raise ApplicationError(_("Say why the need is cancelled."))
    if not cancel and need.status != Need.Status.MET:
        raise ApplicationError(_("Only a met need is closed; cancel it if it is no longer needed."))
    previous = need.status
    need.status = Need.Status.CANCELLED if cancel else Need.Status.CLOSED
    need.save(update_fields=["status", "updated_at"])
    _event(need, from_status=previous, by=by, now=now, comment=comment)
    return need


# The history's comment holds the old and new dates before the reason, within NeedEvent.comment's 300 characters.
REASON_MAX_LENGTH = 200


@transaction.atomic
def need_extend(*, need: Need, by: User, due_on: date, reason: str, now: datetime | None = None) -> Need:
    """Move an unfinished need's due date later, with the reason; the move is kept in its history.

    The overdue notice is re-armed, so the new date gets its own; an open need past its old date
    stays on the public site instead of expiring.
    """
    now = now or timezone.now()
    need = _locked(need)
    if not can_edit_need(by, need.station):
        raise ApplicationError(_("Only the station's staff may change its needs' due dates."))
    if need.status not in Need.UNFINISHED_STATUSES:
        raise ApplicationError(
            _("Only an unfinished need gets a new due date; this need is %(status)s.")
            % {"status": need.get_status_display()}
        )
    reason = reason.strip()
    if not reason:
        raise ApplicationError(_("Say why the need needs more time."))
    if len(reason) > REASON_MAX_LENGTH:
        raise ApplicationError(_("Say why in at most %(count)s characters.") % {"count": REASON_MAX_LENGTH})
    if due_on <= max(need.due_on, timezone.localdate(now)):
        raise ApplicationError(_("The new due date is later than both today and the current due date."))
    previous = need.due_on
    need.due_on = due_on
    need.overdue_notified_at = None
    need.save(update_fields=["due_on", "overdue_notified_at", "updated_at"])
    _event(
        need,
        from_status=need.status,
        by=by,
        now=now,
        comment=f"{EXTENDED_COMMENT}: {previous.isoformat()} → {due_on.isoformat()}. {reason}",
    )
    return need


EXTENDED_COMMENT = "due date moved"
EXPIRED_COMMENT = "expired"


@transaction.atomic
def needs_expire(*, now: datetime | None = None) -> list[Need]:
    """Expire the open needs left past their due date for AIXIN_NEED_EXPIRE_AFTER_DAYS; tell who answers for them.

    An expired need leaves the public site (a promise kept open for weeks past its date helps no one);
    its station may post it again if help is still needed. Rows another scan holds are skipped.
    """
    from accounts.services import notification_send

    now = now or timezone.now()
    cutoff = timezone.localdate(now) - timedelta(days=settings.AIXIN_NEED_EXPIRE_AFTER_DAYS)
    needs = list(
        Need.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status__in=Need.PUBLIC_STATUSES, due_on__lt=cutoff)
        .select_related("station", "responsible")
    )
    for need in needs:
        previous = need.status
        need.status = Need.Status.EXPIRED
        need.save(update_fields=["status", "updated_at"])
        _event(need, from_status=previous, by=None, now=now, comment=EXPIRED_COMMENT)
        for person in need_answerable_people(need):
            notification_send(
                user=person,
                subject=_("Need %(reference)s has expired") % {"reference": need.reference},
                body=_(
                    "“%(title)s” was due on %(date)s and is no longer on the public site. "
                    "If help is still needed, post it again."
                )
                % {"title": need.title, "date": need.due_on.isoformat()},
                url=f"/staff/needs/{need.pk}/",
            )
    return needs


def need_answerable_people(need: Need) -> set[User]:
    """Return who answers for a need: its responsible person (first-ask responsibility) and the station's leads."""
    return {need.responsible} | {
        membership.user
        for membership in need.station.memberships.select_related("user")
        if membership.role == StationMembership.Role.LEAD and membership.user.is_active
    }
