"""The CMS permissions of the city administrators' group, kept in step after every migrate."""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def _collection_permissions() -> list[Permission]:
    """Add, change and choose images and documents.

    Wagtail checks these against its own Image and Document models even when a custom image
    model is in use, so the permissions are wagtailimages' and wagtaildocs'.
    """
    permissions = []
    for app_label, model_name in (("wagtailimages", "image"), ("wagtaildocs", "document")):
        codenames = [f"{action}_{model_name}" for action in ("add", "change", "choose")]
        found = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
        if len(found) != len(codenames):
            raise LookupError(f"missing CMS permissions of {app_label}: expected {codenames}")
        permissions += found
    return permissions


def city_administrators_group_ensure() -> Group:
    """Give the group access to the CMS, every site's pages, images, documents and site settings."""
    group, _created = Group.objects.get_or_create(name=settings.AIXIN_CITY_ADMINISTRATORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        Permission.objects.get(content_type__app_label="cms", codename="change_sitesettings"),
    )
    for root in Page.objects.filter(depth=2):
        for codename in PAGE_PERMISSIONS:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for permission in _collection_permissions():
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
    return group


def on_post_migrate(sender, **kwargs) -> None:
    city_administrators_group_ensure()
