"""Needs past their date: more time given with a reason, or expiry from the public site, with an injected clock."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone, translation

from accounts.models import Notification
from common.errors import ApplicationError
from stations.models import Need, NeedEvent
from stations.need_services import need_extend, needs_expire
from stations.public_selectors import need_list_public
from stations.services import overdue_scan
from tests.cms.test_need_pages import World
from tests.factories import StationFactory, english, station_member_create, totp_enable

pytestmark = pytest.mark.django_db


def at(day) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10))


@pytest.fixture
def world() -> World:
    return World()


class NeedExpiryTests:
    def test_an_open_need_expires_thirty_days_past_its_date_and_leaves_the_site(self, world, settings):
        settings.AIXIN_NEED_EXPIRE_AFTER_DAYS = 30
        need = world.need(world.household())
        draft = world.need(world.household(name="林阿婆"), publish=False)
        day_31 = need.due_on + timedelta(days=31)

        assert needs_expire(now=at(need.due_on + timedelta(days=30))) == []
        result = overdue_scan(now=at(day_31))
        assert result.expired == 1
        need.refresh_from_db()
        draft.refresh_from_db()
        assert need.status == Need.Status.EXPIRED
        assert draft.status == Need.Status.DRAFT  # staff still work on drafts; only published promises expire
        event = need.events.last()
        assert (event.from_status, event.to_status, event.by) == (Need.Status.OPEN, Need.Status.EXPIRED, None)
        assert list(need_list_public(today=day_31)) == []
        told = set(Notification.objects.filter(subject__contains=need.reference).values_list("user", flat=True))
        assert {world.coordinator.pk, world.lead.pk} <= told
        # A second scan finds nothing more to do.
        assert overdue_scan(now=at(day_31)).expired == 0

    def test_the_longest_reason_fits_the_history(self, world):
        need = world.need(world.household())
        need_extend(need=need, by=world.coordinator, due_on=need.due_on + timedelta(days=365), reason="很" * 200)
        assert NeedEvent.objects.filter(need=need).last().comment.endswith("很" * 200)

    def test_more_time_keeps_it_open(self, world):
        need = world.need(world.household())
        later = need.due_on + timedelta(days=20)
        need_extend(need=need, by=world.coordinator, due_on=later, reason="等待企业捐赠的棉被到货")
        need.refresh_from_db()
        assert need.due_on == later and need.overdue_notified_at is None
        assert needs_expire(now=at(need.due_on + timedelta(days=25))) == []
        assert "等待企业捐赠的棉被到货" in NeedEvent.objects.filter(need=need).last().comment

    @pytest.mark.parametrize(
        ("days", "reason", "message"),
        [
            (0, "理由", "later than both today"),
            (-3, "理由", "later than both today"),
            (10, "  ", "Say why"),
            (10, "很" * 201, "at most 200"),
        ],
    )
    def test_refusals_change_nothing(self, world, days, reason, message):
        need = world.need(world.household())
        before = (need.due_on, need.events.count())
        with translation.override("en"), pytest.raises(ApplicationError, match=message):
            need_extend(need=need, by=world.coordinator, due_on=need.due_on + timedelta(days=days), reason=reason)
        need.refresh_from_db()
        assert (need.due_on, need.events.count()) == before

    def test_another_station_and_finished_needs_are_refused(self, world):
        need = world.need(world.household())
        other = World(StationFactory(name="墨池爱心驿站"))
        with pytest.raises(ApplicationError):
            need_extend(need=need, by=other.coordinator, due_on=need.due_on + timedelta(days=5), reason="理由")
        Need.objects.filter(pk=need.pk).update(status=Need.Status.CLOSED)
        with pytest.raises(ApplicationError):
            need_extend(need=need, by=world.coordinator, due_on=need.due_on + timedelta(days=5), reason="理由")


class NeedExtendViewTests:
    def url(self, need) -> str:
        return english("staff:need_extend", need_id=need.pk)

    def test_form_moves_the_date_and_the_history_says_so(self, client, world):
        need = world.need(world.household())
        totp_enable(world.coordinator)
        client.force_login(world.coordinator)
        later = need.due_on + timedelta(days=10)
        response = client.post(self.url(need), {"extend-due_on": later.isoformat(), "extend-reason": "等物资到货"})
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.due_on == later
        page = client.get(english("staff:need_detail", need_id=need.pk)).content.decode()
        assert f"Due date moved: {(later - timedelta(days=10)).isoformat()} → {later.isoformat()}. 等物资到货" in page

    def test_bad_input_is_shown_and_kept(self, client, world):
        need = world.need(world.household())
        totp_enable(world.coordinator)
        client.force_login(world.coordinator)
        response = client.post(
            self.url(need), {"extend-due_on": need.due_on.isoformat(), "extend-reason": "等物资到货"}
        )
        assert response.status_code == 400
        content = response.content.decode()
        assert "later than both today and the current due date" in content
        assert "等物资到货" in content

    def test_another_stations_coordinator_gets_404_and_anonymous_is_sent_to_sign_in(self, client, world):
        need = world.need(world.household())
        stranger = station_member_create(StationFactory(name="墨池爱心驿站"))
        totp_enable(stranger)
        client.force_login(stranger)
        later = (need.due_on + timedelta(days=10)).isoformat()
        assert client.post(self.url(need), {"extend-due_on": later, "extend-reason": "x"}).status_code == 404
        client.logout()
        response = client.post(self.url(need), {"extend-due_on": later, "extend-reason": "x"})
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        need.refresh_from_db()
        assert need.due_on != later
