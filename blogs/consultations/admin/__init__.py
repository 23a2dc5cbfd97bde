"""Consultations in the officials' admin, a module per screen: `consultations` (the consultation,
publishing it, its response), `questions`, `files` and `comments` (moderation). `base` scopes each
screen to the official's agency (a superuser sees all); every change goes through
`blogs.consultations.services`. Loaded by Django's admin autodiscovery; nothing imports it."""

from blogs.consultations.admin import comments, consultations, files, questions

__all__ = ["comments", "consultations", "files", "questions"]
