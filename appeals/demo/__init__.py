"""Demo data for `manage.py seed_demo`: the demo's people (`accounts`), a history written through
the real services (`through_services`), and the bulk writer for large histories (`bulk`)."""

from appeals.demo.accounts import DEMO_AGENCIES, DEMO_DOMAIN, DEMO_PASSWORD, DemoAccount, ensure_demo_accounts
from appeals.demo.bulk import seed_bulk
from appeals.demo.through_services import seed_demo

__all__ = [
    "DEMO_AGENCIES",
    "DEMO_DOMAIN",
    "DEMO_PASSWORD",
    "DemoAccount",
    "ensure_demo_accounts",
    "seed_bulk",
    "seed_demo",
]
