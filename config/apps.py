from django.contrib.admin.apps import AdminConfig


class TakeoffAdminConfig(AdminConfig):
    default_site = "config.admin.TakeoffAdminSite"
