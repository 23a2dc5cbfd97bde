# The production image: one image for web (gunicorn), worker, beat and the migrate job.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=portal.settings.production \
    DIALOG_VAR_DIR=/var/lib/dialog

# pg_dump/pg_restore for `manage.py backup` / `restore` (see OPERATIONS.md).
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Exactly the locked versions, every file checked against its hash; then the portal itself
# with nothing left to resolve.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY portal ./portal
COPY appeals ./appeals
COPY officials ./officials
COPY blogs ./blogs
COPY templates ./templates
COPY static ./static
COPY locale ./locale
COPY manage.py ./
RUN pip install --no-deps --no-build-isolation . \
    && python manage.py compile_translations \
    && SECRET_KEY=build-only-collectstatic-0123456789-0123456789-abcdefghij \
       DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379/0 EMAIL_URL=consolemail:// \
       PORTAL_BASE_URL=https://build.invalid \
       python manage.py collectstatic --no-input \
    && useradd --system --uid 10001 dialog \
    && mkdir -p /var/lib/dialog/media && chown -R dialog /var/lib/dialog
USER dialog
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
