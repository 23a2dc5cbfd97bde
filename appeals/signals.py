"""Signals other apps may listen to (sent inside the service's transaction)."""

from django.dispatch import Signal

# Sent by `appeal_redirect` with `appeal` (now redirected) and `successor` (registered at the
# competent agency), so that whatever points at the appeal (a public blog question) can follow it.
appeal_redirected = Signal()

# Sent by `appeals.register.changes.register_changed`, inside the transaction that changed a
# published appeal, with `publication_id`, `appeal_id`, `kind` (a `RegisterChange` value) and
# `at`. Subscriptions write their deliveries (outbox rows) from a receiver, so they commit or roll
# back with the change itself.
register_change = Signal()
# Sent by the deadline sweep (`appeals.sweep.run_sweep`) before it claims appeals, with `now`, so
# that higher layers can register the obligations that have fallen due (a closed public
# consultation's response) in the same run. Receivers must be idempotent; the sweep sends it
# robustly (a failing receiver is logged and does not stop the sweep).
sweep_started = Signal()
