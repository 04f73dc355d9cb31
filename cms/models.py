"""Page types and site settings of the public site. Pages present; the domain apps own the data."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page

from cms.blocks import BodyStreamBlock


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
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from accounts.selectors import volunteer_count
        from stations.selectors import station_community_count_active, station_count_active

        context = super().get_context(request, *args, **kwargs)
        context["counters"] = [
            (_("love stations"), station_count_active()),
            (_("townships and communities served"), station_community_count_active()),
            (_("volunteers"), volunteer_count()),
        ]
        return context


class StandardPage(Page):
    """An about, how-to or story page built from blocks."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


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
