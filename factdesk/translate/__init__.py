"""The translation stage: sentences of a non-English article, and the evidence found for them, into English
(docs/japanese.md)."""
