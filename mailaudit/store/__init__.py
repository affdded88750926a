"""SQLite audit store: every table (schema.py), the Store (store.py) and its named
queries (queries.py), the evidence log's tables by name (evidence.py), message rows
(records.py), full-text helpers (fulltext.py)."""
