"""Production settings plus the bench-only lower-bound views (bench/urls.py). Used only by
`make bench`; production never loads this module, so the views are never mounted there."""

from portal.settings.production import *

ROOT_URLCONF = "bench.urls"
