"""`factdesk llm list|add|remove|test|calls`: the OpenAI-compatible endpoints in $FACTDESK_HOME/llm.json."""

from __future__ import annotations

import click

from factdesk.cli.options import db_option, json_option, print_json


@click.group()
def llm() -> None:
    """LLM endpoints: any OpenAI-compatible chat-completions server (Ollama, vLLM, llama.cpp, hosted APIs).

    \b
    Examples:
      factdesk llm add ollama --base-url http://localhost:11434/v1 --model llama3.1:8b
      factdesk llm add openai --base-url https://api.openai.com/v1 --model gpt-4o-mini --key-env OPENAI_API_KEY
      factdesk llm test ollama
      factdesk check article.md --llm ollama
    """


@llm.command("list")
@json_option
def list_cmd(as_json: bool) -> None:
    """List the configured endpoints."""
    from factdesk.llm.config import config_path, load

    endpoints = load()
    if as_json:
        print_json([e.model_dump() for e in endpoints])
        return
    if not endpoints:
        click.echo(f"no LLM endpoints in {config_path()}; add one with `factdesk llm add`")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("id", "base URL", "model", "key", "stages")
    for e in endpoints:
        key = "-" if not e.key_env else f"${e.key_env}" + ("" if _has_key(e.key_env) else " (unset)")
        table.add_row(e.id, e.base_url, e.model, key, ",".join(e.stages))
    Console().print(table)


def _has_key(name: str) -> bool:
    import os

    return bool(os.environ.get(name, "").strip())


@llm.command()
@click.argument("endpoint_id", metavar="ID")
@click.option("--base-url", required=True, help="the server's OpenAI-compatible base URL, e.g. http://localhost:11434/v1")
@click.option("--model", required=True, help="model name as the server knows it")
@click.option("--key-env", metavar="VAR", help="environment variable holding the API key (never the key itself)")
@click.option("--stage", "stages", multiple=True, type=click.Choice(["claims", "verify", "analysis", "translate"]),
              help="stages --llm hands to this endpoint (repeatable; default: all four; translate: docs/japanese.md)")
@click.option("--timeout", type=click.FloatRange(min=1), help="seconds per request (default 120)")
@click.option("--concurrency", type=click.IntRange(1, 64), help="requests in flight at once (default 4)")
@click.option("--json-mode", type=click.Choice(["auto", "json_schema", "json_object", "text"]),
              help="structured output: auto tries json_schema, then json_object, then plain text")
@click.option("--fallback", type=click.Choice(["offline", "nei"]),
              help="when the LLM fails: the offline backend (default) or NOT_ENOUGH_INFO")
def add(endpoint_id: str, base_url: str, model: str, key_env: str | None, stages: tuple[str, ...],
        timeout: float | None, concurrency: int | None, json_mode: str | None, fallback: str | None) -> None:
    """Add (or replace) endpoint ID."""
    from pydantic import ValidationError

    from factdesk.errors import InputError
    from factdesk.llm.config import Endpoint, upsert

    fields = {"id": endpoint_id, "base_url": base_url, "model": model, "key_env": key_env,
              "stages": list(stages) or None, "timeout_s": timeout, "concurrency": concurrency,
              "json_mode": json_mode, "fallback": fallback}
    try:
        endpoint = Endpoint.model_validate({k: v for k, v in fields.items() if v is not None})
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(f"{'.'.join(map(str, first['loc']))}: {first['msg']}") from None
    path = upsert(endpoint)
    click.echo(f"saved endpoint '{endpoint.id}' ({endpoint.model} at {endpoint.base_url}) in {path}")


@llm.command()
@click.argument("endpoint_id", metavar="ID")
def remove(endpoint_id: str) -> None:
    """Remove endpoint ID."""
    from factdesk.llm.config import remove as remove_endpoint

    remove_endpoint(endpoint_id)
    click.echo(f"removed endpoint '{endpoint_id}'")


@llm.command()
@click.argument("endpoint_id", metavar="ID")
@json_option
def test(endpoint_id: str, as_json: bool) -> None:
    """Send one small structured request to ID (bypassing the cache) and report how it went."""
    from factdesk.llm.probe import probe

    report = probe(endpoint_id)
    if as_json:
        print_json(report)
    else:
        click.echo(f"{endpoint_id}: ok · model {report['model']} · structured output: {report['json_mode']} · "
                   f"{report['latency_ms']:.0f} ms · tokens {report['prompt_tokens']}+{report['completion_tokens']}")
        click.echo(f"answer: {report['answer']}")


@llm.command()
@click.argument("check_id")
@json_option
@db_option
def calls(check_id: str, as_json: bool, db: str | None) -> None:
    """Show the LLM calls recorded with a stored check (prompts, tokens, latency)."""
    from factdesk.store import Store

    with Store(db) as store:
        full_id = store.get(check_id).check_id
        rows = store.llm_calls(full_id)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(f"check {full_id} made no LLM calls")
        return
    tokens = sum((r["prompt_tokens"] or 0) + (r["completion_tokens"] or 0) for r in rows)
    cached = sum(r["cached"] for r in rows)
    click.echo(f"check {full_id}: {len(rows)} LLM calls ({cached} from the cache), {tokens} tokens")
    for r in rows:
        status = "error: " + r["error"] if r["error"] else ("cached" if r["cached"] else f"{r['latency_ms']:.0f} ms")
        click.echo(f"  {r['position']:>3} {r['stage']:<9} {r['endpoint']}/{r['model']} "
                   f"{r['prompt_tokens'] or 0}+{r['completion_tokens'] or 0} tokens · {status}")
