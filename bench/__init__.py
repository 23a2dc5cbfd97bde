"""`make bench`: Dialog's hot paths at national scale, each next to a lower bound measured in the
same run on the same machine (issue 13). Figures, not assertions: tests never time anything.

    python -m bench [--sizes 100000 1000000] [--duration 10]

One run per size: a fresh PostgreSQL database and Redis DB, `seed_demo` timed against COPY of
the same rows, gunicorn (production settings plus two bench-only views) loaded by wrk, the live
GROUP BY the statistics replace, the deadline sweep against claim-and-write-back. One table is
printed and the figures written to bench/results/<UTC time>.json.
"""
