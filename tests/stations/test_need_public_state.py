"""What the staff page says of a need's place on the public site, and the report a new need began with."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cms.models import HomePage, NeedIndexPage
from stations import services
from stations.models import LoveStation, Need
from stations.need_services import need_close
from stations.public_links import need_public_url
from stations.public_selectors import need_public_state
from tests.cms.test_need_pages import World
from tests.factories import english

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def world() -> World:
    return World()


class NeedPublicStateTests:
    def test_open_and_approved_is_on_the_site(self, world):
        need = world.need(world.household())
        assert need_public_state(need=need, today=TODAY) == (True, "已在公开网站上显示。")

    def test_draft_withdrawn_consent_closed_station_and_cancelled_say_why_not(self, world):
        household = world.household()
        draft = world.need(household, publish=False)
        shown, why = need_public_state(need=draft, today=TODAY)
        assert not shown and "只有审核通过" in why

        need = world.need(household)
        services.consent_withdraw(consent=household.consents.get(), withdrawn_on=TODAY, recorded_by=world.coordinator)
        shown, why = need_public_state(need=need, today=TODAY)
        assert not shown and "同意" in why
        assert need_public_state(need=need, today=TODAY - timedelta(days=1))[0]

        community = world.need(None, kind=Need.Kind.VOLUNTEER_SERVICE, quantity=None, unit="")
        LoveStation.objects.filter(pk=world.station.pk).update(status=LoveStation.Status.CLOSED)
        community.refresh_from_db()
        shown, why = need_public_state(need=community, today=TODAY)
        assert not shown and "驿站" in why

    def test_cancelled(self, world):
        need = world.need(world.household())
        need_close(need=need, by=world.coordinator, cancel=True, comment="家属已解决")
        need.refresh_from_db()
        assert not need_public_state(need=need, today=TODAY)[0]


class NeedPublicLinkTests:
    def test_link_to_the_public_page_only_with_a_needs_index(self, client, world):
        need = world.need(world.household())
        assert need_public_url(need) == ""
        home = HomePage.objects.get(depth=2)
        index = NeedIndexPage(title="爱心需求", slug="needs")
        home.add_child(instance=index)
        index.save_revision().publish()
        assert need_public_url(need) == f"/needs/{need.reference}/"

    def test_staff_page_shows_the_state_and_the_link(self, client, world):
        from tests.factories import totp_enable

        need = world.need(world.household())
        home = HomePage.objects.get(depth=2)
        index = NeedIndexPage(title="爱心需求", slug="needs")
        home.add_child(instance=index)
        index.save_revision().publish()
        totp_enable(world.coordinator)
        client.force_login(world.coordinator)
        content = client.get(english("staff:need_detail", need_id=need.pk)).content.decode()
        assert "On the public site." in content
        assert f'href="/needs/{need.reference}/"' in content


class NeedBeganWithReportTests:
    def test_a_household_found_through_a_report_prefills_its_first_need(self, client, world):
        from stations.discovery_services import report_submit, report_triage_verified
        from tests.factories import region_tree, totp_enable

        household = world.household()
        report = report_submit(
            what_was_seen="一位独居老人需要帮助。",
            reporter_kind="public",
            channel="web",
            region=region_tree()["330302006044"],
        )
        report_triage_verified(report=report, by=world.coordinator, household=household)
        totp_enable(world.coordinator)
        client.force_login(world.coordinator)
        url = f"/staff/stations/{world.station.pk}/needs/new/?household={household.pk}"
        assert f'value="{report.reference}"' in client.get(url).content.decode()
        # Once a need began with it, the next need does not claim it again.
        world.need(household, publish=False, origin_report=report)
        assert f'value="{report.reference}"' not in client.get(url).content.decode()


class NeedModerationSetTests:
    def test_the_set_of_moderated_needs_agrees_with_can_moderate_need(self):
        from stations.models import StationMembership
        from stations.permissions import can_moderate_need
        from stations.selectors import need_list_for_user, need_list_moderated_by
        from tests.factories import StationFactory, UserFactory, city_administrator_create, station_member_create

        a = World()
        b = World(StationFactory(name="墨池爱心驿站"))
        a.need(a.household(), publish=False)
        b.need(b.household(name="林阿婆"), publish=False)
        both = UserFactory()  # lead at A, coordinator at B
        StationMembership.objects.create(station=a.station, user=both, role=StationMembership.Role.LEAD)
        StationMembership.objects.create(station=b.station, user=both, role=StationMembership.Role.COORDINATOR)
        people = [a.lead, a.coordinator, b.lead, both, city_administrator_create(), UserFactory()]
        people.append(station_member_create(StationFactory(name="七都爱心驿站"), role=StationMembership.Role.LEAD))
        for person in people:
            expected = {need.pk for need in need_list_for_user(user=person) if can_moderate_need(person, need.station)}
            assert set(need_list_moderated_by(user=person).values_list("pk", flat=True)) == expected, person
