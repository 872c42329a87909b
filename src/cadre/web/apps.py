from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "cadre.web"
    label = "web"

    def ready(self):
        from django.utils import translation

        from cadre.core.text import use_language_source

        # The core's Text cannot ask Django which language is active: tell it once, for every request and task.
        use_language_source(translation.get_language)
