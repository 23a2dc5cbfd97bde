"""The blogs in the officials' admin, a module per screen: `blogs` (opening a blog, the head's
profile), `posts` (posts and images), `moderation` (public questions and readers' reports) and
`trail` (the blogs' events). `base.BlogScopedAdmin` limits each to the blogs the official
moderates; forms validate through the services' validation-only twins; every change goes through
`blogs.services`. Loaded by Django's admin autodiscovery; nothing else imports this package."""

from blogs.admin import blogs, moderation, posts, trail

__all__ = ["blogs", "moderation", "posts", "trail"]
