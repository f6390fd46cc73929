"""The JSON brief and its JSON Schema (factdesk/data/brief.schema.json), generated from `Brief`.

The committed schema must equal `brief_json_schema()` (a test checks it); after changing the model run
`python -m factdesk.brief.jsonout` to rewrite it, and bump `SCHEMA_VERSION` (docs/formats.md says how).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from factdesk.brief.explain import explain
from factdesk.models import SCHEMA_VERSION, Brief

SCHEMA_ID = f"urn:factdesk:schema:brief:{SCHEMA_VERSION}"


def brief_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a brief, as published in factdesk/data/brief.schema.json."""
    schema = Brief.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "x-schema-version": SCHEMA_VERSION,
        **schema,
        "description": "A factdesk fact-check brief (docs/formats.md). " + schema.get("description", ""),
    }


def schema_path() -> Path:
    return Path(str(resources.files("factdesk") / "data" / "brief.schema.json"))


def schema_text() -> str:
    return json.dumps(brief_json_schema(), indent=2, ensure_ascii=False) + "\n"


class JsonRenderer:
    name = "json"
    media_type = "application/json"

    def render(self, brief: Brief) -> str:
        # each result's `explanation` is the sentence the md and html briefs print (factdesk/brief/explain.py)
        results = [r.model_copy(update={"explanation": explain(r).text}) for r in brief.results]
        # pydantic dumps fields in declaration order, so the key order is stable across runs and versions
        return brief.model_copy(update={"results": results}).model_dump_json(indent=2)


if __name__ == "__main__":
    schema_path().write_text(schema_text(), encoding="utf-8")
    print(f"wrote {schema_path()}")
