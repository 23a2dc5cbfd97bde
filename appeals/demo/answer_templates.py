"""National answer templates for the demo, one text in each language, so the answer form has
something to start from (`seed_demo` writes them once; heads add their agencies' own)."""

from __future__ import annotations

from appeals.models import AnswerTemplate

# language -> (title, paragraphs)
NATIONAL_TEMPLATES = {
    "kk": (
        "Өтініш қаралды",
        (
            "Құрметті {citizen_name}!",
            "{registration_date} тіркелген {tracking_number} өтінішіңіз қаралды. [Шешімді жазыңыз.]",
            "Құрметпен, {today}",
        ),
    ),
    "ru": (
        "Обращение рассмотрено",
        (
            "Здравствуйте, {citizen_name}!",
            "Ваше обращение {tracking_number} от {registration_date} рассмотрено. [Опишите решение.]",
            "С уважением, {today}",  # noqa: RUF001 (Russian, not a Latin C)
        ),
    ),
    "en": (
        "Appeal considered",
        (
            "Dear {citizen_name},",
            "Your appeal {tracking_number} of {registration_date} has been considered. "
            "[Describe the decision.]",
            "Yours sincerely, {today}",
        ),
    ),
}


def ensure_national_templates() -> int:
    """Create the demo's national templates unless there are national templates already."""
    if AnswerTemplate.objects.filter(agency__isnull=True).exists():
        return 0
    AnswerTemplate.objects.bulk_create(
        AnswerTemplate(agency=None, language=language, title=title, text="\n\n".join(paragraphs))
        for language, (title, paragraphs) in NATIONAL_TEMPLATES.items()
    )
    return len(NATIONAL_TEMPLATES)
