"""The ingest stage: a file, stdin, a URL or raw text -> `Article`."""

from factdesk.ingest.load import load_article

__all__ = ["load_article"]
