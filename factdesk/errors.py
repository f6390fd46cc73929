"""The error catalogue: every expected failure is a `FactdeskError` with a documented exit code.

The CLI prints `error: <message>` on one line and exits with `exit_code`; no traceback.
Exit codes (also in the README):

| code | class | meaning |
| --- | --- | --- |
| 1 | FactdeskError | any other expected failure |
| 2 | UsageError (click) | bad option or argument |
| 3 | InputError | the input cannot be read or is not usable text |
| 4 | NotFoundError | unknown knowledge base, check id or model |
| 5 | FetchError | a URL could not be fetched or holds no HTML/text |
| 6 | StoreError | the database cannot be opened or written |
"""

from __future__ import annotations


class FactdeskError(Exception):
    exit_code = 1


class InputError(FactdeskError):
    exit_code = 3


class NotFoundError(FactdeskError):
    exit_code = 4


class FetchError(FactdeskError):
    exit_code = 5


class StoreError(FactdeskError):
    exit_code = 6
