"""The API's schema: built once per language and served to everyone from there. A freshly started server asked by
many clients at once answers every one (the schema library's first builds, side by side, used to fail now and
then with a 500), and what it serves is what the library itself would build for the user, in their language and
the format they ask for."""

import json
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
import yaml
from django.conf import settings
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.test import APIRequestFactory, force_authenticate

from cadre.api import schema
from tests.users import make_user

ROOT = Path(__file__).resolve().parents[2]


def test_a_freshly_started_server_asked_for_the_schema_by_many_at_once_answers_every_one():
    """8 clients x 20 requests, half in Vietnamese and half in English, from the moment the process starts (in a
    child process: the library's first use happens once per process). Before: a few 500s in most runs, and 160
    builds of the schema."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    done = subprocess.run(
        [sys.executable, "-m", "tests.api.burst", "8", "20"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["statuses"] == {"200": 160}, done.stderr[-3000:]
    assert outcome["bodies"] == {"vi": 1, "en": 1}  # each language's clients all got the same schema
    assert outcome["builds"] == 2  # once per language


@pytest.fixture
def reader(client, db):
    user = make_user("api-reader")
    client.force_login(user)
    schema.forget()
    yield client, user
    schema.forget()


def library_schema(user, language: str) -> dict:
    """The schema drf-spectacular's own view builds for `user` on each request."""
    request = APIRequestFactory().get("/api/schema/", {"lang": language}, HTTP_ACCEPT="application/json")
    force_authenticate(request, user=user)
    response = SpectacularAPIView.as_view()(request)
    response.render()
    return json.loads(response.content)


def test_the_stored_schema_is_the_one_the_library_builds_in_each_language_and_format(reader):
    client, user = reader
    vietnamese = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert vietnamese.status_code == 200 and vietnamese["Content-Type"].startswith("application/json")
    assert vietnamese.json() == library_schema(user, "vi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert english.json() == library_schema(user, "en") != vietnamese.json()
    assert client.get("/api/schema/?lang=vi", HTTP_ACCEPT="application/json").json() == vietnamese.json()
    as_yaml = client.get("/api/schema/")  # the library's default format
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert yaml.safe_load(as_yaml.content) == english.json()
    assert "/api/officials/" in english.json()["paths"] and "/api/schema/" not in english.json()["paths"]
    # An unknown language or a version gives the same schema, and stores nothing new.
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    odd = client.get("/api/schema/?lang=xx&version=9", HTTP_ACCEPT="application/json")
    assert odd.json() == vietnamese.json()
    assert sorted(schema._schemas) == ["en", "vi"]


def test_the_schema_built_at_start_up_serves_every_request_without_building_again(reader):
    client, _ = reader
    schema.warm()
    with mock.patch.object(SchemaGenerator, "get_schema", side_effect=AssertionError("built again")):
        for language in ("vi", "en"):
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            assert client.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 200
            assert client.get("/api/schema/").status_code == 200


def test_the_schema_still_needs_a_signed_in_user(client, db):
    assert client.get("/api/schema/", HTTP_ACCEPT="application/json").status_code == 401
