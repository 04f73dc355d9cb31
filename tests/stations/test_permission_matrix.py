"""Each role × each staff URL → allowed, 403, 404 or sent to sign in.

Every staff user here has an authenticator app, so the two-factor policy does not hide the
answer (it has its own tests in tests/accounts/test_staff_two_factor.py).
"""

import pytest
from django.urls import reverse

from accounts.models import RoleGrant
from accounts.services import role_grant
from stations.models import LoveStation, StationMembership
from tests.factories import StationFactory, UserFactory, city_administrator_create, station_member_create, totp_enable

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "no_role", "volunteer", "coordinator_a", "lead_a", "coordinator_b", "city_administrator"]


@pytest.fixture
def world():
    station_a = StationFactory(name="鼓楼爱心驿站")
    station_b = StationFactory(name="墨池爱心驿站")
    proposed = StationFactory(name="新建爱心驿站", status=LoveStation.Status.PROPOSED)
    users = {
        "anonymous": None,
        "no_role": UserFactory(),
        "volunteer": UserFactory(),
        "coordinator_a": station_member_create(station_a),
        "lead_a": station_member_create(station_a, role=StationMembership.Role.LEAD),
        "coordinator_b": station_member_create(station_b),
        "city_administrator": city_administrator_create(),
    }
    role_grant(user=users["volunteer"], role=RoleGrant.Role.VOLUNTEER)
    for key in ("coordinator_a", "lead_a", "coordinator_b", "city_administrator"):
        totp_enable(users[key])
    return {"a": station_a, "b": station_b, "proposed": proposed, "users": users}


# (method, url name, kwargs builder) → expected status per role; "login" means sent to allauth's sign-in.
MATRIX = [
    (
        "get",
        "staff:index",
        lambda w: {},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 200,
            "lead_a": 200,
            "coordinator_b": 200,
            "city_administrator": 200,
        },
    ),
    (
        "get",
        "staff:station_workbench",
        lambda w: {"station_id": w["a"].pk},
        {
            "anonymous": 302,
            "no_role": 404,
            "volunteer": 404,
            "coordinator_a": 200,
            "lead_a": 200,
            "coordinator_b": 404,
            "city_administrator": 200,
        },
    ),
    (
        "get",
        "staff:station_members",
        lambda w: {"station_id": w["a"].pk},
        {
            "anonymous": 302,
            "no_role": 404,
            "volunteer": 404,
            "coordinator_a": 403,
            "lead_a": 200,
            "coordinator_b": 404,
            "city_administrator": 200,
        },
    ),
    (
        "post",
        "staff:station_member_remove",
        lambda w: {"station_id": w["a"].pk, "user_id": w["users"]["coordinator_a"].pk},
        {
            "anonymous": 302,
            "no_role": 404,
            "volunteer": 404,
            "coordinator_a": 403,
            "lead_a": 302,
            "coordinator_b": 404,
            "city_administrator": 302,
        },
    ),
    (
        "get",
        "staff:city_station_list",
        lambda w: {},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 200,
        },
    ),
    (
        "get",
        "staff:city_station_create",
        lambda w: {},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 200,
        },
    ),
    (
        "post",
        "staff:city_station_activate",
        lambda w: {"station_id": w["proposed"].pk},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 302,
        },
    ),
    (
        "post",
        "staff:city_station_close",
        lambda w: {"station_id": w["b"].pk},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 302,
        },
    ),
    (
        "get",
        "wagtailadmin_home",
        lambda w: {},
        {
            "anonymous": 302,
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 200,
        },
    ),
    (
        "get",
        "admin:index",
        lambda w: {},
        {
            "anonymous": "login",
            "no_role": 403,
            "volunteer": 403,
            "coordinator_a": 403,
            "lead_a": 403,
            "coordinator_b": 403,
            "city_administrator": 403,
        },
    ),
]

CASES = [
    pytest.param(method, name, kwargs, role, expected[role], id=f"{role}-{method}-{name}")
    for method, name, kwargs, expected in MATRIX
    for role in ROLES
]


class PermissionMatrixTests:
    @pytest.mark.parametrize(("method", "name", "kwargs", "role", "expected"), CASES)
    def test_role_on_url(self, client, world, method, name, kwargs, role, expected):
        user = world["users"][role]
        if user is not None:
            client.force_login(user)
        url = reverse(name, kwargs=kwargs(world))
        data = {"reason": "合并到邻近驿站"} if name == "staff:city_station_close" else {}
        # Django's admin answers through its own login view, which allauth guards: follow it.
        follow = name == "admin:index"
        response = getattr(client, method)(url, data, follow=follow)

        if expected == "login":
            assert response.redirect_chain[-1][0].startswith(reverse("account_login")), f"{role} {url}"
            return
        assert response.status_code == expected, f"{role} {method.upper()} {url}"
        if expected == 302 and role == "anonymous":
            assert response["Location"].startswith(reverse("account_login"))

    def test_coordinator_of_b_changes_nothing_at_a(self, client, world):
        client.force_login(world["users"]["coordinator_b"])
        outsider = UserFactory()
        response = client.post(
            reverse("staff:station_members", kwargs={"station_id": world["a"].pk}),
            {"email": outsider.email, "role": "coordinator"},
        )
        assert response.status_code == 404
        assert not StationMembership.objects.filter(user=outsider).exists()

    def test_refused_activation_leaves_the_station_proposed(self, client, world):
        client.force_login(world["users"]["lead_a"])
        client.post(reverse("staff:city_station_activate", kwargs={"station_id": world["proposed"].pk}))
        world["proposed"].refresh_from_db()
        assert world["proposed"].status == LoveStation.Status.PROPOSED

    def test_403_page_is_styled_and_translated(self, client, world):
        client.force_login(world["users"]["no_role"])
        response = client.get(reverse("staff:index"))
        assert response.status_code == 403
        assert "403" in response.content.decode()
        assert 'class="site-header"' in response.content.decode()
