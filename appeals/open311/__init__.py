"""Open311 GeoReport v2 at /open311/v2/: the public register and the services (appeal types per
agency) for Open311 clients and FixMyStreet-style tools, and filing an appeal with a citizen's
API token as `api_key`. The same services and selectors as the rest of the portal; only the
formats (XML and JSON as the specification shows them) and the error documents are its own."""
