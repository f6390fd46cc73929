"""Batch checks: many articles, many workers, one writer.

`sources.expand` turns folders, JSONL files of articles, URL lists and RSS/Atom feeds into `BatchItem`s;
`work.check_item` checks one item in any worker (a local process or a Ray actor) and returns the brief;
`run.run_batch` hands the items to a backend (`local` or `ray_backend`) and records each brief in the store
itself, the only writer. Each item's check id is derived from the batch id and the item's key, so a brief
is stored at most once however often its item is retried, and `--resume` skips what is stored (docs/scale.md).
"""
