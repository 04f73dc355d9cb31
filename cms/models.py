"""Page types and site settings of the public site. Pages present; the domain apps own the data."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from leaflet import app_settings as leaflet_settings
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page

from cms.blocks import BodyStreamBlock, ImageBlock
from cms.need_presenters import region_places
from stations.models import HelpCategory, LoveStation, Need


class AixinImage(AbstractImage):
    """The site's image model, ours from the first migration so that it can grow fields (consent, source)."""

    admin_form_fields = Image.admin_form_fields

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class AixinRendition(AbstractRendition):
    image = models.ForeignKey(AixinImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class HomePage(Page):
    """The front page: what Aixin is, with live counts of the city's network."""

    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.StationDirectoryPage", "cms.NeedIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from accounts.selectors import volunteer_count
        from stations.selectors import need_count_met, station_community_count_active, station_count_active

        context = super().get_context(request, *args, **kwargs)
        context["counters"] = [
            (_("love stations"), station_count_active()),
            (_("townships and communities served"), station_community_count_active()),
            (_("volunteers"), volunteer_count()),
            (_("needs met"), need_count_met()),
        ]
        context.update(self._urgent_needs(request))
        return context

    URGENT_NEEDS_SHOWN = 3

    def _urgent_needs(self, request) -> dict:
        """The most urgent open needs, soonest due first, with the way to all of them."""
        from django.utils import timezone

        from cms.need_presenters import public_need
        from stations.public_selectors import need_list_public

        index = need_index_page_for(self.locale_id)
        if index is None:
            return {"urgent_needs": [], "needs_index_url": ""}
        today = timezone.localdate()
        needs = need_list_public(today=today)[: self.URGENT_NEEDS_SHOWN]
        index_url = index.get_url(request=request)
        return {
            "urgent_needs": [
                (public_need(need, today=today), index.need_url(need, index_url=index_url)) for need in needs
            ],
            "needs_index_url": index_url,
        }


class StandardPage(Page):
    """An about, how-to or story page built from blocks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


def _counties() -> list:
    """Return the city's counties for a filter, once each: several editions of the region tree may hold one."""
    from stations.selectors import county_list

    newest_first = county_list()  # ordered by code, then newest edition first
    return sorted({county.code: county for county in reversed(newest_first)}.values(), key=lambda c: c.code)


def _map_config() -> dict:
    """Return the tile layer and starting view of the public maps, from LEAFLET_CONFIG via django-leaflet."""
    _name, url, options = leaflet_settings["TILES"][0]
    options = options if isinstance(options, dict) else {"attribution": options}
    return {
        "tileUrl": url,
        "tileOptions": options,
        "center": list(leaflet_settings["DEFAULT_CENTER"] or (27.99, 120.70)),
        "zoom": leaflet_settings["DEFAULT_ZOOM"] or 9,
        "minZoom": leaflet_settings["MIN_ZOOM"],
        "maxZoom": leaflet_settings["MAX_ZOOM"],
        "attributionPrefix": leaflet_settings["ATTRIBUTION_PREFIX"],
        "labels": {"hours": gettext("Opening hours"), "showInList": gettext("Show in the list")},
    }


class StationDirectoryPage(Page):
    """The public directory of active love stations: a map, and a list filtered by county and township.

    The list is the content; the map is a picture of the same stations for those who can see it,
    drawn by static/js/station_map.js, and the page works without it (or without its tiles).
    """

    STATIONS_PER_PAGE = 30

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StationPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("station directory page")

    def get_context(self, request, *args, **kwargs):
        from cms.station_pages import station_page_urls
        from stations.public_selectors import station_list_public, township_list_with_stations

        context = super().get_context(request, *args, **kwargs)
        counties = _counties()
        # Unknown or malformed values are dropped, so a stale or edited link still shows a list.
        county_code = request.GET.get("county", "")
        if county_code not in {county.code for county in counties}:
            county_code = ""
        townships = list(township_list_with_stations(county_code)) if county_code else []
        township_code = request.GET.get("township", "")
        if township_code not in {township.code for township in townships}:
            township_code = ""

        # One query for every filtered station: the map shows them all, the list one page of them.
        stations = list(station_list_public(county_code=county_code, township_code=township_code))
        stations_page = Paginator(stations, self.STATIONS_PER_PAGE).get_page(request.GET.get("page"))
        entries = [{"station": station, **region_places(station.region)} for station in stations]
        listed = entries[stations_page.start_index() - 1 : stations_page.end_index()] if stations else []
        # One query for the public pages of the listed stations, whatever the number of stations.
        page_urls = station_page_urls(station_ids=[entry["station"].pk for entry in listed], locale_id=self.locale_id)
        for entry in listed:
            entry["page_url"] = page_urls.get(entry["station"].pk, "")
        filters = {key: value for key, value in (("county", county_code), ("township", township_code)) if value}

        context.update(
            counties=counties,
            townships=townships,
            selected_county=county_code,
            selected_township=township_code,
            filter_query=urlencode(filters),
            station_count=len(stations),
            stations_page=stations_page,
            station_entries=listed,
            map_stations=[
                {
                    "name": entry["station"].name,
                    "county": entry["county"],
                    "township": entry["township"],
                    "village": entry["village"],
                    "address": entry["station"].address,
                    "hours": entry["station"].opening_hours,
                    "lat": float(entry["station"].latitude),
                    "lng": float(entry["station"].longitude),
                    # The list item may sit on another page of the list: the link goes to its page.
                    "anchor": self._list_link(filters, index, entry["station"].pk),
                }
                for index, entry in enumerate(entries)
            ],
            map_config=_map_config(),
        )
        return context

    def _list_link(self, filters: dict[str, str], index: int, station_id: int) -> str:
        """Return the query and fragment that open the list page holding the station at ``index``."""
        query = urlencode({**filters, "page": index // self.STATIONS_PER_PAGE + 1})
        return f"?{query}#station-{station_id}"


class StationPage(Page):
    """A station's public page: its story and photos, with the station's live facts read from the station.

    Hours, phone and address are never copied into the page: they are read from the station record on
    every view, so the station's workbench stays the one place they change. Only an active station's
    page is shown to the public.
    """

    station = models.ForeignKey(
        LoveStation,
        verbose_name=_("station"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Each station has one page per language; its facts (hours, phone, address) come from here."),
    )
    intro = models.CharField(_("introduction"), max_length=300, blank=True)
    story = StreamField(BodyStreamBlock(), verbose_name=_("story"), blank=True)
    photos = StreamField(
        [("photo", ImageBlock())],
        verbose_name=_("photos"),
        blank=True,
        help_text=_(
            "Pictures of the station, its volunteers and its work. No faces or names of households "
            "without their written consent."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("station"),
        FieldPanel("intro"),
        FieldPanel("story"),
        FieldPanel("photos"),
    ]

    NEEDS_SHOWN = 6

    parent_page_types = ["cms.StationDirectoryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("station page")
        verbose_name_plural = _("station pages")

    def clean(self):
        super().clean()
        # The locale lives on Wagtail's page table, so a database constraint cannot hold it together
        # with the station; this check runs on every save (Page.save cleans), translations included.
        if self.station_id and self.locale_id:
            others = StationPage.objects.filter(station_id=self.station_id, locale_id=self.locale_id)
            if self.pk:
                others = others.exclude(pk=self.pk)
            if others.exists():
                raise ValidationError({"station": _("This station already has a page in this language.")})

    def get_context(self, request, *args, **kwargs):
        from cms.station_pages import station_get_public, station_get_with_places

        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):
            # Editors preview a page before the station opens; the public never reaches it.
            station = station_get_with_places(station_id=self.station_id)
        else:
            station = station_get_public(station_id=self.station_id)
        if station is None:
            raise Http404("No such station.")
        context.update(station=station, places=region_places(station.region), **self._needs_context(request, station))
        return context

    def _needs_context(self, request, station: LoveStation) -> dict:
        """The station's open needs, the most urgent first, and a link to all of them on the needs index."""
        from django.utils import timezone

        from cms.need_presenters import public_need
        from stations.public_selectors import need_list_public

        today = timezone.localdate()
        needs = list(need_list_public(today=today, station_id=station.pk)[: self.NEEDS_SHOWN + 1])
        index = need_index_page_for(self.locale_id)
        index_url = index.get_url(request=request) if index else ""
        return {
            "need_entries": [
                (public_need(need, today=today), index.need_url(need, index_url=index_url) if index else "")
                for need in needs[: self.NEEDS_SHOWN]
            ],
            "more_needs_url": (
                f"{index_url}?{urlencode({'station': station.pk})}" if index and len(needs) > self.NEEDS_SHOWN else ""
            ),
        }


def need_index_page_for(locale_id: int) -> "NeedIndexPage | None":
    """Return the live needs index in a locale, or None where the city has not made one."""
    return NeedIndexPage.objects.live().public().filter(locale_id=locale_id).select_related("locale").first()


def need_public_url_in_default_locale(need: Need) -> str:
    """Return the path of a need's public page in the default language, or "" without a needs index."""
    from wagtail.models import Locale

    index = need_index_page_for(Locale.get_default().pk)
    return index.need_url(need) if index else ""


class NeedIndexPage(RoutablePageMixin, Page):
    """The public list of open needs, filtered and searched, and each need's own page beneath it.

    Needs are not Wagtail pages: they are published by their own moderation (stations.need_services),
    and this page presents whatever is public at the moment of the request. A need that is met,
    closed, cancelled or expired, or whose household withdrew its consent, is gone from both.
    """

    NEEDS_PER_PAGE = 20

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("needs index page")

    def need_url(self, need: Need, request=None, *, index_url: str = "") -> str:
        """Return a need's address under this page; pass ``index_url`` when building many."""
        return (index_url or self.get_url(request=request)) + self.reverse_subpage("need_detail", args=[need.reference])

    @path("")
    def need_list(self, request):
        from django.utils import timezone

        from cms.need_presenters import public_need
        from cms.station_pages import station_get_public, station_page_urls
        from stations.public_selectors import need_list_public

        today = timezone.localdate()
        counties = _counties()
        # Unknown or malformed values are dropped, so an edited or stale link still shows a list.
        allowed = {
            "category": HelpCategory.values,
            "kind": Need.Kind.values,
            "county": {county.code for county in counties},
            "urgency": _URGENCY_VALUES,
        }
        chosen = {name: request.GET.get(name, "") for name in allowed}
        chosen = {name: value if value in allowed[name] else "" for name, value in chosen.items()}
        chosen.update(q=" ".join(request.GET.get("q", "").split())[:80], station="")
        station = None
        if request.GET.get("station", "").isdigit():
            station = station_get_public(station_id=int(request.GET["station"]))
            chosen["station"] = str(station.pk) if station else ""
        needs = need_list_public(
            today=today,
            category=chosen["category"],
            kind=chosen["kind"],
            county_code=chosen["county"],
            urgency=int(chosen["urgency"]) if chosen["urgency"] else None,
            search=chosen["q"],
            station_id=station.pk if station else None,
        )
        # Page through the ids alone, then load the page's needs with their places: sorting thousands of
        # needs is cheap, joining each of them to its station, household and three levels of places
        # before sorting is not (bench/needs_index.py measures both).
        needs_page = Paginator(needs.values_list("pk", flat=True), self.NEEDS_PER_PAGE).get_page(
            request.GET.get("page")
        )
        by_id = {need.pk: need for need in need_list_public(today=today).filter(pk__in=list(needs_page))}
        entries = [public_need(by_id[pk], today=today) for pk in needs_page if pk in by_id]
        filters = {key: value for key, value in chosen.items() if value}
        index_url = self.get_url(request=request)
        return self.render(
            request,
            context_overrides={
                "counties": counties,
                "categories": HelpCategory.choices,
                "kinds": Need.Kind.choices,
                "urgencies": Need.Urgency.choices,
                "chosen": chosen,
                "filtered": bool(filters),
                "filter_query": urlencode(filters),
                "needs_page": needs_page,
                "need_entries": [(entry, self.need_url(entry.need, index_url=index_url)) for entry in entries],
                "station": station,
                "station_page_url": (
                    station_page_urls(station_ids=[station.pk], locale_id=self.locale_id).get(station.pk, "")
                    if station
                    else ""
                ),
            },
        )

    @path("<str:reference>/", name="need_detail")
    def need_detail(self, request, reference: str):
        from django.utils import timezone

        from cms.need_presenters import public_need
        from cms.station_pages import station_page_urls
        from stations.public_selectors import need_get_public

        today = timezone.localdate()
        need = need_get_public(reference=reference, today=today)
        if need is None:
            raise Http404("No such need.")
        return self.render(
            request,
            template="cms/need_detail_page.html",
            context_overrides={
                "entry": public_need(need, today=today),
                "station": need.station,
                "station_page_url": station_page_urls(station_ids=[need.station_id], locale_id=self.locale_id).get(
                    need.station_id, ""
                ),
            },
        )


_URGENCY_VALUES = {str(value) for value in Need.Urgency.values}


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and footer text, edited by the city administrator in the CMS."""

    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=200, blank=True)
    footer_text = models.CharField(_("footer text"), max_length=300, blank=True)
    footer_text_en = models.CharField(
        _("footer text in English"), max_length=300, blank=True, help_text=_("Shown on the English pages.")
    )
    icp_number = models.CharField(
        _("ICP filing number"),
        max_length=60,
        blank=True,
        help_text=_("备案号, shown in the footer as Chinese law asks."),
    )

    panels = [
        FieldPanel("contact_phone"),
        FieldPanel("contact_email"),
        FieldPanel("contact_address"),
        FieldPanel("footer_text"),
        FieldPanel("footer_text_en"),
        FieldPanel("icp_number"),
    ]

    class Meta:
        verbose_name = _("site settings")

    def footer_text_for(self, language_code: str) -> str:
        """Return the footer text in the reader's language, falling back to the Chinese text."""
        if language_code == "en" and self.footer_text_en:
            return self.footer_text_en
        return self.footer_text
