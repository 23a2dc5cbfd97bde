"""The public register: appeals whose citizens chose to publish them (`appeals.models.Publication`),
personal data masked, with the agency's answer and the timeline.

- `selectors`: every read (the web pages, the API, subscriptions and Open311 read the same ones);
- `changes`: `register_changed`, the one call every write makes when a published appeal changes;
- `search`: the full-text document and query (kk, ru, en).
Writes live in `appeals.services.publication`.
"""
