"""Web evidence: search providers (SearxNG, Brave, Serper), an SSRF-safe page fetcher, page snapshots.

The retrievers that use it live in `factdesk/evidence/web.py` ("web", "kb+web"); configuration is
described in docs/web.md.
"""
