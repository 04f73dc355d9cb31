from django.contrib import admin

from common.models import Region


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
