"""Heads' blogs (posts, public questions) arrive with their own issue; no models yet."""
