"""Every write to stations and their memberships."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import city_administrator_list
from common.errors import ApplicationError
from common.identity import id_number_parse
from common.models import Region
from common.privacy import blind_index, mask_id_number
from stations.hardship import HouseholdFacts, MemberFacts, hardship_score, income_circle
from stations.models import (
    AssistanceRecord,
    Consent,
    DiscoveryReport,
    ExpenditureShock,
    HardshipWeights,
    Household,
    HouseholdMember,
    HouseholdTransfer,
    HouseholdWatchedGroup,
    IncomeStandard,
    LoveStation,
    Need,
    StationMembership,
    Visit,
    WatchedGroup,
)
from stations.permissions import (
    can_administer_stations,
    can_edit_hardship_weights,
    can_manage_households,
    can_manage_station_members,
)
from stations.pseudonyms import pseudonym_clashes, pseudonym_pick


@transaction.atomic
def station_create(
    *,
    name: str,
    region: Region,
    address: str,
    latitude: Decimal,
    longitude: Decimal,
    opening_hours: str = "",
    phone: str = "",
    created_by: User | None = None,
) -> LoveStation:
    """Propose a new station; it serves nobody until a city administrator activates it."""
    if created_by is not None and not can_administer_stations(created_by):
        raise ApplicationError(_("Only a city administrator may create stations."))
    station = LoveStation(
        name=name.strip(),
        region=region,
        address=address.strip(),
        latitude=latitude,
        longitude=longitude,
        opening_hours=opening_hours.strip(),
        phone=phone.strip(),
    )
    station.full_clean()
    station.save()
    return station


@transaction.atomic
def station_activate(*, station: LoveStation, activated_by: User, now: datetime | None = None) -> LoveStation:
    """Approve a proposed station; its members are told by email once the change is committed."""
    if not can_administer_stations(activated_by):
        raise ApplicationError(_("Only a city administrator may activate stations."))
    station = LoveStation.objects.select_for_update().get(pk=station.pk)
    if station.status != LoveStation.Status.PROPOSED:
        raise ApplicationError(
            _("Only a proposed station can be activated; this one is %(status)s.")
            % {"status": station.get_status_display()}
        )
    station.status = LoveStation.Status.ACTIVE
    station.activated_at = now or timezone.now()
    station.save(update_fields=["status", "activated_at", "updated_at"])

    from stations.tasks import station_activation_notify

    station_id = station.pk
    transaction.on_commit(lambda: station_activation_notify.delay(station_id))
    return station


@transaction.atomic
def station_close(*, station: LoveStation, closed_by: User, reason: str, now: datetime | None = None) -> LoveStation:
    """Close a station, with the reason recorded."""
    if not can_administer_stations(closed_by):
        raise ApplicationError(_("Only a city administrator may close stations."))
    if not reason.strip():
        raise ApplicationError(_("Give the reason for closing the station."))
    station = LoveStation.objects.select_for_update().get(pk=station.pk)
    if station.status == LoveStation.Status.CLOSED:
        raise ApplicationError(_("The station is already closed."))
    _refuse_closing_with_open_work(station)
    station.status = LoveStation.Status.CLOSED
    station.closed_at = now or timezone.now()
    station.closed_reason = reason.strip()
    station.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    return station


def _refuse_closing_with_open_work(station: LoveStation) -> None:
    """Refuse to close a station that still keeps families, reports or needs: nobody would look after them."""
    households = station.households.filter(status=Household.Status.ACTIVE).count()
    reports = station.discovery_reports.filter(status=DiscoveryReport.Status.NEW).count()
    needs = station.needs.filter(status__in=Need.UNFINISHED_STATUSES).count()
    if households or reports or needs:
        raise ApplicationError(
            _(
                "%(station)s still looks after %(households)s active households, %(reports)s untriaged reports and "
                "%(needs)s unfinished needs: transfer the households, re-route the reports and finish or cancel "
                "the needs first."
            )
            % {"station": station.name, "households": households, "reports": reports, "needs": needs}
        )


@transaction.atomic
def station_member_add(*, station: LoveStation, user: User, role: str, added_by: User | None) -> StationMembership:
    """Make ``user`` a lead or coordinator of ``station``; adding an existing member changes their role."""
    if added_by is not None and not can_manage_station_members(added_by, station):
        raise ApplicationError(_("Only the station lead or a city administrator may change the station's members."))
    if role not in StationMembership.Role.values:
        raise ApplicationError(_("Unknown station role."))
    if not user.is_active:
        raise ApplicationError(_("This account is disabled."))
    membership, created = StationMembership.objects.get_or_create(station=station, user=user, defaults={"role": role})
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def station_member_remove(*, station: LoveStation, user: User, removed_by: User) -> None:
    """Remove a member; a station keeps at least one lead while it is active."""
    if not can_manage_station_members(removed_by, station):
        raise ApplicationError(_("Only the station lead or a city administrator may change the station's members."))
    memberships = StationMembership.objects.select_for_update().filter(station=station)
    membership = memberships.filter(user=user).first()
    if membership is None:
        raise ApplicationError(_("This person is not a member of the station."))
    other_leads = memberships.filter(role=StationMembership.Role.LEAD).exclude(user=user).exists()
    if (
        membership.role == StationMembership.Role.LEAD
        and station.status == LoveStation.Status.ACTIVE
        and not other_leads
    ):
        raise ApplicationError(_("An active station needs a lead: name another lead before removing this one."))
    membership.delete()


# --- Households ------------------------------------------------------------------------------------

HOUSEHOLD_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
ID_NUMBER_INDEX_PURPOSE = "member_id_number"
PHONE_INDEX_PURPOSE = "household_phone"
SHOCK_WINDOW_DAYS = 365
RECENT_HELP_WINDOW_DAYS = 90
DUPLICATE_HELP_WINDOW_DAYS = 30


@dataclass(frozen=True)
class MemberInput:
    name: str
    relation: str
    sex: str
    birth_date: date
    id_number: str = ""
    health: str = HouseholdMember.Health.HEALTHY
    health_notes: str = ""
    disability_grade: int = 0
    schooling: str = HouseholdMember.Schooling.NOT_APPLICABLE
    work: str = HouseholdMember.Work.EMPLOYED


def _household_reference() -> str:
    while True:
        reference = "HH" + "".join(secrets.choice(HOUSEHOLD_REFERENCE_ALPHABET) for _ in range(8))
        if not Household.objects.filter(reference=reference).exists():
            return reference


def _require_household_manager(user: User | None, station: LoveStation) -> None:
    if user is not None and not can_manage_households(user, station):
        raise ApplicationError(_("Only the station's staff may record or change its households."))


@transaction.atomic
def household_create(
    *,
    station: LoveStation,
    region: Region,
    members: list[MemberInput],
    created_by: User | None,
    address_detail: str = "",
    phone: str = "",
    monthly_income_per_person: Decimal | None = None,
    income_assessed_on: date | None = None,
    housing: str = Household.Housing.ADEQUATE,
    official_assistance: str = Household.OfficialAssistance.NONE,
    now: datetime | None = None,
) -> Household:
    """Record a household with its members (the first is the head) and score it."""
    _require_household_manager(created_by, station)
    if not members:
        raise ApplicationError(_("A household has at least one member."))
    if station.status == LoveStation.Status.CLOSED:
        raise ApplicationError(_("A closed station takes no new households."))
    household = Household(
        reference=_household_reference(),
        station=station,
        region=region,
        pseudonym=pseudonym_pick(names=[member.name for member in members]),
        address_detail=address_detail.strip(),
        phone=phone.strip(),
        phone_index=blind_index(normalise_phone(phone), purpose=PHONE_INDEX_PURPOSE) if phone.strip() else "",
        monthly_income_per_person=monthly_income_per_person,
        income_assessed_on=income_assessed_on,
        housing=housing,
        official_assistance=official_assistance,
        created_by=created_by,
    )
    household.full_clean(exclude=["reference", "phone_index", "hardship_parts", "income_circle"])
    household.save()
    for member in members:
        _member_create(household=household, member=member)
    household_score_refresh(household=household, now=now)
    return household


def normalise_phone(phone: str) -> str:
    """Return the digits of a phone number, so that 138-1234-5678 and 13812345678 index alike."""
    return "".join(character for character in phone if character.isdigit())


def _member_create(*, household: Household, member: MemberInput) -> HouseholdMember:
    id_number = ""
    if member.id_number.strip():
        try:
            resident = id_number_parse(member.id_number)
        except ValidationError as error:
            raise ApplicationError(
                _("%(name)s: %(problem)s") % {"name": member.name, "problem": " ".join(error.messages)}
            ) from None
        if resident.birth_date != member.birth_date:
            raise ApplicationError(
                _("%(name)s: the date of birth differs from the one in the identity number (%(date)s).")
                % {"name": member.name, "date": resident.birth_date.isoformat()}
            )
        if resident.sex != member.sex:
            raise ApplicationError(_("%(name)s: the sex differs from the identity number.") % {"name": member.name})
        id_number = resident.number
    id_index = blind_index(id_number, purpose=ID_NUMBER_INDEX_PURPOSE) if id_number else ""
    if id_index:
        existing = HouseholdMember.objects.filter(id_number_index=id_index).select_related("household__station").first()
        if existing is not None:
            raise ApplicationError(
                _("%(number)s is already recorded in household %(reference)s of %(station)s.")
                % {
                    "number": mask_id_number(id_number),
                    "reference": existing.household.reference,
                    "station": existing.household.station.name,
                }
            )
    if not 0 <= member.disability_grade <= 4:
        raise ApplicationError(_("A disability grade is 0 (none) or 1 to 4."))
    record = HouseholdMember(
        household=household,
        name=member.name.strip(),
        relation=member.relation,
        sex=member.sex,
        birth_date=member.birth_date,
        id_number=id_number,
        id_number_index=id_index,
        health=member.health,
        health_notes=member.health_notes.strip(),
        disability_grade=member.disability_grade,
        schooling=member.schooling,
        work=member.work,
    )
    record.full_clean(exclude=["household", "id_number", "id_number_index"])
    record.save()
    return record


@transaction.atomic
def household_member_add(*, household: Household, member: MemberInput, added_by: User | None) -> HouseholdMember:
    """Add a member to a household and score it again."""
    _require_household_manager(added_by, household.station)
    record = _member_create(household=household, member=member)
    if pseudonym_clashes(household.pseudonym, [record.name]):
        # The public pseudonym must never echo a member's name: pick another that fits them all.
        household.pseudonym = pseudonym_pick(names=list(household.members.values_list("name", flat=True)))
        household.save(update_fields=["pseudonym", "updated_at"])
    household_score_refresh(household=household)
    return record


@transaction.atomic
def household_shock_add(
    *, household: Household, kind: str, amount: Decimal, occurred_on: date, note: str = "", added_by: User | None
) -> ExpenditureShock:
    """Record a sudden expense (medical bills, disaster, accident…) and score the household again."""
    _require_household_manager(added_by, household.station)
    if amount <= 0:
        raise ApplicationError(_("An expense is more than zero yuan."))
    shock = ExpenditureShock(household=household, kind=kind, amount=amount, occurred_on=occurred_on, note=note.strip())
    shock.full_clean(exclude=["household"])
    shock.save()
    household_score_refresh(household=household)
    return shock


@transaction.atomic
def household_watched_groups_set(
    *, household: Household, groups: set[str], since: date, changed_by: User | None
) -> None:
    """Make the household's watched groups exactly ``groups``; groups kept keep their start date."""
    _require_household_manager(changed_by, household.station)
    unknown = groups - set(WatchedGroup.values)
    if unknown:
        raise ApplicationError(_("Unknown watched group: %(groups)s.") % {"groups": ", ".join(sorted(unknown))})
    household.watched_groups.exclude(group__in=groups).delete()
    present = set(household.watched_groups.values_list("group", flat=True))
    HouseholdWatchedGroup.objects.bulk_create(
        [HouseholdWatchedGroup(household=household, group=group, since=since) for group in sorted(groups - present)]
    )
    if groups:
        visit_schedule_next(household=household, today=since)
    else:
        # Out of every watched group: no more rounds, and no planned visit left to fall overdue.
        household.visits.filter(done_on__isnull=True).delete()


