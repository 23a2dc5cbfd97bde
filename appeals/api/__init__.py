"""Appeals over the REST API: the citizen's API (`citizen.py`)."""
