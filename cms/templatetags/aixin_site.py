"""Template tags of the public site: the main menu and the language switch."""

from django import template
from django.conf import settings
from django.urls import translate_url
from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu_pages(context) -> list[Page]:
    """Return the live pages under the home page of the request's site and language marked for menus."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    root = site.root_page.localized
    return list(root.get_children().live().public().in_menu().specific())


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Return, for each language, the address of this page in it and whether it is the current one."""
    request = context["request"]
    current = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    page = context.get("page")
    links = []
    for code, name in settings.LANGUAGES:
        url = None
        if isinstance(page, Page):
            translation = page.get_translations(inclusive=True).live().filter(locale__language_code=code).first()
            if translation is not None:
                url = translation.get_url(request)
        if url is None:
            url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "current": code == current})
    return links


@register.simple_tag(takes_context=True)
def footer_text(context, site_settings) -> str:
    """Return the site's footer text in the language of the request."""
    request = context.get("request")
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return site_settings.footer_text_for(language)
