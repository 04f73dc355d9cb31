"""Wagtail pages present; only the cms app defines page types (STYLE.md)."""

from django.apps import apps
from wagtail.models import Page

from cms.models import HomePage, StandardPage


class PageTypeTests:
    def test_only_cms_subclasses_page(self):
        outside = [
            model._meta.label
            for model in apps.get_models()
            if issubclass(model, Page) and model is not Page and model._meta.app_label != "cms"
        ]
        assert outside == []

    def test_page_tree_rules(self):
        assert HomePage.parent_page_types == ["wagtailcore.Page"]
        assert StandardPage.allowed_parent_page_models() == [HomePage, StandardPage]
