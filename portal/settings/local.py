"""Embedded defaults for a laptop: SQLite, the filesystem broker, e-mail to the console."""

from portal.settings.base import *  # noqa: F403

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = SECRET_KEY or "local-development-only-not-secret"  # noqa: S105
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
