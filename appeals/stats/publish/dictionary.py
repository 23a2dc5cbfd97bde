"""The data dictionary (every column of every statistics table: its definition and its unit) and
the open-data licence note, in the reader's language.

One source for the zip download (`data-dictionary.csv`, `LICENCE.txt`) and the page
`/<lang>/stats/data/`, so a journalist reads the same definitions wherever they find them.
Column names stay English: they are the CSV headers and the JSON keys."""

from __future__ import annotations

import io

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from portal.csvsafe import SafeCSVWriter

LICENCE_NAME = "Creative Commons Attribution 4.0 International (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"

TEXT = _("text")
APPEALS = _("appeals")
RATIO = _("ratio 0 to 1")

# (column, definition, unit): every column of every table, in the order of the CSV headers.
COLUMNS: tuple[tuple[str, Promise, Promise], ...] = (
    ("agency_slug", _("Stable identifier of the agency responsible now."), TEXT),
    ("agency_name", _("Name of the agency, in the language of the download."), TEXT),
    ("region_code", _("Region the matter concerns, ISO 3166-2:KZ code."), TEXT),
    ("region_name", _("Name of the region, in the language of the download."), TEXT),
    (
        "appeal_type",
        _("Type of appeal: application, report, complaint, proposal, feedback, inquiry."),
        TEXT,
    ),
    ("month", _("Month of registration (Astana time)."), _("YYYY-MM")),
    (
        "suppressed",
        _("true when the group is about fewer than 5 appeals: its figures are withheld."),
        _("true or false"),
    ),
    ("received", _("Appeals registered in the period, withdrawn ones excluded."), APPEALS),
    ("answered", _("Of those, appeals with an answer."), APPEALS),
    (
        "answered_on_time",
        _("Answered no later than the due date (the extended one where extended)."),
        APPEALS,
    ),
    ("overdue", _("Answered late, plus unanswered ones the deadline sweep has marked overdue."), APPEALS),
    ("open", _("Neither answered nor rejected."), APPEALS),
    ("escalated", _("Passed up for control: reached escalation level 1 or higher."), APPEALS),
    ("redirected", _("Passed on by this agency to the competent agency."), APPEALS),
    ("response_rate", _("answered / received; empty when received is 0."), RATIO),
    ("response_rate_ci_low", _("Lower end of the 95 % Wilson interval of response_rate."), RATIO),
    ("response_rate_ci_high", _("Upper end of the 95 % Wilson interval of response_rate."), RATIO),
    ("on_time_rate", _("answered_on_time / received; empty when received is 0."), RATIO),
    ("on_time_rate_ci_low", _("Lower end of the 95 % Wilson interval of on_time_rate."), RATIO),
    ("on_time_rate_ci_high", _("Upper end of the 95 % Wilson interval of on_time_rate."), RATIO),
    ("not_yet_due", _("Open appeals still within their term."), APPEALS),
    (
        "on_time_rate_of_due",
        _(
            "answered_on_time / (received - not_yet_due): the on-time rate of appeals already due "
            "or settled; use it for periods still in progress."
        ),
        RATIO,
    ),
    (
        "on_time_rate_of_due_ci_low",
        _("Lower end of the 95 % Wilson interval of on_time_rate_of_due."),
        RATIO,
    ),
    (
        "on_time_rate_of_due_ci_high",
        _("Upper end of the 95 % Wilson interval of on_time_rate_of_due."),
        RATIO,
    ),
    (
        "median_response_days",
        _("Median working days from registration to answer; empty under 5 answers."),
        _("working days"),
    ),
    (
        "satisfaction_mean",
        _("Mean citizen rating of the answers; empty under 5 ratings."),
        _("rating 1 to 5"),
    ),
    ("satisfaction_count", _("Number of ratings; empty under 5 ratings."), _("ratings")),
)

LICENCE_PARAGRAPHS: tuple[Promise, ...] = (
    _("Dialog statistics: open data"),
    _(
        "The figures are published under the Creative Commons Attribution 4.0 International "
        "licence (CC BY 4.0): %(url)s"
    ),
    _(
        "You may copy, redistribute, remix, transform and build upon them for any purpose, even "
        "commercially, provided you credit the source (“Source: Dialog public statistics”), link "
        "to the licence and say if you made changes."
    ),
    _(
        "How the figures are protected: groups of fewer than 5 appeals are withheld "
        "(“suppressed”: true) and small counts are moved by at most one appeal, always the same "
        "way, so that no citizen can be singled out; every table is computed from one protected "
        "table, so the tables add up. The README section “How figures are protected” describes "
        "the method and what it costs in accuracy."
    ),
)


def dictionary_rows(language: str) -> list[tuple[str, str, str]]:
    with override(language):
        return [(column, str(definition), str(unit)) for column, definition, unit in COLUMNS]


def licence_paragraphs(language: str) -> list[str]:
    with override(language):
        return [str(paragraph) % {"url": LICENCE_URL} for paragraph in LICENCE_PARAGRAPHS]


def data_dictionary_csv(language: str) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = SafeCSVWriter(out, lineterminator="\r\n")
    writer.writerow(["column", "definition", "unit"])
    for entry in dictionary_rows(language):
        writer.writerow(entry)
    return out.getvalue()


def licence_text(language: str) -> str:
    return "\n\n".join(licence_paragraphs(language)) + "\n"
