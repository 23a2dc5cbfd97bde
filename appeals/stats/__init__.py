"""Public statistics. `rollups/` writes (contributions, incremental rollups, rebuild) and offers
the selectors; `publish/` reads through those selectors and publishes (API, CSV, page, cache,
disclosure control)."""
