from django.contrib import admin

from common.models import AccessLog, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "short_name", "level", "edition", "parent"]
    list_filter = ["level", "edition"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]

    def has_add_permission(self, request) -> bool:
        # The tree comes from the NBS files through `import_regions`, never by hand.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    """Read-only: the log is only ever added to, by the services that show private records."""

    list_display = ["at", "user_email", "action", "content_type", "object_id", "fields"]
    list_filter = ["action", "content_type"]
    search_fields = ["user_email", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
