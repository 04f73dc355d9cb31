"""The public home page: real counters, both languages, styled errors."""

import pytest

from accounts.models import RoleGrant
from accounts.services import role_grant
from stations.models import LoveStation
from tests.factories import StationFactory, UserFactory, region_tree

pytestmark = pytest.mark.django_db


def counter(response, label: str) -> int:
    for text, value in response.context["counters"]:
        if str(text) == label:
            return value
    raise AssertionError(f"no counter {label!r}")


class HomePageTests:
    def test_counters_are_live_queries(self, client):
        response = client.get("/en/")
        assert counter(response, "love stations") == 0
        assert counter(response, "volunteers") == 0

        regions = region_tree()
        StationFactory(region=regions["330302006044"])
        StationFactory(region=regions["330302006044"])
        StationFactory(region=regions["330302006045"])
        StationFactory(status=LoveStation.Status.PROPOSED)
        role_grant(user=UserFactory(), role=RoleGrant.Role.VOLUNTEER)
        role_grant(user=UserFactory(is_active=False), role=RoleGrant.Role.VOLUNTEER)

        response = client.get("/en/")
        assert counter(response, "needs met") == 0
        assert counter(response, "love stations") == 3
        assert counter(response, "townships and communities served") == 2
        assert counter(response, "volunteers") == 1

    def test_chinese_is_the_default_and_english_is_under_en(self, client):
        chinese = client.get("/").content.decode()
        english = client.get("/en/").content.decode()
        assert '<html lang="zh-hans">' in chinese
        assert "首页" in chinese
        assert '<html lang="en">' in english
        assert ">Home<" in english

    def test_404_is_styled_in_the_visitors_language(self, client):
        response = client.get("/en/no-such-page/")
        assert response.status_code == 404
        body = response.content.decode()
        assert "We could not find this page" in body
        assert 'class="site-header"' in body
        response = client.get("/no-such-page/")
        assert "404" in response.content.decode()

    def test_500_page_renders_without_a_request(self):
        from django.template.loader import render_to_string

        html = render_to_string("500.html")
        assert "出错了" in html
        assert "Something went wrong" in html

    def test_footer_speaks_the_readers_language(self, client):
        from wagtail.models import Site

        from cms.models import SiteSettings

        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.footer_text = "温州市民政局主办"
        site_settings.footer_text_en = "Run by the Wenzhou civil affairs bureau"
        site_settings.save()
        assert "温州市民政局主办" in client.get("/").content.decode()
        english = client.get("/en/").content.decode()
        assert "Run by the Wenzhou civil affairs bureau" in english
        assert "温州市民政局主办" not in english