CONSENT_MINIMUM_AGE = 14


@transaction.atomic
def consent_record(
    *,
    household: Household,
    scope: str,
    version: str,
    given_by: HouseholdMember,
    given_as: str,
    given_on: date,
    recorded_by: User | None,
) -> Consent:
    """Record a consent; a child under 14 cannot consent in person, and a guardian must be an adult."""
    _require_household_manager(recorded_by, household.station)
    if given_by.household_id != household.pk:
        raise ApplicationError(_("Consent is given by a member of the same household."))
    if scope not in Consent.Scope.values or given_as not in Consent.GivenAs.values:
        raise ApplicationError(_("Unknown consent scope or capacity."))
    if given_by.age_on(given_on) < CONSENT_MINIMUM_AGE:
        raise ApplicationError(
            _("%(name)s is under 14: a parent or guardian gives the consent.") % {"name": given_by.name}
        )
    if not version.strip():
        raise ApplicationError(_("Say which version of the consent text was agreed to."))
    consent = Consent.objects.create(
        household=household,
        scope=scope,
        version=version.strip(),
        given_by=given_by,
        given_as=given_as,
        given_on=given_on,
        recorded_by=recorded_by,
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, withdrawn_on: date, recorded_by: User | None) -> Consent:
    """Withdraw a consent from a date; the household's data stops being shared from then on."""
    _require_household_manager(recorded_by, consent.household.station)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on is not None:
        raise ApplicationError(_("This consent was already withdrawn on %(date)s.") % {"date": consent.withdrawn_on})
    if withdrawn_on < consent.given_on:
        raise ApplicationError(_("A consent cannot be withdrawn before it was given."))
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


