"""Django settings. Everything a deployment changes comes from the environment:

- CADRE_DATA_DIR: where the SQLite file, the secret key and demo files live (default ./var).
- DATABASE_URL: use this database (e.g. postgres://user@host:5432/name) instead of the embedded SQLite file.
- CADRE_DEBUG=1: Django's debug mode. CADRE_ALLOWED_HOSTS: comma-separated host names.
- CADRE_SECRET_KEY: the secret key; by default one is generated once and kept in the data directory.
- CADRE_LOG_LEVEL: the level of the log written to stderr (default WARNING).
- CADRE_HTTPS=1: the site is served over HTTPS: session and CSRF cookies are sent only over it.
- CADRE_LOGIN_MAX_FAILURES / CADRE_LOGIN_LOCK_MINUTES: failed sign-ins allowed per user name in a window of
  that many minutes before the name is locked for the rest of it (default 5 in 15).
- CADRE_TRUSTED_PROXIES: the reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For
  gives the client's address, which the sign-in limit counts by (default none: the header is ignored).
- CADRE_JOB_STALE_MINUTES: a plan run whose worker has not reported for this long is taken as dead and marked
  failed (default 30; a province's run reports every few seconds).
- CADRE_PARSE_MEMORY_MB / CADRE_PARSE_SECONDS: an imported workbook is read in a child process limited to this
  much address space and time (default 2048 MB and 300 s; a 100,000-official registry needs a few hundred MB
  and seconds): a file that takes the reader past them is refused, and the server goes on.
"""

import ipaddress
import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("CADRE_DATA_DIR", "var")).resolve()
STATIC_ROOT = DATA_DIR / "static"  # only `cadre manage collectstatic` fills it; WhiteNoise wants it to exist
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # and so makes the data directory on first use


def _trusted_proxies(text: str) -> list[str]:
    """The reverse proxies whose X-Forwarded-For names the client (addresses or networks, comma-separated)."""
    entries = [entry.strip() for entry in text.split(",") if entry.strip()]
    for entry in entries:
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ImproperlyConfigured(
                f"CADRE_TRUSTED_PROXIES: «{entry}» không phải địa chỉ IP hay dải địa chỉ / "
                f"is not an IP address or network (e.g. 127.0.0.1 or 10.0.0.0/24)."
            ) from None
    return entries


def _secret_key() -> str:
    if key := os.environ.get("CADRE_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("CADRE_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("CADRE_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "cadre.web",
    "cadre.accounts",
    "cadre.geo",
    "cadre.people",
    "cadre.rotation",
    "cadre.staffing",
    "cadre.workplans",
    "cadre.workflow",
    "cadre.dashboard",
]

# Long work (a plan run) is a background task: stored in the database, run by the worker that `cadre serve`
# starts beside the web server (or by `django-admin db_worker`).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cadre.web.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which reads the whole body: an upload larger than its page accepts is refused on
    # its announced length (413), unread (a view's `body_limit`, else CADRE_REQUEST_BODY_MAX_BYTES).
    "cadre.web.middleware.RequestBodyLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Row history (django-simple-history) records who made each change from the request's user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A one-time password (`cadre users create`) must be changed before any other page opens.
    "cadre.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cadre.web.middleware.SecurityHeadersMiddleware",
]

# The largest request body any page accepts (the registry's workbook import, 50 MB, with the form around it);
# a page that takes less says so with `cadre.web.middleware.body_limit`.
CADRE_REQUEST_BODY_MAX_BYTES = 51 * 1024 * 1024

ROOT_URLCONF = "cadre.urls"
WSGI_APPLICATION = "cadre.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    if url := os.environ.get("DATABASE_URL"):
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "cadre.sqlite3",
        # WAL lets the web server read while a background job writes; IMMEDIATE avoids lock upgrades failing.
        "OPTIONS": {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        },
    }


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "cadre.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
# Our own formats: dd/mm/yyyy in Vietnamese (Django's built-in Vietnamese formats spell dates out).
FORMAT_MODULE_PATH = ["cadre.formats"]

STATIC_URL = "static/"
# The intranet has no CDN: every asset is vendored and served by WhiteNoise straight from the package.
WHITENOISE_USE_FINDERS = True

DJANGO_TABLES2_TEMPLATE = "web/table.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "striped"}

REST_FRAMEWORK = {
    # Basic first, so a script without credentials gets 401 and a WWW-Authenticate header; pages' sessions work too.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.BasicAuthentication",
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "cadre.accounts.api.PasswordChanged",  # 403 until a one-time password is changed
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cadre.api.pagination.RegistryPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Cadre API",
    "DESCRIPTION": "Read access to the registry of cadres and civil servants and to the administrative units "
    "in force since 1 July 2025, and the work plans' tasks: create plans and tasks with the six clears, change a "
    "task's lead, deadline or result by decision, report progress, ask for and decide handbacks. Log in with the site's session, HTTP Basic, or a token (`Authorization: Token …`, "
    "from `cadre users token USERNAME`).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated", "cadre.accounts.api.PasswordChanged"],
    # The Swagger UI's files come from the sidecar package: the intranet has no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PositionKindEnum": "cadre.people.models.PositionKind",
        "UnitKindEnum": "cadre.geo.models.UnitKind",
    },
}

AUTHENTICATION_BACKENDS = ["cadre.accounts.backends.ThrottledModelBackend"]
CADRE_LOGIN_MAX_FAILURES = int(os.environ.get("CADRE_LOGIN_MAX_FAILURES", "5"))
CADRE_LOGIN_LOCK_MINUTES = int(os.environ.get("CADRE_LOGIN_LOCK_MINUTES", "15"))
CADRE_TRUSTED_PROXIES = _trusted_proxies(os.environ.get("CADRE_TRUSTED_PROXIES", ""))
CADRE_JOB_STALE_MINUTES = int(os.environ.get("CADRE_JOB_STALE_MINUTES", "30"))
CADRE_PARSE_MEMORY_MB = int(os.environ.get("CADRE_PARSE_MEMORY_MB", "2048"))
CADRE_PARSE_SECONDS = int(os.environ.get("CADRE_PARSE_SECONDS", "300"))

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A filter left empty reads "All" ("Tất cả"), not django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")
# A refused form (an expired or missing CSRF token) gets a page of the site, not Django's English one.
CSRF_FAILURE_VIEW = "cadre.web.views.csrf_failure"
SESSION_COOKIE_AGE = 8 * 60 * 60  # a working day: a forgotten session on a shared office PC does not live on
# Behind HTTPS (any deployment but the local demo), cookies must never travel in clear.
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = os.environ.get("CADRE_HTTPS", "") == "1"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if os.environ.get("CADRE_HTTPS", "") == "1":
    # Behind a reverse proxy that ends TLS: it says so in X-Forwarded-Proto (docs/operations.md), and browsers
    # are told to come back over HTTPS only, for a year.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
# Every script and style is served by Cadre itself (vendored): a page may load nothing from elsewhere and run
# no inline script. Django's admin and the API's documentation (Swagger UI) write inline styles of their own,
# so their pages allow those alone (still no inline script).
CADRE_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
CADRE_INLINE_STYLE_PATHS = ("/admin/", "/api/docs/")
CADRE_INLINE_STYLE_CONTENT_SECURITY_POLICY = CADRE_CONTENT_SECURITY_POLICY.replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'"
)
CADRE_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("CADRE_LOG_LEVEL", "WARNING")},
}
