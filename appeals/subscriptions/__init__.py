"""Following the public register by e-mail and by Atom feed (issue 17)."""
