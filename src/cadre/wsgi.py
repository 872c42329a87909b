import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cadre.settings")
application = get_wsgi_application()

# The API's schema is built now, once, rather than by the first requests at the same moment (cadre.api.schema).
from cadre.api.schema import warm  # noqa: E402

warm()
