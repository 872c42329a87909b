from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (kept in the language cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an office PC set up in English
    would show English pages; the users work in Vietnamese, so only an explicit choice changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """The Content-Security-Policy and Permissions-Policy of every response (settings.CADRE_*_POLICY): scripts
    and styles only from Cadre's own static files, no plug-ins, no framing, no camera or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = (
            settings.CADRE_INLINE_STYLE_CONTENT_SECURITY_POLICY
            if request.path.startswith(settings.CADRE_INLINE_STYLE_PATHS)
            else settings.CADRE_CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", settings.CADRE_PERMISSIONS_POLICY)
        return response


def body_limit(max_bytes: int):
    """Mark a view (a function, or a class-based view's class) as accepting a request body of at most
    `max_bytes`, for `RequestBodyLimitMiddleware`: an upload larger than that is refused on its announced length,
    before any byte of it is read."""

    def mark(view):
        view.body_limit = max_bytes
        return view

    return mark


class RequestBodyLimitMiddleware:
    """Refuse a request whose announced body (Content-Length) is larger than its view accepts, with a 413 page in
    the user's language, before the body is read. Placed before CsrfViewMiddleware, whose check reads the form
    (and so the whole multipart upload, to temporary files) first. The limit is the view's (`body_limit`), else
    settings.CADRE_REQUEST_BODY_MAX_BYTES. A body sent without a length is not read by Django at all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = getattr(view_func, "body_limit", None)
        if limit is None:
            limit = getattr(getattr(view_func, "view_class", None), "body_limit", None)
        if limit is None:
            limit = settings.CADRE_REQUEST_BODY_MAX_BYTES
        announced = request.META.get("CONTENT_LENGTH") or "0"
        if announced.isdigit() and int(announced) <= limit:
            return None
        return too_large(request, limit)


def too_large(request, limit: int):
    """The 413 page: what was refused, the limit in MB, and the way back."""
    from .views import _way_back  # the error pages' own helper; views import no middleware

    context = {
        "title": _("The file is too large"),
        "limit": max(1, limit // 1048576),
        "back": _way_back(request),
    }
    return render(request, "413.html", context, status=413)
