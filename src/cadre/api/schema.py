"""The API's OpenAPI schema, built once per language and served as stored bytes.

drf-spectacular builds the schema on every request, and its first builds are not safe to run side by side: each
of its extensions imports its target class on first use, and two threads doing that at once can fail
(`'NoneType' object has no attribute 'startswith'` in `_load_class`), which users saw as a rare 500 on
/api/schema/ under load. Built once, under a lock, there is nothing left to race: the web server builds it at
start-up (`warm`, from `cadre.wsgi`) and any build still missing (another language, a test) is made by the first
request that needs it while the others wait.

The schema is the same for every user (it documents every endpoint; each endpoint's own permissions decide what
a user gets from it), so it is built without a user; it differs by language (labels and descriptions come from
the translation catalogue), and is stored per language and per format (YAML or JSON, as the client asks).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpResponse
from django.utils import translation
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

_lock = threading.Lock()
_schemas: dict[str, dict] = {}  # language -> the schema document
_rendered: dict[tuple[str, str], bytes] = {}  # (language, media type) -> the document as served


def supported_language(code: str | None) -> str:
    """`code` as one of the site's languages (Vietnamese for anything else)."""
    try:
        return translation.get_supported_language_variant(code or settings.LANGUAGE_CODE)
    except LookupError:
        return settings.LANGUAGE_CODE


def schema_document(language: str) -> dict:
    """The schema in `language`, built the first time it is asked for (one build at a time)."""
    with _lock:
        if language not in _schemas:
            generator = spectacular_settings.DEFAULT_GENERATOR_CLASS()
            # A build's warnings are for developers (`cadre manage spectacular`), not the server's console.
            with translation.override(language), GENERATOR_STATS.silence():
                _schemas[language] = generator.get_schema(request=None, public=True)
        return _schemas[language]


def warm() -> None:
    """Build the schema in every language now (at the web server's start-up)."""
    for code, _name in settings.LANGUAGES:
        schema_document(code)


def forget() -> None:
    """Drop what was built (tests that change what the schema documents)."""
    with _lock:
        _schemas.clear()
        _rendered.clear()


class SchemaView(SpectacularAPIView):
    """drf-spectacular's schema view (its authentication, permissions and format negotiation), answering with the
    stored schema. `?lang=` picks the language like the library's own view; the API has no versions, so
    `?version=` changes nothing."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        language = supported_language(request.GET.get("lang") or translation.get_language())
        renderer, media_type = request.accepted_renderer, request.accepted_media_type
        key = (language, media_type)
        content = _rendered.get(key)
        if content is None:
            document = schema_document(language)
            with translation.override(language):
                content = renderer.render(document, media_type, self.get_renderer_context())
            _rendered[key] = content
        content_type = f"{media_type}; charset={renderer.charset}" if renderer.charset else media_type
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'inline; filename="{self._get_filename(request, None)}"'
        return response
