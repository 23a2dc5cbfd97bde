"""A real OpenID Connect provider for the eID tests: django-oauth-toolkit in OIDC mode, run as
its own process (`runserver`) with its own settings, database and RS256 key, so the portal talks
to it over HTTP exactly as it would to the national identity provider."""
