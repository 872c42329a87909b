import pytest

from cadre.geo.services import geography_counts, load_geography


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real geography once into the test database (SQLite or PostgreSQL)."""
    with django_db_blocker.unblock():
        load_geography()


@pytest.fixture
def geography(db):
    """The loaded units. A browser test's flush empties the tables, so reload when they are gone."""
    if geography_counts()["communes"] == 0:
        load_geography()


def pytest_collection_modifyitems(items):
    # Browser tests need a transactional database, which is flushed after each one: run them last.
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Cached figures (`staffing.versions`) are keyed on the registry's version, which a rolled-back test can
    hand on to the next (SQLite reuses the ids a rollback gave back): every test starts with an empty cache. A
    cache kept in the database is rolled back or flushed with it, and is left alone (clearing it would need
    the database in tests that have none)."""
    from django.core.cache import caches
    from django.core.cache.backends.locmem import LocMemCache

    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()
