"""The `factdesk` command. Sub-commands live one per module and are imported only when called,
so `factdesk --help` starts fast; expected failures print one `error:` line and exit with the
code documented in factdesk/errors.py."""

from __future__ import annotations

import importlib
import os
import sys

import click

from factdesk.errors import FactdeskError

#: command name -> (module, attribute, one-line help shown by --help without importing the module)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("factdesk.cli.check", "check", "Check an article (file, '-', or URL) and print its brief."),
    "batch": ("factdesk.cli.batch", "batch", "Check many articles (folders, JSONL, URLs, feeds) locally or on Ray."),
    "demo": ("factdesk.cli.demo", "demo", "Check the bundled sample article against the bundled demo KB."),
    "kb": ("factdesk.cli.kb", "kb", "Manage knowledge bases: add, list, search, stats."),
    "history": ("factdesk.cli.history", "history", "List recent checks from the store."),
    "show": ("factdesk.cli.history", "show", "Re-render a stored check in any format."),
    "eval": ("factdesk.cli.evaluate", "evaluate", "Measure a verifier or classifier on a benchmark file."),
    "train": ("factdesk.cli.train", "train", "Train the verifier or the check-worthiness model (needs torch)."),
    "settings": ("factdesk.cli.settings", "settings_cmd", "Show the settings and their environment variables."),
    "llm": ("factdesk.cli.llm", "llm", "Manage LLM endpoints (OpenAI-compatible servers): list, add, test."),
    "serve": ("factdesk.cli.serve", "serve", "Serve the REST API and the web desk; checks run in worker processes."),
    "worker": ("factdesk.cli.worker", "worker", "Run queued checks in a process of their own (beside serve)."),
    "watch": ("factdesk.cli.watch", "watch", "Watch RSS/Atom feeds and check each new article."),
    "tokens": ("factdesk.cli.tokens", "tokens", "Manage API tokens for factdesk serve: create, list, revoke."),
    "predictions": ("factdesk.cli.predictions", "predictions",
                    "The predictions ledger: list, show, resolve, review, score."),
    "listen": ("factdesk.cli.listen", "listen", "Speak a stored check's brief to a .wav/.ogg/.mp3 file (audio extra)."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[name]
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in sorted(COMMANDS)])


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factdesk")
def group() -> None:
    """factdesk: find the check-worthy claims of an article, retrieve evidence from your own knowledge
    base, judge each claim SUPPORTED / REFUTED / NOT ENOUGH INFO, and write a brief. Offline.

    \b
    Start with:  factdesk demo
    Then:        factdesk kb add mykb docs/   and   factdesk check article.html --kb mykb
    """


def cli() -> None:
    try:
        group.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except FactdeskError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo("error: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:  # an unexpected bug: one line, the traceback on request
        if os.environ.get("FACTDESK_DEBUG"):
            raise
        click.echo(f"error: internal error: {type(exc).__name__}: {exc} (set FACTDESK_DEBUG=1 for details)", err=True)
        sys.exit(70)


if __name__ == "__main__":
    cli()
