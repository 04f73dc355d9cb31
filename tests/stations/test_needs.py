"""Needs through their services: drafts, review, publishing with the personal-data guard, progress, history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import Notification
from common.errors import ApplicationError
from stations import services
from stations.discovery_services import report_submit
from stations.models import Consent, HouseholdMember, Need, StationMembership
from stations.need_services import (
    need_approve,
    need_close,
    need_create,
    need_met_add,
    need_reject,
    need_submit,
    need_update,
)
from stations.selectors import need_count_met, need_share_from_reports, overdue_items_for_user
from tests.factories import (
    StationFactory,
    city_administrator_create,
    household_of_one,
    region_tree,
    station_member_create,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
TODAY = timezone.localdate(NOW)


@pytest.fixture
def world():
    station = StationFactory()
    lead = station_member_create(station, role=StationMembership.Role.LEAD)
    coordinator = station_member_create(station)
    household = household_of_one(station, by=coordinator)
    return {"station": station, "lead": lead, "coordinator": coordinator, "household": household}


def quilts(world, **overrides) -> Need:
    values = {
        "station": world["station"],
        "household": world["household"],
        "kind": Need.Kind.GOODS,
        "category": "winter_supplies",
        "title": "独居老人需要过冬棉被",
        "public_description": "鼓楼社区一位独居老人屋里潮冷，需要厚棉被和电热毯。",
        "quantity": 5,
        "unit": "床",
        "responsible": world["coordinator"],
        "created_by": world["coordinator"],
        "now": NOW,
    }
    return need_create(**{**values, **overrides})


def consent_to_story(world):
    services.consent_record(
        household=world["household"],
        scope=Consent.Scope.PUBLIC_STORY,
        version="2026-1",
        given_by=world["household"].members.get(),
        given_as=Consent.GivenAs.SELF,
        given_on=TODAY,
        recorded_by=world["coordinator"],
    )


class NeedLifecycleTests:
    def test_draft_review_publish_meet_close_with_history(self, world):
        consent_to_story(world)
        need = quilts(world)
        assert (need.status, need.due_on) == (Need.Status.DRAFT, TODAY + timedelta(days=7))
        need_submit(need=need, by=world["coordinator"])
        need = need_approve(need=need, by=world["lead"], comment="可以发布")
        assert need.status == Need.Status.OPEN and need.published_at and need.is_public
        need = need_met_add(need=need, by=world["coordinator"], quantity=3)
        assert (need.status, need.remaining_quantity) == (Need.Status.PARTLY_MET, 2)
        assert need_count_met() == 0
        need = need_met_add(need=need, by=world["coordinator"], quantity=2)
        assert need.status == Need.Status.MET and not need.is_public
        assert need_count_met() == 1
        need = need_close(need=need, by=world["coordinator"])
        assert need_count_met() == 1
        steps = [(event.from_status, event.to_status) for event in need.events.all()]
        assert steps == [
            ("", "draft"),
            ("draft", "in_review"),
            ("in_review", "open"),
            ("open", "partly_met"),
            ("partly_met", "met"),
            ("met", "closed"),
        ]
        assert need.events.get(to_status="open").by == world["lead"]

    @pytest.mark.parametrize(("tier", "days"), [("special_urgent", 0), ("single_department", 7), ("joint", 15)])
    def test_the_tier_sets_the_due_date(self, world, tier, days):
        assert quilts(world, tier=tier).due_on == TODAY + timedelta(days=days)

    def test_a_coordinator_cannot_approve_and_a_rejection_needs_a_comment(self, world):
        consent_to_story(world)
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_reject(need=need, by=world["lead"], comment=" ")
        need = need_reject(need=need, by=world["lead"], comment="请补充需要的尺寸")
        assert need.status == Need.Status.DRAFT and need.review_comment == "请补充需要的尺寸"
        assert need_approve(need=need_submit(need=need, by=world["coordinator"]), by=city_administrator_create())

    def test_another_stations_staff_can_do_nothing(self, world):
        outsider = station_member_create(StationFactory(name="别处驿站"), role=StationMembership.Role.LEAD)
        with pytest.raises(ApplicationError):
            quilts(world, created_by=outsider)
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=outsider)
        with pytest.raises(ApplicationError):
            quilts(world, responsible=outsider)

    def test_bad_shapes_are_refused(self, world):
        with translation.override("en"), pytest.raises(ValidationError) as error:
            quilts(world, kind=Need.Kind.MONEY, quantity=None, amount=None)
        assert "A money need has an amount above zero" in str(error.value)
        with pytest.raises(ValidationError):
            quilts(world, quantity=None)
        assert not Need.objects.exists()


def edit(world, need: Need, **overrides) -> Need:
    """Update the need with its own values, changed by ``overrides``."""
    values = {
        "need": need,
        "by": world["coordinator"],
        "kind": need.kind,
        "category": need.category,
        "title": need.title,
        "public_description": need.public_description,
        "private_notes": need.private_notes,
        "quantity": need.quantity,
        "unit": need.unit,
        "amount": need.amount,
        "tier": need.tier,
        "urgency": need.urgency,
        "responsible": need.responsible,
        "household": need.household,
        "origin_report": need.origin_report,
        "now": NOW,
    }
    return need_update(**{**values, **overrides})


def snapshot(need: Need) -> tuple:
    need = Need.objects.get(pk=need.pk)
    return (
        need.status,
        need.kind,
        need.title,
        need.quantity,
        need.amount,
        need.tier,
        need.due_on,
        need.responsible_id,
        need.household_id,
        need.updated_at,
        need.events.count(),
    )


class NeedUpdateTests:
    def test_a_draft_is_edited_and_the_history_says_who_changed_what(self, world):
        need = quilts(world)
        before = need.updated_at
        need = edit(
            world,
            need,
            by=world["lead"],
            title="独居老人需要两床厚棉被",
            quantity=2,
            private_notes=" 送货前先打电话 ",
            urgency=Need.Urgency.HIGH,
        )
        need.refresh_from_db()
        assert (need.status, need.title, need.quantity, need.urgency) == (
            Need.Status.DRAFT,
            "独居老人需要两床厚棉被",
            2,
            Need.Urgency.HIGH,
        )
        assert need.private_notes == "送货前先打电话"
        assert need.updated_at > before
        edited = need.events.last()
        assert (edited.from_status, edited.to_status, edited.by, edited.at) == ("draft", "draft", world["lead"], NOW)
        assert edited.comment == "edited: title, private_notes, quantity, urgency"

    def test_saving_without_a_change_writes_nothing(self, world):
        need = quilts(world)
        before = snapshot(need)
        edit(world, need, title=f"  {need.title} ", amount=None)
        assert snapshot(need) == before

    def test_a_need_sent_back_is_edited_and_submitted_again(self, world):
        consent_to_story(world)
        need = need_submit(need=quilts(world), by=world["coordinator"])
        need = need_reject(need=need, by=world["lead"], comment="请写明需要几床")
        # The other services here run on the wall clock; so must the edit, for the history's order.
        need = edit(world, need, public_description="屋里潮冷，需要两床厚棉被。", quantity=2, now=None)
        need = need_approve(need=need_submit(need=need, by=world["coordinator"]), by=world["lead"])
        assert (need.status, need.quantity) == (Need.Status.OPEN, 2)
        assert [(event.from_status, event.to_status) for event in need.events.all()] == [
            ("", "draft"),
            ("draft", "in_review"),
            ("in_review", "draft"),
            ("draft", "draft"),
            ("draft", "in_review"),
            ("in_review", "open"),
        ]

    @pytest.mark.parametrize(("tier", "days"), [("special_urgent", 0), ("joint", 15)])
    def test_a_new_tier_counts_its_days_from_the_day_the_need_was_recorded(self, world, tier, days):
        recorded = NOW - timedelta(days=3)
        need = quilts(world, now=recorded)
        Need.objects.filter(pk=need.pk).update(overdue_notified_at=NOW)
        need = edit(world, need, tier=tier)
        need.refresh_from_db()
        assert need.due_on == timezone.localdate(recorded) + timedelta(days=days)
        assert need.overdue_notified_at is None
        assert need.events.last().comment == "edited: tier, due_on"

    def test_keeping_the_tier_keeps_the_due_date(self, world):
        need = quilts(world, tier="joint")
        agreed = TODAY + timedelta(days=4)
        Need.objects.filter(pk=need.pk).update(due_on=agreed)
        need.refresh_from_db()
        need = edit(world, need, title="需要过冬棉被和电热毯")
        need.refresh_from_db()
        assert need.due_on == agreed

    def test_another_household_and_responsible_person_of_the_station(self, world):
        need = quilts(world)
        other = services.household_create(
            station=world["station"],
            region=region_tree()["330302006044"],
            members=[
                services.MemberInput(
                    name="李建国",
                    relation=HouseholdMember.Relation.HEAD,
                    sex=HouseholdMember.Sex.MALE,
                    birth_date=date(1950, 6, 1),
                )
            ],
            created_by=world["coordinator"],
        )
        need = edit(world, need, household=other, responsible=world["lead"])
        need.refresh_from_db()
        assert (need.household, need.responsible) == (other, world["lead"])
        assert need.events.last().comment == "edited: responsible, household"

    @pytest.mark.parametrize("status", [Need.Status.IN_REVIEW, Need.Status.OPEN, Need.Status.CANCELLED])
    def test_only_a_draft_is_edited(self, world, status):
        consent_to_story(world)
        need = quilts(world)
        if status == Need.Status.CANCELLED:
            need = need_close(need=need, by=world["coordinator"], cancel=True, comment="家属已解决")
        else:
            need = need_submit(need=need, by=world["coordinator"])
        if status == Need.Status.OPEN:
            need = need_approve(need=need, by=world["lead"])
        before = snapshot(need)
        with translation.override("en"), pytest.raises(ApplicationError) as error:
            edit(world, need, title="改过的标题", quantity=9)
        label = {"in_review": "in review", "open": "open", "cancelled": "cancelled"}[status]
        assert error.value.message == f"Only a draft can be edited; this need is {label}."
        assert snapshot(need) == before

    def test_a_stale_copy_cannot_edit_a_need_submitted_since(self, world):
        stale = quilts(world)
        need_submit(need=Need.objects.get(pk=stale.pk), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            edit(world, stale, title="改过的标题")
        assert Need.objects.get(pk=stale.pk).title == stale.title

    def test_only_the_stations_staff_and_city_administrators_edit(self, world):
        need = quilts(world)
        outsider = station_member_create(StationFactory(name="别处驿站"), role=StationMembership.Role.LEAD)
        before = snapshot(need)
        with translation.override("en"), pytest.raises(ApplicationError) as error:
            edit(world, need, by=outsider, title="改过的标题")
        assert "Only the station's staff may change its needs." in error.value.message
        assert snapshot(need) == before
        assert edit(world, need, by=city_administrator_create(), title="改过的标题").title == "改过的标题"

    def test_the_creation_rules_hold(self, world):
        need = quilts(world)
        elsewhere = StationFactory(name="别处驿站")
        outsider = station_member_create(elsewhere)
        their_household = services.household_create(
            station=elsewhere,
            region=region_tree()["330302006045"],
            members=[
                services.MemberInput(
                    name="王小明",
                    relation=HouseholdMember.Relation.HEAD,
                    sex=HouseholdMember.Sex.MALE,
                    birth_date=date(1960, 1, 1),
                )
            ],
            created_by=outsider,
        )
        before = snapshot(need)
        with translation.override("en"):
            with pytest.raises(ApplicationError, match="The household is kept by another station."):
                edit(world, need, household=their_household)
            with pytest.raises(ApplicationError, match="The responsible person must work at the station."):
                edit(world, need, responsible=outsider)
            with pytest.raises(ApplicationError, match="Unknown tier."):
                edit(world, need, tier="someday")
            with pytest.raises(ValidationError, match="A money need has an amount above zero"):
                edit(world, need, kind=Need.Kind.MONEY, quantity=None, unit="")
            with pytest.raises(ValidationError, match="A goods need says how many are needed."):
                edit(world, need, quantity=None, unit="")
        assert snapshot(need) == before


class PublishingGuardTests:
    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("陈桂芳奶奶需要棉被", "name"),
            ("桂芳奶奶需要棉被", "name"),
            ("需要棉被，联系13812345678", "phone"),
            ("老人证件号330302194104041234", "id_number"),
        ],
    )
    def test_personal_data_blocks_submitting_and_approving(self, world, text, kind):
        consent_to_story(world)
        need = quilts(world, public_description=text)
        with pytest.raises(ApplicationError) as error:
            need_submit(need=need, by=world["coordinator"])
        assert error.value.extra["findings"] == [kind]
        need.refresh_from_db()
        assert need.status == Need.Status.DRAFT
        # Even if the text changes after submission, approval checks it again.
        Need.objects.filter(pk=need.pk).update(status=Need.Status.IN_REVIEW)
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["lead"])
        assert Need.objects.get(pk=need.pk).published_at is None

    def test_the_message_quotes_the_finding_masked(self, world):
        need = quilts(world, public_description="电话13812345678")
        with translation.override("en"), pytest.raises(ApplicationError) as error:
            need_submit(need=need, by=world["coordinator"])
        assert "138****5678" in error.value.message and "13812345678" not in error.value.message

    def test_no_public_story_without_the_households_consent(self, world):
        need = need_submit(need=quilts(world), by=world["coordinator"])
        with pytest.raises(ApplicationError):
            need_approve(need=need, by=world["lead"])
        consent_to_story(world)
        assert need_approve(need=need, by=world["lead"]).is_public

    def test_a_community_need_without_a_household_can_be_published(self, world):
        need = need_submit(need=quilts(world, household=None), by=world["coordinator"])
        assert need_approve(need=need, by=world["lead"]).is_public


class NeedDeadlineTests:
    def test_an_overdue_need_tells_the_responsible_person_and_the_lead_once(self, world):
        need = quilts(world, tier="special_urgent", now=NOW - timedelta(days=2))
        assert need in overdue_items_for_user(user=world["coordinator"], now=NOW).needs
        result = services.overdue_scan(now=NOW)
        assert result.needs == 1
        told = set(Notification.objects.values_list("user", flat=True))
        assert told == {world["coordinator"].pk, world["lead"].pk}
        assert services.overdue_scan(now=NOW).needs == 0

    def test_the_share_of_needs_that_began_with_a_report(self, world):
        report = report_submit(
            what_was_seen="独居老人", reporter_kind="police", channel="web", region=region_tree()["330302006044"]
        )
        need_submit(need=quilts(world, origin_report=report), by=world["coordinator"])
        need_submit(need=quilts(world), by=world["coordinator"])
        quilts(world)  # a draft that went nowhere is not counted
        share = need_share_from_reports(station=world["station"])
        assert (share.needs, share.from_reports, share.share) == (2, 1, 0.5)
        assert need_share_from_reports(station=StationFactory(name="空驿站")).share is None
        assert Decimal(str(share.share)) == Decimal("0.5")
