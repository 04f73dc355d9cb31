"""The needs workbench through its pages: who may do what, refusals shown on the page, the life of a need.

The views answer 404 for a need or station the user may not see (``need_get_for_user``,
``station_get_for_user``), so that ids leak nothing; the list, which names no record, answers 403
to a signed-in user who is neither station staff nor a city administrator.
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stations import services
from stations.models import Consent, Need, StationMembership
from stations.need_services import need_create, need_submit
from tests.factories import (
    StationFactory,
    UserFactory,
    city_administrator_create,
    english,
    household_of_one,
    region_tree,
    station_member_create,
    totp_enable,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PHONE = "13812345678"
NEED_LINK = re.compile(r'href="/staff/needs/\d+/"')


@pytest.fixture
def world():
    regions = region_tree()
    station_a = StationFactory(name="鼓楼爱心驿站")
    station_b = StationFactory(name="墨池爱心驿站", region=regions["330302006045"])
    users = {
        "anonymous": None,
        "no_role": UserFactory(),
        "coordinator_a": station_member_create(station_a),
        "lead_a": station_member_create(station_a, role=StationMembership.Role.LEAD),
        "coordinator_b": station_member_create(station_b),
        "city_administrator": city_administrator_create(),
    }
    for key in ("coordinator_a", "lead_a", "coordinator_b", "city_administrator"):
        totp_enable(users[key])
    household = household_of_one(station_a, by=users["coordinator_a"])
    return {"a": station_a, "b": station_b, "users": users, "household": household}


def sign_in(client, world, role: str):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return user


def quilts(world, **overrides) -> Need:
    values = {
        "station": world["a"],
        "household": world["household"],
        "kind": Need.Kind.GOODS,
        "category": "winter_supplies",
        "title": "独居老人需要过冬棉被",
        "public_description": "鼓楼社区一位独居老人屋里潮冷，需要厚棉被和电热毯。",
        "quantity": 5,
        "unit": "床",
        "responsible": world["users"]["coordinator_a"],
        "created_by": world["users"]["coordinator_a"],
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
        recorded_by=world["users"]["coordinator_a"],
    )


def create_data(world, **overrides) -> dict:
    values = {
        "kind": Need.Kind.GOODS,
        "category": "winter_supplies",
        "title": "独居老人需要过冬棉被",
        "public_description": "屋里潮冷，需要厚棉被。",
        "private_notes": "老人左腿不便，送货请上楼",
        "quantity": "5",
        "unit": "床",
        "amount": "",
        "tier": Need.Tier.SINGLE_DEPARTMENT,
        "urgency": str(Need.Urgency.HIGH),
        "responsible": str(world["users"]["coordinator_a"].pk),
        "household_reference": world["household"].reference,
        "origin_report_reference": "",
    }
    return {**values, **overrides}


# --- Who may do what -------------------------------------------------------------------------------

ROLES = ["anonymous", "no_role", "coordinator_a", "lead_a", "coordinator_b", "city_administrator"]
PAGES = [
    ("staff:need_list", False, {"no_role": 403, "coordinator_a": 200, "lead_a": 200, "coordinator_b": 200}),
    ("staff:need_review_queue", False, {"no_role": 403, "coordinator_a": 200, "lead_a": 200, "coordinator_b": 200}),
    ("staff:need_detail", True, {"no_role": 404, "coordinator_a": 200, "lead_a": 200, "coordinator_b": 404}),
    ("staff:need_edit", True, {"no_role": 404, "coordinator_a": 200, "lead_a": 200, "coordinator_b": 404}),
]
PAGE_CASES = [
    pytest.param(name, with_need, role, expected.get(role, 200), id=f"{name}-{role}")
    for name, with_need, expected in PAGES
    for role in ROLES
]


class NeedPermissionMatrixTests:
    @pytest.mark.parametrize(("name", "with_need", "role", "expected"), PAGE_CASES)
    def test_each_role_gets_what_it_may(self, client, world, name, with_need, role, expected):
        need = quilts(world)
        sign_in(client, world, role)
        response = client.get(reverse(name, kwargs={"need_id": need.pk} if with_need else {}))
        if role == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == expected

    @pytest.mark.parametrize("role", ["no_role", "coordinator_b"])
    def test_the_new_need_form_of_another_station_is_not_found(self, client, world, role):
        sign_in(client, world, role)
        url = reverse("staff:need_create", kwargs={"station_id": world["a"].pk})
        assert client.get(url).status_code == 404
        assert client.post(url, create_data(world)).status_code == 404
        assert not Need.objects.exists()

    @pytest.mark.parametrize(
        ("action", "status", "data"),
        [
            ("staff:need_submit", Need.Status.DRAFT, {}),
            ("staff:need_cancel", Need.Status.DRAFT, {"cancel-comment": "不再需要"}),
            ("staff:need_approve", Need.Status.IN_REVIEW, {"approve-comment": "好"}),
            ("staff:need_reject", Need.Status.IN_REVIEW, {"reject-comment": "改"}),
            ("staff:need_edit", Need.Status.DRAFT, "edit"),
        ],
    )
    def test_another_stations_coordinator_changes_nothing(self, client, world, action, status, data):
        consent_to_story(world)
        need = quilts(world)
        if data == "edit":
            data = create_data(world, title="别的驿站改的标题")
        if status == Need.Status.IN_REVIEW:
            need = need_submit(need=need, by=world["users"]["coordinator_a"])
        sign_in(client, world, "coordinator_b")
        assert client.get(reverse("staff:need_detail", kwargs={"need_id": need.pk})).status_code == 404
        assert client.post(reverse(action, kwargs={"need_id": need.pk}), data).status_code == 404
        need.refresh_from_db()
        assert need.status == status
        assert need.title == "独居老人需要过冬棉被"
        assert need.events.count() == (2 if status == Need.Status.IN_REVIEW else 1)

    def test_anonymous_is_sent_to_sign_in_and_changes_nothing(self, client, world):
        need = quilts(world)
        url = reverse("staff:need_edit", kwargs={"need_id": need.pk})
        for response in (client.get(url), client.post(url, create_data(world, title="匿名改的标题"))):
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        need.refresh_from_db()
        assert need.title == "独居老人需要过冬棉被"
        assert need.events.count() == 1

    def test_a_coordinator_submits_but_cannot_approve_and_the_lead_approves(self, client, world):
        consent_to_story(world)
        need = quilts(world)
        sign_in(client, world, "coordinator_a")
        response = client.post(reverse("staff:need_submit", kwargs={"need_id": need.pk}))
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.status == Need.Status.IN_REVIEW
        response = client.post(reverse("staff:need_approve", kwargs={"need_id": need.pk}), {"approve-comment": "好"})
        assert response.status_code == 403
        need.refresh_from_db()
        assert need.status == Need.Status.IN_REVIEW and need.published_at is None
        sign_in(client, world, "lead_a")
        response = client.post(reverse("staff:need_approve", kwargs={"need_id": need.pk}), {"approve-comment": "好"})
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.status == Need.Status.OPEN and need.published_at is not None


# --- A new need ------------------------------------------------------------------------------------


class NeedCreateViewTests:
    def test_a_coordinator_records_a_draft(self, client, world):
        sign_in(client, world, "coordinator_a")
        response = client.post(english("staff:need_create", station_id=world["a"].pk), create_data(world))
        need = Need.objects.get()
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("staff:need_detail", kwargs={"need_id": need.pk}))
        assert (need.status, need.household, need.quantity, need.unit) == (
            Need.Status.DRAFT,
            world["household"],
            5,
            "床",
        )
        assert need.private_notes == "老人左腿不便，送货请上楼"

    def test_the_household_can_be_preselected(self, client, world):
        sign_in(client, world, "coordinator_a")
        url = english("staff:need_create", station_id=world["a"].pk)
        body = client.get(f"{url}?household={world['household'].pk}").content.decode()
        assert f'value="{world["household"].reference}"' in body

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"quantity": "", "unit": "", "amount": "100"}, "A goods need says how many are needed."),
            ({"kind": Need.Kind.MONEY, "quantity": "", "unit": ""}, "Say how many are needed"),
            ({"household_reference": "HHNOSUCH1"}, "The station keeps no household with this reference."),
        ],
    )
    def test_bad_input_is_explained_and_kept(self, client, world, overrides, message):
        sign_in(client, world, "coordinator_a")
        data = create_data(world, title="给独居老人的棉被", **overrides)
        response = client.post(english("staff:need_create", station_id=world["a"].pk), data)
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body
        assert "给独居老人的棉被" in body
        assert "老人左腿不便，送货请上楼" in body
        assert not Need.objects.exists()


# --- Editing a draft -------------------------------------------------------------------------------


def edit_link(body: str) -> bool:
    return 'id="edit-link"' in body


class NeedEditViewTests:
    def test_the_form_is_filled_with_the_draft(self, client, world):
        need = quilts(world, private_notes="老人左腿不便，送货请上楼", urgency=Need.Urgency.HIGH)
        sign_in(client, world, "coordinator_a")
        response = client.get(english("staff:need_edit", need_id=need.pk))
        assert response.status_code == 200
        body = response.content.decode()
        for value in (
            'value="独居老人需要过冬棉被"',
            "鼓楼社区一位独居老人屋里潮冷",
            "老人左腿不便，送货请上楼",
            'name="quantity" value="5"',
            'value="床"',
            f'value="{world["household"].reference}"',
            f'<option value="{Need.Urgency.HIGH}" selected>',
            f'<option value="{world["users"]["coordinator_a"].pk}" selected>',
        ):
            assert value in body, value

    def test_a_coordinator_saves_and_the_history_says_what_changed(self, client, world):
        need = quilts(world)
        sign_in(client, world, "coordinator_a")
        data = create_data(
            world,
            public_description=need.public_description,
            private_notes="",
            urgency=str(need.urgency),
            title="独居老人需要两床厚棉被",
            quantity="2",
            tier=Need.Tier.JOINT,
        )
        response = client.post(english("staff:need_edit", need_id=need.pk), data)
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("staff:need_detail", kwargs={"need_id": need.pk}))
        need.refresh_from_db()
        assert (need.status, need.title, need.quantity, need.tier, need.due_on) == (
            Need.Status.DRAFT,
            "独居老人需要两床厚棉被",
            2,
            Need.Tier.JOINT,
            TODAY + timedelta(days=15),
        )
        body = client.get(english("staff:need_detail", need_id=need.pk)).content.decode()
        assert f"Need {need.reference} saved." in body
        assert "Edited: public title, quantity needed, tier, due on" in body

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"quantity": "", "unit": "", "amount": "100"}, "A goods need says how many are needed."),
            ({"quantity": "3", "unit": ""}, "Say what the quantity counts."),
            ({"household_reference": "HHNOSUCH1"}, "The station keeps no household with this reference."),
        ],
    )
    def test_bad_input_is_explained_kept_and_nothing_changes(self, client, world, overrides, message):
        need = quilts(world)
        sign_in(client, world, "coordinator_a")
        data = create_data(world, title="给独居老人的棉被", private_notes="三楼东户", **overrides)
        response = client.post(english("staff:need_edit", need_id=need.pk), data)
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body
        assert "给独居老人的棉被" in body and "三楼东户" in body
        need.refresh_from_db()
        assert (need.title, need.quantity, need.private_notes) == ("独居老人需要过冬棉被", 5, "")
        assert need.events.count() == 1

    @pytest.mark.parametrize(("status", "label"), [(Need.Status.IN_REVIEW, "in review"), (Need.Status.OPEN, "open")])
    def test_a_need_in_review_or_open_is_refused_and_nothing_changes(self, client, world, status, label):
        consent_to_story(world)
        need = need_submit(need=quilts(world), by=world["users"]["coordinator_a"])
        if status == Need.Status.OPEN:
            sign_in(client, world, "lead_a")
            client.post(english("staff:need_approve", need_id=need.pk), {"approve-comment": ""})
        sign_in(client, world, "coordinator_a")
        url = english("staff:need_edit", need_id=need.pk)
        message = f"Only a draft can be edited; this need is {label}."
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].endswith(reverse("staff:need_detail", kwargs={"need_id": need.pk}))
        body = client.get(response["Location"]).content.decode()
        assert message in body and not edit_link(body)
        response = client.post(url, create_data(world, title="发布后改的标题"))
        assert response.status_code == 400
        body = response.content.decode()
        assert message in body and "发布后改的标题" in body
        response = client.post(url, create_data(world, title="发布后改的标题", quantity="", amount=""))
        assert response.status_code == 400
        assert message in response.content.decode()
        need.refresh_from_db()
        assert (need.status, need.title) == (status, "独居老人需要过冬棉被")
        assert need.events.filter(from_status="draft", to_status="draft").count() == 0

    def test_the_link_shows_on_a_draft_to_its_editors_only(self, client, world):
        need = quilts(world)
        url = english("staff:need_detail", need_id=need.pk)
        for role in ("coordinator_a", "lead_a", "city_administrator"):
            sign_in(client, world, role)
            assert edit_link(client.get(url).content.decode()), role
        need_submit(need=need, by=world["users"]["coordinator_a"])
        for role in ("coordinator_a", "lead_a", "city_administrator"):
            sign_in(client, world, role)
            assert not edit_link(client.get(url).content.decode()), role

    def test_a_need_sent_back_shows_the_reviewers_words_and_is_edited(self, client, world):
        consent_to_story(world)
        need = need_submit(need=quilts(world), by=world["users"]["coordinator_a"])
        sign_in(client, world, "lead_a")
        client.post(english("staff:need_reject", need_id=need.pk), {"reject-comment": "请写明棉被的尺寸"})
        sign_in(client, world, "coordinator_a")
        assert edit_link(client.get(english("staff:need_detail", need_id=need.pk)).content.decode())
        body = client.get(english("staff:need_edit", need_id=need.pk)).content.decode()
        assert "请写明棉被的尺寸" in body
        data = create_data(world, public_description="屋里潮冷，需要两床1.5米厚棉被。")
        assert client.post(english("staff:need_edit", need_id=need.pk), data).status_code == 302
        assert client.post(english("staff:need_submit", need_id=need.pk)).status_code == 302
        need.refresh_from_db()
        assert (need.status, need.public_description) == (Need.Status.IN_REVIEW, "屋里潮冷，需要两床1.5米厚棉被。")


# --- Actions on a need's page ----------------------------------------------------------------------


class NeedActionViewTests:
    def test_a_phone_number_in_the_public_text_is_refused_and_shown_masked(self, client, world):
        need = quilts(world, public_description=f"请联系家属 {PHONE} 送货")
        sign_in(client, world, "coordinator_a")
        response = client.post(english("staff:need_submit", need_id=need.pk))
        assert response.status_code == 400
        body = response.content.decode()
        assert "The public text contains a phone number (138****5678)." in body
        assert "Remove it before the need is published." in body
        need.refresh_from_db()
        assert need.status == Need.Status.DRAFT

    def test_approving_without_consent_to_a_public_story_is_explained(self, client, world):
        need = need_submit(need=quilts(world), by=world["users"]["coordinator_a"])
        sign_in(client, world, "lead_a")
        response = client.post(english("staff:need_approve", need_id=need.pk), {"approve-comment": ""})
        assert response.status_code == 400
        assert "The household has not consented to a public story" in response.content.decode()
        need.refresh_from_db()
        assert need.status == Need.Status.IN_REVIEW

    def test_a_rejection_without_a_comment_is_explained(self, client, world):
        need = need_submit(need=quilts(world), by=world["users"]["coordinator_a"])
        sign_in(client, world, "lead_a")
        response = client.post(english("staff:need_reject", need_id=need.pk), {"reject-comment": " "})
        assert response.status_code == 400
        assert "Say what should change" in response.content.decode()
        need.refresh_from_db()
        assert need.status == Need.Status.IN_REVIEW

    def test_draft_to_closed_through_the_pages(self, client, world):
        consent_to_story(world)
        need = quilts(world)
        coordinator_steps = [
            ("staff:need_submit", {}, Need.Status.IN_REVIEW),
        ]
        sign_in(client, world, "coordinator_a")
        for action, data, status in coordinator_steps:
            assert client.post(english(action, need_id=need.pk), data).status_code == 302
            need.refresh_from_db()
            assert need.status == status
        sign_in(client, world, "lead_a")
        response = client.post(english("staff:need_approve", need_id=need.pk), {"approve-comment": "可以发布"})
        assert response.status_code == 302
        sign_in(client, world, "coordinator_a")
        steps = [
            ("staff:need_progress", {"progress-quantity": "3", "progress-amount": ""}, Need.Status.PARTLY_MET),
            ("staff:need_progress", {"progress-quantity": "2", "progress-amount": ""}, Need.Status.MET),
            ("staff:need_close", {"close-comment": "已送达"}, Need.Status.CLOSED),
        ]
        for action, data, status in steps:
            response = client.post(english(action, need_id=need.pk), data)
            assert response.status_code == 302, response.content.decode()[:2000]
            need.refresh_from_db()
            assert need.status == status
        page = client.get(english("staff:need_detail", need_id=need.pk), follow=True).content.decode()
        for text in ("可以发布", "已送达", "partly met", "closed"):
            assert text in page
        assert [(event.from_status, event.to_status) for event in need.events.all()] == [
            ("", "draft"),
            ("draft", "in_review"),
            ("in_review", "open"),
            ("open", "partly_met"),
            ("partly_met", "met"),
            ("met", "closed"),
        ]

    def test_progress_shows_what_remains(self, client, world):
        consent_to_story(world)
        need = quilts(world)
        sign_in(client, world, "coordinator_a")
        client.post(english("staff:need_submit", need_id=need.pk))
        sign_in(client, world, "lead_a")
        client.post(english("staff:need_approve", need_id=need.pk), {"approve-comment": ""})
        client.post(english("staff:need_progress", need_id=need.pk), {"progress-quantity": "2"})
        body = client.get(english("staff:need_detail", need_id=need.pk)).content.decode()
        assert "3 of 5 床 still needed" in body
        response = client.post(english("staff:need_progress", need_id=need.pk), {"progress-quantity": "0"})
        assert response.status_code == 400
        assert "Say how much of the need was met." in response.content.decode()

    def test_a_cancellation_needs_a_reason(self, client, world):
        need = quilts(world)
        sign_in(client, world, "coordinator_a")
        response = client.post(english("staff:need_cancel", need_id=need.pk), {"cancel-comment": ""})
        assert response.status_code == 400
        assert "Say why the need is cancelled." in response.content.decode()
        response = client.post(english("staff:need_cancel", need_id=need.pk), {"cancel-comment": "家属已解决"})
        assert response.status_code == 302
        need.refresh_from_db()
        assert need.status == Need.Status.CANCELLED


# --- Lists -----------------------------------------------------------------------------------------


class NeedListViewTests:
    def test_the_number_of_queries_does_not_grow_with_the_page(self, client, world):
        sign_in(client, world, "coordinator_a")
        url = reverse("staff:need_list")
        for _index in range(2):
            quilts(world)
        client.get(url)  # warm up the session and the caches
        with CaptureQueriesContext(connection) as two:
            response = client.get(url)
        assert len(NEED_LINK.findall(response.content.decode())) == 2
        for _index in range(18):
            quilts(world, household=None)
        with CaptureQueriesContext(connection) as twenty:
            response = client.get(url)
        assert len(NEED_LINK.findall(response.content.decode())) == 20
        assert len(twenty) == len(two), [query["sql"] for query in twenty.captured_queries]

    def test_status_filter_and_overdue_mark(self, client, world):
        late = quilts(world, title="过期的需求")
        Need.objects.filter(pk=late.pk).update(due_on=TODAY - timedelta(days=1))
        submitted = need_submit(need=quilts(world, title="待审核的需求"), by=world["users"]["coordinator_a"])
        sign_in(client, world, "coordinator_a")
        url = english("staff:need_list")
        body = client.get(url).content.decode()
        assert "过期的需求" in body and "待审核的需求" in body and "overdue" in body
        assert "5 of 5 床 still needed" in body
        body = client.get(url, {"status": Need.Status.IN_REVIEW}).content.decode()
        assert submitted.title in body and "过期的需求" not in body
        body = client.get(url, {"status": "nonsense"}).content.decode()
        assert "过期的需求" in body and "待审核的需求" in body

    def test_the_review_queue_is_for_moderators_oldest_first(self, client, world):
        first = need_submit(need=quilts(world, title="第一条"), by=world["users"]["coordinator_a"])
        second = need_submit(need=quilts(world, title="第二条"), by=world["users"]["coordinator_a"])
        quilts(world, title="草稿")
        sign_in(client, world, "lead_a")
        body = client.get(reverse("staff:need_review_queue")).content.decode()
        assert body.index(first.title) < body.index(second.title)
        assert "草稿" not in body
        sign_in(client, world, "coordinator_a")
        body = client.get(reverse("staff:need_review_queue")).content.decode()
        assert first.title not in body


class NeedReviewQueueQueryTests:
    """The queue's queries do not grow with the needs in review, nor with the stations they come from."""

    def in_review_at(self, station, *, count: int, title: str) -> list[Need]:
        coordinator = station.memberships.get(role=StationMembership.Role.COORDINATOR).user
        return [
            need_submit(
                need=need_create(
                    station=station,
                    kind=Need.Kind.GOODS,
                    category="winter_supplies",
                    title=f"{title}{index}",
                    public_description="屋里潮冷，需要厚棉被。",
                    quantity=2,
                    unit="床",
                    responsible=coordinator,
                    created_by=coordinator,
                ),
                by=coordinator,
            )
            for index in range(count)
        ]

    @pytest.mark.parametrize("role", ["city_administrator", "lead_a"])
    def test_two_needs_or_thirty_from_several_stations(self, client, world, role):
        sign_in(client, world, role)
        url = reverse("staff:need_review_queue")
        self.in_review_at(world["a"], count=2, title="鼓楼")
        client.get(url)  # warm up the session and the caches
        with CaptureQueriesContext(connection) as two:
            response = client.get(url)
        assert len(NEED_LINK.findall(response.content.decode())) == 2
        self.in_review_at(world["a"], count=4, title="鼓楼")
        self.in_review_at(world["b"], count=6, title="墨池")
        for index in range(3):
            station = StationFactory(name=f"新驿站{index}")
            station_member_create(station)
            self.in_review_at(station, count=6, title=f"新驿站{index}的")
        with CaptureQueriesContext(connection) as thirty:
            response = client.get(url)
        body = response.content.decode()
        # The city administrator decides at all five stations; the lead only at their own.
        assert len(NEED_LINK.findall(body)) == (30 if role == "city_administrator" else 6)
        assert ("墨池0" in body) == (role == "city_administrator")
        assert len(thirty) == len(two), [query["sql"] for query in thirty.captured_queries]
