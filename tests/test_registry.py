import pytest

from factdesk.errors import InputError, NotFoundError
from factdesk.registry import Registry


def test_register_create_and_argument_names() -> None:
    registry: Registry[object] = Registry("widget", "factdesk.models")  # any importable module as built-ins
    registry.register("plain")(lambda **options: ("plain", options))
    registry.register("dir")(lambda arg, **options: ("dir", arg, options))
    assert registry.create("plain", size=2) == ("plain", {"size": 2})
    assert registry.create("dir:/some/path", size=3) == ("dir", "/some/path", {"size": 3})
    assert registry.names() == ["dir", "plain"]
    assert registry.needs_argument("dir") and not registry.needs_argument("plain")
    with pytest.raises(InputError, match=r"widget 'dir' needs an argument: 'dir:\.\.\.'"):
        registry.create("dir")


def test_unknown_name_lists_the_known_ones() -> None:
    registry: Registry[object] = Registry("widget", "factdesk.models")
    registry.register("a")(lambda **_: 1)
    with pytest.raises(NotFoundError, match=r"unknown widget 'b' \(known: a\)"):
        registry.create("b")


def test_every_stage_registry_loads_its_builtins() -> None:
    from factdesk.brief.base import renderers
    from factdesk.claims.base import detectors, segmenters
    from factdesk.evidence.base import retrievers
    from factdesk.verify.base import verifiers

    assert {"minilm-xenc", "hf", "onnx"} <= set(verifiers.names())
    assert {"md", "json", "html", "claimreview"} <= set(renderers.names())
    assert "pysbd" in segmenters.names()
    assert "minilm-lr" in detectors.names()
    assert "hybrid" in retrievers.names()


def test_backends_looked_up_from_many_threads_at_once_all_resolve(tmp_path, monkeypatch) -> None:  # noqa: ANN001
    """Web search looks providers up from a thread pool: no thread may see a half-imported registry."""
    import threading

    import factdesk.registry
    from factdesk.registry import Registry

    registry: Registry[object] = Registry("thing", "slow_thing_builtins")
    monkeypatch.setattr(factdesk.registry, "_registry_under_test", registry, raising=False)
    (tmp_path / "slow_thing_builtins.py").write_text(
        "import time\nimport factdesk.registry\ntime.sleep(0.3)  # a slow import, as a real backend module's\n"
        "factdesk.registry._registry_under_test.register('only')(lambda **_: 'made')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found: list[list[str]] = []
    start = threading.Barrier(8)

    def look() -> None:
        start.wait()
        found.append(registry.names())

    threads = [threading.Thread(target=look) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [["only"]] * 8