def household_has_consent(*, household: Household, scope: str, on: date) -> bool:
    """Return whether a consent of ``scope`` is in force for the household on the day."""
    return any(consent.is_in_force(on) for consent in household.consents.filter(scope=scope))


def income_standard_for(*, region: Region, on: date) -> IncomeStandard | None:
    """Return the standard in force for the county of ``region`` on the day, or None if none is set."""
    county_code = region.code[:6]
    return (
        IncomeStandard.objects.filter(county__code=county_code, valid_from__lte=on)
        .select_related("county")
        .order_by("-valid_from")
        .first()
    )


def household_income_circle(*, household: Household, on: date) -> str | None:
    standard = income_standard_for(region=household.region, on=on)
    if standard is None:
        return None
    return income_circle(
        monthly_income_per_person=household.monthly_income_per_person,
        standard=standard.monthly_amount,
        near_dibao_multiplier=standard.near_dibao_multiplier,
        low_income_multiplier=standard.low_income_multiplier,
    )


def hardship_weights_get() -> HardshipWeights:
    weights, _created = HardshipWeights.objects.get_or_create(pk=1)
    return weights


@transaction.atomic
def household_score_refresh(*, household: Household, now: datetime | None = None) -> Household:
    """Compute the household's hardship score from its current facts and store it with its parts."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = list(household.members.all())
    shocks = household.shocks.filter(occurred_on__gt=today - timedelta(days=SHOCK_WINDOW_DAYS)).aggregate(
        total=Sum("amount")
    )["total"] or Decimal("0")
    recent_help = household.assistance_records.filter(
        given_on__gt=today - timedelta(days=RECENT_HELP_WINDOW_DAYS)
    ).aggregate(total=Sum("value"))["total"] or Decimal("0")
    income = household.monthly_income_per_person
    facts = HouseholdFacts(
        circle=household_income_circle(household=household, on=today),
        members=tuple(
            MemberFacts(
                age=member.age_on(today),
                health=member.health,
                disability_grade=member.disability_grade,
                able_to_work=member.work not in (HouseholdMember.Work.UNABLE, HouseholdMember.Work.CHILD),
            )
            for member in members
        ),
        annual_income=income * 12 * len(members) if income is not None and members else None,
        shocks_last_12_months=shocks,
        housing=household.housing,
        help_last_90_days=recent_help,
    )
    score = hardship_score(facts, hardship_weights_get().as_dict())
    household.income_circle = facts.circle or ""
    household.hardship_score = score.total
    household.hardship_parts = score.as_json()
    household.hardship_scored_at = now
    household.save(
        update_fields=["income_circle", "hardship_score", "hardship_parts", "hardship_scored_at", "updated_at"]
    )
    return household


@transaction.atomic
def hardship_weights_update(*, weights: dict[str, int], updated_by: User) -> HardshipWeights:
    """Change the weights and re-score every active household once the change is committed."""
    if not can_edit_hardship_weights(updated_by):
        raise ApplicationError(_("Only a city administrator may change the hardship weights."))
    unknown = set(weights) - set(HardshipWeights.FACTORS)
    if unknown:
        raise ApplicationError(_("Unknown factor: %(factors)s.") % {"factors": ", ".join(sorted(unknown))})
    if any(weight < 0 for weight in weights.values()):
        raise ApplicationError(_("A weight is zero or more."))
    row = HardshipWeights.objects.select_for_update().get_or_create(pk=1)[0]
    for factor, weight in weights.items():
        setattr(row, factor, weight)
    if not any(row.as_dict().values()):
        raise ApplicationError(_("At least one weight must be above zero."))
    row.updated_by = updated_by
    row.save()

    from stations.tasks import households_rescore

    transaction.on_commit(households_rescore.delay)
    return row


def households_rescore_all(*, now: datetime | None = None) -> int:
    """Score every active household again (after a change of weights or standards); return how many."""
    count = 0
    for household in Household.objects.filter(status=Household.Status.ACTIVE).iterator():
        household_score_refresh(household=household, now=now)
        count += 1
    return count


@transaction.atomic
def assistance_record_create(
    *,
    household: Household,
    source: str,
    category: str,
    description: str,
    given_on: date,
    recorded_by: User | None,
    value: Decimal = Decimal("0"),
    quantity: int | None = None,
    source_detail: str = "",
    override_reason: str = "",
) -> AssistanceRecord:
    """Record help given; refuse likely duplicate help unless the recorder says why it is not one."""
    _require_household_manager(recorded_by, household.station)
    if value < 0:
        raise ApplicationError(_("A value is zero or more."))
    duplicates = assistance_duplicates_for(household=household, category=category, on=given_on)
    if duplicates and not override_reason.strip():
        latest = duplicates[0]
        raise ApplicationError(
            _(
                "The household already received %(category)s help on %(date)s (%(source)s). "
                "Say why this is not duplicate help to record it anyway."
            )
            % {
                "category": latest.get_category_display(),
                "date": latest.given_on,
                "source": latest.get_source_display(),
            },
            extra={"duplicates": [record.pk for record in duplicates]},
        )
    record = AssistanceRecord(
        household=household,
        station=household.station,
        source=source,
        source_detail=source_detail.strip(),
        category=category,
        description=description.strip(),
        value=value,
        quantity=quantity,
        given_on=given_on,
        recorded_by=recorded_by,
        duplicate_warning_overridden=bool(duplicates),
        override_reason=override_reason.strip() if duplicates else "",
    )
    record.full_clean(exclude=["household", "station"])
    record.save()
    household_score_refresh(household=household)
    return record


def assistance_duplicates_for(
    *, household: Household, category: str, on: date, window_days: int = DUPLICATE_HELP_WINDOW_DAYS
) -> list[AssistanceRecord]:
    """Return help of the same category to the household, from any source, within the window around ``on``."""
    return list(
        AssistanceRecord.objects.filter(
            household=household,
            category=category,
            given_on__gte=on - timedelta(days=window_days),
            given_on__lte=on + timedelta(days=window_days),
        ).order_by("-given_on", "-pk")
    )


@transaction.atomic
def income_standard_create(
    *,
    county: Region,
    monthly_amount: Decimal,
    valid_from: date,
    created_by: User,
    near_dibao_multiplier: Decimal = Decimal("1.50"),
    low_income_multiplier: Decimal = Decimal("2.00"),
    source: str = "",
) -> IncomeStandard:
    """Set a county's standard from a date; households are scored again once it is committed."""
    if not can_administer_stations(created_by):
        raise ApplicationError(_("Only a city administrator may set income standards."))
    standard = IncomeStandard(
        county=county,
        monthly_amount=monthly_amount,
        valid_from=valid_from,
        near_dibao_multiplier=near_dibao_multiplier,
        low_income_multiplier=low_income_multiplier,
        source=source.strip(),
    )
    standard.full_clean()
    standard.save()

    from stations.tasks import households_rescore

    transaction.on_commit(households_rescore.delay)
    return standard


