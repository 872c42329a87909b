"""A freshly started server asked for the API's schema by many clients at once (run by test_schema.py in a child
process, since a schema library's first use happens once per process): `python -m tests.api.burst THREADS
REQUESTS` prints one JSON line with the answers' status codes, how many distinct bodies came back per language,
and how many times the schema was built. Tables are made straight from the models (no migrations), in memory."""

import collections
import json
import os
import sys
import threading


class NoMigrations(dict):
    def __contains__(self, app):
        return True

    def __getitem__(self, app):
        return None


def main(threads: int, requests: int) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    os.environ["DATABASE_URL"] = ""
    import django
    from django.conf import settings

    django.setup()
    settings.MIGRATION_MODULES = NoMigrations()
    settings.DATABASES["default"]["NAME"] = "file:burst?mode=memory&cache=shared"
    settings.DATABASES["default"]["OPTIONS"] = {"uri": True}
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from drf_spectacular.generators import SchemaGenerator

    connection.ensure_connection()  # keeps the in-memory database alive while the threads come and go
    call_command("migrate", run_syncdb=True, verbosity=0)
    user = get_user_model().objects.create_user("schema-reader", password="mat-khau-dai-123")
    builds = []
    build = SchemaGenerator.get_schema

    def counted(self, *args, **kwargs):
        builds.append(1)
        return build(self, *args, **kwargs)

    SchemaGenerator.get_schema = counted
    statuses, bodies = collections.Counter(), collections.defaultdict(set)
    start = threading.Barrier(threads)

    clients = []
    for i in range(threads):  # signed in one after another: SQLite takes one writer at a time
        client = Client(raise_request_exception=False)
        client.force_login(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = ("vi", "en")[i % 2]
        clients.append(client)

    def fetch(i: int) -> None:
        client, language = clients[i], ("vi", "en")[i % 2]
        start.wait(60)
        for _ in range(requests):
            response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
            statuses[response.status_code] += 1
            if response.status_code == 200:
                bodies[language].add(response.content)

    workers = [threading.Thread(target=fetch, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {
        "statuses": {str(k): v for k, v in statuses.items()},
        "bodies": {k: len(v) for k, v in bodies.items()},
        "builds": len(builds),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
