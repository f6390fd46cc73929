"""The on-disk BM25 index of a knowledge base (tantivy), keyed by passage row number.

SQLite is the source of truth: rows at or above the committed passage count are leftovers of an
add that failed after the index was written, and are ignored by searches and deleted by `truncate`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

import tantivy

from factdesk.lang.tokens import index_text

# query text is reduced to words so user input can never be read as query syntax (AND, quotes, colons)
_WORD = re.compile(r"\w+")
_UNDATED = 0  # undated passages sort before every date, so `day <= as_of` keeps them


def day_number(date: dt.date | None) -> int:
    return date.toordinal() if date else _UNDATED


class Bm25Index:
    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        builder = tantivy.SchemaBuilder()
        builder.add_unsigned_field("row", stored=True, indexed=True, fast=True)
        builder.add_unsigned_field("day", indexed=True, fast=True)
        builder.add_text_field("title", tokenizer_name="en_stem")
        builder.add_text_field("text", tokenizer_name="en_stem")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema, path=str(directory), reuse=True)
        self._rows_seen = 0  # committed passage count when the searcher was last reloaded

    def add(self, start_row: int, rows: Sequence[tuple[str, str, dt.date | None]]) -> None:
        """Index (title, text, date) rows numbered from `start_row`, first dropping any row >= start_row."""
        writer = self.index.writer(heap_size=50_000_000, num_threads=1)
        writer.delete_documents_by_query(self._rows_from(start_row))
        for offset, (title, text, date) in enumerate(rows):
            doc = tantivy.Document()
            doc.add_unsigned("row", start_row + offset)
            doc.add_unsigned("day", day_number(date))
            # Japanese is indexed as its words joined by spaces (factdesk/lang/tokens.py); English as it is
            doc.add_text("title", index_text(title))
            doc.add_text("text", index_text(text))
            writer.add_document(doc)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def _rows_from(self, start_row: int) -> tantivy.Query:
        return tantivy.Query.range_query(self.schema, "row", tantivy.FieldType.Unsigned, start_row, None)

    def search(self, query: str, limit: int, row_count: int, as_of: dt.date | None = None) -> list[tuple[int, float]]:
        """(row, BM25 score) best first, only committed rows, only passages dated on or before `as_of`."""
        words = [w.lower() for w in _WORD.findall(index_text(query))]
        if not words:
            return []
        text_query = self.index.parse_query(" ".join(dict.fromkeys(words)), ["title", "text"])
        filters = [(tantivy.Occur.Must, text_query)]
        if as_of is not None:
            up_to = tantivy.Query.range_query(self.schema, "day", tantivy.FieldType.Unsigned, None, day_number(as_of))
            filters.append((tantivy.Occur.Must, up_to))
        if row_count > self._rows_seen:  # another handle or process added passages since
            self.index.reload()
            self._rows_seen = row_count
        searcher = self.index.searcher()
        hits = searcher.search(tantivy.Query.boolean_query(filters), limit + 10).hits
        out: list[tuple[int, float]] = []
        for score, address in hits:
            row = searcher.doc(address)["row"][0]
            if row < row_count:
                out.append((int(row), float(score)))
        out.sort(key=lambda hit: (-hit[1], hit[0]))  # equal scores in row order, whatever the segment layout
        return out[:limit]