# --- Visits and overdue items ----------------------------------------------------------------------

FIRST_VISIT_WITHIN_DAYS = 7


def visit_interval_days() -> int:
    return settings.AIXIN_VISIT_INTERVAL_DAYS


def visit_schedule_next(*, household: Household, today: date) -> Visit | None:
    """Plan the household's next visit if it is in a watched group and has none planned; return it."""
    if household.status != Household.Status.ACTIVE or not household.watched_groups.exists():
        return None
    if household.visits.filter(done_on__isnull=True).exists():
        return None
    last = household.visits.filter(done_on__isnull=False).order_by("-done_on").first()
    due_on = (
        last.done_on + timedelta(days=visit_interval_days())
        if last
        else today + timedelta(days=FIRST_VISIT_WITHIN_DAYS)
    )
    return Visit.objects.create(household=household, due_on=due_on)


@transaction.atomic
def visit_record(*, visit: Visit, done_on: date, notes: str, visited_by: User, today: date | None = None) -> Visit:
    """Record that a planned visit took place, and plan the next one."""
    _require_household_manager(visited_by, visit.household.station)
    visit = Visit.objects.select_for_update().select_related("household").get(pk=visit.pk)
    today = today or timezone.localdate()
    if visit.done_on is not None:
        raise ApplicationError(_("This visit was already recorded on %(date)s.") % {"date": visit.done_on})
    if done_on > today:
        raise ApplicationError(_("A visit is recorded after it took place, not before."))
    visit.done_on = done_on
    visit.notes = notes.strip()
    visit.visited_by = visited_by
    visit.save(update_fields=["done_on", "notes", "visited_by"])
    visit_schedule_next(household=visit.household, today=today)
    return visit


