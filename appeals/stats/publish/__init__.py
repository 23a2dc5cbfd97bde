"""The read-and-publish side of the statistics: filters, disclosure control, breakdowns, the
API, CSV, the page and its cache. It reads the rollups only through `appeals.stats.rollups.selectors`."""
