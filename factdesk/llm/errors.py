"""The LLM errors; backends catch `LLMError` to fall back to the offline path with a recorded reason."""

from __future__ import annotations

from factdesk.errors import FactdeskError


class LLMError(FactdeskError):
    """An LLM request failed for good (after retries), or its answer was unusable."""


class LLMHTTPError(LLMError):
    """The server refused the request (a 4xx other than 408/409/429): not retried."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
