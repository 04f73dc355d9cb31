from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from cms.models import need_public_url_in_default_locale
        from cms.permissions_setup import on_post_migrate
        from stations.public_links import register_need_url_resolver

        register_need_url_resolver(need_public_url_in_default_locale)

        # Permissions exist only after every app's post_migrate has created them; cms comes last.
        post_migrate.connect(on_post_migrate, sender=self, dispatch_uid="cms_city_administrators_group")
