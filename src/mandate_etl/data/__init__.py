"""Reference data shipped with the package: catalogue, organizations, countries, header words."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_json(name: str) -> Any:
    """Return the parsed content of the data file `name` (e.g. "countries.json")."""
    return json.loads(resources.files(__package__).joinpath(name).read_text(encoding="utf-8"))
