"""Live sessions in the officials' admin: `sessions` (schedule, start, end) and `questions`
(moderate, merge, mask, answer live). Scoped to the official's agency (a superuser all); every
change goes through `blogs.live.services`; nothing is deleted. Loaded by Django's admin
autodiscovery; nothing else imports this package."""

from blogs.live.admin import questions, sessions

__all__ = ["questions", "sessions"]