def _station_staff(station: LoveStation | None) -> list[User]:
    """Return the people an overdue item of ``station`` is reported to: its lead(s) and coordinators."""
    if station is None:
        return list(city_administrator_list())
    return [membership.user for membership in station.memberships.select_related("user") if membership.user.is_active]


@dataclass(frozen=True)
class OverdueScanResult:
    reports: int
    visits: int
    needs: int = 0
    expired: int = 0


@transaction.atomic
def overdue_scan(*, now: datetime | None = None) -> OverdueScanResult:
    """Tell station staff, once, of every new report past its deadline, visit past its day and need past its date.

    Open needs long past their date expire (``needs_expire``).

    Rows are locked and skipped when another scan holds them, so two workers never notify twice.
    """
    from accounts.services import notification_send
    from stations.models import DiscoveryReport, Need

    now = now or timezone.now()
    today = timezone.localdate(now)
    reports = list(
        DiscoveryReport.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(status=DiscoveryReport.Status.NEW, respond_by__lt=now, overdue_notified_at__isnull=True)
        .select_related("routed_station")
    )
    for report in reports:
        for person in _station_staff(report.routed_station):
            notification_send(
                user=person,
                subject=_("Report %(reference)s is past its response deadline") % {"reference": report.reference},
                body=_("It was due by %(deadline)s. Open it, triage it, or ask a colleague to.")
                % {"deadline": timezone.localtime(report.respond_by).strftime("%Y-%m-%d %H:%M")},
                url=f"/staff/reports/{report.pk}/",
            )
        report.overdue_notified_at = now
        report.save(update_fields=["overdue_notified_at"])
    visits = list(
        Visit.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(done_on__isnull=True, due_on__lt=today, overdue_notified_at__isnull=True)
        .select_related("household__station")
    )
    for visit in visits:
        for person in _station_staff(visit.household.station):
            notification_send(
                user=person,
                subject=_("A visit to household %(reference)s is overdue") % {"reference": visit.household.reference},
                body=_("It was due on %(date)s.") % {"date": visit.due_on.isoformat()},
                url=f"/staff/households/{visit.household_id}/",
            )
        visit.overdue_notified_at = now
        visit.save(update_fields=["overdue_notified_at"])
    needs = list(
        Need.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status__in=Need.UNFINISHED_STATUSES,
            due_on__lt=today,
            overdue_notified_at__isnull=True,
        )
        .select_related("station", "responsible")
    )
    from stations.need_services import need_answerable_people, needs_expire

    for need in needs:
        for person in need_answerable_people(need):
            notification_send(
                user=person,
                subject=_("Need %(reference)s is past its due date") % {"reference": need.reference},
                body=_("“%(title)s” was due on %(date)s.") % {"title": need.title, "date": need.due_on.isoformat()},
                url=f"/staff/needs/{need.pk}/",
            )
        need.overdue_notified_at = now
        need.save(update_fields=["overdue_notified_at"])
    expired = needs_expire(now=now)
    return OverdueScanResult(reports=len(reports), visits=len(visits), needs=len(needs), expired=len(expired))


