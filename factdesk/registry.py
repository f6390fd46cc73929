"""A registry of named backends for one pipeline stage.

Built-ins register exactly as a third-party plugin would::

    from factdesk.verify.base import verifiers

    @verifiers.register("my-verifier")
    def make(**options) -> Verifier: ...

A name may carry an argument after a colon (``hf:/path/to/model``): the factory registered under
the prefix (``hf``) receives it as ``arg``.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from factdesk.errors import InputError, NotFoundError

T = TypeVar("T")
Factory = Callable[..., T]


class Registry(Generic[T]):
    def __init__(self, stage: str, builtins: str) -> None:
        self.stage = stage
        self._builtins = builtins  # module imported on first lookup, so registering costs no start-up time
        self._factories: dict[str, Factory] = {}
        self._loaded = False
        # stages look backends up from worker threads (web search runs providers in a pool): a second thread
        # must wait for the builtins import, not see a half-filled registry ("unknown search provider")
        self._lock = threading.RLock()

    def register(self, name: str) -> Callable[[Factory], Factory]:
        def decorate(factory: Factory) -> Factory:
            self._factories[name] = factory
            return factory

        return decorate

    def _load(self) -> None:
        if self._loaded:
            return
        with self._lock:
            if not self._loaded:
                __import__(self._builtins)
                self._loaded = True

    def names(self) -> list[str]:
        self._load()
        return sorted(self._factories)

    def needs_argument(self, name: str) -> bool:
        """True for a factory that only makes sense with ``name:ARG`` (``llm:ID``, ``hf:PATH``)."""
        self._load()
        parameter = inspect.signature(self._factories[name]).parameters.get("arg")
        return parameter is not None and parameter.default is inspect.Parameter.empty

    def create(self, name: str, **options: object) -> T:
        self._load()
        prefix, _, arg = name.partition(":")
        if name in self._factories:
            if self.needs_argument(name):
                raise InputError(f"{self.stage} '{name}' needs an argument: '{name}:...' (see --help)")
            return self._factories[name](**options)
        if arg and prefix in self._factories:
            return self._factories[prefix](arg=arg, **options)
        raise NotFoundError(f"unknown {self.stage} '{name}' (known: {', '.join(self.names())})")
