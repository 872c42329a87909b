"""The REST API: read-only endpoints over the registry and the administrative units, with an OpenAPI schema."""
