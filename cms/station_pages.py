"""Station pages: the reads that shape their queries and the writes that create and publish them.

A station page presents a station; the station record (stations app) owns its facts. Coordinators
edit the story through the staff form (cms/views.py), which calls ``station_page_story_update``;
the city's editors work on the same pages in Wagtail's admin, translations included.
"""

import html
import re

from django.db import transaction
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext as _
from wagtail.models import Locale

from accounts.models import User
from cms.models import StationDirectoryPage, StationPage
from common.errors import ApplicationError
from common.privacy import pii_findings
from stations.models import LoveStation
from stations.selectors import household_member_names_for_station

PARAGRAPH_BLOCK = "paragraph"
_BLANK_LINES = re.compile(r"\n\s*\n")
_LINE_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_PARAGRAPH_END = re.compile(r"</p>\s*<p[^>]*>", re.IGNORECASE)


# --- Reads -----------------------------------------------------------------------------------------


def station_get_with_places(*, station_id: int) -> LoveStation | None:
    """Return the station with its region, township and county in one query, or None."""
    return (
        LoveStation.objects.select_related("region", "region__parent", "region__parent__parent")
        .filter(pk=station_id)
        .first()
    )


def station_get_public(*, station_id: int) -> LoveStation | None:
    """Return the station when the public may see it (active), with its places; otherwise None."""
    station = station_get_with_places(station_id=station_id)
    if station is None or station.status != LoveStation.Status.ACTIVE:
        return None
    return station


def station_page_get(*, station: LoveStation, locale_id: int | None = None) -> StationPage | None:
    """Return the station's page in a locale (the default, Chinese, one unless given), or None."""
    if locale_id is None:
        locale_id = Locale.get_default().pk
    return StationPage.objects.filter(station=station, locale_id=locale_id).first()


def station_page_urls(*, station_ids: list[int], locale_id: int, request=None) -> dict[str, str]:
    """Return the addresses of the live station pages of the given stations in a locale, by station id.

    One query whatever the number of stations (the locale comes along, as Wagtail's URLs need it).
    """
    if not station_ids:
        return {}
    pages = (
        StationPage.objects.live()
        .public()
        .filter(station_id__in=station_ids, locale_id=locale_id)
        .select_related("locale")
        .only("id", "url_path", "station_id", "locale__language_code")
    )
    return {page.station_id: page.get_url(request=request) for page in pages}


def story_as_text(page: StationPage | None) -> str:
    """Return the page's story paragraphs as plain text, paragraphs separated by a blank line."""
    if page is None:
        return ""
    paragraphs = []
    for block in page.story:
        if block.block_type != PARAGRAPH_BLOCK:
            continue
        source = _PARAGRAPH_END.sub("\n\n", block.value.source)
        source = _LINE_BREAK.sub("\n", source)
        text = html.unescape(strip_tags(source)).strip()
        if text:
            paragraphs.append(text)
    return "\n\n".join(paragraphs)


def story_paragraphs(text: str) -> list[str]:
    """Split plain text into paragraphs at blank lines; a single line break stays inside its paragraph."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [paragraph.strip() for paragraph in _BLANK_LINES.split(text) if paragraph.strip()]


def _paragraph_html(paragraph: str) -> str:
    lines = [escape(line.strip()) for line in paragraph.split("\n")]
    return "<p>" + "<br/>".join(line for line in lines if line) + "</p>"


def _story_with_paragraphs(page: StationPage, paragraphs: list[str]) -> list[dict]:
    """Return the page's story as raw blocks with its paragraphs replaced by ``paragraphs``.

    Headings, pictures and quotes that the city's editors added in the CMS are kept in their order;
    the new paragraphs stand where the first paragraph stood (at the end when there was none).
    """
    new_blocks = [{"type": PARAGRAPH_BLOCK, "value": _paragraph_html(paragraph)} for paragraph in paragraphs]
    kept: list[dict] = []
    inserted = False
    for block in page.story.raw_data:
        if block["type"] == PARAGRAPH_BLOCK:
            if not inserted:
                kept.extend(new_blocks)
                inserted = True
            continue
        kept.append({key: value for key, value in block.items() if key in ("type", "value", "id")})
    if not inserted:
        kept.extend(new_blocks)
    return kept


# --- Writes ----------------------------------------------------------------------------------------


def story_pii_check(*, texts: list[str], names: list[str] | tuple[str, ...] = ()) -> None:
    """Raise ApplicationError naming what was found when a public text holds a phone, an identity number or a name.

    ``names`` are those of the station's household members: a station's story must not name them.
    """
    findings = [finding for text in texts for finding in pii_findings(text, names=names)]
    if not findings:
        return
    kinds = {finding.kind for finding in findings}
    excerpts = ", ".join(finding.masked for finding in findings)
    if "name" in kinds:
        message = _(
            "The text names a member of a household the station helps (%(found)s). Remove the name: "
            "households are never named on a public page."
        )
    elif "id_number" in kinds:
        message = _(
            "The text contains an identity number or a phone number (%(found)s). Remove it: the public "
            "page never shows them, and the station's own phone is shown from the station record."
        )
    else:
        message = _(
            "The text contains a phone number (%(found)s). Remove it: the station's own phone is shown "
            "from the station record, and nobody else's belongs on a public page."
        )
    raise ApplicationError(message % {"found": excerpts}, extra={"findings": findings})


def _directory_for_locale(locale_id: int) -> StationDirectoryPage:
    directory = StationDirectoryPage.objects.filter(locale_id=locale_id).order_by("path").first()
    if directory is None:
        raise ApplicationError(
            _("The public site has no station directory page yet: ask the city administrator to create it.")
        )
    return directory


@transaction.atomic
def station_page_ensure(*, station: LoveStation, user: User | None = None) -> tuple[StationPage, bool]:
    """Return the station's page in the default (Chinese) language, creating it as a draft when missing.

    The station row is locked first, so two people saving at once cannot create two pages.
    Returns the page and whether it was created.
    """
    station = LoveStation.objects.select_for_update().get(pk=station.pk)
    locale = Locale.get_default()
    page = station_page_get(station=station, locale_id=locale.pk)
    if page is not None:
        return page, False
    directory = _directory_for_locale(locale.pk)
    page = StationPage(
        title=station.name,
        slug=f"station-{station.pk}",
        station=station,
        locale=locale,
        live=False,
        owner=user,
    )
    directory.add_child(instance=page)
    return page, True


@transaction.atomic
def station_page_story_update(*, station: LoveStation, intro: str, story_text: str, user: User) -> StationPage:
    """Set the intro and the story paragraphs of the station's (Chinese) page, then publish a new revision.

    Creates the page under the directory when the station has none yet. Refuses (ApplicationError,
    nothing saved) while the text holds a phone number, an identity number or a household member's name.
    """
    paragraphs = story_paragraphs(story_text)
    story_pii_check(texts=[intro, *paragraphs], names=household_member_names_for_station(station=station))
    page, _created = station_page_ensure(station=station, user=user)
    page = StationPage.objects.select_for_update().get(pk=page.pk)
    page.intro = intro.strip()
    page.story = _story_with_paragraphs(page, paragraphs)
    revision = page.save_revision(user=user, log_action=True)
    # The station's membership, checked by the caller, is the permission here: coordinators have no
    # Wagtail page permissions, and the revision and the log still name them.
    revision.publish(user=user, skip_permission_checks=True)
    page.refresh_from_db()
    return page
