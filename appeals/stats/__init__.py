"""Public statistics: rollups kept by the appeal transactions, queries, the API and the page."""
