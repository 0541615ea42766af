"""Django application of the web workspace."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "coopgraph.web"
    label = "coopgraph_web"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "coopgraph web workspace"
