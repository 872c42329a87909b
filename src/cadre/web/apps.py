from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cadre.web"
    label = "web"
