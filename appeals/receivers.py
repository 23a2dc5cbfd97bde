"""Signal handlers (wired in AppealsConfig.ready). Signals only decouple; no business rules."""
