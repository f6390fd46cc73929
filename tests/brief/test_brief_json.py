from __future__ import annotations

import json

import jsonschema
import pytest

from factdesk.brief.jsonout import JsonRenderer, brief_json_schema, schema_path, schema_text
from factdesk.models import SCHEMA_VERSION, Brief


def test_committed_schema_is_generated_from_the_model() -> None:
    # fails when Brief changed without `python -m factdesk.brief.jsonout` (and a SCHEMA_VERSION bump)
    assert schema_path().read_text(encoding="utf-8") == schema_text()
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    assert schema == brief_json_schema()
    assert schema["$id"].endswith(SCHEMA_VERSION) and schema["x-schema-version"] == SCHEMA_VERSION
    jsonschema.Draft202012Validator.check_schema(schema)


def test_json_validates_and_round_trips(brief: Brief) -> None:
    text = JsonRenderer().render(brief)
    data = json.loads(text)
    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    parsed = Brief.model_validate_json(text)
    assert [r.explanation for r in parsed.results][0].startswith("Supported at 91%: the passage quoted")
    assert parsed.model_copy(update={"results": [r.model_copy(update={"explanation": None})
                                                 for r in parsed.results]}) == brief
    assert list(data)[:3] == ["schema_version", "check_id", "created_at"]  # declaration order
    assert data["results"][2]["claim"]["text"].count("<script>") == 1  # JSON carries the text as is


def test_schema_rejects_what_the_model_rejects(brief: Brief) -> None:
    validator = jsonschema.Draft202012Validator(json.loads(schema_path().read_text(encoding="utf-8")))
    data = json.loads(JsonRenderer().render(brief))
    data["results"][0]["verdict"]["label"] = "MAYBE"
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
    data = json.loads(JsonRenderer().render(brief))
    data["surprise"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(data)
