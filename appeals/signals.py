"""Signals other apps may listen to (sent inside the service's transaction)."""

from django.dispatch import Signal

# Sent by `appeal_redirect` with `appeal` (now redirected) and `successor` (registered at the
# competent agency), so that whatever points at the appeal (a public blog question) can follow it.
appeal_redirected = Signal()
