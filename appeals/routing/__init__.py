"""Routing help: which body is competent for a citizen's problem, from the competence catalogue
(reference data) and from where similar appeals were finally answered. `suggest.agency_suggest`
is the one entry point; the API, the web page and the evaluation all call it."""
