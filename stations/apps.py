from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StationsConfig(AppConfig):
    name = "stations"
    verbose_name = _("Love stations")

    def ready(self) -> None:
        from accounts.roles import register_staff_role_check
        from stations.selectors import user_is_station_member

        register_staff_role_check(user_is_station_member)
