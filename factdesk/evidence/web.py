"""Web evidence retrievers: "web" (search providers, pages fetched and ranked) and "kb+web" (both, fused).

    retriever = retrievers.create("kb+web", kb="demo")          # providers from web.json / environment
    retriever.retrieve(["The Eiffel Tower opened in 1889."], top_k=5, as_of=dt.date(2020, 1, 1))

For each claim the configured providers are asked, the pages found are fetched through the SSRF guard and
their main text split into sentences; the sentences are ranked for the claim like a knowledge base ranks
them (BM25 and MiniLM cosine, fused by reciprocal rank). `as_of` drops results and pages dated after the
day (undated ones are kept, as in a knowledge base). The snapshots of the pages seen are kept
(`pages_for`) so that `factdesk.api.check` can store them with the check.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

from factdesk.errors import FactdeskError
from factdesk.evidence.base import Retriever, languages_of, retrievers
from factdesk.models import Evidence, Passage
from factdesk.text import terms
from factdesk.web.base import SearchProvider, SearchResult, providers
from factdesk.web.config import WebConfig, load_config
from factdesk.web.fetch import FetchPolicy
from factdesk.web.pages import PageSnapshot, snapshot

if TYPE_CHECKING:
    from factdesk.nn import Embedder

CANDIDATES = 100  # sentences per claim kept by BM25 before the (slower) embedding ranker
RRF_K = 60
CACHE_PAGES = 512
CACHE_SECONDS = 3600.0  # a page seen in the last hour is not fetched again


def bm25_scores(query: str, texts: Sequence[str], k1: float = 1.2, b: float = 0.75) -> list[float]:
    """BM25 of `query` against the small set `texts` (the sentences of a few pages), in memory."""
    docs = [Counter(terms(t)) for t in texts]
    lengths = [sum(d.values()) for d in docs]
    avg = (sum(lengths) / len(docs)) if docs else 1.0
    query_terms = set(terms(query))
    df = {t: sum(1 for d in docs if t in d) for t in query_terms}
    n = len(docs)
    scores = []
    for doc, length in zip(docs, lengths, strict=True):
        score = 0.0
        for t in query_terms:
            if doc[t]:
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                score += idf * doc[t] * (k1 + 1) / (doc[t] + k1 * (1 - b + b * length / (avg or 1.0)))
        scores.append(score)
    return scores


def rrf(rankings: Sequence[Sequence[str]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion of rankings of ids: score = sum of 1 / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: -item[1])


def _embedding_text(passage: Passage) -> str:
    # as in the knowledge base: "It opened in 1889." only makes sense with its page title
    if passage.title and passage.title.lower() not in passage.text.lower():
        return f"{passage.title}. {passage.text}"
    return passage.text


def _dated_ok(date: dt.date | None, as_of: dt.date | None) -> bool:
    return as_of is None or date is None or date <= as_of


class WebRetriever:
    """Evidence from web search: see the module docstring."""

    def __init__(self, config: WebConfig | None = None, search: Sequence[SearchProvider] | None = None,
                 embedder: Embedder | None = None) -> None:
        self._config = config
        self._providers = list(search) if search is not None else None
        self._embedder = embedder
        self._pages: OrderedDict[str, tuple[float, PageSnapshot]] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def config(self) -> WebConfig:
        if self._config is None:
            self._config = load_config()
        return self._config

    @property
    def providers(self) -> list[SearchProvider]:
        if self._providers is None:
            names = self.config.configured()
            if not names:
                raise FactdeskError("no web search provider is configured: set FACTDESK_SEARXNG_URL, BRAVE_API_KEY "
                                    "or SERPER_API_KEY, or write web.json (see docs/web.md)")
            self._providers = [providers.create(name, config=self.config) for name in names]
        return self._providers

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            from factdesk.nn import Embedder  # the MiniLM encoder the knowledge bases use, loaded once per process

            self._embedder = Embedder()
        return self._embedder

    @property
    def name(self) -> str:
        return "retriever.web-bm25-minilm.v1[" + ",".join(p.name for p in self.providers) + "]"

    @property
    def policy(self) -> FetchPolicy:
        c = self.config
        return FetchPolicy(timeout_s=c.timeout_s, max_bytes=c.max_page_bytes, max_redirects=c.max_redirects,
                           allow=c.networks())

    def warm_up(self) -> None:
        _ = self.providers, self.embedder.model

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        queries = list(queries)
        if not queries:
            return []
        with ThreadPoolExecutor(self.config.workers) as pool:
            found = list(pool.map(self._search, queries))
            found = [[r for r in results if _dated_ok(r.date, as_of)] for results in found]
            unique = list({r.url: r for results in found for r in results}.values())
            pages = dict(zip([r.url for r in unique], pool.map(self._page, unique), strict=True))
        out = []
        for query, results in zip(queries, found, strict=True):
            passages: list[Passage] = []
            seen: set[str] = set()
            for result in results:
                page = pages[result.url]
                if not _dated_ok(page.date, as_of):  # the page itself may carry a later date than the search said
                    continue
                for passage in page.passages():
                    key = " ".join(passage.text.lower().split())
                    if key not in seen:  # a syndicated sentence counts once
                        seen.add(key)
                        passages.append(passage)
            out.append(self._rank(query, passages, top_k))
        return out

    def pages_for(self, urls: Sequence[str]) -> list[PageSnapshot]:
        """The snapshots of the pages recently seen at `urls` (final URLs), in the order given."""
        with self._lock:
            by_final = {page.final_url: page for _, page in self._pages.values()}
        return [by_final[url] for url in dict.fromkeys(urls) if url in by_final]

    def _search(self, query: str) -> list[SearchResult]:
        results: list[SearchResult] = []
        for provider in self.providers:
            results.extend(provider.search(query, self.config.results))
        return list({r.url: r for r in reversed(results)}.values())[::-1]  # one result per URL, first kept

    def _page(self, result: SearchResult) -> PageSnapshot:
        now = time.monotonic()
        with self._lock:
            cached = self._pages.get(result.url)
            if cached and now - cached[0] < CACHE_SECONDS:
                return cached[1]
        page = snapshot(result, self.policy)
        with self._lock:
            self._pages[result.url] = (now, page)
            self._pages.move_to_end(result.url)
            while len(self._pages) > CACHE_PAGES:
                self._pages.popitem(last=False)
        return page

    def _rank(self, query: str, passages: list[Passage], top_k: int) -> list[Evidence]:
        if not passages:
            return []
        lexical = bm25_scores(query, [f"{p.title or ''} {p.text}" for p in passages])
        order = sorted(range(len(passages)), key=lambda i: -lexical[i])[:CANDIDATES]
        candidates = [passages[i] for i in order]
        vectors = self.embedder.embed([query] + [_embedding_text(p) for p in candidates])
        cosine = vectors[1:] @ vectors[0]
        dense = [candidates[i].id for i in np.argsort(-cosine, kind="stable")]
        by_id = {p.id: p for p in candidates}
        matched = [passages[i].id for i in order if lexical[i] > 0]  # sentences sharing no word are not ranked
        fused = rrf([matched, dense])[:top_k]
        return [Evidence(passage=by_id[key], score=score, rank=rank)
                for rank, (key, score) in enumerate(fused, start=1)]


class CombinedRetriever:
    """Two retrievers' lists fused by reciprocal rank, per query ("kb+web": the knowledge base and the web)."""

    def __init__(self, first: Retriever, second: Retriever) -> None:
        self.parts = (first, second)

    @property
    def name(self) -> str:
        return "+".join(part.name for part in self.parts)

    @property
    def languages(self) -> frozenset[str]:
        return frozenset().union(*(languages_of(part) for part in self.parts))

    def warm_up(self) -> None:
        for part in self.parts:
            part.warm_up()

    def retrieve(self, queries: Sequence[str], top_k: int = 5, as_of: dt.date | None = None) -> list[list[Evidence]]:
        lists = [part.retrieve(queries, top_k, as_of) for part in self.parts]
        out = []
        for per_query in zip(*lists, strict=True):
            by_id = {e.passage.id: e.passage for ranked in per_query for e in ranked}
            fused = rrf([[e.passage.id for e in ranked] for ranked in per_query])[:top_k]
            out.append([Evidence(passage=by_id[key], score=score, rank=rank)
                        for rank, (key, score) in enumerate(fused, start=1)])
        return out

    def pages_for(self, urls: Sequence[str]) -> list[PageSnapshot]:
        return [page for part in self.parts if hasattr(part, "pages_for") for page in part.pages_for(urls)]


@retrievers.register("web")
def make_web(config: WebConfig | None = None, **_: object) -> WebRetriever:
    return WebRetriever(config)


@retrievers.register("kb+web")
def make_kb_web(kb: object = None, config: WebConfig | None = None, **_: object) -> CombinedRetriever:
    return CombinedRetriever(retrievers.create("hybrid", kb=kb), WebRetriever(config))