# --- Transfers -------------------------------------------------------------------------------------


@transaction.atomic
def household_transfer(
    *, household: Household, to_station: LoveStation, reason: str, by: User, now: datetime | None = None
) -> HouseholdTransfer:
    """Move a household and its open needs to another station; both stations' staff are told.

    The moved needs get the receiving station's lead (or, without one, its first coordinator) as
    their responsible person, since a responsible person works at the need's station.
    """
    from accounts.services import notification_send
    from stations.models import Need

    now = now or timezone.now()
    household = Household.objects.select_for_update().select_related("station").get(pk=household.pk)
    from_station = household.station
    _require_household_manager(by, from_station)
    if not reason.strip():
        raise ApplicationError(_("Give the reason for the transfer."))
    if to_station.pk == from_station.pk:
        raise ApplicationError(_("The household is already kept by this station."))
    if to_station.status != LoveStation.Status.ACTIVE:
        raise ApplicationError(_("Households go only to an active station."))
    receiving_staff = list(
        to_station.memberships.filter(user__is_active=True).select_related("user").order_by("role", "created_at")
    )
    if not receiving_staff:
        raise ApplicationError(_("%(station)s has no staff yet to take the household.") % {"station": to_station.name})
    new_responsible = next(
        (membership.user for membership in receiving_staff if membership.role == StationMembership.Role.LEAD),
        receiving_staff[0].user,
    )
    moved = household.needs.filter(status__in=Need.UNFINISHED_STATUSES).update(
        station=to_station, responsible=new_responsible
    )
    household.station = to_station
    household.save(update_fields=["station", "updated_at"])
    transfer = HouseholdTransfer.objects.create(
        household=household,
        from_station=from_station,
        to_station=to_station,
        reason=reason.strip(),
        needs_moved=moved,
        transferred_by=by,
        at=now,
    )
    people = {membership.user for membership in from_station.memberships.select_related("user")}
    people.update(membership.user for membership in receiving_staff)
    for person in people:
        if person.is_active:
            notification_send(
                user=person,
                subject=_("Household %(reference)s moved from %(from)s to %(to)s")
                % {"reference": household.reference, "from": from_station.name, "to": to_station.name},
                body=_("Reason: %(reason)s. Open needs moved with it: %(count)s.")
                % {"reason": transfer.reason, "count": moved},
                url=f"/staff/households/{household.pk}/",
            )
    return transfer
